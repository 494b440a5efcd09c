"""The bulk engine (`crmsync_rules.engine`) and `plan --engine`: a
generated portal planned by both engines through the command line gives
the same output, byte for byte; worker processes give the plan one process
gives; input the engine cannot read as the codec does falls back to the
pure-Python planner, which says so."""

from __future__ import annotations

import array
import codecs
import functools
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from crmsync_rules import IntegrationSettings
from crmsync_rules.cli._engine import no_line
from crmsync_rules.cli._output import entry_ndjson
from crmsync_rules.cli._summary_output import FieldTallies
from crmsync_rules.codec import iter_ndjson
from crmsync_rules.engine import (
    MAX_LINE,
    EngineUnsuitable,
    plan_ndjson,
    process_runner,
    render_ndjson,
)
from crmsync_rules.engine._lines import LineRefs, batch_lines, scan_lines
from crmsync_rules.errors import SnapshotError
from crmsync_rules.planner import FieldDetail, plan_stream
from crmsync_rules.planner._estimate import CallTally
from crmsync_rules.planner._summary import MappingTally

_GENERATE = Path(__file__).parent.parent / "benchmarks" / "generate.py"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crmsync_rules", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated new portal: 1,500 contacts a side, about 3,800 lines."""
    path = tmp_path_factory.mktemp("engine") / "portal.ndjson"
    subprocess.run(
        [
            *(sys.executable, str(_GENERATE), "--contacts", "1500", "--seed", "7"),
            *("--portal", "new", "--out", str(path)),
        ],
        check=True,
    )
    return path


@pytest.mark.parametrize(
    "options",
    [
        (),
        ("--fields",),
        ("--all-fields",),
        ("--no-estimate",),  # the lines rendered as planned (render_ndjson)
        ("--summary",),
        ("--only", "dedupe"),
        ("--format", "json"),
        ("--format", "text", "--fields"),
    ],
)
def test_both_engines_print_the_same_plan(
    portal: Path, options: tuple[str, ...]
) -> None:
    wanted = ("--format", "ndjson") if "--format" not in options else ()
    args = ("plan", str(portal), *wanted, *options)
    python = _cli(*args, "--engine", "python", "--verbose")
    duck = _cli(*args, "--engine", "duckdb", "--verbose")
    assert python.returncode == duck.returncode
    shown = {"--summary": 3, "--only": 200}
    least = min([3_000, *(n for option, n in shown.items() if option in options)])
    assert python.stdout.count("\n") > least
    assert duck.stdout == python.stdout
    assert "planned with the python engine" in python.stderr
    assert "planned with the duckdb engine" in duck.stderr


