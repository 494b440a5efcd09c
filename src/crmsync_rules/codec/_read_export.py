"""A whole export read at once (`read_export`): each document sorted to the
reader of its shape, the project's own formats read here, and the parts
put together as one set of values for the planner."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.rules._lint import Finding

from ._convert import structure
from ._exports import Document, ExportContext, ExportRead, Recognised
from ._hubspot_export import read_hubspot_export, recognises_hubspot
from ._native import iter_ndjson, iter_snapshot
from ._salesforce_export import read_salesforce_export, recognises_salesforce
from ._shapes import looks_like

__all__ = ["SKIPPED_UNLESS_RECOGNISED", "read_export"]

SKIPPED_UNLESS_RECOGNISED: Final = frozenset({"manifest.json"})
"""Names of files an export tool writes beside the data (a list of the
files, counts): read when a reader recognises them, else passed over."""

# A large JSON document is one of ours when its first key is one of the
# snapshot's: its keys are sorted on output, and nothing else starts so.
_SNAPSHOT_START: Final = re.compile(rb'^\s*\{\s*"(?:hubspot|salesforce|settings)"\s*:')
# A document smaller than this is parsed whole to tell its shape.
_SMALL: Final = 1 << 16
_NATIVE: Final = {
    "snapshot": "crmsync-rules snapshot",
    "ndjson": "crmsync-rules NDJSON",
    "settings": "integration settings",
}


def _native_shape(document: Document) -> str | None:
    """``"snapshot"``, ``"ndjson"`` or ``"settings"`` for the project's own
    formats, else None."""
    if document.kind == "ndjson":
        return "ndjson"
    if document.kind != "json":
        return None
    head = document.head(_SMALL)
    if len(head) < _SMALL:
        try:
            shape = looks_like(document.json())
        except SnapshotError:
            return None  # a reader, or the message about it, says more
        return shape if shape in ("snapshot", "settings") else None
    return (
        "snapshot"
        if _SNAPSHOT_START.match(head.removeprefix(b"\xef\xbb\xbf"))
        else None
    )


def read_export(
    documents: Sequence[Document],
    *,
    allow_partial: bool = False,
    settings: IntegrationSettings | None = None,
) -> ExportRead:
    """Every record of *documents*, the files of one export, whatever their
    shapes: HubSpot's go to `read_hubspot_export`, Salesforce's to
    `read_salesforce_export`, the project's own snapshots, NDJSON and
    settings files are read here. The result's ``settings`` are *settings*
    or the one document's that holds them; its ``recognised`` follows the
    documents' order.

    Raises `SnapshotError` naming every document that nothing recognises
    and what it looks like (a file named as in `SKIPPED_UNLESS_RECOGNISED`
    is passed over instead), when the settings are given twice, for a
    document that cannot be read at all, and, unless *allow_partial*, when
    pages are known to be missing (the result's ``missing`` says which).
    """
    native: list[tuple[Document, str]] = []
    hubspot: list[Document] = []
    salesforce: list[Document] = []
    unknown: list[str] = []
    notes: list[str] = []
    for document in documents:
        shape = _native_shape(document)
        if shape is not None:
            native.append((document, shape))
        elif recognises_hubspot(document) is not None:
            hubspot.append(document)
        elif recognises_salesforce(document) is not None:
            salesforce.append(document)
        elif document.name in SKIPPED_UNLESS_RECOGNISED:
            notes.append(f"{document.source}: skipped (no reader needs it)")
        else:
            unknown.append(
                f"{document.source}: not a file crmsync-rules reads; it looks "
                f"like {document.looks()} (docs/exports.md lists what it reads)"
            )
        document.forget()
    if unknown:
        source = unknown[0].split(": ", 1)[0] if len(unknown) == 1 else "the export"
        problems = (
            [p.split(": ", 1)[1] for p in unknown] if len(unknown) == 1 else unknown
        )
        raise SnapshotError(problems, source=source)
    given = [("--settings", settings)] if settings is not None else []
    records: list[Record] = []
    rejected: list[UnreadableLine] = []
    recognised: list[Recognised] = []
    for document, shape in native:
        count = 0
        for value in _native_values(document, shape):
            if isinstance(value, IntegrationSettings):
                given.append((document.source, value))
                continue
            count += 1
            if isinstance(value, UnreadableLine):
                rejected.append(value)
            else:
                records.append(value)
        recognised.append(
            Recognised(
                source=document.source,
                shape=_NATIVE[shape],
                records=None if shape == "settings" else count,
            )
        )
    if len(given) > 1:
        raise SnapshotError(
            [
                "the integration settings are given more than once: in "
                + ", ".join(source for source, _ in given)
                + "; keep one"
            ],
            source="the export",
        )
    context = ExportContext(allow_partial=allow_partial, documents=documents)
    parts = [
        read_hubspot_export(hubspot, context=context) if hubspot else ExportRead(),
        read_salesforce_export(salesforce, context=context)
        if salesforce
        else ExportRead(),
    ]
    missing: list[str] = []
    findings: list[Finding] = []
    for part in parts:
        records.extend(part.records)
        rejected.extend(part.rejected)
        recognised.extend(part.recognised)
        missing.extend(part.missing)
        notes.extend(part.notes)
        findings.extend(part.findings)
    order = {document.source: n for n, document in enumerate(documents)}
    recognised.sort(key=lambda line: order.get(line.source, len(order)))
    if missing and not allow_partial:
        raise SnapshotError(missing, source="the export")
    return ExportRead(
        records=records,
        rejected=rejected,
        recognised=recognised,
        missing=missing,
        notes=notes,
        settings=given[0][1] if given else None,
        findings=findings,
    )


def _native_values(
    document: Document, shape: str
) -> Iterable[IntegrationSettings | Record | UnreadableLine]:
    if shape == "ndjson":
        return iter_ndjson(document.lines(), source=document.source)
    if shape == "settings":
        return [structure(document.json(), IntegrationSettings, source=document.source)]
    return iter_snapshot(document.json(), source=document.source)
