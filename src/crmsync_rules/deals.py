"""Deals (DEAL): whether a deal syncs with an opportunity (`sync_deal`), its
contacts, and how a deletion propagates.
"""

from .rules._deal import (
    DealContacts,
    DealSync,
    DeletePropagation,
    deal_contacts,
    propagate_delete,
    sync_deal,
)

__all__ = [
    "DealContacts",
    "DealSync",
    "DeletePropagation",
    "deal_contacts",
    "propagate_delete",
    "sync_deal",
]
