"""Whole snapshots whose references hold, and each system's half of one."""

from __future__ import annotations

from typing import Final, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from crmsync_rules.model._email import EmailKey, email_key
from crmsync_rules.model._inclusion import StaticInclusionList
from crmsync_rules.model._salesforce import (
    OpportunityContactRole,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
)
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import HubSpotRecords, SalesforceRecords, Snapshot

from ._blocks import (
    BOOLEANS,
    SALESFORCE_ID_PREFIXES,
    given_or,
    hubspot_ids,
    index_below,
    maybe,
    optional,
    pick,
    salesforce_ids,
    some,
)
from ._email import email_addresses, spell
from ._records import (
    ROLES,
    hubspot_companies,
    hubspot_contacts,
    hubspot_deals,
    hubspot_owners,
    salesforce_accounts,
    salesforce_contacts,
    salesforce_leads,
    salesforce_opportunities,
    salesforce_queues,
    salesforce_users,
)
from ._settings import integration_settings

T = TypeVar("T")


# Records drawn with every reference left out; `_snapshots` fills the
# references in with records of the same snapshot.
_BARE_USERS: Final = salesforce_users(emails=st.none())
_BARE_QUEUES: Final = salesforce_queues(emails=st.none())
_BARE_ACCOUNTS: Final = salesforce_accounts(
    owner_ids=st.none(), is_person_account=st.just(False)
)
_BARE_PERSON_ACCOUNTS: Final = salesforce_accounts(
    owner_ids=st.none(), is_person_account=st.just(True), person_emails=st.none()
)
_BARE_SF_CONTACTS: Final = salesforce_contacts(
    emails=st.none(), account_ids=st.none(), owner_ids=st.none()
)
_BARE_LEADS: Final = salesforce_leads(
    emails=st.none(), owner_ids=st.none(), conversions=st.none()
)
_BARE_OPPORTUNITIES: Final = salesforce_opportunities(
    account_ids=st.none(), owner_ids=st.none(), contact_roles=st.just(())
)
_BARE_OWNERS: Final = hubspot_owners(emails=st.just("owner@example.com"))
_BARE_COMPANIES: Final = hubspot_companies(
    owner_ids=st.none(), salesforce_account_ids=st.none()
)
_BARE_CONTACTS: Final = hubspot_contacts(
    emails=st.none(),
    owner_ids=st.none(),
    company_ids=st.just(()),
    salesforce_lead_ids=st.none(),
    salesforce_contact_ids=st.none(),
)
_BARE_DEALS: Final = hubspot_deals(
    owner_ids=st.none(),
    company_ids=st.just(()),
    contact_ids=st.just(()),
    salesforce_opportunity_ids=st.none(),
)
_ROLE_NAMES: Final = optional(ROLES)


@attrs.frozen
class _Kit:
    """The strategies one `snapshots` call draws from, built once."""

    settings: SearchStrategy[IntegrationSettings]
    given_settings: bool
    pool: SearchStrategy[list[str]]
    ids: dict[str, SearchStrategy[list[str]]]


def _ids_of(kind: SearchStrategy[str], size: int) -> SearchStrategy[list[str]]:
    return st.lists(kind, max_size=size, unique=True)


def _take(draw: DrawFn, items: list[T]) -> T | None:
    """Remove and return one of *items*, or none."""
    if not items or not draw(BOOLEANS):
        return None
    return items.pop(draw(index_below(len(items))))


