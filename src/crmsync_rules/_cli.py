"""The command-line tool. Everything that touches files, streams and exit
statuses lives here, outside the pure core."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ._codec import loads_snapshot
from ._errors import CrmSyncRulesError
from ._sample import sample_snapshot
from ._snapshot import Snapshot

__all__ = ["main"]


def _load(path: str | None) -> Snapshot:
    if path is None:
        return sample_snapshot()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CrmSyncRulesError(f"cannot read {path}: {exc.strerror}") from None
    return loads_snapshot(data, source=path)


def _show(snapshot: Snapshot) -> None:
    for record in snapshot.records():
        label = type(record).__name__
        name = getattr(record, "email", None) or getattr(record, "name", None) or ""
        print(f"{label:<22} {record.id:<18} {name}".rstrip())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="crmsync-rules",
        description="Explain what a HubSpot-Salesforce sync would do, and why.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("show", help="list a snapshot's records")
    show.add_argument("snapshot", nargs="?", help="snapshot JSON (default: the sample)")
    args = parser.parse_args(argv)
    try:
        _show(_load(args.snapshot))
    except CrmSyncRulesError as exc:
        print(f"crmsync-rules: {exc}", file=sys.stderr)
        return 2
    return 0
