"""What triggers a sync: TRIG-1..3."""

from __future__ import annotations

import pytest

from crmsync_rules import (
    FieldMapping,
    HubSpotObject,
    HubSpotPropertyType,
    InvalidRecordError,
    RecordChange,
    SalesforceFieldType,
    SalesforceObject,
    sync_trigger,
)

TITLE = FieldMapping(
    hubspot_object=HubSpotObject.CONTACT,
    hubspot_property="jobtitle",
    hubspot_type=HubSpotPropertyType.TEXT,
    salesforce_object=SalesforceObject.CONTACT,
    salesforce_field="Title",
    salesforce_type=SalesforceFieldType.STRING,
)
SCORE = FieldMapping(
    hubspot_object=HubSpotObject.CONTACT,
    hubspot_property="score",
    hubspot_type=HubSpotPropertyType.NUMBER,
    salesforce_object=SalesforceObject.CONTACT,
    salesforce_field="Score__c",
    salesforce_type=SalesforceFieldType.DOUBLE,
    formula_references=("Rating__c", "Budget__c"),
)
MAPPINGS = (TITLE, SCORE)


def hubspot(*changed: str) -> RecordChange:
    return RecordChange(object=HubSpotObject.CONTACT, record_id="501", changed=changed)


def salesforce(*changed: str) -> RecordChange:
    return RecordChange(
        object=SalesforceObject.CONTACT, record_id="003A1", changed=changed
    )


def test_trig1_mapped_property_change_triggers() -> None:
    decision = sync_trigger(hubspot("jobtitle"), mappings=MAPPINGS)
    assert decision.triggered
    assert decision.fields == ("jobtitle",)
    assert [r.rule for r in decision.reasons] == ["TRIG-1"]
    assert "contacts 501: mapped jobtitle changed" in decision.reasons[0].detail


def test_trig1_mapped_salesforce_field_change_triggers() -> None:
    decision = sync_trigger(salesforce("Title"), mappings=MAPPINGS)
    assert decision.triggered
    assert decision.fields == ("Title",)


def test_trig1_unmapped_change_does_not_trigger() -> None:
    decision = sync_trigger(hubspot("favourite_colour"), mappings=MAPPINGS)
    assert not decision.triggered
    assert decision.fields == ()
    assert [r.rule for r in decision.reasons] == ["TRIG-1"]
    assert "favourite_colour is not mapped" in decision.reasons[0].detail


def test_trig1_field_of_another_object_does_not_trigger() -> None:
    lead = RecordChange(
        object=SalesforceObject.LEAD, record_id="00Q1", changed={"Title"}
    )
    assert not sync_trigger(lead, mappings=MAPPINGS).triggered


def test_trig1_opt_out_mapping_always_counts() -> None:
    assert sync_trigger(hubspot("hs_email_optout"), mappings=()).triggered
    lead = RecordChange(
        object=SalesforceObject.LEAD, record_id="00Q1", changed={"HasOptedOutOfEmail"}
    )
    assert sync_trigger(lead, mappings=()).triggered


def test_trig1_mixed_change_triggers_on_the_mapped_part() -> None:
    decision = sync_trigger(hubspot("notes", "jobtitle"), mappings=MAPPINGS)
    assert decision.triggered
    assert decision.fields == ("jobtitle",)
    assert len(decision.reasons) == 2


def test_trig2_formula_field_never_triggers_itself() -> None:
    decision = sync_trigger(salesforce("Score__c"), mappings=MAPPINGS)
    assert not decision.triggered
    assert [r.rule for r in decision.reasons] == ["TRIG-2"]
    assert "Score__c is a formula field" in decision.reasons[0].detail


def test_trig2_field_referenced_by_a_formula_triggers() -> None:
    decision = sync_trigger(salesforce("Rating__c"), mappings=MAPPINGS)
    assert decision.triggered
    assert decision.fields == ("Rating__c",)
    assert [r.rule for r in decision.reasons] == ["TRIG-2"]
    assert "formula field Score__c references it" in decision.reasons[0].detail


def test_trig2_hubspot_side_of_a_formula_mapping_is_an_ordinary_property() -> None:
    assert sync_trigger(hubspot("score"), mappings=MAPPINGS).triggered


def test_trig3_joining_the_list_pushes_nothing_by_itself() -> None:
    decision = sync_trigger(
        hubspot(), mappings=MAPPINGS, included=True, newly_included=True
    )
    assert not decision.triggered
    assert [r.rule for r in decision.reasons] == ["TRIG-3"]
    assert "next trigger" in decision.reasons[0].detail


def test_trig3_newly_included_contact_syncs_on_its_next_trigger() -> None:
    decision = sync_trigger(
        hubspot("jobtitle"), mappings=MAPPINGS, included=True, newly_included=True
    )
    assert decision.triggered
    assert [r.rule for r in decision.reasons] == ["TRIG-1", "TRIG-3"]


def test_trig3_contact_outside_the_list_does_not_trigger() -> None:
    decision = sync_trigger(hubspot("jobtitle"), mappings=MAPPINGS, included=False)
    assert not decision.triggered
    assert decision.fields == ()
    assert decision.reasons[-1].rule == "SYNC-2"


def test_trig1_empty_change_triggers_nothing() -> None:
    decision = sync_trigger(hubspot(), mappings=MAPPINGS)
    assert not decision.triggered
    assert [r.rule for r in decision.reasons] == ["TRIG-1"]


def test_record_change_needs_an_id() -> None:
    with pytest.raises(InvalidRecordError, match="record_id"):
        RecordChange(object=HubSpotObject.CONTACT, record_id=" ", changed=())
