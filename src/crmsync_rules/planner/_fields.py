"""The field-level plan: the field writes of each entry that syncs, dedupes
or creates a record, from `decide_fields` (the decision `sync_fields`
makes for one pair) with the plan's owner decisions, lifecycle decisions
and opt-out decision of the pair, so that the fields agree with the entry.
A plan computes them only when asked (`FieldDetail`): the record-level plan
is unchanged without them."""

from __future__ import annotations

import enum
from typing import Final, cast

import attrs

from crmsync_rules.model._hubspot import HubSpotCompany, HubSpotContact, HubSpotDeal
from crmsync_rules.model._salesforce import (
    SalesforceAccount,
    SalesforceObject,
)
from crmsync_rules.model._settings import OPT_OUT_MAPPINGS
from crmsync_rules.model._snapshot import Record
from crmsync_rules.rules._field_results import HubSpotRecord, SalesforceRecord
from crmsync_rules.rules._fields import decide_fields, mappings_by_pair
from crmsync_rules.rules._lc import lifecycle_reaches_salesforce

from ._entries import PlanAction, PlanEntry
from ._index import PlanIndex

__all__ = ["FIELD_ACTIONS", "FieldDetail", "PlanFields"]


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
        lifecycle = (
            self._index.lifecycle_of.get(hubspot.id, ())
            if isinstance(hubspot, HubSpotContact)
            else ()
        )
        fields = decide_fields(
            hubspot,
            salesforce,
            settings=self._index.settings,
            mappings=self._mappings,
            owner=self._index.owners.decision,
            salesforce_object=sobject,
            lifecycle=lifecycle,
            optout=entry.optout,
            changes_only=self._changes_only,
            reach=self._reach,
        )
        return attrs.evolve(entry, fields=fields)
