"""The results of `diff_plans`: what differs about one record
(`Difference`, of a `ChangeKind`), the diff of two plans (`PlanDiff`), and
the settings' own differences (`settings_changes`: `SettingChange`,
`MappingChange`), matched by `mapping_key`."""

from __future__ import annotations

import enum
from typing import TypeAlias

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._hubspot import LifecycleStage
from crmsync_rules.model._settings import FieldMapping, IntegrationSettings
from crmsync_rules.rules._field_results import MappedField
from crmsync_rules.rules._opt import OptOutDecision
from crmsync_rules.rules._own import OwnerDecision

from ._entries import PlanEntry

__all__ = [
    "ChangeKind",
    "Difference",
    "MappingChange",
    "MappingKey",
    "PlanDiff",
    "SettingChange",
    "mapping_key",
    "settings_changes",
]


class ChangeKind(str, enum.Enum):
    """What differs about one record between two plans."""

    ACTION = "action"
    """The record's action (an entry in one plan only: its action against
    none)."""
    TARGET = "target"
    """Same action, another record on the other side (synced with, deduped
    into, created)."""
    FIELD = "field"
    """One mapping's writes: where they go, or a side's value after."""
    OWNER = "owner"
    """The owner outcome (OWN-1 to OWN-7, FM-6)."""
    OPTOUT = "optout"
    """The opt-out state after the sync (OPT-1 to OPT-6)."""
    LIFECYCLE = "lifecycle"
    """The lifecycle stage the record is moved to (LC-1 to LC-5)."""


MappingKey: TypeAlias = tuple[str, str, str, str]
"""A mapping as two plans match it: HubSpot object and property, Salesforce
object and field (its rule may differ between the plans)."""


def mapping_key(mapping: FieldMapping, /) -> MappingKey:
    """*mapping*'s identity across settings: the objects and names it pairs,
    whatever its sync rule."""
    return (
        mapping.hubspot_object.value,
        mapping.hubspot_property,
        mapping.salesforce_object.value,
        mapping.salesforce_field,
    )


@attrs.frozen(kw_only=True)
class Difference:
    """One thing that differs about one record: ``kind``, the record, and
    each plan's entry (``None`` where a plan has none). ``mapping``,
    ``old_field`` and ``new_field`` are a `ChangeKind.FIELD` difference's
    mapping (the new plan's, else the old one's) and each side's
    `MappedField` (``None``: the side writes nothing for it).
    ``old_reasons`` and ``new_reasons`` say why each side does what it does:
    the decision's own reasons (the owner's, the opt-out's, the mapping's),
    else the entry's."""

    kind: ChangeKind
    record_type: str
    record_id: str | None
    old: PlanEntry | None
    new: PlanEntry | None
    old_reasons: tuple[Reason, ...]
    new_reasons: tuple[Reason, ...]
    mapping: FieldMapping | None = None
    old_field: MappedField | None = None
    new_field: MappedField | None = None

    @property
    def old_owner(self) -> OwnerDecision | None:
        return None if self.old is None else self.old.owner

    @property
    def new_owner(self) -> OwnerDecision | None:
        return None if self.new is None else self.new.owner

    @property
    def old_optout(self) -> OptOutDecision | None:
        return None if self.old is None else self.old.optout

    @property
    def new_optout(self) -> OptOutDecision | None:
        return None if self.new is None else self.new.optout

    @property
    def old_lifecycle(self) -> LifecycleStage | None:
        return None if self.old is None else self.old.lifecycle

    @property
    def new_lifecycle(self) -> LifecycleStage | None:
        return None if self.new is None else self.new.lifecycle


@attrs.frozen(kw_only=True)
class MappingChange:
    """A mapping that one settings has and the other has not (``old`` or
    ``new`` is ``None``), or has with another rule, type or lock."""

    old: FieldMapping | None
    new: FieldMapping | None


@attrs.frozen(kw_only=True)
class SettingChange:
    """A setting other than the mappings whose value differs: its
    `IntegrationSettings` attribute ``name`` and both values."""

    name: str
    old: object
    new: object


@attrs.frozen(kw_only=True)
class PlanDiff:
    """What differs between two plans (`diff_plans`).

    ``differences`` in plan order (a record's in `ChangeKind` order, its
    fields in the mappings' order); ``counts`` per kind, in `ChangeKind`
    order, kinds with none left out; ``by_mapping``: the field differences
    per mapping, most first, then in the mappings' order of first
    appearance; ``compared``: the entries compared (the larger plan's
    count). ``settings`` and ``mappings`` are the settings' own differences
    when the settings were known: context only, since a changed setting may
    change nothing. A diff is empty (and false) when no record differs.
    """

    differences: tuple[Difference, ...]
    counts: tuple[tuple[ChangeKind, int], ...]
    by_mapping: tuple[tuple[FieldMapping, int], ...]
    compared: int
    settings: tuple[SettingChange, ...] = ()
    mappings: tuple[MappingChange, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether both plans do the same with every record."""
        return not self.differences

    def __bool__(self) -> bool:
        return bool(self.differences)


def settings_changes(
    old: IntegrationSettings, new: IntegrationSettings, /
) -> tuple[tuple[SettingChange, ...], tuple[MappingChange, ...]]:
    """How *new* differs from *old*: each other setting whose value differs,
    in `IntegrationSettings` order, and each mapping added, removed or
    changed (matched by `mapping_key`), the old settings' order first."""
    settings = tuple(
        SettingChange(name=a.name, old=getattr(old, a.name), new=getattr(new, a.name))
        for a in attrs.fields(IntegrationSettings)
        if a.name != "mappings" and getattr(old, a.name) != getattr(new, a.name)
    )
    olds = {mapping_key(m): m for m in old.mappings}
    news = {mapping_key(m): m for m in new.mappings}
    mappings = [
        MappingChange(old=m, new=news.get(key))
        for key, m in olds.items()
        if news.get(key) != m
    ]
    mappings.extend(
        MappingChange(old=None, new=m) for key, m in news.items() if key not in olds
    )
    return settings, tuple(mappings)
