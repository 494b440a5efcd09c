"""``crmsync-rules diff OLD_SETTINGS NEW_SETTINGS EXPORTS...``: what would
change if the settings changed. The exports are read once; both settings
plan the same records (the settings the exports hold, in a snapshot or
NDJSON, are replaced), with every mapping's field writes, and
`diff_plans` compares the two plans entry by entry."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
from collections.abc import Iterable, Iterator
from typing import IO, Any, Final, TextIO, cast

import attrs

from crmsync_rules._redact import Redactor, redact
from crmsync_rules._sample import sample_snapshot
from crmsync_rules.codec._convert import structure, unstructure
from crmsync_rules.codec._fields_json import field_sync_json
from crmsync_rules.codec._json import parse_json
from crmsync_rules.codec._read_export import read_export
from crmsync_rules.codec._settings_file import SYNC_RULE_LABELS
from crmsync_rules.codec._shapes import looks_like
from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._settings import FieldMapping, IntegrationSettings, SyncRule
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.planner._diff import (
    ChangeKind,
    Difference,
    MappingChange,
    PlanDiff,
    diff_plans,
)
from crmsync_rules.planner._fields import FieldDetail
from crmsync_rules.planner._plan import PlanEntry, plan_stream
from crmsync_rules.rules._field_results import FieldSync, MappedField

from ._files import UsageError, documents, read_all, shown
from ._output import (
    counted_noun,
    field_lines,
    optout_text,
    owner_text,
    text_row,
)

__all__ = ["add_diff_parser", "cmd_diff"]

_EPILOG: Final = """\
examples:
  crmsync-rules diff old.json new.json             over the bundled sample
  crmsync-rules diff old.json new.json exports/
  crmsync-rules diff old.json new.json export.ndjson --format json

OLD_SETTINGS and NEW_SETTINGS are integration settings files (docs/settings.md;
`crmsync-rules settings --example` writes one). EXPORTS are files and folders
of exports in any shape plan reads (docs/exports.md), read once; settings they
hold (a snapshot's, an NDJSON line's) are replaced by each settings file in
turn. None given: the bundled sample.

A difference is what the sync would do, not how it is worded: a record's
action or target, an owner outcome, an opt-out, a lifecycle stage, or a
mapping's writes (where they go, or a value after). Each is printed with the
rules of both sides; a pair's field writes and opt-out once, on its first
record.

exit status:
  0  both settings plan every record the same
  1  some record differs (the differences are listed, then counted per kind of
     change and per mapping)
  2  an input cannot be used at all (unreadable, not JSON, not settings, an
     incomplete export without --allow-partial), or a usage error
"""


def add_diff_parser(commands: Any) -> None:
    """Add ``diff`` to the command line's subcommands (*commands*, the
    parser's ``add_subparsers()``)."""
    diff = commands.add_parser(
        "diff",
        help="what would change if the settings changed",
        description="Plan the same records with two settings files and list "
        "what differs: records that change action or target, fields whose "
        "writes change, owners, opt-outs and lifecycle stages that move.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diff.add_argument("old_settings", metavar="OLD_SETTINGS")
    diff.add_argument("new_settings", metavar="NEW_SETTINGS")
    diff.add_argument(
        "inputs",
        nargs="*",
        metavar="EXPORTS",
        help="files and folders of exports (default: the bundled sample)",
    )
    diff.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text (the default): for people; json: for programs",
    )
    diff.add_argument(
        "--redact",
        action="store_true",
        help="replace email local parts and people's names with pseudonyms",
    )
    diff.add_argument(
        "--allow-partial",
        action="store_true",
        help="compare over an export whose pages say more records follow",
    )


# --- reading ------------------------------------------------------------------


def _settings(path: str) -> IntegrationSettings:
    """The settings file *path*, refused when it holds something else."""
    data = parse_json(read_all(path), source=shown(path))
    shape = looks_like(data)
    if shape not in ("settings", None):
        raise UsageError(
            f"{shown(path)} looks like {shape}, not integration settings: "
            "diff takes two settings files, then the exports"
        )
    return structure(data, IntegrationSettings, source=shown(path))


