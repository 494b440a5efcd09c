"""The Salesforce owners' ids in a plan, as each is written and as compared
(DUP-7): a record may name its owner by the other form of the owner's id,
while the owner directory and the owners' entries know the owner's own."""

from __future__ import annotations

from collections.abc import Iterable

from crmsync_rules.model._salesforce_ids import salesforce_id_key

__all__ = ["OwnerIds"]


class OwnerIds:
    """The ids of a snapshot's Salesforce users and queues (*owner_ids*, as
    their records write them), and the owners that synced leads and
    contacts name (`add_synced`, as those records write them)."""

    __slots__ = ("_spelled", "_synced", "_synced_keys")

    def __init__(self, owner_ids: Iterable[str]) -> None:
        self._spelled: dict[str, str] = {}
        for owner_id in owner_ids:
            self._spelled[salesforce_id_key(owner_id)] = owner_id
            self._spelled[owner_id] = owner_id
        self._synced: set[str] = set()
        self._synced_keys: set[str] | None = None

    def spelled(self, owner_id: str) -> str:
        """*owner_id*, a Salesforce owner's id in either form, as the
        owner's own user or queue record writes it; as it is when the
        snapshot has no such owner."""
        spelled = self._spelled.get(owner_id)  # most: as the owner writes it
        if spelled is None:
            spelled = self._spelled.get(salesforce_id_key(owner_id), owner_id)
        return spelled

    def add_synced(self, owner_id: str) -> None:
        """A synced lead or contact names the owner *owner_id*."""
        self._synced.add(owner_id)

    def synced(self) -> frozenset[str]:
        """The owners synced leads and contacts name, as they write them
        (the bulk engine gathers them from its parts of a plan)."""
        return frozenset(self._synced)

    def owns_synced(self, owner_id: str) -> bool:
        """Whether a synced lead or contact names the owner *owner_id*, in
        either form; asked once every person's entry is made (the owners'
        entries come after them), so the keys are computed once."""
        if owner_id in self._synced:
            return True
        if self._synced_keys is None:
            self._synced_keys = set(map(salesforce_id_key, self._synced))
        return salesforce_id_key(owner_id) in self._synced_keys
