"""PA-1, PA-2, PA-3, PA-4, PA-5: sync_person_account, salesforce_record_for,
convert_lead."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from crmsync_rules import (
    ContactCreation,
    HubSpotContact,
    IntegrationSettings,
    Reason,
    SalesforceAccount,
    SalesforceLead,
    SalesforceObject,
    sync_person_account,
)
from crmsync_rules.errors import InvalidRecordError
from crmsync_rules.person_accounts import (
    AccountKind,
    LeadConversion,
    NewSalesforceRecord,
    PersonAccountSync,
    convert_lead,
    salesforce_record_for,
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
    """PA-1: person account is marked by record type and hidden contact."""
    result = sync_person_account(ANNA, settings=FULL)
    assert result.reasons[0].rule == "PA-1"
    assert "'012PA'" in result.reasons[0].detail
    assert "'003P'" in result.reasons[0].detail


def test_pa1_business_account_is_refused() -> None:
    """PA-1: business account is refused."""
    with pytest.raises(InvalidRecordError, match="'is_person_account'"):
        sync_person_account(SalesforceAccount(id="001B"), settings=FULL)


def test_pa1_without_person_accounts_enabled_nothing_syncs() -> None:
    """PA-1: without person accounts enabled nothing syncs."""
    result = sync_person_account(ANNA, settings=IntegrationSettings(integrated_on=DAY))
    assert not result.creates_company
    assert not result.creates_contact
    assert [r.rule for r in result.reasons] == ["PA-1", "PA-1"]


def test_pa2_one_company_and_one_contact() -> None:
    """PA-2: one company and one contact."""
    result = sync_person_account(ANNA, settings=FULL)
    assert result.creates_company
    assert result.creates_contact
    assert [r.rule for r in result.reasons] == ["PA-1", "PA-2", "PA-3"]


def test_pa2_without_account_sync_no_company() -> None:
    """PA-2: without account sync no company."""
    settings = IntegrationSettings(
        integrated_on=DAY, person_accounts=True, contact_creation=ContactCreation.CREATE
    )
    result = sync_person_account(ANNA, settings=settings)
    assert (result.creates_company, result.creates_contact) == (False, True)
    assert [r.rule for r in result.reasons] == ["PA-1", "PA-2", "PA-3"]
    assert "account_sync off" in result.reasons[1].detail


def test_pa3_name_goes_to_both_contact_and_company() -> None:
    """PA-3: name goes to both contact and company."""
    result = sync_person_account(ANNA, settings=FULL)
    assert result.company_name == "Anna Jansen"
    assert (result.contact_first_name, result.contact_last_name) == ("Anna", "Jansen")
    assert result.reasons[-1].rule == "PA-3"


def test_pa4_hubspot_never_creates_person_accounts() -> None:
    """PA-4: HubSpot never creates person accounts."""
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
    """PA-5: lead converts to person account only with empty company."""
    result = convert_lead(SalesforceLead(id="00Q1", company=company), settings=FULL)
    assert result.account_kind is kind
    assert [r.rule for r in result.reasons] == ["PA-5"]


def test_pa5_without_person_accounts_every_lead_converts_to_business() -> None:
    """PA-5: without person accounts every lead converts to business."""
    result = convert_lead(
        SalesforceLead(id="00Q1"), settings=IntegrationSettings(integrated_on=DAY)
    )
    assert result.account_kind is AccountKind.BUSINESS
    assert "not enabled" in result.reasons[0].detail


# Whole results, explanations included (docs/testing.md, "Mutation testing").

ANNA_PA1 = Reason(
    rule="PA-1",
    detail="Person account '001P' is marked by record type '012PA', has no "
    "associated contacts and has hidden contact '003P'.",
)


def test_pa1_business_account_refusal_names_record_field_and_value() -> None:
    """PA-1: business account refusal names the record, field and value."""
    with pytest.raises(InvalidRecordError) as exc:
        sync_person_account(SalesforceAccount(id="001B"), settings=FULL)
    assert str(exc.value) == (
        "record '001B', field 'is_person_account': must be a person account "
        "(PA-1) to sync as one, got False"
    )
    assert (exc.value.record, exc.value.field, exc.value.value) == (
        "001B",
        "is_person_account",
        False,
    )


def test_pa1_pa2_pa3_whole_results() -> None:
    """PA-1, PA-2, PA-3: whole results."""
    assert sync_person_account(ANNA, settings=FULL) == PersonAccountSync(
        account_id="001P",
        creates_company=True,
        creates_contact=True,
        company_name="Anna Jansen",
        contact_first_name="Anna",
        contact_last_name="Jansen",
        reasons=(
            ANNA_PA1,
            Reason(
                rule="PA-2",
                detail="Person accounts, contact creation and account sync are on, "
                "so Person account '001P' produces one HubSpot company and one "
                "HubSpot contact of its own.",
            ),
            Reason(
                rule="PA-3",
                detail="The name of Person account '001P' ('Anna Jansen') becomes "
                "both the HubSpot contact's name and the HubSpot company's name.",
            ),
        ),
    )
    disabled = IntegrationSettings(integrated_on=DAY)
    assert sync_person_account(ANNA, settings=disabled) == PersonAccountSync(
        account_id="001P",
        creates_company=False,
        creates_contact=False,
        company_name=None,
        contact_first_name=None,
        contact_last_name=None,
        reasons=(
            ANNA_PA1,
            Reason(
                rule="PA-1",
                detail="Person accounts are not enabled for the integration, so "
                "Person account '001P' does not sync.",
            ),
        ),
    )


def test_pa2_whole_results_with_one_or_both_settings_off() -> None:
    """PA-2: whole results with one or both settings off."""
    company_only = attrs.evolve(FULL, contact_creation=ContactCreation.DONT_CREATE)
    assert sync_person_account(ANNA, settings=company_only) == PersonAccountSync(
        account_id="001P",
        creates_company=True,
        creates_contact=False,
        company_name="Anna Jansen",
        contact_first_name=None,
        contact_last_name=None,
        reasons=(
            ANNA_PA1,
            Reason(
                rule="PA-2",
                detail="contact_creation off, so Person account '001P' produces a "
                "company and no contact.",
            ),
            Reason(
                rule="PA-3",
                detail="The name of Person account '001P' ('Anna Jansen') becomes "
                "the HubSpot company's name.",
            ),
        ),
    )
    contact_only = attrs.evolve(FULL, account_sync=False)
    assert sync_person_account(ANNA, settings=contact_only) == PersonAccountSync(
        account_id="001P",
        creates_company=False,
        creates_contact=True,
        company_name=None,
        contact_first_name="Anna",
        contact_last_name="Jansen",
        reasons=(
            ANNA_PA1,
            Reason(
                rule="PA-2",
                detail="account_sync off, so Person account '001P' produces no "
                "company and a contact.",
            ),
            Reason(
                rule="PA-3",
                detail="The name of Person account '001P' ('Anna Jansen') becomes "
                "the HubSpot contact's name.",
            ),
        ),
    )
    neither = attrs.evolve(contact_only, contact_creation=ContactCreation.DONT_CREATE)
    assert sync_person_account(ANNA, settings=neither).reasons[1] == Reason(
        rule="PA-2",
        detail="account_sync and contact_creation off, so Person account '001P' "
        "produces no company and no contact.",
    )


def test_pa3_a_person_account_with_only_a_name_gives_the_contact_that_name() -> None:
    """Issue 13: with only ``name``, the HubSpot contact got no name while
    PA-3 said the name becomes the contact's name."""
    only_name = SalesforceAccount(
        id="001N", is_person_account=True, name=" Maria  van der   Berg "
    )
    result = sync_person_account(only_name, settings=FULL)
    assert (result.contact_first_name, result.contact_last_name) == (
        "Maria",
        "van der Berg",
    )
    assert result.company_name == " Maria  van der   Berg "
    assert result.reasons[-1] == Reason(
        rule="PA-3",
        detail="Person account '001N' has no first or last name of its own, so "
        "its Name is split: the HubSpot contact gets first name 'Maria' and "
        "last name 'van der Berg'.",
    )
    one_word = attrs.evolve(only_name, name="Cher")
    result = sync_person_account(one_word, settings=FULL)
    assert (result.contact_first_name, result.contact_last_name) == (None, "Cher")
    assert result.reasons[-1].detail.endswith(
        "gets last name 'Cher' (one word: no first name)."
    )
    blank = attrs.evolve(only_name, name="   ")
    result = sync_person_account(blank, settings=FULL)
    assert (result.contact_first_name, result.contact_last_name) == (None, None)
    assert (result.company_name, result.reasons[-1].rule) == (None, "PA-3")
    assert "has no name" in result.reasons[-1].detail
    company_only = attrs.evolve(FULL, contact_creation=ContactCreation.DONT_CREATE)
    result = sync_person_account(only_name, settings=company_only)
    assert (result.contact_first_name, result.contact_last_name) == (None, None)
    assert [r.rule for r in result.reasons] == ["PA-1", "PA-2", "PA-3"]


