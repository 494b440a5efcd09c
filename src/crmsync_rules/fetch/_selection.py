"""What a fetch asks for: exactly the properties and fields that the
settings' mappings and the rules read, and nothing else.

- HubSpot: the properties the readers read by name (`HUBSPOT_PROPERTIES`:
  SYNC, DUP, CN, LC, OWN, OPT, DEAL; an inclusion list's criteria read only
  these, SYNC-2), ``associatedcompanyid``, every mapped property of the
  object (FM); ``propertiesWithHistory`` for the
  mapped properties and the contact's ``email`` and ``hs_email_optout``,
  whose histories OPT-6 and the pairs' opt-out read.
- Salesforce: ``Id``, the fields the readers read by name
  (`SALESFORCE_FIELDS`), the record times (DUP-6), every mapped field of
  the object; the opportunities' contact roles (LC-3); queues as ``Group``
  records of ``Type = 'Queue'`` (OWN-1).

Pure: the same settings give the same selection, so that a resumed run
can tell whether it is asking the same questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from crmsync_rules.model._api_names import (
    CONTACT_ROLE_FIELDS,
    HUBSPOT_PROPERTIES,
    SALESFORCE_FIELDS,
)
from crmsync_rules.model._hubspot import HubSpotObject
from crmsync_rules.model._settings import IntegrationSettings

__all__ = ["SALESFORCE_OBJECTS", "Selection", "select"]

SALESFORCE_OBJECTS: Final = (
    "User",
    "Group",
    "Account",
    "Contact",
    "Lead",
    "Opportunity",
)
"""The objects fetched, owners first (a small object's failure is cheap)."""

_TIMES: Final = ("CreatedDate", "LastModifiedDate", "SystemModstamp")
_ASSOCIATIONS: Final = {
    HubSpotObject.CONTACT: ("companies",),
    HubSpotObject.COMPANY: (),
    HubSpotObject.DEAL: ("companies", "contacts"),
}
_HISTORY: Final = {HubSpotObject.CONTACT: ("email", "hs_email_optout")}
ROLE_FIELDS: Final = (
    "Id",
    "OpportunityId",
    *(api for api, _, _ in CONTACT_ROLE_FIELDS),
)


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


@attrs.frozen(kw_only=True)
class Selection:
    """The properties (HubSpot) and fields (Salesforce) asked for."""

    properties: Mapping[HubSpotObject, tuple[str, ...]]
    history: Mapping[HubSpotObject, tuple[str, ...]]
    associations: Mapping[HubSpotObject, tuple[str, ...]]
    fields: Mapping[str, tuple[str, ...]]

    def soql(self, sobject: str, fields: Iterable[str] | None = None) -> str:
        """The query of *sobject* (its *fields*, else the selected ones)."""
        names = ", ".join(self.fields[sobject] if fields is None else fields)
        where = " WHERE Type = 'Queue'" if sobject == "Group" else ""
        return f"SELECT {names} FROM {sobject}{where}"

    def lines(self) -> list[str]:
        """What is asked for, one line per object, for the user to read."""
        out = []
        for object_type, names in self.properties.items():
            history = self.history[object_type]
            out.append(
                f"HubSpot {object_type.value}: {', '.join(names)}"
                + (f"; with history: {', '.join(history)}" if history else "")
            )
        out.append("HubSpot owners: every field")
        for sobject, names in self.fields.items():
            out.append(f"Salesforce {sobject}: {', '.join(names)}")
        out.append(f"Salesforce OpportunityContactRole: {', '.join(ROLE_FIELDS)}")
        return out

    def as_json(self) -> dict[str, Any]:
        """The selection as a manifest records it (what was asked)."""
        return {
            "hubspot": {
                t.value: {
                    "properties": list(self.properties[t]),
                    "propertiesWithHistory": list(self.history[t]),
                    "associations": list(self.associations[t]),
                }
                for t in self.properties
            },
            "salesforce": {s: list(f) for s, f in self.fields.items()},
        }


def select(settings: IntegrationSettings) -> Selection:
    """The selection *settings* call for (see the module's docstring).

    >>> from crmsync_rules.model._settings import IntegrationSettings
    >>> import datetime as dt
    >>> chosen = select(IntegrationSettings(integrated_on=dt.date(2024, 1, 1)))
    >>> chosen.properties[HubSpotObject.COMPANY]
    ('name', 'domain', 'hubspot_owner_id', 'lifecyclestage', 'salesforceaccountid')
    >>> chosen.soql("Group", ["Id", "Name"])
    "SELECT Id, Name FROM Group WHERE Type = 'Queue'"
    """
    properties: dict[HubSpotObject, tuple[str, ...]] = {}
    history: dict[HubSpotObject, tuple[str, ...]] = {}
    for object_type in HubSpotObject:
        mapped = [
            m.hubspot_property
            for m in settings.mappings
            if m.hubspot_object is object_type
        ]
        named = [api for api, _, _ in HUBSPOT_PROPERTIES[object_type]]
        extra = ["associatedcompanyid"] if object_type is HubSpotObject.CONTACT else []
        properties[object_type] = _unique([*named, *extra, *mapped])
        history[object_type] = _unique([*mapped, *_HISTORY.get(object_type, ())])
    fields: dict[str, tuple[str, ...]] = {}
    for sobject in SALESFORCE_OBJECTS:
        _, table = SALESFORCE_FIELDS[sobject]
        named = [api for api, _, _ in table]
        if sobject == "Group":
            named.append("Type")
        mapped = [
            m.salesforce_field
            for m in settings.mappings
            if m.salesforce_object.value == sobject
        ]
        fields[sobject] = _unique(["Id", *named, *_TIMES, *mapped])
    return Selection(
        properties=properties,
        history=history,
        associations=dict(_ASSOCIATIONS),
        fields=fields,
    )
