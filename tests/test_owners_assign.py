"""OWN-6 and OWN-7: the owner of a record HubSpot creates in Salesforce
(`creation_owner`), and of a pair's first sync and afterwards
(`first_sync_owner`, `later_owner_sync`), alone and in the plan."""

from __future__ import annotations

import datetime as dt

import pytest

from crmsync_rules import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotOwner,
    HubSpotRecords,
    IntegrationSettings,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceQueue,
    SalesforceRecords,
    SalesforceUser,
    Snapshot,
    SyncRule,
    UserType,
    map_owner,
    plan,
)
from crmsync_rules.errors import InvalidRecordError, InvalidSettingsError
from crmsync_rules.owners import (
    OwnerAction,
    OwnerDecision,
    OwnerSyncDirection,
    creation_owner,
    first_sync_owner,
    later_owner_sync,
)
from crmsync_rules.planner import PlanAction, PlanEntry, SyncPlan

LEAD = SalesforceObject.LEAD
CONTACT = SalesforceObject.CONTACT
ACCOUNT = SalesforceObject.ACCOUNT
OPPORTUNITY = SalesforceObject.OPPORTUNITY

an_hs = HubSpotOwner(id="77", email="an@example.com", first_name="An", last_name="Smit")
bo_hs = HubSpotOwner(id="78", email="bo@example.com", first_name="Bo", last_name="Berg")
an_sf = SalesforceUser(
    id="005A", email="AN@example.com", first_name="An", last_name="Smit"
)
bo_sf = SalesforceUser(
    id="005B",
    email="bo@example.com",
    first_name="Bo",
    last_name="Berg",
    is_active=False,
)
portal = SalesforceUser(
    id="005P",
    email="pa@example.com",
    first_name="Pa",
    last_name="Al",
    user_type=UserType.CSP_LITE_PORTAL,
)
queue = SalesforceQueue(id="00GQ", name="Inbound", email="in@example.com")
OWNERS: list[SalesforceUser | SalesforceQueue | HubSpotOwner] = [
    an_hs,
    bo_hs,
    an_sf,
    bo_sf,
    portal,
    queue,
]
T0 = dt.datetime(2024, 5, 1, 9, tzinfo=dt.timezone.utc)
T1 = T0 + dt.timedelta(hours=1)


def rules(decision: OwnerDecision) -> list[str]:
    return [r.rule for r in decision.reasons]


def details(decision: OwnerDecision, rule: str) -> list[str]:
    return [r.detail for r in decision.reasons if r.rule == rule]


# OWN-6 ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", [LEAD, CONTACT, ACCOUNT, OPPORTUNITY])
def test_own6_a_matching_owner_is_taken_by_every_new_record(
    kind: SalesforceObject,
) -> None:
    """OWN-6: an owner matching an active user by name and email (OWN-4)
    owns the new record, whatever its object."""
    decision = creation_owner("77", salesforce_object=kind, owners=OWNERS)
    assert (decision.action, decision.owner_id) == (OwnerAction.SET, "005A")
    assert decision.direction is OwnerSyncDirection.TO_SALESFORCE
    assert rules(decision) == ["OWN-4", "OWN-6"]
    assert details(decision, "OWN-6") == [
        "HubSpot owner '77' matches active Salesforce user '005A' before the "
        f"first sync, so the new Salesforce {kind.value.lower()} takes it as its "
        "Owner ID."
    ]


@pytest.mark.parametrize(
    ("owner_id", "why"),
    [
        (None, "The HubSpot record has no owner"),
        ("78", "HubSpot owner '78' matches no active Salesforce user"),
        ("99", "HubSpot owner '99' matches no active Salesforce user"),
    ],
)
def test_own6_a_new_lead_without_a_matching_owner_gets_assignment_rules(
    owner_id: str | None, why: str
) -> None:
    """OWN-6: no owner, an inactive user's or an unknown one: the new lead's
    owner comes from Salesforce's lead assignment rules, and the reason says
    so after OWN-4's refusal."""
    decision = creation_owner(owner_id, salesforce_object=LEAD, owners=OWNERS)
    assert (decision.action, decision.owner_id) == (OwnerAction.ASSIGNMENT_RULES, None)
    assert rules(decision) == (["OWN-6"] if owner_id is None else ["OWN-4", "OWN-6"])
    assert details(decision, "OWN-6") == [
        f"{why}, so the new Salesforce lead gets its owner from Salesforce's "
        "lead assignment rules."
    ]