def test_pa3_own_first_or_last_name_is_used_as_given() -> None:
    """PA-3: own first or last name is used as given."""
    surname = attrs.evolve(ANNA, first_name=None, name="Anna Jansen")
    result = sync_person_account(surname, settings=FULL)
    assert (result.contact_first_name, result.contact_last_name) == (None, "Jansen")
    assert [r.rule for r in result.reasons] == ["PA-1", "PA-2", "PA-3"]


def test_pa1_pa3_sentences_say_what_is_missing_in_words() -> None:
    """PA-1, PA-3 (issue 13): no "has record type None" in sentences."""
    bare = SalesforceAccount(id="001N", is_person_account=True)
    result = sync_person_account(bare, settings=FULL)
    assert [r.detail for r in result.reasons if r.rule != "PA-2"] == [
        "Person account '001N' is marked by its person-account flag (no record "
        "type id given), has no associated contacts and has a hidden contact (its "
        "id not given).",
        "Person account '001N' has no name, so the HubSpot contact's name and the "
        "HubSpot company's name stay empty.",
    ]


def test_pa3_company_name_falls_back_to_the_persons_name() -> None:
    """PA-3: company name falls back to the person's name."""
    unnamed = attrs.evolve(ANNA, name=None)
    assert sync_person_account(unnamed, settings=FULL).company_name == "Anna Jansen"
    surname_only = attrs.evolve(ANNA, name=None, first_name=None)
    assert sync_person_account(surname_only, settings=FULL).company_name == "Jansen"
    nameless = attrs.evolve(ANNA, name=None, first_name=None, last_name=None)
    assert sync_person_account(nameless, settings=FULL).company_name is None


