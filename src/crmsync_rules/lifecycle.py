"""Lifecycle stages (LC): the stage a contact reaches from its Salesforce
opportunities (`derive_lifecycle`).
"""

from .model._hubspot import LifecycleStage
from .rules._lc import LifecycleDecision, derive_lifecycle

__all__ = [
    "LifecycleDecision",
    "LifecycleStage",
    "derive_lifecycle",
]
