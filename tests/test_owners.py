"""OWN-1, OWN-2, OWN-3, OWN-4, OWN-5 and FM-6: map_owner, salesforce_owner_status."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules import (
    HubSpotOwner,
    HubSpotRecords,
    IntegrationSettings,
    Reason,
    SalesforceQueue,
    SalesforceRecords,
    SalesforceUser,
    Snapshot,
    SyncRule,
    UserType,
    map_owner,
    owner_matches,
    plan,
)
from crmsync_rules.lint import Severity
from crmsync_rules.model import email_key
from crmsync_rules.owners import (
    OwnerAction,
    OwnerDecision,
    OwnerMatch,
    OwnerStatus,
    OwnerSyncDirection,
    StaticOwnerDirectory,
    salesforce_owner_status,
)
from crmsync_rules.typing import OwnerDirectory

TO_SF = OwnerSyncDirection.TO_SALESFORCE
TO_HS = OwnerSyncDirection.TO_HUBSPOT

an_hs = HubSpotOwner(id="77", email="an@example.com", first_name="An", last_name="Smit")
an_sf = SalesforceUser(
    id="005A", email=" AN@Example.com", first_name=" an", last_name="SMIT "
)


def rules(decision: OwnerDecision) -> list[str]:
    return [r.rule for r in decision.reasons]


@pytest.mark.parametrize(
    ("user_type", "counts"),
    [
        (UserType.STANDARD, True),
        (UserType.POWER_PARTNER, True),
        (UserType.GUEST, True),
        (UserType.CSP_LITE_PORTAL, False),
        (UserType.POWER_CUSTOMER_SUCCESS, False),
    ],
)
def test_own1_user_types_that_count_as_owners(
    user_type: UserType, counts: bool
) -> None:
    """OWN-1: user types that count as owners."""
    user = SalesforceUser(id="005X", user_type=user_type)
    status = salesforce_owner_status(user, imported=True, owns_synced_record=False)
    assert status.counts is counts
    assert [r.rule for r in status.reasons] == ["OWN-1"]
    assert user_type.value in status.reasons[0].detail


def test_own1_queues_count_once_they_own_a_synced_record() -> None:
    """OWN-1: queues count once they own a synced record."""
    queue = SalesforceQueue(id="00GQ", name="Inbound")
    owning = salesforce_owner_status(queue, imported=False, owns_synced_record=True)
    idle = salesforce_owner_status(queue, imported=False, owns_synced_record=False)
    assert owning.counts
    assert not idle.counts
    assert [r.rule for r in idle.reasons] == ["OWN-1"]


def test_own1_portal_user_owner_does_not_sync_to_hubspot() -> None:
    """OWN-1: portal user owner does not sync to HubSpot."""
    portal = SalesforceUser(
        id="005P", email="p@example.com", user_type=UserType.CSN_ONLY
    )
    decision = map_owner("005P", direction=TO_HS, owners=[portal])
    assert decision.action is OwnerAction.UNCHANGED
    assert rules(decision) == ["OWN-1"]


def test_own1_unknown_salesforce_owner_changes_nothing() -> None:
    """OWN-1: unknown Salesforce owner changes nothing."""
    decision = map_owner("005?", direction=TO_HS, owners=[])
    assert decision.action is OwnerAction.UNCHANGED
    assert rules(decision) == ["OWN-1"]


def test_own2_owner_id_syncs_with_the_hubspot_owner_property() -> None:
    """OWN-2: owner id syncs with the HubSpot owner property."""
    decision = map_owner("005A", direction=TO_HS, owners=[an_hs, an_sf])
    assert (decision.action, decision.owner_id) == (OwnerAction.SET, "77")
    assert rules(decision) == ["OWN-1", "OWN-2", "OWN-3"]


def test_own2_record_without_owner_leaves_hubspot_alone() -> None:
    """OWN-2: record without owner leaves HubSpot alone."""
    decision = map_owner(None, direction=TO_HS, owners=[an_hs])
    assert decision.action is OwnerAction.UNCHANGED
    assert rules(decision) == ["OWN-2"]


def test_own3_inactive_or_misnamed_salesforce_owner_still_syncs_to_hubspot() -> None:
    """OWN-3: inactive or misnamed Salesforce owner still syncs to HubSpot."""
    old = SalesforceUser(
        id="005O", email="an@example.com", first_name="Anna", is_active=False
    )
    decision = map_owner("005O", direction=TO_HS, owners=[old, an_hs])
    assert (decision.action, decision.owner_id) == (OwnerAction.SET, "77")
    assert "OWN-3" in rules(decision)


def test_own3_owner_unknown_to_hubspot_is_imported() -> None:
    """OWN-3: owner unknown to HubSpot is imported."""
    queue = SalesforceQueue(id="00GQ", name="Inbound", email="in@example.com")
    decision = map_owner("00GQ", direction=TO_HS, owners=[queue, an_hs])
    assert decision.action is OwnerAction.IMPORT
    assert (decision.owner_id, decision.import_from) == (None, "00GQ")
    assert rules(decision) == ["OWN-1", "OWN-3"]


def test_own3_an_owner_without_an_email_is_imported_said_in_words() -> None:
    """OWN-3 (issue 13): no "has the email None" in sentences."""
    queue = SalesforceQueue(id="00GQ", name="Inbound")
    decision = map_owner("00GQ", direction=TO_HS, owners=[queue, an_hs])
    assert (decision.action, decision.import_from) == (OwnerAction.IMPORT, "00GQ")
    assert decision.reasons[-1].detail == (
        "Salesforce queue '00GQ' ('Inbound') has no email address, so no HubSpot "
        "owner matches it; any Salesforce owner can sync, so it is imported as a "
        "HubSpot owner."
    )


def test_own4_name_and_email_match_an_active_user() -> None:
    """OWN-4: name and email match an active user."""
    decision = map_owner("77", direction=TO_SF, owners=[an_hs, an_sf])
    assert (decision.action, decision.owner_id) == (OwnerAction.SET, "005A")
    assert rules(decision) == ["OWN-4", "OWN-2"]


def test_own4_name_mismatch_reverts_and_says_the_name_differs() -> None:
    """OWN-4: name mismatch reverts and says the name differs."""
    anna = SalesforceUser(
        id="005B", email="an@example.com", first_name="Anna", last_name="Smit"
    )
    decision = map_owner(
        "77", direction=TO_SF, owners=[an_hs, anna], last_salesforce_owner_id="005Z"
    )
    assert (decision.action, decision.owner_id) == (OwnerAction.REVERT, "005Z")
    assert rules(decision) == ["OWN-4", "OWN-5"]
    assert "name does not" in decision.reasons[0].detail
    assert "'Anna Smit'" in decision.reasons[0].detail


def test_own4_email_mismatch_reverts_and_says_no_email_matched() -> None:
    """OWN-4: email mismatch reverts and says no email matched."""
    other = SalesforceUser(
        id="005C", email="an@other.com", first_name="An", last_name="Smit"
    )
    decision = map_owner(
        "77", direction=TO_SF, owners=[an_hs, other], last_salesforce_owner_id="005Z"
    )
    assert decision.action is OwnerAction.REVERT
    assert "No Salesforce user has the email" in decision.reasons[0].detail


def test_own4_inactive_user_reverts_and_says_inactive() -> None:
    """OWN-4: inactive user reverts and says inactive."""
    gone = SalesforceUser(
        id="005D",
        email="an@example.com",
        first_name="An",
        last_name="Smit",
        is_active=False,
    )
    decision = map_owner(
        "77", direction=TO_SF, owners=[an_hs, gone], last_salesforce_owner_id="005Z"
    )
    assert (decision.action, decision.owner_id) == (OwnerAction.REVERT, "005Z")
    assert rules(decision) == ["OWN-4", "OWN-5"]
    assert "inactive" in decision.reasons[0].detail


def test_own4_user_type_that_cannot_own_reverts_citing_own1() -> None:
    """OWN-4: user type that cannot own reverts citing OWN-1."""
    portal = SalesforceUser(
        id="005E",
        email="an@example.com",
        first_name="An",
        last_name="Smit",
        user_type=UserType.CSP_LITE_PORTAL,
    )
    decision = map_owner(
        "77", direction=TO_SF, owners=[an_hs, portal], last_salesforce_owner_id="005Z"
    )
    assert decision.action is OwnerAction.REVERT
    assert rules(decision) == ["OWN-1", "OWN-5"]


def test_own4_queues_never_receive_a_hubspot_owner() -> None:
    """OWN-4: queues never receive a HubSpot owner."""
    queue = SalesforceQueue(id="00GQ", name="An Smit", email="an@example.com")
    decision = map_owner(
        "77", direction=TO_SF, owners=[an_hs, queue], last_salesforce_owner_id="005Z"
    )
    assert decision.action is OwnerAction.REVERT
    assert rules(decision) == ["OWN-4", "OWN-5"]


def test_own5_unknown_hubspot_owner_reverts_to_last_salesforce_value() -> None:
    """OWN-5: unknown HubSpot owner reverts to last Salesforce value."""
    decision = map_owner(
        "99", direction=TO_SF, owners=[an_sf], last_salesforce_owner_id="005A"
    )
    assert (decision.action, decision.owner_id) == (OwnerAction.REVERT, "005A")
    assert rules(decision) == ["OWN-4", "OWN-5"]
    assert "'005A'" in decision.reasons[1].detail


def test_own5_without_a_last_value_nothing_passes_and_nobody_is_reverted_to() -> None:
    """OWN-5 (issue 13): "owner: revert nobody" -- a revert with no value to
    revert to is no revert: nothing passes."""
    for owner_id in (None, "77", "99"):
        decision = map_owner(owner_id, direction=TO_SF, owners=[an_hs])
        assert (decision.action, decision.owner_id) == (OwnerAction.UNCHANGED, None)
        assert decision.reasons[-1].detail == (
            "There is no earlier Salesforce Owner ID to go back to, so HubSpot "
            "writes no owner to Salesforce."
        )


def test_fm6_owner_mapping_stays_exact_whatever_rule_it_shows() -> None:
    """FM-6: owner mapping stays exact whatever rule it shows."""
    decision = map_owner(
        "77",
        direction=TO_SF,
        owners=[an_hs, an_sf],
        mapping_rule=SyncRule.ALWAYS_USE_SALESFORCE,
    )
    assert (decision.action, decision.owner_id) == (OwnerAction.SET, "005A")
    assert rules(decision) == ["FM-6", "OWN-4", "OWN-2"]
    two_way = map_owner(
        "77", direction=TO_SF, owners=[an_hs, an_sf], mapping_rule=SyncRule.TWO_WAY
    )
    assert "FM-6" not in rules(two_way)


def test_own4_a_directory_protocol_implementation_is_used_as_is() -> None:
    """OWN-4: a directory protocol implementation is used as is."""
    directory = StaticOwnerDirectory.of([an_hs, an_sf])
    assert isinstance(directory, OwnerDirectory)
    decision = map_owner("77", direction=TO_SF, owners=directory)
    assert decision.owner_id == "005A"


def test_own4_hubspot_owner_without_a_name_matches_no_one() -> None:
    """OWN-4: HubSpot owner without a name matches no one."""
    # Regression (found by tests/exhaustive): a nameless HubSpot owner used
    # to "match" a nameless Salesforce user with its address.
    owners: list[HubSpotOwner | SalesforceUser] = [
        HubSpotOwner(id="77", email="an@example.com"),
        SalesforceUser(id="005A", email="an@example.com"),
    ]
    decision = map_owner(
        "77",
        direction=OwnerSyncDirection.TO_SALESFORCE,
        owners=owners,
        last_salesforce_owner_id="005B",
    )
    assert (decision.action, decision.owner_id) == (OwnerAction.REVERT, "005B")
    assert [r.rule for r in decision.reasons] == ["OWN-4", "OWN-5"]
    assert decision.reasons[0].detail.endswith("has no name to match.")


# Whole results, explanations included (docs/testing.md, "Mutation testing").

AN_HS = "HubSpot owner '77' ('An Smit', 'an@example.com')"


def test_own1_whole_statuses_of_each_branch() -> None:
    """OWN-1: whole statuses of each branch."""
    user = SalesforceUser(id="005A", first_name="An", last_name="Smit")
    who = "user '005A' ('An Smit', Standard)"

    def status(detail: str, counts: bool) -> OwnerStatus:
        return OwnerStatus(
            owner_id="005A",
            counts=counts,
            reasons=(Reason(rule="OWN-1", detail=detail),),
        )

    assert salesforce_owner_status(
        user, imported=True, owns_synced_record=True
    ) == status(f"Salesforce {who} was imported, so it counts as an owner.", True)
    assert salesforce_owner_status(
        user, imported=False, owns_synced_record=True
    ) == status(
        f"Salesforce {who} owns a synced record, so it counts as an owner.", True
    )
    assert salesforce_owner_status(
        user, imported=False, owns_synced_record=False
    ) == status(
        f"Salesforce {who} was not imported and owns no synced record, so it does "
        "not count as an owner yet.",
        False,
    )
    portal = SalesforceUser(
        id="005A", first_name="P", user_type=UserType.CSP_LITE_PORTAL
    )
    assert salesforce_owner_status(
        portal, imported=True, owns_synced_record=True
    ) == status(
        "Salesforce user '005A' ('P', CspLitePortal) is of type 'CspLitePortal', not "
        "Standard, PowerPartner or Guest, so it never counts as an owner.",
        False,
    )


def test_own2_own3_whole_decisions_towards_hubspot() -> None:
    """OWN-2, OWN-3: whole decisions towards HubSpot."""
    fm6 = Reason(
        rule="FM-6",
        detail="The owner mapping shows rule 'dont_sync' but behaves as two-way "
        "with exact matching.",
    )
    set_ = map_owner(
        "005A", direction=TO_HS, owners=[an_hs, an_sf], mapping_rule=SyncRule.DONT_SYNC
    )
    who = "user '005A' (' an SMIT ', Standard)"
    assert set_ == OwnerDecision(
        direction=TO_HS,
        action=OwnerAction.SET,
        owner_id="77",
        reasons=(
            fm6,
            Reason(
                rule="OWN-1",
                detail=f"Salesforce {who} owns a synced record, so it counts as an "
                "owner.",
            ),
            Reason(
                rule="OWN-2",
                detail="Owner ID '005A' syncs with the HubSpot owner property.",
            ),
            Reason(
                rule="OWN-3",
                detail=f"Salesforce {who} matches HubSpot owner '77' by email ' "
                "AN@Example.com'; towards HubSpot any owner passes.",
            ),
        ),
    )
    imported = map_owner("005A", direction=TO_HS, owners=[an_sf])
    assert imported == OwnerDecision(
        direction=TO_HS,
        action=OwnerAction.IMPORT,
        owner_id=None,
        import_from="005A",
        reasons=(
            set_.reasons[1],
            Reason(
                rule="OWN-3",
                detail=f"No HubSpot owner has the email ' AN@Example.com' of "
                f"Salesforce {who}; any Salesforce owner can sync, so it is "
                "imported as a HubSpot owner.",
            ),
        ),
    )
    assert map_owner(None, direction=TO_HS, owners=[]) == OwnerDecision(
        direction=TO_HS,
        action=OwnerAction.UNCHANGED,
        owner_id=None,
        reasons=(
            Reason(
                rule="OWN-2",
                detail="The Salesforce record has no Owner ID, so the HubSpot owner "
                "property is left as it is.",
            ),
        ),
    )
    assert map_owner("005Z", direction=TO_HS, owners=[]).reasons == (
        Reason(
            rule="OWN-1",
            detail="Salesforce Owner ID '005Z' is neither a known user nor a queue, "
            "so it cannot count as an owner.",
        ),
    )


def test_own4_own5_whole_decisions_towards_salesforce() -> None:
    """OWN-4, OWN-5: whole decisions towards Salesforce."""
    assert map_owner(
        "77", direction=TO_SF, owners=[an_hs, an_sf], last_salesforce_owner_id="005B"
    ) == OwnerDecision(
        direction=TO_SF,
        action=OwnerAction.SET,
        owner_id="005A",
        reasons=(
            Reason(
                rule="OWN-4",
                detail=f"{AN_HS} matches active Salesforce user '005A' by name and "
                "email.",
            ),
            Reason(rule="OWN-2", detail="The HubSpot owner syncs to Owner ID '005A'."),
        ),
    )
    assert map_owner(None, direction=TO_SF, owners=[]) == OwnerDecision(
        direction=TO_SF,
        action=OwnerAction.UNCHANGED,
        owner_id=None,
        reasons=(
            Reason(
                rule="OWN-4",
                detail="The HubSpot owner was cleared, and no Salesforce user "
                "matches an empty owner.",
            ),
            Reason(
                rule="OWN-5",
                detail="There is no earlier Salesforce Owner ID to go back to, so "
                "HubSpot writes no owner to Salesforce.",
            ),
        ),
    )


def test_own1_own4_whole_reasons_of_each_failed_match() -> None:
    """OWN-1, OWN-4: whole reasons of each failed match."""

    def first(*owners: SalesforceUser) -> Reason:
        decision = map_owner(
            "77",
            direction=TO_SF,
            owners=[an_hs, *owners],
            last_salesforce_owner_id="005B",
        )
        assert decision.owner_id == "005B"
        assert decision.reasons[-1] == Reason(
            rule="OWN-5", detail="Owner ID reverts to its last Salesforce value '005B'."
        )
        return decision.reasons[0]

    bob = SalesforceUser(id="005C", email="an@example.com", first_name="Bob")
    cy = SalesforceUser(id="005D", email="an@example.com", first_name="Cy")
    assert first(bob, cy) == Reason(
        rule="OWN-4",
        detail=f"The email of {AN_HS} matches Salesforce users, but the name does "
        "not: '005C' is named 'Bob', '005D' is named 'Cy'.",
    )
    portal = [
        SalesforceUser(
            id=f"005{n}",
            email="an@example.com",
            first_name="An",
            last_name="Smit",
            user_type=UserType.CSP_LITE_PORTAL,
        )
        for n in "EF"
    ]
    assert first(*portal) == Reason(
        rule="OWN-1",
        detail=f"Name and email of {AN_HS} match, but no matching user can own "
        "records: '005E' is 'CspLitePortal', '005F' is 'CspLitePortal'.",
    )
    inactive = [
        SalesforceUser(
            id=f"005{n}",
            email="an@example.com",
            first_name="An",
            last_name="Smit",
            is_active=False,
        )
        for n in "GH"
    ]
    assert first(*inactive) == Reason(
        rule="OWN-4",
        detail=f"Name and email of {AN_HS} match Salesforce user '005G', '005H', but "
        "the user is inactive.",
    )


def test_own4_the_directory_answers_with_empty_sequences() -> None:
    """OWN-4: the directory answers with empty sequences."""
    directory = StaticOwnerDirectory.of([an_hs])
    unknown = email_key("nobody@example.com")
    assert directory.salesforce_users_with_email(unknown) == ()
    assert directory.hubspot_owners_with_email(unknown) == ()
    assert directory.hubspot_owners_with_email(email_key("AN@example.com")) == (an_hs,)


# --- names as OWN-4 compares them (issue 13) ---------------------------------


def _to_salesforce(*owners: HubSpotOwner | SalesforceUser) -> OwnerDecision:
    return map_owner(
        "77", direction=TO_SF, owners=list(owners), last_salesforce_owner_id="005Z"
    )


def test_own4_inner_whitespace_in_names_matches() -> None:
    """OWN-4: inner whitespace in names matches."""
    # docs/decisions.md: names compare "after trimming and case-folding";
    # "Jane " + " Roe" joins into "Jane   Roe", which is Jane Roe.
    jane = HubSpotOwner(
        id="77", email="jane@example.com", first_name="Jane ", last_name=" Roe"
    )
    user = SalesforceUser(
        id="005A", email="jane@example.com", first_name="Jane", last_name="Roe"
    )
    decision = _to_salesforce(jane, user)
    assert (decision.action, decision.owner_id) == (OwnerAction.SET, "005A")
    assert rules(decision) == ["OWN-4", "OWN-2"]


def test_own4_salesforce_user_full_name_matches() -> None:
    """OWN-4: Salesforce user full name matches."""
    # A `SELECT Id, Name, Email, IsActive, UserType FROM User` export has
    # only the full name.
    jane = HubSpotOwner(
        id="77", email="jane@example.com", first_name="Jane", last_name="Roe"
    )
    user = SalesforceUser(id="005A", email="JANE@example.com", full_name="jane  roe")
    decision = _to_salesforce(jane, user)
    assert (decision.action, decision.owner_id) == (OwnerAction.SET, "005A")
    assert "matches active Salesforce user '005A' by name and email" in (
        decision.reasons[0].detail
    )


def test_own4_full_name_is_the_users_name_when_it_has_one() -> None:
    """OWN-4: full name is the user's name when it has one."""
    assert SalesforceUser(id="005A", full_name="Jane Roe", first_name="J").name == (
        "Jane Roe"
    )
    assert SalesforceUser(id="005A", full_name=" ", first_name="Jane").name == "Jane"
    assert SalesforceUser(id="005A").name == ""
    # The full name decides: first and last name that differ from it do not
    # make a second name to match.
    jane = HubSpotOwner(
        id="77", email="jane@example.com", first_name="Jane", last_name="Roe"
    )
    renamed = SalesforceUser(
        id="005A",
        email="jane@example.com",
        full_name="Jane Doe",
        first_name="Jane",
        last_name="Roe",
    )
    assert _to_salesforce(jane, renamed).action is OwnerAction.REVERT


