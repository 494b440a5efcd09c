"""Building blocks of the strategies: record ids, names, and the helpers
the composites draw through."""

from __future__ import annotations

import functools
import string
from collections.abc import Sequence
from typing import Final, TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from crmsync_rules.model._salesforce_ids import salesforce_id_18

T = TypeVar("T")


def given_or(
    given: SearchStrategy[T] | None, default: SearchStrategy[T]
) -> SearchStrategy[T]:
    return default if given is None else given


def optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.none() | strategy


SALESFORCE_ID_PREFIXES: Final[dict[str, str]] = {
    "Lead": "00Q",
    "Contact": "003",
    "Account": "001",
    "Opportunity": "006",
    "User": "005",
    "Queue": "00G",
    "RecordType": "012",
}
"""Key prefixes of Salesforce ids by object: an id's first three characters
say what it points at, which makes generated snapshots easy to read."""

_ID_CHARACTERS: Final = string.ascii_letters + string.digits


def hubspot_ids() -> SearchStrategy[str]:
    """HubSpot record ids: decimal strings, as the CRM v3 API returns them.
    Ids of different object types may coincide, as they do in HubSpot."""
    return st.integers(min_value=1, max_value=10**11).map(str)


def salesforce_ids(*, sobject: str = "Lead") -> SearchStrategy[str]:
    """18-character Salesforce ids with the key prefix of *sobject* (a key of
    `SALESFORCE_ID_PREFIXES`), each with the suffix its first fifteen
    characters' case gives (`salesforce_id_18`): a random suffix would make
    an invalid id (DUP-7)."""
    if sobject not in SALESFORCE_ID_PREFIXES:
        raise ValueError(
            f"sobject must be one of {sorted(SALESFORCE_ID_PREFIXES)}, got {sobject!r}"
        )
    prefix = SALESFORCE_ID_PREFIXES[sobject]
    return st.text(_ID_CHARACTERS, min_size=12, max_size=12).map(
        lambda rest: salesforce_id_18(prefix + rest)
    )


FIRST_NAMES: Final = (
    "Jan",
    "Anna",
    "José",
    "Zoë",
    "Łukasz",
    "Søren",
    "Mary-Kate",
    "Jean Luc",
    "Siobhán",
    "Ngọc",
    "Ólafur",
    "明",
)
LAST_NAMES: Final = (
    "de Vries",
    "O'Brien",
    "Müller",
    "Nguyễn",
    "Smith-Jones",
    "van der Berg",
    "Ødegård",
    "Ng",
    "张",
    "Ivanova",
)
COMPANY_NAMES: Final = (
    "Acme",
    "Vries B.V.",
    "Müller GmbH",
    "Société Générale",
    "O'Reilly & Sons",
    "株式会社テスト",
    "ACME",
    "acme inc.",
)


def names_from(pool: Sequence[str]) -> SearchStrategy[str]:
    """Realistic names, or any letters (spaces, apostrophes and hyphens
    inside) with surrounding whitespace left alone: CRM data is messy."""
    return st.sampled_from(pool) | _FREE_NAMES


# An alphabet string, not st.characters(): text from a string is several times
# faster to draw, and snapshots draw many names.
_NAME_LETTERS: Final = (
    string.ascii_letters
    + "àáäåæçèéëíïñóöøúüýßłőšžÆØÅÉÖÜ"
    + "абвгдежзийклмнопрстуфхцчшыэюяЖЯ"
    "αβγδεζηθικλμνξοπρστυφχψω" + "明张王李田中山"
)
_FREE_NAMES: Final = st.builds(
    str.__add__,
    st.sampled_from(_NAME_LETTERS),
    st.text(_NAME_LETTERS + "\u0301 '-.", max_size=20),
)


BOOLEANS: Final = st.booleans()
MASKS: Final = st.integers(min_value=0, max_value=2**64 - 1)


@functools.cache
def index_below(size: int) -> SearchStrategy[int]:
    return st.integers(min_value=0, max_value=size - 1)


# Composites draw through these helpers with strategies built once: building
# strategies inside a composite, per draw, made snapshots ten times slower.


def pick(draw: DrawFn, items: Sequence[T]) -> T:
    return items[draw(index_below(len(items)))]


def maybe(draw: DrawFn, items: Sequence[T]) -> T | None:
    if not items or not draw(BOOLEANS):
        return None
    return pick(draw, items)


def some(draw: DrawFn, items: Sequence[T], max_size: int) -> tuple[T, ...]:
    mask = draw(MASKS) if items else 0
    return tuple(item for i, item in enumerate(items[:64]) if mask >> i & 1)[:max_size]
