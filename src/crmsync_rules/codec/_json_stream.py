"""One JSON document read a piece at a time: the items of one array of a
top-level object (or of a top-level array) one by one, so that a page
dump of hundreds of megabytes is never held whole (`stream_items`).

As strict as `parse_json`: UTF-8, no NaN or Infinity, no duplicate keys
(the envelope's own keys included), nothing after the document; every
failure is a `SnapshotError` with the line and column of the whole file.

Each item is parsed by the standard library's C scanner
(`json.JSONDecoder.raw_decode`) from a window of text that grows by
chunks; only the structure around the items (a few keys, commas) is
walked in Python, so the cost per record is that of `json.loads`.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Final, NoReturn

from crmsync_rules.model._errors import SnapshotError

from ._json import EXPORT_DECODER, short

__all__ = ["CHUNK", "stream_items"]

CHUNK: Final = 1 << 20
"""Bytes read at a time."""
# An item that does not parse from this much text is reported as it is: a
# syntax error in the middle of a file must not read the rest of it into
# memory looking for an end (no record of a page is that large).
_MAX_ITEM: Final = 64 << 20
_SPACE: Final = re.compile(r"[ \t\n\r]*")
_NUMBER_TAIL: Final = re.compile(r"[0-9.eE+-]*")


class _Text:
    """The text of a binary file, decoded as it is read, in a window that
    drops what has been parsed; it knows the line and column of any
    position for error messages."""

    def __init__(self, file: IO[bytes], source: str, chunk: int) -> None:
        self.source = source
        self.buf = ""
        self.pos = 0
        self.eof = False
        self._file = file
        self._chunk = chunk
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._bytes = 0  # bytes read before the current chunk
        self._lines = 0  # newlines in the text dropped from the window
        self._last_newline = -1  # where the last dropped newline was
        self._dropped = 0  # characters dropped from the window

    def more(self, at_least: int = 0) -> None:
        """Read another chunk (at least *at_least* bytes), dropping the
        parsed text from the window first."""
        if self.pos > len(self.buf) // 2:
            done = self.buf[: self.pos]
            newlines = done.count("\n")
            if newlines:
                self._lines += newlines
                self._last_newline = self._dropped + done.rindex("\n")
            self._dropped += self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0
        data = self._file.read(max(self._chunk, at_least))
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            self.fail(
                f"not UTF-8 text: byte {self._bytes + exc.start} cannot be decoded"
            )
        self._bytes += len(data)
        if not data:
            self.eof = True
        self.buf += text

    def where(self, index: int) -> str:
        """``line L column C`` of *index* in the window, in the whole file."""
        line = self._lines + self.buf.count("\n", 0, index) + 1
        newline = self.buf.rfind("\n", 0, index)
        if newline >= 0:
            column = index - newline
        else:
            column = self._dropped + index - self._last_newline
        return f"line {line} column {column}"

    def fail(self, problem: str) -> NoReturn:
        raise SnapshotError([problem], source=self.source)

    def fail_at(self, message: str, index: int) -> NoReturn:
        self.fail(f"invalid JSON: {message} at {self.where(index)}")

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if self.eof:
                return ""
            self.more()

    def expect(self, chars: str, what: str) -> str:
        """The next character, which must be one of *chars*; consumed."""
        char = self.peek()
        if not char or char not in chars:
            self.fail_at(f"Expecting {what}", self.pos)
        self.pos += 1
        return char

    def value(self) -> object:
        """The next JSON value, parsed by the C scanner."""
        if not self.peek():
            self.fail_at("Expecting value", self.pos)
        while True:
            try:
                value, end = EXPORT_DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if not self.eof and len(self.buf) - self.pos < _MAX_ITEM:
                    # Perhaps only cut short by the window: read on, as much
                    # again as is held, so that a large item costs linear time.
                    self.more(at_least=len(self.buf) - self.pos)
                    continue
                self.fail_at(exc.msg, exc.pos)
            except ValueError as exc:  # a duplicate key, NaN
                self.fail(f"invalid JSON: {exc} (the value at {self.where(self.pos)})")
            except RecursionError:
                self.fail("invalid JSON: nested too deeply")
            if (
                not self.eof
                and type(value) in (int, float)
                and _NUMBER_TAIL.match(self.buf, end).end() == len(self.buf)  # type: ignore[union-attr]
            ):
                self.more()  # "0" of "0.5", "1" of "1e3": the number may go on
                continue
            self.pos = end
            return value

    def end(self) -> None:
        """Nothing but white space may follow the document."""
        if self.peek():
            self.fail_at("Extra data", self.pos)


class _Stream:
    """The walk of one document: the envelope's members up to the *key*
    array, its items, then the members after it."""

    def __init__(self, text: _Text, key: str | None) -> None:
        self.text = text
        self.key = key
        self.envelope: dict[str, object] = {}
        self._array = False  # the key's array is open
        self.found = False  # the key's array was opened
        self._started = False

    def begin(self) -> None:
        char = self.text.expect("{[", "a JSON object or array")
        if char == "[":
            self._array = True
            return
        self._members()

    def _member(self) -> str | None:
        """The next member's name, with the text after its colon; None at
        the object's end."""
        text = self.text
        if self._started:
            if text.expect(",}", "',' delimiter") == "}":
                return None
        else:
            self._started = True
            if text.peek() == "}":
                text.pos += 1
                return None
        if text.peek() != '"':
            text.fail_at("Expecting property name enclosed in double quotes", text.pos)
        name = text.value()
        assert isinstance(name, str)
        text.expect(":", "':' delimiter")
        if name in self.envelope or (name == self.key and self.found):
            text.fail(f"invalid JSON: duplicate key {short(name)} in one object")
        return name

    def _members(self) -> None:
        """Members until the *key* array opens, or the document ends."""
        while (name := self._member()) is not None:
            if (name == self.key or self.key is None) and self.text.peek() == "[":
                self.key = name
                self.text.pos += 1
                self._array = self.found = True
                return
            self.envelope[name] = self.text.value()
        self.text.end()

    def items(self) -> Iterator[object]:
        text = self.text
        if not self._array:
            return
        if text.peek() == "]":
            text.pos += 1
        else:
            while True:
                yield text.value()
                if text.expect(",]", "',' delimiter") == "]":
                    break
        self._array = False
        if self._started:
            self._members()
        else:
            text.end()


def stream_items(
    file: IO[bytes], key: str | None, *, source: str, chunk: int = CHUNK
) -> tuple[dict[str, object], str | None, Iterator[object]]:
    """The envelope of the JSON object in *file* and the items of its *key*
    array, one at a time.

    The envelope holds at once the members that come before the array
    (Salesforce writes ``totalSize`` and ``done`` first), and, once the
    items are all read, those after it too (HubSpot writes ``paging``
    last). A top-level array's items are its own (an empty envelope). A
    *key* whose value is not an array is an envelope member like any other,
    for the reader to refuse. Raises `SnapshotError` for text that is not
    strict JSON, at once for what precedes the array and while iterating
    for the rest.

    A *key* of None takes the first member whose value is an array; the
    key streamed is returned between the envelope and the items (None for a
    top-level array or an object without the array).
    """
    stream = _Stream(_Text(file, source, chunk), key)
    stream.begin()
    found = stream.key if stream.found else None
    return stream.envelope, found, stream.items()
