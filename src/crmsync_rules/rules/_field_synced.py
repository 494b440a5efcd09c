"""A mapping of a pair that has synced before, decided without
`resolve_field_value`'s general machinery (FM-1, FM-2, FM-3, FM-4).

A field-level plan decides every mapping of every linked pair (a HubSpot
contact and the Salesforce lead or contact it names) whose two values
differ: the later side's value is the change, the other side's the change
it follows, and `resolve_field_value` decides it with a dictionary of
values, two closures, two `FieldChange`\\ s and a `FieldResolution` that
`field_of` reads back. `synced_field` makes the same decision directly,
for a mapping added before every value (no FM-7 time, which only the
general path reads): the same writes, the same reasons in the same order
(built by the same sentence functions), the same `MappedField`. A
Hypothesis differential property holds the two equal
(tests/property/test_field_pair_properties.py; docs/decisions.md, the
field-level plan's speed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._settings import FieldMapping, SyncRule

from ._field_reasons import Later, later, later_slots
from ._field_results import MappedField, mapped_field
from ._fm_sentences import (
    agreed,
    changed,
    into_blank,
    kept,
    never_reaches,
    recent,
    stays,
    written,
)
from ._fm_values import FieldValue, FieldWrite, Side

__all__ = ["synced_field"]

# Module constants: a global reads faster than an enum member.
_HUBSPOT: Final = Side.HUBSPOT
_SALESFORCE: Final = Side.SALESFORCE
_DONT_SYNC: Final = SyncRule.DONT_SYNC
_TWO_WAY: Final = SyncRule.TWO_WAY
_ALWAYS_SALESFORCE: Final = SyncRule.ALWAYS_USE_SALESFORCE
_BLANKS: Final = ("", ())
_new: Final = object.__new__
_set_rule, _set_build = later_slots()
_set_side, _set_value, _set_reason = (
    FieldWrite.__dict__[name].__set__ for name in ("side", "value", "reason")
)


def synced_field(  # noqa: PLR0917 (the values and times of one mapping)
    mapping: FieldMapping,
    hubspot_value: FieldValue,
    salesforce_value: FieldValue,
    hubspot_at: dt.datetime,
    salesforce_at: dt.datetime,
    extra: tuple[Reason, ...],
    rule_id: str,
) -> MappedField:
    """What ``field_of`` makes of ``resolve_field_value(mapping, ...,
    change=latest, last_change=earlier)`` for a mapping other than the
    owner's (FM-6) added before every value, where *latest* is the change
    of the side whose value changed last (at *hubspot_at* or
    *salesforce_at*, ties going to Salesforce as in FM-3) and *earlier* the
    other side's; *extra* comes before the resolution's reasons and
    *rule_id* is the mapping's rule's ID. Two-way (FM-3): the later value
    moves to the other side; Salesforce's change overwrites and clears
    HubSpot (FM-1, FM-2); HubSpot's fills a blank Salesforce field (FM-1)
    or stays where it is (FM-1, FM-2); "Don't sync" moves nothing (FM-4).
    """
    # Blank as `None`, as `resolve_field_value` compares them (a value
    # that is true is not blank: most are).
    hubspot = hubspot_value if hubspot_value or hubspot_value not in _BLANKS else None
    salesforce = (
        salesforce_value
        if salesforce_value or salesforce_value not in _BLANKS
        else None
    )
    if hubspot_at > salesforce_at:
        side, new, at, other, held = (
            _HUBSPOT,
            hubspot,
            hubspot_at,
            _SALESFORCE,
            salesforce,
        )
    else:
        side, new, at, other, held = (
            _SALESFORCE,
            salesforce,
            salesforce_at,
            _HUBSPOT,
            hubspot,
        )
    rule = mapping.rule
    why: tuple[Any, ...]
    if rule is _DONT_SYNC:
        reason = later("FM-4", stays, mapping, side, new)
    elif rule is _TWO_WAY:
        why = (recent, mapping, side, new, at)
        reason = None
    elif side is _SALESFORCE:  # FM-1 and FM-2 alike
        why = (changed, mapping, side, new)
        reason = None
    elif rule is _ALWAYS_SALESFORCE:
        reason = later("FM-2", never_reaches, mapping, side, new)
    elif held is None and new is not None:
        why = (into_blank, mapping, side, new)
        reason = None
    else:
        reason = later("FM-1", kept, mapping, side, new, held)
    if reason is None and held == new and type(held) is type(new):
        reason = later(rule_id, agreed, mapping)
    if reason is not None:  # nothing to write
        return mapped_field(
            mapping,
            hubspot_value,
            salesforce_value,
            hubspot_value,
            salesforce_value,
            (),
            (*extra, reason),
        )
    moving: Later = _new(Later)  # `later`, inline: the rule ID is known
    _set_rule(moving, rule_id)
    _set_build(moving, (written, why, new, mapping, other))
    write: FieldWrite = _new(FieldWrite)
    _set_side(write, other)
    _set_value(write, new)
    _set_reason(write, moving)
    if other is _HUBSPOT:
        return mapped_field(
            mapping,
            hubspot_value,
            salesforce_value,
            new,
            salesforce_value,
            (write,),
            (*extra, moving),
        )
    return mapped_field(
        mapping,
        hubspot_value,
        salesforce_value,
        hubspot_value,
        new,
        (write,),
        (*extra, moving),
    )
