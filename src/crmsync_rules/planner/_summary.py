"""The mapping summary of a field-level plan (issue 16, item 3): for each
mapping (a HubSpot property and a Salesforce field of one object pair, with
its sync rule), how many values the sync would overwrite, fill, clear or
leave on each side, and findings for the risky ones.

Why a tally over a stream: a plan of millions of records is consumed as it
is computed (`plan_stream`), so the summary counts each entry as it passes
(`MappingTally.add`) and keeps only counts, never the entries. A pair's
field writes sit on both of its entries (`PlanEntry.fields`); the tally
counts each pair once, on one of them (`counts_pair`).
Why "leave" is derived: a plan of the changes only (`FieldDetail.CHANGES`)
leaves unchanged mappings out of its entries, so a side's values left alone
are the mapping's pairs less the values written to that side; the pairs of a
mapping are the pairs of its object pair, each of which has every mapping of
that object pair. What counts as risky is `MappingTally.summary`'s to say,
and docs/mappings.md's.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._errors import InvalidSettingsError
from crmsync_rules.model._hubspot import HubSpotObject
from crmsync_rules.model._kinds import RECORD_KINDS
from crmsync_rules.model._salesforce import SalesforceObject
from crmsync_rules.model._settings import OPT_OUT_MAPPINGS, FieldMapping, SyncRule
from crmsync_rules.rules._fm_values import FieldValue, Side

from ._entries import PlanEntry
from ._fields import FIELD_ACTIONS

__all__ = [
    "OVERWRITE_COUNT",
    "OVERWRITE_SHARE",
    "SYNC_RULE_WORDS",
    "MappingCounts",
    "MappingSummary",
    "MappingTally",
    "SideCounts",
    "ValueChange",
    "counts_pair",
    "mapping_summary",
    "object_pair",
    "value_change",
]

OVERWRITE_SHARE: Final = 10
"""A mapping's overwrites on one side are risky from this percentage of
its pairs on (docs/mappings.md)."""
OVERWRITE_COUNT: Final = 1_000
"""...or from this many values, whatever the share."""

SYNC_RULE_WORDS: Final[Mapping[SyncRule, str]] = MappingProxyType(
    {
        SyncRule.PREFER_SALESFORCE_UNLESS_BLANK: "Prefer Salesforce unless blank",
        SyncRule.ALWAYS_USE_SALESFORCE: "Always use Salesforce",
        SyncRule.TWO_WAY: "Two-way",
        SyncRule.DONT_SYNC: "Don't sync",
    }
)
"""Each sync rule in the words of HubSpot's field mappings page (the
codec's `SYNC_RULE_LABELS`, which the planner cannot import; a test keeps
the two equal)."""


class ValueChange(str, enum.Enum):
    """What one write does to the value of one side."""

    OVERWRITE = "overwrite"
    """A non-blank value becomes a different non-blank value."""
    FILL = "fill"
    """A blank becomes a value."""
    CLEAR = "clear"
    """A value becomes blank."""


_KINDS: Final = tuple(ValueChange)
"""In the tally's order: overwrite, fill, clear."""


def _change_code(before: FieldValue, after: FieldValue) -> int:
    """`value_change` as the tally counts it: 0 overwrite, 1 fill, 2 clear,
    -1 nothing (enum members hash in Python, ints do not)."""
    if before is None or before in ("", ()):
        return -1 if after is None or after in ("", ()) else 1
    if after is None or after in ("", ()):
        return 2
    if type(before) is type(after) and before == after:
        return -1
    return 0


def value_change(before: FieldValue, after: FieldValue, /) -> ValueChange | None:
    """What writing *after* over *before* does; ``None`` when nothing
    changes (both blank, or equal)."""
    code = _change_code(before, after)
    return None if code < 0 else _KINDS[code]


@attrs.frozen(kw_only=True)
class SideCounts:
    """One side's values of one mapping: how many the sync overwrites,
    fills, clears, and leaves as they are (their sum: the mapping's pairs)."""

    overwrite: int = 0
    fill: int = 0
    clear: int = 0
    leave: int = 0

    @property
    def changes(self) -> int:
        """The values the sync changes on this side."""
        return self.overwrite + self.fill + self.clear


@attrs.frozen(kw_only=True)
class MappingCounts:
    """One mapping's counts: ``pairs``, the pairs of its object pair, and
    each side's `SideCounts`."""

    mapping: FieldMapping
    pairs: int
    hubspot: SideCounts
    salesforce: SideCounts

    def side(self, side: Side, /) -> SideCounts:
        """The counts of *side*."""
        return self.hubspot if side is Side.HUBSPOT else self.salesforce


@attrs.frozen(kw_only=True)
class MappingSummary:
    """The mapping summary of a plan: ``mappings`` in table order (the
    locked opt-out mappings first, as the planner applies them), ``pairs``
    per object pair, and ``findings``, one reason per risky count."""

    mappings: tuple[MappingCounts, ...]
    pairs: tuple[tuple[tuple[HubSpotObject, SalesforceObject], int], ...]
    findings: tuple[Reason, ...]


