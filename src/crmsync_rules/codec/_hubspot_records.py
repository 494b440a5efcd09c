"""One HubSpot record of an export, read whole: the named fields the rules
read (`HUBSPOT_PROPERTIES`), the creation and update times, every other
property typed (`_hubspot_values`), the property history, the embedded
associations. Shared by the JSON pages and the UI's CSV exports, which
hand it the same raw shape (``{"id", "properties", ...}``)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Mapping
from typing import Any, Final

from crmsync_rules.model._hubspot import HubSpotObject, HubSpotOwner
from crmsync_rules.model._kinds import RECORD_KINDS
from crmsync_rules.model._properties import (
    EMPTY_HISTORY,
    EMPTY_PROPERTIES,
    Properties,
    PropertyChange,
    PropertyHistory,
    PropertyValue,
)

from ._hubspot_values import (
    DEFAULT_PROPERTY_TYPES,
    ValueKind,
    api_time,
    read_property_value,
)
from ._json import MAX_STRING_LENGTH as _LONGEST
from ._json import short, type_name
from ._payload import (
    HUBSPOT_OWNER_FIELDS,
    HUBSPOT_PROPERTIES,
    Problems,
    build_record,
    read_fields,
    require_id,
)

__all__ = [
    "TIME_PROPERTIES",
    "ObjectBuilder",
    "OwnerBuilder",
    "embedded_associations",
]

# The properties that hold the record's times: they go to ``created_at``
# and ``updated_at`` (when the object's own ``createdAt``/``updatedAt`` are
# absent), not to ``properties``.
TIME_PROPERTIES: Final = {
    "created": ("createdate",),
    "updated": ("hs_lastmodifieddate", "lastmodifieddate"),
}

# Named fields whose values repeat from record to record, read interned
# (as the native reader does, see `_json._SHARED_VALUE_KEYS`).
_SHARED: Final = ("first_name", "last_name", "company", "owner_id", "pipeline", "stage")
_TIME_SOURCES: Final = (
    ("createdAt", TIME_PROPERTIES["created"]),
    ("updatedAt", TIME_PROPERTIES["updated"]),
)
_BOOLS: Final = {"true": True, "false": False}

_KINDS: Final = {
    kind.api_object: kind
    for kind in RECORD_KINDS
    if isinstance(kind.api_object, HubSpotObject)
}


# `type(x) is dict or isinstance(x, Mapping)` in the per-record paths: a
# parsed page's objects are dicts, and an ABC check costs several times a
# type check, ten times a record.


def _association_id(value: object) -> str | None:
    if type(value) is str and value:
        return value
    if type(value) is int:
        return str(value)  # v4 gives numeric toObjectId
    return None


def embedded_associations(
    raw: Mapping[str, object], name: str, path: str, problems: Problems
) -> tuple[str, ...]:
    """The ids an object's embedded ``associations.<name>`` lists, the
    primary ones first (``contact_to_company`` before its
    ``contact_to_company_unlabeled`` twin, which names the same link)."""
    associations = raw.get("associations")
    if (
        not (type(associations) is dict or isinstance(associations, Mapping))
        or name not in associations
    ):
        return ()
    block = associations[name]
    where = f"{path}.associations.{name}"
    results = (
        block.get("results")
        if (type(block) is dict or isinstance(block, Mapping))
        else None
    )
    if not isinstance(results, list):
        problems.add("expected an object with a list of results", where)
        return ()
    primary: list[str] = []
    other: list[str] = []
    for i, item in enumerate(results):
        value = (
            _association_id(item.get("id", item.get("toObjectId")))
            if (type(item) is dict or isinstance(item, Mapping))
            else None
        )
        if value is None:
            problems.add(
                f"expected an association id, got {short(item)}",
                f"{where}.results[{i}]",
            )
            continue
        kind = (
            item.get("type")
            if (type(item) is dict or isinstance(item, Mapping))
            else None
        )
        is_primary = (
            isinstance(kind, str)
            and kind.endswith("_to_company")
            and name == "companies"
        )
        (primary if is_primary else other).append(value)
    return tuple(map(sys.intern, dict.fromkeys(primary + other)))


def _moment(raw: object, path: str, problems: Problems, zone: dt.tzinfo) -> Any:
    if type(raw) is str:
        moment = api_time(raw)  # the usual case, without the checks below
        if moment is not None:
            return moment
    try:
        return read_property_value(raw, "datetime", zone=zone)
    except ValueError as exc:
        problems.add(str(exc), path)
        return None


class ObjectBuilder:
    """Reads the contacts, companies or deals of one export.

    Records with the same property names share one names tuple
    (`Properties.from_columns`): a million records hold a handful.
    """

    def __init__(
        self,
        object_type: HubSpotObject,
        types: Mapping[str, ValueKind],
        *,
        zone: dt.tzinfo = dt.timezone.utc,
    ) -> None:
        self.object_type = object_type
        self.table = HUBSPOT_PROPERTIES[object_type]
        kind = _KINDS[object_type]
        self.cls = kind.cls
        self.ndjson = kind.ndjson
        self.types = {**DEFAULT_PROPERTY_TYPES[object_type], **types}
        self.zone = zone
        self.api_names = {attr: f"properties.{api}" for api, attr, _ in self.table}
        consumed = {api for api, _, _ in self.table} | {"hs_object_id"}
        consumed |= {*TIME_PROPERTIES["created"], *TIME_PROPERTIES["updated"]}
        if object_type is HubSpotObject.CONTACT:
            consumed.add("associatedcompanyid")
        self.consumed = frozenset(consumed)
        self._columns: dict[
            tuple[str, ...], tuple[tuple[str, ...], tuple[ValueKind, ...]]
        ] = {}

    def kind(self, name: str) -> ValueKind:
        return self.types.get(name, "text")

    def _columns_of(
        self, keys: tuple[str, ...]
    ) -> tuple[tuple[str, ...], tuple[ValueKind, ...]]:
        columns = self._columns.get(keys)
        if columns is None:
            kept = tuple(name for name in keys if name not in self.consumed)
            columns = (kept, tuple(self.kind(name) for name in kept))
            self._columns[keys] = columns
        return columns

    def _times(
        self,
        raw: Mapping[str, object],
        props: Mapping[str, object],
        path: str,
        problems: Problems,
    ) -> tuple[Any, Any]:
        times = []
        for own, names in _TIME_SOURCES:
            value = raw.get(own)
            if value is not None and value != "":
                moment = api_time(value) if type(value) is str else None
                times.append(
                    moment
                    if moment is not None
                    else _moment(value, f"{path}.{own}", problems, self.zone)
                )
                continue
            for name in names:
                if props.get(name) not in (None, ""):
                    where = f"{path}.properties.{name}"
                    times.append(_moment(props[name], where, problems, self.zone))
                    break
            else:
                times.append(None)
        return times[0], times[1]

    def _history(
        self, raw: Mapping[str, object], path: str, problems: Problems
    ) -> PropertyHistory:
        block = raw.get("propertiesWithHistory")
        if block is None:
            return EMPTY_HISTORY
        where = f"{path}.propertiesWithHistory"
        if not isinstance(block, Mapping):
            problems.add(f"expected an object, got {type_name(block)}", where)
            return EMPTY_HISTORY
        history: dict[str, list[PropertyChange]] = {}
        for name, changes in block.items():
            if not isinstance(changes, list):
                problems.add(
                    f"expected a list, got {type_name(changes)}", f"{where}.{name}"
                )
                continue
            kind = self.kind(name)
            for i, change in enumerate(changes):
                at = f"{where}.{name}[{i}]"
                if not isinstance(change, Mapping):
                    problems.add(f"expected an object, got {type_name(change)}", at)
                    continue
                try:
                    value = read_property_value(
                        change.get("value"), kind, zone=self.zone
                    )
                except ValueError as exc:
                    problems.add(str(exc), f"{at}.value")
                    continue
                stamp = change.get("timestamp")
                if stamp is None:
                    problems.add("required field missing", f"{at}.timestamp")
                    continue
                moment = _moment(stamp, f"{at}.timestamp", problems, self.zone)
                source = change.get("sourceType")
                if moment is not None:
                    history.setdefault(name, []).append(
                        PropertyChange(
                            value=value,
                            timestamp=moment,
                            source_type=source if isinstance(source, str) else None,
                        )
                    )
        return PropertyHistory(history) if history else EMPTY_HISTORY

    def record(
        self,
        raw: object,
        path: str,
        problems: Problems,
        *,
        names: dict[tuple[str, ...], tuple[str, ...]],
    ) -> Any:
        """One object, or ``None`` with its *problems* (each at its path).
        *names* is the reader's pool of shared names tuples."""
        if not (type(raw) is dict or isinstance(raw, Mapping)):
            problems.add(f"expected an object, got {type_name(raw)}", path)
            return None
        record_id = require_id(raw, "id", path, problems)
        props = raw.get("properties", {})
        if not (type(props) is dict or isinstance(props, Mapping)):
            problems.add(
                f"expected an object, got {type_name(props)}", f"{path}.properties"
            )
            return None
        values = read_fields(
            props, self.table, f"{path}.properties", problems, strings=True
        )
        for attribute in _SHARED:
            value = values.get(attribute)
            if type(value) is str:
                values[attribute] = sys.intern(value)
        created, updated = self._times(raw, props, path, problems)
        kept, kinds = self._columns_of(tuple(props))
        typed: list[PropertyValue | None] = []
        for name, kind in zip(kept, kinds, strict=True):
            raw_value = props[name]
            if kind == "text" and type(raw_value) is str and len(raw_value) <= _LONGEST:
                typed.append(raw_value or None)  # most values: no call
                continue
            if (
                kind == "number"
                and type(raw_value) is str
                and raw_value.isascii()
                and raw_value.isdigit()
            ):
                typed.append(int(raw_value))
                continue
            if kind == "bool" and raw_value in _BOOLS:
                typed.append(_BOOLS[raw_value])
                continue
            if kind == "datetime" and type(raw_value) is str:
                moment = api_time(raw_value)
                if moment is not None:
                    typed.append(moment)
                    continue
            try:
                typed.append(read_property_value(raw_value, kind, zone=self.zone))
            except ValueError as exc:
                problems.add(str(exc), f"{path}.properties.{name}")
                typed.append(None)
        if kept:
            shared = names.setdefault(kept, kept)
            properties = Properties.from_columns(shared, tuple(typed))
        else:
            properties = EMPTY_PROPERTIES
        if self.object_type is not HubSpotObject.COMPANY:
            companies = embedded_associations(raw, "companies", path, problems)
            if not companies and self.object_type is HubSpotObject.CONTACT:
                primary = props.get("associatedcompanyid")
                if isinstance(primary, str) and primary:
                    companies = (primary,)
                elif primary not in (None, ""):
                    problems.add(
                        f"expected a string, got {short(primary)}",
                        f"{path}.properties.associatedcompanyid",
                    )
            values["company_ids"] = companies
        if self.object_type is HubSpotObject.DEAL:
            values["contact_ids"] = embedded_associations(
                raw, "contacts", path, problems
            )
        history = self._history(raw, path, problems)
        if record_id is None or problems.lines:
            return None
        record = build_record(
            self.cls,
            {
                "id": record_id,
                **values,
                "created_at": created,
                "updated_at": updated,
                "properties": properties,
                "history": history,
            },
            path,
            problems,
            self.api_names,
        )
        return None if problems.lines else record


