"""OPT-6 (with OPT-5, OPT-2): a contact's email address changes."""

from __future__ import annotations

import pytest

from crmsync_rules import HubSpotContact
from crmsync_rules.errors import InvalidEmailError
from crmsync_rules.optout import (
    OptOutEvent,
    OptOutState,
    address_change,
    apply_optout,
)

OLD, NEW = "jan@old.example", "jan@new.example"


def _state(*, hubspot: bool, salesforce: bool) -> OptOutState:
    return OptOutState(
        contact_id="501",
        salesforce_id="003A",
        hubspot_unsubscribed=hubspot,
        salesforce_opted_out=salesforce,
    )


def test_opt6_the_old_optout_does_not_carry_over_and_the_old_address_stays_out() -> (
    None
):
    """OPT-6: "the opt-out of the old address does not carry over to the
    new one, and the old address stays opted out (OPT-5)"."""
    state = OptOutState(contact_id="501", hubspot_unsubscribed=True)
    change = address_change(state, old_address=OLD, new_address=NEW, syncing=False)
    assert (change.old_address_unsubscribed, change.new_address_unsubscribed) == (
        True,
        False,
    )
    assert change.state.hubspot_unsubscribed is False
    assert change.state.held == ()
    assert [r.rule for r in change.reasons] == ["OPT-6", "OPT-5", "OPT-6"]
    first = change.reasons[0].detail
    for words in (OLD, NEW, "'501'", "stays unsubscribed", "does not carry over"):
        assert words in first
    # Changing back: the old address is still opted out (OPT-5).
    back = address_change(
        change.state,
        old_address=NEW,
        new_address=OLD,
        syncing=False,
        unsubscribed_addresses=[OLD] if change.old_address_unsubscribed else [],
    )
    assert back.state.hubspot_unsubscribed is True
    assert back.new_address_unsubscribed is True


def test_opt6_opt5_a_new_address_already_unsubscribed_keeps_its_optout() -> None:
    """OPT-6 with OPT-5: the contact takes the new address's own state, so an
    address unsubscribed already (by another contact, or on the portal's
    list) leaves the contact unsubscribed, and OPT-2 ticks Salesforce at the
    next sync."""
    other = HubSpotContact(id="9", email=NEW.upper(), unsubscribed=True)
    state = _state(hubspot=False, salesforce=False)
    change = address_change(
        state, old_address=OLD, new_address=NEW, syncing=False, contacts=[other]
    )
    assert change.new_address_unsubscribed is True
    assert change.old_address_unsubscribed is False
    assert change.state.held == (OptOutEvent.HUBSPOT_UNSUBSCRIBED,)
    assert "keeps its own state" in change.reasons[0].detail
    assert "'9'" in change.reasons[1].detail
    assert "passes to it at the next sync (OPT-2)" in change.reasons[2].detail
    synced = apply_optout(change.state, OptOutEvent.SYNCED, syncing=True)
    assert synced.state.salesforce_opted_out is True
    assert [r.rule for r in synced.reasons] == ["OPT-4", "OPT-2"]


def test_opt6_opt2_a_ticked_email_opt_out_stays_and_passes_at_the_next_sync() -> None:
    """OPT-6's Open choice: "Salesforce's Email Opt Out belongs to the record,
    not the address, so a ticked box stays ticked and OPT-2 passes it on at
    the next sync"."""
    state = _state(hubspot=True, salesforce=True)
    held = address_change(state, old_address=OLD, new_address=NEW, syncing=False)
    assert (held.state.hubspot_unsubscribed, held.state.salesforce_opted_out) == (
        False,
        True,
    )
    assert held.state.held == (OptOutEvent.SALESFORCE_OPTED_OUT,)
    assert "stays ticked, so it passes to" in held.reasons[2].detail
    later = apply_optout(held.state, OptOutEvent.SYNCED, syncing=True)
    assert later.state.hubspot_unsubscribed is True
    now = address_change(state, old_address=OLD, new_address=NEW, syncing=True)
    assert now.state == later.state
    assert [r.rule for r in now.reasons] == [
        "OPT-6",
        "OPT-5",
        "OPT-6",
        "OPT-4",
        "OPT-2",
    ]
    assert now.new_address_unsubscribed is False  # its own state, before the sync


