"""Duplicates (DUP-1, DUP-2, DUP-3, DUP-4, DUP-5): which HubSpot record a
Salesforce record becomes.

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
same resolution. Where HubSpot records compete, the lowest id wins in
`hubspot_id_order`: HubSpot's ids are numbers, so they compare as numbers.
"""

from __future__ import annotations

import enum
import itertools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Final, TypeAlias, cast

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._email import EmailKey, email_key, email_key_or_none
from crmsync_rules.model._errors import InvalidEmailError, InvalidRecordError
from crmsync_rules.model._hubspot import HubSpotCompany, HubSpotContact
from crmsync_rules.model._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
)
from crmsync_rules.model._snapshot import HubSpotRecords

from ._lint import Finding, Severity

__all__ = [
    "DuplicateMatch",
    "DuplicateOutcome",
    "DuplicateResolution",
    "SyncedSalesforceRecord",
    "hubspot_id_order",
    "resolve_duplicate",
]

SyncedSalesforceRecord = (
    SalesforceLead | SalesforceContact | SalesforceAccount | SalesforceOpportunity
)
"""A Salesforce record that syncs with a HubSpot record."""

# Each Salesforce object by its record class, in the fixed order of a
# resolution: contacts before leads (so a contact wins an address a lead
# shares, DUP-1), and all people before the accounts that dedupe through them
# (DUP-2).
_OBJECT_OF: Final = {
    SalesforceContact: SalesforceObject.CONTACT,
    SalesforceLead: SalesforceObject.LEAD,
    SalesforceAccount: SalesforceObject.ACCOUNT,
    SalesforceOpportunity: SalesforceObject.OPPORTUNITY,
}
_LABEL_OF: Final = {cls: kind.value for cls, kind in _OBJECT_OF.items()}
_ID: Final = operator.attrgetter("id")


def hubspot_id_order(hubspot_id: str, /) -> tuple[bool, int, str, str]:
    """The sort key that puts HubSpot record ids in DUP-1's order, where the
    lowest id wins: ids of decimal digits (what HubSpot's API returns) by
    their number, ``"9"`` before ``"10"``; any other id after them, as text.
    Ids that spell one number differently (``"07"``, ``"7"``) compare as
    text, so the order stays total.

    >>> sorted(["10", "9", "x1", "010"], key=hubspot_id_order)
    ['9', '010', '10', 'x1']
    """
    if hubspot_id.isascii() and hubspot_id.isdigit():
        # Compared as digit strings, not as ints: any length, no int() limit.
        digits = hubspot_id.lstrip("0")
        return False, len(digits), digits, hubspot_id
    return True, 0, "", hubspot_id


def _hubspot_key(record: HubSpotContact | HubSpotCompany) -> tuple[bool, int, str, str]:
    return hubspot_id_order(record.id)


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
    """The object of a record whose class is a subclass of a record class
    (the record classes themselves are looked up in `_OBJECT_OF`)."""
    if isinstance(record, SalesforceLead):
        return SalesforceObject.LEAD
    if isinstance(record, SalesforceContact):
        return SalesforceObject.CONTACT
    if isinstance(record, SalesforceAccount):
        return SalesforceObject.ACCOUNT
    return SalesforceObject.OPPORTUNITY


def _by_object(
    records: Iterable[SyncedSalesforceRecord],
) -> dict[SalesforceObject, list[SyncedSalesforceRecord]]:
    """*records* grouped by object in `_OBJECT_OF`'s order, each group by
    id; two records of one object with the same id are refused."""
    groups: dict[SalesforceObject, list[SyncedSalesforceRecord]] = {
        kind: [] for kind in _OBJECT_OF.values()
    }
    # Looked up by class: hashing an enum member runs Python code.
    group_of = {cls: groups[kind] for cls, kind in _OBJECT_OF.items()}
    for record in records:
        group = group_of.get(type(record))
        if group is None:
            group = groups[_object(record)]
        group.append(record)
    for kind, group in groups.items():
        group.sort(key=_ID)
        for before, after in itertools.pairwise(group):
            if before.id == after.id:
                raise InvalidRecordError(
                    f"{kind.value} ids must be unique in one batch",
                    record=after.id,
                    field="id",
                    value=after.id,
                )
    return groups


