"""Email opt-out (OPT-1, OPT-2, OPT-3, OPT-4, OPT-5): the one mapping that
must never resubscribe anyone.

Installation maps "Unsubscribed from all email" to "Email Opt Out" for good
(OPT-1). An unsubscribe in HubSpot or a tick in Salesforce reaches the other
side (OPT-2); an untick in Salesforce never resubscribes a HubSpot contact,
only the contact's own resubscribe does (OPT-3). While the contact does not
sync, each side changes on its own; on the next sync each side's status,
if it differs from what the other side last saw, passes (OPT-4), so a change
undone before the sync passes nothing. An unsubscribe belongs to the
address, so a new or merged contact with that address starts unsubscribed
(OPT-5).

`apply_optout` is a small state machine over events, like h11's: the same
event applied twice leaves the state it left the first time.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._email import EmailKey, email_key, email_key_or_none
from crmsync_rules.model._errors import (
    InvalidRecordError,
    LockedMappingError,
)
from crmsync_rules.model._hubspot import HubSpotContact
from crmsync_rules.model._settings import (
    OPT_OUT_MAPPINGS,
    FieldMapping,
    touches_opt_out,
)

__all__ = [
    "AddressOptOut",
    "OptOutDecision",
    "OptOutEvent",
    "OptOutMappingChange",
    "OptOutMappingCheck",
    "OptOutState",
    "address_optout",
    "apply_optout",
    "check_optout_mapping",
    "optout_mapping_change",
]


class OptOutEvent(str, enum.Enum):
    """Something that happened to a contact's opt-out, on either side."""

    HUBSPOT_UNSUBSCRIBED = "hubspot_unsubscribed"
    """"Unsubscribed from all email" became true in HubSpot."""
    CONTACT_RESUBSCRIBED = "contact_resubscribed"
    """The contact resubscribed by its own action (the only way back,
    OPT-3)."""
    SALESFORCE_OPTED_OUT = "salesforce_opted_out"
    """Email Opt Out was ticked in Salesforce."""
    SALESFORCE_OPTED_IN = "salesforce_opted_in"
    """Email Opt Out was unticked in Salesforce."""
    SYNCED = "synced"
    """The contact synced without an opt-out change of its own (for example
    its first sync after joining the inclusion list)."""


_SIDE_OF: dict[OptOutEvent, str] = {
    OptOutEvent.HUBSPOT_UNSUBSCRIBED: "hubspot_unsubscribed",
    OptOutEvent.CONTACT_RESUBSCRIBED: "hubspot_unsubscribed",
    OptOutEvent.SALESFORCE_OPTED_OUT: "salesforce_opted_out",
    OptOutEvent.SALESFORCE_OPTED_IN: "salesforce_opted_out",
}
"""The `OptOutState` field each event changes on its own side."""

_STATUS_AFTER: dict[OptOutEvent, bool] = {
    OptOutEvent.HUBSPOT_UNSUBSCRIBED: True,
    OptOutEvent.CONTACT_RESUBSCRIBED: False,
    OptOutEvent.SALESFORCE_OPTED_OUT: True,
    OptOutEvent.SALESFORCE_OPTED_IN: False,
}


def _check_held(
    state: OptOutState,
    attribute: attrs.Attribute[tuple[OptOutEvent, ...]],
    held: tuple[OptOutEvent, ...],
) -> None:
    """A held event is one side's change not yet passed: at most one per
    side, and it must be the status that side has now."""
    if not held:
        return  # the usual state, checked on every decision: nothing to check
    sides = [_SIDE_OF.get(event) for event in held]
    well_formed = None not in sides and len(set(sides)) == len(sides)
    if not well_formed or any(
        getattr(state, _SIDE_OF[event]) != _STATUS_AFTER[event] for event in held
    ):
        raise InvalidRecordError(
            "must hold at most one event per side, each agreeing with that "
            "side's status (hubspot_unsubscribed="
            f"{state.hubspot_unsubscribed}, salesforce_opted_out="
            f"{state.salesforce_opted_out})",
            record=state.contact_id,
            field=attribute.name,
            value=tuple(event.value for event in held),
        )


