"""Readers of the real APIs' payloads: HubSpot CRM v3 objects and the
owners API, Salesforce REST query results."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from crmsync_rules.model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotObject,
    HubSpotOwner,
)
from crmsync_rules.model._kinds import RECORD_KINDS, kind_of
from crmsync_rules.model._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
)
from crmsync_rules.model._snapshot import HubSpotRecords, SalesforceRecords
from crmsync_rules.model._unreadable import UnreadableLine

from ._json import short, type_name
from ._payload import (
    HUBSPOT_OWNER_FIELDS,
    HUBSPOT_PROPERTIES,
    SALESFORCE_FIELDS,
    SALESFORCE_KINDS,
    SALESFORCE_TYPES,
    Field,
    Problems,
    all_or_nothing,
    association_ids,
    build_record,
    page_items,
    read_fields,
    read_value,
    require_id,
    unreadable_record,
)
from ._salesforce_export import rest_record
from ._salesforce_records import Reader

__all__ = [
    "iter_hubspot",
    "iter_hubspot_owners",
    "iter_salesforce",
    "read_hubspot",
    "read_hubspot_owners",
    "read_salesforce",
]

# The kind of record each HubSpot object type reads into.
_HUBSPOT_KINDS: Final = {
    kind.api_object: kind
    for kind in RECORD_KINDS
    if isinstance(kind.api_object, HubSpotObject)
}


def iter_hubspot(
    payload: object, /, *, object_type: HubSpotObject, source: str = "input"
) -> Iterator[HubSpotContact | HubSpotCompany | HubSpotDeal | UnreadableLine]:
    """The HubSpot CRM v3 objects of *payload* (see `read_hubspot`), one at a
    time; a record that cannot be read is an `UnreadableLine` with its
    ``path`` (``"$.results[3]"``) and every problem at its path, and
    reading goes on. Raises `SnapshotError` at once when *payload* holds no
    records to read (not an object or a list, ``results`` not a list).
    """
    items = page_items(payload, "results", source)
    return _hubspot_values(items, object_type, source)


def _hubspot_values(
    items: list[tuple[str, object]], object_type: HubSpotObject, source: str
) -> Iterator[HubSpotContact | HubSpotCompany | HubSpotDeal | UnreadableLine]:
    table = HUBSPOT_PROPERTIES[object_type]
    cls = _HUBSPOT_KINDS[object_type].cls
    kind = _HUBSPOT_KINDS[object_type].ndjson
    api_names = {attribute: f"properties.{api}" for api, attribute, _ in table}
    for path, raw in items:
        problems = Problems()
        record = _hubspot_record(
            raw,
            path,
            problems,
            object_type=object_type,
            table=table,
            cls=cls,
            api_names=api_names,
        )
        if record is None:
            yield unreadable_record(
                raw, problems, source=source, path=path, kind=kind, id_key="id"
            )
        else:
            yield record


def _hubspot_record(
    raw: object,
    path: str,
    problems: Problems,
    *,
    object_type: HubSpotObject,
    table: tuple[Field, ...],
    cls: type[Any],
    api_names: dict[str, str],
) -> Any:
    """One HubSpot object, or ``None`` with its *problems*."""
    if not isinstance(raw, Mapping):
        problems.add(f"expected an object, got {type_name(raw)}", path)
        return None
    record_id = require_id(raw, "id", path, problems)
    properties = raw.get("properties", {})
    if not isinstance(properties, Mapping):
        problems.add(
            f"expected an object, got {type_name(properties)}",
            f"{path}.properties",
        )
        return None
    values = read_fields(
        properties, table, f"{path}.properties", problems, strings=True
    )
    if object_type is not HubSpotObject.COMPANY:
        companies = association_ids(raw, "companies", path, problems)
        if not companies and object_type is HubSpotObject.CONTACT:
            primary = read_value(
                properties.get("associatedcompanyid"),
                str,
                f"{path}.properties.associatedcompanyid",
                problems,
                strings=True,
            )
            companies = (primary,) if isinstance(primary, str) else ()
        values["company_ids"] = companies
    if object_type is HubSpotObject.DEAL:
        values["contact_ids"] = association_ids(raw, "contacts", path, problems)
    if record_id is None:
        return None
    # Built even after a problem: the email check may find one more.
    record = build_record(cls, {"id": record_id, **values}, path, problems, api_names)
    return None if problems.lines else record


def read_hubspot(
    payload: object, /, *, object_type: HubSpotObject, source: str = "input"
) -> HubSpotRecords:
    """Read HubSpot CRM v3 objects of *object_type*.

    *payload* is a list or batch-read response (``{"results": [...]}``), a
    list of objects, or one object ``{"id", "properties", "associations"}``.
    Company and contact associations come from ``associations`` (v3 ``id``
    or v4 ``toObjectId``); a contact without them falls back to
    ``associatedcompanyid``. Raises `SnapshotError` listing every problem
    (`iter_hubspot` reads on past a bad record instead). A list page says
    whether more pages follow: see `page_info`.
    """
    records: list[Any] = all_or_nothing(
        iter_hubspot(payload, object_type=object_type, source=source), source
    )
    key = {
        HubSpotObject.CONTACT: "contacts",
        HubSpotObject.COMPANY: "companies",
        HubSpotObject.DEAL: "deals",
    }[object_type]
    return HubSpotRecords(**{key: tuple(records)})


def iter_hubspot_owners(
    payload: object, /, *, source: str = "input"
) -> Iterator[HubSpotOwner | UnreadableLine]:
    """The owners of a HubSpot owners API response (see
    `read_hubspot_owners`), one at a time, as `iter_hubspot` reads objects."""
    items = page_items(payload, "results", source)
    return _owner_values(items, source)


def _owner_values(
    items: list[tuple[str, object]], source: str
) -> Iterator[HubSpotOwner | UnreadableLine]:
    api_names = {attribute: api for api, attribute, _ in HUBSPOT_OWNER_FIELDS}
    for path, raw in items:
        problems = Problems()
        owner = _owner(raw, path, problems, api_names)
        if owner is None:
            yield unreadable_record(
                raw,
                problems,
                source=source,
                path=path,
                kind="hubspot_owner",
                id_key="id",
            )
        else:
            yield owner


def _owner(
    raw: object, path: str, problems: Problems, api_names: dict[str, str]
) -> HubSpotOwner | None:
    if not isinstance(raw, Mapping):
        problems.add(f"expected an object, got {type_name(raw)}", path)
        return None
    record_id = require_id(raw, "id", path, problems)
    values = read_fields(raw, HUBSPOT_OWNER_FIELDS, path, problems, strings=False)
    if "email" not in values:
        problems.add("required field missing", f"{path}.email")
        return None
    if record_id is None:
        return None
    owner = build_record(
        HubSpotOwner, {"id": record_id, **values}, path, problems, api_names
    )
    return None if problems.lines else owner


def read_hubspot_owners(payload: object, /, *, source: str = "input") -> HubSpotRecords:
    """Read a HubSpot owners API response (``{"results": [{"id", "email",
    "firstName", "lastName", "archived"}]}``)."""
    owners = all_or_nothing(iter_hubspot_owners(payload, source=source), source)
    return HubSpotRecords(owners=tuple(owners))


def iter_salesforce(
    payload: object, /, *, source: str = "input"
) -> Iterator[
    SalesforceLead
    | SalesforceContact
    | SalesforceAccount
    | SalesforceOpportunity
    | SalesforceUser
    | SalesforceQueue
    | UnreadableLine
]:
    """The Salesforce REST records of *payload* (see `read_salesforce`),
    one at a time, as `iter_hubspot` reads HubSpot's."""
    items = page_items(payload, "records", source)
    return _salesforce_values(items, source)