def _plain_key(address: str) -> str | None:
    """The key *address* has, if it has one, when that is plain to see.

    An ASCII address is keyed by `email_key`'s fast path or, when that
    declines it, by email-validator, which accepts it unchanged (its only
    IDNA mapping of an ASCII domain is lowercasing) or rejects it. Either way
    its key, when it has one, is the address stripped and lowercased
    (tests/test_duplicates_index.py holds this). Quoted local parts and
    Punycode domains are left out although email_key refuses the one and
    keeps the other today: how they are keyed is email-validator's to
    change. ``None`` for every other address.
    """
    text = address.strip()
    if text.isascii() and '"' not in text:
        guess = text.lower()
        if "xn--" not in guess:
            # Already plain: the record's own string, not a copy, files it.
            return text if guess == text else guess
    return None


def _keep_lowest(
    links: dict[str, HubSpotContact], salesforce_id: str, contact: HubSpotContact
) -> None:
    # Several HubSpot contacts can carry one link; the lowest id wins, and
    # of equal ids the first, as `min` would choose.
    kept = links.setdefault(salesforce_id, contact)
    if kept is not contact and hubspot_id_order(contact.id) < hubspot_id_order(kept.id):
        links[salesforce_id] = contact


class _Index:
    """HubSpot's side, indexed once per batch."""

    def __init__(self, hubspot: HubSpotRecords) -> None:
        leads: dict[str, HubSpotContact] = {}
        contacts: dict[str, HubSpotContact] = {}
        self.linked = {SalesforceObject.LEAD: leads, SalesforceObject.CONTACT: contacts}
        # Most HubSpot addresses match no Salesforce record, and checking one
        # costs more than all the rest of its indexing. So a plain address is
        # filed under the key it must have if it has any, and is checked only
        # when a Salesforce record asks for that key (`contacts_with`); other
        # addresses are keyed at once. A key holds its one contact, or a list
        # of several, until it is checked; then a tuple of those that have it.
        self._filed: dict[
            str, HubSpotContact | list[HubSpotContact] | tuple[HubSpotContact, ...]
        ] = {}
        filed = self._filed
        for contact in hubspot.contacts:
            if contact.salesforce_lead_id is not None:
                _keep_lowest(leads, contact.salesforce_lead_id, contact)
            if contact.salesforce_contact_id is not None:
                _keep_lowest(contacts, contact.salesforce_contact_id, contact)
            if contact.email is None:
                continue
            key = _plain_key(contact.email) or email_key_or_none(contact.email)
            if key:
                kept = filed.setdefault(key, contact)
                if kept is contact:
                    continue
                if isinstance(kept, list):
                    kept.append(contact)
                else:
                    filed[key] = [cast("HubSpotContact", kept), contact]
        self.companies = {c.id: c for c in hubspot.companies}
        self.company_of_account: dict[str, list[HubSpotCompany]] = defaultdict(list)
        for company in hubspot.companies:
            if company.salesforce_account_id is not None:
                self.company_of_account[company.salesforce_account_id].append(company)
        self.deal_of_opportunity: dict[str, list[str]] = defaultdict(list)
        for deal in hubspot.deals:
            if deal.salesforce_opportunity_id is not None:
                self.deal_of_opportunity[deal.salesforce_opportunity_id].append(deal.id)

    def contacts_with(self, key: EmailKey) -> tuple[HubSpotContact, ...]:
        """The HubSpot contacts whose address has *key*, in HubSpot's order.

        An unusable HubSpot address has no key, so it matches nothing; it is
        not this batch's record to reject.
        """
        filed = self._filed.get(key)
        if filed is None:
            return ()
        if isinstance(filed, tuple):
            return filed
        candidates = filed if isinstance(filed, list) else (filed,)
        checked = tuple(c for c in candidates if email_key_or_none(c.email) == key)
        self._filed[key] = checked
        return checked

    def primary_company(self, contact: HubSpotContact) -> HubSpotCompany | None:
        if not contact.company_ids:
            return None
        return self.companies.get(contact.company_ids[0])


Found: TypeAlias = HubSpotContact | tuple[HubSpotContact, ...] | str
"""What DUP-1 resolved a lead or contact against, all `person_match` needs
to give its match back: the HubSpot contact it is linked to, the HubSpot
contacts that share its email key, or the id of the record of its batch whose
new HubSpot contact it shares."""


def _no_contacts(_key: EmailKey) -> tuple[HubSpotContact, ...]:
    return ()


