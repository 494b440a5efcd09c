"""The real APIs' names for the fields the library reads by name: each
HubSpot property's internal name and each Salesforce field's API name, with
the record attribute that holds it and its kind. The one translation table:
the codec reads payloads with it, and the field-level rules read a mapped
property or field's value with it (a name it lacks is in the record's
``properties``).
"""

from __future__ import annotations

from typing import Any, Final

from ._hubspot import HubSpotObject, LifecycleStage
from ._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
    UserType,
)

__all__ = [
    "CONTACT_PROPERTIES",
    "CONTACT_ROLE_FIELDS",
    "HUBSPOT_OWNER_FIELDS",
    "HUBSPOT_PROPERTIES",
    "SALESFORCE_FIELDS",
    "Field",
]

# Tables of (API name, attribute, kind). Kind is str, bool or an enum class.
# HubSpot sends every property value as a string ("true", "") or null;
# Salesforce sends JSON booleans. In both, "" and null mean "no value".

Field = tuple[str, str, type[Any]]

HUBSPOT_PROPERTIES: Final[dict[HubSpotObject, tuple[Field, ...]]] = {
    HubSpotObject.CONTACT: (
        ("email", "email", str),
        ("firstname", "first_name", str),
        ("lastname", "last_name", str),
        ("company", "company", str),
        ("lifecyclestage", "lifecycle_stage", LifecycleStage),
        ("hubspot_owner_id", "owner_id", str),
        ("hs_email_optout", "unsubscribed", bool),
        ("salesforceleadid", "salesforce_lead_id", str),
        ("salesforcecontactid", "salesforce_contact_id", str),
    ),
    HubSpotObject.COMPANY: (
        ("name", "name", str),
        ("domain", "domain", str),
        ("hubspot_owner_id", "owner_id", str),
        ("lifecyclestage", "lifecycle_stage", LifecycleStage),
        ("salesforceaccountid", "salesforce_account_id", str),
    ),
    HubSpotObject.DEAL: (
        ("dealname", "name", str),
        ("pipeline", "pipeline", str),
        ("dealstage", "stage", str),
        ("hubspot_owner_id", "owner_id", str),
        ("salesforceopportunityid", "salesforce_opportunity_id", str),
    ),
}
HUBSPOT_OWNER_FIELDS: Final[tuple[Field, ...]] = (
    ("email", "email", str),
    ("firstName", "first_name", str),
    ("lastName", "last_name", str),
    ("archived", "archived", bool),
)
SALESFORCE_FIELDS: Final[dict[str, tuple[type[Any], tuple[Field, ...]]]] = {
    "Lead": (
        SalesforceLead,
        (
            ("Email", "email", str),
            ("FirstName", "first_name", str),
            ("LastName", "last_name", str),
            ("Company", "company", str),
            ("OwnerId", "owner_id", str),
            ("HasOptedOutOfEmail", "has_opted_out_of_email", bool),
            ("IsConverted", "is_converted", bool),
            ("ConvertedAccountId", "converted_account_id", str),
            ("ConvertedContactId", "converted_contact_id", str),
        ),
    ),
    "Contact": (
        SalesforceContact,
        (
            ("Email", "email", str),
            ("FirstName", "first_name", str),
            ("LastName", "last_name", str),
            ("AccountId", "account_id", str),
            ("OwnerId", "owner_id", str),
            ("HasOptedOutOfEmail", "has_opted_out_of_email", bool),
            ("IsPersonAccount", "is_person_account", bool),
        ),
    ),
    "Account": (
        SalesforceAccount,
        (
            ("Name", "name", str),
            ("OwnerId", "owner_id", str),
            ("RecordTypeId", "record_type_id", str),
            ("IsPersonAccount", "is_person_account", bool),
            ("FirstName", "first_name", str),
            ("LastName", "last_name", str),
            ("PersonEmail", "person_email", str),
            ("PersonContactId", "person_contact_id", str),
            ("PersonHasOptedOutOfEmail", "person_has_opted_out_of_email", bool),
        ),
    ),
    "Opportunity": (
        SalesforceOpportunity,
        (
            ("Name", "name", str),
            ("AccountId", "account_id", str),
            ("StageName", "stage_name", str),
            ("IsClosed", "is_closed", bool),
            ("IsWon", "is_won", bool),
            ("OwnerId", "owner_id", str),
            ("RecordTypeId", "record_type_id", str),
        ),
    ),
    "User": (
        SalesforceUser,
        (
            ("Email", "email", str),
            ("FirstName", "first_name", str),
            ("LastName", "last_name", str),
            ("Name", "full_name", str),
            ("UserType", "user_type", UserType),
            ("IsActive", "is_active", bool),
        ),
    ),
    "Group": (
        SalesforceQueue,
        (("Name", "name", str), ("Email", "email", str)),
    ),
}
CONTACT_ROLE_FIELDS: Final[tuple[Field, ...]] = (
    ("ContactId", "contact_id", str),
    ("Role", "role", str),
    ("IsPrimary", "is_primary", bool),
)

CONTACT_PROPERTIES: Final[dict[str, str]] = {
    api: attribute for api, attribute, _ in HUBSPOT_PROPERTIES[HubSpotObject.CONTACT]
}
"""HubSpot's internal contact property names and the `HubSpotContact`
attributes that hold them (read off `HUBSPOT_PROPERTIES`), used by
property-based inclusion-list criteria."""
