"""LC-1 to LC-5: derive_lifecycle."""

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
    LifecycleStage,
    OpportunityContactRole,
    Reason,
    SalesforceContact,
    SalesforceFieldType,
    SalesforceObject,
    SalesforceOpportunity,
    SyncRule,
    derive_lifecycle,
    lifecycle_reach,
)
from crmsync_rules.lifecycle import (
    LIFECYCLE_ORDER,
    LifecycleDecision,
    LifecycleReach,
    lifecycle_rank,
)
from crmsync_rules.mappings import HubSpotFieldType

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
        hubspot_field_type=HubSpotFieldType.SELECT,
        salesforce_object=SalesforceObject.CONTACT,
        salesforce_field=field,
        salesforce_type=SalesforceFieldType.PICKLIST,
        rule=rule,
    )


def test_lc1_without_a_custom_field_mapping_the_stage_stays_in_hubspot() -> None:
    """LC-1: without a custom field mapping the stage stays in HubSpot."""
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
    """LC-1: custom field plus mapping carries the stage."""
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
    """LC-2: won opportunity makes the company's contacts customers."""
    decision = derive()
    assert decision.stage is LifecycleStage.CUSTOMER
    # h1 through its contact role, h2 through company-wide propagation; the
    # evangelist h3 never moves back, h4 is in another company.
    assert decision.contact_ids == ("h1", "h2")
    assert decision.company_ids == ("c1",)
    assert rules(decision) == ["LC-2", "LC-3", "LC-4", "LC-2", "LC-5", "LC-1"]
    assert "'h3' (evangelist)" in decision.reasons[4].detail


@pytest.mark.parametrize(
    "setting",
    ["account_sync", "automatic_lifecycle_transitions", "lifecycle_stage_sync"],
)
def test_lc2_each_setting_off_changes_nothing_and_says_which(setting: str) -> None:
    """LC-2: each setting off changes nothing and says which."""
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
    """LC-2: open or lost opportunity changes nothing."""
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
    """LC-2: all missing conditions are listed."""
    bare = SalesforceOpportunity(id="006C", is_closed=True)
    decision = derive(bare, IntegrationSettings(integrated_on=dt.date(2024, 1, 8)))
    assert rules(decision) == ["LC-2", "LC-2", "LC-2", "LC-2", "LC-2", "LC-3", "LC-1"]


def test_lc3_no_contact_roles_changes_no_stage() -> None:
    """LC-3: no contact roles changes no stage."""
    decision = derive(
        SalesforceOpportunity(id="006D", account_id="001A", is_closed=True, is_won=True)
    )
    assert decision.stage is None
    assert rules(decision) == ["LC-3", "LC-1"]
    assert "no contact roles" in decision.reasons[0].detail


def test_lc3_contact_roles_from_another_account_do_not_count() -> None:
    """LC-3: contact roles from another account do not count."""
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
    """LC-1: other mappings do not carry the stage."""
    title = attrs.evolve(
        lifecycle_mapping("Title"),
        hubspot_property="jobtitle",
        hubspot_type=HubSpotPropertyType.STRING,
        hubspot_field_type=HubSpotFieldType.TEXT,
        salesforce_type=SalesforceFieldType.STRING,
    )
    settings = attrs.evolve(ALL_ON, mappings=(title, lifecycle_mapping("Stage__c")))
    decision = derive(settings=settings)
    assert decision.reaches_salesforce
    assert "Stage__c" in decision.reasons[-1].detail
    alone = derive(settings=attrs.evolve(ALL_ON, mappings=(title,)))
    assert not alone.reaches_salesforce


# Whole results, explanations included (docs/testing.md, "Mutation testing").

NO_LC1_MAPPING = Reason(
    rule="LC-1",
    detail="No mapping takes lifecycle stage to a custom Salesforce field, so it "
    "stays in HubSpot.",
)


