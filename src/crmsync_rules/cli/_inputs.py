"""Reading the inputs: files and standard input, each read once; the
shape of a file checked against the option that takes it; NDJSON, snapshot
and API pages turned into the values the planner reads."""

from __future__ import annotations

import argparse
import functools
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Final, TextIO, cast

from crmsync_rules._sample import sample_snapshot
from crmsync_rules.codec._api import iter_hubspot, iter_hubspot_owners, iter_salesforce
from crmsync_rules.codec._convert import structure
from crmsync_rules.codec._json import parse_json
from crmsync_rules.codec._native import iter_ndjson, iter_snapshot
from crmsync_rules.codec._read_export import read_export
from crmsync_rules.codec._shapes import PageInfo, looks_like, page_info
from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._hubspot import HubSpotObject
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.rules._lint import Finding, Severity

from ._files import (
    UsageError,
    close,
    documents,
    open_input,
    read_all,
    shown,
)

__all__ = ["PROGRESS_EVERY", "UsageError", "Value", "read_input", "read_values"]


Value = IntegrationSettings | Record | UnreadableLine
_NDJSON_SUFFIXES = (".ndjson", ".jsonl")
PROGRESS_EVERY = 50_000
# The first line decides between NDJSON and one JSON document; a longer one
# is one document, not parsed twice just to say so.
_SNIFF_LIMIT = 1 << 24


# What each shape `looks_like` recognises is, and which option takes it.
_SHAPES: dict[str, tuple[str, str]] = {
    "snapshot": (
        "a crmsync-rules snapshot (settings, hubspot, salesforce)",
        "pass it as SNAPSHOT, without --settings",
    ),
    "ndjson": (
        "NDJSON (one record a line, each with a type)",
        "pass it as SNAPSHOT, without --settings",
    ),
    "settings": (
        "integration settings (integrated_on ...)",
        "pass it with --settings, with the API files (--hubspot-contacts ..., "
        "--salesforce ...)",
    ),
    "salesforce": (
        "a Salesforce REST query response (totalSize, done, records)",
        "pass it with --salesforce and --settings",
    ),
    "hubspot_contacts": (
        "a HubSpot CRM v3 contacts page (results with email, firstname ...)",
        "pass it with --hubspot-contacts and --settings",
    ),
    "hubspot_companies": (
        "a HubSpot CRM v3 companies page (results with name, domain ...)",
        "pass it with --hubspot-companies and --settings",
    ),
    "hubspot_deals": (
        "a HubSpot CRM v3 deals page (results with dealname, dealstage ...)",
        "pass it with --hubspot-deals and --settings",
    ),
    "hubspot_objects": (
        "a HubSpot CRM v3 list page (results, paging)",
        "pass it with --hubspot-contacts (or companies/deals) and --settings",
    ),
    "hubspot_owners": (
        "a HubSpot owners API page (results with email, firstName, lastName)",
        "pass it with --hubspot-owners and --settings",
    ),
    "hubspot_page": (
        "a HubSpot API page (results, paging)",
        "pass it with its --hubspot-* option and --settings",
    ),
}
# The shapes each input takes (None: what nothing recognises is read, and
# its problems reported, as it is).
_TAKES: dict[str, frozenset[str | None]] = {
    "snapshot": frozenset({"snapshot", None}),
    "settings": frozenset({"settings", None}),
    "hubspot_contacts": frozenset(
        {"hubspot_contacts", "hubspot_objects", "hubspot_page", None}
    ),
    "hubspot_companies": frozenset(
        {"hubspot_companies", "hubspot_objects", "hubspot_page", None}
    ),
    "hubspot_deals": frozenset(
        {"hubspot_deals", "hubspot_objects", "hubspot_page", None}
    ),
    "hubspot_owners": frozenset({"hubspot_owners", "hubspot_page", None}),
    "salesforce": frozenset({"salesforce", None}),
}


def _wrong_file(path: str, shape: str) -> UsageError:
    what, advice = _SHAPES[shape]
    return UsageError(f"{shown(path)} looks like {what}: {advice}")


def _parse(data: bytes, path: str, takes: str) -> object:
    """*data*, the whole of *path*, through the codec's strict parser (line
    and column on errors), refused with a hint when it has the shape of
    another input than *takes*."""
    try:
        obj = parse_json(data, source=shown(path))
    except SnapshotError:
        first = data.lstrip(b"\xef\xbb\xbf").lstrip().split(b"\n", 1)[0]
        if _looks_ndjson(first) and takes != "snapshot":
            raise _wrong_file(path, "ndjson") from None
        if _looks_csv(first):
            text = first.decode("utf-8", "replace").strip()
            raise UsageError(
                f"{shown(path)} looks like CSV (first line {_short(text)}): "
                "crmsync-rules reads JSON; export the records as a snapshot, as "
                "NDJSON, or as the APIs' JSON responses (docs/codec.md)"
            ) from None
        raise
    shape = looks_like(obj)
    if shape not in _TAKES[takes]:
        raise _wrong_file(path, cast(str, shape))
    return obj


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _looks_csv(line: bytes) -> bool:
    """A header line of comma-, semicolon- or tab-separated values."""
    text = line.strip()
    return (
        bool(text)
        and text[:1] not in (b"{", b"[", b'"')
        and any(sep in text for sep in (b",", b";", b"\t"))
    )


