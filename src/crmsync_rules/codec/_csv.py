"""CSV files as the exports write them: the delimiter found from the header
line, LF or CRLF line endings, values quoted or not, rows read one at a
time with their numbers.

Salesforce's Bulk API 2.0 writes query results with any of six column
delimiters (``COMMA``, ``TAB``, ``SEMICOLON``, ``PIPE``, ``CARET``,
``BACKQUOTE``: the job's ``columnDelimiter``) and either line ending (its
``lineEnding``); the files on disk no longer say which, so the reader finds
them (https://developer.salesforce.com/docs/platform/api-asynch/guide/query-create-job.md,
https://developer.salesforce.com/docs/platform/api-asynch/guide/datafiles-prepare-csv.md).
Data Loader writes commas. A value that holds the delimiter, a quote or a
line break is quoted, a quote inside doubled (RFC 4180).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Final, cast

from crmsync_rules.model._errors import SnapshotError

from ._exports import Document

__all__ = [
    "DELIMITERS",
    "CsvRows",
    "document_head",
    "document_lines",
    "find_delimiter",
    "head_fields",
]

DELIMITERS: Final = {
    ",": "COMMA",
    "\t": "TAB",
    ";": "SEMICOLON",
    "|": "PIPE",
    "^": "CARET",
    "`": "BACKQUOTE",
}
"""The column delimiters Bulk API 2.0 writes, by the name its jobs give them."""


def document_head(document: Document, size: int = 65_536) -> str:
    """The first *size* bytes of *document* as text (a character cut at the
    end, or bytes that are no UTF-8, dropped): enough to tell its shape."""
    head = getattr(document, "head", None)
    if head is None:  # a Document without head(): its bytes
        raw = getattr(document, "_data", b"")
        return raw[:size].decode("utf-8-sig", errors="ignore") if raw else ""
    data = head(size)
    if isinstance(data, bytes):
        return data.decode("utf-8-sig", errors="ignore")
    return str(data)


def document_lines(document: Document) -> Iterable[str]:
    """The lines of *document* as text, line ends kept (what `csv.reader`
    wants), read lazily when the document can."""
    lines = getattr(document, "lines", None)
    if lines is not None:
        return cast(Iterable[str], lines())
    try:
        text = document.text()
    except UnicodeDecodeError as exc:
        raise SnapshotError(
            [f"not UTF-8 text: byte {exc.start} cannot be decoded"],
            source=document.source,
        ) from None
    return io.StringIO(text, newline="")


def _first_line(head: str) -> str:
    """The header line of *head*, a quoted line break inside it kept."""
    quoted = False
    for index, character in enumerate(head):
        if character == '"':
            quoted = not quoted
        elif character in "\r\n" and not quoted:
            return head[:index]
    return head


def find_delimiter(head: str) -> str:
    """The column delimiter of a CSV file whose first characters are *head*.

    A quoted first header (Bulk API quotes every value) is followed by the
    delimiter; otherwise the candidate that splits the header line into the
    most columns wins, a comma when none does (a one-column file).

    >>> find_delimiter('"Id"^"Email"\\n'), find_delimiter("Id;Email;Phone\\n")
    ('^', ';')
    >>> find_delimiter("Id\\n")
    ','
    """
    line = _first_line(head)
    if line.startswith('"'):
        end = 1
        while True:
            end = line.find('"', end)
            if end < 0:
                break
            if line[end + 1 : end + 2] == '"':  # a doubled quote inside
                end += 2
                continue
            following = line[end + 1 : end + 2]
            if following in DELIMITERS:
                return following
            break
    counts = {delimiter: len(_split(line, delimiter)) for delimiter in DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > 1 else ","


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def head_fields(head: str) -> tuple[str, list[str], list[str] | None]:
    """The delimiter, header and first data row (``None`` when the head
    holds none; it may be cut short) of a CSV file whose first characters
    are *head*: enough to recognise it without reading it."""
    delimiter = find_delimiter(head)
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
        first = next(reader, None)
    except csv.Error:
        return delimiter, [], None
    return delimiter, header, first


class CsvRows:
    """The rows of one CSV file: its ``header``, then each row with its
    number (``1`` is the first row under the header) through `rows`.

    A row whose quoting is broken (a file cut inside a quoted value) ends
    the reading: ``error`` says where, and the rows before it count.
    """

    def __init__(self, stream: Iterable[str], *, source: str, delimiter: str) -> None:
        self.source = source
        self.delimiter = delimiter
        self.error: str | None = None
        self._reader = csv.reader(stream, delimiter=delimiter, strict=True)
        try:
            self.header: list[str] = next(self._reader, [])
        except (csv.Error, UnicodeDecodeError) as exc:
            raise SnapshotError(
                [f"unreadable CSV header: {exc}"], source=source
            ) from None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each non-blank row with its number."""
        number = 0
        while True:
            try:
                row = next(self._reader, None)
            except csv.Error as exc:
                self.error = (
                    f"row {number + 1} cannot be read ({exc}): "
                    "the file is cut short or its quoting is broken"
                )
                return
            except UnicodeDecodeError as exc:
                raise SnapshotError(
                    [f"not UTF-8 text after row {number}: {exc.reason}"],
                    source=self.source,
                ) from None
            if row is None:
                return
            if not row or row == [""]:
                continue
            number += 1
            yield number, row
