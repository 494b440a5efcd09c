"""Hypothesis properties of `diff_plans` over the public strategies: a plan
compared with a plan of the same snapshot and settings has no difference;
a plan compared with the same records under other settings differs exactly
where the entries' outcomes differ, the other way round alike, and every
difference carries the reasons of each side that has an entry."""

from __future__ import annotations

from collections import Counter

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from crmsync_rules import IntegrationSettings, Snapshot
from crmsync_rules import strategies as cs
from crmsync_rules.planner import (
    ChangeKind,
    Difference,
    FieldDetail,
    PlanEntry,
    SyncPlan,
    diff_plans,
    plan,
)


def outcome(entry: PlanEntry) -> tuple[object, ...]:
    """What the sync does with *entry*'s record, as the issue names it: its
    action and target, its owner outcome, opt-out state and lifecycle stage,
    and each mapping that writes: where to and the values after."""
    owner = entry.owner
    writes = (
        {}
        if entry.fields is None
        else {
            (
                f.mapping.hubspot_object,
                f.mapping.hubspot_property,
                f.mapping.salesforce_object,
                f.mapping.salesforce_field,
            ): (f.direction, f.hubspot_after, f.salesforce_after)
            for f in entry.fields.fields
            if f.writes
        }
    )
    return (
        entry.action,
        entry.target_type,
        entry.target_id,
        None
        if owner is None
        else (owner.direction, owner.action, owner.owner_id, owner.import_from),
        None if entry.optout is None else entry.optout.state,
        entry.lifecycle,
        writes,
    )


def both(snapshot: Snapshot, other: IntegrationSettings) -> tuple[SyncPlan, SyncPlan]:
    return (
        plan(snapshot, fields=FieldDetail.ALL),
        plan(attrs.evolve(snapshot, settings=other), fields=FieldDetail.ALL),
    )


@given(cs.snapshots())
@settings(max_examples=40)
def test_a_plan_diffed_with_a_plan_of_the_same_snapshot_is_empty(
    snapshot: Snapshot,
) -> None:
    """diff(A, A) is empty for every generated snapshot and settings."""
    first = plan(snapshot, fields=FieldDetail.ALL)
    again = plan(snapshot, fields=FieldDetail.ALL)
    diff = diff_plans(first, again, settings=(snapshot.settings, snapshot.settings))
    assert diff.empty
    assert not diff
    assert diff.counts == ()
    assert diff.by_mapping == ()
    assert diff.settings == ()
    assert diff.mappings == ()
    assert diff.compared == len(first.entries)


@given(cs.snapshots(), cs.integration_settings())
@settings(max_examples=40)
def test_a_diff_is_empty_exactly_when_every_entry_does_the_same(
    snapshot: Snapshot, other: IntegrationSettings
) -> None:
    """diff(A, B) is empty iff each record's entry does the same in both
    plans; the records it names are those whose entries differ."""
    old, new = both(snapshot, other)
    assert len(old.entries) == len(new.entries)
    differing = {
        (a.record_type, a.record_id)
        for a, b in zip(old.entries, new.entries, strict=True)
        if outcome(a) != outcome(b)
    }
    diff = diff_plans(old, new)
    assert diff.empty == (not differing)
    named = {(d.record_type, d.record_id) for d in diff.differences}
    assert named <= differing
    # A record goes unnamed only when its differences are a pair's field
    # writes or opt-out, said once, on the pair's HubSpot record's entry.
    shared = {
        d.record_id
        for d in diff.differences
        if d.kind in (ChangeKind.FIELD, ChangeKind.OPTOUT)
    }
    by_key = {(e.record_type, e.record_id): e for e in (*old.entries, *new.entries)}
    for key in differing - named:
        pairs = {
            ids
            for entries in (old.entries, new.entries)
            for e in entries
            if (e.record_type, e.record_id) == key
            for ids in (
                None if e.fields is None else e.fields.hubspot_id,
                None if e.optout is None else e.optout.state.contact_id,
            )
        }
        assert key in by_key
        assert pairs & shared


@given(cs.snapshots(), cs.integration_settings())
@settings(max_examples=40)
def test_a_diff_reversed_swaps_its_sides(
    snapshot: Snapshot, other: IntegrationSettings
) -> None:
    """diff(B, A) lists what diff(A, B) lists, each side's entry, decision
    and reasons swapped; and every side with an entry has reasons."""
    old, new = both(snapshot, other)
    forward = diff_plans(old, new)
    backward = diff_plans(new, old)

    def key(d: Difference) -> tuple[object, ...]:
        field = None if d.mapping is None else d.mapping.salesforce_field
        prop = None if d.mapping is None else d.mapping.hubspot_property
        return (d.kind, d.record_type, d.record_id, prop, field)

    assert {key(d): (d.new, d.old, d.new_reasons) for d in forward.differences} == {
        key(d): (d.old, d.new, d.old_reasons) for d in backward.differences
    }
    assert len(forward.differences) == len(backward.differences)
    assert forward.counts == backward.counts
    assert Counter(n for _, n in forward.by_mapping) == Counter(
        n for _, n in backward.by_mapping
    )
    for d in forward.differences:
        assert d.old is None or d.old_reasons
        assert d.new is None or d.new_reasons
        assert (d.kind is ChangeKind.FIELD) == (d.mapping is not None)


@given(cs.snapshots(), st.data())
@settings(max_examples=20)
def test_field_detail_changes_and_all_give_one_diff(
    snapshot: Snapshot, data: st.DataObject
) -> None:
    """A mapping a `FieldDetail.CHANGES` plan leaves out writes nothing: the
    same records differ whether the plans carry every mapping or only the
    changes."""
    other = data.draw(cs.integration_settings())
    moved = attrs.evolve(snapshot, settings=other)
    full = diff_plans(
        plan(snapshot, fields=FieldDetail.ALL), plan(moved, fields=FieldDetail.ALL)
    )
    changes = diff_plans(
        plan(snapshot, fields=FieldDetail.CHANGES),
        plan(moved, fields=FieldDetail.CHANGES),
    )
    assert [(d.kind, d.record_id, d.mapping) for d in full.differences] == [
        (d.kind, d.record_id, d.mapping) for d in changes.differences
    ]