_WORDS = st.lists(
    st.text(alphabet="abcdefgHIJKLé", min_size=1, max_size=6), min_size=1, max_size=4
)
_GAPS = st.text(alphabet=" \t\u00a0", min_size=1, max_size=3)


@given(
    words=_WORDS, gaps=st.lists(_GAPS, min_size=5, max_size=5), split=st.integers(0, 4)
)
def test_own4_names_match_whatever_their_case_and_whitespace(
    words: list[str], gaps: list[str], split: int
) -> None:
    """OWN-4 matches on the name: the same words in any case, with any
    whitespace around and between them (in the HubSpot owner's two parts
    or the user's full name), match."""
    split = min(split, len(words))
    first = gaps[0].join(words[:split]) + gaps[1]
    last = gaps[2] + gaps[3].join(words[split:])
    owner = HubSpotOwner(
        id="77", email="a@example.com", first_name=first, last_name=last
    )
    full = gaps[4] + gaps[3].join(w.swapcase() for w in words) + gaps[0]
    user = SalesforceUser(id="005A", email="A@example.com", full_name=full)
    assert _to_salesforce(owner, user).owner_id == "005A"
    other = SalesforceUser(id="005A", email="a@example.com", full_name=full + "x")
    assert _to_salesforce(owner, other).action is OwnerAction.REVERT