def _bench_run() -> ModuleType:
    path = _GENERATE.parent / "run.py"
    spec = importlib.util.spec_from_file_location("crmsync_run_bench", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fields_portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The field benchmark's snapshot (benchmarks/run.py): 1,500 people a
    side with ten properties each and ten mappings on Lead and on Contact,
    about 3,900 lines."""
    path = tmp_path_factory.mktemp("engine") / "fields.ndjson"
    _bench_run().write_fields_snapshot(path, 1_500, 7)
    return path


@pytest.mark.parametrize("estimate", [(), ("--no-estimate",)])
@pytest.mark.parametrize("detail", ["--fields", "--all-fields", "--summary"])
def test_both_engines_print_the_same_field_level_plan(
    fields_portal: Path, detail: str, estimate: tuple[str, ...]
) -> None:
    """With field writes the bulk engine renders the lines and counts the
    mapping summary and the estimate in its batches (`FieldTallies`); the
    output is the Python planner's, byte for byte."""
    args = ("plan", str(fields_portal), "--format", "ndjson", detail, *estimate)
    python = _cli(*args, "--engine", "python", "--verbose")
    duck = _cli(*args, "--engine", "duckdb", "--verbose")
    assert python.returncode == duck.returncode
    lines = python.stdout.splitlines()
    assert len(lines) > (3 if detail == "--summary" else 3_000)
    summaries = [line for line in lines if '"type": "mapping_summary"' in line]
    assert len(summaries) == 1
    assert '"salesforce_field": "Title"' in summaries[0]
    assert '"type": "api_calls"' in lines[-2]  # even with --no-estimate
    assert duck.stdout == python.stdout
    assert "planned with the python engine" in python.stderr
    assert "planned with the duckdb engine" in duck.stderr


def test_worker_processes_count_the_mapping_summary_of_one(
    fields_portal: Path,
) -> None:
    """The mapping summary and the estimate from the field writes, counted
    in batches in two worker processes and merged, are those of the plan's
    entries counted in one process; ``plan --summary``'s workers render no
    line."""
    with fields_portal.open("rb") as file:
        settings = next(iter_ndjson(file, source=str(fields_portal)))
    assert isinstance(settings, IntegrationSettings)
    mappings = settings.mappings
    whole_mappings = MappingTally(mappings)
    whole_calls = CallTally(from_field_writes=True)
    for entry in plan_ndjson(str(fields_portal), fields=FieldDetail.CHANGES):
        whole_mappings.add(entry)
        whole_calls.add(entry)
    rendered = render_ndjson(
        str(fields_portal),
        no_line,
        fields=FieldDetail.CHANGES,
        batch_size=400,
        runner=process_runner(2),
        count=FieldTallies,
    )
    assert {line for _, line in rendered} == {""}
    assert len(rendered.tallies) > 3  # the batches' and the owners'
    merged_mappings = MappingTally(mappings)
    merged_calls = CallTally(from_field_writes=True)
    for tally in rendered.tallies:
        assert isinstance(tally, FieldTallies)
        merged_mappings.merge(tally.mappings)
        merged_calls.merge(tally.calls)
    summary = merged_mappings.summary()
    assert sum(row.hubspot.overwrite for row in summary.mappings) > 100
    assert summary == whole_mappings.summary()
    assert merged_calls.estimate(allocation=None) == whole_calls.estimate(
        allocation=None
    )


def test_worker_processes_give_the_plan_of_one(portal: Path) -> None:
    one = plan_ndjson(str(portal), fields=FieldDetail.CHANGES, batch_size=400)
    two = plan_ndjson(
        str(portal),
        fields=FieldDetail.CHANGES,
        batch_size=400,
        runner=process_runner(2),
    )
    assert two.findings == one.findings
    assert list(two) == list(one)


def test_a_rendered_plan_counts_its_entries_where_they_are_planned(
    portal: Path,
) -> None:
    """The API call estimate of `plan --format ndjson` is counted in the
    batches (`render_ndjson`'s *count*) and added up: the estimate of the
    plan's entries counted in one process."""
    whole = CallTally(from_field_writes=False)
    for entry in plan_ndjson(str(portal)):
        whole.add(entry)
    rendered = render_ndjson(
        str(portal),
        entry_ndjson,
        batch_size=400,
        runner=process_runner(2),
        count=functools.partial(CallTally, from_field_writes=False),
    )
    lines = [line for _, line in rendered]
    assert len(lines) == rendered.records
    assert len(rendered.tallies) > 3  # the batches' and the owners'
    total = CallTally(from_field_writes=False)
    for tally in rendered.tallies:
        assert isinstance(tally, CallTally)
        total.merge(tally)
    estimate = total.estimate(allocation=None)
    assert estimate.calls > 1_000
    assert estimate == whole.estimate(allocation=None)


def test_a_carriage_return_sends_the_file_to_the_python_planner(
    tmp_path: Path, portal: Path
) -> None:
    text = portal.read_bytes().replace(b"\n", b"\r\n", 3)
    crlf = tmp_path / "crlf.ndjson"
    crlf.write_bytes(text)
    with pytest.raises(EngineUnsuitable, match="carriage return"):
        plan_ndjson(str(crlf))
    result = _cli("plan", str(crlf), "--format", "ndjson", "--verbose")
    assert "planned with the python engine" in result.stderr
    with crlf.open("rb") as file:
        planned = plan_stream(iter_ndjson(file, source=str(crlf)))
        entries = result.stdout.count('{"type": "entry"')
        assert entries == len(list(planned)) > 3_000


def test_a_line_longer_than_the_engines_limit_is_no_plan_of_the_engine(
    tmp_path: Path,
) -> None:
    # DuckDB sizes its read buffers to the longest line allowed; a longer
    # line is an error DuckDB raises, never a line split in two.
    path = tmp_path / "long.ndjson"
    long_name = "x" * 400
    path.write_text(
        '{"type": "settings", "integrated_on": "2021-01-01"}\n'
        f'{{"type": "hubspot_contact", "id": "1", "firstname": "{long_name}"}}\n'
    )
    with pytest.raises(EngineUnsuitable, match="DuckDB cannot read it"):
        plan_ndjson(str(path), max_line=300)
    assert [e.record_id for e in plan_ndjson(str(path), max_line=1_000)] == ["1"]
    assert MAX_LINE == 32 * 1024 * 1024


def test_text_that_is_not_utf8_goes_to_the_python_planner(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ndjson"
    path.write_bytes(b'{"type": "settings", "integrated_on": "2021-01-01"}\n\xe9\n')
    with pytest.raises(EngineUnsuitable, match="UTF-8"):
        plan_ndjson(str(path))


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        ([], "the settings must come first, got nothing"),
        (
            ['{"type": "hubspot_owner", "id": "1", "email": "a@b.com"}'],
            "the settings must come first, got hubspot_owner",
        ),
        (
            [
                '{"type": "settings", "integrated_on": "2021-01-01"}',
                '{"type": "settings", "integrated_on": "2021-01-01"}',
            ],
            "the settings must come once",
        ),
        (["{bad"], "the settings cannot be read"),
    ],
)
def test_the_engine_refuses_what_the_planner_refuses(
    tmp_path: Path, lines: list[str], problem: str
) -> None:
    path = tmp_path / "plan.ndjson"
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    with pytest.raises(SnapshotError, match=problem):
        plan_ndjson(str(path))
    with path.open("rb") as file, pytest.raises(SnapshotError, match=problem):
        plan_stream(iter_ndjson(file, source=str(path)))


