"""The bulk engine's driver: DuckDB reads the NDJSON file, keys every
record and groups the records into connected components (the records one
record's decisions may reach); batches of whole components are planned
apart, in worker processes, by the library's own planner
(`crmsync_rules.engine._batch`); their entries are merged into the plan's
order. The plan is the one `plan_stream` makes of the same file, entry for
entry (a Hypothesis property in tests/property/test_engine_properties.py).
"""

from __future__ import annotations

import array
import concurrent.futures
import heapq
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

import duckdb

from crmsync_rules.codec._native import read_ndjson_line
from crmsync_rules.model._email import email_key_or_none
from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.planner._entries import RECORD_TYPE_OF
from crmsync_rules.planner._fields import FieldDetail
from crmsync_rules.planner._plan import PlanEntry, Planner, PlanStream, plan_stream
from crmsync_rules.rules._lint import Finding

from ._batch import (
    BatchResult,
    Broadcast,
    Tally,
    counted,
    order_key,
    plan_batch,
    read_spilled,
    rendered,
)
from ._components import components
from ._keys import (
    BATCH_LINES,
    BATCHES,
    EDGES,
    LINES,
    MACROS,
    ODD_ADDRESSES,
    OWNER_TYPES,
    PLANNED_TYPES,
    RECORDS,
)
from ._lines import Batch, EngineUnsuitable, LineRefs, scan_lines

__all__ = [
    "MAX_LINE",
    "BatchRunner",
    "EngineUnsuitable",
    "RenderedPlan",
    "plan_ndjson",
    "process_runner",
    "render_ndjson",
    "serial_runner",
]

_BLANK: Final = "(text IS NULL OR regexp_full_match(text, '[ \\t\\x0b\\x0c]*'))"
_PLANNED_SQL: Final = ", ".join(f"'{t}'" for t in PLANNED_TYPES)
_OWNERS_SQL: Final = ", ".join(f"'{t}'" for t in OWNER_TYPES)
_MAX_BATCHES: Final = 256
MAX_LINE: Final = 1 << 25
"""The longest NDJSON line (in bytes) the engine reads by default: 32 MiB,
also the size of each of DuckDB's read buffers. A file with a longer line
raises `EngineUnsuitable` (the CLI then plans it in Python)."""

DUCKDB_MEMORY: Final = "512MB"
"""DuckDB's memory limit in the planning process; beyond it, DuckDB spills
to the engine's temporary directory."""

BatchRunner = Callable[[Broadcast, Iterable[Batch], str | None], Iterator[BatchResult]]
"""Runs `plan_batch` over batches of numbered lines, in any order of
completion: in this process, a process pool (`process_runner`) or a Dask
cluster (`crmsync_rules.engine.dask_runner`)."""


def serial_runner(
    broadcast: Broadcast,
    batches: Iterable[Batch],
    spill_dir: str | None,
) -> Iterator[BatchResult]:
    """Each batch in this process, one after the other."""
    for lines in batches:
        yield plan_batch(broadcast, lines, spill_dir=spill_dir)


_WORKER_BROADCAST: list[Broadcast] = []


def _worker_start(broadcast: Broadcast) -> None:
    _WORKER_BROADCAST[:] = [broadcast]


def _worker_batch(lines: Batch, spill_dir: str | None) -> BatchResult:
    return plan_batch(_WORKER_BROADCAST[0], lines, spill_dir=spill_dir)


def process_runner(workers: int) -> BatchRunner:
    """Batches in a pool of *workers* processes (spawned: DuckDB's threads
    do not survive a fork), at most two batches a worker in flight."""

    def run(
        broadcast: Broadcast,
        batches: Iterable[Batch],
        spill_dir: str | None,
    ) -> Iterator[BatchResult]:
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_worker_start,
            initargs=(broadcast,),
        ) as pool:
            pending: set[concurrent.futures.Future[BatchResult]] = set()
            for lines in batches:
                pending.add(pool.submit(_worker_batch, lines, spill_dir))
                if len(pending) >= 2 * workers:
                    done, pending = concurrent.futures.wait(
                        pending, return_when=concurrent.futures.FIRST_COMPLETED
                    )
                    for future in done:
                        yield future.result()
            for future in concurrent.futures.as_completed(pending):
                yield future.result()

    return run


