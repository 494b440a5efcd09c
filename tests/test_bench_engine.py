"""The scaling harness's memory figure (benchmarks/engine.py, `TreeWatch`)
is the whole process tree's: the command and every descendant, found
through their parents, their resident sets summed, and the largest single
process's own peak kept apart. Worked out on a fake /proc whose numbers
are written by hand, then on a real command that starts a child."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parent.parent


def _engine() -> ModuleType:
    path = ROOT / "benchmarks" / "engine.py"
    spec = importlib.util.spec_from_file_location("crmsync_engine_bench", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _process(
    proc: Path, pid: int, parent: int, name: str, *, rss: int | None, hwm: int = 0
) -> None:
    folder = proc / str(pid)
    folder.mkdir()
    # The fields after the name: state, then the parent pid.
    (folder / "stat").write_text(f"{pid} ({name}) S {parent} {pid} 0 0\n")
    status = f"Name:\t{name}\nPPid:\t{parent}\n"
    if rss is not None:  # a kernel thread has no VmRSS line
        status += f"VmHWM:\t{hwm} kB\nVmRSS:\t{rss} kB\n"
    (folder / "status").write_text(status)


@pytest.fixture
def proc(tmp_path: Path) -> Path:
    """A fake /proc: 100 starts 200 and 300, 200 starts 400; 500 and 600
    are someone else's, and 2 is a kernel thread."""
    _process(tmp_path, 1, 0, "init", rss=9_000, hwm=9_000)
    _process(tmp_path, 2, 0, "kthreadd", rss=None)
    _process(tmp_path, 100, 1, "python (plan) x", rss=50_000, hwm=80_000)
    _process(tmp_path, 200, 100, "worker", rss=300_000, hwm=310_000)
    _process(tmp_path, 300, 100, "worker", rss=200_000, hwm=450_000)
    _process(tmp_path, 400, 200, "duckdb)", rss=1_000, hwm=1_000)
    _process(tmp_path, 500, 1, "other", rss=7_000_000, hwm=7_000_000)
    _process(tmp_path, 600, 500, "other child", rss=5_000, hwm=5_000)
    (tmp_path / "self").mkdir()  # not a process: no digits
    return tmp_path


def test_the_tree_is_the_root_and_every_descendant() -> None:
    tree_of = _engine().tree_of
    parents = {1: 0, 100: 1, 200: 100, 300: 100, 400: 200, 500: 1, 600: 500}
    assert tree_of(100, parents) == {100, 200, 300, 400}
    assert tree_of(400, parents) == {400}
    assert tree_of(1, parents) == {1, 100, 200, 300, 400, 500, 600}
    assert tree_of(999, parents) == {999}  # gone: only itself


def test_a_sample_sums_the_tree_and_reads_names_with_parentheses(
    proc: Path,
) -> None:
    sample = _engine().sample_tree(100, proc)
    assert dict(sample.rss_kib) == {100: 50_000, 200: 300_000, 300: 200_000, 400: 1_000}
    assert sample.total_kib == 551_000
    assert sample.hwm_kib[300] == 450_000


def test_a_vanished_process_is_left_out(proc: Path) -> None:
    (proc / "400" / "status").unlink()  # exited between listing and reading
    sample = _engine().sample_tree(100, proc)
    assert sorted(sample.rss_kib) == [100, 200, 300]


def test_the_watch_keeps_the_peak_of_the_sum_and_of_one_process() -> None:
    engine = _engine()
    watch = engine.TreeWatch(root=1)
    watch.take(engine.TreeSample({1: 100, 2: 400}, {1: 100, 2: 900}))
    watch.take(engine.TreeSample({1: 700}, {1: 700}))
    watch.take(engine.TreeSample({1: 300, 2: 300, 3: 300}, {1: 700, 2: 900, 3: 300}))
    # The sum peaked at 900 (third sample), one process at 900 (its VmHWM,
    # above any VmRSS seen), and three processes ran at once.
    assert (watch.peak_total_kib, watch.peak_single_kib) == (900, 900)
    assert (watch.most_processes, watch.samples) == (3, 3)


