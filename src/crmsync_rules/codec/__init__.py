"""The codec layer: the only layer that knows JSON.

Two jobs:

* the project's own snapshot format: settings plus both systems' records,
  keys named as the Python attributes, defaults omitted on output;
  `structure`/`unstructure` round-trip every public value;
* readers for the real APIs' payload shapes (HubSpot CRM v3 objects and the
  owners API, Salesforce REST query results), so a team behind its own
  transport can feed raw responses in.

Strictness is the point: a string where a number belongs, ``"true"`` where a
boolean belongs, an unknown enum value or an unknown key in our own format is
refused, never coerced or ignored, and every problem is reported at once with
its JSON path (``"message @ $.hubspot.contacts[3].email"``) in one
`SnapshotError`. API payloads are the one place where unknown keys are
ignored: the APIs return fields nobody asked for (``hs_object_id``,
``createdate``, SOQL's extra columns), and refusing them would refuse every
real response.

Every format can also be read record by record (`iter_ndjson`,
`iter_snapshot`, `iter_hubspot`, `iter_hubspot_owners`, `iter_salesforce`):
a record that cannot be read is an `UnreadableLine` holding its problems,
and reading goes on, so that one bad value costs only its record (the
planner rejects it, ERR-1). `page_info` says whether an API response is the
last page of its result.

Exports as teams have them, files of many shapes, are read by
`read_export`: each file a `Document` (its name and its bytes, or a
function that opens it: the codec does no path I/O), sorted by its content
between the HubSpot and Salesforce readers and the project's own formats;
the result, an `ExportRead`, holds the records, the rejected ones, what
each file was recognised as and what is missing.

Its modules: `_json` (strict parsing, how problems quote values),
`_convert` (the cattrs converter: `structure`, `unstructure`), `_native`
(the snapshot and NDJSON formats), `_payload` and `_api` (the APIs' fields
and their readers), `_shapes` (`page_info`, what a document looks like),
`_exports` (`Document`, `ExportRead`), `_json_stream` (a large JSON page read
item by item), `_read_export` (`read_export`) and the two systems' export
readers, `_hubspot_export` and `_salesforce_export`; `_settings_file` (the
settings file people write: the UI's sync-rule words, comment keys,
`settings_schema`, `settings_example`).
"""

from crmsync_rules.codec._api import (
    iter_hubspot,
    iter_hubspot_owners,
    iter_salesforce,
    read_hubspot,
    read_hubspot_owners,
    read_salesforce,
)
from crmsync_rules.codec._convert import structure, unstructure
from crmsync_rules.codec._exports import (
    Document,
    ExportContext,
    ExportRead,
    Recognised,
)
from crmsync_rules.codec._hubspot_export import (
    read_hubspot_export,
    recognises_hubspot,
)
from crmsync_rules.codec._native import (
    dump_snapshot,
    dumps_ndjson,
    dumps_snapshot,
    iter_ndjson,
    iter_snapshot,
    load_snapshot,
    loads_snapshot,
    read_ndjson_line,
)
from crmsync_rules.codec._read_export import read_export
from crmsync_rules.codec._salesforce_export import (
    read_salesforce_export,
    recognises_salesforce,
)
from crmsync_rules.codec._settings_file import (
    SYNC_RULE_LABELS,
    settings_example,
    settings_schema,
)
from crmsync_rules.codec._shapes import PageInfo, page_info
from crmsync_rules.model._kinds import NDJSON_TYPES
from crmsync_rules.model._unreadable import UnreadableLine

__all__ = [
    "NDJSON_TYPES",
    "SYNC_RULE_LABELS",
    "Document",
    "ExportContext",
    "ExportRead",
    "PageInfo",
    "Recognised",
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
    "read_export",
    "read_hubspot",
    "read_hubspot_export",
    "read_hubspot_owners",
    "read_ndjson_line",
    "read_salesforce",
    "read_salesforce_export",
    "recognises_hubspot",
    "recognises_salesforce",
    "settings_example",
    "settings_schema",
    "structure",
    "unstructure",
]
