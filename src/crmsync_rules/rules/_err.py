"""Sync errors and the API budget (ERR-1, ERR-2).

Every sync failure falls in exactly one of five categories (ERR-1), the ones
HubSpot's sync health page shows; `ERROR_CATEGORIES` is the one table from a
Salesforce ``StatusCode`` (plus HubSpot's association limit) to its category,
and an unknown code is refused rather than guessed. Failed records are
retried every 30 minutes (ERR-2) until the integration has used more than
75% of its Salesforce API allocation, or more than 5,000 calls in 24 hours
when no allocation is set: retries must never starve the live sync of calls.
"Now" and the calls used are passed in.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Final

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._errors import InvalidRecordError, UnknownErrorCodeError

__all__ = [
    "ASSOCIATION_LIMIT",
    "DEFAULT_DAILY_CALL_LIMIT",
    "ERROR_CATEGORIES",
    "RETRY_INTERVAL",
    "ErrorCategory",
    "ErrorClassification",
    "RetryDecision",
    "classify_sync_error",
    "retry_decision",
]


class ErrorCategory(str, enum.Enum):
    """The five categories of sync failure (ERR-1)."""

    ASSOCIATIONS = "associations"
    CUSTOM_CODE = "custom_code"
    DUPLICATES = "duplicates"
    PERMISSIONS = "permissions"
    PROPERTY_VALUES = "property_values"


ASSOCIATION_LIMIT: Final = "ASSOCIATION_LIMIT"
"""The code for HubSpot's association limit (a record has as many
associations as HubSpot allows); not a Salesforce status code."""

_C = ErrorCategory

ERROR_CATEGORIES: Final[Mapping[str, ErrorCategory]] = MappingProxyType(
    {
        ASSOCIATION_LIMIT: _C.ASSOCIATIONS,
        # Flows, triggers and validation rules written in the org.
        "FIELD_CUSTOM_VALIDATION_EXCEPTION": _C.CUSTOM_CODE,
        "CANNOT_EXECUTE_FLOW_TRIGGER": _C.CUSTOM_CODE,
        "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY": _C.CUSTOM_CODE,
        "FIELD_FILTER_VALIDATION_EXCEPTION": _C.CUSTOM_CODE,
        "DUPLICATE_VALUE": _C.DUPLICATES,
        "DUPLICATES_DETECTED": _C.DUPLICATES,
        "DUPLICATE_EXTERNAL_ID": _C.DUPLICATES,
        "INSUFFICIENT_ACCESS_OR_READONLY": _C.PERMISSIONS,
        "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY": _C.PERMISSIONS,
        "INVALID_FIELD_FOR_INSERT_UPDATE": _C.PERMISSIONS,
        "ENTITY_IS_LOCKED": _C.PERMISSIONS,
        "FIELD_INTEGRITY_EXCEPTION": _C.PROPERTY_VALUES,
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST": _C.PROPERTY_VALUES,
        "STRING_TOO_LONG": _C.PROPERTY_VALUES,
        "INVALID_EMAIL_ADDRESS": _C.PROPERTY_VALUES,
        "REQUIRED_FIELD_MISSING": _C.PROPERTY_VALUES,
        "NUMBER_OUTSIDE_VALID_RANGE": _C.PROPERTY_VALUES,
        "INVALID_TYPE_ON_FIELD_IN_RECORD": _C.PROPERTY_VALUES,
        "INVALID_CROSS_REFERENCE_KEY": _C.PROPERTY_VALUES,
        "MALFORMED_ID": _C.PROPERTY_VALUES,
    }
)
"""ERR-1: Salesforce ``StatusCode`` values (and `ASSOCIATION_LIMIT`) by
category."""

RETRY_INTERVAL: Final = dt.timedelta(minutes=30)
"""How often failed records are retried (ERR-2)."""

DEFAULT_DAILY_CALL_LIMIT: Final = 5_000
"""Calls in 24 hours after which retries stop when no allocation is set."""


@attrs.frozen(kw_only=True)
class ErrorClassification:
    """The category of a sync failure with error ``code``."""

    code: str
    category: ErrorCategory
    reasons: tuple[Reason, ...]


@attrs.frozen(kw_only=True)
class RetryDecision:
    """Whether a failed record is retried, and from when (``retry_at``,
    ``None`` when it is not)."""

    retry: bool
    retry_at: dt.datetime | None
    reasons: tuple[Reason, ...]


def classify_sync_error(
    code: str, /, *, record: str | None = None
) -> ErrorClassification:
    """Put the failure with Salesforce status *code* in its category (ERR-1).

    *record* names the failed record in the explanation. Raises
    `UnknownErrorCodeError` for a code `ERROR_CATEGORIES` does not hold.
    """
    key = code.strip().upper() if isinstance(code, str) else code
    try:
        category = ERROR_CATEGORIES[key]
    except (KeyError, TypeError):
        raise UnknownErrorCodeError(
            f"error code must be one of {sorted(ERROR_CATEGORIES)}, got {code!r}"
        ) from None
    what = f"the sync of {record}" if record else "a sync"
    return ErrorClassification(
        code=key,
        category=category,
        reasons=(
            Reason(
                rule="ERR-1",
                detail=f"{key} failing {what} is a {category.value.replace('_', ' ')} "
                "error.",
            ),
        ),
    )


def retry_decision(
    failed_at: dt.datetime,
    /,
    *,
    now: dt.datetime,
    calls_used: int,
    allocation: int | None,
) -> RetryDecision:
    """Decide whether a record whose last attempt failed at *failed_at* is
    retried, and when (ERR-2).

    *calls_used* is the Salesforce API calls the integration used in the 24
    hours up to *now*; *allocation* its allocation
    (``IntegrationSettings.api_call_allocation``, ``None``: not set). Exactly
    75% of the allocation (or exactly 5,000 calls) still allows a retry: the
    rule stops retries above it.
    """
    if (failed_at.tzinfo is None) != (now.tzinfo is None):
        raise InvalidRecordError(
            "must be timezone-aware exactly when now is",
            record=None,
            field="failed_at",
            value=failed_at,
        )
    if calls_used < 0:
        raise InvalidRecordError(
            "must be at least 0", record=None, field="calls_used", value=calls_used
        )
    if allocation is None:
        over = calls_used > DEFAULT_DAILY_CALL_LIMIT
        budget = f"{DEFAULT_DAILY_CALL_LIMIT:,} calls in 24 hours (no allocation set)"
    else:
        over = calls_used * 4 > allocation * 3  # above 75%, in exact integers
        budget = f"75% of the allocation of {allocation:,} calls"
    if over:
        return RetryDecision(
            retry=False,
            retry_at=None,
            reasons=(
                Reason(
                    rule="ERR-2",
                    detail=f"{calls_used:,} calls used is more than {budget}, so "
                    "retries stop.",
                ),
            ),
        )
    retry_at = max(failed_at + RETRY_INTERVAL, now)
    return RetryDecision(
        retry=True,
        retry_at=retry_at,
        reasons=(
            Reason(
                rule="ERR-2",
                detail=f"{calls_used:,} calls used is within {budget}; the record "
                f"failed at {failed_at.isoformat()} and is retried at "
                f"{retry_at.isoformat()}.",
            ),
        ),
    )


# --- Records a plan cannot decide (ERR-1) ------------------------------------


def rejection(detail: str, code: str, /, *, record: str) -> tuple[Reason, ...]:
    """Why a record that cannot be decided is rejected: *detail*, then the
    category of Salesforce status *code* failing the sync of *record* (how
    reasons name it: "Salesforce contact '003A'"), which tells the user
    where to look (ERR-1)."""
    classification = classify_sync_error(code, record=record)
    return (Reason(rule="ERR-1", detail=detail), *classification.reasons)


def missing_reference(record: str, problem: str, /) -> str:
    """Why *record* cannot be decided: it refers (*problem*: "owner_id
    'u9'") to a record the snapshot lacks."""
    return (
        f"{record} refers to {problem}, which is not in the snapshot, so it "
        "cannot be decided."
    )


def invalid_address(record: str, problem: InvalidRecordError, /) -> str:
    """Why HubSpot contact *record* cannot be decided: its email address is
    invalid (*problem*)."""
    return f"{record} has an invalid email address: {problem}."


def shared_id(
    count: int, kind: str, record_id: str, /, *, forms: Sequence[str] = ()
) -> str:
    """Why none of the *count* records of *kind* with *record_id* can be
    decided; *forms*, when there are two, are the 15- and 18-character forms
    the records give one Salesforce id in (DUP-7)."""
    written = (
        f" ({' and '.join(map(repr, forms))}: the 15- and 18-character forms "
        "of one Salesforce id, DUP-7)"
        if len(forms) > 1
        else ""
    )
    return (
        f"{count} {kind} records share the id {record_id!r}{written}, so none "
        "of them can be decided."
    )


def unreadable(where: str, source: str, problems: Iterable[str], /) -> Reason:
    """Why a record that cannot be read (*where*: "Line 3") of *source* is
    rejected: a property values problem (ERR-1)."""
    return Reason(
        rule="ERR-1",
        detail=f"{where} of {source} cannot be read, a property values problem: "
        f"{'; '.join(problems)}.",
    )
