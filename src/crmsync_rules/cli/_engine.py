"""`plan --engine`: which engine plans the input, and the bulk engine's
plan of it (docs/performance.md, "The bulk engine").

The bulk engine (`crmsync_rules.engine`, on DuckDB) plans one NDJSON file
named on the command line as it is (`engine_plan`), and every other input
named on it (files and folders of exports, the APIs' pages, snapshots)
once the readers have read it (`engine_values`). The bundled sample,
standard input and ``--redact`` (which learns names from the records as
they are read) are planned by `plan_stream`, which gives the same plan.
The default is the bulk engine when DuckDB can be imported.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, TextIO, cast

from crmsync_rules.planner._estimate import CallTally
from crmsync_rules.planner._fields import FieldDetail
from crmsync_rules.planner._plan import PlanAction, PlanStream
from crmsync_rules.rules._lint import Finding

from ._files import STDIN
from ._summary_output import FieldTallies, PlanSummaries

__all__ = [
    "Rendered",
    "RenderedStream",
    "engine_plan",
    "engine_reads_values",
    "engine_values",
    "no_line",
    "rendered_entries",
    "rendered_line",
]


class Rendered(NamedTuple):
    """An entry the bulk engine's workers rendered as its NDJSON line."""

    action: PlanAction
    line: str


def rendered_line(entry: Rendered) -> str:
    """The line of *entry* (`write_ndjson`'s ``line_of``)."""
    return entry.line


def no_line(entry: object) -> str:
    """No line: ``plan --summary`` shows no entry, so its workers render
    none (`render_ndjson`'s *render*; its entries are still counted)."""
    return ""


def rendered_entries(
    entries: Iterable[Any], stream: RenderedStream, summaries: PlanSummaries | None
) -> Iterator[Any]:
    """*entries* (read from *stream*); once they are all read, the API
    call estimate's counts made where they were planned added to
    *summaries*."""
    yield from entries
    if summaries is not None:
        summaries.add_counted(stream.tallies)


class RenderedStream:
    """The bulk engine's plan with its entries rendered (``--format
    ndjson``): what `write_ndjson` reads from a `CliStream`, with the
    readers' findings about an export and the finding that says it is
    partial (``--allow-partial``) after the plan's own."""

    def __init__(
        self,
        plan: object,
        *,
        partial: Finding | None = None,
        findings: Sequence[Finding] = (),
    ) -> None:
        from crmsync_rules.engine import RenderedPlan  # noqa: PLC0415

        assert isinstance(plan, RenderedPlan)
        self._plan = plan
        self.settings = plan.settings
        self.findings: tuple[Finding, ...] = (
            *plan.findings,
            *findings,
            *filter(None, [partial]),
        )
        self.records: int = plan.records
        self.partial = partial is not None

    def __iter__(self) -> Iterator[Rendered]:
        actions = {action.value: action for action in PlanAction}
        for action, line in self._plan:
            yield Rendered(actions[action], line)

    @property
    def tallies(self) -> tuple[CallTally | FieldTallies, ...]:
        """The API call estimate's tallies (with field writes, also the
        mapping summary's: `FieldTallies`), counted where the entries were
        planned: complete once the stream has been read."""
        return cast("tuple[CallTally | FieldTallies, ...]", self._plan.tallies)


_NDJSON_SUFFIXES = (".ndjson", ".jsonl")


def _is_ndjson(path: str) -> bool:
    """Whether *path* is an NDJSON file, as the command line reads one: by
    its suffix, or its first non-blank line, a JSON object with a type."""
    if path.endswith(_NDJSON_SUFFIXES):
        return True
    try:
        with open(path, "rb") as file:
            for line in file:
                if line.strip():
                    if len(line) > 1 << 24:
                        return False
                    try:
                        first = json.loads(line)
                    except (ValueError, RecursionError):
                        return False
                    return isinstance(first, dict) and "type" in first
    except OSError:
        return False
    return False


def _chosen(args: argparse.Namespace) -> str:
    engine: str | None = getattr(args, "engine", None)
    if engine is not None:
        return engine
    return "duckdb" if importlib.util.find_spec("duckdb") is not None else "python"


_API_OPTIONS = (
    "settings",
    "hubspot_contacts",
    "hubspot_companies",
    "hubspot_deals",
    "hubspot_owners",
    "salesforce",
)
# Worker processes pay for themselves from a few megabytes of input (about
# 20,000 records).
_WORKERS_FROM_BYTES = 1 << 23
_WORKERS_FROM_VALUES = 20_000


def _engine_chosen(args: argparse.Namespace) -> bool:
    """Whether the bulk engine plans the values the readers give
    (`engine_values`): files or folders of exports, or the APIs' pages,
    with DuckDB chosen; not the bundled sample, standard input or
    ``--redact`` (which learns names from the records as they are read)."""
    inputs: list[str] = args.inputs or []
    api = any(getattr(args, name, None) for name in _API_OPTIONS)
    return (
        _chosen(args) == "duckdb"
        and args.command == "plan"
        and not getattr(args, "redact", False)
        and STDIN not in inputs
        and (bool(inputs) or api)
    )


def _one_ndjson_file(args: argparse.Namespace) -> bool:
    inputs: list[str] = args.inputs or []
    return (
        len(inputs) == 1
        and not any(getattr(args, name, None) for name in _API_OPTIONS)
        and os.path.isfile(inputs[0])
        and _is_ndjson(inputs[0])
    )


