"""The mapping summary (`mapping_summary`, issue 16 item 3) and the API call
estimate (`estimate_calls`, item 5): FM-1, FM-2, LC-2 and ERR-2's sentences,
the counts of the bundled sample against counts worked out by hand from its
records, and ``plan``'s summaries in text, JSON and NDJSON.

The sample's contact <-> contact pairs (nine): Salesforce contacts 001, 002,
003, 009, 010 and 011 (each syncs, dedupes or creates a HubSpot contact) and
HubSpot contacts 507, 508 and 513, which create Salesforce contacts. Its
contact <-> lead pairs (five): leads 001 to 005.
"""

from __future__ import annotations

import contextlib
import io
import json
import pickle

import attrs
import pytest

from crmsync_rules import (
    FieldMapping,
    HubSpotObject,
    HubSpotPropertyType,
    SalesforceFieldType,
    SalesforceObject,
    Snapshot,
    SyncRule,
    sample_snapshot,
)
from crmsync_rules.cli._main import main
from crmsync_rules.codec import SYNC_RULE_LABELS
from crmsync_rules.errors import InvalidSettingsError
from crmsync_rules.mappings import FieldWrite, HubSpotFieldType, Side
from crmsync_rules.model import Reason
from crmsync_rules.planner import FieldDetail, PlanAction, PlanEntry, System, plan
from crmsync_rules.planner._estimate import (
    CallAssumptions,
    CallTally,
    estimate_calls,
)
from crmsync_rules.planner._summary import (
    SYNC_RULE_WORDS,
    MappingCounts,
    MappingSummary,
    MappingTally,
    ValueChange,
    counts_pair,
    mapping_summary,
    object_pair,
    value_change,
)

PHONE = FieldMapping(
    hubspot_object=HubSpotObject.CONTACT,
    hubspot_property="phone",
    hubspot_type=HubSpotPropertyType.STRING,
    hubspot_field_type=HubSpotFieldType.TEXT,
    salesforce_object=SalesforceObject.CONTACT,
    salesforce_field="Phone",
    salesforce_type=SalesforceFieldType.PHONE,
    rule=SyncRule.ALWAYS_USE_SALESFORCE,
)
"""Phone, "Always use Salesforce": HubSpot contact 505 has a phone number,
its Salesforce contact 003A000000002AA none, so the sync clears it (FM-2)."""


def with_phone() -> Snapshot:
    snapshot = sample_snapshot()
    settings = attrs.evolve(
        snapshot.settings, mappings=(*snapshot.settings.mappings, PHONE)
    )
    return attrs.evolve(snapshot, settings=settings)


def summary_of(
    snapshot: Snapshot, detail: FieldDetail = FieldDetail.CHANGES, **kw: int
) -> MappingSummary:
    return mapping_summary(
        plan(snapshot, fields=detail).entries, snapshot.settings.mappings, **kw
    )


def row(summary: MappingSummary, prop: str, sobject: str = "Contact") -> MappingCounts:
    (found,) = [
        r
        for r in summary.mappings
        if r.mapping.hubspot_property == prop
        and r.mapping.salesforce_object.value == sobject
    ]
    return found


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(list(args))
    return status, out.getvalue()


# --- what one write does ----------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        (None, "CTO", ValueChange.FILL),
        ("", "CTO", ValueChange.FILL),
        ((), ("a",), ValueChange.FILL),
        ("CTO", None, ValueChange.CLEAR),
        ("CTO", "", ValueChange.CLEAR),
        ("CTO", "Chief", ValueChange.OVERWRITE),
        (False, True, ValueChange.OVERWRITE),
        (1, 2, ValueChange.OVERWRITE),
        ("CTO", "CTO", None),
        (None, "", None),
        ((), None, None),
    ],
)
def test_value_change(before: object, after: object, change: ValueChange) -> None:
    assert value_change(before, after) is change  # type: ignore[arg-type]


def test_the_sync_rule_words_are_the_settings_files() -> None:
    assert dict(SYNC_RULE_WORDS) == dict(SYNC_RULE_LABELS)


# --- the sample's counts, worked out by hand --------------------------------


