"""The sync planner: what a whole snapshot would do, record by record, and why.

The planner applies no rule of its own. It composes the decision functions
over every record of both systems (`crmsync_rules.planner._compose`), on an
index of the records built once (`crmsync_rules.planner._index`):
`should_sync` for HubSpot contacts and for the contacts Salesforce records
create or dedupe into, `resolve_duplicate`'s resolution of every Salesforce
record (DUP-1, DUP-2, DUP-3, DUP-4, DUP-5), `map_owner` and
`salesforce_owner_status` for owners (OWN-1, OWN-2, OWN-3, OWN-4, OWN-5),
`apply_optout` for opt-out propagation (OPT-2, OPT-3, OPT-4),
`derive_lifecycle` for Closed/Won and open opportunities (LC-1 to LC-5),
`sync_person_account`, `salesforce_record_for`, `company_name_sync`,
`account_creation`, `deal_sync`, `deal_contacts`, and ERR-1's sentences for
the records it must reject. Its own job is bookkeeping: every input record
appears in exactly one `PlanEntry`, records that cannot be decided (a
duplicate id, an invalid email address, a reference to a record the snapshot
lacks, an unreadable NDJSON line) included, and the plan does not depend on
the order of the input.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._salesforce_ids import salesforce_id_key
from crmsync_rules.model._settings import ContactCreation, IntegrationSettings
from crmsync_rules.model._snapshot import Record, Snapshot
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.rules._dup import shared_address
from crmsync_rules.rules._dup_index import NewContact
from crmsync_rules.rules._err import rejection, shared_id, unreadable
from crmsync_rules.rules._lint import Finding, lint_settings
from crmsync_rules.rules._own import nameless_users
from crmsync_rules.rules._sync import prospective_contact

from ._compose import Composer
from ._entries import (
    PERSON_OBJECT_OF,
    RECORD_TYPE_OF,
    SYNCING_ACTIONS,
    PlanAction,
    PlanEntry,
    PlanStream,
    SyncPlan,
    System,
    entry,
    record_label,
    system_of,
)
from ._fields import FieldDetail, PlanFields

__all__ = [
    "PlanAction",
    "PlanEntry",
    "PlanStream",
    "Planner",
    "SyncPlan",
    "System",
    "plan",
    "plan_stream",
]


def plan(snapshot: Snapshot, /, *, fields: FieldDetail = FieldDetail.NONE) -> SyncPlan:
    """Plan *snapshot*: one `PlanEntry` per record, with its reasons; with
    *fields*, each entry that syncs, dedupes or creates a record carries its
    field writes (``PlanEntry.fields``: the changes, or every mapping).

    >>> from crmsync_rules import sample_snapshot
    >>> result = plan(sample_snapshot())
    >>> len(result.entries) == len(list(sample_snapshot().records()))
    True
    >>> entry = result.about("503")[0]
    >>> entry.action.value, [r.rule for r in entry.reasons]
    ('skip', ['SYNC-3', 'SYNC-3', 'SYNC-5'])
    """
    stream = plan_stream([snapshot.settings, *snapshot.records()], fields=fields)
    return SyncPlan.of(stream, findings=stream.findings)


def plan_stream(
    values: Iterable[IntegrationSettings | Record | UnreadableLine],
    /,
    *,
    fields: FieldDetail = FieldDetail.NONE,
) -> PlanStream:
    """Plan a stream of values such as `iter_ndjson` yields: the settings
    first, then records and unreadable records (`UnreadableLine`, as
    `iter_ndjson`, `iter_snapshot` and the API readers' ``iter_*`` yield
    them) in any order.

    Reads *values* to the end (duplicates cannot be decided before every
    record is known) and keeps the records, not the entries: each entry is
    computed when the returned `PlanStream` yields it. *fields* as in
    `plan`. Raises
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
        got = "nothing" if first is None else RECORD_TYPE_OF.get(type(first), "?")
        raise SnapshotError([f"the settings must come first, got {got}"])
    planner = Planner(first)
    for value in iterator:
        if isinstance(value, IntegrationSettings):
            raise SnapshotError(["the settings must come once, got a second settings"])
        planner.add(value)
    planner.index()
    if fields is not FieldDetail.NONE:
        planner.fields = PlanFields(planner, fields)
    return PlanStream(planner)


def _where(line: UnreadableLine) -> tuple[object, ...]:
    """The order of unreadable records: by source, then line, then path,
    its indexes compared as numbers (``[9]`` before ``[10]``)."""
    path = re.split(r"(\d+)", line.path or "")
    return (
        line.source,
        line.line or 0,
        tuple(int(p) if n % 2 else p for n, p in enumerate(path)),
    )


