"""Writers of HubSpot exports, for the reader's tests: records written as
the API and the UI would write them.

The shapes follow HubSpot's public API documentation:

- list pages, GET /crm/v3/objects/{object} (``results``, ``paging.next.after``;
  the last page has no ``paging``):
  https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide
  and the collection schema of the CRM objects API;
- ``propertiesWithHistory`` (``value``, ``timestamp``, ``sourceType``):
  https://developers.hubspot.com/docs/api-reference/latest/crm/objects/objects/batch/get-objects
- search responses (``total``, ``results``, ``paging``):
  https://developers.hubspot.com/docs/api-reference/search/guide
- owners, GET /crm/v3/owners:
  https://developers.hubspot.com/docs/api-reference/crm-crm-owners-v3/guide
- associations v4 batch read (``from.id``, ``to[].toObjectId``,
  ``associationTypes[].typeId``):
  https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations
- properties, GET /crm/v3/properties/{object} (``name``, ``label``,
  ``type``, ``fieldType``, ``groupName``):
  https://developers.hubspot.com/docs/api/crm/properties
- the UI's CSV export: property labels as headers ("Record ID", "First
  Name", "Contact owner"), associated record ids ";"-joined.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from crmsync_rules.codec._hubspot_values import UI_LABELS, property_text
from crmsync_rules.codec._payload import HUBSPOT_OWNER_FIELDS, HUBSPOT_PROPERTIES
from crmsync_rules.model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotObject,
    HubSpotOwner,
    LifecycleStage,
)

HubSpotThing = HubSpotContact | HubSpotCompany | HubSpotDeal

OBJECT_OF: dict[type[Any], HubSpotObject] = {
    HubSpotContact: HubSpotObject.CONTACT,
    HubSpotCompany: HubSpotObject.COMPANY,
    HubSpotDeal: HubSpotObject.DEAL,
}
_GROUP = {
    HubSpotObject.CONTACT: "contactinformation",
    HubSpotObject.COMPANY: "companyinformation",
    HubSpotObject.DEAL: "dealinformation",
}


def iso(moment: dt.datetime) -> str:
    """As HubSpot writes times: UTC, milliseconds, ``Z``."""
    return property_text(moment)


def _named(record: HubSpotThing) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for api, attribute, kind in HUBSPOT_PROPERTIES[OBJECT_OF[type(record)]]:
        value = getattr(record, attribute)
        if kind is bool:
            out[api] = "true" if value else "false"
        elif value is None:
            out[api] = None
        else:
            out[api] = value.value if isinstance(value, LifecycleStage) else str(value)
    return out


def api_object(
    record: HubSpotThing, *, history: bool = True, embed: bool = True
) -> dict[str, Any]:
    """One record as GET /crm/v3/objects/{object} returns it, with its
    associations embedded (the primary company as ``contact_to_company``
    and every company as ``contact_to_company_unlabeled``) unless not
    *embed* (then `links` writes them)."""
    object_type = OBJECT_OF[type(record)]
    props: dict[str, Any] = _named(record)
    props.update(
        {
            n: None if v is None else property_text(v)
            for n, v in record.properties.items()
        }
    )
    props["hs_object_id"] = record.id
    raw: dict[str, Any] = {"id": record.id, "properties": props}
    if record.created_at is not None:
        raw["createdAt"] = iso(record.created_at)
    if record.updated_at is not None:
        raw["updatedAt"] = iso(record.updated_at)
    raw["archived"] = False
    associations: dict[str, Any] = {}
    singular = (
        object_type.value[:-1]
        if object_type is not HubSpotObject.COMPANY
        else "company"
    )
    companies = getattr(record, "company_ids", ())
    if companies:
        primary = [{"id": companies[0], "type": f"{singular}_to_company"}]
        associations["companies"] = {
            "results": primary
            + [{"id": c, "type": f"{singular}_to_company_unlabeled"} for c in companies]
        }
    contacts = getattr(record, "contact_ids", ())
    if contacts:
        associations["contacts"] = {
            "results": [{"id": c, "type": "deal_to_contact"} for c in contacts]
        }
    if associations and embed:
        raw["associations"] = associations
    if history and record.history:
        raw["propertiesWithHistory"] = {
            name: [
                {
                    "value": property_text(change.value),
                    "timestamp": iso(change.timestamp),
                    **(
                        {"sourceType": change.source_type} if change.source_type else {}
                    ),
                }
                for change in changes
            ]
            for name, changes in record.history.items()
        }
    return raw


def list_pages(
    records: Sequence[HubSpotThing],
    sizes: Sequence[int],
    *,
    prefix: str,
    search: bool = False,
    history: bool = True,
    embed: bool = True,
) -> list[tuple[str, bytes, str | None, str | None]]:
    """*records* as list pages (or search responses) of *sizes* records
    each (the last page takes the rest): (file name, bytes, own cursor,
    next cursor) per page, files named ``{prefix}-1.json``..."""
    pages: list[tuple[str, bytes, str | None, str | None]] = []
    start = 0
    cursors: list[str | None] = [None]
    bounds = []
    for size in sizes:
        if start >= len(records):
            break
        bounds.append((start, min(start + size, len(records))))
        start += size
    if start < len(records) or not bounds:
        bounds.append((start, len(records)))
    for number, (low, high) in enumerate(bounds, start=1):
        last = number == len(bounds)
        after = None if last else f"{high}-{number}"
        body: dict[str, Any] = {}
        if search:
            body["total"] = len(records)
        body["results"] = [
            api_object(r, history=history, embed=embed) for r in records[low:high]
        ]
        if after is not None:
            body["paging"] = {"next": {"after": after, "link": f"?after={after}"}}
        pages.append(
            (
                f"{prefix}-{number}.json",
                json.dumps(body, indent=1).encode(),
                cursors[-1],
                after,
            )
        )
        cursors.append(after)
    return pages


def manifest(
    pages: Sequence[tuple[str, bytes, str | None, str | None]],
    object_type: HubSpotObject,
) -> dict[str, Any]:
    return {
        "pages": [
            {"file": name, "object": object_type.value, "after": after, "next": nxt}
            for name, _, after, nxt in pages
        ]
    }


def owners_page(owners: Sequence[HubSpotOwner]) -> bytes:
    """GET /crm/v3/owners."""
    results = []
    for owner in owners:
        raw: dict[str, Any] = {"id": owner.id}
        for api, attribute, _ in HUBSPOT_OWNER_FIELDS:
            value = getattr(owner, attribute)
            if value is not None:
                raw[api] = value
        if owner.created_at is not None:
            raw["createdAt"] = iso(owner.created_at)
        if owner.updated_at is not None:
            raw["updatedAt"] = iso(owner.updated_at)
        raw.update(owner.properties)
        results.append(raw)
    return json.dumps({"results": results}, indent=1).encode()


def properties_response(
    object_type: HubSpotObject, described: Mapping[str, tuple[str, str, str]]
) -> bytes:
    """GET /crm/v3/properties/{object}: *described* maps each name to
    (label, type, fieldType)."""
    return json.dumps(
        {
            "results": [
                {
                    "name": name,
                    "label": label,
                    "type": type_,
                    "fieldType": field_type,
                    "groupName": _GROUP[object_type],
                    "options": [],
                    "hidden": False,
                    "formField": False,
                }
                for name, (label, type_, field_type) in described.items()
            ]
        },
        indent=1,
    ).encode()


def associations_v4(links: Sequence[tuple[str, str, int]]) -> bytes:
    """POST /crm/v4/associations/{from}/{to}/batch/read: (from id, to id,
    typeId) per link."""
    by_from: dict[str, list[dict[str, Any]]] = {}
    for from_id, to_id, type_id in links:
        by_from.setdefault(from_id, []).append(
            {
                "toObjectId": int(to_id) if to_id.isdigit() else to_id,
                "associationTypes": [
                    {"category": "HUBSPOT_DEFINED", "typeId": type_id, "label": None}
                ],
            }
        )
    return json.dumps(
        {
            "status": "COMPLETE",
            "results": [{"from": {"id": f}, "to": to} for f, to in by_from.items()],
            "startedAt": "2024-05-01T09:30:00.000Z",
            "completedAt": "2024-05-01T09:30:01.000Z",
        },
        indent=1,
    ).encode()


def links(records: Sequence[HubSpotThing]) -> dict[str, bytes]:
    """The associations of *records* as v4 batch reads, one file per pair
    of objects: the primary company with both its types (1 and the
    unlabeled 279 for contacts, 5 and 341 for deals), the others unlabeled."""
    pairs: dict[str, list[tuple[str, str, int]]] = {}
    for record in records:
        companies = getattr(record, "company_ids", ())
        contact = isinstance(record, HubSpotContact)
        primary, unlabeled = (1, 279) if contact else (5, 341)
        name = "contacts_to_companies.json" if contact else "deals_to_companies.json"
        for i, company in enumerate(companies):
            if i == 0:
                pairs.setdefault(name, []).append((record.id, company, primary))
            pairs.setdefault(name, []).append((record.id, company, unlabeled))
        for contact_id in getattr(record, "contact_ids", ()):
            pairs.setdefault("deals_to_contacts.json", []).append(
                (record.id, contact_id, 3)
            )
    return {name: associations_v4(found) for name, found in pairs.items()}


_LIFECYCLE_LABEL = {
    "subscriber": "Subscriber",
    "lead": "Lead",
    "marketingqualifiedlead": "Marketing Qualified Lead",
    "salesqualifiedlead": "Sales Qualified Lead",
    "opportunity": "Opportunity",
    "customer": "Customer",
    "evangelist": "Evangelist",
    "other": "Other",
}
_OWNER_COLUMN = {
    HubSpotObject.CONTACT: "Contact owner",
    HubSpotObject.COMPANY: "Company owner",
    HubSpotObject.DEAL: "Deal owner",
}


def ui_csv(
    records: Sequence[HubSpotThing],
    object_type: HubSpotObject,
    *,
    owners: Sequence[HubSpotOwner] = (),
    labels: Mapping[str, str] = {},  # read only
    delimiter: str = ",",
) -> bytes:
    """*records* as the UI exports them: one row each, property labels as
    headers, owners by name, lifecycle stages by label, associated ids
    ";"-joined. *labels* adds custom properties' labels (name -> label)."""
    label_of = {name: label for label, name in UI_LABELS[object_type].items()}
    label_of.update(labels)
    named = {api for api, _, _ in HUBSPOT_PROPERTIES[object_type]}
    names: list[str] = []
    for record in records:
        for name in record.properties:
            if name not in names:
                names.append(name)
    columns = ["Record ID"]
    columns += [
        label_of[api]
        for api, _, _ in HUBSPOT_PROPERTIES[object_type]
        if api != "hubspot_owner_id"
    ]
    columns += [_OWNER_COLUMN[object_type], "Create Date", "Last Modified Date"]
    if object_type is not HubSpotObject.COMPANY:
        columns.append("Associated Company IDs")
    if object_type is HubSpotObject.DEAL:
        columns.append("Associated Contact IDs")
    columns += [label_of.get(name, name) for name in names]
    # An owner by name when the name is one owner's (as the reader
    # resolves it: trimmed, any case), else by id.
    count: dict[str, int] = {}
    for owner in owners:
        for key in (owner.name.strip().lower(), owner.email.strip().lower()):
            count[key] = count.get(key, 0) + 1
    owner_text = {
        owner.id: owner.name
        if owner.name.strip() and count[owner.name.strip().lower()] == 1
        else owner.id
        for owner in owners
    }
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        values = _named(record)
        row = [record.id]
        for api, _, _ in HUBSPOT_PROPERTIES[object_type]:
            if api == "hubspot_owner_id":
                continue
            text = values[api] or ""
            if api == "lifecyclestage" and text:
                text = _LIFECYCLE_LABEL[text]
            row.append(text)
        owner_id = values["hubspot_owner_id"] or ""
        row.append(owner_text.get(owner_id, owner_id))
        row.append(iso(record.created_at) if record.created_at else "")
        row.append(iso(record.updated_at) if record.updated_at else "")
        if object_type is not HubSpotObject.COMPANY:
            row.append(";".join(getattr(record, "company_ids", ())))
        if object_type is HubSpotObject.DEAL:
            row.append(";".join(getattr(record, "contact_ids", ())))
        for name in names:
            row.append(property_text(record.properties.get(name)))
        writer.writerow(row)
    assert not named - {api for api, _, _ in HUBSPOT_PROPERTIES[object_type]}
    return out.getvalue().encode()
