"""One pair of records being decided field by field: the values of a
mapping's property and field (by the model's translation table, else the
records' ``properties``; a name the export lacks is unknown, not blank),
when each side last changed (HubSpot's property history, else record
times), and a mapping decided by its rule as `resolve_field_value` decides
it, directly where it can (FM-1, FM-2, FM-3, FM-4, FM-7)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Final, NamedTuple, TypeAlias

from crmsync_rules.model._api_names import HUBSPOT_PROPERTIES, SALESFORCE_FIELDS
from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotObject,
)
from crmsync_rules.model._kinds import kind_of
from crmsync_rules.model._salesforce import (
    SalesforceContact,
    SalesforceObject,
)
from crmsync_rules.model._settings import FieldMapping, SyncRule

from ._field_first import first_sync_field
from ._field_reasons import later
from ._field_results import (
    ChangedFields,
    HubSpotRecord,
    MappedField,
    SalesforceRecord,
    mapped_field,
)
from ._field_synced import synced_field
from ._fm_values import (
    FieldValue,
    FieldWrite,
    Side,
    field_change,
    resolve_field_value,
)

__all__ = [
    "NEVER",
    "RULE_IDS",
    "UNKNOWN",
    "How",
    "Pair",
    "Read",
    "field_of",
    "hubspot_name",
    "known",
    "later_side",
    "rule_id_of",
    "salesforce_name",
]

_UTC: Final = dt.timezone.utc
NEVER: Final = dt.datetime.min.replace(tzinfo=_UTC)
"""The change time of a value whose time is unknown: older than any."""

# The attributes that hold the properties and fields read by name: the
_HUBSPOT_ATTRIBUTES: Final = {
    obj: {api: attribute for api, attribute, _ in table}
    for obj, table in HUBSPOT_PROPERTIES.items()
}
_SALESFORCE_ATTRIBUTES: Final = {
    SalesforceObject(sobject): {api: attribute for api, attribute, _ in table}
    for sobject, (_, table) in SALESFORCE_FIELDS.items()
    if sobject in {o.value for o in SalesforceObject}
}
_RECORD_TIME: Final = "the record's update time"
_BLANKS: Final = ("", ())
_HUBSPOT: Final = Side.HUBSPOT  # a global reads faster than an enum member
_SALESFORCE: Final = Side.SALESFORCE


class _Unknown(enum.Enum):
    """A property or field the export does not hold: its value is unknown,
    which is not blank (see `Properties`)."""

    UNKNOWN = "unknown"


UNKNOWN: Final = _Unknown.UNKNOWN
Read: TypeAlias = "FieldValue | _Unknown"


def _values(
    record: HubSpotRecord | SalesforceRecord | None, attributes: Mapping[str, str]
) -> Callable[[str], Read]:
    """The value of a property or field by name, its properties read once;
    a record about to be created holds nothing yet (blank)."""
    if record is None:
        return lambda _name: None
    # items() reads the packed values once; dict(properties) would read them
    # once per key.
    properties = dict(record.properties.items()) if record.properties else {}

    def value(name: str) -> Read:
        # Blank as `None`, an enum member as its value.
        attribute = attributes.get(name)
        if attribute is None:
            held = properties.get(name, UNKNOWN)
            if held is UNKNOWN:
                return UNKNOWN
        else:
            held = getattr(record, attribute)
        if type(held) is str:  # most values: blank only when empty
            return held or None
        if held is None or held in _BLANKS:
            return None
        return held.value if isinstance(held, enum.Enum) else held

    return value


def _linked(hubspot: HubSpotRecord, salesforce: SalesforceRecord) -> bool:
    """Whether the pair has synced before (the HubSpot record names it)."""
    if isinstance(hubspot, HubSpotContact):
        if isinstance(salesforce, SalesforceContact):
            return hubspot.salesforce_contact_id == salesforce.id
        return hubspot.salesforce_lead_id == salesforce.id
    if isinstance(hubspot, HubSpotCompany):
        return hubspot.salesforce_account_id == salesforce.id
    return hubspot.salesforce_opportunity_id == salesforce.id


class _Times:
    """When each side's value last changed, and how that is known."""

    def __init__(
        self,
        hubspot: HubSpotRecord | None,
        salesforce: SalesforceRecord | None,
        change: ChangedFields | None,
    ) -> None:
        self._hubspot = hubspot
        self._change = change
        self.hubspot_record = hubspot.updated_at if hubspot is not None else None
        self.salesforce = None
        if salesforce is not None:
            self.salesforce = salesforce.system_modstamp or salesforce.updated_at

        self.record_times_used = False
        """Whether a mapping was decided by record update times alone."""

    def of(self, mapping: FieldMapping) -> tuple[dt.datetime, dt.datetime, How | None]:
        """HubSpot's and Salesforce's change times of *mapping*'s values
        (`NEVER` when unknown), and how they are known when a property
        history or the change event told (`How`, else ``None``: the pair's
        `record_times` sentence says it once for every mapping)."""
        change = self._change
        name, field = mapping.hubspot_property, mapping.salesforce_field
        hubspot_how = salesforce_how = None
        hubspot_at = salesforce_at = None
        if change is not None and change.side is _HUBSPOT and name in change.names:
            hubspot_at, hubspot_how = change.at, "the change event"
        else:
            # Times are read only for a pair of two records.
            assert self._hubspot is not None
            latest = self._hubspot.history.latest(name)
            if latest is not None:
                hubspot_at, hubspot_how = latest.timestamp, "its property history"
            else:
                hubspot_at = self.hubspot_record
        if change is not None and change.side is _SALESFORCE and field in change.names:
            salesforce_at, salesforce_how = change.at, "the change event"
        else:
            salesforce_at = self.salesforce
        if hubspot_how is None and salesforce_how is None:
            self.record_times_used = True
            return hubspot_at or NEVER, salesforce_at or NEVER, None
        how = How(name, hubspot_at, hubspot_how, field, salesforce_at, salesforce_how)
        return hubspot_at or NEVER, salesforce_at or NEVER, how

    def record_times(self, pair: Pair) -> Reason:
        """FM-3's reason for deciding by record update times only."""
        return later(
            "FM-3",
            _record_times,
            pair.hubspot,
            pair.salesforce,
            pair.salesforce_object,
            self.hubspot_record,
            self.salesforce,
        )


