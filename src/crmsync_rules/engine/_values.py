"""What the export and API readers give, written for the bulk engine
(`plan_values`): the settings and the records as NDJSON lines in the
engine's temporary folder, the unreadable records kept apart."""

from __future__ import annotations

from collections.abc import Iterable

from crmsync_rules.codec._native import ndjson_line
from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._kinds import kind_of
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.planner._plan import plan_stream

from ._lines import EngineUnsuitable

__all__ = ["write_values"]


def write_values(
    values: Iterable[IntegrationSettings | Record | UnreadableLine], path: str
) -> list[UnreadableLine]:
    """Write the settings and records of *values* to *path* as NDJSON, the
    settings first (refused as `plan_stream` refuses them); the unreadable
    records, which no line holds, are returned."""
    iterator = iter(values)
    first = next(iterator, None)
    if not isinstance(first, IntegrationSettings):
        plan_stream([] if first is None else [first])  # raises
        raise AssertionError("unreachable")  # pragma: no cover
    unreadable: list[UnreadableLine] = []
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as file:
            file.write(ndjson_line("settings", first) + "\n")
            for value in iterator:
                if isinstance(value, UnreadableLine):
                    unreadable.append(value)
                elif isinstance(value, IntegrationSettings):
                    raise SnapshotError(
                        ["the settings must come once, got a second settings"]
                    )
                else:
                    kind = kind_of(type(value)).ndjson
                    file.write(ndjson_line(kind, value) + "\n")
    except UnicodeEncodeError as exc:
        raise EngineUnsuitable(f"a record is not UTF-8 text ({exc})") from None
    return unreadable
