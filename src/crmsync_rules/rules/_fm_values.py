"""Field value resolution: where a changed value goes (FM-1, FM-2, FM-3,
FM-4, FM-6, FM-7).

Each mapping's sync rule decides which way a change travels. "Prefer
Salesforce unless blank" (FM-1) lets Salesforce overwrite and clear HubSpot,
and HubSpot write only into a blank Salesforce field; "Always use
Salesforce" (FM-2) never lets HubSpot write to Salesforce; "Two-way" (FM-3)
lets the most recent change win and carries clearings both ways; "Don't
sync" (FM-4) moves nothing. An owner mapping is two-way whatever it shows
(FM-6). A mapping is not retroactive (FM-7): a change made before the
mapping existed moves nothing, and values that predate it move only on a
resync; a pair's first sync moves values the same way (`FirstSync`). Blank
means ``None``, ``""`` or ``()`` (no choice made); results hold ``None``
for blank.
Two-way ties (same timestamp) go to Salesforce, so any interleaving of the
two sides' changes ends in the same values.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Any, Final, TypeAlias

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._errors import InvalidRecordError
from crmsync_rules.model._settings import FieldMapping, SyncRule

from ._field_reasons import later
from ._fm_sentences import (
    agreed,
    before_mapping,
    carries,
    changed,
    dont_sync,
    holds,
    into_blank,
    kept,
    never_reaches,
    newer,
    older,
    recent,
    resynced,
    stays,
    written,
)

__all__ = [
    "FieldChange",
    "FieldResolution",
    "FieldValue",
    "FieldWrite",
    "FirstSync",
    "Resync",
    "Side",
    "field_change",
    "field_write",
    "is_owner_mapping",
    "resolve_field_value",
]

FieldValue: TypeAlias = (
    str
    | int
    | float
    | decimal.Decimal
    | bool
    | dt.date
    | dt.datetime
    | tuple[str, ...]
    | None
)
"""A property or field value; ``None``, ``""`` and ``()`` are blank. A
tuple holds the choices of a multiple-choice property or field."""

_OWNER_PROPERTY = "hubspot_owner_id"
_OWNER_FIELD = "OwnerId"


class Side(str, enum.Enum):
    """One of the two systems."""

    HUBSPOT = "hubspot"
    SALESFORCE = "salesforce"

    @property
    def other(self) -> Side:
        """The opposite system."""
        return _OTHER[self]

    @property
    def label(self) -> str:
        """The system's name as people write it."""
        return "HubSpot" if self is Side.HUBSPOT else "Salesforce"


# The members as module constants: reading one off its enum class costs
# several times a global's, and the resolution below reads them per mapping.
_HUBSPOT: Final = Side.HUBSPOT
_SALESFORCE: Final = Side.SALESFORCE
_OTHER: Final = {_HUBSPOT: _SALESFORCE, _SALESFORCE: _HUBSPOT}
_RANK: Final = {_HUBSPOT: 0, _SALESFORCE: 1}
_TWO_WAY: Final = SyncRule.TWO_WAY
_DONT_SYNC: Final = SyncRule.DONT_SYNC
_ALWAYS_SALESFORCE: Final = SyncRule.ALWAYS_USE_SALESFORCE


def _norm(value: FieldValue) -> FieldValue:
    """*value*, blank as ``None`` (blank: ``None``, ``""`` or ``()``)."""
    return None if value is None or value in ("", ()) else value


@attrs.frozen(kw_only=True)
class FieldChange:
    """A new ``value`` for a mapped property or field, made on ``side`` at
    ``at``. A blank value is a clearing."""

    side: Side
    value: FieldValue
    at: dt.datetime


@attrs.frozen(kw_only=True)
class Resync:
    """A resync of the record at ``at``: values that existed before the
    mapping move now (FM-7)."""

    at: dt.datetime


@attrs.frozen(kw_only=True)
class FirstSync:
    """The first sync of a pair at ``at`` (a record created on the other
    side, or one that dedupes into an existing one): the values each side
    already holds move as on a resync (FM-7's resync), by the mapping's
    rule, and a blank moves nothing."""

    at: dt.datetime


@attrs.frozen(kw_only=True)
class FieldWrite:
    """Write ``value`` (``None``: clear) to ``side``, for ``reason``."""

    side: Side
    value: FieldValue
    reason: Reason


