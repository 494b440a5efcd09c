"""Owners (OWN): which owner a record gets on the other side (`map_owner`),
looked up in an `OwnerDirectory` (`StaticOwnerDirectory` holds plain
sequences), and in one call whether two owners match (`owner_matches`).
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
from .rules._own_questions import OwnerMatch, owner_matches
from .typing import OwnerDirectory

__all__ = [
    "OWNER_USER_TYPES",
    "OwnerAction",
    "OwnerDecision",
    "OwnerDirectory",
    "OwnerMatch",
    "OwnerStatus",
    "OwnerSyncDirection",
    "StaticOwnerDirectory",
    "map_owner",
    "owner_matches",
    "salesforce_owner_status",
]
