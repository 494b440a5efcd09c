"""The command line on files and folders of exports: what it recognises,
what it refuses, partial exports, the settings (issue 15)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crmsync_rules.cli._main import main

# tests/data/exports/mixed/: hand-written files in the documented shapes, a
# HubSpot CRM v3 contacts list page
# (https://developers.hubspot.com/docs/api/crm/contacts: results, id,
# properties, createdAt, updatedAt, archived), a Salesforce REST query page
# (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm:
# totalSize, done, records with attributes.type), the project's NDJSON, an
# export tool's manifest.json and a hidden editor file.
MIXED = Path(__file__).parent / "data" / "exports" / "mixed"
SETTINGS = '{"integrated_on": "2021-02-01", "contact_creation": "create"}'


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    """A copy of the mixed folder, and the settings beside it."""
    folder = tmp_path / "exports"
    shutil.copytree(MIXED, folder)
    (tmp_path / "settings.json").write_text(SETTINGS, "utf-8")
    return folder


def _entries(out: str) -> list[tuple[str, str, str]]:
    document: dict[str, Any] = json.loads(out)
    return [
        (e["record_type"], e["record_id"], e["action"]) for e in document["entries"]
    ]


def test_a_folder_of_mixed_files_is_planned_and_each_file_named(
    capsys: pytest.CaptureFixture[str], exports: Path
) -> None:
    settings = str(exports.parent / "settings.json")
    status, out, err = _run(
        capsys, "plan", "--settings", settings, str(exports), "--format", "json"
    )
    assert status == 1  # one record cannot be read
    assert sorted(_entries(out)) == [
        ("hubspot_contact", "501", "sync"),
        ("hubspot_contact", "502", "rejected"),
        ("hubspot_owner", "9001", "reference"),
        ("salesforce_lead", "00Q5e000001AbCdEAK", "dedupe"),
        ("salesforce_lead", "00Q5e000001AbCeEAK", "create_in_hubspot"),
        ("salesforce_user", "005A000000001AA", "reference"),
    ]
    # One line per file, in sorted name order, every level down; the
    # manifest is passed over, the hidden file never read.
    lines = err.splitlines()
    assert [line.split(": ", 1)[0] for line in lines[:3]] == [
        f"{exports}/hubspot/contacts-1.json",
        f"{exports}/native/owners.ndjson",
        f"{exports}/salesforce/leads.json",
    ]
    assert lines[0].endswith(", 2 records")
    assert (
        lines[1] == f"{exports}/native/owners.ndjson: crmsync-rules NDJSON, 2 records"
    )
    assert lines[3:] == [
        f"crmsync-rules: note: {exports}/manifest.json: skipped (no reader needs it)"
    ]
    assert ".notes.swp" not in err


def test_a_record_that_cannot_be_read_is_rejected_with_its_file_and_path(
    capsys: pytest.CaptureFixture[str], exports: Path
) -> None:
    settings = str(exports.parent / "settings.json")
    status, out, _ = _run(
        capsys, "plan", "--settings", settings, str(exports), "--only", "rejected"
    )
    assert status == 1
    row = next(line for line in out.splitlines() if "502" in line)
    assert row.split() == [
        "hubspot_contact",
        "502",
        "($.results[1])",
        "rejected",
        "ERR-1",
    ]
    status, out, _ = _run(capsys, "validate", "--settings", settings, str(exports))
    assert status == 1
    assert (
        "hubspot_contact 502 ($.results[1]): ERR-1: The record at $.results[1] of "
        f"{exports}/hubspot/contacts-1.json cannot be read"
    ) in out
    assert "@ $.results[1].properties.email" in out


def test_the_settings_can_be_a_file_among_the_exports(
    capsys: pytest.CaptureFixture[str], exports: Path
) -> None:
    shutil.move(exports.parent / "settings.json", exports / "settings.json")
    status, out, err = _run(capsys, "show", str(exports))
    assert status == 0
    assert f"{exports}/settings.json: integration settings\n" in err
    assert "hubspot_contact         501                 jan@vries.nl" in out
    # ... but only once.
    (exports.parent / "settings.json").write_text(SETTINGS, "utf-8")
    status, out, err = _run(
        capsys,
        "plan",
        "--settings",
        str(exports.parent / "settings.json"),
        str(exports),
    )
    assert (status, out) == (2, "")
    assert err.endswith(
        "crmsync-rules: the export: the integration settings are given more than "
        f"once: in --settings, {exports}/settings.json; keep one\n"
    )


def test_without_settings_a_folder_is_refused(
    capsys: pytest.CaptureFixture[str], exports: Path
) -> None:
    status, out, err = _run(capsys, "plan", str(exports))
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == (
        "crmsync-rules: no integration settings among the inputs: give them with "
        "--settings FILE (docs/settings.md)"
    )


@pytest.mark.parametrize(
    ("name", "content", "looks"),
    [
        (
            "weather.csv",
            b"Date;Temperature\n2024-01-01;3\n",
            "CSV with the header 'Date;Temperature'",
        ),
        ("contacts.xlsx", b"PK\x03\x04\x00\x00\x08\x00", "binary data, not UTF-8"),
        ("empty.json", b"", "an empty file"),
        (
            "other.json",
            b'{"kind": "other", "n": 1}',
            "a JSON object with the keys 'kind', 'n'",
        ),
    ],
)
def test_a_file_nobody_recognises_is_named_with_what_it_looks_like(
    capsys: pytest.CaptureFixture[str],
    exports: Path,
    name: str,
    content: bytes,
    looks: str,
) -> None:
    (exports / name).write_bytes(content)
    settings = str(exports.parent / "settings.json")
    status, out, err = _run(capsys, "plan", "--settings", settings, str(exports))
    assert (status, out) == (2, "")
    last = err.splitlines()[-1]
    assert last.startswith(
        f"crmsync-rules: {exports}/{name}: not a file crmsync-rules reads; it "
        f"looks like {looks}"
    ), last
    assert "Traceback" not in err


def test_a_broken_json_file_is_refused_with_line_and_column(
    capsys: pytest.CaptureFixture[str], exports: Path
) -> None:
    (exports / "broken.json").write_bytes(b'{"results": [\n  {"id": "1"},\n')
    settings = str(exports.parent / "settings.json")
    status, _, err = _run(capsys, "plan", "--settings", settings, str(exports))
    assert status == 2
    assert err.endswith(
        f"{exports}/broken.json: not a file crmsync-rules reads; it looks like "
        "broken JSON (invalid JSON: Expecting value at line 3 column 1) "
        "(docs/exports.md lists what it reads)\n"
    )


def test_every_unrecognised_file_is_listed_at_once(
    capsys: pytest.CaptureFixture[str], exports: Path
) -> None:
    (exports / "a.txt").write_text("hello\n")
    (exports / "b.txt").write_text("world\n")
    settings = str(exports.parent / "settings.json")
    status, _, err = _run(capsys, "plan", "--settings", settings, str(exports))
    assert status == 2
    assert "the export: 2 problems:" in err
    assert f"  {exports}/a.txt: not a file crmsync-rules reads" in err
    assert f"  {exports}/b.txt: not a file crmsync-rules reads" in err


def _partial(exports: Path) -> Path:
    page = exports / "hubspot" / "contacts-1.json"
    document = json.loads(page.read_text("utf-8"))
    document["paging"] = {
        "next": {"after": "503", "link": "https://api.hubapi.com/..."}
    }
    page.write_text(json.dumps(document), "utf-8")
    return page


def test_a_partial_export_is_refused(
    capsys: pytest.CaptureFixture[str], exports: Path
) -> None:
    page = _partial(exports)
    settings = str(exports.parent / "settings.json")
    status, out, err = _run(capsys, "plan", "--settings", settings, str(exports))
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == (
        "crmsync-rules: the export is incomplete: the contacts list pages: "
        f"every page says more follow ({page}): the last page is missing. "
        "Fetch the remaining pages, or give --allow-partial to plan the pages "
        "you have"
    )


def test_allow_partial_plans_a_partial_export_labelled_so(
    capsys: pytest.CaptureFixture[str], exports: Path
) -> None:
    page = _partial(exports)
    settings = str(exports.parent / "settings.json")
    args = ["plan", "--settings", settings, str(exports), "--allow-partial"]
    status, out, err = _run(capsys, *args, "--format", "json")
    assert status == 1
    document = json.loads(out)
    assert document["summary"]["partial"] is True
    assert len(document["entries"]) == 6
    assert (
        "crmsync-rules: warning: partial export (--allow-partial): the contacts "
        f"list pages: every page says more follow ({page})"
    ) in err
    status, out, err = _run(capsys, *args)
    assert "PARTIAL PLAN" in out
    assert (
        "warning DUP-1: The input is a partial export: the contacts list pages: "
        f"every page says more follow ({page})"
    ) in out


def test_the_api_options_and_stdin_join_the_inputs(
    capsys: pytest.CaptureFixture[str], exports: Path
) -> None:
    hubspot = exports / "hubspot" / "contacts-1.json"
    moved = exports.parent / "contacts.json"
    shutil.move(hubspot, moved)
    settings = str(exports.parent / "settings.json")
    status, out, _ = _run(
        capsys,
        "plan",
        "--settings",
        settings,
        "--hubspot-contacts",
        str(moved),
        str(exports),
        "--format",
        "json",
    )
    assert status == 1
    assert ("hubspot_contact", "501", "sync") in _entries(out)
    assert json.loads(out)["summary"]["records"] == 6
    # Standard input, beside a folder: NDJSON piped in.
    stdin = json.dumps({"type": "hubspot_contact", "id": "777", "email": "anna@kok.nl"})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "crmsync_rules",
            "plan",
            "--settings",
            settings,
            "-",
            str(exports),
            "--format",
            "json",
        ],
        input=stdin + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert ("hubspot_contact", "777", "sync") in _entries(result.stdout)
    assert "<stdin>: crmsync-rules NDJSON, 1 record\n" in result.stderr


def test_explain_and_lint_read_folders_too(
    capsys: pytest.CaptureFixture[str], exports: Path
) -> None:
    settings = str(exports.parent / "settings.json")
    status, out, _ = _run(
        capsys, "explain", "501", "--settings", settings, str(exports)
    )
    assert status == 0
    assert "00Q5e000001AbCdEAK" in out
    status, out, _ = _run(capsys, "lint", "--settings", settings, str(exports))
    assert (status, out) == (0, "No findings: the settings are clean.\n")


def test_an_empty_folder_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".DS_Store").write_bytes(b"\x00")
    status, _, err = _run(capsys, "plan", str(tmp_path / "empty"))
    assert status == 2
    assert (
        err
        == f"crmsync-rules: {tmp_path / 'empty'} is a folder with no files to read\n"
    )


def test_the_readers_findings_are_the_plans(
    capsys: pytest.CaptureFixture[str],
    exports: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reader's finding (a record returned on two pages, DUP-6) is listed
    with the settings linter's; a note goes to standard error."""
    from crmsync_rules.codec._exports import ExportRead
    from crmsync_rules.codec._hubspot_export import read_hubspot_export as reader
    from crmsync_rules.rules._lint import Finding, Severity

    finding = Finding(
        severity=Severity.WARNING,
        rule="DUP-6",
        detail="Contact 501 is on two pages; the later update is kept.",
        fix="None needed.",
    )

    def with_finding(*args: Any, **kwargs: Any) -> ExportRead:
        read = reader(*args, **kwargs)
        return ExportRead(
            records=read.records,
            rejected=read.rejected,
            recognised=read.recognised,
            notes=["a note of the HubSpot reader"],
            findings=[finding],
        )

    monkeypatch.setattr(
        "crmsync_rules.codec._read_export.read_hubspot_export", with_finding
    )
    settings = str(exports.parent / "settings.json")
    status, out, err = _run(capsys, "plan", "--settings", settings, str(exports))
    assert status == 1
    assert f"  {finding}\n" in out
    assert "crmsync-rules: note: a note of the HubSpot reader\n" in err