@attrs.frozen(kw_only=True)
class OptOutState:
    """One contact's opt-out on both sides.

    ``held`` lists, oldest change first, each side's status change that
    happened while the contact did not sync and has not passed to the other
    side yet (OPT-4): at most one event per side, the one that gave the side
    its present status. Anything else raises `InvalidRecordError`.
    """

    contact_id: str
    salesforce_id: str | None = None
    hubspot_unsubscribed: bool = False
    salesforce_opted_out: bool = False
    held: tuple[OptOutEvent, ...] = attrs.field(default=(), validator=_check_held)

    @classmethod
    def never_synced(
        cls,
        *,
        contact_id: str,
        salesforce_id: str | None = None,
        hubspot_unsubscribed: bool,
        salesforce_opted_out: bool,
    ) -> OptOutState:
        """The state of a pair that has never synced: whichever side is
        opted out holds that status for the first sync (OPT-4)."""
        held = []
        if hubspot_unsubscribed:
            held.append(OptOutEvent.HUBSPOT_UNSUBSCRIBED)
        if salesforce_opted_out:
            held.append(OptOutEvent.SALESFORCE_OPTED_OUT)
        return cls(
            contact_id=contact_id,
            salesforce_id=salesforce_id,
            hubspot_unsubscribed=hubspot_unsubscribed,
            salesforce_opted_out=salesforce_opted_out,
            held=tuple(held),
        )


@attrs.frozen(kw_only=True)
class OptOutDecision:
    """The outcome of `apply_optout`: the new state and why."""

    state: OptOutState
    reasons: tuple[Reason, ...]


def _own_side(state: OptOutState, event: OptOutEvent) -> OptOutState:
    """The event's effect on the side where it happened."""
    if event is OptOutEvent.HUBSPOT_UNSUBSCRIBED:
        return attrs.evolve(state, hubspot_unsubscribed=True)
    if event is OptOutEvent.CONTACT_RESUBSCRIBED:
        return attrs.evolve(state, hubspot_unsubscribed=False)
    if event is OptOutEvent.SALESFORCE_OPTED_OUT:
        return attrs.evolve(state, salesforce_opted_out=True)
    if event is OptOutEvent.SALESFORCE_OPTED_IN:
        return attrs.evolve(state, salesforce_opted_out=False)
    return state


def _names(state: OptOutState) -> tuple[str, str]:
    record = (
        f"Salesforce record {state.salesforce_id!r}"
        if state.salesforce_id is not None
        else "the Salesforce record"
    )
    return f"HubSpot contact {state.contact_id!r}", record


def _pass(
    state: OptOutState, event: OptOutEvent, contact: str, record: str
) -> tuple[OptOutState, Reason]:
    """Apply *event* as a syncing contact sees it: both sides, in one new
    state (*state* holds nothing here, so no intermediate state needs
    checking). *contact* and *record* are `_names` of *state*."""
    if event is OptOutEvent.HUBSPOT_UNSUBSCRIBED:
        both = attrs.evolve(state, hubspot_unsubscribed=True, salesforce_opted_out=True)
        return both, cite(
            "OPT-2",
            f"{contact} unsubscribed from all email, so Email Opt Out of "
            f"{record} is ticked.",
        )
    if event is OptOutEvent.SALESFORCE_OPTED_OUT:
        both = attrs.evolve(state, hubspot_unsubscribed=True, salesforce_opted_out=True)
        return both, cite(
            "OPT-2",
            f"Email Opt Out of {record} was ticked, so {contact} is "
            "unsubscribed from all email.",
        )
    if event is OptOutEvent.SALESFORCE_OPTED_IN:
        now = "stays unsubscribed" if state.hubspot_unsubscribed else "is unchanged"
        return attrs.evolve(state, salesforce_opted_out=False), cite(
            "OPT-3",
            f"Email Opt Out of {record} was unticked; {contact} {now}, "
            "since only the contact's own action resubscribes it.",
        )
    if event is OptOutEvent.CONTACT_RESUBSCRIBED:
        both = attrs.evolve(
            state, hubspot_unsubscribed=False, salesforce_opted_out=False
        )
        return both, cite(
            "OPT-3",
            f"{contact} resubscribed by its own action, so it is "
            f"subscribed again and Email Opt Out of {record} is unticked.",
        )
    return state, cite(
        "OPT-4", f"{contact} synced with {record}; no opt-out change was waiting."
    )


