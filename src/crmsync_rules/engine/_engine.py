"""The bulk engine's driver: DuckDB reads the NDJSON file, keys every
record and groups the records into connected components (the records one
record's decisions may reach); batches of whole components are planned
apart, in worker processes, by the library's own planner
(`crmsync_rules.engine._batch`); their entries are merged into the plan's
order. The plan is the one `plan_stream` makes of the same file, entry for
entry (a Hypothesis property in tests/property/test_engine_properties.py).
"""

from __future__ import annotations

import codecs
import concurrent.futures
import heapq
import multiprocessing
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

import duckdb

from crmsync_rules.codec._native import read_ndjson_line
from crmsync_rules.model._email import email_key_or_none
from crmsync_rules.model._errors import CrmSyncRulesError, SnapshotError
from crmsync_rules.model._salesforce_ids import salesforce_id_key
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.planner._entries import RECORD_TYPE_OF
from crmsync_rules.planner._fields import FieldDetail
from crmsync_rules.planner._plan import PlanEntry, Planner, PlanStream, plan_stream
from crmsync_rules.rules._lint import Finding

from ._batch import BatchResult, Broadcast, plan_batch, read_spilled
from ._keys import (
    BATCHES,
    COMPONENT_STEP,
    EDGES,
    LINES,
    MACROS,
    ODD_ADDRESSES,
    OWNER_TYPES,
    PLANNED_TYPES,
    RECORDS,
)

__all__ = [
    "BatchRunner",
    "EngineUnsuitable",
    "plan_ndjson",
    "process_runner",
    "serial_runner",
]

_KIND_INDEX: Final = {kind: n for n, kind in enumerate(RECORD_TYPE_OF.values())}
_LAST: Final = len(_KIND_INDEX)
_BLANK: Final = "(text IS NULL OR regexp_full_match(text, '[ \\t\\x0b\\x0c]*'))"
_PLANNED_SQL: Final = ", ".join(f"'{t}'" for t in PLANNED_TYPES)
_OWNERS_SQL: Final = ", ".join(f"'{t}'" for t in OWNER_TYPES)
_SCAN_CHUNK: Final = 1 << 24

BatchRunner = Callable[
    [Broadcast, Iterable[list[tuple[int, str]]], str | None], Iterator[BatchResult]
]
"""Runs `plan_batch` over batches of numbered lines, in any order of
completion: in this process, a process pool (`process_runner`) or a Dask
cluster (`crmsync_rules.engine.dask_runner`)."""


class EngineUnsuitable(CrmSyncRulesError):
    """The bulk engine cannot read this input exactly as the codec does
    (a carriage return or a control character in a line, text that is not
    UTF-8, a record DuckDB cannot parse); the caller plans it with
    `plan_stream` instead."""