class How(NamedTuple):
    """How a mapping's change times are known, for its sentence (`str`)."""

    name: str
    hubspot_at: dt.datetime | None
    hubspot_how: str | None
    field: str
    salesforce_at: dt.datetime | None
    salesforce_how: str | None

    def __str__(self) -> str:
        return (
            f"HubSpot {self.name} changed {_when(self.hubspot_at, self.hubspot_how)}; "
            f"Salesforce {self.field} "
            f"{_when(self.salesforce_at, self.salesforce_how or _RECORD_TIME)}."
        )


def _record_times(
    hubspot: HubSpotRecord | None,
    salesforce: SalesforceRecord | None,
    salesforce_object: SalesforceObject,
    hubspot_at: dt.datetime | None,
    salesforce_at: dt.datetime | None,
) -> str:
    return (
        "Only record update times were known, not per-field times: "
        f"{hubspot_name(hubspot)} changed {_when(hubspot_at, 'updatedAt')}, "
        f"{salesforce_name(salesforce, salesforce_object)} "
        f"{_when(salesforce_at, 'SystemModstamp')}; the more recent record counts "
        "as the one that changed each mapping decided by time."
    )


def hubspot_name(hubspot: HubSpotRecord | None) -> str:
    """How sentences name a pair's HubSpot record."""
    if hubspot is None:
        return "the new HubSpot record"
    return f"{kind_of(type(hubspot)).label} {hubspot.id!r}"


def salesforce_name(
    salesforce: SalesforceRecord | None, salesforce_object: SalesforceObject
) -> str:
    """How sentences name a pair's Salesforce record."""
    if salesforce is None:
        return f"the new Salesforce {salesforce_object.value.lower()}"
    return f"Salesforce {salesforce_object.value.lower()} {salesforce.id!r}"


def _when(at: dt.datetime | None, how: str | None) -> str:
    if at is None:
        return "at an unknown time"
    return f"at {at.isoformat()} ({how})"


