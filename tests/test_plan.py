"""The sync planner: one entry per record, composed decisions, rejections."""

from __future__ import annotations

import datetime as dt
import gc

import attrs
import pytest

from crmsync_rules import (
    NDJSON_TYPES,
    ContactCreation,
    Finding,
    HubSpotContact,
    HubSpotDeal,
    HubSpotOwner,
    HubSpotRecords,
    IntegrationSettings,
    LifecycleStage,
    OpportunityContactRole,
    OwnerAction,
    PlanAction,
    PlanEntry,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceOpportunity,
    SalesforceRecords,
    SalesforceUser,
    Severity,
    Snapshot,
    SnapshotError,
    SyncPlan,
    System,
    iter_ndjson,
    plan,
    plan_stream,
    sample_snapshot,
)

SETTINGS = IntegrationSettings(
    integrated_on=dt.date(2021, 2, 1), contact_creation=ContactCreation.CREATE
)
NO_HUBSPOT = HubSpotRecords()
NO_SALESFORCE = SalesforceRecords()


def rules(entry: PlanEntry) -> list[str]:
    return [r.rule for r in entry.reasons]


def only(result: SyncPlan, record_id: str) -> PlanEntry:
    (entry,) = [e for e in result.entries if e.record_id == record_id]
    return entry


def snapshot(
    *,
    hubspot: HubSpotRecords = NO_HUBSPOT,
    salesforce: SalesforceRecords = NO_SALESFORCE,
    settings: IntegrationSettings = SETTINGS,
) -> Snapshot:
    return Snapshot(settings=settings, hubspot=hubspot, salesforce=salesforce)


@pytest.fixture(scope="module")
def sample_plan() -> SyncPlan:
    return plan(sample_snapshot())


def test_every_sample_record_has_exactly_one_entry(sample_plan: SyncPlan) -> None:
    names = {cls: name for name, cls in NDJSON_TYPES.items()}
    expected = sorted((names[type(r)], r.id) for r in sample_snapshot().records())
    got = sorted((e.record_type, e.record_id or "") for e in sample_plan.entries)
    assert got == expected
    assert len(got) == len(expected) == 35
    assert sum(n for _, n in sample_plan.counts) == 35
    assert sample_plan.rejected == 0
    assert sample_plan.findings == ()


def test_sample_counts_per_action(sample_plan: SyncPlan) -> None:
    assert {a.value: n for a, n in sample_plan.counts} == {
        "sync": 12,
        "skip": 3,
        "create_in_hubspot": 4,
        "create_in_salesforce": 3,
        "dedupe": 2,
        "create_deal": 2,
        "reference": 9,
    }


def test_entries_come_in_ndjson_type_order_then_id(sample_plan: SyncPlan) -> None:
    kinds = [e.record_type for e in sample_plan.entries]
    assert kinds[0] == "hubspot_contact"
    assert kinds[-1] == "salesforce_queue"
    ids = [
        e.record_id or ""
        for e in sample_plan.entries
        if e.record_type == "hubspot_contact"
    ]
    assert ids == sorted(ids)


def test_sync5_contact_without_email_is_skipped(sample_plan: SyncPlan) -> None:
    entry = only(sample_plan, "503")
    assert entry.action is PlanAction.SKIP
    assert rules(entry)[-1] == "SYNC-5"


def test_sync3_subscriber_outside_the_default_list_is_skipped(
    sample_plan: SyncPlan,
) -> None:
    entry = only(sample_plan, "502")
    assert (entry.action, entry.system) == (PlanAction.SKIP, System.HUBSPOT)
    assert "is not in 'Salesforce inclusion list (default)'" in entry.reasons[1].detail


def test_lead_owned_by_a_queue_imports_the_queue(sample_plan: SyncPlan) -> None:
    entry = only(sample_plan, "00QA000000001AA")
    assert entry.action is PlanAction.CREATE_IN_HUBSPOT
    assert entry.owner is not None
    assert entry.owner.action is OwnerAction.IMPORT
    assert entry.owner.import_from == "00GA000000001AA"
    assert rules(entry)[-2:] == ["OWN-1", "OWN-3"]


def test_lc2_closed_won_with_contact_role_makes_contacts_customers(
    sample_plan: SyncPlan,
) -> None:
    opportunity = only(sample_plan, "006A000000001AA")
    assert opportunity.lifecycle is LifecycleStage.CUSTOMER
    assert set(opportunity.related) == {"505", "506"}
    for contact_id in ("505", "506"):
        assert only(sample_plan, contact_id).lifecycle is LifecycleStage.CUSTOMER


