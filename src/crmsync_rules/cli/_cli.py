"""The command-line tool. Everything that touches files, streams and exit
statuses lives here, outside the pure core; the decisions come from the
planner, and this module only reads inputs and formats what it returns.

Each input is read once (a FIFO or a pipe cannot be read twice; ``-`` is
standard input), and a record that cannot be read costs only itself: it
reaches the planner as an `UnreadableLine` and the plan rejects it (ERR-1),
whatever the input's format. A file of another shape than its option takes
(a HubSpot page given as the snapshot, a CSV export...) is refused with the
option that takes it; an export whose pages say more records follow is
refused unless ``--allow-partial`` accepts a plan labelled partial.

Exit statuses: 0 for a clean result; 1 when the plan holds rejected records
or an error-level finding (``plan``, ``lint``, ``explain`` of a rejected
record), or ``validate`` finds records ``plan`` would reject; 2 when the
input cannot be used at all (unreadable, not JSON, another shape than its
option takes, nested too deeply, settings invalid, an incomplete export
without ``--allow-partial``, a usage error such as an unknown record id for
``explain``).
"""

from __future__ import annotations

import argparse
import functools
import io
import itertools
import json
import os
import secrets
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final, TextIO, cast

from crmsync_rules import __version__
from crmsync_rules._redact import Redactor, redact
from crmsync_rules._sample import sample_snapshot
from crmsync_rules.bulk import bulk_collection
from crmsync_rules.codec._codec import (
    NDJSON_TYPES,
    PageInfo,
    UnreadableLine,
    _looks_like,
    _parse_json,
    iter_hubspot,
    iter_hubspot_owners,
    iter_ndjson,
    iter_salesforce,
    iter_snapshot,
    page_info,
    structure,
)
from crmsync_rules.model._catalogue import RULES
from crmsync_rules.model._errors import CrmSyncRulesError, SnapshotError
from crmsync_rules.model._hubspot import HubSpotObject
from crmsync_rules.model._kinds import kind_of
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.model._snapshot import Record
from crmsync_rules.planner._plan import PlanAction, PlanEntry, PlanStream, plan_stream
from crmsync_rules.rules._lint import Finding, Severity
from crmsync_rules.rules._opt import OptOutEvent, OptOutState
from crmsync_rules.rules._own import OwnerAction, OwnerDecision, OwnerSyncDirection

__all__ = ["main"]

Value = IntegrationSettings | Record | UnreadableLine
_NDJSON_SUFFIXES = (".ndjson", ".jsonl")
_PROGRESS_EVERY = 50_000
_STDIN = "-"
_STDIN_NAME = "<stdin>"
# The first line decides between NDJSON and one JSON document; a longer one
# is one document, not parsed twice just to say so.
_SNIFF_LIMIT = 1 << 24


class _UsageError(CrmSyncRulesError):
    """A command line that cannot run (exit status 2)."""


def _shown(path: str) -> str:
    return _STDIN_NAME if path == _STDIN else path


def _open(path: str) -> IO[bytes]:
    """*path* opened once for reading (``-``: standard input)."""
    if path == _STDIN:
        return sys.stdin.buffer
    try:
        return Path(path).open("rb")
    except OSError as exc:
        raise _UsageError(f"cannot read {path}: {exc.strerror}") from None


def _close(file: IO[bytes]) -> None:
    if file is not sys.stdin.buffer:
        file.close()


def _read(path: str) -> bytes:
    """All of *path*, read once: a FIFO or a pipe cannot be read twice."""
    file = _open(path)
    try:
        return file.read()
    except OSError as exc:
        raise _UsageError(f"cannot read {_shown(path)}: {exc.strerror}") from None
    finally:
        _close(file)


# What each shape `_looks_like` recognises is, and which option takes it.
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


def _wrong_file(path: str, shape: str) -> _UsageError:
    what, advice = _SHAPES[shape]
    return _UsageError(f"{_shown(path)} looks like {what}: {advice}")


