"""The direct decisions of a pair of two records (issue 16's speed) are a
second expression of FM-1 to FM-4 for speed: `synced_field` for a pair that
has synced before, `first_sync_field` with the later side for two records
syncing for the first time. Hypothesis differential properties hold them
equal to the rules' one definition, `resolve_field_value`, fed as
`Pair.by_rule`'s general path feeds it and read back by `field_of`, over
the public strategies' mappings and any values and times; a grid of every
rule, value pair and order of times does the same without random draws
(CI derandomizes Hypothesis, and every branch must be reached)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules import (
    FieldMapping,
    HubSpotContact,
    HubSpotObject,
    IntegrationSettings,
    SalesforceContact,
    SalesforceObject,
)
from crmsync_rules import strategies as cs
from crmsync_rules.mappings import (
    FieldChange,
    FieldValue,
    FirstSync,
    HubSpotFieldType,
    HubSpotPropertyType,
    SalesforceFieldType,
    Side,
    SyncRule,
    is_owner_mapping,
    sync_fields,
)
from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._settings import touches_opt_out
from crmsync_rules.rules._field_first import first_sync_field
from crmsync_rules.rules._field_pair import field_of, rule_id_of
from crmsync_rules.rules._field_results import MappedField
from crmsync_rules.rules._field_synced import synced_field
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
    [(), (cite("FM-3", "HubSpot jobtitle changed at a known time."),)]
)
# Few minutes apart, so that ties (Salesforce's, FM-3) are drawn often.
times: st.SearchStrategy[dt.datetime] = st.integers(0, 4).map(
    lambda minutes: T0 + dt.timedelta(minutes=minutes)
)


def _general_synced(
    mapping: FieldMapping,
    hubspot: FieldValue,
    salesforce: FieldValue,
    *,
    hubspot_at: dt.datetime,
    salesforce_at: dt.datetime,
    extra: tuple[Reason, ...],
) -> MappedField:
    """A linked pair's mapping as the general path decides it: the later
    side's value is the change (ties to Salesforce), the other's the last
    change."""
    hubspot_change = FieldChange(side=Side.HUBSPOT, value=hubspot, at=hubspot_at)
    salesforce_change = FieldChange(
        side=Side.SALESFORCE, value=salesforce, at=salesforce_at
    )
    if hubspot_at > salesforce_at:
        latest, earlier = hubspot_change, salesforce_change
    else:
        latest, earlier = salesforce_change, hubspot_change
    resolution = resolve_field_value(
        mapping,
        hubspot_value=hubspot,
        salesforce_value=salesforce,
        change=latest,
        last_change=earlier,
    )
    return field_of(
        mapping, hubspot, salesforce, resolution.writes, (*extra, *resolution.reasons)
    )


def _general_first(
    mapping: FieldMapping,
    hubspot: FieldValue,
    salesforce: FieldValue,
    *,
    hubspot_at: dt.datetime,
    salesforce_at: dt.datetime,
    extra: tuple[Reason, ...],
) -> MappedField:
    """Two records' first sync as the general path decides it: a
    `FirstSync` at the later time, whose last change is the later side's."""
    if hubspot_at > salesforce_at:
        last = FieldChange(side=Side.HUBSPOT, value=hubspot, at=hubspot_at)
    else:
        last = FieldChange(side=Side.SALESFORCE, value=salesforce, at=salesforce_at)
    resolution = resolve_field_value(
        mapping,
        hubspot_value=hubspot,
        salesforce_value=salesforce,
        change=FirstSync(at=max(hubspot_at, salesforce_at)),
        last_change=last,
    )
    return field_of(
        mapping, hubspot, salesforce, resolution.writes, (*extra, *resolution.reasons)
    )


def _later(hubspot_at: dt.datetime, salesforce_at: dt.datetime) -> Side:
    return Side.HUBSPOT if hubspot_at > salesforce_at else Side.SALESFORCE


def _same(got: MappedField, expected: MappedField) -> None:
    assert got == expected
    assert [str(r) for r in got.reasons] == [str(r) for r in expected.reasons]
    assert [str(w.reason) for w in got.writes] == [
        str(w.reason) for w in expected.writes
    ]


@given(
    mapping=by_rule,
    hubspot=values,
    salesforce=values,
    hubspot_at=times,
    salesforce_at=times,
    extra=extras,
)
def test_fm1_fm2_fm3_fm4_synced_field_is_resolve_field_value(
    *,
    mapping: FieldMapping,
    hubspot: FieldValue,
    salesforce: FieldValue,
    hubspot_at: dt.datetime,
    salesforce_at: dt.datetime,
    extra: tuple[Reason, ...],
) -> None:
    """FM-1, FM-2, FM-3, FM-4 for a linked pair: the same writes, values
    and reasons (their sentences included) as the one definition."""
    got = synced_field(
        mapping,
        hubspot,
        salesforce,
        hubspot_at,
        salesforce_at,
        extra,
        rule_id_of(mapping),
    )
    _same(
        got,
        _general_synced(
            mapping,
            hubspot,
            salesforce,
            hubspot_at=hubspot_at,
            salesforce_at=salesforce_at,
            extra=extra,
        ),
    )