def _contact_id(into: str | NewContact) -> str:
    """The id of the HubSpot contact records sharing an address resolve to:
    an existing contact's, or the id the new contact has (`prospective_contact`),
    by which the plan orders its findings."""
    if isinstance(into, NewContact):
        return prospective_contact(into.creator).id
    return into


def _same(record_id: str) -> str:
    """*record_id* as compared: a HubSpot id as it is."""
    return record_id


def _rejected(record: Record, detail: str, code: str) -> PlanEntry:
    """The entry of *record*, which cannot be decided: *detail* says why."""
    reasons = rejection(detail, code, record=record_label(record))
    return entry(record, PlanAction.REJECTED, reasons)


class Planner(Composer):
    """The planner: the composition of every record's decision, in the
    plan's order, and the plan's findings.

    Public for the bulk engine (`crmsync_rules.engine`), which plans a
    snapshot in parts, each holding every record its records' decisions
    need, with one planner per part."""

    fields: PlanFields | None = None
    kinds: tuple[str, ...] = tuple(RECORD_TYPE_OF.values())
    """The record types whose entries `entries` yields (every type; a
    part of a plan made by the bulk engine leaves the owners' out)."""

    def findings(self) -> tuple[Finding, ...]:
        """The linter's findings, then the plan's: Salesforce users none of
        whom has a name (OWN-4), Salesforce leads and contacts that share one
        email address (DUP-1)."""
        findings = list(lint_settings(self.settings))
        nameless = nameless_users(self._records["salesforce_user"].values())
        if nameless is not None:
            findings.append(nameless)
        findings.extend(finding for _, finding in self.address_findings())
        return tuple(findings)

    def address_findings(self) -> list[tuple[str, Finding]]:
        """The plan's DUP-1 findings (Salesforce leads and contacts sharing
        one email address), each with the id of the HubSpot contact they
        resolve to, by which they are ordered: a plan made in parts (the
        bulk engine's batches) merges its parts' findings by that id."""
        groups = self._shared_addresses()
        creating = self.settings.contact_creation is not ContactCreation.DONT_CREATE
        findings = []
        for into in sorted(groups, key=_contact_id):
            if isinstance(into, NewContact):
                hubspot_id, created_by = None, into.creator.id
            else:
                hubspot_id = created_by = into
            finding = shared_address(
                groups[into],
                hubspot_id=hubspot_id,
                created_by=created_by,
                creating=creating,
            )
            findings.append((_contact_id(into), finding))
        return findings

    def entries(self) -> Iterator[PlanEntry]:
        """Every record's entry, in `SyncPlan` order."""
        for kind in self.kinds:
            # The records that cannot be decided are few: merged in by id, as
            # the index compares them (a Salesforce id by its key, DUP-7).
            order = salesforce_id_key if kind.startswith("salesforce") else _same
            undecided = iter(
                sorted(
                    itertools.chain(self._shared_ids[kind], self._rejected[kind]),
                    key=order,
                )
            )
            pending = next(undecided, None)
            for record in self._records[kind].values():
                while pending is not None and order(pending) < order(record.id):
                    yield from self._undecided(kind, pending)
                    pending = next(undecided, None)
                planned = self.entry_of(record)
                if self.fields is not None:
                    planned = self.fields.of(record, planned)
                if (
                    planned.action in SYNCING_ACTIONS
                    and type(record) in PERSON_OBJECT_OF
                ):
                    owner_id = getattr(record, "owner_id", None)
                    if owner_id is not None:
                        self.owner_ids.add_synced(owner_id)
                yield planned
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
                system=system_of(claimed) if claimed else System.UNKNOWN,
                record_type=claimed or "unknown",
                record_id=line.record_id,
                line=line.line,
                path=line.path,
                action=PlanAction.REJECTED,
                reasons=(unreadable(where, line.source, line.problems),),
            )

    def _undecided(self, kind: str, record_id: str) -> Iterator[PlanEntry]:
        """The rejected entries of the records of *kind* with *record_id*."""
        records = self._shared_ids[kind].get(record_id)
        if records is None:
            yield _rejected(*self._rejected[kind][record_id])
            return
        forms = sorted({record.id for record in records}, key=lambda i: (len(i), i))
        for record in sorted(records, key=repr):
            detail = shared_id(len(records), kind, forms[0], forms=forms)
            yield _rejected(record, detail, "DUPLICATE_VALUE")