def test_lc3_closed_won_without_contact_roles_is_explained_on_the_contact(
    sample_plan: SyncPlan,
) -> None:
    entry = only(sample_plan, "501")
    assert entry.lifecycle is None
    assert any(
        r.rule == "LC-3" and "'006A000000002AA' has no contact roles" in r.detail
        for r in entry.reasons
    )


def test_opt2_unsubscribed_contact_ticks_its_lead(sample_plan: SyncPlan) -> None:
    entry = only(sample_plan, "504")
    assert entry.optout is not None
    assert entry.optout.state.salesforce_opted_out
    assert "OPT-2" in rules(entry)


def test_about_lists_the_record_first_then_entries_naming_it(
    sample_plan: SyncPlan,
) -> None:
    about = sample_plan.about("501")
    assert about[0].record_id == "501"
    assert {e.record_id for e in about[1:]} == {"003A000000001AA", "006A000000003AA"}


def test_duplicate_ids_reject_every_record_sharing_the_id() -> None:
    result = plan(
        snapshot(
            salesforce=SalesforceRecords(
                leads=(
                    SalesforceLead(id="00Q1", email="a@example.com"),
                    SalesforceLead(id="00Q1", email="b@example.com"),
                    SalesforceLead(id="00Q2", email="c@example.com"),
                )
            )
        )
    )
    rejected = [e for e in result.entries if e.action is PlanAction.REJECTED]
    assert [e.record_id for e in rejected] == ["00Q1", "00Q1"]
    assert all(rules(e) == ["ERR-1", "ERR-1"] for e in rejected)
    assert "duplicates error" in rejected[0].reasons[1].detail
    assert only(result, "00Q2").action is PlanAction.CREATE_IN_HUBSPOT


def test_invalid_emails_are_rejected_not_dropped() -> None:
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(contacts=(HubSpotContact(id="1", email="a@@b.nl"),)),
            salesforce=SalesforceRecords(
                leads=(SalesforceLead(id="00Q1", email="x@@y.nl"),)
            ),
        )
    )
    contact, lead = only(result, "1"), only(result, "00Q1")
    assert contact.action is lead.action is PlanAction.REJECTED
    assert rules(contact) == ["ERR-1", "ERR-1"]
    assert "property values error" in contact.reasons[1].detail
    assert rules(lead) == ["DUP-1", "ERR-1"]
    assert result.rejected == 2


def test_dangling_references_are_rejected() -> None:
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(contacts=(HubSpotContact(id="1", owner_id="9"),)),
            salesforce=SalesforceRecords(
                contacts=(SalesforceContact(id="003A", account_id="001X"),),
                opportunities=(
                    SalesforceOpportunity(
                        id="006A",
                        contact_roles=(OpportunityContactRole(contact_id="003Z"),),
                    ),
                ),
            ),
        )
    )
    details = {e.record_id: e.reasons[0].detail for e in result.entries}
    assert result.rejected == 3
    assert "owner_id '9'" in details["1"]
    assert "account_id '001X'" in details["003A"]
    assert "contact role contact_id '003Z'" in details["006A"]


def test_dup1_two_salesforce_contacts_sharing_an_email_lowest_id_creates() -> None:
    result = plan(
        snapshot(
            salesforce=SalesforceRecords(
                contacts=(
                    SalesforceContact(id="003B", email="Jan@Vries.nl"),
                    SalesforceContact(id="003A", email="jan@vries.nl"),
                )
            )
        )
    )
    first, second = only(result, "003A"), only(result, "003B")
    assert first.action is PlanAction.CREATE_IN_HUBSPOT
    assert second.action is PlanAction.DEDUPE
    assert second.related == ("003A",)
    (finding,) = result.findings
    assert (finding.severity, finding.rule) == (Severity.WARNING, "DUP-1")
    assert "'003A'" in finding.detail
    assert "'003B'" in finding.detail


def test_dup1_every_record_sharing_a_new_contact_is_in_one_finding() -> None:
    result = plan(
        snapshot(
            salesforce=SalesforceRecords(
                contacts=(
                    SalesforceContact(id="003B", email=" JAN@vries.nl"),
                    SalesforceContact(id="003A", email="jan@vries.nl"),
                ),
                leads=(SalesforceLead(id="00Q1", email="Jan@Vries.NL"),),
            )
        )
    )
    assert [only(result, i).action for i in ("003A", "003B", "00Q1")] == [
        PlanAction.CREATE_IN_HUBSPOT,
        PlanAction.DEDUPE,
        PlanAction.DEDUPE,
    ]
    (finding,) = result.findings
    assert finding.detail.startswith(
        "Salesforce records Contact '003A', Contact '003B', Lead '00Q1' share one "
        "email address and all resolve to the HubSpot contact that '003A' creates"
    )


