"""What the commands write: a plan as text, JSON or NDJSON, its summary,
and the explanation of one record's entries."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, Final

from crmsync_rules.codec._fields_json import field_sync_json
from crmsync_rules.model._catalogue import RULES
from crmsync_rules.model._kinds import NDJSON_TYPES
from crmsync_rules.planner._plan import PlanAction, PlanEntry
from crmsync_rules.rules._field_results import FieldSync, MappedField
from crmsync_rules.rules._fm_values import FieldValue, Side
from crmsync_rules.rules._lint import Finding
from crmsync_rules.rules._opt import OptOutEvent, OptOutState
from crmsync_rules.rules._own import OwnerAction, OwnerDecision, OwnerSyncDirection

from ._inputs import UsageError
from ._stream import Stream
from ._summary_output import PlanSummaries

__all__ = [
    "Counted",
    "counted_noun",
    "entry_ndjson",
    "field_lines",
    "optout_text",
    "owner_text",
    "record_label",
    "text_row",
    "write_explanation",
    "write_json",
    "write_ndjson",
    "write_text",
]


def _target(entry: PlanEntry) -> str:
    if entry.target_type is None:
        return ""
    return f"{entry.target_type} {entry.target_id or '(new)'}"


def counted_noun(n: int, noun: str) -> str:
    """``1 record``, ``2 records``, ``1,234 records``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def owner_text(owner: OwnerDecision, *, reference: bool) -> str:
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
    if owner.action is OwnerAction.KEEP:
        return (
            f"first sync: Salesforce keeps Owner ID {owner.owner_id}, HubSpot "
            "keeps its owner"
        )
    if owner.action is OwnerAction.ASSIGNMENT_RULES:
        return "does not pass; Salesforce's lead assignment rules choose the owner"
    if owner.action is OwnerAction.INTEGRATION_USER:
        user = f" {owner.owner_id}" if owner.owner_id is not None else ""
        return f"does not pass; the new record goes to the integration user{user}"
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


def optout_text(state: OptOutState) -> str:
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


def _value_text(value: FieldValue) -> str:
    if value is None:
        return "(blank)"
    if isinstance(value, tuple):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, str | bool | int | float):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(str(value), ensure_ascii=False)


def _why(side: Side, rule: str) -> str:
    if rule == "LC-2":
        return "a Closed/Won opportunity, LC-2"
    if rule == "LC-4":
        return "an open opportunity's contact role, LC-4"
    return f"{side.other.label} wins, {rule}"


def _field_lines(field: MappedField) -> Iterator[str]:
    mapping = field.mapping
    if not field.writes:
        hubspot, salesforce = field.hubspot_before, field.salesforce_before
        yield (
            f"{mapping.hubspot_property} <-> {mapping.salesforce_field}: unchanged "
            f"({_value_text(hubspot)} / {_value_text(salesforce)}, "
            f"{field.reasons[-1].rule})"
        )
        return
    for write in field.writes:
        name = (
            mapping.hubspot_property
            if write.side is Side.HUBSPOT
            else mapping.salesforce_field
        )
        yield (
            f"{name}: {_value_text(field.before(write.side))} -> "
            f"{_value_text(write.value)} ({_why(write.side, write.reason.rule)})"
        )


def field_lines(fields: FieldSync) -> Iterator[str]:
    """The field writes of an entry as a diff, one line per write (a
    mapping that writes nothing, in a plan of every mapping: one line
    saying so): ``jobtitle: "CTO" -> "Chief Technology Officer" (Salesforce
    wins, FM-1)``. A HubSpot property's name says a write to HubSpot, a
    Salesforce field's a write to Salesforce."""
    for field in fields.fields:
        yield from _field_lines(field)


def _outcomes(entry: PlanEntry) -> Iterator[str]:
    """The owner, opt-out and lifecycle outcomes of *entry*, and its field
    writes, one line each."""
    if entry.owner is not None:
        reference = entry.action is PlanAction.REFERENCE
        yield f"owner: {owner_text(entry.owner, reference=reference)}"
    if entry.optout is not None:
        yield f"opt-out: {optout_text(entry.optout.state)}"
    if entry.lifecycle is not None:
        yield f"lifecycle stage becomes {entry.lifecycle.value}"
    if entry.fields is not None:
        for line in field_lines(entry.fields):
            yield f"field {line}"