def _parse(data: bytes, path: str, takes: str) -> object:
    """*data*, the whole of *path*, through the codec's strict parser (line
    and column on errors), refused with a hint when it has the shape of
    another input than *takes*."""
    try:
        obj = _parse_json(data, source=_shown(path))
    except SnapshotError:
        first = data.lstrip(b"\xef\xbb\xbf").lstrip().split(b"\n", 1)[0]
        if _looks_ndjson(first) and takes != "snapshot":
            raise _wrong_file(path, "ndjson") from None
        if _looks_csv(first):
            text = first.decode("utf-8", "replace").strip()
            raise _UsageError(
                f"{_shown(path)} looks like CSV (first line {_short(text)}): "
                "crmsync-rules reads JSON; export the records as a snapshot, as "
                "NDJSON, or as the APIs' JSON responses (docs/codec.md)"
            ) from None
        raise
    shape = _looks_like(obj)
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
        raise _UsageError(f"cannot read {name}: {exc.strerror}") from None
    finally:
        _close(file)


def _snapshot_values(path: str) -> Iterable[Value]:
    """The values of SNAPSHOT, JSON or NDJSON, read once: NDJSON is
    recognised by its extension or its first line, and streamed."""
    name = _shown(path)
    file = _open(path)
    head: list[bytes] = []
    if not path.endswith(_NDJSON_SUFFIXES):
        try:
            for line in file:
                head.append(line)
                if line.strip():
                    break
            if not head or not _looks_ndjson(head[-1]):
                data = b"".join(head) + file.read()
                _close(file)
                return iter_snapshot(_parse(data, path, "snapshot"), source=name)
        except OSError as exc:
            _close(file)
            raise _UsageError(f"cannot read {name}: {exc.strerror}") from None
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
        self, name: str, values: Iterable[Value], missing: Sequence[str] = ()
    ) -> None:
        self.name = name
        self.values = values
        self.missing = tuple(missing)

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
            fix="Fetch every page of each result and pass each with its option, "
            "in order.",
        )


def _api_input(args: argparse.Namespace) -> _Input:
    """The values of the real APIs' payloads (see ``--help``), each file
    read once, its records in turn."""
    settings = structure(
        _parse(_read(args.settings), args.settings, "settings"),
        IntegrationSettings,
        source=_shown(args.settings),
    )
    values: list[Value] = [settings]
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
            payload = _parse(_read(path), path, option)
            pages.pages.append((_shown(path), page_info(payload)))
            values.extend(reader(payload, _shown(path)))
            del payload  # the records are read: the document can go
        missing.extend(pages.missing())
    if missing and not args.allow_partial:
        raise _UsageError(
            "the export is incomplete: "
            + "; ".join(missing)
            + ". Fetch the remaining pages and pass each with its option, in "
            "order, or give --allow-partial to plan the pages you have"
        )
    return _Input(_api_name(args), values, missing)


def _hubspot(
    payload: object, source: str, *, object_type: HubSpotObject
) -> Iterable[Value]:
    return iter_hubspot(payload, object_type=object_type, source=source)


def _input(args: argparse.Namespace, err: TextIO) -> _Input:
    """The input the command line names, the settings first."""
    api = [
        args.hubspot_contacts,
        args.hubspot_companies,
        args.hubspot_deals,
        args.hubspot_owners,
        args.salesforce,
    ]
    if args.settings is not None:
        if args.snapshot is not None:
            raise _UsageError(
                "give either SNAPSHOT or --settings with API files, not both"
            )
        given = _api_input(args)
        if given.missing:
            print(
                "crmsync-rules: warning: partial export (--allow-partial): "
                + "; ".join(given.missing),
                file=err,
            )
        return given
    if any(api):
        raise _UsageError("--hubspot-* and --salesforce need --settings FILE")
    if args.snapshot is None:
        snapshot = sample_snapshot()
        return _Input("the bundled sample", [snapshot.settings, *snapshot.records()])
    return _Input(_shown(args.snapshot), _snapshot_values(args.snapshot))


def _values(args: argparse.Namespace, err: TextIO) -> tuple[str, Iterable[Value]]:
    """The input's name and its values, the settings first."""
    given = _input(args, err)
    return given.name, given.values


def _progress(values: Iterable[Value], stderr: TextIO) -> Iterator[Value]:
    """Count records read on a terminal's stderr; silent otherwise."""
    if not stderr.isatty():
        yield from values
        return
    n = 0
    for n, value in enumerate(values, start=1):
        if n % _PROGRESS_EVERY == 0:
            print(f"\rread {n:,} records", end="", file=stderr, flush=True)
        yield value
    print(f"\rread {n:,} records", file=stderr, flush=True)


