"""Hypothesis settings profiles for the suite.

``ci`` is loaded when the ``CI`` environment variable is set: derandomised
(the same examples on every run, so a red build is reproducible), no example
database, no deadline (shared CI machines are noisy). ``dev`` is the default:
fewer examples, random and remembered in the local database so a failure
found once is replayed first. ``HYPOTHESIS_PROFILE`` overrides the choice.

Tests that need more examples in CI than the profile gives (the strategies'
round-trip tests take 500) ask for them with ``@settings(max_examples=...)``,
choosing by the same ``CI`` variable.

`make mutation` runs the tests against thousands of mutants, some of them
slow: its ``mutation`` profile turns the deadline off (a slow mutant is not a
wrong one) and derandomizes, so a mutant's verdict does not depend on the
examples one run happened to draw.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=100,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile(
    "mutation", deadline=None, derandomize=True, database=None, max_examples=50
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def pytest_sessionstart() -> None:
    """Start every session with empty memos.

    ``email_key`` memoises domain verdicts for the life of the process
    (docs/decisions.md), the owner rules their owners' email keys and
    should_sync its sentence for portals without a list. mutmut forks each
    mutant's test run from a process that already ran the whole suite, so
    without this a mutant of the uncached function would be judged on
    results computed before it existed. A fresh session recomputes them; in
    a plain run it is a no-op.
    """
    from crmsync_rules.model._email import _checked_domain
    from crmsync_rules.rules._own import _owner_key
    from crmsync_rules.rules._sync import _portal_without_list

    _checked_domain.cache_clear()
    _owner_key.cache_clear()
    _portal_without_list.cache_clear()
