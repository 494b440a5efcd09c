"""`Document`, one file of an export: its kind told from its first bytes,
and a JSON page streamed item by item, as strict as `parse_json` and equal
to it value for value (issue 15)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from collections.abc import Callable
from typing import IO

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules.codec._exports import Document, DocumentKind, ExportRead
from crmsync_rules.codec._json import parse_json
from crmsync_rules.codec._json_stream import stream_items
from crmsync_rules.codec._read_export import read_export
from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._settings import IntegrationSettings

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_ENVELOPE = st.dictionaries(
    st.text(max_size=8).filter(lambda k: k != "results"), _VALUES, max_size=4
)


def _streamed(data: bytes, key: str | None, chunk: int) -> tuple[object, ...]:
    envelope, found, items = stream_items(
        io.BytesIO(data), key, source="page.json", chunk=chunk
    )
    listed = list(items)
    return dict(envelope), found, listed


@given(
    before=_ENVELOPE,
    after=_ENVELOPE,
    items=st.lists(_VALUES, max_size=12),
    indent=st.sampled_from([None, 0, 2]),
    chunk=st.integers(min_value=1, max_value=64),
    bom=st.booleans(),
)
def test_a_streamed_page_is_the_page(
    *,
    before: dict[str, object],
    after: dict[str, object],
    items: list[object],
    indent: int | None,
    chunk: int,
    bom: bool,
) -> None:
    """Whatever the layout and wherever the chunks cut it (inside a number,
    a string, a multi-byte character), the envelope and the items are
    those `parse_json` reads."""
    after = {k: v for k, v in after.items() if k not in before}
    page = {**before, "results": items, **after}
    data = (b"\xef\xbb\xbf" if bom else b"") + json.dumps(
        page, indent=indent, ensure_ascii=False
    ).encode()
    whole = parse_json(data, source="page.json")
    assert isinstance(whole, dict)
    envelope = {k: v for k, v in whole.items() if k != "results"}
    assert _streamed(data, "results", chunk) == (envelope, "results", whole["results"])


@given(items=st.lists(_VALUES, max_size=8), chunk=st.integers(1, 16))
def test_a_top_level_array_streams_its_items(items: list[object], chunk: int) -> None:
    data = json.dumps(items).encode()
    assert _streamed(data, "results", chunk) == ({}, None, parse_json(data, source="x"))


@pytest.mark.parametrize(
    "text",
    [
        '{"results": [1, 2,]}',
        '{"results": [1, 2}',
        '{"results": [{"a": 1}\n, {"a": tru}]}',
        '{"total": 01, "results": []}',
        '{"results": []} []',
        '{"results": [1, 2',
        '{"results": [1, 2], "paging": ',
        '{"results": [1], results: 2}',
        "[1, 2\n\n  3]",
    ],
)
@pytest.mark.parametrize("chunk", [1, 3, 1 << 20])
def test_broken_json_is_refused_where_parse_json_refuses_it(
    text: str, chunk: int
) -> None:
    """The same message, line and column as reading it whole."""
    with pytest.raises(SnapshotError) as whole:
        parse_json(text, source="page.json")
    with pytest.raises(SnapshotError) as streamed:
        _streamed(text.encode(), "results", chunk)
    assert streamed.value.problems == whole.value.problems


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"results": [{"a": 1, "a": 2}]}', "duplicate key 'a' in one object"),
        ('{"results": [1], "results": [2]}', "duplicate key 'results' in one object"),
        ('{"total": 1, "total": 2, "results": []}', "duplicate key 'total'"),
        ('{"results": [NaN]}', "NaN is not valid JSON"),
        ('{"results": [], "x": -Infinity}', "-Infinity is not valid JSON"),
        ('{"results": ["a\\ud800"]}', None),  # a lone surrogate reads, as json does
    ],
)
def test_streaming_is_as_strict_as_parse_json(text: str, problem: str | None) -> None:
    if problem is None:
        assert _streamed(text.encode(), "results", 4)[2] == ["a\ud800"]
        return
    with pytest.raises(SnapshotError) as streamed:
        _streamed(text.encode(), "results", 4)
    assert problem in streamed.value.problems[0]


def test_not_utf8_is_refused() -> None:
    with pytest.raises(SnapshotError, match="not UTF-8 text"):
        _streamed(b'{"results": ["\xff"]}', "results", 4)


def test_the_envelope_before_the_array_is_there_before_the_items() -> None:
    """Salesforce writes totalSize and done first: a reader knows them
    before the first record; HubSpot writes paging last."""
    data = (
        b'{"totalSize": 2, "done": true, "records": [{"Id": "1"}, {"Id": "2"}], "x": 1}'
    )
    envelope, found, items = stream_items(io.BytesIO(data), None, source="p")
    assert (dict(envelope), found) == ({"totalSize": 2, "done": True}, "records")
    assert next(items) == {"Id": "1"}
    assert "x" not in envelope
    assert list(items) == [{"Id": "2"}]
    assert envelope["x"] == 1


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'{"results": []}', "json"),
        (b'\xef\xbb\xbf  [\n{"a": 1}\n]', "json"),
        (b'{\n  "results": []\n}\n', "json"),
        (b'{"results": []}\n', "json"),
        (b'{"type": "settings", "integrated_on": "2016-05-10"}\n', "ndjson"),
        (b'{"a": 1}\n{"a": 2}\n', "ndjson"),
        (b'"Id","Email"\r\n"00Q1","a@x.nl"\r\n', "csv"),
        (b"ID;EMAIL\n", "csv"),
        (b"Record ID\tFirst Name\n1\tJan\n", "csv"),
        (b"", "unknown"),
        (b"  \n", "unknown"),
        (b"PK\x03\x04\x14\x00", "unknown"),
        (b"\xff\xfeI\x00d\x00", "unknown"),
    ],
)
def test_kind_is_told_from_the_first_bytes(data: bytes, kind: DocumentKind) -> None:
    assert Document("f", data).kind == kind


class _Pipe(io.BytesIO):
    def seekable(self) -> bool:
        return False


@pytest.mark.parametrize(
    "make",
    [
        lambda data: data,
        io.BytesIO,
        _Pipe,
        lambda data: lambda: io.BytesIO(data),
    ],
    ids=["bytes", "file", "pipe", "opener"],
)
def test_a_document_reads_again_from_the_start(
    make: Callable[[bytes], bytes | IO[bytes] | Callable[[], IO[bytes]]],
) -> None:
    data = b'{"results": [{"id": "1"}], "paging": {"next": {"after": "2"}}}'
    document = Document("page.json", make(data))
    assert document.kind == "json"
    assert document.json() == json.loads(data)
    envelope, items = document.stream("results")
    assert list(items) == [{"id": "1"}]
    assert envelope == {"paging": {"next": {"after": "2"}}}
    # The array read to its end, the members after it are read too.
    assert document.peek(None) == (envelope, "results", [{"id": "1"}])
    assert document.peek(None, items=0) == ({}, "results", [])
    assert document.text() == data.decode()
    assert "".join(document.lines()) == data.decode()


def test_an_opener_is_opened_per_read_and_closed() -> None:
    opened: list[io.BytesIO] = []

    def opener() -> IO[bytes]:
        opened.append(io.BytesIO(b'{"results": [1, 2, 3]}'))
        return opened[-1]

    document = Document("page.json", opener)
    _, items = document.stream("results")
    assert next(items) == 1
    assert not opened[-1].closed
    assert list(items) == [2, 3]
    assert all(file.closed for file in opened)
    assert document.peek("results", items=1)[2] == [1]
    assert opened[-1].closed


def test_read_export_reads_the_native_formats_and_the_settings() -> None:
    documents = [
        Document("settings.json", b'{"integrated_on": "2016-05-10"}'),
        Document(
            "owners.ndjson",
            b'{"type": "hubspot_owner", "id": "1", "email": "a@x.nl"}\n'
            b'{"type": "hubspot_owner", "id": "2", "email": "b@@x.nl"}\n',
        ),
        Document("manifest.json", b'{"files": 2}'),
    ]
    read = read_export(documents)
    assert isinstance(read, ExportRead)
    assert isinstance(read.settings, IntegrationSettings)
    assert read.settings.integrated_on == dt.date(2016, 5, 10)
    assert [r.id for r in read.records] == ["1"]
    assert [(u.source, u.line) for u in read.rejected] == [("owners.ndjson", 2)]
    assert [line.line() for line in read.recognised] == [
        "settings.json: integration settings",
        "owners.ndjson: crmsync-rules NDJSON, 2 records",
    ]
    assert read.notes == ["manifest.json: skipped (no reader needs it)"]


def test_read_export_refuses_a_partial_export_unless_allowed() -> None:
    page = Document(
        "contacts-1.json",
        b'{"results": [{"id": "1", "properties": {"email": "a@x.nl"}}], '
        b'"paging": {"next": {"after": "2"}}}',
    )
    with pytest.raises(SnapshotError, match="every page says more follow"):
        read_export([page])
    read = read_export([page], allow_partial=True)
    assert len(read.missing) == 1
    assert [r.id for r in read.records] == ["1"]


def test_what_a_file_looks_like_is_said_in_a_few_words() -> None:
    def looks(data: bytes) -> str:
        return Document("f", data).looks()

    assert looks(b'{"type": "x", "id": 1}\n{"type": "y"}\n') == (
        "NDJSON whose first line has the keys 'type', 'id'"
    )
    assert (
        looks(b'[{"a": 1, "b": 2}]') == "a JSON array of objects with the keys 'a', 'b'"
    )
    assert looks(b"[1, 2]") == "a JSON array"
    assert looks(b'{"a": [1,]}') == (
        "broken JSON (invalid JSON: Expecting value at line 1 column 10)"
    )
    assert looks(b"{" + b'"k": "' + b"x" * (1 << 24) + b'"}') == (
        "a JSON document of more than 16 MB"
    )
    many = {f"key{n}": n for n in range(10)}
    assert looks(json.dumps(many).encode()).endswith("'key7', ...")
    assert repr(Document("f.csv", b"a,b\n")) == "Document('f.csv', kind='csv')"


def test_text_that_is_not_utf8_is_refused_where_it_is_read() -> None:
    document = Document("f.csv", b"Name\nJos\xe9\n", kind="csv")
    with pytest.raises(SnapshotError, match="not UTF-8 text"):
        document.text()
    with pytest.raises(SnapshotError, match="not UTF-8 text"):
        list(document.lines())
    assert Document("f.csv", b"Name\n\xe9\n").kind == "unknown"


def test_a_file_that_cannot_be_opened_is_a_snapshot_error() -> None:
    calls = 0

    def opener() -> IO[bytes]:
        nonlocal calls
        calls += 1
        if calls > 1:
            raise PermissionError(13, "Permission denied")
        return io.BytesIO(b'{"results": []}')

    document = Document("page.json", opener)
    with pytest.raises(SnapshotError, match="cannot be read: Permission denied"):
        document.json()


def test_a_stream_that_fails_at_once_closes_its_file() -> None:
    opened: list[io.BytesIO] = []

    def opener() -> IO[bytes]:
        opened.append(io.BytesIO(b'"a string"'))
        return opened[-1]

    document = Document("page.json", opener, kind="json")
    with pytest.raises(SnapshotError, match="Expecting a JSON object or array"):
        document.stream("results")
    assert opened[-1].closed


def test_nesting_too_deep_is_refused() -> None:
    deep = b'{"results": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"
    with pytest.raises(SnapshotError, match="nested too deeply"):
        _streamed(deep, "results", 1 << 20)


def test_an_empty_object_and_a_missing_key() -> None:
    assert _streamed(b" {} ", "results", 1) == ({}, None, [])
    assert _streamed(b'{"a": {"b": []}}', None, 2) == ({"a": {"b": []}}, None, [])


def test_read_export_reads_a_snapshot_and_a_large_one() -> None:
    snapshot = {
        "settings": {"integrated_on": "2016-05-10"},
        "hubspot": {
            "contacts": [{"id": str(n), "email": f"p{n}@x.nl"} for n in range(2000)]
        },
    }
    read = read_export([Document("snap.json", json.dumps(snapshot).encode())])
    assert len(read.records) == 2000
    assert (
        read.recognised[0].line() == "snap.json: crmsync-rules snapshot, 2,000 records"
    )
    unknown = Document("x.json", b'{"zzz": 1, "n": "' + b"x" * 70_000 + b'"}')
    with pytest.raises(SnapshotError, match="it looks like a JSON object"):
        read_export([unknown])


def test_read_export_checks_a_salesforce_page_set() -> None:
    def page(records: int, total: int, *, done: bool = True) -> Document:
        body: dict[str, object] = {
            "totalSize": total,
            "done": done,
            "records": [
                {"attributes": {"type": "Lead"}, "Id": f"00Q{n}", "Email": "x@@y"}
                for n in range(records)
            ],
        }
        if not done:
            body["nextRecordsUrl"] = "/services/data/v60.0/query/01g-2000"
        return Document(f"leads-{records}-{total}.json", json.dumps(body).encode())

    read = read_export([page(1, 3)], allow_partial=True)
    assert read.missing == [
        "leads-1-3.json: the page holds 1 of the 3 Lead records its totalSize "
        "counts, and no other page of its query is in the export"
    ]
    assert len(read.rejected) == 1
    read = read_export([page(1, 3, done=False)], allow_partial=True)
    assert "of the Lead query 01g are missing" in read.missing[0]


def test_an_export_read_gives_the_values_the_planner_reads() -> None:
    read = read_export(
        [
            Document(
                "e.ndjson",
                b'{"type": "settings", "integrated_on": "2016-05-10"}\n'
                b'{"type": "hubspot_owner", "id": "2", "email": "b@@x.nl"}\n'
                b'{"type": "hubspot_owner", "id": "1", "email": "a@x.nl"}\n',
            )
        ]
    )
    kinds = [type(value).__name__ for value in read.values()]
    assert kinds == ["IntegrationSettings", "HubSpotOwner", "UnreadableLine"]
    assert [type(v).__name__ for v in ExportRead(records=read.records).values()] == [
        "HubSpotOwner"
    ]


_JSONISH = st.lists(
    st.sampled_from(
        [
            '{"results": [',
            '{"records": [',
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            '"a"',
            "1",
            "1.5e3",
            "NaN",
            "true",
            "null",
            " ",
            "\n",
            '"\\u00e9"',
            "\xe9",
            '"type"',
        ]
    ),
    max_size=30,
).map("".join)


@given(st.binary(max_size=300) | _JSONISH.map(str.encode))
def test_any_bytes_read_or_are_refused(data: bytes) -> None:
    """Whatever a file holds, reading it gives values or a `SnapshotError`
    saying why: never another exception."""
    document = Document("f", data)
    with contextlib.suppress(SnapshotError):
        _, items = document.stream("results")
        list(items)
    with contextlib.suppress(SnapshotError):
        read_export([document], allow_partial=True)


def test_lines_read_in_part_then_dropped_close_the_file_cleanly(
    tmp_path: pytest.TempPathFactory,
) -> None:
    """A reader that stops after the header (a CSV's object told from its
    first row) drops the generator: that must close the file, not fail."""
    path = tmp_path / "leads.csv"  # type: ignore[operator]
    path.write_text("Id,Email\n00Q000000000001,a@example.com\n", encoding="utf-8")
    opened: list[IO[bytes]] = []

    def opener() -> IO[bytes]:
        opened.append(path.open("rb"))
        return opened[-1]

    lines = Document("leads.csv", opener).lines()
    assert next(lines) == "Id,Email\n"
    lines.close()
    assert opened[0].closed
