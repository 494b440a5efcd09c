"""The sentences of FM-1 to FM-4 and FM-7's decisions (`resolve_field_value`
and the direct decisions of the field-level plan, `first_sync_field` and
`synced_field`), written when first read (`later`): one set of functions,
so that a decision made two ways reads the same."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

    from crmsync_rules.model._settings import FieldMapping

    from ._fm_values import FieldChange, FieldValue, Side

__all__ = [
    "agreed",
    "before_mapping",
    "carries",
    "changed",
    "dont_sync",
    "holds",
    "into_blank",
    "kept",
    "label",
    "moved",
    "never_reaches",
    "newer",
    "older",
    "recent",
    "resynced",
    "shown",
    "stays",
    "written",
]


def label(mapping: FieldMapping, side: Side) -> str:
    if side == "hubspot":  # Side is a str enum
        return f"HubSpot {mapping.hubspot_object.value}.{mapping.hubspot_property}"
    return f"Salesforce {mapping.salesforce_object.value}.{mapping.salesforce_field}"


def shown(value: FieldValue) -> str:
    return "a clearing" if value is None else repr(value)


def written(
    why: tuple[Any, ...], value: FieldValue, mapping: FieldMapping, side: Side
) -> str:
    what = "clear" if value is None else f"write {value!r} to"
    return f"{why[0](*why[1:])}: {what} {label(mapping, side)}."


def agreed(mapping: FieldMapping) -> str:
    return f"{mapping}: both sides already agree."


def resynced(mapping: FieldMapping, at: dt.datetime) -> str:
    return (
        f"A resync of {mapping} at {at.isoformat()} "
        "moves values that existed before the mapping."
    )


def dont_sync(mapping: FieldMapping) -> str:
    return f"{mapping} is 'Don't sync'."


def carries(mapping: FieldMapping, winner: Side, resync: bool, kept: FieldValue) -> str:
    return (
        f"{label(mapping, winner)} is blank, and a "
        + ("resync" if resync else "first sync")
        + " carries values, not clearings: "
        f"{label(mapping, winner.other)} keeps {kept!r}."
    )


def holds(mapping: FieldMapping, side: Side, held: FieldValue) -> str:
    return f"{label(mapping, side)} holds {held!r}"


def moved(mapping: FieldMapping, winner: Side, held: FieldValue, side: Side) -> str:
    """`written` of `holds`: *winner*'s value *held* written to *side* (a
    first sync's write, its sentence built from one tuple)."""
    return written((holds, mapping, winner, held), held, mapping, side)


def before_mapping(
    mapping: FieldMapping,
    side: Side,
    new: FieldValue,
    at: dt.datetime,
    mapped_at: dt.datetime,
) -> str:
    return (
        f"{label(mapping, side)} changed to {shown(new)} at {at.isoformat()}, "
        f"before the mapping was added at {mapped_at.isoformat()}; it "
        "moves only on the next resync."
    )


def stays(mapping: FieldMapping, side: Side, new: FieldValue) -> str:
    return (
        f"{mapping} is 'Don't sync': {shown(new)} on {label(mapping, side)} "
        "stays there."
    )


def recent(mapping: FieldMapping, side: Side, new: FieldValue, at: dt.datetime) -> str:
    return (
        f"{label(mapping, side)} changed to {shown(new)} at {at.isoformat()}, "
        "the most recent change"
    )


def older(
    mapping: FieldMapping,
    side: Side,
    new: FieldValue,
    at: dt.datetime,
    last: FieldChange,
) -> str:
    return (
        f"{label(mapping, side)} changed to {shown(new)} at {at.isoformat()}, "
        f"older than (or tied with) the {last.side.label} change at "
        f"{last.at.isoformat()}, which wins."
    )


def newer(mapping: FieldMapping, side: Side) -> str:
    return f"{label(mapping, side)} holds the newer value"


def changed(mapping: FieldMapping, side: Side, new: FieldValue) -> str:
    return f"{label(mapping, side)} changed to {shown(new)}"


def never_reaches(mapping: FieldMapping, side: Side, new: FieldValue) -> str:
    return (
        f"{mapping} is 'Always use Salesforce': {shown(new)} on "
        f"{label(mapping, side)} never reaches {label(mapping, side.other)}."
    )


def into_blank(mapping: FieldMapping, side: Side, new: FieldValue) -> str:
    return (
        f"{label(mapping, side)} changed to {shown(new)} and "
        f"{label(mapping, side.other)} is blank"
    )


def kept(mapping: FieldMapping, side: Side, new: FieldValue, held: FieldValue) -> str:
    return (
        f"{mapping} is 'Prefer Salesforce unless blank': {shown(new)} on "
        f"{label(mapping, side)} does not reach {label(mapping, side.other)}, "
        "which "
        + ("holds " + repr(held) if held is not None else "is blank already")
        + "."
    )
