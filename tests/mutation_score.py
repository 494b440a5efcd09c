"""Print the mutation score of the last ``mutmut run`` (``make mutation``).

Reads ``mutants/mutmut-cicd-stats.json`` (``mutmut export-cicd-stats``) for
the totals and mutmut's per-file ``.meta`` files for the breakdown by
module. A mutant counts as killed when a test failed on it or it timed out
(mutmut's own definition of its score); "no tests" and "survived" are not.

    python tests/mutation_score.py [--seconds N]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

MUTANTS = Path("mutants")
KILLED_CODES = frozenset({1, 3, 36, 37, -24, 24, 152, 255})
SURVIVED_CODES = frozenset({0})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, help="wall time of the run")
    args = parser.parse_args()

    stats = json.loads((MUTANTS / "mutmut-cicd-stats.json").read_text())
    # Without a type_check_command, mutmut writes no caught_by_type_check.
    killed = stats["killed"] + stats["timeout"] + stats.get("caught_by_type_check", 0)
    total = stats["total"]

    print(f"{'module':<28} {'killed':>7} {'survived':>9} {'other':>6} {'total':>6}")
    for meta in sorted(MUTANTS.glob("src/**/*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"].values()
        if not codes:
            continue
        counts = Counter(
            "killed"
            if code in KILLED_CODES
            else "survived"
            if code in SURVIVED_CODES
            else "other"
            for code in codes
        )
        name = meta.name.removesuffix(".meta")
        print(
            f"{name:<28} {counts['killed']:>7} {counts['survived']:>9}"
            f" {counts['other']:>6} {len(codes):>6}"
        )
    print()
    print(
        f"killed {killed} (of which timeout {stats['timeout']}),"
        f" survived {stats['survived']}, no tests {stats['no_tests']},"
        f" suspicious {stats['suspicious']}, total {total}"
    )
    if args.seconds is not None:
        print(f"duration {args.seconds:.0f} s")
    print(f"mutation score: {killed}/{total} = {100 * killed / total:.1f}%")


if __name__ == "__main__":
    main()