def test_a_real_tree_is_watched_to_its_grandchild() -> None:
    # A child that starts a grandchild holding 64 MiB for a second: the
    # grandchild's memory must show in the tree's peak and in the largest
    # single process's, and its CPU in the tree's.
    grandchild = (
        "import time; data = b'x' * (64 << 20); "
        "deadline = time.process_time() + 0.3\n"
        "while time.process_time() < deadline: pass\n"
        "time.sleep(0.7)"
    )
    child = (
        "import subprocess, sys; "
        f"subprocess.run([sys.executable, '-c', {grandchild!r}], check=True)"
    )
    watched, seconds, cpu = _engine().watch([sys.executable, "-c", child], every=0.05)
    assert watched.most_processes == 2
    assert watched.peak_single_kib >= 64 << 10
    assert watched.peak_total_kib >= (64 << 10) + watched.peak_single_kib // 10
    assert seconds >= 1.0
    assert cpu >= 0.3


def test_a_failing_command_is_an_error() -> None:
    with pytest.raises(subprocess.CalledProcessError):
        _engine().watch([sys.executable, "-c", "raise SystemExit(3)"])


def test_lines_are_counted_with_or_without_a_last_newline(tmp_path: Path) -> None:
    count_lines = _engine().count_lines
    path = tmp_path / "x.ndjson"
    path.write_bytes(b"")
    assert count_lines(path) == 0
    path.write_bytes(b"{}\n{}\n")
    assert count_lines(path) == 2
    path.write_bytes(b"{}\n{}")
    assert count_lines(path) == 2


def test_the_table_gives_cost_per_line_against_the_first_file() -> None:
    engine = _engine()
    runs = [
        engine.ScaleRun("a/1m.ndjson", "plan", 1_000_000, 50.0, 40.0, 900, 800, 3, 9),
        engine.ScaleRun(
            "b/10m.ndjson", "plan", 10_000_000, 600, 500.0, 3000, 2000, 3, 9
        ),
    ]
    rows = engine.scale_table(runs).splitlines()[2:]
    # 40 µs a line, then 50: 1.25 x the first file's.
    assert rows[0].startswith(
        "| 1m.ndjson | plan | 1,000,000 | 50.0 | 40.0 | 40.0 | 1.00 |"
    )
    assert "| 50.0 | 1.25 | 16,667 | 3,000 | 2,000 | 3 |" in rows[1]
    assert runs[1].as_json()["cpu_us_per_line"] == 50.0


def test_the_default_engine_is_read_from_the_help_and_run_once() -> None:
    default_engine = _engine().default_engine
    shown = (
        "usage: plan [--format {text,json}] [--engine {duckdb,python}]\n"
        "  --format {text,json}  text (the default): a table for people\n"
        "  --engine {duckdb,python}\n"
        "                        duckdb (the default when DuckDB is installed): the\n"
    )
    assert default_engine(shown) == "duckdb"
    wrapped = "[--engine {duckdb,python}]\n  python (the\n   default)"
    assert default_engine(wrapped) == "python"
    assert default_engine("[--engine {duckdb,python}] duckdb or python") is None
    # A default that is not one of the choices is no engine.
    assert default_engine("[--engine {duckdb,python}] text (the default)") is None


def test_each_row_is_printed_against_the_first_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Two files whose plan costs 1 s and 4 s of CPU for 2 and 4 lines: 0.5 s
    # a line, then 1 s, so the second row is 2.00 x the first file's.
    engine = _engine()
    small, large = tmp_path / "small.ndjson", tmp_path / "large.ndjson"
    small.write_text("{}\n{}\n")
    large.write_text("{}\n{}\n{}\n{}\n")
    cpu = iter((1.0, 4.0))
    monkeypatch.setattr(
        engine, "watch", lambda command, every: (engine.TreeWatch(1), 1.0, next(cpu))
    )
    printed: list[str] = []
    out = tmp_path / "scale.json"
    done = engine.scale(
        [small, large],
        ["plan"],
        say=lambda text, end: printed.append(text),
        json_out=out,
    )
    assert [r.cpu for r in done] == [1.0, 4.0]
    assert [r["cpu_us_per_line"] for r in json.loads(out.read_text())] == [
        500_000.0,
        1_000_000.0,
    ]
    assert "| 500000.0 | 1.00 |" in printed[0]
    assert "| 1000000.0 | 2.00 |" in printed[1]