def test_lc2_lc3_whole_result_spreads_through_the_accounts_companies() -> None:
    """LC-2 and LC-3, the whole result: LC-2 spreads the stage through every
    company of the account, also one no contact role reaches, and through no
    company of another account."""
    contacts = (
        *HS_CONTACTS,
        HubSpotContact(id="h5", company_ids=("c2",)),
        HubSpotContact(id="h6", company_ids=("c9",)),
    )
    companies = (
        *COMPANIES,
        HubSpotCompany(id="c2", salesforce_account_id="001A"),
        HubSpotCompany(id="c9", salesforce_account_id="001X"),
    )
    decision = derive_lifecycle(
        WON,
        settings=ALL_ON,
        salesforce_contacts=SF_CONTACTS,
        hubspot_contacts=contacts,
        hubspot_companies=companies,
    )
    assert decision == LifecycleDecision(
        opportunity_id="006A",
        stage=LifecycleStage.CUSTOMER,
        contact_ids=("h1", "h2", "h5"),
        company_ids=("c1", "c2"),
        reaches_salesforce=False,
        reasons=(
            Reason(
                rule="LC-2",
                detail="Opportunity '006A' is Closed/Won on account '001A' and "
                "account sync, automatic transitions and lifecycle stage sync are "
                "on; lifecycle stage sync spreads the change through companies "
                "['c1', 'c2'].",
            ),
            Reason(
                rule="LC-3",
                detail="Contacts ['003A'] of account '001A' are on the contact "
                "roles of Opportunity '006A'.",
            ),
            Reason(
                rule="LC-4",
                detail="The contact roles of Opportunity '006A' count whenever "
                "they were added, also after it closed won; only contact roles "
                "count, no custom relationship.",
            ),
            Reason(
                rule="LC-2",
                detail="HubSpot contacts ['h1', 'h2', 'h5'] become Customer.",
            ),
            Reason(
                rule="LC-5",
                detail="HubSpot contacts 'h3' (evangelist) stay at their stage: "
                "it is customer or later, and automatic transitions never move "
                "a stage backwards.",
            ),
            NO_LC1_MAPPING,
        ),
    )


def test_lc2_whole_result_when_every_contact_is_customer_already() -> None:
    """LC-2: whole result when every contact is customer already."""
    customer = HubSpotContact(
        id="h1",
        salesforce_contact_id="003A",
        lifecycle_stage=LifecycleStage.CUSTOMER,
    )
    decision = derive_lifecycle(
        WON,
        settings=ALL_ON,
        salesforce_contacts=SF_CONTACTS,
        hubspot_contacts=[customer],
    )
    assert decision.contact_ids == ()
    assert decision.company_ids == ()
    assert decision.reasons[3:5] == (
        Reason(rule="LC-2", detail="No HubSpot contact changes stage."),
        Reason(
            rule="LC-5",
            detail="HubSpot contacts 'h1' (customer) stay at their stage: it is "
            "customer or later, and automatic transitions never move a stage "
            "backwards.",
        ),
    )
    fresh = attrs.evolve(customer, lifecycle_stage=None)
    moved = derive_lifecycle(
        WON, settings=ALL_ON, salesforce_contacts=SF_CONTACTS, hubspot_contacts=[fresh]
    )
    assert moved.reasons[3] == Reason(
        rule="LC-2", detail="HubSpot contacts ['h1'] become Customer."
    )


def test_lc2_lc3_whole_result_when_conditions_are_missing() -> None:
    """LC-2, LC-3: whole result when conditions are missing."""
    foreign = attrs.evolve(
        WON,
        account_id="001A",
        contact_roles=(
            OpportunityContactRole(contact_id="003X"),
            OpportunityContactRole(contact_id="003Z"),
        ),
    )
    settings = attrs.evolve(
        ALL_ON,
        mappings=(lifecycle_mapping("Lifecycle_Stage__c"),),
        lifecycle_stage_sync=False,
    )
    decision = derive(foreign, settings=settings)
    assert decision == LifecycleDecision(
        opportunity_id="006A",
        stage=None,
        contact_ids=(),
        company_ids=(),
        reaches_salesforce=True,
        reasons=(
            Reason(rule="LC-2", detail="The setting lifecycle_stage_sync is off."),
            Reason(
                rule="LC-3",
                detail="None of the contact roles of Opportunity '006A' is a "
                "contact of its account '001A': '003X' (account '001X'), '003Z' "
                "(no account).",
            ),
            Reason(
                rule="LC-1",
                detail="Lifecycle stage reaches Salesforce through the custom field "
                "mapping contacts.lifecyclestage (select) <-> "
                "Contact.Lifecycle_Stage__c (picklist).",
            ),
        ),
    )