class _EnginePlan:
    """What `PlanStream` reads a plan from (`_Planned`): the settings, the
    findings and the entries, merged from the batches."""

    def __init__(
        self,
        settings: IntegrationSettings,
        size: int,
        findings: tuple[Finding, ...],
        parts: list[Iterator[Any]],
        spill_dir: str,
        *,
        tallies: list[Tally],
    ) -> None:
        self.settings = settings
        self.size = size
        self._findings = findings
        self._parts = parts
        self._spill_dir = spill_dir
        self.tallies = tallies

    def findings(self) -> tuple[Finding, ...]:
        return self._findings

    def entries(self) -> Iterator[PlanEntry]:
        try:
            yield from heapq.merge(*self._parts, key=order_key)
        finally:
            _remove(self._spill_dir)

    def rendered(self) -> Iterator[tuple[str, str]]:
        """The entries' actions and rendered texts, in the plan's order
        (with `Broadcast.render`)."""
        try:
            # No key function: an entry's order key comes first in its tuple
            # and no two batches hold the same key (one record, one batch).
            for _, action, text in heapq.merge(*self._parts):
                yield action, text
        finally:
            _remove(self._spill_dir)


class RenderedPlan:
    """A plan whose entries were rendered where they were planned
    (`render_ndjson`): ``settings``, ``findings`` and ``records`` as a
    `PlanStream`'s; iterating yields each entry's action and text."""

    def __init__(self, plan: _EnginePlan) -> None:
        self._plan = plan
        self.settings = plan.settings
        self.findings = plan.findings()
        self.records = plan.size

    @property
    def tallies(self) -> tuple[Tally, ...]:
        """With ``count``: the tallies of the batches and of the owners'
        entries, which together counted every entry once the plan has been
        read (the owners' entries are counted as they are merged)."""
        return tuple(self._plan.tallies)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return self._plan.rendered()


def _parse(rows: Iterable[tuple[int, str]], source: str) -> Iterator[Any]:
    for number, text in rows:
        yield read_ndjson_line(text, line=number, source=source)


def plan_ndjson(
    path: str,
    /,
    *,
    source: str | None = None,
    fields: FieldDetail = FieldDetail.NONE,
    runner: BatchRunner | None = None,
    batch_size: int = 20_000,
    threads: int | None = None,
    spill: bool = True,
    max_line: int = MAX_LINE,
) -> PlanStream:
    """Plan the NDJSON file at *path* on the bulk engine: the plan
    `plan_stream(iter_ndjson(lines))` makes, entry for entry and finding for
    finding. *source* names the input in reasons (default: *path*);
    *fields* as in `plan`; *runner* plans the batches of about
    *batch_size* records (default: in this process); *threads* are
    DuckDB's; with *spill*, each batch's entries wait on disk for the merge;
    *max_line* is the longest line read (`MAX_LINE`).

    Raises `SnapshotError` where `plan_stream` would, and
    `EngineUnsuitable` for an input the engine does not read exactly as the
    codec does (the caller then uses `plan_stream`)."""
    planned = _plan_file(
        path=path,
        source=source,
        fields=fields,
        runner=runner,
        batch_size=batch_size,
        threads=threads,
        spill=spill,
        render=None,
        max_line=max_line,
    )
    return PlanStream(planned)