def _salesforce_values(items: list[tuple[str, object]], source: str) -> Iterator[Any]:
    reader = Reader()
    for path, raw in items:
        problems = Problems()
        record = _salesforce_record(reader, raw, path, problems, source)
        if record is None:
            attributes = raw.get("attributes") if isinstance(raw, Mapping) else None
            sobject = (
                attributes.get("type") if isinstance(attributes, Mapping) else None
            )
            kind = SALESFORCE_KINDS.get(sobject) if isinstance(sobject, str) else None
            yield unreadable_record(
                raw, problems, source=source, path=path, kind=kind, id_key="Id"
            )
        else:
            yield record


def _salesforce_record(
    reader: Reader, raw: object, path: str, problems: Problems, source: str
) -> Any:
    """One Salesforce record, or ``None`` with its *problems*: every field
    read as `read_salesforce_export` reads a REST query page's (the named
    ones, the times, the others as properties)."""
    if not isinstance(raw, Mapping):
        problems.add(f"expected an object, got {type_name(raw)}", path)
        return None
    attributes = raw.get("attributes")
    sobject = attributes.get("type") if isinstance(attributes, Mapping) else None
    if sobject not in SALESFORCE_FIELDS:
        problems.add(
            f"attributes.type must be one of {SALESFORCE_TYPES}, got {short(sobject)}",
            f"{path}.attributes.type",
        )
        return None
    assert isinstance(sobject, str)
    record = rest_record(reader, sobject, raw, where=path, source=source)
    if isinstance(record, UnreadableLine):
        problems.lines.extend(record.problems)
        return None
    return record


def read_salesforce(payload: object, /, *, source: str = "input") -> SalesforceRecords:
    """Read Salesforce REST records of any supported type.

    *payload* is a query response (``{"totalSize", "done", "records"}``), a
    list of records, or one record; each names its type in
    ``attributes.type`` (Lead, Contact, Account, Opportunity, User, or Group
    with ``Type`` "Queue"). An opportunity's contact roles come from an
    ``OpportunityContactRoles`` sub-query. Every other field is kept in the
    record's ``properties`` (parents' fields dotted, ``Owner.Email``), typed
    as `read_salesforce_export` types them, and ``CreatedDate``,
    ``LastModifiedDate`` and ``SystemModstamp`` are its times; an
    18-character id with a wrong suffix makes its record unreadable
    (DUP-7). Raises `SnapshotError` listing
    every problem (`iter_salesforce` reads on past a bad record instead). A
    query response says whether more pages follow: see `page_info`.
    """
    groups: dict[str, list[Any]] = {
        kind.group: [] for kind in RECORD_KINDS if kind.system == "salesforce"
    }
    for record in all_or_nothing(iter_salesforce(payload, source=source), source):
        groups[kind_of(type(record)).group].append(record)
    return SalesforceRecords(**{name: tuple(items) for name, items in groups.items()})
