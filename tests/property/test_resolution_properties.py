"""Hypothesis properties of field value resolution (FM-2, FM-3, FM-4, FM-6).

Mappings come from the public ``crmsync_rules.strategies``. Values,
timestamps and change sequences are generated here: they are not model
types, so they do not belong there.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from crmsync_rules import (
    FieldMapping,
    HubSpotObject,
    HubSpotPropertyType,
    SalesforceFieldType,
    SalesforceObject,
    SyncRule,
    resolve_field_value,
)
from crmsync_rules import strategies as cs
from crmsync_rules.mappings import (
    FieldChange,
    FieldResolution,
    FieldValue,
    Resync,
    Side,
    is_owner_mapping,
)

T0 = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)

values: st.SearchStrategy[FieldValue] = st.one_of(
    st.none(), st.just(""), st.text(max_size=4), st.integers(-3, 3)
)
# A narrow range of minutes, so that equal timestamps (ties) are common.
times = st.integers(0, 6).map(lambda m: T0 + dt.timedelta(minutes=m))
sides = st.sampled_from(Side)


def changes_from(side: Side) -> st.SearchStrategy[FieldChange]:
    return st.builds(FieldChange, side=st.just(side), value=values, at=times)


def changes() -> st.SearchStrategy[FieldChange]:
    return sides.flatmap(changes_from)


def side_history(side: Side) -> st.SearchStrategy[list[FieldChange]]:
    """One system's own changes, in the order (and time order) it made them."""
    return st.lists(changes_from(side), max_size=5).map(
        lambda cs: sorted(cs, key=lambda c: c.at)
    )


def mappings(rule: SyncRule) -> st.SearchStrategy[FieldMapping]:
    """Mappings with *rule* that do not map the owner (FM-6 overrides)."""
    return cs.field_mappings(rules=st.just(rule)).filter(
        lambda m: not is_owner_mapping(m)
    )


def owner_mappings(rule: SyncRule) -> st.SearchStrategy[FieldMapping]:
    """The contact owner mapping, showing *rule*."""
    return cs.field_mappings(
        hubspot_objects=st.just(HubSpotObject.CONTACT),
        hubspot_properties=st.just("hubspot_owner_id"),
        hubspot_types=st.just(HubSpotPropertyType.ENUMERATION),
        salesforce_objects=st.just(SalesforceObject.CONTACT),
        salesforce_fields=st.just("OwnerId"),
        salesforce_types=st.just(SalesforceFieldType.REFERENCE),
        rules=st.just(rule),
    )


def run(
    m: FieldMapping, hs: FieldValue, sf: FieldValue, sequence: list[FieldChange]
) -> list[FieldResolution]:
    results = []
    last: FieldChange | None = None
    for change in sequence:
        result = resolve_field_value(
            m, hubspot_value=hs, salesforce_value=sf, change=change, last_change=last
        )
        hs, sf, last = result.hubspot_value, result.salesforce_value, result.last_change
        results.append(result)
    return results


def blank_is_none(value: FieldValue) -> FieldValue:
    return None if value == "" else value


@settings(max_examples=100)
@given(
    m=mappings(SyncRule.DONT_SYNC),
    hs=values,
    sf=values,
    sequence=st.lists(changes(), max_size=8),
)
def test_fm4_dont_sync_never_moves_a_value(
    m: FieldMapping, hs: FieldValue, sf: FieldValue, sequence: list[FieldChange]
) -> None:
    """FM-4 "Don't sync": nothing passes, clearings included."""
    results = run(m, hs, sf, sequence)
    assert all(r.writes == () for r in results)
    for side, start in ((Side.HUBSPOT, hs), (Side.SALESFORCE, sf)):
        own = [c.value for c in sequence if c.side is side]
        expected = blank_is_none(own[-1] if own else start)
        final = results[-1].value(side) if results else blank_is_none(start)
        assert final == expected


