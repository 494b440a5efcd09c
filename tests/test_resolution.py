"""Field value resolution: FM-1, FM-2, FM-3, FM-4, FM-6 and FM-7, by example."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from crmsync_rules import (
    FieldMapping,
    HubSpotObject,
    HubSpotPropertyType,
    Reason,
    SalesforceFieldType,
    SalesforceObject,
    SyncRule,
    resolve_field_value,
)
from crmsync_rules.errors import InvalidRecordError
from crmsync_rules.mappings import (
    FieldChange,
    FieldResolution,
    FieldValue,
    FieldWrite,
    HubSpotFieldType,
    Resync,
    Side,
    is_owner_mapping,
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
    hubspot_field_type=HubSpotFieldType.SELECT,
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
    """FM-1: Salesforce value overwrites HubSpot."""
    result = resolve(PREFER, "CEO", "CEO", SF, "CTO")
    assert (result.hubspot_value, result.salesforce_value) == ("CTO", "CTO")
    assert writes(result) == [(HS, "CTO")]
    assert rules(result) == {"FM-1"}
    assert "write 'CTO' to HubSpot contacts.jobtitle" in result.writes[0].reason.detail


def test_fm1_clearing_salesforce_clears_hubspot() -> None:
    """FM-1: clearing Salesforce clears HubSpot."""
    result = resolve(PREFER, "CEO", "CEO", SF, "")
    assert (result.hubspot_value, result.salesforce_value) == (None, None)
    assert writes(result) == [(HS, None)]
    assert "clear HubSpot contacts.jobtitle" in result.writes[0].reason.detail


def test_fm1_hubspot_writes_only_into_a_blank_salesforce_field() -> None:
    """FM-1: HubSpot writes only into a blank Salesforce field."""
    for blank in (None, ""):
        result = resolve(PREFER, None, blank, HS, "CFO")
        assert writes(result) == [(SF, "CFO")]
        assert result.salesforce_value == "CFO"
        assert rules(result) == {"FM-1"}


def test_fm1_hubspot_does_not_overwrite_a_salesforce_value() -> None:
    """FM-1: HubSpot does not overwrite a Salesforce value."""
    result = resolve(PREFER, "CEO", "CEO", HS, "CFO")
    assert writes(result) == []
    assert (result.hubspot_value, result.salesforce_value) == ("CFO", "CEO")
    assert rules(result) == {"FM-1"}
    assert "holds 'CEO'" in result.reasons[0].detail


def test_fm1_hubspot_clearing_does_not_clear_salesforce() -> None:
    """FM-1: HubSpot clearing does not clear Salesforce."""
    result = resolve(PREFER, "CEO", "CEO", HS, None)
    assert writes(result) == []
    assert result.salesforce_value == "CEO"


# FM-2 -----------------------------------------------------------------------


def test_fm2_salesforce_values_and_clearings_reach_hubspot() -> None:
    """FM-2: Salesforce values and clearings reach HubSpot."""
    assert writes(resolve(ALWAYS, "a", "a", SF, "b")) == [(HS, "b")]
    assert writes(resolve(ALWAYS, "a", "a", SF, None)) == [(HS, None)]
    assert rules(resolve(ALWAYS, "a", "a", SF, "b")) == {"FM-2"}


def test_fm2_hubspot_never_writes_to_salesforce_not_even_into_a_blank() -> None:
    """FM-2: HubSpot never writes to Salesforce, not even into a blank."""
    result = resolve(ALWAYS, None, None, HS, "CFO")
    assert writes(result) == []
    assert (result.hubspot_value, result.salesforce_value) == ("CFO", None)
    assert rules(result) == {"FM-2"}


# FM-3 -----------------------------------------------------------------------


def test_fm3_most_recent_change_wins_both_ways() -> None:
    """FM-3: most recent change wins both ways."""
    first = resolve(TWO_WAY, "a", "a", HS, "b", when=1)
    assert writes(first) == [(SF, "b")]
    second = resolve(TWO_WAY, "b", "b", SF, "c", when=2, last=first.last_change)
    assert writes(second) == [(HS, "c")]
    assert second.last_change == FieldChange(side=SF, value="c", at=at(2))
    assert rules(second) == {"FM-3"}


def test_fm3_clearings_pass_both_ways() -> None:
    """FM-3: clearings pass both ways."""
    assert writes(resolve(TWO_WAY, "a", "a", HS, "")) == [(SF, None)]
    assert writes(resolve(TWO_WAY, "a", "a", SF, None)) == [(HS, None)]


def test_fm3_older_change_loses_and_is_overwritten() -> None:
    """FM-3: older change loses and is overwritten."""
    newer = FieldChange(side=SF, value="new", at=at(10))
    result = resolve(TWO_WAY, "new", "new", HS, "old", when=5, last=newer)
    assert writes(result) == [(HS, "new")]
    assert (result.hubspot_value, result.salesforce_value) == ("new", "new")
    assert result.last_change == newer
    assert "older than (or tied with) the Salesforce change" in result.reasons[0].detail


def test_fm3_tie_goes_to_salesforce() -> None:
    """FM-3: tie goes to Salesforce."""
    from_hubspot = FieldChange(side=HS, value="h", at=at(0))
    result = resolve(TWO_WAY, "h", "h", SF, "s", last=from_hubspot)
    assert (result.hubspot_value, result.salesforce_value) == ("s", "s")
    from_salesforce = FieldChange(side=SF, value="s", at=at(0))
    result = resolve(TWO_WAY, "s", "s", HS, "h", last=from_salesforce)
    assert (result.hubspot_value, result.salesforce_value) == ("s", "s")
    assert writes(result) == [(HS, "s")]


def test_fm3_same_value_needs_no_write() -> None:
    """FM-3: same value needs no write."""
    result = resolve(TWO_WAY, "a", "b", SF, "a")
    assert writes(result) == []
    assert rules(result) == {"FM-3"}
    assert "already agree" in result.reasons[0].detail


# FM-4 -----------------------------------------------------------------------


@pytest.mark.parametrize("side", [HS, SF])
@pytest.mark.parametrize("value", ["x", None])
def test_fm4_nothing_passes_clearings_included(side: Side, value: FieldValue) -> None:
    """FM-4: nothing passes, clearings included."""
    result = resolve(DONT, "a", "a", side, value)
    assert writes(result) == []
    assert result.value(side.other) == "a"
    assert result.value(side) == value
    assert rules(result) == {"FM-4"}


# FM-6 -----------------------------------------------------------------------


def test_fm6_owner_mapping_is_two_way_whatever_it_shows() -> None:
    """FM-6: owner mapping is two-way whatever it shows."""
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
    """FM-6: owner mapping takes the newer side and exact values."""
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
    """FM-7: change before the mapping moves nothing."""
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
    """FM-7: change after the mapping follows the rule."""
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
    """FM-7: resync moves values that existed before."""
    result = resolve_field_value(
        title(rule), hubspot_value=hs, salesforce_value=sf, change=Resync(at=at(30))
    )
    assert writes(result) == expected
    assert "FM-7" in rules(result)


def test_fm7_two_way_resync_follows_the_last_change() -> None:
    """FM-7: two-way resync follows the last change."""
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


# Whole results, explanations included (docs/testing.md, "Mutation testing").

TITLE = "contacts.jobtitle (text) <-> Contact.Title (string)"
HS_TITLE, SF_TITLE = "HubSpot contacts.jobtitle", "Salesforce Contact.Title"


def test_fm3_whole_result_of_a_winning_change() -> None:
    """FM-3: whole result of a winning change."""
    change = FieldChange(side=HS, value="b", at=at(5))
    written = Reason(
        rule="FM-3",
        detail=f"{HS_TITLE} changed to 'b' at 2024-03-01T09:05:00+00:00, the most "
        f"recent change: write 'b' to {SF_TITLE}.",
    )
    assert resolve_field_value(
        title(TWO_WAY), hubspot_value="a", salesforce_value="a", change=change
    ) == FieldResolution(
        mapping=title(TWO_WAY),
        hubspot_value="b",
        salesforce_value="b",
        writes=(FieldWrite(side=SF, value="b", reason=written),),
        last_change=change,
        reasons=(written,),
    )


def test_fm3_whole_result_of_a_losing_change() -> None:
    """FM-3: whole result of a losing change."""
    last = FieldChange(side=SF, value="s", at=at(5))
    result = resolve(TWO_WAY, "s", "s", HS, "h", when=1, last=last)
    written = Reason(
        rule="FM-3",
        detail=f"{SF_TITLE} holds the newer value: write 's' to {HS_TITLE}.",
    )
    assert result == FieldResolution(
        mapping=title(TWO_WAY),
        hubspot_value="s",
        salesforce_value="s",
        writes=(FieldWrite(side=HS, value="s", reason=written),),
        last_change=last,
        reasons=(
            Reason(
                rule="FM-3",
                detail=f"{HS_TITLE} changed to 'h' at 2024-03-01T09:01:00+00:00, "
                "older than (or tied with) the Salesforce change at "
                "2024-03-01T09:05:00+00:00, which wins.",
            ),
            written,
        ),
    )


def test_fm1_fm2_whole_reasons_of_each_branch() -> None:
    """FM-1, FM-2: whole reasons of each branch."""
    cleared = resolve(PREFER, "h", "s", SF, "")
    assert cleared.last_change == FieldChange(side=SF, value="", at=at(0))
    assert cleared.reasons == (
        Reason(
            rule="FM-1",
            detail=f"{SF_TITLE} changed to a clearing: clear {HS_TITLE}.",
        ),
    )
    into_blank = resolve(PREFER, None, None, HS, "h")
    assert into_blank.last_change == FieldChange(side=HS, value="h", at=at(0))
    assert into_blank.reasons == (
        Reason(
            rule="FM-1",
            detail=f"{HS_TITLE} changed to 'h' and {SF_TITLE} is blank: write 'h' "
            f"to {SF_TITLE}.",
        ),
    )
    earlier = FieldChange(side=SF, value="s", at=at(-5))
    kept = resolve(PREFER, "h", "s", HS, "x", last=earlier)
    assert kept.last_change is earlier
    assert kept.reasons == (
        Reason(
            rule="FM-1",
            detail=f"{TITLE} is 'Prefer Salesforce unless blank': 'x' on {HS_TITLE} "
            f"does not reach {SF_TITLE}, which holds 's'.",
        ),
    )
    assert resolve(PREFER, "h", None, HS, None).reasons == (
        Reason(
            rule="FM-1",
            detail=f"{TITLE} is 'Prefer Salesforce unless blank': a clearing on "
            f"{HS_TITLE} does not reach {SF_TITLE}, which is blank already.",
        ),
    )
    never = resolve(ALWAYS, "h", None, HS, "x", last=earlier)
    assert never.last_change is earlier
    assert never.reasons == (
        Reason(
            rule="FM-2",
            detail=f"{TITLE} is 'Always use Salesforce': 'x' on {HS_TITLE} never "
            f"reaches {SF_TITLE}.",
        ),
    )


def test_fm4_whole_result_keeps_the_last_change() -> None:
    """FM-4: whole result keeps the last change."""
    earlier = FieldChange(side=SF, value="s", at=at(-5))
    assert resolve(DONT, "h", "s", HS, "x", last=earlier) == FieldResolution(
        mapping=title(DONT),
        hubspot_value="x",
        salesforce_value="s",
        writes=(),
        last_change=earlier,
        reasons=(
            Reason(
                rule="FM-4",
                detail=f"{TITLE} is 'Don't sync': 'x' on {HS_TITLE} stays there.",
            ),
        ),
    )


def test_fm3_agreeing_sides_say_so() -> None:
    """FM-3: agreeing sides say so."""
    result = resolve(PREFER, "s", "s", SF, "s")
    assert result.reasons == (
        Reason(rule="FM-1", detail=f"{TITLE}: both sides already agree."),
    )


def test_fm6_either_owner_name_makes_an_owner_mapping() -> None:
    """FM-6: either owner name makes an owner mapping."""
    assert is_owner_mapping(
        FieldMapping(
            hubspot_object=HubSpotObject.CONTACT,
            hubspot_property="hubspot_owner_id",
            hubspot_type=HubSpotPropertyType.ENUMERATION,
            hubspot_field_type=HubSpotFieldType.SELECT,
            salesforce_object=SalesforceObject.CONTACT,
            salesforce_field="Owner__c",
            salesforce_type=SalesforceFieldType.REFERENCE,
        )
    )
    assert is_owner_mapping(
        FieldMapping(
            hubspot_object=HubSpotObject.CONTACT,
            hubspot_property="account_owner",
            hubspot_type=HubSpotPropertyType.ENUMERATION,
            hubspot_field_type=HubSpotFieldType.SELECT,
            salesforce_object=SalesforceObject.CONTACT,
            salesforce_field="OwnerId",
            salesforce_type=SalesforceFieldType.REFERENCE,
        )
    )


def test_fm7_whole_result_of_a_change_before_the_mapping() -> None:
    """FM-7: whole result of a change before the mapping."""
    earlier = FieldChange(side=SF, value="s", at=at(-5))
    result = resolve_field_value(
        title(TWO_WAY),
        hubspot_value="a",
        salesforce_value="s",
        change=FieldChange(side=HS, value=None, at=at(0)),
        last_change=earlier,
        mapped_at=at(10),
    )
    assert result.last_change is earlier
    assert result.reasons == (
        Reason(
            rule="FM-7",
            detail=f"{HS_TITLE} changed to a clearing at 2024-03-01T09:00:00+00:00, "
            "before the mapping was added at 2024-03-01T09:10:00+00:00; it moves "
            "only on the next resync.",
        ),
    )


def test_fm7_a_change_at_the_moment_of_mapping_already_syncs() -> None:
    """FM-7 holds back values from *before* the mapping; a change made when
    the mapping exists passes."""
    result = resolve_field_value(
        title(TWO_WAY),
        hubspot_value="a",
        salesforce_value="a",
        change=FieldChange(side=HS, value="b", at=at(10)),
        mapped_at=at(10),
    )
    assert writes(result) == [(SF, "b")]


def test_fm7_whole_results_of_a_resync() -> None:
    """FM-7: whole results of a resync."""
    last = FieldChange(side=SF, value="s", at=at(3))
    moved = resolve_field_value(
        title(TWO_WAY),
        hubspot_value="h",
        salesforce_value="s",
        change=Resync(at=at(30)),
        last_change=last,
    )
    resync = Reason(
        rule="FM-7",
        detail=f"A resync of {TITLE} at 2024-03-01T09:30:00+00:00 moves values that "
        "existed before the mapping.",
    )
    written = Reason(
        rule="FM-3", detail=f"{SF_TITLE} holds 's': write 's' to {HS_TITLE}."
    )
    assert moved == FieldResolution(
        mapping=title(TWO_WAY),
        hubspot_value="s",
        salesforce_value="s",
        writes=(FieldWrite(side=HS, value="s", reason=written),),
        last_change=last,
        reasons=(resync, written),
    )
    dont = resolve_field_value(
        title(DONT),
        hubspot_value="h",
        salesforce_value="s",
        change=Resync(at=at(30)),
        last_change=last,
    )
    assert dont.last_change is last
    assert dont.reasons == (
        attrs.evolve(
            resync,
            detail=f"A resync of {title(DONT)} at 2024-03-01T09:30:00+00:00 moves "
            "values that existed before the mapping.",
        ),
        Reason(rule="FM-4", detail=f"{title(DONT)} is 'Don't sync'."),
    )


def test_resolution_mixed_times_are_refused_naming_the_other_time() -> None:
    naive = dt.datetime(2024, 1, 1)
    for keyword, name in (
        ("mapped_at", "mapped_at"),
        ("last_change", "last_change.at"),
    ):
        other: object = (
            T0 if keyword == "mapped_at" else FieldChange(side=SF, value="s", at=T0)
        )
        with pytest.raises(InvalidRecordError) as exc:
            resolve_field_value(
                title(TWO_WAY),
                hubspot_value=None,
                salesforce_value=None,
                change=FieldChange(side=HS, value="x", at=naive),
                **{keyword: other},  # type: ignore[arg-type]
            )
        assert str(exc.value) == (
            f"a record, field 'at': must be timezone-aware exactly when {name} is, "
            "got datetime.datetime(2024, 1, 1, 0, 0)"
        )
        assert (exc.value.field, exc.value.value) == ("at", naive)


def test_fm1_fm3_whole_reasons_name_the_right_sides() -> None:
    """FM-1, FM-3: whole reasons name the right sides."""
    hubspot_holds = resolve_field_value(
        title(PREFER),
        hubspot_value="h",
        salesforce_value=None,
        change=Resync(at=at(30)),
    )
    assert hubspot_holds.reasons[1] == Reason(
        rule="FM-1", detail=f"{HS_TITLE} holds 'h': write 'h' to {SF_TITLE}."
    )
    last = FieldChange(side=HS, value="h", at=at(5))
    losing = resolve(TWO_WAY, "h", "h", SF, "s", when=1, last=last)
    assert losing.reasons == (
        Reason(
            rule="FM-3",
            detail=f"{SF_TITLE} changed to 's' at 2024-03-01T09:01:00+00:00, older "
            "than (or tied with) the HubSpot change at 2024-03-01T09:05:00+00:00, "
            "which wins.",
        ),
        Reason(
            rule="FM-3",
            detail=f"{HS_TITLE} holds the newer value: write 'h' to {SF_TITLE}.",
        ),
    )
