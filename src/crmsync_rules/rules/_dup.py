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

This module holds the outcomes and the rules for one record; a batch is
resolved, and each record's match explained, by `DuplicateIndex`
(crmsync_rules.rules._dup_index), which `resolve_duplicate` and the planner
both use.
"""

from __future__ import annotations

import enum
import itertools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._errors import InvalidRecordError
from crmsync_rules.model._hubspot import HubSpotCompany, HubSpotContact
from crmsync_rules.model._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
)
from crmsync_rules.model._salesforce_ids import salesforce_id_key

from ._lint import Finding, Severity

__all__ = [
    "DuplicateMatch",
    "DuplicateOutcome",
    "DuplicateResolution",
    "SyncedSalesforceRecord",
    "hubspot_id_order",
    "other_form",
]

SyncedSalesforceRecord = (
    SalesforceLead | SalesforceContact | SalesforceAccount | SalesforceOpportunity
)
"""A Salesforce record that syncs with a HubSpot record."""


#: Each Salesforce object by its record class, in the fixed order of a
#: resolution: contacts before leads (so a contact wins an address a lead
#: shares, DUP-1), and all people before the accounts that dedupe through them
#: (DUP-2).
OBJECT_OF: Final = {
    SalesforceContact: SalesforceObject.CONTACT,
    SalesforceLead: SalesforceObject.LEAD,
    SalesforceAccount: SalesforceObject.ACCOUNT,
    SalesforceOpportunity: SalesforceObject.OPPORTUNITY,
}
LABEL_OF: Final = {cls: kind.value for cls, kind in OBJECT_OF.items()}
_ID: Final = operator.attrgetter("id")
_FIRST: Final = operator.itemgetter(0)


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
        """The match of the record with *salesforce_id*, in either of its
        forms (DUP-7); ``KeyError`` if the batch had none."""
        key = salesforce_id_key(salesforce_id)
        for match in self.matches:
            if salesforce_id_key(match.salesforce_id) == key:
                return match
        raise KeyError(f"no Salesforce record {salesforce_id!r} in this resolution")


def object_of(record: SyncedSalesforceRecord) -> SalesforceObject:
    """The object of *record*, whose class may be a subclass of a record
    class (the record classes themselves are quicker looked up in
    `OBJECT_OF`)."""
    if isinstance(record, SalesforceLead):
        return SalesforceObject.LEAD
    if isinstance(record, SalesforceContact):
        return SalesforceObject.CONTACT
    if isinstance(record, SalesforceAccount):
        return SalesforceObject.ACCOUNT
    return SalesforceObject.OPPORTUNITY


def by_object(
    records: Iterable[SyncedSalesforceRecord],
) -> tuple[
    dict[SalesforceObject, list[SyncedSalesforceRecord]],
    dict[SalesforceObject, list[str]],
]:
    """*records* grouped by object in `OBJECT_OF`'s order, each group by id,
    and each group's ids as compared (`salesforce_id_key`: an id's 15- and
    18-character forms are one, DUP-7); two records of one object with one
    id, in either form, are refused."""
    groups: dict[SalesforceObject, list[SyncedSalesforceRecord]] = {
        kind: [] for kind in OBJECT_OF.values()
    }
    # Looked up by class: hashing an enum member runs Python code.
    group_of = {cls: groups[kind] for cls, kind in OBJECT_OF.items()}
    for record in records:
        group = group_of.get(type(record))
        if group is None:
            group = groups[object_of(record)]
        group.append(record)
    keys: dict[SalesforceObject, list[str]] = {}
    for kind, group in groups.items():
        ids = map(salesforce_id_key, map(_ID, group))
        keyed = sorted(zip(ids, group, strict=True), key=_FIRST)
        group[:] = [record for _, record in keyed]
        keys[kind] = [key for key, _ in keyed]
        for (key, before), (again, after) in itertools.pairwise(keyed):
            if key == again:
                raise InvalidRecordError(
                    f"{kind.value} ids must be unique in one batch"
                    + (
                        f" ({before.id!r} and {after.id!r} are the 15- and "
                        "18-character forms of one id, DUP-7)"
                        if before.id != after.id
                        else ""
                    ),
                    record=after.id,
                    field="id",
                    value=after.id,
                )
    return groups, keys


def follows_account(
    record: SalesforceContact,
    contact: HubSpotContact,
    company_of: Callable[[str], HubSpotCompany | None],
) -> tuple[str | None, Reason | None]:
    """DUP-4: Salesforce contact *record*, which becomes HubSpot contact
    *contact*, follows the account of the company *contact* sits in when
    that company (looked up by id with *company_of*) is linked to another
    account: that account's id and why, else ``(None, None)``."""
    company = company_of(contact.company_ids[0]) if contact.company_ids else None
    if company is None or company.salesforce_account_id is None:
        return None, None
    account = company.salesforce_account_id
    if record.account_id is not None and salesforce_id_key(account) == (
        salesforce_id_key(record.account_id)
    ):
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


