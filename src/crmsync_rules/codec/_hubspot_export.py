"""HubSpot exports as teams have them, read whole (`read_hubspot_export`).

An export is a set of documents: paged API responses of contacts,
companies and deals (list pages, search responses, batch reads), owners
pages, associations, properties-API responses, the UI's CSV exports, and
an optional ``manifest.json``. `recognises_hubspot` says which shape one
document is (see `_hubspot_shapes`); `read_hubspot_export` reads them all
into records and says what is missing:

- every property is kept, typed (`_hubspot_values`), the times go to
  ``created_at``/``updated_at``, ``propertiesWithHistory`` to ``history``;
- the pages of one object must chain: exactly one last page (no
  ``paging``), no cursor twice, no page number skipped (files named
  "contacts-1.json", "contacts-2.json"...), each page's own cursor
  followed exactly when a manifest gives it, and as many records as a
  search's ``total``;
- a record returned twice (HubSpot does this when data changes during an
  export) is one record: the later ``updatedAt`` wins, with a note; two
  different records of one id with no times to order them are both kept,
  and the planner rejects them, as it does for NDJSON.

The manifest (issue 19 writes it) is ``{"pages": [{"file":
"contacts-2.json", "object": "contacts", "after": "<the cursor this page
was requested with, null for the first>", "next": "<paging.next.after,
null for the last>"}]}``; entries whose ``object`` is no HubSpot object
(Salesforce's) are not this reader's.
"""

from __future__ import annotations

import array
import itertools
from collections.abc import Mapping, Sequence
from typing import Any, Final

from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._hubspot import HubSpotObject, HubSpotOwner
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine

from ._exports import Document, ExportContext, ExportRead, Recognised
from ._hubspot_csv import CsvTrouble, OwnerNames, read_ui_rows
from ._hubspot_links import fold_links, read_links
from ._hubspot_pages import (
    Page,
    chain_problems,
    deduplicated,
    manifest_entry,
    next_cursor,
    numbered,
    owner_notes,
    total_problems,
)
from ._hubspot_records import ObjectBuilder, OwnerBuilder
from ._hubspot_shapes import (
    Shape,
    classify,
    name_hint,
    object_of_records,
    objects_shape,
    page_number,
)
from ._hubspot_values import UI_LABELS, ValueKind, kind_of_property
from ._json import claimed_id, short
from ._payload import Problems

__all__ = ["read_hubspot_export", "recognises_hubspot"]

_HEAD: Final = 50  # the records that tell a page's object


def recognises_hubspot(document: Document) -> str | None:
    """Which HubSpot export shape *document* is, as a person reads it
    ("HubSpot CRM v3 list page of contacts"), or ``None`` when it is none
    of them. A JSON document that does not parse but begins like a HubSpot
    page (a truncated download) is recognised, so that reading it says what
    is missing."""
    shape = classify(document)
    return None if shape is None else shape.description


