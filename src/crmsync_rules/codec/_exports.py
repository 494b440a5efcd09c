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

import codecs
import contextlib
import datetime as dt
import io
import json
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from typing import IO, Final, Literal

import attrs

from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.rules._lint import Finding

from ._json import parse_json, short
from ._json_stream import stream_items

__all__ = [
    "Document",
    "DocumentKind",
    "ExportContext",
    "ExportRead",
    "Recognised",
]

DocumentKind = Literal["json", "ndjson", "csv", "unknown"]
Data = bytes | IO[bytes] | Callable[[], IO[bytes]]


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
    records: int | None

    def line(self) -> str:
        """One line a person reads: the file, its shape, its record count
        (none for a file of no records, such as the settings).

        >>> Recognised(source="settings.json", shape="integration settings",
        ...            records=None).line()
        'settings.json: integration settings'
        """
        if self.records is None:
            return f"{self.source}: {self.shape}"
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
    settings: IntegrationSettings | None = None
    """The integration settings, when a document holds them (`read_export`
    reads them from the project's own formats and a settings file)."""
    findings: Sequence[Finding] = ()
    """What the plan should say about the export, under a rule (a record
    returned on two pages, the later update kept: DUP-6); the command line
    lists them with the settings linter's."""

    def values(self) -> Iterator[IntegrationSettings | Record | UnreadableLine]:
        """What `plan_stream` reads: the settings first (when known), then
        every record, then the records that could not be read."""
        if self.settings is not None:
            yield self.settings
        yield from self.records
        yield from self.rejected


@attrs.frozen(kw_only=True)
class ExportContext:
    """What a reader may want to know of the export as a whole.

    ``allow_partial``: the command line plans an incomplete export when
    told (``--allow-partial``); a reader still reports what is missing.
    ``documents``: every document of the export, the other system's
    included, for a reader that checks one file against another.
    ``time_zone``: the zone of times written without one (HubSpot's UI
    exports write "Create Date" in the portal's time zone, as
    ``2024-05-01 11:30``); UTC unless told.
    """

    allow_partial: bool = False
    documents: Sequence[Document] = ()
    time_zone: dt.tzinfo = dt.timezone.utc


# How much of a file its kind is told from; a first line longer than this
# is one JSON document, not NDJSON.
_HEAD: Final = 1 << 16
_BOM: Final = codecs.BOM_UTF8
# What `Document.looks` parses to list a JSON document's keys.
_LOOK: Final = 1 << 24


def _sniff(head: bytes) -> DocumentKind:
    """What a file whose first bytes are *head* is (see `Document.kind`)."""
    text = head.removeprefix(_BOM).lstrip(b" \t\r\n")
    if not text:
        return "unknown"
    if text[:1] == b"[":
        return "json"
    if text[:1] == b"{":
        line, newline, rest = text.partition(b"\n")
        if not newline:
            return "json"  # one line, or a first line longer than the head
        try:
            first = json.loads(line)
        except (ValueError, RecursionError):
            return "json"  # the start of a document written over many lines
        if not isinstance(first, dict):
            return "json"
        if "type" in first or rest.lstrip(b" \t\r\n")[:1] == b"{":
            return "ndjson"
        return "json"
    if b"\x00" in text:
        return "unknown"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(text, final=False)
    except UnicodeDecodeError:
        return "unknown"
    return "csv"


