"""Settings checks: every problem of a set of integration settings, as
findings with a severity (`lint_settings`).
"""

from .rules._lint import Finding, Severity, lint_settings

__all__ = [
    "Finding",
    "Severity",
    "lint_settings",
]