def test_pa4_whole_results_with_and_without_person_accounts() -> None:
    """PA-4: whole results with and without person accounts."""
    contact = HubSpotContact(id="501")
    assert salesforce_record_for(
        contact, settings=IntegrationSettings(integrated_on=DAY, person_accounts=True)
    ) == NewSalesforceRecord(
        contact_id="501",
        salesforce_object=SalesforceObject.LEAD,
        person_account=False,
        reasons=(
            Reason(
                rule="PA-4",
                detail="HubSpot contact '501' creates a Salesforce Lead, never a "
                "person account (person accounts enabled).",
            ),
        ),
    )
    plain = IntegrationSettings(integrated_on=DAY)
    assert salesforce_record_for(contact, settings=plain).reasons[0].detail == (
        "HubSpot contact '501' creates a Salesforce Lead, never a person account "
        "(person accounts not enabled)."
    )


def test_pa5_whole_results_of_each_branch() -> None:
    """PA-5: whole results of each branch."""

    def conversion(company: str | None, settings: IntegrationSettings) -> object:
        return convert_lead(
            SalesforceLead(id="00Q1", company=company), settings=settings
        )

    assert conversion("Vries BV", FULL) == LeadConversion(
        lead_id="00Q1",
        account_kind=AccountKind.BUSINESS,
        reasons=(
            Reason(
                rule="PA-5",
                detail="Lead '00Q1' has Company 'Vries BV', so it converts to a "
                "business account.",
            ),
        ),
    )
    assert conversion(" ", FULL) == LeadConversion(
        lead_id="00Q1",
        account_kind=AccountKind.PERSON,
        reasons=(
            Reason(
                rule="PA-5",
                detail="Lead '00Q1' has an empty Company (' '), so it converts to a "
                "person account.",
            ),
        ),
    )
    assert conversion(None, IntegrationSettings(integrated_on=DAY)) == LeadConversion(
        lead_id="00Q1",
        account_kind=AccountKind.BUSINESS,
        reasons=(
            Reason(
                rule="PA-5",
                detail="Lead '00Q1' has an empty Company but person accounts are "
                "not enabled, so it converts to a business account.",
            ),
        ),
    )
