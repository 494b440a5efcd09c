"""Hypothesis properties of the mapping summary and the API call estimate
(issue 16 items 3 and 5), over the public strategies' snapshots: the
counts against an independent count made here from the plan's entries,
not by the code under test.

The independent count keys a pair by the ids its field writes name
(`FieldSync.hubspot_id`, `FieldSync.salesforce_id`), and takes the field
writes of the pair's Salesforce entry when it has one (the entry
`counts_pair` counts on; docs/mappings.md says why).
"""

from __future__ import annotations

import math
import pickle
from collections import Counter
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from crmsync_rules import HubSpotObject, SalesforceObject, Snapshot
from crmsync_rules import strategies as cs
from crmsync_rules.mappings import FieldSync, FieldValue, Side
from crmsync_rules.model import salesforce_id_key
from crmsync_rules.planner import FieldDetail, PlanAction, PlanEntry, plan
from crmsync_rules.planner._estimate import CallAssumptions, estimate_calls
from crmsync_rules.planner._summary import MappingTally, mapping_summary

HUBSPOT = {
    "hubspot_contact": "contacts",
    "hubspot_company": "companies",
    "hubspot_deal": "deals",
}
SALESFORCE = {
    "salesforce_lead": "Lead",
    "salesforce_contact": "Contact",
    "salesforce_account": "Account",
    "salesforce_opportunity": "Opportunity",
}


TEXTS: st.SearchStrategy[Any] = st.sampled_from([None, "", "CTO", "Chief"])
NUMBERS: st.SearchStrategy[Any] = st.sampled_from([None, 1, 2])
VALUED = {
    "jobtitle": ("Title", TEXTS),
    "phone": ("Phone", TEXTS),
    "lead_score": ("Lead_Score__c", NUMBERS),
}
"""Properties the records hold as plain values, and their values (few, so
that the two sides often differ, match or are blank)."""


@st.composite
def valued_snapshots(draw: st.DrawFn) -> Snapshot:
    """The strategies' snapshots with a table mapping some of `VALUED` (the
    strategies draw each mapping's rule) and values for them on every
    contact, lead and Salesforce contact: overwrites, fills and clears."""
    names = draw(st.lists(st.sampled_from(sorted(VALUED)), unique=True, min_size=1))
    table = tuple(
        draw(
            cs.field_mappings(
                hubspot_objects=st.just(HubSpotObject.CONTACT),
                hubspot_properties=st.just(name),
                salesforce_objects=st.sampled_from(
                    [SalesforceObject.LEAD, SalesforceObject.CONTACT]
                ),
                salesforce_fields=st.just(VALUED[name][0]),
            )
        )
        for name in names
    )
    snapshot = draw(
        cs.snapshots(settings=cs.integration_settings(mappings=st.just(table)))
    )

    def valued(records: Any, hubspot: bool) -> Any:
        return tuple(
            attrs.evolve(
                r,
                properties={
                    **r.properties,
                    **{
                        (n if hubspot else VALUED[n][0]): draw(VALUED[n][1])
                        for n in names
                    },
                },
            )
            for r in records
        )

    hubspot = attrs.evolve(
        snapshot.hubspot, contacts=valued(snapshot.hubspot.contacts, True)
    )
    salesforce = attrs.evolve(
        snapshot.salesforce,
        leads=valued(snapshot.salesforce.leads, False),
        contacts=valued(snapshot.salesforce.contacts, False),
    )
    return attrs.evolve(snapshot, hubspot=hubspot, salesforce=salesforce)


def blank(value: FieldValue) -> bool:
    return value is None or value in ("", ())


def kind(before: FieldValue, after: FieldValue) -> str | None:
    if blank(before) and blank(after):
        return None
    if blank(before):
        return "fill"
    if blank(after):
        return "clear"
    if type(before) is type(after) and before == after:
        return None
    return "overwrite"


def pairs_of(
    entries: tuple[PlanEntry, ...],
) -> dict[Any, tuple[tuple[str, str], FieldSync]]:
    """Each pair's object pair and field writes, by the ids they name; a
    Salesforce entry's writes replace a HubSpot entry's."""
    found: dict[Any, tuple[tuple[str, str], FieldSync]] = {}
    for entry in entries:
        if entry.fields is None or entry.target_type is None:
            continue
        types = {entry.record_type, entry.target_type}
        hubspot = [HUBSPOT[t] for t in types if t in HUBSPOT]
        salesforce = [SALESFORCE[t] for t in types if t in SALESFORCE]
        key = (entry.fields.hubspot_id, entry.fields.salesforce_id)
        if key not in found or entry.record_type in SALESFORCE:
            found[key] = ((hubspot[0], salesforce[0]), entry.fields)
    return found


@given(cs.snapshots() | valued_snapshots())
@settings(max_examples=60, deadline=None)
def test_the_counts_are_an_independent_count_of_the_pairs_writes(
    snapshot: Snapshot,
) -> None:
    """Per mapping and side: overwrite + fill + clear + leave is the
    mapping's pairs, and each count is the pairs' writes counted here."""
    entries = plan(snapshot, fields=FieldDetail.ALL).entries
    summary = mapping_summary(entries, snapshot.settings.mappings)
    pairs = pairs_of(entries)
    per_object = Counter(objects for objects, _ in pairs.values())
    expected: Counter[tuple[Any, Side, str]] = Counter()
    listed: Counter[Any] = Counter()
    for _objects, fields in pairs.values():
        for field in fields.fields:
            listed[field.mapping] += 1
            for write in field.writes:
                change = kind(field.before(write.side), write.value)
                if change is not None:
                    expected[(field.mapping, write.side, change)] += 1
    assert {(h.value, s.value): n for (h, s), n in summary.pairs} == dict(per_object)
    for row in summary.mappings:
        m = row.mapping
        assert (
            row.pairs == per_object[(m.hubspot_object.value, m.salesforce_object.value)]
        )
        # With every mapping listed, each of a pair's mappings is there once.
        assert listed[m] == row.pairs
        for side in Side:
            counts = row.side(side)
            assert (
                counts.overwrite + counts.fill + counts.clear + counts.leave
                == row.pairs
            )
            assert counts.leave >= 0
            for change in ("overwrite", "fill", "clear"):
                assert getattr(counts, change) == expected[(m, side, change)]