def engine_reads_values(args: argparse.Namespace) -> bool:
    """Whether the command's input, once read, goes to `engine_values`:
    the bulk engine is chosen and the input is not one NDJSON file (which
    `engine_plan` plans, or, if it cannot, `plan_stream`)."""
    return _engine_chosen(args) and not _one_ndjson_file(args)


def _field_detail(args: argparse.Namespace) -> FieldDetail:
    if getattr(args, "all_fields", False):
        return FieldDetail.ALL
    if getattr(args, "fields", False) or getattr(args, "summary", False):
        return FieldDetail.CHANGES  # as `planned_stream` chooses
    return FieldDetail.NONE


def _count(
    args: argparse.Namespace, fields: FieldDetail
) -> Callable[[], CallTally | FieldTallies] | None:
    """What the workers count the summaries with, where the entries are
    planned: with field writes the mapping summary and the estimate from
    the writes (both printed even with --no-estimate, as `summaries_of`
    decides), else the estimate from the actions."""
    if fields is not FieldDetail.NONE:
        return FieldTallies
    if not getattr(args, "no_estimate", False):
        return functools.partial(CallTally, from_field_writes=False)
    return None


def _render(args: argparse.Namespace) -> Callable[[Any], str] | None:
    """How the workers render each entry: with ``--format ndjson`` (all
    entries) its line, none with ``--summary``; else the entries come
    back to this process (None)."""
    if args.format != "ndjson" or args.only is not None:
        return None
    if getattr(args, "summary", False):
        return no_line
    from ._output import entry_ndjson  # noqa: PLC0415 (it imports this module's users)

    return entry_ndjson


def engine_plan(
    args: argparse.Namespace, err: TextIO
) -> PlanStream | RenderedStream | None:
    """The bulk engine's plan of the command's input when it is one NDJSON
    file, or ``None`` when the values are to be read first (then
    `engine_values` plans them) or `plan_stream` is to plan them
    (``--redact``, ``--engine python``, DuckDB missing, or the engine
    cannot read this file exactly as the codec does). Says which engine ran
    with ``--verbose``."""
    verbose = getattr(args, "verbose", False)
    if not _engine_chosen(args):
        if verbose:
            print("crmsync-rules: planned with the python engine", file=err)
        return None
    if not _one_ndjson_file(args):
        return None  # `engine_values` plans what the readers read
    inputs: list[str] = args.inputs
    # Imported here: DuckDB takes 0.15 s to import, which the commands that
    # plan no file (and the small ones) need not pay.
    from crmsync_rules.engine import (  # noqa: PLC0415
        EngineUnsuitable,
        plan_ndjson,
        process_runner,
        render_ndjson,
    )

    fields = _field_detail(args)
    workers = os.cpu_count() or 1
    size = os.path.getsize(inputs[0])
    runner = (
        process_runner(workers) if workers > 1 and size > _WORKERS_FROM_BYTES else None
    )
    render = _render(args)
    stream: PlanStream | RenderedStream
    try:
        if render is not None:
            # The lines are made in the workers (`render_ndjson`).
            stream = RenderedStream(
                render_ndjson(
                    inputs[0],
                    render,
                    fields=fields,
                    runner=runner,
                    count=_count(args, fields),
                )
            )
        else:
            stream = plan_ndjson(inputs[0], fields=fields, runner=runner)
    except EngineUnsuitable as exc:
        if verbose:
            print(f"crmsync-rules: planned with the python engine ({exc})", file=err)
        return None
    if verbose:
        print("crmsync-rules: planned with the duckdb engine", file=err)
    return stream


def engine_values(
    args: argparse.Namespace,
    values: Iterable[Any],
    count: int,
    err: TextIO,
    *,
    partial: Finding | None = None,
    findings: Sequence[Finding] = (),
) -> PlanStream | RenderedStream | None:
    """The bulk engine's plan of *values* (*count* of them), what the
    readers gave for the command's exports or API pages (`plan_values`),
    or ``None`` when `plan_stream` is to plan them (as `engine_plan`
    decides, or when the engine cannot write them as the codec reads them:
    *values* may then be partly read). A `PlanStream` comes without
    *partial* and *findings*: the caller adds them."""
    verbose = getattr(args, "verbose", False)
    if not engine_reads_values(args):
        return None
    from crmsync_rules.engine import (  # noqa: PLC0415
        EngineUnsuitable,
        plan_values,
        process_runner,
        render_values,
    )

    fields = _field_detail(args)
    workers = os.cpu_count() or 1
    runner = (
        process_runner(workers)
        if workers > 1 and count > _WORKERS_FROM_VALUES
        else None
    )
    render = _render(args)
    source = ", ".join(args.inputs or []) or "the API pages"
    stream: PlanStream | RenderedStream
    try:
        if render is not None:
            stream = RenderedStream(
                render_values(
                    values,
                    render,
                    source=source,
                    fields=fields,
                    runner=runner,
                    count=_count(args, fields),
                ),
                partial=partial,
                findings=findings,
            )
        else:
            stream = plan_values(values, source=source, fields=fields, runner=runner)
    except EngineUnsuitable as exc:
        if verbose:
            print(f"crmsync-rules: planned with the python engine ({exc})", file=err)
        return None
    if verbose:
        print("crmsync-rules: planned with the duckdb engine", file=err)
    return stream