class _Reader:
    def __init__(self, context: ExportContext) -> None:
        self.zone = context.time_zone
        self.names: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.records: dict[HubSpotObject, list[Any]] = {t: [] for t in HubSpotObject}
        self.origins: dict[HubSpotObject, array.array[int]] = {
            t: array.array("I") for t in HubSpotObject
        }
        self.owners: list[HubSpotOwner] = []
        self.rejected: list[UnreadableLine] = []
        self.recognised: list[Recognised] = []
        self.missing: list[str] = []
        self.notes: list[str] = []
        self.sources: list[str] = []
        self.pages: list[Page] = []
        self.types: dict[HubSpotObject, dict[str, ValueKind]] = {
            t: {} for t in HubSpotObject
        }
        self.labels: dict[HubSpotObject, dict[str, str]] = {
            t: dict(UI_LABELS[t]) for t in HubSpotObject
        }
        # (from object, from id) -> [(to object, to id, primary)]
        self.links: dict[
            tuple[HubSpotObject, str], list[tuple[HubSpotObject, str, bool]]
        ] = {}
        self.manifest: dict[str, Mapping[str, object]] = {}
        # The owners' list pages (``GET /crm/v3/owners``), chained like the
        # objects' but only worth a note when one is missing: a record whose
        # owner was not read is planned with an unknown owner.
        self.owner_pages: list[Page] = []
        self.owner_manifest: dict[str, Mapping[str, object]] = {}
        self.archived = dict.fromkeys(HubSpotObject, 0)

    # -- the documents, kind by kind ---------------------------------------

    def read(self, documents: Sequence[Document]) -> ExportRead:
        shaped: list[tuple[Document, Shape]] = []
        for document in documents:
            shape = classify(document)
            if shape is None:
                self.missing.append(
                    f"{document.source}: not a HubSpot export shape this reader knows"
                )
            elif shape.kind == "broken":
                self._broken(document)
            else:
                shaped.append((document, shape))
        order = ("manifest", "properties", "owners", "objects", "ui", "associations")
        shaped.sort(key=lambda pair: order.index(pair[1].kind))
        for document, shape in shaped:
            try:
                getattr(self, f"_{shape.kind}")(document, shape)
            except SnapshotError:
                # Recognised by its first bytes, cut further on.
                self._broken(document)
        self._check_pages()
        records: dict[HubSpotObject, list[Any]] = {}
        for object_type, items in self.records.items():
            records[object_type], notes = deduplicated(
                object_type, items, self.origins[object_type], self.sources
            )
            self.notes.extend(notes)
        if self.links:
            records = fold_links(records, self.links)
        for object_type, count in self.archived.items():
            if count:
                self.notes.append(
                    f"{count:,} archived {object_type.value} (in HubSpot's recycle "
                    "bin) left out"
                )
        position = {document.source: i for i, document in enumerate(documents)}
        self.recognised.sort(key=lambda line: position.get(line.source, 0))
        everything: list[Record] = [*self.owners]
        for object_type in HubSpotObject:
            everything.extend(records[object_type])
        return ExportRead(
            records=tuple(everything),
            rejected=tuple(self.rejected),
            recognised=tuple(self.recognised),
            missing=tuple(self.missing),
            notes=tuple(self.notes),
        )

    def _broken(self, document: Document) -> None:
        try:
            document.json()
        except SnapshotError as exc:
            detail = "; ".join(exc.problems)
        else:  # parses, but is no object
            detail = "not a JSON object"
        self.recognised.append(
            Recognised(
                source=document.source,
                shape="HubSpot API page, not valid JSON",
                records=0,
            )
        )
        self.missing.append(
            f"{document.source}: not valid JSON, a truncated download? ({detail}); "
            "its records are missing"
        )

    def _manifest(self, document: Document, shape: Shape) -> None:
        whole = document.json()
        assert isinstance(whole, Mapping)
        pages = whole["pages"]
        assert isinstance(pages, list)
        mine = [p for p in pages if p.get("object") in {t.value for t in HubSpotObject}]
        for entry in mine:
            self.manifest[str(entry["file"])] = entry
        for entry in pages:
            if entry.get("object") == "owners":
                self.owner_manifest[str(entry["file"])] = entry
        self.recognised.append(
            Recognised(source=document.source, shape=shape.description, records=0)
        )

    def _properties(self, document: Document, shape: Shape) -> None:
        whole = document.json()
        assert isinstance(whole, Mapping)
        results = whole["results"]
        assert isinstance(results, list)
        self.recognised.append(
            Recognised(
                source=document.source, shape=shape.description, records=len(results)
            )
        )
        if shape.object_type is None:
            self.missing.append(
                f"{document.source}: properties of an object it does not name "
                "(name the file after it: contacts-properties.json)"
            )
            return
        for item in results:
            if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
                continue
            name = item["name"]
            self.types[shape.object_type][name] = kind_of_property(
                item.get("type"), item.get("fieldType")
            )
            label = item.get("label")
            if isinstance(label, str) and label:
                self.labels[shape.object_type].setdefault(label, name)

    def _source(self, document: Document) -> int:
        self.sources.append(document.source)
        return len(self.sources) - 1

    def _owners(self, document: Document, shape: Shape) -> None:
        envelope, items = document.stream("results")
        builder = OwnerBuilder(zone=self.zone)
        rows = 0
        for i, raw in enumerate(items):
            rows += 1
            path = f"$.results[{i}]"
            problems = Problems()
            owner = builder.record(raw, path, problems, names=self.names)
            if owner is None:
                self._reject(document, path, "hubspot_owner", raw, problems)
            else:
                self.owners.append(owner)
        self.owner_pages.append(
            Page(
                source=document.source,
                object_type=None,
                variant="owners",
                next=next_cursor(envelope),
                total=None,
                rows=rows,
                number=page_number(document.source),
            )
        )
        self.recognised.append(
            Recognised(source=document.source, shape=shape.description, records=rows)
        )

    def _reject(
        self, document: Document, path: str, kind: str, raw: object, problems: Problems
    ) -> None:
        self.rejected.append(
            UnreadableLine(
                source=document.source,
                path=path,
                record_type=kind,
                record_id=claimed_id(raw, "id"),
                problems=tuple(problems.lines),
            )
        )

    def _builder(self, object_type: HubSpotObject) -> ObjectBuilder:
        return ObjectBuilder(object_type, self.types[object_type], zone=self.zone)

    def _objects(self, document: Document, shape: Shape) -> None:
        # Read item by item (`Document.stream`): a page dump of hundreds of
        # MB need not be held whole once the document streams.
        envelope, items = document.stream("results")
        head = list(itertools.islice(items, _HEAD))
        object_type = self._page_object(document, shape, head)
        rows = 0
        if object_type is None:
            rows = len(head) + sum(1 for _ in items)
        else:
            builder = self._builder(object_type)
            origin = self._source(document)
            kept, origins = self.records[object_type], self.origins[object_type]
            for i, raw in enumerate(itertools.chain(head, items)):
                rows += 1
                if (type(raw) is dict or isinstance(raw, Mapping)) and raw.get(
                    "archived"
                ) is True:
                    self.archived[object_type] += 1
                    continue
                path = f"$.results[{i}]"
                problems = Problems()
                record = builder.record(raw, path, problems, names=self.names)
                if record is None:
                    self._reject(document, path, builder.ndjson, raw, problems)
                else:
                    kept.append(record)
                    origins.append(origin)
        # Only now is the whole envelope known: keys written after the
        # results (a batch read's "status") arrive once they are read.
        shape = objects_shape(envelope, object_type or shape.object_type)
        self.recognised.append(
            Recognised(source=document.source, shape=shape.description, records=rows)
        )
        if object_type is None:
            return
        total = envelope.get("total")
        if shape.variant == "batch":
            self._batch_status(document, envelope)
            return
        self.pages.append(
            Page(
                source=document.source,
                object_type=object_type,
                variant=shape.variant,
                next=next_cursor(envelope),
                total=total if type(total) is int else None,
                rows=rows,
                number=page_number(document.source),
            )
        )

    def _page_object(
        self, document: Document, shape: Shape, results: Sequence[object]
    ) -> HubSpotObject | None:
        """The object of a page; a page whose records are another object
        than its name or its manifest entry says is left out, with a
        message (a page of another object in a set)."""
        told, keys = object_of_records(results)
        named: HubSpotObject | None = None
        entry = self._manifest_entry(document.source)
        if entry is not None:
            named = HubSpotObject(entry["object"])
        else:
            hints = name_hint(document.source)
            named = hints[0] if len(hints) == 1 else None
        if told is not None and named is not None and told is not named:
            self.missing.append(
                f"{document.source}: a page of {named.value} by its name, but its "
                f"records are {told.value} ({keys}): left out; the {named.value} "
                "pages lack one"
            )
            return None
        object_type = told or named
        if object_type is None and results:
            self.missing.append(
                f"{document.source}: cannot tell whether its records are contacts, "
                "companies or deals (no telling property, no associations): name "
                "the file after its object (contacts-1.json)"
            )
        return object_type

    def _manifest_entry(self, source: str) -> Mapping[str, object] | None:
        return manifest_entry(self.manifest, source)

    def _batch_status(self, document: Document, whole: Mapping[str, object]) -> None:
        status = whole.get("status")
        if status != "COMPLETE":
            self.missing.append(
                f"{document.source}: a batch read with status {short(status)}, not "
                "COMPLETE: its results may be partial"
            )
        errors = whole.get("errors")
        if isinstance(errors, list) and errors:
            messages = sorted(
                {str(e.get("message")) for e in errors if isinstance(e, Mapping)}
            )
            self.notes.append(
                f"{document.source}: the batch read reported {len(errors)} "
                f"error{'s' if len(errors) != 1 else ''}: {'; '.join(messages[:3])}"
            )

    def _ui(self, document: Document, shape: Shape) -> None:
        object_type = shape.object_type
        if object_type is None:
            self.recognised.append(
                Recognised(source=document.source, shape=shape.description, records=0)
            )
            self.missing.append(
                f"{document.source}: a HubSpot UI export of an object it does not "
                "name (no owner column, no telling column): name the file after "
                "its object (contacts.csv)"
            )
            return
        builder = self._builder(object_type)
        owners = OwnerNames(self.owners)
        origin = self._source(document)
        unknown: set[str] = set()
        rows = 0
        try:
            for value in read_ui_rows(
                document,
                builder,
                self.labels[object_type],
                owners,
                names=self.names,
                unknown=unknown,
            ):
                rows += 1
                if isinstance(value, UnreadableLine):
                    self.rejected.append(value)
                else:
                    self.records[object_type].append(value)
                    self.origins[object_type].append(origin)
        except CsvTrouble as exc:
            after = f"the rows after row {rows}" if rows else "its rows"
            self.missing.append(f"{document.source}: {exc}; {after} are missing")
        self.recognised.append(
            Recognised(source=document.source, shape=shape.description, records=rows)
        )
        if unknown:
            self.notes.append(
                f"{document.source}: columns of no known label kept as text under "
                f"their header: {', '.join(sorted(unknown))} (a properties-API "
                "response in the export names custom properties' labels)"
            )

    # -- associations -------------------------------------------------------

    def _associations(self, document: Document, shape: Shape) -> None:
        whole, results = document.stream("results")
        count, missing, notes = read_links(results, document.source, self.links)
        self.missing.extend(missing)
        self.notes.extend(notes)
        if shape.variant and "status" in whole:
            self._batch_status(document, whole)
        self.recognised.append(
            Recognised(source=document.source, shape=shape.description, records=count)
        )

    # -- completeness ---------------------------------------------------------

    def _check_pages(self) -> None:
        groups: dict[tuple[HubSpotObject, str], list[Page]] = {}
        for page in self.pages:
            entry = self._manifest_entry(page.source)
            if entry is not None:
                after = entry.get("after")
                page.after = after if isinstance(after, str) else None
                page.after_known = True
                said = entry.get("next")
                if "next" in entry and said != page.next:
                    self.missing.append(
                        f"{page.source}: the manifest says its next cursor is "
                        f"{short(said)}, the page says {short(page.next)}"
                    )
            # Only the owners' pages (kept apart) have no object.
            assert page.object_type is not None
            groups.setdefault((page.object_type, page.variant), []).append(page)
        for (object_type, variant), pages in groups.items():
            noun = "search" if variant == "search" else "list"
            what = f"the {object_type.value} {noun} pages"
            self.missing.extend(chain_problems(what, pages))
            missing, notes = total_problems(what, pages)
            self.missing.extend(missing)
            self.notes.extend(notes)
            if (
                len(pages) > 1
                and not all(p.after_known for p in pages)
                and not numbered(pages)
                and not any(p.total is not None for p in pages)
            ):
                self.notes.append(
                    f"{what}: a missing middle page cannot be seen from the pages "
                    "alone (HubSpot does not echo a page's own cursor): number the "
                    "files (contacts-1.json, contacts-2.json...) or add a manifest"
                )
        self.notes.extend(owner_notes(self.owner_pages, self.owner_manifest))
        for file, entry in self.manifest.items():
            if not any(self._manifest_entry(p.source) is entry for p in self.pages):
                self.missing.append(
                    f"{file}: listed in the manifest, not in the export"
                )

    # -- records returned twice ----------------------------------------------


def read_hubspot_export(
    documents: Sequence[Document], *, context: ExportContext | None = None
) -> ExportRead:
    """Every record of a HubSpot export: *documents* of the shapes
    `recognises_hubspot` recognises, read together (owners first, so that
    a UI export's owner names resolve; properties-API responses first, so
    that custom properties are typed and labelled).

    Records come once each, with every property, their times and history;
    records that cannot be read are in ``rejected`` with the path of the bad
    value; a gap in a page chain, a page of another object, a truncated
    page, fewer records than a search's ``total``, a document of no HubSpot
    shape are in ``missing``: the command line decides whether to plan a
    partial export, so nothing here raises for a bad file.
    """
    return _Reader(context or ExportContext()).read(documents)
