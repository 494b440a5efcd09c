"""Issue 17's yardstick: a DuckDB reference query against the plan.

The reference query (`REFERENCE_QUERY`, docs/performance.md, "The reference
query") does the part of planning that moves the data, and nothing else: it
reads a generated NDJSON snapshot, keys every address (strip, lower-case),
dedupes Salesforce leads and contacts into HubSpot contacts by that key
(DUP-1), passes opt-outs across each key's group (OPT-2), maps owners by
email, and writes one NDJSON line with a reason sentence per person record.
The issue's targets are ratios to it: the full plan (every rule, every
reason) at most 3 x its time.

`bench_engine` (registered in run.py as ``engine``) times, in one run and in
turns, the reference query, ``crmsync-rules plan --format ndjson`` with the
default engine, and with each other ``--engine`` the CLI offers (when it
has the option; the default engine's own is the default run again), every
one in a child process with its peak RSS:

    python benchmarks/run.py --only engine              # N = 100k
    python benchmarks/run.py --only engine --full       # N = 1M
    python benchmarks/engine.py reference SNAPSHOT OUT  # the query alone
    python benchmarks/engine.py compare SNAPSHOT        # every run, once
    python benchmarks/engine.py scale FILE... --json OUT.json

``scale`` is the scaling harness: over each generated NDJSON file (100k,
1M, 10M per side), the default engine's plan (``--output /dev/null``) and
the reference query, with wall time, the CPU time of the whole process tree
and the peak RSS of the whole tree (`TreeWatch`: the sum of VmRSS of the
process and every descendant, sampled every 0.2 s), so that cost per record
and memory can be compared across sizes (issue 17: flat scaling, at most 4
GiB at 10M + 10M).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

import duckdb

if TYPE_CHECKING:
    from run import Context, Result

__all__ = [
    "REFERENCE_QUERY",
    "Run",
    "ScaleRun",
    "TreeSample",
    "TreeWatch",
    "bench_engine",
    "default_engine",
    "engine_choices",
    "engines",
    "main",
    "measure",
    "plan_command",
    "reference",
    "reference_command",
    "sample_tree",
    "scale",
    "scale_table",
    "tree_of",
]

HERE: Final = Path(__file__).resolve().parent

# {source} and {out} are SQL string literals. Only the columns the query
# uses are read (named, so no line is sampled for a schema); a record
# without one of them reads NULL there.
REFERENCE_QUERY: Final = """
COPY (
WITH src AS (
    SELECT * FROM read_json({source}, format = 'newline_delimited', columns = {{
        'type': 'VARCHAR', 'id': 'VARCHAR', 'email': 'VARCHAR',
        'owner_id': 'VARCHAR', 'is_active': 'BOOLEAN',
        'unsubscribed': 'BOOLEAN', 'has_opted_out_of_email': 'BOOLEAN'}})
),
people AS (           -- every person record, its address keyed
    SELECT type, id, owner_id, nullif(lower(trim(email)), '') AS key,
           coalesce(unsubscribed, has_opted_out_of_email, false) AS opted_out
    FROM src
    WHERE type IN ('hubspot_contact', 'salesforce_lead', 'salesforce_contact')
),
groups AS (           -- DUP-1: who each address belongs to
    SELECT key,
        arg_min(id, TRY_CAST(id AS HUGEINT))
            FILTER (WHERE type = 'hubspot_contact') AS hubspot_id,
        arg_min(id, (type = 'salesforce_lead', id))
            FILTER (WHERE type <> 'hubspot_contact') AS creator,
        count(*) FILTER (WHERE type <> 'hubspot_contact') AS salesforce_records,
        bool_or(opted_out) AS opted_out
    FROM people WHERE key IS NOT NULL GROUP BY key
),
owners AS (           -- the owner directory, keyed by address
    SELECT type, id, lower(trim(email)) AS key FROM src
    WHERE type IN ('hubspot_owner', 'salesforce_user')
      AND email IS NOT NULL AND coalesce(is_active, true)
),
directory AS (        -- one owner per address and side
    SELECT type, key, min(id) AS id FROM owners GROUP BY type, key
),
decided AS (
    SELECT p.type, p.id, p.key, p.opted_out, g.hubspot_id, g.creator,
        g.salesforce_records, coalesce(g.opted_out, p.opted_out) AS group_out,
        o.key AS owner_key, other.id AS other_owner,
        CASE
            WHEN p.key IS NULL THEN 'skip'
            WHEN p.type = 'hubspot_contact' THEN CASE
                WHEN p.id <> g.hubspot_id THEN 'skip'
                WHEN g.creator IS NULL THEN 'create_in_salesforce'
                ELSE 'sync' END
            WHEN g.hubspot_id IS NULL AND p.id = g.creator THEN 'create_in_hubspot'
            ELSE 'dedupe'
        END AS action
    FROM people p
    LEFT JOIN groups g USING (key)
    LEFT JOIN owners o ON o.id = p.owner_id
        AND o.type = CASE WHEN p.type = 'hubspot_contact'
                          THEN 'hubspot_owner' ELSE 'salesforce_user' END
    LEFT JOIN directory other ON other.key = o.key
        AND other.type = CASE WHEN p.type = 'hubspot_contact'
                              THEN 'salesforce_user' ELSE 'hubspot_owner' END
)
SELECT type, id, action,
    CASE action
        WHEN 'dedupe' THEN coalesce(hubspot_id, creator)
        WHEN 'sync' THEN creator END AS target,
    group_out AS opted_out, other_owner AS owner,
    CASE action
        WHEN 'skip' THEN CASE WHEN key IS NULL
            THEN 'DUP-1: ' || id || ' has no email address, so nothing keys it.'
            ELSE 'DUP-1: HubSpot contact ' || id || ' shares the address '
                 || key || ' with HubSpot contact ' || hubspot_id
                 || ', the lowest id, which syncs in its place.' END
        WHEN 'sync' THEN 'DUP-1: HubSpot contact ' || id || ' has the address '
            || key || ' of ' || salesforce_records
            || ' Salesforce record(s); it syncs with ' || creator || '.'
        WHEN 'create_in_salesforce' THEN 'DUP-1: No Salesforce record has the '
            || 'address ' || key || ' of HubSpot contact ' || id
            || '; it creates one.'
        WHEN 'create_in_hubspot' THEN 'DUP-1: No HubSpot contact has the '
            || 'address ' || key || '; ' || replace(type, '_', ' ') || ' '
            || id || ' creates one.'
        ELSE 'DUP-1: ' || replace(type, '_', ' ') || ' ' || id
            || ' has the address ' || key || ' of '
            || CASE WHEN hubspot_id IS NULL
                    THEN 'the HubSpot contact that ' || creator || ' creates'
                    ELSE 'HubSpot contact ' || hubspot_id END
            || '; it dedupes into it.'
    END
    || CASE WHEN group_out AND NOT opted_out
            THEN ' OPT-2: the address is opted out on the other side; the '
                 || 'opt-out passes to this record.' ELSE '' END
    || CASE WHEN owner_key IS NULL THEN ''
            WHEN other_owner IS NULL THEN ' OWN: no owner on the other side has '
                 || owner_key || '; the owner does not pass.'
            ELSE ' OWN: the owner ' || owner_key || ' is ' || other_owner
                 || ' on the other side.' END AS reason
FROM decided
) TO {out} (FORMAT json)
"""


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def reference(source: Path, out: Path) -> int:
    """Run `REFERENCE_QUERY` over the NDJSON snapshot *source*, writing its
    NDJSON lines to *out*; returns the number of lines written."""
    query = REFERENCE_QUERY.format(source=_literal(str(source)), out=_literal(str(out)))
    con = duckdb.connect()
    try:
        ((count,),) = con.execute(query).fetchall()
    finally:
        con.close()
    return int(count)


# --- Timing each run in a child process ---------------------------------------

# Linux keeps a process's peak RSS across exec, so each command runs as the
# child of a small launcher that reports the child's peak and CPU time
# (run.py's memory benchmark does the same).
_LAUNCHER: Final = """
import json, resource, subprocess, sys, time
with open(sys.argv[1], "wb") as out:
    started = time.perf_counter()
    subprocess.run(sys.argv[2:], stdout=out, check=False)
    seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "peak_kib": usage.ru_maxrss,
                  "cpu": usage.ru_utime + usage.ru_stime}))
