"""CN-1..3: company_name_sync."""

from __future__ import annotations

import datetime as dt

import pytest

from crmsync_rules import (
    CompanyNameSync,
    HubSpotContact,
    IntegrationSettings,
    SalesforceObject,
    company_name_sync,
)

DAY = dt.date(2024, 1, 8)
PLAIN = IntegrationSettings(integrated_on=DAY)
ACCOUNTS = IntegrationSettings(integrated_on=DAY, account_sync=True)


def rules(result: CompanyNameSync) -> list[str]:
    return [r.rule for r in result.reasons]


def test_cn1_lead_company_is_text_contact_account_is_a_lookup() -> None:
    lead = company_name_sync(
        HubSpotContact(id="1", company="Acme", salesforce_lead_id="00Q1"),
        settings=PLAIN,
    )
    contact = company_name_sync(
        HubSpotContact(id="2", company="Acme", salesforce_contact_id="0031"),
        settings=PLAIN,
    )
    assert lead.reasons[0].rule == contact.reasons[0].rule == "CN-1"
    assert "text field" in lead.reasons[0].detail
    assert "lookup" in contact.reasons[0].detail


def test_cn2_company_name_syncs_with_a_lead() -> None:
    result = company_name_sync(
        HubSpotContact(id="1", company="Acme", salesforce_lead_id="00Q1"),
        settings=PLAIN,
    )
    assert result.syncs
    assert result.target is SalesforceObject.LEAD
    assert (result.salesforce_field, result.value) == ("Company", "Acme")
    assert rules(result) == ["CN-1", "CN-2"]


@pytest.mark.parametrize("company", [None, "", "   "])
def test_cn2_whitespace_only_company_syncs_as_blank(company: str | None) -> None:
    result = company_name_sync(
        HubSpotContact(id="1", company=company, salesforce_lead_id="00Q1"),
        settings=PLAIN,
    )
    assert result.syncs
    assert result.value is None
    assert "blank" in result.reasons[1].detail


def test_cn2_unsynced_contact_follows_new_records_as() -> None:
    as_contacts = IntegrationSettings(
        integrated_on=DAY, new_records_as=SalesforceObject.CONTACT
    )
    fresh = HubSpotContact(id="1", company="Acme")
    assert company_name_sync(fresh, settings=PLAIN).syncs
    result = company_name_sync(fresh, settings=as_contacts)
    assert not result.syncs
    assert rules(result) == ["CN-1", "CN-2", "CN-3"]


def test_cn2_converted_contact_stops_syncing_company_name() -> None:
    converted = HubSpotContact(
        id="1", company="Acme", salesforce_lead_id="00Q1", salesforce_contact_id="0031"
    )
    result = company_name_sync(converted, settings=PLAIN)
    assert result.target is SalesforceObject.CONTACT
    assert not result.syncs
    assert result.value is None


def test_cn3_account_syncs_with_the_associated_company_instead() -> None:
    contact = HubSpotContact(
        id="2", company="Acme", salesforce_contact_id="0031", company_ids=("c7",)
    )
    result = company_name_sync(contact, settings=ACCOUNTS)
    assert not result.syncs
    assert result.association_syncs
    assert rules(result) == ["CN-1", "CN-2", "CN-3"]
    assert "'c7'" in result.reasons[2].detail


def test_cn3_without_account_sync_nothing_syncs_instead() -> None:
    contact = HubSpotContact(id="2", company="Acme", salesforce_contact_id="0031")
    result = company_name_sync(contact, settings=PLAIN)
    assert not result.association_syncs
    assert "nothing syncs" in result.reasons[2].detail
