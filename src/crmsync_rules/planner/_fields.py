"""The field-level plan: the field writes of each entry that syncs, dedupes
or creates a record, from `decide_fields` (the decision `sync_fields`
makes for one pair) with the plan's owner decisions, lifecycle decisions
and opt-out decision of the pair, so that the fields agree with the entry.
A plan computes them only when asked (`FieldDetail`): the record-level plan
is unchanged without them.

A pair that syncs shows its writes on both its entries (the HubSpot
record's and the Salesforce record's). The plan emits every HubSpot record
before any Salesforce record, so keeping a pair's writes for its second
entry means keeping them across the whole HubSpot pass: memory in
proportion to the pairs, and objects every full garbage collection walks
again. So at most `PENDING_PAIRS` pairs are kept (decided once, taken by
their second entry); the others are decided again for their second entry,
which costs less than holding them (docs/decisions.md)."""

from __future__ import annotations

import enum
from typing import Final, cast

import attrs

from crmsync_rules.model._hubspot import HubSpotCompany, HubSpotContact, HubSpotDeal
from crmsync_rules.model._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
)
from crmsync_rules.model._settings import OPT_OUT_MAPPINGS
from crmsync_rules.model._snapshot import Record
from crmsync_rules.rules._dup_index import ExistingContacts, LinkedContact
from crmsync_rules.rules._field_results import (
    FieldSync,
    HubSpotRecord,
    SalesforceRecord,
)
from crmsync_rules.rules._fields import decide_fields, mappings_by_pair
from crmsync_rules.rules._lc import lifecycle_reaches_salesforce
from crmsync_rules.rules._opt import OptOutDecision

from ._entries import PlanAction, PlanEntry
from ._index import PlanIndex

__all__ = ["FIELD_ACTIONS", "PENDING_PAIRS", "FieldDetail", "PlanFields"]


class FieldDetail(str, enum.Enum):
    """How much of the field-level plan a plan carries."""

    NONE = "none"
    """No field writes: the record-level plan only."""
    CHANGES = "changes"
    """The mappings whose values the sync changes."""
    ALL = "all"
    """Every mapping of each pair, unchanged ones included."""


FIELD_ACTIONS: Final = frozenset(
    {
        PlanAction.SYNC,
        PlanAction.DEDUPE,
        PlanAction.CREATE_IN_HUBSPOT,
        PlanAction.CREATE_IN_SALESFORCE,
        PlanAction.CREATE_DEAL,
    }
)
"""The actions whose entries carry field writes."""

_SALESFORCE_OBJECT_OF: Final = {
    "salesforce_lead": SalesforceObject.LEAD,
    "salesforce_contact": SalesforceObject.CONTACT,
    "salesforce_account": SalesforceObject.ACCOUNT,
    "salesforce_opportunity": SalesforceObject.OPPORTUNITY,
}

# `attrs.evolve` looks every field up by name on each call; an entry per
# record is copied slot by slot instead (PlanEntry has no validators or
# converters), which costs half as much.
_ENTRY_SLOTS: Final = tuple(
    (PlanEntry.__dict__[field.name].__get__, PlanEntry.__dict__[field.name].__set__)
    for field in attrs.fields(PlanEntry)
    if field.name != "fields"
)
_set_fields: Final = PlanEntry.__dict__["fields"].__set__
_new: Final = object.__new__


def _with_fields(entry: PlanEntry, fields: FieldSync) -> PlanEntry:
    """``attrs.evolve(entry, fields=fields)``, built faster."""
    new: PlanEntry = _new(PlanEntry)
    for get, put in _ENTRY_SLOTS:
        put(new, get(entry))
    _set_fields(new, fields)
    return new


PENDING_PAIRS: Final = 1024
"""How many pairs' writes a plan keeps for their second entry at most."""

_PairKey = tuple[str, type[SalesforceRecord], str]
"""A pair: its HubSpot record's id, its Salesforce record's type and id."""


