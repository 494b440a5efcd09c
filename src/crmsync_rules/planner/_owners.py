"""The owners of a snapshot: its owner directory, and the owner decisions
made against it (OWN-1, OWN-2, OWN-3, OWN-4, OWN-5), each made once per plan."""

from __future__ import annotations

from crmsync_rules.model._hubspot import HubSpotObject
from crmsync_rules.model._settings import IntegrationSettings, SyncRule
from crmsync_rules.rules._fm_values import is_owner_mapping
from crmsync_rules.rules._own import (
    OwnerAction,
    OwnerDecision,
    OwnerSyncDirection,
    StaticOwnerDirectory,
    map_owner,
)

__all__ = ["Owners"]

_Key = tuple[str, OwnerSyncDirection, str | None]


class Owners:
    """The owner *directory* of a snapshot (its HubSpot owners, Salesforce
    users and queues) and the decisions `map_owner` makes against it under
    *settings*' owner mapping."""

    def __init__(
        self, settings: IntegrationSettings, directory: StaticOwnerDirectory
    ) -> None:
        self.directory = directory
        owner_mappings = [
            m
            for m in settings.mappings
            if m.hubspot_object is HubSpotObject.CONTACT and is_owner_mapping(m)
        ]
        self._rule: SyncRule | None = owner_mappings[0].rule if owner_mappings else None
        self._decisions: dict[_Key, OwnerDecision] = {}

    def decision(
        self, owner_id: str, direction: OwnerSyncDirection, last: str | None
    ) -> OwnerDecision:
        """`map_owner`'s decision for *owner_id* in *direction*, *last* the
        record's last Salesforce owner.

        map_owner is pure and the directory is fixed, so each owner is
        decided once per direction: a portal has a few hundred owners and
        millions of records that name them. The last Salesforce owner counts
        only in a decision that sets no owner (OWN-5 reverts to it), so only
        those are decided again per last owner.
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
