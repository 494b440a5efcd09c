"""Small attrs validators shared by the model. Cheap on purpose: records are
built by the million, so type checks are left to mypy and to the codec."""

from __future__ import annotations

import attrs

from ._errors import InvalidRecordError

__all__ = ["nonempty_id", "optional_nonempty_id"]


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
