"""`value_json`, the field-level plan's spelling of a value, is the
converter's spelling of that value as a record's property (the definition
it writes out for speed: docs/performance.md, "The field-level plan on the
engine")."""

from __future__ import annotations

import datetime as dt
import decimal
import json

from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules.codec import unstructure
from crmsync_rules.codec._fields_json import value_json
from crmsync_rules.model._properties import Properties, PropertyValue

# Text with the characters `Properties` packs its values with, so that
# both of its storages (packed text and a plain tuple) are reached.
_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
_ZONES = st.sampled_from(
    [
        dt.timezone.utc,
        dt.timezone(dt.timedelta(hours=2)),
        dt.timezone(dt.timedelta(hours=-7)),
    ]
)

# Every `FieldValue` but a `Decimal`, which no property holds (below).
VALUES: st.SearchStrategy[PropertyValue | None] = st.one_of(
    st.none(),
    _TEXT,
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=_ZONES),
    st.lists(_TEXT, max_size=4).map(tuple),
)


def _property(value: PropertyValue | None) -> object:
    return unstructure(Properties({"value": value}))["value"]


@given(VALUES)
def test_value_json_is_the_converters_property_value(
    value: PropertyValue | None,
) -> None:
    written = value_json(value)
    expected = _property(value)
    assert type(written) is type(expected)
    assert json.dumps(written) == json.dumps(expected)


@given(st.lists(VALUES, min_size=2, max_size=5))
def test_value_json_of_values_packed_together(
    values: list[PropertyValue | None],
) -> None:
    # In a `Properties` of several values, each is packed with the others.
    packed = unstructure(Properties({str(n): v for n, v in enumerate(values)}))
    assert json.dumps([value_json(v) for v in values]) == json.dumps(
        [packed[str(n)] for n in range(len(values))]
    )


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_a_decimal_is_written_as_its_text(value: decimal.Decimal) -> None:
    assert value_json(value) == str(value)
