"""Email opt-out when a contact's address changes (OPT-6, with OPT-5 and
OPT-2): what the contact's subscription becomes, and what each address
keeps.

An unsubscribe belongs to the address, not to the contact record (OPT-5),
so when a HubSpot contact's address changes the old address's opt-out does
not carry over to the new one, and the old address stays opted out
(OPT-6): the contact takes the new address's own state. Salesforce's Email
Opt Out belongs to the record, not to the address (RULES.md's Open choice,
docs/decisions.md): a ticked box stays ticked, and OPT-2 passes it on to
the new address at the next sync. So after the change the two sides are
compared afresh, as on a first sync (OPT-4): a side opted out while the
other is not holds its opt-out for the next sync; sides that agree hold
nothing. The change never unticks Salesforce: only the contact's own
resubscribe does (OPT-3).

`address_change` builds this on `apply_optout` and `address_optout` (in
`_opt`, which is kept under the 500-line limit), so the sync that passes
what is held is the same one as for every other opt-out event.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._email import email_key, email_key_or_none
from crmsync_rules.model._hubspot import HubSpotContact

from ._opt import (
    OptOutEvent,
    OptOutState,
    address_optout,
    apply_optout,
)

__all__ = ["AddressChange", "address_change", "history_address_change"]


@attrs.frozen(kw_only=True)
class AddressChange:
    """The outcome of `address_change`.

    ``state`` is the pair's opt-out after the change (after its sync too,
    when the contact syncs): ``state.hubspot_unsubscribed`` is the contact's
    new subscription. The address-level facts: ``old_address_unsubscribed``
    says whether *old_address* is opted out, which it stays (OPT-5, OPT-6);
    ``new_address_unsubscribed`` is the new address's own state before any
    sync (OPT-5).
    """

    old_address: str
    new_address: str
    old_address_unsubscribed: bool
    new_address_unsubscribed: bool
    state: OptOutState
    reasons: tuple[Reason, ...]


def _compared_afresh(hubspot: bool, salesforce: bool) -> tuple[OptOutEvent, ...]:
    """What the next sync passes after an address change: the side opted
    out while the other is not (OPT-2); nothing when the sides agree."""
    if salesforce and not hubspot:
        return (OptOutEvent.SALESFORCE_OPTED_OUT,)
    if hubspot and not salesforce:
        return (OptOutEvent.HUBSPOT_UNSUBSCRIBED,)
    return ()


def _record(state: OptOutState) -> str:
    if state.salesforce_id is None:
        return "the Salesforce record"
    return f"Salesforce record {state.salesforce_id!r}"


def _record_sentence(
    state: OptOutState, new_address: str, new_unsubscribed: bool
) -> Reason:
    """OPT-6's Open choice, for the Salesforce side: what the box does."""
    record = _record(state)
    if state.salesforce_opted_out and new_unsubscribed:
        detail = (
            f"Email Opt Out of {record} belongs to the record and stays "
            f"ticked; {new_address!r} is unsubscribed too, so nothing passes."
        )
    elif state.salesforce_opted_out:
        detail = (
            f"Email Opt Out of {record} belongs to the record and stays "
            f"ticked, so it passes to {new_address!r} at the next sync (OPT-2)."
        )
    elif new_unsubscribed:
        detail = (
            f"Email Opt Out of {record} is not ticked, so the opt-out of "
            f"{new_address!r} passes to it at the next sync (OPT-2)."
        )
    else:
        detail = (
            f"Email Opt Out of {record} is not ticked and {new_address!r} is "
            "subscribed, so nothing passes."
        )
    return cite("OPT-6", detail)


