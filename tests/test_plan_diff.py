"""What differs between two plans (`diff_plans`) and ``crmsync-rules diff``:
a mapping's rule that flips a winner (FM-1, FM-2, FM-3, FM-4), the locked
opt-out mapping that no settings remove (OPT-1), an inclusion list that
stops a contact and its opt-out (OPT-4, SYNC-1), an integration user that
moves new records' owners (OWN-6), on hand-built snapshots; then the
command's output and exit statuses."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path

import attrs
import pytest

from crmsync_rules import (
    ContactCreation,
    HubSpotContact,
    HubSpotObject,
    HubSpotPropertyType,
    HubSpotRecords,
    IntegrationSettings,
    SalesforceContact,
    SalesforceFieldType,
    SalesforceObject,
    SalesforceRecords,
    Snapshot,
    sample_snapshot,
)
from crmsync_rules.cli._main import main
from crmsync_rules.codec import dump_snapshot, dumps_ndjson, iter_ndjson, unstructure
from crmsync_rules.errors import SnapshotError
from crmsync_rules.mappings import (
    FieldMapping,
    HubSpotFieldType,
    Side,
    SyncRule,
    WriteDirection,
)
from crmsync_rules.model import StaticInclusionList
from crmsync_rules.owners import OwnerAction
from crmsync_rules.planner import (
    ChangeKind,
    FieldDetail,
    PlanAction,
    PlanDiff,
    diff_plans,
    plan,
    plan_stream,
    settings_changes,
)

UTC = dt.timezone.utc
T0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
SF_ID = "003A000000000AA"
ROOT = Path(__file__).resolve().parent.parent


def title(rule: SyncRule) -> FieldMapping:
    return FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property="jobtitle",
        hubspot_type=HubSpotPropertyType.STRING,
        hubspot_field_type=HubSpotFieldType.TEXT,
        salesforce_object=SalesforceObject.CONTACT,
        salesforce_field="Title",
        salesforce_type=SalesforceFieldType.STRING,
        rule=rule,
    )


def settings(*mappings: FieldMapping, **options: object) -> IntegrationSettings:
    return IntegrationSettings(
        integrated_on=dt.date(2024, 1, 8),
        mappings=mappings,
        **options,  # type: ignore[arg-type]
    )


def pair(
    hubspot_title: str | None = "CTO",
    salesforce_title: str | None = "Chief Technology Officer",
    *,
    hubspot_day: int = 1,
    salesforce_day: int = 0,
    unsubscribed: bool = False,
) -> tuple[HubSpotContact, SalesforceContact]:
    """A synced pair whose job titles differ, each changed on its day."""
    hubspot = HubSpotContact(
        id="501",
        email="jan@vries.nl",
        salesforce_contact_id=SF_ID,
        updated_at=T0 + dt.timedelta(days=hubspot_day),
        properties={"jobtitle": hubspot_title},
        unsubscribed=unsubscribed,
    )
    salesforce = SalesforceContact(
        id=SF_ID,
        email="jan@vries.nl",
        system_modstamp=T0 + dt.timedelta(days=salesforce_day),
        properties={"Title": salesforce_title},
    )
    return hubspot, salesforce


def snapshot(
    config: IntegrationSettings, records: tuple[HubSpotContact, SalesforceContact]
) -> Snapshot:
    hubspot, salesforce = records
    return Snapshot(
        settings=config,
        hubspot=HubSpotRecords(contacts=(hubspot,)),
        salesforce=SalesforceRecords(contacts=(salesforce,)),
    )


def diff_of(
    old: IntegrationSettings,
    new: IntegrationSettings,
    records: tuple[HubSpotContact, SalesforceContact],
) -> PlanDiff:
    return diff_plans(
        plan(snapshot(old, records), fields=FieldDetail.ALL),
        plan(snapshot(new, records), fields=FieldDetail.ALL),
        settings=(old, new),
    )


# --- field winners -------------------------------------------------------------


def test_fm1_fm3_two_way_lets_the_newer_hubspot_title_win() -> None:
    """FM-1: HubSpot never writes over a Salesforce value; FM-3: the most
    recent change wins. HubSpot's title changed a day later, so turning
    the mapping two-way sends it to Salesforce."""
    records = pair("CTO", "Chief Technology Officer", hubspot_day=1)
    old, new = (
        settings(title(SyncRule.PREFER_SALESFORCE_UNLESS_BLANK)),
        settings(title(SyncRule.TWO_WAY)),
    )
    diff = diff_plans(
        plan(snapshot(old, records), fields=FieldDetail.ALL),
        plan(snapshot(new, records), fields=FieldDetail.ALL),
        settings=(old, new),
    )
    assert diff
    assert not diff.empty
    (change,) = diff.differences  # once for the pair, not on both entries
    assert (change.kind, change.record_type, change.record_id) == (
        ChangeKind.FIELD,
        "hubspot_contact",
        "501",
    )
    assert change.old_field is not None
    assert change.new_field is not None
    assert change.old_field.direction is WriteDirection.NONE
    assert change.new_field.direction is WriteDirection.TO_SALESFORCE
    assert change.new_field.salesforce_after == "CTO"
    assert [r.rule for r in change.old_reasons] == ["FM-1"]
    assert [r.rule for r in change.new_reasons] == ["FM-3"]
    assert diff.counts == ((ChangeKind.FIELD, 1),)
    assert diff.by_mapping == ((title(SyncRule.TWO_WAY), 1),)
    assert diff.compared == 2
    (mapping,) = diff.mappings
    assert mapping.old == title(SyncRule.PREFER_SALESFORCE_UNLESS_BLANK)
    assert mapping.new == title(SyncRule.TWO_WAY)
    assert diff.settings == ()


def test_fm2_always_use_salesforce_stops_hubspot_filling_a_blank() -> None:
    """FM-1 lets HubSpot fill a blank Salesforce field; FM-2 never writes to
    Salesforce, not even into a blank one."""
    records = pair("CTO", None)
    diff = diff_of(
        settings(title(SyncRule.PREFER_SALESFORCE_UNLESS_BLANK)),
        settings(title(SyncRule.ALWAYS_USE_SALESFORCE)),
        records,
    )
    (change,) = diff.differences
    assert change.old_field is not None
    assert change.new_field is not None
    assert change.old_field.writes[0].side is Side.SALESFORCE
    assert change.old_field.writes[0].value == "CTO"
    assert change.new_field.writes == ()
    assert change.new_field.salesforce_after is None
    assert [r.rule for r in change.new_reasons] == ["FM-2"]


def test_fm4_dont_sync_keeps_salesforce_from_overwriting_hubspot() -> None:
    """FM-1: a newer Salesforce value overwrites HubSpot; FM-4: nothing
    passes."""
    records = pair("CTO", "Chief Technology Officer", hubspot_day=0, salesforce_day=1)
    diff = diff_of(
        settings(title(SyncRule.PREFER_SALESFORCE_UNLESS_BLANK)),
        settings(title(SyncRule.DONT_SYNC)),
        records,
    )
    (change,) = diff.differences
    assert change.old_field is not None
    assert change.new_field is not None
    assert change.old_field.hubspot_after == "Chief Technology Officer"
    assert change.new_field.hubspot_after == "CTO"
    assert [r.rule for r in change.old_reasons] == ["FM-1"]
    assert [r.rule for r in change.new_reasons] == ["FM-4"]


def test_fm7_a_mapping_added_with_nothing_to_move_is_no_difference() -> None:
    """FM-7: a mapping moves values only on a resync; one only the new
    settings have, whose values agree, writes nothing: the settings differ,
    the plans do not."""
    records = pair("CTO", "CTO")
    old, new = settings(), settings(title(SyncRule.TWO_WAY))
    diff = diff_of(old, new, records)
    assert not diff
    assert diff.empty
    (mapping,) = diff.mappings
    assert (mapping.old, mapping.new) == (None, title(SyncRule.TWO_WAY))


def test_fm3_a_mapping_removed_takes_its_writes_with_it() -> None:
    """FM-3: the old settings' two-way mapping wrote HubSpot's newer title; without
    the mapping nothing is written, and the difference says the new side
    has no such mapping (its reasons: the entry's)."""
    records = pair("CTO", "Chief Technology Officer", hubspot_day=1)
    diff = diff_of(settings(title(SyncRule.TWO_WAY)), settings(), records)
    (change,) = diff.differences
    assert change.old_field is not None
    assert change.new_field is None
    assert change.mapping == title(SyncRule.TWO_WAY)
    assert change.new is not None
    assert change.new_reasons == change.new.reasons


# --- opt-out, owners, actions ------------------------------------------------------


def test_opt1_the_locked_opt_out_mapping_is_in_every_plan() -> None:
    """OPT-1: the opt-out mapping cannot be deleted: settings without it
    plan the unsubscribed contact's opt-out as settings with a two-way
    title do, so the only difference is the title."""
    records = pair("CTO", "CTO", unsubscribed=True)
    diff = diff_of(settings(), settings(title(SyncRule.TWO_WAY)), records)
    assert not diff
    planned = plan(snapshot(settings(), records), fields=FieldDetail.ALL)
    fields = planned.entries[0].fields
    assert fields is not None
    assert [f.mapping.hubspot_property for f in fields.fields] == ["hs_email_optout"]


def test_opt4_sync2_sync1_an_inclusion_list_stops_a_contact_and_its_opt_out() -> None:
    """SYNC-1: without a list every contact syncs; SYNC-2: with one, a
    contact outside it does not; OPT-4:
    while it does not sync its unsubscribe passes to neither side. The
    action, the opt-out and the opt-out field write move; each side keeps
    its reasons."""
    records = pair("CTO", "CTO", unsubscribed=True)
    old = settings()
    new = settings(inclusion_list=StaticInclusionList(name="Nobody"))
    diff = diff_of(old, new, records)
    kinds = [(d.kind, d.record_type) for d in diff.differences]
    assert (ChangeKind.ACTION, "hubspot_contact") in kinds
    assert (ChangeKind.OPTOUT, "hubspot_contact") in kinds
    assert (ChangeKind.FIELD, "hubspot_contact") in kinds
    action = next(d for d in diff.differences if d.kind is ChangeKind.ACTION)
    assert action.old is not None
    assert action.new is not None
    assert action.old.action is PlanAction.SYNC
    assert action.new.action is PlanAction.SKIP
    assert "SYNC-1" in [r.rule for r in action.old_reasons]
    assert "SYNC-2" in [r.rule for r in action.new_reasons]
    optout = next(d for d in diff.differences if d.kind is ChangeKind.OPTOUT)
    assert "OPT-2" in [r.rule for r in optout.old_reasons]
    assert optout.old_optout is not None
    assert optout.new_optout is not None
    assert optout.old_optout.state.salesforce_opted_out
    assert not optout.new_optout.state.salesforce_opted_out
    assert optout.new_optout.state.held  # waits for the contact's first sync
    assert "OPT-4" in [r.rule for r in optout.new_reasons]
    # The pair's opt-out is on both entries: reported once.
    assert [d.kind for d in diff.differences].count(ChangeKind.OPTOUT) == 1
    (setting,) = diff.settings
    assert setting.name == "inclusion_list"


def test_own6_naming_the_integration_user_moves_new_records_owners() -> None:
    """OWN-6: a record HubSpot creates in Salesforce whose owner matches no
    active user goes to the integration user (the sample's contacts 507
    and 513, and company 9003); once the settings name that user, the owner
    outcome names it too, and nothing else moves."""
    sample = sample_snapshot()
    named = attrs.evolve(sample.settings, integration_user_id="005A000000001AA")
    diff = diff_plans(plan(sample), plan(attrs.evolve(sample, settings=named)))
    assert [(d.kind, d.record_id) for d in diff.differences] == [
        (ChangeKind.OWNER, "507"),
        (ChangeKind.OWNER, "513"),
        (ChangeKind.OWNER, "9003"),
    ]
    for change in diff.differences:
        assert change.old_owner is not None
        assert change.new_owner is not None
        assert change.old_owner.action is OwnerAction.INTEGRATION_USER
        assert change.new_owner.action is OwnerAction.INTEGRATION_USER
        assert change.old_owner.owner_id is None
        assert change.new_owner.owner_id == "005A000000001AA"
        assert "OWN-6" in [r.rule for r in change.new_reasons]
    assert diff.settings == ()  # not given: plans alone carry no settings


def test_sync6_dont_create_stops_new_contacts_on_the_sample() -> None:
    """SYNC-6: with contact creation off, a Salesforce record whose address
    no HubSpot contact has creates none: its action, owner and field
    writes move."""
    sample = sample_snapshot()
    old = plan(sample, fields=FieldDetail.ALL)
    new_settings = attrs.evolve(
        sample.settings, contact_creation=ContactCreation.DONT_CREATE
    )
    new = plan(attrs.evolve(sample, settings=new_settings), fields=FieldDetail.ALL)
    diff = diff_plans(old, new)
    actions = {
        d.record_id: (d.old.action, d.new.action)  # type: ignore[union-attr]
        for d in diff.differences
        if d.kind is ChangeKind.ACTION
    }
    assert actions == {
        "00QA000000001AA": (PlanAction.CREATE_IN_HUBSPOT, PlanAction.NOT_CREATED),
        "00QA000000003AA": (PlanAction.CREATE_IN_HUBSPOT, PlanAction.NOT_CREATED),
        "003A000000009AA": (PlanAction.CREATE_IN_HUBSPOT, PlanAction.NOT_CREATED),
    }
    for d in diff.differences:
        assert d.old_reasons
        assert d.new_reasons
    assert dict(diff.counts)[ChangeKind.ACTION] == 3
    assert sum(n for _, n in diff.by_mapping) == dict(diff.counts)[ChangeKind.FIELD]


def test_lc1_lifecycle_stage_sync_off_moves_no_stage() -> None:
    """LC-1: with lifecycle stage sync off, a Closed/Won opportunity moves
    no contact to Customer."""
    sample = sample_snapshot()
    off = attrs.evolve(sample.settings, lifecycle_stage_sync=False)
    diff = diff_plans(plan(sample), plan(attrs.evolve(sample, settings=off)))
    moved = {d.record_id: d for d in diff.differences if d.kind is ChangeKind.LIFECYCLE}
    assert set(moved) == {"505", "506", "006A000000001AA"}
    assert moved["505"].old_lifecycle is not None
    assert moved["505"].old_lifecycle.value == "customer"
    assert moved["505"].new_lifecycle is None


# --- the merge ----------------------------------------------------------------------


def test_records_only_one_plan_has_are_action_differences() -> None:
    """Plans of different records: an entry only one side has is an
    action difference against none."""
    sample = sample_snapshot()
    full = plan(sample)
    fewer = [e for e in full.entries if e.record_id != "502"]
    diff = diff_plans(full, fewer)
    (change,) = diff.differences
    assert (change.kind, change.record_id, change.new) == (
        ChangeKind.ACTION,
        "502",
        None,
    )
    assert change.new_reasons == ()
    assert change.old_reasons == change.old.reasons  # type: ignore[union-attr]
    assert diff.compared == len(full.entries)
    reverse = diff_plans(fewer, full)
    assert [(d.old, d.new) for d in reverse.differences] == [(None, change.old)]


def test_entries_out_of_order_are_refused() -> None:
    entries = plan(sample_snapshot()).entries
    with pytest.raises(SnapshotError, match="not in the plan's order"):
        diff_plans(entries[::-1], entries)


def test_streams_compare_as_plans_do_and_unreadable_lines_are_matched() -> None:
    """Two `PlanStream` give the diff two `SyncPlan` give, settings
    included; unreadable records, which carry no order, are matched by
    line."""
    sample = sample_snapshot()
    lines = [line.rstrip("\n") for line in dumps_ndjson(sample)]
    lines.insert(3, '{"type": "hubspot_contact", "id": "9", "email": 5}')
    values = list(iter_ndjson(lines, source="x.ndjson"))
    two_way = attrs.evolve(
        sample.settings,
        mappings=tuple(
            attrs.evolve(m, rule=SyncRule.TWO_WAY)
            if m.salesforce_field == "Title"
            else m
            for m in sample.settings.mappings
        ),
    )
    old = plan_stream(values, fields=FieldDetail.ALL)
    new = plan_stream([two_way, *values[1:]], fields=FieldDetail.ALL)
    streamed = diff_plans(old, new)
    planned = diff_plans(
        plan(sample, fields=FieldDetail.ALL),
        plan(attrs.evolve(sample, settings=two_way), fields=FieldDetail.ALL),
        settings=(sample.settings, two_way),
    )
    assert streamed.differences == planned.differences
    assert streamed.mappings == planned.mappings
    assert streamed.compared == planned.compared + 1  # the unreadable line


def test_settings_changes_lists_settings_and_mappings_in_order() -> None:
    old = settings(title(SyncRule.TWO_WAY), deal_sync=False)
    first = attrs.evolve(title(SyncRule.TWO_WAY), hubspot_property="firstname")
    new = settings(first, deal_sync=True)
    changed, mappings = settings_changes(old, new)
    assert [(c.name, c.old, c.new) for c in changed] == [("deal_sync", False, True)]
    assert [(m.old, m.new) for m in mappings] == [
        (title(SyncRule.TWO_WAY), None),
        (None, first),
    ]


# --- the command ----------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def write_settings(path: Path, config: IntegrationSettings) -> str:
    path.write_text(json.dumps(unstructure(config)), "utf-8")
    return str(path)


def sample_files(tmp_path: Path, rule: SyncRule) -> tuple[str, str]:
    sample = sample_snapshot().settings
    changed = attrs.evolve(
        sample,
        mappings=tuple(
            attrs.evolve(m, rule=rule) if m.salesforce_field == "Title" else m
            for m in sample.mappings
        ),
    )
    return (
        write_settings(tmp_path / "old.json", sample),
        write_settings(tmp_path / "new.json", changed),
    )


def test_fm1_fm3_diff_prints_each_difference_with_both_sides(tmp_path: Path) -> None:
    """FM-1, FM-3: the command's text for the two-way title on the sample:
    the mapping that changed, contact 501's title cleared in Salesforce, the
    counts."""
    old, new = sample_files(tmp_path, SyncRule.TWO_WAY)
    status, out, _ = run("diff", old, new)
    assert status == 1
    lines = out.splitlines()
    assert (
        "  mapping contacts.jobtitle <-> Contact.Title: Prefer Salesforce unless "
        "blank -> Two-way"
    ) in lines
    assert any(
        line.split() == ["hubspot_contact", "501", "field", "jobtitle", "<->", "Title"]
        for line in lines
    )
    assert any(
        line.strip().startswith("old: jobtitle <-> Title: unchanged")
        and line.endswith("[FM-1]")
        for line in lines
    )
    assert any(
        line.strip() == 'new: Title: "Owner" -> (blank) (HubSpot wins, FM-3) [FM-3]'
        for line in lines
    )
    assert "Summary: 1 difference in 44 records compared" in lines
    assert "  contacts.jobtitle <-> Contact.Title (Two-way): 1" in lines


def test_diff_of_one_settings_with_itself_exits_0(tmp_path: Path) -> None:
    old, _new = sample_files(tmp_path, SyncRule.TWO_WAY)
    status, out, _ = run("diff", old, old)
    assert status == 0
    assert "Settings that differ: none" in out
    assert "No differences: both settings plan every one of 44 records the same." in out


def test_fm2_diff_json_carries_both_sides_and_the_counts(tmp_path: Path) -> None:
    """FM-2: with Always use Salesforce, contact 508's CFO no longer fills
    Salesforce's blank Title."""
    old, new = sample_files(tmp_path, SyncRule.ALWAYS_USE_SALESFORCE)
    status, out, _ = run("diff", old, new, "--format", "json")
    assert status == 1
    data = json.loads(out)
    (difference,) = data["differences"]
    assert (difference["record_id"], difference["change"]) == ("508", "field")
    assert difference["old"]["field"]["writes"] == [
        {"side": "salesforce", "value": "CFO", "rule": "FM-1"}
    ]
    assert difference["new"]["field"]["writes"] == []
    assert [r["rule"] for r in difference["new"]["reasons"]] == ["FM-2", "FM-2"]
    assert data["summary"]["changes"] == {"field": 1}
    assert data["summary"]["by_mapping"][0]["rule"] == "always_use_salesforce"
    assert data["summary"]["by_mapping"][0]["differences"] == 1
    assert data["mappings"][0]["old"]["rule"] == "prefer_salesforce_unless_blank"


def test_diff_replaces_the_exports_settings_and_reads_them_once(
    tmp_path: Path,
) -> None:
    """An NDJSON export carries its own settings: both settings files replace
    them (the export's, here a third rule, plays no part)."""
    sample = sample_snapshot()
    old, new = sample_files(tmp_path, SyncRule.TWO_WAY)
    export = tmp_path / "export.ndjson"
    dont = attrs.evolve(
        sample,
        settings=attrs.evolve(
            sample.settings,
            mappings=tuple(
                attrs.evolve(m, rule=SyncRule.DONT_SYNC)
                for m in sample.settings.mappings
            ),
        ),
    )
    export.write_text(
        "".join(f"{line.rstrip()}\n" for line in dumps_ndjson(dont)), "utf-8"
    )
    status, out, err = run("diff", old, new, str(export))
    assert status == 1
    assert "Summary: 1 difference in 44 records compared" in out
    assert "export.ndjson" in err  # what the reader recognised
    status, out, _ = run("diff", old, old, str(export), "--redact")
    assert status == 0


def test_diff_redacts_names_in_the_differences(tmp_path: Path) -> None:
    old, new = sample_files(tmp_path, SyncRule.ALWAYS_USE_SALESFORCE)
    first = sample_snapshot().settings
    names = attrs.evolve(
        first,
        mappings=tuple(
            attrs.evolve(m, rule=SyncRule.DONT_SYNC)
            if m.salesforce_field == "FirstName"
            else m
            for m in first.mappings
        ),
    )
    new = write_settings(tmp_path / "names.json", names)
    status, plain, _ = run("diff", old, new)
    assert status == 1
    assert '"Eva"' in plain
    status, hidden, _ = run("diff", old, new, "--redact")
    assert status == 1
    assert '"Eva"' not in hidden
    assert hidden.count("field firstname <-> FirstName") == plain.count(
        "field firstname <-> FirstName"
    )


def test_diff_usage_and_input_errors_exit_2(tmp_path: Path) -> None:
    old, _new = sample_files(tmp_path, SyncRule.TWO_WAY)
    with pytest.raises(SystemExit) as exc:
        run("diff", old)
    assert exc.value.code == 2
    status, _, err = run("diff", old, str(tmp_path / "missing.json"))
    assert status == 2
    assert "missing.json" in err
    snapshot_file = tmp_path / "snap.json"
    snapshot_file.write_text(json.dumps(dump_snapshot(sample_snapshot())), "utf-8")
    status, _, err = run("diff", old, str(snapshot_file))
    assert status == 2
    assert "not integration settings" in err


def test_sync2_diff_lists_other_settings_as_a_settings_file_writes_them(
    tmp_path: Path,
) -> None:
    """SYNC-2: a static list of contact 501 alone stops the sample's other
    contacts; the settings that differ are listed first, each value as a
    settings file writes it (the list with its kind)."""
    sample = sample_snapshot().settings
    listed = attrs.evolve(
        sample,
        inclusion_list=StaticInclusionList(name="VIPs", contact_ids=frozenset({"501"})),
        integration_user_id="005A000000001AA",
    )
    old = write_settings(tmp_path / "old.json", sample)
    new = write_settings(tmp_path / "new.json", listed)
    status, out, _ = run("diff", old, new)
    assert status == 1
    assert (
        '  inclusion_list: null -> {"kind": "static", "name": "VIPs", '
        '"contact_ids": ["501"]}'
    ) in out.splitlines()
    assert '  integration_user_id: null -> "005A000000001AA"' in out.splitlines()
    status, out, _ = run("diff", old, new, "--format", "json")
    data = json.loads(out)
    assert data["settings"] == [
        {
            "name": "inclusion_list",
            "old": None,
            "new": {"kind": "static", "name": "VIPs", "contact_ids": ["501"]},
        },
        {"name": "integration_user_id", "old": None, "new": "005A000000001AA"},
    ]
    skipped = {
        d["record_id"]
        for d in data["differences"]
        if d["change"] == "action" and d["new"]["action"] == "skip"
    }
    assert "501" not in skipped
    assert "504" in skipped


def changed_sample(tmp_path: Path) -> tuple[str, str]:
    """The sample's settings, and the same with contact creation off,
    lifecycle stage sync off, job title unmapped, phone mapped two-way and
    first name's Salesforce type a text area."""
    sample = sample_snapshot().settings
    phone = attrs.evolve(
        title(SyncRule.TWO_WAY),
        hubspot_property="phone",
        salesforce_field="Phone",
        salesforce_type=SalesforceFieldType.PHONE,
    )
    mappings = tuple(
        attrs.evolve(m, salesforce_type=SalesforceFieldType.TEXTAREA)
        if m.hubspot_property == "firstname"
        else m
        for m in sample.mappings
        if m.hubspot_property != "jobtitle"
    )
    changed = attrs.evolve(
        sample,
        contact_creation=ContactCreation.DONT_CREATE,
        lifecycle_stage_sync=False,
        mappings=(*mappings, phone),
    )
    return (
        write_settings(tmp_path / "old.json", sample),
        write_settings(tmp_path / "new.json", changed),
    )


def test_sync6_lc1_diff_text_says_each_kind_of_change(tmp_path: Path) -> None:
    """SYNC-6: a Salesforce lead no longer creates a contact, so its owner,
    opt-out and field writes go; LC-1: with lifecycle stage sync off no
    stage moves; the mappings that differ are said part by part."""
    old, new = changed_sample(tmp_path)
    status, out, _ = run("diff", old, new)
    assert status == 1
    lines = [line.strip() for line in out.splitlines()]
    assert (
        'mapping contacts.firstname <-> Contact.FirstName: salesforce_type "string"'
        ' -> "textarea"'
    ) in lines
    assert (
        "mapping removed: contacts.jobtitle <-> Contact.Title (Prefer Salesforce "
        "unless blank)"
    ) in lines
    assert "mapping added: contacts.phone <-> Contact.Phone (Two-way)" in lines
    assert 'contact_creation: "create" -> "dont_create"' in lines
    assert "new: no opt-out decision (not_created) [DUP-1,SYNC-3,SYNC-6]" in lines
    assert "new: no owner outcome (not_created) [DUP-1,SYNC-3,SYNC-6]" in lines
    assert "new: no field writes (not_created) [DUP-1,SYNC-3,SYNC-6]" in lines
    assert "new: stage unchanged [SYNC-3,OWN-4,OWN-5,LC-2,LC-1]" in lines
    assert "old: becomes customer [SYNC-3,OWN-4,OWN-5,LC-2,LC-3,LC-4,LC-1]" in lines
    assert any(
        line.startswith("new: no write (the mapping is not in these settings)")
        for line in lines
    )
    assert any(
        line.startswith("old: no write (the mapping is not in these settings)")
        for line in lines
    )
    assert any(
        line.startswith("old: unsubscribed from all email in HubSpot") for line in lines
    )


def test_sync6_lc1_diff_json_says_each_kind_of_change(tmp_path: Path) -> None:
    """SYNC-6 and LC-1 as JSON: each side's owner, opt-out and lifecycle,
    absent (null) where that side has none."""
    old, new = changed_sample(tmp_path)
    status, out, _ = run("diff", old, new, "--format", "json")
    assert status == 1
    data = json.loads(out)
    by = {(d["record_id"], d["change"]): d for d in data["differences"]}
    lead = "00QA000000003AA"
    assert by[lead, "action"]["new"]["action"] == "not_created"
    assert by[lead, "action"]["new"]["target"] is None
    assert by[lead, "owner"]["old"]["owner"] == {
        "direction": "to_hubspot",
        "action": "set",
        "owner_id": "103",
        "import_from": None,
    }
    assert by[lead, "owner"]["new"]["owner"] is None
    assert by[lead, "optout"]["old"]["optout"]["hubspot_unsubscribed"] is True
    assert by[lead, "optout"]["new"]["optout"] is None
    assert by["505", "lifecycle"]["old"]["lifecycle"] == "customer"
    assert by["505", "lifecycle"]["new"]["lifecycle"] is None
    assert data["summary"]["changes"]["action"] == 3
    (removed,) = [m for m in data["mappings"] if m["new"] is None]
    assert removed["old"]["hubspot_property"] == "jobtitle"


def test_an_unreadable_record_only_one_plan_has_is_an_action_difference() -> None:
    """Unreadable records carry no order: matched by type, id and line,
    an unmatched one on either side is a difference against none."""
    lines = list(dumps_ndjson(sample_snapshot()))
    bad = '{"type": "hubspot_contact", "id": "9", "email": 5}'
    plain = list(iter_ndjson(lines, source="x.ndjson"))
    with_bad = list(iter_ndjson([*lines, bad], source="x.ndjson"))
    forward = diff_plans(plan_stream(plain), plan_stream(with_bad))
    (added,) = forward.differences
    assert (added.kind, added.record_id, added.old) == (ChangeKind.ACTION, "9", None)
    assert added.new is not None
    assert added.new.action is PlanAction.REJECTED
    assert [r.rule for r in added.new_reasons] == ["ERR-1"]
    backward = diff_plans(plan_stream(with_bad), plan_stream(plain))
    (removed,) = backward.differences
    assert (removed.record_id, removed.new, removed.old) == ("9", None, added.new)


def test_diff_reads_a_folder_of_exports_and_refuses_an_incomplete_one() -> None:
    """The settings a folder of exports holds are replaced like a
    snapshot's; a page that says more follow exits 2 unless
    --allow-partial."""
    old = str(ROOT / "examples" / "diff" / "sample-settings.json")
    new = str(ROOT / "examples" / "diff" / "jobtitle-two-way.json")
    exports = ROOT / "examples" / "exports"
    status, out, err = run("diff", old, new, str(exports))
    assert status == 0
    assert "every one of 7 records the same" in out
    assert "manifest.json: skipped" in err
    page = str(exports / "hubspot" / "contacts-1.json")
    status, _, err = run("diff", old, new, page)
    assert status == 2
    assert "the export is incomplete" in err
    status, out, err = run("diff", old, new, page, "--allow-partial")
    assert status == 0
    assert "warning: partial export" in err
    assert "every one of 2 records the same" in out
