"""The NDJSON file's lines as the engine's batches carry them: checked once
(`scan_lines`: DuckDB must read them as the codec does) while the byte
offset of every line is written to a file beside the spilled entries, so
that a batch is a list of line numbers (`LineRefs`, 8 bytes a record) and
the worker that plans it reads its lines from the file itself
(`batch_lines`, with `os.pread`).

So the client process never sorts, fetches or pickles the records' text:
the text of every record went from DuckDB through the client to a worker,
behind a sort of the whole file by batch, during which the workers waited
(docs/performance.md, "The bulk engine")."""

from __future__ import annotations

import array
import codecs
import itertools
import os
import struct
from collections.abc import Sequence
from typing import Final

import attrs

from crmsync_rules.model._errors import CrmSyncRulesError

__all__ = ["Batch", "EngineUnsuitable", "LineRefs", "batch_lines", "scan_lines"]

_CHUNK: Final = 1 << 24
_TWO_OFFSETS: Final = struct.Struct("=qq")
_BOM: Final = codecs.BOM_UTF8


class EngineUnsuitable(CrmSyncRulesError):
    """The bulk engine cannot read this input exactly as the codec does
    (a carriage return or a control character in a line, text that is not
    UTF-8, a record DuckDB cannot parse); the caller plans it with
    `plan_stream` instead."""


def _next_line(total: int, length: int) -> int:
    return total + length + 1  # the line, then its newline


def scan_lines(path: str, offsets: str, /) -> int:
    """Check that DuckDB's reading of *path* line by line agrees with the
    codec's (UTF-8 without a byte order mark, no carriage return, no unit
    separator, no NUL), write to *offsets* where each line starts (line
    *n* is the bytes from entry ``n - 1`` up to one before entry ``n``),
    and return the number of lines."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    size = last = 0  # bytes read; where the last line found starts
    written = 1
    with open(path, "rb") as file, open(offsets, "wb") as out:
        array.array("q", [0]).tofile(out)  # line 1
        while chunk := file.read(_CHUNK):
            if b"\r" in chunk or b"\x1f" in chunk or b"\x00" in chunk:
                raise EngineUnsuitable(
                    f"{path}: a line holds a carriage return or a control character"
                )
            if not size and chunk.startswith(_BOM):
                raise EngineUnsuitable(f"{path}: starts with a byte order mark")
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise EngineUnsuitable(f"{path}: not UTF-8 ({exc})") from None
            # Each newline starts the next line (split runs in C); written
            # chunk by chunk, so the offsets never sit in memory whole.
            pieces = map(len, chunk.split(b"\n")[:-1])
            ends = itertools.accumulate(pieces, _next_line, initial=size)
            starts = array.array("q", itertools.islice(ends, 1, None))
            if starts:
                starts.tofile(out)
                last = starts[-1]
                written += len(starts)
            size += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise EngineUnsuitable(f"{path}: not UTF-8 ({exc})") from None
        if last != size:  # a last line without its newline
            array.array("q", [size + 1]).tofile(out)
            written += 1
    return written - 1


@attrs.frozen
class LineRefs:
    """A batch's lines by number (increasing; `array` bytes), read where
    the batch is planned from the file *path* and its line offsets
    (`scan_lines`). Only for workers that share the client's disk; a Dask
    task gets the lines themselves (`batch_lines` in the client)."""

    path: str
    offsets: str
    numbers: bytes


Batch = LineRefs | Sequence[tuple[int, str]]
"""What a batch runner is given a batch as: its numbered lines, or their
numbers in the file."""


def batch_lines(batch: Batch, /) -> Sequence[tuple[int, str]]:
    """The numbered lines of *batch*: read from the file when it holds
    line numbers.

    Each line and its two offsets are read with `os.pread`, not through
    `mmap`: a batch's lines lie all over the file, and the pages a mapping
    faults in (with the kernel's read-around, tens of kilobytes a line)
    count in the worker's resident set while it is mapped, up to the whole
    file's page cache in each worker (docs/performance.md, "`make bench
    BENCH_ARGS=--full`, measured"). Before the lines are read, the kernel
    is told that all of them will be (``POSIX_FADV_WILLNEED``, where the
    system has it), so that those not in the page cache are read from disk
    together rather than one blocking read at a time: 0.32 s instead of
    1.62 s for 20,000 lines of the 10M + 10M file with none of them cached,
    the same time when all are."""
    if not isinstance(batch, LineRefs):
        return batch
    numbers = array.array("q")
    numbers.frombytes(batch.numbers)
    pread, unpack = os.pread, _TWO_OFFSETS.unpack
    with (
        open(batch.path, "rb", buffering=0) as file,
        open(batch.offsets, "rb", buffering=0) as index,
    ):
        text, offsets = file.fileno(), index.fileno()
        spans = [unpack(pread(offsets, 16, (n - 1) * 8)) for n in numbers]
        for start, end in spans:
            _advise(text, start, end - start, _WILLNEED)
        return [
            (n, pread(text, end - 1 - start, start).decode())
            for n, (start, end) in zip(numbers, spans, strict=True)
        ]


def _no_advice(fd: int, offset: int, length: int, advice: int, /) -> None:
    """`os.posix_fadvise` where the system has none (macOS, Windows): the
    lines are read one at a time, as asked."""


_advise = getattr(os, "posix_fadvise", _no_advice)
_WILLNEED: Final = getattr(os, "POSIX_FADV_WILLNEED", 0)