@pytest.mark.parametrize("kind", [CONTACT, ACCOUNT, OPPORTUNITY])
def test_own6_other_new_records_go_to_the_integration_user(
    kind: SalesforceObject,
) -> None:
    """OWN-6: a new account or opportunity (and a new contact,
    docs/decisions.md) without a matching owner goes to the integration
    user, named when the settings name it."""
    unnamed = creation_owner("78", salesforce_object=kind, owners=OWNERS)
    assert (unnamed.action, unnamed.owner_id) == (OwnerAction.INTEGRATION_USER, None)
    assert details(unnamed, "OWN-6")[0].endswith(
        f"so the new Salesforce {kind.value.lower()} goes to the integration user."
    )
    named = creation_owner(
        "78", salesforce_object=kind, owners=OWNERS, integration_user_id="005I"
    )
    assert (named.action, named.owner_id) == (OwnerAction.INTEGRATION_USER, "005I")
    assert details(named, "OWN-6")[0].endswith("goes to the integration user '005I'.")


def test_own6_match_is_map_owners_own() -> None:
    """OWN-6 uses OWN-4's match: the owner it sets is the one `map_owner`
    sends to Salesforce, with the same OWN-4 sentence."""
    for owner_id in ("77", "78", "99"):
        sent = map_owner(
            owner_id, direction=OwnerSyncDirection.TO_SALESFORCE, owners=OWNERS
        )
        created = creation_owner(owner_id, salesforce_object=ACCOUNT, owners=OWNERS)
        assert created.reasons[0] == sent.reasons[0]
        assert (created.action is OwnerAction.SET) == (sent.action is OwnerAction.SET)


def test_own6_integration_user_id_is_an_optional_setting() -> None:
    """OWN-6: ``integration_user_id`` defaults to unnamed, and a blank id is
    refused."""
    assert (
        IntegrationSettings(integrated_on=dt.date(2021, 1, 1)).integration_user_id
        is None
    )
    with pytest.raises(InvalidSettingsError, match="integration_user_id"):
        IntegrationSettings(integrated_on=dt.date(2021, 1, 1), integration_user_id=" ")


def _plan(
    hubspot: HubSpotRecords, salesforce: SalesforceRecords, **settings: object
) -> SyncPlan:
    return plan(
        Snapshot(
            settings=IntegrationSettings(
                integrated_on=dt.date(2021, 1, 1),
                **settings,  # type: ignore[arg-type]
            ),
            hubspot=hubspot,
            salesforce=salesforce,
        )
    )


def _entry(result: SyncPlan, record_id: str) -> PlanEntry:
    (found,) = [e for e in result.entries if e.record_id == record_id]
    return found


def test_own6_the_plan_gives_new_records_their_owner_by_own6() -> None:
    """OWN-6 in the plan: a new lead with an unmatched owner goes to the
    assignment rules, a new account and opportunity to the named
    integration user, and a matching owner is taken."""
    result = _plan(
        HubSpotRecords(
            contacts=(
                HubSpotContact(id="1", email="c1@example.com", owner_id="78"),
                HubSpotContact(id="2", email="c2@example.com", owner_id="77"),
            ),
            companies=(HubSpotCompany(id="10", name="Acme", owner_id="78"),),
            deals=(HubSpotDeal(id="20", pipeline="default", owner_id="78"),),
            owners=(an_hs, bo_hs),
        ),
        SalesforceRecords(users=(an_sf, bo_sf)),
        deal_sync=True,
        synced_pipelines=("default",),
        account_sync=True,
        integration_user_id="005I",
    )
    outcomes = {
        e.record_id: (e.action, e.owner.action, e.owner.owner_id)
        for e in result.entries
        if e.owner is not None and e.record_id in {"1", "2", "20"}
    }
    create = PlanAction.CREATE_IN_SALESFORCE
    assert outcomes == {
        "1": (create, OwnerAction.ASSIGNMENT_RULES, None),
        "2": (create, OwnerAction.SET, "005A"),
        "20": (create, OwnerAction.INTEGRATION_USER, "005I"),
    }
    assert "OWN-6" in [r.rule for r in _entry(result, "20").reasons]


# OWN-7 ---------------------------------------------------------------------


def test_own7_an_active_salesforce_owner_is_kept_at_the_first_sync() -> None:
    """OWN-7: with both owners set, Salesforce keeps its active owner (no
    assignment rules) and nothing passes: `OwnerAction.KEEP`."""
    decision = first_sync_owner("78", "005A", owners=OWNERS)
    assert decision.direction is OwnerSyncDirection.TO_SALESFORCE
    assert (decision.action, decision.owner_id) == (OwnerAction.KEEP, "005A")
    assert details(decision, "OWN-7") == [
        "At the first sync Salesforce keeps its owner, active user '005A' (no "
        "assignment rules apply), and HubSpot keeps owner '78'; from then on the "
        "most recent owner change wins."
    ]


