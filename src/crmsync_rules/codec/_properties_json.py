"""The native formats' spelling of times, properties and their history:
the cattrs hooks of `datetime`, `Properties`, `PropertyChange` and
`PropertyHistory` (issue "Real exports in"), apart from the converter so
that each module stays one topic."""

from __future__ import annotations

import datetime as dt
from typing import Final

import cattrs

from crmsync_rules.model._properties import (
    Properties,
    PropertyChange,
    PropertyHistory,
    PropertyValue,
    as_history,
    as_properties,
)

from ._json import Invalid, describe, short, strict_str, unknown_fields
from ._times import parse_datetime

__all__ = [
    "date_hook",
    "datetime_hook",
    "datetime_text",
    "property_json",
    "property_value",
    "register_time_and_property_hooks",
]


def date_hook(value: object, _: object) -> dt.date:
    text = strict_str(value, None)
    try:
        # YYYY-MM-DD only, as the settings schema says: Python 3.11 also
        # reads 20210201 and week dates, 3.10 does not.
        if not (len(text) == 10 and text.isascii() and text[4] == text[7] == "-"):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def datetime_hook(value: object, _: object) -> dt.datetime:
    text = strict_str(value, None)
    try:
        return parse_datetime(text)
    except ValueError:
        raise Invalid(
            "expected a date-time with a time zone, as "
            f"YYYY-MM-DDTHH:MM:SS+00:00 or ...Z, got {text!r}"
        ) from None


def datetime_text(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


# How a property's value is written in the native formats: JSON's own types
# for text, numbers, booleans and blanks; a list for a multiple choice; and
# an object with one key for the two JSON has no type of, so that a date
# and the text "2024-05-01" stay apart through a round trip.
def property_value(value: object, path: str) -> PropertyValue | None:
    if value is None or type(value) in (str, bool, int, float):
        return value  # type: ignore[return-value]
    if type(value) is list:
        if all(type(item) is str for item in value):
            return tuple(value)
        raise Invalid(f"{path}: expected a list of strings, got {short(value)}")
    if type(value) is dict and len(value) == 1:
        ((tag, text),) = value.items()
        if tag == "date":
            return date_hook(text, None)
        if tag == "datetime":
            return datetime_hook(text, None)
    raise Invalid(
        f"{path}: expected text, a number, true or false, null, a list of "
        'strings, {"date": ...} or {"datetime": ...}, got ' + short(value)
    )


def property_json(value: PropertyValue | None) -> object:
    if isinstance(value, dt.datetime):
        return {"datetime": datetime_text(value)}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple):
        return list(value)
    return value


# The names of a record's properties, shared: the records of one export
# have a handful of key sets, and a million records holding one tuple each
# would spend 15 x 8 bytes and 15 strings apiece on the same names. Bounded,
# so that input with a new key set on every line cannot grow it for ever;
# it holds only immutable tuples, so sharing changes no value.
_NAMES: Final[dict[tuple[str, ...], tuple[str, ...]]] = {}
_MAX_NAME_SETS: Final = 4096


def _shared_names(names: tuple[str, ...]) -> tuple[str, ...]:
    shared = _NAMES.get(names)
    if shared is None:
        shared = names
        if len(_NAMES) < _MAX_NAME_SETS:
            _NAMES[names] = names
    return shared


def _structure_properties(value: object, _: object) -> Properties:
    if type(value) is not dict:
        raise Invalid(f"expected an object, got {describe(value)}")
    if not value:
        return as_properties({})
    return Properties.from_columns(
        _shared_names(tuple(value)),
        tuple(property_value(item, name) for name, item in value.items()),
    )


def _unstructure_properties(props: Properties) -> dict[str, object]:
    return {name: property_json(value) for name, value in props.items()}


def _structure_change(value: object, _: object) -> PropertyChange:
    if type(value) is not dict:
        raise Invalid(f"expected an object, got {describe(value)}")
    extra = set(value) - {"value", "timestamp", "source_type"}
    if extra:
        raise Invalid(unknown_fields(extra))
    if "timestamp" not in value:
        raise Invalid("timestamp: required field missing")
    source = value.get("source_type")
    return PropertyChange(
        value=property_value(value.get("value"), "value"),
        timestamp=datetime_hook(value["timestamp"], None),
        source_type=None if source is None else strict_str(source),
    )


def _change_json(change: PropertyChange) -> dict[str, object]:
    out = {
        "value": property_json(change.value),
        "timestamp": datetime_text(change.timestamp),
    }
    if change.source_type is not None:
        out["source_type"] = change.source_type
    return out


def _structure_history(value: object, _: object) -> PropertyHistory:
    if type(value) is not dict:
        raise Invalid(f"expected an object, got {describe(value)}")
    history = {}
    for name, changes in value.items():
        if type(changes) is not list:
            raise Invalid(f"{name}: expected a list, got {describe(changes)}")
        read = []
        for n, change in enumerate(changes):
            try:
                read.append(_structure_change(change, None))
            except Invalid as exc:
                raise Invalid(f"{name}[{n}]: {exc}") from None
        history[name] = read
    return as_history(history)


def _unstructure_history(history: PropertyHistory) -> dict[str, object]:
    return {
        name: [_change_json(change) for change in changes]
        for name, changes in history.items()
    }


def register_time_and_property_hooks(converter: cattrs.Converter) -> None:
    """Register the hooks of dates, date-times, properties and their
    history on *converter*."""
    converter.register_structure_hook(dt.date, date_hook)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_structure_hook(dt.datetime, datetime_hook)
    converter.register_unstructure_hook(dt.datetime, datetime_text)
    converter.register_structure_hook(Properties, _structure_properties)
    converter.register_unstructure_hook(Properties, _unstructure_properties)
    converter.register_structure_hook(PropertyChange, _structure_change)
    converter.register_unstructure_hook(PropertyChange, _change_json)
    converter.register_structure_hook(PropertyHistory, _structure_history)
    converter.register_unstructure_hook(PropertyHistory, _unstructure_history)
