"""docs/getting-your-data-out.md asks for exactly what the codec reads, and
the README's folder-of-exports example prints what it shows (issue 15)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from doc_tables import SALESFORCE_TIMES, check_queries, codec_names

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "getting-your-data-out.md"
README = ROOT / "README.md"
SCRIPT = Path(sys.executable).with_name("crmsync-rules")


def _section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_queries_and_requests_select_what_the_codec_reads() -> None:
    text = GUIDE.read_text("utf-8")
    check_queries(
        _section(text, "Salesforce: the queries")
        + _section(text, "HubSpot: the API calls"),
        times=SALESFORCE_TIMES,
    )


def test_each_field_the_codec_reads_is_under_a_rule() -> None:
    table = _section(GUIDE.read_text("utf-8"), "What each rule reads")
    named = set(re.findall(r"`(\w+)`", table))
    assert codec_names() <= named
    assert named - codec_names() <= SALESFORCE_TIMES | {
        "updatedAt",
        "propertiesWithHistory",
    }


def _console_examples(path: Path) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    blocks = re.findall(r"```console\n(.*?)```", path.read_text("utf-8"), re.S)
    for block in blocks:
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            pairs.append((command, output))
    return pairs


@pytest.mark.parametrize(("command", "expected"), _console_examples(README))
def test_the_readme_example_prints_what_it_shows(command: str, expected: str) -> None:
    """What standard error says of each file, then the plan."""
    program, *args = shlex.split(command)
    assert program == "crmsync-rules"
    result = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr + result.stdout == expected


def test_the_readme_has_its_folder_example() -> None:
    assert [c for c, _ in _console_examples(README)] == [
        "crmsync-rules plan examples/exports"
    ]
