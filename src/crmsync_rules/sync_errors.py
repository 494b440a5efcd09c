"""Sync errors (ERR): what a Salesforce error means for a sync
(`classify_sync_error`), when to retry, and the API's limits.
"""

from .rules._err import (
    ASSOCIATION_LIMIT,
    DEFAULT_DAILY_CALL_LIMIT,
    ERROR_CATEGORIES,
    RETRY_INTERVAL,
    ErrorCategory,
    ErrorClassification,
    RetryDecision,
    classify_sync_error,
    retry_decision,
)

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
