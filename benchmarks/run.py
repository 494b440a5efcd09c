"""`make bench`: every benchmark, each figure next to its floor.

The machines are noisy, so absolute times are not targets; ratios to a floor
measured in the same run are. Each figure is the median of several repeats
(min and max reported too), and each benchmark is one function registered
with `@benchmark`: to add one, write a function that takes the `Context` and
returns a `Result`, and it appears in the JSON report and the table.

    python benchmarks/run.py                # N = 100k records
    python benchmarks/run.py --full         # N = 1M records
    python benchmarks/run.py --only email_key --repeats 3
    python benchmarks/run.py --profile codec_floor   # pyinstrument, once

Writes benchmarks/results/latest.json and latest.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import importlib.util
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Final

from email_validator import EmailNotValidError, validate_email

import crmsync_rules
from crmsync_rules import email_key, iter_ndjson
from crmsync_rules._email import _checked_domain

__all__ = [
    "BENCHMARKS",
    "Context",
    "Figure",
    "Result",
    "Target",
    "benchmark",
    "main",
]

HERE: Final = Path(__file__).resolve().parent
RESULTS: Final = HERE / "results"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "crmsync_benchmarks_generate", HERE / "generate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate_module: Final = _load_generator()


# --- What a benchmark returns -------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """Wall-clock seconds of each repeat of one operation over *items* items."""

    label: str
    items: int
    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "items": self.items,
            "repeats": len(self.seconds),
            "min_s": min(self.seconds),
            "median_s": self.median,
            "max_s": max(self.seconds),
            "median_us_per_item": self.median / self.items * 1e6,
            "seconds": list(self.seconds),
        }


@dataclass(frozen=True)
class Target:
    """The issue's target for a ratio: ``ratio <= at_most`` or
    ``ratio >= at_least``."""

    text: str
    at_most: float | None = None
    at_least: float | None = None

    def met(self, ratio: float) -> bool:
        if self.at_most is not None and ratio > self.at_most:
            return False
        return not (self.at_least is not None and ratio < self.at_least)


@dataclass(frozen=True)
class Result:
    """One benchmark: its figure, its floor from the same run, and the ratio
    that the target speaks about (``ratio_name`` says which way round)."""

    name: str
    description: str
    measured: Figure
    floor: Figure | None = None
    ratio: float | None = None
    ratio_name: str = ""
    target: Target | None = None
    notes: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "measured": self.measured.as_json(),
            "floor": self.floor.as_json() if self.floor else None,
            "ratio": self.ratio,
            "ratio_name": self.ratio_name,
            "target": self.target.text if self.target else None,
            "met": (
                self.target.met(self.ratio)
                if self.target and self.ratio is not None
                else None
            ),
            "notes": list(self.notes),
        }


# --- The context every benchmark gets ----------------------------------------


@dataclass
class Context:
    """Run options, the generated data (made once per size and shared), and
    the timing helper."""

    records: int
    repeats: int
    seed: int
    full: bool
    _lines: dict[int, list[str]] = field(default_factory=dict)

    def lines(self, contacts: int | None = None) -> list[str]:
        """NDJSON lines of a generated snapshot with *contacts* HubSpot
        contacts and as many Salesforce leads/contacts (default: half of
        ``records`` each), plus their owners, companies and accounts."""
        contacts = self.records // 2 if contacts is None else contacts
        if contacts not in self._lines:
            started = time.perf_counter()
            self._lines[contacts] = list(
                generate_module.generate(contacts, seed=self.seed)
            )
            took = time.perf_counter() - started
            _say(
                f"  generated {len(self._lines[contacts]):,} lines "
                f"({contacts:,} + {contacts:,} contacts) in {took:.1f} s"
            )
        return self._lines[contacts]

    def addresses(self, count: int) -> list[str]:
        """*count* email addresses as the generated records spell them
        (about 1.97 a contact pair: some records have none)."""
        contacts = max(count * 11 // 20, 1)
        while True:
            found = [
                record["email"]
                for record in map(json.loads, self.lines(contacts))
                if "email" in record
                and record["type"]
                in ("hubspot_contact", "salesforce_lead", "salesforce_contact")
            ]
            if len(found) >= count:
                return found[:count]
            contacts *= 2

    def measure(
        self,
        label: str,
        operation: Callable[[], object],
        *,
        items: int,
        setup: Callable[[], object] | None = None,
    ) -> Figure:
        """Time *operation* ``repeats`` times; *setup* runs before each
        repeat, untimed."""
        (figure,) = self.compare((label, operation, items), setup=setup)
        return figure

    def compare(
        self,
        *operations: tuple[str, Callable[[], object], int],
        setup: Callable[[], object] | None = None,
    ) -> tuple[Figure, ...]:
        """Time each ``(label, operation, items)`` ``repeats`` times, taking
        turns (A B A B ...), so that a figure and its floor see the same
        machine load; a ratio of two figures timed minutes apart on a
        shared machine says more about the neighbours than about the code.
        *setup* runs before every repeat, untimed, and so does a full
        collection, to keep one repeat's garbage out of the next figure."""
        seconds: list[list[float]] = [[] for _ in operations]
        for _ in range(self.repeats):
            for times, (_label, operation, _items) in zip(
                seconds, operations, strict=True
            ):
                if setup is not None:
                    setup()
                gc.collect()
                started = time.perf_counter()
                operation()
                times.append(time.perf_counter() - started)
        figures = tuple(
            Figure(label, items, tuple(times))
            for times, (label, _operation, items) in zip(
                seconds, operations, strict=True
            )
        )
        for figure in figures:
            _say(
                f"  {figure.label}: median {figure.median:.3f} s "
                f"({figure.median / figure.items * 1e6:.2f} µs/item)"
            )
        return figures


