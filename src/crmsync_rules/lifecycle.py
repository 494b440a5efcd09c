"""Lifecycle stages (LC): the stage a contact reaches from its Salesforce
opportunities (`derive_lifecycle`), HubSpot's lifecycle order that no
automatic transition moves back in (`LIFECYCLE_ORDER`, `lifecycle_rank`),
and in one call whether it reaches a given stage (`lifecycle_reach`).
"""

from .model._hubspot import LifecycleStage
from .rules._lc import (
    LIFECYCLE_ORDER,
    LifecycleDecision,
    LifecycleReach,
    derive_lifecycle,
    lifecycle_rank,
    lifecycle_reach,
)

__all__ = [
    "LIFECYCLE_ORDER",
    "LifecycleDecision",
    "LifecycleReach",
    "LifecycleStage",
    "derive_lifecycle",
    "lifecycle_rank",
    "lifecycle_reach",
]
