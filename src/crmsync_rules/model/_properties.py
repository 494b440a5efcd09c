"""Everything else an export holds about a record: its other properties or
fields as typed values, and, where HubSpot gives them, each property's
change history.

The rules read a handful of fields by name (`HubSpotContact.email`,
`SalesforceLead.owner_id`...); a real export has dozens more (``jobtitle``,
``Phone``, custom properties). A record keeps those in `Properties`, an
immutable mapping from the system's own name (a HubSpot property's internal
name, a Salesforce field's API name) to its value, typed by the property's
or field's type (`PropertyValue`). A blank value is ``None``: an export that
holds a property with no value says something a missing property does not
(the field-level plan may fill it).

Records are built by the million, so `Properties` is small: a tuple of
names, usually the same tuple object for every record of one export page,
and a tuple of values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import ItemsView, Iterable, Iterator, Mapping, ValuesView
from typing import Final, TypeAlias, overload

import attrs

__all__ = [
    "EMPTY_HISTORY",
    "EMPTY_PROPERTIES",
    "Properties",
    "PropertyChange",
    "PropertyHistory",
    "PropertyValue",
    "as_history",
    "as_properties",
]

PropertyValue: TypeAlias = (
    str | int | float | bool | dt.date | dt.datetime | tuple[str, ...]
)
"""A property's or field's value, typed by its type: text as `str`, numbers
as `int` (when whole) or `float`, checkboxes and booleans as `bool`, dates
as `datetime.date`, date-times as timezone-aware `datetime.datetime`, and
multiple-choice values (HubSpot's checkboxes, Salesforce's multi-select
picklists, ``;``-joined in both APIs) as a tuple of the chosen values.
A property of a type the library does not know is text."""


# How `Properties` packs its values: one string, each value a tag and its
# text, joined by the unit separator. A million records x 15 properties
# held as Python objects cost about 1.1 KB a record (a tuple and a string
# object per value); packed, about 0.3 KB (measured on generated portals,
# docs/performance.md), which keeps 1M + 1M records within 2 GiB. A value
# that cannot be packed unambiguously (text holding a separator, a type the
# library does not know) makes the record keep its values as a tuple.
_SEPARATOR: Final = "\x1f"
_ITEM_SEPARATOR: Final = "\x1e"


def _pack_one(value: object) -> str | None:
    # bool before int, datetime before date: each is a subclass of the other.
    if value is None:
        return "n"
    if isinstance(value, str):
        return None if _SEPARATOR in value else "s" + value
    if isinstance(value, bool):
        return "b1" if value else "b0"
    if isinstance(value, int):
        return "i" + str(value)
    if isinstance(value, float):
        return "f" + repr(value)
    if isinstance(value, dt.datetime):
        return "t" + value.isoformat()
    if isinstance(value, dt.date):
        return "d" + value.isoformat()
    if isinstance(value, tuple):
        if not value:
            return "M"
        if all(
            isinstance(item, str)
            and _SEPARATOR not in item
            and _ITEM_SEPARATOR not in item
            for item in value
        ):
            return "m" + _ITEM_SEPARATOR.join(value)
    return None


def _pack(values: tuple[PropertyValue | None, ...]) -> str | None:
    parts = []
    for value in values:
        packed = _pack_one(value)
        if packed is None:
            return None
        parts.append(packed)
    return _SEPARATOR.join(parts)


def _unpack_one(text: str) -> PropertyValue | None:
    tag, body = text[0], text[1:]
    if tag == "s":
        return body
    if tag == "n":
        return None
    if tag == "i":
        return int(body)
    if tag == "f":
        return float(body)
    if tag == "b":
        return body == "1"
    if tag == "t":
        return dt.datetime.fromisoformat(body)
    if tag == "d":
        return dt.date.fromisoformat(body)
    if tag == "m":
        return tuple(body.split(_ITEM_SEPARATOR))
    return ()  # "M", the empty multiple choice


class Properties(Mapping[str, "PropertyValue | None"]):
    """An immutable mapping of property or field names to their values.

    >>> props = Properties({"jobtitle": "CTO", "numemployees": 40})
    >>> props["jobtitle"], props.get("phone"), len(props)
    ('CTO', None, 2)
    >>> props == {"numemployees": 40, "jobtitle": "CTO"}
    True

    Equal to any mapping with the same items; hashable, so records that
    hold it stay hashable. Names are kept in the order given. Values are
    kept packed in one string and read back on access (see `_pack`): read
    them once per use, e.g. ``dict(record.properties)``, rather than key by
    key in a tight loop.
    """

    __slots__ = ("_data", "_names")

    _names: tuple[str, ...]
    _data: str | tuple[PropertyValue | None, ...]

    def __init__(
        self,
        items: Mapping[str, PropertyValue | None]
        | Iterable[tuple[str, PropertyValue | None]] = (),
        /,
    ) -> None:
        pairs = dict(items)
        values = tuple(pairs.values())
        object.__setattr__(self, "_names", tuple(pairs))
        packed = _pack(values) if values else None
        object.__setattr__(self, "_data", values if packed is None else packed)

    @classmethod
    def from_columns(
        cls, names: tuple[str, ...], values: tuple[PropertyValue | None, ...], /
    ) -> Properties:
        """Properties from a tuple of *names* and one of *values*, in the same
        order, without copying *names*: a reader passes the same tuple for
        every record of a page, so a million records share it.

        Raises `ValueError` when the lengths differ or a name repeats.
        """
        if len(names) != len(values):
            raise ValueError(f"{len(names)} names but {len(values)} values")
        if len(set(names)) != len(names):
            raise ValueError(f"a property name repeats in {names!r}")
        self = cls.__new__(cls)
        object.__setattr__(self, "_names", names)
        packed = _pack(values) if values else None
        object.__setattr__(self, "_data", values if packed is None else packed)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Properties are immutable")

    def _values(self) -> tuple[PropertyValue | None, ...]:
        data = self._data
        if type(data) is str:
            return tuple(_unpack_one(text) for text in data.split(_SEPARATOR))
        return data  # type: ignore[return-value]

    def __getitem__(self, name: str) -> PropertyValue | None:
        try:
            index = self._names.index(name)
        except ValueError:
            raise KeyError(name) from None
        data = self._data
        if type(data) is str:
            return _unpack_one(data.split(_SEPARATOR)[index])
        return data[index]

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def items(self) -> ItemsView[str, PropertyValue | None]:
        """The names and values, the values read once (not per key)."""
        return dict(zip(self._names, self._values(), strict=True)).items()

    def values(self) -> ValuesView[PropertyValue | None]:
        """The values, read once (not per key)."""
        return dict(zip(self._names, self._values(), strict=True)).values()

    def __eq__(self, other: object) -> bool:
        if (
            isinstance(other, Properties)
            and other._names == self._names
            and other._data == self._data
        ):
            return True
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self.items()))

    def __repr__(self) -> str:
        return f"Properties({dict(self.items())!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (Properties.from_columns, (self._names, self._values()))


EMPTY_PROPERTIES: Final = Properties()
"""The properties of a record whose export held no others."""


@attrs.frozen(kw_only=True)
class PropertyChange:
    """One value a property held, from HubSpot's ``propertiesWithHistory``:
    the value, when it was set (``timestamp``) and by what (``source_type``:
    ``"CRM_UI"``, ``"SALESFORCE"``, ``"FORM"``, ``"IMPORT"``...), when the
    export says.
    """

    value: PropertyValue | None
    timestamp: dt.datetime = attrs.field()
    source_type: str | None = None

    @timestamp.validator
    def _aware(self, _attribute: object, value: dt.datetime) -> None:
        if value.tzinfo is None:
            raise ValueError(f"timestamp must be timezone-aware, got {value!r}")


class PropertyHistory(Mapping[str, tuple[PropertyChange, ...]]):
    """Each property's changes, newest first (as HubSpot lists them).

    >>> when = dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)
    >>> change = PropertyChange(value="CTO", timestamp=when)
    >>> history = PropertyHistory({"jobtitle": [change]})
    >>> history.latest("jobtitle").value, history.latest("phone")
    ('CTO', None)
    """

    __slots__ = ("_changes",)

    _changes: dict[str, tuple[PropertyChange, ...]]

    def __init__(
        self,
        changes: Mapping[str, Iterable[PropertyChange]] = {},  # read, never changed
        /,
    ) -> None:
        object.__setattr__(
            self,
            "_changes",
            {
                name: tuple(
                    sorted(values, key=lambda change: change.timestamp, reverse=True)
                )
                for name, values in changes.items()
            },
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("PropertyHistory is immutable")

    def __getitem__(self, name: str) -> tuple[PropertyChange, ...]:
        return self._changes[name]

    def __contains__(self, name: object) -> bool:
        # Mapping's own raises and catches a KeyError per miss: the planner
        # asks every contact whether it has an email history.
        return name in self._changes

    def __iter__(self) -> Iterator[str]:
        return iter(self._changes)

    def __len__(self) -> int:
        return len(self._changes)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._changes == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._changes.items()))

    def __repr__(self) -> str:
        return f"PropertyHistory({self._changes!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (PropertyHistory, (self._changes,))

    def latest(self, name: str) -> PropertyChange | None:
        """The newest change of *name*, or ``None`` when the history has none."""
        changes = self._changes.get(name)
        return changes[0] if changes else None


EMPTY_HISTORY: Final = PropertyHistory()
"""The history of a record whose export held none."""


@overload
def as_properties(value: Properties, /) -> Properties: ...
@overload
def as_properties(value: Mapping[str, PropertyValue | None], /) -> Properties: ...
def as_properties(value: Mapping[str, PropertyValue | None], /) -> Properties:
    """*value* as `Properties` (the converter of every record's
    ``properties``, so that ``properties={"jobtitle": "CTO"}`` works)."""
    if isinstance(value, Properties):
        return value
    return Properties(value) if value else EMPTY_PROPERTIES


def as_history(value: Mapping[str, Iterable[PropertyChange]], /) -> PropertyHistory:
    """*value* as a `PropertyHistory` (the converter of ``history``)."""
    if isinstance(value, PropertyHistory):
        return value
    return PropertyHistory(value) if value else EMPTY_HISTORY
