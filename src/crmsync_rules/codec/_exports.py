"""Exports as teams have them: files of many shapes, read by their content.

This module is the meeting point of the export readers (issue "Real exports
in"): a `Document` is one file of an export (JSON page, NDJSON, CSV), read
lazily; each system's reader takes the documents it recognises and gives
an `ExportRead`: the records, the rejected records, what it recognised in
each file, and the findings about the set as a whole (pages missing, a
record returned twice).

- `codec/_hubspot_export.py`: HubSpot CRM v3 list, search and batch-read
  pages, owners pages, associations, properties-API responses, the UI's
  CSV exports (`read_hubspot_export`);
- `codec/_salesforce_export.py`: REST query pages, Bulk API 2.0 results,
  Data Loader CSV, describe responses (`read_salesforce_export`);
- `read_export` (below) sorts a folder's documents between them, reads the
  native formats itself, and puts the snapshot together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Literal

import attrs

from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine

from ._json import parse_json

__all__ = [
    "Document",
    "ExportContext",
    "ExportRead",
    "Recognised",
]


@attrs.frozen(kw_only=True)
class Recognised:
    """What a reader recognised one file as, for the command line to say.

    >>> Recognised(source="exports/contacts-1.json",
    ...            shape="HubSpot CRM v3 list page of contacts",
    ...            records=100).line()
    'exports/contacts-1.json: HubSpot CRM v3 list page of contacts, 100 records'
    """

    source: str
    shape: str
    records: int

    def line(self) -> str:
        """One line a person reads: the file, its shape, its record count."""
        noun = "record" if self.records == 1 else "records"
        return f"{self.source}: {self.shape}, {self.records:,} {noun}"


@attrs.frozen(kw_only=True)
class ExportRead:
    """What a reader made of the documents it took.

    ``records``: every record read, once (a record returned on two pages is
    one record; see ``notes``). ``rejected``: the records that could not be
    read, each with the path of its value (file, page, row or record,
    field) and its problems; they are planned as rejected (ERR-1).
    ``recognised``: one line per file. ``missing``: what is known to be
    missing (a gap in a page chain, fewer records than ``totalSize``); the
    command line refuses the export (exit 2) unless told to plan it as
    partial. ``notes``: sentences about the set that do not stop it (a
    record returned twice, the later update kept).
    """

    records: Sequence[Record] = ()
    rejected: Sequence[UnreadableLine] = ()
    recognised: Sequence[Recognised] = ()
    missing: Sequence[str] = ()
    notes: Sequence[str] = ()


@attrs.frozen(kw_only=True)
class ExportContext:
    """What a reader cannot learn from the documents themselves.

    ``time_zone``: the zone of times written without one (HubSpot's UI
    exports write "Create Date" in the portal's time zone, as
    ``2024-05-01 11:30``); UTC unless told.
    """

    time_zone: dt.tzinfo = dt.timezone.utc


class Document:
    """One file of an export: its name and its bytes, parsed on demand.

    ``kind`` is what its first bytes look like: ``"json"`` (one JSON value),
    ``"ndjson"`` (one JSON object per line) or ``"csv"`` (a header line and
    rows; the delimiter is the reader's to find).
    """

    __slots__ = ("_data", "_json", "kind", "source")

    def __init__(
        self, source: str, data: bytes, kind: Literal["json", "ndjson", "csv"]
    ) -> None:
        self.source = source
        self.kind = kind
        self._data = data
        self._json: object = None

    def json(self) -> object:
        """The whole file as one JSON value (strict: `parse_json`)."""
        if self._json is None:
            self._json = parse_json(self._data, source=self.source)
        return self._json

    def stream(self, key: str) -> tuple[Mapping[str, object], Iterator[object]]:
        """The file's top-level object without its *key* array (the
        envelope: ``paging``, ``totalSize``, ``done``...), and the items of
        that array one at a time, so that a page dump of hundreds of MB is
        never held whole. The parse is not kept (unlike `json`'s): a reader
        that streams its pages one at a time holds one page at a time.

        Raises `SnapshotError` when the file is no JSON object.
        """
        whole = (
            self._json
            if self._json is not None
            else parse_json(self._data, source=self.source)
        )
        if not isinstance(whole, dict):
            raise SnapshotError([f"{self.source}: expected a JSON object"])
        envelope = {k: v for k, v in whole.items() if k != key}
        items = whole.get(key)
        return envelope, iter(items if isinstance(items, list) else ())

    def head(self, size: int = 4096) -> bytes:
        """The file's first *size* bytes: enough to recognise a page that
        is not valid JSON (a truncated download) by how it begins."""
        return self._data[:size]

    def text(self) -> str:
        """The file as text (UTF-8, a byte-order mark dropped): for CSV."""
        return self._data.decode("utf-8-sig")
