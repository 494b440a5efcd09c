"""The direct first sync of a record about to be created
(`first_sync_field`, issue 16's speed) is a second expression of FM-1 to
FM-4 for speed: a Hypothesis differential property holds it equal to the
rules' one definition, `resolve_field_value` with a `FirstSync`, read back
by `field_of`, over the public strategies' mappings and any values."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules import FieldMapping
from crmsync_rules import strategies as cs
from crmsync_rules.mappings import FieldValue, FirstSync, is_owner_mapping
from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._settings import touches_opt_out
from crmsync_rules.rules._field_first import first_sync_field
from crmsync_rules.rules._field_pair import field_of, rule_id_of
from crmsync_rules.rules._fm_values import resolve_field_value

T0 = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)

values: st.SearchStrategy[FieldValue] = st.one_of(
    st.none(),
    st.just(""),
    st.just(()),
    st.text(max_size=4),
    st.integers(-3, 3),
    st.booleans(),
    st.lists(st.text(max_size=2), max_size=3).map(tuple),
)
# The owner and opt-out mappings are decided by their own rules (FM-6,
# OPT-*), never by a mapping's rule.
by_rule: st.SearchStrategy[FieldMapping] = cs.field_mappings().filter(
    lambda m: not is_owner_mapping(m) and not touches_opt_out(m)
)
extras: st.SearchStrategy[tuple[Reason, ...]] = st.sampled_from(
    [(), (cite("FM-7", "A first sync moves the values each side holds."),)]
)


@given(
    mapping=by_rule,
    hubspot=values,
    salesforce=values,
    minutes=st.integers(0, 600),
    extra=extras,
)
def test_fm1_fm2_fm3_fm4_first_sync_field_is_resolve_field_value(
    mapping: FieldMapping,
    hubspot: FieldValue,
    salesforce: FieldValue,
    minutes: int,
    extra: tuple[Reason, ...],
) -> None:
    """FM-1, FM-2, FM-3, FM-4: the same writes, values and reasons (their
    sentences included) as the one definition."""
    resolution = resolve_field_value(
        mapping,
        hubspot_value=hubspot,
        salesforce_value=salesforce,
        change=FirstSync(at=T0 + dt.timedelta(minutes=minutes)),
    )
    expected = field_of(
        mapping, hubspot, salesforce, resolution.writes, (*extra, *resolution.reasons)
    )
    got = first_sync_field(mapping, hubspot, salesforce, extra, rule_id_of(mapping))
    assert got == expected
    assert [str(r) for r in got.reasons] == [str(r) for r in expected.reasons]
