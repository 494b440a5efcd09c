"""OWN-1..5 and FM-6: map_owner, salesforce_owner_status."""

from __future__ import annotations

import pytest

from crmsync_rules import (
    HubSpotOwner,
    OwnerAction,
    OwnerDecision,
    OwnerDirectory,
    OwnerSyncDirection,
    SalesforceQueue,
    SalesforceUser,
    StaticOwnerDirectory,
    SyncRule,
    UserType,
    map_owner,
    salesforce_owner_status,
)

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
    user = SalesforceUser(id="005X", user_type=user_type)
    status = salesforce_owner_status(user, imported=True, owns_synced_record=False)
    assert status.counts is counts
    assert [r.rule for r in status.reasons] == ["OWN-1"]
    assert user_type.value in status.reasons[0].detail


def test_own1_queues_count_once_they_own_a_synced_record() -> None:
    queue = SalesforceQueue(id="00GQ", name="Inbound")
    owning = salesforce_owner_status(queue, imported=False, owns_synced_record=True)
    idle = salesforce_owner_status(queue, imported=False, owns_synced_record=False)
    assert owning.counts
    assert not idle.counts
    assert [r.rule for r in idle.reasons] == ["OWN-1"]


def test_own1_portal_user_owner_does_not_sync_to_hubspot() -> None:
    portal = SalesforceUser(
        id="005P", email="p@example.com", user_type=UserType.CSN_ONLY
    )
    decision = map_owner("005P", direction=TO_HS, owners=[portal])
    assert decision.action is OwnerAction.UNCHANGED
    assert rules(decision) == ["OWN-1"]


def test_own1_unknown_salesforce_owner_changes_nothing() -> None:
    decision = map_owner("005?", direction=TO_HS, owners=[])
    assert decision.action is OwnerAction.UNCHANGED
    assert rules(decision) == ["OWN-1"]


def test_own2_owner_id_syncs_with_the_hubspot_owner_property() -> None:
    decision = map_owner("005A", direction=TO_HS, owners=[an_hs, an_sf])
    assert (decision.action, decision.owner_id) == (OwnerAction.SET, "77")
    assert rules(decision) == ["OWN-1", "OWN-2", "OWN-3"]


def test_own2_record_without_owner_leaves_hubspot_alone() -> None:
    decision = map_owner(None, direction=TO_HS, owners=[an_hs])
    assert decision.action is OwnerAction.UNCHANGED
    assert rules(decision) == ["OWN-2"]


def test_own3_inactive_or_misnamed_salesforce_owner_still_syncs_to_hubspot() -> None:
    old = SalesforceUser(
        id="005O", email="an@example.com", first_name="Anna", is_active=False
    )
    decision = map_owner("005O", direction=TO_HS, owners=[old, an_hs])
    assert (decision.action, decision.owner_id) == (OwnerAction.SET, "77")
    assert "OWN-3" in rules(decision)


def test_own3_owner_unknown_to_hubspot_is_imported() -> None:
    queue = SalesforceQueue(id="00GQ", name="Inbound", email="in@example.com")
    decision = map_owner("00GQ", direction=TO_HS, owners=[queue, an_hs])
    assert decision.action is OwnerAction.IMPORT
    assert (decision.owner_id, decision.import_from) == (None, "00GQ")
    assert rules(decision) == ["OWN-1", "OWN-3"]


def test_own4_name_and_email_match_an_active_user() -> None:
    decision = map_owner("77", direction=TO_SF, owners=[an_hs, an_sf])
    assert (decision.action, decision.owner_id) == (OwnerAction.SET, "005A")
    assert rules(decision) == ["OWN-4", "OWN-2"]


def test_own4_name_mismatch_reverts_and_says_the_name_differs() -> None:
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
    other = SalesforceUser(
        id="005C", email="an@other.com", first_name="An", last_name="Smit"
    )
    decision = map_owner(
        "77", direction=TO_SF, owners=[an_hs, other], last_salesforce_owner_id="005Z"
    )
    assert decision.action is OwnerAction.REVERT
    assert "No Salesforce user has the email" in decision.reasons[0].detail


def test_own4_inactive_user_reverts_and_says_inactive() -> None:
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
    portal = SalesforceUser(
        id="005E",
        email="an@example.com",
        first_name="An",
        last_name="Smit",
        user_type=UserType.CSP_LITE_PORTAL,
    )
    decision = map_owner("77", direction=TO_SF, owners=[an_hs, portal])
    assert decision.action is OwnerAction.REVERT
    assert rules(decision) == ["OWN-1", "OWN-5"]


def test_own4_queues_never_receive_a_hubspot_owner() -> None:
    queue = SalesforceQueue(id="00GQ", name="An Smit", email="an@example.com")
    decision = map_owner("77", direction=TO_SF, owners=[an_hs, queue])
    assert decision.action is OwnerAction.REVERT
    assert rules(decision) == ["OWN-4", "OWN-5"]


def test_own5_unknown_hubspot_owner_reverts_to_last_salesforce_value() -> None:
    decision = map_owner(
        "99", direction=TO_SF, owners=[an_sf], last_salesforce_owner_id="005A"
    )
    assert (decision.action, decision.owner_id) == (OwnerAction.REVERT, "005A")
    assert rules(decision) == ["OWN-4", "OWN-5"]
    assert "'005A'" in decision.reasons[1].detail


def test_own5_without_a_last_value_the_revert_says_so() -> None:
    decision = map_owner(None, direction=TO_SF, owners=[])
    assert (decision.action, decision.owner_id) == (OwnerAction.REVERT, None)
    assert "No earlier Salesforce value" in decision.reasons[-1].detail


def test_fm6_owner_mapping_stays_exact_whatever_rule_it_shows() -> None:
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
    directory = StaticOwnerDirectory.of([an_hs, an_sf])
    assert isinstance(directory, OwnerDirectory)
    decision = map_owner("77", direction=TO_SF, owners=directory)
    assert decision.owner_id == "005A"


def test_own4_hubspot_owner_without_a_name_matches_no_one() -> None:
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
