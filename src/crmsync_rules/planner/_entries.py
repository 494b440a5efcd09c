"""The plan's results: what the integration does with a record
(`PlanAction`), the entry of one record (`PlanEntry`), the plan of a whole
snapshot (`SyncPlan`) and the plan computed entry by entry (`PlanStream`).
`entry` builds an entry from a record, its action and reasons, and the
named parts of its decision.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, Final, Protocol

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._hubspot import LifecycleStage
from crmsync_rules.model._kinds import RECORD_KINDS, kind_of
from crmsync_rules.model._salesforce import (
    SalesforceObject,
)
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import Record
from crmsync_rules.rules._field_results import FieldSync
from crmsync_rules.rules._lint import Finding
from crmsync_rules.rules._opt import OptOutDecision
from crmsync_rules.rules._own import OwnerDecision

__all__ = ["PlanAction", "PlanEntry", "PlanStream", "SyncPlan", "System", "entry"]


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


#: The actions by which a record syncs (its owner then counts as the owner of
#: a synced record, OWN-1, and its owner outcome is decided).
SYNCING_ACTIONS: Final = frozenset(
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
    ``fields`` are the field writes of an entry that syncs, dedupes or
    creates a record, in a plan that asked for them (`FieldDetail`), else
    ``None``; a pair's are on both of its entries.
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
    fields: FieldSync | None = None

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
    system and record type as in `RECORD_KINDS`, then id; unreadable records
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

    def __init__(self, planner: _Planned) -> None:
        self._planner = planner
        self.settings: IntegrationSettings = planner.settings
        self.findings: tuple[Finding, ...] = planner.findings()
        self.records: int = planner.size

    def __iter__(self) -> Iterator[PlanEntry]:
        return self._planner.entries()


class _Planned(Protocol):
    """What a `PlanStream` reads its plan from (the planner, `_compose`)."""

    settings: IntegrationSettings
    size: int

    def findings(self) -> tuple[Finding, ...]: ...

    def entries(self) -> Iterator[PlanEntry]: ...


# --- record kinds --------------------------------------------------------------

#: Each record class by its NDJSON ``type``. Read off the one record-kind
#: table (model/_kinds.py), whose order is the planning order: Salesforce
#: users and queues after every record they may own (OWN-1 needs to know
#: whether such a record syncs).
RECORD_TYPE_OF: Final[dict[type[Any], str]] = {
    kind.cls: kind.ndjson for kind in RECORD_KINDS
}

#: The Salesforce records that sync, by class: their API object.
PERSON_OBJECT_OF: Final = {
    kind.cls: kind.api_object
    for kind in RECORD_KINDS
    if isinstance(kind.api_object, SalesforceObject)
}

_SYSTEM_OF: Final = {kind.cls: System(kind.system) for kind in RECORD_KINDS}


def system_of(record_type: str) -> System:
    """The system a record of NDJSON type *record_type* lives in."""
    return System.HUBSPOT if record_type.startswith("hubspot") else System.SALESFORCE


def record_label(record: Record) -> str:
    """How reasons name a record: "Salesforce contact '003A'"."""
    return f"{kind_of(type(record)).label} {record.id!r}"


def entry(
    record: Record,
    action: PlanAction,
    reasons: Iterable[Reason],
    *,
    target_type: str | None = None,
    target_id: str | None = None,
    related: tuple[str, ...] = (),
    owner: OwnerDecision | None = None,
    optout: OptOutDecision | None = None,
    lifecycle: LifecycleStage | None = None,
) -> PlanEntry:
    """The entry of *record*: *action*, *reasons* and the parts of its
    decision (see `PlanEntry`)."""
    cls = type(record)
    return PlanEntry(
        system=_SYSTEM_OF[cls],
        record_type=RECORD_TYPE_OF[cls],
        record_id=record.id,
        action=action,
        reasons=tuple(reasons),
        target_type=target_type,
        target_id=target_id,
        related=related,
        owner=owner,
        optout=optout,
        lifecycle=lifecycle,
    )
