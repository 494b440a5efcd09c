"""HubSpot's UI CSV exports: one object's records, one row each, headed by
property labels ("Record ID", "First Name", "Contact owner").

Labels are mapped to internal names by `UI_LABELS` (and the labels of a
properties-API response in the same export); a column of no known label
is kept under its header, as text. The UI writes values for people:
owners by name or email (resolved through the owners the export holds),
lifecycle stages by label ("Marketing Qualified Lead"), checkboxes as
"Yes"/"No", times in the portal's time zone without an offset. Each is
turned back into what the API would have sent, and the row is read like
an API object (`ObjectBuilder`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._hubspot import HubSpotObject, HubSpotOwner
from crmsync_rules.model._unreadable import UnreadableLine

from ._exports import Document
from ._hubspot_records import ObjectBuilder
from ._hubspot_values import LIFECYCLE_LABELS
from ._payload import Problems

__all__ = [
    "ASSOCIATION_COLUMNS",
    "CsvTrouble",
    "OwnerNames",
    "csv_header",
    "csv_object_of",
    "read_ui_rows",
]

# Association columns of the UI's exports: ids ";"-joined.
ASSOCIATION_COLUMNS: Final[Mapping[str, str]] = {
    "associated company ids": "companies",
    "associated contact ids": "contacts",
    "associated deal ids": "deals",
}
# Columns that repeat the associated records' names: left out (the ids say
# the same, and the records themselves carry the names).
_NAME_COLUMNS: Final = frozenset(
    {"associated company", "associated contact", "associated deal"}
)
_OWNER_LABELS: Final = {
    HubSpotObject.CONTACT: "contact owner",
    HubSpotObject.COMPANY: "company owner",
    HubSpotObject.DEAL: "deal owner",
}
_DELIMITERS: Final = ",;\t"
_DIGITS: Final = re.compile(r"\d+")


class CsvTrouble(Exception):
    """A whole file that cannot be read as CSV (`ExportRead.missing`)."""


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    return max(counts, key=lambda d: counts[d])


def csv_header(text: str) -> tuple[str, list[str]] | None:
    """The delimiter and the header of a CSV export, or ``None`` when it
    has no "Record ID" column (then it is not HubSpot's)."""
    first = text.split("\n", 1)[0]
    delimiter = _delimiter(first)
    try:
        header = next(csv.reader([first], delimiter=delimiter, strict=True))
    except (csv.Error, StopIteration):
        return None
    if not any(h.strip().lower() == "record id" for h in header):
        return None
    return delimiter, header


def csv_object_of(header: Sequence[str]) -> HubSpotObject | None:
    """The object a UI export's header names by its columns (the owner
    column names it outright: "Contact owner", "Deal owner")."""
    lowered = {h.strip().lower() for h in header}
    for object_type, owner in _OWNER_LABELS.items():
        if owner in lowered:
            return object_type
    if lowered & {"deal name", "deal stage", "pipeline"}:
        return HubSpotObject.DEAL
    if lowered & {"email", "first name", "last name"}:
        return HubSpotObject.CONTACT
    if lowered & {"company domain name", "company name"}:
        return HubSpotObject.COMPANY
    return None


class OwnerNames:
    """Owners as the UI writes them ("Ada Lovelace", an email, an id),
    resolved to owner ids through the owners the export holds."""

    def __init__(self, owners: Sequence[HubSpotOwner]) -> None:
        self.ids = {owner.id for owner in owners}
        self.by_text: dict[str, str | None] = {}
        for owner in owners:
            for text in (owner.email, owner.name):
                key = text.strip().lower() if text else ""
                if key:
                    # Two owners of one name: that name names neither.
                    self.by_text[key] = (
                        owner.id
                        if self.by_text.get(key, owner.id) == owner.id
                        else None
                    )

    def resolve(self, text: str) -> str | None:
        if text in self.ids or _DIGITS.fullmatch(text):
            return text
        return self.by_text.get(text.strip().lower())


def read_ui_rows(
    document: Document,
    builder: ObjectBuilder,
    labels: Mapping[str, str],
    owners: OwnerNames,
    *,
    names: dict[tuple[str, ...], tuple[str, ...]],
    unknown: set[str],
) -> Iterator[Any | UnreadableLine]:
    """The records of a UI export, one per row; a row that cannot be read
    is an `UnreadableLine` naming its line and columns. Headers of no known
    label go to *unknown* (kept as text under the header). Raises
    `CsvTrouble` for a file that is no CSV (a quote never closed)."""
    # Read a line at a time: a UI export of a million contacts is hundreds
    # of MB, which must not be held as bytes and text at once.
    try:
        head = document.head().decode("utf-8-sig", errors="ignore")
    except SnapshotError as exc:  # the file cannot be read
        raise CsvTrouble(_not_text(exc)) from None
    found = csv_header(head)
    if found is None:
        raise CsvTrouble('no "Record ID" column')
    delimiter, _ = found
    reader = csv.reader(document.lines(), delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise CsvTrouble(f"not valid CSV at line 1: {exc}") from None
    except SnapshotError as exc:  # not UTF-8
        raise CsvTrouble(_not_text(exc)) from None
    except StopIteration:
        raise CsvTrouble('no "Record ID" column') from None
    lowered = [h.lower() for h in header]
    if len(set(lowered)) != len(lowered):
        twice = sorted({h for h in header if lowered.count(h.lower()) > 1})
        raise CsvTrouble(f"column {', '.join(map(repr, twice))} appears twice")
    by_label = {label.lower(): name for label, name in labels.items()}
    owner_label = _OWNER_LABELS[builder.object_type]
    columns: list[tuple[str, str, str]] = []  # (header, role, name)
    for column, low in zip(header, lowered, strict=True):
        if low == "record id":
            columns.append((column, "id", "id"))
        elif low in ASSOCIATION_COLUMNS:
            columns.append((column, "association", ASSOCIATION_COLUMNS[low]))
        elif low in _NAME_COLUMNS:
            columns.append((column, "skip", ""))
        elif low == owner_label:
            columns.append((column, "owner", "hubspot_owner_id"))
        elif low in by_label:
            columns.append((column, "property", by_label[low]))
        else:
            unknown.add(column)
            columns.append((column, "property", column))
    column_of = {name: column for column, role, name in columns if role != "skip"}
    line = 1
    row_number = 0
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvTrouble(f"not valid CSV at line {start}: {exc}") from None
        except SnapshotError as exc:  # not UTF-8 further on
            raise CsvTrouble(_not_text(exc)) from None
        line = reader.line_num
        if not row or row == [""]:
            continue
        row_number += 1
        where = f"row {row_number}"
        problems = Problems()
        if len(row) != len(header):
            problems.add(
                f"{len(row)} fields where the header has {len(header)} "
                "(a truncated file, or a delimiter in an unquoted value?)",
                where,
            )
            yield _unreadable(document, start, where, builder, problems, None)
            continue
        raw = _raw_object(row, columns, builder, owners, where, problems)
        if problems.lines:
            yield _unreadable(document, start, where, builder, problems, raw.get("id"))
            continue
        record = builder.record(raw, where, problems, names=names)
        if record is None:
            lines = [_column_path(p, where, column_of) for p in problems.lines]
            problems.lines = lines
            yield _unreadable(document, start, where, builder, problems, raw.get("id"))
        else:
            yield record


def _not_text(error: SnapshotError) -> str:
    return f"{'; '.join(error.problems)}: export it again as UTF-8 CSV"


def _raw_object(  # noqa: PLR0917
    row: Sequence[str],
    columns: Sequence[tuple[str, str, str]],
    builder: ObjectBuilder,
    owners: OwnerNames,
    where: str,
    problems: Problems,
) -> dict[str, Any]:
    """What the API would have sent for *row*."""
    properties: dict[str, str] = {}
    associations: dict[str, list[str]] = {}
    raw: dict[str, Any] = {"properties": properties}
    for (column, role, name), cell in zip(columns, row, strict=True):
        # Ids and owners are trimmed; property values are kept as written.
        value = cell if role == "property" else cell.strip()
        if role == "id":
            raw["id"] = value or None
        elif role == "association":
            associations[name] = [v.strip() for v in value.split(";") if v.strip()]
        elif role == "owner":
            if value:
                owner = owners.resolve(value)
                if owner is None:
                    problems.add(
                        f"owner {value!r} is none of the owners read (add the "
                        "owners page, GET /crm/v3/owners, to the export)",
                        f"{where}, column {column!r}",
                    )
                properties[name] = owner or ""
            else:
                properties[name] = ""
        elif role == "property":
            properties[name] = _api_text(name, value, builder)
    primary = properties.get("associatedcompanyid")
    if primary and "companies" in associations:
        associations["companies"] = [primary, *associations["companies"]]
    if associations:
        raw["associations"] = {
            name: {"results": [{"id": i} for i in dict.fromkeys(ids)]}
            for name, ids in associations.items()
        }
    return raw


def _api_text(name: str, value: str, builder: ObjectBuilder) -> str:
    if name == "lifecyclestage":
        return LIFECYCLE_LABELS.get(value.lower(), value)
    if builder.kind(name) == "bool" and value.lower() in ("yes", "no", "true", "false"):
        return "true" if value.lower() in ("yes", "true") else "false"
    return value


def _column_path(problem: str, where: str, column_of: Mapping[str, str]) -> str:
    """``... @ row 3.properties.email`` as ``... @ row 3, column 'Email'``."""
    message, _, path = problem.rpartition(" @ ")
    for prefix in (f"{where}.properties.", f"{where}.associations."):
        if path.startswith(prefix):
            name = path[len(prefix) :].split(".", 1)[0]
            column = column_of.get(name, name)
            return f"{message} @ {where}, column {column!r}"
    if path == f"{where}.id":
        return f"{message} @ {where}, column 'Record ID'"
    return problem


def _unreadable(  # noqa: PLR0917
    document: Document,
    line: int,
    where: str,
    builder: ObjectBuilder,
    problems: Problems,
    record_id: object,
) -> UnreadableLine:
    return UnreadableLine(
        source=document.source,
        line=line,
        path=where,
        record_type=builder.ndjson,
        record_id=record_id if isinstance(record_id, str) and record_id else None,
        problems=tuple(problems.lines),
    )
