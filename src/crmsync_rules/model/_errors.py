"""The exception hierarchy: one root, and subclasses that also inherit the
builtin they resemble, so ``except ValueError`` keeps working for callers who
do not know this library.

Messages name the record, the field and the value, because the question a
user asks of an error is "which record, and what was wrong with it?".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crmsync_rules.model._settings import MappingProblem

__all__ = [
    "CrmSyncRulesError",
    "InvalidEmailError",
    "InvalidMappingError",
    "InvalidRecordError",
    "InvalidSettingsError",
    "LockedMappingError",
    "SnapshotError",
    "UnknownErrorCodeError",
    "UnknownRuleError",
]


class CrmSyncRulesError(Exception):
    """Root of every error this library raises on purpose."""


class InvalidRecordError(CrmSyncRulesError, ValueError):
    """A record's field holds a value the rules cannot work with.

    ``record`` is the record's id (or ``None`` when it has none yet),
    ``field`` the field's name, ``value`` the offending value.
    """

    def __init__(
        self, message: str, *, record: str | None, field: str, value: object
    ) -> None:
        where = f"record {record!r}" if record is not None else "a record"
        super().__init__(f"{where}, field {field!r}: {message}, got {value!r}")
        self.problem = message
        self.record = record
        self.field = field
        self.value = value


class InvalidEmailError(InvalidRecordError):
    """An email address that email-validator refuses (DUP-1, OWN-4).

    ``reason`` is email-validator's own explanation.
    """

    def __init__(
        self,
        value: object,
        *,
        reason: str,
        record: str | None = None,
        field: str = "email",
    ) -> None:
        reason = reason.rstrip(".")
        super().__init__(
            f"not a valid email address ({reason})",
            record=record,
            field=field,
            value=value,
        )
        self.reason = reason


class InvalidSettingsError(CrmSyncRulesError, ValueError):
    """Integration settings that are inconsistent or out of range."""


class LockedMappingError(InvalidSettingsError):
    """A change to a locked field mapping: the "Unsubscribed from all email"
    / "Email Opt Out" mapping can be neither changed nor deleted (OPT-1).

    ``rule`` is the catalogue ID that locks it; ``mapping`` the mapping as
    text.
    """

    def __init__(self, message: str, *, rule: str, mapping: str) -> None:
        super().__init__(f"{rule}: {message}")
        self.rule = rule
        self.mapping = mapping


class InvalidMappingError(CrmSyncRulesError, ValueError):
    """A field mapping table that HubSpot would refuse.

    ``problems`` holds every `MappingProblem` of the table, each naming both
    fields, their types and the rule it breaks (FM-5, FM-8, OPT-1, LC-1,
    CN-2), so the whole table is fixed in one pass.
    """

    def __init__(self, problems: Sequence[MappingProblem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"mapping table: {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n  ".join([head, *(str(p) for p in self.problems)]))


class SnapshotError(CrmSyncRulesError, ValueError):
    """JSON that does not describe valid records or settings.

    ``problems`` lists every problem found, each as ``"message @ $.path"``,
    so a user fixes the whole input in one pass instead of one error at a
    time.
    """

    def __init__(self, problems: Sequence[str], *, source: str = "input") -> None:
        self.problems = tuple(problems)
        self.source = source
        count = len(self.problems)
        head = f"{source}: {count} problem{'s' if count != 1 else ''}"
        super().__init__("\n  ".join([head + ":", *self.problems]))


class UnknownErrorCodeError(CrmSyncRulesError, ValueError):
    """A sync error code that ERR-1's classification does not know."""


class UnknownRuleError(CrmSyncRulesError, ValueError):
    """A rule ID that is not in the rule catalogue."""