@attrs.frozen(kw_only=True)
class FieldResolution:
    """What a change does to one mapped pair of values.

    ``hubspot_value`` and ``salesforce_value`` are the values each side holds
    afterwards (blank as ``None``); ``writes`` are the writes the integration
    makes to get there (a change's own side needs none unless it is
    overruled); ``last_change`` is the change the two-way values now stem
    from, to pass to the next resolution of the same pair.
    """

    mapping: FieldMapping
    hubspot_value: FieldValue
    salesforce_value: FieldValue
    writes: tuple[FieldWrite, ...]
    last_change: FieldChange | None
    reasons: tuple[Reason, ...]

    def value(self, side: Side, /) -> FieldValue:
        """The value *side* holds afterwards."""
        return self.hubspot_value if side is Side.HUBSPOT else self.salesforce_value


# Fast constructors for the hot path, as `cite` is for `Reason`: a field-level
# plan builds several of these for every mapping of every pair, and attrs'
# generated __init__ of a frozen class (keyword parsing, a frozen setattr per
# field) costs three to five times filling the slots directly. The classes
# have no validators or converters, so the result is the same object.
_new: Final = object.__new__
_WRITE_SLOTS: Final = tuple(
    FieldWrite.__dict__[name].__set__ for name in ("side", "value", "reason")
)
_CHANGE_SLOTS: Final = tuple(
    FieldChange.__dict__[name].__set__ for name in ("side", "value", "at")
)
_RESOLUTION_SLOTS: Final = tuple(
    FieldResolution.__dict__[field.name].__set__
    for field in attrs.fields(FieldResolution)
)


def field_write(side: Side, value: FieldValue, reason: Reason, /) -> FieldWrite:
    """``FieldWrite(side=side, value=value, reason=reason)``, built faster."""
    write: FieldWrite = _new(FieldWrite)
    set_side, set_value, set_reason = _WRITE_SLOTS
    set_side(write, side)
    set_value(write, value)
    set_reason(write, reason)
    return write


def field_change(side: Side, value: FieldValue, at: dt.datetime, /) -> FieldChange:
    """``FieldChange(side=side, value=value, at=at)``, built faster."""
    change: FieldChange = _new(FieldChange)
    set_side, set_value, set_at = _CHANGE_SLOTS
    set_side(change, side)
    set_value(change, value)
    set_at(change, at)
    return change


def _resolution(  # noqa: PLR0917 (the fields in order, as attrs' __init__)
    mapping: FieldMapping,
    hubspot_value: FieldValue,
    salesforce_value: FieldValue,
    writes: tuple[FieldWrite, ...],
    last_change: FieldChange | None,
    reasons: tuple[Reason, ...],
) -> FieldResolution:
    resolution: FieldResolution = _new(FieldResolution)
    set_mapping, set_hubspot, set_salesforce, set_writes, set_last, set_reasons = (
        _RESOLUTION_SLOTS
    )
    set_mapping(resolution, mapping)
    set_hubspot(resolution, hubspot_value)
    set_salesforce(resolution, salesforce_value)
    set_writes(resolution, writes)
    set_last(resolution, last_change)
    set_reasons(resolution, reasons)
    return resolution


def is_owner_mapping(mapping: FieldMapping, /) -> bool:
    """Whether *mapping* maps a record owner (FM-6): HubSpot's
    ``hubspot_owner_id`` or Salesforce's ``OwnerId``."""
    return (
        mapping.hubspot_property == _OWNER_PROPERTY
        or mapping.salesforce_field == _OWNER_FIELD
    )


def _wins(change: FieldChange, last: FieldChange | None) -> bool:
    # Most recent wins (FM-3); on equal timestamps Salesforce beats HubSpot,
    # and a later arrival from the same side beats an earlier one. This
    # order is total, so the final values do not depend on the interleaving.
    if last is None:
        return True
    return (change.at, _RANK[change.side]) >= (last.at, _RANK[last.side])


def _check_time(at: dt.datetime, other: dt.datetime | None, name: str) -> None:
    if other is not None and (at.tzinfo is None) != (other.tzinfo is None):
        raise InvalidRecordError(
            f"must be timezone-aware exactly when {name} is",
            record=None,
            field="at",
            value=at,
        )


_RULE_ID: Final = {
    SyncRule.PREFER_SALESFORCE_UNLESS_BLANK: "FM-1",
    SyncRule.ALWAYS_USE_SALESFORCE: "FM-2",
    SyncRule.TWO_WAY: "FM-3",
    SyncRule.DONT_SYNC: "FM-4",
}