def _rules(entry: PlanEntry) -> str:
    return ",".join(dict.fromkeys(r.rule for r in entry.reasons))


def _where(entry: PlanEntry) -> str:
    """Where an unreadable record is in its input: `` (line 3)``, or
    `` ($.results[3])`` in a JSON document; ``""`` for the others."""
    if entry.line is not None:
        return f" (line {entry.line})"
    return f" ({entry.path})" if entry.path is not None else ""


def record_label(entry: PlanEntry) -> str:
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
    if entry.fields is not None:
        data["fields"] = field_sync_json(entry.fields)
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


class Counted:
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


def text_row(*cells: str) -> str:
    """One table row: each cell padded to its column, two spaces between
    columns (a longer cell pushes the rest right, but never runs into the
    next), the last cell as it is."""
    *first, last = cells
    widths = _COLUMNS[: len(first)]
    padded = [f"{c:<{w}}" for c, w in zip(first, widths, strict=True)]
    return "  ".join([*padded, last]).rstrip()


def write_text(
    name: str,
    stream: Stream,
    entries: Iterable[PlanEntry],
    counted: Counted,
    out: IO[str],
    *,
    summaries: PlanSummaries | None = None,
) -> None:
    print(f"Sync plan for {name}", file=out)
    if stream.partial:
        print(
            "PARTIAL PLAN: the input is an incomplete export (--allow-partial); "
            "see the findings.",
            file=out,
        )
    print(file=out)
    print(text_row("RECORD TYPE", "ID", "ACTION", "TARGET", "RULES"), file=out)
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
        print(text_row(*cells), file=out)
        for outcome in _outcomes(entry):
            print(f"{indent}{outcome}", file=out)
    print(file=out)
    print(f"Summary: {counted_noun(stream.records, 'record')}", file=out)
    for action, n in counted.counts:
        print(f"  {action.value:<21} {n:>9,}", file=out)
    for line in summaries.text() if summaries is not None else ():
        print(line, file=out)
    if stream.findings:
        print(f"Findings: {len(stream.findings)}", file=out)
        for finding in stream.findings:
            print(f"  {finding}", file=out)
    else:
        print("Findings: none (the settings are clean)", file=out)


def write_json(
    stream: Stream,
    entries: Iterable[PlanEntry],
    counted: Counted,
    out: IO[str],
    *,
    summaries: PlanSummaries | None = None,
) -> None:
    out.write('{"entries": [')
    for n, entry in enumerate(entries):
        out.write(",\n  " if n else "\n  ")
        out.write(json.dumps(_entry_json(entry), ensure_ascii=False))
    out.write("\n],\n")
    findings = [_finding_json(f) for f in stream.findings]
    out.write(f'"findings": {json.dumps(findings, ensure_ascii=False)},\n')
    for key, value in summaries.json().items() if summaries is not None else ():
        out.write(f'"{key}": {json.dumps(value, ensure_ascii=False)},\n')
    summary = _summary(counted.counts, stream.records, partial=stream.partial)
    out.write(f'"summary": {json.dumps(summary)}}}\n')


def entry_ndjson(entry: PlanEntry) -> str:
    """*entry*'s line in ``--format ndjson`` (the bulk engine renders
    entries with it in its worker processes)."""
    return json.dumps({"type": "entry", **_entry_json(entry)}, ensure_ascii=False)


def write_ndjson(
    stream: Stream,
    entries: Iterable[PlanEntry],
    counted: Counted,
    out: IO[str],
    *,
    line_of: Callable[[Any], str] = entry_ndjson,
    summaries: PlanSummaries | None = None,
) -> None:
    for entry in entries:
        out.write(line_of(entry) + "\n")
    for finding in stream.findings:
        out.write(json.dumps({"type": "finding", **_finding_json(finding)}) + "\n")
    for key, value in summaries.json().items() if summaries is not None else ():
        line = {"type": key, **value}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    summary = {
        "type": "summary",
        **_summary(counted.counts, stream.records, partial=stream.partial),
    }
    out.write(json.dumps(summary) + "\n")


def write_explanation(
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
        raise UsageError(f"no record with id {record_id!r} in the input")
    for n, entry in enumerate([*own, *others]):
        if n:
            print(file=out)
        if n == len(own):
            print(f"Other decisions that name {record_id}:", file=out)
            print(file=out)
        print(f"{record_label(entry)}: {entry.action.value}", end="", file=out)
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
