"""Sync errors and the API budget: ERR-1 and ERR-2."""

from __future__ import annotations

import datetime as dt

import pytest

from crmsync_rules import Reason, classify_sync_error
from crmsync_rules.errors import InvalidRecordError, UnknownErrorCodeError
from crmsync_rules.sync_errors import (
    ASSOCIATION_LIMIT,
    ERROR_CATEGORIES,
    ErrorCategory,
    ErrorClassification,
    RetryDecision,
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
    """ERR-1: codes fall in their category."""
    result = classify_sync_error(code, record="Lead 00Q1")
    assert result.category is category
    assert result.code == code
    assert [r.rule for r in result.reasons] == ["ERR-1"]
    assert f"{code} failing the sync of Lead 00Q1" in result.reasons[0].detail


def test_err1_every_category_is_reachable() -> None:
    """ERR-1: every category is reachable."""
    assert set(ERROR_CATEGORIES.values()) == set(ErrorCategory)


def test_err1_codes_are_read_case_and_space_insensitively() -> None:
    """ERR-1: codes are read case and space insensitively."""
    assert classify_sync_error(" duplicate_value ").category is C.DUPLICATES


def test_err1_unknown_code_is_refused_by_name() -> None:
    """ERR-1: unknown code is refused by name."""
    with pytest.raises(UnknownErrorCodeError, match="got 'NOT_A_CODE'"):
        classify_sync_error("NOT_A_CODE")
    with pytest.raises(ValueError, match="error code must be one of"):
        classify_sync_error("")


UTC = dt.timezone.utc
FAILED = dt.datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def test_err2_retried_thirty_minutes_after_the_failure() -> None:
    """ERR-2: retried thirty minutes after the failure."""
    now = FAILED + dt.timedelta(minutes=5)
    result = retry_decision(FAILED, now=now, calls_used=100, allocation=10_000)
    assert result.retry
    assert result.retry_at == FAILED + dt.timedelta(minutes=30)
    assert result.reasons[0].rule == "ERR-2"
    assert "within 75% of the allocation of 10,000 calls" in result.reasons[0].detail


def test_err2_overdue_retry_is_due_now() -> None:
    """ERR-2: overdue retry is due now."""
    now = FAILED + dt.timedelta(hours=2)
    result = retry_decision(FAILED, now=now, calls_used=0, allocation=None)
    assert result.retry_at == now


def test_err2_stops_above_75_percent_of_the_allocation() -> None:
    """ERR-2: stops above 75 percent of the allocation."""
    at_limit = retry_decision(FAILED, now=FAILED, calls_used=7_500, allocation=10_000)
    assert at_limit.retry
    over = retry_decision(FAILED, now=FAILED, calls_used=7_501, allocation=10_000)
    assert not over.retry
    assert over.retry_at is None
    assert over.reasons[0].rule == "ERR-2"
    assert "7,501 calls used is more than 75%" in over.reasons[0].detail


def test_err2_seventy_five_percent_is_exact_for_odd_allocations() -> None:
    """ERR-2: seventy five percent is exact for odd allocations."""
    # 75% of 10,001 is 7,500.75: 7,500 is within, 7,501 is above.
    assert retry_decision(FAILED, now=FAILED, calls_used=7_500, allocation=10_001).retry
    assert not retry_decision(
        FAILED, now=FAILED, calls_used=7_501, allocation=10_001
    ).retry


def test_err2_without_allocation_stops_above_5000_calls() -> None:
    """ERR-2: without allocation stops above 5000 calls."""
    assert retry_decision(FAILED, now=FAILED, calls_used=5_000, allocation=None).retry
    result = retry_decision(FAILED, now=FAILED, calls_used=5_001, allocation=None)
    assert not result.retry
    assert "5,000 calls in 24 hours (no allocation set)" in result.reasons[0].detail


def test_err2_refuses_bad_inputs() -> None:
    """ERR-2: refuses bad inputs."""
    with pytest.raises(InvalidRecordError, match="calls_used"):
        retry_decision(FAILED, now=FAILED, calls_used=-1, allocation=None)
    with pytest.raises(InvalidRecordError, match="timezone-aware"):
        retry_decision(
            FAILED, now=dt.datetime(2024, 3, 1), calls_used=0, allocation=None
        )


# Whole results, explanations included (docs/testing.md, "Mutation testing").


def test_err1_whole_result_names_the_record_and_the_category() -> None:
    """ERR-1: whole result names the record and the category."""
    assert classify_sync_error(
        " string_too_long", record="Lead 00Q1"
    ) == ErrorClassification(
        code="STRING_TOO_LONG",
        category=C.PROPERTY_VALUES,
        reasons=(
            Reason(
                rule="ERR-1",
                detail="STRING_TOO_LONG failing the sync of Lead 00Q1 is a "
                "property values error.",
            ),
        ),
    )
    anonymous = classify_sync_error("ENTITY_IS_LOCKED")
    assert anonymous.reasons[0].detail == (
        "ENTITY_IS_LOCKED failing a sync is a permissions error."
    )
    assert classify_sync_error("DUPLICATE_VALUE", record="").reasons[0].detail == (
        "DUPLICATE_VALUE failing a sync is a duplicates error."
    )


def test_err1_a_code_that_is_not_a_string_is_refused_by_name() -> None:
    """ERR-1: a code that is not a string is refused by name."""
    with pytest.raises(UnknownErrorCodeError, match=r"got 42$"):
        classify_sync_error(42)  # type: ignore[arg-type]


def test_err2_whole_results_of_each_branch() -> None:
    """ERR-2: whole results of each branch."""
    later = FAILED + dt.timedelta(minutes=30)
    assert retry_decision(
        FAILED, now=FAILED, calls_used=1_234, allocation=None
    ) == RetryDecision(
        retry=True,
        retry_at=later,
        reasons=(
            Reason(
                rule="ERR-2",
                detail="1,234 calls used is within 5,000 calls in 24 hours (no "
                "allocation set); the record failed at 2024-03-01T09:00:00+00:00 "
                "and is retried at 2024-03-01T09:30:00+00:00.",
            ),
        ),
    )
    assert retry_decision(
        FAILED, now=FAILED, calls_used=7_501, allocation=10_000
    ) == RetryDecision(
        retry=False,
        retry_at=None,
        reasons=(
            Reason(
                rule="ERR-2",
                detail="7,501 calls used is more than 75% of the allocation of "
                "10,000 calls, so retries stop.",
            ),
        ),
    )


def test_err2_bad_inputs_are_refused_with_field_and_value() -> None:
    """ERR-2: bad inputs are refused with field and value."""
    with pytest.raises(InvalidRecordError) as negative:
        retry_decision(FAILED, now=FAILED, calls_used=-1, allocation=None)
    assert (
        str(negative.value)
        == "a record, field 'calls_used': must be at least 0, got -1"
    )
    assert (negative.value.field, negative.value.value) == ("calls_used", -1)
    naive = dt.datetime(2024, 3, 1, 9, 0)
    with pytest.raises(InvalidRecordError) as mixed:
        retry_decision(naive, now=FAILED, calls_used=0, allocation=None)
    assert str(mixed.value) == (
        "a record, field 'failed_at': must be timezone-aware exactly when now is, "
        "got datetime.datetime(2024, 3, 1, 9, 0)"
    )
    assert (mixed.value.field, mixed.value.value) == ("failed_at", naive)
    # Both naive is consistent, and retried like any other.
    assert retry_decision(naive, now=naive, calls_used=0, allocation=None).retry
