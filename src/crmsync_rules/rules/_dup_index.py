"""The duplicate index: every Salesforce record of one batch resolved once
(DUP-1, DUP-2, DUP-3, DUP-4, DUP-5), each explained on demand.

`DuplicateIndex` is built once per batch (`resolve_duplicate` builds one, the
planner builds one per plan). It keys every email address once: a HubSpot
contact's address when it is indexed (or the caller hands the keys in, as the
planner does, having checked every address already), a lead's or contact's
when it is resolved. What each lead or contact resolved to is a small typed
value (`PersonResolution`) that carries its email key, so its match and
sentences (`DuplicateIndex.person_match`) are built from it only when asked,
without keying the address again. Accounts and opportunities keep their
matches: they are few next to people, and DUP-2 needs the contacts.

The values are shared wherever records share an outcome: every record with
one email key holds the same `ExistingContacts` or `NewContact`, so a batch of
millions of records holds one value per key, not per record (issue 7).
"""

from __future__ import annotations

import bisect
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Final, TypeAlias, cast

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._email import EmailKey, email_key, email_keys
from crmsync_rules.model._errors import InvalidEmailError
from crmsync_rules.model._hubspot import HubSpotCompany, HubSpotContact
from crmsync_rules.model._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
)
from crmsync_rules.model._salesforce_ids import salesforce_id_key
from crmsync_rules.model._snapshot import HubSpotRecords

from ._dup import (
    LABEL_OF,
    OBJECT_OF,
    DuplicateMatch,
    DuplicateOutcome,
    DuplicateResolution,
    SyncedSalesforceRecord,
    account_match,
    by_object,
    follows_account,
    hubspot_id_order,
    object_of,
    opportunity_match,
    other_form,
)
from ._dup_partner import SharedAddresses

__all__ = [
    "DuplicateIndex",
    "ExistingContacts",
    "InvalidAddress",
    "LinkedContact",
    "NewContact",
    "PersonResolution",
    "resolve_duplicate",
]

Person: TypeAlias = SalesforceLead | SalesforceContact

_PEOPLE: Final = (SalesforceObject.CONTACT, SalesforceObject.LEAD)
_ID: Final = operator.attrgetter("id")
_EMAIL: Final = operator.attrgetter("email")


# -- what a lead or contact resolved to (DUP-1) --------------------------------
# Compared by identity (``eq=False``): a value stands for one key or one link.


@attrs.frozen(eq=False)
class LinkedContact:
    """The lead or contact is linked to HubSpot contact `contact` and syncs
    with it (of several linked to it, the lowest id)."""

    contact: HubSpotContact


@attrs.frozen(eq=False)
class ExistingContacts:
    """The existing HubSpot contacts whose address has the email key `key`,
    in HubSpot's order; a lead or contact with that key dedupes into
    `contact`, the lowest id. One value per key."""

    key: EmailKey
    contacts: tuple[HubSpotContact, ...]
    contact: HubSpotContact


@attrs.frozen(eq=False)
class NewContact:
    """The HubSpot contact that `creator`, the first lead or contact with
    the email key `key` (which no HubSpot contact has), creates, and the
    others with that key share. One value per key, held by those others
    (the creator holds its key)."""

    key: EmailKey
    creator: Person


@attrs.frozen(eq=False)
class InvalidAddress:
    """The lead's or contact's address has no key: it cannot be resolved."""

    error: InvalidEmailError


PersonResolution: TypeAlias = (
    LinkedContact | ExistingContacts | NewContact | InvalidAddress | EmailKey | None
)
"""What a lead or contact resolved to. An `EmailKey` is the record's own
key, which no HubSpot contact and no record before it has: the record
creates a HubSpot contact (the records after it with that key share it, as
a `NewContact`). ``None`` for a record without an address, which is never
matched and creates a contact of its own. Nothing is allocated for a record
that creates a contact: most do, and a plan holds millions of them."""


_EXISTING: Final = (LinkedContact, ExistingContacts)


def _keep_lowest(
    links: dict[str, HubSpotContact], salesforce_id: str, contact: HubSpotContact
) -> None:
    # Several HubSpot contacts can carry one link; the lowest id wins, and
    # of equal ids the first, as `min` would choose.
    kept = links.setdefault(salesforce_id, contact)
    if kept is not contact and hubspot_id_order(contact.id) < hubspot_id_order(kept.id):
        links[salesforce_id] = contact