def test_dup1_a_lead_sharing_an_id_with_a_contact_creates_for_its_address() -> None:
    """DUP-1: the record that creates the contact others dedupe into is the
    one with their address, even when a contact and a lead share its id."""
    result = plan(
        snapshot(
            salesforce=SalesforceRecords(
                contacts=(SalesforceContact(id="X1", email=None),),
                leads=(
                    SalesforceLead(id="X1", email="jan@vries.nl"),
                    SalesforceLead(id="X2", email="Jan@Vries.nl"),
                ),
            )
        )
    )
    follower = only(result, "X2")
    assert follower.action is PlanAction.DEDUPE
    assert follower.related == ("X1",)
    (finding,) = result.findings
    assert "Lead 'X1', Lead 'X2' share one email address" in finding.detail
    assert "Contact 'X1'" not in finding.detail


def test_unreadable_ndjson_lines_become_rejected_entries() -> None:
    lines = [
        '{"type": "settings", "integrated_on": "2021-02-01"}',
        '{"type": "hubspot_contact", "id": "1"}',
        '{"type": "salesforce_lead", "id": "00Q1", "email": "x@@y.nl"}',
        "not json",
    ]
    stream = plan_stream(iter_ndjson(lines, source="in.ndjson"))
    entries = list(stream)
    assert stream.records == 3
    assert [(e.record_type, e.record_id, e.line) for e in entries] == [
        ("hubspot_contact", "1", None),
        ("salesforce_lead", "00Q1", 3),
        ("unknown", None, 4),
    ]
    assert entries[2].system is System.UNKNOWN
    assert entries[1].action is entries[2].action is PlanAction.REJECTED
    assert "in.ndjson" in entries[1].reasons[0].detail


def test_settings_must_come_first_and_once() -> None:
    with pytest.raises(SnapshotError, match="settings must come first"):
        plan_stream([HubSpotContact(id="1")])
    with pytest.raises(SnapshotError, match="must come once"):
        plan_stream([SETTINGS, SETTINGS])
    bad = list(iter_ndjson(['{"type": "settings"}'], source="in.ndjson"))
    with pytest.raises(SnapshotError, match="settings cannot be read"):
        plan_stream(bad)


def test_own4_hubspot_owner_of_a_new_contact_must_match_an_active_user() -> None:
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(
                contacts=(HubSpotContact(id="1", email="a@example.com", owner_id="7"),),
                owners=(
                    HubSpotOwner(
                        id="7",
                        email="an@example.com",
                        first_name="An",
                        last_name="Smit",
                    ),
                ),
            ),
            salesforce=SalesforceRecords(
                users=(
                    SalesforceUser(
                        id="005A",
                        email="an@example.com",
                        first_name="An",
                        last_name="Smit",
                    ),
                )
            ),
        )
    )
    entry = only(result, "1")
    assert entry.action is PlanAction.CREATE_IN_SALESFORCE
    assert entry.owner is not None
    assert (entry.owner.action, entry.owner.owner_id) == (OwnerAction.SET, "005A")


def test_pa2_person_account_creates_company_and_contact() -> None:
    settings = attrs.evolve(SETTINGS, person_accounts=True, account_sync=True)
    result = plan(
        snapshot(
            settings=settings,
            salesforce=SalesforceRecords(
                accounts=(
                    SalesforceAccount(id="001P", is_person_account=True, name="Anna"),
                )
            ),
        )
    )
    entry = only(result, "001P")
    assert entry.action is PlanAction.CREATE_IN_HUBSPOT
    assert "PA-2" in rules(entry)


def test_the_plan_does_not_depend_on_input_order() -> None:
    sample = sample_snapshot()
    reversed_sample = Snapshot(
        settings=sample.settings,
        hubspot=HubSpotRecords(
            **{
                f.name: tuple(reversed(getattr(sample.hubspot, f.name)))
                for f in attrs.fields(HubSpotRecords)
            }
        ),
        salesforce=SalesforceRecords(
            **{
                f.name: tuple(reversed(getattr(sample.salesforce, f.name)))
                for f in attrs.fields(SalesforceRecords)
            }
        ),
    )
    assert plan(reversed_sample) == plan(sample)


def test_opt2_linked_salesforce_opt_out_unsubscribes_the_contact() -> None:
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(
                contacts=(
                    HubSpotContact(
                        id="1", email="an@example.com", salesforce_lead_id="00Q1"
                    ),
                ),
                deals=(HubSpotDeal(id="7"),),
            ),
            salesforce=SalesforceRecords(
                leads=(
                    SalesforceLead(
                        id="00Q1", email="an@example.com", has_opted_out_of_email=True
                    ),
                )
            ),
            settings=attrs.evolve(
                SETTINGS, deal_sync=True, synced_pipelines=("default",)
            ),
        )
    )
    lead = only(result, "00Q1")
    assert lead.action is PlanAction.SYNC
    assert lead.optout is not None
    assert lead.optout.state.hubspot_unsubscribed
    assert rules(lead)[-1] == "OPT-2"
    deal = only(result, "7")
    assert (deal.action, deal.target_type, deal.target_id) == (
        PlanAction.CREATE_IN_SALESFORCE,
        "salesforce_opportunity",
        None,
    )


