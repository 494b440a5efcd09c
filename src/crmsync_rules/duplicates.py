"""Duplicates (DUP): which Salesforce record a HubSpot contact syncs with when
several match its email address (`resolve_duplicate`).
"""

from .rules._dup import (
    DuplicateMatch,
    DuplicateOutcome,
    DuplicateResolution,
    SyncedSalesforceRecord,
    hubspot_id_order,
    resolve_duplicate,
)

__all__ = [
    "DuplicateMatch",
    "DuplicateOutcome",
    "DuplicateResolution",
    "SyncedSalesforceRecord",
    "hubspot_id_order",
    "resolve_duplicate",
]
