"""benchmarks/engine.py's reference query (issue 17's yardstick) decides
what docs/performance.md says it decides, on a handful of records whose
outcome is worked out by hand below."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).parent.parent


def _engine() -> ModuleType:
    path = ROOT / "benchmarks" / "engine.py"
    spec = importlib.util.spec_from_file_location("crmsync_engine_bench", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


RECORDS: list[dict[str, Any]] = [
    {"type": "settings", "integrated_on": "2021-09-01"},
    {"type": "salesforce_user", "id": "005A", "email": "Ann@Corp.com"},
    {
        "type": "salesforce_user",
        "id": "005B",
        "email": "bob@corp.com",
        "is_active": False,
    },
    {"type": "hubspot_owner", "id": "7", "email": " ann@corp.com"},
    {"type": "hubspot_owner", "id": "8", "email": "bob@corp.com"},
    # One address, two HubSpot contacts (the lowest id as a number wins: 9
    # before 10), a lead and a contact that both dedupe into 9; the lead
    # is opted out, so the opt-out passes to the others.
    {"type": "hubspot_contact", "id": "10", "email": "x@a.com", "owner_id": "7"},
    {"type": "hubspot_contact", "id": "9", "email": " X@A.com ", "owner_id": "8"},
    {
        "type": "salesforce_lead",
        "id": "00QB",
        "email": "x@a.com",
        "owner_id": "005A",
        "has_opted_out_of_email": True,
    },
    {"type": "salesforce_contact", "id": "003Z", "email": "x@A.com"},
    # No HubSpot contact has this address: the contact creates it (contacts
    # before leads), the lead dedupes into what it creates.
    {"type": "salesforce_lead", "id": "00QA", "email": "new@b.com"},
    {"type": "salesforce_contact", "id": "003Y", "email": "NEW@b.com"},
    {"type": "hubspot_contact", "id": "11"},  # no address
    {"type": "hubspot_company", "id": "500", "name": "Not a person"},
]


def test_the_reference_query_writes_one_decided_line_per_person(tmp_path: Path) -> None:
    source, out = tmp_path / "in.ndjson", tmp_path / "out.ndjson"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    assert _engine().reference(source, out) == 7
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    got = {
        line["id"]: (line["action"], line["target"], line["opted_out"], line["owner"])
        for line in lines
    }
    assert got == {
        "9": ("sync", "003Z", True, None),  # owner 8 is bob, inactive in Salesforce
        "10": ("skip", None, True, "005A"),
        "00QB": ("dedupe", "9", True, "7"),
        "003Z": ("dedupe", "9", True, None),
        "003Y": ("create_in_hubspot", None, False, None),
        "00QA": ("dedupe", "003Y", False, None),
        "11": ("skip", None, False, None),
    }
    reasons = {line["id"]: line["reason"] for line in lines}
    assert reasons["00QA"] == (
        "DUP-1: salesforce lead 00QA has the address new@b.com of the HubSpot "
        "contact that 003Y creates; it dedupes into it."
    )
    assert reasons["003Z"].startswith(
        "DUP-1: salesforce contact 003Z has the address x@a.com of HubSpot contact 9"
    )
    assert "OPT-2" in reasons["003Z"]
    assert "OPT-2" not in reasons["00QB"]  # its own opt-out
    assert reasons["00QB"].endswith(
        " OWN: the owner ann@corp.com is 7 on the other side."
    )


def test_the_plan_command_takes_an_engine_only_when_asked() -> None:
    engine = _engine()
    source = Path("in.ndjson")
    assert engine.plan_command(source)[-4:] == [
        "plan",
        "--format",
        "ndjson",
        "in.ndjson",
    ]
    assert engine.plan_command(source, "duckdb")[-3:] == [
        "--engine",
        "duckdb",
        "in.ndjson",
    ]


def test_docs_show_the_query_that_runs() -> None:
    docs = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    section = docs[docs.index("## The reference query (issue 17)") :]
    shown = section[section.index("```text\n") + 8 :]
    shown = shown[: shown.index("```")]
    assert shown.strip() == _engine().REFERENCE_QUERY.strip()


def test_the_engines_are_read_from_the_plan_commands_help() -> None:
    choices = _engine().engine_choices
    assert choices("usage: crmsync-rules plan [-h] [--format {text,json}]") == ()
    assert choices("usage: plan [--engine {duckdb,python}] [INPUT ...]") == (
        "duckdb",
        "python",
    )
    assert choices("  --engine ENGINE  duckdb (the default) or python") == (
        "duckdb",
        "python",
    )
