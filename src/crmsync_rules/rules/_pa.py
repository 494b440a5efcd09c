"""Person accounts (PA-1, PA-2, PA-3, PA-4, PA-5).

A Salesforce person account is an account that is also a person: a record
type marks it, it has no associated contacts, and Salesforce keeps a hidden
contact behind it (PA-1). With person accounts enabled, contact creation and
account sync on, it becomes one HubSpot company and one HubSpot contact of
its own (PA-2), both named after the person (PA-3): the contact takes the
account's first and last name, or, when the record carries neither, its
Name split at the first space. The other way round,
HubSpot never creates person accounts (PA-4); a lead HubSpot created becomes
one only when converted with an empty Company field (PA-5).
"""

from __future__ import annotations

import enum

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._errors import InvalidRecordError
from crmsync_rules.model._hubspot import HubSpotContact
from crmsync_rules.model._salesforce import (
    SalesforceAccount,
    SalesforceLead,
    SalesforceObject,
)
from crmsync_rules.model._settings import ContactCreation, IntegrationSettings

__all__ = [
    "AccountKind",
    "LeadConversion",
    "NewSalesforceRecord",
    "PersonAccountSync",
    "convert_lead",
    "salesforce_record_for",
    "sync_person_account",
]


class AccountKind(str, enum.Enum):
    """What a converted lead becomes."""

    PERSON = "person"
    BUSINESS = "business"


@attrs.frozen(kw_only=True)
class PersonAccountSync:
    """The outcome of `sync_person_account`: what the person account
    produces in HubSpot, and under which names (PA-3).

    ``contact_first_name`` and ``contact_last_name`` are the account's own
    first and last name; when it has neither, its Name split at the first
    run of spaces (the first word is the first name, the rest the last
    name; a single word is a last name, as Salesforce requires one).
    """

    account_id: str
    creates_company: bool
    creates_contact: bool
    company_name: str | None
    contact_first_name: str | None
    contact_last_name: str | None
    reasons: tuple[Reason, ...]


def sync_person_account(
    account: SalesforceAccount, /, *, settings: IntegrationSettings
) -> PersonAccountSync:
    """What person account *account* produces in HubSpot (PA-1, PA-2, PA-3).

    Raises `InvalidRecordError` for a business account.

    >>> import datetime as dt
    >>> from crmsync_rules import (
    ...     ContactCreation, IntegrationSettings, SalesforceAccount)
    >>> settings = IntegrationSettings(integrated_on=dt.date(2024, 1, 8),
    ...     person_accounts=True, account_sync=True,
    ...     contact_creation=ContactCreation.CREATE)
    >>> anna = SalesforceAccount(id="001P", is_person_account=True,
    ...     first_name="Anna", last_name="Jansen", name="Anna Jansen")
    >>> result = sync_person_account(anna, settings=settings)
    >>> result.creates_company, result.creates_contact, result.company_name
    (True, True, 'Anna Jansen')
    """
    if not account.is_person_account:
        raise InvalidRecordError(
            "must be a person account (PA-1) to sync as one",
            record=account.id,
            field="is_person_account",
            value=account.is_person_account,
        )
    name = f"Person account {account.id!r}"
    marked = (
        f"record type {account.record_type_id!r}"
        if account.record_type_id
        else "its person-account flag (no record type id given)"
    )
    hidden = (
        f"hidden contact {account.person_contact_id!r}"
        if account.person_contact_id
        else "a hidden contact (its id not given)"
    )
    reasons = [
        cite(
            "PA-1",
            f"{name} is marked by {marked}, has no associated contacts and has "
            f"{hidden}.",
        )
    ]
    if not settings.person_accounts:
        reasons.append(
            cite(
                "PA-1",
                f"Person accounts are not enabled for the integration, so "
                f"{name} does not sync.",
            )
        )
        return PersonAccountSync(
            account_id=account.id,
            creates_company=False,
            creates_contact=False,
            company_name=None,
            contact_first_name=None,
            contact_last_name=None,
            reasons=tuple(reasons),
        )
    company = settings.account_sync
    contact = settings.contact_creation is not ContactCreation.DONT_CREATE
    if company and contact:
        reasons.append(
            cite(
                "PA-2",
                f"Person accounts, contact creation and account sync are "
                f"on, so {name} produces one HubSpot company and one HubSpot "
                "contact of its own.",
            )
        )
    else:
        off = [
            s
            for s, on in (("account_sync", company), ("contact_creation", contact))
            if not on
        ]
        reasons.append(
            cite(
                "PA-2",
                f"{' and '.join(off)} off, so {name} produces "
                f"{'a company' if company else 'no company'} and "
                f"{'a contact' if contact else 'no contact'}.",
            )
        )
    person = " ".join(p for p in (account.first_name, account.last_name) if p)
    own = account.name if account.name and account.name.strip() else None
    company_name = own or person or None
    first, last, split = _contact_name(account)
    if company or contact:
        reasons.append(cite("PA-3", _naming(name, company_name, company, contact)))
    if contact and split:
        given = (
            f"first name {first!r} and last name {last!r}"
            if first
            else (f"last name {last!r} (one word: no first name)")
        )
        reasons.append(
            cite(
                "PA-3",
                f"{name} has no first or last name of its own, so its Name is "
                f"split: the HubSpot contact gets {given}.",
            )
        )
    return PersonAccountSync(
        account_id=account.id,
        creates_company=company,
        creates_contact=contact,
        company_name=company_name if company else None,
        contact_first_name=first if contact else None,
        contact_last_name=last if contact else None,
        reasons=tuple(reasons),
    )