def _object_pairs() -> Mapping[tuple[str, str], tuple[HubSpotObject, SalesforceObject]]:
    pairs: dict[tuple[str, str], tuple[HubSpotObject, SalesforceObject]] = {}
    for one in RECORD_KINDS:
        for other in RECORD_KINDS:
            hubspot, salesforce = one.api_object, other.api_object
            if isinstance(hubspot, HubSpotObject) and isinstance(
                salesforce, SalesforceObject
            ):
                pairs[one.ndjson, other.ndjson] = (hubspot, salesforce)
                pairs[other.ndjson, one.ndjson] = (hubspot, salesforce)
    return MappingProxyType(pairs)


_OBJECT_PAIRS: Final = _object_pairs()
"""The object pair of each (record type, target type) of an entry that
names a record on the other side, worked out once (an entry is looked up,
not worked out: the tally's cost per entry)."""


def object_pair(entry: PlanEntry, /) -> tuple[HubSpotObject, SalesforceObject] | None:
    """The object pair of an entry that names a record on the other side
    (HubSpot's object first); ``None`` for any other entry."""
    if entry.target_type is None:
        return None
    return _OBJECT_PAIRS.get((entry.record_type, entry.target_type))


def counts_pair(entry: PlanEntry, /) -> bool:
    """Whether *entry* is the one its pair is counted on. A pair's field
    writes sit on both of its entries; it is counted on its Salesforce
    record's entry, which every pair with an existing Salesforce record has
    (a HubSpot entry that syncs or dedupes names a Salesforce record whose
    entry names it back), and on the HubSpot record's entry when the
    Salesforce record is still to be created. So a count needs no memory of
    the entries it has seen."""
    if entry.action not in FIELD_ACTIONS:
        return False
    return entry.record_type.startswith("salesforce_") or entry.target_id is None


_SIDE: Final = {Side.HUBSPOT: 0, Side.SALESFORCE: 3}
_CHANGE: Final = {kind: n for n, kind in enumerate(_KINDS)}
_HUBSPOT_NOUN: Final = {
    HubSpotObject.CONTACT: "contact",
    HubSpotObject.COMPANY: "company",
    HubSpotObject.DEAL: "deal",
}


