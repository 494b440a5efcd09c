"""Integration settings, connector versions, field mappings, inclusion
lists and reasons."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from crmsync_rules.model._api_names import CONTACT_PROPERTIES
from crmsync_rules.model._catalogue import RULES, Reason
from crmsync_rules.model._field_types import (
    HUBSPOT_FIELD_TYPES,
    HubSpotFieldType,
    HubSpotPropertyType,
    SalesforceFieldType,
    one_shape,
)
from crmsync_rules.model._hubspot import HubSpotObject, LifecycleStage
from crmsync_rules.model._inclusion import (
    LEGACY_DEFAULT_LIST_DATE,
    NEEDS_NO_VALUES,
    NEEDS_ONE_VALUE,
    CriteriaInclusionList,
    Criterion,
    DefaultInclusionList,
    Operator,
    StaticInclusionList,
)
from crmsync_rules.model._salesforce import SalesforceObject
from crmsync_rules.model._settings import (
    ConnectorVersion,
    ContactCreation,
    FieldMapping,
    IntegrationSettings,
    SalesforceEdition,
    SyncRule,
)
from crmsync_rules.typing import InclusionList

from ._blocks import (
    COMPANY_NAMES,
    FIRST_NAMES,
    LAST_NAMES,
    given_or,
    hubspot_ids,
    names_from,
    optional,
)
from ._records import PIPELINES

_DAY: Final = dt.timedelta(days=1)


def integration_dates() -> SearchStrategy[dt.date]:
    """Integration dates from 2006 to 2030, with SYNC-3's boundary
    (2017-06-21, 2017-06-22 itself, 2017-06-23) coming up often."""
    boundary = (
        LEGACY_DEFAULT_LIST_DATE - _DAY,
        LEGACY_DEFAULT_LIST_DATE,
        LEGACY_DEFAULT_LIST_DATE + _DAY,
    )
    return st.sampled_from(boundary) | st.dates(
        dt.date(2006, 6, 1), dt.date(2030, 12, 31)
    )


# INST-4 compares versions numerically: these are the ones a decimal or a
# string comparison gets wrong.
_VERSION_TEXTS: Final = (
    "2.6",
    "2.60",
    "2.100",
    "2.59",
    "2.61",
    "2.60.0",
    "3.0",
    "1.9.12",
)


def connector_versions() -> SearchStrategy[ConnectorVersion]:
    """Connector package versions, normalised as `ConnectorVersion.parse`
    reads them; ``2.6``, ``2.60``, ``2.100`` and neighbours of 2.60 (INST-4)
    come up often."""
    generated = st.lists(
        st.integers(min_value=0, max_value=120), min_size=1, max_size=3
    ).map(lambda parts: ".".join(map(str, parts)))
    return (st.sampled_from(_VERSION_TEXTS) | generated).map(ConnectorVersion.parse)


MAPPED_FIELDS: Final = (
    ("firstname", "FirstName"),
    ("lastname", "LastName"),
    ("jobtitle", "Title"),
    ("phone", "Phone"),
    ("company", "Company"),
    ("lifecyclestage", "HubSpot_Lifecycle_Stage__c"),
    ("hubspot_owner_id", "OwnerId"),
    ("annualrevenue", "AnnualRevenue"),
    ("lead_score", "Lead_Score__c"),
)


@st.composite
def _typed_mappings(
    draw: DrawFn,
    types: SearchStrategy[HubSpotPropertyType],
    field_types: SearchStrategy[HubSpotFieldType | None] | None,
    rest: SearchStrategy[FieldMapping],
) -> FieldMapping:
    hubspot_type = draw(types)
    if field_types is None:
        # A pair HubSpot has (HUBSPOT_FIELD_TYPES); a type with one shape
        # sometimes without its field type, which FM-5 then reads.
        shapes = sorted(HUBSPOT_FIELD_TYPES.get(hubspot_type, ()), key=str)
        field_type = draw(st.sampled_from(shapes)) if shapes else None
        if one_shape(hubspot_type) is not None and draw(st.booleans()):
            field_type = None
    else:
        field_type = draw(field_types)
    return attrs.evolve(
        draw(rest), hubspot_type=hubspot_type, hubspot_field_type=field_type
    )


def field_mappings(
    *,
    hubspot_objects: SearchStrategy[HubSpotObject] | None = None,
    hubspot_properties: SearchStrategy[str] | None = None,
    hubspot_types: SearchStrategy[HubSpotPropertyType] | None = None,
    hubspot_field_types: SearchStrategy[HubSpotFieldType | None] | None = None,
    salesforce_objects: SearchStrategy[SalesforceObject] | None = None,
    salesforce_fields: SearchStrategy[str] | None = None,
    salesforce_types: SearchStrategy[SalesforceFieldType] | None = None,
    rules: SearchStrategy[SyncRule] | None = None,
    locked: SearchStrategy[bool] | None = None,
    formula_references: SearchStrategy[tuple[str, ...] | None] | None = None,
) -> SearchStrategy[FieldMapping]:
    """Field mappings of any types and sync rule (FM-1, FM-2, FM-3, FM-4,
    FM-5), unlocked by default (only OPT-1's mappings are locked), some on
    formula fields (TRIG-2).

    The HubSpot side is a (type, fieldType) pair HubSpot's properties API
    has (`HUBSPOT_FIELD_TYPES`), the field type sometimes left out where the
    type alone decides; *hubspot_field_types* overrides the field type.
    Pairs with the Salesforce type are not filtered: FM-5 decides which are
    valid."""
    names = st.sampled_from(MAPPED_FIELDS)
    rest = st.builds(
        FieldMapping,
        hubspot_object=given_or(hubspot_objects, st.sampled_from(HubSpotObject)),
        hubspot_property=given_or(hubspot_properties, names.map(lambda n: n[0])),
        # Replaced by the drawn pair; a type that needs no field type here.
        hubspot_type=st.just(HubSpotPropertyType.NUMBER),
        salesforce_object=given_or(
            salesforce_objects, st.sampled_from(SalesforceObject)
        ),
        salesforce_field=given_or(salesforce_fields, names.map(lambda n: n[1])),
        salesforce_type=given_or(
            salesforce_types, st.sampled_from(SalesforceFieldType)
        ),
        rule=given_or(rules, st.sampled_from(SyncRule)),
        locked=given_or(locked, st.just(False)),
        formula_references=given_or(
            formula_references,
            optional(
                st.lists(
                    st.sampled_from([sf for _, sf in MAPPED_FIELDS]),
                    min_size=1,
                    max_size=3,
                    unique=True,
                ).map(tuple)
            ),
        ),
    )
    return _typed_mappings(
        given_or(hubspot_types, st.sampled_from(HubSpotPropertyType)),
        hubspot_field_types,
        rest,
    )


def _property_values(name: str) -> SearchStrategy[str]:
    if name == "lifecyclestage":
        return st.sampled_from([stage.value for stage in LifecycleStage])
    if name == "hs_email_optout":
        return st.sampled_from(("true", "false"))
    if name == "email":
        return st.sampled_from(("@acme.com", "acme", ".nl", "JAN@"))
    if name in ("hubspot_owner_id", "salesforceleadid", "salesforcecontactid"):
        return hubspot_ids()
    return names_from(FIRST_NAMES + LAST_NAMES + COMPANY_NAMES)


@st.composite
def _criterion(
    draw: DrawFn, properties: SearchStrategy[str], operators: SearchStrategy[Operator]
) -> Criterion:
    name = draw(properties)
    operator = draw(operators)
    values = _property_values(name)
    if operator in NEEDS_NO_VALUES:
        chosen: tuple[str, ...] = ()
    elif operator in NEEDS_ONE_VALUE:
        chosen = (draw(values),)
    else:
        chosen = tuple(draw(st.lists(values, min_size=1, max_size=3)))
    return Criterion(property=name, operator=operator, values=chosen)


def inclusion_criteria(
    *,
    properties: SearchStrategy[str] | None = None,
    operators: SearchStrategy[Operator] | None = None,
) -> SearchStrategy[Criterion]:
    """Criteria of a `CriteriaInclusionList` over the contact properties the
    model holds, with as many values as each operator takes and values that
    fit the property (lifecycle stages, ``"true"``/``"false"``...)."""
    return _criterion(
        given_or(properties, st.sampled_from(sorted(CONTACT_PROPERTIES))),
        given_or(operators, st.sampled_from(Operator)),
    )


_LIST_NAMES: Final = st.sampled_from(
    ("MQLs only", "Sync to Salesforce", "EMEA contacts", "Not competitors")
)


def static_inclusion_lists(
    *,
    names: SearchStrategy[str] | None = None,
    contact_ids: SearchStrategy[frozenset[str]] | None = None,
) -> SearchStrategy[StaticInclusionList]:
    """Inclusion lists given by their members' ids (SYNC-2)."""
    return st.builds(
        StaticInclusionList,
        name=given_or(names, _LIST_NAMES),
        contact_ids=given_or(contact_ids, st.frozensets(hubspot_ids(), max_size=5)),
    )


def criteria_inclusion_lists(
    *,
    names: SearchStrategy[str] | None = None,
    criteria: SearchStrategy[tuple[Criterion, ...]] | None = None,
) -> SearchStrategy[CriteriaInclusionList]:
    """Active lists of one to three criteria (SYNC-2)."""
    return st.builds(
        CriteriaInclusionList,
        name=given_or(names, _LIST_NAMES),
        criteria=given_or(
            criteria, st.lists(inclusion_criteria(), min_size=1, max_size=3).map(tuple)
        ),
    )


def default_inclusion_lists() -> SearchStrategy[DefaultInclusionList]:
    """SYNC-3's "Salesforce inclusion list (default)"."""
    return st.just(DefaultInclusionList())


def inclusion_lists(
    *, contact_ids: SearchStrategy[frozenset[str]] | None = None
) -> SearchStrategy[InclusionList]:
    """Any of the built-in inclusion lists; *contact_ids* sets a static
    list's members."""
    return st.one_of(
        static_inclusion_lists(contact_ids=contact_ids),
        criteria_inclusion_lists(),
        default_inclusion_lists(),
    )


_LATER_LISTS: Final[SearchStrategy[InclusionList | None]] = st.one_of(
    st.none(), static_inclusion_lists(), criteria_inclusion_lists()
)
_LEGACY_LISTS: Final = _LATER_LISTS | default_inclusion_lists()


@st.composite
def _settings(
    draw: DrawFn,
    fields: SearchStrategy[dict[str, Any]],
    dates: SearchStrategy[dt.date],
    lists: SearchStrategy[InclusionList | None] | None,
) -> IntegrationSettings:
    integrated_on = draw(dates)
    if lists is None:
        # SYNC-3: only portals integrated on or before the day have the
        # default list; later ones have their own list or none.
        legacy = integrated_on <= LEGACY_DEFAULT_LIST_DATE
        lists = _LEGACY_LISTS if legacy else _LATER_LISTS
    return IntegrationSettings(
        integrated_on=integrated_on, inclusion_list=draw(lists), **draw(fields)
    )


def integration_settings(
    *,
    integrated_on: SearchStrategy[dt.date] | None = None,
    editions: SearchStrategy[SalesforceEdition] | None = None,
    government_cloud: SearchStrategy[bool] | None = None,
    api_access: SearchStrategy[bool] | None = None,
    connector_versions: SearchStrategy[ConnectorVersion] | None = None,
    portals: SearchStrategy[int] | None = None,
    contact_creation: SearchStrategy[ContactCreation] | None = None,
    new_records_as: SearchStrategy[SalesforceObject] | None = None,
    company_auto_create: SearchStrategy[bool] | None = None,
    account_sync: SearchStrategy[bool] | None = None,
    automatic_lifecycle_transitions: SearchStrategy[bool] | None = None,
    lifecycle_stage_sync: SearchStrategy[bool] | None = None,
    person_accounts: SearchStrategy[bool] | None = None,
    inclusion_lists: SearchStrategy[InclusionList | None] | None = None,
    deal_sync: SearchStrategy[bool] | None = None,
    synced_pipelines: SearchStrategy[tuple[str, ...]] | None = None,
    mappings: SearchStrategy[tuple[FieldMapping, ...]] | None = None,
    api_call_allocations: SearchStrategy[int | None] | None = None,
) -> SearchStrategy[IntegrationSettings]:
    """Integration settings of every edition and toggle.

    Portals integrated around 2017-06-22 come up often; only those on or
    before it get the default inclusion list (SYNC-3) unless
    *inclusion_lists* says otherwise. Several portals per org (INST-4, INST-5)
    and an API allocation of 0 (ERR-2) are included.
    """
    fields = st.fixed_dictionaries(
        {
            "edition": given_or(editions, st.sampled_from(SalesforceEdition)),
            "government_cloud": given_or(government_cloud, st.booleans()),
            "api_access": given_or(api_access, st.booleans()),
            "connector_version": given_or(connector_versions, _connector_versions()),
            "portals": given_or(portals, st.just(1) | st.integers(2, 5)),
            "contact_creation": given_or(
                contact_creation, st.sampled_from(ContactCreation)
            ),
            "new_records_as": given_or(
                new_records_as,
                st.sampled_from((SalesforceObject.LEAD, SalesforceObject.CONTACT)),
            ),
            "company_auto_create": given_or(company_auto_create, st.booleans()),
            "account_sync": given_or(account_sync, st.booleans()),
            "automatic_lifecycle_transitions": given_or(
                automatic_lifecycle_transitions, st.booleans()
            ),
            "lifecycle_stage_sync": given_or(lifecycle_stage_sync, st.booleans()),
            "person_accounts": given_or(person_accounts, st.booleans()),
            "deal_sync": given_or(deal_sync, st.booleans()),
            "synced_pipelines": given_or(
                synced_pipelines, st.lists(PIPELINES, unique=True).map(tuple)
            ),
            "mappings": given_or(
                mappings,
                st.lists(
                    field_mappings(),
                    max_size=4,
                    unique_by=lambda m: (
                        m.hubspot_object,
                        m.hubspot_property,
                        m.salesforce_object,
                    ),
                ).map(tuple),
            ),
            "api_call_allocation": given_or(
                api_call_allocations, optional(st.integers(0, 10**6))
            ),
        }
    )
    return _settings(
        fields, given_or(integrated_on, integration_dates()), inclusion_lists
    )


# The parameter of `integration_settings` shadows the public function.
_connector_versions: Final = connector_versions


_DETAILS: Final = st.builds(
    "{} {} has {} {!r}.".format,
    st.sampled_from(("HubSpot contact", "Salesforce lead", "Salesforce user")),
    hubspot_ids(),
    st.sampled_from(("email", "lifecycle stage", "owner")),
    names_from(FIRST_NAMES),
)


def reasons(
    *,
    rules: SearchStrategy[str] | None = None,
    details: SearchStrategy[str] | None = None,
) -> SearchStrategy[Reason]:
    """Reasons citing catalogue rules with a one-sentence detail."""
    return st.builds(
        Reason,
        rule=given_or(rules, st.sampled_from(sorted(RULES))),
        detail=given_or(details, _DETAILS),
    )
