"""Sync errors and the API budget: ERR-1 and ERR-2."""

from __future__ import annotations

import datetime as dt

import pytest

from crmsync_rules import (
    ASSOCIATION_LIMIT,
    ERROR_CATEGORIES,
    ErrorCategory,
    InvalidRecordError,
    UnknownErrorCodeError,
    classify_sync_error,
    retry_decision,
)

C = ErrorCategory


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("FIELD_CUSTOM_VALIDATION_EXCEPTION", C.CUSTOM_CODE),
        ("CANNOT_EXECUTE_FLOW_TRIGGER", C.CUSTOM_CODE),
        ("DUPLICATE_VALUE", C.DUPLICATES),
        ("DUPLICATES_DETECTED", C.DUPLICATES),
        ("INSUFFICIENT_ACCESS_OR_READONLY", C.PERMISSIONS),
        ("INVALID_FIELD_FOR_INSERT_UPDATE", C.PERMISSIONS),
        ("FIELD_INTEGRITY_EXCEPTION", C.PROPERTY_VALUES),
        ("STRING_TOO_LONG", C.PROPERTY_VALUES),
        (ASSOCIATION_LIMIT, C.ASSOCIATIONS),
    ],
)
def test_err1_codes_fall_in_their_category(code: str, category: ErrorCategory) -> None:
    result = classify_sync_error(code, record="Lead 00Q1")
    assert result.category is category
    assert result.code == code
    assert [r.rule for r in result.reasons] == ["ERR-1"]
    assert f"{code} failing the sync of Lead 00Q1" in result.reasons[0].detail


def test_err1_every_category_is_reachable() -> None:
    assert set(ERROR_CATEGORIES.values()) == set(ErrorCategory)


def test_err1_codes_are_read_case_and_space_insensitively() -> None:
    assert classify_sync_error(" duplicate_value ").category is C.DUPLICATES


def test_err1_unknown_code_is_refused_by_name() -> None:
    with pytest.raises(UnknownErrorCodeError, match="got 'NOT_A_CODE'"):
        classify_sync_error("NOT_A_CODE")
    with pytest.raises(ValueError, match="error code must be one of"):
        classify_sync_error("")


UTC = dt.timezone.utc
FAILED = dt.datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def test_err2_retried_thirty_minutes_after_the_failure() -> None:
    now = FAILED + dt.timedelta(minutes=5)
    result = retry_decision(FAILED, now=now, calls_used=100, allocation=10_000)
    assert result.retry
    assert result.retry_at == FAILED + dt.timedelta(minutes=30)
    assert result.reasons[0].rule == "ERR-2"
    assert "within 75% of the allocation of 10,000 calls" in result.reasons[0].detail


def test_err2_overdue_retry_is_due_now() -> None:
    now = FAILED + dt.timedelta(hours=2)
    result = retry_decision(FAILED, now=now, calls_used=0, allocation=None)
    assert result.retry_at == now


def test_err2_stops_above_75_percent_of_the_allocation() -> None:
    at_limit = retry_decision(FAILED, now=FAILED, calls_used=7_500, allocation=10_000)
    assert at_limit.retry
    over = retry_decision(FAILED, now=FAILED, calls_used=7_501, allocation=10_000)
    assert not over.retry
    assert over.retry_at is None
    assert over.reasons[0].rule == "ERR-2"
    assert "7,501 calls used is more than 75%" in over.reasons[0].detail


def test_err2_seventy_five_percent_is_exact_for_odd_allocations() -> None:
    # 75% of 10,001 is 7,500.75: 7,500 is within, 7,501 is above.
    assert retry_decision(FAILED, now=FAILED, calls_used=7_500, allocation=10_001).retry
    assert not retry_decision(
        FAILED, now=FAILED, calls_used=7_501, allocation=10_001
    ).retry


def test_err2_without_allocation_stops_above_5000_calls() -> None:
    assert retry_decision(FAILED, now=FAILED, calls_used=5_000, allocation=None).retry
    result = retry_decision(FAILED, now=FAILED, calls_used=5_001, allocation=None)
    assert not result.retry
    assert "5,000 calls in 24 hours (no allocation set)" in result.reasons[0].detail


def test_err2_refuses_bad_inputs() -> None:
    with pytest.raises(InvalidRecordError, match="calls_used"):
        retry_decision(FAILED, now=FAILED, calls_used=-1, allocation=None)
    with pytest.raises(InvalidRecordError, match="timezone-aware"):
        retry_decision(
            FAILED, now=dt.datetime(2024, 3, 1), calls_used=0, allocation=None
        )
