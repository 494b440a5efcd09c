"""docs/tutorial.md: every ``$ crmsync-rules ...`` command in its console
blocks is run from the repository's root, and its output (standard error,
then standard output) must be the one shown."""

from __future__ import annotations

import pytest

from console_docs import ROOT, console_examples, run_console

TUTORIAL = ROOT / "docs" / "tutorial.md"


def examples() -> list[tuple[str, str]]:
    """(command, expected output) pairs, in document order."""
    return console_examples(TUTORIAL)


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
    status, printed = run_console(command)
    assert status == 0, printed
    assert printed == expected
