"""Small attrs validators shared by the model. Cheap on purpose: records are
built by the million, so type checks are left to mypy and to the codec."""

from __future__ import annotations

import datetime as dt

import attrs

from ._errors import InvalidRecordError

__all__ = ["nonempty_id", "optional_aware_time", "optional_nonempty_id"]


def nonempty_id(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    """Refuse empty or blank ids: every record must be addressable."""
    if not value or value.isspace():
        raise InvalidRecordError(
            "must be a non-empty id", record=None, field=attribute.name, value=value
        )


def optional_nonempty_id(
    _instance: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    """Like `nonempty_id`, but ``None`` (no reference) is allowed."""
    if value is not None and (not value or value.isspace()):
        raise InvalidRecordError(
            "must be a non-empty id or None",
            record=None,
            field=attribute.name,
            value=value,
        )


def optional_aware_time(
    _instance: object,
    attribute: attrs.Attribute[dt.datetime | None],
    value: dt.datetime | None,
) -> None:
    """Refuse a date-time without a time zone: exports give every time in
    UTC or with an offset, and comparing a naive time with them is an
    error that must surface where the value is made."""
    if value is not None and value.tzinfo is None:
        raise InvalidRecordError(
            "must be a timezone-aware date-time or None",
            record=None,
            field=attribute.name,
            value=value,
        )
