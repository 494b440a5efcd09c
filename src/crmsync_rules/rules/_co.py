"""Companies and accounts (CO-1).

HubSpot creates a Salesforce account for a company only through one of the
company's contacts: the contact must qualify for the inclusion list and sync
as a Salesforce contact, because only a Salesforce contact has an account to
hang on (a lead carries a Company text field instead, CN-1). A company
without contacts, or whose contacts all sync as leads or none of which
qualify, gets no account. CO-2, the lint half of this family, lives in the
settings linter.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._hubspot import HubSpotCompany, HubSpotContact
from crmsync_rules.model._salesforce import SalesforceObject
from crmsync_rules.model._settings import IntegrationSettings

from ._sync import SyncTrigger, should_sync

__all__ = ["AccountCreation", "account_creation"]


@attrs.frozen(kw_only=True)
class AccountCreation:
    """Whether HubSpot creates a Salesforce account for ``company_id``;
    ``contact_id`` is the contact that makes it do so (``None`` when it
    does not)."""

    company_id: str
    create: bool
    contact_id: str | None
    reasons: tuple[Reason, ...]


def _qualifies(
    contact: HubSpotContact, settings: IntegrationSettings
) -> tuple[Reason, ...]:
    """Empty when *contact* qualifies to sync (SYNC-1, SYNC-2, SYNC-3, SYNC-4,
    SYNC-5), else why not. The inclusion-list rules live in `should_sync`;
    this only asks it."""
    decision = should_sync(
        contact, settings=settings, trigger=SyncTrigger.HUBSPOT_CHANGE
    )
    return () if decision.syncing else decision.reasons


def account_creation(
    company: HubSpotCompany,
    /,
    *,
    contacts: Iterable[HubSpotContact],
    settings: IntegrationSettings,
) -> AccountCreation:
    """Decide whether HubSpot creates a Salesforce account for *company*
    (CO-1).

    *contacts* may be every contact of the portal: only those associated
    with *company* count. A contact syncs as a Salesforce contact when it is
    linked to one, or when it has no Salesforce record yet and HubSpot
    creates new records as contacts (``settings.new_records_as``).
    """
    name = f"HubSpot company {company.id}"
    if company.salesforce_account_id is not None:
        return AccountCreation(
            company_id=company.id,
            create=False,
            contact_id=None,
            reasons=(
                cite(
                    "DUP-3",
                    f"{name} is already linked to Salesforce account "
                    f"{company.salesforce_account_id}.",
                ),
            ),
        )
    if not settings.account_sync:
        return AccountCreation(
            company_id=company.id,
            create=False,
            contact_id=None,
            reasons=(cite("CO-1", f"Account sync is off, so {name} gets no account."),),
        )
    members = [c for c in contacts if company.id in c.company_ids]
    if not members:
        return AccountCreation(
            company_id=company.id,
            create=False,
            contact_id=None,
            reasons=(cite("CO-1", f"{name} has no contacts, so it gets no account."),),
        )
    reasons: list[Reason] = []
    for contact in members:
        why_not = _qualifies(contact, settings)
        if why_not:
            reasons.extend(why_not)
            continue
        as_contact = contact.salesforce_contact_id is not None or (
            contact.salesforce_lead_id is None
            and settings.new_records_as is SalesforceObject.CONTACT
        )
        if as_contact:
            return AccountCreation(
                company_id=company.id,
                create=True,
                contact_id=contact.id,
                reasons=(
                    cite(
                        "CO-1",
                        f"HubSpot contact {contact.id} of {name} qualifies "
                        "and syncs as a Salesforce contact, so HubSpot creates "
                        "an account.",
                    ),
                ),
            )
        reasons.append(
            cite(
                "CO-1",
                f"HubSpot contact {contact.id} of {name} syncs as a Salesforce lead.",
            )
        )
    reasons.append(
        cite(
            "CO-1",
            f"None of the {len(members)} contacts of {name} qualifies and "
            "syncs as a Salesforce contact, so it gets no account.",
        )
    )
    return AccountCreation(
        company_id=company.id, create=False, contact_id=None, reasons=tuple(reasons)
    )
