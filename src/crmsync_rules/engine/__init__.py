"""The bulk engine: what moves a plan's data in bulk (docs/performance.md).

`write_parquet` writes a plan's entries as one Parquet file, one row per
entry, its reasons and field writes as nested columns (docs/plan.md)."""

from ._parquet import PARQUET_COLUMNS, parquet_row, write_parquet

__all__ = ["PARQUET_COLUMNS", "parquet_row", "write_parquet"]
