"""The fuzz driver behind ``make fuzz``: the hostile-input properties of
tests/test_hostile_input.py, run with fresh random seeds until the time is
up. Each input gets a deadline (a hang is a finding), and any finding stops
the run with Hypothesis's shrunk example; add that input to tests/corpus so
``make test`` replays it for ever.

    python tests/fuzz.py --minutes 10
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import (
    READERS,
    json_values,
    load_or_refuse,
    mutated_samples,
    read_text_or_refuse,
)

ROUND = settings(
    max_examples=2_000,
    deadline=dt.timedelta(seconds=2),
    database=None,
    suppress_health_check=list(HealthCheck),
)


def targets(counts: Counter[str]) -> dict[str, Callable[[], None]]:
    @ROUND
    @given(st.binary(max_size=2_000))
    def raw_bytes(data: bytes) -> None:
        counts["raw bytes"] += 1
        read_text_or_refuse(data)

    @ROUND
    @given(st.sampled_from(sorted(READERS)), json_values)
    def any_json(reader: str, value: object) -> None:
        counts["arbitrary JSON"] += 1
        load_or_refuse(READERS[reader], value)

    @ROUND
    @given(mutated_samples())
    def mutated(value: object) -> None:
        counts["mutated sample"] += 1
        load_or_refuse(READERS["snapshot"], value)

    return {
        "raw bytes": raw_bytes,
        "arbitrary JSON": any_json,
        "mutated sample": mutated,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    rounds = 0
    started = time.monotonic()
    stop = started + args.minutes * 60
    while time.monotonic() < stop:
        for name, target in targets(counts).items():
            target()  # raises, with the shrunk example, on a finding
            rounds += 1
            print(f"\r{name:>15}: {counts[name]:>9,} inputs", end="", file=sys.stderr)
    elapsed = time.monotonic() - started
    print(file=sys.stderr)
    total = sum(counts.values())
    print(
        f"fuzzed {total:,} inputs in {elapsed / 60:.1f} minutes ({rounds} rounds), no finding"
    )
    for name, count in sorted(counts.items()):
        print(f"  {name}: {count:,} inputs ({count / elapsed:,.0f}/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
