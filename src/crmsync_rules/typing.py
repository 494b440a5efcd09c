"""Protocols for the parts a sync service plugs in.

The core never fetches anything: what it needs to know about the outside
world (who is in the inclusion list, which owners exist, which records are
already there) comes in as plain values or through these small Protocols.
Implement them over your own storage or transport; `crmsync_rules.testing`
has in-memory versions for tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ._hubspot import HubSpotContact

__all__ = ["InclusionList"]


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
