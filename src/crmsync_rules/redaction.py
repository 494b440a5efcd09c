"""Redaction: plans and records with the personal data replaced, for support
tickets (docs/support-tickets.md).
"""

from ._redact import Redactor, redact

__all__ = [
    "Redactor",
    "redact",
]
