"""Peak memory of streaming one very large JSON page (issue 15).

A team's export may be one page dump of hundreds of megabytes (a HubSpot
list response of every contact, 15 properties each). `Document.stream`
reads it item by item; this script writes such a page (about 300 MB by
default), streams it in a child process and reports the child's peak RSS
next to the file's size: the peak should stay flat (tens of MB), whatever
the size.

    python benchmarks/stream_page.py                 # about 300 MB
    python benchmarks/stream_page.py --megabytes 50
    python benchmarks/stream_page.py --whole         # also json.loads it whole

`make bench` runs it too (`bench_stream_page` in run.py). This is a
benchmark, not a test: it takes tens of seconds and several hundred MB of
disk.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Final

__all__ = ["StreamRun", "main", "measure", "write_page"]

# Fifteen properties, as the memory target counts them.
_PROPERTIES: Final = (
    "email",
    "firstname",
    "lastname",
    "company",
    "lifecyclestage",
    "hubspot_owner_id",
    "hs_email_optout",
    "salesforceleadid",
    "phone",
    "city",
    "country",
    "jobtitle",
    "createdate",
    "lastmodifieddate",
    "hs_object_id",
)

# The child that streams the page, started from a small launcher: Linux
# keeps a process's peak RSS across exec, so the child of a large parent
# would report the parent's size (see `bench_memory` in run.py).
_CHILD: Final = """
import json, resource, sys, time
from pathlib import Path
from crmsync_rules.codec._exports import Document

path = Path(sys.argv[1])
started = time.perf_counter()
if sys.argv[2] == "whole":
    items = json.loads(path.read_bytes())["results"]
    count = len(items)
    envelope = {}
else:
    document = Document(str(path), lambda: path.open("rb"))
    envelope, items = document.stream("results")
    count = sum(1 for _ in items)
took = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"items": count, "seconds": took, "peak_kib": peak,
                  "paging": "paging" in envelope}))
"""
_LAUNCHER: Final = """
import subprocess, sys
result = subprocess.run([sys.executable, "-c", *sys.argv[1:]], check=True,
                        capture_output=True, text=True)
print(result.stdout, end="")
"""


def write_page(path: Path, megabytes: int, *, seed: int = 1) -> int:
    """A HubSpot CRM v3 list page of about *megabytes* MB at *path*
    (https://developers.hubspot.com/docs/api/crm/contacts: ``results``,
    then ``paging``); returns the number of records."""
    rng = random.Random(seed)
    target = megabytes * 1_000_000
    written = 0
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('{"results": [')
        while written < target:
            ident = str(100_000 + count)
            properties = {
                name: f"{name}-{rng.randrange(10**9)}" for name in _PROPERTIES
            }
            properties["email"] = f"person{count}@example{count % 997}.com"
            properties["hs_object_id"] = ident
            record = {
                "id": ident,
                "properties": properties,
                "createdAt": "2024-01-05T09:30:00.000Z",
                "updatedAt": "2024-03-01T12:00:00.000Z",
                "archived": False,
            }
            text = ("," if count else "") + json.dumps(record)
            out.write(text)
            written += len(text)
            count += 1
        paging = {"next": {"after": str(100_000 + count)}}
        out.write(f'], "paging": {json.dumps(paging)}}}')
    return count


class StreamRun:
    """One child's figures."""

    def __init__(self, report: dict[str, object]) -> None:
        self.items = int(str(report["items"]))
        self.seconds = float(str(report["seconds"]))
        self.peak_mib = int(str(report["peak_kib"])) / 1024


def measure(path: Path, how: str = "stream") -> StreamRun:
    """Stream (or, with ``"whole"``, load) *path* in a child process."""
    result = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, _CHILD, str(path), how],
        check=True,
        capture_output=True,
        text=True,
    )
    return StreamRun(json.loads(result.stdout))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=int, default=300)
    parser.add_argument(
        "--whole", action="store_true", help="also load the page whole, to compare"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.json"
        started = time.perf_counter()
        count = write_page(path, args.megabytes)
        size = path.stat().st_size / 2**20
        print(
            f"wrote {count:,} records, {size:,.0f} MiB, in "
            f"{time.perf_counter() - started:.1f} s"
        )
        streamed = measure(path)
        assert streamed.items == count
        print(
            f"streamed: {streamed.items:,} records in {streamed.seconds:.1f} s, "
            f"peak RSS {streamed.peak_mib:,.0f} MiB"
        )
        if args.whole:
            whole = measure(path, "whole")
            print(
                f"json.loads whole: {whole.seconds:.1f} s, "
                f"peak RSS {whole.peak_mib:,.0f} MiB"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
