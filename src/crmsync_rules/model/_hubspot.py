"""HubSpot's side of the sync: contacts, companies, deals and owners.

Field names follow Python style; the codec maps them to and from HubSpot's
internal property names (``lifecyclestage``, ``hubspot_owner_id``,
``hs_email_optout``...). Enum values are HubSpot's own internal values, so a
value read from the API needs no translation table.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from ._errors import InvalidRecordError
from ._properties import (
    EMPTY_HISTORY,
    EMPTY_PROPERTIES,
    Properties,
    PropertyHistory,
    as_history,
    as_properties,
)
from ._salesforce_ids import salesforce_id_key
from ._validators import (
    nonempty_id,
    optional_aware_time,
    optional_nonempty_id,
    optional_salesforce_id,
)

__all__ = [
    "HubSpotCompany",
    "HubSpotContact",
    "HubSpotDeal",
    "HubSpotObject",
    "HubSpotOwner",
    "LifecycleStage",
]


class LifecycleStage(str, enum.Enum):
    """HubSpot's default lifecycle stages, in funnel order, by internal value."""

    SUBSCRIBER = "subscriber"
    LEAD = "lead"
    MARKETING_QUALIFIED_LEAD = "marketingqualifiedlead"
    SALES_QUALIFIED_LEAD = "salesqualifiedlead"
    OPPORTUNITY = "opportunity"
    CUSTOMER = "customer"
    EVANGELIST = "evangelist"
    OTHER = "other"


class HubSpotObject(str, enum.Enum):
    """HubSpot CRM object types that take part in the sync."""

    CONTACT = "contacts"
    COMPANY = "companies"
    DEAL = "deals"


def _not_the_lead(
    instance: HubSpotContact, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    """A lead and a contact never share an id in Salesforce (an id's first
    three characters name its object), so a contact naming one id as both is
    a corrupt record, not a pair to guess at (DUP-7: either form)."""
    lead = instance.salesforce_lead_id
    if (
        value is not None
        and lead is not None
        and salesforce_id_key(value) == salesforce_id_key(lead)
    ):
        raise InvalidRecordError(
            "names the same Salesforce record as salesforce_lead_id; a lead and "
            "a contact never share an id",
            record=instance.id,
            field=attribute.name,
            value=value,
        )


@attrs.frozen(kw_only=True)
class HubSpotContact:
    """A HubSpot contact.

    ``company`` is the free-text "Company name" property (CN-2), distinct from
    ``company_ids``, the associated company records (the first is the
    primary association). ``unsubscribed`` is "Unsubscribed from all email"
    (``hs_email_optout``, OPT-1). ``salesforce_lead_id`` and
    ``salesforce_contact_id`` record which Salesforce record the contact
    already syncs with; a contact with neither has never synced (OPT-4).
    """

    id: str = attrs.field(validator=nonempty_id)
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    lifecycle_stage: LifecycleStage | None = None
    owner_id: str | None = attrs.field(default=None, validator=optional_nonempty_id)
    unsubscribed: bool = False
    company_ids: tuple[str, ...] = ()
    salesforce_lead_id: str | None = attrs.field(
        default=None, validator=optional_salesforce_id
    )
    salesforce_contact_id: str | None = attrs.field(
        default=None, validator=[optional_salesforce_id, _not_the_lead]
    )
    created_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    updated_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    properties: Properties = attrs.field(
        default=EMPTY_PROPERTIES, converter=as_properties
    )
    history: PropertyHistory = attrs.field(default=EMPTY_HISTORY, converter=as_history)

    @property
    def salesforce_id(self) -> str | None:
        """The id of the Salesforce record this contact syncs with, if any."""
        return self.salesforce_contact_id or self.salesforce_lead_id


@attrs.frozen(kw_only=True)
class HubSpotCompany:
    """A HubSpot company.

    ``salesforce_account_id`` is the account the company is linked to; once
    set it never changes to another account (DUP-3).
    """

    id: str = attrs.field(validator=nonempty_id)
    name: str | None = None
    domain: str | None = None
    owner_id: str | None = attrs.field(default=None, validator=optional_nonempty_id)
    lifecycle_stage: LifecycleStage | None = None
    salesforce_account_id: str | None = attrs.field(
        default=None, validator=optional_salesforce_id
    )
    created_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    updated_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    properties: Properties = attrs.field(
        default=EMPTY_PROPERTIES, converter=as_properties
    )
    history: PropertyHistory = attrs.field(default=EMPTY_HISTORY, converter=as_history)


@attrs.frozen(kw_only=True)
class HubSpotDeal:
    """A HubSpot deal: ``pipeline`` and ``stage`` are internal ids."""

    id: str = attrs.field(validator=nonempty_id)
    name: str | None = None
    pipeline: str = "default"
    stage: str | None = None
    owner_id: str | None = attrs.field(default=None, validator=optional_nonempty_id)
    company_ids: tuple[str, ...] = ()
    contact_ids: tuple[str, ...] = ()
    salesforce_opportunity_id: str | None = attrs.field(
        default=None, validator=optional_salesforce_id
    )
    created_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    updated_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    properties: Properties = attrs.field(
        default=EMPTY_PROPERTIES, converter=as_properties
    )
    history: PropertyHistory = attrs.field(default=EMPTY_HISTORY, converter=as_history)


@attrs.frozen(kw_only=True)
class HubSpotOwner:
    """A HubSpot owner (a user who can own records).

    OWN-4 matches it to a Salesforce user by ``name`` and ``email``.
    """

    id: str = attrs.field(validator=nonempty_id)
    email: str
    first_name: str | None = None
    last_name: str | None = None
    archived: bool = False
    created_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    updated_at: dt.datetime | None = attrs.field(
        default=None, validator=optional_aware_time
    )
    properties: Properties = attrs.field(
        default=EMPTY_PROPERTIES, converter=as_properties
    )

    @property
    def name(self) -> str:
        """First and last name joined by a space, as HubSpot shows it."""
        return " ".join(p for p in (self.first_name, self.last_name) if p)
