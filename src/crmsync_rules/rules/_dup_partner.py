"""Which of several Salesforce leads and contacts sharing one HubSpot
contact's address the contact syncs with (DUP-6).

Salesforce returns such records in no set order: HubSpot first syncs with
the one returned first, then with whichever was most recently updated.
Offline, "returned first" cannot be known, so the most recently updated
wins where every record carries an update time, and the fixed tie-break of
DUP-1 (contacts before leads, then the lowest id) stands where one does not.
The reason says which of the two applied. `DuplicateIndex` files the records
that dedupe into each contact here (`SharedAddresses`) and asks when an
entry needs the answer.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._hubspot import HubSpotContact
from crmsync_rules.model._salesforce import (
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
)
from crmsync_rules.model._salesforce_ids import salesforce_id_key

from ._dup import OBJECT_OF, object_of

__all__ = ["SharedAddresses", "SyncPartner", "sync_partner", "tie_break"]

Person = SalesforceLead | SalesforceContact


@attrs.frozen(kw_only=True)
class SyncPartner:
    """DUP-6: which of several Salesforce leads and contacts that share one
    HubSpot contact's address the contact syncs with.

    ``updated_at`` is the winner's update time when the most recent update
    decided, ``None`` when the fixed tie-break did (some record carries no
    update time). ``order`` holds every record by object and id, the winner
    first, then the others in the fixed tie-break's order."""

    hubspot_id: str
    salesforce_object: SalesforceObject
    salesforce_id: str
    updated_at: dt.datetime | None
    order: tuple[tuple[SalesforceObject, str], ...]
    reasons: tuple[Reason, ...]


def tie_break(kind: SalesforceObject, salesforce_id: str) -> tuple[bool, str]:
    """The fixed order of DUP-1 and DUP-6 among Salesforce leads and
    contacts: contacts before leads, then by id, the two forms of one id
    (DUP-7) alike."""
    return kind is SalesforceObject.LEAD, salesforce_id_key(salesforce_id)


def _when(moment: dt.datetime) -> str:
    """*moment* in UTC, to the minute unless it has seconds: what a support
    engineer compares with Salesforce's "Last Modified Date"."""
    utc = moment.astimezone(dt.timezone.utc)
    return utc.strftime("%Y-%m-%d %H:%M:%S UTC" if utc.second else "%Y-%m-%d %H:%M UTC")


def sync_partner(
    hubspot_id: str,
    records: Iterable[tuple[SalesforceObject, SalesforceLead | SalesforceContact]],
) -> SyncPartner:
    """DUP-6: the one of *records* (two or more leads and contacts, each with
    its object, sharing the address of HubSpot contact *hubspot_id*) the
    contact syncs with.

    Salesforce returns such records in no set order and HubSpot syncs with
    the most recently updated (``updated_at``, Salesforce's
    LastModifiedDate). When every record carries an update time, the most
    recent wins (of equal times, the fixed tie-break); when any lacks one,
    "most recent" cannot be known and the fixed tie-break decides alone:
    contacts before leads, then the lowest id (`tie_break`). Either way the
    answer does not depend on the order of *records*.
    """
    ordered = sorted(records, key=lambda pair: tie_break(pair[0], pair[1].id))
    names = [f"{kind.value.lower()} {record.id!r}" for kind, record in ordered]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    head = (
        f"HubSpot contact {hubspot_id!r} shares its email address with "
        f"Salesforce {listed}"
    )
    times = [record.updated_at for _, record in ordered]
    known = [moment for moment in times if moment is not None]
    updated_at: dt.datetime | None = None
    if len(known) < len(times):
        untimed = [n for n, moment in zip(names, times, strict=True) if moment is None]
        at = 0
        which = ", ".join(untimed)
        detail = (
            f"{head}; {which} {'has' if len(untimed) == 1 else 'have'} no update "
            "time, so the fixed tie-break decides (contacts before leads, then "
            f"the lowest id): it syncs with {names[0]}."
        )
    else:
        updated_at = max(known)
        at = known.index(updated_at)  # of equal times, the tie-break's first
        tied = operator.countOf(known, updated_at) > 1
        detail = (
            f"{head}; it syncs with {names[at]}, the most recently updated "
            f"({_when(updated_at)})"
            + (
                ", updated at the same time as another, so the fixed tie-break "
                "(contacts before leads, then the lowest id) chose it."
                if tied
                else "."
            )
        )
    kind, record = ordered[at]
    order = tuple((k, r.id) for k, r in ordered)
    return SyncPartner(
        hubspot_id=hubspot_id,
        salesforce_object=kind,
        salesforce_id=record.id,
        updated_at=updated_at,
        order=(order[at], *order[:at], *order[at + 1 :]),
        reasons=(cite("DUP-6", detail),),
    )


class SharedAddresses:
    """The leads and contacts that dedupe into each existing HubSpot contact
    by its address (DUP-1), filed in resolution order (contacts, then leads,
    each by id), and which one each contact shared by several syncs with
    (DUP-6), decided once, when first asked. A contact deduped into by one
    record (nearly all) holds that record, not a list."""

    __slots__ = ("_contacts", "_partners", "_records")

    def __init__(self) -> None:
        self._records: dict[str, Person | list[Person]] = {}
        self._contacts: dict[str, HubSpotContact] = {}
        self._partners: dict[str, SyncPartner | None] = {}

    def add(self, contact: HubSpotContact, record: Person) -> None:
        """File *record* as deduping into *contact*."""
        kept = self._records.setdefault(contact.id, record)
        if kept is not record:
            if isinstance(kept, list):
                kept.append(record)
            else:
                self._records[contact.id] = [kept, record]
                self._contacts[contact.id] = contact

    def holds(self, hubspot_id: str) -> bool:
        """Whether any record dedupes into HubSpot contact *hubspot_id*."""
        return hubspot_id in self._records

    def records(self, hubspot_id: str) -> tuple[Person, ...]:
        """The records that dedupe into HubSpot contact *hubspot_id*, the one
        it syncs with first (`partner`), then the others in resolution
        order."""
        kept = self._records.get(hubspot_id)
        if kept is None:
            return ()
        if not isinstance(kept, list):
            return (kept,)
        partner = self.partner(hubspot_id)
        if partner is None or partner.salesforce_id == kept[0].id:
            return tuple(kept)
        first = next(r for r in kept if r.id == partner.salesforce_id)
        return (first, *(r for r in kept if r is not first))

    def partner(self, hubspot_id: str) -> SyncPartner | None:
        """DUP-6: which of the several records that dedupe into HubSpot
        contact *hubspot_id* it syncs with; ``None`` when fewer than two do,
        or when the contact is linked to a Salesforce record (the link says
        which record it syncs with, DUP-1)."""
        if hubspot_id in self._partners:
            return self._partners[hubspot_id]
        kept = self._records.get(hubspot_id)
        partner = None
        if isinstance(kept, list):
            contact = self._contacts[hubspot_id]
            if contact.salesforce_lead_id is None and (
                contact.salesforce_contact_id is None
            ):
                partner = sync_partner(
                    hubspot_id,
                    [(OBJECT_OF.get(type(r)) or object_of(r), r) for r in kept],
                )
        self._partners[hubspot_id] = partner
        return partner
