"""Progress on a terminal: records per object, calls used, time left.

Written on one line, rewritten in place (``\\r``), only when the stream is
a terminal: a fetch run by cron or piped to a file prints its summary and
nothing else.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Counts records per object and shows them with the calls used and an
    estimate of the time left (where a total is known: Salesforce's
    ``count()``)."""

    def __init__(
        self,
        stream: TextIO | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        force: bool = False,
    ) -> None:
        self.stream = stream
        self.shown = stream is not None and (force or stream.isatty())
        self.clock = clock
        self.start = clock()
        self.records: dict[str, int] = {}
        self.totals: dict[str, int] = {}
        self.calls: dict[str, Callable[[], str]] = {}
        self._new: dict[str, int] = {}

    def total(self, name: str, total: int) -> None:
        """*name*'s record count, known before it is fetched."""
        self.totals[name] = total

    def add(self, name: str, records: int, *, resumed: bool = False) -> None:
        """*records* more of *name* (already on disk when *resumed*: they
        do not speed up the estimate)."""
        self.records[name] = self.records.get(name, 0) + records
        if not resumed:
            self._new[name] = self._new.get(name, 0) + records
        self.show(name)

    def eta(self, name: str) -> float | None:
        """Seconds left for *name* at this run's pace, when its total is
        known."""
        total, new = self.totals.get(name), self._new.get(name, 0)
        elapsed = self.clock() - self.start
        if total is None or not new or elapsed <= 0:
            return None
        return max(total - self.records.get(name, 0), 0) * elapsed / new

    def show(self, name: str) -> None:
        if not self.shown or self.stream is None:
            return
        count = self.records.get(name, 0)
        total = self.totals.get(name)
        text = f"{name}: {count:,}" + (f" of {total:,}" if total is not None else "")
        text += " records"
        calls = "; ".join(f"{system} {used()}" for system, used in self.calls.items())
        if calls:
            text += f"; calls: {calls}"
        eta = self.eta(name)
        if eta is not None:
            text += f"; about {int(eta) // 60}:{int(eta) % 60:02d} left"
        self.stream.write("\r" + text[:150].ljust(80))
        self.stream.flush()

    def finish(self) -> None:
        """End the progress line (on a terminal)."""
        if self.shown and self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()
