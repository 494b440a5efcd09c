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
