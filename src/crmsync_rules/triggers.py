"""Sync triggers (TRIG): whether a change to a record triggers a sync at all
(`triggers_sync`).
"""

from .rules._trig import RecordChange, TriggerDecision, triggers_sync

__all__ = [
    "RecordChange",
    "TriggerDecision",
    "triggers_sync",
]