Benchmark = Callable[[Context], Result]
BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(function: Benchmark) -> Benchmark:
    """Register *function* under its name (without a ``bench_`` prefix)."""
    BENCHMARKS[function.__name__.removeprefix("bench_")] = function
    return function


# --- The benchmarks ---------------------------------------------------------


def _validate_all(addresses: Sequence[str]) -> None:
    for address in addresses:
        # A plain try, not contextlib.suppress: the floor must not pay for
        # more machinery than a direct caller would.
        try:  # noqa: SIM105
            validate_email(address.strip(), check_deliverability=False)
        except EmailNotValidError:
            pass


def _key_all(addresses: Sequence[str]) -> None:
    for address in addresses:
        email_key(address)


@benchmark
def bench_email_key(context: Context) -> Result:
    """`email_key` vs email-validator called directly, on the same
    generated addresses; the domain cache is emptied before each repeat."""
    addresses = context.addresses(context.records)
    # email-validator needs ~60 µs an address: at 1M, a sample keeps the
    # run short, and the ratio is per address.
    sample = addresses[: min(len(addresses), 100_000)]
    ours, floor = context.compare(
        ("email_key", lambda: _key_all(addresses), len(addresses)),
        ("email-validator directly", lambda: _validate_all(sample), len(sample)),
        setup=_checked_domain.cache_clear,
    )
    speedup = (floor.median / floor.items) / (ours.median / ours.items)
    domains = len({a.strip().rpartition("@")[2].lower() for a in addresses})
    return Result(
        name="email_key",
        description=(
            f"normalising {len(addresses):,} generated addresses "
            f"({domains:,} domains) vs email-validator per address"
        ),
        measured=ours,
        floor=floor,
        ratio=speedup,
        ratio_name="speed-up per address",
        target=Target("at least 20 x faster", at_least=20),
        notes=(
            "cold domain cache at the start of every repeat",
            "repeats of email_key and email-validator alternate",
            *(
                (f"email-validator timed on the first {len(sample):,} addresses",)
                if len(sample) < len(addresses)
                else ()
            ),
        ),
    )


def _structure_all(lines: Iterable[str]) -> int:
    count = 0
    for _ in iter_ndjson(lines):
        count += 1
    return count


