"""`make bench`'s economies (issue 17: the default run under 10 minutes,
`--full` under 45) keep every figure what it was: the three export shapes
written in one pass are the files written one shape at a time; a
command-line run measured once serves the memory and the engine
benchmarks; and each benchmark runs at the size and repeats its docstring
and docs/performance.md give."""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from crmsync_rules import SalesforceLead
from crmsync_rules.codec import iter_ndjson

ROOT = Path(__file__).parent.parent


@functools.cache
def _run() -> ModuleType:
    path = ROOT / "benchmarks" / "run.py"
    spec = importlib.util.spec_from_file_location("crmsync_bench_run", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("mappings", [False, True])
def test_a_snapshot_made_in_two_processes_is_the_one_process_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mappings: bool
) -> None:
    run = _run()
    alone, halves = tmp_path / "alone.ndjson", tmp_path / "halves.ndjson"
    options = {"portal": "new", "properties": 15, "mappings": mappings}
    monkeypatch.setattr(run, "PARALLEL_GENERATION", 1_000)
    lines = run.write_snapshot(alone, 120, 1, **options)
    monkeypatch.setattr(run, "PARALLEL_GENERATION", 100)
    assert run.write_snapshot(halves, 120, 1, **options) == lines
    assert halves.read_bytes() == alone.read_bytes()
    assert lines == len(alone.read_bytes().splitlines()) > 240
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "alone.ndjson",
        "halves.ndjson",
    ]  # the child's half is removed


def test_three_shapes_in_one_pass_are_the_files_of_one_shape_at_a_time(
    tmp_path: Path,
) -> None:
    run = _run()
    exports = run.exports_module
    source = tmp_path / "snapshot.ndjson"
    run.write_snapshot(source, 150, 1, portal="new", properties=15)
    lines = functools.partial(run.iter_lines, source)
    pages = {"hubspot_page": 40, "salesforce_page": 30}  # several pages each
    together = {shape: tmp_path / "together" / shape for shape in exports.SHAPES}
    counts = exports.write_shapes(lines, together, **pages)
    for shape in exports.SHAPES:
        alone = tmp_path / "alone" / shape
        assert exports.write_exports(lines, alone, shape=shape, **pages) == counts
        assert _files(alone) == _files(together[shape])
    assert len(list((together["pages"] / "hubspot").glob("contacts-*.json"))) == 4
    # The records written are the snapshot's, in its order, ids made valid.
    leads = [v for v in iter_ndjson(lines()) if isinstance(v, SalesforceLead)]
    first = json.loads((together["pages"] / "salesforce" / "Lead-1.json").read_text())
    assert [r["Id"] for r in first["records"]] == [
        exports.fix_ids(lead).id for lead in leads[:30]
    ]


def test_an_unknown_shape_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    exports = _run().exports_module
    with pytest.raises(ValueError, match="shape must be one of"):
        exports.write_shapes(
            lambda: iter(()), {"pages": tmp_path / "a", "xml": tmp_path / "b"}
        )
    assert not list(tmp_path.iterdir())


_HELP = "  --engine {duckdb,python}  duckdb (the default when DuckDB is installed)"


def test_a_command_measured_before_is_not_run_again_in_the_first_round(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _run().engine_module
    ran: list[tuple[str, ...]] = []

    def fake_measure(command: list[str], out: Path) -> object:
        ran.append(tuple(command))
        return engine.Run(1.0, 1.0, float(len(ran)))

    monkeypatch.setattr(engine, "measure", fake_measure)
    monkeypatch.setattr(engine, "_plan_help", lambda: _HELP)
    source = tmp_path / "snapshot.ndjson"
    default = tuple(engine.plan_command(source))
    before = engine.Run(7.0, 6.0, 512.0)
    known = {default: before}
    runs = engine.compare(source, 2, say=lambda _text: None, known=known)
    assert runs["default"][0] is before
    assert runs["default"][1] is not before  # a second round is measured
    assert ran.count(default) == 1
    python = tuple(engine.plan_command(source, "python"))
    assert ran.count(python) == 2
    # What the first round ran is there for the next benchmark.
    assert known[python] is runs["python"][0]
    assert known[default] is before


def test_the_memory_benchmark_reads_the_engine_benchmarks_run(tmp_path: Path) -> None:
    run = _run()
    context = run.Context(10, 1, 1, False, folder=tmp_path)
    path = context.snapshot(portal=run.PLAN_PORTAL)
    command = tuple(run.engine_module.plan_command(path))
    context.cli_runs[command] = run.engine_module.Run(2.5, 1.5, 321.0)
    result = run.bench_memory(context)
    assert result.ratio == 321.0
    assert result.measured.seconds == (2.5,)
    assert result.measured.items == len(path.read_text().splitlines())
    assert any("engine benchmark" in note for note in result.notes)


def test_the_memory_benchmark_alone_measures_and_shares_its_run(
    tmp_path: Path,
) -> None:
    run = _run()
    context = run.Context(10, 1, 1, False, folder=tmp_path)
    result = run.bench_memory(context)
    (command,) = context.cli_runs
    assert command == tuple(
        run.engine_module.plan_command(context.snapshot(portal=run.PLAN_PORTAL))
    )
    assert result.ratio == context.cli_runs[command].peak_mib > 0
    assert not any("engine benchmark" in note for note in result.notes)


@pytest.mark.parametrize(
    ("name", "records", "repeats", "full", "expected"),
    [
        ("plan", 100_000, None, False, (100_000, 5)),
        ("plan", 1_000_000, None, True, (1_000_000, 2)),
        ("scaling", 1_000_000, None, True, (1_000_000, 2)),
        ("dedupe", 1_000_000, None, True, (1_000_000, 3)),
        ("fields", 100_000, None, False, (100_000, 2)),
        ("fields", 1_000_000, None, True, (100_000, 2)),
        ("export_readers", 1_000_000, None, True, (50_000, 3)),
        ("memory", 100_000, None, False, (100_000, 1)),
        ("memory", 1_000_000, None, True, (1_000_000, 1)),
        ("fields_memory", 100_000, None, False, (25_000, 1)),
        ("export_memory", 1_000_000, None, True, (1_000_000, 1)),
        ("plan", 1_000_000, 4, True, (1_000_000, 4)),  # --repeats says
    ],
)
def test_each_benchmark_runs_at_its_size_and_repeats(
    name: str,
    records: int,
    repeats: int | None,
    full: bool,
    expected: tuple[int, int],
) -> None:
    assert _run().setting(name, records, repeats, full) == expected


def test_the_engine_runs_just_before_the_memory_probe_that_reads_it() -> None:
    order = list(_run().BENCHMARKS)
    assert order.index("memory") == order.index("engine") + 1
