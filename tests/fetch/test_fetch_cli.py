"""`crmsync-rules fetch` on the command line: credentials from the
environment, never shown or written; `plan OUTDIR` reads what it wrote;
an exit status per way of ending (docs/fetch.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from crmsync_rules.cli._main import main
from crmsync_rules.codec._native import dump_snapshot
from crmsync_rules.model import Snapshot
from fetch_fakes import SF_TOKEN, TOKEN, FakeApis


@pytest.fixture
def environment(fake: FakeApis, monkeypatch: pytest.MonkeyPatch) -> FakeApis:
    monkeypatch.setenv("CRMSYNC_HUBSPOT_TOKEN", TOKEN)
    monkeypatch.setenv("CRMSYNC_HUBSPOT_URL", fake.hubspot_url)
    monkeypatch.setenv("CRMSYNC_SALESFORCE_INSTANCE_URL", fake.salesforce_url)
    monkeypatch.setenv("CRMSYNC_SALESFORCE_ACCESS_TOKEN", SF_TOKEN)
    monkeypatch.setenv("CRMSYNC_SALESFORCE_CA_BUNDLE", fake.certificate)
    return fake


def _settings(snapshot: Snapshot, folder: Path) -> str:
    path = folder / "my-settings.json"
    path.write_text(json.dumps(dump_snapshot(snapshot)["settings"]))
    return str(path)


def _fetch(*args: str) -> int:
    # REST only (no Bulk API job to poll) and no pause between requests.
    return main(["fetch", "--hubspot-rate", "0", "--retries", "0", *args])


def test_fetch_writes_an_export_that_plan_reads_with_no_secret_anywhere(
    environment: FakeApis,
    snapshot: Snapshot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "export"
    status = _fetch("--settings", _settings(snapshot, tmp_path), str(folder))
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "HubSpot contacts: 12 records" in out
    assert "Salesforce Lead: 5 records" in out
    assert f"plan it with: crmsync-rules plan {folder}" in out
    assert "fetching only:" in err
    assert "jobtitle" in err  # a mapped property, asked for and said
    assert "\r" not in err  # no progress line: not a terminal
    assert main(["plan", str(folder)]) in (0, 1)
    planned, _ = capsys.readouterr()
    assert "44 records" in planned
    written = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    for secret in (TOKEN, SF_TOKEN):
        assert secret.encode() not in written
        assert secret not in out + err


def test_without_credentials_it_says_which_to_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in (
        "CRMSYNC_HUBSPOT_TOKEN",
        "CRMSYNC_SALESFORCE_ACCESS_TOKEN",
        "CRMSYNC_SALESFORCE_USERNAME",
    ):
        monkeypatch.delenv(name, raising=False)
    assert _fetch(str(tmp_path / "export")) == 2
    assert "CRMSYNC_HUBSPOT_TOKEN" in capsys.readouterr().err


def test_without_the_extra_it_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "simple_salesforce", None)  # not installed
    assert _fetch(str(tmp_path / "export")) == 2
    err = capsys.readouterr().err
    assert "simple-salesforce" in err
    assert "pip install 'crmsync-rules[fetch]'" in err


def test_an_expired_token_exits_2_without_showing_it(
    environment: FakeApis, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    environment.faults.expired = True
    assert _fetch(str(tmp_path / "export")) == 2
    out, err = capsys.readouterr()
    assert "refused the token" in err
    assert TOKEN not in out + err


def test_an_interruption_exits_3_and_the_same_command_resumes(
    environment: FakeApis, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    environment.faults.fail_after = 5
    assert _fetch(str(tmp_path / "export")) == 3
    assert "run the same command again to resume" in capsys.readouterr().err
    environment.faults.fail_after = None
    assert _fetch(str(tmp_path / "export")) == 0


def test_the_allocation_share_exits_4(
    environment: FakeApis, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    environment.faults.used, environment.faults.allocation = 94, 100
    assert _fetch("--max-share", "95", str(tmp_path / "export")) == 4
    err = capsys.readouterr().err
    # The describe call took it to 95: the next one would pass 95%.
    assert "stopped before counting User" in err
    assert "95 of its 100 daily API calls" in err
    assert environment.faults.used == 95


def test_a_lying_total_size_exits_2(
    environment: FakeApis, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    environment.faults.lie_total = 3
    assert _fetch(str(tmp_path / "export")) == 2
    assert "totalSize" in capsys.readouterr().err


def test_credentials_from_a_file(
    fake: FakeApis,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("CRMSYNC_HUBSPOT_TOKEN", "CRMSYNC_SALESFORCE_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    credentials = tmp_path / "credentials.json"
    credentials.write_text(
        json.dumps(
            {
                "hubspot": {"token": TOKEN, "base_url": fake.hubspot_url},
                "salesforce": {
                    "instance_url": fake.salesforce_url,
                    "access_token": SF_TOKEN,
                    "ca_bundle": fake.certificate,
                },
            }
        )
    )
    status = _fetch("--credentials", str(credentials), str(tmp_path / "export"))
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "Salesforce Opportunity: 4 records" in out


def test_unreadable_settings_or_an_unwritable_outdir_exit_2(
    environment: FakeApis, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _fetch("--settings", str(tmp_path / "none.json"), str(tmp_path / "x")) == 2
    assert "none.json: cannot be read" in capsys.readouterr().err
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert _fetch(str(blocker / "export")) == 2
    err = capsys.readouterr().err
    assert "crmsync-rules fetch:" in err
    assert TOKEN not in err