def later_side(hubspot_at: dt.datetime, salesforce_at: dt.datetime) -> Side:
    # Ties go to Salesforce, as in FM-3's `_wins`.
    return _HUBSPOT if hubspot_at > salesforce_at else _SALESFORCE


def field_of(
    mapping: FieldMapping,
    hubspot_value: FieldValue,
    salesforce_value: FieldValue,
    writes: Iterable[FieldWrite],
    reasons: Iterable[Reason],
) -> MappedField:
    writes = tuple(writes)
    hubspot_after, salesforce_after = hubspot_value, salesforce_value
    for write in writes:
        if write.side is _HUBSPOT:
            hubspot_after = write.value
        else:
            salesforce_after = write.value
    return mapped_field(
        mapping,
        hubspot_value,
        salesforce_value,
        hubspot_after,
        salesforce_after,
        writes,
        tuple(reasons),
    )


def known(value: Read) -> FieldValue:
    """*value*, an unknown one as blank (shown as "before" only)."""
    return None if isinstance(value, _Unknown) else value


class Pair:
    """One pair being decided: its records, values, times and context."""

    def __init__(
        self,
        *,
        hubspot: HubSpotRecord | None,
        salesforce: SalesforceRecord | None,
        salesforce_object: SalesforceObject,
        hubspot_object: HubSpotObject,
        change: ChangedFields | None,
        mapped_at: Mapping[FieldMapping, dt.datetime],
    ) -> None:
        self.hubspot = hubspot
        self.salesforce = salesforce
        self.created = hubspot is None or salesforce is None
        self.linked = (
            hubspot is not None
            and salesforce is not None
            and _linked(hubspot, salesforce)
        )
        self.hubspot_value = _values(hubspot, _HUBSPOT_ATTRIBUTES[hubspot_object])
        self.salesforce_value = _values(
            salesforce, _SALESFORCE_ATTRIBUTES[salesforce_object]
        )
        self.salesforce_object = salesforce_object
        self.times = _Times(hubspot, salesforce, change)
        self.change = change
        self.mapped_at = mapped_at
        self._created: dict[str, Reason] = {}

    @property
    def hubspot_name(self) -> str:
        """How sentences name the HubSpot record."""
        return hubspot_name(self.hubspot)

    @property
    def salesforce_name(self) -> str:
        """How sentences name the Salesforce record."""
        return salesforce_name(self.salesforce, self.salesforce_object)

    def unknown(
        self,
        mapping: FieldMapping,
        hubspot_value: Read,
        salesforce_value: Read,
        extra: tuple[Reason, ...],
    ) -> MappedField:
        """A mapping one of whose values the export does not hold: nothing
        is decided, so nothing is written."""
        missing = [
            f"{name}'s export holds no {field}"
            for name, field, value in (
                (self.hubspot_name, mapping.hubspot_property, hubspot_value),
                (self.salesforce_name, mapping.salesforce_field, salesforce_value),
            )
            if value is UNKNOWN
        ]
        return field_of(
            mapping,
            None if hubspot_value is UNKNOWN else hubspot_value,
            None if salesforce_value is UNKNOWN else salesforce_value,
            (),
            (
                *extra,
                cite(
                    rule_id_of(mapping),
                    f"{' and '.join(missing)}, so the value is unknown (not "
                    "blank) and the plan writes nothing for it.",
                ),
            ),
        )

    def first_reason(self, rule_id: str) -> Reason:
        """The sentence of a record created from the other, citing
        *rule_id*: one for every mapping of a rule."""
        reason = self._created.get(rule_id)
        if reason is None:
            reason = self._created[rule_id] = later(
                rule_id,
                _first,
                self.hubspot,
                self.salesforce,
                self.salesforce_object,
                None,
            )
        return reason

    def by_rule(
        self,
        mapping: FieldMapping,
        hubspot_value: Read,
        salesforce_value: Read,
        extra: tuple[Reason, ...] = (),
    ) -> MappedField:
        """FM-1 to FM-4 and FM-7 as `resolve_field_value` decides them: made
        directly for a record about to be created and a first sync
        (`first_sync_field`) and for a linked pair's mapping that has no
        FM-7 time (`synced_field`), through it otherwise."""
        if hubspot_value is UNKNOWN or salesforce_value is UNKNOWN:
            return self.unknown(mapping, hubspot_value, salesforce_value, extra)
        if self.created:  # never the owner mapping: `owner_field` decides it
            rule_id = rule_id_of(mapping)
            # `resolve_field_value` with a `FirstSync`, made directly.
            return first_sync_field(
                mapping,
                hubspot_value,
                salesforce_value,
                (*extra, self.first_reason(rule_id)),
                rule_id,
            )
        rule_id = rule_id_of(mapping)
        hubspot_at, salesforce_at, how = self.times.of(mapping)
        if not self.linked:
            # `resolve_field_value` with a `FirstSync` whose last change is
            # the later side's, made directly (`first_sync_field`).
            reason = later(
                rule_id,
                _first,
                self.hubspot,
                self.salesforce,
                self.salesforce_object,
                how,
            )
            return first_sync_field(
                mapping,
                hubspot_value,
                salesforce_value,
                (*extra, reason),
                rule_id,
                later_side(hubspot_at, salesforce_at),
            )
        if how is not None:
            extra = (*extra, later(rule_id, str, how))
        # A mapping's hash costs: look it up only when times were given.
        mapped_at = self.mapped_at.get(mapping) if self.mapped_at else None
        if mapped_at is None:
            # `resolve_field_value` of the later side's change, made
            # directly (`synced_field`): FM-7 has nothing to say.
            return synced_field(
                mapping,
                hubspot_value,
                salesforce_value,
                hubspot_at,
                salesforce_at,
                extra,
                rule_id,
            )
        hubspot_change = field_change(_HUBSPOT, hubspot_value, hubspot_at)
        salesforce_change = field_change(_SALESFORCE, salesforce_value, salesforce_at)
        if later_side(hubspot_at, salesforce_at) is _HUBSPOT:
            latest, earlier = hubspot_change, salesforce_change
        else:
            latest, earlier = salesforce_change, hubspot_change
        if mapped_at.tzinfo is None:
            mapped_at = mapped_at.replace(tzinfo=_UTC)
        resolution = resolve_field_value(
            mapping,
            hubspot_value=hubspot_value,
            salesforce_value=salesforce_value,
            change=latest,
            last_change=earlier,
            mapped_at=mapped_at,
        )
        return field_of(
            mapping,
            hubspot_value,
            salesforce_value,
            resolution.writes,
            (*extra, *resolution.reasons),
        )


