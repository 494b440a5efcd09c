"""LC-1..3: derive_lifecycle."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from crmsync_rules import (
    FieldMapping,
    HubSpotCompany,
    HubSpotContact,
    HubSpotObject,
    HubSpotPropertyType,
    IntegrationSettings,
    LifecycleDecision,
    LifecycleStage,
    OpportunityContactRole,
    SalesforceContact,
    SalesforceFieldType,
    SalesforceObject,
    SalesforceOpportunity,
    SyncRule,
    derive_lifecycle,
)

ALL_ON = IntegrationSettings(
    integrated_on=dt.date(2024, 1, 8),
    account_sync=True,
    automatic_lifecycle_transitions=True,
    lifecycle_stage_sync=True,
)
WON = SalesforceOpportunity(
    id="006A",
    account_id="001A",
    is_closed=True,
    is_won=True,
    stage_name="Closed Won",
    contact_roles=(OpportunityContactRole(contact_id="003A"),),
)
SF_CONTACTS = (
    SalesforceContact(id="003A", account_id="001A"),
    SalesforceContact(id="003X", account_id="001X"),
)
HS_CONTACTS = (
    HubSpotContact(
        id="h1",
        salesforce_contact_id="003A",
        company_ids=("c1",),
        lifecycle_stage=LifecycleStage.SALES_QUALIFIED_LEAD,
    ),
    HubSpotContact(id="h2", company_ids=("c1",), lifecycle_stage=LifecycleStage.LEAD),
    HubSpotContact(
        id="h3", company_ids=("c1",), lifecycle_stage=LifecycleStage.EVANGELIST
    ),
    HubSpotContact(id="h4", company_ids=("c9",)),
)
COMPANIES = (HubSpotCompany(id="c1", salesforce_account_id="001A"),)


def derive(
    opportunity: SalesforceOpportunity = WON, settings: IntegrationSettings = ALL_ON
) -> LifecycleDecision:
    return derive_lifecycle(
        opportunity,
        settings=settings,
        salesforce_contacts=SF_CONTACTS,
        hubspot_contacts=HS_CONTACTS,
        hubspot_companies=COMPANIES,
    )


def rules(decision: LifecycleDecision) -> list[str]:
    return [r.rule for r in decision.reasons]


def lifecycle_mapping(field: str, rule: SyncRule = SyncRule.TWO_WAY) -> FieldMapping:
    return FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property="lifecyclestage",
        hubspot_type=HubSpotPropertyType.ENUMERATION,
        salesforce_object=SalesforceObject.CONTACT,
        salesforce_field=field,
        salesforce_type=SalesforceFieldType.PICKLIST,
        rule=rule,
    )


def test_lc1_without_a_custom_field_mapping_the_stage_stays_in_hubspot() -> None:
    decision = derive()
    assert decision.stage is LifecycleStage.CUSTOMER
    assert not decision.reaches_salesforce
    assert rules(decision)[-1] == "LC-1"


@pytest.mark.parametrize(
    ("field", "rule", "reaches"),
    [
        ("Lifecycle_Stage__c", SyncRule.TWO_WAY, True),
        ("Status", SyncRule.TWO_WAY, False),
        ("Lifecycle_Stage__c", SyncRule.DONT_SYNC, False),
    ],
)
def test_lc1_custom_field_plus_mapping_carries_the_stage(
    field: str, rule: SyncRule, reaches: bool
) -> None:
    settings = IntegrationSettings(
        integrated_on=dt.date(2024, 1, 8),
        account_sync=True,
        automatic_lifecycle_transitions=True,
        lifecycle_stage_sync=True,
        mappings=(lifecycle_mapping(field, rule),),
    )
    decision = derive(settings=settings)
    assert decision.reaches_salesforce is reaches
    assert decision.reasons[-1].rule == "LC-1"
    assert field in decision.reasons[-1].detail


def test_lc2_won_opportunity_makes_the_companys_contacts_customers() -> None:
    decision = derive()
    assert decision.stage is LifecycleStage.CUSTOMER
    # h1 through its contact role, h2 through company-wide propagation; the
    # evangelist h3 never moves back, h4 is in another company.
    assert decision.contact_ids == ("h1", "h2")
    assert decision.company_ids == ("c1",)
    assert rules(decision) == ["LC-2", "LC-3", "LC-2", "LC-1"]
    assert "['h3']" in decision.reasons[2].detail


@pytest.mark.parametrize(
    "setting",
    ["account_sync", "automatic_lifecycle_transitions", "lifecycle_stage_sync"],
)
def test_lc2_each_setting_off_changes_nothing_and_says_which(setting: str) -> None:
    settings = IntegrationSettings(
        **{
            "integrated_on": dt.date(2024, 1, 8),
            "account_sync": True,
            "automatic_lifecycle_transitions": True,
            "lifecycle_stage_sync": True,
            setting: False,
        }  # type: ignore[arg-type]
    )
    decision = derive(settings=settings)
    assert decision.stage is None
    assert decision.contact_ids == ()
    assert rules(decision) == ["LC-2", "LC-1"]
    assert setting in decision.reasons[0].detail


def test_lc2_open_or_lost_opportunity_changes_nothing() -> None:
    lost = SalesforceOpportunity(
        id="006B",
        account_id="001A",
        is_closed=True,
        is_won=False,
        stage_name="Closed Lost",
        contact_roles=WON.contact_roles,
    )
    decision = derive(lost)
    assert decision.stage is None
    assert rules(decision) == ["LC-2", "LC-1"]
    assert "'Closed Lost'" in decision.reasons[0].detail


def test_lc2_all_missing_conditions_are_listed() -> None:
    bare = SalesforceOpportunity(id="006C")
    decision = derive(bare, IntegrationSettings(integrated_on=dt.date(2024, 1, 8)))
    assert rules(decision) == ["LC-2", "LC-2", "LC-2", "LC-2", "LC-2", "LC-3", "LC-1"]


def test_lc3_no_contact_roles_changes_no_stage() -> None:
    decision = derive(
        SalesforceOpportunity(id="006D", account_id="001A", is_closed=True, is_won=True)
    )
    assert decision.stage is None
    assert rules(decision) == ["LC-3", "LC-1"]
    assert "no contact roles" in decision.reasons[0].detail


def test_lc3_contact_roles_from_another_account_do_not_count() -> None:
    foreign = SalesforceOpportunity(
        id="006E",
        account_id="001A",
        is_closed=True,
        is_won=True,
        contact_roles=(OpportunityContactRole(contact_id="003X"),),
    )
    decision = derive(foreign)
    assert decision.stage is None
    assert rules(decision) == ["LC-3", "LC-1"]
    assert "'003X' (account '001X')" in decision.reasons[0].detail


def test_lc1_other_mappings_do_not_carry_the_stage() -> None:
    title = attrs.evolve(
        lifecycle_mapping("Title"),
        hubspot_property="jobtitle",
        hubspot_type=HubSpotPropertyType.STRING,
        salesforce_type=SalesforceFieldType.STRING,
    )
    settings = attrs.evolve(ALL_ON, mappings=(title, lifecycle_mapping("Stage__c")))
    decision = derive(settings=settings)
    assert decision.reaches_salesforce
    assert "Stage__c" in decision.reasons[-1].detail
    alone = derive(settings=attrs.evolve(ALL_ON, mappings=(title,)))
    assert not alone.reaches_salesforce
