"""Field value resolution: FM-1..4, FM-6 and FM-7, by example."""

from __future__ import annotations

import datetime as dt

import pytest

from crmsync_rules import (
    FieldChange,
    FieldMapping,
    FieldResolution,
    FieldValue,
    FieldWrite,
    HubSpotObject,
    HubSpotPropertyType,
    InvalidRecordError,
    Resync,
    SalesforceFieldType,
    SalesforceObject,
    Side,
    SyncRule,
    is_owner_mapping,
    resolve_field_value,
)

HS, SF = Side.HUBSPOT, Side.SALESFORCE
T0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.timezone.utc)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def title(rule: SyncRule) -> FieldMapping:
    return FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property="jobtitle",
        hubspot_type=HubSpotPropertyType.TEXT,
        salesforce_object=SalesforceObject.CONTACT,
        salesforce_field="Title",
        salesforce_type=SalesforceFieldType.STRING,
        rule=rule,
    )


OWNER = FieldMapping(
    hubspot_object=HubSpotObject.CONTACT,
    hubspot_property="hubspot_owner_id",
    hubspot_type=HubSpotPropertyType.ENUMERATION,
    salesforce_object=SalesforceObject.CONTACT,
    salesforce_field="OwnerId",
    salesforce_type=SalesforceFieldType.REFERENCE,
    rule=SyncRule.DONT_SYNC,
)


def resolve(
    rule: SyncRule,
    hs: FieldValue,
    sf: FieldValue,
    side: Side,
    value: FieldValue,
    *,
    when: int = 0,
    last: FieldChange | None = None,
) -> FieldResolution:
    return resolve_field_value(
        title(rule),
        hubspot_value=hs,
        salesforce_value=sf,
        change=FieldChange(side=side, value=value, at=at(when)),
        last_change=last,
    )


def writes(result: FieldResolution) -> list[tuple[Side, FieldValue]]:
    return [(w.side, w.value) for w in result.writes]


def rules(result: FieldResolution) -> set[str]:
    return {r.rule for r in result.reasons}


PREFER = SyncRule.PREFER_SALESFORCE_UNLESS_BLANK
ALWAYS = SyncRule.ALWAYS_USE_SALESFORCE
TWO_WAY = SyncRule.TWO_WAY
DONT = SyncRule.DONT_SYNC


# FM-1 -----------------------------------------------------------------------


def test_fm1_salesforce_value_overwrites_hubspot() -> None:
    result = resolve(PREFER, "CEO", "CEO", SF, "CTO")
    assert (result.hubspot_value, result.salesforce_value) == ("CTO", "CTO")
    assert writes(result) == [(HS, "CTO")]
    assert rules(result) == {"FM-1"}
    assert "write 'CTO' to HubSpot contacts.jobtitle" in result.writes[0].reason.detail


def test_fm1_clearing_salesforce_clears_hubspot() -> None:
    result = resolve(PREFER, "CEO", "CEO", SF, "")
    assert (result.hubspot_value, result.salesforce_value) == (None, None)
    assert writes(result) == [(HS, None)]
    assert "clear HubSpot contacts.jobtitle" in result.writes[0].reason.detail


def test_fm1_hubspot_writes_only_into_a_blank_salesforce_field() -> None:
    for blank in (None, ""):
        result = resolve(PREFER, None, blank, HS, "CFO")
        assert writes(result) == [(SF, "CFO")]
        assert result.salesforce_value == "CFO"
        assert rules(result) == {"FM-1"}


def test_fm1_hubspot_does_not_overwrite_a_salesforce_value() -> None:
    result = resolve(PREFER, "CEO", "CEO", HS, "CFO")
    assert writes(result) == []
    assert (result.hubspot_value, result.salesforce_value) == ("CFO", "CEO")
    assert rules(result) == {"FM-1"}
    assert "holds 'CEO'" in result.reasons[0].detail


def test_fm1_hubspot_clearing_does_not_clear_salesforce() -> None:
    result = resolve(PREFER, "CEO", "CEO", HS, None)
    assert writes(result) == []
    assert result.salesforce_value == "CEO"


# FM-2 -----------------------------------------------------------------------


def test_fm2_salesforce_values_and_clearings_reach_hubspot() -> None:
    assert writes(resolve(ALWAYS, "a", "a", SF, "b")) == [(HS, "b")]
    assert writes(resolve(ALWAYS, "a", "a", SF, None)) == [(HS, None)]
    assert rules(resolve(ALWAYS, "a", "a", SF, "b")) == {"FM-2"}


def test_fm2_hubspot_never_writes_to_salesforce_not_even_into_a_blank() -> None:
    result = resolve(ALWAYS, None, None, HS, "CFO")
    assert writes(result) == []
    assert (result.hubspot_value, result.salesforce_value) == ("CFO", None)
    assert rules(result) == {"FM-2"}


# FM-3 -----------------------------------------------------------------------


def test_fm3_most_recent_change_wins_both_ways() -> None:
    first = resolve(TWO_WAY, "a", "a", HS, "b", when=1)
    assert writes(first) == [(SF, "b")]
    second = resolve(TWO_WAY, "b", "b", SF, "c", when=2, last=first.last_change)
    assert writes(second) == [(HS, "c")]
    assert second.last_change == FieldChange(side=SF, value="c", at=at(2))
    assert rules(second) == {"FM-3"}


def test_fm3_clearings_pass_both_ways() -> None:
    assert writes(resolve(TWO_WAY, "a", "a", HS, "")) == [(SF, None)]
    assert writes(resolve(TWO_WAY, "a", "a", SF, None)) == [(HS, None)]