class Document:
    """One file of an export: its name and its bytes, read on demand.

    The codec does no path I/O: *data* is the file's bytes, a binary file
    object (read from its start each time it is read; one that cannot seek,
    such as a pipe, is read once, here), or a function that opens it (the
    command line passes those, so that a folder of thousands of pages holds
    no file open but the one being read). *source* names it in messages.

    ``kind`` is what its first bytes look like, unless given: ``"json"``
    (one JSON value: an object or an array), ``"ndjson"`` (one JSON object
    per line), ``"csv"`` (text that is not JSON: a header line and rows;
    the delimiter is the reader's to find) or ``"unknown"`` (empty, or not
    UTF-8 text).

    >>> Document("page.json", b'{"results": [], "paging": null}').kind
    'json'
    >>> Document("e.ndjson", b'{"type": "settings"}\\n{"type": "x"}\\n').kind
    'ndjson'
    >>> Document("leads.csv", b'"Id","Email"\\n"00Q1","a@x.nl"\\n').kind
    'csv'
    """

    __slots__ = ("_data", "_head", "kind", "memo", "source")

    def __init__(
        self, source: str, data: Data, kind: DocumentKind | None = None
    ) -> None:
        self.source = source
        if isinstance(data, io.IOBase | IO) and not data.seekable():
            data = data.read()
        self._data: Data = data
        self._head: bytes | None = None
        self.memo: dict[str, object] = {}
        """What a reader learned of the document that another step would
        learn again (its shape: `read_export` tells it to pick the reader,
        which tells it again); small values only, never parsed records."""
        self.kind: DocumentKind = _sniff(self.head()) if kind is None else kind
        if callable(data):
            # A file on disk is read again when its head is wanted: a
            # folder of 10,000 pages must not hold 64 KB of each.
            self._head = None

    def forget(self) -> None:
        """Drop the head kept for telling the shape (read again if asked):
        `read_export` calls it once a document's reader is chosen."""
        if callable(self._data):
            self._head = None

    @property
    def name(self) -> str:
        """The file's name without its folders (``manifest.json``)."""
        return self.source.replace("\\", "/").rsplit("/", 1)[-1]

    def __repr__(self) -> str:
        return f"Document({self.source!r}, kind={self.kind!r})"

    @contextlib.contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """The file's bytes from the start, as a binary file (closed after,
        when the document opened it)."""
        data = self._data
        if isinstance(data, bytes):
            yield io.BytesIO(data)
        elif callable(data):
            try:
                file = data()
            except OSError as exc:
                raise SnapshotError(
                    [f"cannot be read: {exc.strerror or exc}"], source=self.source
                ) from None
            with file:
                yield file
        else:
            data.seek(0)
            yield data

    def head(self, size: int = _HEAD) -> bytes:
        """The first *size* bytes (at most), for telling shapes apart
        without reading the file."""
        if self._head is not None and (size <= _HEAD or len(self._head) < _HEAD):
            return self._head[:size]
        if isinstance(self._data, bytes):
            head = self._data[: max(size, _HEAD)]
        else:
            with self.open() as file:
                head = file.read(max(size, _HEAD))
        self._head = head[:_HEAD]
        return head[:size]

    def json(self) -> object:
        """The whole file as one JSON value (strict: `parse_json`). Not
        kept: a reader that needs it twice keeps it, and a large page is
        better read with `stream`."""
        if isinstance(self._data, bytes):
            return parse_json(self._data, source=self.source)
        with self.open() as file:
            return parse_json(file.read(), source=self.source)

    def stream(self, key: str) -> tuple[Mapping[str, object], Iterator[object]]:
        """The file's top-level object without its *key* array (the
        envelope: ``paging``, ``totalSize``, ``done``...), and the items of
        that array one at a time, so that a page dump of hundreds of MB is
        never held whole.

        The envelope holds the members before the array at once and those
        after it (HubSpot's ``paging``) once the items are read; a
        top-level array's items are its own, with an empty envelope. The
        file is open until the items are all read (or the iterator is
        closed). Strict as `parse_json`; raises `SnapshotError` when the
        file is neither a JSON object nor an array, or stops being JSON.

        >>> page = b'{"results": [{"id": "1"}, {"id": "2"}], "paging": {}}'
        >>> envelope, items = Document("p.json", page).stream("results")
        >>> [item["id"] for item in items], dict(envelope)
        (['1', '2'], {'paging': {}})
        """
        stack = contextlib.ExitStack()
        file = stack.enter_context(self.open())
        try:
            envelope, _key, items = stream_items(file, key, source=self.source)
        except BaseException:
            stack.close()
            raise
        return envelope, _closing(items, stack)

    def peek(
        self, key: str | None, items: int = 20
    ) -> tuple[Mapping[str, object], str | None, list[object]]:
        """The envelope's members before the *key* array (None: the first
        array member, whatever its name), that array's name (None for a
        top-level array, or when there is none) and its first *items*
        items: enough to tell a shape without reading a large file (an
        array of no more items is read to its end, and the members after it
        with it). Raises `SnapshotError` as `stream` does, for what it
        reads.

        >>> Document("p.json", b'{"totalSize": 2, "done": true, '
        ...     b'"records": [{"Id": "1"}, {"Id": "2"}]}').peek(None, items=1)
        ({'totalSize': 2, 'done': True}, 'records', [{'Id': '1'}])
        """
        with self.open() as file:
            envelope, found, stream = stream_items(file, key, source=self.source)
            first: list[object] = []
            for item in stream:
                if len(first) >= items:
                    break
                first.append(item)
        return envelope, found, first

    def lines(self) -> Generator[str, None, None]:
        """The file's lines as text (UTF-8, a byte-order mark dropped, line
        ends kept as written: what `csv.reader` wants), read lazily."""
        with self.open() as file:
            text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
            try:
                # Not `yield from text`: closing this generator early would
                # close the wrapper, and with it the file, before `detach`.
                for line in text:  # noqa: UP028 (see above)
                    yield line
            except UnicodeDecodeError as exc:
                raise SnapshotError(
                    [f"not UTF-8 text: {exc.reason}"], source=self.source
                ) from None
            finally:
                text.detach()

    def text(self) -> str:
        """The file as text (UTF-8, a byte-order mark dropped): for CSV."""
        with self.open() as file:
            data = file.read()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SnapshotError(
                [f"not UTF-8 text: byte {exc.start} cannot be decoded"],
                source=self.source,
            ) from None

    def looks(self) -> str:
        """What the file looks like, in a few words, for a message about a
        file nobody recognised."""
        head = self.head()
        if self.kind == "unknown":
            if not head.strip():
                return "an empty file"
            return "binary data, not UTF-8 text (a spreadsheet? export it as CSV)"
        if self.kind == "csv":
            first = head.removeprefix(_BOM).lstrip().split(b"\n", 1)[0]
            return (
                f"CSV with the header {short(first.decode('utf-8', 'replace').strip())}"
            )
        if self.kind == "ndjson":
            first = head.removeprefix(_BOM).lstrip().split(b"\n", 1)[0]
            try:
                keys = list(json.loads(first))
            except (ValueError, RecursionError, TypeError):
                keys = []
            return f"NDJSON whose first line has the keys {_keys(keys)}"
        whole = self.head(_LOOK)
        if len(whole) >= _LOOK:
            return "a JSON document of more than 16 MB"
        try:
            value = parse_json(whole, source=self.source)
        except SnapshotError as exc:
            return f"broken JSON ({exc.problems[0]})"
        if isinstance(value, dict):
            return f"a JSON object with the keys {_keys(value)}"
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return f"a JSON array of objects with the keys {_keys(value[0])}"
        return "a JSON array" if isinstance(value, list) else "a JSON value"


def _keys(keys: object) -> str:
    names = list(keys) if isinstance(keys, Mapping | list) else []
    shown = ", ".join(short(k) for k in names[:8])
    return shown + (", ..." if len(names) > 8 else "") if names else "(none)"


def _closing(items: Iterator[object], stack: contextlib.ExitStack) -> Iterator[object]:
    """*items*, closing the file under them when done or abandoned."""
    with stack:
        yield from items