def resolve_field_value(
    mapping: FieldMapping,
    /,
    *,
    hubspot_value: FieldValue,
    salesforce_value: FieldValue,
    change: FieldChange | Resync | FirstSync,
    last_change: FieldChange | None = None,
    mapped_at: dt.datetime | None = None,
) -> FieldResolution:
    """Resolve *change* to one mapped property/field pair.

    *hubspot_value* and *salesforce_value* are the values before the change
    (blank: ``None``, ``""`` or ``()``). *change* is a `FieldChange` on one
    side, a `Resync` of the record or the pair's `FirstSync`. *last_change*
    is the change the current two-way values stem from
    (``FieldResolution.last_change`` of the previous resolution);
    *mapped_at* is when the mapping was added (FM-7), ``None`` when it
    predates every value.
    """
    # The sentences are written when first read (`later`): a plan decides
    # far more mappings than anyone reads the reasons of.
    values = {
        _HUBSPOT: _norm(hubspot_value),
        _SALESFORCE: _norm(salesforce_value),
    }
    rule = mapping.rule
    owner = is_owner_mapping(mapping)
    if owner:
        rule = _TWO_WAY
    rule_id = "FM-6" if owner else _RULE_ID[rule]
    if last_change is not None:
        _check_time(change.at, last_change.at, "last_change.at")
    if mapped_at is not None:
        _check_time(change.at, mapped_at, "mapped_at")

    reasons: list[Reason] = []
    writes: list[FieldWrite] = []

    def write(side: Side, value: FieldValue, rule: str, *why: Any) -> None:
        value = _norm(value)
        held = values[side]
        if held == value and type(held) is type(value):
            return
        reason = later(rule, written, why, value, mapping, side)
        writes.append(field_write(side, value, reason))
        values[side] = value

    def done(last: FieldChange | None) -> FieldResolution:
        if not reasons and not writes:
            reasons.append(later(rule_id, agreed, mapping))
        return _resolution(
            mapping,
            values[_HUBSPOT],
            values[_SALESFORCE],
            tuple(writes),
            last,
            (*reasons, *[w.reason for w in writes]),
        )

    if isinstance(change, Resync | FirstSync):
        if isinstance(change, Resync):
            reasons.append(later("FM-7", resynced, mapping, change.at))
        if rule is _DONT_SYNC:
            reasons.append(later("FM-4", dont_sync, mapping))
            return done(last_change)
        # A resync carries values, not clearings: a blank side is "no value
        # yet", so it never wipes the other side.
        if rule is _TWO_WAY and last_change is not None:
            winner = last_change.side
        elif values[_SALESFORCE] is not None:
            winner = _SALESFORCE
        else:
            winner = _HUBSPOT
        if rule is _ALWAYS_SALESFORCE:
            winner = _SALESFORCE
        held = values[winner]
        if held is None and values[_OTHER[winner]] is not None:
            reasons.append(
                later(
                    rule_id,
                    carries,
                    mapping,
                    winner,
                    isinstance(change, Resync),
                    values[_OTHER[winner]],
                )
            )
        if held is not None:
            write(_OTHER[winner], held, rule_id, holds, mapping, winner, held)
        return done(last_change)

    side, new = change.side, _norm(change.value)
    values[side] = new
    if mapped_at is not None and change.at < mapped_at:
        reasons.append(
            later("FM-7", before_mapping, mapping, side, new, change.at, mapped_at)
        )
        return done(last_change)
    if rule is _DONT_SYNC:
        reasons.append(later("FM-4", stays, mapping, side, new))
        return done(last_change)
    if rule is _TWO_WAY:
        if _wins(change, last_change):
            write(_OTHER[side], new, rule_id, recent, mapping, side, new, change.at)
            return done(change)
        assert last_change is not None  # _wins is True without one
        reasons.append(
            later(rule_id, older, mapping, side, new, change.at, last_change)
        )
        write(side, values[_OTHER[side]], rule_id, newer, mapping, _OTHER[side])
        return done(last_change)
    # FM-1 and FM-2 both let Salesforce overwrite and clear HubSpot.
    if side is _SALESFORCE:
        write(_HUBSPOT, new, rule_id, changed, mapping, side, new)
        return done(change)
    if rule is _ALWAYS_SALESFORCE:
        reasons.append(later("FM-2", never_reaches, mapping, side, new))
        return done(last_change)
    if values[_SALESFORCE] is None and new is not None:
        write(_SALESFORCE, new, "FM-1", into_blank, mapping, side, new)
        return done(change)
    held = values[_SALESFORCE]
    reasons.append(later("FM-1", kept, mapping, side, new, held))
    return done(last_change)