def _records(
    args: argparse.Namespace, err: TextIO
) -> tuple[str, list[Record | UnreadableLine]]:
    """The input's name and its records, read once, without its settings."""
    if not args.inputs:
        return "the bundled sample", list(sample_snapshot().records())
    read = read_export(documents(args.inputs), allow_partial=True)
    for line in read.recognised:
        print(line.line(), file=err)
    for note in read.notes:
        print(f"crmsync-rules: note: {note}", file=err)
    if read.missing and not args.allow_partial:
        raise UsageError(
            "the export is incomplete: "
            + "; ".join(read.missing)
            + ". Fetch the remaining pages, or give --allow-partial to compare "
            "the pages you have"
        )
    if read.missing:
        print(
            "crmsync-rules: warning: partial export (--allow-partial): "
            + "; ".join(read.missing),
            file=err,
        )
    records = [
        value for value in read.values() if not isinstance(value, IntegrationSettings)
    ]
    return ", ".join(shown(i) for i in args.inputs), records


def _redacted(entries: Iterable[PlanEntry], redactor: Redactor) -> Iterator[PlanEntry]:
    for entry in entries:
        yield redact(entry, redactor=redactor)


def cmd_diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Plan the records with both settings and print what differs."""
    old_settings, new_settings = (
        _settings(args.old_settings),
        _settings(args.new_settings),
    )
    name, records = _records(args, err)
    old = plan_stream([old_settings, *records], fields=FieldDetail.ALL)
    new = plan_stream([new_settings, *records], fields=FieldDetail.ALL)
    built = getattr(args, "records_built", None)
    if built is not None:
        built()  # the records and both indexes: spared from collection
    old_entries: Iterable[PlanEntry] = old
    new_entries: Iterable[PlanEntry] = new
    if args.redact:
        # One key for both plans: a name has one pseudonym in both, so
        # redaction changes nothing the comparison sees.
        redactor = Redactor.of(
            [r for r in records if not isinstance(r, UnreadableLine)],
            key=secrets.token_bytes(16),
        )
        old_entries = _redacted(old, redactor)
        new_entries = _redacted(new, redactor)
        name = redactor.text(name)
    diff = diff_plans(old_entries, new_entries, settings=(old_settings, new_settings))
    files = (shown(args.old_settings), shown(args.new_settings))
    if args.format == "json":
        _write_json(diff, files, name, out)
    else:
        _write_text(diff, files, name, out)
    return 1 if diff else 0


# --- text -------------------------------------------------------------------------


def _names(mapping: FieldMapping) -> str:
    return (
        f"{mapping.hubspot_object.value}.{mapping.hubspot_property} <-> "
        f"{mapping.salesforce_object.value}.{mapping.salesforce_field}"
    )


def _mapping_text(mapping: FieldMapping) -> str:
    return f"{_names(mapping)} ({SYNC_RULE_LABELS[mapping.rule]})"


def _mapping_change_text(change: MappingChange) -> str:
    if change.old is None:
        assert change.new is not None
        return f"mapping added: {_mapping_text(change.new)}"
    if change.new is None:
        return f"mapping removed: {_mapping_text(change.old)}"
    # One mapping (its objects and names) with other parts: say which.
    parts = [
        f"{_part(a.name, getattr(change.old, a.name))} -> "
        f"{_part(a.name, getattr(change.new, a.name))}"
        if a.name == "rule"
        else f"{a.name} {_part(a.name, getattr(change.old, a.name))} -> "
        f"{_part(a.name, getattr(change.new, a.name))}"
        for a in attrs.fields(FieldMapping)
        if getattr(change.old, a.name) != getattr(change.new, a.name)
    ]
    return f"mapping {_names(change.old)}: {'; '.join(parts)}"


def _part(name: str, value: object) -> str:
    """A mapping's part as people read it: a rule by its label."""
    if name == "rule":
        return SYNC_RULE_LABELS[cast(SyncRule, value)]
    return json.dumps(unstructure(value), ensure_ascii=False)