def _looks_ndjson(line: bytes) -> bool:
    """Whether *line*, a file's first non-blank line, is an NDJSON record."""
    if len(line) > _SNIFF_LIMIT:
        return False
    try:
        first = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(first, dict) and "type" in first


def _ndjson_values(file: IO[bytes], head: list[bytes], name: str) -> Iterator[Value]:
    """The NDJSON values of *file*, whose first lines *head* were read to
    sniff it."""
    try:
        yield from iter_ndjson(itertools.chain(head, file), source=name)
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    finally:
        close(file)


def _snapshot_values(path: str) -> Iterable[Value]:
    """The values of SNAPSHOT, JSON or NDJSON, read once: NDJSON is
    recognised by its extension or its first line, and streamed."""
    name = shown(path)
    file = open_input(path)
    head: list[bytes] = []
    if not path.endswith(_NDJSON_SUFFIXES):
        try:
            for line in file:
                head.append(line)
                if line.strip():
                    break
            if not head or not _looks_ndjson(head[-1]):
                data = b"".join(head) + file.read()
                close(file)
                return iter_snapshot(_parse(data, path, "snapshot"), source=name)
        except OSError as exc:
            close(file)
            raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    return _ndjson_values(file, head, name)


class _Pages:
    """The API files of one option, in the order given, and what each page
    says of the pages that follow it (`page_info`)."""

    def __init__(self, option: str) -> None:
        self.option = option
        self.pages: list[tuple[str, PageInfo]] = []

    def missing(self) -> Iterator[str]:
        """What is known to be missing: a last page that says more follow,
        or pages that hold fewer records than the result's total."""
        run: list[tuple[str, PageInfo]] = []
        for n, (path, info) in enumerate(self.pages):
            run.append((path, info))
            following = self.pages[n + 1][1] if n + 1 < len(self.pages) else None
            if (
                not info.last
                and following is not None
                and (info.total is None or following.total in (None, info.total))
            ):
                continue  # the next file continues this result
            yield from self._check(run)
            run = []

    def _check(self, run: list[tuple[str, PageInfo]]) -> Iterator[str]:
        path, info = run[-1]
        if not info.last:
            cursor = (
                f"done is false, nextRecordsUrl {info.next!r}"
                if self.option == "salesforce"
                else f"paging.next.after {info.next!r}"
            )
            yield (
                f"{path} says more records follow ({cursor}), and no later "
                f"--{self.option.replace('_', '-')} file continues it"
            )
            return
        held = sum(i.records for _, i in run)
        if info.total is not None and held < info.total:
            files = ", ".join(p for p, _ in run)
            yield f"{files} hold {held:,} of the {info.total:,} records of the result"


class _Input:
    """What a command reads: the input's name, its values (the settings
    first), and what is known to be missing from it (`--allow-partial`)."""

    def __init__(
        self,
        name: str,
        values: Iterable[Value],
        missing: Sequence[str] = (),
        findings: Sequence[Finding] = (),
    ) -> None:
        self.name = name
        self.values = values
        self.missing = tuple(missing)
        self.findings = tuple(findings)
        """The readers' findings about the export (`ExportRead.findings`)."""

    @property
    def partial(self) -> Finding | None:
        """The finding that says the plan is partial, if it is."""
        if not self.missing:
            return None
        return Finding(
            severity=Severity.WARNING,
            rule="DUP-1",
            detail="The input is a partial export: "
            + "; ".join(self.missing)
            + ". Records on the pages not given are not in the plan: a record "
            "that matches one of them is planned as new, and records that name "
            "one are rejected.",
            fix="Fetch every page of each result and give them all (with the "
            "--hubspot-* and --salesforce options: each with its option, in "
            "order).",
        )


def _settings(args: argparse.Namespace) -> IntegrationSettings:
    """The settings of ``--settings FILE``."""
    return structure(
        _parse(read_all(args.settings), args.settings, "settings"),
        IntegrationSettings,
        source=shown(args.settings),
    )


