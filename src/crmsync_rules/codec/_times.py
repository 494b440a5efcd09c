"""Dates and times as the exports write them, read on every Python the
library supports (3.10's `datetime.fromisoformat` knows neither ``Z`` nor
``+0000``).

- ISO 8601 with ``Z`` or an offset, with or without fractions of a second:
  HubSpot's ``2024-05-01T09:30:00.123Z``, Salesforce's
  ``2024-05-01T09:30:00.000+0000``, the native formats' ``...+00:00``;
- milliseconds since the epoch, as HubSpot writes ``date`` and ``datetime``
  property values in some exports (``"1714555800000"``);
- dates as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

__all__ = ["parse_date", "parse_datetime", "parse_epoch_ms"]

_ISO: Final = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?"
    r"(Z|z|[+-]\d\d(?::?\d\d)?)"
)
_EPOCH_MS: Final = re.compile(r"-?\d{1,15}")
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def parse_datetime(text: str, /) -> dt.datetime:
    """The timezone-aware date-time *text* names.

    >>> parse_datetime("2024-05-01T09:30:00.000+0000")
    datetime.datetime(2024, 5, 1, 9, 30, tzinfo=datetime.timezone.utc)
    >>> parse_datetime("2024-05-01T11:30:00+02:00").astimezone(dt.timezone.utc).hour
    9

    Raises `ValueError` for text without a time zone or that is no date-time.
    """
    match = _ISO.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a date-time with a time zone: {text!r}")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    if zone in ("Z", "z"):
        tz = dt.timezone.utc
    else:
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
        tz = dt.timezone.utc if not offset else dt.timezone(sign * offset)
    return dt.datetime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        int(second or 0),
        micro,
        tzinfo=tz,
    )


def parse_epoch_ms(text: str, /) -> dt.datetime:
    """The UTC date-time of *text*, milliseconds since 1970-01-01.

    >>> parse_epoch_ms("1714555800000")
    datetime.datetime(2024, 5, 1, 9, 30, tzinfo=datetime.timezone.utc)
    """
    if _EPOCH_MS.fullmatch(text.strip()) is None:
        raise ValueError(f"not milliseconds since the epoch: {text!r}")
    return _EPOCH + dt.timedelta(milliseconds=int(text))


def parse_date(text: str, /) -> dt.date:
    """The date *text* names, ``YYYY-MM-DD``.

    >>> parse_date("2024-05-01")
    datetime.date(2024, 5, 1)
    """
    if len(text) != 10:
        raise ValueError(f"not a date as YYYY-MM-DD: {text!r}")
    return dt.date.fromisoformat(text)