RULE_IDS: Final = {
    SyncRule.PREFER_SALESFORCE_UNLESS_BLANK: "FM-1",
    SyncRule.ALWAYS_USE_SALESFORCE: "FM-2",
    SyncRule.TWO_WAY: "FM-3",
    SyncRule.DONT_SYNC: "FM-4",
}
"""The ID of the rule each `SyncRule` takes (FM-1 to FM-4)."""


def rule_id_of(mapping: FieldMapping) -> str:
    """The ID of the rule *mapping* shows (the owner mapping's FM-6 is
    `owner_field`'s)."""
    return RULE_IDS[mapping.rule]


def _first(
    hubspot: HubSpotRecord | None,
    salesforce: SalesforceRecord | None,
    salesforce_object: SalesforceObject,
    how: How | None,
) -> str:
    """The sentence of a pair's first sync, or of a record created from
    the other (`FirstSync`), with *how* the times are known."""
    if hubspot is None:
        text = (
            f"{salesforce_name(salesforce, salesforce_object)} creates a HubSpot "
            "record, which takes its values by each mapping's rule"
        )
    elif salesforce is None:
        text = (
            f"{hubspot_name(hubspot)} creates "
            f"{salesforce_name(salesforce, salesforce_object)}, which takes its "
            "values by each mapping's rule"
        )
    else:
        text = (
            f"{hubspot_name(hubspot)} and "
            f"{salesforce_name(salesforce, salesforce_object)} sync for the first "
            "time: the values each holds move by the mapping's rule, blanks "
            "move nothing"
        )
    return f"{text}: {how}" if how else f"{text}."
