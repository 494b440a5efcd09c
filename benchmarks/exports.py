"""A generated snapshot written as the exports issue 15 reads: a folder of
HubSpot list pages and Salesforce REST query pages, one page dump per
object, or HubSpot UI CSV and Bulk API 2.0 CSV files.

The memory target ("1M + 1M records with 15 properties each, the CLI's peak
RSS under 2 GiB") is about these folders, so `make bench` must be able to
make them again: this tool writes them from `generate.py`'s records (or
from an NDJSON file it wrote), streaming, a page at a time, with the test
suite's writers (tests/hubspot_writers.py, tests/salesforce_writers.py:
the shapes and their documentation are cited there).

    python benchmarks/exports.py --shape pages --contacts 1000000 \\
        --properties 15 --portal new --out /tmp/pages
    python benchmarks/exports.py --shape csv --ndjson big.ndjson --out /tmp/csv
    crmsync-rules plan /tmp/pages          # the settings are in the folder

Shapes: ``pages`` (HubSpot pages of ``--hubspot-page`` records, numbered
``contacts-1.json``...; Salesforce pages of ``--salesforce-page`` records
chained by ``nextRecordsUrl``), ``dump`` (one page per object, however
large), ``csv`` (one UI CSV file per HubSpot object, one Bulk API CSV file
per Salesforce object, the owners as an owners page). The generator's
18-character Salesforce ids have no valid DUP-7 suffix, so each becomes
the 18-character form of a 15-character id unique to it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import IO, Any, Final

import attrs

from crmsync_rules.codec import iter_ndjson
from crmsync_rules.model import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotOwner,
    OpportunityContactRole,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
)
from crmsync_rules.model._hubspot import HubSpotObject
from crmsync_rules.model._kinds import kind_of
from crmsync_rules.model._salesforce_ids import salesforce_id_18

HERE: Final = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import hubspot_writers as hw  # noqa: E402
import salesforce_writers as sw  # noqa: E402

__all__ = ["SHAPES", "main", "write_exports", "write_shapes"]

SHAPES: Final = ("pages", "dump", "csv")

_HUBSPOT: Final[dict[type[Any], tuple[str, HubSpotObject]]] = {
    HubSpotContact: ("contacts", HubSpotObject.CONTACT),
    HubSpotCompany: ("companies", HubSpotObject.COMPANY),
    HubSpotDeal: ("deals", HubSpotObject.DEAL),
}
_SALESFORCE: Final[dict[type[Any], str]] = {
    SalesforceUser: "User",
    SalesforceQueue: "Group",
    SalesforceLead: "Lead",
    SalesforceContact: "Contact",
    SalesforceAccount: "Account",
    SalesforceOpportunity: "Opportunity",
}
_SALESFORCE_PREFIXES: Final = frozenset({"001", "003", "005", "006", "00G", "00Q"})


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"crmsync_benchmarks_{name}", HERE / f"{name}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _id(value: object) -> object:
    """A valid 18-character id for a generated one (prefix + 15 digits):
    the prefix and the last 12 digits make a 15-character id unique to it."""
    if (
        isinstance(value, str)
        and len(value) == 18
        and value[:3] in _SALESFORCE_PREFIXES
        and value[3:].isdigit()
    ):
        return salesforce_id_18(value[:3] + value[-12:])
    return value


def _role(role: OpportunityContactRole) -> OpportunityContactRole:
    return attrs.evolve(role, contact_id=str(_id(role.contact_id)))


def fix_ids(record: Any) -> Any:
    """*record* with every generated Salesforce id made valid (DUP-7)."""
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        fixed = _id(value)
        if fixed is not value:
            changes[field.name] = fixed
    if isinstance(record, SalesforceQueue):
        # A queue is a Group of Type "Queue" in an export.
        changes["properties"] = {**record.properties, "Type": "Queue"}
    if isinstance(record, SalesforceOpportunity) and record.contact_roles:
        changes["contact_roles"] = tuple(map(_role, record.contact_roles))
    return attrs.evolve(record, **changes) if changes else record


def _counts(lines: Iterable[str]) -> dict[str, int]:
    """How many lines of each type (the pages' totals are written first)."""
    counts: dict[str, int] = {}
    for line in lines:
        kind = json.loads(line[: line.index(",")] + "}")["type"]
        counts[kind] = counts.get(kind, 0) + 1
    return counts


class _Writer:
    """Records in, files out, holding at most one page of each object."""

    def __init__(
        self, out: Path, shape: str, counts: dict[str, int], sizes: tuple[int, int]
    ) -> None:
        self.out = out
        self.shape = shape
        self.counts = counts
        self.hubspot_page, self.salesforce_page = sizes
        self.buffers: dict[type[Any], list[Any]] = {}
        self.written: dict[type[Any], int] = {}
        self.pages: dict[type[Any], int] = {}
        self.files: dict[type[Any], IO[str]] = {}
        self.headers: dict[type[Any], str] = {}
        self.owners: list[HubSpotOwner] = []
        self.opportunities: list[SalesforceOpportunity] = []

    def total(self, cls: type[Any]) -> int:
        kind: str = kind_of(cls).ndjson
        return self.counts.get(kind, 0)

    def size(self, cls: type[Any]) -> int:
        if self.shape == "dump":
            return max(self.total(cls), 1)
        if self.shape == "csv":
            return 10_000
        return self.hubspot_page if cls in _HUBSPOT else self.salesforce_page

    def add(self, record: Any) -> None:
        """Buffer *record* (its ids already made valid by `fix_ids`, once
        for every shape written), writing a page when one is full."""
        cls = type(record)
        if cls is HubSpotOwner:
            self.owners.append(record)
            return
        if cls is SalesforceOpportunity:
            self.opportunities.append(record)
        buffer = self.buffers.setdefault(cls, [])
        buffer.append(record)
        if len(buffer) >= self.size(cls):
            self.flush(cls)

    def flush(self, cls: type[Any]) -> None:
        buffer = self.buffers.get(cls)
        if not buffer:
            return
        if self.shape == "csv":
            self._csv(cls, buffer)
        elif cls in _HUBSPOT:
            self._hubspot_page(cls, buffer)
        else:
            self._salesforce_page(cls, buffer)
        self.written[cls] = self.written.get(cls, 0) + len(buffer)
        buffer.clear()

    def _hubspot_page(self, cls: type[Any], records: list[Any]) -> None:
        prefix, _ = _HUBSPOT[cls]
        number = self.pages[cls] = self.pages.get(cls, 0) + 1
        body: dict[str, Any] = {"results": [hw.api_object(r) for r in records]}
        end = self.written.get(cls, 0) + len(records)
        if end < self.total(cls):
            after = str(end)
            body["paging"] = {"next": {"after": after, "link": f"?after={after}"}}
        path = self.out / "hubspot" / f"{prefix}-{number}.json"
        path.write_text(json.dumps(body, separators=(",", ":")), "utf-8")

    def _salesforce_page(self, cls: type[Any], records: list[Any]) -> None:
        sobject = _SALESFORCE[cls]
        number = self.pages[cls] = self.pages.get(cls, 0) + 1
        end = self.written.get(cls, 0) + len(records)
        page: dict[str, Any] = {"totalSize": self.total(cls), "done": True}
        if end < self.total(cls):
            page["done"] = False
            page["nextRecordsUrl"] = (
                f"/services/data/{sw.VERSION}/query/01g{sobject}0000000AAA-{end}"
            )
        page["records"] = [sw.rest_record(r) for r in records]
        path = self.out / "salesforce" / f"{sobject}-{number}.json"
        path.write_text(json.dumps(page, separators=(",", ":")), "utf-8")

    def _csv(self, cls: type[Any], records: list[Any]) -> None:
        if cls in _HUBSPOT:
            prefix, object_type = _HUBSPOT[cls]
            text = hw.ui_csv(records, object_type, owners=self.owners).decode()
            path = self.out / "hubspot" / f"{prefix}.csv"
        else:
            text = sw.csv_file(records)
            path = self.out / "salesforce" / f"{_SALESFORCE[cls]}.csv"
        header, _, rows = text.partition("\r\n" if cls in _HUBSPOT else "\n")
        if cls not in self.files:
            self.files[cls] = path.open("w", encoding="utf-8", newline="")
            self.files[cls].write(text)
            self.headers[cls] = header
            return
        if header != self.headers[cls]:
            raise ValueError(f"{path}: the columns changed between chunks")
        self.files[cls].write(rows)

    def close(self) -> None:
        for cls in list(self.buffers):
            self.flush(cls)
        for file in self.files.values():
            file.close()
        (self.out / "hubspot" / "owners.json").write_bytes(hw.owners_page(self.owners))
        if self.shape == "csv" and self.opportunities:
            roles = sw.contact_roles_csv(self.opportunities)
            path = self.out / "salesforce" / "OpportunityContactRole.csv"
            path.write_text(roles, "utf-8", newline="")


def write_exports(
    lines: Callable[[], Iterator[str]],
    out: Path,
    *,
    shape: str = "pages",
    hubspot_page: int = 10_000,
    salesforce_page: int = 2_000,
) -> dict[str, int]:
    """Write the records of *lines* (called three times: to count the
    records of each object, to write them, to find the settings) under
    *out* in *shape*; returns the count of each record type."""
    return write_shapes(
        lines, {shape: out}, hubspot_page=hubspot_page, salesforce_page=salesforce_page
    )


def write_shapes(
    lines: Callable[[], Iterator[str]],
    outs: Mapping[str, Path],
    *,
    hubspot_page: int = 10_000,
    salesforce_page: int = 2_000,
) -> dict[str, int]:
    """`write_exports` for several shapes at once, *outs* naming each
    shape's folder: the records are structured and their ids fixed once,
    then written by every shape's writer, so that three shapes cost one
    reading of *lines* and three writings, not three of each (structuring
    15-property people is about half of writing one shape)."""
    for shape in outs:
        if shape not in SHAPES:
            raise ValueError(f"shape must be one of {SHAPES}, got {shape!r}")
    counts = _counts(lines())
    writers = []
    for shape, out in outs.items():
        (out / "hubspot").mkdir(parents=True, exist_ok=True)
        (out / "salesforce").mkdir(parents=True, exist_ok=True)
        writers.append(_Writer(out, shape, counts, (hubspot_page, salesforce_page)))
    for value in iter_ndjson(lines()):
        if type(value).__name__ == "IntegrationSettings":
            continue
        record = value if type(value) is HubSpotOwner else fix_ids(value)
        for writer in writers:
            writer.add(record)
    for writer in writers:
        writer.close()
    settings = json.loads(next(line for line in lines() if '"settings"' in line))
    del settings["type"]
    for out in outs.values():
        (out / "settings.json").write_text(json.dumps(settings), "utf-8")
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=SHAPES, default="pages")
    parser.add_argument("--out", required=True, help="folder to write")
    parser.add_argument("--ndjson", help="read this NDJSON file, not generate")
    parser.add_argument("--contacts", type=int, default=10_000, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--portal", choices=("legacy", "new"), default="new")
    parser.add_argument("--properties", type=int, default=15)
    parser.add_argument("--hubspot-page", type=int, default=10_000)
    parser.add_argument("--salesforce-page", type=int, default=2_000)
    args = parser.parse_args(argv)

    def lines() -> Iterator[str]:
        if args.ndjson:
            with open(args.ndjson, encoding="utf-8") as file:
                for line in file:
                    if line.strip():
                        yield line
            return
        generate = _load("generate").generate
        yield from generate(
            args.contacts,
            seed=args.seed,
            portal=args.portal,
            properties=args.properties,
        )

    counts = write_exports(
        lines,
        Path(args.out),
        shape=args.shape,
        hubspot_page=args.hubspot_page,
        salesforce_page=args.salesforce_page,
    )
    print(
        ", ".join(f"{count:,} {kind}" for kind, count in counts.items()),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