def _resolve(
    record: SalesforceLead | SalesforceContact,
    linked: HubSpotContact | None,
    contacts_with: Callable[[EmailKey], tuple[HubSpotContact, ...]],
    created: dict[str, str],
) -> tuple[
    DuplicateOutcome,
    HubSpotContact | None,
    Found | None,
    EmailKey | InvalidEmailError | None,
]:
    """DUP-1 for one lead or contact, *linked* to a HubSpot contact or not:
    its outcome, the existing HubSpot contact it becomes, what it was
    resolved against (``None`` when that is nothing but the record itself),
    and its email key or why it has none (``None`` without an address)."""
    if linked is not None:
        return DuplicateOutcome.LINKED, linked, linked, None
    address = record.email
    if address is None or not address.strip():
        return DuplicateOutcome.CREATE, None, None, None
    try:
        key = email_key(address, record=record.id, field="Email")
    except InvalidEmailError as exc:
        return DuplicateOutcome.REJECTED, None, None, exc
    existing = contacts_with(key)
    if existing:
        target = existing[0] if len(existing) == 1 else min(existing, key=_hubspot_key)
        return DuplicateOutcome.DEDUPED, target, existing, key
    first = created.get(key)
    if first is not None:
        return DuplicateOutcome.DEDUPED, None, first, key
    # A key spelled as its address is held as the record's own string: a
    # million such keys then cost no strings of their own.
    created[address if key == address else key] = record.id
    return DuplicateOutcome.CREATE, None, None, key


def _sentence(
    name: str,
    address: str | None,
    contact: HubSpotContact | None,
    found: Found | None,
    why: EmailKey | InvalidEmailError | None,
    *,
    creating: bool,
) -> str:
    """Why `_resolve` resolved the lead or contact called *name*, with
    *address*, as it did (its results are the other arguments). Unless
    *creating*, a record that matches no HubSpot contact is not said to
    create one (contact creation is off, SYNC-6)."""
    if isinstance(found, HubSpotContact):
        return f"{name} already syncs with HubSpot contact {found.id!r}."
    if isinstance(why, InvalidEmailError):
        return f"{name} cannot be deduplicated by email: {why}."
    if why is None:
        blank = "" if address is None else f" (only {address!r})"
        then = " and creates a HubSpot contact of its own" if creating else ""
        return f"{name} has no email address{blank}, so it is never matched{then}."
    if isinstance(found, tuple):
        target = cast(HubSpotContact, contact)
        others = sorted((c.id for c in found if c is not target), key=hubspot_id_order)
        also = (
            f" (also matching: {', '.join(others)}; the lowest id wins)"
            if others
            else ""
        )
        return (
            f"{name} with email {address!r} dedupes into HubSpot contact "
            f"{target.id!r} (email key {why!r}){also}."
        )
    if found is not None:
        if not creating:
            return (
                f"{name} with email {address!r} shares the email key {why!r} "
                f"with Salesforce record {found!r}, which comes first; no HubSpot "
                "contact has it."
            )
        return (
            f"{name} with email {address!r} dedupes into the HubSpot contact "
            f"that Salesforce record {found!r} creates (email key {why!r})."
        )
    if not creating:
        return f"No HubSpot contact has the email key {why!r} of {name}."
    return f"No HubSpot contact has the email key {why!r} of {name}, so it creates one."


def _person_match(
    record: SalesforceLead | SalesforceContact,
    kind: SalesforceObject,
    linked: HubSpotContact | None,
    contacts_with: Callable[[EmailKey], tuple[HubSpotContact, ...]],
    created: dict[str, str],
    *,
    company: Callable[[str], HubSpotCompany | None],
    label: str,
    creating: bool = True,
) -> tuple[DuplicateMatch, HubSpotContact | None, Found | None]:
    """`_resolve`'s outcome as a match with its sentence, DUP-4 included for
    contacts (looking up HubSpot companies by id with *company*), with the
    existing HubSpot contact it becomes and what it was resolved against.
    *label* is *kind*'s value, read once by the caller (an enum member's
    `value` is a Python-level property); *creating* as in `_sentence`."""
    outcome, contact, found, why = _resolve(record, linked, contacts_with, created)
    name = f"{label} {record.id!r}"
    reasons: tuple[Reason, ...] = (
        cite(
            "DUP-1",
            _sentence(name, record.email, contact, found, why, creating=creating),
        ),
    )
    follows = None
    if contact is not None and isinstance(record, SalesforceContact):
        follows, reason = _follows(record, contact, company)
        if reason is not None:
            reasons = (*reasons, reason)
    match = DuplicateMatch(
        salesforce_object=kind,
        salesforce_id=record.id,
        outcome=outcome,
        reasons=reasons,
        hubspot_id=None if contact is None else contact.id,
        same_as=found if isinstance(found, str) else None,
        follows_account_id=follows,
    )
    return match, contact, found