class _CliStream:
    """A `PlanStream` as the command line shows it: with the finding that
    says the input is partial (``--allow-partial``), and its entries and
    findings passed through `redact` (``--redact``)."""

    def __init__(
        self,
        stream: PlanStream,
        *,
        partial: Finding | None = None,
        redactor: Redactor | None = None,
    ) -> None:
        self._stream = stream
        self._redactor = redactor
        self.settings = stream.settings
        findings = (*stream.findings, *filter(None, [partial]))
        self.findings = (
            findings if redactor is None else redact(findings, redactor=redactor)
        )
        self.records = stream.records
        self.partial = partial is not None

    def __iter__(self) -> Iterator[PlanEntry]:
        if self._redactor is None:
            yield from self._stream
            return
        for entry in self._stream:
            yield redact(entry, redactor=self._redactor)


_Stream = _CliStream


def _kept(values: Iterable[Value], keep: Callable[[Record], object]) -> Iterator[Value]:
    """*values*, passing each record to *keep* on the way (the redactor
    learns the people's names from them once the planner has read them
    all)."""
    for value in values:
        if not isinstance(value, IntegrationSettings | UnreadableLine):
            keep(value)
        yield value


def _planned(args: argparse.Namespace, values: Iterable[Value]) -> PlanStream:
    """`plan_stream` of *values*; then the records, read and indexed, are
    spared from collection for the rest of the command (`main` runs every
    command under `bulk_collection`: the command line's collector policy)."""
    stream = plan_stream(values)
    built: Callable[[], None] | None = getattr(args, "records_built", None)
    if built is not None:
        built()
    return stream


def _plan(args: argparse.Namespace, stderr: TextIO) -> tuple[str, _Stream]:
    given = _input(args, stderr)
    name, values, partial = given.name, given.values, given.partial
    if not getattr(args, "redact", False):
        stream = _planned(args, _progress(values, stderr))
        return name, _CliStream(stream, partial=partial)
    records: list[Record] = []
    stream = _planned(args, _kept(_progress(values, stderr), records.append))
    # A new key per run: pseudonyms hold within one output, and outputs of
    # two runs cannot be linked.
    redactor = Redactor.of(records, key=secrets.token_bytes(16))
    return redactor.text(name), _CliStream(stream, partial=partial, redactor=redactor)


# --- formatting ---------------------------------------------------------------


_API_FILES: Final = (
    ("settings", "settings"),
    ("hubspot_contacts", "HubSpot contacts"),
    ("hubspot_companies", "HubSpot companies"),
    ("hubspot_deals", "HubSpot deals"),
    ("hubspot_owners", "HubSpot owners"),
    ("salesforce", "Salesforce"),
)


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


def _target(entry: PlanEntry) -> str:
    if entry.target_type is None:
        return ""
    return f"{entry.target_type} {entry.target_id or '(new)'}"