def test_fm1_jobtitle_overwrites_one_hubspot_value_and_fills_one_salesforce() -> None:
    """FM-1: Salesforce contact 003A000000002AA's Title "Head of Purchasing"
    overwrites contact 505's "Buyer"; Salesforce contact 003A000000010AA's
    cleared Title clears contact 509's "Analyst"; HubSpot contact 508's
    "CFO" fills the new Salesforce contact's blank Title; the six other
    pairs have no job title on either side."""
    counts = row(summary_of(sample_snapshot()), "jobtitle")
    assert counts.pairs == 9
    assert counts.hubspot.overwrite == 1
    assert (counts.hubspot.fill, counts.hubspot.clear) == (0, 1)
    assert counts.hubspot.leave == 7
    assert counts.salesforce.fill == 1
    assert counts.salesforce.overwrite == counts.salesforce.clear == 0
    assert counts.salesforce.leave == 8


def test_fm1_finding_for_a_risky_overwrite_and_any_clear() -> None:
    """FM-1: one overwrite in nine pairs (11%) is at least 10% of the pairs;
    a clear is risky whatever its count."""
    summary = summary_of(sample_snapshot())
    jobtitle = [f for f in summary.findings if "`jobtitle`" in f.detail]
    assert [(f.rule, f.detail) for f in jobtitle] == [
        (
            "FM-1",
            "`jobtitle` <-> `Title` (Prefer Salesforce unless blank) overwrites 1 "
            "non-blank HubSpot value (of 9 contact <-> contact pairs).",
        ),
        (
            "FM-1",
            "`jobtitle` <-> `Title` (Prefer Salesforce unless blank) clears 1 "
            "HubSpot value (of 9 contact <-> contact pairs).",
        ),
    ]


def test_lc2_lifecycle_overwrites_are_findings_citing_lc2() -> None:
    """LC-2: contacts 505 and 506 (Closed/Won) and 501 (LC-4) have their
    stage overwritten; most of the three writes cite LC-2."""
    summary = summary_of(sample_snapshot())
    counts = row(summary, "lifecyclestage")
    assert counts.hubspot.overwrite == 3
    (finding,) = [f for f in summary.findings if "`lifecyclestage`" in f.detail]
    assert finding.rule == "LC-2"
    assert "overwrites 3 non-blank HubSpot values (of 9 contact" in finding.detail


def test_fm2_clears_a_hubspot_value() -> None:
    """FM-2: Salesforce's blank Phone clears contact 505's phone; HubSpot
    never writes Phone."""
    summary = summary_of(with_phone())
    counts = row(summary, "phone")
    assert counts.hubspot.clear == 1
    assert counts.hubspot.leave == 8
    assert counts.salesforce.changes == 0
    assert counts.salesforce.leave == 9
    clears = [f for f in summary.findings if "`phone`" in f.detail]
    assert [(f.rule, f.detail) for f in clears] == [
        (
            "FM-2",
            "`phone` <-> `Phone` (Always use Salesforce) clears 1 HubSpot value "
            "(of 9 contact <-> contact pairs).",
        )
    ]


def test_opt2_the_locked_optout_mapping_is_counted_but_gets_no_finding() -> None:
    """OPT-2: contact 504's opt-out passes to lead 00QA000000002AA, lead
    00QA000000003AA's to the HubSpot contact it creates: counted, but the
    locked mapping gets no finding (no setting changes it, OPT-1)."""
    summary = summary_of(sample_snapshot())
    counts = row(summary, "hs_email_optout", "Lead")
    assert counts.pairs == 5
    assert counts.hubspot.overwrite == 1
    assert counts.salesforce.overwrite == 1
    assert not [f for f in summary.findings if "hs_email_optout" in f.detail]


def test_fm1_thresholds_are_settable() -> None:
    """FM-1: the overwrite thresholds of a finding are settable."""
    snapshot = sample_snapshot()
    rules = [f.rule for f in summary_of(snapshot, overwrite_share=12).findings]
    # 1 overwrite in 9 is under 12%, 3 in 9 is not; a clear is always risky
    assert rules == ["FM-1", "LC-2"]
    # No overwrite reaches 4 values: only 509's clear is left (FM-1).
    none = summary_of(snapshot, overwrite_share=100, overwrite_count=4)
    assert [f.detail.split(") ")[1] for f in none.findings] == [
        "clears 1 HubSpot value (of 9 contact <-> contact pairs)."
    ]
    # One value is enough: 505's first name (FM-3), job title (FM-1), the
    # clear and the lifecycle overwrites (LC-2).
    by_count = summary_of(snapshot, overwrite_share=100, overwrite_count=1)
    assert [f.rule for f in by_count.findings] == ["FM-3", "FM-1", "FM-1", "LC-2"]


