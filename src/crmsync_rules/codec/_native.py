"""The project's own formats: the snapshot document (`iter_snapshot`,
`load_snapshot`, `dump_snapshot` and their text forms) and NDJSON, one
record a line (`read_ndjson_line`, `iter_ndjson`, `dumps_ndjson`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final, cast

from crmsync_rules.model._email import email_key
from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._kinds import NDJSON_TYPES, RECORD_KINDS, kind_of
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import (
    HubSpotRecords,
    Record,
    SalesforceRecords,
    Snapshot,
)
from crmsync_rules.model._unreadable import UnreadableLine

from ._convert import CONVERTER, EMAIL_FIELDS, structure
from ._json import claimed_id, describe, parse_json, short, unknown_fields

__all__ = [
    "dump_snapshot",
    "dumps_ndjson",
    "dumps_snapshot",
    "iter_ndjson",
    "iter_snapshot",
    "load_snapshot",
    "loads_snapshot",
    "read_ndjson_line",
]

# the order of `RECORD_KINDS` (the order problems are reported in).
_SNAPSHOT_GROUPS: Final = {
    system: {kind.group: kind.cls for kind in RECORD_KINDS if kind.system == system}
    for system in ("hubspot", "salesforce")
}


def _rebased(problems: Iterable[str], path: str) -> list[str]:
    """*problems* of a value read on its own, with their paths made those of
    the value at *path* in its document (``@ $.email`` at ``$.results[3]``
    is ``@ $.results[3].email``)."""
    result = []
    for problem in problems:
        head, _, rest = problem.rpartition(" @ $")
        result.append(f"{head} @ {path}{rest}")
    return result


def _record_or_unreadable(
    raw: object, cls: type[Any], path: str, source: str
) -> Record | UnreadableLine:
    """The record of class *cls* that *raw*, at *path* of a snapshot,
    describes, or an `UnreadableLine` with every problem at its path."""
    try:
        record: Record = structure(raw, cls, source=source)
    except SnapshotError as exc:
        return UnreadableLine(
            source=source,
            path=path,
            record_type=kind_of(cls).ndjson,
            record_id=claimed_id(raw, "id"),
            problems=tuple(_rebased(exc.problems, path)),
        )
    return record


def _valid_record(
    raw: object,
    cls: type[Any],
    hook: Callable[[object, type[Any]], Any],
    emails: tuple[str, ...],
) -> Any:
    """The record *raw* describes when it is valid, else ``None``: the
    common case without `structure`'s bookkeeping, which a large snapshot
    pays per record."""
    try:
        record = hook(raw, cls)
        for name in emails:
            address = getattr(record, name)
            if address is not None:
                email_key(address)
    except Exception:  # `structure` says what is wrong
        return None
    return record


def iter_snapshot(
    obj: object, /, *, source: str = "input"
) -> Iterator[IntegrationSettings | Record | UnreadableLine]:
    """The values of a snapshot document, parsed JSON, as `iter_ndjson`
    yields them: the settings first, then every record, a record that
    cannot be read as an `UnreadableLine` with its ``path``
    (``"$.hubspot.contacts[3]"``) and every problem at its path.

    Raises `SnapshotError` listing every problem when the document as a
    whole cannot be used: not an object, unknown keys outside the records,
    a group that is not a list, settings missing or invalid.

    >>> values = list(iter_snapshot({"settings": {"integrated_on": "2016-05-10"},
    ...     "hubspot": {"contacts": [{"id": "1"}, {"id": "2", "email": "a@@b.nl"}]}}))
    >>> [type(v).__name__ for v in values]
    ['IntegrationSettings', 'HubSpotContact', 'UnreadableLine']
    >>> values[2].path, values[2].record_id
    ('$.hubspot.contacts[1]', '2')
    """
    if not isinstance(obj, Mapping):
        raise SnapshotError(
            [f"expected an object, got {describe(obj)} @ $"], source=source
        )
    problems: list[str] = []  # of the document itself: nothing can be planned
    every: list[str] = []  # the records' too, in document order
    values: list[IntegrationSettings | Record | UnreadableLine] = []
    if "settings" not in obj:
        problems.append("required field missing @ $.settings")
    else:
        try:
            values.append(
                structure(obj["settings"], IntegrationSettings, source=source)
            )
        except SnapshotError as exc:
            problems.extend(_rebased(exc.problems, "$.settings"))
    every.extend(problems)
    _snapshot_records(obj, source, values, problems, every)
    unknown = set(obj).difference(("settings", *_SNAPSHOT_GROUPS))
    if unknown:
        problems.append(f"{unknown_fields(unknown)} @ $")
        every.append(problems[-1])
    if problems:
        raise SnapshotError(every, source=source)
    return iter(values)


def _snapshot_records(
    obj: Mapping[str, object],
    source: str,
    values: list[IntegrationSettings | Record | UnreadableLine],
    problems: list[str],
    every: list[str],
) -> None:
    """The records of snapshot *obj* appended to *values*; problems of the
    document to *problems*, and those and the records' to *every*."""
    for system, groups in _SNAPSHOT_GROUPS.items():
        group = obj.get(system)
        if group is None and system not in obj:
            continue
        if not isinstance(group, Mapping):
            problem = f"expected an object, got {describe(group)} @ $.{system}"
            problems.append(problem)
            every.append(problem)
            continue
        for name, cls in groups.items():
            if name not in group:
                continue
            items = group[name]
            where = f"$.{system}.{name}"
            if not isinstance(items, list | tuple):
                problem = f"expected a list, got {describe(items)} @ {where}"
                problems.append(problem)
                every.append(problem)
                continue
            hook = CONVERTER.get_structure_hook(cls)
            emails = EMAIL_FIELDS.get(cls, ())
            for index, raw in enumerate(items):
                value = _valid_record(raw, cls, hook, emails)
                if value is None:  # `structure` says what is wrong with it
                    value = _record_or_unreadable(raw, cls, f"{where}[{index}]", source)
                    if isinstance(value, UnreadableLine):
                        every.extend(value.problems)
                values.append(value)
        unknown = set(group).difference(groups)
        if unknown:
            problem = f"{unknown_fields(unknown)} @ $.{system}"
            problems.append(problem)
            every.append(problem)


