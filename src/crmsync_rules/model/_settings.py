"""Integration settings and field mappings.

`IntegrationSettings` holds every toggle the rule catalogue names, with the
values of a fresh installation as defaults, except ``integrated_on``, which
decides SYNC-3 and so must always be given. `FieldMapping` pairs one HubSpot
property with one Salesforce field and carries its sync rule (FM-1, FM-2,
FM-3, FM-4); the two opt-out mappings of OPT-1 exist in every installation
and are locked. The types a mapping pairs are in `_field_types`.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import warnings
from typing import Final, cast

import attrs

from crmsync_rules.typing import InclusionList

from ._catalogue import Reason
from ._errors import InvalidSettingsError
from ._field_types import (
    TYPE_OF_OLD_SPELLING,
    HubSpotFieldType,
    HubSpotPropertyType,
    SalesforceFieldType,
)
from ._hubspot import HubSpotObject
from ._salesforce import SalesforceObject

__all__ = [
    "OPT_OUT_MAPPINGS",
    "ConnectorVersion",
    "ContactCreation",
    "FieldMapping",
    "IntegrationSettings",
    "MappingProblem",
    "SalesforceEdition",
    "SyncRule",
]


class SalesforceEdition(str, enum.Enum):
    """Salesforce editions by ``Organization.OrganizationType``. Group Edition
    reports itself as ``"Team Edition"`` (INST-2), Essentials as ``"Base
    Edition"``.

    Any spelling people type finds its edition: the API value, the UI
    `label` or the member name, in any case, with or without " Edition",
    spaces, underscores and hyphens alike; an unknown one raises
    `InvalidSettingsError` listing every accepted spelling.

    >>> SalesforceEdition("Group") is SalesforceEdition("team edition")
    True
    >>> SalesforceEdition("contact_manager").label
    'Contact Manager Edition'
    """

    GROUP = "Team Edition"
    ESSENTIALS = "Base Edition"
    PROFESSIONAL = "Professional Edition"
    ENTERPRISE = "Enterprise Edition"
    UNLIMITED = "Unlimited Edition"
    PERFORMANCE = "Performance Edition"
    DEVELOPER = "Developer Edition"
    PERSONAL = "Personal Edition"
    CONTACT_MANAGER = "Contact Manager Edition"

    @property
    def label(self) -> str:
        """The edition's name in Salesforce's UI, e.g. ``"Group Edition"``."""
        return f"{self.name.replace('_', ' ').title()} Edition"

    @classmethod
    def _missing_(cls, value: object) -> SalesforceEdition:
        # Called only when *value* is not an API value as written.
        wanted = _edition_key(value) if isinstance(value, str) else None
        spellings = []
        for edition in cls:
            texts = dict.fromkeys((edition.label, edition.name, edition.value))
            if wanted and wanted in {_edition_key(t) for t in texts}:
                return edition
            spellings.append(", ".join(map(repr, texts)))
        raise InvalidSettingsError(
            f"edition must be a Salesforce edition, got {value!r}; accepted "
            "spellings, in any case and with or without ' Edition': "
            + "; ".join(spellings)
        )


def _edition_key(text: str) -> str:
    words = text.replace("_", " ").replace("-", " ").casefold().split()
    if words[-1:] == ["edition"]:
        words.pop()
    return " ".join(words)


class ContactCreation(str, enum.Enum):
    """The "Create contacts in HubSpot" setting for new Salesforce leads and
    contacts (SYNC-4, INST-5). HubSpot offers variants of "create"; for the
    rules they all behave as ``CREATE``."""

    DONT_CREATE = "dont_create"
    CREATE = "create"


class SyncRule(str, enum.Enum):
    """A field mapping's sync rule (FM-1, FM-2, FM-3, FM-4)."""

    PREFER_SALESFORCE_UNLESS_BLANK = "prefer_salesforce_unless_blank"
    ALWAYS_USE_SALESFORCE = "always_use_salesforce"
    TWO_WAY = "two_way"
    DONT_SYNC = "dont_sync"


_VERSION = re.compile(r"\d+(\.\d+)*")


@attrs.frozen(order=True)
class ConnectorVersion:
    """A connector package version, compared numerically (INST-4):
    ``2.100 > 2.60 > 2.6``.

    Trailing zero components beyond the second are dropped, so ``2.60.0``
    equals ``2.60``; a lone major version is read as ``N.0``.
    """

    parts: tuple[int, ...]

    @classmethod
    def parse(cls, text: str, /) -> ConnectorVersion:
        """Read ``"2.60"``-style text; raises `InvalidSettingsError` otherwise."""
        if not isinstance(text, str) or not _VERSION.fullmatch(text.strip()):
            raise InvalidSettingsError(
                f"connector_version must be dotted numbers like '2.60', got {text!r}"
            )
        parts = [int(p) for p in text.strip().split(".")]
        while len(parts) > 2 and parts[-1] == 0:
            parts.pop()
        if len(parts) == 1:
            parts.append(0)
        return cls(tuple(parts))

    def __str__(self) -> str:
        return ".".join(str(p) for p in self.parts)