def test_thresholds_out_of_range_are_refused() -> None:
    entries = plan(sample_snapshot()).entries
    with pytest.raises(InvalidSettingsError, match="overwrite_share"):
        mapping_summary(entries, (), overwrite_share=101)
    with pytest.raises(InvalidSettingsError, match="overwrite_count"):
        mapping_summary(entries, (), overwrite_count=0)


def test_the_summary_is_the_same_for_changes_and_all() -> None:
    snapshot = with_phone()
    assert summary_of(snapshot, FieldDetail.CHANGES) == summary_of(
        snapshot, FieldDetail.ALL
    )


def test_a_plan_without_field_writes_counts_no_pairs() -> None:
    snapshot = sample_snapshot()
    summary = summary_of(snapshot, FieldDetail.NONE)
    assert summary.pairs == ()
    assert all(r.pairs == 0 and r.hubspot.leave == 0 for r in summary.mappings)
    assert summary.findings == ()


def test_each_pair_is_counted_once_whatever_the_order_of_its_entries() -> None:
    entries = plan(sample_snapshot(), fields=FieldDetail.CHANGES).entries
    mappings = sample_snapshot().settings.mappings
    assert mapping_summary(entries, mappings) == mapping_summary(
        reversed(entries), mappings
    )
    assert (
        dict(mapping_summary(entries, mappings).pairs)[
            (HubSpotObject.CONTACT, SalesforceObject.CONTACT)
        ]
        == 9
    )


def test_fm2_tallies_of_parts_of_a_plan_add_up() -> None:
    """The mapping summary from tallies merged: the bulk engine counts each
    batch's entries in a worker process (a tally pickled back, with no
    table of its own) and merges them by mapping value. One tally an entry
    gives the summary of one tally, with phone's clear (FM-2) and the
    findings worked out above."""
    snapshot = with_phone()
    mappings = snapshot.settings.mappings
    entries = plan(snapshot, fields=FieldDetail.CHANGES).entries
    total = MappingTally(mappings)
    for n, entry in enumerate(entries):
        part = MappingTally(() if n % 2 else mappings)
        part.add(entry)
        total.merge(pickle.loads(pickle.dumps(part)))
    summary = total.summary()
    assert row(summary, "phone").hubspot.clear == 1
    assert [f.rule for f in summary.findings] == [
        f.rule for f in summary_of(snapshot).findings
    ]
    assert summary == summary_of(snapshot)


def test_a_merged_mapping_the_tally_has_not_seen_comes_after_its_own() -> None:
    """A mapping only the merged tally knows joins the table after the
    mappings of this one, in the merged tally's order (by value: the
    merged tally's objects are copies)."""
    snapshot = with_phone()
    entries = plan(snapshot, fields=FieldDetail.CHANGES).entries
    part = MappingTally(snapshot.settings.mappings)
    for entry in entries:
        part.add(entry)
    bare = MappingTally(())
    bare.merge(pickle.loads(pickle.dumps(part)))
    assert bare.summary() == part.summary()
    order = [r.mapping.hubspot_property for r in bare.summary().mappings]
    assert order[-1] == "phone"
    assert order.index("hs_email_optout") < order.index("jobtitle")


def test_an_unpickled_tally_counts_on() -> None:
    """An unpickled tally forgets the identities of the mappings it had
    looked up (they name other objects in this process) and counts the
    entries it is given as a new one does."""
    snapshot = with_phone()
    mappings = snapshot.settings.mappings
    entries = plan(snapshot, fields=FieldDetail.CHANGES).entries
    half = len(entries) // 2
    first = MappingTally(mappings)
    for entry in entries[:half]:
        first.add(entry)
    moved = pickle.loads(pickle.dumps(first))
    for entry in entries[half:]:
        moved.add(entry)
    assert moved.summary() == summary_of(snapshot)


# --- the API call estimate (ERR-2) ------------------------------------------


def creations(n: int) -> list[PlanEntry]:
    return [
        PlanEntry(
            system=System.HUBSPOT,
            record_type="hubspot_contact",
            record_id=str(i),
            action=PlanAction.CREATE_IN_SALESFORCE,
            reasons=(),
            target_type="salesforce_lead",
        )
        for i in range(n)
    ]


