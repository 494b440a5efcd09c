"""The plan the commands share: the values read, with progress on
standard error, kept to the records asked for, planned, redacted when asked."""

from __future__ import annotations

import argparse
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TextIO

from crmsync_rules._redact import Redactor, redact
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.planner._fields import FieldDetail
from crmsync_rules.planner._plan import PlanEntry, PlanStream, plan_stream
from crmsync_rules.rules._lint import Finding

from ._engine import RenderedStream, engine_plan
from ._files import shown
from ._inputs import PROGRESS_EVERY, Value, read_input

__all__ = ["CliStream", "Stream", "kept", "planned_stream", "progress", "read_plan"]


def progress(values: Iterable[Value], stderr: TextIO) -> Iterator[Value]:
    """Count records read on a terminal's stderr; silent otherwise."""
    if not stderr.isatty():
        yield from values
        return
    n = 0
    for n, value in enumerate(values, start=1):
        if n % PROGRESS_EVERY == 0:
            print(f"\rread {n:,} records", end="", file=stderr, flush=True)
        yield value
    print(f"\rread {n:,} records", file=stderr, flush=True)


class CliStream:
    """A `PlanStream` as the command line shows it: with the readers'
    findings about the export and the finding that says the input is
    partial (``--allow-partial``), and its entries and
    findings passed through `redact` (``--redact``)."""

    def __init__(
        self,
        stream: PlanStream,
        *,
        partial: Finding | None = None,
        redactor: Redactor | None = None,
        findings: Sequence[Finding] = (),
    ) -> None:
        self._stream = stream
        self._redactor = redactor
        self.settings = stream.settings
        findings = (*stream.findings, *findings, *filter(None, [partial]))
        self.findings = (
            findings if redactor is None else redact(findings, redactor=redactor)
        )
        self.records = stream.records
        self.partial = partial is not None

    def __iter__(self) -> Iterator[PlanEntry]:
        if self._redactor is None:
            yield from self._stream
            return
        for entry in self._stream:
            yield redact(entry, redactor=self._redactor)


Stream = CliStream


def kept(values: Iterable[Value], keep: Callable[[Record], object]) -> Iterator[Value]:
    """*values*, passing each record to *keep* on the way (the redactor
    learns the people's names from them once the planner has read them
    all)."""
    for value in values:
        if not isinstance(value, IntegrationSettings | UnreadableLine):
            keep(value)
        yield value


def planned_stream(args: argparse.Namespace, values: Iterable[Value]) -> PlanStream:
    """`plan_stream` of *values*; then the records, read and indexed, are
    spared from collection for the rest of the command (`main` runs every
    command under `bulk_collection`: the command line's collector policy)."""
    if getattr(args, "all_fields", False):
        fields = FieldDetail.ALL
    elif (
        getattr(args, "fields", False)
        or getattr(args, "summary", False)  # the mapping summary needs them
        or args.command == "explain"
    ):
        # explain shows a record's field writes whatever it is asked.
        fields = FieldDetail.CHANGES
    else:
        fields = FieldDetail.NONE
    stream = plan_stream(values, fields=fields)
    built: Callable[[], None] | None = getattr(args, "records_built", None)
    if built is not None:
        built()
    return stream


def read_plan(args: argparse.Namespace, stderr: TextIO) -> tuple[str, Stream]:
    bulk = engine_plan(args, stderr)
    if isinstance(bulk, RenderedStream):
        return shown(args.inputs[0]), bulk  # type: ignore[return-value]
    if bulk is not None:
        return shown(args.inputs[0]), CliStream(bulk)
    given = read_input(args, stderr)
    name, values, partial = given.name, given.values, given.partial
    if not getattr(args, "redact", False):
        stream = planned_stream(args, progress(values, stderr))
        return name, CliStream(stream, partial=partial, findings=given.findings)
    records: list[Record] = []
    stream = planned_stream(args, kept(progress(values, stderr), records.append))
    # A new key per run: pseudonyms hold within one output, and outputs of
    # two runs cannot be linked.
    redactor = Redactor.of(records, key=secrets.token_bytes(16))
    return redactor.text(name), CliStream(
        stream, partial=partial, redactor=redactor, findings=given.findings
    )
