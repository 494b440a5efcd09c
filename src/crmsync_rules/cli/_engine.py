"""`plan --engine`: which engine plans the input, and the bulk engine's
plan of an NDJSON file (docs/performance.md, "The bulk engine").

The bulk engine (`crmsync_rules.engine`, on DuckDB) plans one NDJSON file
named on the command line; everything else (the bundled sample, standard
input, snapshots, API pages, exports, ``--redact``, which learns names from
the records as they are read) is planned by `plan_stream`, which gives the
same plan. The default is the bulk engine when DuckDB can be imported.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
from collections.abc import Callable, Iterable, Iterator
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
    ndjson``): what `write_ndjson` reads from a `CliStream`."""

    def __init__(self, plan: object) -> None:
        from crmsync_rules.engine import RenderedPlan  # noqa: PLC0415

        assert isinstance(plan, RenderedPlan)
        self._plan = plan
        self.settings = plan.settings
        self.findings: tuple[Finding, ...] = plan.findings
        self.records: int = plan.records
        self.partial = False

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


def _why_python(
    args: argparse.Namespace, engine: str, inputs: list[str], *, api: bool
) -> str:
    """Why the Python planner plans this input, as ``--verbose`` says it."""
    if engine != "duckdb":
        if getattr(args, "engine", None) == "python":
            return "--engine python"
        return "DuckDB is not installed"
    if args.command != "plan":
        return f"{args.command} plans in one process"
    if getattr(args, "redact", False):
        return "--redact learns the names from the records as they are read"
    if not inputs and not api:
        return "the bundled sample"
    if STDIN in inputs:
        return "standard input"
    # Reading an export dominates its plan and is one process's work: the
    # engine would add the cost of writing every record out for DuckDB
    # (docs/performance.md, "Exports stay with the Python planner").
    return (
        "the bulk engine plans one NDJSON file; exports, API pages and "
        "snapshots are read and planned in one process"
    )


def engine_plan(
    args: argparse.Namespace, err: TextIO
) -> PlanStream | RenderedStream | None:
    """The bulk engine's plan of the command's input, or ``None`` when
    `plan_stream` is to plan it (the input is no NDJSON file, ``--redact``,
    ``--engine python``, DuckDB missing, or the engine cannot read this file
    exactly as the codec does). Says which engine ran with ``--verbose``."""
    verbose = getattr(args, "verbose", False)
    inputs: list[str] = args.inputs or []
    api = any(
        getattr(args, name, None)
        for name in (
            "settings",
            "hubspot_contacts",
            "hubspot_companies",
            "hubspot_deals",
            "hubspot_owners",
            "salesforce",
        )
    )
    engine = _chosen(args)
    usable = (
        engine == "duckdb"
        and args.command == "plan"
        and not getattr(args, "redact", False)
        and len(inputs) == 1
        and inputs[0] != STDIN
        and not api
        and os.path.isfile(inputs[0])
        and _is_ndjson(inputs[0])
    )
    if not usable:
        if verbose:
            why = _why_python(args, engine, inputs, api=api)
            print(f"crmsync-rules: planned with the python engine ({why})", file=err)
        return None
    # Imported here: DuckDB takes 0.15 s to import, which the commands that
    # plan no file (and the small ones) need not pay.
    from crmsync_rules.engine import (  # noqa: PLC0415
        EngineUnsuitable,
        plan_ndjson,
        process_runner,
        render_ndjson,
    )

    from ._output import entry_ndjson  # noqa: PLC0415 (it imports this module's users)

    if getattr(args, "all_fields", False):
        fields = FieldDetail.ALL
    elif getattr(args, "fields", False) or getattr(args, "summary", False):
        fields = FieldDetail.CHANGES  # as `planned_stream` chooses
    else:
        fields = FieldDetail.NONE
    workers = os.cpu_count() or 1
    size = os.path.getsize(inputs[0])
    # Worker processes pay for themselves from a few megabytes of input.
    runner = process_runner(workers) if workers > 1 and size > 1 << 23 else None
    stream: PlanStream | RenderedStream
    try:
        # The summaries are counted in the workers, where the entries are
        # planned: with field writes the mapping summary and the estimate
        # from the writes (both printed even with --no-estimate, as
        # `summaries_of` decides), else the estimate from the actions.
        count: Callable[[], CallTally | FieldTallies] | None = None
        if fields is not FieldDetail.NONE:
            count = FieldTallies
        elif not getattr(args, "no_estimate", False):
            count = functools.partial(CallTally, from_field_writes=False)
        if args.format == "ndjson" and args.only is None:
            # The lines are made in the workers (`render_ndjson`).
            render = no_line if getattr(args, "summary", False) else entry_ndjson
            stream = RenderedStream(
                render_ndjson(
                    inputs[0], render, fields=fields, runner=runner, count=count
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
