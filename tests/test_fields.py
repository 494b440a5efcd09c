"""The field writes of one pair (`sync_fields`): FM-1, FM-2, FM-3, FM-4,
FM-6, FM-7, OPT-1 to OPT-5, LC-1 to LC-3, CN-2 and CN-3, by example."""

from __future__ import annotations

import datetime as dt

import pytest

from crmsync_rules import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotObject,
    HubSpotOwner,
    HubSpotPropertyType,
    IntegrationSettings,
    LifecycleStage,
    SalesforceAccount,
    SalesforceContact,
    SalesforceFieldType,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
    SalesforceUser,
)
from crmsync_rules.lifecycle import LifecycleDecision
from crmsync_rules.mappings import (
    ChangedFields,
    FieldMapping,
    FieldSync,
    HubSpotFieldType,
    MappedField,
    Side,
    SyncRule,
    WriteDirection,
    build_mapping_table,
    sync_fields,
)
from crmsync_rules.model._properties import PropertyChange

UTC = dt.timezone.utc
T0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
HS, SF = Side.HUBSPOT, Side.SALESFORCE
CT = SalesforceObject.CONTACT


def at(days: int) -> dt.datetime:
    return T0 + dt.timedelta(days=days)


def mapping(
    prop: str = "jobtitle",
    field: str = "Title",
    rule: SyncRule = SyncRule.PREFER_SALESFORCE_UNLESS_BLANK,
    *,
    hubspot_object: str = "contacts",
    salesforce_object: str = "Contact",
    kind: str = "string",
    shape: str = "text",
    sf_type: str = "string",
) -> FieldMapping:
    return FieldMapping(
        hubspot_object=HubSpotObject(hubspot_object),
        hubspot_property=prop,
        hubspot_type=HubSpotPropertyType(kind),
        hubspot_field_type=HubSpotFieldType(shape),
        salesforce_object=SalesforceObject(salesforce_object),
        salesforce_field=field,
        salesforce_type=SalesforceFieldType(sf_type),
        rule=rule,
    )


OWNER = mapping(
    "hubspot_owner_id",
    "OwnerId",
    SyncRule.PREFER_SALESFORCE_UNLESS_BLANK,
    kind="enumeration",
    shape="select",
    sf_type="reference",
)
LIFECYCLE = mapping(
    "lifecyclestage",
    "HubSpot_Lifecycle_Stage__c",
    SyncRule.TWO_WAY,
    kind="enumeration",
    shape="select",
    sf_type="picklist",
)
COMPANY = mapping("company", "Company", salesforce_object="Lead")


def settings(*mappings: FieldMapping, **options: object) -> IntegrationSettings:
    return IntegrationSettings(
        integrated_on=dt.date(2024, 1, 8),
        mappings=mappings,
        **options,  # type: ignore[arg-type]
    )


def contact(
    title: str | None = "CTO", *, updated: int = 0, linked: bool = True, **more: object
) -> HubSpotContact:
    return HubSpotContact(
        id="501",
        email="jan@vries.nl",
        salesforce_contact_id="003A" if linked else None,
        updated_at=at(updated),
        properties={"jobtitle": title},
        **more,  # type: ignore[arg-type]
    )


def sf_contact(
    title: str | None = "Chief Technology Officer", *, updated: int = 0, **more: object
) -> SalesforceContact:
    return SalesforceContact(
        id="003A",
        email="jan@vries.nl",
        system_modstamp=at(updated),
        properties={"Title": title},
        **more,  # type: ignore[arg-type]
    )


def one(result: FieldSync, prop: str = "jobtitle") -> MappedField:
    (field,) = [f for f in result.fields if f.mapping.hubspot_property == prop]
    return field


def rules_of(field: MappedField) -> list[str]:
    return [r.rule for r in field.reasons]


# --- FM-1 ---------------------------------------------------------------


