"""The planner's index: the records of one snapshot stored by id, and what the
decisions about one record need to know of the others, computed once per
plan (issue 7: a plan of millions of records holds the records and these
indexes, never its entries).

`PlanIndex` stores each record type sorted by id (`ById`), sets apart the
records that cannot be decided (an id shared, a reference to a record the
snapshot lacks, an invalid HubSpot address), and indexes across records:
what each Salesforce record resolved to (DUP-1, DUP-2, DUP-3, DUP-4, DUP-5,
in a `DuplicateIndex` built once, from the email keys of HubSpot's
addresses keyed when they are checked), the HubSpot contacts each company has and each
Salesforce contact links to, the Salesforce contacts of each account, the
lifecycle decisions of Closed/Won and open opportunities (LC-1 to LC-5) and the
owners (`Owners`, OWN-1, OWN-2, OWN-3, OWN-4, OWN-5).
"""

from __future__ import annotations

import itertools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, Final, TypeVar, cast

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._email import EmailKey, email_key
from crmsync_rules.model._errors import InvalidEmailError
from crmsync_rules.model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
)
from crmsync_rules.model._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
)
from crmsync_rules.model._salesforce_ids import salesforce_id_key
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import HubSpotRecords, Record
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.rules._dup import (
    DuplicateMatch,
    DuplicateOutcome,
    SyncedSalesforceRecord,
    lost_link,
)
from crmsync_rules.rules._dup_index import (
    DuplicateIndex,
    ExistingContacts,
    LinkedContact,
    NewContact,
)
from crmsync_rules.rules._err import invalid_address, missing_reference
from crmsync_rules.rules._lc import LifecycleDecision, derive_lifecycle
from crmsync_rules.rules._own import (
    StaticOwnerDirectory,
)

from ._by_id import ById
from ._entries import PERSON_OBJECT_OF, RECORD_TYPE_OF, record_label
from ._owner_ids import OwnerIds
from ._owners import Owners
from ._pairs import Member, Person

__all__ = ["PlanIndex"]

_NO_MEMBERS: Final[tuple[list[Member], list[tuple[str, Reason]]]] = ([], [])
_R = TypeVar("_R", bound=Record)
_ID: Final = operator.attrgetter("id")
_FIRST: Final = operator.itemgetter(0)


