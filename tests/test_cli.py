"""The command-line tool, run as a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


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
    assert len(lines) == 35
    assert lines[0].split() == ["HubSpotContact", "501", "jan@vries.nl"]
    assert "SalesforceQueue        00GA000000001AA    inbound@acme-corp.com" in lines


def test_show_reports_a_bad_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"settings": {"integrated_on": "2016-05-10", "portals": "2"}}')
    result = run("show", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"crmsync-rules: {bad}: 1 problem:\n"
        "  expected an integer, got str '2' @ $.settings.portals\n"
    )
    missing = run("show", str(tmp_path / "missing.json"))
    assert missing.returncode == 2
    assert "cannot read" in missing.stderr
    assert "Traceback" not in missing.stderr
