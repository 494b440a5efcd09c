"""`Violation`, what every invariant returns, and `assert_no_violations`,
which raises them as an `InvariantViolation`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from crmsync_rules.model._errors import CrmSyncRulesError


@attrs.frozen(kw_only=True)
class Violation:
    """One broken invariant.

    ``invariant`` is the name of the function that found it, ``rule`` the
    catalogue ID it protects (``None`` for the library-wide promises that
    belong to no one rule), ``detail`` one sentence naming the records and
    values involved.
    """

    invariant: str
    rule: str | None
    detail: str

    def __str__(self) -> str:
        return f"{self.rule or self.invariant}: {self.detail}"


class InvariantViolation(CrmSyncRulesError, AssertionError):
    """Raised by `assert_no_violations`; ``violations`` holds them all."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        lines = "".join(f"\n  {v}" for v in violations)
        super().__init__(f"{len(violations)} invariant violation(s):{lines}")
        self.violations = tuple(violations)


# Named by their public home in tracebacks and reprs, as they were before the
# invariants became a package: a test author reads the name to import.
Violation.__module__ = InvariantViolation.__module__ = "crmsync_rules.invariants"


def assert_no_violations(violations: Iterable[Violation], /) -> None:
    """Raise `InvariantViolation` listing *violations*, if there are any.

    >>> assert_no_violations(())
    >>> assert_no_violations([Violation(invariant="x", rule="OPT-3", detail="Oops.")])
    Traceback (most recent call last):
      ...
    crmsync_rules.invariants.InvariantViolation: 1 invariant violation(s):
      OPT-3: Oops.
    """
    found = tuple(violations)
    if found:
        raise InvariantViolation(found)
