"""Dates and times as the exports write them (codec/_times.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules.codec._times import parse_date, parse_datetime, parse_epoch_ms

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-01T09:30:00Z",
        "2024-05-01T09:30:00.000Z",
        "2024-05-01T09:30:00.000+0000",
        "2024-05-01T09:30:00+00:00",
        "2024-05-01T11:30:00+02:00",
        "2024-05-01T07:30:00.000-0200",
        "2024-05-01 09:30:00Z",
        "2024-05-01T09:30Z",
        "2024-05-01T11:30:00+02",
    ],
)
def test_every_export_spelling_of_one_moment_reads_the_same(text: str) -> None:
    assert parse_datetime(text) == dt.datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def test_fractions_keep_microseconds() -> None:
    moment = parse_datetime("2024-05-01T09:30:00.123456789Z")
    assert moment.microsecond == 123456


@pytest.mark.parametrize(
    "text", ["2024-05-01T09:30:00", "2024-05-01", "yesterday", "2024-13-01T00:00Z"]
)
def test_a_time_without_a_zone_or_no_time_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"date-time|month"):
        parse_datetime(text)


@given(st.datetimes(timezones=st.just(UTC)))
def test_isoformat_reads_back(moment: dt.datetime) -> None:
    assert parse_datetime(moment.isoformat()) == moment
    assert parse_datetime(moment.isoformat().replace("+00:00", "Z")) == moment


@given(st.integers(min_value=0, max_value=253402300799999))
def test_epoch_milliseconds_read_to_utc(ms: int) -> None:
    moment = parse_epoch_ms(str(ms))
    assert moment.tzinfo is UTC
    epoch = dt.datetime(1970, 1, 1, tzinfo=UTC)
    assert (moment - epoch) // dt.timedelta(milliseconds=1) == ms


@pytest.mark.parametrize("text", ["", "12.5", "2024-05-01", "1e3"])
def test_epoch_needs_whole_milliseconds(text: str) -> None:
    with pytest.raises(ValueError, match="milliseconds"):
        parse_epoch_ms(text)


def test_dates_are_year_month_day_only() -> None:
    assert parse_date("2024-05-01") == dt.date(2024, 5, 1)
    for bad in ("20240501", "2024-5-1", "2024-05-01T00:00:00Z"):
        with pytest.raises(ValueError, match=r"YYYY-MM-DD|Invalid"):
            parse_date(bad)
