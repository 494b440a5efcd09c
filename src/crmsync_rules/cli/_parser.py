"""The command line's arguments: the parser, its help and its examples."""

from __future__ import annotations

import argparse
import textwrap
from typing import Final

from crmsync_rules import __version__
from crmsync_rules.planner._plan import PlanAction

from ._diff import add_diff_parser
from ._fetch import add_fetch_parser

__all__ = ["build_parser"]


_EXIT_2: Final = """\
  2  the input cannot be used at all: unreadable, not JSON, the wrong shape,
     an incomplete export without --allow-partial; or a usage error"""


def _inputs(*, sample: bool) -> str:
    """The input formats every command reads (*sample*: without an input,
    the command works on the bundled sample)."""
    none = "\n                     none given: the bundled sample" if sample else ""
    return f"""\
input formats:
  INPUT ...          files and folders of exports, in any shape the readers
                     recognise by content (API pages, CSV exports, snapshots,
                     NDJSON; docs/exports.md): a folder is read every level
                     down in sorted name order, hidden files and manifest.json
                     left out; standard error names what each file was
                     recognised as, and a file nothing recognises exits 2.
                     One INPUT alone may also be a snapshot JSON document
                     ({{"settings": ..., "hubspot": ..., "salesforce": ...}})
                     or NDJSON, one record a line (.ndjson, .jsonl, or
                     recognised by its first line);
                     - (standard input) reads it from a pipe{none}
  --settings FILE    the integration settings JSON (docs/settings.md), for
                     exports that do not hold them; with it, the APIs'
                     payloads may also be given one option each: HubSpot CRM
                     v3 list responses (--hubspot-contacts, --hubspot-companies,
                     --hubspot-deals, --hubspot-owners) and Salesforce REST
                     query responses (--salesforce), each option once per page
  --allow-partial    accept an export whose pages are incomplete (Salesforce
                     "done": false, a HubSpot paging.next with no page after
                     it, fewer records than a total): the output then says
                     "partial"; without it such an export exits 2"""


_PLAN_EPILOG: Final = f"""\
examples:
  crmsync-rules plan                       the bundled sample
  crmsync-rules plan --settings settings.json exports/
  crmsync-rules plan export.ndjson --only rejected
  crmsync-rules plan --format ndjson - < export.ndjson > plan.ndjson
  crmsync-rules plan --summary exports/    each mapping's overwrites, fills and
                                           clears, and the API calls needed
  crmsync-rules plan export.ndjson --format parquet --output plan.parquet

{_inputs(sample=True)}

exit status:
  0  every record is planned and the settings linter finds no error
  1  some record is rejected (its row says why, ERR-1), or the settings linter
     finds an error (Findings: below the summary)
{_EXIT_2}
"""

_EXPLAIN_EPILOG: Final = f"""\
examples:
  crmsync-rules explain 502                the bundled sample's contact 502
  crmsync-rules explain 00QA000000001AA export.ndjson --redact

{_inputs(sample=True)}

exit status:
  0  the record is planned
  1  the record is rejected (its reasons say why, ERR-1)
{_EXIT_2}; or no record has RECORD_ID
"""

_LINT_EPILOG: Final = f"""\
examples:
  crmsync-rules lint --settings settings.json
  crmsync-rules lint export.ndjson

{_inputs(sample=True)}

exit status:
  0  no findings, or warnings only
  1  an error-level finding (the integration cannot work as set up)
{_EXIT_2}
"""

_VALIDATE_EPILOG: Final = f"""\
examples:
  crmsync-rules validate export.ndjson
  crmsync-rules validate --settings settings.json exports/
  crmsync-rules validate --settings settings.json --salesforce leads.json

{_inputs(sample=False)}

exit status:
  0  the input is valid and plan would reject none of its records
  1  some records would be rejected by plan (each listed with its problem)
{_EXIT_2}
"""

_SHOW_EPILOG: Final = f"""\
examples:
  crmsync-rules show export.ndjson | grep salesforce_lead

{_inputs(sample=True)}

exit status:
  0  the records are listed
{_EXIT_2}
"""