def test_fm1_a_salesforce_change_overwrites_hubspot() -> None:
    """FM-1: A salesforce change overwrites hubspot."""
    title = mapping()
    result = sync_fields(
        contact("CTO"), sf_contact(updated=1), settings=settings(title)
    )
    field = one(result)
    assert (field.hubspot_before, field.hubspot_after) == (
        "CTO",
        "Chief Technology Officer",
    )
    assert field.direction is WriteDirection.TO_HUBSPOT
    assert field.changes
    assert field.writes[0].reason.rule == "FM-1"
    assert result.writes == (field,)
    assert field.before(SF) == field.after(SF) == "Chief Technology Officer"


def test_fm1_hubspot_fills_a_blank_salesforce_field() -> None:
    """FM-1: Hubspot fills a blank salesforce field."""
    field = one(
        sync_fields(
            contact("CTO", updated=1), sf_contact(None), settings=settings(mapping())
        )
    )
    assert field.direction is WriteDirection.TO_SALESFORCE
    assert field.salesforce_after == "CTO"


def test_fm1_a_hubspot_change_never_writes_over_a_salesforce_value() -> None:
    """FM-1: A hubspot change never writes over a salesforce value."""
    field = one(
        sync_fields(
            contact("CTO", updated=1), sf_contact(), settings=settings(mapping())
        )
    )
    assert not field.writes
    assert field.direction is WriteDirection.NONE
    assert "FM-1" in rules_of(field)


def test_fm1_a_salesforce_clearing_clears_hubspot() -> None:
    """FM-1: A salesforce clearing clears hubspot."""
    field = one(
        sync_fields(
            contact("CTO"), sf_contact(None, updated=1), settings=settings(mapping())
        )
    )
    assert field.hubspot_after is None
    assert field.direction is WriteDirection.TO_HUBSPOT


def test_fm1_a_created_salesforce_record_takes_the_hubspot_value() -> None:
    """FM-1: A created salesforce record takes the hubspot value."""
    result = sync_fields(
        contact(linked=False),
        None,
        settings=settings(mapping(), new_records_as=SalesforceObject.CONTACT),
    )
    field = one(result)
    assert result.salesforce_id is None
    assert (field.salesforce_before, field.salesforce_after) == (None, "CTO")
    assert "creates" in field.reasons[0].detail


def test_fm1_a_created_hubspot_record_takes_the_salesforce_value() -> None:
    """FM-1: A created hubspot record takes the salesforce value."""
    result = sync_fields(None, sf_contact(), settings=settings(mapping()))
    field = one(result)
    assert result.hubspot_id is None
    assert field.hubspot_after == "Chief Technology Officer"


def test_fm1_a_first_sync_carries_values_not_clearings() -> None:
    """FM-1: A first sync carries values not clearings."""
    result = sync_fields(
        contact(None, linked=False, updated=1),
        sf_contact(),
        settings=settings(mapping()),
    )
    assert one(result).hubspot_after == "Chief Technology Officer"
    assert "first time" in one(result).reasons[0].detail


# --- FM-2 ---------------------------------------------------------------


def test_fm2_hubspot_never_writes_to_salesforce_not_even_a_blank() -> None:
    """FM-2: Hubspot never writes to salesforce not even a blank."""
    rule = mapping(rule=SyncRule.ALWAYS_USE_SALESFORCE)
    field = one(
        sync_fields(
            contact("CTO", updated=1), sf_contact(None), settings=settings(rule)
        )
    )
    assert not field.writes
    assert "FM-2" in rules_of(field)


def test_fm2_salesforce_clearings_reach_hubspot() -> None:
    """FM-2: Salesforce clearings reach hubspot."""
    rule = mapping(rule=SyncRule.ALWAYS_USE_SALESFORCE)
    field = one(
        sync_fields(
            contact("CTO"), sf_contact(None, updated=1), settings=settings(rule)
        )
    )
    assert field.hubspot_after is None


def test_fm2_a_first_sync_with_a_blank_salesforce_field_moves_nothing() -> None:
    """FM-2: A first sync with a blank salesforce field moves nothing."""
    rule = mapping(rule=SyncRule.ALWAYS_USE_SALESFORCE)
    field = one(
        sync_fields(
            contact("CTO", linked=False), sf_contact(None), settings=settings(rule)
        )
    )
    assert not field.writes
    assert "carries values, not clearings" in field.reasons[-1].detail


# --- FM-3 ---------------------------------------------------------------


