"""Owners (OWN): which owner a record gets on the other side (`map_owner`),
looked up in an `OwnerDirectory` (`StaticOwnerDirectory` holds plain
sequences).
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
from .typing import OwnerDirectory

__all__ = [
    "OWNER_USER_TYPES",
    "OwnerAction",
    "OwnerDecision",
    "OwnerDirectory",
    "OwnerStatus",
    "OwnerSyncDirection",
    "StaticOwnerDirectory",
    "map_owner",
    "salesforce_owner_status",
]
