"""DUP-6: of several Salesforce leads and contacts sharing one HubSpot
contact's address, the contact syncs with the most recently updated, or,
without update times, the one the fixed tie-break puts first."""

from __future__ import annotations

import datetime as dt

from crmsync_rules import (
    HubSpotContact,
    HubSpotRecords,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    resolve_duplicate,
)
from crmsync_rules.rules._dup_index import DuplicateIndex
from crmsync_rules.rules._dup_partner import sync_partner, tie_break

UTC = dt.timezone.utc
EARLY = dt.datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
LATE = dt.datetime(2024, 9, 2, 14, 5, tzinfo=UTC)
HUBSPOT = HubSpotRecords(contacts=(HubSpotContact(id="509", email="lotte@dekker.nl"),))


def test_dup6_the_most_recently_updated_wins_over_the_tie_break() -> None:
    """DUP-6: with update times, the most recently updated record wins, a
    lead over a contact the fixed tie-break would put first."""
    contact = SalesforceContact(id="003A1", email="lotte@dekker.nl", updated_at=EARLY)
    lead = SalesforceLead(id="00QA1", email="Lotte@Dekker.nl", updated_at=LATE)
    partner = sync_partner(
        "509", [(SalesforceObject.CONTACT, contact), (SalesforceObject.LEAD, lead)]
    )
    assert (partner.salesforce_object, partner.salesforce_id) == (
        SalesforceObject.LEAD,
        "00QA1",
    )
    assert partner.updated_at == LATE
    assert partner.order == (
        (SalesforceObject.LEAD, "00QA1"),
        (SalesforceObject.CONTACT, "003A1"),
    )
    [reason] = partner.reasons
    assert reason.rule == "DUP-6"
    assert "the most recently updated (2024-09-02 14:05 UTC)" in reason.detail
    assert "syncs with lead '00QA1'" in reason.detail


def test_dup6_without_update_times_the_fixed_tie_break_decides() -> None:
    """DUP-6: when a record carries no update time, contacts before leads,
    then the lowest id, and the reason says so."""
    lead = SalesforceLead(id="00QA1", email="lotte@dekker.nl", updated_at=LATE)
    contact = SalesforceContact(id="003A2", email="lotte@dekker.nl")
    partner = sync_partner(
        "509", [(SalesforceObject.LEAD, lead), (SalesforceObject.CONTACT, contact)]
    )
    assert partner.salesforce_id == "003A2"
    assert partner.updated_at is None
    detail = partner.reasons[0].detail
    assert "contact '003A2' has no update time" in detail
    assert (
        "the fixed tie-break decides (contacts before leads, then the lowest id)"
        in detail
    )


def test_dup6_equal_update_times_fall_back_to_the_tie_break() -> None:
    """DUP-6: of records updated at the same moment, the tie-break's first."""
    a = SalesforceLead(id="00QA2", email="x@y.nl", updated_at=LATE)
    b = SalesforceLead(
        id="00QA1",
        email="x@y.nl",
        updated_at=LATE.astimezone(dt.timezone(dt.timedelta(hours=2))),
    )
    partner = sync_partner(
        "509", [(SalesforceObject.LEAD, a), (SalesforceObject.LEAD, b)]
    )
    assert partner.salesforce_id == "00QA1"
    assert "updated at the same time as another" in partner.reasons[0].detail


def test_dup6_seconds_are_shown_when_they_decide() -> None:
    """DUP-6: a time with seconds is written with them."""
    a = SalesforceLead(id="00QA1", email="x@y.nl", updated_at=LATE)
    b = SalesforceLead(
        id="00QA2", email="x@y.nl", updated_at=LATE + dt.timedelta(seconds=7)
    )
    partner = sync_partner(
        "509", [(SalesforceObject.LEAD, a), (SalesforceObject.LEAD, b)]
    )
    assert "(2024-09-02 14:05:07 UTC)" in partner.reasons[0].detail


def test_dup6_tie_break_compares_the_two_id_forms_alike() -> None:
    """DUP-6, DUP-7: the tie-break orders contacts first, then by id key."""
    assert tie_break(SalesforceObject.CONTACT, "z") < tie_break(
        SalesforceObject.LEAD, "a"
    )
    assert tie_break(SalesforceObject.LEAD, "00QA000000001AA") == tie_break(
        SalesforceObject.LEAD, "00QA000000001AAmay"
    )


def test_dup6_resolve_duplicate_explains_the_choice_on_every_member() -> None:
    """DUP-6: every record deduping into the shared contact carries the
    reason, and the index lists the winner first."""
    contact = SalesforceContact(id="003A1", email="lotte@dekker.nl", updated_at=EARLY)
    lead = SalesforceLead(id="00QA1", email="lotte@dekker.nl", updated_at=LATE)
    resolution = resolve_duplicate([contact, lead], hubspot=HUBSPOT)
    for record_id in ("003A1", "00QA1"):
        rules = [r.rule for r in resolution.match(record_id).reasons]
        assert rules == ["DUP-1", "DUP-6"]
    index = DuplicateIndex([contact, lead], hubspot=HUBSPOT)
    assert [r.id for r in index.shared.records("509")] == ["00QA1", "003A1"]
    assert index.shared.holds("509")
    assert index.shared.records("510") == ()
    assert index.shared.partner("510") is None


def test_dup6_a_single_record_or_a_linked_contact_has_no_choice() -> None:
    """DUP-6: one record deduping needs no choice; a contact linked to a
    Salesforce record syncs with it (DUP-1), so DUP-6 does not apply."""
    lead = SalesforceLead(id="00QA1", email="lotte@dekker.nl", updated_at=LATE)
    index = DuplicateIndex([lead], hubspot=HUBSPOT)
    assert index.shared.partner("509") is None
    assert [r.id for r in index.shared.records("509")] == ["00QA1"]
    linked = HubSpotRecords(
        contacts=(
            HubSpotContact(
                id="509", email="lotte@dekker.nl", salesforce_lead_id="00QA9"
            ),
        )
    )
    other = SalesforceLead(id="00QA2", email="lotte@dekker.nl", updated_at=EARLY)
    index = DuplicateIndex([lead, other], hubspot=linked)
    assert index.shared.partner("509") is None
    assert [r.id for r in index.shared.records("509")] == ["00QA1", "00QA2"]
    assert [r.rule for r in index.person_match(lead).reasons] == ["DUP-1"]