def test_fm3_the_property_history_decides_and_is_named() -> None:
    """FM-3: The property history decides and is named."""
    history = {"jobtitle": [PropertyChange(value="CTO", timestamp=at(2))]}
    rule = mapping(rule=SyncRule.TWO_WAY)
    field = one(
        sync_fields(
            contact("CTO", updated=0, history=history),
            sf_contact(updated=1),
            settings=settings(rule),
        )
    )
    assert field.salesforce_after == "CTO"
    assert "property history" in field.reasons[0].detail


def test_fm3_the_reason_says_when_only_record_times_were_known() -> None:
    """FM-3: The reason says when only record times were known."""
    rule = mapping(rule=SyncRule.TWO_WAY)
    result = sync_fields(
        contact(updated=2), sf_contact(updated=1), settings=settings(rule)
    )
    assert one(result).salesforce_after == "CTO"
    (said,) = [r for r in result.reasons if r.rule == "FM-3"]
    assert said.detail.startswith("Only record update times were known")


def test_fm3_a_change_event_decides() -> None:
    """FM-3: A change event decides."""
    rule = mapping(rule=SyncRule.TWO_WAY)
    event = ChangedFields(side=SF, names={"Title"}, at=at(5))
    field = one(
        sync_fields(
            contact(updated=3),
            sf_contact(updated=1),
            settings=settings(rule),
            change=event,
        )
    )
    assert field.hubspot_after == "Chief Technology Officer"
    assert "the change event" in field.reasons[0].detail
    hubspot_event = ChangedFields(side=HS, names={"jobtitle"}, at=at(6))
    field = one(
        sync_fields(
            contact(updated=3),
            sf_contact(updated=5),
            settings=settings(rule),
            change=hubspot_event,
        )
    )
    assert field.salesforce_after == "CTO"


def test_fm3_a_tie_goes_to_salesforce_and_unknown_times_count_as_oldest() -> None:
    """FM-3: A tie goes to salesforce and unknown times count as oldest."""
    rule = mapping(rule=SyncRule.TWO_WAY)
    field = one(
        sync_fields(contact(updated=1), sf_contact(updated=1), settings=settings(rule))
    )
    assert field.hubspot_after == "Chief Technology Officer"
    undated = HubSpotContact(
        id="501", salesforce_contact_id="003A", properties={"jobtitle": "CTO"}
    )
    result = sync_fields(undated, sf_contact(updated=1), settings=settings(rule))
    assert one(result).hubspot_after == "Chief Technology Officer"
    assert "at an unknown time" in result.reasons[0].detail


def test_fm3_a_clearing_passes_both_ways() -> None:
    """FM-3: A clearing passes both ways."""
    rule = mapping(rule=SyncRule.TWO_WAY)
    field = one(
        sync_fields(
            contact(None, updated=2), sf_contact(updated=1), settings=settings(rule)
        )
    )
    assert field.salesforce_after is None
    assert field.direction is WriteDirection.TO_SALESFORCE


# --- FM-4 ---------------------------------------------------------------


def test_fm4_nothing_passes() -> None:
    """FM-4: Nothing passes."""
    rule = mapping(rule=SyncRule.DONT_SYNC)
    for hubspot, salesforce in (
        (contact(updated=2), sf_contact()),
        (contact(), sf_contact(updated=2)),
    ):
        field = one(sync_fields(hubspot, salesforce, settings=settings(rule)))
        assert not field.writes
        assert "FM-4" in rules_of(field)
    field = one(
        sync_fields(
            contact(linked=False), None, settings=settings(rule), salesforce_object=CT
        )
    )
    assert not field.writes


# --- FM-6 (owners, OWN-2 to OWN-5) -------------------------------------

ADA = HubSpotOwner(
    id="101", email="ada@acme.com", first_name="Ada", last_name="Lovelace"
)
ADA_SF = SalesforceUser(
    id="005A", email="ada@acme.com", first_name="Ada", last_name="Lovelace"
)
GRACE = HubSpotOwner(
    id="102", email="grace@acme.com", first_name="Grace", last_name="Hopper"
)
OTHER_SF = SalesforceUser(
    id="005B", email="bob@acme.com", first_name="Bob", last_name="Roe"
)
OWNERS = (ADA, ADA_SF, GRACE, OTHER_SF)


