"""Strict JSON: parsing that refuses duplicate keys, NaN and Infinity,
text that is not UTF-8 and deep nesting; and how problems quote the
values they are about."""

from __future__ import annotations

import json
import reprlib
import sys
from collections.abc import Iterable, Mapping
from typing import Final

from crmsync_rules.model._errors import SnapshotError

__all__ = [
    "EXPORT_DECODER",
    "MAX_STRING_LENGTH",
    "STRICT_DECODER",
    "claimed_id",
    "describe",
    "parse_json",
    "short",
    "type_name",
    "unknown_fields",
]

_REPR: Final = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 80
_REPR.maxlevel = 3


def type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def short(value: object) -> str:
    """A bounded repr: hostile input must not make a 50 MB error message."""
    return _REPR.repr(value)


def describe(value: object) -> str:
    return "null" if value is None else f"{type(value).__name__} {short(value)}"


def claimed_id(raw: object, key: str) -> str | None:
    """The id an unreadable record claims, to name it in the plan."""
    value = raw.get(key) if isinstance(raw, Mapping) else None
    if type(value) is str and value.strip():
        return value
    if type(value) is int:
        return str(value)
    return None


def unknown_fields(keys: Iterable[object]) -> str:
    keys = sorted(map(short, keys))
    return (
        f"unknown field{'s' if len(keys) > 1 else ''} {', '.join(keys)} "
        "(a typo? unknown keys are refused)"
    )


MAX_STRING_LENGTH: Final = 131_072
"""The longest string any field may hold (Salesforce's longest text field).
Longer values are refused: no name, id or address is that long, and a 50 MB
"email" must not reach the validators."""


class Invalid(ValueError):
    """A value our strict hooks refuse; its message is shown as it is."""


def strict_str(value: object, _: object = None) -> str:
    """*value* when it is a JSON string of a bearable length (a cattrs hook)."""
    if type(value) is not str:
        raise Invalid(f"expected a string, got {describe(value)}")
    if len(value) > MAX_STRING_LENGTH:
        raise Invalid(
            f"expected at most {MAX_STRING_LENGTH:,} characters, got {len(value):,}"
        )
    return value


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not valid JSON")


# Fields whose values repeat from record to record: people's names, owners,
# accounts and companies (a portal has a few hundred owners and a few
# thousand companies, and first names follow a steep Zipf curve). Reading
# them interned makes a million records share a few thousand strings instead
# of holding a copy each: about 40% of a record's memory (issue 7). Interning
# changes no value; the interpreter drops an interned string with its last
# reference.
_SHARED_VALUE_KEYS: Final = frozenset(
    {
        "first_name",
        "last_name",
        "owner_id",
        "account_id",
        "company",
        "company_ids",
        "stage_name",
        "role",
    }
)


def _shared(value: object) -> object:
    if type(value) is str:
        return sys.intern(value)
    if type(value) is list:
        return [sys.intern(v) if type(v) is str else v for v in value]
    return value


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    for key in _SHARED_VALUE_KEYS.intersection(result):
        result[key] = _shared(result[key])
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                # The last value would silently win: a data-loss bug waiting.
                raise ValueError(f"duplicate key {short(key)} in one object")
            seen.add(key)
    return result


STRICT_DECODER: Final = json.JSONDecoder(
    parse_constant=_refuse_constant, object_pairs_hook=_refuse_duplicate_keys
)
"""The decoder `parse_json` uses, for readers that parse a document a value
at a time (`raw_decode`): as strict, value for value."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) != len(pairs):
        _refuse_duplicate_keys(pairs)  # raises, naming the key
    return result


EXPORT_DECODER: Final = json.JSONDecoder(
    parse_constant=_refuse_constant, object_pairs_hook=_unique_keys
)
"""As strict as `STRICT_DECODER`, for the API exports' pages: their keys
are the APIs' names (``firstname``, ``OwnerId``), never the project's own
ones that `STRICT_DECODER` interns the values of, so each of a page's many
objects (records, their properties, associations, attributes) skips that
look-up; the readers intern the values they share themselves."""


def parse_json(text: str | bytes, *, source: str) -> object:
    """Strict JSON: UTF-8 (a leading byte-order mark is allowed, as Windows
    exports write one), no NaN or Infinity, no duplicate keys, bounded
    nesting. Every failure is a `SnapshotError`."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        elif text.startswith("\ufeff"):
            text = text[1:]
        return json.loads(
            text,
            parse_constant=_refuse_constant,
            object_pairs_hook=_refuse_duplicate_keys,
        )
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 text: byte {exc.start} cannot be decoded"
    except json.JSONDecodeError as exc:
        problem = f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
    except ValueError as exc:
        problem = f"invalid JSON: {exc}"
    except RecursionError:
        problem = "invalid JSON: nested too deeply"
    raise SnapshotError([problem], source=source)
