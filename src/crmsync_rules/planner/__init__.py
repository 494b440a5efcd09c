"""The planner layer: plan entries and results, and the composition of the
rules over a whole snapshot. It imports the rules and the model, never the
codec or the command line.

As a public module it holds `plan`, `plan_stream` and their results, and
`FieldDetail`, how much of the field-level plan they carry; `diff_plans`,
what differs between two plans (`PlanDiff`).
"""

from ._diff import (
    ChangeKind,
    Difference,
    MappingChange,
    PlanDiff,
    SettingChange,
    diff_plans,
    settings_changes,
)
from ._fields import FieldDetail
from ._plan import (
    PlanAction,
    PlanEntry,
    PlanStream,
    SyncPlan,
    System,
    plan,
    plan_stream,
)

__all__ = [
    "ChangeKind",
    "Difference",
    "FieldDetail",
    "MappingChange",
    "PlanAction",
    "PlanDiff",
    "PlanEntry",
    "PlanStream",
    "SettingChange",
    "SyncPlan",
    "System",
    "diff_plans",
    "plan",
    "plan_stream",
    "settings_changes",
]