def test_err2_the_issue_sentence() -> None:
    """ERR-2: 31,000 calls at 15,000 a day take 3 days; retries stop above
    75% of the allocation, 11,250 calls."""
    estimate = estimate_calls(
        creations(31_000), allocation=15_000, from_field_writes=True
    )
    assert estimate.calls == 31_000
    assert estimate.days == 3
    assert [r.rule for r in estimate.reasons] == ["ERR-2"] * 3
    assert estimate.reasons[0].detail.startswith(
        "The plan's Salesforce writes need about 31,000 API calls: 31,000 records "
        "created at 1 per call and 0 records updated at 1 per call"
    )
    assert estimate.reasons[1].detail == (
        "At 15,000 calls a day for HubSpot the initial sync takes 3 days, and "
        "failed records stop being retried after 11,250 calls a day."
    )
    assert "more than 11,250 calls a day" in estimate.reasons[2].detail


def test_err2_without_an_allocation_assumes_5000_calls_a_day() -> None:
    """ERR-2: no allocation: 5,000 calls a day, the retry limit."""
    estimate = estimate_calls(creations(5_001), allocation=None, from_field_writes=True)
    assert (estimate.daily_calls, estimate.days, estimate.allocation_set) == (
        5_000,
        2,
        False,
    )
    assert estimate.reasons[1].detail == (
        "No API call allocation is set: at 5,000 calls a day the initial sync "
        "takes 2 days, and failed records stop being retried after 5,000 calls "
        "in 24 hours."
    )
    assert len(estimate.reasons) == 2  # 5,000 a day is not more than 5,000


def test_err2_an_allocation_of_nothing() -> None:
    """ERR-2: an allocation of 0 calls a day: the writes cannot be made."""
    estimate = estimate_calls(creations(1), allocation=0, from_field_writes=True)
    assert estimate.days is None
    assert "0 calls a day" in estimate.reasons[1].detail


def test_err2_an_uneven_threshold_keeps_its_fraction() -> None:
    """ERR-2: 75% of 15,001 calls is 11,250.75."""
    estimate = estimate_calls(creations(1), allocation=15_001, from_field_writes=True)
    assert estimate.retry_threshold == 11_250.75
    assert "after 11,250.75 calls a day" in estimate.reasons[1].detail
    assert "1 day," in estimate.reasons[1].detail


def test_err2_records_per_call_are_settable() -> None:
    """ERR-2: 401 creations at 200 per call take 3 calls."""
    estimate = estimate_calls(
        creations(401),
        allocation=15_000,
        from_field_writes=True,
        assumptions=CallAssumptions(creates_per_call=200),
    )
    assert estimate.calls == 3
    assert "401 records created at 200 per call" in estimate.reasons[0].detail


@pytest.mark.parametrize("per_call", [0, 201, True, 1.5])
def test_records_per_call_out_of_range_are_refused(per_call: object) -> None:
    with pytest.raises(InvalidSettingsError, match="creates_per_call"):
        CallAssumptions(creates_per_call=per_call)  # type: ignore[arg-type]


@pytest.mark.parametrize("allocation", [-1, True, 1.5])
def test_a_bad_allocation_is_refused(allocation: object) -> None:
    with pytest.raises(InvalidSettingsError, match="allocation"):
        CallTally(from_field_writes=True).estimate(allocation=allocation)  # type: ignore[arg-type]


def test_err2_the_sample_from_its_field_writes() -> None:
    """ERR-2: creations: HubSpot contacts 507, 508, 513 (Salesforce
    contacts) and company 9003 (an account); updates, pairs writing to
    Salesforce: lead 00QA000000002AA (Email Opt Out, OPT-2) and contacts
    003A000000001AA, 002 and 003 (the lifecycle stage, LC-1)."""
    snapshot = sample_snapshot()
    entries = plan(snapshot, fields=FieldDetail.CHANGES).entries
    estimate = estimate_calls(entries, allocation=15_000, from_field_writes=True)
    by_object = {
        o.salesforce_object.value: (o.creations, o.updates, o.calls)
        for o in estimate.objects
    }
    assert by_object == {"Lead": (0, 1, 1), "Contact": (3, 3, 6), "Account": (1, 0, 1)}
    assert (estimate.calls, estimate.days) == (8, 1)


