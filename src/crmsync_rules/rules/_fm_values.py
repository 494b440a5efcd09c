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
from typing import Final, TypeAlias

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._errors import InvalidRecordError
from crmsync_rules.model._settings import FieldMapping, SyncRule

__all__ = [
    "FieldChange",
    "FieldResolution",
    "FieldValue",
    "FieldWrite",
    "FirstSync",
    "Resync",
    "Side",
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
        return Side.SALESFORCE if self is Side.HUBSPOT else Side.HUBSPOT

    @property
    def label(self) -> str:
        """The system's name as people write it."""
        return "HubSpot" if self is Side.HUBSPOT else "Salesforce"


def _blank(value: FieldValue) -> bool:
    return value is None or value in ("", ())


def _norm(value: FieldValue) -> FieldValue:
    return None if _blank(value) else value


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
    rank = {Side.HUBSPOT: 0, Side.SALESFORCE: 1}
    return (change.at, rank[change.side]) >= (last.at, rank[last.side])


def _check_time(at: dt.datetime, other: dt.datetime | None, name: str) -> None:
    if other is not None and (at.tzinfo is None) != (other.tzinfo is None):
        raise InvalidRecordError(
            f"must be timezone-aware exactly when {name} is",
            record=None,
            field="at",
            value=at,
        )


def _label(mapping: FieldMapping, side: Side) -> str:
    if side is Side.HUBSPOT:
        return f"HubSpot {mapping.hubspot_object.value}.{mapping.hubspot_property}"
    return f"Salesforce {mapping.salesforce_object.value}.{mapping.salesforce_field}"


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
    values = {
        Side.HUBSPOT: _norm(hubspot_value),
        Side.SALESFORCE: _norm(salesforce_value),
    }
    rule = mapping.rule
    owner = is_owner_mapping(mapping)
    if owner:
        rule = SyncRule.TWO_WAY
    rule_id = "FM-6" if owner else _RULE_ID[rule]
    # Both labels once: every sentence names them.
    labels = {Side.HUBSPOT: _label(mapping, Side.HUBSPOT)}
    labels[Side.SALESFORCE] = _label(mapping, Side.SALESFORCE)
    if last_change is not None:
        _check_time(change.at, last_change.at, "last_change.at")
    if mapped_at is not None:
        _check_time(change.at, mapped_at, "mapped_at")

    reasons: list[Reason] = []
    writes: list[FieldWrite] = []

    def write(side: Side, value: FieldValue, rule: str, why: str) -> None:
        value = _norm(value)
        if values[side] == value and type(values[side]) is type(value):
            return
        what = "clear" if value is None else f"write {value!r} to"
        reason = Reason(rule=rule, detail=f"{why}: {what} {labels[side]}.")
        writes.append(FieldWrite(side=side, value=value, reason=reason))
        values[side] = value

    def done(last: FieldChange | None) -> FieldResolution:
        if not reasons and not writes:
            reasons.append(
                Reason(rule=rule_id, detail=f"{mapping}: both sides already agree.")
            )
        return FieldResolution(
            mapping=mapping,
            hubspot_value=values[Side.HUBSPOT],
            salesforce_value=values[Side.SALESFORCE],
            writes=tuple(writes),
            last_change=last,
            reasons=tuple(reasons) + tuple(w.reason for w in writes),
        )

    if isinstance(change, Resync | FirstSync):
        if isinstance(change, Resync):
            reasons.append(
                Reason(
                    rule="FM-7",
                    detail=f"A resync of {mapping} at {change.at.isoformat()} "
                    "moves values that existed before the mapping.",
                )
            )
        if rule is SyncRule.DONT_SYNC:
            reasons.append(Reason(rule="FM-4", detail=f"{mapping} is 'Don't sync'."))
            return done(last_change)
        # A resync carries values, not clearings: a blank side is "no value
        # yet", so it never wipes the other side.
        if rule is SyncRule.TWO_WAY and last_change is not None:
            winner = last_change.side
        elif values[Side.SALESFORCE] is not None:
            winner = Side.SALESFORCE
        else:
            winner = Side.HUBSPOT
        if rule is SyncRule.ALWAYS_USE_SALESFORCE:
            winner = Side.SALESFORCE
        held = values[winner]
        if held is None and values[winner.other] is not None:
            reasons.append(
                Reason(
                    rule=rule_id,
                    detail=f"{labels[winner]} is blank, and a "
                    + ("resync" if isinstance(change, Resync) else "first sync")
                    + " carries values, not clearings: "
                    f"{labels[winner.other]} keeps "
                    f"{values[winner.other]!r}.",
                )
            )
        if held is not None:
            write(
                winner.other,
                held,
                rule_id,
                f"{labels[winner]} holds {held!r}",
            )
        return done(last_change)

    side, new = change.side, _norm(change.value)
    values[side] = new
    source, target = labels[side], labels[side.other]
    shown = "a clearing" if new is None else repr(new)
    if mapped_at is not None and change.at < mapped_at:
        reasons.append(
            Reason(
                rule="FM-7",
                detail=f"{source} changed to {shown} at {change.at.isoformat()}, "
                f"before the mapping was added at {mapped_at.isoformat()}; it "
                "moves only on the next resync.",
            )
        )
        return done(last_change)
    if rule is SyncRule.DONT_SYNC:
        reasons.append(
            Reason(
                rule="FM-4",
                detail=f"{mapping} is 'Don't sync': {shown} on {source} stays there.",
            )
        )
        return done(last_change)
    if rule is SyncRule.TWO_WAY:
        why = f"{source} changed to {shown} at {change.at.isoformat()}"
        if _wins(change, last_change):
            write(side.other, new, rule_id, f"{why}, the most recent change")
            return done(change)
        assert last_change is not None  # _wins is True without one
        reasons.append(
            Reason(
                rule=rule_id,
                detail=f"{why}, older than (or tied with) the {last_change.side.label} "
                f"change at {last_change.at.isoformat()}, which wins.",
            )
        )
        write(side, values[side.other], rule_id, f"{target} holds the newer value")
        return done(last_change)
    # FM-1 and FM-2 both let Salesforce overwrite and clear HubSpot.
    if side is Side.SALESFORCE:
        write(Side.HUBSPOT, new, rule_id, f"{source} changed to {shown}")
        return done(change)
    if rule is SyncRule.ALWAYS_USE_SALESFORCE:
        reasons.append(
            Reason(
                rule="FM-2",
                detail=f"{mapping} is 'Always use Salesforce': {shown} on {source} "
                f"never reaches {target}.",
            )
        )
        return done(last_change)
    if values[Side.SALESFORCE] is None and new is not None:
        write(
            Side.SALESFORCE,
            new,
            "FM-1",
            f"{source} changed to {shown} and {target} is blank",
        )
        return done(change)
    held = values[Side.SALESFORCE]
    reasons.append(
        Reason(
            rule="FM-1",
            detail=f"{mapping} is 'Prefer Salesforce unless blank': {shown} on "
            f"{source} does not reach {target}, which "
            + ("holds " + repr(held) if held is not None else "is blank already")
            + ".",
        )
    )
    return done(last_change)