@benchmark
def bench_codec_floor(context: Context) -> Result:
    """The codec floor: NDJSON lines into record classes (JSON parsing,
    structuring, validation), nothing else. The plan benchmark's floor."""
    lines = context.lines()
    figure = context.measure(
        "iter_ndjson",
        lambda: _structure_all(lines),
        items=len(lines),
        setup=_checked_domain.cache_clear,
    )
    return Result(
        name="codec_floor",
        description=f"structuring {len(lines):,} generated NDJSON lines",
        measured=figure,
        notes=(
            "floor of the plan benchmark",
            "cold email domain cache at the start of every repeat",
        ),
    )


# --- Running and reporting ----------------------------------------------------


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def table(results: Sequence[Result]) -> str:
    """The readable table: one row per figure, floors under their figure."""
    header = (
        "| benchmark | figure | items | min s | median s | max s | µs/item "
        "| ratio | target | met |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|\n"
    )
    rows: list[str] = []
    for result in results:
        met = (
            ("yes" if result.target.met(result.ratio) else "**no**")
            if result.target and result.ratio is not None
            else ""
        )
        for figure, is_floor in ((result.measured, False), (result.floor, True)):
            if figure is None:
                continue
            ratio = (
                f"{result.ratio:.1f} ({result.ratio_name})"
                if result.ratio is not None and not is_floor
                else ""
            )
            rows.append(
                f"| {'' if is_floor else result.name} "
                f"| {'floor: ' if is_floor else ''}{figure.label} "
                f"| {figure.items:,} | {_seconds(min(figure.seconds))} "
                f"| {_seconds(figure.median)} | {_seconds(max(figure.seconds))} "
                f"| {figure.median / figure.items * 1e6:.2f} | {ratio} "
                f"| {'' if is_floor or not result.target else result.target.text} "
                f"| {'' if is_floor else met} |"
            )
    return header + "\n".join(rows) + "\n"


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }


def profile(name: str, context: Context) -> Path:
    """Run benchmark *name* once under pyinstrument; returns the text report."""
    pyinstrument = importlib.import_module("pyinstrument")  # the bench extra
    profiler = pyinstrument.Profiler(interval=0.0005)
    one = Context(context.records, 1, context.seed, context.full, context._lines)
    profiler.start()
    BENCHMARKS[name](one)
    profiler.stop()
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"profile-{name}.txt"
    path.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks.")
    parser.add_argument("--full", action="store_true", help="N = 1M records")
    parser.add_argument("--records", type=int, help="N (default 100k, 1M with --full)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", action="append", choices=sorted(BENCHMARKS))
    parser.add_argument("--profile", choices=sorted(BENCHMARKS))
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    records = args.records or (1_000_000 if args.full else 100_000)
    context = Context(records, args.repeats, args.seed, args.full)
    if args.profile:
        _say(f"profiling {args.profile} at N = {records:,}")
        _say(f"wrote {profile(args.profile, context)}")
        return 0
    started = time.perf_counter()
    results: list[Result] = []
    for name in args.only or BENCHMARKS:
        _say(f"{name} (N = {records:,}, {args.repeats} repeats)")
        results.append(BENCHMARKS[name](context))
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    command = " ".join(["python benchmarks/run.py", *(argv or sys.argv[1:])])
    report = {
        "date": now.isoformat(),
        "command": command,
        "machine": machine(),
        "crmsync_rules": crmsync_rules.__version__,
        "records": records,
        "repeats": args.repeats,
        "seed": args.seed,
        "seconds": round(time.perf_counter() - started, 1),
        "benchmarks": [result.as_json() for result in results],
    }
    text = table(results)
    notes = [f"- {r.name}: {r.description}; {'; '.join(r.notes)}" for r in results]
    markdown = (
        f"Benchmarks of {now:%Y-%m-%d %H:%M} UTC on {machine()['cpus']} cores, "
        f"Python {machine()['python']}, N = {records:,}, median of "
        f"{args.repeats} repeats (`{command}`).\n\n{text}\n" + "\n".join(notes) + "\n"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(
        json.dumps(report, indent=2) + "\n", encoding="utf-8"
    )
    (args.out / "latest.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
