"""Pairs: a HubSpot contact and the Salesforce lead or contact it syncs
with, or that dedupes into it (DUP-1), and what the pair decides together:
the contact as linked to its partner, which company-name sync reads (CN-2),
the contact a new lead or contact would create, and the pair's one opt-out
decision, shown on both entries (OPT-2, OPT-4), with what a change of the
contact's address does to it (OPT-6)."""

from __future__ import annotations

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._hubspot import HubSpotContact
from crmsync_rules.model._salesforce import (
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
)
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.rules._opt import (
    OptOutDecision,
    OptOutEvent,
    OptOutState,
    apply_optout,
)
from crmsync_rules.rules._opt_address import history_address_change
from crmsync_rules.rules._sync import SyncTrigger, should_sync

__all__ = ["Member", "Person", "address_reasons", "as_synced", "pair_optout"]

Person = SalesforceLead | SalesforceContact
Member = tuple[SalesforceObject, str, Person | None, bool]
"""A Salesforce lead or contact that pairs with a HubSpot contact: its
object, its id, the record (``None`` when the snapshot lacks it) and
whether it is linked (rather than deduping into the contact)."""


def as_synced(contact: HubSpotContact, partner: Member | None) -> HubSpotContact:
    """*contact* as linked to the Salesforce record it syncs with, *partner*,
    which may be one that dedupes into it rather than one of its own links:
    what `company_name_sync` reads (CN-2)."""
    if partner is None:
        return contact
    kind, partner_id = partner[0], partner[1]
    if kind is SalesforceObject.CONTACT:
        contact_id, lead_id = partner_id, contact.salesforce_lead_id
    else:
        contact_id, lead_id = None, partner_id
    if (contact.salesforce_contact_id, contact.salesforce_lead_id) == (
        contact_id,
        lead_id,
    ):
        return contact
    return attrs.evolve(
        contact, salesforce_contact_id=contact_id, salesforce_lead_id=lead_id
    )


def pair_optout(
    contact: HubSpotContact,
    salesforce_id: str,
    record: Person | None,
    linked: bool,
    *,
    settings: IntegrationSettings,
) -> OptOutDecision | None:
    """The opt-out outcome of the pair of HubSpot *contact* and the
    Salesforce record *salesforce_id* (*record*, ``None`` when the
    snapshot lacks it), one decision for both entries: a linked pair
    passes the side opted out, if only one is, in that side's direction
    of sync (OPT-2, OPT-4); a pair that has never synced passes what
    either side holds on its first sync."""
    opted = record is not None and record.has_opted_out_of_email
    if linked:
        if contact.unsubscribed is opted:
            return None
        state = OptOutState(contact_id=contact.id, salesforce_id=salesforce_id)
        if contact.unsubscribed:
            trigger, event = (
                SyncTrigger.HUBSPOT_CHANGE,
                OptOutEvent.HUBSPOT_UNSUBSCRIBED,
            )
        else:
            trigger, event = (
                SyncTrigger.SALESFORCE_UPDATED,
                OptOutEvent.SALESFORCE_OPTED_OUT,
            )
    elif contact.unsubscribed or opted:
        state = OptOutState.never_synced(
            contact_id=contact.id,
            salesforce_id=salesforce_id,
            hubspot_unsubscribed=contact.unsubscribed,
            salesforce_opted_out=opted,
        )
        trigger, event = SyncTrigger.SALESFORCE_MATCHED, OptOutEvent.SYNCED
    else:
        return None
    syncing = should_sync(contact, settings=settings, trigger=trigger).syncing
    return apply_optout(state, event, syncing=syncing)


def address_reasons(
    contact: HubSpotContact,
    partner: Member | None,
    *,
    settings: IntegrationSettings,
) -> tuple[Reason, ...]:
    """Why the opt-out of *contact* is what it is after its address changed
    (OPT-6), when its ``email`` history shows one, or ``()``.

    The newest address in the history whose email key differs from the
    contact's own is the old address; the change is when the next newer
    address was set. The old address's opt-out is the ``hs_email_optout``
    the history shows in effect just before the change (a value set at the
    change itself is the new address's); when the history shows none, the
    old state is unknown and nothing is claimed (docs/decisions.md). The
    new address's state is the contact's own (OPT-5); the Salesforce side
    is *partner*'s Email Opt Out. One decision, shown on the contact's
    entry and its partner's."""
    record = None if partner is None else partner[2]
    salesforce_id = None if partner is None else partner[1]
    trigger = SyncTrigger.HUBSPOT_CHANGE
    change = history_address_change(
        contact,
        # The record's id as it writes it, as its own entry does (DUP-7).
        salesforce_id=salesforce_id if record is None else record.id,
        salesforce_opted_out=record is not None and record.has_opted_out_of_email,
        syncing=should_sync(contact, settings=settings, trigger=trigger).syncing,
    )
    return () if change is None else change.reasons


# -- entries ------------------------------------------------------------