def _version(value: ConnectorVersion | str) -> ConnectorVersion:
    return (
        value if isinstance(value, ConnectorVersion) else ConnectorVersion.parse(value)
    )


def _hubspot_type(
    value: HubSpotPropertyType | HubSpotFieldType,
) -> HubSpotPropertyType:
    # An old one-word spelling passes through; `FieldMapping` splits it into
    # the pair once the field type is known too (`__attrs_post_init__`).
    return cast(HubSpotPropertyType, value)


@attrs.frozen(kw_only=True)
class FieldMapping:
    """One HubSpot property mapped to one Salesforce field of one object.

    The property is described as HubSpot's properties API does: its
    ``hubspot_type`` (`HubSpotPropertyType`, e.g. ``enumeration``) and its
    ``hubspot_field_type`` (`HubSpotFieldType`, e.g. ``checkbox``); FM-5
    decides on the pair. The field type may be left out where the type has
    one shape (``bool``, ``number``, ``date``, ``datetime``); an
    ``enumeration`` or ``string`` needs it. An old one-word spelling as
    ``hubspot_type`` (``HubSpotPropertyType.TEXT``, ``"select"``) is read as
    the pair it names.

    ``locked`` marks the opt-out mappings of OPT-1. ``formula_references``
    is set when the Salesforce field is a formula: the fields it reads
    (TRIG-2).
    """

    hubspot_object: HubSpotObject
    hubspot_property: str
    hubspot_type: HubSpotPropertyType = attrs.field(converter=_hubspot_type)
    hubspot_field_type: HubSpotFieldType | None = None
    salesforce_object: SalesforceObject
    salesforce_field: str
    salesforce_type: SalesforceFieldType
    rule: SyncRule = SyncRule.PREFER_SALESFORCE_UNLESS_BLANK
    locked: bool = False
    formula_references: tuple[str, ...] | None = None

    def __attrs_post_init__(self) -> None:
        given: HubSpotPropertyType | HubSpotFieldType = self.hubspot_type
        if isinstance(given, HubSpotFieldType):
            kind = TYPE_OF_OLD_SPELLING[given]
            if self.hubspot_field_type not in (None, given):
                raise InvalidSettingsError(
                    f"hubspot_type {given.value!r} is an old spelling of type "
                    f"{kind.value!r} with fieldType {given.value!r}, which "
                    "contradicts hubspot_field_type "
                    f"{self.hubspot_field_type.value!r}"
                )
            # Frozen: the pair is settled here, once, as attrs allows.
            object.__setattr__(self, "hubspot_type", kind)
            object.__setattr__(self, "hubspot_field_type", given)
        elif self.hubspot_field_type is None and given in (
            HubSpotPropertyType.ENUMERATION,
            HubSpotPropertyType.STRING,
        ):
            meant = (
                "a dropdown select"
                if given is HubSpotPropertyType.ENUMERATION
                else "text"
            )
            warnings.warn(
                f"FieldMapping {self}: hubspot_type {given.value!r} alone no "
                f"longer means {meant}; HubSpot shows that type in several "
                "ways that FM-5 tells apart, so give hubspot_field_type "
                "(HubSpot's fieldType) too, or mapping_problems refuses the "
                "mapping",
                DeprecationWarning,
                stacklevel=3,
            )

    @property
    def hubspot_shape(self) -> HubSpotFieldType | HubSpotPropertyType:
        """The most telling description of the property: its field type
        when known, else its type."""
        return self.hubspot_field_type or self.hubspot_type

    def __str__(self) -> str:
        return (
            f"{self.hubspot_object.value}.{self.hubspot_property} "
            f"({self.hubspot_shape.value}) <-> "
            f"{self.salesforce_object.value}.{self.salesforce_field} "
            f"({self.salesforce_type.value})"
        )


OPT_OUT_MAPPINGS: Final = tuple(
    FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property="hs_email_optout",
        hubspot_type=HubSpotPropertyType.BOOL,
        hubspot_field_type=HubSpotFieldType.BOOLEAN_CHECKBOX,
        salesforce_object=obj,
        salesforce_field="HasOptedOutOfEmail",
        salesforce_type=SalesforceFieldType.BOOLEAN,
        rule=SyncRule.TWO_WAY,
        locked=True,
    )
    for obj in (SalesforceObject.LEAD, SalesforceObject.CONTACT)
)
"""The locked "Unsubscribed from all email" <-> "Email Opt Out" mappings
(OPT-1), one per Salesforce object a HubSpot contact syncs with."""