def account_match(
    account: SalesforceAccount,
    *,
    companies: Mapping[str, HubSpotCompany],
    linked_companies: Iterable[HubSpotCompany],
    contacts: Sequence[HubSpotContact],
    claimed: dict[str, str],
) -> DuplicateMatch:
    """DUP-2 and DUP-3 for one account: its match, given the HubSpot
    *companies* of the batch by id, the *linked_companies* linked to it, the existing
    HubSpot *contacts* its Salesforce contacts became, and the companies
    *claimed* by accounts before it (by company id; it adds its own)."""
    name = f"Account {account.id!r}"

    def match(
        outcome: DuplicateOutcome, *reasons: Reason, hubspot_id: str | None = None
    ) -> DuplicateMatch:
        return _match(
            SalesforceObject.ACCOUNT, account.id, outcome, reasons, hubspot_id
        )

    linked = min(
        (c.id for c in linked_companies),
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
    counts: dict[str, int] = defaultdict(int)
    for contact in contacts:
        company = companies.get(contact.company_ids[0]) if contact.company_ids else None
        if company is not None:
            counts[company.id] += 1
    reasons: list[Reason] = []
    candidates = []
    for company_id in sorted(counts, key=hubspot_id_order):
        company = companies[company_id]
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


def opportunity_match(
    opportunity: SalesforceOpportunity, deals: Iterable[str]
) -> DuplicateMatch:
    """DUP-5 for one opportunity, linked to the HubSpot *deals* (by id):
    only an existing link, never a merge."""
    name = f"Opportunity {opportunity.id!r}"
    linked = sorted(deals, key=hubspot_id_order)
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
    creation is on), or to none. Which of them an existing contact syncs
    with is DUP-6's choice, said on their entries."""
    names = ", ".join(f"{kind.value} {record_id!r}" for kind, record_id in members)
    order = "(contacts before leads, then the lowest id, decide which comes first)"
    if hubspot_id is not None:
        into = f"all resolve to HubSpot contact {hubspot_id!r}"
        order = "(which of them it syncs with: see their entries, DUP-6)"
    elif creating:
        into = f"all resolve to the HubSpot contact that {created_by!r} creates"
    else:
        into = "no HubSpot contact has it (contact creation is off, so none is created)"
    return Finding(
        severity=Severity.WARNING,
        rule="DUP-1",
        detail=f"Salesforce records {names} share one email address and {into} "
        f"{order}.",
        fix="Merge the duplicates in Salesforce, or give each its own email address.",
    )


def other_form(
    kind: SalesforceObject, record_id: str, written: str | None, hubspot: str
) -> tuple[Reason, ...]:
    """DUP-7: why HubSpot record *hubspot* ("contact '510'"), which names
    Salesforce record *record_id* of *kind* as *written*, is linked to it
    although the two differ; nothing when they do not."""
    if written is None or written == record_id:
        return ()
    if len(written) != len(record_id):
        form = f"its {len(written)}-character form"
    else:
        form = "the same id with its last three characters in another case"
    return (
        cite(
            "DUP-7",
            f"HubSpot {hubspot} names Salesforce {kind.value.lower()} "
            f"{record_id!r} as {written!r}, {form}: both name one record, so "
            "they are linked.",
        ),
    )


def person_account_reasons(
    match: DuplicateMatch, /, *, creates_company: bool
) -> list[Reason]:
    """The reasons of person account *match* that hold: DUP-2's "creates
    one" only when the person account creates a company (PA-1)."""
    return [r for r in match.reasons if creates_company or r.rule != "DUP-2"]
