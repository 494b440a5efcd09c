"""Deals and opportunities (DEAL-1, DEAL-2, DEAL-3).

Deletes travel one way only: deleting a Salesforce opportunity deletes its
HubSpot deal, deleting a HubSpot deal leaves the opportunity alone (DEAL-1),
so Salesforce stays the system of record for revenue. A deal syncs only
while it sits in a synced pipeline; moving it elsewhere stops its sync
(DEAL-2). Contacts associate with a deal through the opportunity's contact
roles, not through the account (DEAL-3).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._hubspot import HubSpotContact, HubSpotDeal
from crmsync_rules.model._salesforce import SalesforceOpportunity
from crmsync_rules.model._salesforce_ids import salesforce_id_key
from crmsync_rules.model._settings import IntegrationSettings

__all__ = [
    "DealContacts",
    "DealSync",
    "DeletePropagation",
    "deal_contacts",
    "propagate_delete",
    "sync_deal",
]


@attrs.frozen(kw_only=True)
class DeletePropagation:
    """What deleting ``deleted_id`` does on the other side: ``delete_id`` is
    the record deleted there, ``None`` when nothing is."""

    deleted_id: str
    delete_id: str | None
    reasons: tuple[Reason, ...]


@attrs.frozen(kw_only=True)
class DealSync:
    """Whether deal ``deal_id`` syncs."""

    deal_id: str
    syncs: bool
    reasons: tuple[Reason, ...]


@attrs.frozen(kw_only=True)
class DealContacts:
    """The HubSpot contacts to associate with the deal of opportunity
    ``opportunity_id``, in contact-role order."""

    opportunity_id: str
    contact_ids: tuple[str, ...]
    reasons: tuple[Reason, ...]


def propagate_delete(
    deleted: SalesforceOpportunity | HubSpotDeal,
    /,
    *,
    deals: Iterable[HubSpotDeal] = (),
) -> DeletePropagation:
    """Decide what deleting *deleted* does on the other side (DEAL-1).

    For an opportunity, *deals* are the portal's deals; the one linked to it
    is deleted.
    """
    if isinstance(deleted, HubSpotDeal):
        kept = deleted.salesforce_opportunity_id
        detail = (
            f"Deleting HubSpot deal {deleted.id} keeps Salesforce opportunity {kept}."
            if kept
            else f"HubSpot deal {deleted.id} has no opportunity; nothing else "
            "is deleted."
        )
        return DeletePropagation(
            deleted_id=deleted.id,
            delete_id=None,
            reasons=(cite("DEAL-1", detail),),
        )
    deleted_key = salesforce_id_key(deleted.id)  # either form (DUP-7)
    for deal in deals:
        linked = deal.salesforce_opportunity_id
        if linked is not None and salesforce_id_key(linked) == deleted_key:
            return DeletePropagation(
                deleted_id=deleted.id,
                delete_id=deal.id,
                reasons=(
                    cite(
                        "DEAL-1",
                        f"Deleting Salesforce opportunity {deleted.id} "
                        f"deletes its HubSpot deal {deal.id}.",
                    ),
                ),
            )
    return DeletePropagation(
        deleted_id=deleted.id,
        delete_id=None,
        reasons=(
            cite(
                "DEAL-1",
                f"Salesforce opportunity {deleted.id} has no HubSpot deal to delete.",
            ),
        ),
    )


def sync_deal(deal: HubSpotDeal, /, *, settings: IntegrationSettings) -> DealSync:
    """Decide whether *deal* syncs: deal sync is on and its pipeline is one of
    ``settings.synced_pipelines`` (DEAL-2)."""
    if not settings.deal_sync:
        return DealSync(
            deal_id=deal.id,
            syncs=False,
            reasons=(
                cite(
                    "DEAL-2",
                    f"Deal sync is off, so HubSpot deal {deal.id} does not sync.",
                ),
            ),
        )
    synced = deal.pipeline in settings.synced_pipelines
    detail = (
        f"HubSpot deal {deal.id} is in synced pipeline {deal.pipeline!r}."
        if synced
        else f"HubSpot deal {deal.id} is in pipeline {deal.pipeline!r}, which is "
        f"not synced ({_synced_pipelines(settings)}), so it stops syncing."
    )
    return DealSync(deal_id=deal.id, syncs=synced, reasons=(cite("DEAL-2", detail),))


# Until the planner (restructured in parallel in issue 14) imports sync_deal:
# the function's old name, which the settings' deal_sync switch made
# misleading. Not public; crmsync_rules.deal_sync warns on its own.
deal_sync = sync_deal


def _synced_pipelines(settings: IntegrationSettings) -> str:
    pipelines = settings.synced_pipelines
    if not pipelines:
        return "no pipeline is synced"
    return f"synced: {', '.join(map(repr, pipelines))}"


_NEW_DEAL_PIPELINE = "default"
"""The pipeline of a deal that a new Salesforce opportunity creates."""


def new_deal_sync(
    opportunity: SalesforceOpportunity, settings: IntegrationSettings
) -> DealSync:
    """Whether *opportunity*, linked to no deal, creates a HubSpot deal: deal
    sync is on and the new deal's pipeline, ``"default"``, is synced
    (DEAL-2). The result names the deal ``new:`` and the opportunity's id."""
    name = f"Salesforce opportunity {opportunity.id}"
    if not settings.deal_sync:
        detail = f"Deal sync is off, so {name} creates no HubSpot deal."
        syncs = False
    elif _NEW_DEAL_PIPELINE in settings.synced_pipelines:
        detail = (
            f"{name} creates its HubSpot deal in synced pipeline "
            f"{_NEW_DEAL_PIPELINE!r}."
        )
        syncs = True
    else:
        detail = (
            f"A new deal starts in pipeline {_NEW_DEAL_PIPELINE!r}, which is not "
            f"synced ({_synced_pipelines(settings)}), so {name} creates no "
            "HubSpot deal."
        )
        syncs = False
    return DealSync(
        deal_id=f"new:{opportunity.id}",
        syncs=syncs,
        reasons=(cite("DEAL-2", detail),),
    )


