"""OPT-6 in the plan: a HubSpot contact whose ``email`` history shows an
earlier address gets `address_change`'s reasons, on its entry and on its
partner's, and nothing else of the plan changes."""

from __future__ import annotations

import datetime as dt

import attrs

from crmsync_rules import (
    ContactCreation,
    HubSpotContact,
    HubSpotRecords,
    IntegrationSettings,
    LifecycleStage,
    SalesforceContact,
    SalesforceRecords,
    Snapshot,
    plan,
    sample_snapshot,
)
from crmsync_rules.invariants import contradicting_pairs
from crmsync_rules.model._properties import PropertyChange, PropertyValue
from crmsync_rules.planner import PlanEntry, SyncPlan

UTC = dt.timezone.utc
EARLY = dt.datetime(2020, 1, 1, tzinfo=UTC)
OPTED = dt.datetime(2022, 1, 1, tzinfo=UTC)
CHANGED = dt.datetime(2024, 6, 1, tzinfo=UTC)
OLD, NEW = "ruud@old.example", "ruud@new.example"
SETTINGS = IntegrationSettings(
    integrated_on=dt.date(2021, 2, 1), contact_creation=ContactCreation.CREATE
)


def _email(*values: tuple[PropertyValue | None, dt.datetime]) -> list[PropertyChange]:
    return [PropertyChange(value=v, timestamp=t) for v, t in values]


def _contact(
    *,
    emails: tuple[tuple[PropertyValue | None, dt.datetime], ...] = (
        (NEW, CHANGED),
        (OLD, EARLY),
    ),
    optouts: tuple[tuple[PropertyValue | None, dt.datetime], ...] = (
        (False, CHANGED),
        (True, OPTED),
    ),
    email: str | None = NEW,
    unsubscribed: bool = False,
    salesforce_contact_id: str | None = None,
) -> HubSpotContact:
    history = {"email": _email(*emails)} if emails else {}
    if optouts:
        history["hs_email_optout"] = _email(*optouts)
    return HubSpotContact(
        id="513",
        email=email,
        lifecycle_stage=LifecycleStage.LEAD,
        unsubscribed=unsubscribed,
        salesforce_contact_id=salesforce_contact_id,
        history=history,
    )


def _plan(contact: HubSpotContact, *people: SalesforceContact) -> SyncPlan:
    return plan(
        Snapshot(
            settings=SETTINGS,
            hubspot=HubSpotRecords(contacts=(contact,)),
            salesforce=SalesforceRecords(contacts=people),
        )
    )


def _only(result: SyncPlan, record_id: str) -> PlanEntry:
    (entry,) = [e for e in result.entries if e.record_id == record_id]
    return entry


def _opt6(entry: PlanEntry) -> list[str]:
    return [r.detail for r in entry.reasons if r.rule == "OPT-6"]


def test_opt6_the_sample_contact_changed_from_an_unsubscribed_address() -> None:
    """OPT-6: the sample's contact 513 changed its address; the old one
    stays unsubscribed, the contact takes the new one's state, and no other
    entry of the sample's plan changes."""
    sample = sample_snapshot()
    result = plan(sample)
    entry = _only(result, "513")
    (first, box) = _opt6(entry)
    assert "'ruud@mail-oud.nl' stays unsubscribed and does not carry over" in first
    assert "'ruud@jansen-advies.nl' is subscribed, so nothing passes" in box
    assert entry.optout is None
    without = attrs.evolve(
        sample.hubspot,
        contacts=tuple(c for c in sample.hubspot.contacts if c.id != "513"),
    )
    before = plan(attrs.evolve(sample, hubspot=without))
    assert [e for e in result.entries if e.record_id != "513"] == list(before.entries)


def test_opt6_the_old_state_is_the_optout_in_effect_just_before_the_change() -> None:
    """OPT-6: the old address's opt-out is the ``hs_email_optout`` set
    before the change; a value set at the change is the new address's."""
    kept = _opt6(_only(_plan(_contact()), "513"))[0]
    assert f"{OLD!r} stays unsubscribed" in kept
    subscribed = _contact(
        optouts=((True, CHANGED), ("false", OPTED)), unsubscribed=True
    )
    entry = _only(_plan(subscribed), "513")
    assert f"{OLD!r} keeps its own state" in _opt6(entry)[0]
    assert any(
        r.rule == "OPT-5" and "is unsubscribed" in r.detail for r in entry.reasons
    )
    text = _contact(optouts=((" TRUE ", OPTED),))
    assert "stays unsubscribed" in _opt6(_only(_plan(text), "513"))[0]


def test_opt6_nothing_is_claimed_when_the_history_does_not_show_a_change() -> None:
    """OPT-6: no earlier address with another key, no address, or no
    opt-out known before the change: no OPT-6 reason."""
    cases = [
        _contact(emails=()),
        _contact(emails=((NEW, CHANGED),)),
        _contact(emails=((NEW, CHANGED), (" Ruud@New.Example", EARLY))),
        _contact(emails=((NEW, CHANGED), (None, OPTED), ("not an address", EARLY))),
        _contact(email=None),
        _contact(email="not an address"),
        _contact(optouts=()),
        _contact(optouts=((True, CHANGED),)),
    ]
    for contact in cases:
        assert _opt6(_only(_plan(contact), "513")) == [], contact


def test_opt6_the_old_address_is_the_newest_with_another_key() -> None:
    """OPT-6: a respelling of the new address is no change; the address
    before it is the old one, changed when the respelling was set."""
    contact = _contact(
        emails=((NEW, CHANGED), ("RUUD@new.example", OPTED), (OLD, EARLY)),
        optouts=((False, OPTED), (True, EARLY)),
    )
    (first, _) = _opt6(_only(_plan(contact), "513"))
    assert f"from {OLD!r} to {NEW!r}" in first
    assert f"{OLD!r} stays unsubscribed" in first


def test_opt6_the_linked_salesforce_record_shows_the_same_reasons() -> None:
    """OPT-6: Email Opt Out of the linked Salesforce record stays ticked and
    passes to the new address; the pair's entries show one decision."""
    record = SalesforceContact(
        id="003A000000077AA", email=NEW, has_opted_out_of_email=True
    )
    contact = _contact(salesforce_contact_id=record.id)
    result = _plan(contact, record)
    hubspot, salesforce = _only(result, "513"), _only(result, record.id)
    assert _opt6(hubspot) == _opt6(salesforce)
    assert (
        "Salesforce record '003A000000077AA' belongs to the record"
        in (_opt6(hubspot)[1])
    )
    assert hubspot.optout == salesforce.optout
    assert contradicting_pairs(result) == ()


def test_opt6_a_salesforce_record_that_is_not_the_partner_shows_nothing() -> None:
    """OPT-6: a Salesforce contact that dedupes into a contact already
    linked to another record is not the pair: no OPT-6 on its entry."""
    linked = SalesforceContact(id="003A000000077AA", email=NEW)
    other = SalesforceContact(id="003A000000078AA", email=NEW)
    result = _plan(_contact(salesforce_contact_id=linked.id), linked, other)
    assert _opt6(_only(result, linked.id))
    assert _opt6(_only(result, other.id)) == []


def test_opt6_a_contact_linked_to_a_missing_record_names_its_id() -> None:
    """OPT-6: the linked record missing from the snapshot is named by the
    id the contact holds, and its box counts as not ticked."""
    contact = _contact(salesforce_contact_id="003A000000079AA")
    box = _opt6(_only(_plan(contact), "513"))[1]
    assert "Salesforce record '003A000000079AA' is not ticked" in box
