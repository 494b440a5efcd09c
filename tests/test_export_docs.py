"""docs/getting-your-data-out.md asks for exactly what the codec reads, and
the README's folder-of-exports example prints what it shows (issue 15)."""

from __future__ import annotations

import re

import pytest

from console_docs import ROOT, console_examples, run_console
from doc_tables import SALESFORCE_TIMES, check_queries, codec_names

GUIDE = ROOT / "docs" / "getting-your-data-out.md"
README = ROOT / "README.md"


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


@pytest.mark.parametrize(("command", "expected"), console_examples(README))
def test_the_readme_example_prints_what_it_shows(command: str, expected: str) -> None:
    """What standard error says of each file, then the plan."""
    status, printed = run_console(command)
    assert status == 0, printed
    assert printed == expected


def test_the_readme_has_its_folder_example() -> None:
    assert [c for c, _ in console_examples(README)] == [
        "crmsync-rules plan examples/exports"
    ]
