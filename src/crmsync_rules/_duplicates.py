"""Duplicates (DUP-1..5): which HubSpot record a Salesforce record becomes.

Salesforce leads and contacts dedupe into HubSpot contacts by email address,
compared through `email_key` (DUP-1); records without an address are never
matched to anything. Accounts dedupe into HubSpot companies through their
contacts: the primary companies of the HubSpot contacts their Salesforce
contacts became (DUP-2). A company linked to an account stays with it for
good (DUP-3), so contacts moved to a company linked elsewhere follow that
company's account instead (DUP-4). Opportunities never dedupe (DUP-5).

The real integration meets records one at a time, so its answer can depend
on arrival order. This module answers for a batch and must not: wherever
several records compete, the winner is chosen by a fixed order (Salesforce
contacts before leads, then ids), so any permutation of the input gives the
same resolution.
"""

from __future__ import annotations

import enum
import itertools
from collections import defaultdict
from collections.abc import Iterable

import attrs

from ._email import EmailKey, email_key
from ._errors import InvalidEmailError, InvalidRecordError
from ._hubspot import HubSpotCompany, HubSpotContact
from ._rules import Reason
from ._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
)
from ._snapshot import HubSpotRecords

__all__ = [
    "DuplicateMatch",
    "DuplicateOutcome",
    "DuplicateResolution",
    "SyncedSalesforceRecord",
    "resolve_duplicate",
]

SyncedSalesforceRecord = (
    SalesforceLead | SalesforceContact | SalesforceAccount | SalesforceOpportunity
)
"""A Salesforce record that syncs with a HubSpot record."""

_OBJECT_ORDER = {
    SalesforceObject.CONTACT: 0,
    SalesforceObject.LEAD: 1,
    SalesforceObject.ACCOUNT: 2,
    SalesforceObject.OPPORTUNITY: 3,
}


class DuplicateOutcome(str, enum.Enum):
    """What becomes of one Salesforce record in HubSpot."""

    LINKED = "linked"
    """It already syncs with the HubSpot record ``hubspot_id``."""
    DEDUPED = "deduped"
    """It merges into the existing HubSpot record ``hubspot_id``, or, when
    that is ``None``, into the record created for ``same_as``."""
    CREATE = "create"
    """It creates a new HubSpot record."""
    REJECTED = "rejected"
    """It cannot be resolved (an invalid email address); ``reasons`` says
    why."""


@attrs.frozen(kw_only=True)
class DuplicateMatch:
    """The resolution of one Salesforce record.

    ``follows_account_id`` is set for a Salesforce contact whose HubSpot
    contact sits in a company linked to another account: it follows that
    account (DUP-4).
    """

    salesforce_object: SalesforceObject
    salesforce_id: str
    outcome: DuplicateOutcome
    reasons: tuple[Reason, ...]
    hubspot_id: str | None = None
    same_as: str | None = None
    follows_account_id: str | None = None


@attrs.frozen(kw_only=True)
class DuplicateResolution:
    """The outcome of `resolve_duplicate`: one match per input record, in a
    fixed order (contacts, leads, accounts, opportunities, each by id)."""

    matches: tuple[DuplicateMatch, ...]
    reasons: tuple[Reason, ...]

    def match(self, salesforce_id: str, /) -> DuplicateMatch:
        """The match of the record with *salesforce_id*; ``KeyError`` if the
        batch had none."""
        for match in self.matches:
            if match.salesforce_id == salesforce_id:
                return match
        raise KeyError(f"no Salesforce record {salesforce_id!r} in this resolution")


def _object(record: SyncedSalesforceRecord) -> SalesforceObject:
    if isinstance(record, SalesforceLead):
        return SalesforceObject.LEAD
    if isinstance(record, SalesforceContact):
        return SalesforceObject.CONTACT
    if isinstance(record, SalesforceAccount):
        return SalesforceObject.ACCOUNT
    return SalesforceObject.OPPORTUNITY