def test_own4_users_without_any_name_are_one_warning_in_the_plan() -> None:
    """OWN-4: users without any name are one warning in the plan."""
    settings = IntegrationSettings(integrated_on=dt.date(2021, 2, 1))
    users = tuple(
        SalesforceUser(id=f"005A{n}", email=f"u{n}@example.com") for n in range(3)
    )
    owners = (
        HubSpotOwner(id="77", email="u1@example.com", first_name="U", last_name="One"),
    )
    nameless = plan(
        Snapshot(
            settings=settings,
            hubspot=HubSpotRecords(owners=owners),
            salesforce=SalesforceRecords(users=users),
        )
    )
    (finding,) = [f for f in nameless.findings if f.rule == "OWN-4"]
    assert finding.severity is Severity.WARNING
    assert finding.detail == (
        "No Salesforce user in the input has a name (3 users): neither Name nor "
        "FirstName and LastName. No HubSpot owner can match a user by name and "
        "email, so every owner HubSpot sends to Salesforce reverts."
    )
    assert "SELECT Id, Name, Email, IsActive, UserType FROM User" in finding.fix
    one = plan(
        Snapshot(settings=settings, salesforce=SalesforceRecords(users=users[:1]))
    )
    assert [f.detail.split(":")[0] for f in one.findings] == [
        "The one Salesforce user in the input has no name"
    ]
    named = attrs.evolve(users[2], full_name="Jane Roe")
    for snapshot_users in ((), (*users[:2], named)):
        clean = plan(
            Snapshot(
                settings=settings, salesforce=SalesforceRecords(users=snapshot_users)
            )
        )
        assert not [f for f in clean.findings if f.rule == "OWN-4"]