def _hold(state: OptOutState, event: OptOutEvent, contact: str) -> OptOutDecision:
    """*event* while the contact does not sync: its own side only (OPT-4)."""
    # Validation needs the held changes to match the sides, so the held
    # tuple is rebuilt after the side changes, not carried through.
    changed = _own_side(attrs.evolve(state, held=()), event)
    if (changed.hubspot_unsubscribed, changed.salesforce_opted_out) == (
        state.hubspot_unsubscribed,
        state.salesforce_opted_out,
    ):
        # Nothing changed, so there is no new status to pass later.
        outcome = "changes nothing there"
        held = state.held
    elif any(_SIDE_OF[e] == _SIDE_OF[event] for e in state.held):
        # A side's statuses alternate, so this change undoes the one held:
        # the side is back to what the other side last saw.
        outcome = "undoes the change held there, so that side has nothing to pass"
        held = tuple(e for e in state.held if _SIDE_OF[e] != _SIDE_OF[event])
    else:
        outcome = "waits there for the next sync"
        held = (*state.held, event)
    return OptOutDecision(
        state=attrs.evolve(changed, held=held),
        reasons=(
            cite(
                "OPT-4",
                f"{contact} does not sync now, so {event.value!r} stays "
                f"on its own side and {outcome} ({len(held)} change(s) held).",
            ),
        ),
    )


def apply_optout(
    state: OptOutState, event: OptOutEvent, /, *, syncing: bool
) -> OptOutDecision:
    """Apply *event* to *state*, for a contact that does or does not sync
    now (*syncing*, see `SyncDecision.syncing`).

    While not syncing, only the event's own side changes, and the change is
    held unless it undoes one held already; the next call with
    ``syncing=True`` passes each side's held change, oldest first, before
    *event* (OPT-4). Applying the same event twice leaves the state the
    first application left.

    >>> state = OptOutState(contact_id="501", salesforce_id="00Q1",
    ...                     hubspot_unsubscribed=True, salesforce_opted_out=True)
    >>> decision = apply_optout(state, OptOutEvent.SALESFORCE_OPTED_IN, syncing=True)
    >>> decision.state.hubspot_unsubscribed, [r.rule for r in decision.reasons]
    (True, ['OPT-3'])
    """
    contact, record = _names(state)
    if not syncing:
        return _hold(state, event, contact)
    reasons: list[Reason] = []
    held = state.held
    if held:
        names = ", ".join(e.value for e in held)
        reasons.append(
            cite(
                "OPT-4",
                f"{contact} syncs now, so the statuses held pass, "
                f"oldest change first: {names}.",
            )
        )
        state = attrs.evolve(state, held=())
        for held_event in held:
            state, reason = _pass(state, held_event, contact, record)
            reasons.append(reason)
        if event is OptOutEvent.SYNCED:
            return OptOutDecision(state=state, reasons=tuple(reasons))
    state, reason = _pass(state, event, contact, record)
    reasons.append(reason)
    return OptOutDecision(state=state, reasons=tuple(reasons))


@attrs.frozen(kw_only=True)
class AddressOptOut:
    """The outcome of `address_optout`."""

    address: str
    key: EmailKey
    unsubscribed: bool
    reasons: tuple[Reason, ...]


def address_optout(
    address: str,
    /,
    *,
    contacts: Iterable[HubSpotContact] = (),
    unsubscribed_addresses: Iterable[str] = (),
) -> AddressOptOut:
    """Whether a contact with *address* starts unsubscribed (OPT-5).

    *contacts* are the HubSpot contacts that have, or had, the address (for
    example those merged into one, or one deleted earlier);
    *unsubscribed_addresses* the portal's unsubscribed addresses. Addresses
    compare by `email_key`; an invalid *address* raises `InvalidEmailError`.

    >>> from crmsync_rules import HubSpotContact
    >>> gone = HubSpotContact(id="9", email="jan@vries.nl", unsubscribed=True)
    >>> address_optout("JAN@vries.nl", contacts=[gone]).unsubscribed
    True
    """
    key = email_key(address)
    for contact in sorted(contacts, key=lambda c: c.id):
        if contact.unsubscribed and _same(contact.email, key):
            return AddressOptOut(
                address=address,
                key=key,
                unsubscribed=True,
                reasons=(
                    cite(
                        "OPT-5",
                        f"HubSpot contact {contact.id!r} with address "
                        f"{contact.email!r} is unsubscribed, so every contact "
                        f"with {address!r} starts unsubscribed.",
                    ),
                ),
            )
    for other in unsubscribed_addresses:
        if _same(other, key):
            return AddressOptOut(
                address=address,
                key=key,
                unsubscribed=True,
                reasons=(
                    cite(
                        "OPT-5",
                        f"The address {other!r} unsubscribed from all "
                        f"email, so a contact with {address!r} starts "
                        "unsubscribed.",
                    ),
                ),
            )
    return AddressOptOut(
        address=address,
        key=key,
        unsubscribed=False,
        reasons=(
            cite(
                "OPT-5",
                f"No contact or address with the key {key!r} is "
                "unsubscribed, so a contact with it starts subscribed.",
            ),
        ),
    )


