"""`plan` of exports on the bulk engine (`engine_values`, `plan_values`):
folders of HubSpot and Salesforce API pages, page dumps and CSV exports, as
`benchmarks/exports.py` writes them from a generated portal, planned by
both engines through the command line give the same output, byte for
byte, with rejected records and partial exports; worker processes give the
plan of one; what the engine cannot write goes to the Python planner."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from crmsync_rules.cli._files import documents
from crmsync_rules.codec import read_export
from crmsync_rules.engine import EngineUnsuitable, plan_values, process_runner
from crmsync_rules.model import HubSpotContact, IntegrationSettings
from crmsync_rules.planner import FieldDetail, plan_stream

_EXPORTS = Path(__file__).parent.parent / "benchmarks" / "exports.py"


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crmsync_rules", *args],
        capture_output=True,
        text=True,
        check=False,
        input=stdin,
    )


def _write_export(out: Path, shape: str) -> Path:
    subprocess.run(
        [
            *(sys.executable, str(_EXPORTS), "--shape", shape),
            *("--contacts", "1500", "--seed", "7", "--portal", "new"),
            *("--properties", "5", "--out", str(out)),
            *("--hubspot-page", "400", "--salesforce-page", "400"),
        ],
        check=True,
    )
    return out


@pytest.fixture(scope="module", params=["pages", "dump", "csv"])
def export(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A generated new portal of 1,500 contacts a side with five
    properties each, exported in one of the shapes users have."""
    shape: str = request.param
    return _write_export(tmp_path_factory.mktemp("exports") / shape, shape)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_export(tmp_path_factory.mktemp("exports") / "pages", "pages")


def _both(*args: str) -> tuple[str, str]:
    """The output of `plan` with each engine; each says it ran."""
    python = _cli(*args, "--engine", "python", "--verbose")
    duck = _cli(*args, "--engine", "duckdb", "--verbose")
    assert python.returncode == duck.returncode, (python.stderr, duck.stderr)
    assert "planned with the python engine" in python.stderr
    assert "planned with the duckdb engine" in duck.stderr
    return python.stdout, duck.stdout


@pytest.mark.parametrize(
    "options",
    [
        ("--format", "ndjson"),
        ("--format", "ndjson", "--fields"),
        ("--format", "ndjson", "--summary"),
        ("--format", "ndjson", "--only", "dedupe"),
        ("--format", "json", "--all-fields"),
        ("--format", "text"),
    ],
)
def test_both_engines_print_the_same_plan_of_an_export(
    export: Path, options: tuple[str, ...]
) -> None:
    python, duck = _both("plan", str(export), *options)
    least = 3 if "--summary" in options else 200 if "--only" in options else 3_000
    assert python.count("\n") > least
    assert duck == python


def test_the_default_engine_plans_an_export_on_duckdb(pages: Path) -> None:
    result = _cli("plan", str(pages), "--format", "ndjson", "--verbose")
    assert result.returncode == 0
    assert "planned with the duckdb engine" in result.stderr


def test_rejected_records_of_an_export_are_the_python_planners(
    pages: Path, tmp_path: Path
) -> None:
    """Records the readers reject keep their file and JSON path in the
    plan (never a line of the engine's own file), in the Python planner's
    order."""
    broken = tmp_path / "broken"
    shutil.copytree(pages, broken)
    for number in (1, 2):
        page = broken / "hubspot" / f"contacts-{number}.json"
        body = json.loads(page.read_text(encoding="utf-8"))
        body["results"][3]["properties"]["email"] = 7
        body["results"][10]["id"] = None
        page.write_text(json.dumps(body), encoding="utf-8")
    python, duck = _both("plan", str(broken), "--format", "ndjson")
    assert duck == python
    rejected = [line for line in duck.splitlines() if "contacts-1.json" in line]
    assert len(rejected) == 2
    assert "$.results[3]" in rejected[0]
    assert "records.ndjson" not in duck


def test_a_partial_export_is_planned_alike_and_said_to_be_partial(
    pages: Path, tmp_path: Path
) -> None:
    partial = tmp_path / "partial"
    shutil.copytree(pages, partial)
    (partial / "hubspot" / "contacts-2.json").unlink()
    python, duck = _both("plan", str(partial), "--format", "ndjson", "--allow-partial")
    assert duck == python
    assert '"partial": true' in duck
    assert "contacts-2.json" not in duck or "partial export" in duck


def _values(folder: Path) -> list[object]:
    values: list[object] = list(read_export(documents([str(folder)])).values())
    assert isinstance(values[0], IntegrationSettings)
    return values


def test_worker_processes_plan_read_values_as_one(pages: Path) -> None:
    values = _values(pages)
    assert len(values) > 3_000
    expected = plan_stream(values, fields=FieldDetail.CHANGES)  # type: ignore[arg-type]
    wanted = list(expected)
    got = plan_values(
        values,  # type: ignore[arg-type]
        fields=FieldDetail.CHANGES,
        batch_size=400,
        runner=process_runner(2),
    )
    assert got.findings == expected.findings
    assert list(got) == wanted


def test_a_record_that_is_no_utf8_text_goes_to_the_python_planner(
    pages: Path,
) -> None:
    """A lone surrogate (the JSON parser reads ``"\\ud800"``) cannot be
    written as UTF-8 for DuckDB: the engine refuses, before any plan."""
    values = _values(pages)
    contact = next(v for v in values if isinstance(v, HubSpotContact))
    values.append(attrs.evolve(contact, id="odd-1", first_name="\ud800"))
    assert isinstance(values[0], IntegrationSettings)
    with pytest.raises(EngineUnsuitable, match="UTF-8"):
        plan_values(values)  # type: ignore[arg-type]


@pytest.mark.parametrize("how", ["redact", "stdin"])
def test_redacted_plans_and_standard_input_stay_with_the_python_planner(
    pages: Path, how: str
) -> None:
    if how == "redact":
        result = _cli("plan", str(pages), "--redact", "--verbose")
    else:
        result = _cli(
            "plan",
            "-",
            "--verbose",
            stdin='{"type": "settings", "integrated_on": "2021-01-01"}\n',
        )
    assert result.returncode == 0, result.stderr
    assert "planned with the python engine" in result.stderr


def test_an_export_the_engine_cannot_write_is_read_again_and_planned_in_python(
    pages: Path, tmp_path: Path
) -> None:
    """The readers give a lone surrogate (``"\\ud800"`` in a page) as it
    is; the engine, which has begun to write the records, refuses it, and
    the command line reads the export again for the Python planner."""
    odd = tmp_path / "odd"
    shutil.copytree(pages, odd)
    page = odd / "hubspot" / "contacts-2.json"
    text = page.read_text(encoding="utf-8")
    body = json.loads(text)
    body["results"][5]["properties"]["firstname"] = "\ud800"
    page.write_text(json.dumps(body), encoding="utf-8")
    args = ("plan", str(odd), "--format", "ndjson", "--verbose")
    python = _cli(*args, "--engine", "python")
    duck = _cli(*args)
    assert "planned with the python engine (a record is not UTF-8" in duck.stderr
    assert duck.stderr.count("HubSpot CRM v3 list page") == python.stderr.count(
        "HubSpot CRM v3 list page"
    )
    assert duck.stdout == python.stdout
    assert duck.stdout.count("\n") > 3_000
