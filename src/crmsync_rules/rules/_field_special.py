"""The mappings with rules of their own in a pair's field sync: the owner
(FM-6 with OWN-2 to OWN-5), the locked opt-out (OPT-1 to OPT-5, through
`apply_optout`), lifecycle stage (LC-1 to LC-3) and Company name (CN-2,
CN-3)."""

from __future__ import annotations

from collections.abc import Iterable

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
from ._field_pair import Pair, field_of, known, later_side
from ._field_results import MappedField, OwnerDecide
from ._fm_values import (
    FieldWrite,
    Side,
)
from ._lc import LifecycleDecision
from ._opt import OptOutDecision, OptOutEvent, OptOutState, apply_optout
from ._own import (
    OwnerAction,
    OwnerSyncDirection,
    map_owner,
)

__all__ = ["company_reasons", "lifecycle_field", "optout_field", "owner_field"]


def owner_field(pair: Pair, mapping: FieldMapping, decide: OwnerDecide) -> MappedField:
    """The owner mapping: two-way by time with exact matching (FM-6, OWN-4,
    OWN-5); Salesforce owners reach HubSpot matched by email (OWN-3)."""
    hubspot_owner = pair.hubspot_value(mapping.hubspot_property)
    salesforce_owner = pair.salesforce_value(mapping.salesforce_field)
    hubspot_id = hubspot_owner if isinstance(hubspot_owner, str) else None
    salesforce_id = salesforce_owner if isinstance(salesforce_owner, str) else None
    reasons: list[Reason] = []
    if pair.salesforce is None:
        to = Side.SALESFORCE
    elif pair.hubspot is None:
        to = Side.HUBSPOT
    else:
        hubspot_at, salesforce_at, how = pair.times.of(mapping)
        to = later_side(hubspot_at, salesforce_at).other
        if not pair.linked and (hubspot_id is None) != (salesforce_id is None):
            # A first sync carries values, not clearings.
            to = Side.HUBSPOT if hubspot_id is None else Side.SALESFORCE
        reasons.append(
            cite(
                "FM-6",
                "The owner mapping is two-way with exact matching whatever rule "
                "it shows; the most recent owner change passes"
                + (f": {how}" if how is not None else "."),
            )
        )
    writes: list[FieldWrite] = []
    if to is Side.SALESFORCE:
        if hubspot_id is None:
            decision = map_owner(
                None,
                direction=OwnerSyncDirection.TO_SALESFORCE,
                owners=(),
                last_salesforce_owner_id=salesforce_id,
            )
        else:
            decision = decide(
                hubspot_id, OwnerSyncDirection.TO_SALESFORCE, salesforce_id
            )
        reasons.extend(decision.reasons)
        target = decision.owner_id
        if decision.action is OwnerAction.SET and target != salesforce_id:
            writes.append(
                FieldWrite(
                    side=Side.SALESFORCE,
                    value=target,
                    reason=cite(
                        "FM-6",
                        f"HubSpot owner {hubspot_id!r} matches Salesforce user "
                        f"{target!r}: write it to {pair.salesforce_name}'s "
                        f"{mapping.salesforce_field}.",
                    ),
                )
            )
    elif salesforce_id is not None:
        decision = decide(salesforce_id, OwnerSyncDirection.TO_HUBSPOT, None)
        reasons.extend(decision.reasons)
        target = decision.owner_id
        if decision.action is OwnerAction.SET and target != hubspot_id:
            writes.append(
                FieldWrite(
                    side=Side.HUBSPOT,
                    value=target,
                    reason=cite(
                        "FM-6",
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
    else:
        reasons.append(
            cite("OWN-2", f"{pair.salesforce_name} has no Owner ID; nothing passes.")
        )
    return field_of(
        mapping,
        hubspot_id,
        salesforce_id,
        writes,
        (*reasons, *(w.reason for w in writes)),
    )


def optout_field(
    pair: Pair, mapping: FieldMapping, decided: OptOutDecision | None
) -> MappedField:
    """The locked opt-out mapping (OPT-1), through `apply_optout`: a tick
    or unsubscribe passes (OPT-2), an untick never resubscribes (OPT-3), a
    first sync passes what either side holds (OPT-4), and an unsubscribe
    belongs to the address, so a merge keeps it (OPT-5)."""
    hubspot = pair.hubspot_value(mapping.hubspot_property) is True
    salesforce = pair.salesforce_value(mapping.salesforce_field) is True
    reasons = [
        cite(
            "OPT-1",
            f"{mapping} is the locked opt-out mapping: it never resubscribes anyone.",
        )
    ]
    if decided is None and hubspot != salesforce:
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
    writes: list[FieldWrite] = []
    if decided is not None:
        reasons.extend(decided.reasons)
        after = decided.state
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


def lifecycle_field(
    pair: Pair,
    mapping: FieldMapping,
    reach: tuple[bool, Reason],
    lifecycle: Iterable[LifecycleDecision],
) -> MappedField:
    """Lifecycle stage (LC-1): a won opportunity's Customer (LC-2, LC-3)
    is written to HubSpot and carried on by the mapping as LC-1 allows;
    otherwise the mapping's rule decides. *reach* is
    `lifecycle_reaches_salesforce` of the settings' mappings."""
    hubspot_value = pair.hubspot_value(mapping.hubspot_property)
    salesforce_value = pair.salesforce_value(mapping.salesforce_field)
    reaches, lc1 = reach
    contact_id = pair.hubspot.id if pair.hubspot is not None else None
    for decision in lifecycle:
        if decision.stage is None or contact_id not in decision.contact_ids:
            continue
        stage = decision.stage.value
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
            (*decision.reasons, *(w.reason for w in writes)),
        )
    return pair.by_rule(mapping, hubspot_value, salesforce_value, (lc1,))


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