class PlanIndex:
    """The records of one snapshot, stored by id, and indexed once every
    record is known (`index`)."""

    def __init__(self, settings: IntegrationSettings) -> None:
        self.settings = settings
        self.size = 0
        # By type: the records as read, then, once sorted by id (`index`),
        # the records with their own id, the records that share an id (none
        # of them can be decided), and the records rejected with their
        # reason. Each record sits in exactly one of the three.
        self._read: dict[str, list[Record]] = {
            name: [] for name in RECORD_TYPE_OF.values()
        }
        self._records: dict[str, ById[Any]] = {}
        self._shared_ids: dict[str, dict[str, list[Record]]] = {
            name: {} for name in RECORD_TYPE_OF.values()
        }
        self._rejected: dict[str, dict[str, tuple[Record, str, str]]] = {
            name: {} for name in RECORD_TYPE_OF.values()
        }
        self._unreadable: list[UnreadableLine] = []

    def add(self, value: Record | UnreadableLine) -> None:
        self.size += 1
        if isinstance(value, UnreadableLine):
            self._unreadable.append(value)
            return
        self._read[RECORD_TYPE_OF[type(value)]].append(value)

    # -- indexing, once every record is known ------------------------------

    def _sort(self) -> None:
        """Each type's records by id, those that share an id set apart: a
        Salesforce record's id compared by `salesforce_id_key`, so that one
        record given twice, once in each form, shares its id (DUP-7)."""
        for kind, read in self._read.items():
            salesforce = kind.startswith("salesforce")
            key: Callable[[str], str] = salesforce_id_key if salesforce else str
            if not salesforce:
                read.sort(key=_ID)  # stable: records sharing an id keep their order
                ids = [record.id for record in read]
            else:
                keyed = sorted(
                    zip(map(key, map(_ID, read)), read, strict=True), key=_FIRST
                )
                read[:] = [record for _, record in keyed]
                ids = [k for k, _ in keyed]
            twice = {a for a, b in itertools.pairwise(ids) if a == b}
            if twice:
                shared = self._shared_ids[kind]
                kept: list[Record] = []
                for record, record_id in zip(read, ids, strict=True):
                    if record_id in twice:
                        shared.setdefault(record_id, []).append(record)
                    else:
                        kept.append(record)
                read[:] = kept
                ids = [i for i in ids if i not in twice]
            self._records[kind] = ById(read, ids, key)
        del self._read

    def index(self) -> None:
        self._sort()
        self._check_references()
        self._check_hubspot_emails()
        v = self._records
        self.contacts: ById[HubSpotContact] = v["hubspot_contact"]
        self.companies: ById[HubSpotCompany] = v["hubspot_company"]
        self.deals: ById[HubSpotDeal] = v["hubspot_deal"]
        self.leads: ById[SalesforceLead] = v["salesforce_lead"]
        self.sf_contacts: ById[SalesforceContact] = v["salesforce_contact"]
        self.accounts: ById[SalesforceAccount] = v["salesforce_account"]
        self.opportunities: ById[SalesforceOpportunity] = v["salesforce_opportunity"]
        directory = StaticOwnerDirectory.of(
            [
                *v["hubspot_owner"].values(),
                *v["salesforce_user"].values(),
                *v["salesforce_queue"].values(),
            ]
        )
        self.owner_ids = OwnerIds(
            r.id
            for kind in ("salesforce_user", "salesforce_queue")
            for r in v[kind].values()
        )
        self.owners = Owners(self.settings, directory, spelled=self.owner_ids.spelled)
        batch: Iterable[SyncedSalesforceRecord] = itertools.chain(
            self.leads.values(),
            self.sf_contacts.values(),
            self.accounts.values(),
            self.opportunities.values(),
        )
        hubspot = HubSpotRecords(
            contacts=tuple(self.contacts.values()),
            companies=tuple(self.companies.values()),
            deals=tuple(self.deals.values()),
        )
        # What each Salesforce record resolved to, explained only when an
        # entry asks (issue 7: memory).
        self.duplicates = DuplicateIndex(
            batch, hubspot=hubspot, hubspot_keys=self._hubspot_keys
        )
        del self._hubspot_keys
        # The match of the account that dedupes into each HubSpot company
        # (DUP-2), only with account sync on: an account pairs with no
        # company otherwise.
        self.account_into: dict[str, DuplicateMatch] = {}
        if self.settings.account_sync:
            for m in self.duplicates.matches_of(SalesforceObject.ACCOUNT):
                if m.outcome is DuplicateOutcome.DEDUPED and m.hubspot_id is not None:
                    self.account_into.setdefault(m.hubspot_id, m)
        del batch
        self.members: dict[str, list[HubSpotContact]] = defaultdict(list)
        self.by_sf_contact: dict[str, list[HubSpotContact]] = defaultdict(list)
        for contact in hubspot.contacts:
            for company_id in dict.fromkeys(contact.company_ids):
                self.members[company_id].append(contact)
            if contact.salesforce_contact_id is not None:
                linked = salesforce_id_key(contact.salesforce_contact_id)
                self.by_sf_contact[linked].append(contact)
        # These three by Salesforce id as compared (`salesforce_id_key`,
        # DUP-7): looked up by the key, never by an id as written.
        self.companies_of_account: dict[str, list[HubSpotCompany]] = defaultdict(list)
        for company in hubspot.companies:
            if company.salesforce_account_id is not None:
                account = salesforce_id_key(company.salesforce_account_id)
                self.companies_of_account[account].append(company)
        del hubspot  # three tuples as long as the input
        self.sf_contacts_of_account: dict[str, list[SalesforceContact]] = defaultdict(
            list
        )
        for record in self.sf_contacts.values():
            if record.account_id is not None:
                account = salesforce_id_key(record.account_id)
                self.sf_contacts_of_account[account].append(record)
        self._derive_lifecycles()

    def _check_references(self) -> None:
        """Reject records that refer to a record the snapshot lacks."""
        # A record counts as present even when it cannot be decided itself:
        # the reference is not what is wrong.
        records, shared = self._records, self._shared_ids

        def ids(*kinds: str) -> set[str]:
            return {i for kind in kinds for i in (*records[kind], *shared[kind])}

        # Owners and accounts are few next to the records naming them.
        hubspot_owners = ids("hubspot_owner")
        salesforce_owners = ids("salesforce_user", "salesforce_queue")
        accounts = ids("salesforce_account")
        contacts, shared_contacts = (
            records["salesforce_contact"],
            shared["salesforce_contact"],
        )
        # Salesforce's ids as compared (`salesforce_id_key`, DUP-7): the
        # sets above hold them so.
        for kind, by_id in records.items():
            hubspot = kind.startswith("hubspot")
            owners = hubspot_owners if hubspot else salesforce_owners
            for record in by_id.values():
                problem = None
                owner_id = getattr(record, "owner_id", None)
                if (
                    owner_id is not None
                    and owner_id not in owners
                    and (hubspot or salesforce_id_key(owner_id) not in owners)
                ):
                    problem = f"owner_id {owner_id!r}"
                account_id = getattr(record, "account_id", None)
                if (
                    account_id is not None
                    and account_id not in accounts
                    and salesforce_id_key(account_id) not in accounts
                ):
                    problem = f"account_id {account_id!r}"
                if kind == "salesforce_opportunity":
                    for role in record.contact_roles:
                        contact_id = role.contact_id
                        if contact_id not in contacts and (
                            salesforce_id_key(contact_id) not in shared_contacts
                        ):
                            problem = f"contact role contact_id {contact_id!r}"
                if problem is not None:
                    self._rejected[kind][record.id] = (
                        record,
                        missing_reference(record_label(record), problem),
                        "INVALID_CROSS_REFERENCE_KEY",
                    )
        for kind, rejected in self._rejected.items():
            self._records[kind] = self._records[kind].without(rejected)

    def _check_hubspot_emails(self) -> None:
        """Reject the HubSpot contacts with an invalid address, and keep the
        email keys of the others (`_hubspot_keys`, in their order), so that
        each address is keyed once."""
        contacts = self._records["hubspot_contact"]
        rejected = self._rejected["hubspot_contact"]
        keys: list[EmailKey | None] = []
        for contact in contacts.values():
            if contact.email is None or not contact.email.strip():
                keys.append(None)
                continue
            try:
                keys.append(email_key(contact.email, record=contact.id))
            except InvalidEmailError as exc:
                rejected[contact.id] = (
                    contact,
                    invalid_address(record_label(contact), exc),
                    "INVALID_EMAIL_ADDRESS",
                )
        self._hubspot_keys = keys  # a rejected contact appended no key
        self._records["hubspot_contact"] = contacts.without(rejected)

    def _derive_lifecycles(self) -> None:
        """LC-1 to LC-5 for every Closed/Won opportunity and every open one
        with contact roles, and the HubSpot contacts each decision
        concerns."""
        self.lifecycles: dict[str, LifecycleDecision] = {}
        self.lifecycle_of: dict[str, list[LifecycleDecision]] = defaultdict(list)
        for opportunity in self.opportunities.values():
            opp_id = opportunity.id
            won = opportunity.is_closed_won
            # LC-4: an open opportunity moves the contacts on its roles; a
            # lost one, or an open one without roles, concerns no contact.
            if not won and (opportunity.is_closed or not opportunity.contact_roles):
                continue
            roles = [salesforce_id_key(r.contact_id) for r in opportunity.contact_roles]
            role_contacts = [
                record
                for c in dict.fromkeys(roles)
                if (record := self.sf_contacts.get(c)) is not None
            ]
            direct = [
                h
                for c in dict.fromkeys(roles)
                if c in self.sf_contacts
                for h in self.by_sf_contact.get(c, ())
            ]
            if not won:
                decision = derive_lifecycle(
                    opportunity,
                    settings=self.settings,
                    salesforce_contacts=role_contacts,
                    hubspot_contacts=direct,
                )
                self.lifecycles[opp_id] = decision
                for contact_id in sorted({h.id for h in direct}):
                    self.lifecycle_of[contact_id].append(decision)
                continue
            account = (
                salesforce_id_key(opportunity.account_id)
                if opportunity.account_id is not None
                else None
            )
            linked = self.companies_of_account.get(account, []) if account else []
            companies = {c.id for c in linked} | {
                h.company_ids[0] for h in direct if h.company_ids
            }
            reached = {h.id: h for h in direct}
            for company_id in companies:
                reached.update((h.id, h) for h in self.members.get(company_id, ()))
            decision = derive_lifecycle(
                opportunity,
                settings=self.settings,
                salesforce_contacts=role_contacts,
                hubspot_contacts=reached.values(),
                hubspot_companies=linked,
            )
            self.lifecycles[opp_id] = decision
            concerned = set(decision.contact_ids) | set(reached)
            if account is not None:
                for record in self.sf_contacts_of_account.get(account, ()):
                    concerned.update(
                        h.id
                        for h in self.by_sf_contact.get(
                            salesforce_id_key(record.id), ()
                        )
                    )
            for contact_id in sorted(concerned):
                self.lifecycle_of[contact_id].append(decision)

    def _shared_addresses(
        self,
    ) -> dict[str | NewContact, list[tuple[SalesforceObject, str]]]:
        """Salesforce leads and contacts that resolve to one HubSpot contact
        (DUP-1), by its id, or by the `NewContact` a record creates; groups
        of two or more only, each member by object and id, in resolution
        order (contacts, then leads, each by id).

        Two passes over the resolutions rather than one group per record:
        with millions of records, nearly all of them alone, only the groups
        are worth holding. A record that creates a contact others dedupe
        into comes first in its group, since it comes first of its address.
        """
        people = (SalesforceObject.CONTACT, SalesforceObject.LEAD)
        seen: set[str] = set()
        shared: set[str] = set()
        for kind in people:
            for _, resolution in self.duplicates.people(kind):
                if isinstance(resolution, LinkedContact | ExistingContacts):
                    hubspot_id = resolution.contact.id
                    if hubspot_id in seen:
                        shared.add(hubspot_id)
                    seen.add(hubspot_id)
        del seen
        groups: dict[str | NewContact, list[tuple[SalesforceObject, str]]]
        groups = defaultdict(list)
        for kind in people:
            for record, resolution in self.duplicates.people(kind):
                if isinstance(resolution, LinkedContact | ExistingContacts):
                    if resolution.contact.id in shared:
                        groups[resolution.contact.id].append((kind, record.id))
                elif isinstance(resolution, NewContact):
                    group = groups[resolution]
                    if not group:
                        creator = resolution.creator
                        group.append((PERSON_OBJECT_OF[type(creator)], creator.id))
                    group.append((kind, record.id))
        return groups

    def _match_of(self, kind: SalesforceObject, record_id: str) -> DuplicateMatch:
        """The match of the account or opportunity (*kind*) with
        *record_id*, one of the snapshot's."""
        return cast("DuplicateMatch", self.duplicates.match_of(kind, record_id))

    def _lost_to_another(
        self, kind: SalesforceObject, linked_id: str | None, hubspot_id: str
    ) -> tuple[Reason, str] | None:
        """Why HubSpot record *hubspot_id* does not sync with the Salesforce
        account or opportunity it links to, when another HubSpot record
        linked to it does (`lost_link`), with that Salesforce record's id;
        else ``None``."""
        if linked_id is None:
            return None
        winner = self.duplicates.match_of(kind, linked_id)
        if winner is None or winner.hubspot_id is None:
            return None
        if winner.hubspot_id == hubspot_id:
            return None
        return lost_link(kind, linked_id, winner.hubspot_id, hubspot_id), linked_id

    def _person_match(self, record: Person, creating: bool = True) -> DuplicateMatch:
        """*record*'s match, explained by the duplicate index."""
        return self.duplicates.person_match(record, creating=creating)

    def _members(
        self, contact: HubSpotContact
    ) -> tuple[list[Member], list[tuple[str, Reason]]]:
        """The Salesforce leads and contacts that pair with *contact*, the
        first being the one it syncs with: its own links (contact first,
        then lead; a linked record missing from the snapshot counts, as
        ``None``), then the records that dedupe into it (DUP-1). Each comes
        as a `Member`. And the records it links to that sync with a contact
        of lower id, each with why it does not sync with them (DUP-1). The
        lists are not to be changed."""
        if (
            contact.salesforce_contact_id is None
            and contact.salesforce_lead_id is None
            and not self.duplicates.shared.holds(contact.id)
        ):
            return _NO_MEMBERS  # most contacts: nothing to look up
        members: list[Member] = []
        lost: list[tuple[str, Reason]] = []
        for kind, linked_id in (
            (SalesforceObject.CONTACT, contact.salesforce_contact_id),
            (SalesforceObject.LEAD, contact.salesforce_lead_id),
        ):
            if linked_id is None:
                continue
            record = self._salesforce_record(kind, linked_id)
            winner = self.duplicates.resolution_of(kind, linked_id)
            if record is None or not isinstance(winner, LinkedContact):
                members.append((kind, linked_id, None, True))
            elif winner.contact.id == contact.id:
                members.append((kind, linked_id, record, True))
            else:
                lost.append(
                    (
                        linked_id,
                        lost_link(kind, linked_id, winner.contact.id, contact.id),
                    )
                )
        for record in self.duplicates.shared.records(contact.id):
            kind = PERSON_OBJECT_OF[type(record)]
            members.append((kind, record.id, record, False))
        return members, lost

    def _salesforce_record(
        self, kind: SalesforceObject, record_id: str
    ) -> SalesforceLead | SalesforceContact | None:
        if kind is SalesforceObject.CONTACT:
            return self.sf_contacts.get(record_id)
        return self.leads.get(record_id)