def _count(n: int, noun: str) -> str:
    """``1 record``, ``2 records``, ``1,234 records``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _owner_text(owner: OwnerDecision, *, reference: bool) -> str:
    """The owner outcome in words; *reference* for an owner's own entry,
    whose decision speaks for every record it owns."""
    to_hubspot = owner.direction is OwnerSyncDirection.TO_HUBSPOT
    side = "HubSpot" if to_hubspot else "Salesforce"
    if owner.action is OwnerAction.IMPORT:
        return (
            f"passes to HubSpot as Salesforce owner {owner.import_from}, "
            "imported as a HubSpot owner"
        )
    if owner.action is OwnerAction.SET:
        if to_hubspot:
            return f"passes to HubSpot as owner {owner.owner_id}"
        return f"passes to Salesforce as Owner ID {owner.owner_id}"
    if owner.action is OwnerAction.REVERT:
        if reference:
            return (
                "does not pass to Salesforce; the records it owns keep their "
                "last Salesforce Owner ID"
            )
        if owner.owner_id is not None:
            return f"does not pass to Salesforce; Owner ID reverts to {owner.owner_id}"
        return (
            "does not pass to Salesforce, and no earlier Salesforce Owner ID is "
            "known to revert to"
        )
    return f"does not pass to {side}"


_HELD: Final = {
    OptOutEvent.HUBSPOT_UNSUBSCRIBED: "the HubSpot unsubscribe",
    OptOutEvent.CONTACT_RESUBSCRIBED: "the contact's resubscription",
    OptOutEvent.SALESFORCE_OPTED_OUT: "the Email Opt Out tick",
    OptOutEvent.SALESFORCE_OPTED_IN: "the Email Opt Out untick",
    OptOutEvent.SYNCED: "a sync",
}
"""Held opt-out changes (OPT-4), in words."""


def _optout_text(state: OptOutState) -> str:
    """Both sides' opt-out after the plan, in the words of OPT-1's fields."""
    hubspot = (
        "unsubscribed from all email in HubSpot"
        if state.hubspot_unsubscribed
        else "not unsubscribed in HubSpot"
    )
    salesforce = "ticked" if state.salesforce_opted_out else "unticked"
    text = f"{hubspot}, Email Opt Out {salesforce} in Salesforce"
    if state.held:
        held = ", then ".join(_HELD[e] for e in state.held)
        text += f" (held until the contact syncs: {held})"
    return text


def _outcomes(entry: PlanEntry) -> Iterator[str]:
    """The owner, opt-out and lifecycle outcomes of *entry*, one line each."""
    if entry.owner is not None:
        reference = entry.action is PlanAction.REFERENCE
        yield f"owner: {_owner_text(entry.owner, reference=reference)}"
    if entry.optout is not None:
        yield f"opt-out: {_optout_text(entry.optout.state)}"
    if entry.lifecycle is not None:
        yield f"lifecycle stage becomes {entry.lifecycle.value}"


def _rules(entry: PlanEntry) -> str:
    return ",".join(dict.fromkeys(r.rule for r in entry.reasons))


def _where(entry: PlanEntry) -> str:
    """Where an unreadable record is in its input: `` (line 3)``, or
    `` ($.results[3])`` in a JSON document; ``""`` for the others."""
    if entry.line is not None:
        return f" (line {entry.line})"
    return f" ({entry.path})" if entry.path is not None else ""


def _record(entry: PlanEntry) -> str:
    return f"{entry.record_type} {entry.record_id or '?'}{_where(entry)}"


def _entry_json(entry: PlanEntry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "system": entry.system.value,
        "record_type": entry.record_type,
        "record_id": entry.record_id,
        "action": entry.action.value,
    }
    if entry.line is not None:
        data["line"] = entry.line
    if entry.path is not None:
        data["path"] = entry.path
    if entry.target_type is not None:
        data["target"] = {"type": entry.target_type, "id": entry.target_id}
    if entry.related:
        data["related"] = list(entry.related)
    if entry.owner is not None:
        data["owner"] = {
            "direction": entry.owner.direction.value,
            "action": entry.owner.action.value,
            "owner_id": entry.owner.owner_id,
            "import_from": entry.owner.import_from,
        }
    if entry.optout is not None:
        state = entry.optout.state
        data["optout"] = {
            "hubspot_unsubscribed": state.hubspot_unsubscribed,
            "salesforce_opted_out": state.salesforce_opted_out,
            "held": [e.value for e in state.held],
        }
    if entry.lifecycle is not None:
        data["lifecycle"] = entry.lifecycle.value
    data["reasons"] = [{"rule": r.rule, "detail": r.detail} for r in entry.reasons]
    return data


def _finding_json(finding: Finding) -> dict[str, str]:
    return {
        "severity": finding.severity.value,
        "rule": finding.rule,
        "detail": finding.detail,
        "fix": finding.fix,
    }


def _summary(
    counts: Sequence[tuple[PlanAction, int]], records: int, *, partial: bool
) -> dict[str, Any]:
    return {
        "records": records,
        "actions": {a.value: n for a, n in counts},
        "partial": partial,
    }


class _Counted:
    """Entries passing through, counted per action (all of them, whatever
    ``--only`` shows)."""

    def __init__(self, entries: Iterable[PlanEntry]) -> None:
        self._entries = entries
        self._tally: dict[PlanAction, int] = {}

    def __iter__(self) -> Iterator[PlanEntry]:
        for entry in self._entries:
            self._tally[entry.action] = self._tally.get(entry.action, 0) + 1
            yield entry

    @property
    def counts(self) -> list[tuple[PlanAction, int]]:
        return [(a, self._tally[a]) for a in PlanAction if a in self._tally]


_TYPE_WIDTH: Final = max(map(len, NDJSON_TYPES))
_ID_WIDTH: Final = 18  # a Salesforce id; HubSpot ids are shorter
_ACTION_WIDTH: Final = max(len(a.value) for a in PlanAction)
_COLUMNS: Final = (_TYPE_WIDTH, _ID_WIDTH, _ACTION_WIDTH, _TYPE_WIDTH + 1 + _ID_WIDTH)


def _row(*cells: str) -> str:
    """One table row: each cell padded to its column, two spaces between
    columns (a longer cell pushes the rest right, but never runs into the
    next), the last cell as it is."""
    *first, last = cells
    widths = _COLUMNS[: len(first)]
    padded = [f"{c:<{w}}" for c, w in zip(first, widths, strict=True)]
    return "  ".join([*padded, last]).rstrip()


def _write_text(
    name: str,
    stream: _Stream,
    entries: Iterable[PlanEntry],
    counted: _Counted,
    out: IO[str],
) -> None:
    print(f"Sync plan for {name}", file=out)
    if stream.partial:
        print(
            "PARTIAL PLAN: the input is an incomplete export (--allow-partial); "
            "see the findings.",
            file=out,
        )
    print(file=out)
    print(_row("RECORD TYPE", "ID", "ACTION", "TARGET", "RULES"), file=out)
    indent = " " * (_TYPE_WIDTH + 2)
    for entry in entries:
        ident = f"{entry.record_id or '?'}{_where(entry)}"
        cells = (
            entry.record_type,
            ident,
            entry.action.value,
            _target(entry),
            _rules(entry),
        )
        print(_row(*cells), file=out)
        for outcome in _outcomes(entry):
            print(f"{indent}{outcome}", file=out)
    print(file=out)
    print(f"Summary: {_count(stream.records, 'record')}", file=out)
    for action, n in counted.counts:
        print(f"  {action.value:<21} {n:>9,}", file=out)
    if stream.findings:
        print(f"Findings: {len(stream.findings)}", file=out)
        for finding in stream.findings:
            print(f"  {finding}", file=out)
    else:
        print("Findings: none (the settings are clean)", file=out)


def _write_json(
    stream: _Stream, entries: Iterable[PlanEntry], counted: _Counted, out: IO[str]
) -> None:
    out.write('{"entries": [')
    for n, entry in enumerate(entries):
        out.write(",\n  " if n else "\n  ")
        out.write(json.dumps(_entry_json(entry), ensure_ascii=False))
    out.write("\n],\n")
    findings = [_finding_json(f) for f in stream.findings]
    out.write(f'"findings": {json.dumps(findings, ensure_ascii=False)},\n')
    summary = _summary(counted.counts, stream.records, partial=stream.partial)
    out.write(f'"summary": {json.dumps(summary)}}}\n')


def _write_ndjson(
    stream: _Stream, entries: Iterable[PlanEntry], counted: _Counted, out: IO[str]
) -> None:
    for entry in entries:
        line = {"type": "entry", **_entry_json(entry)}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    for finding in stream.findings:
        out.write(json.dumps({"type": "finding", **_finding_json(finding)}) + "\n")
    summary = {
        "type": "summary",
        **_summary(counted.counts, stream.records, partial=stream.partial),
    }
    out.write(json.dumps(summary) + "\n")


# --- commands ---------------------------------------------------------------


def _cmd_plan(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    name, stream = _plan(args, err)
    counted = _Counted(stream)
    entries: Iterable[PlanEntry] = counted
    if args.only is not None:
        only = PlanAction(args.only)
        entries = (e for e in counted if e.action is only)
    writers: dict[str, Callable[..., None]] = {
        "json": _write_json,
        "ndjson": _write_ndjson,
    }
    if args.format == "text":
        _write_text(name, stream, entries, counted, out)
    else:
        writers[args.format](stream, entries, counted, out)
    rejected = dict(counted.counts).get(PlanAction.REJECTED, 0)
    errors = any(f.severity is Severity.ERROR for f in stream.findings)
    return 1 if rejected or errors else 0


def _cmd_explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not args.redact:
        return _explain(args, out, err, lambda record: None)
    records: list[Record] = []
    buffer = io.StringIO()
    status = _explain(args, buffer, err, records.append)
    # The whole text, so that no word of a name survives anywhere in it.
    redactor = Redactor.of(records, key=secrets.token_bytes(16))
    out.write(redactor.text(buffer.getvalue()))
    return status


def _explain(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    keep: Callable[[Record], object],
) -> int:
    _name, values = _values(args, err)
    stream = _planned(args, _kept(_progress(values, err), keep))
    return _write_explanation(args.record_id, stream, out)


def _write_explanation(
    record_id: str, entries: Iterable[PlanEntry], out: IO[str]
) -> int:
    """Every decision about *record_id* among *entries*; the exit status."""
    own = []
    others = []
    for entry in entries:
        if entry.record_id == record_id:
            own.append(entry)
        elif entry.concerns(record_id):
            others.append(entry)
    if not own:
        raise _UsageError(f"no record with id {record_id!r} in the input")
    for n, entry in enumerate([*own, *others]):
        if n:
            print(file=out)
        if n == len(own):
            print(f"Other decisions that name {record_id}:", file=out)
            print(file=out)
        print(f"{_record(entry)}: {entry.action.value}", end="", file=out)
        target = _target(entry)
        print(f" -> {target}" if target else "", file=out)
        for outcome in _outcomes(entry):
            print(f"  {outcome}", file=out)
        reasons = entry.reasons
        for i, reason in enumerate(reasons):
            print(f"  {reason.rule}: {reason.detail}", file=out)
            # A run of reasons citing one rule gets its statement once, after
            # the last of them.
            if i + 1 == len(reasons) or reasons[i + 1].rule != reason.rule:
                statement = RULES[reason.rule]
                print(f"  {'':{len(reason.rule)}}  (rule: {statement})", file=out)
    return 1 if any(e.action is PlanAction.REJECTED for e in own) else 0


def _cmd_lint(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    _name, stream = _plan(args, err)
    if not stream.findings:
        print("No findings: the settings are clean.", file=out)
        return 0
    for finding in stream.findings:
        print(finding, file=out)
    errors = sum(f.severity is Severity.ERROR for f in stream.findings)
    return 1 if errors else 0


def _cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # What `plan` would reject, found by planning: the planner's checks
    # (unreadable records, shared ids, references to missing records...)
    # are the one definition of what cannot be decided.
    name, stream = _plan(args, err)
    rejected = [e for e in stream if e.action is PlanAction.REJECTED]
    if not rejected:
        print(f"{name}: valid, {_count(stream.records, 'record')}.", file=out)
        return 0
    print(
        f"{name}: {len(rejected):,} of {_count(stream.records, 'record')} would "
        "be rejected:",
        file=out,
    )
    for entry in rejected:
        reason = entry.reasons[0]
        print(f"  {_record(entry)}: {reason.rule}: {reason.detail}", file=out)
    return 1


def _cmd_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    _name, values = _values(args, err)
    for record in values:
        if isinstance(record, IntegrationSettings):
            continue
        if isinstance(record, UnreadableLine):  # listed, never dropped
            kind, ident = record.record_type or "unknown", record.record_id or "?"
            print(_row(kind, ident, f"cannot be read ({record.where})"), file=out)
            continue
        name = getattr(record, "email", None) or getattr(record, "name", None) or ""
        print(_row(kind_of(type(record)).ndjson, record.id, name), file=out)
    return 0


_EXIT_2: Final = """\
  2  the input cannot be used at all: unreadable, not JSON, the wrong shape,
     an incomplete export without --allow-partial; or a usage error"""


def _inputs(*, sample: bool) -> str:
    """The input formats every command reads (*sample*: without an input,
    the command works on the bundled sample)."""
    none = "\n                     none given: the bundled sample" if sample else ""
    return f"""\
