"""The mappings with rules of their own in a pair's field sync: the owner
(FM-6 with OWN-2 to OWN-7), the locked opt-out (OPT-1 to OPT-5, through
`apply_optout`), lifecycle stage (LC-1 to LC-3) and Company name (CN-2,
CN-3)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._hubspot import HubSpotContact, LifecycleStage
from crmsync_rules.model._salesforce import (
    SalesforceObject,
)
from crmsync_rules.model._settings import (
    FieldMapping,
    IntegrationSettings,
)

from ._cn import company_name_sync
from ._field_pair import NEVER, Pair, field_of, known
from ._field_reasons import later
from ._field_results import MappedField, OwnerDecisions
from ._fm_values import (
    FieldWrite,
    Side,
)
from ._lc import LifecycleDecision, lifecycle_rank
from ._opt import OptOutDecision, OptOutEvent, OptOutState, apply_optout
from ._opt_address import AddressChange, history_address_change
from ._own import (
    OwnerAction,
    OwnerDecision,
    OwnerSyncDirection,
)
from ._own_assign import later_owner_sync

_SETS: Final = frozenset({OwnerAction.SET, OwnerAction.INTEGRATION_USER})
"""The owner actions that give a new Salesforce owner (OWN-4, OWN-6)."""

__all__ = ["company_reasons", "lifecycle_field", "optout_field", "owner_field"]


def owner_field(
    pair: Pair, mapping: FieldMapping, owners: OwnerDecisions
) -> tuple[MappedField, bool]:
    """The owner mapping (FM-6), by the owner rule of the pair's case: a
    record HubSpot creates in Salesforce takes its owner by OWN-6
    (`creation_owner`), a pair's first sync keeps an active Salesforce owner
    and fills an empty HubSpot one by OWN-7 (`first_sync_owner`), and
    afterwards the most recent owner change wins by OWN-7
    (`later_owner_sync`); a record created in HubSpot takes its Salesforce
    owner (OWN-3). Each owner crosses by `map_owner`'s exact matching
    (OWN-4, OWN-5). With the field, whether a plan of changes shows it: it
    writes, or Salesforce reverts the HubSpot owner sent to it (OWN-5)."""
    hubspot_owner = pair.hubspot_value(mapping.hubspot_property)
    salesforce_owner = pair.salesforce_value(mapping.salesforce_field)
    hubspot_id = hubspot_owner if isinstance(hubspot_owner, str) else None
    salesforce_id = salesforce_owner if isinstance(salesforce_owner, str) else None
    reasons: list[Reason] = []
    decision: OwnerDecision | None
    rule = "FM-6"
    if pair.hubspot is None:
        decision = (
            owners.decision(salesforce_id, OwnerSyncDirection.TO_HUBSPOT, None)
            if salesforce_id is not None
            else None
        )
    elif pair.salesforce is None:
        decision = owners.created(hubspot_id, pair.salesforce_object)
        rule = "OWN-6"
    elif not pair.linked:
        decision = owners.first_sync(hubspot_id, salesforce_id)
        rule = "OWN-7"
    else:
        hubspot_at, salesforce_at, how = pair.times.of(mapping)
        reasons.append(
            cite(
                "FM-6",
                "The owner mapping is two-way with exact matching whatever rule "
                "it shows; the most recent owner change passes"
                + (f": {how}" if how is not None else "."),
            )
        )
        decision = later_owner_sync(
            hubspot_id,
            salesforce_id,
            hubspot_changed_at=None if hubspot_at == NEVER else hubspot_at,
            salesforce_changed_at=None if salesforce_at == NEVER else salesforce_at,
            owners=(),
            mapped=owners.decision,
        )
    writes: list[FieldWrite] = []
    if decision is None:
        reasons.append(
            cite("OWN-2", f"{pair.salesforce_name} has no Owner ID; nothing passes.")
        )
        return field_of(mapping, hubspot_id, salesforce_id, writes, reasons), False
    reasons.extend(decision.reasons)
    target = decision.owner_id
    if decision.direction is OwnerSyncDirection.TO_SALESFORCE:
        if decision.action in _SETS and target is not None and target != salesforce_id:
            writes.append(
                FieldWrite(
                    side=Side.SALESFORCE,
                    value=target,
                    reason=cite(
                        rule,
                        (
                            f"HubSpot owner {hubspot_id!r} matches Salesforce user "
                            f"{target!r}"
                            if decision.action is OwnerAction.SET
                            else f"The integration user is {target!r}"
                        )
                        + f": write it to {pair.salesforce_name}'s "
                        f"{mapping.salesforce_field}.",
                    ),
                )
            )
    elif decision.action is OwnerAction.SET and target != hubspot_id:
        writes.append(
            FieldWrite(
                side=Side.HUBSPOT,
                value=target,
                reason=cite(
                    rule,
                    f"Salesforce owner {salesforce_id!r} is HubSpot owner "
                    f"{target!r}: write it to {pair.hubspot_name}'s "
                    f"{mapping.hubspot_property}.",
                ),
            )
        )
    elif decision.action is OwnerAction.IMPORT:
        reasons.append(
            cite(
                "FM-6",
                f"HubSpot imports Salesforce owner {salesforce_id!r} as a new "
                "owner and assigns its id, so no owner id is known to write yet.",
            )
        )
    field = field_of(
        mapping,
        hubspot_id,
        salesforce_id,
        writes,
        (*reasons, *(w.reason for w in writes)),
    )
    return field, bool(writes) or decision.action is OwnerAction.REVERT


def optout_field(
    pair: Pair, mapping: FieldMapping, decided: OptOutDecision | None
) -> MappedField:
    """The locked opt-out mapping (OPT-1), through `apply_optout`: a tick
    or unsubscribe passes (OPT-2), an untick never resubscribes (OPT-3), a
    first sync passes what either side holds (OPT-4), and an unsubscribe
    belongs to the address, so a merge keeps it (OPT-5). A contact whose
    email history shows a change of address takes the new address's state,
    and the two sides are compared afresh (OPT-6, `address_change`)."""
    hubspot = pair.hubspot_value(mapping.hubspot_property) is True
    salesforce = pair.salesforce_value(mapping.salesforce_field) is True
    reasons = [
        cite(
            "OPT-1",
            f"{mapping} is the locked opt-out mapping: it never resubscribes anyone.",
        )
    ]
    moved = _address_change(pair, salesforce)
    after: OptOutState | None = None
    if moved is not None:
        reasons.extend(moved.reasons)
        if decided is None and hubspot != salesforce:
            after = moved.state
    elif decided is None and hubspot != salesforce:
        contact_id = pair.hubspot.id if pair.hubspot is not None else "(new)"
        salesforce_id = pair.salesforce.id if pair.salesforce is not None else None
        if pair.linked:
            state = OptOutState(
                contact_id=contact_id,
                salesforce_id=salesforce_id,
                hubspot_unsubscribed=hubspot,
                salesforce_opted_out=salesforce,
            )
            change = pair.change
            if salesforce:
                event = OptOutEvent.SALESFORCE_OPTED_OUT
            elif (
                change is not None
                and change.side is Side.SALESFORCE
                and mapping.salesforce_field in change.names
            ):
                event = OptOutEvent.SALESFORCE_OPTED_IN
            else:
                event = OptOutEvent.HUBSPOT_UNSUBSCRIBED
        else:
            state = OptOutState.never_synced(
                contact_id=contact_id,
                salesforce_id=salesforce_id,
                hubspot_unsubscribed=hubspot,
                salesforce_opted_out=salesforce,
            )
            event = OptOutEvent.SYNCED
        decided = apply_optout(state, event, syncing=True)
    if decided is not None:
        reasons.extend(decided.reasons)
        after = decided.state
    writes: list[FieldWrite] = []
    if after is not None:
        if not pair.linked and (hubspot or salesforce) and not pair.created:
            reasons.append(
                cite(
                    "OPT-5",
                    "An unsubscribe belongs to the email address, so the pair's "
                    "first sync keeps it on both records.",
                )
            )
        for side, before, now in (
            (Side.HUBSPOT, hubspot, after.hubspot_unsubscribed),
            (Side.SALESFORCE, salesforce, after.salesforce_opted_out),
        ):
            # Never clear an opt-out here: only the contact's own
            # resubscribe does (OPT-3), an event `apply_optout` takes.
            if now and not before:
                name = (
                    pair.hubspot_name if side is Side.HUBSPOT else pair.salesforce_name
                )
                writes.append(
                    FieldWrite(
                        side=side,
                        value=True,
                        reason=cite(
                            "OPT-2",
                            f"The opt-out passes: tick {name}'s "
                            + (
                                mapping.hubspot_property
                                if side is Side.HUBSPOT
                                else mapping.salesforce_field
                            )
                            + ".",
                        ),
                    )
                )
    else:  # both sides agree: `apply_optout` had nothing to decide
        reasons.append(
            cite(
                "OPT-2",
                "Both sides agree ("
                + ("opted out" if hubspot else "not opted out")
                + "), so nothing passes.",
            )
        )
    return field_of(
        mapping,
        hubspot,
        salesforce,
        writes,
        (*reasons, *(w.reason for w in writes)),
    )


def _address_change(pair: Pair, salesforce: bool) -> AddressChange | None:
    """The change of address the pair's HubSpot contact's email history
    shows (OPT-6), as the pair's sync meets it; ``None`` without one."""
    contact = pair.hubspot
    if not isinstance(contact, HubSpotContact):
        return None
    if contact.history.latest("email") is None:  # most contacts
        return None
    return history_address_change(
        contact,
        salesforce_id=pair.salesforce.id if pair.salesforce is not None else None,
        salesforce_opted_out=salesforce,
        syncing=True,
    )


