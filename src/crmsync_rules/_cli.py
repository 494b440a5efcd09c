"""The command-line tool. Everything that touches files, streams and exit
statuses lives here, outside the pure core; the decisions come from the
planner, and this module only reads inputs and formats what it returns.

Exit statuses: 0 for a clean result, 1 when the plan holds rejected records
(``plan``) or the linter finds errors (``lint``), 2 when the input cannot be
used at all (an unreadable file, invalid JSON, schema problems, an unknown
record id for ``explain``).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final, TextIO

from . import __version__
from ._codec import (
    NDJSON_TYPES,
    UnreadableLine,
    _parse_json,
    iter_ndjson,
    loads_snapshot,
    read_hubspot,
    read_hubspot_owners,
    read_salesforce,
    structure,
)
from ._errors import CrmSyncRulesError, SnapshotError
from ._hubspot import HubSpotObject
from ._lint import Finding, Severity
from ._optout import OptOutEvent, OptOutState
from ._owners import OwnerAction, OwnerDecision, OwnerSyncDirection
from ._plan import PlanAction, PlanEntry, PlanStream, plan_stream
from ._redact import Redactor, redact
from ._rules import RULES
from ._sample import sample_snapshot
from ._settings import IntegrationSettings
from ._snapshot import HubSpotRecords, Record, SalesforceRecords, Snapshot

__all__ = ["main"]

Value = IntegrationSettings | Record | UnreadableLine
_TYPE_OF: Final = {cls: name for name, cls in NDJSON_TYPES.items()}
"""Each record class's NDJSON type name: the record types `plan` prints."""
_NDJSON_SUFFIXES = (".ndjson", ".jsonl")
_PROGRESS_EVERY = 50_000


class _UsageError(CrmSyncRulesError):
    """A command line that cannot run (exit status 2)."""


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise _UsageError(f"cannot read {path}: {exc.strerror}") from None


def _parse(path: str) -> object:
    """A JSON file through the codec's strict parser (line and column on
    errors)."""
    return _parse_json(_read(path), source=path)


def _is_ndjson(path: str) -> bool:
    if path.endswith(_NDJSON_SUFFIXES):
        return True
    try:
        with Path(path).open("rb") as file:
            for line in file:
                if line.strip():
                    first = json.loads(line)
                    return isinstance(first, dict) and "type" in first
    except (OSError, ValueError):
        return False
    return False


def _ndjson_values(path: str) -> Iterator[Value]:
    try:
        file = Path(path).open("rb")  # noqa: SIM115 - closed when the stream ends
    except OSError as exc:
        raise _UsageError(f"cannot read {path}: {exc.strerror}") from None
    with file:
        yield from iter_ndjson(file, source=path)


def _api_snapshot(args: argparse.Namespace) -> Snapshot:
    """A snapshot from the real APIs' payloads (see ``--help``)."""
    settings = structure(
        _parse(args.settings), IntegrationSettings, source=args.settings
    )
    hubspot = HubSpotRecords()
    for option, object_type in (
        ("hubspot_contacts", HubSpotObject.CONTACT),
        ("hubspot_companies", HubSpotObject.COMPANY),
        ("hubspot_deals", HubSpotObject.DEAL),
    ):
        for path in getattr(args, option) or ():
            hubspot = hubspot.merge(
                read_hubspot(_parse(path), object_type=object_type, source=path)
            )
    for path in args.hubspot_owners or ():
        hubspot = hubspot.merge(read_hubspot_owners(_parse(path), source=path))
    salesforce = SalesforceRecords()
    for path in args.salesforce or ():
        salesforce = salesforce.merge(read_salesforce(_parse(path), source=path))
    return Snapshot(settings=settings, hubspot=hubspot, salesforce=salesforce)


