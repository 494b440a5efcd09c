"""One batch of the bulk plan: whole connected components of records,
planned by the library's own planner with the part every batch shares (the
settings and the owner directory). Runs in a worker process or a Dask
task: everything it takes and returns can be pickled."""

from __future__ import annotations

import gc
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, Protocol

import attrs

from crmsync_rules.codec._native import read_ndjson_line
from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._salesforce_ids import salesforce_id_key
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import Record
from crmsync_rules.planner._entries import RECORD_TYPE_OF
from crmsync_rules.planner._fields import FieldDetail, PlanFields
from crmsync_rules.planner._plan import PlanEntry, Planner
from crmsync_rules.rules._lint import Finding

from ._keys import PLANNED_TYPES
from ._lines import Batch, batch_lines

__all__ = [
    "BatchResult",
    "Broadcast",
    "Tally",
    "counted",
    "order_key",
    "plan_batch",
    "read_spilled",
    "rendered",
]

_CHUNK: Final = 1024
_KIND_INDEX: Final = {kind: n for n, kind in enumerate(RECORD_TYPE_OF.values())}
_LAST: Final = len(_KIND_INDEX)


def order_key(planned: PlanEntry) -> tuple[Any, ...]:
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


def rendered(
    entries: Iterable[PlanEntry], render: Callable[[PlanEntry], str]
) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """*entries* as the merge takes them when they are rendered where they
    are planned: order key, action and the rendered text."""
    for planned in entries:
        yield order_key(planned), planned.action.value, render(planned)


class Tally(Protocol):
    """What counts a plan's entries one by one, in any order (the API
    call estimate's `CallTally`): a batch's entries are counted in the
    batch, and the tallies are added up once every batch is planned."""

    def add(self, entry: PlanEntry, /) -> None: ...


def counted(entries: Iterable[PlanEntry], tally: Tally) -> Iterator[PlanEntry]:
    """*entries*, each added to *tally* as it passes."""
    add = tally.add
    for planned in entries:
        add(planned)
        yield planned


@attrs.frozen
class Broadcast:
    """What every batch needs beside its own records: the settings, the
    owner directory's records, the name of the input (for the reasons of
    unreadable lines) and how much of the field-level plan to carry."""

    settings: IntegrationSettings
    owners: tuple[Record, ...]
    source: str
    fields: FieldDetail = FieldDetail.NONE
    render: Callable[[PlanEntry], str] | None = None
    """When given, a batch returns each entry as (order key, action,
    ``render(entry)``): the command line's output lines, made in the
    workers rather than unpickled and made in one process."""
    count: Callable[[], Tally] | None = None
    """When given (a picklable factory of a `Tally`, e.g. the command
    line's API call estimate), each batch counts its entries in one where
    they are planned and returns it (`BatchResult.tally`), so that a plan
    whose entries are rendered where they are planned still has its counts
    without its entries crossing processes."""


@attrs.frozen
class BatchResult:
    """A batch's plan: its entries in plan order (held, or spilled to
    the file *spilled*, as pickled chunks), the Salesforce owners its
    synced leads and contacts name (OWN-1), its DUP-1 findings with
    their order keys, and its entries' tally (with `Broadcast.count`)."""

    count: int
    synced: frozenset[str]
    findings: tuple[tuple[str, Finding], ...]
    entries: tuple[Any, ...] = ()
    spilled: str | None = None
    tally: Tally | None = None


def plan_batch(
    broadcast: Broadcast,
    batch: Batch,
    /,
    *,
    spill_dir: str | None = None,
) -> BatchResult:
    """Plan the records of *batch* (numbered NDJSON lines, or their
    numbers in the file) with the part every batch shares; with
    *spill_dir*, the entries are written there rather than returned."""
    lines = batch_lines(batch)
    enabled = gc.isenabled()
    gc.disable()  # the batch's records and entries are freed by reference counts
    try:
        planner = Planner(broadcast.settings)
        for owner in broadcast.owners:
            planner.add(owner)
        for number, text in lines:
            value = read_ndjson_line(text, line=number, source=broadcast.source)
            if isinstance(value, IntegrationSettings):
                raise SnapshotError(
                    ["the settings must come once, got a second settings"]
                )
            planner.add(value)
        planner.kinds = PLANNED_TYPES
        planner.index()
        if broadcast.fields is not FieldDetail.NONE:
            planner.fields = PlanFields(planner, broadcast.fields)
        findings = tuple(planner.address_findings())
        entries: Iterator[Any] = planner.entries()
        tally = None if broadcast.count is None else broadcast.count()
        if tally is not None:
            entries = counted(entries, tally)
        if broadcast.render is not None:
            entries = rendered(entries, broadcast.render)
        if spill_dir is None:
            held = tuple(entries)
            count, spilled = len(held), None
        else:
            held = ()
            count, spilled = _spill(entries, spill_dir)
        return BatchResult(
            count=count,
            synced=planner.owner_ids.synced(),
            findings=findings,
            entries=held,
            spilled=spilled,
            tally=tally,
        )
    finally:
        if enabled:
            gc.enable()


def _spill(entries: Iterator[Any], spill_dir: str) -> tuple[int, str]:
    """Write *entries* to a new file in *spill_dir*, in pickled chunks."""
    handle, path = tempfile.mkstemp(dir=spill_dir, suffix=".entries")
    count = 0
    with os.fdopen(handle, "wb") as file:
        chunk: list[Any] = []
        for planned in entries:
            chunk.append(planned)
            if len(chunk) == _CHUNK:
                pickle.dump(chunk, file, protocol=pickle.HIGHEST_PROTOCOL)
                count += len(chunk)
                chunk = []
        if chunk:
            pickle.dump(chunk, file, protocol=pickle.HIGHEST_PROTOCOL)
            count += len(chunk)
    return count, path


def read_spilled(path: str, /) -> Iterator[Any]:
    """The entries `plan_batch` spilled to *path*, in order; the file is
    removed once read."""
    try:
        with open(path, "rb") as file:
            while True:
                try:
                    chunk: list[Any] = pickle.load(file)
                except EOFError:
                    break
                yield from chunk
    finally:
        os.unlink(path)
