"""The real APIs' fields and how one value, field or record of a payload
is read: the tables the HubSpot and Salesforce readers share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, TypeVar

from crmsync_rules.model._api_names import (
    CONTACT_ROLE_FIELDS,
    HUBSPOT_OWNER_FIELDS,
    HUBSPOT_PROPERTIES,
    SALESFORCE_FIELDS,
    Field,
)
from crmsync_rules.model._email import email_key
from crmsync_rules.model._errors import (
    CrmSyncRulesError,
    InvalidEmailError,
    SnapshotError,
)
from crmsync_rules.model._kinds import kind_of
from crmsync_rules.model._unreadable import UnreadableLine

from ._convert import EMAIL_FIELDS, ENUM_HOOKS
from ._json import MAX_STRING_LENGTH, Invalid, claimed_id, describe, short, type_name

__all__ = [
    "CONTACT_ROLE_FIELDS",
    "HUBSPOT_OWNER_FIELDS",
    "HUBSPOT_PROPERTIES",
    "SALESFORCE_FIELDS",
    "SALESFORCE_KINDS",
    "SALESFORCE_TYPES",
    "Field",
    "Problems",
    "all_or_nothing",
    "association_ids",
    "build_record",
    "list_items",
    "page_items",
    "read_fields",
    "read_value",
    "require_id",
    "unreadable_record",
]

T = TypeVar("T")

# The real APIs' payload shapes are the model's one translation table
# (model/_api_names.py), re-exported here for the readers.

SALESFORCE_TYPES: Final = ", ".join(map(repr, SALESFORCE_FIELDS))
# The NDJSON type of a record each attributes.type names.
SALESFORCE_KINDS: Final = {
    sobject: kind_of(cls).ndjson for sobject, (cls, _) in SALESFORCE_FIELDS.items()
}


class Problems:
    """Collects "message @ path" lines while a payload is read."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, message: str, path: str) -> None:
        self.lines.append(f"{message} @ {path}")


def read_value(
    raw: object, kind: type[Any], path: str, problems: Problems, *, strings: bool
) -> object:
    if raw is None or raw == "":
        return None
    if kind is bool:
        if strings and raw in ("true", "false"):
            return raw == "true"
        if not strings and type(raw) is bool:
            return raw
        expected = '"true" or "false"' if strings else "true or false"
        problems.add(f"expected {expected}, got {describe(raw)}", path)
        return None
    if type(raw) is not str:
        problems.add(f"expected a string, got {describe(raw)}", path)
        return None
    if len(raw) > MAX_STRING_LENGTH:
        problems.add(
            f"expected at most {MAX_STRING_LENGTH:,} characters, got {len(raw):,}", path
        )
        return None
    if kind is str:
        return raw
    try:
        return ENUM_HOOKS[kind](raw, None)
    except Invalid as exc:
        problems.add(str(exc), path)
        return None


def read_fields(
    raw: Mapping[str, object],
    table: tuple[Field, ...],
    path: str,
    problems: Problems,
    *,
    strings: bool,
) -> dict[str, object]:
    values: dict[str, object] = {}
    for api_name, attribute, kind in table:
        found = raw.get(api_name)
        if found is None or found == "":
            continue
        if kind is str and type(found) is str and len(found) <= MAX_STRING_LENGTH:
            values[attribute] = found  # most fields: no call, no path made
            continue
        value = read_value(found, kind, f"{path}.{api_name}", problems, strings=strings)
        if value is not None:
            values[attribute] = value
    return values


def build_record(
    cls: type[T],
    values: dict[str, Any],
    path: str,
    problems: Problems,
    fields: dict[str, str],
) -> T | None:
    """Construct *cls*; problems go to their API field's path. *fields* maps
    attribute names back to API names for the message."""
    try:
        record = cls(**values)
    except CrmSyncRulesError as exc:
        field = getattr(exc, "field", None)
        api = fields.get(field, field) if isinstance(field, str) else None
        problems.add(str(exc), f"{path}.{api}" if api else path)
        return None
    for name in EMAIL_FIELDS.get(cls, ()):
        address = getattr(record, name)
        if address is None:
            continue
        try:
            email_key(address, record=values.get("id"), field=name)
        except InvalidEmailError as exc:
            problems.add(
                f"invalid email address ({exc.reason}), got {address!r}",
                f"{path}.{fields[name]}",
            )
            return None
    return record


def list_items(
    payload: object, key: str, path: str, problems: Problems
) -> list[tuple[str, object]]:
    """The objects of a list response, a bare list, or a single object."""
    if isinstance(payload, list):
        return [(f"{path}[{i}]", item) for i, item in enumerate(payload)]
    if isinstance(payload, Mapping):
        if key in payload:
            items = payload[key]
            if not isinstance(items, list):
                problems.add(
                    f"expected a list, got {type_name(items)}", f"{path}.{key}"
                )
                return []
            return [(f"{path}.{key}[{i}]", item) for i, item in enumerate(items)]
        return [(path, payload)]
    problems.add(f"expected an object or a list, got {type_name(payload)}", path)
    return []


def require_id(
    raw: Mapping[str, object], key: str, path: str, problems: Problems
) -> str | None:
    value = raw.get(key)
    if type(value) is str and value and not value.isspace():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        # HubSpot's owners API sends numeric-looking ids as strings, but
        # some exports write them as numbers; both name the same record.
        problems.add(
            f"expected the id as a string, got number {short(value)}", f"{path}.{key}"
        )
        return None
    problems.add(
        "required field missing"
        if value is None
        else f"expected a non-empty string id, got {short(value)}",
        f"{path}.{key}",
    )
    return None


def association_ids(
    raw: Mapping[str, object], name: str, path: str, problems: Problems
) -> tuple[str, ...]:
    associations = raw.get("associations")
    if not isinstance(associations, Mapping) or name not in associations:
        return ()
    block = associations[name]
    where = f"{path}.associations.{name}"
    results = block.get("results") if isinstance(block, Mapping) else None
    if not isinstance(results, list):
        problems.add("expected an object with a list of results", where)
        return ()
    ids: list[str] = []
    for i, item in enumerate(results):
        value = (
            item.get("id", item.get("toObjectId"))
            if isinstance(item, Mapping)
            else None
        )
        if type(value) is str and value:
            ids.append(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            ids.append(str(value))  # v4 associations give numeric toObjectId
        else:
            problems.add(
                f"expected an association id, got {short(value)}",
                f"{where}.results[{i}]",
            )
    return tuple(dict.fromkeys(ids))


def page_items(payload: object, key: str, source: str) -> list[tuple[str, object]]:
    """The records of an API page with their paths (see `list_items`); a page
    that holds no list of records raises `SnapshotError`."""
    problems = Problems()
    items = list_items(payload, key, "$", problems)
    if problems.lines:
        raise SnapshotError(problems.lines, source=source)
    return items


def unreadable_record(
    raw: object,
    problems: Problems,
    *,
    source: str,
    path: str,
    kind: str | None,
    id_key: str,
) -> UnreadableLine:
    return UnreadableLine(
        source=source,
        path=path,
        record_type=kind,
        record_id=claimed_id(raw, id_key),
        problems=tuple(problems.lines),
    )


def all_or_nothing(values: Iterable[T | UnreadableLine], source: str) -> list[T]:
    """Every record of *values*, or `SnapshotError` listing every problem
    of the unreadable ones."""
    records: list[T] = []
    problems: list[str] = []
    for value in values:
        if isinstance(value, UnreadableLine):
            problems.extend(value.problems)
        else:
            records.append(value)
    if problems:
        raise SnapshotError(problems, source=source)
    return records