OWN4_USERS = [
    SalesforceUser(id="005A", email="AN@vries.nl", first_name="An", last_name="Smit"),
    SalesforceUser(
        id="005B",
        email="bo@vries.nl",
        first_name="Bo",
        last_name="Smit",
        is_active=False,
    ),
]


def test_own4_owner_matches_takes_a_full_name() -> None:
    """OWN-4: a full name and an email match an active user exactly, names
    compared case-folded whatever the spaces; no invented HubSpot owner."""
    assert owner_matches("an  SMIT", "an@vries.nl", users=OWN4_USERS) == OwnerMatch(
        name="an  SMIT",
        email="an@vries.nl",
        user_id="005A",
        reasons=(
            Reason(
                rule="OWN-4",
                detail="'an  SMIT' with email 'an@vries.nl' matches active "
                "Salesforce user '005A' by name and email.",
            ),
        ),
    )
    assert owner_matches("an  SMIT", "an@vries.nl", users=OWN4_USERS).matches


@pytest.mark.parametrize(
    ("name", "email", "detail"),
    [
        (
            "Bo Smit",
            "bo@vries.nl",
            "Name and email of 'Bo Smit' with email 'bo@vries.nl' match "
            "Salesforce user '005B', but the user is inactive.",
        ),
        (
            "An Smit",
            None,
            "'An Smit' with no email has no valid email address to match.",
        ),
        (" ", "an@vries.nl", "' ' with email 'an@vries.nl' has no name to match."),
        (
            "Ann Smit",
            "an@vries.nl",
            "The email of 'Ann Smit' with email 'an@vries.nl' matches Salesforce "
            "users, but the name does not: '005A' is named 'An Smit'.",
        ),
    ],
)
def test_own4_owner_matches_says_why_nothing_matches(
    name: str, email: str | None, detail: str
) -> None:
    """OWN-4: an inactive user, a missing address, a blank name or another
    name match no user, and the reason says which."""
    answer = owner_matches(name, email, users=OWN4_USERS)
    assert (answer.matches, answer.user_id) == (False, None)
    assert answer.reasons == (Reason(rule="OWN-4", detail=detail),)