@settings(max_examples=100)
@given(
    m=mappings(SyncRule.ALWAYS_USE_SALESFORCE),
    hs=values,
    sf=values,
    sequence=st.lists(st.one_of(changes(), st.builds(Resync, at=times)), max_size=8),
)
def test_fm2_always_use_salesforce_never_writes_to_salesforce(
    m: FieldMapping,
    hs: FieldValue,
    sf: FieldValue,
    sequence: list[FieldChange | Resync],
) -> None:
    """FM-2 "Always use Salesforce": HubSpot never writes to Salesforce, not
    even into a blank field."""
    last: FieldChange | None = None
    for change in sequence:
        result = resolve_field_value(
            m, hubspot_value=hs, salesforce_value=sf, change=change, last_change=last
        )
        assert all(w.side is Side.HUBSPOT for w in result.writes)
        if not (isinstance(change, FieldChange) and change.side is Side.SALESFORCE):
            assert result.salesforce_value == blank_is_none(sf)
        hs, sf, last = result.hubspot_value, result.salesforce_value, result.last_change


@st.composite
def interleavings(
    draw: st.DrawFn,
) -> tuple[list[FieldChange], list[FieldChange], list[FieldChange]]:
    """Both sides' histories and two interleavings of them, each keeping
    every side's own order."""
    hubspot = draw(side_history(Side.HUBSPOT))
    salesforce = draw(side_history(Side.SALESFORCE))
    orders = []
    for _ in range(2):
        picks = draw(
            st.permutations(
                [Side.HUBSPOT] * len(hubspot) + [Side.SALESFORCE] * len(salesforce)
            )
        )
        queues = {Side.HUBSPOT: list(hubspot), Side.SALESFORCE: list(salesforce)}
        orders.append([queues[side].pop(0) for side in picks])
    return hubspot + salesforce, orders[0], orders[1]


@settings(max_examples=100)
@given(
    hs=values,
    sf=values,
    histories=interleavings(),
    m=mappings(SyncRule.TWO_WAY) | st.sampled_from(SyncRule).flatmap(owner_mappings),
)
def test_fm3_two_way_ends_the_same_from_any_interleaving(
    hs: FieldValue,
    sf: FieldValue,
    histories: tuple[list[FieldChange], list[FieldChange], list[FieldChange]],
    m: FieldMapping,
) -> None:
    """FM-3 "Two-way": the most recent change wins, and clearings pass both
    ways; so applying the same changes from any interleaving of the two sides
    gives the same final values. FM-6: an owner mapping behaves so whatever
    rule it shows."""
    everything, first, second = histories
    a = run(m, hs, sf, first)
    b = run(m, hs, sf, second)
    if not everything:
        return
    finals = {(r[-1].hubspot_value, r[-1].salesforce_value) for r in (a, b)}
    assert len(finals) == 1
    # The winner, found independently: latest time; on a tie Salesforce; on a
    # tie within one side, that side's later change.
    rank = {Side.HUBSPOT: 0, Side.SALESFORCE: 1}
    winner = max(
        enumerate(everything), key=lambda ic: (ic[1].at, rank[ic[1].side], ic[0])
    )[1]
    assert finals == {(blank_is_none(winner.value), blank_is_none(winner.value))}


@settings(max_examples=100)
@given(
    m=st.sampled_from(SyncRule).flatmap(lambda r: mappings(r) | owner_mappings(r)),
    hs=values,
    sf=values,
    change=st.one_of(changes(), st.builds(Resync, at=times)),
    last=st.one_of(st.none(), changes()),
    mapped_at=st.one_of(st.none(), times),
)
def test_fm3_resolution_is_deterministic(
    *,
    m: FieldMapping,
    hs: FieldValue,
    sf: FieldValue,
    change: FieldChange | Resync,
    last: FieldChange | None,
    mapped_at: dt.datetime | None,
) -> None:
    """Decisions are deterministic: the same mapping, values and change
    (FM-1, FM-2, FM-3, FM-4, FM-6, FM-7) always resolve to the same result."""

    def once() -> FieldResolution:
        return resolve_field_value(
            m,
            hubspot_value=hs,
            salesforce_value=sf,
            change=change,
            last_change=last,
            mapped_at=mapped_at,
        )

    first = once()
    assert first == once()
    assert first.reasons
    assert all(w.reason in first.reasons for w in first.writes)