def test_lc1_whole_reasons_of_mappings_that_do_not_carry_the_stage() -> None:
    """LC-1: whole reasons of mappings that do not carry the stage."""

    def lc1(mapping: FieldMapping) -> Reason:
        return derive(settings=attrs.evolve(ALL_ON, mappings=(mapping,))).reasons[-1]

    assert lc1(lifecycle_mapping("Status")) == Reason(
        rule="LC-1",
        detail="Lifecycle stage is mapped to 'Status', which is not a custom "
        "field, so it does not reach Salesforce.",
    )
    assert lc1(lifecycle_mapping("Stage__c", SyncRule.DONT_SYNC)) == Reason(
        rule="LC-1",
        detail="The mapping contacts.lifecyclestage (select) <-> "
        "Contact.Stage__c (picklist) has rule 'dont_sync', so lifecycle stage "
        "does not reach Salesforce.",
    )
    assert derive().reasons[-1] == NO_LC1_MAPPING


def test_lc3_whole_reason_without_contact_roles() -> None:
    """LC-3: whole reason without contact roles."""
    decision = derive(attrs.evolve(WON, contact_roles=()))
    assert decision.reasons == (
        Reason(
            rule="LC-3",
            detail="Opportunity '006A' has no contact roles, so it changes no "
            "lifecycle stage.",
        ),
        NO_LC1_MAPPING,
    )


def test_lc2_lc3_sentences_say_what_is_missing_in_words() -> None:
    """LC-2, LC-3 (issue 13): no "closed=True, won=False" or "(account None)"
    in sentences."""
    lost = attrs.evolve(WON, is_won=False, stage_name="Closed Lost")
    assert derive(lost).reasons[0].detail == (
        "Opportunity '006A' is not Closed/Won (stage 'Closed Lost': closed, not won)."
    )
    bare = SalesforceOpportunity(id="006B", is_closed=True)
    assert derive(bare).reasons[0].detail == (
        "Opportunity '006B' is not Closed/Won (no stage name; closed, not won)."
    )
    orphan = attrs.evolve(WON, account_id=None)
    lc3 = [r.detail for r in derive(orphan).reasons if r.rule == "LC-3"]
    assert lc3 == [
        "Opportunity '006A' has no account for its contact roles to belong to: "
        "'003A' (account '001A')."
    ]


def test_lc1_whole_reasons_of_rules_objects_and_several_mappings() -> None:
    """LC-1 (`lifecycle_reaches_salesforce`): the rule and the object of a
    lifecyclestage mapping decide as much as its field; with several
    mappings, one that carries the stage is enough."""

    def lc1(*mappings: FieldMapping) -> tuple[bool, Reason]:
        decision = derive(settings=attrs.evolve(ALL_ON, mappings=mappings))
        return decision.reaches_salesforce, decision.reasons[-1]

    always = lifecycle_mapping("Stage__c", SyncRule.ALWAYS_USE_SALESFORCE)
    assert lc1(always) == (
        False,
        Reason(
            rule="LC-1",
            detail="The mapping contacts.lifecyclestage (select) <-> "
            "Contact.Stage__c (picklist) has rule 'always_use_salesforce', so "
            "lifecycle stage does not reach Salesforce.",
        ),
    )
    company = attrs.evolve(
        lifecycle_mapping("Stage__c"),
        hubspot_object=HubSpotObject.COMPANY,
        salesforce_object=SalesforceObject.ACCOUNT,
    )
    assert lc1(company) == (
        False,
        Reason(
            rule="LC-1",
            detail="The lifecyclestage mapping companies.lifecyclestage "
            "(select) <-> Account.Stage__c (picklist) is not on the contacts "
            "object, so a contact's lifecycle stage does not reach Salesforce.",
        ),
    )
    lead = attrs.evolve(
        lifecycle_mapping("Stage__c"), salesforce_object=SalesforceObject.LEAD
    )
    blank = lifecycle_mapping("Stage__c", SyncRule.PREFER_SALESFORCE_UNLESS_BLANK)
    assert lc1(always, company, lead, blank) == (
        True,
        Reason(
            rule="LC-1",
            detail="Lifecycle stage reaches Salesforce through the custom field "
            "mapping contacts.lifecyclestage (select) <-> Lead.Stage__c "
            "(picklist) and contacts.lifecyclestage (select) <-> "
            "Contact.Stage__c (picklist).",
        ),
    )
    standard = attrs.evolve(
        lifecycle_mapping("Status"), salesforce_object=SalesforceObject.LEAD
    )
    assert lc1(standard, always) == (
        False,
        Reason(
            rule="LC-1",
            detail="Lifecycle stage is mapped to 'Status', which is not a custom "
            "field, so it does not reach Salesforce. The mapping "
            "contacts.lifecyclestage (select) <-> Contact.Stage__c "
            "(picklist) has rule 'always_use_salesforce', so lifecycle stage does "
            "not reach Salesforce.",
        ),
    )