def _values(args: argparse.Namespace) -> tuple[str, Iterable[Value]]:
    """The input's name and its values, the settings first."""
    api = [
        args.hubspot_contacts,
        args.hubspot_companies,
        args.hubspot_deals,
        args.hubspot_owners,
        args.salesforce,
    ]
    if args.settings is not None:
        if args.snapshot is not None:
            raise _UsageError(
                "give either SNAPSHOT or --settings with API files, not both"
            )
        snapshot = _api_snapshot(args)
        return _api_name(args), [snapshot.settings, *snapshot.records()]
    if any(api):
        raise _UsageError("--hubspot-* and --salesforce need --settings FILE")
    if args.snapshot is None:
        snapshot = sample_snapshot()
        return "the bundled sample", [snapshot.settings, *snapshot.records()]
    if _is_ndjson(args.snapshot):
        return args.snapshot, _ndjson_values(args.snapshot)
    snapshot = loads_snapshot(_read(args.snapshot), source=args.snapshot)
    return args.snapshot, [snapshot.settings, *snapshot.records()]


def _progress(values: Iterable[Value], stderr: TextIO) -> Iterator[Value]:
    """Count records read on a terminal's stderr; silent otherwise."""
    if not stderr.isatty():
        yield from values
        return
    n = 0
    for n, value in enumerate(values, start=1):
        if n % _PROGRESS_EVERY == 0:
            print(f"\rread {n:,} records", end="", file=stderr, flush=True)
        yield value
    print(f"\rread {n:,} records", file=stderr, flush=True)


class _RedactedStream:
    """A `PlanStream` whose entries and findings pass through `redact`."""

    def __init__(self, stream: PlanStream, redactor: Redactor) -> None:
        self._stream = stream
        self._redactor = redactor
        self.settings = stream.settings
        self.findings = redact(stream.findings, redactor=redactor)
        self.records = stream.records

    def __iter__(self) -> Iterator[PlanEntry]:
        for entry in self._stream:
            yield redact(entry, redactor=self._redactor)


_Stream = PlanStream | _RedactedStream


def _kept(values: Iterable[Value], keep: Callable[[Record], object]) -> Iterator[Value]:
    """*values*, passing each record to *keep* on the way (the redactor
    learns the people's names from them once the planner has read them
    all)."""
    for value in values:
        if not isinstance(value, IntegrationSettings | UnreadableLine):
            keep(value)
        yield value


def _plan(args: argparse.Namespace, stderr: TextIO) -> tuple[str, _Stream]:
    name, values = _values(args)
    if not getattr(args, "redact", False):
        return name, plan_stream(_progress(values, stderr))
    records: list[Record] = []
    stream = plan_stream(_kept(_progress(values, stderr), records.append))
    # A new key per run: pseudonyms hold within one output, and outputs of
    # two runs cannot be linked.
    redactor = Redactor.of(records, key=secrets.token_bytes(16))
    return redactor.text(name), _RedactedStream(stream, redactor)


# --- formatting ---------------------------------------------------------------


_API_FILES: Final = (
    ("settings", "settings"),
    ("hubspot_contacts", "HubSpot contacts"),
    ("hubspot_companies", "HubSpot companies"),
    ("hubspot_deals", "HubSpot deals"),
    ("hubspot_owners", "HubSpot owners"),
    ("salesforce", "Salesforce"),
)


def _api_name(args: argparse.Namespace) -> str:
    """The API files of a plan, each group with what it holds:
    ``s.json (settings); c1.json, c2.json (HubSpot contacts); ...``."""
    groups = []
    for option, what in _API_FILES:
        paths = getattr(args, option)
        if isinstance(paths, str):
            paths = [paths]
        if paths:
            groups.append(f"{', '.join(paths)} ({what})")
    return "; ".join(groups)


def _target(entry: PlanEntry) -> str:
    if entry.target_type is None:
        return ""
    return f"{entry.target_type} {entry.target_id or '(new)'}"


