"""The bulk plan put together once every batch is planned: the owners'
entries (OWN-1 needs every batch's synced owners) and the unreadable
records no batch holds, merged with the batches' sorted entries into the
plan's order (`SyncPlan`'s), and the findings in the plan's order."""

from __future__ import annotations

import heapq
import itertools
import os
from collections.abc import Iterator
from typing import Any

from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.planner._plan import PlanEntry, Planner
from crmsync_rules.rules._lint import Finding

from ._batch import (
    BatchResult,
    Broadcast,
    Tally,
    counted,
    order_key,
    read_spilled,
    rendered,
)
from ._keys import OWNER_TYPES

__all__ = ["EnginePlan", "RenderedPlan", "finish", "remove"]


class EnginePlan:
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
        tail: Iterator[Any] | None = None,
    ) -> None:
        self.settings = settings
        self.size = size
        self._findings = findings
        self._parts = parts
        self._tail: Iterator[Any] = iter(()) if tail is None else tail
        self._spill_dir = spill_dir
        self.tallies = tallies

    def findings(self) -> tuple[Finding, ...]:
        return self._findings

    def entries(self) -> Iterator[PlanEntry]:
        try:
            yield from heapq.merge(*self._parts, key=order_key)
            yield from self._tail
        finally:
            remove(self._spill_dir)

    def rendered(self) -> Iterator[tuple[str, str]]:
        """The entries' actions and rendered texts, in the plan's order
        (with `Broadcast.render`)."""
        try:
            # No key function: an entry's order key comes first in its tuple
            # and no two batches hold the same key (one record, one batch).
            for _, action, text in itertools.chain(
                heapq.merge(*self._parts), self._tail
            ):
                yield action, text
        finally:
            remove(self._spill_dir)


class RenderedPlan:
    """A plan whose entries were rendered where they were planned
    (`render_ndjson`): ``settings``, ``findings`` and ``records`` as a
    `PlanStream`'s; iterating yields each entry's action and text."""

    def __init__(self, plan: EnginePlan) -> None:
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


def remove(directory: str) -> None:
    """Remove *directory* and what DuckDB and the batches left in it."""
    if not os.path.isdir(directory):
        return
    for entry in os.scandir(directory):
        if entry.is_dir():
            remove(entry.path)
        else:
            os.unlink(entry.path)
    os.rmdir(directory)


def finish(
    broadcast: Broadcast,
    size: int,
    loose: list[UnreadableLine],
    results: list[BatchResult],
    spill_dir: str,
    *,
    extra: list[UnreadableLine],
) -> EnginePlan:
    """The plan from the batches' results: the owners' entries (OWN-1 needs
    every batch's synced owners) and the unreadable lines no batch holds,
    merged with the batches' entries; the findings in the plan's order.
    The *extra* unreadable records (`plan_values`: no line of the file
    holds them) come after all of those, in the planner's order of them
    (by source, then line or JSON path): one may have neither a line nor a
    path, which `order_key` could not place among the others."""
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
    rejected = Planner(broadcast.settings)
    for line in extra:
        rejected.add(line)
    rejected.index()
    # The settings' findings come from the owners' planner, once.
    findings = (*owners.findings(), *(finding for _, finding in merged))
    parts: list[Iterator[Any]] = [owners.entries()]
    tail: Iterator[Any] = rejected.entries()
    tallies = [result.tally for result in results if result.tally is not None]
    if broadcast.count is not None:
        tallies.append(broadcast.count())  # the owners', counted as merged
        parts = [counted(parts[0], tallies[-1])]
        tail = counted(tail, tallies[-1])
    if broadcast.render is not None:
        parts = [rendered(parts[0], broadcast.render)]
        tail = rendered(tail, broadcast.render)
    for result in results:
        if result.spilled is not None:
            parts.append(read_spilled(result.spilled))
        else:
            parts.append(iter(result.entries))
    return EnginePlan(
        broadcast.settings, size, findings, parts, spill_dir, tallies=tallies, tail=tail
    )