def lifecycle_field(
    pair: Pair,
    mapping: FieldMapping,
    reach: tuple[bool, Reason],
    lifecycle: Iterable[LifecycleDecision],
) -> MappedField:
    """Lifecycle stage (LC-1): a won opportunity's Customer (LC-2, LC-3)
    or an open one's Opportunity (LC-4) is written to HubSpot and carried on
    by the mapping as LC-1 allows; of several, the latest stage stands, and
    a contact at that stage or later stays (LC-5, `lifecycle_rank`);
    otherwise the mapping's rule decides. *reach* is
    `lifecycle_reaches_salesforce` of the settings' mappings."""
    hubspot_value = pair.hubspot_value(mapping.hubspot_property)
    salesforce_value = pair.salesforce_value(mapping.salesforce_field)
    reaches, lc1 = reach
    contact = pair.hubspot if isinstance(pair.hubspot, HubSpotContact) else None
    moving = [
        d
        for d in lifecycle
        if d.stage is not None and contact is not None and contact.id in d.contact_ids
    ]
    if not moving:
        # Opportunities that reach the contact but would move it backwards
        # leave it as it is (LC-5): their reasons say so.
        now = lifecycle_rank(contact.lifecycle_stage if contact else None)
        kept = [
            r
            for d in lifecycle
            if d.stage is not None and now >= lifecycle_rank(d.stage)
            for r in d.reasons
            if r.rule == "LC-5"
        ]
        extra = (lc1, *dict.fromkeys(kept))
        return pair.by_rule(mapping, hubspot_value, salesforce_value, extra)
    # LC-5: of several opportunities, the latest stage stands (the first of
    # equals, as the plan's entry decides it).
    decision = max(moving, key=lambda d: lifecycle_rank(d.stage))
    assert decision.stage is not None  # `moving` holds stages only
    stage = decision.stage.value
    outranked: tuple[Reason, ...] = ()
    if len(moving) > 1:
        others = ", ".join(repr(d.opportunity_id) for d in moving if d is not decision)
        outranked = (
            later("LC-5", _latest_stands, decision.opportunity_id, stage, others),
        )
    # Customer comes of a Closed/Won opportunity (LC-2), Opportunity of
    # an open one naming the contact in a contact role (LC-4).
    won = decision.stage is LifecycleStage.CUSTOMER
    why = "Closed/Won" if won else "open and names the contact in a contact role"
    writes = []
    if hubspot_value != stage:
        writes.append(
            FieldWrite(
                side=Side.HUBSPOT,
                value=stage,
                reason=cite(
                    "LC-2" if won else "LC-4",
                    f"Opportunity {decision.opportunity_id!r} is {why}: "
                    f"write {stage!r} to {pair.hubspot_name}'s lifecyclestage.",
                ),
            )
        )
    if reaches and salesforce_value != stage and pair.salesforce is not None:
        writes.append(
            FieldWrite(
                side=Side.SALESFORCE,
                value=stage,
                reason=cite(
                    "LC-1",
                    f"The stage reaches Salesforce through {mapping}: write "
                    f"{stage!r} to {pair.salesforce_name}'s "
                    f"{mapping.salesforce_field}.",
                ),
            )
        )
    return field_of(
        mapping,
        known(hubspot_value),
        known(salesforce_value),
        writes,
        (*decision.reasons, *outranked, *(w.reason for w in writes)),
    )


def _latest_stands(opportunity_id: str, stage: str, others: str) -> str:
    return (
        f"Opportunity {opportunity_id!r} moves the contact to {stage}, "
        f"the latest stage of the opportunities that reach it (also {others}): "
        "it stands, as automatic transitions never move a stage backwards."
    )


def company_reasons(
    hubspot: HubSpotContact,
    salesforce_object: SalesforceObject,
    settings: IntegrationSettings,
) -> tuple[Reason, ...]:
    """CN-2 and CN-3 for a contact syncing with *salesforce_object*."""
    if salesforce_object is SalesforceObject.CONTACT:
        linked = attrs.evolve(
            hubspot, salesforce_contact_id=hubspot.salesforce_contact_id or "(new)"
        )
    else:
        linked = attrs.evolve(
            hubspot,
            salesforce_contact_id=None,
            salesforce_lead_id=hubspot.salesforce_lead_id or "(new)",
        )
    return company_name_sync(linked, settings=settings).reasons