def _follows(
    record: SalesforceContact,
    contact: HubSpotContact,
    company_of: Callable[[str], HubSpotCompany | None],
) -> tuple[str | None, Reason | None]:
    """DUP-4: a contact in a company linked to another account follows it."""
    company = company_of(contact.company_ids[0]) if contact.company_ids else None
    if company is None or company.salesforce_account_id is None:
        return None, None
    account = company.salesforce_account_id
    if account == record.account_id:
        return None, None
    return account, Reason(
        rule="DUP-4",
        detail=f"HubSpot contact {contact.id!r} of Salesforce contact "
        f"{record.id!r} is associated with company {company.id!r}, linked to "
        f"account {account!r}, so the contact follows that account ("
        + (
            f"not {record.account_id!r})."
            if record.account_id is not None
            else "it has no account of its own)."
        ),
    )


def _people(
    records: Iterable[SalesforceLead | SalesforceContact],
    kind: SalesforceObject,
    index: _Index,
    created: dict[str, str],
    contacts_of: dict[str, list[HubSpotContact]],
    *,
    explain: bool,
) -> Iterator[
    tuple[SalesforceLead | SalesforceContact, DuplicateMatch | None, Found | None]
]:
    """DUP-1 (and DUP-4 for contacts) for the leads or contacts of a batch:
    each record's match, or, unless *explain*, ``None`` in its place."""
    links, contacts_with = index.linked[kind], index.contacts_with
    company, label = index.companies.get, kind.value
    for record in records:
        linked = links.get(record.id)
        match: DuplicateMatch | None = None
        if explain:
            match, contact, found = _person_match(
                record,
                kind,
                linked,
                contacts_with,
                created,
                company=company,
                label=label,
            )
        else:
            _, contact, found, _ = _resolve(record, linked, contacts_with, created)
        if (
            contact is not None
            and isinstance(record, SalesforceContact)
            and record.account_id is not None
        ):
            contacts_of[record.account_id].append(contact)
        yield record, match, found


def _account(
    account: SalesforceAccount,
    index: _Index,
    contacts_of: dict[str, list[HubSpotContact]],
    claimed: dict[str, str],
) -> DuplicateMatch:
    """DUP-2 and DUP-3 for one account."""
    name = f"Account {account.id!r}"

    def match(
        outcome: DuplicateOutcome, *reasons: Reason, hubspot_id: str | None = None
    ) -> DuplicateMatch:
        return _match(
            SalesforceObject.ACCOUNT, account.id, outcome, reasons, hubspot_id
        )

    linked = min(
        (c.id for c in index.company_of_account.get(account.id, ())),
        key=hubspot_id_order,
        default=None,
    )
    if linked is not None:
        claimed[linked] = account.id
        return match(
            DuplicateOutcome.LINKED,
            cite(
                "DUP-3",
                f"{name} is linked to HubSpot company {linked!r}, which never "
                "syncs with another account.",
            ),
            hubspot_id=linked,
        )
    if account.is_person_account:
        return match(
            DuplicateOutcome.CREATE,
            cite("PA-1", f"{name} is a person account and has no associated contacts."),
            cite(
                "DUP-2",
                f"With no associated contacts, {name} matches no HubSpot company "
                "and creates one.",
            ),
        )
    contacts = contacts_of.get(account.id, ())
    counts: dict[str, int] = defaultdict(int)
    for contact in contacts:
        company = index.primary_company(contact)
        if company is not None:
            counts[company.id] += 1
    reasons: list[Reason] = []
    candidates = []
    for company_id in sorted(counts, key=hubspot_id_order):
        company = index.companies[company_id]
        other = company.salesforce_account_id or claimed.get(company_id)
        if other is not None:
            reasons.append(
                cite(
                    "DUP-3",
                    f"HubSpot company {company_id!r}, where contacts of account "
                    f"{account.id!r} sit, is linked to account {other!r}, so it "
                    f"does not sync with {account.id!r}.",
                )
            )
        else:
            candidates.append(company_id)
    if not candidates:
        reasons.append(
            cite(
                "DUP-2",
                f"No company free to take account {account.id!r} holds "
                + (
                    "the HubSpot contact its contact became"
                    if len(contacts) == 1
                    else f"any of the {len(contacts)} HubSpot contacts its "
                    "contacts became"
                )
                + ", so it creates a HubSpot company."
                if contacts
                else f"No contact of account {account.id!r} became an existing "
                "HubSpot contact, so it matches no HubSpot company and creates one.",
            )
        )
        return match(DuplicateOutcome.CREATE, *reasons)
    best = min(candidates, key=lambda c: (-counts[c], hubspot_id_order(c)))
    claimed[best] = account.id
    reasons.append(
        cite(
            "DUP-2",
            f"{counts[best]} of the contacts of account {account.id!r} "
            f"{'is' if counts[best] == 1 else 'are'} associated with HubSpot "
            f"company {best!r}, so the account dedupes into it.",
        )
    )
    return match(DuplicateOutcome.DEDUPED, *reasons, hubspot_id=best)