def _lowest(contacts: Sequence[HubSpotContact]) -> HubSpotContact:
    if len(contacts) == 1:
        return contacts[0]
    return min(contacts, key=lambda c: hubspot_id_order(c.id))


def _find(keys: list[str], record_id: str) -> int | None:
    """Where the record with *record_id*, in either form (DUP-7), sits in a
    group whose ids as compared are *keys* (sorted)."""
    # Most ids are their own key (an 18-character id from the APIs): tried
    # as they are first, keyed only when that fails.
    at = bisect.bisect_left(keys, record_id)
    if at != len(keys) and keys[at] == record_id:
        return at
    key = salesforce_id_key(record_id)
    if key == record_id:
        return None
    at = bisect.bisect_left(keys, key)
    if at != len(keys) and keys[at] == key:
        return at
    return None


class DuplicateIndex:
    """The resolution of one batch of Salesforce *records* against
    *hubspot*'s existing contacts, companies and deals, computed once.

    *hubspot_keys*, when given, are the email keys of ``hubspot.contacts``'
    addresses, in their order (``None`` for none): a caller that has keyed
    them already hands them in rather than have them keyed twice. Two
    records of one object with the same id raise `InvalidRecordError`.
    """

    def __init__(
        self,
        records: Iterable[SyncedSalesforceRecord],
        /,
        *,
        hubspot: HubSpotRecords,
        hubspot_keys: Iterable[EmailKey | None] | None = None,
    ) -> None:
        self._records, self._keys = by_object(records)
        self._companies = {c.id: c for c in hubspot.companies}
        self._resolved: dict[SalesforceObject, list[PersonResolution]] = {}
        self.shared = SharedAddresses()
        """The leads and contacts that dedupe into each existing contact, and
        which one a contact shared by several syncs with (DUP-6)."""
        self._matches: dict[SalesforceObject, list[DuplicateMatch]] = {}
        contacts_of = self._resolve_people(hubspot, hubspot_keys)
        self._resolve_accounts(hubspot, contacts_of)
        del contacts_of
        deals: dict[str, list[str]] = defaultdict(list)
        for deal in hubspot.deals:
            if deal.salesforce_opportunity_id is not None:
                deals[salesforce_id_key(deal.salesforce_opportunity_id)].append(deal.id)
        kind = SalesforceObject.OPPORTUNITY
        opportunities = cast("list[SalesforceOpportunity]", self._records[kind])
        self._matches[kind] = [
            opportunity_match(o, deals.get(key, ()))
            for o, key in zip(opportunities, self._keys[kind], strict=True)
        ]

    def _resolve_people(
        self, hubspot: HubSpotRecords, keys: Iterable[EmailKey | None] | None
    ) -> dict[str, list[HubSpotContact]]:
        """DUP-1 for every lead and contact; the existing HubSpot contacts
        the Salesforce contacts of each account become (for DUP-2)."""
        links: dict[SalesforceObject, dict[str, HubSpotContact]] = {
            kind: {} for kind in _PEOPLE
        }
        # Each key holds its one contact, or a list of several, until a lead
        # or contact asks for it; then the `ExistingContacts` of them all.
        filed: dict[
            EmailKey, HubSpotContact | list[HubSpotContact] | ExistingContacts
        ] = {}
        if keys is None:
            keys = email_keys(map(_EMAIL, hubspot.contacts))
        for contact, key in zip(hubspot.contacts, keys, strict=True):
            if contact.salesforce_lead_id is not None:
                _keep_lowest(
                    links[SalesforceObject.LEAD],
                    salesforce_id_key(contact.salesforce_lead_id),
                    contact,
                )
            if contact.salesforce_contact_id is not None:
                _keep_lowest(
                    links[SalesforceObject.CONTACT],
                    salesforce_id_key(contact.salesforce_contact_id),
                    contact,
                )
            if key is not None:
                kept = filed.setdefault(key, contact)
                if kept is contact:
                    continue
                if isinstance(kept, list):
                    kept.append(contact)
                else:
                    filed[key] = [cast("HubSpotContact", kept), contact]
        created: dict[EmailKey, Person | NewContact] = {}
        contacts_of: dict[str, list[HubSpotContact]] = defaultdict(list)
        for kind in _PEOPLE:
            linked = links[kind]
            resolved: list[PersonResolution] = []
            people = cast("list[Person]", self._records[kind])
            for record, record_id in zip(people, self._keys[kind], strict=True):
                resolution = _resolve(record, linked.get(record_id), filed, created)
                resolved.append(resolution)
                if isinstance(resolution, ExistingContacts):
                    self.shared.add(resolution.contact, record)
                if (
                    isinstance(resolution, _EXISTING)
                    and isinstance(record, SalesforceContact)
                    and record.account_id is not None
                ):
                    account = salesforce_id_key(record.account_id)
                    contacts_of[account].append(resolution.contact)
            self._resolved[kind] = resolved
        return contacts_of

    def _resolve_accounts(
        self, hubspot: HubSpotRecords, contacts_of: dict[str, list[HubSpotContact]]
    ) -> None:
        """DUP-2 and DUP-3 for every account."""
        linked: dict[str, list[HubSpotCompany]] = defaultdict(list)
        for company in hubspot.companies:
            if company.salesforce_account_id is not None:
                linked[salesforce_id_key(company.salesforce_account_id)].append(company)
        claimed: dict[str, str] = {}
        kind = SalesforceObject.ACCOUNT
        accounts = cast("list[SalesforceAccount]", self._records[kind])
        self._matches[kind] = [
            account_match(
                account,
                companies=self._companies,
                linked_companies=linked.get(key, ()),
                contacts=contacts_of.get(key, ()),
                claimed=claimed,
            )
            for account, key in zip(accounts, self._keys[kind], strict=True)
        ]

    # -- what each record resolved to ------------------------------------------

    def resolution_of(self, kind: SalesforceObject, record_id: str) -> PersonResolution:
        """What the lead or contact (*kind*) with *record_id* resolved to;
        ``None`` also for one the batch does not hold."""
        at = _find(self._keys[kind], record_id)
        return None if at is None else self._resolved[kind][at]

    def resolution(self, record: Person, /) -> PersonResolution:
        """What lead or contact *record* of the batch resolved to."""
        kind = OBJECT_OF.get(type(record)) or object_of(record)
        return self.resolution_of(kind, record.id)

    def people(
        self, kind: SalesforceObject
    ) -> Iterator[tuple[Person, PersonResolution]]:
        """The leads or contacts (*kind*), by id, each with what it resolved
        to."""
        people = cast("list[Person]", self._records[kind])
        return zip(people, self._resolved[kind], strict=True)

    def match_of(self, kind: SalesforceObject, record_id: str) -> DuplicateMatch | None:
        """The match of the account or opportunity (*kind*) with
        *record_id*; ``None`` when the batch has none."""
        at = _find(self._keys[kind], record_id)
        return None if at is None else self._matches[kind][at]

    def matches_of(self, kind: SalesforceObject) -> list[DuplicateMatch]:
        """The matches of the accounts or opportunities (*kind*), by id."""
        return self._matches[kind]

    # -- explained on demand ----------------------------------------------------

    def person_match(
        self, record: Person, /, *, creating: bool = True
    ) -> DuplicateMatch:
        """The match of lead or contact *record*, with its sentences. Unless
        *creating*, a record that matches no HubSpot contact is not said to
        create one (contact creation is off, SYNC-6)."""
        return self._explain(record, self.resolution(record), creating)

    def matches(self) -> Iterator[DuplicateMatch]:
        """Every record's match, in `DuplicateResolution`'s order."""
        for kind in _PEOPLE:
            for record, resolution in self.people(kind):
                yield self._explain(record, resolution, True)
        yield from self._matches[SalesforceObject.ACCOUNT]
        yield from self._matches[SalesforceObject.OPPORTUNITY]

    def _explain(
        self, record: Person, resolution: PersonResolution, creating: bool
    ) -> DuplicateMatch:
        """The match of lead or contact *record*, which resolved to
        *resolution*: DUP-1's sentence, and DUP-4's for a contact."""
        cls = type(record)
        kind = OBJECT_OF.get(cls) or object_of(record)
        label = LABEL_OF.get(cls) or kind.value
        name = f"{label} {record.id!r}"
        contact: HubSpotContact | None = None
        same_as = written = None
        if isinstance(resolution, str):  # most records create a contact
            outcome = DuplicateOutcome.CREATE
            sentence = _creates(name, resolution, creating)
        elif isinstance(resolution, LinkedContact):
            outcome, contact = DuplicateOutcome.LINKED, resolution.contact
            sentence = f"{name} already syncs with HubSpot contact {contact.id!r}."
            lead = kind is SalesforceObject.LEAD
            written = (
                contact.salesforce_lead_id if lead else contact.salesforce_contact_id
            )
        elif isinstance(resolution, ExistingContacts):
            outcome, contact = DuplicateOutcome.DEDUPED, resolution.contact
            sentence = _deduped(name, record.email, resolution)
        elif isinstance(resolution, NewContact):
            outcome, same_as = DuplicateOutcome.DEDUPED, resolution.creator.id
            sentence = _shares(name, record.email, resolution, creating)
        elif isinstance(resolution, InvalidAddress):
            outcome = DuplicateOutcome.REJECTED
            sentence = f"{name} cannot be deduplicated by email: {resolution.error}."
        else:
            outcome = DuplicateOutcome.CREATE
            address = record.email
            blank = "" if address is None else f" (only {address!r})"
            then = " and creates a HubSpot contact of its own" if creating else ""
            sentence = (
                f"{name} has no email address{blank}, so it is never matched{then}."
            )
        reasons: tuple[Reason, ...] = (cite("DUP-1", sentence),)
        if contact is not None:
            hubspot = f"contact {contact.id!r}"
            reasons += other_form(kind, record.id, written, hubspot)
        if isinstance(resolution, ExistingContacts):
            partner = self.shared.partner(resolution.contact.id)
            if partner is not None:
                reasons = (*reasons, *partner.reasons)
        follows = None
        if contact is not None and isinstance(record, SalesforceContact):
            follows, reason = follows_account(record, contact, self._companies.get)
            if reason is not None:
                reasons = (*reasons, reason)
        return DuplicateMatch(
            salesforce_object=kind,
            salesforce_id=record.id,
            outcome=outcome,
            reasons=reasons,
            hubspot_id=None if contact is None else contact.id,
            same_as=same_as,
            follows_account_id=follows,
        )


