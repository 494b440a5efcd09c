"""Every exception the library raises, under the one root
`CrmSyncRulesError` (which the front door, `crmsync_rules`, also holds).

Invalid input is refused where it is built: `InvalidRecordError` (and its
`InvalidEmailError`) for a record, `InvalidSettingsError` (and its
`LockedMappingError`) for settings, `InvalidMappingError` for a field
mapping, `SnapshotError` for a snapshot document; `UnknownRuleError` and
`UnknownErrorCodeError` for an ID that no catalogue holds.
`InvariantViolation` is what `crmsync_rules.invariants` raises.
"""

from .invariants import InvariantViolation
from .model._errors import (
    CrmSyncRulesError,
    InvalidEmailError,
    InvalidMappingError,
    InvalidRecordError,
    InvalidSettingsError,
    LockedMappingError,
    SnapshotError,
    UnknownErrorCodeError,
    UnknownRuleError,
)

__all__ = [
    "CrmSyncRulesError",
    "InvalidEmailError",
    "InvalidMappingError",
    "InvalidRecordError",
    "InvalidSettingsError",
    "InvariantViolation",
    "LockedMappingError",
    "SnapshotError",
    "UnknownErrorCodeError",
    "UnknownRuleError",
]
