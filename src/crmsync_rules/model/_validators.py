"""Small attrs validators shared by the model. Cheap on purpose: records are
built by the million, so type checks are left to mypy and to the codec."""

from __future__ import annotations

import datetime as dt

import attrs

from ._errors import InvalidRecordError
from ._salesforce_ids import has_valid_suffix, salesforce_id_problem

__all__ = [
    "nonempty_id",
    "optional_aware_time",
    "optional_nonempty_id",
    "optional_salesforce_id",
    "salesforce_id",
]


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


def _bad_suffix(instance: object, field: str, value: str) -> InvalidRecordError:
    record = getattr(instance, "id", None)
    return InvalidRecordError(
        str(salesforce_id_problem(value)),
        record=record if isinstance(record, str) else None,
        field=field,
        value=value,
    )


def salesforce_id(
    instance: object, attribute: attrs.Attribute[str], value: str
) -> None:
    """A Salesforce id: non-empty, and not an 18-character id whose last
    three characters do not match its first fifteen (DUP-7). Other text
    ("005A" in tests, keys of other systems) is not judged: the suffix check
    is the only one, and it is cheap (`has_valid_suffix`)."""
    if not value or value.isspace():
        raise InvalidRecordError(
            "must be a non-empty id", record=None, field=attribute.name, value=value
        )
    if not has_valid_suffix(value):
        raise _bad_suffix(instance, attribute.name, value)


def optional_salesforce_id(
    instance: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    """Like `salesforce_id`, but ``None`` (no reference) is allowed."""
    if value is None:
        return
    if not value or value.isspace():
        raise InvalidRecordError(
            "must be a non-empty id or None",
            record=None,
            field=attribute.name,
            value=value,
        )
    if not has_valid_suffix(value):
        raise _bad_suffix(instance, attribute.name, value)
