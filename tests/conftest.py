"""Hypothesis profiles for the suite.

`make mutation` runs the tests against thousands of mutants, some of them
slow: the ``mutation`` profile turns the deadline off (a slow mutant is not
a wrong one) and derandomizes, so a mutant's verdict does not depend on the
examples one run happened to draw. The default profile is untouched.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile(
    "mutation", deadline=None, derandomize=True, database=None, max_examples=50
)


def pytest_sessionstart() -> None:
    """Start every session with an empty email-domain memo.

    ``email_key`` memoises domain verdicts for the life of the process
    (docs/decisions.md). mutmut forks each mutant's test run from a process
    that already ran the whole suite, so without this a mutant of the
    uncached domain check would be judged on verdicts computed before it
    existed. A fresh session recomputes them; in a plain run it is a no-op.
    """
    from crmsync_rules._email import _checked_domain

    _checked_domain.cache_clear()