input formats:
  SNAPSHOT           a snapshot JSON document ({{"settings": ..., "hubspot": ...,
                     "salesforce": ...}}), or NDJSON, one record a line (.ndjson,
                     .jsonl, or recognised by its first line);
                     - (standard input) reads it from a pipe{none}
  --settings FILE    instead of SNAPSHOT, the APIs' own payloads: the
                     integration settings JSON (docs/settings.md) with
                     HubSpot CRM v3 list responses (--hubspot-contacts,
                     --hubspot-companies, --hubspot-deals, --hubspot-owners)
                     and Salesforce REST query responses (--salesforce),
                     each option once per page
  --allow-partial    accept an export whose pages are incomplete (Salesforce
                     "done": false, a HubSpot paging.next): the output then
                     says "partial"; without it such an export exits 2"""


_PLAN_EPILOG: Final = f"""\
examples:
  crmsync-rules plan                       the bundled sample
  crmsync-rules plan export.ndjson --only rejected
  crmsync-rules plan --format ndjson - < export.ndjson > plan.ndjson

{_inputs(sample=True)}

exit status:
  0  every record is planned and the settings linter finds no error
  1  some record is rejected (its row says why, ERR-1), or the settings linter
     finds an error (Findings: below the summary)
{_EXIT_2}
"""

_EXPLAIN_EPILOG: Final = f"""\
examples:
  crmsync-rules explain 502                the bundled sample's contact 502
  crmsync-rules explain 00QA000000001AA export.ndjson --redact

