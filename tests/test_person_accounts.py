"""PA-1..5: sync_person_account, salesforce_record_for, convert_lead."""

from __future__ import annotations

import datetime as dt

import pytest

from crmsync_rules import (
    AccountKind,
    ContactCreation,
    HubSpotContact,
    IntegrationSettings,
    InvalidRecordError,
    SalesforceAccount,
    SalesforceLead,
    SalesforceObject,
    convert_lead,
    salesforce_record_for,
    sync_person_account,
)

DAY = dt.date(2024, 1, 8)
ANNA = SalesforceAccount(
    id="001P",
    name="Anna Jansen",
    is_person_account=True,
    record_type_id="012PA",
    first_name="Anna",
    last_name="Jansen",
    person_contact_id="003P",
)
FULL = IntegrationSettings(
    integrated_on=DAY,
    person_accounts=True,
    account_sync=True,
    contact_creation=ContactCreation.CREATE,
)


def test_pa1_person_account_is_marked_by_record_type_and_hidden_contact() -> None:
    result = sync_person_account(ANNA, settings=FULL)
    assert result.reasons[0].rule == "PA-1"
    assert "'012PA'" in result.reasons[0].detail
    assert "'003P'" in result.reasons[0].detail


def test_pa1_business_account_is_refused() -> None:
    with pytest.raises(InvalidRecordError, match="'is_person_account'"):
        sync_person_account(SalesforceAccount(id="001B"), settings=FULL)


def test_pa1_without_person_accounts_enabled_nothing_syncs() -> None:
    result = sync_person_account(ANNA, settings=IntegrationSettings(integrated_on=DAY))
    assert not result.creates_company
    assert not result.creates_contact
    assert [r.rule for r in result.reasons] == ["PA-1", "PA-1"]


def test_pa2_one_company_and_one_contact() -> None:
    result = sync_person_account(ANNA, settings=FULL)
    assert result.creates_company
    assert result.creates_contact
    assert [r.rule for r in result.reasons] == ["PA-1", "PA-2", "PA-3"]


def test_pa2_without_account_sync_no_company() -> None:
    settings = IntegrationSettings(
        integrated_on=DAY, person_accounts=True, contact_creation=ContactCreation.CREATE
    )
    result = sync_person_account(ANNA, settings=settings)
    assert (result.creates_company, result.creates_contact) == (False, True)
    assert [r.rule for r in result.reasons] == ["PA-1", "PA-2"]
    assert "account_sync off" in result.reasons[1].detail


def test_pa3_name_goes_to_both_contact_and_company() -> None:
    result = sync_person_account(ANNA, settings=FULL)
    assert result.company_name == "Anna Jansen"
    assert (result.contact_first_name, result.contact_last_name) == ("Anna", "Jansen")
    assert result.reasons[-1].rule == "PA-3"


def test_pa4_hubspot_never_creates_person_accounts() -> None:
    for kind in (SalesforceObject.LEAD, SalesforceObject.CONTACT):
        settings = IntegrationSettings(
            integrated_on=DAY, person_accounts=True, new_records_as=kind
        )
        new = salesforce_record_for(HubSpotContact(id="501"), settings=settings)
        assert new.salesforce_object is kind
        assert not new.person_account
        assert [r.rule for r in new.reasons] == ["PA-4"]


@pytest.mark.parametrize(
    ("company", "kind"),
    [
        (None, AccountKind.PERSON),
        ("", AccountKind.PERSON),
        ("   ", AccountKind.PERSON),
        ("Vries BV", AccountKind.BUSINESS),
    ],
)
def test_pa5_lead_converts_to_person_account_only_with_empty_company(
    company: str | None, kind: AccountKind
) -> None:
    result = convert_lead(SalesforceLead(id="00Q1", company=company), settings=FULL)
    assert result.account_kind is kind
    assert [r.rule for r in result.reasons] == ["PA-5"]


def test_pa5_without_person_accounts_every_lead_converts_to_business() -> None:
    result = convert_lead(
        SalesforceLead(id="00Q1"), settings=IntegrationSettings(integrated_on=DAY)
    )
    assert result.account_kind is AccountKind.BUSINESS
    assert "not enabled" in result.reasons[0].detail