def _key_or_none(address: str | None) -> EmailKey | None:
    if address is None or not address.strip():
        return None
    try:
        return email_key(address)
    except InvalidEmailError:
        return None


def _first(contacts: Iterable[HubSpotContact]) -> HubSpotContact | None:
    return min(contacts, key=lambda c: c.id, default=None)


class _Index:
    """HubSpot's side, indexed once per batch."""

    def __init__(self, hubspot: HubSpotRecords) -> None:
        self.by_link: dict[tuple[SalesforceObject, str], list[HubSpotContact]] = (
            defaultdict(list)
        )
        self.by_key: dict[EmailKey, list[HubSpotContact]] = defaultdict(list)
        for contact in hubspot.contacts:
            if contact.salesforce_lead_id is not None:
                self.by_link[SalesforceObject.LEAD, contact.salesforce_lead_id].append(
                    contact
                )
            if contact.salesforce_contact_id is not None:
                link = (SalesforceObject.CONTACT, contact.salesforce_contact_id)
                self.by_link[link].append(contact)
            # An unusable HubSpot address can match nothing; it is not this
            # batch's record to reject.
            key = _key_or_none(contact.email)
            if key is not None:
                self.by_key[key].append(contact)
        self.companies = {c.id: c for c in hubspot.companies}
        self.company_of_account: dict[str, list[HubSpotCompany]] = defaultdict(list)
        for company in hubspot.companies:
            if company.salesforce_account_id is not None:
                self.company_of_account[company.salesforce_account_id].append(company)
        self.deal_of_opportunity: dict[str, list[str]] = defaultdict(list)
        for deal in hubspot.deals:
            if deal.salesforce_opportunity_id is not None:
                self.deal_of_opportunity[deal.salesforce_opportunity_id].append(deal.id)

    def primary_company(self, contact: HubSpotContact) -> HubSpotCompany | None:
        if not contact.company_ids:
            return None
        return self.companies.get(contact.company_ids[0])


def _person(
    record: SalesforceLead | SalesforceContact,
    index: _Index,
    created: dict[EmailKey, str],
) -> tuple[DuplicateMatch, HubSpotContact | None]:
    """DUP-1 for one lead or contact."""
    kind = _object(record)
    name = f"{kind.value} {record.id!r}"

    def match(
        outcome: DuplicateOutcome, detail: str, **kw: str | None
    ) -> DuplicateMatch:
        return DuplicateMatch(
            salesforce_object=kind,
            salesforce_id=record.id,
            outcome=outcome,
            reasons=(Reason(rule="DUP-1", detail=detail),),
            **kw,
        )

    linked = _first(index.by_link.get((kind, record.id), ()))
    if linked is not None:
        return match(
            DuplicateOutcome.LINKED,
            f"{name} already syncs with HubSpot contact {linked.id!r}.",
            hubspot_id=linked.id,
        ), linked
    if record.email is None or not record.email.strip():
        return match(
            DuplicateOutcome.CREATE,
            f"{name} has no email address (email={record.email!r}), so it is "
            "never matched and creates a HubSpot contact of its own.",
        ), None
    try:
        key = email_key(record.email, record=record.id, field="Email")
    except InvalidEmailError as exc:
        return match(
            DuplicateOutcome.REJECTED,
            f"{name} cannot be deduplicated by email: {exc}.",
        ), None
    existing = index.by_key.get(key, [])
    target = _first(existing)
    if target is not None:
        others = sorted(c.id for c in existing if c is not target)
        also = (
            f" (also matching: {', '.join(others)}; the lowest id wins)"
            if others
            else ""
        )
        return match(
            DuplicateOutcome.DEDUPED,
            f"{name} with email {record.email!r} dedupes into HubSpot contact "
            f"{target.id!r} (email key {key!r}){also}.",
            hubspot_id=target.id,
        ), target
    first = created.get(key)
    if first is not None:
        return match(
            DuplicateOutcome.DEDUPED,
            f"{name} with email {record.email!r} dedupes into the HubSpot "
            f"contact that Salesforce record {first!r} creates (email key "
            f"{key!r}).",
            same_as=first,
        ), None
    created[key] = record.id
    return match(
        DuplicateOutcome.CREATE,
        f"No HubSpot contact has the email key {key!r} of {name}, so it creates one.",
    ), None