_EXAMPLE_EXPORT = str(Path(__file__).parent.parent / "examples" / "exports")


@pytest.mark.parametrize(
    ("args", "why"),
    [
        ((), "(the bundled sample)"),
        ((_EXAMPLE_EXPORT,), "(the bulk engine plans one NDJSON file; exports"),
        ((_EXAMPLE_EXPORT, "--engine", "duckdb"), "(the bulk engine plans one"),
        ((_EXAMPLE_EXPORT, "--engine", "python"), "(--engine python)"),
        ((_EXAMPLE_EXPORT, "--redact"), "(--redact learns the names"),
    ],
)
def test_other_inputs_are_planned_by_the_python_planner_which_says_why(
    args: tuple[str, ...], why: str
) -> None:
    """Exports are read and planned in one process even with ``--engine
    duckdb`` (docs/performance.md, "Exports stay with the Python
    planner"): ``--verbose`` says so, and why."""
    result = _cli("plan", *args, "--verbose", "--format", "ndjson")
    assert result.returncode == 0, result.stderr
    assert f"crmsync-rules: planned with the python engine {why}" in result.stderr


def test_standard_input_is_planned_by_the_python_planner() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crmsync_rules", "plan", "-", "--verbose"],
        input='{"type": "settings", "integrated_on": "2021-01-01"}\n',
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "planned with the python engine (standard input)" in result.stderr


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        (b"a\n\n\n", [0, 2, 3, 4]),  # three lines, two of them empty
        (b"a\n  \nb", [0, 2, 5, 7]),  # the last line without its newline
        (b"", [0]),  # no line
    ],
)
def test_the_line_offsets_name_each_line_as_duckdb_numbers_it(
    tmp_path: Path, text: bytes, starts: list[int]
) -> None:
    """A batch is its line numbers; its worker reads line n from the bytes
    between the offsets n - 1 and n (less the newline), as worked out by
    hand here."""
    path, offsets = tmp_path / "in.ndjson", tmp_path / "offsets"
    path.write_bytes(text)
    assert scan_lines(str(path), str(offsets)) == len(starts) - 1
    written = array.array("q")
    written.frombytes(offsets.read_bytes())
    assert list(written) == starts
    if text:
        batch = LineRefs(str(path), str(offsets), array.array("q", [3, 1]).tobytes())
        assert batch_lines(batch) == [(3, text.split(b"\n")[2].decode()), (1, "a")]


def test_a_byte_order_mark_sends_the_file_to_the_python_planner(
    tmp_path: Path, portal: Path
) -> None:
    path = tmp_path / "bom.ndjson"
    path.write_bytes(codecs.BOM_UTF8 + portal.read_bytes())
    with pytest.raises(EngineUnsuitable, match="byte order mark"):
        plan_ndjson(str(path))
