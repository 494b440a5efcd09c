"""The results of `sync_fields`: each mapping's values before and after a
pair's sync and its writes (`MappedField`), the pair's (`FieldSync`), and
what a sync service says just changed (`ChangedFields`)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from typing import Final, Protocol, TypeAlias

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
)
from crmsync_rules.model._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
)
from crmsync_rules.model._settings import (
    FieldMapping,
)

from ._fm_values import (
    FieldValue,
    FieldWrite,
    Side,
)
from ._own import (
    OwnerDecision,
    OwnerSyncDirection,
)

__all__ = [
    "ChangedFields",
    "FieldSync",
    "HubSpotRecord",
    "MappedField",
    "OwnerDecide",
    "OwnerDecisions",
    "SalesforceRecord",
    "WriteDirection",
    "mapped_field",
]

HubSpotRecord: TypeAlias = HubSpotContact | HubSpotCompany | HubSpotDeal
"""A HubSpot record that syncs field by field."""
SalesforceRecord: TypeAlias = (
    SalesforceLead | SalesforceContact | SalesforceAccount | SalesforceOpportunity
)
"""A Salesforce record that syncs field by field."""

OwnerDecide: TypeAlias = Callable[
    ["str | None", OwnerSyncDirection, "str | None"], OwnerDecision
]
"""`map_owner` bound to an owner directory: owner id, direction, last
Salesforce owner (the planner's decisions are made once per plan)."""


class OwnerDecisions(Protocol):
    """The owner decisions of a pair's owner mapping, each the one decision
    function of its rule over one owner directory (the planner's are made
    once per plan and owner)."""

    def decision(
        self, owner_id: str | None, direction: OwnerSyncDirection, last: str | None, /
    ) -> OwnerDecision:
        """`map_owner` (OWN-2 to OWN-5, FM-6)."""

    def created(
        self, owner_id: str | None, salesforce_object: SalesforceObject, /
    ) -> OwnerDecision:
        """`creation_owner` (OWN-6)."""

    def first_sync(
        self, hubspot_owner_id: str | None, salesforce_owner_id: str | None, /
    ) -> OwnerDecision | None:
        """`first_sync_owner` (OWN-7); ``None`` when neither side has an
        owner."""


class WriteDirection(str, enum.Enum):
    """Where a mapping's writes go."""

    NONE = "none"
    TO_HUBSPOT = "to_hubspot"
    TO_SALESFORCE = "to_salesforce"
    BOTH = "both"
    """A won opportunity's Customer stage is written to HubSpot and, through
    the lifecycle mapping, to Salesforce (LC-1, LC-2)."""


def _names(names: Iterable[str]) -> frozenset[str]:
    return frozenset(names)


@attrs.frozen(kw_only=True)
class ChangedFields:
    """What just changed, as a sync service's webhook says: the properties
    (HubSpot internal names) or fields (Salesforce API names) ``names`` on
    ``side``, at ``at`` (timezone-aware)."""

    side: Side
    names: frozenset[str] = attrs.field(converter=_names)
    at: dt.datetime


@attrs.frozen(kw_only=True)
class MappedField:
    """One mapping of a pair: each side's value before and after the sync
    (blank as ``None``), the writes that get there, and why."""

    mapping: FieldMapping
    hubspot_before: FieldValue
    salesforce_before: FieldValue
    hubspot_after: FieldValue
    salesforce_after: FieldValue
    writes: tuple[FieldWrite, ...]
    reasons: tuple[Reason, ...]

    @property
    def direction(self) -> WriteDirection:
        """Where the writes go."""
        sides = {write.side for write in self.writes}
        if not sides:
            return WriteDirection.NONE
        if len(sides) == 2:
            return WriteDirection.BOTH
        if Side.HUBSPOT in sides:
            return WriteDirection.TO_HUBSPOT
        return WriteDirection.TO_SALESFORCE

    @property
    def changes(self) -> bool:
        """Whether the sync writes anything for this mapping."""
        return bool(self.writes)

    def before(self, side: Side, /) -> FieldValue:
        """The value *side* holds now."""
        return self.hubspot_before if side is Side.HUBSPOT else self.salesforce_before

    def after(self, side: Side, /) -> FieldValue:
        """The value *side* holds after the sync."""
        return self.hubspot_after if side is Side.HUBSPOT else self.salesforce_after


_new: Final = object.__new__
_MAPPED_SLOTS: Final = tuple(
    MappedField.__dict__[name].__set__
    for name in (
        "mapping",
        "hubspot_before",
        "salesforce_before",
        "hubspot_after",
        "salesforce_after",
        "writes",
        "reasons",
    )
)


def mapped_field(  # noqa: PLR0917 (the fields in order, as attrs' __init__)
    mapping: FieldMapping,
    hubspot_before: FieldValue,
    salesforce_before: FieldValue,
    hubspot_after: FieldValue,
    salesforce_after: FieldValue,
    writes: tuple[FieldWrite, ...],
    reasons: tuple[Reason, ...],
    /,
) -> MappedField:
    """``MappedField(...)`` of these values in field order, built faster
    (as `cite` is for `Reason`): a plan builds one for every mapping of
    every pair, and the class has no validators or converters."""
    field: MappedField = _new(MappedField)
    (
        set_mapping,
        set_hubspot_before,
        set_salesforce_before,
        set_hubspot_after,
        set_salesforce_after,
        set_writes,
        set_reasons,
    ) = _MAPPED_SLOTS
    set_mapping(field, mapping)
    set_hubspot_before(field, hubspot_before)
    set_salesforce_before(field, salesforce_before)
    set_hubspot_after(field, hubspot_after)
    set_salesforce_after(field, salesforce_after)
    set_writes(field, writes)
    set_reasons(field, reasons)
    return field


@attrs.frozen(kw_only=True)
class FieldSync:
    """The outcome of `sync_fields`: every mapping of the pair's object pair
    (`MappedField`), in table order, and the reasons about the pair as a
    whole (Company name with a Salesforce contact, CN-3). ``hubspot_id`` or
    ``salesforce_id`` is ``None`` for a record about to be created."""

    hubspot_id: str | None
    salesforce_id: str | None
    fields: tuple[MappedField, ...]
    reasons: tuple[Reason, ...]

    @property
    def writes(self) -> tuple[MappedField, ...]:
        """The mappings that write something."""
        return tuple(field for field in self.fields if field.writes)
