"""Lifecycle stages (LC): the stage a contact reaches from its Salesforce
opportunities (`derive_lifecycle`), and in one call whether it reaches a
given stage (`lifecycle_reach`).
"""

from .model._hubspot import LifecycleStage
from .rules._lc import (
    LifecycleDecision,
    LifecycleReach,
    derive_lifecycle,
    lifecycle_reach,
)

__all__ = [
    "LifecycleDecision",
    "LifecycleReach",
    "LifecycleStage",
    "derive_lifecycle",
    "lifecycle_reach",
]
