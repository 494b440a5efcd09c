"""Shared by the hostile-input tests and the fuzz driver (``make fuzz``):
the codec's entry points and the property every input must have."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import strategies as st

import crmsync_rules as cr
from crmsync_rules.codec import (
    NDJSON_TYPES,
    UnreadableLine,
    dump_snapshot,
    iter_hubspot,
    iter_hubspot_owners,
    iter_ndjson,
    iter_salesforce,
    iter_snapshot,
    load_snapshot,
    loads_snapshot,
    read_hubspot,
    read_hubspot_owners,
    read_salesforce,
    structure,
)
from crmsync_rules.errors import SnapshotError

READERS: dict[str, Callable[[object], object]] = {
    "snapshot": load_snapshot,
    "settings": lambda v: structure(v, cr.IntegrationSettings),
    "hubspot_contacts": lambda v: read_hubspot(v, object_type=cr.HubSpotObject.CONTACT),
    "hubspot_companies": lambda v: read_hubspot(
        v, object_type=cr.HubSpotObject.COMPANY
    ),
    "hubspot_deals": lambda v: read_hubspot(v, object_type=cr.HubSpotObject.DEAL),
    "hubspot_owners": read_hubspot_owners,
    "salesforce": read_salesforce,
}
"""Every codec entry point that takes parsed JSON."""

ITERATORS: dict[str, Callable[[object], Iterable[object]]] = {
    "snapshot": iter_snapshot,
    "hubspot_contacts": lambda v: iter_hubspot(v, object_type=cr.HubSpotObject.CONTACT),
    "hubspot_companies": lambda v: iter_hubspot(
        v, object_type=cr.HubSpotObject.COMPANY
    ),
    "hubspot_deals": lambda v: iter_hubspot(v, object_type=cr.HubSpotObject.DEAL),
    "hubspot_owners": iter_hubspot_owners,
    "salesforce": iter_salesforce,
}
"""The codec entry points that read on past a bad record."""


def load_or_refuse(reader: Callable[[object], object], value: object) -> None:
    """The property: a value loads, or the library's own error says why,
    with a path. Anything else escaping is a bug."""
    try:
        reader(value)
    except SnapshotError as exc:
        error = exc
    else:
        return
    assert error.problems, "a SnapshotError must list its problems"
    for problem in error.problems:
        assert " @ $" in problem or problem.startswith(("invalid JSON", "not UTF-8"))
        assert len(problem) < 2_000, "error messages stay bounded"


def iterate_or_refuse(
    reader: Callable[[object], Iterable[object]], value: object
) -> None:
    """The property of the readers that read on: a value gives records and
    unreadable records, each problem with its path, or the library's own
    error when it holds no records to read."""
    try:
        values = list(reader(value))
    except SnapshotError:
        load_or_refuse(lambda v: list(reader(v)), value)
        return
    for item in values:
        assert isinstance(item, (cr.IntegrationSettings, UnreadableLine, *_RECORDS))
        if isinstance(item, UnreadableLine):
            assert item.problems
            assert item.path is not None
            for problem in item.problems:
                assert f" @ {item.path}" in problem, (problem, item.path)
                assert len(problem) < 2_000, "error messages stay bounded"


def read_text_or_refuse(data: bytes) -> None:
    """Raw bytes through every text entry point (JSON snapshot and NDJSON)."""
    error: SnapshotError | None = None
    try:
        loads_snapshot(data)
    except SnapshotError as exc:
        error = exc
    assert error is None or error.problems
    for value in iter_ndjson(data.splitlines()):
        assert isinstance(value, (cr.IntegrationSettings, UnreadableLine, *_RECORDS))


_RECORDS = tuple(cls for name, cls in NDJSON_TYPES.items() if name != "settings")

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["", " ", "true", "1", "a@b.com", "2016-05-10", "2.60", "lead"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "email", "type", "records", "results", "properties"])
            | st.text(max_size=10),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)
"""Arbitrary JSON, biased towards the keys and values the codec looks at."""


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _replace(value: Any, path: tuple[object, ...], new: object) -> Any:
    if not path:
        return new
    head, *rest = path
    copy: Any = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = _replace(value[head], tuple(rest), new)
    return copy


SAMPLE: Any = dump_snapshot(cr.sample_snapshot())


@st.composite
def mutated_samples(draw: st.DrawFn) -> Any:
    """The bundled sample with up to three values replaced by arbitrary JSON:
    close enough to valid that the deep parts of the codec are reached."""
    value = SAMPLE
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(value)))
        value = _replace(value, path, draw(json_values))
    return value


def sample_text() -> bytes:
    return json.dumps(SAMPLE).encode()
