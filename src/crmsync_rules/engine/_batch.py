"""One batch of the bulk plan: whole connected components of records,
planned by the library's own planner with the part every batch shares (the
settings and the owner directory). Runs in a worker process or a Dask
task: everything it takes and returns can be pickled."""

from __future__ import annotations

import gc
import os
import pickle
import tempfile
from collections.abc import Iterator, Sequence
from typing import Final

import attrs

from crmsync_rules.codec._native import read_ndjson_line
from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import Record
from crmsync_rules.planner._fields import FieldDetail, PlanFields
from crmsync_rules.planner._plan import PlanEntry, Planner
from crmsync_rules.rules._lint import Finding

from ._keys import PLANNED_TYPES

__all__ = ["BatchResult", "Broadcast", "plan_batch", "read_spilled"]

_CHUNK: Final = 2048


@attrs.frozen
class Broadcast:
    """What every batch needs beside its own records: the settings, the
    owner directory's records, the name of the input (for the reasons of
    unreadable lines) and how much of the field-level plan to carry."""

    settings: IntegrationSettings
    owners: tuple[Record, ...]
    source: str
    fields: FieldDetail = FieldDetail.NONE


@attrs.frozen
class BatchResult:
    """A batch's plan: its entries in plan order (held, or spilled to
    the file *spilled*, as pickled chunks), the Salesforce owners its
    synced leads and contacts name (OWN-1), and its DUP-1 findings with
    their order keys."""

    count: int
    synced: frozenset[str]
    findings: tuple[tuple[str, Finding], ...]
    entries: tuple[PlanEntry, ...] = ()
    spilled: str | None = None


def plan_batch(
    broadcast: Broadcast,
    lines: Sequence[tuple[int, str]],
    /,
    *,
    spill_dir: str | None = None,
) -> BatchResult:
    """Plan the records on *lines* (numbered NDJSON lines) with the part
    every batch shares; with *spill_dir*, the entries are written there
    rather than returned."""
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
        entries = planner.entries()
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
        )
    finally:
        if enabled:
            gc.enable()


def _spill(entries: Iterator[PlanEntry], spill_dir: str) -> tuple[int, str]:
    """Write *entries* to a new file in *spill_dir*, in pickled chunks."""
    handle, path = tempfile.mkstemp(dir=spill_dir, suffix=".entries")
    count = 0
    with os.fdopen(handle, "wb") as file:
        chunk: list[PlanEntry] = []
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


def read_spilled(path: str, /) -> Iterator[PlanEntry]:
    """The entries `plan_batch` spilled to *path*, in order; the file is
    removed once read."""
    try:
        with open(path, "rb") as file:
            while True:
                try:
                    chunk: list[PlanEntry] = pickle.load(file)
                except EOFError:
                    break
                yield from chunk
    finally:
        os.unlink(path)
