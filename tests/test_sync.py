"""SYNC-1..5: should_sync and effective_inclusion_list."""

from __future__ import annotations

import datetime as dt

import pytest

from crmsync_rules import (
    ContactCreation,
    DefaultInclusionList,
    HubSpotContact,
    IntegrationSettings,
    LifecycleStage,
    StaticInclusionList,
    SyncAction,
    SyncDecision,
    SyncTrigger,
    effective_inclusion_list,
    should_sync,
)

NEW_PORTAL = dt.date(2020, 2, 3)
OLD_PORTAL = dt.date(2015, 1, 1)
MQLS = StaticInclusionList(name="MQLs only", contact_ids=frozenset({"1"}))

member = HubSpotContact(id="1", email="an@example.com")
outsider = HubSpotContact(id="2", email="bo@example.com")
subscriber = HubSpotContact(
    id="3", email="cy@example.com", lifecycle_stage=LifecycleStage.SUBSCRIBER
)


def rules(decision: SyncDecision) -> list[str]:
    return [r.rule for r in decision.reasons]


def test_sync1_without_a_list_every_contact_syncs() -> None:
    settings = IntegrationSettings(integrated_on=NEW_PORTAL)
    decision = should_sync(
        subscriber, settings=settings, trigger=SyncTrigger.HUBSPOT_CHANGE
    )
    assert decision.action is SyncAction.SYNC
    assert decision.syncing
    assert rules(decision) == ["SYNC-3", "SYNC-1"]


def test_sync2_only_list_members_sync() -> None:
    settings = IntegrationSettings(integrated_on=NEW_PORTAL, inclusion_list=MQLS)
    yes = should_sync(member, settings=settings, trigger=SyncTrigger.HUBSPOT_CHANGE)
    no = should_sync(outsider, settings=settings, trigger=SyncTrigger.HUBSPOT_CHANGE)
    assert yes.action is SyncAction.SYNC
    assert no.action is SyncAction.SKIP
    assert not no.syncing
    assert rules(yes) == rules(no) == ["SYNC-2"]
    assert "'MQLs only'" in no.reasons[0].detail
    assert "does not meet" in no.reasons[0].detail


def test_sync2_an_inclusion_list_argument_overrides_the_settings() -> None:
    settings = IntegrationSettings(integrated_on=OLD_PORTAL)
    decision = should_sync(
        subscriber,
        settings=settings,
        trigger=SyncTrigger.HUBSPOT_CHANGE,
        inclusion_list=StaticInclusionList(name="all", contact_ids=frozenset({"3"})),
    )
    assert decision.action is SyncAction.SYNC
    assert rules(decision) == ["SYNC-2"]


def test_sync2_salesforce_updates_of_excluded_contacts_do_not_sync() -> None:
    settings = IntegrationSettings(integrated_on=NEW_PORTAL, inclusion_list=MQLS)
    decision = should_sync(
        outsider, settings=settings, trigger=SyncTrigger.SALESFORCE_UPDATED
    )
    assert decision.action is SyncAction.SKIP
    assert rules(decision) == ["SYNC-2"]


@pytest.mark.parametrize(
    ("day", "listed"),
    [
        (dt.date(2017, 6, 21), True),
        (dt.date(2017, 6, 22), True),
        (dt.date(2017, 6, 23), False),
    ],
)
def test_sync3_boundary_day_itself_gets_the_default_list(
    day: dt.date, listed: bool
) -> None:
    settings = IntegrationSettings(integrated_on=day)
    inclusion = effective_inclusion_list(settings)
    assert isinstance(inclusion, DefaultInclusionList) is listed
    assert (inclusion is None) is not listed
    decision = should_sync(
        subscriber, settings=settings, trigger=SyncTrigger.HUBSPOT_CHANGE
    )
    assert decision.action is (SyncAction.SKIP if listed else SyncAction.SYNC)
    assert decision.reasons[0].rule == "SYNC-3"
    assert day.isoformat() in decision.reasons[0].detail


def test_sync3_default_list_keeps_everyone_but_subscribers() -> None:
    settings = IntegrationSettings(integrated_on=OLD_PORTAL)
    lead = HubSpotContact(
        id="4", email="d@example.com", lifecycle_stage=LifecycleStage.LEAD
    )
    unknown = HubSpotContact(id="5", email="e@example.com")
    for contact in (lead, unknown):
        decision = should_sync(
            contact, settings=settings, trigger=SyncTrigger.HUBSPOT_CHANGE
        )
        assert decision.action is SyncAction.SYNC
        assert rules(decision) == ["SYNC-3", "SYNC-3"]
    skipped = should_sync(
        subscriber, settings=settings, trigger=SyncTrigger.HUBSPOT_CHANGE
    )
    assert "'subscriber'" in skipped.reasons[1].detail


def test_sync3_an_own_list_replaces_the_default_list() -> None:
    settings = IntegrationSettings(integrated_on=OLD_PORTAL, inclusion_list=MQLS)
    assert effective_inclusion_list(settings) is MQLS


def test_sync4_new_salesforce_record_creates_an_excluded_contact_once() -> None:
    settings = IntegrationSettings(
        integrated_on=NEW_PORTAL,
        inclusion_list=MQLS,
        contact_creation=ContactCreation.CREATE,
    )
    created = should_sync(
        outsider, settings=settings, trigger=SyncTrigger.SALESFORCE_CREATED
    )
    assert created.action is SyncAction.CREATE_ONLY
    assert not created.syncing
    assert rules(created) == ["SYNC-2", "SYNC-4"]
    linked = HubSpotContact(id="2", email="bo@example.com", salesforce_lead_id="00Q2")
    for trigger in (SyncTrigger.HUBSPOT_CHANGE, SyncTrigger.SALESFORCE_UPDATED):
        later = should_sync(linked, settings=settings, trigger=trigger)
        assert later.action is SyncAction.SKIP
        assert rules(later) == ["SYNC-2", "SYNC-4"]
        assert "'00Q2'" in later.reasons[1].detail


def test_sync4_new_salesforce_record_of_a_member_syncs() -> None:
    settings = IntegrationSettings(
        integrated_on=NEW_PORTAL,
        inclusion_list=MQLS,
        contact_creation=ContactCreation.CREATE,
    )
    decision = should_sync(
        member, settings=settings, trigger=SyncTrigger.SALESFORCE_CREATED
    )
    assert decision.action is SyncAction.SYNC
    assert rules(decision) == ["SYNC-2", "SYNC-4"]


def test_sync4_without_contact_creation_no_contact_is_created() -> None:
    settings = IntegrationSettings(integrated_on=NEW_PORTAL)
    decision = should_sync(
        member, settings=settings, trigger=SyncTrigger.SALESFORCE_CREATED
    )
    assert decision.action is SyncAction.NO_CONTACT_CREATED
    assert rules(decision)[-1] == "SYNC-4"
    assert "'dont_create'" in decision.reasons[-1].detail


@pytest.mark.parametrize("email", [None, "", "   "])
def test_sync5_contact_without_email_does_not_sync(email: str | None) -> None:
    settings = IntegrationSettings(integrated_on=NEW_PORTAL)
    contact = HubSpotContact(id="9", email=email)
    decision = should_sync(
        contact, settings=settings, trigger=SyncTrigger.HUBSPOT_CHANGE
    )
    assert decision.action is SyncAction.SKIP
    assert rules(decision)[-1] == "SYNC-5"
    assert "'9'" in decision.reasons[-1].detail