_SETTINGS_EPILOG: Final = """\
examples:
  crmsync-rules settings --example > settings.json
  crmsync-rules settings --schema > settings.schema.json

The starter's notes are "$comment" keys, which the reader skips; edit its
values to your portal's and plan with --settings settings.json.

exit status:
  0  printed
  2  a usage error
"""

_MAIN_EPILOG: Final = f"""\
examples:
  crmsync-rules plan                       the plan of the bundled sample
  crmsync-rules plan export.ndjson         the plan of your export
  crmsync-rules plan --settings settings.json exports/
                                           the plan of a folder of exports
  crmsync-rules explain 502                every decision about one record
  crmsync-rules settings --example         a settings file to start from
  crmsync-rules COMMAND --help             a command's inputs, options and
                                           exit status

exit status:
  0  a clean result
  1  the plan holds rejected records or an error-level finding (plan, explain
     of a rejected record, lint), or validate finds records plan would reject
{_EXIT_2}
"""


def _wrap(text: str) -> str:
    """*text* in lines that fit a terminal (descriptions are printed as
    they are written, so that the epilogs' tables keep their shape)."""
    return textwrap.fill(text, width=79)


def build_parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="crmsync-rules",
        description="Explain what a HubSpot-Salesforce sync would do, and why.",
        epilog=_MAIN_EPILOG,
        formatter_class=raw,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an error"
    )
    source = argparse.ArgumentParser(add_help=False)
    group = source.add_argument_group(
        "the settings, and the APIs' payloads one option each",
        _wrap(
            "HubSpot CRM v3 list responses do not name their object type, so "
            "each type has its own option; every option may be repeated (one "
            "file per page)."
        ),
    )
    group.add_argument("--settings", metavar="FILE", help="integration settings JSON")
    for option, what in (
        ("contacts", "contacts"),
        ("companies", "companies"),
        ("deals", "deals"),
        ("owners", "owners API"),
    ):
        group.add_argument(
            f"--hubspot-{option}",
            metavar="FILE",
            action="append",
            help=f"HubSpot {what} response",
        )
    group.add_argument(
        "--salesforce",
        metavar="FILE",
        action="append",
        help="Salesforce REST query response (any supported object type)",
    )
    group.add_argument(
        "--allow-partial",
        action="store_true",
        help="plan an export whose pages say more records follow (Salesforce "
        "nextRecordsUrl, HubSpot paging.next); the plan says it is partial",
    )
    snapshot_help = (
        "files and folders of exports (folders read every level down), or one "
        "snapshot JSON or NDJSON file (.ndjson/.jsonl, or sniffed), - for "
        "standard input; default: the bundled sample"
    )
    redact_help = (
        "replace email local parts and people's names with pseudonyms (new "
        "ones each run), keeping domains and ids: for support tickets"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    plan = commands.add_parser(
        "plan",
        parents=[source],
        help="what would sync, and why, record by record",
        description=_wrap(
            "What the integration would do with every record, and the "
            "rules behind it: one row per record, its owner, opt-out and lifecycle "
            "outcomes under it, then a summary and the settings linter's findings."
        ),
        epilog=_PLAN_EPILOG,
        formatter_class=raw,
    )
    plan.add_argument("inputs", nargs="*", metavar="INPUT", help=snapshot_help)
    plan.add_argument(
        "--format",
        choices=["text", "json", "ndjson", "parquet"],
        default="text",
        help="text (the default): a table for people; json, ndjson: for programs; "
        "parquet: one row per entry, for a warehouse (needs --output)",
    )
    plan.add_argument(
        "--output",
        metavar="FILE",
        help="write the plan to FILE instead of standard output",
    )
    plan.add_argument("--redact", action="store_true", help=redact_help)
    plan.add_argument(
        "--only",
        choices=[a.value for a in PlanAction],
        metavar="ACTION",
        help="show only entries with this action (the summary counts all): "
        + ", ".join(a.value for a in PlanAction),
    )
    plan.add_argument(
        "--fields",
        action="store_true",
        help="under each record that syncs, dedupes or is created, the field "
        'writes the sync makes, as a diff (\'jobtitle: "CTO" -> "Chief '
        "Technology Officer\" (Salesforce wins, FM-1)'); json and ndjson get a "
        "'fields' object per such entry",
    )
    plan.add_argument(
        "--all-fields",
        action="store_true",
        help="as --fields, with every mapping of each pair, unchanged ones too",
    )
    plan.add_argument(
        "--engine",
        choices=("duckdb", "python"),
        help="duckdb (the default when DuckDB is installed): the bulk engine, "
        "for one NDJSON file; python: the pure-Python planner; both give the "
        "same plan",
    )
    plan.add_argument(
        "--verbose", action="store_true", help="say on stderr which engine ran"
    )
    plan.add_argument(
        "--summary",
        action="store_true",
        help="the summaries alone: no entries, the action counts, the mapping "
        "summary (each mapping's values overwritten, filled, cleared or left, "
        "per side, and findings for the risky ones) and the API call estimate; "
        "computes the field writes as --fields does (--fields and --all-fields "
        "print the mapping summary too)",
    )
    plan.add_argument(
        "--no-estimate",
        action="store_true",
        help="leave out the API call estimate every plan prints below its "
        "summary (from the field writes with --fields, --all-fields and "
        "--summary; else every Salesforce record that syncs or dedupes is "
        "assumed updated once)",
    )
    for kind in ("creates", "updates"):
        plan.add_argument(
            f"--{kind}-per-call",
            type=int,
            default=1,
            metavar="N",
            help=f"the API call estimate's records per Salesforce call for "
            f"{kind[:-1]}s (default 1, one call per record; up to 200 with "
            "sObject Collections; docs/mappings.md)",
        )
    explain = commands.add_parser(
        "explain",
        parents=[source],
        help="every decision about one record",
        description=_wrap(
            "Every decision about one record, each reason with the statement "
            "of its rule, then the other records' decisions that name it."
        ),
        epilog=_EXPLAIN_EPILOG,
        formatter_class=raw,
    )
    explain.add_argument("record_id", metavar="RECORD_ID")
    explain.add_argument("inputs", nargs="*", metavar="INPUT", help=snapshot_help)
    explain.add_argument("--redact", action="store_true", help=redact_help)
    lint = commands.add_parser(
        "lint",
        parents=[source],
        help="the settings linter",
        description="The settings linter's findings on their own.",
        epilog=_LINT_EPILOG,
        formatter_class=raw,
    )
    lint.add_argument("inputs", nargs="*", metavar="INPUT", help=snapshot_help)
    validate = commands.add_parser(
        "validate",
        parents=[source],
        help="check an input without planning it",
        description=_wrap(
            "Check an input without printing a plan: every problem with its "
            "JSON path or NDJSON line."
        ),
        epilog=_VALIDATE_EPILOG,
        formatter_class=raw,
    )
    validate.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="files and folders of exports, or one snapshot JSON or NDJSON "
        "file, - for standard input",
    )
    show = commands.add_parser(
        "show",
        parents=[source],
        help="list an input's records",
        description=_wrap(
            "One line per record: its record type (as plan prints it), its "
            "id, and its email address or name."
        ),
        epilog=_SHOW_EPILOG,
        formatter_class=raw,
    )
    show.add_argument("inputs", nargs="*", metavar="INPUT", help=snapshot_help)
    settings = commands.add_parser(
        "settings",
        help="a starter settings file, or the settings JSON Schema",
        description=_wrap(
            "Print a commented starter settings file to edit, or the JSON "
            "Schema (draft 2020-12) of settings files (docs/settings.md)."
        ),
        epilog=_SETTINGS_EPILOG,
        formatter_class=raw,
    )
    add_diff_parser(commands)
    printed = settings.add_mutually_exclusive_group(required=True)
    printed.add_argument(
        "--example",
        action="store_true",
        help='a starter settings file, its notes in "$comment" keys',
    )
    printed.add_argument(
        "--schema", action="store_true", help="the settings file's JSON Schema"
    )
    add_fetch_parser(commands)
    return parser