def _follows(
    record: SalesforceContact, contact: HubSpotContact, index: _Index
) -> tuple[str | None, Reason | None]:
    """DUP-4: a contact in a company linked to another account follows it."""
    company = index.primary_company(contact)
    if company is None or company.salesforce_account_id is None:
        return None, None
    account = company.salesforce_account_id
    if account == record.account_id:
        return None, None
    return account, Reason(
        rule="DUP-4",
        detail=f"HubSpot contact {contact.id!r} of Salesforce contact "
        f"{record.id!r} is associated with company {company.id!r}, linked to "
        f"account {account!r}, so the contact follows that account (not "
        f"{record.account_id!r}).",
    )


def _account(
    account: SalesforceAccount,
    index: _Index,
    contacts_of: dict[str, list[HubSpotContact]],
    claimed: dict[str, str],
) -> DuplicateMatch:
    """DUP-2 and DUP-3 for one account."""
    name = f"Account {account.id!r}"

    def match(outcome: DuplicateOutcome, *reasons: Reason, **kw: str) -> DuplicateMatch:
        return DuplicateMatch(
            salesforce_object=SalesforceObject.ACCOUNT,
            salesforce_id=account.id,
            outcome=outcome,
            reasons=reasons,
            **kw,
        )

    linked = min(
        (c.id for c in index.company_of_account.get(account.id, ())), default=None
    )
    if linked is not None:
        claimed[linked] = account.id
        return match(
            DuplicateOutcome.LINKED,
            Reason(
                rule="DUP-3",
                detail=f"{name} is linked to HubSpot company {linked!r}, which "
                "never syncs with another account.",
            ),
            hubspot_id=linked,
        )
    if account.is_person_account:
        return match(
            DuplicateOutcome.CREATE,
            Reason(
                rule="PA-1",
                detail=f"{name} is a person account and has no associated contacts.",
            ),
            Reason(
                rule="DUP-2",
                detail=f"With no associated contacts, {name} matches no HubSpot "
                "company and creates one.",
            ),
        )
    counts: dict[str, int] = defaultdict(int)
    for contact in contacts_of.get(account.id, ()):
        company = index.primary_company(contact)
        if company is not None:
            counts[company.id] += 1
    reasons: list[Reason] = []
    candidates = []
    for company_id in sorted(counts):
        company = index.companies[company_id]
        other = company.salesforce_account_id or claimed.get(company_id)
        if other is not None:
            reasons.append(
                Reason(
                    rule="DUP-3",
                    detail=f"HubSpot company {company_id!r}, where contacts of "
                    f"{name} sit, is linked to account {other!r}, so it does "
                    f"not sync with {account.id!r}.",
                )
            )
        else:
            candidates.append(company_id)
    if not candidates:
        found = len(contacts_of.get(account.id, ()))
        reasons.append(
            Reason(
                rule="DUP-2",
                detail=f"None of the {found} HubSpot contacts of {name}'s "
                "contacts is in a company free to take it, so it creates a "
                "HubSpot company.",
            )
        )
        return match(DuplicateOutcome.CREATE, *reasons)
    best = min(candidates, key=lambda c: (-counts[c], c))
    claimed[best] = account.id
    reasons.append(
        Reason(
            rule="DUP-2",
            detail=f"{counts[best]} of {name}'s contacts are associated with "
            f"HubSpot company {best!r}, so the account dedupes into it.",
        )
    )
    return match(DuplicateOutcome.DEDUPED, *reasons, hubspot_id=best)