"""


@dataclass(frozen=True)
class Run:
    """One timed command: wall-clock and CPU seconds (every thread), and
    its peak RSS."""

    seconds: float
    cpu: float
    peak_mib: float


def measure(command: Sequence[str], out: Path) -> Run:
    """Run *command* with its standard output to *out*, in a child of a
    launcher process; its wall-clock time, CPU time and peak RSS."""
    report = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, str(out), *command],
        check=True,
        capture_output=True,
        text=True,
    )
    got = json.loads(report.stdout)
    return Run(float(got["seconds"]), float(got["cpu"]), got["peak_kib"] / 1024)


def reference_command(source: Path, out: Path) -> list[str]:
    return [sys.executable, str(HERE / "engine.py"), "reference", str(source), str(out)]


def plan_command(source: Path, engine: str | None = None) -> list[str]:
    """``crmsync-rules plan --format ndjson SOURCE``, with ``--engine`` when
    *engine* is given."""
    chosen = [] if engine is None else ["--engine", engine]
    return [
        *(sys.executable, "-m", "crmsync_rules", "plan"),
        *("--format", "ndjson", *chosen, str(source)),
    ]


def engine_choices(shown: str) -> tuple[str, ...]:
    """The engines a ``plan --help`` text *shown* offers: none without an
    ``--engine`` option, else its choices (argparse's ``--engine
    {duckdb,python}``) or, named otherwise, those of the two it mentions."""
    if "--engine" not in shown:
        return ()
    choices = re.search(r"--engine \{([^}]*)\}", shown)
    if choices is not None:
        return tuple(choices.group(1).split(","))
    return tuple(name for name in ("duckdb", "python") if name in shown)


def default_engine(shown: str) -> str | None:
    """The engine a ``plan --help`` text *shown* calls the default ("duckdb
    (the default when DuckDB is installed)"), or None when it names none."""
    choices = engine_choices(shown)
    for found in re.finditer(r"(\w+)\s+\(the\s+default", shown):
        if found.group(1) in choices:  # not another option's ("text")
            return found.group(1)
    return None


def _plan_help() -> str:
    return subprocess.run(
        [sys.executable, "-m", "crmsync_rules", "plan", "--help"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def engines() -> tuple[str, ...]:
    """The engines ``crmsync-rules plan --engine`` offers (`engine_choices`
    of its help)."""
    return engine_choices(_plan_help())


def _runs(source: Path, folder: Path) -> dict[str, tuple[list[str], Path]]:
    """The commands compared: the reference query, the default plan, and
    the plan with each other engine (the default engine's own ``--engine``
    run is the default plan again: at 1M + 1M, minutes for nothing)."""
    runs = {
        "reference": (reference_command(source, folder / "ref.ndjson"), folder / "x"),
        "default": (plan_command(source), folder / "plan.ndjson"),
    }
    shown = _plan_help()
    default = default_engine(shown)
    for engine in engine_choices(shown):
        if engine != default:
            out = folder / f"{engine}.ndjson"
            runs[engine] = (plan_command(source, engine), out)
    return runs


def compare(
    source: Path,
    rounds: int,
    say: Any = print,
    known: dict[tuple[str, ...], Run] | None = None,
) -> dict[str, list[Run]]:
    """Every command of `_runs` over *source*, *rounds* times in turns.
    *known* holds runs measured before in the same `make bench`, by their
    command: a command found there is not run again in the first round
    (`plan --format ndjson SNAPSHOT` is both the memory benchmark's probe
    and the default engine's plan: minutes at 1M + 1M), and every command
    run here is added to it."""
    measured: dict[str, list[Run]] = {}
    with tempfile.TemporaryDirectory() as folder:
        runs = _runs(source, Path(folder))
        for turn in range(rounds):
            for name, (command, out) in runs.items():
                key = tuple(command)
                if turn == 0 and known is not None and key in known:
                    run = known[key]
                    said = "measured once, shared"
                else:
                    run = measure(command, out)
                    said = "measured"
                    if known is not None:
                        known.setdefault(key, run)
                say(
                    f"  {name}: {run.seconds:.1f} s (CPU {run.cpu:.1f} s), "
                    f"peak RSS {run.peak_mib:,.0f} MiB ({said})"
                )
                measured.setdefault(name, []).append(run)
    return measured


# --- The benchmark (run.py registers it) --------------------------------------

ROUNDS: Final = 1
"""Rounds, at any size: a round is a plan of N + N per engine, 10-35 s each
at 100k + 100k (`make bench` must stay under 10 minutes), minutes at 1M +
1M; the plans' repeats spread 12-15% at 100k + 100k."""

_LABELS: Final = {
    "reference": "reference query (DuckDB)",
    "default": "plan --format ndjson (default engine)",
    "duckdb": "plan --format ndjson --engine duckdb",
    "python": "plan --format ndjson --engine python",
}


def bench_engine(context: Context) -> tuple[Result, ...]:
    """The reference query and ``crmsync-rules plan`` (each engine) over
    the N + N generated new portal from one NDJSON file, timed in turns, each
    in a child process with its peak RSS (issue 17)."""
    # run.py's classes, from the module that defined the context (run.py is
    # `__main__` under `make bench`): this module cannot import it back.
    kit = sys.modules[type(context).__module__]
    source = context.snapshot(portal="new")  # written once, shared
    records = count_lines(source) - 1  # the settings line is not a record
    rounds = min(ROUNDS, context.repeats)
    runs = compare(
        source,
        rounds,
        say=lambda text: print(text, file=sys.stderr, flush=True),
        known=context.cli_runs,
    )
    figures = {
        name: kit.Figure(_LABELS[name], records, tuple(r.seconds for r in done))
        for name, done in runs.items()
    }
    reference_figure = figures["reference"]
    results: list[Any] = []
    for name, figure in figures.items():
        done = runs[name]
        peak = max(r.peak_mib for r in done)
        cpu = statistics.median(r.cpu for r in done)
        rate = records / figure.median
        notes = (
            f"{rate:,.0f} records/s, CPU {cpu:.1f} s (every thread), "
            f"peak RSS {peak:,.0f} MiB",
            f"{rounds} round(s) in turns, each run in a child process",
        )
        if name == "reference":
            results.append(
                kit.Result(
                    name="engine_reference",
                    description=f"the reference query over {records:,} records "
                    "(read, key, DUP-1, OPT-2, owners by email, a reason a person)",
                    measured=figure,
                    ratio=rate,
                    ratio_name="records/s",
                    notes=notes,
                )
            )
            continue
        full = context.full
        results.append(
            kit.Result(
                name=f"engine_plan_{name}",
                description=f"{figure.label} over {records:,} records vs the "
                "reference query",
                measured=figure,
                floor=reference_figure,
                ratio=figure.median / reference_figure.median,
                ratio_name="x the reference query",
                target=kit.Target("at most 3 x the reference query", at_most=3)
                if full
                else None,
                notes=(
                    *notes,
                    *(() if full else ("the issue's targets are for `--full`",)),
                ),
            )
        )
        results.append(
            kit.Result(
                name=f"engine_rate_{name}",
                description=f"records/s of {figure.label}",
                measured=figure,
                ratio=rate,
                ratio_name="records/s",
                target=kit.Target("at least 150,000 records/s", at_least=150_000)
                if full
                else None,
                notes=(f"peak RSS {peak:,.0f} MiB",),
            )
        )
    return cast("tuple[Result, ...]", tuple(results))


# --- The scaling harness: a whole process tree's memory and CPU ---------------

PROC: Final = Path("/proc")
SAMPLE_EVERY: Final = 0.2
"""Seconds between two samples of the process tree's memory."""


def _stat_parent(text: str) -> int:
    """The parent pid in the text of /proc/PID/stat. The command name (the
    second field, in parentheses) may itself hold spaces and parentheses,
    so the fields are read after its last closing parenthesis."""
    return int(text[text.rindex(")") + 2 :].split()[1])


def _status_kib(text: str, key: str) -> int:
    """The kB figure of *key* (``VmRSS``, ``VmHWM``) in the text of
    /proc/PID/status; 0 where it is absent (a kernel thread, a zombie)."""
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def tree_of(root: int, parents: Mapping[int, int]) -> set[int]:
    """*root* and every descendant of it, given each live process's parent
    (*parents*: pid to parent pid)."""
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found = {root}
    waiting = [root]
    while waiting:
        for child in children.get(waiting.pop(), ()):
            if child not in found:
                found.add(child)
                waiting.append(child)
    return found


def _read(path: Path) -> str | None:
    """The text of a /proc file, or None when its process has gone."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:  # the process exited between the listing and the read
        return None


def _parents(proc: Path) -> dict[int, int]:
    parents: dict[int, int] = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            text = _read(entry / "stat")
            if text is not None:
                parents[int(entry.name)] = _stat_parent(text)
    return parents


@dataclass(frozen=True)
class TreeSample:
    """One look at a process tree: each live member's resident set now
    (VmRSS) and its own peak so far (VmHWM), in KiB, by pid."""

    rss_kib: Mapping[int, int]
    hwm_kib: Mapping[int, int]

    @property
    def total_kib(self) -> int:
        """What the tree holds now: the sum of its members' resident sets
        (shared pages, such as the interpreter's libraries, counted once
        per process: an upper bound)."""
        return sum(self.rss_kib.values())


def sample_tree(root: int, proc: Path = PROC) -> TreeSample:
    """VmRSS and VmHWM of *root* and its descendants, from *proc*."""
    rss: dict[int, int] = {}
    hwm: dict[int, int] = {}
    for pid in sorted(tree_of(root, _parents(proc))):
        text = _read(proc / str(pid) / "status")
        if text is not None:
            rss[pid] = _status_kib(text, "VmRSS")
            hwm[pid] = _status_kib(text, "VmHWM")
    return TreeSample(rss, hwm)


@dataclass
class TreeWatch:
    """Samples a process tree every *every* seconds on a thread, keeping the
    peak of the tree's total resident set, the largest single process's
    peak (its own VmHWM, which the kernel keeps between samples) and the
    most processes seen at once. A peak shorter than the interval may be
    missed by the total, not by the single process's figure."""

    root: int
    every: float = SAMPLE_EVERY
    proc: Path = PROC
    peak_total_kib: int = 0
    peak_single_kib: int = 0
    most_processes: int = 0
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def take(self, sample: TreeSample) -> None:
        """Fold one sample into the peaks."""
        self.samples += 1
        self.peak_total_kib = max(self.peak_total_kib, sample.total_kib)
        self.peak_single_kib = max(
            self.peak_single_kib, *sample.hwm_kib.values(), *sample.rss_kib.values(), 0
        )
        self.most_processes = max(self.most_processes, len(sample.rss_kib))

    def _loop(self) -> None:
        while True:
            self.take(sample_tree(self.root, self.proc))
            if self._stop.wait(self.every):
                return

    def __enter__(self) -> TreeWatch:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


@dataclass(frozen=True)
class ScaleRun:
    """One command of the scaling harness over one file."""

    file: str
    run: str
    lines: int
    seconds: float
    cpu: float
    peak_tree_mib: float
    peak_single_mib: float
    processes: int
    samples: int

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "run": self.run,
            "lines": self.lines,
            "wall_s": round(self.seconds, 2),
            "cpu_s": round(self.cpu, 2),
            "cpu_us_per_line": round(self.cpu / self.lines * 1e6, 2),
            "lines_per_s": round(self.lines / self.seconds),
            "peak_tree_rss_mib": round(self.peak_tree_mib, 1),
            "peak_single_rss_mib": round(self.peak_single_mib, 1),
            "most_processes": self.processes,
            "samples": self.samples,
        }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def watch(
    command: Sequence[str], every: float = SAMPLE_EVERY
) -> tuple[TreeWatch, float, float]:
    """Run *command* (its output discarded), watching its process tree: the
    watch, the wall-clock seconds, and the CPU seconds of every process of
    the tree that was waited for (`getrusage(RUSAGE_CHILDREN)` before and
    after: the command, and the workers it joined)."""
    before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    with TreeWatch(process.pid, every) as watched:
        code = process.wait()
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - before
    if code != 0:
        raise subprocess.CalledProcessError(code, list(command))
    return watched, seconds, cpu


def count_lines(path: Path) -> int:
    """Lines of *path* (a last line without a newline counted), read in
    chunks of 16 MiB."""
    count, last = 0, b"\n"
    with path.open("rb") as data:
        while chunk := data.read(1 << 24):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


SCALE_RUNS: Final = ("plan", "reference")


def scale_command(run: str, source: Path) -> list[str]:
    """The command of *run* over *source*, its output to /dev/null."""
    if run == "plan":
        return [*plan_command(source), "--output", os.devnull]
    return reference_command(source, Path(os.devnull))


def scale(
    files: Iterable[Path],
    runs: Sequence[str] = SCALE_RUNS,
    every: float = SAMPLE_EVERY,
    say: Any = print,
    json_out: Path | None = None,
) -> list[ScaleRun]:
    """Each of *runs* over each of *files*, one at a time; with *json_out*,
    every run so far is written there as JSON after each run (a 10M + 10M
    plan takes most of an hour: a later failure keeps the earlier rows)."""
    done: list[ScaleRun] = []
    for source in files:
        lines = count_lines(source)
        for run in runs:
            watched, seconds, cpu = watch(scale_command(run, source), every)
            done.append(
                ScaleRun(
                    file=str(source),
                    run=run,
                    lines=lines,
                    seconds=seconds,
                    cpu=cpu,
                    peak_tree_mib=watched.peak_total_kib / 1024,
                    peak_single_mib=watched.peak_single_kib / 1024,
                    processes=watched.most_processes,
                    samples=watched.samples,
                )
            )
            # The row as the whole table will give it (against the first file).
            say(scale_table(done, header=False).splitlines()[-1], end="\n")
            if json_out is not None:
                json_out.write_text(
                    json.dumps([r.as_json() for r in done], indent=2) + "\n",
                    encoding="utf-8",
                )
    return done


def scale_table(runs: Sequence[ScaleRun], *, header: bool = True) -> str:
    """The scaling harness's Markdown table; CPU per line is also given as a
    ratio to the same run's over the first file (flat scaling: 1.0)."""
    first: dict[str, float] = {}
    rows = []
    for r in runs:
        per_line = r.cpu / r.lines
        base = first.setdefault(r.run, per_line)
        rows.append(
            f"| {Path(r.file).name} | {r.run} | {r.lines:,} | {r.seconds:.1f} "
            f"| {r.cpu:.1f} | {per_line * 1e6:.1f} | {per_line / base:.2f} "
            f"| {r.lines / r.seconds:,.0f} | {r.peak_tree_mib:,.0f} "
            f"| {r.peak_single_mib:,.0f} | {r.processes} |\n"
        )
    top = (
        "| file | run | lines | wall s | CPU s (tree) | CPU µs/line "
        "| x first file | lines/s | peak RSS, tree, MiB | peak RSS, one "
        "process, MiB | processes |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    return (top if header else "") + "".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ref = commands.add_parser("reference", help="run the reference query")
    ref.add_argument("source", type=Path, help="an NDJSON snapshot")
    ref.add_argument("out", type=Path, help="where its NDJSON lines go")
    both = commands.add_parser("compare", help="the query and each plan, timed")
    both.add_argument("source", type=Path, help="an NDJSON snapshot")
    both.add_argument("--rounds", type=int, default=1)
    grow = commands.add_parser(
        "scale", help="plan and query over each file: CPU and the tree's peak RSS"
    )
    grow.add_argument("files", type=Path, nargs="+", help="NDJSON snapshots")
    grow.add_argument(
        "--only", action="append", choices=SCALE_RUNS, help="one run (repeatable)"
    )
    grow.add_argument("--every", type=float, default=SAMPLE_EVERY, help="seconds")
    grow.add_argument("--json", type=Path, help="also write the runs as JSON here")
    args = parser.parse_args(argv)
    if args.command == "scale":
        print(scale_table([]), end="", flush=True)
        scale(
            args.files,
            args.only or SCALE_RUNS,
            args.every,
            say=lambda text, end: print(text, end=end, flush=True),
            json_out=args.json,
        )
        return 0
    if args.command == "reference":
        started = time.perf_counter()
        count = reference(args.source, args.out)
        took = time.perf_counter() - started
        print(f"{count:,} lines in {took:.1f} s", file=sys.stderr)
        return 0
    compare(args.source, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