def load_snapshot(obj: object, /, *, source: str = "input") -> Snapshot:
    """Build a `Snapshot` from parsed JSON; see `structure`.

    Raises `SnapshotError` listing every problem, each with its path (the
    values of `iter_snapshot`, all of them or nothing).
    """
    values = iter_snapshot(obj, source=source)
    settings = cast(IntegrationSettings, next(values))
    groups: dict[str, dict[str, list[Any]]] = {
        system: {name: [] for name in names}
        for system, names in _SNAPSHOT_GROUPS.items()
    }
    problems: list[str] = []
    for value in values:
        if isinstance(value, UnreadableLine):
            problems.extend(value.problems)
        else:
            kind = kind_of(type(value))
            groups[kind.system][kind.group].append(value)
    if problems:
        raise SnapshotError(problems, source=source)
    return Snapshot(
        settings=settings,
        hubspot=HubSpotRecords(**{k: tuple(v) for k, v in groups["hubspot"].items()}),
        salesforce=SalesforceRecords(
            **{k: tuple(v) for k, v in groups["salesforce"].items()}
        ),
    )


def dump_snapshot(snapshot: Snapshot, /) -> dict[str, Any]:
    """The JSON-ready form of *snapshot*."""
    result: dict[str, Any] = CONVERTER.unstructure(snapshot)
    return result


def loads_snapshot(text: str | bytes, /, *, source: str = "input") -> Snapshot:
    """Parse JSON text into a `Snapshot`; bad JSON is reported with its line
    and column."""
    return load_snapshot(parse_json(text, source=source), source=source)


def dumps_snapshot(snapshot: Snapshot, /, *, indent: int | None = 2) -> str:
    """Serialise *snapshot* as JSON text (keys sorted, for stable diffs)."""
    return json.dumps(
        dump_snapshot(snapshot), indent=indent, sort_keys=True, ensure_ascii=False
    )


# --- NDJSON: one record a line, for exports too big for one document -------


_NDJSON_KINDS: Final = ", ".join(map(repr, NDJSON_TYPES))


def read_ndjson_line(
    text: str | bytes, /, *, line: int = 1, source: str = "input"
) -> IntegrationSettings | Record | UnreadableLine:
    """Read one NDJSON line ``{"type": "hubspot_contact", "id": ...}``.

    Returns the settings or the record, or an `UnreadableLine` listing every
    problem (bad JSON, unknown type, invalid fields) with its path.
    """
    try:
        raw = parse_json(text, source=source)
    except SnapshotError as exc:
        return UnreadableLine(
            source=source,
            line=line,
            record_type=None,
            record_id=None,
            problems=exc.problems,
        )
    if not isinstance(raw, dict):
        return UnreadableLine(
            source=source,
            line=line,
            record_type=None,
            record_id=None,
            problems=(f"expected an object, got {describe(raw)} @ $",),
        )
    body = raw  # a fresh dict from the parser: ours to change
    kind = body.pop("type", None)
    record_id = body.get("id") if type(body.get("id")) is str else None
    cls = NDJSON_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        return UnreadableLine(
            source=source,
            line=line,
            record_type=None,
            record_id=record_id,
            problems=(
                f"type must be one of {_NDJSON_KINDS}, got {short(kind)} @ $.type",
            ),
        )
    try:
        value: IntegrationSettings | Record = structure(body, cls, source=source)
    except SnapshotError as exc:
        return UnreadableLine(
            source=source,
            line=line,
            record_type=kind,
            record_id=record_id,
            problems=exc.problems,
        )
    return value


def iter_ndjson(
    lines: Iterable[str | bytes], /, *, source: str = "input"
) -> Iterator[IntegrationSettings | Record | UnreadableLine]:
    """Read NDJSON lazily, one value per non-blank line (see
    `read_ndjson_line`); memory stays flat whatever the file's size."""
    for number, text in enumerate(lines, start=1):
        if text.strip():
            yield read_ndjson_line(text, line=number, source=source)


def dumps_ndjson(snapshot: Snapshot, /) -> Iterator[str]:
    """*snapshot* as NDJSON lines (without newlines): the settings first, then
    every record in `Snapshot.records` order."""
    yield _ndjson_line("settings", snapshot.settings)
    for record in snapshot.records():
        yield _ndjson_line(kind_of(type(record)).ndjson, record)


def _ndjson_line(kind: str, value: object) -> str:
    return json.dumps(
        {"type": kind, **CONVERTER.unstructure(value)},
        ensure_ascii=False,
        sort_keys=True,
    )