def test_opt6_opt3_an_address_change_never_unticks_salesforce() -> None:
    """OPT-6 with OPT-3: only the contact's own resubscribe unticks Email Opt
    Out; a new, subscribed address leaves the box ticked, syncing or not."""
    for syncing in (False, True):
        state = _state(hubspot=True, salesforce=True)
        change = address_change(
            state, old_address=OLD, new_address=NEW, syncing=syncing
        )
        assert change.state.salesforce_opted_out is True


def test_opt6_agreeing_sides_hold_nothing_and_say_so() -> None:
    """OPT-6: after the change the sides are compared afresh; sides that agree
    hold nothing, and the sentence says nothing passes."""
    both = address_change(
        _state(hubspot=False, salesforce=True),
        old_address=OLD,
        new_address=NEW,
        syncing=False,
        unsubscribed_addresses=[NEW],
    )
    assert both.state.held == ()
    assert "nothing passes" in both.reasons[2].detail
    neither = address_change(
        _state(hubspot=False, salesforce=False),
        old_address=OLD,
        new_address=NEW,
        syncing=True,
    )
    assert neither.state.held == ()
    assert "subscribed, so nothing passes" in neither.reasons[2].detail
    assert [r.rule for r in neither.reasons][-1] == "OPT-4"


def test_opt6_a_held_change_of_the_old_address_does_not_pass() -> None:
    """OPT-6 with OPT-4: an unsubscribe of the old address held while the
    contact did not sync belongs to that address; the next sync passes the
    new address's state, so Salesforce is not ticked."""
    state = OptOutState(contact_id="501", salesforce_id="003A")
    state = apply_optout(state, OptOutEvent.HUBSPOT_UNSUBSCRIBED, syncing=False).state
    assert state.held == (OptOutEvent.HUBSPOT_UNSUBSCRIBED,)
    change = address_change(state, old_address=OLD, new_address=NEW, syncing=True)
    assert change.old_address_unsubscribed is True
    assert (change.state.hubspot_unsubscribed, change.state.salesforce_opted_out) == (
        False,
        False,
    )


def test_opt6_opt5_two_spellings_of_one_address_are_no_change() -> None:
    """OPT-5: an unsubscribe belongs to the address, compared by its key, so
    a change of case is no address change (OPT-6 does not apply)."""
    state = _state(hubspot=True, salesforce=True)
    change = address_change(
        state, old_address=OLD, new_address=OLD.upper(), syncing=True
    )
    assert change.state == state
    assert (change.old_address_unsubscribed, change.new_address_unsubscribed) == (
        True,
        True,
    )
    assert [r.rule for r in change.reasons] == ["OPT-5"]
    assert "are one address" in change.reasons[0].detail


def test_opt6_without_a_salesforce_record_the_sentence_says_so() -> None:
    """OPT-6: a contact with no Salesforce record named still gets a sentence."""
    state = OptOutState(contact_id="501", salesforce_opted_out=True)
    change = address_change(state, old_address=OLD, new_address=NEW, syncing=False)
    assert "the Salesforce record" in change.reasons[2].detail


def test_opt6_an_invalid_address_is_a_typed_error() -> None:
    """OPT-6: addresses compare by key (OPT-5), so an invalid one raises."""
    state = _state(hubspot=False, salesforce=False)
    with pytest.raises(InvalidEmailError):
        address_change(
            state, old_address="not an address", new_address=NEW, syncing=False
        )
    with pytest.raises(InvalidEmailError):
        address_change(state, old_address=OLD, new_address="nope", syncing=False)
