"""docs/before-you-turn-it-on.md (issue 16): its commands print what the
page shows, and the page walks through what the issue asks: a field-level
plan, the mapping summary, the API estimate and a settings diff, on the
bundled sample, with each kind of field write named where it shows."""

from __future__ import annotations

import pytest

from console_docs import ROOT, console_examples, run_console

PAGE = ROOT / "docs" / "before-you-turn-it-on.md"


def test_the_page_runs_a_field_plan_a_summary_and_a_diff() -> None:
    commands = [command for command, _ in console_examples(PAGE)]
    assert commands == [
        "crmsync-rules plan --fields --only sync",
        "crmsync-rules plan --fields --only create_in_salesforce",
        "crmsync-rules plan --summary",
        "crmsync-rules diff examples/diff/sample-settings.json "
        "examples/diff/jobtitle-two-way.json",
    ]
    text = PAGE.read_text("utf-8")
    for kind in (
        "An overwrite",
        "A clear",
        "A two-way conflict decided by time",
        "An owner that reverts",
        "An opt-out that passes",
        "fills",
    ):
        assert f"**{kind}" in text


@pytest.mark.parametrize(("command", "expected"), console_examples(PAGE))
def test_before_page_command_prints_what_the_page_shows(
    command: str, expected: str
) -> None:
    status, printed = run_console(command)
    assert printed == expected
    # diff exits 1 when something differs (the page's example does).
    assert status == (1 if command.startswith("crmsync-rules diff") else 0)


def test_the_page_shows_the_writes_it_names() -> None:
    """The sentences of the walk-through are about lines the commands print
    (not the code's labels: its values)."""
    outputs = dict(console_examples(PAGE))
    sync = outputs["crmsync-rules plan --fields --only sync"]
    assert 'field jobtitle: "Buyer" -> "Head of Purchasing"' in sync
    assert 'field jobtitle: "Analyst" -> (blank)' in sync
    assert 'field firstname: "Piet" -> "Pieter"' in sync
    assert "Owner ID reverts to 005A000000002AA" in sync
    assert "field HasOptedOutOfEmail: false -> true" in sync
    created = outputs["crmsync-rules plan --fields --only create_in_salesforce"]
    assert 'field Title: (blank) -> "CFO"' in created
    summary = outputs["crmsync-rules plan --summary"]
    assert "API calls: about" in summary
    assert "clears 1 HubSpot value" in summary
