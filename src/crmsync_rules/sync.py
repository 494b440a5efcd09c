"""Contact sync (SYNC): whether a contact syncs now (`should_sync`), what asks
for the sync (`SyncTrigger`), and the inclusion list that applies.
"""

from .rules._sync import (
    SyncAction,
    SyncDecision,
    SyncTrigger,
    effective_inclusion_list,
    should_sync,
)

__all__ = [
    "SyncAction",
    "SyncDecision",
    "SyncTrigger",
    "effective_inclusion_list",
    "should_sync",
]
