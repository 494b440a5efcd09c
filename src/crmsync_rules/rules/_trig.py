"""What triggers a sync (TRIG-1, TRIG-2, TRIG-3).

A record syncs when one of its mapped properties or fields changes (TRIG-1);
a change to an unmapped one is invisible to the integration. A Salesforce
formula field never triggers by itself, because its value changes without
an edit; a change to a field the formula references does (TRIG-2). A
contact that newly meets the inclusion list is not pushed by joining it: it
syncs on its next trigger (TRIG-3), and while it is outside the list no
change triggers (SYNC-2).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._hubspot import HubSpotObject
from crmsync_rules.model._salesforce import SalesforceObject
from crmsync_rules.model._settings import OPT_OUT_MAPPINGS, FieldMapping
from crmsync_rules.model._validators import nonempty_id

__all__ = ["RecordChange", "TriggerDecision", "triggers_sync"]


def _names(names: Iterable[str]) -> frozenset[str]:
    return frozenset(names)


@attrs.frozen(kw_only=True)
class RecordChange:
    """An edit to one record: its ``object`` type, ``record_id`` and the
    internal names of the properties or fields that changed (HubSpot property
    names for HubSpot objects, Salesforce API names for Salesforce ones)."""

    object: HubSpotObject | SalesforceObject
    record_id: str = attrs.field(validator=nonempty_id)
    changed: frozenset[str] = attrs.field(converter=_names)


@attrs.frozen(kw_only=True)
class TriggerDecision:
    """Whether ``change`` triggers a sync; ``fields`` are the changed names
    that trigger it, in sorted order."""

    change: RecordChange
    triggered: bool
    fields: tuple[str, ...]
    reasons: tuple[Reason, ...]


def _side_name(mapping: FieldMapping, obj: HubSpotObject | SalesforceObject) -> str:
    if isinstance(obj, HubSpotObject):
        return mapping.hubspot_property
    return mapping.salesforce_field


def _side_object(
    mapping: FieldMapping, obj: HubSpotObject | SalesforceObject
) -> HubSpotObject | SalesforceObject:
    if isinstance(obj, HubSpotObject):
        return mapping.hubspot_object
    return mapping.salesforce_object


def triggers_sync(
    change: RecordChange,
    /,
    *,
    mappings: Iterable[FieldMapping],
    included: bool | None = None,
    newly_included: bool = False,
) -> TriggerDecision:
    """Decide whether *change* triggers a sync of its record.

    *mappings* are the portal's field mappings (the locked opt-out mappings
    always count). For a HubSpot contact, *included* says whether it meets
    the inclusion list now (``None``: no list applies) and *newly_included*
    whether it joined the list since its last sync (TRIG-3).
    """
    obj = change.object
    mapped: dict[str, FieldMapping] = {}
    referenced: dict[str, FieldMapping] = {}
    for mapping in (*OPT_OUT_MAPPINGS, *mappings):
        if _side_object(mapping, obj) != obj:
            continue
        mapped.setdefault(_side_name(mapping, obj), mapping)
        if isinstance(obj, SalesforceObject) and mapping.formula_references:
            for name in mapping.formula_references:
                referenced.setdefault(name, mapping)

    reasons: list[Reason] = []
    fields: list[str] = []
    where = f"{obj.value} {change.record_id}"
    for name in sorted(change.changed):
        found = mapped.get(name)
        formula = (
            found is not None
            and isinstance(obj, SalesforceObject)
            and found.formula_references is not None
        )
        if name in referenced:
            fields.append(name)
            reasons.append(
                Reason(
                    rule="TRIG-2",
                    detail=f"{where}: {name} changed and the formula field "
                    f"{referenced[name].salesforce_field} references it.",
                )
            )
        elif formula:
            reasons.append(
                Reason(
                    rule="TRIG-2",
                    detail=f"{where}: {name} is a formula field; its changes "
                    "never trigger a sync themselves.",
                )
            )
        elif found is not None:
            fields.append(name)
            reasons.append(
                Reason(
                    rule="TRIG-1",
                    detail=f"{where}: mapped {name} changed ({found}).",
                )
            )
        else:
            reasons.append(
                Reason(
                    rule="TRIG-1",
                    detail=f"{where}: {name} is not mapped, so its change "
                    "triggers nothing.",
                )
            )
    if not change.changed:
        reasons.append(
            Reason(
                rule="TRIG-3" if newly_included else "TRIG-1",
                detail=f"{where}: no property or field changed"
                + (
                    "; joining the inclusion list pushes nothing by itself, the "
                    "record syncs on its next trigger."
                    if newly_included
                    else "."
                ),
            )
        )
    triggered = bool(fields)
    if triggered and included is False:
        triggered = False
        reasons.append(
            Reason(
                rule="SYNC-2",
                detail=f"{where} does not meet the inclusion list, so no change "
                "triggers a sync.",
            )
        )
    elif triggered and newly_included:
        reasons.append(
            Reason(
                rule="TRIG-3",
                detail=f"{where} newly meets the inclusion list and syncs on this "
                "trigger.",
            )
        )
    return TriggerDecision(
        change=change,
        triggered=triggered,
        fields=tuple(fields) if triggered else (),
        reasons=tuple(reasons),
    )
