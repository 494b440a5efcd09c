"""Duplicates (DUP): which Salesforce record a HubSpot contact syncs with when
several match its email address (`resolve_duplicate`), and the one-call
questions over it: which record a contact dedupes to (`dedupe_target`), and
which company a Salesforce account becomes (`account_company`).
"""

from .rules._dup import (
    DuplicateMatch,
    DuplicateOutcome,
    DuplicateResolution,
    SyncedSalesforceRecord,
    hubspot_id_order,
)
from .rules._dup_index import resolve_duplicate
from .rules._dup_questions import (
    AccountCompany,
    DedupeTarget,
    account_company,
    dedupe_target,
)

__all__ = [
    "AccountCompany",
    "DedupeTarget",
    "DuplicateMatch",
    "DuplicateOutcome",
    "DuplicateResolution",
    "SyncedSalesforceRecord",
    "account_company",
    "dedupe_target",
    "hubspot_id_order",
    "resolve_duplicate",
]
