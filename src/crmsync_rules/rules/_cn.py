"""Company name (CN-1, CN-2, CN-3): the one contact property that syncs with a lead
but not with a contact.

A Salesforce lead's Company is text; a contact's Account Name is a lookup to
its account (CN-1). A text field and a lookup cannot share one HubSpot
property, so HubSpot's Company name syncs only while the contact syncs with
a lead (CN-2). While it syncs with a Salesforce contact, the account syncs
with the contact's associated company instead, if account sync is on (CN-3).
"""

from __future__ import annotations

from typing import Final

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._hubspot import HubSpotContact
from crmsync_rules.model._salesforce import SalesforceObject
from crmsync_rules.model._settings import IntegrationSettings

__all__ = ["CompanyNameSync", "company_name_sync"]


@attrs.frozen(kw_only=True)
class CompanyNameSync:
    """The outcome of `company_name_sync`.

    ``value`` is the Company name text that syncs with the lead's Company
    field (trimmed; ``None`` when blank or not syncing);
    ``association_syncs`` says whether the contact's account syncs with its
    associated company instead (CN-3).
    """

    contact_id: str
    target: SalesforceObject
    syncs: bool
    salesforce_field: str | None
    value: str | None
    association_syncs: bool
    reasons: tuple[Reason, ...]


# The sentences that name no record are built once (Reasons are frozen
# values): a plan decides the Company name of every contact that has one.
_LEAD_COMPANY_IS_TEXT: Final = cite(
    "CN-1", "A Salesforce lead's Company is a text field."
)
_CONTACT_ACCOUNT_IS_A_LOOKUP: Final = cite(
    "CN-1",
    "A Salesforce contact's Account Name is a lookup to its account, not text.",
)
_NOTHING_REPLACES_COMPANY_NAME: Final = cite(
    "CN-3", "Account sync is off, so nothing syncs in place of Company name."
)


def _value(company: str | None) -> str:
    return "empty" if company is None else repr(company)


def company_name_sync(
    contact: HubSpotContact, /, *, settings: IntegrationSettings
) -> CompanyNameSync:
    """Whether *contact*'s Company name syncs, and what syncs instead
    (CN-1, CN-2, CN-3).

    The target is the Salesforce contact it syncs with, else the lead, else
    (never synced) what ``settings.new_records_as`` makes of new contacts.

    >>> import datetime as dt
    >>> from crmsync_rules import HubSpotContact, IntegrationSettings
    >>> settings = IntegrationSettings(integrated_on=dt.date(2024, 1, 8))
    >>> result = company_name_sync(
    ...     HubSpotContact(id="501", company=" Vries BV ", salesforce_lead_id="00Q1"),
    ...     settings=settings)
    >>> result.syncs, result.salesforce_field, result.value
    (True, 'Company', 'Vries BV')
    """
    name = f"HubSpot contact {contact.id!r}"
    if contact.salesforce_contact_id is not None:
        target, record = SalesforceObject.CONTACT, contact.salesforce_contact_id
        how = f"syncs with Salesforce contact {record!r}"
    elif contact.salesforce_lead_id is not None:
        target, record = SalesforceObject.LEAD, contact.salesforce_lead_id
        how = f"syncs with Salesforce lead {record!r}"
    else:
        target = settings.new_records_as
        how = f"has not synced yet and will become a Salesforce {target.value}"
    if target is SalesforceObject.LEAD:
        text = contact.company.strip() if contact.company else ""
        return CompanyNameSync(
            contact_id=contact.id,
            target=target,
            syncs=True,
            salesforce_field="Company",
            value=text or None,
            association_syncs=False,
            reasons=(
                _LEAD_COMPANY_IS_TEXT,
                cite(
                    "CN-2",
                    (
                        f"{name} {how}, so Company name "
                        f"({_value(contact.company)}) syncs with the lead's Company"
                        + ("." if text else "; it is blank.")
                    ),
                ),
            ),
        )
    reasons = [
        _CONTACT_ACCOUNT_IS_A_LOOKUP,
        cite(
            "CN-2",
            f"{name} {how}, so Company name ({_value(contact.company)}) does not sync.",
        ),
    ]
    if settings.account_sync:
        company = (
            f"({contact.company_ids[0]!r})"
            if contact.company_ids
            else "(the contact has none yet)"
        )
        reasons.append(
            cite(
                "CN-3",
                "Account sync is on, so the contact's Salesforce account "
                f"syncs with its associated HubSpot company {company} instead.",
            )
        )
    else:
        reasons.append(_NOTHING_REPLACES_COMPANY_NAME)
    return CompanyNameSync(
        contact_id=contact.id,
        target=target,
        syncs=False,
        salesforce_field=None,
        value=None,
        association_syncs=settings.account_sync,
        reasons=tuple(reasons),
    )
