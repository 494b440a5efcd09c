"""The rule invariants as predicates over a sync service's own outputs.

For test authors: each function looks at what *your* code produced (an
opt-out state after an event, a plan, an owner written to Salesforce, the
values after a change) and returns a tuple of `Violation` values, empty when
the invariant holds. The library applies no rule here; the checks are what
the rules promise, stated independently of how the library computes its
results, so they can judge any implementation, the library's included.
`assert_no_violations` turns a non-empty tuple into an `InvariantViolation`
(an `AssertionError`), which is what a Hypothesis test wants:

    assert_no_violations(optout_resubscriptions(before, event, after))

Each function's docstring names the rule it protects. Nothing here needs
Hypothesis.
"""

from __future__ import annotations

from ._fields import dont_sync_moves
from ._optout import optout_held_changes, optout_resubscriptions
from ._owners import owner_mismatches
from ._plan import contradicting_pairs, lost_records, order_dependence, uncited_entries
from ._violations import InvariantViolation, Violation, assert_no_violations

__all__ = [
    "InvariantViolation",
    "Violation",
    "assert_no_violations",
    "contradicting_pairs",
    "dont_sync_moves",
    "lost_records",
    "optout_held_changes",
    "optout_resubscriptions",
    "order_dependence",
    "owner_mismatches",
    "uncited_entries",
]
