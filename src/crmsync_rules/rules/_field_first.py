"""A mapping of a record about to be created from the other side, decided
without `resolve_field_value`'s general machinery (FM-1, FM-2, FM-3, FM-4).

A field-level plan decides every mapping of every record it creates (in a
generated portal, most entries create a record), and each goes through
`resolve_field_value` with a `FirstSync`: a dictionary of values, two
closures, a `FieldResolution`, then `field_of` reading its writes back.
`first_sync_field` makes the same decision directly: the same writes, the
same reasons in the same order (built by the same sentence functions), the
same `MappedField` (docs/decisions.md, the field-level plan's speed). The
tests compare the two on every rule and pair of values.
"""

from __future__ import annotations

from typing import Final

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._settings import FieldMapping, SyncRule

from ._field_reasons import later
from ._field_results import MappedField, mapped_field
from ._fm_values import (
    FieldValue,
    Side,
    agreed,
    carries,
    dont_sync,
    field_write,
    holds,
    written,
)

__all__ = ["first_sync_field"]

# Module constants: a global reads faster than an enum member.
_HUBSPOT: Final = Side.HUBSPOT
_SALESFORCE: Final = Side.SALESFORCE
_DONT_SYNC: Final = SyncRule.DONT_SYNC
_ALWAYS_SALESFORCE: Final = SyncRule.ALWAYS_USE_SALESFORCE
_BLANKS: Final = ("", ())


def first_sync_field(
    mapping: FieldMapping,
    hubspot_value: FieldValue,
    salesforce_value: FieldValue,
    extra: tuple[Reason, ...],
    rule_id: str,
) -> MappedField:
    """What ``field_of`` makes of ``resolve_field_value(mapping, ...,
    change=FirstSync(...))`` for a mapping other than the owner's (FM-6),
    *extra* before the resolution's reasons and *rule_id* the mapping's
    rule's ID: the value of the side the rule prefers (Salesforce's unless
    it is blank, always Salesforce's with FM-2) moves to the other side; a
    blank moves nothing (FM-7's resync, which a first sync follows)."""
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
    # Blank as `None`, as `resolve_field_value` compares them.
    hubspot = None if hubspot_value in _BLANKS else hubspot_value
    salesforce = None if salesforce_value in _BLANKS else salesforce_value
    if salesforce is not None or mapping.rule is _ALWAYS_SALESFORCE:
        winner, held, side, other = _SALESFORCE, salesforce, _HUBSPOT, hubspot
    else:
        winner, held, side, other = _HUBSPOT, hubspot, _SALESFORCE, salesforce
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
    reason = later(
        rule_id, written, (holds, mapping, winner, held), held, mapping, side
    )
    hubspot_after: FieldValue
    salesforce_after: FieldValue
    if side is _HUBSPOT:
        hubspot_after, salesforce_after = held, salesforce_value
    else:
        hubspot_after, salesforce_after = hubspot_value, held
    return mapped_field(
        mapping,
        hubspot_value,
        salesforce_value,
        hubspot_after,
        salesforce_after,
        (field_write(side, held, reason),),
        (*extra, reason),
    )