class PlanFields:
    """The field writes of entries, against one plan's index."""

    def __init__(self, index: PlanIndex, detail: FieldDetail) -> None:
        self._index = index
        self._changes_only = detail is FieldDetail.CHANGES
        settings = index.settings
        self._reach = lifecycle_reaches_salesforce(settings.mappings)
        self._mappings = mappings_by_pair(
            OPT_OUT_MAPPINGS
            + tuple(m for m in settings.mappings if m not in OPT_OUT_MAPPINGS)
        )
        self._pending: dict[_PairKey, tuple[OptOutDecision | None, FieldSync]] = {}
        """The pairs whose first entry is out and whose second is to come:
        their writes, and the opt-out decision they were decided with."""

    def _salesforce(self, entry: PlanEntry) -> SalesforceRecord | None:
        index, target = self._index, entry.target_id
        if target is None:
            return None
        kind = entry.target_type
        if kind == "salesforce_lead":
            return index.leads.get(target)
        if kind == "salesforce_contact":
            return index.sf_contacts.get(target)
        if kind == "salesforce_account":
            return index.accounts.get(target)
        return index.opportunities.get(target)

    def _hubspot(self, entry: PlanEntry) -> HubSpotRecord | None:
        index, target = self._index, entry.target_id
        if target is None:
            return None
        kind = entry.target_type
        if kind == "hubspot_contact":
            return index.contacts.get(target)
        if kind == "hubspot_company":
            return index.companies.get(target)
        return index.deals.get(target)

    def of(self, record: Record, entry: PlanEntry) -> PlanEntry:
        """*entry* of *record* with its field writes, when its action has
        any (`FIELD_ACTIONS`)."""
        if entry.action not in FIELD_ACTIONS or entry.target_type is None:
            return entry
        hubspot: HubSpotRecord | None
        salesforce: SalesforceRecord | None
        sobject = None
        if isinstance(record, HubSpotContact | HubSpotCompany | HubSpotDeal):
            hubspot, salesforce = record, self._salesforce(entry)
            sobject = _SALESFORCE_OBJECT_OF.get(entry.target_type)
        else:
            # Only the records of an object pair have `FIELD_ACTIONS`.
            salesforce = cast("SalesforceRecord", record)
            if isinstance(salesforce, SalesforceAccount) and (
                entry.target_type != "hubspot_company"
            ):
                return entry  # a person account: no object pair maps it
            hubspot = self._hubspot(entry)
        if hubspot is None or salesforce is None:
            fields = self._decide(hubspot, salesforce, sobject, entry)
            return _with_fields(entry, fields)
        key = (hubspot.id, type(salesforce), salesforce.id)
        pending = self._pending.pop(key, None)
        # The pair's other entry decided it already, with the same opt-out
        # decision (a contact's entry may show another member's: DUP-5).
        if pending is not None and pending[0] == entry.optout:
            return _with_fields(entry, pending[1])
        fields = self._decide(hubspot, salesforce, sobject, entry)
        if (
            pending is None
            and len(self._pending) < PENDING_PAIRS
            and self._second_to_come(record, hubspot, salesforce)
        ):
            self._pending[key] = (entry.optout, fields)
        return _with_fields(entry, fields)

    def _second_to_come(
        self, record: Record, hubspot: HubSpotRecord, salesforce: SalesforceRecord
    ) -> bool:
        """Whether the pair's other record is yet to be emitted and targets
        this one: the plan emits HubSpot records before Salesforce ones."""
        if record is not hubspot:
            return False
        # The Salesforce record's own entry, as the index knows it; its
        # action is known only when it is emitted, so this may keep a pair
        # whose other entry turns out not to sync (few, and `_pending` goes
        # with the plan).
        duplicates = self._index.duplicates
        if isinstance(salesforce, SalesforceLead | SalesforceContact):
            resolution = duplicates.resolution(salesforce)
            return (
                isinstance(resolution, LinkedContact | ExistingContacts)
                and resolution.contact.id == hubspot.id
            )
        kind = (
            SalesforceObject.ACCOUNT
            if isinstance(salesforce, SalesforceAccount)
            else SalesforceObject.OPPORTUNITY
        )
        match = duplicates.match_of(kind, salesforce.id)
        return match is not None and match.hubspot_id == hubspot.id

    def _decide(
        self,
        hubspot: HubSpotRecord | None,
        salesforce: SalesforceRecord | None,
        sobject: SalesforceObject | None,
        entry: PlanEntry,
    ) -> FieldSync:
        lifecycle = (
            self._index.lifecycle_of.get(hubspot.id, ())
            if isinstance(hubspot, HubSpotContact)
            else ()
        )
        return decide_fields(
            hubspot,
            salesforce,
            settings=self._index.settings,
            mappings=self._mappings,
            owners=self._index.owners,
            salesforce_object=sobject,
            lifecycle=lifecycle,
            optout=entry.optout,
            changes_only=self._changes_only,
            reach=self._reach,
        )