def test_lc1_lifecycle_reach_answers_from_the_settings_alone() -> None:
    """LC-1: whether lifecycle stage reaches Salesforce is one call on the
    settings, no opportunity needed: through a custom field mapping only."""
    bare = IntegrationSettings(integrated_on=dt.date(2024, 1, 8))
    assert lifecycle_reach(bare) == LifecycleReach(
        reaches_salesforce=False,
        reasons=(
            Reason(
                rule="LC-1",
                detail="No mapping takes lifecycle stage to a custom Salesforce "
                "field, so it stays in HubSpot.",
            ),
        ),
    )
    stage = lifecycle_mapping("Stage__c")
    mapped = attrs.evolve(bare, mappings=(stage,))
    reach = lifecycle_reach(mapped)
    assert reach.reaches_salesforce
    assert [r.rule for r in reach.reasons] == ["LC-1"]


# LC-4 and LC-5 (issue 18).

OPEN = SalesforceOpportunity(
    id="006O",
    account_id="001A",
    stage_name="Prospecting",
    contact_roles=(OpportunityContactRole(contact_id="003A"),),
)


def test_lc4_an_open_opportunity_moves_its_role_contacts_to_opportunity() -> None:
    """LC-4: "a syncing contact added through a contact role to an open
    opportunity moves to lifecycle stage Opportunity", only the contacts on
    the roles (no company spread), with automatic transitions alone on."""
    only_automatic = IntegrationSettings(
        integrated_on=dt.date(2024, 1, 8), automatic_lifecycle_transitions=True
    )
    decision = derive(OPEN, only_automatic)
    assert decision == LifecycleDecision(
        opportunity_id="006O",
        stage=LifecycleStage.OPPORTUNITY,
        contact_ids=("h1",),
        company_ids=(),
        reaches_salesforce=False,
        reasons=(
            Reason(
                rule="LC-4",
                detail="Opportunity '006O' is open and automatic transitions are "
                "on; HubSpot contacts ['h1'] sync with the contacts on its "
                "contact roles: HubSpot contacts ['h1'] move to Opportunity.",
            ),
            NO_LC1_MAPPING,
        ),
    )


def test_lc4_when_the_opportunity_closes_won_the_contact_moves_on_to_customer() -> None:
    """LC-4: "when the opportunity closes as won it moves on to Customer"."""
    first = derive(OPEN)
    contacts = tuple(
        attrs.evolve(c, lifecycle_stage=first.stage) if c.id in first.contact_ids else c
        for c in HS_CONTACTS
    )
    won = attrs.evolve(OPEN, is_closed=True, is_won=True, stage_name="Closed Won")
    second = derive_lifecycle(
        won,
        settings=ALL_ON,
        salesforce_contacts=SF_CONTACTS,
        hubspot_contacts=contacts,
        hubspot_companies=COMPANIES,
    )
    assert second.stage is LifecycleStage.CUSTOMER
    assert "h1" in second.contact_ids


def test_lc4_roles_added_to_an_opportunity_already_won_still_apply() -> None:
    """LC-4: "Contact roles added to an opportunity that is already closed
    won still apply": a won opportunity's roles count however late they
    came, and the reason says so."""
    late = attrs.evolve(WON, contact_roles=(), id="006L")
    assert derive(late).stage is None
    added = attrs.evolve(late, contact_roles=WON.contact_roles)
    decision = derive(added)
    assert decision.contact_ids == ("h1", "h2")
    lc4 = [r.detail for r in decision.reasons if r.rule == "LC-4"]
    assert lc4 == [
        "The contact roles of Opportunity '006L' count whenever they were "
        "added, also after it closed won; only contact roles count, no custom "
        "relationship."
    ]


