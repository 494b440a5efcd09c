"""HubSpot exports: INTERIM reader, replaced by the HubSpot reader's branch
(issue "Real exports in").

Until that branch lands, this module keeps the agreed signatures
(`recognises_hubspot`, `read_hubspot_export`) and reads only what the
codec already read: CRM v3 list pages of contacts, companies and deals
whose type shows in their properties, and owners pages, through
`iter_hubspot` and `iter_hubspot_owners`. Pages chain in the order given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from crmsync_rules.model._hubspot import HubSpotObject
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine

from ._api import iter_hubspot, iter_hubspot_owners
from ._exports import Document, ExportContext, ExportRead, Recognised
from ._shapes import PageInfo, looks_like, page_info

__all__ = ["read_hubspot_export", "recognises_hubspot"]

_SHAPES: Final = {
    "hubspot_contacts": HubSpotObject.CONTACT,
    "hubspot_companies": HubSpotObject.COMPANY,
    "hubspot_deals": HubSpotObject.DEAL,
    "hubspot_owners": None,
}


def _shape(document: Document) -> str | None:
    if document.kind != "json":
        return None
    envelope, key, items = document.peek(None)
    if key != "results":
        return None
    shape = looks_like({**envelope, "results": items})
    return shape if shape in _SHAPES else None


def recognises_hubspot(document: Document) -> str | None:
    """The shape of *document* when it is a HubSpot export this reader
    reads, else None."""
    shape = _shape(document)
    if shape is None:
        return None
    what = shape.removeprefix("hubspot_")
    api = "owners API page" if what == "owners" else f"CRM v3 list page of {what}"
    return f"HubSpot {api}"


def read_hubspot_export(
    documents: Sequence[Document], *, context: ExportContext | None = None
) -> ExportRead:
    """The records of the HubSpot *documents* (each one `recognises_hubspot`
    recognised), and the pages known to be missing."""
    records: list[Record] = []
    rejected: list[UnreadableLine] = []
    recognised: list[Recognised] = []
    pages: dict[str, list[tuple[str, PageInfo]]] = {}
    for document in documents:
        shape = _shape(document)
        if shape is None:
            continue
        payload = document.json()
        object_type = _SHAPES[shape]
        values = (
            iter_hubspot_owners(payload, source=document.source)
            if object_type is None
            else iter_hubspot(payload, object_type=object_type, source=document.source)
        )
        count = 0
        for value in values:
            count += 1
            if isinstance(value, UnreadableLine):
                rejected.append(value)
            else:
                records.append(value)
        description = recognises_hubspot(document) or shape
        recognised.append(
            Recognised(source=document.source, shape=description, records=count)
        )
        pages.setdefault(shape, []).append((document.source, page_info(payload)))
    missing = [
        f"{source} says more records follow (paging.next.after {info.next!r}), and "
        "no later file continues it"
        for run in pages.values()
        for source, info in run[-1:]
        if not info.last
    ]
    return ExportRead(
        records=records, rejected=rejected, recognised=recognised, missing=missing
    )
