"""The command line's text output over generated snapshots, in-process
(through the writers `crmsync-rules plan` and `explain` use, not a
subprocess, so that Hypothesis can try many snapshots quickly).

The CLI's own words never show a Python value: no ``None``, ``True`` or
``False`` outside a quoted value, and no enum repr. The reasons' sentences
are the planner's (tests/property/test_plan_properties.py checks those);
here they are taken out, so that this property is about what the CLI adds.
"""

from __future__ import annotations

import io
import re

from hypothesis import given

from crmsync_rules import Snapshot, plan
from crmsync_rules.cli._output import Counted, write_explanation, write_text
from crmsync_rules.cli._stream import CliStream
from crmsync_rules.model import RULES
from crmsync_rules.planner import plan_stream
from crmsync_rules.strategies import snapshots

_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_PYTHON = re.compile(r"\b(?:None|True|False)\b|\b[A-Z][A-Za-z]+\.[A-Z][A-Z_]+\b")


def python_values(text: str) -> list[str]:
    """``None``, ``True``, ``False`` and enum reprs in *text*, outside
    quoted values."""
    return _PYTHON.findall(_QUOTED.sub("''", text))


def test_python_values_finds_what_it_looks_for() -> None:
    assert python_values("opt-out: HubSpot unsubscribed=True, x=None") == [
        "True",
        "None",
    ]
    assert python_values("owner: OwnerAction.REVERT") == ["OwnerAction.REVERT"]
    assert python_values("name 'None' and \"False\" are quoted values") == []
    assert python_values("Summary: 3 records, Nonesuch") == []


def _without_planner_text(text: str, snapshot: Snapshot) -> str:
    """*text* less the planner's and the linter's own sentences."""
    result = plan(snapshot)
    for entry in result.entries:
        for reason in entry.reasons:
            text = text.replace(f"{reason.rule}: {reason.detail}", reason.rule)
    for finding in result.findings:
        text = text.replace(str(finding), finding.rule)
    for statement in RULES.values():
        text = text.replace(statement, "")
    return text


def text_plan(snapshot: Snapshot) -> str:
    stream = CliStream(plan_stream([snapshot.settings, *snapshot.records()]))
    counted = Counted(stream)
    out = io.StringIO()
    write_text("snapshot.json", stream, counted, counted, out)
    return out.getvalue()


def explanations(snapshot: Snapshot) -> str:
    entries = plan(snapshot).entries
    out = io.StringIO()
    for record in snapshot.records():
        write_explanation(record.id, entries, out)
        out.write("\n")
    return out.getvalue()


@given(snapshots())
def test_the_text_plan_shows_no_python_values(snapshot: Snapshot) -> None:
    text = text_plan(snapshot)
    assert python_values(_without_planner_text(text, snapshot)) == [], text
    n = sum(1 for _ in snapshot.records())
    assert f"\nSummary: {n:,} record{'' if n == 1 else 's'}\n" in text


@given(snapshots())
def test_explain_shows_no_python_values(snapshot: Snapshot) -> None:
    text = explanations(snapshot)
    assert python_values(_without_planner_text(text, snapshot)) == [], text