def deal_contacts(
    opportunity: SalesforceOpportunity, /, *, contacts: Iterable[HubSpotContact]
) -> DealContacts:
    """The HubSpot contacts that associate with *opportunity*'s deal: those
    synced with a Salesforce contact holding one of its contact roles
    (DEAL-3). *contacts* may be every contact of the portal."""
    by_salesforce_id = {  # by either form of the id (DUP-7)
        salesforce_id_key(c.salesforce_contact_id): c.id
        for c in contacts
        if c.salesforce_contact_id
    }
    ids: list[str] = []
    reasons: list[Reason] = []
    name = f"Salesforce opportunity {opportunity.id}"
    for role in opportunity.contact_roles:
        hubspot_id = by_salesforce_id.get(salesforce_id_key(role.contact_id))
        if hubspot_id is None:
            reasons.append(
                cite(
                    "DEAL-3",
                    f"{name} has a contact role for Salesforce contact "
                    f"{role.contact_id}, which syncs with no HubSpot contact.",
                )
            )
        elif hubspot_id not in ids:
            ids.append(hubspot_id)
            reasons.append(
                cite(
                    "DEAL-3",
                    f"{name} has a contact role for Salesforce contact "
                    f"{role.contact_id}, so HubSpot contact {hubspot_id} joins "
                    "the deal.",
                )
            )
    if not opportunity.contact_roles:
        reasons.append(
            cite(
                "DEAL-3", f"{name} has no contact roles, so no contact joins the deal."
            )
        )
    return DealContacts(
        opportunity_id=opportunity.id, contact_ids=tuple(ids), reasons=tuple(reasons)
    )