def _resolve(
    record: Person,
    linked: HubSpotContact | None,
    filed: dict[EmailKey, HubSpotContact | list[HubSpotContact] | ExistingContacts],
    created: dict[EmailKey, Person | NewContact],
) -> PersonResolution:
    """DUP-1 for one lead or contact, *linked* to a HubSpot contact or not,
    against the HubSpot contacts *filed* by key and the new contacts
    *created* so far (which it may add to)."""
    if linked is not None:
        return LinkedContact(linked)
    address = record.email
    if address is None or not address.strip():
        return None
    try:
        key = email_key(address, record=record.id, field="Email")
    except InvalidEmailError as exc:
        return InvalidAddress(exc)
    existing = filed.get(key)
    if existing is not None:
        if not isinstance(existing, ExistingContacts):
            contacts = tuple(existing) if isinstance(existing, list) else (existing,)
            existing = filed[key] = ExistingContacts(key, contacts, _lowest(contacts))
        return existing
    first = created.get(key)
    if first is None:
        created[key] = record
        return key
    if not isinstance(first, NewContact):
        first = created[key] = NewContact(key, first)
    return first


def _deduped(name: str, address: str | None, existing: ExistingContacts) -> str:
    target = existing.contact
    others = sorted(
        (c.id for c in existing.contacts if c is not target), key=hubspot_id_order
    )
    also = (
        f" (also matching: {', '.join(others)}; the lowest id wins)" if others else ""
    )
    return (
        f"{name} with email {address!r} dedupes into HubSpot contact "
        f"{target.id!r} (email key {existing.key!r}){also}."
    )


def _shares(name: str, address: str | None, new: NewContact, creating: bool) -> str:
    first, key = new.creator.id, new.key
    if not creating:
        return (
            f"{name} with email {address!r} shares the email key {key!r} "
            f"with Salesforce record {first!r}, which comes first; no HubSpot "
            "contact has it."
        )
    return (
        f"{name} with email {address!r} dedupes into the HubSpot contact "
        f"that Salesforce record {first!r} creates (email key {key!r})."
    )


def _creates(name: str, key: EmailKey, creating: bool) -> str:
    if not creating:
        return f"No HubSpot contact has the email key {key!r} of {name}."
    return f"No HubSpot contact has the email key {key!r} of {name}, so it creates one."


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
    matches = list(DuplicateIndex(records, hubspot=hubspot).matches())
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