def _api_values(args: argparse.Namespace) -> tuple[list[Value], list[str]]:
    """The values of the real APIs' payloads given with their options (see
    ``--help``), each file read once, its records in turn; and what is
    known to be missing from them."""
    values: list[Value] = []
    readers: list[tuple[str, Callable[[object, str], Iterable[Value]]]] = [
        (
            f"hubspot_{key}",
            functools.partial(_hubspot, object_type=object_type),
        )
        for key, object_type in (
            ("contacts", HubSpotObject.CONTACT),
            ("companies", HubSpotObject.COMPANY),
            ("deals", HubSpotObject.DEAL),
        )
    ]
    readers.append(("hubspot_owners", lambda p, s: iter_hubspot_owners(p, source=s)))
    readers.append(("salesforce", lambda p, s: iter_salesforce(p, source=s)))
    missing: list[str] = []
    for option, reader in readers:
        pages = _Pages(option)
        for path in getattr(args, option) or ():
            payload = _parse(read_all(path), path, option)
            pages.pages.append((shown(path), page_info(payload)))
            values.extend(reader(payload, shown(path)))
            del payload  # the records are read: the document can go
        missing.extend(pages.missing())
    return values, missing


def _incomplete(missing: Sequence[str], advice: str) -> UsageError:
    return UsageError(
        "the export is incomplete: "
        + "; ".join(missing)
        + f". {advice}, or give --allow-partial to plan the pages you have"
    )


def _api_input(args: argparse.Namespace) -> _Input:
    """The values of the real APIs' payloads (see ``--help``), the settings
    first."""
    settings = _settings(args)
    values, missing = _api_values(args)
    if missing and not args.allow_partial:
        raise _incomplete(
            missing,
            "Fetch the remaining pages and pass each with its option, in order",
        )
    return _Input(_api_name(args), [settings, *values], missing)


def _export_input(args: argparse.Namespace, err: TextIO) -> _Input:
    """The values of files and folders of exports in any shape the codec
    recognises (`read_export`), with the API options' files, the settings
    first; what was recognised is said on *err*, one line per file."""
    settings = _settings(args) if args.settings is not None else None
    read = read_export(documents(args.inputs), allow_partial=True, settings=settings)
    for line in read.recognised:
        print(line.line(), file=err)
    for note in read.notes:
        print(f"crmsync-rules: note: {note}", file=err)
    api, api_missing = _api_values(args)
    missing = [*read.missing, *api_missing]
    if missing and not args.allow_partial:
        raise _incomplete(missing, "Fetch the remaining pages")
    if read.settings is None:
        raise UsageError(
            "no integration settings among the inputs: give them with --settings "
            "FILE (docs/settings.md)"
        )
    values: list[Value] = [*read.values(), *api]
    return _Input(_export_name(args), values, missing, read.findings)


def _hubspot(
    payload: object, source: str, *, object_type: HubSpotObject
) -> Iterable[Value]:
    return iter_hubspot(payload, object_type=object_type, source=source)


def read_input(args: argparse.Namespace, err: TextIO) -> _Input:
    """The input the command line names, the settings first: the bundled
    sample, one snapshot or NDJSON file, the APIs' payloads with their
    options, or files and folders of exports (with the API options' files,
    if any)."""
    api = [
        args.hubspot_contacts,
        args.hubspot_companies,
        args.hubspot_deals,
        args.hubspot_owners,
        args.salesforce,
    ]
    inputs: list[str] = args.inputs or []
    if inputs and (
        args.settings is not None
        or any(api)
        or len(inputs) > 1
        or Path(inputs[0]).is_dir()
    ):
        given = _export_input(args, err)
    elif args.settings is not None:
        given = _api_input(args)
    elif any(api):
        raise UsageError("--hubspot-* and --salesforce need --settings FILE")
    elif not inputs:
        snapshot = sample_snapshot()
        return _Input("the bundled sample", [snapshot.settings, *snapshot.records()])
    else:
        return _Input(shown(inputs[0]), _snapshot_values(inputs[0]))
    if given.missing:
        print(
            "crmsync-rules: warning: partial export (--allow-partial): "
            + "; ".join(given.missing),
            file=err,
        )
    return given


def read_values(args: argparse.Namespace, err: TextIO) -> tuple[str, Iterable[Value]]:
    """The input's name and its values, the settings first."""
    given = read_input(args, err)
    return given.name, given.values


# --- formatting ---------------------------------------------------------------


_API_FILES: Final = (
    ("settings", "settings"),
    ("hubspot_contacts", "HubSpot contacts"),
    ("hubspot_companies", "HubSpot companies"),
    ("hubspot_deals", "HubSpot deals"),
    ("hubspot_owners", "HubSpot owners"),
    ("salesforce", "Salesforce"),
)


def _export_name(args: argparse.Namespace) -> str:
    """The inputs of a plan of exports: ``s.json (settings); exports/``."""
    files = ", ".join(shown(given) for given in args.inputs)
    others = _api_name(args)
    return f"{others}; {files}" if others else files


def _api_name(args: argparse.Namespace) -> str:
    """The API files of a plan, each group with what it holds:
    ``s.json (settings); c1.json, c2.json (HubSpot contacts); ...``."""
    groups = []
    for option, what in _API_FILES:
        paths = getattr(args, option)
        if isinstance(paths, str):
            paths = [paths]
        if paths:
            groups.append(f"{', '.join(paths)} ({what})")
    return "; ".join(groups)