def _json_value(value: object) -> PropertyValue | None:
    """An owner's other fields are JSON typed: kept as they are, lists and
    objects (``teams``) as compact JSON text."""
    if value is None or type(value) in (str, int, float, bool):
        return value  # type: ignore[return-value]
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


class OwnerBuilder:
    """Reads the owners of ``/crm/v3/owners`` pages: id, email, names,
    archived as today; ``createdAt``/``updatedAt`` as times; every other
    field (``type``, ``userId``, ``teams``...) into ``properties``."""

    _FIELDS: Final = frozenset(api for api, _, _ in HUBSPOT_OWNER_FIELDS) | {
        "id",
        "createdAt",
        "updatedAt",
    }

    def __init__(self, *, zone: dt.tzinfo = dt.timezone.utc) -> None:
        self.zone = zone
        self.api_names = {attr: api for api, attr, _ in HUBSPOT_OWNER_FIELDS}

    def record(
        self,
        raw: object,
        path: str,
        problems: Problems,
        *,
        names: dict[tuple[str, ...], tuple[str, ...]],
    ) -> HubSpotOwner | None:
        if not isinstance(raw, Mapping):
            problems.add(f"expected an object, got {type_name(raw)}", path)
            return None
        record_id = require_id(raw, "id", path, problems)
        values = read_fields(raw, HUBSPOT_OWNER_FIELDS, path, problems, strings=False)
        if "email" not in values:
            problems.add("required field missing", f"{path}.email")
        created = _moment(
            raw.get("createdAt"), f"{path}.createdAt", problems, self.zone
        )
        updated = _moment(
            raw.get("updatedAt"), f"{path}.updatedAt", problems, self.zone
        )
        kept = tuple(name for name in raw if name not in self._FIELDS)
        properties = (
            Properties.from_columns(
                names.setdefault(kept, kept), tuple(_json_value(raw[n]) for n in kept)
            )
            if kept
            else EMPTY_PROPERTIES
        )
        if record_id is None or problems.lines:
            return None
        owner = build_record(
            HubSpotOwner,
            {
                "id": record_id,
                **values,
                "created_at": created,
                "updated_at": updated,
                "properties": properties,
            },
            path,
            problems,
            self.api_names,
        )
        return None if problems.lines else owner