@st.composite
def _snapshots(draw: DrawFn, kit: _Kit, n: int) -> Snapshot:
    config = draw(kit.settings)
    # One pool of distinct addresses; records take other spellings of them,
    # so duplicates across and within the systems are common (DUP-1).
    pool = draw(kit.pool)

    def address() -> str | None:
        return spell(draw, pick(draw, pool)) if draw(BOOLEANS) else None

    def bare(strategy: SearchStrategy[T], kind: str) -> list[tuple[str, T]]:
        return [(i, draw(strategy)) for i in draw(kit.ids[kind])]

    users = [
        attrs.evolve(u, id=i, email=address()) for i, u in bare(_BARE_USERS, "User")
    ]
    queues = [
        attrs.evolve(q, id=i, email=address()) for i, q in bare(_BARE_QUEUES, "Queue")
    ]
    sf_owners = [u.id for u in users] + [q.id for q in queues]

    # Person accounts exist only in orgs that have them switched on (PA-1);
    # each takes one of the drawn contact ids for its hidden contact.
    contact_ids = draw(kit.ids["Contact"])
    accounts: list[SalesforceAccount] = []
    hidden: list[SalesforceContact] = []
    for account_id in draw(kit.ids["Account"]):
        owner_id = maybe(draw, sf_owners)
        if config.person_accounts and contact_ids and draw(BOOLEANS):
            hidden_id = contact_ids.pop()
            account = attrs.evolve(
                draw(_BARE_PERSON_ACCOUNTS),
                id=account_id,
                owner_id=owner_id,
                person_email=address(),
                person_contact_id=hidden_id,
            )
            hidden.append(
                SalesforceContact(
                    id=hidden_id,
                    email=account.person_email,
                    first_name=account.first_name,
                    last_name=account.last_name,
                    account_id=account.id,
                    owner_id=owner_id,
                    has_opted_out_of_email=account.person_has_opted_out_of_email,
                    is_person_account=True,
                )
            )
        else:
            account = attrs.evolve(
                draw(_BARE_ACCOUNTS), id=account_id, owner_id=owner_id
            )
        accounts.append(account)
    business = [a.id for a in accounts if not a.is_person_account]
    sf_contacts = hidden + [
        attrs.evolve(
            draw(_BARE_SF_CONTACTS),
            id=contact_id,
            email=address(),
            account_id=maybe(draw, business),
            owner_id=maybe(draw, sf_owners),
        )
        for contact_id in contact_ids
    ]
    # A converted lead points at the contact it became and that contact's
    # account (a person account when the lead had no Company, PA-5).
    converted_to = [(c.account_id, c.id) for c in sf_contacts if c.account_id]
    leads = []
    for lead_id, lead in bare(_BARE_LEADS, "Lead"):
        conversion = maybe(draw, converted_to)
        leads.append(
            attrs.evolve(
                lead,
                id=lead_id,
                email=address(),
                owner_id=maybe(draw, sf_owners),
                is_converted=conversion is not None,
                converted_account_id=conversion[0] if conversion else None,
                converted_contact_id=conversion[1] if conversion else None,
            )
        )
    account_ids = [a.id for a in accounts]
    sf_contact_ids = [c.id for c in sf_contacts]
    opportunities = []
    for opportunity_id, opportunity in bare(_BARE_OPPORTUNITIES, "Opportunity"):
        roles = some(draw, sf_contact_ids, 3)
        primary = draw(index_below(len(roles) + 1))
        opportunities.append(
            attrs.evolve(
                opportunity,
                id=opportunity_id,
                account_id=maybe(draw, account_ids),
                owner_id=maybe(draw, sf_owners),
                contact_roles=tuple(
                    OpportunityContactRole(
                        contact_id=contact_id,
                        role=draw(_ROLE_NAMES),
                        is_primary=index == primary,
                    )
                    for index, contact_id in enumerate(roles)
                ),
            )
        )

    owners = []
    for owner_id, bare_owner in bare(_BARE_OWNERS, "HubSpotOwner"):
        twin = maybe(draw, users)
        if twin is not None and twin.email is not None:
            # The same person in both systems: what OWN-4 matches.
            owner = attrs.evolve(
                bare_owner,
                id=owner_id,
                email=spell(draw, twin.email.strip()),
                first_name=twin.first_name,
                last_name=twin.last_name,
            )
        else:
            owner = attrs.evolve(
                bare_owner, id=owner_id, email=spell(draw, pick(draw, pool))
            )
        owners.append(owner)
    hs_owners = [o.id for o in owners]

    # DUP-3: an account is linked to at most one company.
    unlinked = list(account_ids)
    companies = [
        attrs.evolve(
            company,
            id=company_id,
            owner_id=maybe(draw, hs_owners),
            salesforce_account_id=_take(draw, unlinked),
        )
        for company_id, company in bare(_BARE_COMPANIES, "HubSpotCompany")
    ]
    company_ids = [c.id for c in companies]

    # HubSpot keeps one contact per address, so contacts take distinct
    # addresses of the pool; a contact may already sync with a Salesforce
    # record of the same address.
    by_key: dict[EmailKey, list[SalesforceLead | SalesforceContact]] = {}
    synced_records: list[SalesforceLead | SalesforceContact] = [*leads, *sf_contacts]
    for record in synced_records:
        if record.email is not None:
            by_key.setdefault(email_key(record.email), []).append(record)
    unused = list(pool)
    contacts = []
    for contact_id, contact in bare(_BARE_CONTACTS, "HubSpotContact"):
        base = _take(draw, unused)
        synced = maybe(draw, by_key.get(email_key(base), [])) if base else None
        contacts.append(
            attrs.evolve(
                contact,
                id=contact_id,
                email=None if base is None else spell(draw, base),
                owner_id=maybe(draw, hs_owners),
                company_ids=some(draw, company_ids, 2),
                salesforce_lead_id=synced.id
                if isinstance(synced, SalesforceLead)
                else None,
                salesforce_contact_id=synced.id
                if isinstance(synced, SalesforceContact)
                else None,
            )
        )
    hubspot_contact_ids = [c.id for c in contacts]
    unlinked = [o.id for o in opportunities]
    deals = [
        attrs.evolve(
            deal,
            id=deal_id,
            owner_id=maybe(draw, hs_owners),
            company_ids=some(draw, company_ids, 2),
            contact_ids=some(draw, hubspot_contact_ids, 3),
            salesforce_opportunity_id=_take(draw, unlinked),
        )
        for deal_id, deal in bare(_BARE_DEALS, "HubSpotDeal")
    ]

    if not kit.given_settings and isinstance(
        config.inclusion_list, StaticInclusionList
    ):
        # A static list's members are contacts of this snapshot.
        members = frozenset(some(draw, hubspot_contact_ids, n))
        config = attrs.evolve(
            config,
            inclusion_list=attrs.evolve(config.inclusion_list, contact_ids=members),
        )
    return Snapshot(
        settings=config,
        hubspot=HubSpotRecords(
            contacts=tuple(contacts),
            companies=tuple(companies),
            deals=tuple(deals),
            owners=tuple(owners),
        ),
        salesforce=SalesforceRecords(
            leads=tuple(leads),
            contacts=tuple(sf_contacts),
            accounts=tuple(accounts),
            opportunities=tuple(opportunities),
            users=tuple(users),
            queues=tuple(queues),
        ),
    )