def _opportunity(opportunity: SalesforceOpportunity, index: _Index) -> DuplicateMatch:
    """DUP-5: only an existing link, never a merge."""
    name = f"Opportunity {opportunity.id!r}"
    linked = sorted(
        index.deal_of_opportunity.get(opportunity.id, ()), key=hubspot_id_order
    )
    if linked:
        reason = cite(
            "DUP-5",
            f"{name} already syncs with deal {linked[0]!r}; opportunities are "
            "never deduplicated into other deals.",
        )
        outcome, deal = DuplicateOutcome.LINKED, linked[0]
    else:
        reason = cite(
            "DUP-5", f"{name} is never deduplicated, so it creates a HubSpot deal."
        )
        outcome, deal = DuplicateOutcome.CREATE, None
    return _match(
        SalesforceObject.OPPORTUNITY, opportunity.id, outcome, (reason,), deal
    )


_LOST_LINK: Final = {
    SalesforceObject.LEAD: ("DUP-1", "contacts", "contact"),
    SalesforceObject.CONTACT: ("DUP-1", "contacts", "contact"),
    SalesforceObject.ACCOUNT: ("DUP-3", "companies", "company"),
    SalesforceObject.OPPORTUNITY: ("DUP-5", "deals", "deal"),
}


def lost_link(
    kind: SalesforceObject, salesforce_id: str, winner: str, hubspot_id: str
) -> Reason:
    """Why HubSpot record *hubspot_id*, linked to the Salesforce record
    *salesforce_id* of *kind* as HubSpot record *winner* is, does not sync
    with it: of several HubSpot records linked to one Salesforce record,
    the one with the lowest id (`hubspot_id_order`) syncs with it."""
    rule, things, thing = _LOST_LINK[kind]
    return cite(
        rule,
        f"Salesforce {kind.value.lower()} {salesforce_id!r} is linked to several "
        f"HubSpot {things} and syncs with the lowest id, {winner!r}, so "
        f"{thing} {hubspot_id!r} does not sync with it.",
    )


def _match(
    kind: SalesforceObject,
    record_id: str,
    outcome: DuplicateOutcome,
    reasons: tuple[Reason, ...],
    hubspot_id: str | None,
) -> DuplicateMatch:
    return DuplicateMatch(
        salesforce_object=kind,
        salesforce_id=record_id,
        outcome=outcome,
        reasons=reasons,
        hubspot_id=hubspot_id,
    )


def _each(
    records: Iterable[SyncedSalesforceRecord],
    hubspot: HubSpotRecords,
    *,
    explain: bool,
) -> Iterator[tuple[SyncedSalesforceRecord, DuplicateMatch | None, Found | None]]:
    groups, index = _by_object(records), _Index(hubspot)
    created: dict[str, str] = {}
    contacts_of: dict[str, list[HubSpotContact]] = defaultdict(list)
    claimed: dict[str, str] = {}
    for kind in (SalesforceObject.CONTACT, SalesforceObject.LEAD):
        people = cast("list[SalesforceLead | SalesforceContact]", groups[kind])
        yield from _people(people, kind, index, created, contacts_of, explain=explain)
    for account in cast("list[SalesforceAccount]", groups[SalesforceObject.ACCOUNT]):
        yield account, _account(account, index, contacts_of, claimed), None
    for opportunity in cast(
        "list[SalesforceOpportunity]", groups[SalesforceObject.OPPORTUNITY]
    ):
        yield opportunity, _opportunity(opportunity, index), None


