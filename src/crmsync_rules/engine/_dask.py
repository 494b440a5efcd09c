"""The engine's batches as Dask tasks: the same batches `plan_ndjson`
plans in worker processes, on a `distributed` cluster (docs/cluster.md).

The part every batch shares (settings, owner directory) is scattered to
every worker once; each batch is one task (coarse on purpose: Dask pays
per task, not per record); the entries come back to the client, which
merges them into the plan's order. Needs the ``cluster`` extra."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import Any

from ._batch import BatchResult, Broadcast, plan_batch
from ._engine import BatchRunner
from ._lines import Batch, batch_lines

__all__ = ["dask_runner"]


def dask_runner(client: Any, /, *, in_flight: int | None = None) -> BatchRunner:
    """Run the batches on the cluster *client* (a `distributed.Client`),
    at most *in_flight* at a time (default: two per worker). The workers'
    disks are not the client's, so their entries come back in memory."""
    # The optional extra, imported when asked for; its API is untyped.
    distributed: Any = importlib.import_module("distributed")

    def run(
        broadcast: Broadcast,
        batches: Iterable[Batch],
        spill_dir: str | None,
    ) -> Iterator[BatchResult]:
        del spill_dir  # a worker's disk is not the client's
        limit = in_flight or 2 * max(1, len(client.scheduler_info()["workers"]))
        shared = client.scatter(broadcast, broadcast=True)
        pending = distributed.as_completed()
        for batch in batches:
            lines = batch_lines(batch)  # the workers' disks are not the client's
            pending.add(client.submit(plan_batch, shared, lines, pure=False))
            while pending.count() >= limit:
                yield next(pending).result()
        for future in pending:
            yield future.result()

    return run