def _same(address: str | None, key: EmailKey) -> bool:
    return email_key_or_none(address) == key


@attrs.frozen(kw_only=True)
class OptOutMappingCheck:
    """The outcome of `check_optout_mapping` for a change it allows.

    ``locked`` says whether the mapping is an opt-out one (then the only
    allowed change is none at all).
    """

    locked: bool
    reasons: tuple[Reason, ...]


def _locked_or_opt_out(mapping: FieldMapping) -> bool:
    return mapping.locked or touches_opt_out(mapping)


def _refusal(mapping: FieldMapping, replacement: FieldMapping | None) -> str | None:
    """Why OPT-1 refuses to replace *mapping* by *replacement* (``None``:
    deleting it), or ``None`` when it allows the change."""
    if replacement == mapping:
        return None
    if _locked_or_opt_out(mapping):
        what = "deleted" if replacement is None else f"changed into {replacement}"
        return (
            f"the opt-out mapping {mapping} cannot be {what}; it is locked (CAN-SPAM)"
        )
    if replacement is not None and _locked_or_opt_out(replacement):
        return (
            f"mapping {mapping} cannot be changed into {replacement}: "
            "'hs_email_optout' and 'HasOptedOutOfEmail' belong to the locked "
            f"opt-out mappings ({OPT_OUT_MAPPINGS[0]})"
        )
    return None


def _allowed(
    mapping: FieldMapping, replacement: FieldMapping | None
) -> OptOutMappingCheck:
    """OPT-1's reason for a change `_refusal` allows."""
    locked = _locked_or_opt_out(mapping)
    if replacement == mapping:
        verb = "keeps the locked opt-out mapping" if locked else "changes nothing"
        return OptOutMappingCheck(
            locked=locked,
            reasons=(cite("OPT-1", f"The change {verb}: {mapping}."),),
        )
    return OptOutMappingCheck(
        locked=False,
        reasons=(
            cite(
                "OPT-1",
                f"Mapping {mapping} is not an opt-out mapping, so the "
                "lock does not apply.",
            ),
        ),
    )


def check_optout_mapping(
    mapping: FieldMapping, /, *, replacement: FieldMapping | None
) -> OptOutMappingCheck:
    """Check that replacing *mapping* by *replacement* (``None``: deleting
    it) leaves the opt-out mapping alone (OPT-1).

    Raises `LockedMappingError` citing OPT-1 when *mapping* is, or
    *replacement* would touch, "Unsubscribed from all email" or "Email Opt
    Out", unless nothing changes. `optout_mapping_change` answers the same
    question with a decision instead of raising.

    >>> from crmsync_rules.optout import OPT_OUT_MAPPINGS
    >>> check_optout_mapping(OPT_OUT_MAPPINGS[0], replacement=None)
    Traceback (most recent call last):
      ...
    crmsync_rules.model._errors.LockedMappingError: OPT-1: ...
    """
    refusal = _refusal(mapping, replacement)
    if refusal is not None:
        raise LockedMappingError(refusal, rule="OPT-1", mapping=str(mapping))
    return _allowed(mapping, replacement)


@attrs.frozen(kw_only=True)
class OptOutMappingChange:
    """The outcome of `optout_mapping_change`: whether OPT-1 allows the
    change, whether the mapping is a locked opt-out one, and why."""

    allowed: bool
    locked: bool
    reasons: tuple[Reason, ...]


def optout_mapping_change(
    mapping: FieldMapping, /, *, replacement: FieldMapping | None
) -> OptOutMappingChange:
    """Whether OPT-1 allows replacing *mapping* by *replacement* (``None``:
    deleting it): `check_optout_mapping`'s answer as a decision, a refusal
    included, where that function raises `LockedMappingError`.

    >>> from crmsync_rules.optout import OPT_OUT_MAPPINGS
    >>> change = optout_mapping_change(OPT_OUT_MAPPINGS[0], replacement=None)
    >>> change.allowed, change.locked, change.reasons[0].rule
    (False, True, 'OPT-1')
    """
    refusal = _refusal(mapping, replacement)
    if refusal is not None:
        return OptOutMappingChange(
            allowed=False,
            locked=_locked_or_opt_out(mapping),
            reasons=(cite("OPT-1", f"{refusal[0].upper()}{refusal[1:]}."),),
        )
    check = _allowed(mapping, replacement)
    return OptOutMappingChange(allowed=True, locked=check.locked, reasons=check.reasons)
