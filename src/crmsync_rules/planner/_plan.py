"""The sync planner: what a whole snapshot would do, record by record, and why.

The planner applies no rule of its own. It composes the decision functions
over every record of both systems: `should_sync` for HubSpot contacts and
for the contacts Salesforce records create or dedupe into,
`resolve_duplicate`'s resolution of every Salesforce record (DUP-1, DUP-2,
DUP-3, DUP-4, DUP-5), `map_owner` and `salesforce_owner_status` for owners
(OWN-1, OWN-2, OWN-3, OWN-4, OWN-5), `apply_optout` for opt-out propagation
(OPT-2, OPT-3, OPT-4), `derive_lifecycle` for Closed/Won opportunities (LC-1,
LC-2, LC-3), `sync_person_account`,
`salesforce_record_for`, `company_name_sync`, `account_creation`,
`deal_sync`, `deal_contacts`, and `classify_sync_error` (ERR-1) for the
records it must reject. Its own job is bookkeeping: every input record
appears in exactly one `PlanEntry`, records that cannot be decided (a
duplicate id, an invalid email address, a reference to a record the snapshot
lacks, an unreadable NDJSON line) included, and the plan does not depend on
the order of the input.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import operator
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from typing import Any, Final, Generic, TypeVar, cast

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._email import email_key
from crmsync_rules.model._errors import InvalidEmailError, SnapshotError
from crmsync_rules.model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotObject,
    HubSpotOwner,
    LifecycleStage,
)
from crmsync_rules.model._kinds import NDJSON_TYPES
from crmsync_rules.model._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
)
from crmsync_rules.model._settings import ContactCreation, IntegrationSettings, SyncRule
from crmsync_rules.model._snapshot import HubSpotRecords, Record, Snapshot
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.rules._cn import company_name_sync
from crmsync_rules.rules._co import account_creation
from crmsync_rules.rules._deal import _new_deal_sync, deal_contacts, deal_sync
from crmsync_rules.rules._dup import (
    DuplicateMatch,
    DuplicateOutcome,
    Found,
    SyncedSalesforceRecord,
    _key_or_none,
    _lost_link,
    each_found,
    hubspot_id_order,
    person_match,
)
from crmsync_rules.rules._err import classify_sync_error
from crmsync_rules.rules._fm_values import is_owner_mapping
from crmsync_rules.rules._lc import LifecycleDecision, derive_lifecycle
from crmsync_rules.rules._lint import Finding, Severity, lint_settings
from crmsync_rules.rules._opt import (
    OptOutDecision,
    OptOutEvent,
    OptOutState,
    apply_optout,
)
from crmsync_rules.rules._own import (
    OwnerAction,
    OwnerDecision,
    OwnerSyncDirection,
    StaticOwnerDirectory,
    _nameless_users,
    map_owner,
    salesforce_owner_status,
)
from crmsync_rules.rules._pa import salesforce_record_for, sync_person_account
from crmsync_rules.rules._sync import (
    SyncAction,
    SyncTrigger,
    prospective_contact,
    should_sync,
)

__all__ = [
    "PlanAction",
    "PlanEntry",
    "PlanStream",
    "SyncPlan",
    "System",
    "plan",
    "plan_stream",
]


class System(str, enum.Enum):
    """Where a planned record lives."""

    HUBSPOT = "hubspot"
    SALESFORCE = "salesforce"
    UNKNOWN = "unknown"
    """An unreadable NDJSON line that did not say its type."""


class PlanAction(str, enum.Enum):
    """What the integration does with one record of the snapshot."""

    SYNC = "sync"
    """The record syncs with ``target`` (an existing pair, or HubSpot record
    whose Salesforce record is in the snapshot)."""
    SKIP = "skip"
    """Nothing passes: the record does not sync now."""
    CREATE_ONLY = "create_only"
    """The new Salesforce record creates (or dedupes into) a HubSpot contact
    that the inclusion list excludes: later updates do not sync (SYNC-4)."""
    CREATE_IN_HUBSPOT = "create_in_hubspot"
    """The Salesforce record creates a new HubSpot record."""
    CREATE_IN_SALESFORCE = "create_in_salesforce"
    """The HubSpot record creates a new Salesforce record."""
    DEDUPE = "dedupe"
    """The new Salesforce record merges into an existing HubSpot record, or
    into the one another Salesforce record creates (DUP-1, DUP-2); a lead or
    contact dedupes into an existing contact whatever contact creation says
    (SYNC-6)."""
    NOT_CREATED = "not_created"
    """The new Salesforce lead or contact creates no HubSpot contact: contact
    creation is off and no HubSpot contact has its address (SYNC-6)."""
    CREATE_DEAL = "create_deal"
    """The Salesforce opportunity creates a HubSpot deal (DUP-5)."""
    REFERENCE = "reference"
    """Owners, users and queues: they sync nothing themselves, they inform
    the decisions about the records they own."""
    REJECTED = "rejected"
    """The record cannot be decided; ``reasons`` says why (ERR-1)."""


_SYNCING: Final = frozenset(
    {
        PlanAction.SYNC,
        PlanAction.CREATE_IN_HUBSPOT,
        PlanAction.CREATE_IN_SALESFORCE,
        PlanAction.DEDUPE,
        PlanAction.CREATE_DEAL,
    }
)
"""Actions after which the record syncs (OWN-1's "owns a record that syncs",
OPT-4's "syncing")."""

_TYPE_OF: Final[dict[type[Any], str]] = {
    cls: name for name, cls in NDJSON_TYPES.items() if name != "settings"
}
# Planning order: NDJSON's, so Salesforce users and queues come after every
# record they may own (OWN-1 needs to know whether such a record syncs).
_TYPE_ORDER: Final = {name: n for n, name in enumerate(_TYPE_OF.values())}


@attrs.frozen(kw_only=True)
class PlanEntry:
    """The plan for one input record.

    ``record_type`` is the NDJSON type name (``"hubspot_contact"``...);
    ``record_id`` its id (``None`` only for an unreadable record that named
    none); ``line`` the NDJSON line, or ``path`` the JSON path in its
    document, of a record that could not be read.
    ``target_type``/``target_id`` name the record on the other side it
    syncs with, dedupes into or creates (``target_id`` is ``None`` for a
    record still to be created); a ``skip`` names only an existing record it
    is linked with, and ``rejected``, ``not_created`` and ``reference``
    entries name none. The entries of a pair name each other (see
    `crmsync_rules.invariants.contradicting_pairs`). ``related`` are other
    records the decision concerns. ``owner``, ``optout`` and ``lifecycle``
    are the owner outcome, opt-out propagation and new lifecycle stage, when
    there are any; a pair's opt-out decision is on both of its entries.
    ``reasons`` holds every reason, theirs included, in order.
    """

    system: System
    record_type: str
    record_id: str | None
    action: PlanAction
    reasons: tuple[Reason, ...]
    line: int | None = None
    path: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    related: tuple[str, ...] = ()
    owner: OwnerDecision | None = None
    optout: OptOutDecision | None = None
    lifecycle: LifecycleStage | None = None

    def concerns(self, record_id: str, /) -> bool:
        """Whether this entry is about *record_id*, or names it as its
        target or a related record."""
        return record_id in (self.record_id, self.target_id) or (
            record_id in self.related
        )


@attrs.frozen(kw_only=True)
class SyncPlan:
    """The plan of a whole snapshot.

    ``entries`` hold one entry per input record, in a fixed order (by
    system and record type as in `NDJSON_TYPES`, then id; unreadable records
    last, by source, then line or path). ``findings`` are the settings
    linter's findings plus the plan's own (Salesforce users none of whom has
    a name, Salesforce records sharing one email address). ``counts`` gives
    the number of entries per action, in `PlanAction` order, actions with no
    entry left out.
    """

    entries: tuple[PlanEntry, ...]
    findings: tuple[Finding, ...]
    counts: tuple[tuple[PlanAction, int], ...]

    @classmethod
    def of(
        cls, entries: Iterable[PlanEntry], /, *, findings: Iterable[Finding]
    ) -> SyncPlan:
        """A plan of *entries* and *findings*, counted."""
        entries = tuple(entries)
        return cls(entries=entries, findings=tuple(findings), counts=_count(entries))

    @property
    def rejected(self) -> int:
        """How many records were rejected."""
        return dict(self.counts).get(PlanAction.REJECTED, 0)

    def about(self, record_id: str, /) -> tuple[PlanEntry, ...]:
        """Every entry concerning *record_id* (see `PlanEntry.concerns`),
        the record's own first."""
        mine = [e for e in self.entries if e.record_id == record_id]
        others = [
            e
            for e in self.entries
            if e.record_id != record_id and e.concerns(record_id)
        ]
        return (*mine, *others)


def _count(entries: Iterable[PlanEntry], /) -> tuple[tuple[PlanAction, int], ...]:
    """The number of *entries* per action, in `PlanAction` order."""
    tally: dict[PlanAction, int] = defaultdict(int)
    for entry in entries:
        tally[entry.action] += 1
    return tuple((action, tally[action]) for action in PlanAction if tally[action])


class PlanStream:
    """A plan whose entries are computed one at a time, for inputs too big
    to hold as a `SyncPlan` (see `plan_stream`).

    The records are read and indexed when it is built; ``settings`` and
    ``findings`` are known at once, and iterating yields the entries in
    `SyncPlan` order. It can be iterated once.
    """

    def __init__(self, planner: _Planner) -> None:
        self._planner = planner
        self.settings: IntegrationSettings = planner.settings
        self.findings: tuple[Finding, ...] = planner.findings()
        self.records: int = planner.size

    def __iter__(self) -> Iterator[PlanEntry]:
        return self._planner.entries()


def plan(snapshot: Snapshot, /) -> SyncPlan:
    """Plan *snapshot*: one `PlanEntry` per record, with its reasons.

    >>> from crmsync_rules import sample_snapshot
    >>> result = plan(sample_snapshot())
    >>> len(result.entries) == len(list(sample_snapshot().records()))
    True
    >>> entry = result.about("503")[0]
    >>> entry.action.value, [r.rule for r in entry.reasons]
    ('skip', ['SYNC-3', 'SYNC-3', 'SYNC-5'])
    """
    stream = plan_stream([snapshot.settings, *snapshot.records()])
    return SyncPlan.of(stream, findings=stream.findings)


def plan_stream(
    values: Iterable[IntegrationSettings | Record | UnreadableLine], /
) -> PlanStream:
    """Plan a stream of values such as `iter_ndjson` yields: the settings
    first, then records and unreadable records (`UnreadableLine`, as
    `iter_ndjson`, `iter_snapshot` and the API readers' ``iter_*`` yield
    them) in any order.

    Reads *values* to the end (duplicates cannot be decided before every
    record is known) and keeps the records, not the entries: each entry is
    computed when the returned `PlanStream` yields it. Raises
    `SnapshotError` when the settings do not come first or come twice.
    """
    iterator = iter(values)
    first = next(iterator, None)
    if not isinstance(first, IntegrationSettings):
        if isinstance(first, UnreadableLine):
            raise SnapshotError(
                [
                    f"{first.where}: the settings cannot be read: {p}"
                    for p in first.problems
                ],
                source=first.source,
            )
        got = "nothing" if first is None else _TYPE_OF.get(type(first), "?")
        raise SnapshotError([f"the settings must come first, got {got}"])
    planner = _Planner(first)
    for value in iterator:
        if isinstance(value, IntegrationSettings):
            raise SnapshotError(["the settings must come once, got a second settings"])
        planner.add(value)
    planner.index()
    return PlanStream(planner)


# --- the planner's bookkeeping ---------------------------------------------

_PERSON_TYPES: Final = {
    SalesforceLead: SalesforceObject.LEAD,
    SalesforceContact: SalesforceObject.CONTACT,
    SalesforceAccount: SalesforceObject.ACCOUNT,
    SalesforceOpportunity: SalesforceObject.OPPORTUNITY,
}


def _system(record_type: str) -> System:
    return System.HUBSPOT if record_type.startswith("hubspot") else System.SALESFORCE


def _label(record: Record) -> str:
    """How reasons name a record: "Salesforce contact '003A'"."""
    kind = _TYPE_OF[type(record)].replace("_", " ").replace("hubspot", "HubSpot")
    return f"{kind.replace('salesforce', 'Salesforce')} {record.id!r}"


_SYSTEM_OF: Final = {cls: _system(kind) for cls, kind in _TYPE_OF.items()}


def _entry(
    record: Record, action: PlanAction, reasons: Iterable[Reason], **kw: Any
) -> PlanEntry:
    cls = type(record)
    kind = _TYPE_OF[cls]
    return PlanEntry(
        system=_SYSTEM_OF[cls],
        record_type=kind,
        record_id=record.id,
        action=action,
        reasons=tuple(reasons),
        **kw,
    )


def _rejected(record: Record, detail: str, code: str) -> PlanEntry:
    # ERR-1 is the one rule about records that fail: the category tells the
    # user where to look (property values, duplicates...).
    classification = classify_sync_error(code, record=_label(record))
    return _entry(
        record,
        PlanAction.REJECTED,
        (Reason(rule="ERR-1", detail=detail), *classification.reasons),
    )


def _as_synced(contact: HubSpotContact, partner: _Member | None) -> HubSpotContact:
    """*contact* as linked to the Salesforce record it syncs with, *partner*,
    which may be one that dedupes into it rather than one of its own links:
    what `company_name_sync` reads (CN-2)."""
    if partner is None:
        return contact
    kind, partner_id = partner[0], partner[1]
    if kind is SalesforceObject.CONTACT:
        contact_id, lead_id = partner_id, contact.salesforce_lead_id
    else:
        contact_id, lead_id = None, partner_id
    if (contact.salesforce_contact_id, contact.salesforce_lead_id) == (
        contact_id,
        lead_id,
    ):
        return contact
    return attrs.evolve(
        contact, salesforce_contact_id=contact_id, salesforce_lead_id=lead_id
    )


_Person = SalesforceLead | SalesforceContact
_Member = tuple[SalesforceObject, str, _Person | None, bool]
"""A Salesforce lead or contact that pairs with a HubSpot contact: its
object, its id, the record (``None`` when the snapshot lacks it) and
whether it is linked (rather than deduping into the contact)."""
_NO_MEMBERS: Final[tuple[list[_Member], list[tuple[str, Reason]]]] = ([], [])
_R = TypeVar("_R", bound=Record)
_ID: Final = operator.attrgetter("id")


class _ById(Generic[_R]):
    """Records of one type with unique ids, looked up by id and walked in id
    order: two sorted lists, a third of a dict's memory per record, for the
    millions of records a planner holds (issue 7)."""

    __slots__ = ("_ids", "_records")

    def __init__(self, records: list[_R], ids: list[str] | None = None) -> None:
        self._records = records  # sorted by id, each id once
        self._ids = [record.id for record in records] if ids is None else ids

    def get(self, record_id: str) -> _R | None:
        ids = self._ids
        at = bisect.bisect_left(ids, record_id)
        if at != len(ids) and ids[at] == record_id:
            return self._records[at]
        return None

    def __contains__(self, record_id: str) -> bool:
        return self.get(record_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def values(self) -> list[_R]:
        return self._records

    def without(self, record_ids: Collection[str]) -> _ById[_R]:
        """These records less those with *record_ids*."""
        if not record_ids:
            return self
        return _ById([r for r in self._records if r.id not in record_ids])


def _hubspot_id(found: Found) -> str | None:
    """The HubSpot contact a lead or contact resolved against *found*
    becomes: the one it is linked to, or the lowest id of those sharing its
    key (DUP-1); ``None`` for one that shares a new contact."""
    if isinstance(found, HubSpotContact):
        return found.id
    if isinstance(found, tuple):
        return _lowest_id(found)
    return None


def _lowest_id(contacts: tuple[HubSpotContact, ...]) -> str:
    if len(contacts) == 1:
        return contacts[0].id
    return min((c.id for c in contacts), key=hubspot_id_order)


def _where(line: UnreadableLine) -> tuple[object, ...]:
    """The order of unreadable records: by source, then line, then path,
    its indexes compared as numbers (``[9]`` before ``[10]``)."""
    path = re.split(r"(\d+)", line.path or "")
    return (
        line.source,
        line.line or 0,
        tuple(int(p) if n % 2 else p for n, p in enumerate(path)),
    )


class _Planner:
    """Holds the records of one snapshot, indexed, and computes entries."""

    def __init__(self, settings: IntegrationSettings) -> None:
        self.settings = settings
        self.size = 0
        # By type: the records as read, then, once sorted by id (`index`),
        # the records with their own id, the records that share an id (none
        # of them can be decided), and the records rejected with their
        # reason. Each record sits in exactly one of the three.
        self._read: dict[str, list[Record]] = {name: [] for name in _TYPE_OF.values()}
        self._records: dict[str, _ById[Any]] = {}
        self._shared_ids: dict[str, dict[str, list[Record]]] = {
            name: {} for name in _TYPE_OF.values()
        }
        self._rejected: dict[str, dict[str, tuple[Record, str, str]]] = {
            name: {} for name in _TYPE_OF.values()
        }
        self._unreadable: list[UnreadableLine] = []
        owner_mappings = [
            m
            for m in settings.mappings
            if m.hubspot_object is HubSpotObject.CONTACT and is_owner_mapping(m)
        ]
        self._owner_rule: SyncRule | None = (
            owner_mappings[0].rule if owner_mappings else None
        )

    def add(self, value: Record | UnreadableLine) -> None:
        self.size += 1
        if isinstance(value, UnreadableLine):
            self._unreadable.append(value)
            return
        self._read[_TYPE_OF[type(value)]].append(value)

    # -- indexing, once every record is known ------------------------------

    def _sort(self) -> None:
        """Each type's records by id, those that share an id set apart."""
        for kind, read in self._read.items():
            read.sort(key=_ID)  # stable: records sharing an id keep their order
            ids = [record.id for record in read]
            twice = {a for a, b in itertools.pairwise(ids) if a == b}
            if twice:
                shared = self._shared_ids[kind]
                for record in read:
                    if record.id in twice:
                        shared.setdefault(record.id, []).append(record)
                read[:] = [r for r in read if r.id not in twice]
                ids = [record.id for record in read]
            self._records[kind] = _ById(read, ids)
        del self._read

    def index(self) -> None:
        self._sort()
        self._check_references()
        self._check_hubspot_emails()
        v = self._records
        self.contacts: _ById[HubSpotContact] = v["hubspot_contact"]
        self.companies: _ById[HubSpotCompany] = v["hubspot_company"]
        self.deals: _ById[HubSpotDeal] = v["hubspot_deal"]
        self.leads: _ById[SalesforceLead] = v["salesforce_lead"]
        self.sf_contacts: _ById[SalesforceContact] = v["salesforce_contact"]
        self.accounts: _ById[SalesforceAccount] = v["salesforce_account"]
        self.opportunities: _ById[SalesforceOpportunity] = v["salesforce_opportunity"]
        self.directory = StaticOwnerDirectory.of(
            [
                *v["hubspot_owner"].values(),
                *v["salesforce_user"].values(),
                *v["salesforce_queue"].values(),
            ]
        )
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
        # resolve_duplicate's matches, one at a time. Of accounts and
        # opportunities, the matches are kept; of leads and contacts, only
        # what each was resolved against, when that is more than the record
        # itself: their matches are given back by `person_match` when an
        # entry needs them (issue 7: memory).
        self.matches: dict[SalesforceObject, dict[str, DuplicateMatch]] = {
            SalesforceObject.ACCOUNT: {},
            SalesforceObject.OPPORTUNITY: {},
        }
        self.found: dict[SalesforceObject, dict[str, Found]] = {
            SalesforceObject.CONTACT: {},
            SalesforceObject.LEAD: {},
        }
        # The Salesforce leads and contacts that dedupe into each existing
        # HubSpot contact (DUP-1), in resolution order (contacts first, then
        # by id): one record, or a list of them when several share it. And
        # the match of the account that dedupes into each HubSpot company
        # (DUP-2), only with account sync on: an account pairs with no
        # company otherwise. Two dicts: contacts and companies may share ids.
        self.deduped_into: dict[
            str, SalesforceLead | SalesforceContact | list[_Person]
        ] = {}
        self.account_into: dict[str, DuplicateMatch] = {}
        account_sync = self.settings.account_sync
        for record, m, found in each_found(batch, hubspot=hubspot):
            if m is None:  # a lead or a contact
                if found is not None:
                    kind = _PERSON_TYPES[type(record)]
                    self.found[kind][record.id] = found
                    if isinstance(found, tuple):  # deduped into the lowest id
                        self._deduped(_lowest_id(found), cast("_Person", record))
                continue
            self.matches[m.salesforce_object][m.salesforce_id] = m
            if (
                account_sync
                and m.outcome is DuplicateOutcome.DEDUPED
                and m.hubspot_id is not None
            ):
                self.account_into.setdefault(m.hubspot_id, m)
        del batch
        self.members: dict[str, list[HubSpotContact]] = defaultdict(list)
        self.by_sf_contact: dict[str, list[HubSpotContact]] = defaultdict(list)
        for contact in hubspot.contacts:
            for company_id in dict.fromkeys(contact.company_ids):
                self.members[company_id].append(contact)
            if contact.salesforce_contact_id is not None:
                self.by_sf_contact[contact.salesforce_contact_id].append(contact)
        self.companies_of_account: dict[str, list[HubSpotCompany]] = defaultdict(list)
        for company in hubspot.companies:
            if company.salesforce_account_id is not None:
                self.companies_of_account[company.salesforce_account_id].append(company)
        del hubspot  # three tuples as long as the input
        self.sf_contacts_of_account: dict[str, list[SalesforceContact]] = defaultdict(
            list
        )
        for record in self.sf_contacts.values():
            if record.account_id is not None:
                self.sf_contacts_of_account[record.account_id].append(record)
        self._derive_lifecycles()
        self._synced_owners: set[str] = set()
        self._owner_decisions: dict[
            tuple[str, OwnerSyncDirection, str | None], OwnerDecision
        ] = {}

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
        for kind, by_id in records.items():
            owners = hubspot_owners if kind.startswith("hubspot") else salesforce_owners
            for record in by_id.values():
                problem = None
                owner_id = getattr(record, "owner_id", None)
                if owner_id is not None and owner_id not in owners:
                    problem = f"owner_id {owner_id!r}"
                account_id = getattr(record, "account_id", None)
                if account_id is not None and account_id not in accounts:
                    problem = f"account_id {account_id!r}"
                if kind == "salesforce_opportunity":
                    for role in record.contact_roles:
                        contact_id = role.contact_id
                        if contact_id not in contacts and contact_id not in (
                            shared_contacts
                        ):
                            problem = f"contact role contact_id {contact_id!r}"
                if problem is not None:
                    self._rejected[kind][record.id] = (
                        record,
                        f"{_label(record)} refers to {problem}, which is not in the "
                        "snapshot, so it cannot be decided.",
                        "INVALID_CROSS_REFERENCE_KEY",
                    )
        for kind, rejected in self._rejected.items():
            self._records[kind] = self._records[kind].without(rejected)

    def _check_hubspot_emails(self) -> None:
        contacts = self._records["hubspot_contact"]
        rejected = self._rejected["hubspot_contact"]
        for contact in contacts.values():
            if contact.email is None or not contact.email.strip():
                continue
            try:
                email_key(contact.email, record=contact.id)
            except InvalidEmailError as exc:
                rejected[contact.id] = (
                    contact,
                    f"{_label(contact)} has an invalid email address: {exc}.",
                    "INVALID_EMAIL_ADDRESS",
                )
        self._records["hubspot_contact"] = contacts.without(rejected)

    def _derive_lifecycles(self) -> None:
        """LC-1, LC-2, LC-3 for every Closed/Won opportunity, and the HubSpot
        contacts each decision concerns."""
        self.lifecycles: dict[str, LifecycleDecision] = {}
        self.lifecycle_of: dict[str, list[LifecycleDecision]] = defaultdict(list)
        for opportunity in self.opportunities.values():
            opp_id = opportunity.id
            if not opportunity.is_closed_won:
                continue
            roles = [r.contact_id for r in opportunity.contact_roles]
            role_contacts = [
                record
                for c in dict.fromkeys(roles)
                if (record := self.sf_contacts.get(c)) is not None
            ]
            direct = [
                h for c in role_contacts for h in self.by_sf_contact.get(c.id, ())
            ]
            account = opportunity.account_id
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
                        h.id for h in self.by_sf_contact.get(record.id, ())
                    )
            for contact_id in sorted(concerned):
                self.lifecycle_of[contact_id].append(decision)

    def findings(self) -> tuple[Finding, ...]:
        """The linter's findings, then the plan's: Salesforce users none of
        whom has a name (OWN-4), Salesforce leads and contacts that share one
        email address (DUP-1)."""
        findings = list(lint_settings(self.settings))
        nameless = _nameless_users(self._records["salesforce_user"].values())
        if nameless is not None:
            findings.append(nameless)
        groups = self._shared_addresses()
        creating = self.settings.contact_creation is not ContactCreation.DONT_CREATE
        for hubspot_id in sorted(groups):
            group = groups[hubspot_id]
            names = ", ".join(
                f"{kind.value} {record_id!r}" for kind, record_id in group
            )
            if not hubspot_id.startswith("new:"):
                into = f"all resolve to HubSpot contact {hubspot_id!r}"
            elif creating:
                into = (
                    f"all resolve to the HubSpot contact that {hubspot_id[4:]!r} "
                    "creates"
                )
            else:
                into = (
                    "no HubSpot contact has it (contact creation is off, so "
                    "none is created)"
                )
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    rule="DUP-1",
                    detail=f"Salesforce records {names} share one email address and "
                    f"{into} (contacts before leads, then the lowest id, decide "
                    "which comes first).",
                    fix="Merge the duplicates in Salesforce, or give each its own "
                    "email address.",
                )
            )
        return tuple(findings)

    def _shared_addresses(self) -> dict[str, list[tuple[SalesforceObject, str]]]:
        """Salesforce leads and contacts that resolve to one HubSpot contact
        (DUP-1), by its id, or "new:" and the id of the record that creates
        it; groups of two or more only, each member by object and id, in
        resolution order (contacts, then leads, each by id).

        Two passes over what was found rather than one group per record:
        with millions of records, nearly all of them alone, only the groups
        are worth holding. A record that creates a contact others dedupe
        into comes first in its group, since it comes first of its address.
        """
        people = [
            (kind, record_id, _hubspot_id(found), found)
            for kind in (SalesforceObject.CONTACT, SalesforceObject.LEAD)
            for record_id, found in self.found[kind].items()
        ]
        seen: set[str] = set()
        shared: set[str] = set()
        for _, _, hubspot_id, _ in people:
            if hubspot_id is not None:
                if hubspot_id in seen:
                    shared.add(hubspot_id)
                seen.add(hubspot_id)
        del seen
        groups: dict[str, list[tuple[SalesforceObject, str]]] = defaultdict(list)
        for kind, record_id, hubspot_id, found in people:
            if hubspot_id is not None:
                if hubspot_id in shared:
                    groups[hubspot_id].append((kind, record_id))
            else:
                found = cast(str, found)  # the id of the record that creates it
                group = groups[f"new:{found}"]
                if not group:
                    creator = self._creator(found, self._person(kind, record_id))
                    group.append((_PERSON_TYPES[type(creator)], creator.id))
                group.append((kind, record_id))
        return groups

    def _person(
        self, kind: SalesforceObject, record_id: str
    ) -> SalesforceLead | SalesforceContact:
        return cast(
            "SalesforceLead | SalesforceContact",
            self._salesforce_record(kind, record_id),
        )

    def _creator(
        self, creator_id: str, follower: SalesforceLead | SalesforceContact
    ) -> SalesforceLead | SalesforceContact:
        """The lead or contact with *creator_id* whose new HubSpot contact
        *follower* dedupes into."""
        contact, lead = self.sf_contacts.get(creator_id), self.leads.get(creator_id)
        if contact is None or lead is None:
            return cast("SalesforceLead | SalesforceContact", contact or lead)
        # A contact and a lead share the id: the creator is the one with
        # the address (contacts come first, so a contact with it is first).
        key = email_key(cast(str, follower.email))
        return contact if _key_or_none(contact.email) == key else lead

    def _person_match(self, record: _Person, creating: bool = True) -> DuplicateMatch:
        """*record*'s match, given back from what `each_found` found."""
        found = self.found[_PERSON_TYPES[type(record)]].get(record.id)
        return person_match(
            record, found, company=self.companies.get, creating=creating
        )

    def _deduped(self, hubspot_id: str, record: _Person) -> None:
        """File *record* as deduping into HubSpot contact *hubspot_id*."""
        kept = self.deduped_into.setdefault(hubspot_id, record)
        if kept is not record:
            if isinstance(kept, list):
                kept.append(record)
            else:
                self.deduped_into[hubspot_id] = [kept, record]

    def _members(
        self, contact: HubSpotContact
    ) -> tuple[list[_Member], list[tuple[str, Reason]]]:
        """The Salesforce leads and contacts that pair with *contact*, the
        first being the one it syncs with: its own links (contact first,
        then lead; a linked record missing from the snapshot counts, as
        ``None``), then the records that dedupe into it (DUP-1). Each comes
        as a `_Member`. And the records it links to that sync with a contact
        of lower id, each with why it does not sync with them (DUP-1). The
        lists are not to be changed."""
        if (
            contact.salesforce_contact_id is None
            and contact.salesforce_lead_id is None
            and contact.id not in self.deduped_into
        ):
            return _NO_MEMBERS  # most contacts: nothing to look up
        members: list[_Member] = []
        lost: list[tuple[str, Reason]] = []
        for kind, linked_id in (
            (SalesforceObject.CONTACT, contact.salesforce_contact_id),
            (SalesforceObject.LEAD, contact.salesforce_lead_id),
        ):
            if linked_id is None:
                continue
            record = self._salesforce_record(kind, linked_id)
            winner = self.found[kind].get(linked_id)
            if record is None or not isinstance(winner, HubSpotContact):
                members.append((kind, linked_id, None, True))
            elif winner.id == contact.id:
                members.append((kind, linked_id, record, True))
            else:
                lost.append(
                    (linked_id, _lost_link(kind, linked_id, winner.id, contact.id))
                )
        deduped = self.deduped_into.get(contact.id)
        if deduped is not None:
            for record in deduped if isinstance(deduped, list) else (deduped,):
                kind = _PERSON_TYPES[type(record)]
                members.append((kind, record.id, record, False))
        return members, lost

    def _pair_optout(
        self,
        contact: HubSpotContact,
        salesforce_id: str,
        record: _Person | None,
        linked: bool,
    ) -> OptOutDecision | None:
        """The opt-out outcome of the pair of HubSpot *contact* and the
        Salesforce record *salesforce_id* (*record*, ``None`` when the
        snapshot lacks it), one decision for both entries: a linked pair
        passes the side opted out, if only one is, in that side's direction
        of sync (OPT-2, OPT-4); a pair that has never synced passes what
        either side holds on its first sync."""
        opted = record is not None and record.has_opted_out_of_email
        if linked:
            if contact.unsubscribed is opted:
                return None
            state = OptOutState(contact_id=contact.id, salesforce_id=salesforce_id)
            if contact.unsubscribed:
                trigger, event = (
                    SyncTrigger.HUBSPOT_CHANGE,
                    OptOutEvent.HUBSPOT_UNSUBSCRIBED,
                )
            else:
                trigger, event = (
                    SyncTrigger.SALESFORCE_UPDATED,
                    OptOutEvent.SALESFORCE_OPTED_OUT,
                )
        elif contact.unsubscribed or opted:
            state = OptOutState.never_synced(
                contact_id=contact.id,
                salesforce_id=salesforce_id,
                hubspot_unsubscribed=contact.unsubscribed,
                salesforce_opted_out=opted,
            )
            trigger, event = SyncTrigger.SALESFORCE_MATCHED, OptOutEvent.SYNCED
        else:
            return None
        syncing = should_sync(contact, settings=self.settings, trigger=trigger).syncing
        return apply_optout(state, event, syncing=syncing)

    # -- entries ------------------------------------------------------------

    def entries(self) -> Iterator[PlanEntry]:
        for kind in _TYPE_OF.values():
            # The records that cannot be decided are few: merged in by id.
            undecided = iter(
                sorted(itertools.chain(self._shared_ids[kind], self._rejected[kind]))
            )
            pending = next(undecided, None)
            for record in self._records[kind].values():
                while pending is not None and pending < record.id:
                    yield from self._undecided(kind, pending)
                    pending = next(undecided, None)
                entry = self._decide(record)
                if entry.action in _SYNCING and type(record) in _PERSON_TYPES:
                    owner_id = getattr(record, "owner_id", None)
                    if owner_id is not None:
                        self._synced_owners.add(owner_id)
                yield entry
            while pending is not None:
                yield from self._undecided(kind, pending)
                pending = next(undecided, None)
        for line in sorted(self._unreadable, key=_where):
            claimed = line.record_type
            where = (
                f"Line {line.line}"
                if line.line is not None
                else f"The record at {line.where}"
            )
            yield PlanEntry(
                system=_system(claimed) if claimed else System.UNKNOWN,
                record_type=claimed or "unknown",
                record_id=line.record_id,
                line=line.line,
                path=line.path,
                action=PlanAction.REJECTED,
                reasons=(
                    Reason(
                        rule="ERR-1",
                        detail=f"{where} of {line.source} cannot be read, a "
                        f"property values problem: {'; '.join(line.problems)}.",
                    ),
                ),
            )

    def _undecided(self, kind: str, record_id: str) -> Iterator[PlanEntry]:
        """The rejected entries of the records of *kind* with *record_id*."""
        records = self._shared_ids[kind].get(record_id)
        if records is None:
            yield _rejected(*self._rejected[kind][record_id])
            return
        for record in sorted(records, key=repr):
            yield _rejected(
                record,
                f"{len(records)} {kind} records share the id "
                f"{record_id!r}, so none of them can be decided.",
                "DUPLICATE_VALUE",
            )

    def _decide(self, record: Record) -> PlanEntry:
        if isinstance(record, HubSpotContact):
            return self._hubspot_contact(record)
        if isinstance(record, HubSpotCompany):
            return self._hubspot_company(record)
        if isinstance(record, HubSpotDeal):
            return self._hubspot_deal(record)
        if isinstance(record, HubSpotOwner):
            owner = map_owner(
                record.id,
                direction=OwnerSyncDirection.TO_SALESFORCE,
                owners=self.directory,
            )
            return _entry(record, PlanAction.REFERENCE, owner.reasons, owner=owner)
        if isinstance(record, SalesforceLead | SalesforceContact):
            return self._salesforce_person(record)
        if isinstance(record, SalesforceAccount):
            return self._salesforce_account(record)
        if isinstance(record, SalesforceOpportunity):
            return self._salesforce_opportunity(record)
        return self._salesforce_owner(record)

    def _to_salesforce(
        self, owner_id: str | None, last: str | None
    ) -> OwnerDecision | None:
        if owner_id is None:
            return None
        return self._owner(owner_id, OwnerSyncDirection.TO_SALESFORCE, last)

    def _to_hubspot(self, owner_id: str | None) -> OwnerDecision | None:
        if owner_id is None:
            return None
        return self._owner(owner_id, OwnerSyncDirection.TO_HUBSPOT, None)

    def _owner(
        self, owner_id: str, direction: OwnerSyncDirection, last: str | None
    ) -> OwnerDecision:
        # map_owner is pure and the directory is fixed once indexed, so each
        # owner is decided once per direction: a portal has a few hundred
        # owners and millions of records that name them. The last Salesforce
        # owner counts only in a decision that sets no owner (OWN-5 reverts to
        # it), so only those are decided again per last owner.
        key: tuple[str, OwnerSyncDirection, str | None] = (owner_id, direction, None)
        decision = self._owner_decisions.get(key) or self._decided(key)
        if last is None or decision.action is OwnerAction.SET:
            return decision
        key = (owner_id, direction, last)
        return self._owner_decisions.get(key) or self._decided(key)

    def _decided(
        self, key: tuple[str, OwnerSyncDirection, str | None]
    ) -> OwnerDecision:
        owner_id, direction, last = key
        decision = self._owner_decisions[key] = map_owner(
            owner_id,
            direction=direction,
            owners=self.directory,
            last_salesforce_owner_id=last,
            mapping_rule=self._owner_rule,
        )
        return decision

    def _salesforce_record(
        self, kind: SalesforceObject, record_id: str
    ) -> SalesforceLead | SalesforceContact | None:
        if kind is SalesforceObject.CONTACT:
            return self.sf_contacts.get(record_id)
        return self.leads.get(record_id)

    def _hubspot_contact(self, contact: HubSpotContact) -> PlanEntry:
        decision = should_sync(
            contact, settings=self.settings, trigger=SyncTrigger.HUBSPOT_CHANGE
        )
        reasons = list(decision.reasons)
        kw: dict[str, Any] = {}
        members, lost = self._members(contact)
        reasons.extend(reason for _, reason in lost)
        related = [linked_id for linked_id, _ in lost]
        partner: _Person | None = None
        if members:
            kind, partner_id, partner, linked = members[0]
            if not linked:
                reasons.extend(self._person_match(cast("_Person", partner)).reasons)
            kw.update(
                target_type=f"salesforce_{kind.value.lower()}", target_id=partner_id
            )
            related[:0] = [member_id for _, member_id, _, _ in members[1:]]
            action = PlanAction.SYNC if decision.syncing else PlanAction.SKIP
            for _, member_id, record, linked in members:
                optout = self._pair_optout(contact, member_id, record, linked)
                if optout is not None:
                    kw["optout"] = optout
                    break
        elif lost:
            action = PlanAction.SKIP
        elif decision.syncing:
            new = salesforce_record_for(contact, settings=self.settings)
            reasons.extend(new.reasons)
            kw["target_type"] = f"salesforce_{new.salesforce_object.value.lower()}"
            action = PlanAction.CREATE_IN_SALESFORCE
            if contact.unsubscribed:
                state = OptOutState.never_synced(
                    contact_id=contact.id,
                    hubspot_unsubscribed=True,
                    salesforce_opted_out=False,
                )
                kw["optout"] = apply_optout(state, OptOutEvent.SYNCED, syncing=True)
        else:
            action = PlanAction.SKIP
        if action in _SYNCING:
            if contact.company and contact.company.strip():
                reasons.extend(
                    company_name_sync(
                        _as_synced(contact, members[0] if members else None),
                        settings=self.settings,
                    ).reasons
                )
            owner = self._to_salesforce(
                contact.owner_id, partner.owner_id if partner is not None else None
            )
            if owner is not None:
                kw["owner"] = owner
                reasons.extend(owner.reasons)
        if "optout" in kw:
            reasons.extend(kw["optout"].reasons)
        for lifecycle in self.lifecycle_of.get(contact.id, ()):
            reasons.extend(lifecycle.reasons)
            if contact.id in lifecycle.contact_ids:
                kw["lifecycle"] = lifecycle.stage
                related.append(lifecycle.opportunity_id)
        if related:
            kw["related"] = tuple(related)
        return _entry(contact, action, reasons, **kw)

    def _hubspot_company(self, company: HubSpotCompany) -> PlanEntry:
        kw: dict[str, Any] = {}
        match = self.account_into.get(company.id)
        account_id = company.salesforce_account_id
        winner = (
            self.matches[SalesforceObject.ACCOUNT].get(account_id)
            if account_id is not None
            else None
        )
        if (
            account_id is not None
            and winner is not None
            and winner.hubspot_id is not None
            and winner.hubspot_id != company.id
        ):
            # Another company linked to the same account syncs with it.
            reasons = [
                _lost_link(
                    SalesforceObject.ACCOUNT, account_id, winner.hubspot_id, company.id
                )
            ]
            kw["related"] = (account_id,)
            return _entry(company, PlanAction.SKIP, reasons, **kw)
        if account_id is None and match is not None:
            account_id = match.salesforce_id
            reasons = list(match.reasons)
            action = PlanAction.SYNC
        else:
            members = sorted(self.members.get(company.id, ()), key=lambda c: c.id)
            creation = account_creation(
                company, contacts=members, settings=self.settings
            )
            reasons = list(creation.reasons)
            if account_id is not None:
                action = (
                    PlanAction.SYNC if self.settings.account_sync else PlanAction.SKIP
                )
            elif creation.create:
                action = PlanAction.CREATE_IN_SALESFORCE
                kw["related"] = tuple(filter(None, [creation.contact_id]))
            else:
                action = PlanAction.SKIP
        if account_id is not None or action is PlanAction.CREATE_IN_SALESFORCE:
            kw.update(target_type="salesforce_account", target_id=account_id)
        if action is PlanAction.SKIP and account_id is not None:
            reasons.append(
                Reason(
                    rule="CN-3",
                    detail=f"Account sync is off, so HubSpot company {company.id!r} "
                    f"does not sync with account {account_id!r}.",
                )
            )
        if action in _SYNCING:
            account = self.accounts.get(account_id) if account_id else None
            owner = self._to_salesforce(
                company.owner_id, account.owner_id if account is not None else None
            )
            if owner is not None:
                kw["owner"] = owner
                reasons.extend(owner.reasons)
        return _entry(company, action, reasons, **kw)

    def _hubspot_deal(self, deal: HubSpotDeal) -> PlanEntry:
        result = deal_sync(deal, settings=self.settings)
        reasons = list(result.reasons)
        kw: dict[str, Any] = {}
        opportunity_id = deal.salesforce_opportunity_id
        winner = (
            self.matches[SalesforceObject.OPPORTUNITY].get(opportunity_id)
            if opportunity_id is not None
            else None
        )
        if (
            opportunity_id is not None
            and winner is not None
            and winner.hubspot_id is not None
            and winner.hubspot_id != deal.id
        ):
            # Another deal linked to the same opportunity syncs with it.
            reasons.append(
                _lost_link(
                    SalesforceObject.OPPORTUNITY,
                    opportunity_id,
                    winner.hubspot_id,
                    deal.id,
                )
            )
            kw["related"] = (opportunity_id,)
            return _entry(deal, PlanAction.SKIP, reasons, **kw)
        if not result.syncs:
            action = PlanAction.SKIP
        elif opportunity_id is not None:
            action = PlanAction.SYNC
        else:
            action = PlanAction.CREATE_IN_SALESFORCE
        if opportunity_id is not None or action is PlanAction.CREATE_IN_SALESFORCE:
            kw.update(target_type="salesforce_opportunity", target_id=opportunity_id)
        if action in _SYNCING:
            opportunity = (
                self.opportunities.get(opportunity_id) if opportunity_id else None
            )
            owner = self._to_salesforce(
                deal.owner_id, opportunity.owner_id if opportunity is not None else None
            )
            if owner is not None:
                kw["owner"] = owner
                reasons.extend(owner.reasons)
        return _entry(deal, action, reasons, **kw)

    def _salesforce_person(self, record: _Person) -> PlanEntry:
        creating = self.settings.contact_creation is not ContactCreation.DONT_CREATE
        match = self._person_match(record, creating)
        reasons = list(match.reasons)
        if match.outcome is DuplicateOutcome.REJECTED:
            classification = classify_sync_error(
                "INVALID_EMAIL_ADDRESS", record=_label(record)
            )
            return _entry(
                record, PlanAction.REJECTED, (*reasons, *classification.reasons)
            )
        kw: dict[str, Any] = {}
        existing = self.contacts.get(match.hubspot_id) if match.hubspot_id else None
        if existing is not None:
            # Linked, or deduping into an existing contact whatever contact
            # creation says (SYNC-6): the pair's opt-out is one decision,
            # shown on both entries.
            linked = match.outcome is DuplicateOutcome.LINKED
            decision = should_sync(
                existing,
                settings=self.settings,
                trigger=SyncTrigger.SALESFORCE_UPDATED
                if linked
                else SyncTrigger.SALESFORCE_MATCHED,
            )
            if decision.syncing:
                action = PlanAction.SYNC if linked else PlanAction.DEDUPE
            elif decision.action is SyncAction.CREATE_ONLY:
                action = PlanAction.CREATE_ONLY
            else:
                action = PlanAction.SKIP
            kw.update(target_type="hubspot_contact", target_id=existing.id)
            optout = self._pair_optout(existing, record.id, record, linked)
            if optout is not None:
                kw["optout"] = optout
        else:
            creator: _Person = record
            if match.same_as is not None:
                creator = self._creator(match.same_as, record)
                kw["related"] = (match.same_as,)
            contact = prospective_contact(creator)
            decision = should_sync(
                contact, settings=self.settings, trigger=SyncTrigger.SALESFORCE_CREATED
            )
            if decision.action is SyncAction.SYNC:
                deduped = match.outcome is DuplicateOutcome.DEDUPED
                action = PlanAction.DEDUPE if deduped else PlanAction.CREATE_IN_HUBSPOT
            elif decision.action is SyncAction.CREATE_ONLY:
                action = PlanAction.CREATE_ONLY
            else:
                action = PlanAction.NOT_CREATED
            if action is not PlanAction.NOT_CREATED:
                kw["target_type"] = "hubspot_contact"
                if record.has_opted_out_of_email:
                    state = OptOutState.never_synced(
                        contact_id=contact.id,
                        salesforce_id=record.id,
                        hubspot_unsubscribed=False,
                        salesforce_opted_out=True,
                    )
                    kw["optout"] = apply_optout(
                        state, OptOutEvent.SYNCED, syncing=decision.syncing
                    )
        reasons.extend(decision.reasons)
        if action in _SYNCING or action is PlanAction.CREATE_ONLY:
            owner = self._to_hubspot(record.owner_id)
            if owner is not None:
                kw["owner"] = owner
                reasons.extend(owner.reasons)
        if "optout" in kw:
            reasons.extend(kw["optout"].reasons)
        return _entry(record, action, reasons, **kw)

    def _salesforce_account(self, account: SalesforceAccount) -> PlanEntry:
        match = self.matches[SalesforceObject.ACCOUNT][account.id]
        kw: dict[str, Any] = {}
        account_sync = self.settings.account_sync
        linked = match.outcome is DuplicateOutcome.LINKED
        if linked:
            reasons = list(match.reasons)
            kw.update(target_type="hubspot_company", target_id=match.hubspot_id)
            action = PlanAction.SYNC if account_sync else PlanAction.SKIP
        elif account.is_person_account:
            result = sync_person_account(account, settings=self.settings)
            # DUP-2's "creates one" holds only when a company is created.
            reasons = [
                r for r in match.reasons if result.creates_company or r.rule != "DUP-2"
            ]
            reasons.extend(result.reasons)
            if result.creates_company or result.creates_contact:
                action = PlanAction.CREATE_IN_HUBSPOT
                kw["target_type"] = (
                    "hubspot_company" if result.creates_company else "hubspot_contact"
                )
            else:
                action = PlanAction.SKIP
        elif not account_sync:
            reasons = []
            action = PlanAction.SKIP
        else:
            reasons = list(match.reasons)
            if match.outcome is DuplicateOutcome.DEDUPED:
                action = PlanAction.DEDUPE
                kw.update(target_type="hubspot_company", target_id=match.hubspot_id)
            else:
                action = PlanAction.CREATE_IN_HUBSPOT
                kw["target_type"] = "hubspot_company"
        if not account_sync and (linked or not account.is_person_account):
            reasons.append(
                Reason(
                    rule="CN-3",
                    detail=f"Account sync is off, so Salesforce account {account.id!r} "
                    "does not sync with a HubSpot company.",
                )
            )
        if action in _SYNCING:
            owner = self._to_hubspot(account.owner_id)
            if owner is not None:
                kw["owner"] = owner
                reasons.extend(owner.reasons)
        return _entry(account, action, reasons, **kw)

    def _salesforce_opportunity(self, opportunity: SalesforceOpportunity) -> PlanEntry:
        match = self.matches[SalesforceObject.OPPORTUNITY][opportunity.id]
        deal = self.deals.get(match.hubspot_id) if match.hubspot_id else None
        kw: dict[str, Any] = {}
        if deal is not None:
            result = deal_sync(deal, settings=self.settings)
            reasons = [*match.reasons, *result.reasons]
            action = PlanAction.SYNC if result.syncs else PlanAction.SKIP
            kw.update(target_type="hubspot_deal", target_id=deal.id)
        else:
            # A new deal: DUP-5's "creates a HubSpot deal" holds only when
            # the deal is created.
            result = _new_deal_sync(opportunity, self.settings)
            reasons = [*match.reasons] if result.syncs else []
            reasons.extend(result.reasons)
            if result.syncs:
                action = PlanAction.CREATE_DEAL
                kw["target_type"] = "hubspot_deal"
            else:
                action = PlanAction.SKIP
        related: list[str] = []
        if action in _SYNCING:
            roles = {r.contact_id for r in opportunity.contact_roles}
            people = [h for c in sorted(roles) for h in self.by_sf_contact.get(c, ())]
            joined = deal_contacts(opportunity, contacts=people)
            reasons.extend(joined.reasons)
            related.extend(joined.contact_ids)
        lifecycle = self.lifecycles.get(opportunity.id)
        if lifecycle is not None:
            reasons.extend(lifecycle.reasons)
            related.extend(lifecycle.contact_ids)
            if lifecycle.stage is not None:
                kw["lifecycle"] = lifecycle.stage
        kw["related"] = tuple(dict.fromkeys(related))
        if action in _SYNCING:
            owner = self._to_hubspot(opportunity.owner_id)
            if owner is not None:
                kw["owner"] = owner
                reasons.extend(owner.reasons)
        return _entry(opportunity, action, reasons, **kw)

    def _salesforce_owner(self, owner: SalesforceUser | SalesforceQueue) -> PlanEntry:
        status = salesforce_owner_status(
            owner, imported=False, owns_synced_record=owner.id in self._synced_owners
        )
        reasons = list(status.reasons)
        kw: dict[str, Any] = {}
        if status.counts:
            decision = map_owner(
                owner.id, direction=OwnerSyncDirection.TO_HUBSPOT, owners=self.directory
            )
            kw["owner"] = decision
            reasons.extend(r for r in decision.reasons if r not in reasons)
        return _entry(owner, PlanAction.REFERENCE, reasons, **kw)
