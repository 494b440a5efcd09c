"""A record that could not be read, kept so that it is reported, never
dropped."""

from __future__ import annotations

import attrs

__all__ = ["UnreadableLine"]


@attrs.frozen(kw_only=True)
class UnreadableLine:
    """A record that cannot be read: an NDJSON line, or one record of a JSON
    document (a snapshot, an API page), that does not describe a valid
    record.

    Reading goes on past it: the planner turns it into a rejected entry, so a
    bad record is reported, never silently dropped. ``line`` is the NDJSON
    line it came from; ``path`` the JSON path of the record in its document
    (``"$.results[3]"``), for records of JSON documents. Each problem names
    the path of the bad value. ``record_type`` and ``record_id`` are what the
    record claimed, when it said.
    """

    source: str
    line: int | None = None
    path: str | None = None
    record_type: str | None
    record_id: str | None
    problems: tuple[str, ...]

    @property
    def where(self) -> str:
        """Where the record is: ``"line 3"`` or ``"$.results[3]"``."""
        return f"line {self.line}" if self.line is not None else self.path or "$"

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: " + "; ".join(self.problems)
        return f"{self.source}:{self.line}: " + "; ".join(self.problems)
