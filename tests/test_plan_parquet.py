"""`plan --format parquet` and `crmsync_rules.engine.write_parquet`: the plan
as data, read back with DuckDB and compared, entry for entry, with the
NDJSON format of the same plan (docs/plan.md, "A plan as Parquet")."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pytest

from crmsync_rules import plan, sample_snapshot
from crmsync_rules.codec import dumps_snapshot
from crmsync_rules.engine import PARQUET_COLUMNS, write_parquet
from crmsync_rules.planner import FieldDetail, PlanEntry

ROOT = Path(__file__).parent.parent


def _generator() -> ModuleType:
    path = ROOT / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("crmsync_parquet_generate", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crmsync_rules", *args],
        capture_output=True,
        text=True,
        check=False,
    )


# Three mappings whose values are a number, a choice and a date, so that
# the field values in the file are more than text (the sample's are text
# and booleans).
_MAPPINGS = [
    {
        "hubspot_object": "contacts",
        "hubspot_property": prop,
        "hubspot_type": kind,
        "hubspot_field_type": shape,
        "salesforce_object": sobject,
        "salesforce_field": field,
        "salesforce_type": sf_type,
        "rule": rule,
    }
    for sobject in ("Lead", "Contact")
    for prop, field, kind, shape, sf_type, rule in (
        ("numemployees", "NumberOfEmployees", "number", "number", "int", "two_way"),
        (
            "industry",
            "Industry",
            "enumeration",
            "select",
            "picklist",
            "prefer_salesforce_unless_blank",
        ),
        ("date_of_birth", "Birthdate", "date", "date", "date", "always_use_salesforce"),
    )
]


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated new portal of 150 + 150 people with properties, and
    three mappings per Salesforce person object."""
    lines = list(_generator().generate(150, seed=7, portal="new", properties=12))
    settings = json.loads(lines[0])
    settings["mappings"] = _MAPPINGS
    path = tmp_path_factory.mktemp("portal") / "portal.ndjson"
    path.write_text(
        "\n".join([json.dumps(settings), *lines[1:]]) + "\n", encoding="utf-8"
    )
    return path


def _parquet_rows(path: Path) -> list[dict[str, Any]]:
    con = duckdb.connect()
    relation = con.sql(f"SELECT * FROM read_parquet('{path}')")
    names = relation.columns
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def _json_value(text: str | None) -> object:
    """A JSON column's value: NULL is a blank value, JSON null."""
    return None if text is None else json.loads(text)


def _reasons(reasons: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{"rule": r["rule"], "detail": r["detail"]} for r in reasons]


