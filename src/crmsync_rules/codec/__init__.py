"""The codec layer: strict JSON, the project's own snapshot and NDJSON
formats, and the real APIs' payloads. The only layer that knows JSON.

As a public module it holds the readers and writers of every format
(docs/codec.md).
"""

from crmsync_rules.codec._codec import (
    NDJSON_TYPES,
    PageInfo,
    UnreadableLine,
    dump_snapshot,
    dumps_ndjson,
    dumps_snapshot,
    iter_hubspot,
    iter_hubspot_owners,
    iter_ndjson,
    iter_salesforce,
    iter_snapshot,
    load_snapshot,
    loads_snapshot,
    page_info,
    read_hubspot,
    read_hubspot_owners,
    read_ndjson_line,
    read_salesforce,
    structure,
    unstructure,
)

__all__ = [
    "NDJSON_TYPES",
    "PageInfo",
    "UnreadableLine",
    "dump_snapshot",
    "dumps_ndjson",
    "dumps_snapshot",
    "iter_hubspot",
    "iter_hubspot_owners",
    "iter_ndjson",
    "iter_salesforce",
    "iter_snapshot",
    "load_snapshot",
    "loads_snapshot",
    "page_info",
    "read_hubspot",
    "read_hubspot_owners",
    "read_ndjson_line",
    "read_salesforce",
    "structure",
    "unstructure",
]
