"""Salesforce's side of the sync: leads, contacts, accounts (business and
person accounts), opportunities with contact roles, users and queues.

Field names follow Python style; the codec maps them to and from Salesforce's
API names (``Id``, ``Email``, ``HasOptedOutOfEmail``, ``IsPersonAccount``...).
Enum values are Salesforce's own picklist values.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from ._properties import EMPTY_PROPERTIES, Properties, as_properties
from ._validators import optional_aware_time, optional_salesforce_id, salesforce_id

__all__ = [
    "OpportunityContactRole",
    "SalesforceAccount",
    "SalesforceContact",
    "SalesforceLead",
    "SalesforceObject",
    "SalesforceOpportunity",
    "SalesforceQueue",
    "SalesforceUser",
    "UserType",
]


class SalesforceObject(str, enum.Enum):
    """Salesforce object types, by API name."""

    LEAD = "Lead"
    CONTACT = "Contact"
    ACCOUNT = "Account"
    OPPORTUNITY = "Opportunity"


class UserType(str, enum.Enum):
    """The ``User.UserType`` picklist. OWN-1 counts Standard, PowerPartner and
    Guest users as owners; the others are community and portal licences."""

    STANDARD = "Standard"
    POWER_PARTNER = "PowerPartner"
    POWER_CUSTOMER_SUCCESS = "PowerCustomerSuccess"
    CUSTOMER_SUCCESS = "CustomerSuccess"
    GUEST = "Guest"
    CSP_LITE_PORTAL = "CspLitePortal"
    CSN_ONLY = "CsnOnly"
    SELF_SERVICE = "SelfService"


@attrs.frozen(kw_only=True)
class SalesforceLead:
    """A Salesforce lead. ``company`` is the Company text field (CN-1)."""

    id: str = attrs.field(validator=salesforce_id)
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    owner_id: str | None = attrs.field(default=None, validator=optional_salesforce_id)
    has_opted_out_of_email: bool = False
    is_converted: bool = False
    converted_account_id: str | None = attrs.field(
        default=None, validator=optional_salesforce_id
    )
    converted_contact_id: str | None = attrs.field(
        default=None, validator=optional_salesforce_id
    )
    created_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    updated_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    system_modstamp: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    properties: Properties = attrs.field(
        default=EMPTY_PROPERTIES, converter=as_properties
    )


@attrs.frozen(kw_only=True)
class SalesforceContact:
    """A Salesforce contact. ``account_id`` is the Account Name lookup (CN-1).

    ``is_person_account`` marks the hidden contact Salesforce keeps behind a
    person account (PA-1).
    """

    id: str = attrs.field(validator=salesforce_id)
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    account_id: str | None = attrs.field(default=None, validator=optional_salesforce_id)
    owner_id: str | None = attrs.field(default=None, validator=optional_salesforce_id)
    has_opted_out_of_email: bool = False
    is_person_account: bool = False
    created_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    updated_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    system_modstamp: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    properties: Properties = attrs.field(
        default=EMPTY_PROPERTIES, converter=as_properties
    )


@attrs.frozen(kw_only=True)
class SalesforceAccount:
    """A Salesforce account: a business account, or a person account (PA-1).

    A person account is marked by ``is_person_account`` (and its
    ``record_type_id``); it carries the person's fields (``first_name``,
    ``last_name``, ``person_email``...) and has no associated contacts, only
    the hidden contact ``person_contact_id``.
    """

    id: str = attrs.field(validator=salesforce_id)
    name: str | None = None
    owner_id: str | None = attrs.field(default=None, validator=optional_salesforce_id)
    record_type_id: str | None = None
    is_person_account: bool = False
    first_name: str | None = None
    last_name: str | None = None
    person_email: str | None = None
    person_contact_id: str | None = attrs.field(
        default=None, validator=optional_salesforce_id
    )
    person_has_opted_out_of_email: bool = False
    created_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    updated_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    system_modstamp: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    properties: Properties = attrs.field(
        default=EMPTY_PROPERTIES, converter=as_properties
    )


@attrs.frozen(kw_only=True)
class OpportunityContactRole:
    """Links a contact to an opportunity (LC-3, DEAL-3)."""

    contact_id: str = attrs.field(validator=salesforce_id)
    role: str | None = None
    is_primary: bool = False


@attrs.frozen(kw_only=True)
class SalesforceOpportunity:
    """A Salesforce opportunity with its contact roles."""

    id: str = attrs.field(validator=salesforce_id)
    name: str | None = None
    account_id: str | None = attrs.field(default=None, validator=optional_salesforce_id)
    stage_name: str | None = None
    is_closed: bool = False
    is_won: bool = False
    owner_id: str | None = attrs.field(default=None, validator=optional_salesforce_id)
    record_type_id: str | None = None
    contact_roles: tuple[OpportunityContactRole, ...] = ()
    created_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    updated_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    system_modstamp: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    properties: Properties = attrs.field(
        default=EMPTY_PROPERTIES, converter=as_properties
    )

    @property
    def is_closed_won(self) -> bool:
        """Closed and won, the state LC-2 reacts to."""
        return self.is_closed and self.is_won


@attrs.frozen(kw_only=True)
class SalesforceUser:
    """A Salesforce user: a possible record owner (OWN-1, OWN-4).

    ``full_name`` is Salesforce's ``Name`` field (the "Full Name" the user
    list shows); a ``SELECT Id, Name, Email ... FROM User`` export has only
    that. ``first_name`` and ``last_name`` are ``FirstName`` and
    ``LastName``. OWN-4 matches on `name`.
    """

    id: str = attrs.field(validator=salesforce_id)
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    full_name: str | None = None
    user_type: UserType = UserType.STANDARD
    is_active: bool = True
    created_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    updated_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    system_modstamp: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    properties: Properties = attrs.field(
        default=EMPTY_PROPERTIES, converter=as_properties
    )

    @property
    def name(self) -> str:
        """The user's name: ``full_name`` when it holds one, else first and
        last name joined by a space (what Salesforce's ``Name`` holds for
        them); ``""`` for a user with no name at all.

        >>> SalesforceUser(id="005A", full_name="Grace Hopper").name
        'Grace Hopper'
        >>> SalesforceUser(id="005A", first_name="Grace", last_name="Hopper").name
        'Grace Hopper'
        """
        if self.full_name is not None and self.full_name.strip():
            return self.full_name
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@attrs.frozen(kw_only=True)
class SalesforceQueue:
    """A Salesforce queue (a ``Group`` of type ``Queue``): it can own records
    and counts as an owner (OWN-1)."""

    id: str = attrs.field(validator=salesforce_id)
    name: str
    email: str | None = None
    created_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    updated_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    system_modstamp: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    properties: Properties = attrs.field(
        default=EMPTY_PROPERTIES, converter=as_properties
    )
