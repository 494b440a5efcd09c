"""docs/tutorial.md: every ``$ crmsync-rules ...`` command in its console
blocks is run from the repository's root, and its output (standard error,
then standard output) must be the one shown."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial.md"
SCRIPT = Path(sys.executable).with_name("crmsync-rules")


def examples() -> list[tuple[str, str]]:
    """(command, expected output) pairs, in document order."""
    pairs: list[tuple[str, str]] = []
    blocks = re.findall(r"```console\n(.*?)```", TUTORIAL.read_text("utf-8"), re.S)
    for block in blocks:
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            pairs.append((command, output))
    return pairs


def test_the_tutorial_has_its_three_questions_and_their_commands() -> None:
    text = TUTORIAL.read_text("utf-8")
    for question in (
        "Why didn't this contact sync?",
        "Who will own this lead?",
        "Why is this contact not a customer?",
    ):
        assert f"## {question}" in text
    assert "## Your own portal: a folder of exports" in text
    assert len(examples()) == 7


@pytest.mark.parametrize(("command", "expected"), examples())
def test_tutorial_command_prints_what_the_tutorial_shows(
    command: str, expected: str
) -> None:
    program, *args = shlex.split(command)
    assert program == "crmsync-rules"
    result = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    # What standard error says of the files read comes first, as on a terminal.
    assert result.stderr + result.stdout == expected
