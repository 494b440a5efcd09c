"""Salesforce CSV files: Bulk API 2.0 query results and Data Loader
exports, their object found from their ids' prefixes, their header set or
their file name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Final

from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._salesforce_ids import (
    is_salesforce_id,
)
from crmsync_rules.model._unreadable import UnreadableLine

from ._csv import CsvRows, document_head, document_lines, find_delimiter
from ._exports import Document, Recognised
from ._payload import (
    SALESFORCE_KINDS,
)
from ._salesforce_fields import (
    ID_PREFIXES,
    canonical_name,
)
from ._salesforce_records import ROLE_OBJECT, Reader, keep_role

__all__ = ["csv_object", "csv_shape", "object_of_id", "plural", "read_csv"]

# Header sets that name a CSV file's object when its ids do not.
_SIGNATURES: Final = (
    (ROLE_OBJECT, {"OpportunityId", "ContactId"}),
    ("Opportunity", {"StageName"}),
    ("Lead", {"IsConverted"}),
    ("Lead", {"Company"}),
    ("User", {"Username"}),
    ("User", {"UserType"}),
    ("Group", {"DeveloperName", "Type"}),
    ("Contact", {"ReportsToId"}),
    ("Contact", {"AccountId", "LastName"}),
    ("Account", {"PersonEmail"}),
    ("Account", {"IsPersonAccount", "Name"}),
)
_FILE_NAMES: Final = (
    ("opportunitycontactrole", ROLE_OBJECT),
    ("contactrole", ROLE_OBJECT),
    ("opportunit", "Opportunity"),
    ("lead", "Lead"),
    ("contact", "Contact"),
    ("account", "Account"),
    ("user", "User"),
    ("queue", "Group"),
    ("group", "Group"),
)


def _object_of_name(source: str) -> str | None:
    name = source.replace("\\", "/").rpartition("/")[2].casefold()
    for part, sobject in _FILE_NAMES:
        if part in name:
            return sobject
    return None


def _object_of_header(names: Iterable[str]) -> str | None:
    present = set(names)
    for sobject, signature in _SIGNATURES:
        if signature <= present:
            return sobject
    return None


def object_of_id(value: str) -> str | None:
    return ID_PREFIXES.get(value[:3]) if is_salesforce_id(value) else None


def csv_shape(header: Sequence[str]) -> str:
    letters = "".join(name for name in header if any(c.isalpha() for c in name))
    if letters and letters == letters.upper():
        return "Salesforce Data Loader CSV export"
    return "Salesforce Bulk API 2.0 query results (CSV)"


def csv_object(
    source: str, header: Sequence[str], first: Sequence[str] | None
) -> str | None:
    """The object of a CSV file: from its first id's prefix, its header set,
    or its file name."""
    if first is not None and "Id" in header and len(first) == len(header):
        found = object_of_id(first[header.index("Id")])
        if found is not None:
            return found
    return _object_of_header(header) or _object_of_name(source)


def plural(sobject: str | None) -> str:
    if sobject is None:
        return "records"
    return "Opportunities" if sobject == "Opportunity" else f"{sobject} records"


# --- CSV -----------------------------------------------------------------------


def read_csv(document: Document, reader: Reader) -> None:
    """Read one CSV file's records into *reader*."""
    lines = document_lines(document)
    try:
        _read_csv(document, lines, reader)
    finally:
        # Read to its end, so that the document closes its file itself (an
        # abandoned line generator closes it from the garbage collector).
        for _ in lines:
            pass


def _read_csv(document: Document, lines: Iterable[str], reader: Reader) -> None:
    source = document.source
    delimiter = find_delimiter(document_head(document, 4096))
    rows = CsvRows(lines, source=source, delimiter=delimiter)
    header = [canonical_name(name.strip(), {}) for name in rows.header]
    iterator = rows.rows()
    first = next(iterator, None)
    sobject = csv_object(source, header, first[1] if first else None)
    if sobject is None:
        raise SnapshotError(
            [
                "cannot tell which Salesforce object this CSV file holds: its ids "
                "have no known prefix, its columns and its name name none"
            ],
            source=source,
        )
    types = reader.types.get(sobject, {})
    header = [canonical_name(name.strip(), types) for name in rows.header]
    if len(set(header)) != len(header):
        repeated = sorted({name for name in header if header.count(name) > 1})
        raise SnapshotError(
            [f"the column {', '.join(repeated)} appears twice in the header"],
            source=source,
        )
    names = tuple(header)
    count = 0
    short_rows: list[int] = []
    id_column = names.index("Id") if "Id" in names else None
    for number, row in _chain(first, iterator):
        count += 1
        where = f"row {number}"
        if len(row) != len(names):
            short_rows.append(number)
            reader.rejected.append(
                UnreadableLine(
                    source=source,
                    path=where,
                    record_type=SALESFORCE_KINDS.get(sobject),
                    record_id=None,
                    problems=(
                        f"the row has {len(row)} values, the header {len(names)} "
                        f"@ {where}",
                    ),
                )
            )
            continue
        if id_column is not None:
            other = object_of_id(row[id_column])
            if other is not None and other != sobject:
                reader.rejected.append(
                    UnreadableLine(
                        source=source,
                        path=where,
                        record_type=SALESFORCE_KINDS.get(other),
                        record_id=row[id_column],
                        problems=(
                            f"the id of a {other} in a file of {plural(sobject)} "
                            f"@ {where}.Id",
                        ),
                    )
                )
                continue
        if sobject == ROLE_OBJECT:
            keep_role(reader, zip(names, row, strict=True), True, source, where)
            continue
        record = reader.build(
            sobject, zip(names, row, strict=True), text=True, source=source, where=where
        )
        reader.keep(sobject, record, source)
    if short_rows:
        rows_text = ", ".join(map(str, short_rows[:5])) + (
            "…" if len(short_rows) > 5 else ""
        )
        reader.missing.append(
            f"{source}: {len(short_rows):,} row(s) ({rows_text}) do not have a value "
            "for every column: the file is cut short or malformed"
        )
    if rows.error is not None:
        reader.missing.append(f"{source}: {rows.error}")
    reader.counts[source] = count
    reader.recognised.append(
        Recognised(
            source=source,
            shape=f"{csv_shape(rows.header)} of {plural(sobject)}",
            records=count,
        )
    )


def _chain(
    first: tuple[int, list[str]] | None, rest: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    if first is not None:
        yield first
    yield from rest