def _scan(path: str) -> None:
    """Check that DuckDB's reading of *path* line by line agrees with the
    codec's: UTF-8, no carriage return, no unit separator, no NUL."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    with open(path, "rb") as file:
        while chunk := file.read(_SCAN_CHUNK):
            if b"\r" in chunk or b"\x1f" in chunk or b"\x00" in chunk:
                raise EngineUnsuitable(
                    f"{path}: a line holds a carriage return or a control character"
                )
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise EngineUnsuitable(f"{path}: not UTF-8 ({exc})") from None
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise EngineUnsuitable(f"{path}: not UTF-8 ({exc})") from None


def _order(planned: PlanEntry) -> tuple[Any, ...]:
    """Where *planned* goes in the plan (`SyncPlan`'s order): by record type
    then id as the planner compares it (a Salesforce id by its key, DUP-7);
    unreadable records last, by line, then path."""
    if planned.line is not None or planned.path is not None:
        path = re.split(r"(\d+)", planned.path or "")
        return (
            _LAST,
            planned.line or 0,
            tuple(int(p) if n % 2 else p for n, p in enumerate(path)),
        )
    record_id = planned.record_id or ""
    if planned.record_type.startswith("salesforce"):
        record_id = salesforce_id_key(record_id)
    return (_KIND_INDEX[planned.record_type], record_id)


def serial_runner(
    broadcast: Broadcast,
    batches: Iterable[list[tuple[int, str]]],
    spill_dir: str | None,
) -> Iterator[BatchResult]:
    """Each batch in this process, one after the other."""
    for lines in batches:
        yield plan_batch(broadcast, lines, spill_dir=spill_dir)


_WORKER_BROADCAST: list[Broadcast] = []


def _worker_start(broadcast: Broadcast) -> None:
    _WORKER_BROADCAST[:] = [broadcast]


def _worker_batch(lines: list[tuple[int, str]], spill_dir: str | None) -> BatchResult:
    return plan_batch(_WORKER_BROADCAST[0], lines, spill_dir=spill_dir)


def process_runner(workers: int) -> BatchRunner:
    """Batches in a pool of *workers* processes (spawned: DuckDB's threads
    do not survive a fork), at most two batches a worker in flight."""

    def run(
        broadcast: Broadcast,
        batches: Iterable[list[tuple[int, str]]],
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
        parts: list[Iterator[PlanEntry]],
        spill_dir: str,
    ) -> None:
        self.settings = settings
        self.size = size
        self._findings = findings
        self._parts = parts
        self._spill_dir = spill_dir

    def findings(self) -> tuple[Finding, ...]:
        return self._findings

    def entries(self) -> Iterator[PlanEntry]:
        try:
            yield from heapq.merge(*self._parts, key=_order)
        finally:
            _remove(self._spill_dir)


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
    batch_size: int = 50_000,
    threads: int | None = None,
    spill: bool = True,
) -> PlanStream:
    """Plan the NDJSON file at *path* on the bulk engine: the plan
    `plan_stream(iter_ndjson(lines))` makes, entry for entry and finding for
    finding. *source* names the input in reasons (default: *path*);
    *fields* as in `plan`; *runner* plans the batches of about
    *batch_size* records (default: in this process); *threads* are
    DuckDB's; with *spill*, each batch's entries wait on disk for the merge.

    Raises `SnapshotError` where `plan_stream` would, and
    `EngineUnsuitable` for an input the engine does not read exactly as the
    codec does (the caller then uses `plan_stream`)."""
    name = path if source is None else source
    _scan(path)
    con = duckdb.connect(config={"threads": threads or os.cpu_count() or 1})
    spill_dir = tempfile.mkdtemp(prefix="crmsync-engine-")
    con.execute(f"SET temp_directory = '{spill_dir}'")
    try:
        con.execute(MACROS)
        try:
            con.execute(LINES, {"path": path})
        except duckdb.Error as exc:
            raise EngineUnsuitable(f"{path}: DuckDB cannot read it ({exc})") from None
        con.execute(RECORDS)
        first = con.execute(
            f"SELECT n, text FROM lines WHERE NOT {_BLANK} ORDER BY n LIMIT 1"
        ).fetchall()
        settings = next(_parse(first, name), None)
        if not isinstance(settings, IntegrationSettings):
            plan_stream([] if settings is None else [settings])  # raises
            raise AssertionError("unreachable")  # pragma: no cover
        settings_line = first[0][0]
        size = (
            con.execute(f"SELECT count(*) FROM lines WHERE NOT {_BLANK}").fetchall()[0][
                0
            ]
            - 1
        )
        loose: list[UnreadableLine] = []
        rows = con.execute(
            "SELECT l.n, l.text FROM recs JOIN lines l USING (n) "
            f"WHERE l.n <> $first AND (t IS NULL OR t NOT IN ({_PLANNED_SQL})) "
            "ORDER BY l.n",
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
        while True:
            con.execute(COMPONENT_STEP)
            changed = con.execute(
                "SELECT count(*) FROM lab3 JOIN lab USING (n) WHERE lab3.l <> lab.l"
            ).fetchall()[0][0]
            con.execute("CREATE OR REPLACE TEMP TABLE lab AS SELECT * FROM lab3")
            if not changed:
                break
        con.execute(BATCHES, {"size": batch_size})
        broadcast = Broadcast(settings, tuple(owners), name, fields)
        results = list(
            (runner or serial_runner)(
                broadcast, _batches(con), spill_dir if spill else None
            )
        )
    except BaseException:
        con.close()
        _remove(spill_dir)
        raise
    con.close()
    return PlanStream(_finish(broadcast, size, loose, results, spill_dir))


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


def _batches(con: duckdb.DuckDBPyConnection) -> Iterator[list[tuple[int, str]]]:
    """The numbered lines of each batch, batch by batch."""
    cursor = con.execute(
        "SELECT bat.b, lines.n, lines.text FROM lab JOIN bat USING (l) "
        "JOIN lines USING (n) ORDER BY bat.b, lines.n"
    )
    batch: list[tuple[int, str]] = []
    current = None
    while rows := cursor.fetchmany(10_000):
        for b, n, text in rows:
            if b != current and batch:
                yield batch
                batch = []
            current = b
            batch.append((n, text))
    if batch:
        yield batch


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
    parts: list[Iterator[PlanEntry]] = [owners.entries()]
    for result in results:
        if result.spilled is not None:
            parts.append(read_spilled(result.spilled))
        else:
            parts.append(iter(result.entries))
    return _EnginePlan(broadcast.settings, size, findings, parts, spill_dir)
