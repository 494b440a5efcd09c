"""A snapshot: both systems' records plus the integration settings, the
input of the planner and of the command-line tool."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

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

__all__ = ["HubSpotRecords", "Record", "SalesforceRecords", "Snapshot"]

Record = (
    HubSpotContact
    | HubSpotCompany
    | HubSpotDeal
    | HubSpotOwner
    | SalesforceLead
    | SalesforceContact
    | SalesforceAccount
    | SalesforceOpportunity
    | SalesforceUser
    | SalesforceQueue
)
"""Any record of either system."""


@attrs.frozen(kw_only=True)
class HubSpotRecords:
    """One portal's records."""

    contacts: tuple[HubSpotContact, ...] = ()
    companies: tuple[HubSpotCompany, ...] = ()
    deals: tuple[HubSpotDeal, ...] = ()
    owners: tuple[HubSpotOwner, ...] = ()

    def merge(self, other: HubSpotRecords, /) -> HubSpotRecords:
        """These records followed by *other*'s, kind by kind."""
        return HubSpotRecords(
            contacts=self.contacts + other.contacts,
            companies=self.companies + other.companies,
            deals=self.deals + other.deals,
            owners=self.owners + other.owners,
        )

    def __iter__(
        self,
    ) -> Iterator[HubSpotContact | HubSpotCompany | HubSpotDeal | HubSpotOwner]:
        yield from self.contacts
        yield from self.companies
        yield from self.deals
        yield from self.owners


@attrs.frozen(kw_only=True)
class SalesforceRecords:
    """One org's records."""

    leads: tuple[SalesforceLead, ...] = ()
    contacts: tuple[SalesforceContact, ...] = ()
    accounts: tuple[SalesforceAccount, ...] = ()
    opportunities: tuple[SalesforceOpportunity, ...] = ()
    users: tuple[SalesforceUser, ...] = ()
    queues: tuple[SalesforceQueue, ...] = ()

    def merge(self, other: SalesforceRecords, /) -> SalesforceRecords:
        """These records followed by *other*'s, kind by kind."""
        return SalesforceRecords(
            leads=self.leads + other.leads,
            contacts=self.contacts + other.contacts,
            accounts=self.accounts + other.accounts,
            opportunities=self.opportunities + other.opportunities,
            users=self.users + other.users,
            queues=self.queues + other.queues,
        )

    def __iter__(
        self,
    ) -> Iterator[
        SalesforceLead
        | SalesforceContact
        | SalesforceAccount
        | SalesforceOpportunity
        | SalesforceUser
        | SalesforceQueue
    ]:
        yield from self.leads
        yield from self.contacts
        yield from self.accounts
        yield from self.opportunities
        yield from self.users
        yield from self.queues


@attrs.frozen(kw_only=True)
class Snapshot:
    """The settings and the records of both systems at one moment."""

    settings: IntegrationSettings
    hubspot: HubSpotRecords = HubSpotRecords()
    salesforce: SalesforceRecords = SalesforceRecords()

    def records(self) -> Iterator[Record]:
        """Every record of both systems, HubSpot's first."""
        yield from self.hubspot
        yield from self.salesforce