def address_change(
    state: OptOutState,
    /,
    *,
    old_address: str,
    new_address: str,
    syncing: bool,
    contacts: Iterable[HubSpotContact] = (),
    unsubscribed_addresses: Iterable[str] = (),
) -> AddressChange:
    """The contact of *state* changed its email address from *old_address*
    to *new_address* (OPT-6), for a contact that does or does not sync now
    (*syncing*).

    The contact takes the new address's own state (OPT-5, from *contacts*
    and *unsubscribed_addresses* as in `address_optout`; the old address
    counts only through them); *old_address* stays opted out when the
    contact was; Email Opt Out in Salesforce stays as it is. Then each side
    opted out while the other is not holds its opt-out, which the next sync
    passes (OPT-2): at once when the contact syncs (the change is a sync of
    its own, through `apply_optout`), else on the next call with
    ``syncing=True`` (OPT-4). Two spellings of one address (one email key)
    are no change: the state stays as it is. Invalid addresses raise
    `InvalidEmailError`.

    >>> state = OptOutState(contact_id="501", salesforce_id="003A",
    ...                     hubspot_unsubscribed=True, salesforce_opted_out=True)
    >>> change = address_change(state, old_address="old@example.com",
    ...                         new_address="new@example.com", syncing=False)
    >>> change.old_address_unsubscribed, change.new_address_unsubscribed
    (True, False)
    >>> change.state.hubspot_unsubscribed, change.state.salesforce_opted_out
    (False, True)
    >>> [r.rule for r in change.reasons]
    ['OPT-6', 'OPT-5', 'OPT-6']
    """
    contact = f"HubSpot contact {state.contact_id!r}"
    old_key = email_key(old_address)
    new = address_optout(
        new_address,
        contacts=contacts,
        unsubscribed_addresses=unsubscribed_addresses,
    )
    old_unsubscribed = state.hubspot_unsubscribed
    if new.key == old_key:
        return AddressChange(
            old_address=old_address,
            new_address=new_address,
            old_address_unsubscribed=old_unsubscribed,
            new_address_unsubscribed=old_unsubscribed,
            state=state,
            reasons=(
                cite(
                    "OPT-5",
                    f"{old_address!r} and {new_address!r} are one address "
                    f"(key {new.key!r}), so the opt-out of {contact} stays "
                    "as it is.",
                ),
            ),
        )
    kept = "stays unsubscribed" if old_unsubscribed else "keeps its own state"
    carried = (
        "does not carry over to it"
        if old_unsubscribed
        else "has no opt-out to carry over"
    )
    reasons = [
        cite(
            "OPT-6",
            f"{contact} changed its address from {old_address!r} to "
            f"{new_address!r}; {old_address!r} {kept} and {carried}, so "
            f"{contact} takes the state of {new_address!r}.",
        ),
        *new.reasons,
        _record_sentence(state, new_address, new.unsubscribed),
    ]
    changed = attrs.evolve(
        state,
        hubspot_unsubscribed=new.unsubscribed,
        held=_compared_afresh(new.unsubscribed, state.salesforce_opted_out),
    )
    if syncing:
        synced = apply_optout(changed, OptOutEvent.SYNCED, syncing=True)
        changed = synced.state
        reasons.extend(synced.reasons)
    return AddressChange(
        old_address=old_address,
        new_address=new_address,
        old_address_unsubscribed=old_unsubscribed,
        new_address_unsubscribed=new.unsubscribed,
        state=changed,
        reasons=tuple(reasons),
    )


def _opted_out(value: object) -> bool:
    """An ``hs_email_optout`` value of the history: ``true`` in any form."""
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True


def history_address_change(
    contact: HubSpotContact,
    /,
    *,
    salesforce_id: str | None,
    salesforce_opted_out: bool,
    syncing: bool,
) -> AddressChange | None:
    """`address_change` for the change of address *contact*'s ``email``
    history shows (OPT-6), with its Salesforce partner *salesforce_id*
    (Email Opt Out ticked: *salesforce_opted_out*); ``None`` when the
    history shows none.

    The newest address in the history whose email key differs from the
    contact's own is the old address; the change is when the next newer
    address was set. The old address's opt-out is the ``hs_email_optout``
    the history shows in effect just before the change (a value set at the
    change itself is the new address's); when the history shows none, the
    old state is unknown and nothing is claimed (``None``). The new
    address's state is the contact's own (OPT-5).
    """
    changes = contact.history.get("email", ())
    key = email_key_or_none(contact.email)
    if len(changes) < 2 or key is None or contact.email is None:
        return None
    for at in range(1, len(changes)):
        old = changes[at].value
        if isinstance(old, str) and email_key_or_none(old) not in (None, key):
            break
    else:
        return None
    changed_at = changes[at - 1].timestamp
    before = [
        optout.value
        for optout in contact.history.get("hs_email_optout", ())
        if optout.timestamp < changed_at
    ]
    if not before:
        return None
    state = OptOutState(
        contact_id=contact.id,
        salesforce_id=salesforce_id,
        hubspot_unsubscribed=_opted_out(before[0]),
        salesforce_opted_out=salesforce_opted_out,
    )
    return address_change(
        state,
        old_address=old,
        new_address=contact.email,
        syncing=syncing,
        contacts=(contact,),
    )
