"""docs/diff.md: every ``$ crmsync-rules ...`` command in its console blocks
is run from the repository's root, and prints what the page shows, with
the exit status the page gives (1 when something differs, else 0); the
example settings files are the bundled sample's and one rule more."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from crmsync_rules import SyncRule, sample_snapshot
from crmsync_rules.codec import structure
from crmsync_rules.model import IntegrationSettings

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "diff.md"
EXAMPLES = ROOT / "examples" / "diff"
SCRIPT = Path(sys.executable).with_name("crmsync-rules")


def examples() -> list[tuple[str, str]]:
    """(command, expected output) pairs, in page order."""
    pairs: list[tuple[str, str]] = []
    blocks = re.findall(r"```console\n(.*?)```", PAGE.read_text("utf-8"), re.S)
    for block in blocks:
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            pairs.append((command, output))
    return pairs


def test_the_page_has_its_two_commands() -> None:
    assert len(examples()) == 2


@pytest.mark.parametrize(("command", "expected"), examples())
def test_diff_page_command_prints_what_the_page_shows(
    command: str, expected: str
) -> None:
    program, *args = shlex.split(command)
    assert program == "crmsync-rules"
    result = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.stderr + result.stdout == expected
    assert result.returncode == (0 if "No differences:" in expected else 1)


def settings_file(name: str) -> IntegrationSettings:
    data = json.loads((EXAMPLES / name).read_text("utf-8"))
    return structure(data, IntegrationSettings, source=name)


def test_fm3_the_example_files_differ_in_one_mappings_rule() -> None:
    """FM-3: the page's example: the sample's own settings, and the same
    with jobtitle <-> Title two-way."""
    old = settings_file("sample-settings.json")
    new = settings_file("jobtitle-two-way.json")
    assert old == sample_snapshot().settings
    changed = [
        (a, b) for a, b in zip(old.mappings, new.mappings, strict=True) if a != b
    ]
    assert [(a.hubspot_property, a.rule, b.rule) for a, b in changed] == [
        ("jobtitle", SyncRule.PREFER_SALESFORCE_UNLESS_BLANK, SyncRule.TWO_WAY)
    ]
