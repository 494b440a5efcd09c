"""The kinds of record the library reads: one table, `RECORD_KINDS`, so
that the codec, the planner and the tools agree on each kind's class,
system, API object, NDJSON name, label, email field and snapshot group, and
on their order (the planner decides records in this order: Salesforce users
and queues after every record they may own, OWN-1)."""

from __future__ import annotations

from typing import Any, Final, Literal

import attrs

from ._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotObject,
    HubSpotOwner,
)
from ._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
)
from ._settings import IntegrationSettings

__all__ = [
    "NDJSON_TYPES",
    "RECORD_KINDS",
    "RecordKind",
    "kind_named",
    "kind_of",
]


@attrs.frozen(kw_only=True)
class RecordKind:
    """One kind of record: its class and how every part of the library
    names it.

    >>> kind_of(SalesforceAccount).label, kind_of(SalesforceAccount).email_field
    ('Salesforce account', 'person_email')
    """

    cls: type[Any]
    """The record class (`HubSpotContact`...)."""
    system: Literal["hubspot", "salesforce"]
    """The system that holds such records."""
    api_object: HubSpotObject | SalesforceObject | None
    """The object of the system's API, where the sync has one (owners,
    users and queues have none)."""
    ndjson: str
    """The ``type`` of its NDJSON lines (``"hubspot_contact"``), also the
    ``record_type`` of its plan entries."""
    label: str
    """How sentences name it (``"HubSpot contact"``)."""
    person: bool
    """Whether a record of this kind is a person the sync matches by email
    (HubSpot contacts, Salesforce leads and contacts)."""
    email_field: str | None
    """The field that holds its email address, if any."""
    group: str
    """Its key in the snapshot JSON under its system (``"contacts"``), the
    field of `HubSpotRecords` or `SalesforceRecords` that holds it."""


def _kind(
    cls: type[Any],
    api_object: HubSpotObject | SalesforceObject | None,
    group: str,
    *,
    person: bool = False,
    email_field: str | None = None,
) -> RecordKind:
    system: Literal["hubspot", "salesforce"] = (
        "hubspot" if cls.__name__.startswith("HubSpot") else "salesforce"
    )
    noun = cls.__name__.removeprefix("HubSpot").removeprefix("Salesforce").lower()
    return RecordKind(
        cls=cls,
        system=system,
        api_object=api_object,
        ndjson=f"{system}_{noun}",
        label=f"{'HubSpot' if system == 'hubspot' else 'Salesforce'} {noun}",
        person=person,
        email_field=email_field,
        group=group,
    )


RECORD_KINDS: Final[tuple[RecordKind, ...]] = (
    _kind(
        HubSpotContact,
        HubSpotObject.CONTACT,
        "contacts",
        person=True,
        email_field="email",
    ),
    _kind(HubSpotCompany, HubSpotObject.COMPANY, "companies"),
    _kind(HubSpotDeal, HubSpotObject.DEAL, "deals"),
    _kind(HubSpotOwner, None, "owners", email_field="email"),
    _kind(
        SalesforceLead, SalesforceObject.LEAD, "leads", person=True, email_field="email"
    ),
    _kind(
        SalesforceContact,
        SalesforceObject.CONTACT,
        "contacts",
        person=True,
        email_field="email",
    ),
    _kind(
        SalesforceAccount,
        SalesforceObject.ACCOUNT,
        "accounts",
        email_field="person_email",
    ),
    _kind(SalesforceOpportunity, SalesforceObject.OPPORTUNITY, "opportunities"),
    _kind(SalesforceUser, None, "users", email_field="email"),
    _kind(SalesforceQueue, None, "queues", email_field="email"),
)
"""Every kind of record, once, in planning order: HubSpot's, then
Salesforce's, with users and queues after every record they may own
(OWN-1 needs to know whether such a record syncs). Snapshot groups and
NDJSON names are listed in this order too."""

_BY_CLASS: Final = {kind.cls: kind for kind in RECORD_KINDS}
_BY_NAME: Final = {kind.ndjson: kind for kind in RECORD_KINDS}


def kind_of(cls: type[Any], /) -> RecordKind:
    """The kind of the records of class *cls*; `KeyError` for a class that
    is no record's.

    >>> kind_of(HubSpotContact).ndjson
    'hubspot_contact'
    """
    return _BY_CLASS[cls]


def kind_named(name: str, /) -> RecordKind | None:
    """The kind whose NDJSON name is *name*, or ``None``.

    >>> kind_named("salesforce_user").cls.__name__
    'SalesforceUser'
    >>> kind_named("settings") is None
    True
    """
    return _BY_NAME.get(name)


NDJSON_TYPES: Final[dict[str, type[Any]]] = {
    "settings": IntegrationSettings,
    **{kind.ndjson: kind.cls for kind in RECORD_KINDS},
}
"""The ``type`` of each NDJSON line and the class its other keys build: the
settings, then every kind of record in `RECORD_KINDS`."""