def snapshots(
    *,
    settings: SearchStrategy[IntegrationSettings] | None = None,
    emails: SearchStrategy[str] | None = None,
    max_per_kind: int = 3,
) -> SearchStrategy[Snapshot]:
    """Whole snapshots whose references hold.

    Every owner id points at an owner of its system (users, inactive users
    and queues in Salesforce); contacts' accounts, contact roles, converted
    leads, person accounts' hidden contacts, companies' accounts, deals'
    companies, contacts and opportunities, and contacts' sync links all point
    at records of the snapshot; a static inclusion list's members are its
    contacts. Addresses come from one pool of *emails* (made distinct by
    `email_key`) in different spellings, so duplicates are common; HubSpot
    contacts have distinct keys, as HubSpot dedupes them. *max_per_kind*
    bounds each kind of record.
    """
    n = max_per_kind
    ids = {
        kind: _ids_of(salesforce_ids(sobject=kind), n)
        for kind in SALESFORCE_ID_PREFIXES
    }
    ids["Queue"] = _ids_of(salesforce_ids(sobject="Queue"), min(n, 2))
    ids["Contact"] = _ids_of(salesforce_ids(sobject="Contact"), 2 * n)
    for kind in ("HubSpotOwner", "HubSpotCompany", "HubSpotContact", "HubSpotDeal"):
        ids[kind] = _ids_of(hubspot_ids(), n)
    kit = _Kit(
        settings=integration_settings() if settings is None else settings,
        given_settings=settings is not None,
        pool=st.lists(
            given_or(emails, email_addresses(variants=False)),
            min_size=1,
            max_size=2 * n + 1,
            unique_by=email_key,
        ),
        ids=ids,
    )
    return _snapshots(kit, n)


def hubspot_records(*, max_per_kind: int = 3) -> SearchStrategy[HubSpotRecords]:
    """One portal's records with references among themselves; the HubSpot
    half of `snapshots`."""
    return snapshots(max_per_kind=max_per_kind).map(lambda s: s.hubspot)


def salesforce_records(*, max_per_kind: int = 3) -> SearchStrategy[SalesforceRecords]:
    """One org's records with references among themselves; the Salesforce
    half of `snapshots`."""
    return snapshots(max_per_kind=max_per_kind).map(lambda s: s.salesforce)
