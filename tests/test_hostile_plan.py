"""Hostile input at the planner and the command line: records that load but
cannot be decided are rejected with a reason, never dropped and never a
foreign exception; every CLI input format refuses a hostile file with exit
status 2 (or 1 for rejected records) and a short message, no traceback.

The files under tests/corpus used here are also replayed by
tests/test_hostile_input.py.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import crmsync_rules as cr
from crmsync_rules.cli._main import main
from crmsync_rules.codec import dumps_ndjson, iter_ndjson, load_snapshot
from crmsync_rules.errors import SnapshotError
from crmsync_rules.lint import Severity
from crmsync_rules.planner import PlanAction, PlanEntry, SyncPlan, plan_stream
from hostile import json_values, mutated_samples

CORPUS = Path(__file__).parent / "corpus"
SETTINGS = cr.IntegrationSettings(
    integrated_on=dt.date(2021, 2, 1), contact_creation=cr.ContactCreation.CREATE
)


def plan_of(
    *,
    hubspot: cr.HubSpotRecords | None = None,
    salesforce: cr.SalesforceRecords | None = None,
) -> SyncPlan:
    return cr.plan(
        cr.Snapshot(
            settings=SETTINGS,
            hubspot=hubspot or cr.HubSpotRecords(),
            salesforce=salesforce or cr.SalesforceRecords(),
        )
    )


def entry(result: SyncPlan, record_id: str) -> PlanEntry:
    (found,) = [e for e in result.entries if e.record_id == record_id]
    return found


def rejection(result: SyncPlan, record_id: str) -> str:
    """The ERR-1 sentence of a rejected record, and its category's."""
    found = entry(result, record_id)
    assert found.action is PlanAction.REJECTED
    assert [r.rule for r in found.reasons] == ["ERR-1", "ERR-1"]
    return " ".join(r.detail for r in found.reasons)


# --- dangling references ---------------------------------------------------


def test_err1_salesforce_contact_with_dangling_account_id_is_rejected() -> None:
    """ERR-1: Salesforce contact with dangling account id is rejected."""
    result = plan_of(
        salesforce=cr.SalesforceRecords(
            contacts=(
                cr.SalesforceContact(id="003A", email="a@b.nl", account_id="001X"),
            ),
            accounts=(cr.SalesforceAccount(id="001A", name="Acme"),),
        )
    )
    detail = rejection(result, "003A")
    assert detail.startswith(
        "Salesforce contact '003A' refers to account_id '001X', which is not in "
        "the snapshot, so it cannot be decided."
    )
    assert "INVALID_CROSS_REFERENCE_KEY" in detail
    assert entry(result, "001A").action is not PlanAction.REJECTED


def test_err1_dangling_owner_ids_are_rejected_on_both_sides() -> None:
    """ERR-1: An owner id must name an owner of the record's own system: a
    Salesforce record owned by a HubSpot owner's id dangles too."""
    result = plan_of(
        hubspot=cr.HubSpotRecords(
            contacts=(cr.HubSpotContact(id="1", email="a@b.nl", owner_id="77"),),
            owners=(cr.HubSpotOwner(id="77", email="o@b.nl"),),
            companies=(cr.HubSpotCompany(id="9", owner_id="005X"),),
        ),
        salesforce=cr.SalesforceRecords(
            leads=(cr.SalesforceLead(id="00Q1", email="c@d.nl", owner_id="77"),),
        ),
    )
    assert entry(result, "1").action is not PlanAction.REJECTED
    assert "refers to owner_id '005X'" in rejection(result, "9")
    assert "Salesforce lead '00Q1' refers to owner_id '77'" in rejection(result, "00Q1")
    assert result.rejected == 2


