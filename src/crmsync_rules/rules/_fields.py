"""Field writes of one pair (FM-1, FM-2, FM-3, FM-4, FM-6, FM-7, OPT-1 to
OPT-5, LC-1 to LC-3, CN-2, CN-3): for every mapping of a HubSpot record and
its Salesforce counterpart, the value on each side now and after the sync,
and why.

Each mapping is decided by `resolve_field_value`, the one definition of
FM-1 to FM-4 and FM-7, fed with what the records say about time: the side
whose value changed last made the change (HubSpot by the property's own
history where the export has it, else the record's ``updated_at``;
Salesforce by the record's ``system_modstamp`` or ``updated_at``, since
Salesforce exports no per-field times), ties going to Salesforce as in
FM-3. A pair that has never synced, and a record about to be created,
moves the values each side already holds (`FirstSync`). The owner mapping
is two-way by the same times, through `map_owner`'s exact matching (FM-6,
OWN-4, OWN-5); the opt-out mapping goes through `apply_optout` and so
never resubscribes anyone (OPT-2, OPT-3, OPT-5); lifecycle stage carries a
won opportunity's Customer (LC-2, LC-3) to Salesforce only as LC-1 allows;
Company name syncs only with a lead (CN-2, CN-3).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Final, TypeAlias

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotObject,
    HubSpotOwner,
)
from crmsync_rules.model._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
)
from crmsync_rules.model._settings import (
    OPT_OUT_MAPPINGS,
    FieldMapping,
    IntegrationSettings,
    SyncRule,
    touches_opt_out,
)
from crmsync_rules.typing import OwnerDirectory

from ._field_first import first_sync_field
from ._field_pair import RULE_IDS, UNKNOWN, Pair
from ._field_results import (
    ChangedFields,
    FieldSync,
    HubSpotRecord,
    MappedField,
    OwnerDecide,
    OwnerDecisions,
    SalesforceRecord,
    WriteDirection,
)
from ._field_special import (
    company_reasons,
    lifecycle_field,
    optout_field,
    owner_field,
)
from ._fm_types import MappingTable
from ._fm_values import (
    is_owner_mapping,
)
from ._lc import LifecycleDecision, lifecycle_reaches_salesforce
from ._opt import OptOutDecision
from ._own import (
    OwnerDecision,
    OwnerSyncDirection,
    map_owner,
    owner_directory,
)
from ._own_assign import creation_owner, first_sync_owner

__all__ = [
    "ChangedFields",
    "FieldSync",
    "HubSpotRecord",
    "MappedField",
    "MappingsByPair",
    "OwnerDecide",
    "OwnerDecisions",
    "SalesforceRecord",
    "WriteDirection",
    "decide_fields",
    "mappings_by_pair",
    "sync_fields",
]

_HUBSPOT_OBJECT: Final[dict[type[HubSpotRecord], HubSpotObject]] = {
    HubSpotContact: HubSpotObject.CONTACT,
    HubSpotCompany: HubSpotObject.COMPANY,
    HubSpotDeal: HubSpotObject.DEAL,
}
_SALESFORCE_OBJECT: Final[dict[type[SalesforceRecord], SalesforceObject]] = {
    SalesforceLead: SalesforceObject.LEAD,
    SalesforceContact: SalesforceObject.CONTACT,
    SalesforceAccount: SalesforceObject.ACCOUNT,
    SalesforceOpportunity: SalesforceObject.OPPORTUNITY,
}
_PARTNER_OBJECTS: Final = {
    HubSpotObject.CONTACT: (SalesforceObject.LEAD, SalesforceObject.CONTACT),
    HubSpotObject.COMPANY: (SalesforceObject.ACCOUNT,),
    HubSpotObject.DEAL: (SalesforceObject.OPPORTUNITY,),
}
_HUBSPOT_OBJECT_OF: Final = {
    SalesforceObject.LEAD: HubSpotObject.CONTACT,
    SalesforceObject.CONTACT: HubSpotObject.CONTACT,
    SalesforceObject.ACCOUNT: HubSpotObject.COMPANY,
    SalesforceObject.OPPORTUNITY: HubSpotObject.DEAL,
}
_LIFECYCLE: Final = "lifecyclestage"
_COMPANY_NAME: Final = "company"


class _Kind(enum.Enum):
    """Which decision a mapping takes."""

    OPT_OUT = "opt-out"
    OWNER = "owner"
    LIFECYCLE = "lifecycle"
    COMPANY_NAME = "company name"
    BY_RULE = "by rule"


# The members as module constants: `decide_fields` reads them per mapping.
_BY_RULE: Final = _Kind.BY_RULE
_COMPANY_NAME_KIND: Final = _Kind.COMPANY_NAME
_OPT_OUT: Final = _Kind.OPT_OUT
_OWNER: Final = _Kind.OWNER

_Mapped: TypeAlias = tuple[FieldMapping, _Kind, str, str, str]
"""A mapping, the decision it takes, its rule's ID, its HubSpot property and
its Salesforce field: what `decide_fields` reads of it for every pair."""
MappingsByPair: TypeAlias = Mapping[
    tuple[HubSpotObject, SalesforceObject], tuple[_Mapped, ...]
]
"""A mapping table grouped by object pair, each mapping with the decision
it takes and what is read of it per pair (`mappings_by_pair`)."""


def _kind(mapping: FieldMapping) -> _Kind:
    if mapping.locked or touches_opt_out(mapping):
        return _Kind.OPT_OUT
    if is_owner_mapping(mapping):
        return _Kind.OWNER
    if mapping.hubspot_object is HubSpotObject.CONTACT:
        if mapping.hubspot_property == _LIFECYCLE:
            return _Kind.LIFECYCLE
        if mapping.hubspot_property == _COMPANY_NAME:
            return _Kind.COMPANY_NAME
    return _Kind.BY_RULE


def mappings_by_pair(table: Iterable[FieldMapping], /) -> MappingsByPair:
    """*table* grouped by object pair, in table order: what `decide_fields`
    takes, worked out once per plan rather than once per record."""
    grouped: dict[tuple[HubSpotObject, SalesforceObject], list[_Mapped]] = {}
    for mapping in table:
        key = (mapping.hubspot_object, mapping.salesforce_object)
        grouped.setdefault(key, []).append(
            (
                mapping,
                _kind(mapping),
                RULE_IDS[mapping.rule],
                mapping.hubspot_property,
                mapping.salesforce_field,
            )
        )
    return {key: tuple(value) for key, value in grouped.items()}


def decide_fields(
    hubspot: HubSpotRecord | None,
    salesforce: SalesforceRecord | None,
    *,
    settings: IntegrationSettings,
    mappings: MappingsByPair,
    owners: OwnerDecisions,
    salesforce_object: SalesforceObject | None = None,
    change: ChangedFields | None = None,
    mapped_at: Mapping[FieldMapping, dt.datetime] = {},  # read, never changed
    lifecycle: Iterable[LifecycleDecision] = (),
    optout: OptOutDecision | None = None,
    changes_only: bool = False,
    reach: tuple[bool, Reason] | None = None,
) -> FieldSync:
    """`sync_fields` for the planner: *mappings* the table grouped by
    `mappings_by_pair` (opt-out ones included), *owners* the owner
    decisions (`OwnerDecisions`), *optout* the pair's opt-out decision when
    it is made already, and with *changes_only* only the mappings that write
    something (and an owner Salesforce reverts, OWN-5). *reach*
    is `lifecycle_reaches_salesforce` of the settings' mappings, when a
    caller deciding many pairs has it already (LC-1)."""
    if hubspot is not None:
        hubspot_object = _HUBSPOT_OBJECT[type(hubspot)]
    else:
        assert salesforce is not None
        hubspot_object = _HUBSPOT_OBJECT_OF[_SALESFORCE_OBJECT[type(salesforce)]]
    if salesforce is not None:
        sobject = _SALESFORCE_OBJECT[type(salesforce)]
    elif salesforce_object is not None:
        sobject = salesforce_object
    elif hubspot_object is HubSpotObject.CONTACT:
        sobject = settings.new_records_as
    else:
        sobject = _PARTNER_OBJECTS[hubspot_object][0]
    pair = Pair(
        hubspot=hubspot,
        salesforce=salesforce,
        salesforce_object=sobject,
        hubspot_object=hubspot_object,
        change=change,
        mapped_at=mapped_at,
    )
    lifecycle = tuple(lifecycle)
    created = pair.created
    fields: list[MappedField] = []
    append = fields.append
    firsts: dict[str, tuple[Reason]] = {}  # a created record's, by rule ID
    hubspot_read, salesforce_read = pair.hubspot_value, pair.salesforce_value
    for mapping, kind, rule_id, name, field_name in mappings.get(
        (hubspot_object, sobject), ()
    ):
        if kind is _BY_RULE or kind is _COMPANY_NAME_KIND:  # most mappings
            hubspot_value = hubspot_read(name)
            salesforce_value = salesforce_read(field_name)
            if (
                changes_only
                and hubspot_value == salesforce_value
                and type(hubspot_value) is type(salesforce_value)
            ):
                continue  # the same value, of the same type
            if (
                created
                and kind is _BY_RULE
                and hubspot_value is not UNKNOWN
                and salesforce_value is not UNKNOWN
            ):
                # `Pair.by_rule` of a record about to be created, made
                # directly: most mappings of a plan are of created records.
                first = firsts.get(rule_id)
                if first is None:
                    first = firsts[rule_id] = (pair.first_reason(rule_id),)
                field = first_sync_field(
                    mapping, hubspot_value, salesforce_value, first, rule_id
                )
                if field.writes or not changes_only:
                    append(field)
                continue
            extra: tuple[Reason, ...] = ()
            if kind is _COMPANY_NAME_KIND and isinstance(hubspot, HubSpotContact):
                extra = company_reasons(hubspot, sobject, settings)
            field = pair.by_rule(mapping, hubspot_value, salesforce_value, extra)
        elif kind is _OPT_OUT:
            if changes_only and optout is None:
                hubspot_value = hubspot_read(name)
                salesforce_value = salesforce_read(field_name)
                if hubspot_value is salesforce_value:  # both True or both False
                    continue
                if (hubspot_value is True) is (salesforce_value is True) and (
                    not isinstance(hubspot, HubSpotContact)
                    or hubspot.history.latest("email") is None
                ):
                    # Neither side opted out (a blank is not an opt-out) and
                    # no change of address (OPT-6): `optout_field` writes
                    # nothing a plan of changes shows.
                    continue
            field = optout_field(pair, mapping, optout)
        elif kind is _OWNER:
            field, shown = owner_field(pair, mapping, owners)
            if changes_only and not shown:
                continue
            append(field)  # a reverted owner shows unchanged (OWN-5)
            continue
        else:
            if reach is None:
                reach = lifecycle_reaches_salesforce(settings.mappings)
            field = lifecycle_field(pair, mapping, reach, lifecycle)
        if changes_only and not field.writes:
            continue
        append(field)
    reasons: list[Reason] = []
    if pair.times.record_times_used:
        reasons.append(pair.times.record_times(pair))
    if (
        isinstance(hubspot, HubSpotContact)
        and sobject is SalesforceObject.CONTACT
        and hubspot.company
        and hubspot.company.strip()
    ):
        reasons.extend(company_reasons(hubspot, sobject, settings))
    return FieldSync(
        hubspot_id=hubspot.id if hubspot is not None else None,
        salesforce_id=salesforce.id if salesforce is not None else None,
        fields=tuple(fields),
        reasons=tuple(reasons),
    )


class _DirectoryOwners:
    """`OwnerDecisions` over one owner directory, for `sync_fields`."""

    def __init__(
        self,
        directory: OwnerDirectory,
        rule: SyncRule | None,
        integration_user_id: str | None,
    ) -> None:
        self._directory = directory
        self._rule = rule
        self._integration_user_id = integration_user_id

    def decision(
        self, owner_id: str | None, direction: OwnerSyncDirection, last: str | None
    ) -> OwnerDecision:
        return map_owner(
            owner_id,
            direction=direction,
            owners=self._directory,
            last_salesforce_owner_id=last,
            mapping_rule=self._rule,
        )

    def created(
        self, owner_id: str | None, salesforce_object: SalesforceObject
    ) -> OwnerDecision:
        return creation_owner(
            owner_id,
            salesforce_object=salesforce_object,
            owners=self._directory,
            integration_user_id=self._integration_user_id,
            mapped=self.decision,
        )

    def first_sync(
        self, hubspot_owner_id: str | None, salesforce_owner_id: str | None
    ) -> OwnerDecision | None:
        if hubspot_owner_id is None and salesforce_owner_id is None:
            return None
        return first_sync_owner(
            hubspot_owner_id,
            salesforce_owner_id,
            owners=self._directory,
            mapping_rule=self._rule,
            mapped=self.decision,
        )


def sync_fields(
    hubspot: HubSpotRecord | None,
    salesforce: SalesforceRecord | None,
    /,
    *,
    settings: IntegrationSettings,
    mappings: MappingTable | Iterable[FieldMapping] | None = None,
    change: ChangedFields | None = None,
    owners: OwnerDirectory
    | Iterable[SalesforceUser | SalesforceQueue | HubSpotOwner] = (),
    mapped_at: Mapping[FieldMapping, dt.datetime] | None = None,
    lifecycle: Iterable[LifecycleDecision] = (),
    salesforce_object: SalesforceObject | None = None,
) -> FieldSync:
    """Every field write of one pair: a HubSpot record and its Salesforce
    counterpart, either ``None`` for a record about to be created from the
    other (a new Salesforce record is a ``settings.new_records_as`` for a
    contact, unless *salesforce_object* says).

    *mappings* is the mapping table (default: ``settings.mappings``); the
    locked opt-out mappings (OPT-1) are always part of it. *change* is what
    just changed (a webhook); without it, each side's value counts as
    changed when its record or property history says. *owners* is the owner
    directory for the owner mapping (FM-6). *mapped_at* says when a mapping
    was added (FM-7): the model keeps no such time, so a mapping not in it
    predates every value. *lifecycle* are the lifecycle decisions of won
    opportunities (`derive_lifecycle`) that may move this contact (LC-2).

    >>> import datetime as dt
    >>> from crmsync_rules import (HubSpotContact, HubSpotObject,
    ...     IntegrationSettings, SalesforceContact, SalesforceObject)
    >>> from crmsync_rules.mappings import (FieldMapping, HubSpotFieldType,
    ...     HubSpotPropertyType, SalesforceFieldType)
    >>> title = FieldMapping(hubspot_object=HubSpotObject.CONTACT,
    ...     hubspot_property="jobtitle", hubspot_type=HubSpotPropertyType.STRING,
    ...     hubspot_field_type=HubSpotFieldType.TEXT,
    ...     salesforce_object=SalesforceObject.CONTACT, salesforce_field="Title",
    ...     salesforce_type=SalesforceFieldType.STRING)
    >>> settings = IntegrationSettings(integrated_on=dt.date(2024, 1, 8),
    ...                                mappings=(title,))
    >>> result = sync_fields(
    ...     HubSpotContact(id="501", salesforce_contact_id="003A",
    ...                    properties={"jobtitle": "CTO"}),
    ...     SalesforceContact(id="003A",
    ...                       properties={"Title": "Chief Technology Officer"}),
    ...     settings=settings)
    >>> [(f.mapping.hubspot_property, f.hubspot_before, f.hubspot_after)
    ...  for f in result.writes]
    [('jobtitle', 'CTO', 'Chief Technology Officer')]
    """
    if hubspot is None and salesforce is None:
        raise ValueError(
            "sync_fields needs a HubSpot record, a Salesforce record or both"
        )
    if mappings is None:
        given: tuple[FieldMapping, ...] = settings.mappings
    elif isinstance(mappings, MappingTable):
        given = mappings.mappings
    else:
        given = tuple(mappings)
    table = OPT_OUT_MAPPINGS + tuple(m for m in given if m not in OPT_OUT_MAPPINGS)
    owner_mapping = next((m for m in table if is_owner_mapping(m)), None)
    rule = owner_mapping.rule if owner_mapping is not None else None
    decisions = _DirectoryOwners(
        owner_directory(owners), rule, settings.integration_user_id
    )
    return decide_fields(
        hubspot,
        salesforce,
        settings=settings,
        mappings=mappings_by_pair(table),
        owners=decisions,
        salesforce_object=salesforce_object,
        change=change,
        mapped_at=mapped_at or {},
        lifecycle=lifecycle,
    )
