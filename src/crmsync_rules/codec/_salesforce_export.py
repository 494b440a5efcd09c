"""Salesforce exports as teams have them, recognised by their content.

- REST query pages (``totalSize``, ``done``, ``nextRecordsUrl``,
  ``records`` with ``attributes: {type, url}``), with child subqueries
  (``OpportunityContactRoles``: ``{totalSize, done, records}`` or ``null``)
  and parent relationships as nested objects, kept as dotted properties
  (``Owner.Email``)
  (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm);
- Bulk API 2.0 query results: CSV, SOQL field names as headers (dotted
  for parents), any of its six delimiters, LF or CRLF, ``""`` for null
  (https://developer.salesforce.com/docs/platform/api-asynch/guide/query-get-job-results.md);
- Data Loader CSV exports: the same, headers in any case (older versions
  write capitals), booleans as true/false/yes/no/1/0;
- describe responses (``fields: [{name, type, label}]``), which type the
  values of the other documents;
- a ``manifest.json`` listing Bulk API result sets (`_salesforce_pages`).

`read_salesforce_export` reads them into records: the fields the rules
read by name (`SALESFORCE_FIELDS`), the record times, and every other
field as a typed property (`_salesforce_fields`). A record that cannot be
read is an `UnreadableLine` naming its file, record and field; what is
missing from the set (a page, records a count promises) is said in
`ExportRead.missing`; a record returned twice is one record, the later
update kept, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._salesforce import (
    OpportunityContactRole,
)
from crmsync_rules.model._salesforce_ids import is_salesforce_id
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine

from ._csv import document_head, head_fields
from ._exports import Document, ExportContext, ExportRead, Recognised
from ._json import describe, short
from ._payload import (
    SALESFORCE_FIELDS,
    Problems,
)
from ._salesforce_csv import csv_object, csv_shape, plural, read_csv
from ._salesforce_fields import (
    TIME_FIELDS,
    canonical_name,
)
from ._salesforce_pages import (
    Page,
    check_bulk,
    check_pages,
    read_manifest,
)
from ._salesforce_records import (
    CHILD_ROLES,
    NOTE_LIMIT,
    OBJECT_LIST,
    OBJECTS,
    RELATIONSHIPS,
    ROLE_OBJECT,
    Reader,
    join_roles,
    keep_role,
)

__all__ = ["read_salesforce_export", "recognises_salesforce", "rest_record"]

_REST_HEAD: Final = re.compile(r'"records"\s*:\s*[\[n]')
_REST_ENVELOPE: Final = re.compile(r'"(?:totalSize|done|nextRecordsUrl)"\s*:')
_REST_TYPE: Final = re.compile(r'"attributes"\s*:\s*\{\s*"type"\s*:\s*"(\w+)"')
_DESCRIBE_HEAD: Final = re.compile(r'"fields"\s*:\s*\[\s*\{')
_MANIFEST_KEY: Final = '"salesforceBulkQueries"'


# --- Recognition ---


def recognises_salesforce(document: Document) -> str | None:
    """What Salesforce shape *document* has, read from its first 64 KiB:
    ``"Salesforce REST query page of Lead records"``, ``"Salesforce Bulk
    API 2.0 query results (CSV) of Opportunities"``...; ``None`` when it is
    none of them."""
    head = document_head(document)
    if document.kind == "csv":
        _, raw_header, first = head_fields(head)
        header = [canonical_name(name.strip(), {}) for name in raw_header]
        if "Id" not in header:
            return None
        if first is not None and len(first) == len(header):
            record_id = first[header.index("Id")]
            if record_id and not is_salesforce_id(record_id):
                return None  # another system's ids (HubSpot's are numbers)
        sobject = csv_object(document.source, header, first)
        known = sum(1 for name in header if name in _KNOWN_HEADERS)
        if sobject is None and known < 2:
            return None
        return f"{csv_shape(raw_header)} of {plural(sobject)}"
    if document.kind != "json":
        return None
    if _MANIFEST_KEY in head:
        return "export manifest (Salesforce Bulk API 2.0 result sets)"
    if _REST_HEAD.search(head) and _REST_ENVELOPE.search(head):
        match = _REST_TYPE.search(head)
        return f"Salesforce REST query page of {plural(match and match.group(1))}"
    if _DESCRIBE_HEAD.search(head) and '"type"' in head:
        return "Salesforce describe response"
    return None


_KNOWN_HEADERS: Final = frozenset(
    {api for _, table in SALESFORCE_FIELDS.values() for api, _, _ in table}
    | set(TIME_FIELDS)
)


# --- REST query pages ---------------------------------------------------------


def _flatten(
    raw: Mapping[str, object],
    prefix: str,
    reader: Reader,
    source: str,
    out: list[tuple[str, object]] | None = None,
) -> list[tuple[str, object]]:
    """The fields of a REST record, parents' fields dotted; child subqueries
    other than contact roles are left out (said once in the notes)."""
    if out is None:
        out = []
    append = out.append
    for key, value in raw.items():
        if value is None:
            if (
                prefix
                or key in RELATIONSHIPS
                or key.endswith("__r")
                or key == CHILD_ROLES
            ):
                continue  # a blank parent, a parent's blank field, no roles
        elif type(value) is dict:
            if key == "attributes" or (not prefix and key == CHILD_ROLES):
                continue
            name = prefix + key
            if "records" in value and "totalSize" in value:
                if name not in reader.skipped_children:
                    reader.skipped_children.add(name)
                    reader.notes.append(
                        f"{source}: the child subquery {name} is not read"
                    )
                continue
            _flatten(value, name + ".", reader, source, out)
            continue
        append((prefix + key if prefix else key, value))
    return out


def _rest_roles(
    raw: Mapping[str, object],
    where: str,
    reader: Reader,
    source: str,
    problems: Problems,
) -> tuple[OpportunityContactRole, ...]:
    block = raw.get(CHILD_ROLES)
    if block is None:
        return ()
    path = f"{where}.{CHILD_ROLES}"
    items = block.get("records") if isinstance(block, Mapping) else None
    if not isinstance(block, Mapping) or not isinstance(items, list):
        problems.add("expected a subquery result with a list of records", path)
        return ()
    if block.get("done") is False or (
        type(block.get("totalSize")) is int and block["totalSize"] != len(items)
    ):
        reader.missing.append(
            f"{source}: {where}: the contact roles subquery holds {len(items):,} of "
            f"{block.get('totalSize')} records (its nextRecordsUrl is not followed)"
        )
    roles: list[OpportunityContactRole] = []
    for index, item in enumerate(items):
        item_path = f"{path}.records[{index}]"
        if not isinstance(item, Mapping):
            problems.add(f"expected an object, got {describe(item)}", item_path)
            continue
        _, role = reader.role(
            _flatten(item, "", reader, source),
            text=False,
            where=item_path,
            problems=problems,
        )
        if role is not None:
            roles.append(role)
    return tuple(roles)


def rest_record(
    reader: Reader,
    sobject: str,
    raw: Mapping[str, object],
    *,
    where: str,
    source: str,
) -> Record | UnreadableLine:
    """The record of *sobject* a REST query result holds as *raw* (the
    object its ``attributes.type`` names), or why it cannot be read."""
    problems = Problems()
    roles = (
        _rest_roles(raw, where, reader, source, problems)
        if sobject == "Opportunity"
        else ()
    )
    return reader.build(
        sobject,
        raw.items(),
        text=False,
        source=source,
        where=where,
        roles=roles,
        problems=problems,
    )


def _read_page(document: Document, reader: Reader) -> None:
    envelope, items = document.stream("records")
    source = document.source
    objects: dict[str, int] = {}
    count = 0
    for index, raw in enumerate(items):
        count += 1
        where = f"$.records[{index}]"
        attributes = raw.get("attributes") if isinstance(raw, Mapping) else None
        sobject = attributes.get("type") if isinstance(attributes, Mapping) else None
        if not isinstance(raw, Mapping) or sobject not in OBJECTS:
            problem = (
                f"expected an object, got {describe(raw)} @ {where}"
                if not isinstance(raw, Mapping)
                else f"attributes.type must be one of {OBJECT_LIST}, got"
                f" {short(sobject)} @ {where}.attributes.type"
            )
            reader.rejected.append(
                UnreadableLine(
                    source=source,
                    path=where,
                    record_type=None,
                    record_id=None,
                    problems=(problem,),
                )
            )
            continue
        assert isinstance(sobject, str)
        objects[sobject] = objects.get(sobject, 0) + 1
        if sobject == ROLE_OBJECT:
            keep_role(reader, _flatten(raw, "", reader, source), False, source, where)
            continue
        record = rest_record(reader, sobject, raw, where=where, source=source)
        reader.keep(sobject, record, source)
    sobject = max(objects, key=lambda name: objects[name]) if objects else None
    if len(objects) > 1:
        reader.missing.append(
            f"{source}: one page holds records of {', '.join(sorted(objects))}"
        )
    total, done, url = (
        envelope.get("totalSize"),
        envelope.get("done"),
        envelope.get("nextRecordsUrl"),
    )
    reader.pages.append(
        Page(
            source=source,
            sobject=sobject,
            records=count,
            total=total if type(total) is int else None,
            done=done if isinstance(done, bool) else None,
            next_url=url if isinstance(url, str) and url else None,
        )
    )
    reader.recognised.append(
        Recognised(
            source=source,
            shape=f"Salesforce REST query page of {plural(sobject)}",
            records=count,
        )
    )


# --- Describe responses and manifests --------------------------------------------


def _read_describe(document: Document, reader: Reader) -> None:
    payload = document.json()
    fields = payload.get("fields") if isinstance(payload, Mapping) else None
    name = payload.get("name") if isinstance(payload, Mapping) else None
    if not isinstance(fields, list) or not isinstance(name, str):
        raise SnapshotError(
            ["a describe response must have a name and a list of fields"],
            source=document.source,
        )
    types = reader.types.setdefault(name, {})
    for field in fields:
        if isinstance(field, Mapping):
            api, kind = field.get("name"), field.get("type")
            if isinstance(api, str) and isinstance(kind, str):
                types.setdefault(api, kind)
    reader.recognised.append(
        Recognised(
            source=document.source,
            shape=f"Salesforce describe response of {name} ({len(fields)} fields)",
            records=0,
        )
    )


def _is_describe(document: Document) -> bool:
    payload = document.json()
    return isinstance(payload, Mapping) and isinstance(payload.get("fields"), list)


def read_salesforce_export(
    documents: Sequence[Document], *, context: ExportContext | None = None
) -> ExportRead:
    """Read the Salesforce *documents* of an export (each one that
    `recognises_salesforce` recognises) into its records.

    Describe responses are read first (they type the others' values),
    then the pages and CSV files in the order given. *context* is not
    needed: the describe responses and manifests that check the others
    are Salesforce documents, among *documents*. Raises
    `SnapshotError` for a file that cannot be read at all (invalid JSON,
    a CSV file of no known object or with a column twice).
    """
    reader = Reader()
    shapes = [(document, recognises_salesforce(document)) for document in documents]
    for document, shape in shapes:
        if (
            shape is not None
            and shape.startswith("Salesforce describe")
            and _is_describe(document)
        ):
            _read_describe(document, reader)
    for document, shape in shapes:
        if shape is None or shape.startswith("Salesforce describe"):
            continue
        if shape.startswith("export manifest"):
            queries, problems = read_manifest(document.json(), document.source)
            reader.bulk.extend(queries)
            reader.missing.extend(problems)
            reader.recognised.append(
                Recognised(source=document.source, shape=shape, records=0)
            )
        elif document.kind == "csv":
            read_csv(document, reader)
        else:
            _read_page(document, reader)
    reader.missing.extend(check_pages(reader.pages))
    for query in reader.bulk:
        reader.missing.extend(check_bulk(query, reader.counts))
    join_roles(reader)
    if reader.twice > NOTE_LIMIT:
        reader.notes.append(
            f"{reader.twice - NOTE_LIMIT:,} more records are in the export twice: "
            "the later update of each is kept"
        )
    return ExportRead(
        records=tuple(reader.records),
        rejected=tuple(reader.rejected),
        recognised=tuple(reader.recognised),
        missing=tuple(reader.missing),
        notes=tuple(reader.notes),
    )