def test_err1_rejected_record_takes_no_part_in_others_decisions() -> None:
    """ERR-1: A contact whose account dangles is rejected, so it does not make
    the other contact with its address a DUP-1 duplicate."""
    result = plan_of(
        salesforce=cr.SalesforceRecords(
            contacts=(
                cr.SalesforceContact(id="003A", email="a@b.nl", account_id="001X"),
                cr.SalesforceContact(id="003B", email="A@b.nl"),
            ),
        )
    )
    assert entry(result, "003B").action is PlanAction.CREATE_IN_HUBSPOT
    assert result.findings == ()


# --- duplicate record ids --------------------------------------------------

TWINS = (
    cr.SalesforceContact(id="003A", email="a@b.nl", first_name="One"),
    cr.SalesforceContact(id="003A", email="c@d.nl", first_name="Two"),
    cr.SalesforceContact(id="003B", email="e@f.nl"),
)


@pytest.mark.parametrize("order", [(0, 1, 2), (1, 0, 2), (2, 1, 0), (1, 2, 0)])
def test_err1_duplicate_ids_reject_every_twin_in_any_order(
    order: tuple[int, int, int],
) -> None:
    """ERR-1: duplicate ids reject every twin in any order."""
    contacts = tuple(TWINS[i] for i in order)
    result = plan_of(salesforce=cr.SalesforceRecords(contacts=contacts))
    assert result == plan_of(salesforce=cr.SalesforceRecords(contacts=TWINS))
    twins = [e for e in result.entries if e.record_id == "003A"]
    assert [e.action for e in twins] == [PlanAction.REJECTED] * 2
    for twin in twins:
        assert twin.reasons[0].detail == (
            "2 salesforce_contact records share the id '003A', so none of them "
            "can be decided."
        )
        assert "duplicates error" in twin.reasons[1].detail
    assert entry(result, "003B").action is PlanAction.CREATE_IN_HUBSPOT


def test_err1_same_id_in_two_record_types_is_no_duplicate() -> None:
    """ERR-1: Ids are unique per type: a lead and a contact may share one."""
    result = plan_of(
        salesforce=cr.SalesforceRecords(
            leads=(cr.SalesforceLead(id="X1", email="a@b.nl"),),
            contacts=(cr.SalesforceContact(id="X1", email="c@d.nl"),),
        )
    )
    assert result.rejected == 0


# --- two Salesforce records sharing one email --------------------------------


@pytest.mark.parametrize("reverse", [False, True])
def test_dup1_two_contacts_sharing_an_email_lowest_id_wins_in_any_order(
    reverse: bool,
) -> None:
    """DUP-1: docs/plan.md: contacts before leads, then the lowest id (as text)
    decide the winner, which creates the HubSpot contact; the other dedupes
    into it, and the plan's findings say so."""
    contacts = (
        cr.SalesforceContact(id="003A9", email="jan@vries.nl"),
        cr.SalesforceContact(id="003A10", email=" JAN@Vries.nl"),
    )
    result = plan_of(
        salesforce=cr.SalesforceRecords(
            contacts=contacts[::-1] if reverse else contacts
        )
    )
    winner, other = entry(result, "003A10"), entry(result, "003A9")
    assert winner.action is PlanAction.CREATE_IN_HUBSPOT
    assert (other.action, other.related) == (PlanAction.DEDUPE, ("003A10",))
    (finding,) = result.findings
    assert (finding.severity, finding.rule) == (Severity.WARNING, "DUP-1")
    assert finding.detail.startswith(
        "Salesforce records Contact '003A10', Contact '003A9' share one email "
        "address and all resolve to the HubSpot contact that '003A10' creates"
    )


def test_dup1_a_contact_wins_over_a_lead_with_a_lower_id() -> None:
    """DUP-1: a contact wins over a lead with a lower id."""
    result = plan_of(
        salesforce=cr.SalesforceRecords(
            leads=(cr.SalesforceLead(id="00Q1", email="jan@vries.nl"),),
            contacts=(cr.SalesforceContact(id="003Z", email="jan@vries.nl"),),
        )
    )
    assert entry(result, "003Z").action is PlanAction.CREATE_IN_HUBSPOT
    assert entry(result, "00Q1").related == ("003Z",)
    (finding,) = result.findings
    assert "Contact '003Z', Lead '00Q1'" in finding.detail


