"""A mapping of a record about to be created from the other side, decided
without `resolve_field_value`'s general machinery (FM-1, FM-2, FM-3, FM-4).

A field-level plan decides every mapping of every record it creates (in a
generated portal, most entries create a record), and each goes through
`resolve_field_value` with a `FirstSync`: a dictionary of values, two
closures, a `FieldResolution`, then `field_of` reading its writes back.
`first_sync_field` makes the same decision directly: the same writes, the
same reasons in the same order (built by the same sentence functions), the
same `MappedField` (docs/decisions.md, the field-level plan's speed). Two
records syncing for the first time (a dedupe) are decided the same way,
the side that changed last given (`FirstSync` with a last change). The
tests compare the two on every rule and pair of values.
"""

from __future__ import annotations

from typing import Final

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._settings import FieldMapping, SyncRule

from ._field_reasons import Later, later, later_slots
from ._field_results import MappedField, mapped_field
from ._fm_sentences import agreed, carries, dont_sync, moved
from ._fm_values import FieldValue, FieldWrite, Side

__all__ = ["first_sync_field"]

# Module constants: a global reads faster than an enum member.
_HUBSPOT: Final = Side.HUBSPOT
_SALESFORCE: Final = Side.SALESFORCE
_DONT_SYNC: Final = SyncRule.DONT_SYNC
_ALWAYS_SALESFORCE: Final = SyncRule.ALWAYS_USE_SALESFORCE
_TWO_WAY: Final = SyncRule.TWO_WAY
_BLANKS: Final = ("", ())
_new: Final = object.__new__
_set_rule, _set_build = later_slots()
_set_side, _set_value, _set_reason = (
    FieldWrite.__dict__[name].__set__ for name in ("side", "value", "reason")
)
(
    _set_mapping,
    _set_hubspot_before,
    _set_salesforce_before,
    _set_hubspot_after,
    _set_salesforce_after,
    _set_writes,
    _set_reasons,
) = (
    MappedField.__dict__[name].__set__
    for name in (
        "mapping",
        "hubspot_before",
        "salesforce_before",
        "hubspot_after",
        "salesforce_after",
        "writes",
        "reasons",
    )
)


def first_sync_field(  # noqa: PLR0917 (as the general path's arguments)
    mapping: FieldMapping,
    hubspot_value: FieldValue,
    salesforce_value: FieldValue,
    extra: tuple[Reason, ...],
    rule_id: str,
    latest: Side | None = None,
) -> MappedField:
    """What ``field_of`` makes of ``resolve_field_value(mapping, ...,
    change=FirstSync(...))`` for a mapping other than the owner's (FM-6),
    *extra* before the resolution's reasons and *rule_id* the mapping's
    rule's ID: the value of the side the rule prefers (Salesforce's unless
    it is blank, always Salesforce's with FM-2) moves to the other side; a
    blank moves nothing (FM-7's resync, which a first sync follows).

    With *latest*, the side whose value changed last (``last_change``'s,
    for two records syncing for the first time), a two-way mapping (FM-3)
    moves that side's value instead."""
    if mapping.rule is _DONT_SYNC:
        return mapped_field(
            mapping,
            hubspot_value,
            salesforce_value,
            hubspot_value,
            salesforce_value,
            (),
            (*extra, later("FM-4", dont_sync, mapping)),
        )
    # Blank as `None`, as `resolve_field_value` compares them (a value
    # that is true is not blank: most are).
    hubspot = hubspot_value if hubspot_value or hubspot_value not in _BLANKS else None
    salesforce = (
        salesforce_value
        if salesforce_value or salesforce_value not in _BLANKS
        else None
    )
    if latest is not None and mapping.rule is _TWO_WAY:
        winner = latest
    elif salesforce is not None or mapping.rule is _ALWAYS_SALESFORCE:
        winner = _SALESFORCE
    else:
        winner = _HUBSPOT
    if winner is _SALESFORCE:
        held, side, other = salesforce, _HUBSPOT, hubspot
    else:
        held, side, other = hubspot, _SALESFORCE, salesforce
    if held is None:
        if other is not None:
            reason = later(rule_id, carries, mapping, winner, False, other)
        else:
            reason = later(rule_id, agreed, mapping)
        return mapped_field(
            mapping,
            hubspot_value,
            salesforce_value,
            hubspot_value,
            salesforce_value,
            (),
            (*extra, reason),
        )
    if held == other and type(held) is type(other):
        return mapped_field(
            mapping,
            hubspot_value,
            salesforce_value,
            hubspot_value,
            salesforce_value,
            (),
            (*extra, later(rule_id, agreed, mapping)),
        )
    # The write, as most mappings of a created record have: `field_write`
    # and `mapped_field` inline, their slots filled here.
    moving: Later = _new(Later)  # `later`, inline: the rule ID is known
    _set_rule(moving, rule_id)
    _set_build(moving, (moved, mapping, winner, held, side))
    write: FieldWrite = _new(FieldWrite)
    _set_side(write, side)
    _set_value(write, held)
    _set_reason(write, moving)
    field: MappedField = _new(MappedField)
    _set_mapping(field, mapping)
    _set_hubspot_before(field, hubspot_value)
    _set_salesforce_before(field, salesforce_value)
    if side is _HUBSPOT:
        _set_hubspot_after(field, held)
        _set_salesforce_after(field, salesforce_value)
    else:
        _set_hubspot_after(field, hubspot_value)
        _set_salesforce_after(field, held)
    _set_writes(field, (write,))
    _set_reasons(field, (*extra, moving))
    return field