def _opportunity(opportunity: SalesforceOpportunity, index: _Index) -> DuplicateMatch:
    """DUP-5: only an existing link, never a merge."""
    name = f"Opportunity {opportunity.id!r}"
    linked = sorted(index.deal_of_opportunity.get(opportunity.id, ()))
    if linked:
        return DuplicateMatch(
            salesforce_object=SalesforceObject.OPPORTUNITY,
            salesforce_id=opportunity.id,
            outcome=DuplicateOutcome.LINKED,
            hubspot_id=linked[0],
            reasons=(
                Reason(
                    rule="DUP-5",
                    detail=f"{name} already syncs with deal {linked[0]!r}; "
                    "opportunities are never deduplicated into other deals.",
                ),
            ),
        )
    return DuplicateMatch(
        salesforce_object=SalesforceObject.OPPORTUNITY,
        salesforce_id=opportunity.id,
        outcome=DuplicateOutcome.CREATE,
        reasons=(
            Reason(
                rule="DUP-5",
                detail=f"{name} is never deduplicated, so it creates a HubSpot deal.",
            ),
        ),
    )


def resolve_duplicate(
    records: Iterable[SyncedSalesforceRecord], /, *, hubspot: HubSpotRecords
) -> DuplicateResolution:
    """Resolve each Salesforce record in *records* against *hubspot*'s
    existing contacts, companies and deals (DUP-1..5).

    Accounts dedupe through the Salesforce contacts of the same batch, so
    pass an account's contacts with it. The result has one `DuplicateMatch`
    per record, whatever their order; a record whose email address is
    invalid gets a `DuplicateOutcome.REJECTED` match rather than an
    exception, so one bad record never stops a batch. Two records of one
    object with the same id raise `InvalidRecordError`.

    >>> from crmsync_rules import HubSpotContact, HubSpotRecords, SalesforceLead
    >>> jan = HubSpotContact(id="501", email="jan@vries.nl")
    >>> hubspot = HubSpotRecords(contacts=(jan,))
    >>> resolution = resolve_duplicate(
    ...     [SalesforceLead(id="00Q1", email=" Jan@Vries.NL")], hubspot=hubspot)
    >>> m = resolution.match("00Q1")
    >>> m.outcome.value, m.hubspot_id, m.reasons[0].rule
    ('deduped', '501', 'DUP-1')
    """
    ordered = sorted(records, key=lambda r: (_OBJECT_ORDER[_object(r)], r.id))
    for before, after in itertools.pairwise(ordered):
        if _object(before) is _object(after) and before.id == after.id:
            raise InvalidRecordError(
                f"{_object(after).value} ids must be unique in one batch",
                record=after.id,
                field="id",
                value=after.id,
            )
    index = _Index(hubspot)
    created: dict[EmailKey, str] = {}
    contacts_of: dict[str, list[HubSpotContact]] = defaultdict(list)
    claimed: dict[str, str] = {}
    matches: list[DuplicateMatch] = []
    for record in ordered:
        if isinstance(record, SalesforceLead | SalesforceContact):
            found, contact = _person(record, index, created)
            if isinstance(record, SalesforceContact) and contact is not None:
                if record.account_id is not None:
                    contacts_of[record.account_id].append(contact)
                account, reason = _follows(record, contact, index)
                if reason is not None:
                    found = attrs.evolve(
                        found,
                        follows_account_id=account,
                        reasons=(*found.reasons, reason),
                    )
            matches.append(found)
        elif isinstance(record, SalesforceAccount):
            matches.append(_account(record, index, contacts_of, claimed))
        else:
            matches.append(_opportunity(record, index))
    tally: dict[str, int] = defaultdict(int)
    for found in matches:
        tally[found.outcome.value] += 1
    summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(tally.items()))
    return DuplicateResolution(
        matches=tuple(matches),
        reasons=(
            Reason(
                rule="DUP-1",
                detail=f"Resolved {len(matches)} Salesforce records against "
                f"{len(hubspot.contacts)} HubSpot contacts by email key"
                + (f": {summary}." if summary else "."),
            ),
        ),
    )