def test_dup1_two_contacts_sharing_a_hubspot_contacts_email_pair_with_the_winner() -> (
    None
):
    """DUP-1: two contacts sharing a HubSpot contact's email pair with the winner."""
    result = plan_of(
        hubspot=cr.HubSpotRecords(
            contacts=(cr.HubSpotContact(id="1", email="jan@vries.nl"),)
        ),
        salesforce=cr.SalesforceRecords(
            contacts=(
                cr.SalesforceContact(id="003B", email="jan@vries.nl"),
                cr.SalesforceContact(id="003A", email="Jan@vries.nl"),
            )
        ),
    )
    hubspot = entry(result, "1")
    assert (hubspot.action, hubspot.target_id) == (PlanAction.SYNC, "003A")
    for loser in ("003A", "003B"):
        assert entry(result, loser).action is PlanAction.DEDUPE
    (finding,) = result.findings
    assert "all resolve to HubSpot contact '1'" in finding.detail


# --- properties: nothing but the library's own errors ------------------------


@given(mutated_samples())
def test_plan_of_any_loadable_mutation_of_the_sample_never_raises(
    value: object,
) -> None:
    """Issue 8: "every input either loads or raises the library's own error";
    once loaded, a snapshot is planned: one entry per record."""
    try:
        snapshot = load_snapshot(value)
    except SnapshotError:
        return
    result = cr.plan(snapshot)
    assert len(result.entries) == len(list(snapshot.records()))


SAMPLE_LINES = [line.rstrip("\n") for line in dumps_ndjson(cr.sample_snapshot())]
garbage = (
    st.binary(max_size=40)
    | st.text(max_size=40)
    | json_values.map(json.dumps)
    | st.sampled_from(['{"type": "hubspot_contact"', '{"type": "settings"}', "\ufeff"])
)


@given(
    st.lists(
        st.tuples(st.integers(0, len(SAMPLE_LINES)), garbage, st.booleans()),
        min_size=1,
        max_size=5,
    )
)
def test_plan_stream_over_ndjson_with_garbage_lines_raises_only_snapshot_error(
    edits: list[tuple[int, str | bytes, bool]],
) -> None:
    """Garbage lines become rejected entries; only garbage where the settings
    belong stops the plan, with `SnapshotError`."""
    lines: list[str | bytes] = list(SAMPLE_LINES)
    for index, line, replace in edits:
        if replace and index < len(lines):
            lines[index] = line
        else:
            lines.insert(index, line)
    error: SnapshotError | None = None
    try:
        stream = plan_stream(iter_ndjson(lines, source="hostile.ndjson"))
        entries = list(stream)
    except SnapshotError as exc:
        error = exc
    if error is not None:
        assert error.problems
        return
    assert len(entries) == stream.records
    unreadable = [e for e in entries if e.line is not None]
    assert all(e.action is PlanAction.REJECTED for e in unreadable)


# --- the command line, one hostile file per input format ---------------------


def hostile_api_files(tmp: Path) -> dict[str, Path]:
    files = {
        "settings.json": {"integrated_on": "2016-05-10", "portals": "2"},
        "contacts.json": {"results": [{"id": 7, "properties": {"email": 5}}]},
        "owners.json": [{"id": "1", "email": ["a@b.nl"]}],
        "salesforce.json": {"records": [{"Id": "00Q1", "Email": "a@b.nl"}]},
        # Pages that hold no records to read: nothing can be planned.
        "contacts-page.json": {"results": {"0": {"id": 7}}},
        "owners-page.json": "owners",
        "salesforce-page.json": {"totalSize": 1, "records": "00Q1"},
        "good-settings.json": {"integrated_on": "2016-05-10"},
    }
    for name, value in files.items():
        (tmp / name).write_text(json.dumps(value))
    return {name: tmp / name for name in files}