def _rules(reasons: tuple[Reason, ...]) -> str:
    return ",".join(dict.fromkeys(r.rule for r in reasons)) or "-"


def _action_text(entry: PlanEntry | None) -> str:
    if entry is None:
        return "(not in this plan)"
    if entry.target_type is None:
        return entry.action.value
    return f"{entry.action.value} {entry.target_type} {entry.target_id or '(new)'}"


def _field_text(field: MappedField | None, entry: PlanEntry | None) -> str:
    if field is None:
        if entry is not None and entry.fields is not None:
            return "no write (the mapping is not in these settings)"
        return f"no field writes ({_action_text(entry)})"
    sync = FieldSync(hubspot_id=None, salesforce_id=None, fields=(field,), reasons=())
    return "; ".join(field_lines(sync))


def _side_text(d: Difference, *, new: bool) -> str:
    """What one plan does, for *d*'s kind."""
    entry = d.new if new else d.old
    if d.kind is ChangeKind.FIELD:
        return _field_text(d.new_field if new else d.old_field, entry)
    if d.kind is ChangeKind.OWNER:
        owner = d.new_owner if new else d.old_owner
        if owner is None:
            return f"no owner outcome ({_action_text(entry)})"
        return owner_text(
            owner, reference=entry is not None and entry.action.value == "reference"
        )
    if d.kind is ChangeKind.OPTOUT:
        optout = d.new_optout if new else d.old_optout
        if optout is None:
            return f"no opt-out decision ({_action_text(entry)})"
        return optout_text(optout.state)
    if d.kind is ChangeKind.LIFECYCLE:
        stage = d.new_lifecycle if new else d.old_lifecycle
        return "stage unchanged" if stage is None else f"becomes {stage.value}"
    return _action_text(entry)


def _what(d: Difference) -> str:
    if d.mapping is None:
        return d.kind.value
    return f"field {d.mapping.hubspot_property} <-> {d.mapping.salesforce_field}"


def _write_text(
    diff: PlanDiff, files: tuple[str, str], name: str, out: IO[str]
) -> None:
    print(f"Settings diff: {files[0]} -> {files[1]}, over {name}", file=out)
    changed = [_mapping_change_text(m) for m in diff.mappings] + [
        f"{s.name}: {_value(s.name, s.old)} -> {_value(s.name, s.new)}"
        for s in diff.settings
    ]
    if changed:
        print("Settings that differ:", file=out)
        for line in changed:
            print(f"  {line}", file=out)
    else:
        print("Settings that differ: none", file=out)
    print(file=out)
    if not diff:
        print(
            f"No differences: both settings plan every one of "
            f"{counted_noun(diff.compared, 'record')} the same.",
            file=out,
        )
        return
    print(text_row("RECORD TYPE", "ID", "CHANGE"), file=out)
    indent = " " * 24  # under the ID column, as plan prints outcomes
    for d in diff.differences:
        print(text_row(d.record_type, d.record_id or "?", _what(d)), file=out)
        print(
            f"{indent}old: {_side_text(d, new=False)} [{_rules(d.old_reasons)}]",
            file=out,
        )
        print(
            f"{indent}new: {_side_text(d, new=True)} [{_rules(d.new_reasons)}]",
            file=out,
        )
    print(file=out)
    print(
        f"Summary: {counted_noun(len(diff.differences), 'difference')} in "
        f"{counted_noun(diff.compared, 'record')} compared",
        file=out,
    )
    for kind, n in diff.counts:
        print(f"  {kind.value:<21} {n:>9,}", file=out)
    if diff.by_mapping:
        print("Field differences per mapping:", file=out)
        for mapping, n in diff.by_mapping:
            print(f"  {_mapping_text(mapping)}: {n:,}", file=out)


def _value(name: str, value: object) -> str:
    return json.dumps(_json_value(name, value), ensure_ascii=False)


# --- JSON -----------------------------------------------------------------------------