def test_err2_the_sample_without_field_writes() -> None:
    """ERR-2: without field writes every Salesforce record that syncs or
    dedupes is assumed updated once: leads 002, 004, 005; contacts 001, 002,
    003, 010, 011; accounts 001, 002; opportunity 001."""
    entries = plan(sample_snapshot()).entries
    estimate = estimate_calls(entries, allocation=15_000, from_field_writes=False)
    by_object = {
        o.salesforce_object.value: (o.creations, o.updates) for o in estimate.objects
    }
    assert by_object == {
        "Lead": (0, 3),
        "Contact": (3, 5),
        "Account": (1, 2),
        "Opportunity": (0, 1),
    }
    assert estimate.calls == 15
    assert "assumed, as the plan has no field writes" in estimate.reasons[0].detail


@pytest.mark.parametrize(("from_field_writes", "calls"), [(False, 15), (True, 8)])
def test_err2_tallies_of_parts_of_a_plan_add_up(
    from_field_writes: bool,
    calls: int,
) -> None:
    """ERR-2's estimate from tallies added up: the bulk engine counts each
    batch's entries where it plans them (`CallTally.merge`); the sample's
    entries counted one tally an entry give the estimate worked out by hand
    above (15 calls from the actions, 8 from the field writes)."""
    fields = FieldDetail.CHANGES if from_field_writes else FieldDetail.NONE
    entries = plan(sample_snapshot(), fields=fields).entries
    total = CallTally(from_field_writes=from_field_writes)
    for entry in entries:
        part = CallTally(from_field_writes=from_field_writes)
        part.add(entry)
        total.merge(part)
    merged = total.estimate(allocation=15_000)
    assert merged.calls == calls
    assert merged == estimate_calls(
        entries, allocation=15_000, from_field_writes=from_field_writes
    )


# --- plan's output ----------------------------------------------------------


def test_plan_text_has_the_estimate_always_the_mapping_summary_with_fields() -> None:
    status, bare = run("plan", "--no-estimate")
    assert status == 0
    assert "API calls:" not in bare
    assert "Mappings:" not in bare
    status, text = run("plan")
    assert status == 0
    assert "Mappings:" not in text
    assert text.startswith(bare.split("Findings:")[0])
    assert (
        "API calls: about 15\n  Lead                          3 (0 created, 3 updated)"
        in text
    )
    assert "assumed, as the plan has no field writes" in text
    status, text = run("plan", "--fields")
    assert "Mappings: values per side" in text
    assert (
        "  FM-1: `jobtitle` <-> `Title` (Prefer Salesforce unless blank) overwrites "
        "1 non-blank HubSpot value (of 9 contact <-> contact pairs)." in text
    )
    assert "API calls: about 8" in text
    assert "ERR-2: At 15,000 calls a day for HubSpot" in text
    # jobtitle's two rows: HubSpot 1 overwrite, 1 clear, 7 left; Salesforce
    # 1 fill, 8 left
    lines = text.splitlines()
    (at,) = [i for i, x in enumerate(lines) if x.startswith("  jobtitle <-> ")]
    assert lines[at].split()[-5:] == ["HubSpot", "1", "0", "1", "7"]
    assert lines[at + 1].split() == ["Salesforce", "0", "1", "0", "8"]


def test_plan_summary_alone_shows_no_entries() -> None:
    status, text = run("plan", "--summary")
    assert status == 0
    assert "field jobtitle" not in text
    assert "hubspot_contact         501" not in text
    assert "Summary: 44 records" in text
    assert "Mappings: values per side" in text
    status, document = run("plan", "--summary", "--format", "json")
    data = json.loads(document)
    assert data["entries"] == []
    assert data["summary"]["records"] == 44


