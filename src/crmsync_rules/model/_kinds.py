"""The kinds of record the library reads, by the name the project's NDJSON
format gives each: one table, so that the codec, the planner and the tools
agree on the names and on their order (the planner decides records in this
order: Salesforce users and queues after every record they may own, OWN-1)."""

from __future__ import annotations

from typing import Any, Final

from ._hubspot import HubSpotCompany, HubSpotContact, HubSpotDeal, HubSpotOwner
from ._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
)
from ._settings import IntegrationSettings

__all__ = ["NDJSON_TYPES"]

NDJSON_TYPES: Final[dict[str, type[Any]]] = {
    "settings": IntegrationSettings,
    "hubspot_contact": HubSpotContact,
    "hubspot_company": HubSpotCompany,
    "hubspot_deal": HubSpotDeal,
    "hubspot_owner": HubSpotOwner,
    "salesforce_lead": SalesforceLead,
    "salesforce_contact": SalesforceContact,
    "salesforce_account": SalesforceAccount,
    "salesforce_opportunity": SalesforceOpportunity,
    "salesforce_user": SalesforceUser,
    "salesforce_queue": SalesforceQueue,
}
"""The ``type`` of each NDJSON line and the class its other keys build."""