def test_own7_an_active_salesforce_owner_fills_an_empty_hubspot_owner() -> None:
    """OWN-7: an empty HubSpot owner is filled by the active Salesforce
    owner, through `map_owner` towards HubSpot (OWN-3: matched by email, or
    imported)."""
    decision = first_sync_owner(None, "005A", owners=OWNERS)
    assert decision.direction is OwnerSyncDirection.TO_HUBSPOT
    assert (decision.action, decision.owner_id) == (OwnerAction.SET, "77")
    assert rules(decision) == ["OWN-7", "OWN-1", "OWN-2", "OWN-3"]
    assert details(decision, "OWN-7")[0].endswith("it fills the empty HubSpot owner.")
    queued = first_sync_owner(None, "00GQ", owners=OWNERS)
    assert (queued.action, queued.import_from) == (OwnerAction.IMPORT, "00GQ")
    assert "queue '00GQ'" in details(queued, "OWN-7")[0]


@pytest.mark.parametrize(
    ("salesforce_owner", "what"),
    [
        (None, "has no Owner ID"),
        ("005B", "is owned by '005B', not an active Salesforce owner"),
        ("005P", "is owned by '005P', not an active Salesforce owner"),
        ("005Z", "is owned by '005Z', not an active Salesforce owner"),
    ],
)
def test_own7_without_an_active_salesforce_owner_the_owners_sync_as_usual(
    salesforce_owner: str | None, what: str
) -> None:
    """OWN-7 applies only to an active Salesforce owner: otherwise the
    HubSpot owner goes to Salesforce as on any sync (OWN-4, reverting to the
    Salesforce value under OWN-5), and an empty HubSpot owner is filled as
    `map_owner` towards HubSpot would."""
    decision = first_sync_owner("77", salesforce_owner, owners=OWNERS)
    sent = map_owner(
        "77",
        direction=OwnerSyncDirection.TO_SALESFORCE,
        owners=OWNERS,
        last_salesforce_owner_id=salesforce_owner,
    )
    assert (decision.action, decision.owner_id) == (OwnerAction.SET, "005A")
    assert decision.reasons[1:] == sent.reasons
    assert decision.reasons[0].detail == (
        f"At the first sync the Salesforce record {what}, so no owner is kept and "
        "the owners sync as on any other sync."
    )
    empty = first_sync_owner(None, salesforce_owner, owners=OWNERS)
    received = map_owner(
        salesforce_owner, direction=OwnerSyncDirection.TO_HUBSPOT, owners=OWNERS
    )
    assert empty.reasons[1:] == received.reasons
    assert (empty.action, empty.owner_id) == (received.action, received.owner_id)


def test_own7_fm6_a_mapping_rule_is_cited_by_map_owner() -> None:
    """OWN-7 with FM-6: the owner mapping's rule reaches `map_owner`."""
    decision = first_sync_owner(
        None, "005A", owners=OWNERS, mapping_rule=SyncRule.ALWAYS_USE_SALESFORCE
    )
    assert rules(decision)[:2] == ["OWN-7", "FM-6"]


@pytest.mark.parametrize(
    ("hubspot_at", "salesforce_at", "direction"),
    [
        (T1, T0, OwnerSyncDirection.TO_SALESFORCE),
        (T0, T1, OwnerSyncDirection.TO_HUBSPOT),
        (T0, T0, OwnerSyncDirection.TO_HUBSPOT),
        (T0, None, OwnerSyncDirection.TO_SALESFORCE),
        (None, T0, OwnerSyncDirection.TO_HUBSPOT),
        (None, None, OwnerSyncDirection.TO_HUBSPOT),
    ],
)
def test_own7_afterwards_the_most_recent_owner_change_wins(
    hubspot_at: dt.datetime | None,
    salesforce_at: dt.datetime | None,
    direction: OwnerSyncDirection,
) -> None:
    """OWN-7 afterwards: the newer owner change goes to the other side, in
    either direction; ties and unknown times go to Salesforce, as FM-3's
    two-way ties do."""
    decision = later_owner_sync(
        "77",
        "005B",
        hubspot_changed_at=hubspot_at,
        salesforce_changed_at=salesforce_at,
        owners=OWNERS,
    )
    assert decision.direction is direction
    assert rules(decision)[0] == "OWN-7"
    if direction is OwnerSyncDirection.TO_SALESFORCE:
        assert (decision.action, decision.owner_id) == (OwnerAction.SET, "005A")
        assert "the HubSpot change is the most recent" in decision.reasons[0].detail
    else:
        assert (decision.action, decision.owner_id) == (OwnerAction.SET, "78")
        assert "the Salesforce change is the most recent" in decision.reasons[0].detail


