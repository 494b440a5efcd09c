"""SYNC-1, SYNC-2, SYNC-3, SYNC-4, SYNC-5, SYNC-6: should_sync and
effective_inclusion_list."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from crmsync_rules import (
    ContactCreation,
    HubSpotContact,
    IntegrationSettings,
    LifecycleStage,
    Reason,
    SalesforceContact,
    SalesforceLead,
    prospective_contact,
    salesforce_creates_contact,
    should_sync,
)
from crmsync_rules.model import DefaultInclusionList, StaticInclusionList
from crmsync_rules.sync import (
    SyncAction,
    SyncDecision,
    SyncTrigger,
    effective_inclusion_list,
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
    """SYNC-1: without a list every contact syncs."""
    settings = IntegrationSettings(integrated_on=NEW_PORTAL)
    decision = should_sync(
        subscriber, settings=settings, trigger=SyncTrigger.HUBSPOT_CHANGE
    )
    assert decision.action is SyncAction.SYNC
    assert decision.syncing
    assert rules(decision) == ["SYNC-3", "SYNC-1"]


def test_sync2_only_list_members_sync() -> None:
    """SYNC-2: only list members sync."""
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
    """SYNC-2: an inclusion list argument overrides the settings."""
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
    """SYNC-2: Salesforce updates of excluded contacts do not sync."""
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
    """SYNC-3: boundary day itself gets the default list."""
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
    """SYNC-3: default list keeps everyone but subscribers."""
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
    """SYNC-3: an own list replaces the default list."""
    settings = IntegrationSettings(integrated_on=OLD_PORTAL, inclusion_list=MQLS)
    assert effective_inclusion_list(settings) is MQLS


def test_sync4_new_salesforce_record_creates_an_excluded_contact_once() -> None:
    """SYNC-4: new Salesforce record creates an excluded contact once."""
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
    """SYNC-4: new Salesforce record of a member syncs."""
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


def test_sync6_with_creation_off_a_record_matching_nothing_creates_nothing() -> None:
    """SYNC-6: with creation off, a record matching nothing creates nothing."""
    settings = IntegrationSettings(integrated_on=NEW_PORTAL)
    decision = should_sync(
        member, settings=settings, trigger=SyncTrigger.SALESFORCE_CREATED
    )
    assert decision.action is SyncAction.NO_CONTACT_CREATED
    assert rules(decision)[-1] == "SYNC-6"
    assert "'dont_create'" in decision.reasons[-1].detail


def test_sync6_a_match_dedupes_and_syncs_with_contact_creation_off() -> None:
    """SYNC-6: a match dedupes and syncs with contact creation off."""
    settings = IntegrationSettings(integrated_on=NEW_PORTAL)
    assert settings.contact_creation is ContactCreation.DONT_CREATE
    decision = should_sync(
        member, settings=settings, trigger=SyncTrigger.SALESFORCE_MATCHED
    )
    assert decision.action is SyncAction.SYNC
    assert decision.syncing
    assert decision.reasons[-1] == Reason(
        rule="SYNC-6",
        detail="The new Salesforce record's email address matches existing "
        "contact '1', which it dedupes into whatever contact_creation says "
        "('dont_create'); the contact syncs from then on.",
    )


def test_sync6_a_match_excluded_by_the_list_syncs_nothing_with_creation_off() -> None:
    """SYNC-6: a match excluded by the list syncs nothing with creation off."""
    settings = IntegrationSettings(integrated_on=NEW_PORTAL, inclusion_list=MQLS)
    decision = should_sync(
        outsider, settings=settings, trigger=SyncTrigger.SALESFORCE_MATCHED
    )
    assert decision.action is SyncAction.SKIP
    assert rules(decision) == ["SYNC-2", "SYNC-6"]
    assert decision.reasons[-1].detail.endswith(
        "('dont_create'), but the contact stays excluded, so updates from either "
        "side do not sync."
    )


def test_sync4_sync6_with_creation_on_an_excluded_match_is_deduped_once() -> None:
    """SYNC-4, SYNC-6: with creation on, an excluded match is deduped once."""
    settings = IntegrationSettings(
        integrated_on=NEW_PORTAL,
        inclusion_list=MQLS,
        contact_creation=ContactCreation.CREATE,
    )
    matched = SyncTrigger.SALESFORCE_MATCHED
    excluded = should_sync(outsider, settings=settings, trigger=matched)
    assert excluded.action is SyncAction.CREATE_ONLY
    assert excluded.reasons[-1] == Reason(
        rule="SYNC-4",
        detail="contact_creation is 'create', so the new Salesforce record dedupes "
        "into existing contact '2' despite the inclusion list; later updates do "
        "not sync while it stays excluded.",
    )
    included = should_sync(member, settings=settings, trigger=matched)
    assert (included.action, rules(included)) == (
        SyncAction.SYNC,
        ["SYNC-2", "SYNC-6"],
    )


@pytest.mark.parametrize("email", [None, "", "   "])
def test_sync5_contact_without_email_does_not_sync(email: str | None) -> None:
    """SYNC-5: contact without email does not sync."""
    settings = IntegrationSettings(integrated_on=NEW_PORTAL)
    contact = HubSpotContact(id="9", email=email)
    decision = should_sync(
        contact, settings=settings, trigger=SyncTrigger.HUBSPOT_CHANGE
    )
    assert decision.action is SyncAction.SKIP
    assert rules(decision)[-1] == "SYNC-5"
    assert "'9'" in decision.reasons[-1].detail


def test_sync5_sync3_sentences_say_what_is_missing_in_words() -> None:
    """SYNC-5, SYNC-3 (issue 13): no "(email=None)" or "lifecycle stage None"
    in sentences."""
    old = IntegrationSettings(integrated_on=OLD_PORTAL)
    for email, said in ((None, ""), ("  ", " (only '  ')")):
        contact = HubSpotContact(id="9", email=email)
        decision = should_sync(
            contact, settings=old, trigger=SyncTrigger.HUBSPOT_CHANGE
        )
        assert [r.detail for r in decision.reasons[1:]] == [
            "Contact '9' is in 'Salesforce inclusion list (default)' (no lifecycle "
            "stage; Subscribers are excluded).",
            f"Contact '9' has no email address{said}, so it does not sync to "
            "Salesforce.",
        ]


# Whole results, explanations included (docs/testing.md, "Mutation testing").


def test_sync1_sync3_whole_reasons_of_each_list_origin() -> None:
    """SYNC-1, SYNC-3: whole reasons of each list origin."""
    new = should_sync(
        member,
        settings=IntegrationSettings(integrated_on=NEW_PORTAL),
        trigger=SyncTrigger.HUBSPOT_CHANGE,
    )
    assert new == SyncDecision(
        contact_id="1",
        trigger=SyncTrigger.HUBSPOT_CHANGE,
        action=SyncAction.SYNC,
        reasons=(
            Reason(
                rule="SYNC-3",
                detail="The portal was integrated on 2020-02-03, after 2017-06-22, "
                "so it has no default inclusion list.",
            ),
            Reason(
                rule="SYNC-1",
                detail="Without an inclusion list every contact syncs, contact '1' "
                "included.",
            ),
        ),
    )
    old = IntegrationSettings(integrated_on=OLD_PORTAL)
    origin = Reason(
        rule="SYNC-3",
        detail="The portal was integrated on 2015-01-01, on or before 2017-06-22, "
        "without a list of its own, so 'Salesforce inclusion list (default)' "
        "applies to contact '1'.",
    )
    assert should_sync(
        member, settings=old, trigger=SyncTrigger.SALESFORCE_UPDATED
    ) == SyncDecision(
        contact_id="1",
        trigger=SyncTrigger.SALESFORCE_UPDATED,
        action=SyncAction.SYNC,
        reasons=(
            origin,
            Reason(
                rule="SYNC-3",
                detail="Contact '1' is in 'Salesforce inclusion list (default)' "
                "(no lifecycle stage; Subscribers are excluded).",
            ),
        ),
    )
    excluded = should_sync(subscriber, settings=old, trigger=SyncTrigger.HUBSPOT_CHANGE)
    assert excluded.reasons[1] == Reason(
        rule="SYNC-3",
        detail="Contact '3' is not in 'Salesforce inclusion list (default)' "
        "(lifecycle stage 'subscriber'; Subscribers are excluded).",
    )


def test_sync2_whole_reason_of_a_member() -> None:
    """SYNC-2: whole reason of a member."""
    settings = IntegrationSettings(integrated_on=NEW_PORTAL, inclusion_list=MQLS)
    decision = should_sync(
        member, settings=settings, trigger=SyncTrigger.HUBSPOT_CHANGE
    )
    assert decision.reasons == (
        Reason(
            rule="SYNC-2",
            detail="Contact '1' meets the criteria of inclusion list 'MQLs only'.",
        ),
    )


def test_sync4_whole_results_of_a_new_salesforce_record() -> None:
    """SYNC-4: whole results of a new Salesforce record."""
    settings = IntegrationSettings(
        integrated_on=NEW_PORTAL,
        inclusion_list=MQLS,
        contact_creation=ContactCreation.CREATE,
    )
    created = SyncTrigger.SALESFORCE_CREATED
    assert should_sync(member, settings=settings, trigger=created).reasons[1] == (
        Reason(
            rule="SYNC-4",
            detail="contact_creation is 'create', so the new Salesforce record "
            "creates or dedupes into contact '1', which syncs from then on.",
        )
    )
    assert should_sync(outsider, settings=settings, trigger=created) == SyncDecision(
        contact_id="2",
        trigger=created,
        action=SyncAction.CREATE_ONLY,
        reasons=(
            Reason(
                rule="SYNC-2",
                detail="Contact '2' does not meet the criteria of inclusion list "
                "'MQLs only'.",
            ),
            Reason(
                rule="SYNC-4",
                detail="contact_creation is 'create', so the new Salesforce record "
                "creates or dedupes into contact '2' despite the inclusion list; "
                "later updates do not sync while it stays excluded.",
            ),
        ),
    )
    refused = attrs.evolve(settings, contact_creation=ContactCreation.DONT_CREATE)
    assert should_sync(member, settings=refused, trigger=created).reasons[1] == (
        Reason(
            rule="SYNC-6",
            detail="contact_creation is 'dont_create' and no existing HubSpot "
            "contact has the new Salesforce record's address, so it creates no "
            "HubSpot contact (contact '1' is not made).",
        )
    )
    linked = HubSpotContact(id="2", email="bo@example.com", salesforce_lead_id="00Q2")
    later = should_sync(linked, settings=settings, trigger=SyncTrigger.HUBSPOT_CHANGE)
    assert later.reasons[1] == Reason(
        rule="SYNC-4",
        detail="Contact '2' is linked to Salesforce record '00Q2' but stays "
        "excluded, so updates from either side do not sync.",
    )


def test_sync6_a_new_record_that_matches_nothing_creates_no_contact_by_default() -> (
    None
):
    """SYNC-6: with contact creation off, a new Salesforce record that
    matches no HubSpot contact creates none; no contact to invent."""
    default = IntegrationSettings(integrated_on=dt.date(2024, 1, 8))
    decision = salesforce_creates_contact(
        SalesforceLead(id="00Q1", email="an@vries.nl"), settings=default
    )
    assert (decision.contact_id, decision.trigger, decision.action) == (
        "new:00Q1",
        SyncTrigger.SALESFORCE_CREATED,
        SyncAction.NO_CONTACT_CREATED,
    )
    assert [r.rule for r in decision.reasons] == ["SYNC-3", "SYNC-1", "SYNC-6"]


def test_sync4_a_new_record_creates_the_contact_its_own_fields_describe() -> None:
    """SYNC-4: with contact creation on, the new record creates the contact
    `prospective_contact` describes, kept only once when the list excludes
    it (here the legacy default list, which excludes no stage-less
    contact, so it syncs)."""
    legacy = IntegrationSettings(
        integrated_on=dt.date(2017, 6, 22), contact_creation=ContactCreation.CREATE
    )
    record = SalesforceContact(id="003A", email="an@vries.nl", first_name="An")
    decision = salesforce_creates_contact(record, settings=legacy)
    assert decision == should_sync(
        prospective_contact(record),
        settings=legacy,
        trigger=SyncTrigger.SALESFORCE_CREATED,
    )
    assert (decision.action, decision.reasons[-1].rule) == (SyncAction.SYNC, "SYNC-4")
    assert prospective_contact(record) == HubSpotContact(
        id="new:003A",
        email="an@vries.nl",
        first_name="An",
        salesforce_contact_id="003A",
    )


def test_sync6_a_new_record_matching_an_existing_contact_dedupes_into_it() -> None:
    """SYNC-6: a new record whose address an existing HubSpot contact has
    dedupes into it whatever contact creation says."""
    default = IntegrationSettings(integrated_on=dt.date(2024, 1, 8))
    existing = HubSpotContact(id="14", email="an@vries.nl")
    decision = salesforce_creates_contact(
        SalesforceLead(id="00Q1", email="AN@vries.nl"),
        settings=default,
        existing=existing,
    )
    assert (decision.contact_id, decision.trigger, decision.action) == (
        "14",
        SyncTrigger.SALESFORCE_MATCHED,
        SyncAction.SYNC,
    )
    assert decision.reasons[-1].rule == "SYNC-6"
