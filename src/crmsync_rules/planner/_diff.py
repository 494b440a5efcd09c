"""What differs between two plans of the same records (`diff_plans`): the
records whose action or target changes, the mappings whose writes change,
and the owners, opt-outs and lifecycle stages that move, each with the
reasons of both sides; and, as context, how the two settings differ
(`settings_changes`).

Two plans are compared entry by entry in their fixed order (`SyncPlan`'s:
record type as in `RECORD_KINDS`, then id), merge-style, so that two
`PlanStream` of millions of entries are compared without holding either;
only the differences are kept. The unreadable records, which come last and
carry no id to order by, are matched by their type, id, line and path.

What counts as a difference is what the sync would do, not how it is said:
two entries differ when their action, target, owner outcome (direction,
action, owner, import), opt-out state, lifecycle stage or field writes
(per mapping: where the writes go and each side's value after) differ; a
reason that reads differently for the same outcome is no difference. A
mapping an entry does not carry writes nothing (a `FieldDetail.CHANGES`
plan leaves unchanged mappings out). Within an entry, mappings are matched
by HubSpot property and Salesforce field, so that a record created as a
contact instead of a lead compares the two records' fields.

A pair's field writes and opt-out are on both of its entries (`PlanEntry`):
a difference in them is reported once, on the pair's first entry in plan
order (the HubSpot record's, when both are in the plan).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Final, TypeAlias

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._salesforce_ids import salesforce_id_key
from crmsync_rules.model._settings import FieldMapping, IntegrationSettings
from crmsync_rules.rules._field_results import FieldSync, MappedField
from crmsync_rules.rules._own import OwnerDecision

from ._diff_results import (
    ChangeKind,
    Difference,
    MappingChange,
    MappingKey,
    PlanDiff,
    SettingChange,
    mapping_key,
    settings_changes,
)
from ._entries import RECORD_TYPE_OF, PlanEntry, PlanStream, SyncPlan, System

__all__ = [
    "ChangeKind",
    "Difference",
    "MappingChange",
    "PlanDiff",
    "SettingChange",
    "diff_plans",
    "mapping_key",
    "settings_changes",
]


# --- the order of the plans ---------------------------------------------------

_RANK: Final = {kind: n for n, kind in enumerate(RECORD_TYPE_OF.values())}
_LAST: Final = len(_RANK)

_Order: TypeAlias = tuple[int, str]


def _order(entry: PlanEntry) -> _Order:
    """Where *entry* is in its plan (`SyncPlan`'s order): its record type's
    rank, then its id as the planner compares it; an unreadable record last."""
    rank = _RANK.get(entry.record_type)
    if (
        rank is None
        or entry.record_id is None
        or entry.line is not None
        or entry.path is not None
    ):
        return (_LAST, "")
    if entry.system is System.SALESFORCE:
        return (rank, salesforce_id_key(entry.record_id))
    return (rank, entry.record_id)


def _ordered(entries: Iterable[PlanEntry], which: str) -> Iterator[PlanEntry]:
    """*entries*, checked to come in plan order: a merge of entries out of
    order would pair the wrong records."""
    last: _Order = (-1, "")
    for entry in entries:
        order = _order(entry)
        if order < last:
            raise SnapshotError(
                [
                    f"{entry.record_type} {entry.record_id!r} comes after a later "
                    "record: the entries are not in the plan's order"
                ],
                source=f"the {which} plan",
            )
        last = order
        yield entry


def _pairs(
    old: Iterable[PlanEntry], new: Iterable[PlanEntry]
) -> Iterator[tuple[PlanEntry | None, PlanEntry | None]]:
    """The entries of the two plans, each with its counterpart (or
    ``None``), merged in plan order; the unreadable records' at the end."""
    olds, news = _ordered(old, "old"), _ordered(new, "new")
    unreadable: tuple[list[PlanEntry], list[PlanEntry]] = ([], [])
    a, b = next(olds, None), next(news, None)
    end = (_LAST + 1, "")  # after every entry: a plan that has run out
    while a is not None or b is not None:
        # Each entry's place is computed once per step, not per comparison.
        key_a = end if a is None else _order(a)
        key_b = end if b is None else _order(b)
        if a is not None and key_a[0] == _LAST:
            unreadable[0].append(a)
            a = next(olds, None)
        elif b is not None and key_b[0] == _LAST:
            unreadable[1].append(b)
            b = next(news, None)
        elif key_a < key_b:
            yield a, None
            a = next(olds, None)
        elif key_b < key_a:
            yield None, b
            b = next(news, None)
        else:
            yield a, b
            a, b = next(olds, None), next(news, None)
    yield from _match_unreadable(*unreadable)


def _match_unreadable(
    old: list[PlanEntry], new: list[PlanEntry]
) -> Iterator[tuple[PlanEntry | None, PlanEntry | None]]:
    """The unreadable records' entries, matched by what names them."""
    waiting: dict[tuple[object, ...], list[PlanEntry]] = {}
    for entry in new:
        waiting.setdefault(_name(entry), []).append(entry)
    for entry in old:
        same = waiting.get(_name(entry))
        yield entry, (same.pop(0) if same else None)
    for rest in waiting.values():
        for entry in rest:
            yield None, entry


def _name(entry: PlanEntry) -> tuple[object, ...]:
    return (entry.record_type, entry.record_id, entry.line, entry.path)


# --- the differences of one record --------------------------------------------


def _owner_outcome(owner: OwnerDecision | None) -> tuple[object, ...] | None:
    if owner is None:
        return None
    return (owner.direction, owner.action, owner.owner_id, owner.import_from)


def _field_outcome(field: MappedField | None) -> tuple[object, ...]:
    """What a mapping does: where its writes go and the values after; a
    mapping that writes nothing is the same whatever its values."""
    if field is None or not field.writes:
        return ()
    return (field.direction, field.hubspot_after, field.salesforce_after)


def _pair_of(fields: FieldSync | None) -> tuple[str | None, str | None] | None:
    return None if fields is None else (fields.hubspot_id, fields.salesforce_id)


def _optout_pair(entry: PlanEntry | None) -> tuple[str, str | None] | None:
    if entry is None or entry.optout is None:
        return None
    state = entry.optout.state
    return (state.contact_id, state.salesforce_id)


class _Differ:
    """The differences of each pair of entries, with what was already
    reported of a pair's shared parts (their keys: only pairs that differ)."""

    def __init__(self) -> None:
        self.reported: set[tuple[object, ...]] = set()

    def of(self, old: PlanEntry | None, new: PlanEntry | None) -> Iterator[Difference]:
        either = old if old is not None else new
        assert either is not None  # the merge pairs at least one entry
        record = (either.record_type, either.record_id)

        def difference(
            kind: ChangeKind,
            old_reasons: tuple[Reason, ...] | None = None,
            new_reasons: tuple[Reason, ...] | None = None,
        ) -> Difference:
            return Difference(
                kind=kind,
                old=old,
                new=new,
                old_reasons=_reasons(old, old_reasons),
                new_reasons=_reasons(new, new_reasons),
                record_type=record[0],
                record_id=record[1],
            )

        if old is None or new is None or old.action is not new.action:
            yield difference(ChangeKind.ACTION)
        elif (old.target_type, old.target_id) != (new.target_type, new.target_id):
            yield difference(ChangeKind.TARGET)
        old_owner = None if old is None else old.owner
        new_owner = None if new is None else new.owner
        if _owner_outcome(old_owner) != _owner_outcome(new_owner):
            yield difference(
                ChangeKind.OWNER,
                None if old_owner is None else old_owner.reasons,
                None if new_owner is None else new_owner.reasons,
            )
        yield from self._fields(old, new, record)
        old_opt = None if old is None else old.optout
        new_opt = None if new is None else new.optout
        old_state = None if old_opt is None else old_opt.state
        new_state = None if new_opt is None else new_opt.state
        if old_state != new_state and self._first(
            ("optout", _optout_pair(old), _optout_pair(new))
        ):
            yield difference(
                ChangeKind.OPTOUT,
                None if old_opt is None else old_opt.reasons,
                None if new_opt is None else new_opt.reasons,
            )
        old_stage = None if old is None else old.lifecycle
        new_stage = None if new is None else new.lifecycle
        if old_stage is not new_stage:
            yield difference(ChangeKind.LIFECYCLE)

    def _first(self, key: tuple[object, ...]) -> bool:
        """Whether the shared part *key* is reported for the first time."""
        if key in self.reported:
            return False
        self.reported.add(key)
        return True

    def _fields(
        self,
        old: PlanEntry | None,
        new: PlanEntry | None,
        record: tuple[str, str | None],
    ) -> Iterator[Difference]:
        old_sync = None if old is None else old.fields
        new_sync = None if new is None else new.fields
        if old_sync is None and new_sync is None:
            return
        olds = {} if old_sync is None else _by_key(old_sync)
        news = {} if new_sync is None else _by_key(new_sync)
        found = [
            (key, olds.get(key), news.get(key))
            for key in dict.fromkeys([*olds, *news])
            if _field_outcome(olds.get(key)) != _field_outcome(news.get(key))
        ]
        if not found or not self._first(
            ("fields", _pair_of(old_sync), _pair_of(new_sync))
        ):
            return
        for _key, old_field, new_field in found:
            shown = new_field if new_field is not None else old_field
            assert shown is not None  # the key comes from one of them
            yield Difference(
                kind=ChangeKind.FIELD,
                old=old,
                new=new,
                old_reasons=_reasons(
                    old, None if old_field is None else old_field.reasons
                ),
                new_reasons=_reasons(
                    new, None if new_field is None else new_field.reasons
                ),
                mapping=shown.mapping,
                old_field=old_field,
                new_field=new_field,
                record_type=record[0],
                record_id=record[1],
            )


def _by_key(fields: FieldSync) -> dict[tuple[str, str, int], MappedField]:
    """A pair's mappings by property and field: one pair's are of one
    object pair, so a record that becomes a contact instead of a lead
    compares its lead's Title with its contact's (the n-th of a property
    and field, should settings map one twice, FM-8)."""
    seen: Counter[tuple[str, str]] = Counter()
    keyed = {}
    for field in fields.fields:
        prop, name = field.mapping.hubspot_property, field.mapping.salesforce_field
        keyed[prop, name, seen[prop, name]] = field
        seen[prop, name] += 1
    return keyed


def _reasons(
    entry: PlanEntry | None, own: tuple[Reason, ...] | None
) -> tuple[Reason, ...]:
    """A side's reasons: its decision's own, else its entry's (why it has
    no such decision: the record does not sync), else none."""
    if own is not None:
        return own
    return () if entry is None else entry.reasons


# --- the diff -------------------------------------------------------------------

Plan: TypeAlias = SyncPlan | PlanStream | Iterable[PlanEntry]


def _entries(given: Plan) -> Iterable[PlanEntry]:
    return given.entries if isinstance(given, SyncPlan) else given


def diff_plans(
    old: Plan,
    new: Plan,
    /,
    *,
    settings: tuple[IntegrationSettings, IntegrationSettings] | None = None,
) -> PlanDiff:
    """What differs between the plans *old* and *new* of the same records:
    `SyncPlan`, `PlanStream`, or their entries in plan order (each stream
    read once, merge-style; `SnapshotError` when entries are out of order).
    Compare plans made with the same `FieldDetail`: `FieldDetail.ALL` gives
    every mapping's reasons on both sides.

    *settings* (old, new) adds the settings' own differences as context;
    two `PlanStream` give theirs.

    >>> import attrs
    >>> from crmsync_rules import SyncRule, sample_snapshot
    >>> from crmsync_rules.planner import FieldDetail, plan
    >>> old = sample_snapshot()
    >>> title = [m for m in old.settings.mappings if m.salesforce_field == "Title"]
    >>> others = [m for m in old.settings.mappings if m not in title]
    >>> two_way = attrs.evolve(title[0], rule=SyncRule.TWO_WAY)
    >>> settings = attrs.evolve(old.settings, mappings=(*others, two_way))
    >>> new = attrs.evolve(old, settings=settings)
    >>> diff = diff_plans(plan(old, fields=FieldDetail.ALL),
    ...                   plan(new, fields=FieldDetail.ALL))

    Contact 501 cleared its job title in HubSpot: two-way carries the
    clearing to Salesforce (FM-3), "Prefer Salesforce unless blank" did not
    (FM-1). The pair's other entry, Salesforce contact 003A000000001AA, does
    not repeat it:

    >>> [(d.kind.value, d.record_id) for d in diff.differences]
    [('field', '501')]
    >>> (change,) = diff.differences
    >>> [r.rule for r in change.old_reasons], [r.rule for r in change.new_reasons]
    (['FM-1'], ['FM-3'])
    >>> change.old_field.writes, change.new_field.writes[0].value
    ((), None)
    """
    if settings is None and isinstance(old, PlanStream) and isinstance(new, PlanStream):
        settings = (old.settings, new.settings)
    differ = _Differ()
    differences: list[Difference] = []
    compared = [0, 0]
    for a, b in _pairs(_entries(old), _entries(new)):
        compared[0] += a is not None
        compared[1] += b is not None
        differences.extend(differ.of(a, b))
    kinds = Counter(d.kind for d in differences)
    per_mapping: Counter[MappingKey] = Counter()
    shown: dict[MappingKey, FieldMapping] = {}
    for d in differences:
        if d.mapping is not None:
            key = mapping_key(d.mapping)
            per_mapping[key] += 1
            shown.setdefault(key, d.mapping)
    setting_changes, mapping_changes = (
        ((), ()) if settings is None else settings_changes(*settings)
    )
    return PlanDiff(
        differences=tuple(differences),
        counts=tuple((k, kinds[k]) for k in ChangeKind if kinds[k]),
        by_mapping=tuple((shown[k], n) for k, n in per_mapping.most_common()),
        compared=max(compared),
        settings=setting_changes,
        mappings=mapping_changes,
    )
