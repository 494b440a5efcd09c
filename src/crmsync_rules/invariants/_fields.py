"""The field-mapping invariant (FM-4): a mapping set to "don't sync" moves
no value."""

from __future__ import annotations

from crmsync_rules.model._settings import FieldMapping, SyncRule
from crmsync_rules.rules._fm_values import (
    FieldChange,
    FieldValue,
    Resync,
    Side,
    is_owner_mapping,
)

from ._violations import Violation


def _blank(value: FieldValue) -> FieldValue:
    return None if value == "" else value


def dont_sync_moves(
    mapping: FieldMapping,
    /,
    *,
    before: tuple[FieldValue, FieldValue],
    change: FieldChange | Resync,
    after: tuple[FieldValue, FieldValue],
) -> tuple[Violation, ...]:
    """FM-4: "Don't sync": nothing passes, clearings included.

    *before* and *after* are the (HubSpot, Salesforce) values around
    *change* as your service left them. Under a "Don't sync" mapping, a
    side's value changes only by that side's own change. Owner mappings are
    exempt: they always behave as two-way (FM-6). Blank is ``None`` or
    ``""``.
    """
    if mapping.rule is not SyncRule.DONT_SYNC or is_owner_mapping(mapping):
        return ()
    found = []
    for index, side in enumerate((Side.HUBSPOT, Side.SALESFORCE)):
        own = isinstance(change, FieldChange) and change.side is side
        if not own and _blank(before[index]) != _blank(after[index]):
            found.append(
                Violation(
                    invariant="dont_sync_moves",
                    rule="FM-4",
                    detail=f'Under the "Don\'t sync" mapping {mapping}, '
                    f"{side.label} went from {before[index]!r} to "
                    f"{after[index]!r} without a change of its own.",
                )
            )
    return tuple(found)
