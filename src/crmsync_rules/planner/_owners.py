"""The owners of a snapshot: its owner directory, and the owner decisions
made against it (OWN-1 to OWN-7), each made once per plan."""

from __future__ import annotations

from collections.abc import Callable

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._hubspot import HubSpotObject
from crmsync_rules.model._salesforce import SalesforceObject
from crmsync_rules.model._settings import IntegrationSettings, SyncRule
from crmsync_rules.rules._fm_values import is_owner_mapping
from crmsync_rules.rules._own import (
    OwnerAction,
    OwnerDecision,
    OwnerSyncDirection,
    StaticOwnerDirectory,
    map_owner,
)
from crmsync_rules.rules._own_assign import creation_owner, first_sync_owner

__all__ = ["Owners"]

_Key = tuple[str | None, OwnerSyncDirection, str | None]


_TO_HUBSPOT = OwnerSyncDirection.TO_HUBSPOT
_TO_SALESFORCE = OwnerSyncDirection.TO_SALESFORCE


class Owners:
    """The owner *directory* of a snapshot (its HubSpot owners, Salesforce
    users and queues) and the decisions `map_owner` makes against it under
    *settings*' owner mapping."""

    def __init__(
        self,
        settings: IntegrationSettings,
        directory: StaticOwnerDirectory,
        *,
        spelled: Callable[[str], str] = str,
    ) -> None:
        self.directory = directory
        # A Salesforce owner's id as its user or queue writes it, whichever
        # form a record names it by (DUP-7): the directory is keyed so.
        self._spelled = spelled
        owner_mappings = [
            m
            for m in settings.mappings
            if m.hubspot_object is HubSpotObject.CONTACT and is_owner_mapping(m)
        ]
        self._rule: SyncRule | None = owner_mappings[0].rule if owner_mappings else None
        self._decisions: dict[_Key, OwnerDecision] = {}
        self._integration_user = settings.integration_user_id
        self._created: dict[tuple[str | None, SalesforceObject], OwnerDecision] = {}
        self._paired: dict[tuple[str | None, str | None], OwnerDecision] = {}

    def of_hubspot(
        self,
        reasons: list[Reason],
        owner_id: str | None,
        last: str | None,
        *,
        created: SalesforceObject | None = None,
        first: bool = False,
    ) -> OwnerDecision | None:
        """The owner outcome of a HubSpot record owned by *owner_id* that
        syncs: of the new *created* record (OWN-6), of its *first* sync with
        an existing record owned by *last* (OWN-7), or its owner sent to
        Salesforce (*last*: the partner's owner, OWN-5); ``None`` when there
        is no owner outcome. Its reasons are added to *reasons*."""
        decision: OwnerDecision | None
        if last is not None:
            last = self._spelled(last)
        if created is not None:
            decision = self.created(owner_id, created)
        elif first:
            decision = self.first_sync(owner_id, last)
        elif owner_id is None:
            return None
        else:
            decision = self.decision(owner_id, _TO_SALESFORCE, last)
        if decision is not None:
            reasons.extend(decision.reasons)
        return decision

    def of_salesforce(
        self,
        reasons: list[Reason],
        owner_id: str | None,
        hubspot: str | None = None,
        *,
        first: bool = False,
    ) -> OwnerDecision | None:
        """The owner outcome of a Salesforce record owned by *owner_id* that
        syncs: of its *first* sync with an existing HubSpot record owned by
        *hubspot* (OWN-7), or its owner sent to HubSpot; ``None`` when there
        is no owner outcome. Its reasons are added to *reasons*."""
        decision: OwnerDecision | None
        if owner_id is not None:
            owner_id = self._spelled(owner_id)
        if first:
            decision = self.first_sync(hubspot, owner_id)
        elif owner_id is None:
            return None
        else:
            decision = self.decision(owner_id, _TO_HUBSPOT, None)
        if decision is not None:
            reasons.extend(decision.reasons)
        return decision

    def created(
        self, owner_id: str | None, salesforce_object: SalesforceObject
    ) -> OwnerDecision:
        """`creation_owner`'s decision (OWN-6) for a new *salesforce_object*
        whose HubSpot record is owned by *owner_id*, once per owner and
        object."""
        key = (owner_id, salesforce_object)
        decision = self._created.get(key)
        if decision is None:
            decision = self._created[key] = creation_owner(
                owner_id,
                salesforce_object=salesforce_object,
                owners=self.directory,
                integration_user_id=self._integration_user,
                mapped=self.decision,
            )
        return decision

    def first_sync(
        self, hubspot_owner_id: str | None, salesforce_owner_id: str | None
    ) -> OwnerDecision | None:
        """`first_sync_owner`'s decision (OWN-7) for a pair syncing for the
        first time, once per pair of owners; ``None`` when neither side has
        an owner (there is no owner outcome)."""
        if hubspot_owner_id is None and salesforce_owner_id is None:
            return None
        key = (hubspot_owner_id, salesforce_owner_id)
        decision = self._paired.get(key)
        if decision is None:
            decision = self._paired[key] = first_sync_owner(
                hubspot_owner_id,
                salesforce_owner_id,
                owners=self.directory,
                mapping_rule=self._rule,
                mapped=self.decision,
            )
        return decision

    def decision(
        self, owner_id: str | None, direction: OwnerSyncDirection, last: str | None
    ) -> OwnerDecision:
        """`map_owner`'s decision for *owner_id* in *direction*, *last* the
        record's last Salesforce owner.

        map_owner is pure and the directory is fixed, so each owner is
        decided once per direction: a portal has a few hundred owners and
        millions of records that name them. The last Salesforce owner counts
        only in a decision that sets no owner (OWN-5 reverts to it), so only
        those are decided again per last owner. OWN-6 and OWN-7 map owners
        through it too (their `MapOwner`).
        """
        key: _Key = (owner_id, direction, None)
        decision = self._decisions.get(key) or self._map_and_keep(key)
        if last is None or decision.action is OwnerAction.SET:
            return decision
        key = (owner_id, direction, last)
        return self._decisions.get(key) or self._map_and_keep(key)

    def _map_and_keep(self, key: _Key) -> OwnerDecision:
        """Map the owner of *key* (`map_owner`), and keep the decision."""
        owner_id, direction, last = key
        decision = self._decisions[key] = map_owner(
            owner_id,
            direction=direction,
            owners=self.directory,
            last_salesforce_owner_id=last,
            mapping_rule=self._rule,
        )
        return decision
