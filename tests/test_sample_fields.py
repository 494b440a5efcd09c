"""The bundled sample's field-level plan shows each kind of write a team
meets when it turns the integration on (issue 16): an overwrite, a fill, a
clear, a two-way conflict decided by time, an owner that reverts and an
opt-out that passes. Each is recognised by the values before and after and
the records' times, not by the rule the plan cites."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from crmsync_rules import (
    HubSpotContact,
    SalesforceContact,
    SyncRule,
    sample_snapshot,
)
from crmsync_rules.mappings import MappedField, Side, is_owner_mapping
from crmsync_rules.optout import OPT_OUT_MAPPINGS
from crmsync_rules.planner import FieldDetail, PlanEntry, plan

HS, SF = Side.HUBSPOT, Side.SALESFORCE


def _fields(detail: FieldDetail) -> Iterator[tuple[PlanEntry, MappedField]]:
    for entry in plan(sample_snapshot(), fields=detail).entries:
        if entry.fields is not None:
            for field in entry.fields.fields:
                yield entry, field


def _written(field: MappedField) -> list[tuple[Side, object, object]]:
    """Each write of *field*: its side, the value before and after."""
    return [(w.side, field.before(w.side), w.value) for w in field.writes]


def _pair(entry: PlanEntry) -> tuple[HubSpotContact, SalesforceContact] | None:
    """The HubSpot contact and Salesforce contact of a HubSpot contact's
    entry that syncs with one; else ``None``."""
    if entry.record_type != "hubspot_contact":
        return None
    snapshot = sample_snapshot()
    hubspot = [c for c in snapshot.hubspot.contacts if c.id == entry.record_id]
    salesforce = [c for c in snapshot.salesforce.contacts if c.id == entry.target_id]
    return (hubspot[0], salesforce[0]) if hubspot and salesforce else None


def _changed_at(record: HubSpotContact | SalesforceContact) -> dt.datetime:
    if isinstance(record, SalesforceContact):
        assert record.system_modstamp is not None
        return record.system_modstamp
    assert record.updated_at is not None
    return record.updated_at


def test_the_sample_overwrites_fills_and_clears_values() -> None:
    """An overwrite (a value over another), a fill (a value into a blank) and
    a clear (a blank over a value) each appear in the plan of changes."""
    writes = [w for _, field in _fields(FieldDetail.CHANGES) for w in _written(field)]
    assert any(
        before is not None and after is not None and before != after
        for _, before, after in writes
    )
    assert any(before is None and after is not None for _, before, after in writes)
    assert any(before is not None and after is None for _, before, after in writes)


def test_the_sample_decides_a_two_way_conflict_by_time() -> None:
    """A two-way mapping whose sides hold different values ends with the
    value of the side whose record changed last, on both sides."""
    decided = []
    for entry, field in _fields(FieldDetail.CHANGES):
        hubspot, salesforce = field.hubspot_before, field.salesforce_before
        if field.mapping.rule is not SyncRule.TWO_WAY or is_owner_mapping(
            field.mapping
        ):
            continue
        if hubspot is None or salesforce is None or hubspot == salesforce:
            continue
        pair = _pair(entry)
        if pair is None:
            continue
        hubspot_record, salesforce_record = pair
        newer = (
            hubspot
            if _changed_at(hubspot_record) > _changed_at(salesforce_record)
            else salesforce
        )
        assert field.hubspot_after == field.salesforce_after == newer
        decided.append(field)
    assert decided


def test_the_sample_shows_an_owner_that_reverts() -> None:
    """An owner mapping whose HubSpot owner changed after the Salesforce
    record did, yet Salesforce keeps its own Owner ID: the plan of changes
    shows the mapping, with both sides as they were."""
    reverted = []
    for entry, field in _fields(FieldDetail.CHANGES):
        pair = _pair(entry)
        if not is_owner_mapping(field.mapping) or pair is None:
            continue
        hubspot_record, salesforce_record = pair
        owner_change = hubspot_record.history.latest("hubspot_owner_id")
        if owner_change is None or field.hubspot_before is None:
            continue
        assert salesforce_record.system_modstamp is not None
        if owner_change.timestamp <= salesforce_record.system_modstamp:
            continue
        assert field.salesforce_before is not None
        assert field.hubspot_before != field.salesforce_before
        assert field.salesforce_after == field.salesforce_before
        assert field.hubspot_after == field.hubspot_before
        assert not field.writes
        reverted.append(field)
    assert reverted


def test_the_sample_passes_an_opt_out() -> None:
    """An opt-out mapping goes from not opted out to opted out on a side."""
    passed = [
        write
        for _, field in _fields(FieldDetail.CHANGES)
        if field.mapping in OPT_OUT_MAPPINGS
        for write in _written(field)
    ]
    assert (SF, False, True) in passed
    assert (HS, False, True) in passed
