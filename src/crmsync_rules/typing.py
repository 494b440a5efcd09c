"""Protocols for the parts a sync service plugs in.

The core never fetches anything: what it needs to know about the outside
world (who is in the inclusion list, which owners exist, which records are
already there) comes in as plain values or through these small Protocols.
Implement them over your own storage or transport; `crmsync_rules.testing`
has in-memory versions for tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from .model._email import EmailKey
    from .model._hubspot import HubSpotContact, HubSpotOwner
    from .model._salesforce import SalesforceQueue, SalesforceUser

__all__ = ["InclusionList", "OwnerDirectory"]


@runtime_checkable
class InclusionList(Protocol):
    """A Salesforce inclusion list: which HubSpot contacts may sync (SYNC-2).

    ``name`` appears in explanations ("contact 12 is not in 'MQLs only'").
    """

    @property
    def name(self) -> str:
        """The list's name as HubSpot shows it."""
        ...

    def includes(self, contact: HubSpotContact, /) -> bool:
        """Whether *contact* meets the list's criteria now."""
        ...


@runtime_checkable
class OwnerDirectory(Protocol):
    """Both systems' owners, as `map_owner` looks them up (OWN-1, OWN-2,
    OWN-3, OWN-4, OWN-5).

    `crmsync_rules.owners.StaticOwnerDirectory` implements it over plain sequences;
    implement it over your own store when the owners are many.
    """

    def salesforce_owner(
        self, owner_id: str, /
    ) -> SalesforceUser | SalesforceQueue | None:
        """The Salesforce user or queue with *owner_id*, or ``None``."""
        ...

    def hubspot_owner(self, owner_id: str, /) -> HubSpotOwner | None:
        """The HubSpot owner with *owner_id*, or ``None``."""
        ...

    def salesforce_users_with_email(self, key: EmailKey, /) -> Sequence[SalesforceUser]:
        """Every Salesforce user whose email has the key *key*."""
        ...

    def hubspot_owners_with_email(self, key: EmailKey, /) -> Sequence[HubSpotOwner]:
        """Every HubSpot owner whose email has the key *key*."""
        ...
