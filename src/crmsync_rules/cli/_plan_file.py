"""Where ``plan`` writes: standard output, or the file ``--output`` names;
and ``--format parquet``, the plan as data (docs/plan.md, "A plan as
Parquet"), which always goes to a file."""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TextIO

from crmsync_rules.planner._entries import PlanEntry
from crmsync_rules.rules._lint import Finding

from ._files import UsageError
from ._output import Counted
from ._stream import Stream
from ._summary_output import PlanSummaries

__all__ = ["check_output", "parquet_metadata", "parquet_writer", "plan_output"]

PARQUET = "parquet"


def check_output(args: argparse.Namespace) -> None:
    """Refuse, before any input is read, a Parquet plan with nowhere to go:
    Parquet is binary, and its readers seek to the footer, so it is written
    to a file, never to a terminal or a pipe."""
    if args.format != PARQUET:
        return
    if args.output is None or args.output == "-":
        raise UsageError(
            "--format parquet writes a file, not standard output: name it with "
            "--output FILE"
        )


@contextlib.contextmanager
def plan_output(args: argparse.Namespace, out: TextIO) -> Iterator[TextIO]:
    """Where the text formats go: *out*, or the file ``--output`` names
    (``-``: *out*). A Parquet plan writes its own file (`parquet_writer`)."""
    if args.output is None or args.output == "-" or args.format == PARQUET:
        yield out
        return
    with contextlib.ExitStack() as stack:
        try:
            file = stack.enter_context(Path(args.output).open("w", encoding="utf-8"))
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
        yield file


def _finding(finding: Finding) -> dict[str, str]:
    # As the JSON formats write a finding (cli/_output.py); a test holds
    # the two equal.
    return {
        "severity": finding.severity.value,
        "rule": finding.rule,
        "detail": finding.detail,
        "fix": finding.fix,
    }


def parquet_metadata(
    stream: Stream, counted: Counted, summaries: PlanSummaries | None = None
) -> dict[str, str]:
    """The plan's findings and summary, as the NDJSON format's last lines
    say them, for the Parquet file's key-value metadata (JSON text under
    ``crmsync_rules.findings`` and ``crmsync_rules.summary``, and the
    mapping summary and call estimate under ``crmsync_rules.`` and their
    NDJSON type when the plan has them). Asked for once every entry is
    written: the summaries count them."""
    summary: dict[str, Any] = {
        "records": stream.records,
        "actions": {a.value: n for a, n in counted.counts},
        "partial": stream.partial,
    }
    findings = [_finding(f) for f in stream.findings]
    extra = summaries.json() if summaries is not None else {}
    return {
        "crmsync_rules.findings": json.dumps(findings, ensure_ascii=False),
        **{
            f"crmsync_rules.{key}": json.dumps(value, ensure_ascii=False)
            for key, value in extra.items()
        },
        "crmsync_rules.summary": json.dumps(summary),
    }


def parquet_writer(args: argparse.Namespace) -> Callable[..., None]:
    """The writer of ``--format parquet``, with the other formats'
    signature: the entries to the file ``--output`` names."""

    def write(
        stream: Stream,
        entries: Iterable[PlanEntry],
        counted: Counted,
        out: IO[str],
        *,
        summaries: PlanSummaries | None = None,
    ) -> None:
        # DuckDB is imported when a Parquet plan is asked for, not by every
        # command the CLI runs.
        from crmsync_rules.engine._parquet import write_parquet  # noqa: PLC0415

        try:
            write_parquet(
                entries,
                args.output,
                metadata=lambda: parquet_metadata(stream, counted, summaries),
            )
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None

    return write