def test_opt2_new_salesforce_record_of_an_unsubscribed_contact_is_opted_out() -> None:
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(
                contacts=(
                    HubSpotContact(id="1", email="an@example.com", unsubscribed=True),
                )
            ),
            salesforce=SalesforceRecords(
                accounts=(SalesforceAccount(id="001A"),),
                opportunities=(
                    SalesforceOpportunity(id="006A", is_closed=True, is_won=True),
                ),
            ),
            settings=attrs.evolve(
                SETTINGS, deal_sync=True, synced_pipelines=("default",)
            ),
        )
    )
    contact = only(result, "1")
    assert contact.action is PlanAction.CREATE_IN_SALESFORCE
    assert contact.optout is not None
    assert contact.optout.state.salesforce_opted_out
    account = only(result, "001A")
    assert account.action is PlanAction.SKIP
    assert account.reasons[-1].rule == "CN-3"
    opportunity = only(result, "006A")
    assert (opportunity.action, opportunity.owner) == (PlanAction.CREATE_DEAL, None)


@pytest.mark.parametrize("enabled", [True, False])
def test_planning_restores_the_callers_collector_setting(enabled: bool) -> None:
    """The planner pauses the garbage collector while it reads and decides
    in bulk; the caller's setting holds before, between and after entries."""
    snapshot = sample_snapshot()
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        stream = plan_stream([snapshot.settings, *snapshot.records()])
        assert gc.isenabled() is enabled
        seen = []
        for entry in stream:
            assert gc.isenabled() is enabled
            seen.append(entry)
        assert gc.isenabled() is enabled
        assert seen == list(plan(snapshot).entries)
    finally:
        gc.enable() if was else gc.disable()


def test_planning_spares_its_records_from_collection_and_thaws_them() -> None:
    """Issue 7: while the entries are computed, the records are out of the
    collector's reach (every collection of an old generation would traverse
    millions of them again); the last entry, a stream dropped half-way and
    a stream never iterated all leave nothing frozen."""
    snapshot = sample_snapshot()
    values = [snapshot.settings, *snapshot.records()]
    assert gc.get_freeze_count() == 0
    stream = plan_stream(values)
    assert gc.get_freeze_count() > 0
    entries = list(stream)
    assert gc.get_freeze_count() == 0
    assert entries == list(plan(snapshot).entries)

    stream = plan_stream(values)
    iterator = iter(stream)
    next(iterator)
    assert gc.get_freeze_count() > 0
    del iterator, stream
    assert gc.get_freeze_count() == 0

    stream = plan_stream(values)
    assert gc.get_freeze_count() > 0
    del stream
    assert gc.get_freeze_count() == 0


def _tracked(obj: object) -> bool:
    # gc.get_objects() lists generations 0-2: a frozen object is not there.
    return any(o is obj for o in gc.get_objects())


def test_planning_leaves_a_callers_frozen_objects_as_they_were() -> None:
    """A process that froze objects of its own (a pre-fork server) keeps
    them frozen: the planner then spares nothing rather than thaw them.

    Judged on the caller's own object and on what a freeze or a thaw would
    do to the count, not on the count staying equal: it is process-wide,
    and frozen objects that die meanwhile (a tracer's, a test runner's;
    mutmut's stats phase frees some) leave it by themselves."""
    snapshot = sample_snapshot()
    mine: list[object] = [object()]
    doomed: list[object] | None = [[], {}]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert not _tracked(mine)
        stream = plan_stream([snapshot.settings, *snapshot.records()])
        doomed = None  # frozen objects die while the plan runs
        entries = list(stream)
        after = gc.get_freeze_count()
        # Still frozen: the planner thawed nothing (a thaw empties the
        # permanent generation) and froze nothing of its own (a freeze only
        # adds to it).
        assert not _tracked(mine)
        assert 0 < after <= frozen
        assert entries == list(plan(snapshot).entries)
    finally:
        gc.unfreeze()
    assert _tracked(mine)
    assert doomed is None


def test_a_plan_that_fails_to_start_leaves_nothing_frozen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: object) -> tuple[Finding, ...]:
        raise RuntimeError("findings failed")

    monkeypatch.setattr("crmsync_rules._plan._Planner.findings", broken)
    snapshot = sample_snapshot()
    with pytest.raises(RuntimeError, match="findings failed"):
        plan_stream([snapshot.settings, *snapshot.records()])
    assert gc.get_freeze_count() == 0