{_inputs(sample=True)}

exit status:
  0  the record is planned
  1  the record is rejected (its reasons say why, ERR-1)
{_EXIT_2}; or no record has RECORD_ID
"""

_LINT_EPILOG: Final = f"""\
examples:
  crmsync-rules lint --settings settings.json
  crmsync-rules lint export.ndjson

{_inputs(sample=True)}

exit status:
  0  no findings, or warnings only
  1  an error-level finding (the integration cannot work as set up)
{_EXIT_2}
"""

_VALIDATE_EPILOG: Final = f"""\
examples:
  crmsync-rules validate export.ndjson
  crmsync-rules validate --settings settings.json --salesforce leads.json

{_inputs(sample=False)}

exit status:
  0  the input is valid and plan would reject none of its records
  1  some records would be rejected by plan (each listed with its problem)
{_EXIT_2}
"""

_SHOW_EPILOG: Final = f"""\
examples:
  crmsync-rules show export.ndjson | grep salesforce_lead

{_inputs(sample=True)}

exit status:
  0  the records are listed
{_EXIT_2}
"""

_MAIN_EPILOG: Final = f"""\
examples:
  crmsync-rules plan                       the plan of the bundled sample
  crmsync-rules plan export.ndjson         the plan of your export
  crmsync-rules explain 502                every decision about one record
  crmsync-rules COMMAND --help             a command's inputs, options and
                                           exit status

