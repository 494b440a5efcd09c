"""The command-line tool, run as a real subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from crmsync_rules import sample_snapshot
from crmsync_rules.codec import dumps_ndjson, dumps_snapshot


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crmsync_rules", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_show_lists_the_sample_records() -> None:
    result = run("show")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 44
    assert lines[0].split() == ["hubspot_contact", "501", "jan@vries.nl"]
    assert "salesforce_queue        00GA000000001AA     inbound@acme-corp.com" in lines


def test_show_reports_a_bad_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"settings": {"integrated_on": "2016-05-10", "portals": "2"}}')
    result = run("show", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"crmsync-rules: {bad}: expected an integer, got str '2' @ $.settings.portals\n"
    )
    missing = run("show", str(tmp_path / "missing.json"))
    assert missing.returncode == 2
    assert "cannot read" in missing.stderr
    assert "Traceback" not in missing.stderr


SCRIPT = Path(sys.executable).with_name("crmsync-rules")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def test_plan_prints_the_sample_table_and_summary() -> None:
    result = cli("plan")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Sync plan for the bundled sample"
    assert lines[2].split() == ["RECORD", "TYPE", "ID", "ACTION", "TARGET", "RULES"]
    assert lines[3].split() == [
        "hubspot_contact",
        "501",
        "sync",
        "salesforce_contact",
        "003A000000001AA",
        "SYNC-3,CN-1,CN-2,CN-3,OWN-4,OWN-2,LC-3,LC-1,LC-4",
    ]
    assert "Summary: 44 records" in lines
    assert "  sync                         17" in lines
    assert lines[-2] == "Findings: 1"  # DUP-6's example shares an address
    assert lines[-1].startswith("  warning DUP-1: Salesforce records")


def test_plan_json_and_ndjson_carry_every_entry() -> None:
    result = cli("plan", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["entries"]) == 44
    assert document["summary"]["actions"]["create_in_hubspot"] == 4
    lead = next(e for e in document["entries"] if e["record_id"] == "00QA000000001AA")
    assert lead["owner"]["action"] == "import"
    assert lead["reasons"][0]["rule"] == "DUP-1"
    lines = [
        json.loads(x) for x in cli("plan", "--format", "ndjson").stdout.splitlines()
    ]
    assert [x["type"] for x in lines] == ["entry"] * 44 + [
        "finding",
        "api_calls",
        "summary",
    ]
    assert [x["record_id"] for x in lines[:44]] == [
        e["record_id"] for e in document["entries"]
    ]


def test_plan_only_filters_the_table_not_the_summary() -> None:
    result = cli("plan", "--only", "skip")
    rows = [line for line in result.stdout.splitlines() if line.startswith("hubspot")]
    assert [row.split()[1] for row in rows] == ["502", "503", "7002"]
    assert "Summary: 44 records" in result.stdout
    assert "  reference                     9" in result.stdout.splitlines()


def test_explain_shows_every_decision_with_rule_statements() -> None:
    result = cli("explain", "502")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "hubspot_contact 502: skip"
    assert (
        "Contact '502' is not in 'Salesforce inclusion list (default)'" in result.stdout
    )
    assert "(rule: Portals integrated on or before 2017-06-22" in result.stdout


def test_explain_unknown_record_is_an_error_without_traceback() -> None:
    result = cli("explain", "nope")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "crmsync-rules: no record with id 'nope' in the input\n"
    debug = cli("--debug", "explain", "nope")
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr


def test_lint_sample_is_clean_and_bad_settings_exit_1(tmp_path: Path) -> None:
    clean = cli("lint")
    # The sample's settings are clean; its one finding is DUP-6's example,
    # two Salesforce records sharing contact 509's address (a warning).
    assert clean.returncode == 0
    assert clean.stdout.startswith("warning DUP-1: Salesforce records Contact ")
    assert len(clean.stdout.splitlines()) == 1
    bad = tmp_path / "bad.ndjson"
    bad.write_text(
        '{"type": "settings", "integrated_on": "2021-02-01", "edition": "Team Edition"}\n'
    )
    result = cli("lint", str(bad))
    assert result.returncode == 1
    assert result.stdout.startswith("error INST-2: ")


def test_validate_reports_json_errors_with_line_and_column(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"settings": {\n  "integrated_on": "2016-05-10",\n}}')
    result = cli("validate", str(broken))
    assert result.returncode == 2
    assert result.stderr == (
        f"crmsync-rules: {broken}: invalid JSON: Expecting property name enclosed "
        "in double quotes at line 3 column 1\n"
    )


def test_validate_reports_every_schema_problem_with_its_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "settings": {"integrated_on": "2016-05-10", "portals": "2"},
                "hubspot": {"contacts": [{"id": "1", "lifecylce_stage": "lead"}]},
            }
        )
    )
    result = cli("validate", str(bad))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"crmsync-rules: {bad}: 2 problems:",
        "  expected an integer, got str '2' @ $.settings.portals",
        "  unknown field 'lifecylce_stage' (a typo? unknown keys are refused) "
        "@ $.hubspot.contacts[0]",
    ]


def test_ndjson_bad_lines_are_validation_errors_and_rejected_entries(
    tmp_path: Path,
) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text(
        '{"type": "settings", "integrated_on": "2021-02-01"}\n'
        '{"type": "hubspot_contact", "id": "1", "email": "an@example.com"}\n'
        '{"type": "salesforce_lead", "id": "00Q1", "email": "x@@y.nl"}\n'
    )
    result = cli("validate", str(export))
    # What plan rejects, validate reports: exit status 1, the input is usable.
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines()[:2] == [
        f"{export}: 1 of 2 records would be rejected:",
        f"  salesforce_lead 00Q1 (line 3): ERR-1: Line 3 of {export} cannot be "
        "read, a property values problem: invalid email address (The part after "
        "the @-sign contains invalid characters: '@'), got 'x@@y.nl' @ $.email.",
    ]
    planned = cli("plan", str(export), "--format", "ndjson")
    assert planned.returncode == 1
    entries = [json.loads(x) for x in planned.stdout.splitlines()]
    assert entries[1]["action"] == "rejected"
    assert entries[1]["line"] == 3
    assert entries[-1]["actions"] == {"create_in_salesforce": 1, "rejected": 1}


def test_ndjson_is_sniffed_without_its_extension(tmp_path: Path) -> None:
    export = tmp_path / "export.txt"
    export.write_text('{"type": "settings", "integrated_on": "2021-02-01"}\n')
    result = cli("validate", str(export))
    assert (result.returncode, result.stdout) == (0, f"{export}: valid, 0 records.\n")


def test_unreadable_file_is_one_line_on_stderr(tmp_path: Path) -> None:
    for command in ("plan", "explain 501", "lint", "validate"):
        result = cli(*command.split(), str(tmp_path / "missing.json"))
        assert result.returncode == 2, command
        assert result.stderr == (
            f"crmsync-rules: cannot read {tmp_path / 'missing.json'}: "
            "No such file or directory\n"
        )


def test_api_payloads_are_planned(tmp_path: Path) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text('{"integrated_on": "2021-02-01", "contact_creation": "create"}')
    contacts = tmp_path / "contacts.json"
    contacts.write_text(
        json.dumps(
            {"results": [{"id": "501", "properties": {"email": "jan@vries.nl"}}]}
        )
    )
    leads = tmp_path / "leads.json"
    leads.write_text(
        json.dumps(
            {
                "totalSize": 1,
                "done": True,
                "records": [
                    {
                        "attributes": {"type": "Lead"},
                        "Id": "00Q1",
                        "Email": "Jan@Vries.nl",
                    }
                ],
            }
        )
    )
    result = cli(
        "plan",
        "--settings",
        str(settings),
        "--hubspot-contacts",
        str(contacts),
        "--salesforce",
        str(leads),
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)["entries"]
    assert [(e["record_id"], e["action"]) for e in entries] == [
        ("501", "sync"),
        ("00Q1", "dedupe"),
    ]
    lonely = cli("plan", "--salesforce", str(leads))
    assert lonely.returncode == 2
    assert "need --settings FILE" in lonely.stderr


# --- real input (issue 13) ---------------------------------------------------

SETTINGS_JSON = '{"integrated_on": "2021-02-01", "contact_creation": "create"}'


def _sf(kind: str, **fields: object) -> dict[str, object]:
    return {"attributes": {"type": kind}, **fields}


def _write(path: Path, value: object) -> str:
    path.write_text(value if isinstance(value, str) else json.dumps(value))
    return str(path)


def _owners_export(tmp_path: Path, users: list[dict[str, object]]) -> list[str]:
    """API files of a portal whose HubSpot contacts name owners that match
    Salesforce users by name and email."""
    owners = [
        {
            "id": f"10{n}",
            "email": f"u{n}@acme.com",
            "firstName": f"Ann{n}",
            "lastName": "Smit",
            "archived": False,
        }
        for n in range(3)
    ]
    contacts = [
        {
            "id": f"50{n}",
            "properties": {"email": f"c{n}@x.nl", "hubspot_owner_id": f"10{n}"},
        }
        for n in range(3)
    ]
    return [
        "--settings",
        _write(tmp_path / "settings.json", SETTINGS_JSON),
        "--hubspot-owners",
        _write(tmp_path / "owners.json", {"results": owners}),
        "--hubspot-contacts",
        _write(tmp_path / "contacts.json", {"results": contacts}),
        "--salesforce",
        _write(
            tmp_path / "users.json",
            {"totalSize": len(users), "done": True, "records": users},
        ),
    ]


def test_own4_a_user_query_with_name_only_matches_owners(tmp_path: Path) -> None:
    """OWN-4: a user query with name only matches owners."""
    # SELECT Id, Name, Email, IsActive, UserType FROM User
    users = [
        _sf(
            "User",
            Id=f"005A{n}",
            Name=f"Ann{n}  Smit",
            Email=f"U{n}@acme.com",
            IsActive=True,
            UserType="Standard",
        )
        for n in range(3)
    ]
    result = cli("plan", *_owners_export(tmp_path, users), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    owners = [
        e["owner"] for e in document["entries"] if e["record_type"] == "hubspot_contact"
    ]
    assert [(o["action"], o["owner_id"]) for o in owners] == [
        ("set", "005A0"),
        ("set", "005A1"),
        ("set", "005A2"),
    ]
    assert document["findings"] == []


def test_own4_users_without_names_are_a_finding_in_every_format(tmp_path: Path) -> None:
    """OWN-4: users without names are a finding in every format."""
    users = [
        _sf("User", Id=f"005A{n}", Email=f"u{n}@acme.com", IsActive=True)
        for n in range(3)
    ]
    args = _owners_export(tmp_path, users)
    document = json.loads(cli("plan", *args, "--format", "json").stdout)
    owners = [
        e["owner"]["action"]
        for e in document["entries"]
        if e["record_type"] == "hubspot_contact"
    ]
    # Refused (OWN-4): the new leads take their owners from Salesforce's
    # lead assignment rules (OWN-6).
    assert owners == ["assignment_rules"] * 3
    (finding,) = document["findings"]
    assert (finding["severity"], finding["rule"]) == ("warning", "OWN-4")
    assert finding["detail"].startswith(
        "No Salesforce user in the input has a name (3 users)"
    )

    lines = [
        json.loads(x)
        for x in cli("plan", *args, "--format", "ndjson").stdout.splitlines()
    ]
    assert [x["rule"] for x in lines if x["type"] == "finding"] == ["OWN-4"]
    text = cli("plan", *args).stdout
    assert "warning OWN-4: No Salesforce user in the input has a name" in text
    assert cli("lint", *args).stdout.startswith("warning OWN-4: No Salesforce user")


def _leads_page(n: int, *, offset: int = 0) -> list[dict[str, object]]:
    return [
        _sf("Lead", Id=f"00Q{offset + i:04}", Email=f"lead{offset + i}@x.nl")
        for i in range(n)
    ]


def test_cli_refuses_a_partial_salesforce_export(tmp_path: Path) -> None:
    settings = _write(tmp_path / "settings.json", SETTINGS_JSON)
    url = "/services/data/v60.0/query/01gD0000002HU6KIAW-2000"
    page = _write(
        tmp_path / "leads-1.json",
        {
            "totalSize": 5,
            "done": False,
            "nextRecordsUrl": url,
            "records": _leads_page(2),
        },
    )
    for command in ("plan", "validate", "lint", "show"):
        result = cli(command, "--settings", settings, "--salesforce", page)
        assert (result.returncode, result.stdout) == (2, ""), command
        assert result.stderr == (
            f"crmsync-rules: the export is incomplete: {page} says more records "
            f"follow (done is false, nextRecordsUrl '{url}'), and no later "
            "--salesforce file continues it. Fetch the remaining pages and pass "
            "each with its option, in order, or give --allow-partial to plan the "
            "pages you have\n"
        )


def test_cli_refuses_a_partial_hubspot_export(tmp_path: Path) -> None:
    settings = _write(tmp_path / "settings.json", SETTINGS_JSON)
    page = _write(
        tmp_path / "contacts-1.json",
        {
            "results": [{"id": "501", "properties": {"email": "a@x.nl"}}],
            "paging": {"next": {"after": "502", "link": "https://api.hubapi.com/x"}},
        },
    )
    result = cli("plan", "--settings", settings, "--hubspot-contacts", page)
    assert result.returncode == 2
    assert (
        f"{page} says more records follow (paging.next.after '502'), and no later "
        "--hubspot-contacts file continues it" in result.stderr
    )


def test_cli_pages_given_in_order_are_a_whole_export(tmp_path: Path) -> None:
    settings = _write(tmp_path / "settings.json", SETTINGS_JSON)
    url = "/services/data/v60.0/query/01g-2"
    pages = [
        _write(
            tmp_path / "leads-1.json",
            {
                "totalSize": 5,
                "done": False,
                "nextRecordsUrl": url + "-2",
                "records": _leads_page(2),
            },
        ),
        _write(
            tmp_path / "leads-2.json",
            {
                "totalSize": 5,
                "done": False,
                "nextRecordsUrl": url + "-4",
                "records": _leads_page(2, offset=2),
            },
        ),
        _write(
            tmp_path / "leads-3.json",
            {"totalSize": 5, "done": True, "records": _leads_page(1, offset=4)},
        ),
        _write(tmp_path / "users.json", {"totalSize": 0, "done": True, "records": []}),
    ]
    contacts = [
        _write(
            tmp_path / "contacts-1.json",
            {
                "results": [{"id": "1", "properties": {}}],
                "paging": {"next": {"after": "2"}},
            },
        ),
        _write(
            tmp_path / "contacts-2.json", {"results": [{"id": "2", "properties": {}}]}
        ),
    ]
    args = ["--settings", settings]
    for page in pages:
        args += ["--salesforce", page]
    for page in contacts:
        args += ["--hubspot-contacts", page]
    result = cli("plan", *args, "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["summary"]["records"] == 7
    # Without the middle page, five records were promised and three given.
    del args[4:6]
    missing = cli("plan", *args)
    assert missing.returncode == 2
    assert f"{pages[0]}, {pages[2]} hold 3 of the 5 records of the result" in (
        missing.stderr
    )


def test_cli_allow_partial_plans_and_says_partial_everywhere(tmp_path: Path) -> None:
    settings = _write(tmp_path / "settings.json", SETTINGS_JSON)
    page = _write(
        tmp_path / "leads.json",
        {
            "totalSize": 5,
            "done": False,
            "nextRecordsUrl": "/q/01g-2",
            "records": _leads_page(2),
        },
    )
    args = ["--settings", settings, "--salesforce", page, "--allow-partial"]
    text = cli("plan", *args)
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[1] == (
        "PARTIAL PLAN: the input is an incomplete export (--allow-partial); see "
        "the findings."
    )
    assert f"warning DUP-1: The input is a partial export: {page} says more" in (
        text.stdout
    )
    assert text.stderr.startswith("crmsync-rules: warning: partial export")
    document = json.loads(cli("plan", *args, "--format", "json").stdout)
    assert document["summary"]["partial"] is True
    assert [f["rule"] for f in document["findings"]] == ["DUP-1"]
    summary = json.loads(
        cli("plan", *args, "--format", "ndjson").stdout.splitlines()[-1]
    )
    assert (summary["type"], summary["partial"]) == ("summary", True)
    whole = json.loads(cli("plan", "--format", "json").stdout)
    assert whole["summary"]["partial"] is False


def test_err1_one_bad_record_in_an_api_page_is_rejected_alone(tmp_path: Path) -> None:
    """ERR-1: one bad record in an API page is rejected alone."""
    contacts: list[dict[str, Any]] = [
        {"id": str(501 + n), "properties": {"email": f"p{n}@x.nl"}} for n in range(2000)
    ]
    contacts[1234]["properties"]["email"] = "jan@@vries.nl"
    leads = [
        _sf("Lead", Id="00Q1", Email="lead@x.nl"),
        _sf("Lead", Id="00Q2", HasOptedOutOfEmail="no"),
    ]
    result = cli(
        "plan",
        "--settings",
        _write(tmp_path / "settings.json", SETTINGS_JSON),
        "--hubspot-contacts",
        _write(tmp_path / "contacts.json", {"results": contacts}),
        "--salesforce",
        _write(tmp_path / "leads.json", {"records": leads}),
        "--format",
        "json",
    )
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["summary"]["actions"] == {
        "create_in_salesforce": 1999,
        "create_in_hubspot": 1,
        "rejected": 2,
    }
    rejected = [e for e in document["entries"] if e["action"] == "rejected"]
    assert [(e["record_type"], e["record_id"], e["path"]) for e in rejected] == [
        ("hubspot_contact", "1735", "$.results[1234]"),
        ("salesforce_lead", "00Q2", "$.records[1]"),
    ]
    assert rejected[0]["reasons"] == [
        {
            "rule": "ERR-1",
            "detail": f"The record at $.results[1234] of {tmp_path / 'contacts.json'} "
            "cannot be read, a property values problem: invalid email address (The "
            "part after the @-sign contains invalid characters: '@'), got "
            "'jan@@vries.nl' @ $.results[1234].properties.email.",
        }
    ]
    assert rejected[1]["reasons"][0]["detail"].endswith(
        "expected true or false, got str 'no' @ $.records[1].HasOptedOutOfEmail."
    )


def test_err1_one_bad_record_in_a_snapshot_is_rejected_alone(tmp_path: Path) -> None:
    """ERR-1: one bad record in a snapshot is rejected alone."""
    snapshot = _write(
        tmp_path / "snapshot.json",
        {
            "settings": {"integrated_on": "2021-02-01"},
            "hubspot": {
                "contacts": [
                    {"id": "1", "email": "a@x.nl"},
                    {"id": "2", "email": "b@@x.nl"},
                ]
            },
        },
    )
    result = cli("plan", snapshot, "--format", "ndjson")
    assert result.returncode == 1, result.stderr
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(x["record_id"], x["action"], x.get("path")) for x in lines[:2]] == [
        ("1", "create_in_salesforce", None),
        ("2", "rejected", "$.hubspot.contacts[1]"),
    ]
    validated = cli("validate", snapshot)
    assert validated.returncode == 1
    assert validated.stdout.splitlines()[0] == (
        f"{snapshot}: 1 of 2 records would be rejected:"
    )


def test_err1_validate_reports_the_duplicate_ids_plan_rejects(tmp_path: Path) -> None:
    """ERR-1: validate reports the duplicate ids plan rejects."""
    export = _write(
        tmp_path / "export.ndjson",
        '{"type": "settings", "integrated_on": "2021-02-01"}\n'
        '{"type": "hubspot_contact", "id": "7", "email": "a@x.nl"}\n'
        '{"type": "hubspot_contact", "id": "7", "email": "b@x.nl"}\n'
        '{"type": "hubspot_contact", "id": "8", "email": "c@x.nl"}\n',
    )
    result = cli("validate", export)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        f"{export}: 2 of 3 records would be rejected:",
        "  hubspot_contact 7: ERR-1: 2 hubspot_contact records share the id '7', "
        "so none of them can be decided.",
        "  hubspot_contact 7: ERR-1: 2 hubspot_contact records share the id '7', "
        "so none of them can be decided.",
    ]
    planned = cli("plan", export, "--format", "json")
    assert planned.returncode == 1
    assert json.loads(planned.stdout)["summary"]["actions"]["rejected"] == 2


def test_inst2_error_findings_make_plan_exit_1(tmp_path: Path) -> None:
    """INST-2: error findings make plan exit 1."""
    export = _write(
        tmp_path / "export.ndjson",
        '{"type": "settings", "integrated_on": "2021-02-01", "edition": "Team Edition"}\n'
        '{"type": "hubspot_contact", "id": "1", "email": "a@x.nl"}\n',
    )
    result = cli("plan", export)
    assert result.returncode == 1, result.stderr
    assert "error INST-2: " in result.stdout
    assert cli("lint", export).returncode == 1


SAMPLE_NDJSON = "".join(line + "\n" for line in dumps_ndjson(sample_snapshot()))


def test_cli_reads_standard_input_given_as_dash() -> None:
    for text in (SAMPLE_NDJSON, dumps_snapshot(sample_snapshot())):
        result = subprocess.run(
            [str(SCRIPT), "validate", "-"],
            input=text,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout == "<stdin>: valid, 44 records.\n"
    planned = subprocess.run(
        [str(SCRIPT), "plan", "-", "--format", "json"],
        input=SAMPLE_NDJSON,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert planned.returncode == 0, planned.stderr
    assert json.loads(planned.stdout) == json.loads(
        cli("plan", "--format", "json").stdout
    )


def test_cli_reads_a_pipe_through_dev_stdin_once() -> None:
    for text in (SAMPLE_NDJSON, dumps_snapshot(sample_snapshot())):
        result = subprocess.run(
            [str(SCRIPT), "validate", "/dev/stdin"],
            input=text,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout == "/dev/stdin: valid, 44 records.\n"


@pytest.mark.parametrize("suffix", ["", ".ndjson"])
def test_cli_reads_a_fifo_once(tmp_path: Path, suffix: str) -> None:
    fifo = tmp_path / f"export{suffix}"
    os.mkfifo(fifo)

    def write() -> None:
        with fifo.open("w") as pipe:  # blocks until the CLI opens it
            pipe.write(SAMPLE_NDJSON)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = subprocess.run(
        [str(SCRIPT), "validate", str(fifo)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    writer.join(timeout=10)
    assert not writer.is_alive()
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"{fifo}: valid, 44 records.\n"


@pytest.mark.parametrize(
    ("option", "content", "message"),
    [
        (
            None,
            "Id,Email,FirstName\n003A,a@x.nl,An\n",
            "x.json looks like CSV (first line 'Id,Email,FirstName'): crmsync-rules "
            "reads JSON; export the records as a snapshot, as NDJSON, or as the "
            "APIs' JSON responses (docs/codec.md)",
        ),
        (
            None,
            {"results": [{"id": "1", "properties": {"dealname": "x"}}], "paging": {}},
            "x.json looks like a HubSpot CRM v3 deals page (results with dealname, "
            "dealstage ...): pass it with --hubspot-deals and --settings",
        ),
        (
            None,
            {"results": [{"id": "1", "properties": {"hs_object_id": "1"}}]},
            "x.json looks like a HubSpot CRM v3 list page (results, paging): pass it "
            "with --hubspot-contacts (or companies/deals) and --settings",
        ),
        (
            None,
            {"totalSize": 1, "done": True, "records": [_sf("Lead", Id="00Q1")]},
            "x.json looks like a Salesforce REST query response (totalSize, done, "
            "records): pass it with --salesforce and --settings",
        ),
        (
            None,
            {"integrated_on": "2021-02-01"},
            "x.json looks like integration settings (integrated_on ...): pass it "
            "with --settings, with the API files (--hubspot-contacts ..., "
            "--salesforce ...)",
        ),
        (
            "--salesforce",
            {"results": [{"id": "1", "properties": {"email": "a@x.nl"}}]},
            "x.json looks like a HubSpot CRM v3 contacts page (results with email, "
            "firstname ...): pass it with --hubspot-contacts and --settings",
        ),
        (
            "--hubspot-contacts",
            {"totalSize": 1, "done": True, "records": [_sf("User", Id="005A")]},
            "x.json looks like a Salesforce REST query response (totalSize, done, "
            "records): pass it with --salesforce and --settings",
        ),
        (
            "--hubspot-contacts",
            {"results": [{"id": "7", "email": "o@x.nl", "firstName": "O"}]},
            "x.json looks like a HubSpot owners API page (results with email, "
            "firstName, lastName): pass it with --hubspot-owners and --settings",
        ),
        (
            "--hubspot-owners",
            [{"id": "9", "properties": {"domain": "x.nl"}}],
            "x.json looks like a HubSpot CRM v3 companies page (results with name, "
            "domain ...): pass it with --hubspot-companies and --settings",
        ),
        (
            "--hubspot-companies",
            '{"type": "settings", "integrated_on": "2021-02-01"}\n'
            '{"type": "hubspot_company", "id": "9"}\n',
            "x.json looks like NDJSON (one record a line, each with a type): pass "
            "it as SNAPSHOT, without --settings",
        ),
        (
            "--settings",
            {"settings": {"integrated_on": "2021-02-01"}},
            "x.json looks like a crmsync-rules snapshot (settings, hubspot, "
            "salesforce): pass it as SNAPSHOT, without --settings",
        ),
    ],
)
def test_cli_names_the_option_that_takes_a_file_of_another_shape(
    tmp_path: Path, option: str | None, content: object, message: str
) -> None:
    _write(tmp_path / "x.json", content)
    settings = _write(tmp_path / "settings.json", SETTINGS_JSON)
    if option is None:
        args = ["x.json"]
    elif option == "--settings":
        args = ["--settings", "x.json"]
    else:
        args = ["--settings", settings, option, "x.json"]
    result = subprocess.run(
        [str(SCRIPT), "plan", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"crmsync-rules: {message}\n"


# --- What the output says (issue 13, items 10-12) -----------------------------


def _block(lines: list[str], record_id: str) -> list[str]:
    """The row of *record_id* and the indented lines under it."""
    start = next(n for n, line in enumerate(lines) if line.split()[1:2] == [record_id])
    block = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.startswith(" ") or not line.strip():
            break
        block.append(line)
    return block


def test_own2_text_plan_shows_each_owner_outcome_under_its_row() -> None:
    """OWN-2: text plan shows each owner outcome under its row."""
    lines = cli("plan").stdout.splitlines()
    pad = " " * 24
    assert _block(lines, "501")[1:] == [
        f"{pad}owner: passes to Salesforce as Owner ID 005A000000001AA",
        f"{pad}lifecycle stage becomes opportunity",
    ]
    assert _block(lines, "00QA000000001AA")[1:] == [
        f"{pad}owner: passes to HubSpot as Salesforce owner 00GA000000001AA, "
        "imported as a HubSpot owner"
    ]
    assert _block(lines, "505")[1] == (
        f"{pad}owner: does not pass to Salesforce; Owner ID reverts to 005A000000002AA"
    )


def test_opt2_text_plan_shows_the_optout_outcome_under_its_row() -> None:
    """OPT-2: text plan shows the opt-out outcome under its row."""
    lines = cli("plan").stdout.splitlines()
    pad = " " * 24
    assert _block(lines, "00QA000000003AA")[1:] == [
        f"{pad}owner: passes to HubSpot as owner 103",
        f"{pad}opt-out: unsubscribed from all email in HubSpot, Email Opt Out "
        "ticked in Salesforce",
    ]


def test_lc2_text_plan_shows_the_new_lifecycle_stage_under_its_row() -> None:
    """LC-2: text plan shows the new lifecycle stage under its row."""
    lines = cli("plan").stdout.splitlines()
    pad = " " * 24
    assert _block(lines, "506")[-1] == f"{pad}lifecycle stage becomes customer"
    assert _block(lines, "006A000000001AA")[-1] == (
        f"{pad}lifecycle stage becomes customer"
    )


def test_cli_text_plan_columns_line_up_for_every_target() -> None:
    """The longest record type and an 18-character id fit the TARGET column:
    RULES starts at the same place on every row (it overflowed for
    opportunities)."""
    lines = cli("plan").stdout.splitlines()
    header = lines[2]
    rules_at = header.index("RULES")
    rows = [line for line in lines[3:] if line and not line.startswith(" ")]
    rows = rows[: rows.index("Summary: 44 records")]
    assert len(rows) == 44
    for row in rows:
        assert row[rules_at - 2 : rules_at] == "  ", row
        assert row[rules_at] != " ", row
    opportunity = next(row for row in rows if row.startswith("hubspot_deal  "))
    assert "salesforce_opportunity 006A000000001AA  " in opportunity


def test_cli_plan_heading_names_every_api_input(tmp_path: Path) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text('{"integrated_on": "2021-02-01"}')
    contacts = [tmp_path / "contacts-1.json", tmp_path / "contacts-2.json"]
    for page in contacts:
        page.write_text('{"results": []}')
    leads = tmp_path / "leads.json"
    leads.write_text('{"totalSize": 0, "done": true, "records": []}')
    result = cli(
        "plan",
        "--settings",
        str(settings),
        "--hubspot-contacts",
        str(contacts[0]),
        "--hubspot-contacts",
        str(contacts[1]),
        "--salesforce",
        str(leads),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"Sync plan for {settings} (settings); {contacts[0]}, {contacts[1]} "
        f"(HubSpot contacts); {leads} (Salesforce)"
    )


def test_cli_summary_of_one_record_is_singular(tmp_path: Path) -> None:
    export = tmp_path / "one.ndjson"
    export.write_text(
        '{"type": "settings", "integrated_on": "2021-02-01"}\n'
        '{"type": "hubspot_contact", "id": "1", "email": "an@example.com"}\n'
    )
    lines = cli("plan", str(export)).stdout.splitlines()
    assert "Summary: 1 record" in lines
    assert "Summary: 1 records" not in lines


def test_cli_explain_prints_a_rule_statement_once_per_run_of_its_reasons() -> None:
    lines = cli("explain", "502").stdout.splitlines()
    statement = (
        "          (rule: Portals integrated on or before 2017-06-22 without a "
        "list got the default list: every contact except lifecycle stage "
        "Subscriber.)"
    )
    assert lines[1].startswith("  SYNC-3: The portal was integrated on")
    assert lines[2].startswith("  SYNC-3: Contact '502' is not in")
    assert lines[3:] == [statement]


def test_opt2_explain_says_the_optout_state_in_words() -> None:
    """OPT-2: explain says the opt-out state in words."""
    lines = cli("explain", "00QA000000003AA").stdout.splitlines()
    assert lines[2] == (
        "  opt-out: unsubscribed from all email in HubSpot, Email Opt Out "
        "ticked in Salesforce"
    )


def test_own5_explain_says_the_owner_outcome_in_words_not_nobody() -> None:
    """OWN-5: explain says the owner outcome in words, not nobody."""
    lines = cli("explain", "507").stdout.splitlines()
    # A record still to be created has no earlier Owner ID: the owner is
    # refused, and the new contact goes to the integration user (OWN-6).
    assert lines[1] == (
        "  owner: does not pass; the new record goes to the integration user"
    )
    assert "nobody" not in cli("explain", "103").stdout


def test_cli_show_labels_records_with_the_plans_record_types() -> None:
    shown = [line.split()[0] for line in cli("show").stdout.splitlines()]
    planned = cli("plan", "--format", "ndjson").stdout.splitlines()
    types = [
        line["record_type"]
        for line in map(json.loads, planned)
        if line["type"] == "entry"
    ]
    assert shown == types


def test_cli_version_is_the_package_version() -> None:
    from importlib.metadata import version

    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout == f"crmsync-rules {version('crmsync-rules')}\n"


def test_cli_every_subcommand_help_has_an_example_its_inputs_and_exit_codes() -> None:
    for command in ("plan", "explain", "lint", "validate", "show"):
        result = cli(command, "--help")
        assert result.returncode == 0, command
        text = result.stdout
        assert re.search(f"\nexamples?:\n  crmsync-rules {command} ", text), command
        assert "input formats:\n" in text, command
        assert "- (standard input)" in text, command
        assert "--allow-partial" in text, command
        assert "exit status:\n  0 " in text, command
        assert "\n  2 " in text, command
    top = cli("--help").stdout
    assert "exit status:\n  0 " in top


def test_own3_own5_owner_outcomes_in_words() -> None:
    """OWN-3, OWN-5: owner outcomes in words."""
    from crmsync_rules.cli._output import owner_text
    from crmsync_rules.owners import OwnerAction, OwnerDecision, OwnerSyncDirection

    def text(
        direction: OwnerSyncDirection,
        action: OwnerAction,
        owner_id: str | None = None,
        *,
        import_from: str | None = None,
        reference: bool = False,
    ) -> str:
        decision = OwnerDecision(
            direction=direction,
            action=action,
            owner_id=owner_id,
            import_from=import_from,
            reasons=(),
        )
        return owner_text(decision, reference=reference)

    to_hubspot, to_salesforce = (
        OwnerSyncDirection.TO_HUBSPOT,
        OwnerSyncDirection.TO_SALESFORCE,
    )
    assert text(to_hubspot, OwnerAction.SET, "101") == (
        "passes to HubSpot as owner 101"
    )
    assert text(to_salesforce, OwnerAction.SET, "005A") == (
        "passes to Salesforce as Owner ID 005A"
    )
    assert text(to_hubspot, OwnerAction.IMPORT, import_from="00GA") == (
        "passes to HubSpot as Salesforce owner 00GA, imported as a HubSpot owner"
    )
    assert text(to_salesforce, OwnerAction.REVERT, "005B") == (
        "does not pass to Salesforce; Owner ID reverts to 005B"
    )
    assert text(to_salesforce, OwnerAction.REVERT) == (
        "does not pass to Salesforce, and no earlier Salesforce Owner ID is "
        "known to revert to"
    )
    assert text(to_salesforce, OwnerAction.REVERT, reference=True) == (
        "does not pass to Salesforce; the records it owns keep their last "
        "Salesforce Owner ID"
    )
    assert text(to_hubspot, OwnerAction.UNCHANGED) == "does not pass to HubSpot"
    assert text(to_salesforce, OwnerAction.UNCHANGED) == ("does not pass to Salesforce")


def test_opt4_held_optout_changes_in_words() -> None:
    """OPT-4: held opt-out changes in words."""
    from crmsync_rules import apply_optout
    from crmsync_rules.cli._output import optout_text
    from crmsync_rules.optout import OptOutEvent, OptOutState

    state = OptOutState(contact_id="501", salesforce_id="00Q1")
    assert optout_text(state) == (
        "not unsubscribed in HubSpot, Email Opt Out unticked in Salesforce"
    )
    for event in (OptOutEvent.SALESFORCE_OPTED_OUT, OptOutEvent.HUBSPOT_UNSUBSCRIBED):
        state = apply_optout(state, event, syncing=False).state
    assert optout_text(state) == (
        "unsubscribed from all email in HubSpot, Email Opt Out ticked in "
        "Salesforce (held until the contact syncs: the Email Opt Out tick, then "
        "the HubSpot unsubscribe)"
    )


def test_err1_show_lists_a_record_that_cannot_be_read(tmp_path: Path) -> None:
    """ERR-1: show lists a record that cannot be read."""
    snapshot = _write(
        tmp_path / "snapshot.json",
        {
            "settings": {"integrated_on": "2021-02-01"},
            "hubspot": {"contacts": [{"id": "1", "email": "a@x.nl"}, {"id": 2}]},
        },
    )
    result = cli("show", snapshot)
    assert (result.returncode, result.stderr) == (0, "")
    assert [line.split(None, 2) for line in result.stdout.splitlines()] == [
        ["hubspot_contact", "1", "a@x.nl"],
        ["hubspot_contact", "2", "cannot be read ($.hubspot.contacts[1])"],
    ]