def each_found(
    records: Iterable[SyncedSalesforceRecord], /, *, hubspot: HubSpotRecords
) -> Iterator[tuple[SyncedSalesforceRecord, DuplicateMatch | None, Found | None]]:
    """`resolve_duplicate`'s resolution one record at a time, in its order,
    for a caller that holds millions of records: each record with its match,
    except that a lead's or contact's is not built (``None``), only what it
    was resolved against, from which `person_match` gives it back. For
    millions of records, run it under `crmsync_rules.bulk.bulk_collection`."""
    return _each(records, hubspot, explain=False)


def person_match(
    record: SalesforceLead | SalesforceContact,
    found: Found | None,
    /,
    *,
    company: Callable[[str], HubSpotCompany | None],
    creating: bool = True,
) -> DuplicateMatch:
    """The match `resolve_duplicate` gives lead or contact *record*, given
    back from what `each_found` yielded with it (*found*): the same
    sentences from the same parts.

    *company* looks up the HubSpot companies of the batch by id (DUP-4).
    With *found* ``None`` the record is resolved on its own, which is its
    match whenever that is ``CREATE`` or ``REJECTED``: those depend on the
    record alone. Unless *creating*, the sentences of a record that matches
    no HubSpot contact do not say it creates one (contact creation is off,
    SYNC-6).
    """
    kind = _OBJECT_OF.get(type(record))
    if kind is None:
        kind = _object(record)
        label = kind.value
    else:
        label = _LABEL_OF[type(record)]
    existing = found if isinstance(found, tuple) else ()
    created: dict[str, str] = {}
    if isinstance(found, str):
        created[email_key(cast(str, record.email))] = found
    return _person_match(
        record,
        kind,
        found if isinstance(found, HubSpotContact) else None,
        (lambda _key: existing) if existing else _no_contacts,
        created,
        company=company,
        label=label,
        creating=creating,
    )[0]


def resolve_duplicate(
    records: Iterable[SyncedSalesforceRecord], /, *, hubspot: HubSpotRecords
) -> DuplicateResolution:
    """Resolve each Salesforce record in *records* against *hubspot*'s
    existing contacts, companies and deals (DUP-1, DUP-2, DUP-3, DUP-4, DUP-5).

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
    matches = cast(
        "list[DuplicateMatch]",
        [match for _, match, _ in _each(records, hubspot, explain=True)],
    )
    # Counted with `operator.countOf` (identity first), not in a dict:
    # hashing an enum member runs Python code, once per match.
    outcomes = [match.outcome for match in matches]
    tally = sorted((o.value, operator.countOf(outcomes, o)) for o in DuplicateOutcome)
    summary = ", ".join(f"{n} {outcome}" for outcome, n in tally if n)
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


def shared_address(
    members: Sequence[tuple[SalesforceObject, str]],
    /,
    *,
    hubspot_id: str | None,
    created_by: str,
    creating: bool,
) -> Finding:
    """The finding that Salesforce leads and contacts *members* (each by
    object and id, in resolution order) share one email address (DUP-1):
    they all resolve to HubSpot contact *hubspot_id*, or, when it is
    ``None``, to the one that *created_by* creates if *creating* (contact
    creation is on), or to none."""
    names = ", ".join(f"{kind.value} {record_id!r}" for kind, record_id in members)
    if hubspot_id is not None:
        into = f"all resolve to HubSpot contact {hubspot_id!r}"
    elif creating:
        into = f"all resolve to the HubSpot contact that {created_by!r} creates"
    else:
        into = "no HubSpot contact has it (contact creation is off, so none is created)"
    return Finding(
        severity=Severity.WARNING,
        rule="DUP-1",
        detail=f"Salesforce records {names} share one email address and {into} "
        "(contacts before leads, then the lowest id, decide which comes first).",
        fix="Merge the duplicates in Salesforce, or give each its own email address.",
    )


def person_account_reasons(
    match: DuplicateMatch, /, *, creates_company: bool
) -> list[Reason]:
    """The reasons of person account *match* that hold: DUP-2's "creates
    one" only when the person account creates a company (PA-1)."""
    return [r for r in match.reasons if creates_company or r.rule != "DUP-2"]