def touches_opt_out(mapping: FieldMapping, /) -> bool:
    """Whether *mapping* uses the opt-out property or field of OPT-1 on either
    side: the one definition the mapping table and `check_optout_mapping`
    share."""
    return (
        mapping.hubspot_object is HubSpotObject.CONTACT
        and mapping.hubspot_property == OPT_OUT_MAPPINGS[0].hubspot_property
    ) or (
        mapping.salesforce_object in (SalesforceObject.LEAD, SalesforceObject.CONTACT)
        and mapping.salesforce_field == OPT_OUT_MAPPINGS[0].salesforce_field
    )


def _positive(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise InvalidSettingsError(
            f"{attribute.name} must be at least 1, got {value!r}"
        )


def _lead_or_contact(
    _instance: object, attribute: attrs.Attribute[SalesforceObject], value: object
) -> None:
    if value not in (SalesforceObject.LEAD, SalesforceObject.CONTACT):
        raise InvalidSettingsError(
            f"{attribute.name} must be SalesforceObject.LEAD or "
            f"SalesforceObject.CONTACT, got {value!r}"
        )


def _optional_nonnegative(
    _instance: object, attribute: attrs.Attribute[int | None], value: int | None
) -> None:
    if value is not None and value < 0:
        raise InvalidSettingsError(
            f"{attribute.name} must be None or at least 0, got {value!r}"
        )


def _optional_nonempty(
    _instance: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is not None and (not value or value.isspace()):
        raise InvalidSettingsError(
            f"{attribute.name} must be None or a non-empty id, got {value!r}"
        )


@attrs.frozen(kw_only=True)
class IntegrationSettings:
    """Everything the rules need to know about one portal's integration.

    * installation (INST): ``edition``, ``government_cloud``, ``api_access``,
      ``connector_version``, ``portals`` (how many portals share the org);
    * contacts (SYNC, CN, CO): ``integrated_on``, ``inclusion_list``,
      ``contact_creation`` (Salesforce -> HubSpot), ``new_records_as``
      (HubSpot -> Salesforce: leads or contacts), ``company_auto_create``;
    * accounts, lifecycle and person accounts (DUP, LC, PA): ``account_sync``,
      ``automatic_lifecycle_transitions``, ``lifecycle_stage_sync``,
      ``person_accounts``;
    * deals (DEAL): ``deal_sync``, ``synced_pipelines``;
    * field mappings (FM) beyond the locked opt-out ones: ``mappings``;
    * API budget (ERR-2): ``api_call_allocation`` (``None``: not set);
    * owners (OWN-6): ``integration_user_id``, the Salesforce user HubSpot
      connects as, who gets new accounts and opportunities whose HubSpot
      owner matches no active user (``None``: not named, and the reasons say
      "the integration user").
    """

    integrated_on: dt.date
    edition: SalesforceEdition = SalesforceEdition.ENTERPRISE
    government_cloud: bool = False
    api_access: bool = True
    connector_version: ConnectorVersion = attrs.field(
        default=ConnectorVersion((3, 0)), converter=_version
    )
    portals: int = attrs.field(default=1, validator=_positive)
    contact_creation: ContactCreation = ContactCreation.DONT_CREATE
    new_records_as: SalesforceObject = attrs.field(
        default=SalesforceObject.LEAD, validator=_lead_or_contact
    )
    company_auto_create: bool = False
    account_sync: bool = False
    automatic_lifecycle_transitions: bool = False
    lifecycle_stage_sync: bool = False
    person_accounts: bool = False
    inclusion_list: InclusionList | None = None
    deal_sync: bool = False
    synced_pipelines: tuple[str, ...] = ()
    mappings: tuple[FieldMapping, ...] = ()
    api_call_allocation: int | None = attrs.field(
        default=None, validator=_optional_nonnegative
    )
    integration_user_id: str | None = attrs.field(
        default=None, validator=_optional_nonempty
    )


@attrs.frozen(kw_only=True)
class MappingProblem:
    """One reason a mapping is refused: the ``mapping``, the catalogue
    ``rule`` it breaks, and a ``detail`` sentence naming both fields and their
    types."""

    mapping: FieldMapping
    rule: str
    detail: str

    @property
    def reason(self) -> Reason:
        """The problem as a `Reason`."""
        return Reason(rule=self.rule, detail=self.detail)

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"