class MappingTally:
    """The mapping summary, counted entry by entry (`add`), of a plan of
    *mappings* (the settings' table; the locked opt-out mappings are added
    as the planner adds them). An entry without field writes counts
    nothing: pass the entries of a plan computed with `FieldDetail.CHANGES`
    or `FieldDetail.ALL`."""

    def __init__(self, mappings: Iterable[FieldMapping]) -> None:
        table = OPT_OUT_MAPPINGS + tuple(
            m for m in mappings if m not in OPT_OUT_MAPPINGS
        )
        self._pairs: Counter[tuple[HubSpotObject, SalesforceObject]] = Counter()
        # Counts by slot: a mapping's number, times 6, plus its side (0, 3)
        # and its change (0 to 2). A FieldMapping hashes all its fields on
        # every lookup, so each mapping object is looked up by its identity
        # once found (`_slot`), and kept so that its identity stays its own.
        self._slots: dict[FieldMapping, int] = {}
        self._by_id: dict[int, int] = {}
        self._held: list[FieldMapping] = []
        self._writes: list[int] = []
        self._rules: dict[int, Counter[str]] = {}
        for mapping in table:
            self._slot(mapping)

    def _slot(self, mapping: FieldMapping) -> int:
        slot = self._by_id.get(id(mapping))
        if slot is None:
            slot = self._slots.get(mapping)
            if slot is None:
                slot = self._slots[mapping] = len(self._slots)
                self._writes.extend([0] * 6)
            self._by_id[id(mapping)] = slot
            self._held.append(mapping)
        return slot

    def add(self, entry: PlanEntry, /) -> None:
        """Count *entry*'s field writes if its pair is counted on it
        (`counts_pair`)."""
        fields, pair = entry.fields, object_pair(entry)
        if fields is None or pair is None or not counts_pair(entry):
            return
        self._pairs[pair] += 1
        writes, rules = self._writes, self._rules
        for field in fields.fields:
            if not field.writes:
                continue
            slot = self._slot(field.mapping) * 6
            for write in field.writes:
                if write.side is Side.HUBSPOT:
                    side, before = 0, field.hubspot_before
                else:
                    side, before = 3, field.salesforce_before
                change = _change_code(before, write.value)
                if change < 0:
                    continue
                key = slot + side + change
                writes[key] += 1
                cited = rules.get(key)
                if cited is None:
                    cited = rules[key] = Counter()
                cited[write.reason.rule] += 1

    def merge(self, other: MappingTally, /) -> None:
        """Add the counts of *other*, a tally of other entries of the same
        plan: the bulk engine counts each batch's entries where it plans
        them. Mappings are matched by value, never by identity: *other* may
        have been counted in another process, and a mapping it alone has
        seen comes after this tally's, in *other*'s order."""
        self._pairs.update(other._pairs)
        writes, rules = self._writes, self._rules
        for mapping, theirs in other._slots.items():
            mine = self._slot(mapping) * 6
            for n in range(6):
                key, their_key = mine + n, theirs * 6 + n
                writes[key] += other._writes[their_key]
                cited = other._rules.get(their_key)
                if cited is not None:
                    rules.setdefault(key, Counter()).update(cited)

    def __getstate__(self) -> dict[str, object]:
        """The counts, without the lookups by identity: an identity means
        nothing in the process that unpickles the tally."""
        state = dict(self.__dict__)
        state["_by_id"], state["_held"] = {}, []
        return state

    def _key(self, mapping: FieldMapping, side: Side, change: ValueChange) -> int:
        return self._slots[mapping] * 6 + _SIDE[side] + _CHANGE[change]

    def _side(self, mapping: FieldMapping, side: Side, pairs: int) -> SideCounts:
        counts = {
            kind.value: self._writes[self._key(mapping, side, kind)] for kind in _KINDS
        }
        return SideCounts(**counts, leave=pairs - sum(counts.values()))

    def summary(
        self,
        *,
        overwrite_share: int = OVERWRITE_SHARE,
        overwrite_count: int = OVERWRITE_COUNT,
    ) -> MappingSummary:
        """The summary of the entries added so far. A count is risky, and
        gets a finding, when the mapping clears any value, or overwrites
        non-blank values on one side in at least *overwrite_share* percent
        of its pairs or at least *overwrite_count* values; fills are never
        risky, and the locked opt-out mappings (OPT-1) get none, since no
        setting changes them. Each finding cites the rule most of its
        writes cite (FM-1 to FM-4 by the mapping's sync rule, FM-6 for
        owners, LC and OPT rules for the lifecycle and opt-out mappings)."""
        if not 0 <= overwrite_share <= 100:
            raise InvalidSettingsError(
                "overwrite_share must be a percentage from 0 to 100, got "
                f"{overwrite_share!r}"
            )
        if overwrite_count < 1:
            raise InvalidSettingsError(
                f"overwrite_count must be at least 1, got {overwrite_count!r}"
            )
        rows: list[MappingCounts] = []
        findings: list[Reason] = []
        for mapping in self._slots:
            pairs = self._pairs[(mapping.hubspot_object, mapping.salesforce_object)]
            row = MappingCounts(
                mapping=mapping,
                pairs=pairs,
                hubspot=self._side(mapping, Side.HUBSPOT, pairs),
                salesforce=self._side(mapping, Side.SALESFORCE, pairs),
            )
            rows.append(row)
            if mapping.locked:
                continue
            for side in Side:
                counts = row.side(side)
                overwrites = counts.overwrite
                if overwrites and (
                    overwrites * 100 >= overwrite_share * pairs
                    or overwrites >= overwrite_count
                ):
                    findings.append(self._finding(row, side, ValueChange.OVERWRITE))
                if counts.clear:
                    findings.append(self._finding(row, side, ValueChange.CLEAR))
        return MappingSummary(
            mappings=tuple(rows),
            pairs=tuple(sorted(self._pairs.items())),
            findings=tuple(findings),
        )

    def _finding(self, row: MappingCounts, side: Side, kind: ValueChange) -> Reason:
        mapping = row.mapping
        rules = self._rules[self._key(mapping, side, kind)]
        rule = min(rules, key=lambda r: (-rules[r], r))
        n = (
            row.side(side).overwrite
            if kind is ValueChange.OVERWRITE
            else row.side(side).clear
        )
        values = "value" if n == 1 else "values"
        what = (
            f"overwrites {n:,} non-blank {side.label} {values}"
            if kind is ValueChange.OVERWRITE
            else f"clears {n:,} {side.label} {values}"
        )
        noun = "pair" if row.pairs == 1 else "pairs"
        hubspot = _HUBSPOT_NOUN[mapping.hubspot_object]
        return Reason(
            rule=rule,
            detail=(
                f"`{mapping.hubspot_property}` <-> `{mapping.salesforce_field}` "
                f"({SYNC_RULE_WORDS[mapping.rule]}) {what} (of {row.pairs:,} "
                f"{hubspot} <-> {mapping.salesforce_object.value.lower()} {noun})."
            ),
        )


def mapping_summary(
    entries: Iterable[PlanEntry],
    mappings: Iterable[FieldMapping],
    /,
    *,
    overwrite_share: int = OVERWRITE_SHARE,
    overwrite_count: int = OVERWRITE_COUNT,
) -> MappingSummary:
    """The mapping summary of *entries* (a plan computed with field writes,
    `FieldDetail.CHANGES` or `FieldDetail.ALL`: the counts are the same) of
    the settings' *mappings*; see `MappingTally`. Any stream of entries
    will do, each pair's two entries counting once: the entries are read
    once and not kept."""
    tally = MappingTally(mappings)
    for entry in entries:
        tally.add(entry)
    return tally.summary(
        overwrite_share=overwrite_share, overwrite_count=overwrite_count
    )
