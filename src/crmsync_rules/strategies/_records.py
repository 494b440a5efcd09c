"""HubSpot and Salesforce records; every reference (owner, account, sync
link) is the caller's to pin, and `snapshots` fills them in."""

from __future__ import annotations

from typing import Any, Final

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from crmsync_rules.model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotOwner,
    LifecycleStage,
)
from crmsync_rules.model._salesforce import (
    OpportunityContactRole,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
    UserType,
)
from crmsync_rules.model._salesforce_ids import salesforce_id_key

from ._blocks import (
    COMPANY_NAMES,
    FIRST_NAMES,
    LAST_NAMES,
    given_or,
    hubspot_ids,
    names_from,
    optional,
    salesforce_ids,
)
from ._email import email_addresses

# --- HubSpot ---------------------------------------------------------------


def hubspot_contacts(
    *,
    ids: SearchStrategy[str] | None = None,
    emails: SearchStrategy[str | None] | None = None,
    first_names: SearchStrategy[str | None] | None = None,
    last_names: SearchStrategy[str | None] | None = None,
    companies: SearchStrategy[str | None] | None = None,
    lifecycle_stages: SearchStrategy[LifecycleStage | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    unsubscribed: SearchStrategy[bool] | None = None,
    company_ids: SearchStrategy[tuple[str, ...]] | None = None,
    salesforce_lead_ids: SearchStrategy[str | None] | None = None,
    salesforce_contact_ids: SearchStrategy[str | None] | None = None,
) -> SearchStrategy[HubSpotContact]:
    """HubSpot contacts; some without an address (SYNC-5), some unsubscribed,
    some already synced with a Salesforce lead or contact. A contact link
    that names the lead link's record is dropped: Salesforce never gives a
    lead and a contact one id, and the model refuses it."""
    return st.builds(
        _contact_linked_once,
        id=given_or(ids, hubspot_ids()),
        email=given_or(emails, optional(email_addresses())),
        first_name=given_or(first_names, optional(names_from(FIRST_NAMES))),
        last_name=given_or(last_names, optional(names_from(LAST_NAMES))),
        company=given_or(companies, optional(names_from(COMPANY_NAMES))),
        lifecycle_stage=given_or(
            lifecycle_stages, optional(st.sampled_from(LifecycleStage))
        ),
        owner_id=given_or(owner_ids, optional(hubspot_ids())),
        unsubscribed=given_or(unsubscribed, st.booleans()),
        company_ids=given_or(
            company_ids, st.lists(hubspot_ids(), max_size=3, unique=True).map(tuple)
        ),
        salesforce_lead_id=given_or(
            salesforce_lead_ids, optional(salesforce_ids(sobject="Lead"))
        ),
        salesforce_contact_id=given_or(
            salesforce_contact_ids, optional(salesforce_ids(sobject="Contact"))
        ),
    )


def _contact_linked_once(**fields: Any) -> HubSpotContact:
    lead = fields.get("salesforce_lead_id")
    contact = fields.get("salesforce_contact_id")
    if (
        lead is not None
        and contact is not None
        and salesforce_id_key(lead) == salesforce_id_key(contact)
    ):
        fields["salesforce_contact_id"] = None
    return HubSpotContact(**fields)


_DOMAINS: Final = st.sampled_from(("acme.com", "vries.nl", "müller.de", "example.org"))


def hubspot_companies(
    *,
    ids: SearchStrategy[str] | None = None,
    names: SearchStrategy[str | None] | None = None,
    domains: SearchStrategy[str | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    lifecycle_stages: SearchStrategy[LifecycleStage | None] | None = None,
    salesforce_account_ids: SearchStrategy[str | None] | None = None,
) -> SearchStrategy[HubSpotCompany]:
    """HubSpot companies, some linked to a Salesforce account (DUP-3)."""
    return st.builds(
        HubSpotCompany,
        id=given_or(ids, hubspot_ids()),
        name=given_or(names, optional(names_from(COMPANY_NAMES))),
        domain=given_or(domains, optional(_DOMAINS)),
        owner_id=given_or(owner_ids, optional(hubspot_ids())),
        lifecycle_stage=given_or(
            lifecycle_stages, optional(st.sampled_from(LifecycleStage))
        ),
        salesforce_account_id=given_or(
            salesforce_account_ids, optional(salesforce_ids(sobject="Account"))
        ),
    )


PIPELINES: Final = st.sampled_from(("default", "renewals", "partner"))
_DEAL_STAGES: Final = st.sampled_from(
    ("appointmentscheduled", "qualifiedtobuy", "closedwon", "closedlost")
)


def hubspot_deals(
    *,
    ids: SearchStrategy[str] | None = None,
    names: SearchStrategy[str | None] | None = None,
    pipelines: SearchStrategy[str] | None = None,
    stages: SearchStrategy[str | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    company_ids: SearchStrategy[tuple[str, ...]] | None = None,
    contact_ids: SearchStrategy[tuple[str, ...]] | None = None,
    salesforce_opportunity_ids: SearchStrategy[str | None] | None = None,
) -> SearchStrategy[HubSpotDeal]:
    """HubSpot deals in a few pipelines, some linked to an opportunity."""
    return st.builds(
        HubSpotDeal,
        id=given_or(ids, hubspot_ids()),
        name=given_or(names, optional(names_from(COMPANY_NAMES))),
        pipeline=given_or(pipelines, PIPELINES),
        stage=given_or(stages, optional(_DEAL_STAGES)),
        owner_id=given_or(owner_ids, optional(hubspot_ids())),
        company_ids=given_or(
            company_ids, st.lists(hubspot_ids(), max_size=2, unique=True).map(tuple)
        ),
        contact_ids=given_or(
            contact_ids, st.lists(hubspot_ids(), max_size=3, unique=True).map(tuple)
        ),
        salesforce_opportunity_id=given_or(
            salesforce_opportunity_ids, optional(salesforce_ids(sobject="Opportunity"))
        ),
    )


def hubspot_owners(
    *,
    ids: SearchStrategy[str] | None = None,
    emails: SearchStrategy[str] | None = None,
    first_names: SearchStrategy[str | None] | None = None,
    last_names: SearchStrategy[str | None] | None = None,
    archived: SearchStrategy[bool] | None = None,
) -> SearchStrategy[HubSpotOwner]:
    """HubSpot owners, some archived (OWN-4 matches them by name and email)."""
    return st.builds(
        HubSpotOwner,
        id=given_or(ids, hubspot_ids()),
        email=given_or(emails, email_addresses()),
        first_name=given_or(first_names, optional(names_from(FIRST_NAMES))),
        last_name=given_or(last_names, optional(names_from(LAST_NAMES))),
        archived=given_or(archived, st.booleans()),
    )


# --- Salesforce ------------------------------------------------------------


def salesforce_leads(
    *,
    ids: SearchStrategy[str] | None = None,
    emails: SearchStrategy[str | None] | None = None,
    first_names: SearchStrategy[str | None] | None = None,
    last_names: SearchStrategy[str | None] | None = None,
    companies: SearchStrategy[str | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    has_opted_out_of_email: SearchStrategy[bool] | None = None,
    conversions: SearchStrategy[tuple[str, str] | None] | None = None,
) -> SearchStrategy[SalesforceLead]:
    """Salesforce leads; some without Company (PA-5), some converted.

    *conversions* gives ``(account id, contact id)`` for a converted lead, or
    ``None`` for one that is not converted.
    """
    conversion = given_or(
        conversions,
        optional(
            st.tuples(
                salesforce_ids(sobject="Account"), salesforce_ids(sobject="Contact")
            )
        ),
    )

    def build(
        fields: dict[str, Any], converted: tuple[str, str] | None
    ) -> SalesforceLead:
        return SalesforceLead(
            **fields,
            is_converted=converted is not None,
            converted_account_id=converted[0] if converted else None,
            converted_contact_id=converted[1] if converted else None,
        )

    fields = st.fixed_dictionaries(
        {
            "id": given_or(ids, salesforce_ids(sobject="Lead")),
            "email": given_or(emails, optional(email_addresses())),
            "first_name": given_or(first_names, optional(names_from(FIRST_NAMES))),
            "last_name": given_or(last_names, optional(names_from(LAST_NAMES))),
            "company": given_or(companies, optional(names_from(COMPANY_NAMES))),
            "owner_id": given_or(owner_ids, optional(_owner_ids())),
            "has_opted_out_of_email": given_or(has_opted_out_of_email, st.booleans()),
        }
    )
    return st.builds(build, fields, conversion)


def _owner_ids() -> SearchStrategy[str]:
    return salesforce_ids(sobject="User") | salesforce_ids(sobject="Queue")


def salesforce_contacts(
    *,
    ids: SearchStrategy[str] | None = None,
    emails: SearchStrategy[str | None] | None = None,
    first_names: SearchStrategy[str | None] | None = None,
    last_names: SearchStrategy[str | None] | None = None,
    account_ids: SearchStrategy[str | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    has_opted_out_of_email: SearchStrategy[bool] | None = None,
    is_person_account: SearchStrategy[bool] | None = None,
) -> SearchStrategy[SalesforceContact]:
    """Salesforce contacts, some without an account. Person-account hidden
    contacts are off by default here: `salesforce_accounts` and `snapshots`
    make them together with their account (PA-1)."""
    return st.builds(
        SalesforceContact,
        id=given_or(ids, salesforce_ids(sobject="Contact")),
        email=given_or(emails, optional(email_addresses())),
        first_name=given_or(first_names, optional(names_from(FIRST_NAMES))),
        last_name=given_or(last_names, optional(names_from(LAST_NAMES))),
        account_id=given_or(account_ids, optional(salesforce_ids(sobject="Account"))),
        owner_id=given_or(owner_ids, optional(_owner_ids())),
        has_opted_out_of_email=given_or(has_opted_out_of_email, st.booleans()),
        is_person_account=given_or(is_person_account, st.just(False)),
    )


_PERSON_ACCOUNT_RECORD_TYPES: Final = st.sampled_from(
    ("012000000000001AAA", "012500000009xYzAAI")
)


@st.composite
def _accounts(
    draw: DrawFn,
    *,
    ids: SearchStrategy[str],
    names: SearchStrategy[str | None],
    owner_ids: SearchStrategy[str | None],
    person: SearchStrategy[bool],
    emails: SearchStrategy[str | None],
    person_contact_ids: SearchStrategy[str],
) -> SalesforceAccount:
    account_id = draw(ids)
    owner_id = draw(owner_ids)
    if not draw(person):
        return SalesforceAccount(
            id=account_id,
            name=draw(names),
            owner_id=owner_id,
            record_type_id=draw(optional(st.just("012000000000000AAA"))),
        )
    first = draw(optional(names_from(FIRST_NAMES)))
    last = draw(names_from(LAST_NAMES))  # LastName is required on person accounts
    return SalesforceAccount(
        id=account_id,
        # PA-3: a person account's Name is the person's name.
        name=" ".join(p for p in (first, last) if p),
        owner_id=owner_id,
        record_type_id=draw(_PERSON_ACCOUNT_RECORD_TYPES),
        is_person_account=True,
        first_name=first,
        last_name=last,
        person_email=draw(emails),
        person_contact_id=draw(person_contact_ids),
        person_has_opted_out_of_email=draw(st.booleans()),
    )


def salesforce_accounts(
    *,
    ids: SearchStrategy[str] | None = None,
    names: SearchStrategy[str | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    is_person_account: SearchStrategy[bool] | None = None,
    person_emails: SearchStrategy[str | None] | None = None,
    person_contact_ids: SearchStrategy[str] | None = None,
) -> SearchStrategy[SalesforceAccount]:
    """Business accounts and person accounts (PA-1). A person account has a
    person record type, the person's name as its Name, ``person_email`` and
    the id of its hidden contact; `snapshots` also holds that contact."""
    return _accounts(
        ids=given_or(ids, salesforce_ids(sobject="Account")),
        names=given_or(names, optional(names_from(COMPANY_NAMES))),
        owner_ids=given_or(owner_ids, optional(_owner_ids())),
        person=given_or(is_person_account, st.booleans()),
        emails=given_or(person_emails, optional(email_addresses())),
        person_contact_ids=given_or(
            person_contact_ids, salesforce_ids(sobject="Contact")
        ),
    )


ROLES: Final = st.sampled_from(
    ("Decision Maker", "Economic Buyer", "Technical Buyer", "Influencer", "Other")
)


def opportunity_contact_roles(
    *,
    contact_ids: SearchStrategy[str] | None = None,
    roles: SearchStrategy[str | None] | None = None,
    is_primary: SearchStrategy[bool] | None = None,
) -> SearchStrategy[OpportunityContactRole]:
    """Contact roles linking a contact to an opportunity (LC-3)."""
    return st.builds(
        OpportunityContactRole,
        contact_id=given_or(contact_ids, salesforce_ids(sobject="Contact")),
        role=given_or(roles, optional(ROLES)),
        is_primary=given_or(is_primary, st.booleans()),
    )


_OPEN_STAGES: Final = ("Prospecting", "Qualification", "Negotiation/Review")


@st.composite
def _opportunities(
    draw: DrawFn,
    *,
    ids: SearchStrategy[str],
    names: SearchStrategy[str | None],
    account_ids: SearchStrategy[str | None],
    owner_ids: SearchStrategy[str | None],
    contact_roles: SearchStrategy[tuple[OpportunityContactRole, ...]],
) -> SalesforceOpportunity:
    # Stage and the closed/won flags agree, as Salesforce keeps them.
    state = draw(st.sampled_from(["open", "won", "lost"]))
    stage = {"won": "Closed Won", "lost": "Closed Lost"}.get(state)
    return SalesforceOpportunity(
        id=draw(ids),
        name=draw(names),
        account_id=draw(account_ids),
        stage_name=stage or draw(optional(st.sampled_from(_OPEN_STAGES))),
        is_closed=state != "open",
        is_won=state == "won",
        owner_id=draw(owner_ids),
        record_type_id=draw(optional(st.just("012000000000002AAA"))),
        contact_roles=draw(contact_roles),
    )


def salesforce_opportunities(
    *,
    ids: SearchStrategy[str] | None = None,
    names: SearchStrategy[str | None] | None = None,
    account_ids: SearchStrategy[str | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    contact_roles: SearchStrategy[tuple[OpportunityContactRole, ...]] | None = None,
) -> SearchStrategy[SalesforceOpportunity]:
    """Open, Closed Won and Closed Lost opportunities (LC-2), some with an
    account and no contact roles (LC-3)."""
    return _opportunities(
        ids=given_or(ids, salesforce_ids(sobject="Opportunity")),
        names=given_or(names, optional(names_from(COMPANY_NAMES))),
        account_ids=given_or(account_ids, optional(salesforce_ids(sobject="Account"))),
        owner_ids=given_or(owner_ids, optional(_owner_ids())),
        contact_roles=given_or(
            contact_roles,
            st.lists(
                opportunity_contact_roles(),
                max_size=3,
                unique_by=lambda role: role.contact_id,
            ).map(tuple),
        ),
    )


def salesforce_users(
    *,
    ids: SearchStrategy[str] | None = None,
    emails: SearchStrategy[str | None] | None = None,
    first_names: SearchStrategy[str | None] | None = None,
    last_names: SearchStrategy[str | None] | None = None,
    user_types: SearchStrategy[UserType] | None = None,
    is_active: SearchStrategy[bool] | None = None,
) -> SearchStrategy[SalesforceUser]:
    """Salesforce users of every ``UserType`` (OWN-1 counts only Standard,
    PowerPartner and Guest), some inactive (OWN-4)."""
    return st.builds(
        SalesforceUser,
        id=given_or(ids, salesforce_ids(sobject="User")),
        email=given_or(emails, optional(email_addresses())),
        first_name=given_or(first_names, optional(names_from(FIRST_NAMES))),
        last_name=given_or(last_names, optional(names_from(LAST_NAMES))),
        user_type=given_or(user_types, st.sampled_from(UserType)),
        is_active=given_or(is_active, st.booleans()),
    )


def salesforce_queues(
    *,
    ids: SearchStrategy[str] | None = None,
    names: SearchStrategy[str] | None = None,
    emails: SearchStrategy[str | None] | None = None,
) -> SearchStrategy[SalesforceQueue]:
    """Salesforce queues, which own records like users do (OWN-1)."""
    return st.builds(
        SalesforceQueue,
        id=given_or(ids, salesforce_ids(sobject="Queue")),
        name=given_or(
            names, st.sampled_from(("Inbound Leads", "EMEA Queue", "Support"))
        ),
        email=given_or(emails, optional(email_addresses())),
    )