def _count(n: int, noun: str) -> str:
    """``1 record``, ``2 records``, ``1,234 records``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _owner_text(owner: OwnerDecision, *, reference: bool) -> str:
    """The owner outcome in words; *reference* for an owner's own entry,
    whose decision speaks for every record it owns."""
    to_hubspot = owner.direction is OwnerSyncDirection.TO_HUBSPOT
    side = "HubSpot" if to_hubspot else "Salesforce"
    if owner.action is OwnerAction.IMPORT:
        return (
            f"passes to HubSpot as Salesforce owner {owner.import_from}, "
            "imported as a HubSpot owner"
        )
    if owner.action is OwnerAction.SET:
        if to_hubspot:
            return f"passes to HubSpot as owner {owner.owner_id}"
        return f"passes to Salesforce as Owner ID {owner.owner_id}"
    if owner.action is OwnerAction.REVERT:
        if reference:
            return (
                "does not pass to Salesforce; the records it owns keep their "
                "last Salesforce Owner ID"
            )
        if owner.owner_id is not None:
            return f"does not pass to Salesforce; Owner ID reverts to {owner.owner_id}"
        return (
            "does not pass to Salesforce, and no earlier Salesforce Owner ID is "
            "known to revert to"
        )
    return f"does not pass to {side}"


_HELD: Final = {
    OptOutEvent.HUBSPOT_UNSUBSCRIBED: "the HubSpot unsubscribe",
    OptOutEvent.CONTACT_RESUBSCRIBED: "the contact's resubscription",
    OptOutEvent.SALESFORCE_OPTED_OUT: "the Email Opt Out tick",
    OptOutEvent.SALESFORCE_OPTED_IN: "the Email Opt Out untick",
    OptOutEvent.SYNCED: "a sync",
}
"""Held opt-out changes (OPT-4), in words."""


def _optout_text(state: OptOutState) -> str:
    """Both sides' opt-out after the plan, in the words of OPT-1's fields."""
    hubspot = (
        "unsubscribed from all email in HubSpot"
        if state.hubspot_unsubscribed
        else "not unsubscribed in HubSpot"
    )
    salesforce = "ticked" if state.salesforce_opted_out else "unticked"
    text = f"{hubspot}, Email Opt Out {salesforce} in Salesforce"
    if state.held:
        held = ", then ".join(_HELD[e] for e in state.held)
        text += f" (held until the contact syncs: {held})"
    return text


def _outcomes(entry: PlanEntry) -> Iterator[str]:
    """The owner, opt-out and lifecycle outcomes of *entry*, one line each."""
    if entry.owner is not None:
        reference = entry.action is PlanAction.REFERENCE
        yield f"owner: {_owner_text(entry.owner, reference=reference)}"
    if entry.optout is not None:
        yield f"opt-out: {_optout_text(entry.optout.state)}"
    if entry.lifecycle is not None:
        yield f"lifecycle stage becomes {entry.lifecycle.value}"


def _rules(entry: PlanEntry) -> str:
    return ",".join(dict.fromkeys(r.rule for r in entry.reasons))


def _record(entry: PlanEntry) -> str:
    where = f" (line {entry.line})" if entry.line is not None else ""
    return f"{entry.record_type} {entry.record_id or '?'}{where}"


def _entry_json(entry: PlanEntry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "system": entry.system.value,
        "record_type": entry.record_type,
        "record_id": entry.record_id,
        "action": entry.action.value,
    }
    if entry.line is not None:
        data["line"] = entry.line
    if entry.target_type is not None:
        data["target"] = {"type": entry.target_type, "id": entry.target_id}
    if entry.related:
        data["related"] = list(entry.related)
    if entry.owner is not None:
        data["owner"] = {
            "direction": entry.owner.direction.value,
            "action": entry.owner.action.value,
            "owner_id": entry.owner.owner_id,
            "import_from": entry.owner.import_from,
        }
    if entry.optout is not None:
        state = entry.optout.state
        data["optout"] = {
            "hubspot_unsubscribed": state.hubspot_unsubscribed,
            "salesforce_opted_out": state.salesforce_opted_out,
            "held": [e.value for e in state.held],
        }
    if entry.lifecycle is not None:
        data["lifecycle"] = entry.lifecycle.value
    data["reasons"] = [{"rule": r.rule, "detail": r.detail} for r in entry.reasons]
    return data


def _finding_json(finding: Finding) -> dict[str, str]:
    return {
        "severity": finding.severity.value,
        "rule": finding.rule,
        "detail": finding.detail,
        "fix": finding.fix,
    }


def _summary(counts: Sequence[tuple[PlanAction, int]], records: int) -> dict[str, Any]:
    return {"records": records, "actions": {a.value: n for a, n in counts}}


class _Counted:
    """Entries passing through, counted per action (all of them, whatever
    ``--only`` shows)."""

    def __init__(self, entries: Iterable[PlanEntry]) -> None:
        self._entries = entries
        self._tally: dict[PlanAction, int] = {}

    def __iter__(self) -> Iterator[PlanEntry]:
        for entry in self._entries:
            self._tally[entry.action] = self._tally.get(entry.action, 0) + 1
            yield entry

    @property
    def counts(self) -> list[tuple[PlanAction, int]]:
        return [(a, self._tally[a]) for a in PlanAction if a in self._tally]


_TYPE_WIDTH: Final = max(map(len, NDJSON_TYPES))
_ID_WIDTH: Final = 18  # a Salesforce id; HubSpot ids are shorter
_ACTION_WIDTH: Final = max(len(a.value) for a in PlanAction)
_COLUMNS: Final = (_TYPE_WIDTH, _ID_WIDTH, _ACTION_WIDTH, _TYPE_WIDTH + 1 + _ID_WIDTH)


def _row(*cells: str) -> str:
    """One table row: each cell padded to its column, two spaces between
    columns (a longer cell pushes the rest right, but never runs into the
    next), the last cell as it is."""
    *first, last = cells
    widths = _COLUMNS[: len(first)]
    padded = [f"{c:<{w}}" for c, w in zip(first, widths, strict=True)]
    return "  ".join([*padded, last]).rstrip()


def _write_text(
    name: str,
    stream: _Stream,
    entries: Iterable[PlanEntry],
    counted: _Counted,
    out: IO[str],
) -> None:
    print(f"Sync plan for {name}", file=out)
    print(file=out)
    print(_row("RECORD TYPE", "ID", "ACTION", "TARGET", "RULES"), file=out)
    indent = " " * (_TYPE_WIDTH + 2)
    for entry in entries:
        ident = entry.record_id or "?"
        if entry.line is not None:
            ident = f"{ident} (line {entry.line})"
        cells = (
            entry.record_type,
            ident,
            entry.action.value,
            _target(entry),
            _rules(entry),
        )
        print(_row(*cells), file=out)
        for outcome in _outcomes(entry):
            print(f"{indent}{outcome}", file=out)
    print(file=out)
    print(f"Summary: {_count(stream.records, 'record')}", file=out)
    for action, n in counted.counts:
        print(f"  {action.value:<21} {n:>9,}", file=out)
    if stream.findings:
        print(f"Findings: {len(stream.findings)}", file=out)
        for finding in stream.findings:
            print(f"  {finding}", file=out)
    else:
        print("Findings: none (the settings are clean)", file=out)


def _write_json(
    stream: _Stream, entries: Iterable[PlanEntry], counted: _Counted, out: IO[str]
) -> None:
    out.write('{"entries": [')
    for n, entry in enumerate(entries):
        out.write(",\n  " if n else "\n  ")
        out.write(json.dumps(_entry_json(entry), ensure_ascii=False))
    out.write("\n],\n")
    findings = [_finding_json(f) for f in stream.findings]
    out.write(f'"findings": {json.dumps(findings, ensure_ascii=False)},\n')
    out.write(f'"summary": {json.dumps(_summary(counted.counts, stream.records))}}}\n')


def _write_ndjson(
    stream: _Stream, entries: Iterable[PlanEntry], counted: _Counted, out: IO[str]
) -> None:
    for entry in entries:
        line = {"type": "entry", **_entry_json(entry)}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    for finding in stream.findings:
        out.write(json.dumps({"type": "finding", **_finding_json(finding)}) + "\n")
    summary = {"type": "summary", **_summary(counted.counts, stream.records)}
    out.write(json.dumps(summary) + "\n")


# --- commands ---------------------------------------------------------------


def _cmd_plan(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    name, stream = _plan(args, err)
    counted = _Counted(stream)
    entries: Iterable[PlanEntry] = counted
    if args.only is not None:
        only = PlanAction(args.only)
        entries = (e for e in counted if e.action is only)
    writers: dict[str, Callable[..., None]] = {
        "json": _write_json,
        "ndjson": _write_ndjson,
    }
    if args.format == "text":
        _write_text(name, stream, entries, counted, out)
    else:
        writers[args.format](stream, entries, counted, out)
    rejected = dict(counted.counts).get(PlanAction.REJECTED, 0)
    return 1 if rejected else 0


def _cmd_explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not args.redact:
        return _explain(args, out, err, lambda record: None)
    records: list[Record] = []
    buffer = io.StringIO()
    status = _explain(args, buffer, err, records.append)
    # The whole text, so that no word of a name survives anywhere in it.
    redactor = Redactor.of(records, key=secrets.token_bytes(16))
    out.write(redactor.text(buffer.getvalue()))
    return status


def _explain(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    keep: Callable[[Record], object],
) -> int:
    _name, values = _values(args)
    stream = plan_stream(_kept(_progress(values, err), keep))
    return _write_explanation(args.record_id, stream, out)


def _write_explanation(
    record_id: str, entries: Iterable[PlanEntry], out: IO[str]
) -> int:
    """Every decision about *record_id* among *entries*; the exit status."""
    own = []
    others = []
    for entry in entries:
        if entry.record_id == record_id:
            own.append(entry)
        elif entry.concerns(record_id):
            others.append(entry)
    if not own:
        raise _UsageError(f"no record with id {record_id!r} in the input")
    for n, entry in enumerate([*own, *others]):
        if n:
            print(file=out)
        if n == len(own):
            print(f"Other decisions that name {record_id}:", file=out)
            print(file=out)
        print(f"{_record(entry)}: {entry.action.value}", end="", file=out)
        target = _target(entry)
        print(f" -> {target}" if target else "", file=out)
        for outcome in _outcomes(entry):
            print(f"  {outcome}", file=out)
        reasons = entry.reasons
        for i, reason in enumerate(reasons):
            print(f"  {reason.rule}: {reason.detail}", file=out)
            # A run of reasons citing one rule gets its statement once, after
            # the last of them.
            if i + 1 == len(reasons) or reasons[i + 1].rule != reason.rule:
                statement = RULES[reason.rule]
                print(f"  {'':{len(reason.rule)}}  (rule: {statement})", file=out)
    return 1 if any(e.action is PlanAction.REJECTED for e in own) else 0


def _cmd_lint(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    _name, stream = _plan(args, err)
    if not stream.findings:
        print("No findings: the settings are clean.", file=out)
        return 0
    for finding in stream.findings:
        print(finding, file=out)
    errors = sum(f.severity is Severity.ERROR for f in stream.findings)
    return 1 if errors else 0


def _cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    name, values = _values(args)
    problems: list[str] = []
    records = 0
    for value in _progress(values, err):
        if isinstance(value, UnreadableLine):
            problems.extend(f"line {value.line}: {p}" for p in value.problems)
        elif not isinstance(value, IntegrationSettings):
            records += 1
    if problems:
        raise SnapshotError(problems, source=name)
    print(f"{name}: valid, {records:,} records.", file=out)
    return 0


def _cmd_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    _name, values = _values(args)
    for record in values:
        if isinstance(record, IntegrationSettings | UnreadableLine):
            continue
        name = getattr(record, "email", None) or getattr(record, "name", None) or ""
        print(_row(_TYPE_OF[type(record)], record.id, name), file=out)
    return 0


_EXIT_2: Final = """\
  2  the input cannot be used at all: unreadable, not JSON, the wrong shape,
     an incomplete export without --allow-partial; or a usage error"""


def _inputs(*, sample: bool) -> str:
    """The input formats every command reads (*sample*: without an input,
    the command works on the bundled sample)."""
    none = "\n                     none given: the bundled sample" if sample else ""
    return f"""\