@given(
    mapping=by_rule,
    hubspot=values,
    salesforce=values,
    hubspot_at=times,
    salesforce_at=times,
    extra=extras,
)
def test_fm1_fm2_fm3_fm4_first_sync_of_two_records_is_resolve_field_value(
    *,
    mapping: FieldMapping,
    hubspot: FieldValue,
    salesforce: FieldValue,
    hubspot_at: dt.datetime,
    salesforce_at: dt.datetime,
    extra: tuple[Reason, ...],
) -> None:
    """FM-1, FM-2, FM-3, FM-4 for two records syncing for the first time
    (`first_sync_field` with the later side): as the one definition."""
    got = first_sync_field(
        mapping,
        hubspot,
        salesforce,
        extra,
        rule_id_of(mapping),
        _later(hubspot_at, salesforce_at),
    )
    _same(
        got,
        _general_first(
            mapping,
            hubspot,
            salesforce,
            hubspot_at=hubspot_at,
            salesforce_at=salesforce_at,
            extra=extra,
        ),
    )


def _title(rule: SyncRule) -> FieldMapping:
    return FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property="jobtitle",
        hubspot_type=HubSpotPropertyType.STRING,
        hubspot_field_type=HubSpotFieldType.TEXT,
        salesforce_object=SalesforceObject.CONTACT,
        salesforce_field="Title",
        salesforce_type=SalesforceFieldType.STRING,
        rule=rule,
    )


_GRID_VALUES: tuple[FieldValue, ...] = (None, "", "CTO", "CFO", 1, True, ("a",), ())
_ORDERS = (  # HubSpot later, Salesforce later, a tie (Salesforce's)
    (T0 + dt.timedelta(minutes=1), T0),
    (T0, T0 + dt.timedelta(minutes=1)),
    (T0, T0),
)


@pytest.mark.parametrize("rule", list(SyncRule))
def test_fm1_fm2_fm3_fm4_direct_pair_decisions_on_a_grid(rule: SyncRule) -> None:
    """FM-1, FM-2, FM-3, FM-4: every rule, pair of values (blanks of each
    kind, equal values, values of other types that compare equal) and order
    of times: the direct decisions equal the general path, without random
    draws."""
    mapping = _title(rule)
    rule_id = rule_id_of(mapping)
    for hubspot, salesforce in itertools.product(_GRID_VALUES, repeat=2):
        for hubspot_at, salesforce_at in _ORDERS:
            for extra in ((), (cite("FM-3", "Times known."),)):
                _same(
                    synced_field(
                        mapping,
                        hubspot,
                        salesforce,
                        hubspot_at,
                        salesforce_at,
                        extra,
                        rule_id,
                    ),
                    _general_synced(
                        mapping,
                        hubspot,
                        salesforce,
                        hubspot_at=hubspot_at,
                        salesforce_at=salesforce_at,
                        extra=extra,
                    ),
                )
                _same(
                    first_sync_field(
                        mapping,
                        hubspot,
                        salesforce,
                        extra,
                        rule_id,
                        _later(hubspot_at, salesforce_at),
                    ),
                    _general_first(
                        mapping,
                        hubspot,
                        salesforce,
                        hubspot_at=hubspot_at,
                        salesforce_at=salesforce_at,
                        extra=extra,
                    ),
                )


def test_fm3_a_linked_pair_s_later_hubspot_value_moves_to_salesforce() -> None:
    """FM-3, written out: HubSpot changed last, so its value overwrites
    Salesforce's, and the sentence says when (a value not produced by the
    code under test)."""
    field = synced_field(
        _title(SyncRule.TWO_WAY),
        "CTO",
        "CFO",
        T0 + dt.timedelta(minutes=1),
        T0,
        (),
        "FM-3",
    )
    assert (field.hubspot_after, field.salesforce_after) == ("CTO", "CTO")
    [write] = field.writes
    assert (write.side, write.value, write.reason.rule) == (
        Side.SALESFORCE,
        "CTO",
        "FM-3",
    )
    assert write.reason.detail == (
        "HubSpot contacts.jobtitle changed to 'CTO' at 2024-01-01T00:01:00+00:00, "
        "the most recent change: write 'CTO' to Salesforce Contact.Title."
    )


@pytest.mark.parametrize("hubspot_later", [True, False])
def test_fm7_a_mapping_time_before_the_values_decides_as_the_direct_path(
    hubspot_later: bool,
) -> None:
    """FM-7 and FM-3: a linked pair's mapping with a mapping time is decided
    by `resolve_field_value` itself (only it reads FM-7); a time before
    both values changes nothing, so the field equals the direct path's
    (`synced_field`, no time given), whichever side changed last."""
    title = _title(SyncRule.TWO_WAY)
    hubspot_at, salesforce_at = T0 + dt.timedelta(hours=1), T0 + dt.timedelta(hours=2)
    if hubspot_later:
        hubspot_at, salesforce_at = salesforce_at, hubspot_at
    contact = HubSpotContact(
        id="501",
        salesforce_contact_id="003A",
        properties={"jobtitle": "CTO"},
        updated_at=hubspot_at,
    )
    salesforce = SalesforceContact(
        id="003A", properties={"Title": "CFO"}, updated_at=salesforce_at
    )
    settings = IntegrationSettings(integrated_on=dt.date(2024, 1, 8), mappings=(title,))
    timed = sync_fields(contact, salesforce, settings=settings, mapped_at={title: T0})
    direct = sync_fields(contact, salesforce, settings=settings)
    assert timed == direct
    [field] = [f for f in timed.fields if f.mapping == title]
    assert (field.hubspot_after, field.salesforce_after) == (
        ("CTO", "CTO") if hubspot_later else ("CFO", "CFO")
    )