def render_ndjson(
    path: str,
    render: Callable[[PlanEntry], str],
    /,
    *,
    source: str | None = None,
    fields: FieldDetail = FieldDetail.NONE,
    runner: BatchRunner | None = None,
    batch_size: int = 20_000,
    threads: int | None = None,
    max_line: int = MAX_LINE,
    count: Callable[[], Tally] | None = None,
) -> RenderedPlan:
    """`plan_ndjson`, each entry rendered by *render* (a picklable
    function) where it is planned: the command line's NDJSON lines made in
    the worker processes, so that the one process that writes them does
    little more than write. With *count* (a picklable factory of a
    `Tally`), the entries are also counted where they are planned:
    `RenderedPlan.tallies` once the plan has been read."""
    planned = _plan_file(
        path=path,
        source=source,
        fields=fields,
        runner=runner,
        batch_size=batch_size,
        threads=threads,
        spill=True,
        render=render,
        max_line=max_line,
        count=count,
    )
    return RenderedPlan(planned)


def _plan_file(
    *,
    path: str,
    source: str | None,
    fields: FieldDetail,
    runner: BatchRunner | None,
    batch_size: int,
    threads: int | None,
    spill: bool,
    render: Callable[[PlanEntry], str] | None,
    max_line: int = MAX_LINE,
    count: Callable[[], Tally] | None = None,
) -> _EnginePlan:
    name = path if source is None else source
    spill_dir = tempfile.mkdtemp(prefix="crmsync-engine-")
    offsets = os.path.join(spill_dir, "lines.offsets")
    con = duckdb.connect(
        config={
            "threads": threads or os.cpu_count() or 1,
            # Beyond this DuckDB spills to the engine's temporary directory.
            # 512 MB, not 1 GB: the same time at 1M + 1M, and the client's
            # peak RSS 676 MiB instead of 1,136 (issue 7's 1 GiB for the
            # command line; docs/performance.md, "The targets, measured").
            "memory_limit": DUCKDB_MEMORY,
        }
    )
    con.execute(f"SET temp_directory = '{spill_dir}'")
    try:
        con.execute(MACROS)
        # The codec's checks and the line offsets (Python) while DuckDB reads
        # the lines (its threads, without the GIL); a refusal comes first.
        with concurrent.futures.ThreadPoolExecutor(1) as scanner:
            scanned = scanner.submit(scan_lines, path, offsets)
            try:
                con.execute(LINES, {"path": path, "max_line": max_line})
            except duckdb.Error as exc:
                scanned.result()
                raise EngineUnsuitable(
                    f"{path}: DuckDB cannot read it ({exc})"
                ) from None
            counted_lines = scanned.result()
        con.execute(RECORDS)
        first = con.execute(
            f"SELECT n, text FROM lines WHERE NOT {_BLANK} ORDER BY n LIMIT 1"
        ).fetchall()
        settings = next(_parse(first, name), None)
        if not isinstance(settings, IntegrationSettings):
            plan_stream([] if settings is None else [settings])  # raises
            raise AssertionError("unreachable")  # pragma: no cover
        settings_line = first[0][0]
        counted = con.execute(f"SELECT count(*) FROM lines WHERE NOT {_BLANK}")
        size = counted.fetchall()[0][0] - 1  # the settings are no record
        loose: list[UnreadableLine] = []
        rows = con.execute(
            "SELECT l.n, l.text FROM lines l LEFT JOIN recs USING (n) "
            f"WHERE l.n <> $first AND NOT {_BLANK} "
            f"AND (t IS NULL OR t NOT IN ({_PLANNED_SQL})) ORDER BY l.n",
            {"first": settings_line},
        ).fetchall()
        owners: list[Record] = []
        for value in _parse(rows, name):
            if isinstance(value, IntegrationSettings):
                raise SnapshotError(
                    ["the settings must come once, got a second settings"]
                )
            if isinstance(value, UnreadableLine):
                loose.append(value)
            elif RECORD_TYPE_OF[type(value)] in OWNER_TYPES:
                owners.append(value)
            else:
                raise EngineUnsuitable(
                    f"{path}: DuckDB could not read the record on one line"
                )
        del rows
        odd = [e for (e,) in con.execute(ODD_ADDRESSES).fetchall()]
        con.execute("CREATE TEMP TABLE ekeys (email VARCHAR, key VARCHAR)")
        if odd:
            con.execute(
                "INSERT INTO ekeys SELECT unnest($e), unnest($k)",
                {"e": odd, "k": [email_key_or_none(e) for e in odd]},
            )
        con.execute(EDGES.format(planned=_PLANNED_SQL))
        lines = con.execute("SELECT count(*) FROM lines").fetchall()[0][0]
        if lines != counted_lines:  # the batches' line numbers would be wrong
            raise EngineUnsuitable(
                f"{path}: DuckDB read {lines} lines, not {counted_lines}"
            )
        components(con, lines)
        planned = con.execute(
            f"SELECT count(*) FROM recs WHERE t IN ({_PLANNED_SQL})"
        ).fetchall()[0][0]
        # At most _MAX_BATCHES batches: the merge holds one chunk of each.
        per_batch = max(batch_size, -(-planned // _MAX_BATCHES))
        con.execute(BATCHES.format(planned=_PLANNED_SQL), {"size": per_batch})
        con.execute(BATCH_LINES)
        broadcast = Broadcast(settings, tuple(owners), name, fields, render, count)
        results = list(
            (runner or serial_runner)(
                broadcast, _batches(con, path, offsets), spill_dir if spill else None
            )
        )
    except BaseException:
        con.close()
        _remove(spill_dir)
        raise
    con.close()
    return _finish(broadcast, size, loose, results, spill_dir)


def _remove(directory: str) -> None:
    """Remove *directory* and what DuckDB and the batches left in it."""
    if not os.path.isdir(directory):
        return
    for entry in os.scandir(directory):
        if entry.is_dir():
            _remove(entry.path)
        else:
            os.unlink(entry.path)
    os.rmdir(directory)


def _batches(
    con: duckdb.DuckDBPyConnection, path: str, offsets: str
) -> Iterator[LineRefs]:
    """Each batch's line numbers, batch by batch (its lines are read where
    it is planned). One query a batch over ``batch_lines``, which is sorted
    by batch (DuckDB reads only its row groups): a single ``GROUP BY`` of
    every line number into lists cannot spill, and ran out of DuckDB's memory
    at 10M + 10M."""
    batches = con.execute("SELECT DISTINCT b FROM bat ORDER BY b").fetchall()
    for (b,) in batches:
        (numbers,) = con.execute(
            "SELECT list(n ORDER BY n) FROM batch_lines WHERE b = $b", {"b": b}
        ).fetchall()[0]
        yield LineRefs(path, offsets, array.array("q", numbers).tobytes())


def _finish(
    broadcast: Broadcast,
    size: int,
    loose: list[UnreadableLine],
    results: list[BatchResult],
    spill_dir: str,
) -> _EnginePlan:
    """The plan from the batches' results: the owners' entries (OWN-1 needs
    every batch's synced owners) and the unreadable lines no batch holds,
    merged with the batches' entries; the findings in the plan's order."""
    owners = Planner(broadcast.settings)
    for owner in broadcast.owners:
        owners.add(owner)
    for line in loose:
        owners.add(line)
    owners.kinds = OWNER_TYPES
    owners.index()
    for result in results:
        for owner_id in result.synced:
            owners.owner_ids.add_synced(owner_id)
    merged = heapq.merge(
        *(result.findings for result in results), key=lambda found: found[0]
    )
    findings = (*owners.findings(), *(finding for _, finding in merged))
    parts: list[Iterator[Any]] = [owners.entries()]
    tallies = [result.tally for result in results if result.tally is not None]
    if broadcast.count is not None:
        tallies.append(broadcast.count())  # the owners', counted as merged
        parts = [counted(parts[0], tallies[-1])]
    if broadcast.render is not None:
        parts = [rendered(parts[0], broadcast.render)]
    for result in results:
        if result.spilled is not None:
            parts.append(read_spilled(result.spilled))
        else:
            parts.append(iter(result.entries))
    return _EnginePlan(
        broadcast.settings, size, findings, parts, spill_dir, tallies=tallies
    )