def test_fm6_a_hubspot_owner_matching_exactly_is_written_to_salesforce() -> None:
    """FM-6: A hubspot owner matching exactly is written to salesforce."""
    field = one(
        sync_fields(
            contact(owner_id="101", updated=2),
            sf_contact(owner_id="005B", updated=1),
            settings=settings(OWNER),
            owners=OWNERS,
        ),
        "hubspot_owner_id",
    )
    assert field.salesforce_after == "005A"
    assert {"FM-6", "OWN-4"} <= set(rules_of(field))
    # the owner mapping shows FM-1, yet behaves as two-way (FM-6)
    assert any("behaves as two-way" in r.detail for r in field.reasons)


def test_fm6_own5_an_unmatched_hubspot_owner_reverts() -> None:
    """FM-6, OWN-5: An unmatched hubspot owner reverts."""
    field = one(
        sync_fields(
            contact(owner_id="102", updated=2),
            sf_contact(owner_id="005B", updated=1),
            settings=settings(OWNER),
            owners=OWNERS,
        ),
        "hubspot_owner_id",
    )
    assert not field.writes
    assert "OWN-5" in rules_of(field)
    cleared = one(
        sync_fields(
            contact(updated=2),
            sf_contact(owner_id="005B", updated=1),
            settings=settings(OWNER),
            owners=OWNERS,
        ),
        "hubspot_owner_id",
    )
    assert not cleared.writes
    assert "OWN-5" in rules_of(cleared)


def test_fm6_own3_a_salesforce_owner_reaches_hubspot() -> None:
    """FM-6, OWN-3: A salesforce owner reaches hubspot."""
    field = one(
        sync_fields(
            contact(owner_id="102"),
            sf_contact(owner_id="005A", updated=1),
            settings=settings(OWNER),
            owners=OWNERS,
        ),
        "hubspot_owner_id",
    )
    assert field.hubspot_after == "101"
    imported = one(
        sync_fields(
            contact(owner_id="102"),
            sf_contact(owner_id="005B", updated=1),
            settings=settings(OWNER),
            owners=OWNERS,
        ),
        "hubspot_owner_id",
    )
    assert not imported.writes
    assert "imports" in imported.reasons[-1].detail
    nobody = one(
        sync_fields(
            contact(owner_id="102"), sf_contact(updated=1), settings=settings(OWNER)
        ),
        "hubspot_owner_id",
    )
    assert not nobody.writes
    assert "OWN-2" in rules_of(nobody)


def test_fm6_created_records_take_the_owner_that_matches() -> None:
    """FM-6: Created records take the owner that matches."""
    created = sync_fields(
        contact(owner_id="101", linked=False),
        None,
        settings=settings(OWNER),
        owners=OWNERS,
        salesforce_object=CT,
    )
    assert one(created, "hubspot_owner_id").salesforce_after == "005A"
    created = sync_fields(
        None, sf_contact(owner_id="005A"), settings=settings(OWNER), owners=OWNERS
    )
    assert one(created, "hubspot_owner_id").hubspot_after == "101"
    first = sync_fields(
        contact(linked=False, updated=3),
        sf_contact(owner_id="005A"),
        settings=settings(OWNER),
        owners=OWNERS,
    )
    # a first sync carries the Salesforce owner into the empty HubSpot owner
    assert one(first, "hubspot_owner_id").hubspot_after == "101"


# --- FM-7 ---------------------------------------------------------------


def test_fm7_a_mapping_added_after_the_values_moves_nothing_until_a_resync() -> None:
    """FM-7: A mapping added after the values moves nothing until a resync."""
    title = mapping(rule=SyncRule.TWO_WAY)
    field = one(
        sync_fields(
            contact(updated=1),
            sf_contact(updated=0),
            settings=settings(title),
            mapped_at={title: dt.datetime(2024, 6, 1)},
        )
    )
    assert not field.writes
    assert "FM-7" in rules_of(field)
    field = one(
        sync_fields(
            contact(updated=1),
            sf_contact(updated=0),
            settings=settings(title),
            mapped_at={title: dt.datetime(2024, 1, 1, tzinfo=UTC)},
        )
    )
    assert field.writes