input formats:
  SNAPSHOT           a snapshot JSON document ({{"settings": ..., "hubspot": ...,
                     "salesforce": ...}}), or NDJSON, one record a line (.ndjson,
                     .jsonl, or recognised by its first line);
                     - (standard input) reads it from a pipe{none}
  --settings FILE    instead of SNAPSHOT, the APIs' own payloads: the
                     integration settings JSON (docs/settings.md) with
                     HubSpot CRM v3 list responses (--hubspot-contacts,
                     --hubspot-companies, --hubspot-deals, --hubspot-owners)
                     and Salesforce REST query responses (--salesforce),
                     each option once per page
  --allow-partial    accept an export whose pages are incomplete (Salesforce
                     "done": false, a HubSpot paging.next): the output then
                     says "partial"; without it such an export exits 2"""


_PLAN_EPILOG: Final = f"""\
examples:
  crmsync-rules plan                       the bundled sample
  crmsync-rules plan export.ndjson --only rejected
  crmsync-rules plan --format ndjson - < export.ndjson > plan.ndjson

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

_MAIN_EPILOG: Final = f"""\
examples:
  crmsync-rules plan                       the plan of the bundled sample
  crmsync-rules plan export.ndjson         the plan of your export
  crmsync-rules explain 502                every decision about one record
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


def _parser() -> argparse.ArgumentParser:
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
        "input from the APIs' payloads (instead of SNAPSHOT)",
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
    snapshot_help = (
        "snapshot JSON or NDJSON (.ndjson/.jsonl, or sniffed), - for standard "
        "input; default: the bundled sample"
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
    plan.add_argument("snapshot", nargs="?", help=snapshot_help)
    plan.add_argument(
        "--format",
        choices=["text", "json", "ndjson"],
        default="text",
        help="text (the default): a table for people; json, ndjson: for programs",
    )
    plan.add_argument("--redact", action="store_true", help=redact_help)
    plan.add_argument(
        "--only",
        choices=[a.value for a in PlanAction],
        metavar="ACTION",
        help="show only entries with this action (the summary counts all): "
        + ", ".join(a.value for a in PlanAction),
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
    explain.add_argument("snapshot", nargs="?", help=snapshot_help)
    explain.add_argument("--redact", action="store_true", help=redact_help)
    lint = commands.add_parser(
        "lint",
        parents=[source],
        help="the settings linter",
        description="The settings linter's findings on their own.",
        epilog=_LINT_EPILOG,
        formatter_class=raw,
    )
    lint.add_argument("snapshot", nargs="?", help=snapshot_help)
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
        "snapshot", nargs="?", help="snapshot JSON or NDJSON, - for standard input"
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
    show.add_argument("snapshot", nargs="?", help=snapshot_help)
    return parser


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "plan": _cmd_plan,
    "explain": _cmd_explain,
    "lint": _cmd_lint,
    "validate": _cmd_validate,
    "show": _cmd_show,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "validate" and args.snapshot is None and args.settings is None:
        print("crmsync-rules: validate needs SNAPSHOT or --settings", file=sys.stderr)
        return 2
    try:
        return _COMMANDS[args.command](args, sys.stdout, sys.stderr)
    except CrmSyncRulesError as exc:
        if args.debug:
            raise
        message = str(exc)
        if getattr(args, "redact", False):
            # The input could not be read, so no names are known: addresses
            # and the values of personal fields in problems are still hidden.
            message = Redactor(key=secrets.token_bytes(16)).text(message)
        print(f"crmsync-rules: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `crmsync-rules plan | head`: not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