CASES: dict[str, Callable[[dict[str, Path]], list[str]]] = {
    "json snapshot": lambda f: [str(CORPUS / "duplicate-keys.json")],
    "json snapshot, invalid UTF-8": lambda f: [str(CORPUS / "invalid-utf8.json")],
    "ndjson, unreadable settings line": lambda f: [str(f["bad-settings.ndjson"])],
    "--settings": lambda f: ["--settings", str(f["settings.json"])],
    "--hubspot-contacts": lambda f: [
        "--settings",
        str(f["good-settings.json"]),
        "--hubspot-contacts",
        str(f["contacts-page.json"]),
    ],
    "--hubspot-owners": lambda f: [
        "--settings",
        str(f["good-settings.json"]),
        "--hubspot-owners",
        str(f["owners-page.json"]),
    ],
    "--salesforce": lambda f: [
        "--settings",
        str(f["good-settings.json"]),
        "--salesforce",
        str(f["salesforce-page.json"]),
    ],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli_refuses_a_hostile_file_of_each_input_format(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = hostile_api_files(tmp_path)
    files["bad-settings.ndjson"] = tmp_path / "bad-settings.ndjson"
    shutil.copy(CORPUS / "mixed.ndjson", files["bad-settings.ndjson"])
    with files["bad-settings.ndjson"].open("r+b") as file:
        file.write(b"[")  # the settings line no longer parses
    assert main(["plan", *CASES[case](files)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    head, *problems = err.splitlines()
    assert head.startswith("crmsync-rules: ")
    assert "Traceback" not in err
    assert len(problems) <= 3
    assert all(p.startswith("  ") and len(p) < 300 for p in problems)


def test_cli_plans_api_pages_with_hostile_records_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ERR-1: a hostile record of an API page costs only itself, as an
    NDJSON line does: rejected with the path of the bad value, exit 1."""
    files = hostile_api_files(tmp_path)
    status = main(
        [
            "plan",
            "--format",
            "ndjson",
            "--settings",
            str(files["good-settings.json"]),
            "--hubspot-contacts",
            str(files["contacts.json"]),
            "--hubspot-owners",
            str(files["owners.json"]),
            "--salesforce",
            str(files["salesforce.json"]),
        ]
    )
    out, err = capsys.readouterr()
    assert (status, err) == (1, "")
    lines = [json.loads(line) for line in out.splitlines()]
    rejected = [e for e in lines if e.get("action") == "rejected"]
    assert [(e["record_type"], e["record_id"], e["path"]) for e in rejected] == [
        ("hubspot_contact", "7", "$.results[0]"),
        ("hubspot_owner", "1", "$[0]"),
        ("unknown", "00Q1", "$.records[0]"),
    ]
    assert all(e["reasons"][0]["rule"] == "ERR-1" for e in rejected)
    assert "@ $.results[0].properties.email" in rejected[0]["reasons"][0]["detail"]
    assert "@ $[0].email" in rejected[1]["reasons"][0]["detail"]
    assert "@ $.records[0].attributes.type" in rejected[2]["reasons"][0]["detail"]
    assert lines[-1]["actions"] == {"rejected": 3}


def test_cli_plans_an_ndjson_file_with_garbage_lines_and_exits_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """tests/corpus/garbage-lines.ndjson: binary junk, a truncated object, an
    array and a record of an unknown type among valid lines."""
    status = main(["plan", "--format", "ndjson", str(CORPUS / "garbage-lines.ndjson")])
    out, err = capsys.readouterr()
    assert (status, err) == (1, "")
    lines = [json.loads(line) for line in out.splitlines()]
    rejected = [e for e in lines if e.get("action") == "rejected"]
    assert [e.get("line") for e in rejected] == [3, 4, 5, 6]
    assert lines[-1]["type"] == "summary"
    assert all(e["reasons"][0]["rule"] == "ERR-1" for e in rejected)