def test_fm7_a_value_the_export_lacks_is_unknown_and_moves_nothing() -> None:
    """FM-7: A value the export lacks is unknown and moves nothing."""
    field = one(
        sync_fields(
            contact(), SalesforceContact(id="003A"), settings=settings(mapping())
        )
    )
    assert not field.writes
    assert "holds no Title" in field.reasons[-1].detail


# --- OPT-1 to OPT-5 -----------------------------------------------------


def optout(result: FieldSync) -> MappedField:
    return one(result, "hs_email_optout")


def test_opt1_the_locked_optout_mapping_is_always_decided() -> None:
    """OPT-1: The locked optout mapping is always decided."""
    field = optout(sync_fields(contact(), sf_contact(), settings=settings()))
    assert rules_of(field) == ["OPT-1", "OPT-2"]
    assert not field.writes


def test_opt2_an_unsubscribe_ticks_email_opt_out_and_back() -> None:
    """OPT-2: An unsubscribe ticks email opt out and back."""
    field = optout(
        sync_fields(contact(unsubscribed=True), sf_contact(), settings=settings())
    )
    assert field.salesforce_after is True
    field = optout(
        sync_fields(
            contact(), sf_contact(has_opted_out_of_email=True), settings=settings()
        )
    )
    assert field.hubspot_after is True


def test_opt3_an_untick_in_salesforce_never_resubscribes() -> None:
    """OPT-3: An untick in salesforce never resubscribes."""
    event = ChangedFields(side=SF, names={"HasOptedOutOfEmail"}, at=at(3))
    field = optout(
        sync_fields(
            contact(unsubscribed=True), sf_contact(), settings=settings(), change=event
        )
    )
    assert not field.writes
    assert field.hubspot_after is True
    assert "OPT-3" in rules_of(field)


def test_opt4_opt5_a_first_sync_passes_either_sides_opt_out() -> None:
    """OPT-4, OPT-5: A first sync passes either sides opt out."""
    lead = SalesforceLead(id="00QA", email="jan@vries.nl", has_opted_out_of_email=True)
    field = optout(sync_fields(contact(linked=False), lead, settings=settings()))
    assert field.hubspot_after is True
    assert {"OPT-4", "OPT-5"} <= set(rules_of(field))
    created = optout(sync_fields(None, lead, settings=settings()))
    assert created.hubspot_after is True
    assert "OPT-5" not in rules_of(created)


# --- LC-1 to LC-3 --------------------------------------------------------

WON = LifecycleDecision(
    opportunity_id="006A",
    stage=LifecycleStage.CUSTOMER,
    contact_ids=("501",),
    company_ids=(),
    reaches_salesforce=True,
    reasons=(),
)


def test_lc1_lc2_a_won_opportunity_writes_customer_to_both_sides() -> None:
    """LC-1, LC-2: A won opportunity writes customer to both sides."""
    field = one(
        sync_fields(
            contact(lifecycle_stage=LifecycleStage.LEAD),
            sf_contact(),
            settings=settings(LIFECYCLE),
            lifecycle=[WON],
        ),
        "lifecyclestage",
    )
    assert (field.hubspot_after, field.salesforce_after) == ("customer", "customer")
    assert field.direction is WriteDirection.BOTH


def test_lc1_without_a_carrying_mapping_the_stage_stays_in_hubspot() -> None:
    """LC-1: Without a carrying mapping the stage stays in hubspot."""
    blocked = mapping(
        "lifecyclestage",
        "HubSpot_Lifecycle_Stage__c",
        SyncRule.ALWAYS_USE_SALESFORCE,
        kind="enumeration",
        shape="select",
        sf_type="picklist",
    )
    field = one(
        sync_fields(
            contact(lifecycle_stage=LifecycleStage.CUSTOMER),
            SalesforceContact(
                id="003A", properties={"HubSpot_Lifecycle_Stage__c": "customer"}
            ),
            settings=settings(blocked),
            lifecycle=[
                WON,
                LifecycleDecision(
                    opportunity_id="006B",
                    stage=None,
                    contact_ids=(),
                    company_ids=(),
                    reaches_salesforce=False,
                    reasons=(),
                ),
            ],
        ),
        "lifecyclestage",
    )
    assert not field.writes
    field = one(
        sync_fields(
            contact(lifecycle_stage=LifecycleStage.LEAD, updated=2),
            SalesforceContact(
                id="003A", properties={"HubSpot_Lifecycle_Stage__c": None}
            ),
            settings=settings(blocked),
        ),
        "lifecyclestage",
    )
    assert not field.writes
    assert rules_of(field)[0] == "LC-1"