def test_lc4_a_custom_relationship_does_not_count() -> None:
    """LC-4: "A custom relationship between contacts and opportunities does
    not count": a custom lookup to the contact moves no one."""
    custom = attrs.evolve(
        OPEN, contact_roles=(), properties={"Primary_Contact__c": "003A"}
    )
    decision = derive(custom)
    assert (decision.stage, decision.contact_ids) == (None, ())
    assert decision.reasons[0] == Reason(
        rule="LC-4",
        detail="Opportunity '006O' is open and has no contact roles, so it moves "
        "no contact to Opportunity; a custom relationship between contacts and "
        "opportunities does not count.",
    )


def test_lc4_automatic_transitions_off_or_no_syncing_contact_moves_no_one() -> None:
    """LC-4: "with automatic lifecycle stage transitions on, a syncing
    contact": off, or no HubSpot contact syncing with the role's contact,
    moves no one, and the reasons name each missing condition."""
    off = attrs.evolve(ALL_ON, automatic_lifecycle_transitions=False)
    unsynced = attrs.evolve(
        OPEN, contact_roles=(OpportunityContactRole(contact_id="003Q"),)
    )
    decision = derive(unsynced, off)
    assert decision.stage is None
    assert decision.reasons == (
        Reason(
            rule="LC-4",
            detail="The setting automatic_lifecycle_transitions is off, so "
            "Opportunity '006O' moves no contact to Opportunity.",
        ),
        Reason(
            rule="LC-4",
            detail="No HubSpot contact syncs with the contacts ['003Q'] on the "
            "contact roles of Opportunity '006O', so it moves none to "
            "Opportunity.",
        ),
        NO_LC1_MAPPING,
    )


def test_lc5_a_customer_stays_customer_when_a_new_open_opportunity_appears() -> None:
    """LC-5: "a Customer stays a Customer when a new open opportunity
    appears"."""
    customer = HubSpotContact(
        id="h1", salesforce_contact_id="003A", lifecycle_stage=LifecycleStage.CUSTOMER
    )
    decision = derive_lifecycle(
        OPEN,
        settings=ALL_ON,
        salesforce_contacts=SF_CONTACTS,
        hubspot_contacts=[customer],
    )
    assert (decision.stage, decision.contact_ids) == (LifecycleStage.OPPORTUNITY, ())
    assert rules(decision) == ["LC-4", "LC-5", "LC-1"]
    assert decision.reasons[1] == Reason(
        rule="LC-5",
        detail="HubSpot contacts 'h1' (customer) stay at their stage: it is "
        "opportunity or later, and automatic transitions never move a stage "
        "backwards.",
    )
    assert "no HubSpot contact changes stage" in decision.reasons[0].detail


def test_lc5_other_comes_last_in_hubspots_lifecycle_order() -> None:
    """LC-5: the order automatic transitions never move back in is HubSpot's,
    Subscriber first and Other last, so a contact at Other stays there."""
    assert LIFECYCLE_ORDER[0] is LifecycleStage.SUBSCRIBER
    assert LIFECYCLE_ORDER[-1] is LifecycleStage.OTHER
    assert lifecycle_rank(None) == -1 < lifecycle_rank(LifecycleStage.SUBSCRIBER)
    other = HubSpotContact(
        id="h1", salesforce_contact_id="003A", lifecycle_stage=LifecycleStage.OTHER
    )
    decision = derive_lifecycle(
        WON,
        settings=ALL_ON,
        salesforce_contacts=SF_CONTACTS,
        hubspot_contacts=[other],
    )
    assert decision.contact_ids == ()


def test_lc5_becoming_customer_converts_no_lead() -> None:
    """LC-5: "A HubSpot lifecycle stage changes nothing else in Salesforce
    (setting Customer does not convert a lead)": a contact that syncs with a
    lead becomes Customer in HubSpot, and the reason says its lead stays."""
    with_lead = (
        *HS_CONTACTS,
        HubSpotContact(id="h7", company_ids=("c1",), salesforce_lead_id="00QL"),
    )
    decision = derive_lifecycle(
        WON,
        settings=ALL_ON,
        salesforce_contacts=SF_CONTACTS,
        hubspot_contacts=with_lead,
        hubspot_companies=COMPANIES,
    )
    assert "h7" in decision.contact_ids
    assert decision.reasons[-2] == Reason(
        rule="LC-5",
        detail="Becoming Customer changes nothing else in Salesforce: the leads "
        "of HubSpot contacts 'h7' (lead '00QL') are not converted.",
    )