def _as_json_format(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row written as the NDJSON format writes its entry: keys
    of absent outcomes left out, field writes under ``mappings``."""
    entry: dict[str, Any] = {
        "type": "entry",
        "system": row["system"],
        "record_type": row["record_type"],
        "record_id": row["record_id"],
        "action": row["action"],
    }
    for key in ("line", "path"):
        if row[key] is not None:
            entry[key] = row[key]
    if row["target_type"] is not None:
        entry["target"] = {"type": row["target_type"], "id": row["target_id"]}
    if row["related"]:
        entry["related"] = row["related"]
    for key in ("owner", "optout", "lifecycle"):
        if row[key] is not None:
            entry[key] = row[key]
    if row["fields"] is not None:
        entry["fields"] = {
            "mappings": [
                {
                    **field["mapping"],
                    "direction": field["direction"],
                    "hubspot": {
                        "before": _json_value(field["hubspot_before"]),
                        "after": _json_value(field["hubspot_after"]),
                    },
                    "salesforce": {
                        "before": _json_value(field["salesforce_before"]),
                        "after": _json_value(field["salesforce_after"]),
                    },
                    "writes": [
                        {**write, "value": _json_value(write["value"])}
                        for write in field["writes"]
                    ],
                    "reasons": _reasons(field["reasons"]),
                }
                for field in row["fields"]
            ],
            "reasons": _reasons(row["field_reasons"]),
        }
    else:
        assert row["field_reasons"] is None
    entry["reasons"] = _reasons(row["reasons"])
    return entry


def _both(tmp_path: Path, *args: str) -> tuple[list[dict[str, Any]], list[Any]]:
    """The Parquet rows and the NDJSON lines of one plan."""
    out = tmp_path / "plan.parquet"
    parquet = run("plan", *args, "--format", "parquet", "--output", str(out))
    ndjson = run("plan", *args, "--format", "ndjson")
    assert parquet.returncode == ndjson.returncode, parquet.stderr
    assert parquet.stdout == "", "a Parquet plan goes to its file only"
    assert parquet.stderr == ndjson.stderr
    return _parquet_rows(out), [json.loads(line) for line in ndjson.stdout.splitlines()]


def _entries(lines: list[Any]) -> list[Any]:
    return [line for line in lines if line["type"] == "entry"]


@pytest.mark.parametrize(
    "options",
    [(), ("--fields",), ("--all-fields",), ("--only", "dedupe", "--fields")],
    ids=["records", "fields", "all-fields", "only"],
)
def test_the_sample_round_trips_entry_for_entry(
    tmp_path: Path, options: tuple[str, ...]
) -> None:
    rows, lines = _both(tmp_path, *options)
    expected = _entries(lines)
    assert expected, "the sample has entries of every kind asked"
    assert [_as_json_format(row) for row in rows] == expected


def test_a_generated_portal_round_trips_with_its_field_values(
    tmp_path: Path, portal: Path
) -> None:
    rows, lines = _both(tmp_path, str(portal), "--fields")
    assert [_as_json_format(row) for row in rows] == _entries(lines)
    values = [
        _json_value(write["value"])
        for row in rows
        for field in row["fields"] or ()
        for write in field["writes"]
    ]
    kinds = {type(v).__name__ for v in values}
    assert {"int", "str", "dict"} <= kinds, kinds  # a number, a choice, a date
    assert any(isinstance(v, dict) and "date" in v for v in values)


def test_an_unreadable_line_keeps_its_line_number(tmp_path: Path) -> None:
    snapshot = tmp_path / "bad.ndjson"
    snapshot.write_text(
        '{"type": "settings", "integrated_on": "2021-09-01"}\n'
        '{"type": "hubspot_contact", "id": "1", "email": "a@example.com"}\n'
        '{"type": "hubspot_contact", "id": 2}\n',
        encoding="utf-8",
    )
    rows, ndjson = _both(tmp_path, str(snapshot))
    assert [_as_json_format(row) for row in rows] == _entries(ndjson)
    (rejected,) = [row for row in rows if row["action"] == "rejected"]
    assert rejected["line"] == 3
    assert rejected["reasons"][0]["rule"] == "ERR-1"


def test_an_unreadable_record_keeps_its_json_path(tmp_path: Path) -> None:
    snapshot = json.loads(dumps_snapshot(sample_snapshot()))
    snapshot["hubspot"]["contacts"].append({"id": 7})
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(snapshot), encoding="utf-8")
    rows, ndjson = _both(tmp_path, str(path))
    assert [_as_json_format(row) for row in rows] == _entries(ndjson)
    (rejected,) = [row for row in rows if row["action"] == "rejected"]
    assert rejected["path"] == "$.hubspot.contacts[12]"
    assert rejected["line"] is None


def test_the_nested_columns_are_queryable(tmp_path: Path, portal: Path) -> None:
    out = tmp_path / "plan.parquet"
    assert (
        run(
            "plan", str(portal), "--fields", "--format", "parquet", "--output", str(out)
        ).returncode
        == 0
    )
    con = duckdb.connect()
    ((reasons, rules),) = con.sql(
        f"SELECT count(*), count(DISTINCT r.rule) FROM (SELECT unnest(reasons) AS r "
        f"FROM '{out}')"
    ).fetchall()
    assert reasons > 1000
    assert rules > 10
    writes = con.sql(
        f"SELECT f.mapping.hubspot_property, count(*) FROM (SELECT unnest(fields) "
        f"AS f FROM '{out}') WHERE len(f.writes) > 0 GROUP BY ALL ORDER BY 1"
    ).fetchall()
    written = {name for name, _n in writes}
    assert {"date_of_birth", "industry", "numemployees"} <= written
    without = tmp_path / "records.parquet"
    assert (
        run(
            "plan", str(portal), "--format", "parquet", "--output", str(without)
        ).returncode
        == 0
    )
    assert con.sql(f"SELECT count(fields) FROM '{without}'").fetchall() == [(0,)]


def test_the_schema_is_the_documented_one(tmp_path: Path) -> None:
    out = tmp_path / "plan.parquet"
    assert run("plan", "--format", "parquet", "--output", str(out)).returncode == 0
    con = duckdb.connect()
    described = con.sql(f"DESCRIBE SELECT * FROM '{out}'").fetchall()
    assert [row[0] for row in described] == list(PARQUET_COLUMNS)

    def norm(text: str) -> str:
        return re.sub(r'["\s]', "", text)

    assert [norm(row[1]) for row in described] == [
        norm(t) for t in PARQUET_COLUMNS.values()
    ]
    docs = (ROOT / "docs" / "plan.md").read_text(encoding="utf-8")
    section = docs[docs.index("## A plan as Parquet") :]
    documented = re.findall(r"^\| `(\w+)` \| `([^`]+)` \|", section, flags=re.M)
    assert [name for name, _type in documented] == list(PARQUET_COLUMNS)
    assert [norm(t) for _name, t in documented] == [
        norm(t) for t in PARQUET_COLUMNS.values()
    ]


def _metadata(path: Path) -> dict[str, Any]:
    con = duckdb.connect()
    return {
        key.decode(): json.loads(value)
        for key, value in con.sql(
            f"SELECT key, value FROM parquet_kv_metadata('{path}')"
        ).fetchall()
    }


def test_the_findings_and_summary_are_the_files_metadata(tmp_path: Path) -> None:
    out = tmp_path / "plan.parquet"
    parquet = run("plan", "--only", "sync", "--format", "parquet", "--output", str(out))
    ndjson = run("plan", "--only", "sync", "--format", "ndjson")
    lines = [json.loads(line) for line in ndjson.stdout.splitlines()]
    assert parquet.returncode == ndjson.returncode
    findings = [
        {k: v for k, v in line.items() if k != "type"}
        for line in lines
        if line["type"] == "finding"
    ]
    (summary,) = [line for line in lines if line["type"] == "summary"]
    del summary["type"]
    assert findings, "the sample has a finding"
    assert _metadata(out) == {
        "crmsync_rules.findings": findings,
        "crmsync_rules.summary": summary,
    }
    # --only keeps the rows it shows; the summary counts every entry.
    assert len(_parquet_rows(out)) == summary["actions"]["sync"] < summary["records"]


def test_the_plans_summaries_are_metadata_too(tmp_path: Path) -> None:
    """With --fields the JSON formats add the mapping summary and the call
    estimate; the Parquet file keeps them under their NDJSON type."""
    out = tmp_path / "plan.parquet"
    parquet = run("plan", "--fields", "--format", "parquet", "--output", str(out))
    ndjson = run("plan", "--fields", "--format", "ndjson")
    assert parquet.returncode == ndjson.returncode
    others = [
        line
        for line in map(json.loads, ndjson.stdout.splitlines())
        if line["type"] not in ("entry", "finding")
    ]
    assert len(others) > 1, "a summary and the plan's own summaries"
    metadata = _metadata(out)
    for line in others:
        kind = line.pop("type")
        assert metadata[f"crmsync_rules.{kind}"] == line
    assert len(metadata) == len(others) + 1  # and the findings


@pytest.mark.parametrize("output", [None, "-"])
def test_parquet_to_standard_output_is_refused(output: str | None) -> None:
    args = ["plan", "--format", "parquet"]
    if output is not None:
        args += ["--output", output]
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "crmsync-rules: --format parquet writes a file, not standard output: "
        "name it with --output FILE\n"
    )


def test_a_folder_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "plan.parquet"
    for fmt in ("parquet", "ndjson"):
        result = run("plan", "--format", fmt, "--output", str(out))
        assert result.returncode == 2, fmt
        assert result.stderr == (
            f"crmsync-rules: cannot write {out}: No such file or directory\n"
        )
    assert not out.parent.exists()


@pytest.mark.parametrize("fmt", ["text", "json", "ndjson"])
def test_output_writes_the_other_formats_to_a_file(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"plan.{fmt}"
    to_file = run("plan", "--format", fmt, "--output", str(out))
    to_stdout = run("plan", "--format", fmt)
    assert to_file.stdout == ""
    assert to_file.returncode == to_stdout.returncode
    assert out.read_text(encoding="utf-8") == to_stdout.stdout


# --- The library function -------------------------------------------------------


def _sample_entries() -> tuple[PlanEntry, ...]:
    return plan(sample_snapshot(), fields=FieldDetail.CHANGES).entries


def test_the_library_writes_the_entries_it_is_given(tmp_path: Path) -> None:
    entries = _sample_entries()
    assert len(entries) == 44
    out = tmp_path / "plan.parquet"
    assert write_parquet(iter(entries), out) == 44
    rows = _parquet_rows(out)
    assert [(r["record_id"], r["action"]) for r in rows] == [
        (e.record_id, e.action.value) for e in entries
    ]
    assert (
        sum(r["fields"] is not None for r in rows)
        == sum(e.fields is not None for e in entries)
        > 0
    )
    assert [p.name for p in tmp_path.iterdir()] == ["plan.parquet"], (
        "no temporary file is left behind"
    )


def test_no_entries_is_an_empty_file_with_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "empty.parquet"
    assert write_parquet([], out, metadata=lambda: {"k": "it's"}) == 0
    con = duckdb.connect()
    assert con.sql(f"SELECT count(*) FROM '{out}'").fetchall() == [(0,)]
    described = con.sql(f"DESCRIBE SELECT * FROM '{out}'").fetchall()
    assert [row[0] for row in described] == list(PARQUET_COLUMNS)
    assert con.sql(
        f"SELECT key, value FROM parquet_kv_metadata('{out}')"
    ).fetchall() == [(b"k", b"it's")]


class _Broken(Exception):
    pass


def test_a_plan_that_fails_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.parquet"
    out.write_bytes(b"the last plan")

    def entries() -> Iterator[PlanEntry]:
        yield from _sample_entries()[:5]
        raise _Broken

    with pytest.raises(_Broken):
        write_parquet(entries(), out)
    assert out.read_bytes() == b"the last plan"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.parquet"]
