"""The bulk engine: a snapshot planned by DuckDB and the library's planner
together (docs/performance.md, "The bulk engine"), and plans written in
bulk.

DuckDB reads the NDJSON file, keys every record by the ids and email key
its decisions reach other records by, and groups the records into connected
components; batches of whole components are planned apart, each by the
library's own planner with the settings and the owner directory, in worker
processes or on a Dask cluster; their entries are merged into the plan's
order. Every rule and every reason still comes from the decision
functions: the plan is `plan_stream`'s, entry for entry.

`write_parquet` writes a plan's entries as one Parquet file, one row per
entry, its reasons and field writes as nested columns (docs/plan.md).

This layer reads and writes files; the pure core (model, rules, planner)
never imports it.
"""

from ._batch import BatchResult, Broadcast, plan_batch
from ._dask import dask_runner
from ._engine import (
    MAX_LINE,
    BatchRunner,
    EngineUnsuitable,
    RenderedPlan,
    plan_ndjson,
    process_runner,
    render_ndjson,
    serial_runner,
)
from ._parquet import PARQUET_COLUMNS, parquet_row, write_parquet

__all__ = [
    "MAX_LINE",
    "PARQUET_COLUMNS",
    "BatchResult",
    "BatchRunner",
    "Broadcast",
    "EngineUnsuitable",
    "RenderedPlan",
    "dask_runner",
    "parquet_row",
    "plan_batch",
    "plan_ndjson",
    "process_runner",
    "render_ndjson",
    "serial_runner",
    "write_parquet",
]