def _contact_name(account: SalesforceAccount) -> tuple[str | None, str | None, bool]:
    """The first and last name of *account*'s HubSpot contact, and whether
    they were split from its Name (PA-3)."""
    first, last = account.first_name, account.last_name
    if (first and first.strip()) or (last and last.strip()) or not account.name:
        return first, last, False
    words = account.name.split(maxsplit=1)
    if not words:
        return first, last, False
    if len(words) == 1:
        return None, words[0], True
    return words[0], " ".join(words[1].split()), True


def _naming(name: str, company_name: str | None, company: bool, contact: bool) -> str:
    """PA-3's sentence for what the person account called *name* names."""
    what = {
        (True, True): "both the HubSpot contact's name and the HubSpot company's name",
        (True, False): "the HubSpot company's name",
        (False, True): "the HubSpot contact's name",
    }[company, contact]
    if company_name is None:
        return f"{name} has no name, so {what.replace('both ', '')} stay empty."
    return f"The name of {name} ({company_name!r}) becomes {what}."


@attrs.frozen(kw_only=True)
class NewSalesforceRecord:
    """The outcome of `salesforce_record_for`: the Salesforce object a new
    HubSpot contact creates. ``person_account`` is always false (PA-4)."""

    contact_id: str
    salesforce_object: SalesforceObject
    person_account: bool
    reasons: tuple[Reason, ...]


def salesforce_record_for(
    contact: HubSpotContact, /, *, settings: IntegrationSettings
) -> NewSalesforceRecord:
    """What new HubSpot *contact* creates in Salesforce: a lead or a contact
    per ``settings.new_records_as``, never a person account (PA-4).

    >>> import datetime as dt
    >>> from crmsync_rules import HubSpotContact, IntegrationSettings
    >>> new = salesforce_record_for(HubSpotContact(id="501"),
    ...     settings=IntegrationSettings(integrated_on=dt.date(2024, 1, 8),
    ...                                  person_accounts=True))
    >>> new.salesforce_object.value, new.person_account
    ('Lead', False)
    """
    kind = settings.new_records_as
    enabled = "enabled" if settings.person_accounts else "not enabled"
    return NewSalesforceRecord(
        contact_id=contact.id,
        salesforce_object=kind,
        person_account=False,
        reasons=(
            cite(
                "PA-4",
                f"HubSpot contact {contact.id!r} creates a Salesforce "
                f"{kind.value}, never a person account (person accounts "
                f"{enabled}).",
            ),
        ),
    )


@attrs.frozen(kw_only=True)
class LeadConversion:
    """The outcome of `convert_lead`."""

    lead_id: str
    account_kind: AccountKind
    reasons: tuple[Reason, ...]


def _shown(company: str | None) -> str:
    return "" if company is None else f" ({company!r})"


def convert_lead(
    lead: SalesforceLead, /, *, settings: IntegrationSettings
) -> LeadConversion:
    """What kind of account *lead* converts to (PA-5): a person account only
    with person accounts enabled and an empty (or whitespace-only) Company.

    >>> import datetime as dt
    >>> from crmsync_rules import IntegrationSettings, SalesforceLead
    >>> settings = IntegrationSettings(integrated_on=dt.date(2024, 1, 8),
    ...                                person_accounts=True)
    >>> convert_lead(SalesforceLead(id="00Q1", company="  "),
    ...              settings=settings).account_kind.value
    'person'
    """
    name = f"Lead {lead.id!r}"
    if lead.company is not None and lead.company.strip():
        kind = AccountKind.BUSINESS
        detail = (
            f"{name} has Company {lead.company!r}, so it converts to a business "
            "account."
        )
    elif settings.person_accounts:
        kind = AccountKind.PERSON
        detail = (
            f"{name} has an empty Company{_shown(lead.company)}, so it converts "
            "to a person account."
        )
    else:
        kind = AccountKind.BUSINESS
        detail = (
            f"{name} has an empty Company{_shown(lead.company)} but person "
            "accounts are not enabled, so it converts to a business account."
        )
    return LeadConversion(
        lead_id=lead.id,
        account_kind=kind,
        reasons=(cite("PA-5", detail),),
    )