def test_own7_afterwards_names_both_times() -> None:
    """OWN-7: the reason names both changes' times."""
    decision = later_owner_sync(
        "77", "005B", hubspot_changed_at=T1, salesforce_changed_at=None, owners=OWNERS
    )
    assert decision.reasons[0].detail == (
        "HubSpot's owner changed at 2024-05-01T10:00:00+00:00, Salesforce's at an "
        "unknown time: the HubSpot change is the most recent, so HubSpot owner "
        "'77' is sent to Salesforce."
    )


def test_own7_afterwards_needs_aware_times() -> None:
    """OWN-7: a naive time cannot be ordered against HubSpot's or
    Salesforce's, and is refused with a typed error."""
    with pytest.raises(InvalidRecordError, match="salesforce_changed_at"):
        later_owner_sync(
            "77",
            "005A",
            hubspot_changed_at=T0,
            salesforce_changed_at=dt.datetime(2024, 5, 1),
            owners=OWNERS,
        )


def test_own7_the_plan_shows_a_first_time_pair_one_decision_on_both_entries() -> None:
    """OWN-7 in the plan: a HubSpot contact that a Salesforce lead dedupes
    into syncs with it for the first time; both entries carry the same
    decision (the lead's active owner kept), and a linked pair does not."""
    result = _plan(
        HubSpotRecords(
            contacts=(
                HubSpotContact(id="1", email="c1@example.com", owner_id="78"),
                HubSpotContact(
                    id="2",
                    email="c2@example.com",
                    owner_id="78",
                    salesforce_lead_id="00Q2",
                ),
            ),
            owners=(an_hs, bo_hs),
        ),
        SalesforceRecords(
            leads=(
                SalesforceLead(id="00Q1", email="c1@example.com", owner_id="005A"),
                SalesforceLead(id="00Q2", email="c2@example.com", owner_id="005A"),
            ),
            users=(an_sf, bo_sf),
        ),
    )
    contact, lead = _entry(result, "1"), _entry(result, "00Q1")
    assert lead.action is PlanAction.DEDUPE
    assert contact.owner == lead.owner
    assert contact.owner is not None
    assert (contact.owner.action, contact.owner.owner_id) == (OwnerAction.KEEP, "005A")
    linked = _entry(result, "2")
    assert linked.owner is not None
    assert linked.owner.action is OwnerAction.REVERT
    assert "OWN-7" not in [r.rule for r in linked.reasons]


def test_own7_the_plan_fills_an_empty_company_owner_from_its_account() -> None:
    """OWN-7 in the plan: a company an account dedupes into (DUP-2) takes
    the account's active owner when it has none."""
    result = _plan(
        HubSpotRecords(
            contacts=(
                HubSpotContact(id="1", email="c1@example.com", company_ids=("10",)),
            ),
            companies=(HubSpotCompany(id="10", name="Acme"),),
            owners=(an_hs,),
        ),
        SalesforceRecords(
            contacts=(
                SalesforceContact(
                    id="003C",
                    email="c1@example.com",
                    account_id="001A",
                    owner_id="005A",
                ),
            ),
            accounts=(SalesforceAccount(id="001A", name="Acme", owner_id="005A"),),
            users=(an_sf,),
        ),
        account_sync=True,
    )
    account, company = _entry(result, "001A"), _entry(result, "10")
    assert account.action is PlanAction.DEDUPE
    assert account.owner is not None
    assert account.owner == company.owner
    assert (account.owner.action, account.owner.owner_id) == (OwnerAction.SET, "77")
    assert next(r.rule for r in account.reasons if r.rule.startswith("OWN")) == "OWN-7"


def test_own7_a_first_time_pair_without_owners_has_no_owner_outcome() -> None:
    """OWN-7 in the plan: when neither the contact nor the lead deduping
    into it has an owner, there is nothing to keep or fill, and neither
    entry carries an owner outcome."""
    result = _plan(
        HubSpotRecords(contacts=(HubSpotContact(id="1", email="c1@example.com"),)),
        SalesforceRecords(leads=(SalesforceLead(id="00Q1", email="c1@example.com"),)),
    )
    contact, lead = _entry(result, "1"), _entry(result, "00Q1")
    assert lead.action is PlanAction.DEDUPE
    assert contact.owner is None
    assert lead.owner is None
    assert "OWN-7" not in [r.rule for r in (*contact.reasons, *lead.reasons)]