def test_plan_json_carries_both_summaries() -> None:
    _status, document = run("plan", "--fields", "--format", "json")
    data = json.loads(document)
    mappings = data["mapping_summary"]["mappings"]
    (title,) = [m for m in mappings if m["hubspot_property"] == "jobtitle"]
    assert title["pairs"] == 9
    assert title["hubspot"] == {"overwrite": 1, "fill": 0, "clear": 1, "leave": 7}
    assert title["salesforce"] == {"overwrite": 0, "fill": 1, "clear": 0, "leave": 8}
    assert [f["rule"] for f in data["mapping_summary"]["findings"]] == [
        "FM-3",
        "FM-1",
        "FM-1",
        "LC-2",
    ]
    calls = data["api_calls"]
    assert (calls["calls"], calls["creations"], calls["updates"]) == (8, 4, 4)
    assert calls["assumptions"] == {
        "creates_per_call": 1,
        "updates_per_call": 1,
        "updates_from": "field_writes",
    }
    _status, document = run("plan", "--format", "json", "--no-estimate")
    assert "mapping_summary" not in json.loads(document)
    assert "api_calls" not in json.loads(document)
    _status, document = run("plan", "--format", "json")
    data = json.loads(document)
    assert "mapping_summary" not in data
    assert data["api_calls"]["assumptions"]["updates_from"] == "every_synced_record"
    assert data["api_calls"]["calls"] == 15


def test_plan_ndjson_ends_with_the_summaries_before_the_summary_line() -> None:
    _status, document = run(
        "plan", "--fields", "--format", "ndjson", "--updates-per-call", "200"
    )
    lines = [json.loads(x) for x in document.splitlines()]
    assert [x["type"] for x in lines[-3:]] == [
        "mapping_summary",
        "api_calls",
        "summary",
    ]
    calls = lines[-2]
    # 4 creations at 1 per call, then updates (1 lead, 3 contacts) at 200
    assert calls["calls"] == 4 + 1 + 1
    assert calls["assumptions"]["updates_per_call"] == 200
    _status, document = run("plan", "--format", "ndjson")
    types = [json.loads(x)["type"] for x in document.splitlines()]
    assert types[-3:] == ["finding", "api_calls", "summary"]
    _status, document = run("plan", "--format", "ndjson", "--no-estimate")
    assert "api_calls" not in document


def test_plan_refuses_a_records_per_call_out_of_range() -> None:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = main(["plan", "--creates-per-call", "0"])
    assert status == 2
    assert "creates_per_call must be a whole number from 1 to 200" in err.getvalue()


# --- entries that are no pair's ---------------------------------------------


def test_entries_that_name_no_pair_count_nothing() -> None:
    """An owner's reference, an entry naming a record of its own system and
    a skip naming its linked record are no pair's entries."""
    reference = PlanEntry(
        system=System.HUBSPOT,
        record_type="hubspot_owner",
        record_id="101",
        action=PlanAction.REFERENCE,
        reasons=(),
    )
    odd = attrs.evolve(
        reference,
        record_type="hubspot_contact",
        action=PlanAction.CREATE_IN_SALESFORCE,
        target_type="hubspot_company",
    )
    skip = attrs.evolve(
        reference,
        record_type="hubspot_contact",
        action=PlanAction.SKIP,
        target_type="salesforce_contact",
        target_id="003A000000001AA",
    )
    assert [object_pair(e) for e in (reference, odd)] == [None, None]
    assert object_pair(skip) == (HubSpotObject.CONTACT, SalesforceObject.CONTACT)
    assert not counts_pair(skip)
    estimate = estimate_calls(
        [reference, odd, skip], allocation=None, from_field_writes=False
    )
    assert (estimate.calls, estimate.objects) == (0, ())


def test_a_write_of_the_value_a_side_holds_changes_nothing() -> None:
    """A write that leaves the value as it is (a two-way mapping writing a
    side its own value) counts as left, not as a change."""
    (entry,) = [
        e
        for e in plan(sample_snapshot(), fields=FieldDetail.ALL).entries
        if e.record_id == "003A000000002AA"
    ]
    assert entry.fields is not None
    first = entry.fields.fields[0]
    same = attrs.evolve(
        first,
        writes=(
            FieldWrite(
                side=Side.HUBSPOT,
                value=first.hubspot_before,
                reason=Reason(rule="FM-3", detail="x"),
            ),
        ),
    )
    fields = attrs.evolve(entry.fields, fields=(same,))
    summary = mapping_summary([attrs.evolve(entry, fields=fields)], ())
    counts = row(summary, first.mapping.hubspot_property, "Contact")
    assert (counts.pairs, counts.hubspot.changes, counts.hubspot.leave) == (1, 0, 1)


def test_the_functions_are_public_in_the_planner() -> None:
    from crmsync_rules import planner

    assert planner.mapping_summary is mapping_summary
    assert planner.estimate_calls is estimate_calls
    assert planner.MappingTally.__module__ == "crmsync_rules.planner._summary"
