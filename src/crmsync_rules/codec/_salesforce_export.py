"""Salesforce exports: INTERIM reader, replaced by the Salesforce reader's
branch (issue "Real exports in").

Until that branch lands, this module keeps the agreed signatures
(`recognises_salesforce`, `read_salesforce_export`) and reads only what
the codec already read: REST query pages (``totalSize``, ``done``,
``records``), through `iter_salesforce`. Pages chain in the order given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine

from ._api import iter_salesforce
from ._exports import Document, ExportContext, ExportRead, Recognised
from ._shapes import PageInfo, page_info

__all__ = ["read_salesforce_export", "recognises_salesforce"]


def recognises_salesforce(document: Document) -> str | None:
    """The shape of *document* when it is a Salesforce REST query page,
    else None."""
    if document.kind != "json":
        return None
    envelope, key, items = document.peek("records", items=1)
    if key != "records" or not {"totalSize", "done"} <= set(envelope):
        return None
    first = items[0] if items else None
    attributes = first.get("attributes") if isinstance(first, Mapping) else None
    sobject = attributes.get("type") if isinstance(attributes, Mapping) else None
    what = f" of {sobject} records" if isinstance(sobject, str) else ""
    return f"Salesforce REST query page{what}"


def read_salesforce_export(
    documents: Sequence[Document], *, context: ExportContext | None = None
) -> ExportRead:
    """The records of the Salesforce *documents* (each one
    `recognises_salesforce` recognised), and the pages known to be
    missing."""
    records: list[Record] = []
    rejected: list[UnreadableLine] = []
    recognised: list[Recognised] = []
    run: list[tuple[str, PageInfo]] = []
    missing: list[str] = []
    for document in documents:
        shape = recognises_salesforce(document)
        if shape is None:
            continue
        payload = document.json()
        count = 0
        for value in iter_salesforce(payload, source=document.source):
            count += 1
            if isinstance(value, UnreadableLine):
                rejected.append(value)
            else:
                records.append(value)
        recognised.append(
            Recognised(source=document.source, shape=shape, records=count)
        )
        info = page_info(payload)
        run.append((document.source, info))
        if info.last:
            held = sum(i.records for _, i in run)
            if info.total is not None and held < info.total:
                files = ", ".join(s for s, _ in run)
                missing.append(
                    f"{files} hold {held:,} of the {info.total:,} records of the result"
                )
            run = []
    missing.extend(
        f"{source} says more records follow (done is false, nextRecordsUrl "
        f"{info.next!r}), and no later file continues it"
        for source, info in run[-1:]
    )
    return ExportRead(
        records=records, rejected=rejected, recognised=recognised, missing=missing
    )
