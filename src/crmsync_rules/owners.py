"""Owners (OWN): which owner a record gets on the other side (`map_owner`),
looked up in an `OwnerDirectory` (`StaticOwnerDirectory` holds plain
sequences), and in one call whether two owners match (`owner_matches`);
who owns a record HubSpot creates (`creation_owner`, OWN-6), and a pair's
owner at its first sync and afterwards (`first_sync_owner`,
`later_owner_sync`, OWN-7).
"""

from .rules._own import (
    OWNER_USER_TYPES,
    OwnerAction,
    OwnerDecision,
    OwnerStatus,
    OwnerSyncDirection,
    StaticOwnerDirectory,
    map_owner,
    salesforce_owner_status,
)
from .rules._own_assign import (
    MapOwner,
    creation_owner,
    first_sync_owner,
    later_owner_sync,
)
from .rules._own_questions import OwnerMatch, owner_matches
from .typing import OwnerDirectory

__all__ = [
    "OWNER_USER_TYPES",
    "MapOwner",
    "OwnerAction",
    "OwnerDecision",
    "OwnerDirectory",
    "OwnerMatch",
    "OwnerStatus",
    "OwnerSyncDirection",
    "StaticOwnerDirectory",
    "creation_owner",
    "first_sync_owner",
    "later_owner_sync",
    "map_owner",
    "owner_matches",
    "salesforce_owner_status",
]
