"""CN-1, CN-2, CN-3: company_name_sync."""

from __future__ import annotations

import datetime as dt

import pytest

from crmsync_rules import (
    HubSpotContact,
    IntegrationSettings,
    Reason,
    SalesforceObject,
    company_name_sync,
)
from crmsync_rules.accounts import CompanyNameSync

DAY = dt.date(2024, 1, 8)
PLAIN = IntegrationSettings(integrated_on=DAY)
ACCOUNTS = IntegrationSettings(integrated_on=DAY, account_sync=True)


def rules(result: CompanyNameSync) -> list[str]:
    return [r.rule for r in result.reasons]


def test_cn1_lead_company_is_text_contact_account_is_a_lookup() -> None:
    """CN-1: lead Company is text, contact Account is a lookup."""
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
    """CN-2: company name syncs with a lead."""
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
    """CN-2: whitespace-only company syncs as blank."""
    result = company_name_sync(
        HubSpotContact(id="1", company=company, salesforce_lead_id="00Q1"),
        settings=PLAIN,
    )
    assert result.syncs
    assert result.value is None
    assert "blank" in result.reasons[1].detail


def test_cn2_unsynced_contact_follows_new_records_as() -> None:
    """CN-2: unsynced contact follows new records as."""
    as_contacts = IntegrationSettings(
        integrated_on=DAY, new_records_as=SalesforceObject.CONTACT
    )
    fresh = HubSpotContact(id="1", company="Acme")
    assert company_name_sync(fresh, settings=PLAIN).syncs
    result = company_name_sync(fresh, settings=as_contacts)
    assert not result.syncs
    assert rules(result) == ["CN-1", "CN-2", "CN-3"]


def test_cn2_converted_contact_stops_syncing_company_name() -> None:
    """CN-2: converted contact stops syncing company name."""
    converted = HubSpotContact(
        id="1", company="Acme", salesforce_lead_id="00Q1", salesforce_contact_id="0031"
    )
    result = company_name_sync(converted, settings=PLAIN)
    assert result.target is SalesforceObject.CONTACT
    assert not result.syncs
    assert result.value is None


def test_cn3_account_syncs_with_the_associated_company_instead() -> None:
    """CN-3: account syncs with the associated company instead."""
    contact = HubSpotContact(
        id="2", company="Acme", salesforce_contact_id="0031", company_ids=("c7",)
    )
    result = company_name_sync(contact, settings=ACCOUNTS)
    assert not result.syncs
    assert result.association_syncs
    assert rules(result) == ["CN-1", "CN-2", "CN-3"]
    assert "'c7'" in result.reasons[2].detail


def test_cn3_without_account_sync_nothing_syncs_instead() -> None:
    """CN-3: without account sync nothing syncs instead."""
    contact = HubSpotContact(id="2", company="Acme", salesforce_contact_id="0031")
    result = company_name_sync(contact, settings=PLAIN)
    assert not result.association_syncs
    assert "nothing syncs" in result.reasons[2].detail


# Whole results, explanations included (docs/testing.md, "Mutation testing").

LEAD_TEXT = Reason(rule="CN-1", detail="A Salesforce lead's Company is a text field.")
CONTACT_LOOKUP = Reason(
    rule="CN-1",
    detail="A Salesforce contact's Account Name is a lookup to its account, not text.",
)


def test_cn2_whole_results_towards_a_lead() -> None:
    """CN-2: whole results towards a lead."""
    linked = HubSpotContact(id="1", company=" Acme ", salesforce_lead_id="00Q1")
    assert company_name_sync(linked, settings=ACCOUNTS) == CompanyNameSync(
        contact_id="1",
        target=SalesforceObject.LEAD,
        syncs=True,
        salesforce_field="Company",
        value="Acme",
        association_syncs=False,
        reasons=(
            LEAD_TEXT,
            Reason(
                rule="CN-2",
                detail="HubSpot contact '1' syncs with Salesforce lead '00Q1', so "
                "Company name (' Acme ') syncs with the lead's Company.",
            ),
        ),
    )
    blank = HubSpotContact(id="3", company=" ")
    assert company_name_sync(blank, settings=PLAIN).reasons == (
        LEAD_TEXT,
        Reason(
            rule="CN-2",
            detail="HubSpot contact '3' has not synced yet and will become a "
            "Salesforce Lead, so Company name (' ') syncs with the lead's Company; "
            "it is blank.",
        ),
    )


def test_cn3_whole_results_towards_a_contact() -> None:
    """CN-3: whole results towards a contact."""
    linked = HubSpotContact(
        id="2", company="Acme", salesforce_contact_id="0031", company_ids=("c7", "c8")
    )
    not_synced = Reason(
        rule="CN-2",
        detail="HubSpot contact '2' syncs with Salesforce contact '0031', so "
        "Company name ('Acme') does not sync.",
    )
    assert company_name_sync(linked, settings=ACCOUNTS) == CompanyNameSync(
        contact_id="2",
        target=SalesforceObject.CONTACT,
        syncs=False,
        salesforce_field=None,
        value=None,
        association_syncs=True,
        reasons=(
            CONTACT_LOOKUP,
            not_synced,
            Reason(
                rule="CN-3",
                detail="Account sync is on, so the contact's Salesforce account "
                "syncs with its associated HubSpot company ('c7') instead.",
            ),
        ),
    )
    assert company_name_sync(linked, settings=PLAIN) == CompanyNameSync(
        contact_id="2",
        target=SalesforceObject.CONTACT,
        syncs=False,
        salesforce_field=None,
        value=None,
        association_syncs=False,
        reasons=(
            CONTACT_LOOKUP,
            not_synced,
            Reason(
                rule="CN-3",
                detail="Account sync is off, so nothing syncs in place of Company "
                "name.",
            ),
        ),
    )
    fresh = HubSpotContact(id="4")
    as_contacts = IntegrationSettings(
        integrated_on=DAY, account_sync=True, new_records_as=SalesforceObject.CONTACT
    )
    assert company_name_sync(fresh, settings=as_contacts).reasons[1:] == (
        Reason(
            rule="CN-2",
            detail="HubSpot contact '4' has not synced yet and will become a "
            "Salesforce Contact, so Company name (empty) does not sync.",
        ),
        Reason(
            rule="CN-3",
            detail="Account sync is on, so the contact's Salesforce account syncs "
            "with its associated HubSpot company (the contact has none yet) "
            "instead.",
        ),
    )


def test_cn2_cn3_sentences_say_what_is_missing_in_words() -> None:
    """CN-2, CN-3 (issue 13): no "Company name (None)" or "company (None)" in
    sentences."""
    settings = IntegrationSettings(integrated_on=DAY, account_sync=True)
    lead = company_name_sync(
        HubSpotContact(id="5", salesforce_lead_id="00Q5"), settings=settings
    )
    assert lead.reasons[1].detail == (
        "HubSpot contact '5' syncs with Salesforce lead '00Q5', so Company name "
        "(empty) syncs with the lead's Company; it is blank."
    )