def test_fm3_older_change_loses_and_is_overwritten() -> None:
    newer = FieldChange(side=SF, value="new", at=at(10))
    result = resolve(TWO_WAY, "new", "new", HS, "old", when=5, last=newer)
    assert writes(result) == [(HS, "new")]
    assert (result.hubspot_value, result.salesforce_value) == ("new", "new")
    assert result.last_change == newer
    assert "older than (or tied with) the Salesforce change" in result.reasons[0].detail


def test_fm3_tie_goes_to_salesforce() -> None:
    from_hubspot = FieldChange(side=HS, value="h", at=at(0))
    result = resolve(TWO_WAY, "h", "h", SF, "s", last=from_hubspot)
    assert (result.hubspot_value, result.salesforce_value) == ("s", "s")
    from_salesforce = FieldChange(side=SF, value="s", at=at(0))
    result = resolve(TWO_WAY, "s", "s", HS, "h", last=from_salesforce)
    assert (result.hubspot_value, result.salesforce_value) == ("s", "s")
    assert writes(result) == [(HS, "s")]


def test_fm3_same_value_needs_no_write() -> None:
    result = resolve(TWO_WAY, "a", "b", SF, "a")
    assert writes(result) == []
    assert rules(result) == {"FM-3"}
    assert "already agree" in result.reasons[0].detail


# FM-4 -----------------------------------------------------------------------


@pytest.mark.parametrize("side", [HS, SF])
@pytest.mark.parametrize("value", ["x", None])
def test_fm4_nothing_passes_clearings_included(side: Side, value: FieldValue) -> None:
    result = resolve(DONT, "a", "a", side, value)
    assert writes(result) == []
    assert result.value(side.other) == "a"
    assert result.value(side) == value
    assert rules(result) == {"FM-4"}


# FM-6 -----------------------------------------------------------------------


def test_fm6_owner_mapping_is_two_way_whatever_it_shows() -> None:
    assert is_owner_mapping(OWNER)
    assert not is_owner_mapping(title(TWO_WAY))
    result = resolve_field_value(
        OWNER,
        hubspot_value="ada@acme-corp.com",
        salesforce_value="ada@acme-corp.com",
        change=FieldChange(side=HS, value="grace@acme-corp.com", at=at(1)),
    )
    assert writes(result) == [(SF, "grace@acme-corp.com")]
    assert rules(result) == {"FM-6"}


def test_fm6_owner_mapping_takes_the_newer_side_and_exact_values() -> None:
    newer = FieldChange(side=SF, value="Ada Lovelace", at=at(5))
    result = resolve_field_value(
        OWNER,
        hubspot_value="Ada Lovelace",
        salesforce_value="Ada Lovelace",
        change=FieldChange(side=HS, value="ada lovelace", at=at(1)),
        last_change=newer,
    )
    # Exact matching: a value differing only in case is a different owner,
    # and the newer Salesforce value is written back.
    assert writes(result) == [(HS, "Ada Lovelace")]


# FM-7 -----------------------------------------------------------------------


def test_fm7_change_before_the_mapping_moves_nothing() -> None:
    result = resolve_field_value(
        title(TWO_WAY),
        hubspot_value="a",
        salesforce_value=None,
        change=FieldChange(side=HS, value="b", at=at(0)),
        mapped_at=at(10),
    )
    assert writes(result) == []
    assert (result.hubspot_value, result.salesforce_value) == ("b", None)
    assert rules(result) == {"FM-7"}


def test_fm7_change_after_the_mapping_follows_the_rule() -> None:
    result = resolve_field_value(
        title(PREFER),
        hubspot_value="old",
        salesforce_value="kept",
        change=FieldChange(side=HS, value="new", at=at(20)),
        mapped_at=at(10),
    )
    assert writes(result) == []
    assert result.salesforce_value == "kept"


@pytest.mark.parametrize(
    ("rule", "hs", "sf", "expected"),
    [
        (PREFER, "h", "s", [(HS, "s")]),
        (PREFER, "h", None, [(SF, "h")]),
        (ALWAYS, "h", "s", [(HS, "s")]),
        (ALWAYS, "h", None, []),
        (TWO_WAY, "h", "s", [(HS, "s")]),
        (TWO_WAY, "h", "", [(SF, "h")]),
        (DONT, "h", "s", []),
    ],
)
def test_fm7_resync_moves_values_that_existed_before(
    rule: SyncRule,
    hs: FieldValue,
    sf: FieldValue,
    expected: list[tuple[Side, FieldValue]],
) -> None:
    result = resolve_field_value(
        title(rule), hubspot_value=hs, salesforce_value=sf, change=Resync(at=at(30))
    )
    assert writes(result) == expected
    assert "FM-7" in rules(result)


def test_fm7_two_way_resync_follows_the_last_change() -> None:
    result = resolve_field_value(
        title(TWO_WAY),
        hubspot_value="h",
        salesforce_value="s",
        change=Resync(at=at(30)),
        last_change=FieldChange(side=HS, value="h", at=at(3)),
    )
    assert writes(result) == [(SF, "h")]


def test_resolution_refuses_mixed_naive_and_aware_times() -> None:
    with pytest.raises(InvalidRecordError, match="timezone-aware"):
        resolve_field_value(
            title(TWO_WAY),
            hubspot_value=None,
            salesforce_value=None,
            change=FieldChange(side=HS, value="x", at=dt.datetime(2024, 1, 1)),
            mapped_at=T0,
        )


def test_write_reason_names_value_and_field() -> None:
    (write,) = resolve(PREFER, None, None, SF, 42).writes
    assert write == FieldWrite(side=HS, value=42, reason=write.reason)
    assert write.reason.rule == "FM-1"
    assert "write 42 to HubSpot contacts.jobtitle" in write.reason.detail
