"""Contact sync (SYNC): whether a contact syncs now (`should_sync`), what asks
for the sync (`SyncTrigger`), the inclusion list that applies, and the
one-call questions: whether Salesforce creates a HubSpot contact
(`salesforce_creates_contact`), and the contact it would be
(`prospective_contact`).
"""

from .rules._sync import (
    SyncAction,
    SyncDecision,
    SyncTrigger,
    effective_inclusion_list,
    prospective_contact,
    salesforce_creates_contact,
    should_sync,
)

__all__ = [
    "SyncAction",
    "SyncDecision",
    "SyncTrigger",
    "effective_inclusion_list",
    "prospective_contact",
    "salesforce_creates_contact",
    "should_sync",
]