# --- CN-2 and CN-3 -------------------------------------------------------


def test_cn2_company_name_syncs_with_a_lead() -> None:
    """CN-2: Company name syncs with a lead."""
    lead = SalesforceLead(
        id="00QA", email="jan@vries.nl", company="Vries BV", system_modstamp=at(1)
    )
    hubspot = HubSpotContact(
        id="501", salesforce_lead_id="00QA", company="Vries", updated_at=at(0)
    )
    result = sync_fields(hubspot, lead, settings=settings(COMPANY))
    field = one(result, "company")
    assert field.hubspot_after == "Vries BV"
    assert "CN-2" in rules_of(field)
    assert [r.rule for r in result.reasons] == ["FM-3"]


def test_cn3_with_a_salesforce_contact_company_name_does_not_sync() -> None:
    """CN-3: With a salesforce contact company name does not sync."""
    result = sync_fields(
        contact(company="Vries BV"),
        sf_contact(),
        settings=settings(COMPANY, account_sync=True),
    )
    assert not [f for f in result.fields if f.mapping.hubspot_property == "company"]
    assert [r.rule for r in result.reasons] == ["CN-1", "CN-2", "CN-3"]


# --- object pairs and the call itself --------------------------------------


def test_fm1_companies_and_deals_pair_with_accounts_and_opportunities() -> None:
    """FM-1: Companies and deals pair with accounts and opportunities."""
    industry = mapping(
        "industry", "Industry", hubspot_object="companies", salesforce_object="Account"
    )
    amount = mapping(
        "dealname", "Name", hubspot_object="deals", salesforce_object="Opportunity"
    )
    table = build_mapping_table([industry, amount])
    company = HubSpotCompany(
        id="9001", salesforce_account_id="001A", properties={"industry": "IT"}
    )
    account = SalesforceAccount(id="001A", properties={"Industry": "Retail"})
    result = sync_fields(company, account, settings=settings(), mappings=table)
    assert one(result, "industry").hubspot_after == "Retail"
    deal = HubSpotDeal(id="7001", name="Big deal")
    opportunity = SalesforceOpportunity(id="006A", name="Bigger deal")
    result = sync_fields(deal, opportunity, settings=settings(), mappings=[amount])
    assert one(result, "dealname").hubspot_after == "Bigger deal"
    created = sync_fields(None, opportunity, settings=settings(), mappings=[amount])
    assert one(created, "dealname").hubspot_after == "Bigger deal"
    new_account = sync_fields(company, None, settings=settings(), mappings=[industry])
    assert one(new_account, "industry").salesforce_after == "IT"


def test_fm1_a_contact_created_as_a_lead_uses_the_lead_mappings() -> None:
    """FM-1: A contact created as a lead uses the lead mappings."""
    result = sync_fields(
        contact(company="Vries BV", linked=False),
        None,
        settings=settings(COMPANY),
        salesforce_object=SalesforceObject.LEAD,
    )
    assert one(result, "company").salesforce_after == "Vries BV"
    lead = SalesforceLead(id="00QA", company="Vries BV")
    assert one(
        sync_fields(contact(linked=False), lead, settings=settings(COMPANY)), "company"
    )
    created = sync_fields(None, lead, settings=settings(COMPANY))
    assert one(created, "company").hubspot_after == "Vries BV"


def test_sync_fields_needs_a_record() -> None:
    with pytest.raises(ValueError, match="needs a HubSpot record"):
        sync_fields(None, None, settings=settings())
