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
default engine, and with each ``--engine`` the CLI offers (when it has the
option), every one in a child process with its peak RSS:

    python benchmarks/run.py --only engine              # N = 100k
    python benchmarks/run.py --only engine --full       # N = 1M
    python benchmarks/engine.py reference SNAPSHOT OUT  # the query alone
    python benchmarks/engine.py compare SNAPSHOT        # every run, once
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

import duckdb

if TYPE_CHECKING:
    from run import Context, Result

__all__ = [
    "REFERENCE_QUERY",
    "Run",
    "bench_engine",
    "engine_choices",
    "engines",
    "main",
    "measure",
    "plan_command",
    "reference",
    "reference_command",
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


def engines() -> tuple[str, ...]:
    """The engines ``crmsync-rules plan --engine`` offers (`engine_choices`
    of its help)."""
    shown = subprocess.run(
        [sys.executable, "-m", "crmsync_rules", "plan", "--help"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return engine_choices(shown)


def _runs(source: Path, folder: Path) -> dict[str, tuple[list[str], Path]]:
    """The commands compared: the reference query, the default plan, and
    the plan with each engine."""
    runs = {
        "reference": (reference_command(source, folder / "ref.ndjson"), folder / "x"),
        "default": (plan_command(source), folder / "plan.ndjson"),
    }
    for engine in engines():
        runs[engine] = (plan_command(source, engine), folder / f"{engine}.ndjson")
    return runs


def compare(source: Path, rounds: int, say: Any = print) -> dict[str, list[Run]]:
    """Every command of `_runs` over *source*, *rounds* times in turns."""
    measured: dict[str, list[Run]] = {}
    with tempfile.TemporaryDirectory() as folder:
        runs = _runs(source, Path(folder))
        for _ in range(rounds):
            for name, (command, out) in runs.items():
                run = measure(command, out)
                say(
                    f"  {name}: {run.seconds:.1f} s (CPU {run.cpu:.1f} s), "
                    f"peak RSS {run.peak_mib:,.0f} MiB"
                )
                measured.setdefault(name, []).append(run)
    return measured


# --- The benchmark (run.py registers it) --------------------------------------

ROUNDS: Final = 2
"""Rounds at the default size (each round is a plan of 100k + 100k per
engine, ~15 s each: `make bench` must stay under 10 minutes); one with
``--full`` (a 1M + 1M plan takes minutes)."""

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
    lines = context.lines(portal="new")
    records = len(lines) - 1  # the settings line is not a record
    rounds = 1 if context.full else min(ROUNDS, context.repeats)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "snapshot.ndjson"
        with source.open("w", encoding="utf-8") as out:
            for line in lines:
                out.write(line + "\n")
        runs = compare(
            source,
            rounds,
            say=lambda text: print(text, file=sys.stderr, flush=True),
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ref = commands.add_parser("reference", help="run the reference query")
    ref.add_argument("source", type=Path, help="an NDJSON snapshot")
    ref.add_argument("out", type=Path, help="where its NDJSON lines go")
    both = commands.add_parser("compare", help="the query and each plan, timed")
    both.add_argument("source", type=Path, help="an NDJSON snapshot")
    both.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
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
