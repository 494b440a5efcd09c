"""Hypothesis settings profiles for the suite.

``ci`` is loaded when the ``CI`` environment variable is set: derandomised
(the same examples on every run, so a red build is reproducible), no example
database, no deadline (shared CI machines are noisy). ``dev`` is the default:
fewer examples, random and remembered in the local database so a failure
found once is replayed first. ``HYPOTHESIS_PROFILE`` overrides the choice.

Tests that need more examples in CI than the profile gives (the strategies'
round-trip tests take 500) ask for them with ``@settings(max_examples=...)``,
choosing by the same ``CI`` variable.
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
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