@given(cs.snapshots() | valued_snapshots())
@settings(max_examples=40, deadline=None)
def test_the_summary_is_the_same_with_the_changes_or_every_mapping(
    snapshot: Snapshot,
) -> None:
    mappings = snapshot.settings.mappings
    changes = plan(snapshot, fields=FieldDetail.CHANGES).entries
    every = plan(snapshot, fields=FieldDetail.ALL).entries
    assert mapping_summary(changes, mappings) == mapping_summary(every, mappings)
    assert mapping_summary(reversed(changes), mappings) == mapping_summary(
        changes, mappings
    )


@given(cs.snapshots() | valued_snapshots(), st.data())
@settings(max_examples=60, deadline=None)
def test_tallies_of_two_parts_merged_are_the_tally_of_all(
    snapshot: Snapshot, data: st.DataObject
) -> None:
    """The bulk engine's merge: the entries of a plan, in any order, split
    in any two parts, each part counted in a tally of its own (the second
    with no table, as a worker's, and pickled back as from a worker
    process) and the two merged into a tally of the settings' table, give
    the summary of all the entries counted in one tally."""
    mappings = snapshot.settings.mappings
    detail = data.draw(st.sampled_from([FieldDetail.CHANGES, FieldDetail.ALL]))
    entries = data.draw(st.permutations(plan(snapshot, fields=detail).entries))
    cut = data.draw(st.integers(0, len(entries)))
    first, second = MappingTally(mappings), MappingTally(())
    for entry in entries[:cut]:
        first.add(entry)
    for entry in entries[cut:]:
        second.add(entry)
    merged = MappingTally(mappings)
    merged.merge(first)
    merged.merge(pickle.loads(pickle.dumps(second)))
    assert merged.summary() == mapping_summary(entries, mappings)


@given(
    cs.snapshots() | valued_snapshots(),
    st.integers(1, 200),
    st.integers(1, 200),
    st.booleans(),
)
@settings(max_examples=60, deadline=None)
def test_the_estimate_is_an_independent_count_of_the_writes(
    snapshot: Snapshot, creates: int, updates: int, field_writes: bool
) -> None:
    """ERR-2: creations are the entries creating Salesforce records; updates
    the pairs with an existing Salesforce record that write to it (or, with
    no field writes, the Salesforce records that sync or dedupe); calls are
    each object's records divided by the records per call, rounded up."""
    detail = FieldDetail.CHANGES if field_writes else FieldDetail.NONE
    entries = plan(snapshot, fields=detail).entries
    estimate = estimate_calls(
        entries,
        allocation=snapshot.settings.api_call_allocation,
        from_field_writes=field_writes,
        assumptions=CallAssumptions(creates_per_call=creates, updates_per_call=updates),
    )
    created: Counter[str] = Counter(
        SALESFORCE[e.target_type]
        for e in entries
        if e.action is PlanAction.CREATE_IN_SALESFORCE and e.target_type in SALESFORCE
    )
    updated: Counter[str] = Counter()
    if field_writes:
        for (_hubspot_id, salesforce_id), ((_, sobject), fields) in pairs_of(
            entries
        ).items():
            if salesforce_id is not None and any(
                w.side is Side.SALESFORCE for f in fields.fields for w in f.writes
            ):
                updated[sobject] += 1
    else:
        for e in entries:
            if (
                e.record_type in SALESFORCE
                and e.target_type is not None
                and e.action
                in (
                    PlanAction.SYNC,
                    PlanAction.DEDUPE,
                )
            ):
                updated[SALESFORCE[e.record_type]] += 1
    got = {
        o.salesforce_object.value: (o.creations, o.updates) for o in estimate.objects
    }
    objects = set(created) | set(updated)
    assert got == {o: (created[o], updated[o]) for o in objects}
    assert estimate.calls == sum(
        math.ceil(created[o] / creates) + math.ceil(updated[o] / updates)
        for o in objects
    )
    daily = snapshot.settings.api_call_allocation
    if daily is None:
        daily = 5_000
    assert estimate.days == (None if daily == 0 else math.ceil(estimate.calls / daily))
    assert all(r.rule == "ERR-2" for r in estimate.reasons)


@given(cs.snapshots())
@settings(max_examples=60, deadline=None)
def test_every_pair_with_a_salesforce_record_has_its_salesforce_entry(
    snapshot: Snapshot,
) -> None:
    """What `counts_pair` relies on: a HubSpot entry that carries a pair's
    field writes with an existing Salesforce record names a record whose own
    entry carries field writes and names it back (ids compared as DUP-7
    does), so counting a pair on its Salesforce entry misses none."""
    entries = plan(snapshot, fields=FieldDetail.CHANGES).entries
    back: Counter[tuple[str, str | None]] = Counter(
        (salesforce_id_key(e.record_id), e.target_id)
        for e in entries
        if e.fields is not None
        and e.record_type in SALESFORCE
        and e.record_id is not None
        and e.target_id is not None
    )
    for e in entries:
        if e.fields is not None and e.record_type in HUBSPOT and e.target_id:
            assert back[(salesforce_id_key(e.target_id), e.record_id)] == 1, e