exit status:
  0  a clean result
  1  the plan holds rejected records or an error-level finding (plan, explain
     of a rejected record, lint), or validate finds records plan would reject
{_EXIT_2}
"""


def _wrap(text: str) -> str:
    """*text* in lines that fit a terminal (descriptions are printed as
    they are written, so that the epilogs' tables keep their shape)."""
    return textwrap.fill(text, width=79)


def _parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="crmsync-rules",
        description="Explain what a HubSpot-Salesforce sync would do, and why.",
        epilog=_MAIN_EPILOG,
        formatter_class=raw,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an error"
    )
    source = argparse.ArgumentParser(add_help=False)
    group = source.add_argument_group(
        "input from the APIs' payloads (instead of SNAPSHOT)",
        _wrap(
            "HubSpot CRM v3 list responses do not name their object type, so "
            "each type has its own option; every option may be repeated (one "
            "file per page)."
        ),
    )
    group.add_argument("--settings", metavar="FILE", help="integration settings JSON")
    for option, what in (
        ("contacts", "contacts"),
        ("companies", "companies"),
        ("deals", "deals"),
        ("owners", "owners API"),
    ):
        group.add_argument(
            f"--hubspot-{option}",
            metavar="FILE",
            action="append",
            help=f"HubSpot {what} response",
        )
    group.add_argument(
        "--salesforce",
        metavar="FILE",
        action="append",
        help="Salesforce REST query response (any supported object type)",
    )
    group.add_argument(
        "--allow-partial",
        action="store_true",
        help="plan an export whose pages say more records follow (Salesforce "
        "nextRecordsUrl, HubSpot paging.next); the plan says it is partial",
    )
    snapshot_help = (
        "snapshot JSON or NDJSON (.ndjson/.jsonl, or sniffed), - for standard "
        "input; default: the bundled sample"
    )
    redact_help = (
        "replace email local parts and people's names with pseudonyms (new "
        "ones each run), keeping domains and ids: for support tickets"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    plan = commands.add_parser(
        "plan",
        parents=[source],
        help="what would sync, and why, record by record",
        description=_wrap(
            "What the integration would do with every record, and the "
            "rules behind it: one row per record, its owner, opt-out and lifecycle "
            "outcomes under it, then a summary and the settings linter's findings."
        ),
        epilog=_PLAN_EPILOG,
        formatter_class=raw,
    )
    plan.add_argument("snapshot", nargs="?", help=snapshot_help)
    plan.add_argument(
        "--format",
        choices=["text", "json", "ndjson"],
        default="text",
        help="text (the default): a table for people; json, ndjson: for programs",
    )
    plan.add_argument("--redact", action="store_true", help=redact_help)
    plan.add_argument(
        "--only",
        choices=[a.value for a in PlanAction],
        metavar="ACTION",
        help="show only entries with this action (the summary counts all): "
        + ", ".join(a.value for a in PlanAction),
    )
    explain = commands.add_parser(
        "explain",
        parents=[source],
        help="every decision about one record",
        description=_wrap(
            "Every decision about one record, each reason with the statement "
            "of its rule, then the other records' decisions that name it."
        ),
        epilog=_EXPLAIN_EPILOG,
        formatter_class=raw,
    )
    explain.add_argument("record_id", metavar="RECORD_ID")
    explain.add_argument("snapshot", nargs="?", help=snapshot_help)
    explain.add_argument("--redact", action="store_true", help=redact_help)
    lint = commands.add_parser(
        "lint",
        parents=[source],
        help="the settings linter",
        description="The settings linter's findings on their own.",
        epilog=_LINT_EPILOG,
        formatter_class=raw,
    )
    lint.add_argument("snapshot", nargs="?", help=snapshot_help)
    validate = commands.add_parser(
        "validate",
        parents=[source],
        help="check an input without planning it",
        description=_wrap(
            "Check an input without printing a plan: every problem with its "
            "JSON path or NDJSON line."
        ),
        epilog=_VALIDATE_EPILOG,
        formatter_class=raw,
    )
    validate.add_argument(
        "snapshot", nargs="?", help="snapshot JSON or NDJSON, - for standard input"
    )
    show = commands.add_parser(
        "show",
        parents=[source],
        help="list an input's records",
        description=_wrap(
            "One line per record: its record type (as plan prints it), its "
            "id, and its email address or name."
        ),
        epilog=_SHOW_EPILOG,
        formatter_class=raw,
    )
    show.add_argument("snapshot", nargs="?", help=snapshot_help)
    return parser


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "plan": _cmd_plan,
    "explain": _cmd_explain,
    "lint": _cmd_lint,
    "validate": _cmd_validate,
    "show": _cmd_show,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "validate" and args.snapshot is None and args.settings is None:
        print("crmsync-rules: validate needs SNAPSHOT or --settings", file=sys.stderr)
        return 2
    try:
        # The command line owns the process, so it sets the collector
        # policy for the millions of records a plan holds (crmsync_rules.bulk).
        with bulk_collection() as built:
            args.records_built = built
            return _COMMANDS[args.command](args, sys.stdout, sys.stderr)
    except CrmSyncRulesError as exc:
        if args.debug:
            raise
        message = str(exc)
        if isinstance(exc, SnapshotError) and len(exc.problems) == 1:
            message = f"{exc.source}: {exc.problems[0]}"  # one line
        if getattr(args, "redact", False):
            # The input could not be read, so no names are known: addresses
            # and the values of personal fields in problems are still hidden.
            message = Redactor(key=secrets.token_bytes(16)).text(message)
        print(f"crmsync-rules: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `crmsync-rules plan | head`: not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