_ANY_SETTINGS: Final = IntegrationSettings(integrated_on=dt.date(2020, 1, 1))


def _json_value(name: str, value: object) -> Any:
    """The setting *name*'s *value* as a settings file writes it (an
    inclusion list with its ``kind``); a default, which the file leaves
    out, as the value alone."""
    given: dict[str, Any] = {name: value}
    data = unstructure(attrs.evolve(_ANY_SETTINGS, **given))
    return data[name] if name in data else unstructure(value)


def _reasons_json(reasons: tuple[Reason, ...]) -> list[dict[str, str]]:
    return [{"rule": r.rule, "detail": r.detail} for r in reasons]


def _side_json(d: Difference, *, new: bool) -> dict[str, Any]:
    entry = d.new if new else d.old
    data: dict[str, Any] = {
        "action": None if entry is None else entry.action.value,
        "target": None
        if entry is None or entry.target_type is None
        else {"type": entry.target_type, "id": entry.target_id},
    }
    if d.kind is ChangeKind.FIELD:
        field = d.new_field if new else d.old_field
        data["field"] = (
            None
            if field is None
            else field_sync_json(
                FieldSync(
                    hubspot_id=None, salesforce_id=None, fields=(field,), reasons=()
                )
            )["mappings"][0]
        )
    elif d.kind is ChangeKind.OWNER:
        owner = d.new_owner if new else d.old_owner
        data["owner"] = (
            None
            if owner is None
            else {
                "direction": owner.direction.value,
                "action": owner.action.value,
                "owner_id": owner.owner_id,
                "import_from": owner.import_from,
            }
        )
    elif d.kind is ChangeKind.OPTOUT:
        optout = d.new_optout if new else d.old_optout
        data["optout"] = (
            None
            if optout is None
            else {
                "hubspot_unsubscribed": optout.state.hubspot_unsubscribed,
                "salesforce_opted_out": optout.state.salesforce_opted_out,
                "held": [e.value for e in optout.state.held],
            }
        )
    elif d.kind is ChangeKind.LIFECYCLE:
        stage = d.new_lifecycle if new else d.old_lifecycle
        data["lifecycle"] = None if stage is None else stage.value
    data["reasons"] = _reasons_json(d.new_reasons if new else d.old_reasons)
    return data


def _mapping_json(mapping: FieldMapping | None) -> Any:
    """*mapping* as a settings file has it, its rule always said."""
    if mapping is None:
        return None
    return {**unstructure(mapping), "rule": mapping.rule.value}


def _difference_json(d: Difference) -> dict[str, Any]:
    data: dict[str, Any] = {
        "record_type": d.record_type,
        "record_id": d.record_id,
        "change": d.kind.value,
    }
    if d.mapping is not None:
        data["mapping"] = _mapping_json(d.mapping)
    data["old"] = _side_json(d, new=False)
    data["new"] = _side_json(d, new=True)
    return data


def _write_json(
    diff: PlanDiff, files: tuple[str, str], name: str, out: IO[str]
) -> None:
    head = {
        "old_settings": files[0],
        "new_settings": files[1],
        "input": name,
        "settings": [
            {
                "name": s.name,
                "old": _json_value(s.name, s.old),
                "new": _json_value(s.name, s.new),
            }
            for s in diff.settings
        ],
        "mappings": [
            {"old": _mapping_json(m.old), "new": _mapping_json(m.new)}
            for m in diff.mappings
        ],
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1])
    out.write(', "differences": [')
    for n, d in enumerate(diff.differences):
        out.write(",\n  " if n else "\n  ")
        out.write(json.dumps(_difference_json(d), ensure_ascii=False))
    out.write("\n],\n")
    summary = {
        "compared": diff.compared,
        "differences": len(diff.differences),
        "changes": {kind.value: n for kind, n in diff.counts},
        "by_mapping": [
            {**_mapping_json(m), "differences": n} for m, n in diff.by_mapping
        ],
    }
    out.write(f'"summary": {json.dumps(summary, ensure_ascii=False)}}}\n')
