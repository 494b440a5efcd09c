"""The planner layer: plan entries and results, and the composition of the
rules over a whole snapshot. It imports the rules and the model, never the
codec or the command line.

As a public module it holds `plan`, `plan_stream` and their results, and
`FieldDetail`, how much of the field-level plan they carry; the functions
over any stream of entries: `mapping_summary` (`MappingTally`), each
mapping's values overwritten, filled, cleared or left, and `estimate_calls`
(`CallTally`), the Salesforce API calls the writes need (ERR-2); and
`diff_plans`, what differs between two plans (`PlanDiff`).
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
from ._estimate import (
    CallAssumptions,
    CallEstimate,
    CallTally,
    ObjectCalls,
    estimate_calls,
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
from ._summary import (
    MappingCounts,
    MappingSummary,
    MappingTally,
    SideCounts,
    ValueChange,
    mapping_summary,
)

__all__ = [
    "CallAssumptions",
    "CallEstimate",
    "CallTally",
    "ChangeKind",
    "Difference",
    "FieldDetail",
    "MappingChange",
    "MappingCounts",
    "MappingSummary",
    "MappingTally",
    "ObjectCalls",
    "PlanAction",
    "PlanDiff",
    "PlanEntry",
    "PlanStream",
    "SettingChange",
    "SideCounts",
    "SyncPlan",
    "System",
    "ValueChange",
    "diff_plans",
    "estimate_calls",
    "mapping_summary",
    "plan",
    "plan_stream",
    "settings_changes",
]
