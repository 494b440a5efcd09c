"""The commands and `main`, the entry point of ``crmsync-rules``."""

from __future__ import annotations

import argparse
import io
import os
import secrets
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TextIO, cast

from crmsync_rules._redact import Redactor
from crmsync_rules.bulk import bulk_collection
from crmsync_rules.codec._settings_file import settings_example, settings_schema_text
from crmsync_rules.model._errors import CrmSyncRulesError, SnapshotError
from crmsync_rules.model._kinds import kind_of
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.planner._plan import PlanAction, PlanEntry
from crmsync_rules.rules._lint import Severity

from ._diff import cmd_diff
from ._engine import RenderedStream, rendered_entries, rendered_line
from ._fetch import cmd_fetch
from ._inputs import read_values
from ._output import (
    Counted,
    counted_noun,
    record_label,
    text_row,
    write_explanation,
    write_json,
    write_ndjson,
    write_text,
)
from ._parser import build_parser
from ._plan_file import check_output, parquet_writer, plan_output
from ._stream import kept, planned_stream, progress, read_plan
from ._summary_output import summaries_of

__all__ = ["main"]


# --- commands ---------------------------------------------------------------


def _cmd_plan(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    check_output(args)
    name, stream = read_plan(args, err)
    counted = Counted(stream)
    passing: Iterable[PlanEntry] = counted
    if isinstance(cast("object", stream), RenderedStream):  # counted as planned
        summaries = summaries_of(args, (), stream.settings)
    else:
        summaries = summaries_of(args, counted, stream.settings)
        passing = counted if summaries is None else summaries
    entries = passing
    if args.only is not None:
        only = PlanAction(args.only)
        entries = (e for e in passing if e.action is only)
    if args.summary:  # the summaries alone: every entry counted, none shown
        entries = (e for e in passing if False)
    writers: dict[str, Callable[..., None]] = {
        "json": write_json,
        "ndjson": write_ndjson,
        "parquet": parquet_writer(args),
    }
    with plan_output(args, out) as target:
        if args.format == "text":
            write_text(name, stream, entries, counted, target, summaries=summaries)
        elif isinstance(cast("object", stream), RenderedStream):  # engine's lines
            write_ndjson(
                stream,
                rendered_entries(entries, cast("RenderedStream", stream), summaries),
                counted,
                target,
                line_of=rendered_line,
                summaries=summaries,
            )
        else:
            writers[args.format](stream, entries, counted, target, summaries=summaries)
    rejected = dict(counted.counts).get(PlanAction.REJECTED, 0)
    errors = any(f.severity is Severity.ERROR for f in stream.findings)
    return 1 if rejected or errors else 0


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
    _name, values = read_values(args, err)
    stream = planned_stream(args, kept(progress(values, err), keep))
    return write_explanation(args.record_id, stream, out)


def _cmd_lint(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    _name, stream = read_plan(args, err)
    if not stream.findings:
        print("No findings: the settings are clean.", file=out)
        return 0
    for finding in stream.findings:
        print(finding, file=out)
    errors = sum(f.severity is Severity.ERROR for f in stream.findings)
    return 1 if errors else 0


def _cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # What `plan` would reject, found by planning: the planner's checks
    # (unreadable records, shared ids, references to missing records...)
    # are the one definition of what cannot be decided.
    name, stream = read_plan(args, err)
    rejected = [e for e in stream if e.action is PlanAction.REJECTED]
    if not rejected:
        print(f"{name}: valid, {counted_noun(stream.records, 'record')}.", file=out)
        return 0
    print(
        f"{name}: {len(rejected):,} of {counted_noun(stream.records, 'record')} would "
        "be rejected:",
        file=out,
    )
    for entry in rejected:
        reason = entry.reasons[0]
        print(f"  {record_label(entry)}: {reason.rule}: {reason.detail}", file=out)
    return 1


def _cmd_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    _name, values = read_values(args, err)
    for record in values:
        if isinstance(record, IntegrationSettings):
            continue
        if isinstance(record, UnreadableLine):  # listed, never dropped
            kind, ident = record.record_type or "unknown", record.record_id or "?"
            print(text_row(kind, ident, f"cannot be read ({record.where})"), file=out)
            continue
        name = getattr(record, "email", None) or getattr(record, "name", None) or ""
        print(text_row(kind_of(type(record)).ndjson, record.id, name), file=out)
    return 0


def _cmd_settings(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # The shipped files as they are: the schema printed is the one in docs/.
    out.write(settings_example() if args.example else settings_schema_text())
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "plan": _cmd_plan,
    "explain": _cmd_explain,
    "lint": _cmd_lint,
    "validate": _cmd_validate,
    "show": _cmd_show,
    "settings": _cmd_settings,
    "diff": cmd_diff,
    "fetch": cmd_fetch,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    # Inputs may come before and after options (`explain 502 --settings s.json
    # exports/`): argparse leaves those after an option unparsed.
    args, rest = parser.parse_known_args(argv)
    if rest:
        unknown = [arg for arg in rest if arg.startswith("-") and arg != "-"]
        if unknown or not hasattr(args, "inputs"):
            parser.error(f"unrecognized arguments: {' '.join(unknown or rest)}")
        args.inputs = [*args.inputs, *rest]
    if args.command == "validate" and not args.inputs and args.settings is None:
        print("crmsync-rules: validate needs INPUT or --settings", file=sys.stderr)
        return 2
    try:
        # The command line owns the process, so it sets the collector
        # policy for the millions of records a plan holds (crmsync_rules.bulk).
        with bulk_collection() as built:
            args.records_built = built
            return _COMMANDS[args.command](args, sys.stdout, sys.stderr)
    except CrmSyncRulesError as exc:
        if args.debug:
            raise
        message = str(exc)
        if isinstance(exc, SnapshotError) and len(exc.problems) == 1:
            message = f"{exc.source}: {exc.problems[0]}"  # one line
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
