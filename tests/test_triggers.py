"""What triggers a sync: TRIG-1, TRIG-2, TRIG-3."""

from __future__ import annotations

import pytest

from crmsync_rules import (
    FieldMapping,
    HubSpotObject,
    HubSpotPropertyType,
    Reason,
    SalesforceFieldType,
    SalesforceObject,
    triggers_sync,
)
from crmsync_rules.errors import InvalidRecordError
from crmsync_rules.triggers import RecordChange, TriggerDecision

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
    """TRIG-1: mapped property change triggers."""
    decision = triggers_sync(hubspot("jobtitle"), mappings=MAPPINGS)
    assert decision.triggered
    assert decision.fields == ("jobtitle",)
    assert [r.rule for r in decision.reasons] == ["TRIG-1"]
    assert "contacts 501: mapped jobtitle changed" in decision.reasons[0].detail


def test_trig1_mapped_salesforce_field_change_triggers() -> None:
    """TRIG-1: mapped Salesforce field change triggers."""
    decision = triggers_sync(salesforce("Title"), mappings=MAPPINGS)
    assert decision.triggered
    assert decision.fields == ("Title",)


def test_trig1_unmapped_change_does_not_trigger() -> None:
    """TRIG-1: unmapped change does not trigger."""
    decision = triggers_sync(hubspot("favourite_colour"), mappings=MAPPINGS)
    assert not decision.triggered
    assert decision.fields == ()
    assert [r.rule for r in decision.reasons] == ["TRIG-1"]
    assert "favourite_colour is not mapped" in decision.reasons[0].detail


def test_trig1_field_of_another_object_does_not_trigger() -> None:
    """TRIG-1: field of another object does not trigger."""
    lead = RecordChange(
        object=SalesforceObject.LEAD, record_id="00Q1", changed={"Title"}
    )
    assert not triggers_sync(lead, mappings=MAPPINGS).triggered


def test_trig1_opt_out_mapping_always_counts() -> None:
    """TRIG-1: opt-out mapping always counts."""
    assert triggers_sync(hubspot("hs_email_optout"), mappings=()).triggered
    lead = RecordChange(
        object=SalesforceObject.LEAD, record_id="00Q1", changed={"HasOptedOutOfEmail"}
    )
    assert triggers_sync(lead, mappings=()).triggered


def test_trig1_mixed_change_triggers_on_the_mapped_part() -> None:
    """TRIG-1: mixed change triggers on the mapped part."""
    decision = triggers_sync(hubspot("notes", "jobtitle"), mappings=MAPPINGS)
    assert decision.triggered
    assert decision.fields == ("jobtitle",)
    assert len(decision.reasons) == 2


def test_trig2_formula_field_never_triggers_itself() -> None:
    """TRIG-2: formula field never triggers itself."""
    decision = triggers_sync(salesforce("Score__c"), mappings=MAPPINGS)
    assert not decision.triggered
    assert [r.rule for r in decision.reasons] == ["TRIG-2"]
    assert "Score__c is a formula field" in decision.reasons[0].detail


def test_trig2_field_referenced_by_a_formula_triggers() -> None:
    """TRIG-2: field referenced by a formula triggers."""
    decision = triggers_sync(salesforce("Rating__c"), mappings=MAPPINGS)
    assert decision.triggered
    assert decision.fields == ("Rating__c",)
    assert [r.rule for r in decision.reasons] == ["TRIG-2"]
    assert "formula field Score__c references it" in decision.reasons[0].detail


def test_trig2_hubspot_side_of_a_formula_mapping_is_an_ordinary_property() -> None:
    """TRIG-2: HubSpot side of a formula mapping is an ordinary property."""
    assert triggers_sync(hubspot("score"), mappings=MAPPINGS).triggered


def test_trig3_joining_the_list_pushes_nothing_by_itself() -> None:
    """TRIG-3: joining the list pushes nothing by itself."""
    decision = triggers_sync(
        hubspot(), mappings=MAPPINGS, included=True, newly_included=True
    )
    assert not decision.triggered
    assert [r.rule for r in decision.reasons] == ["TRIG-3"]
    assert "next trigger" in decision.reasons[0].detail


def test_trig3_newly_included_contact_syncs_on_its_next_trigger() -> None:
    """TRIG-3: newly included contact syncs on its next trigger."""
    decision = triggers_sync(
        hubspot("jobtitle"), mappings=MAPPINGS, included=True, newly_included=True
    )
    assert decision.triggered
    assert [r.rule for r in decision.reasons] == ["TRIG-1", "TRIG-3"]


def test_trig3_contact_outside_the_list_does_not_trigger() -> None:
    """TRIG-3: contact outside the list does not trigger."""
    decision = triggers_sync(hubspot("jobtitle"), mappings=MAPPINGS, included=False)
    assert not decision.triggered
    assert decision.fields == ()
    assert decision.reasons[-1].rule == "SYNC-2"


def test_trig1_empty_change_triggers_nothing() -> None:
    """TRIG-1: empty change triggers nothing."""
    decision = triggers_sync(hubspot(), mappings=MAPPINGS)
    assert not decision.triggered
    assert [r.rule for r in decision.reasons] == ["TRIG-1"]


def test_record_change_needs_an_id() -> None:
    with pytest.raises(InvalidRecordError, match="record_id"):
        RecordChange(object=HubSpotObject.CONTACT, record_id=" ", changed=())


# Whole results, explanations included (docs/testing.md, "Mutation testing").


def test_trig1_trig2_whole_result_names_each_changed_field() -> None:
    """TRIG-1, TRIG-2: whole result names each changed field."""
    change = salesforce("Title", "Score__c", "Rating__c", "Fax")
    assert triggers_sync(change, mappings=MAPPINGS) == TriggerDecision(
        change=change,
        triggered=True,
        fields=("Rating__c", "Title"),
        reasons=(
            Reason(
                rule="TRIG-1",
                detail="Contact 003A1: Fax is not mapped, so its change triggers "
                "nothing.",
            ),
            Reason(
                rule="TRIG-2",
                detail="Contact 003A1: Rating__c changed and the formula field "
                "Score__c references it.",
            ),
            Reason(
                rule="TRIG-2",
                detail="Contact 003A1: Score__c is a formula field; its changes "
                "never trigger a sync themselves.",
            ),
            Reason(
                rule="TRIG-1",
                detail="Contact 003A1: mapped Title changed (contacts.jobtitle "
                "(text) <-> Contact.Title (string)).",
            ),
        ),
    )


def test_trig3_whole_results_with_and_without_the_list() -> None:
    """TRIG-3: whole results with and without the list."""
    empty = hubspot()
    assert triggers_sync(empty, mappings=MAPPINGS) == TriggerDecision(
        change=empty,
        triggered=False,
        fields=(),
        reasons=(
            Reason(rule="TRIG-1", detail="contacts 501: no property or field changed."),
        ),
    )
    assert triggers_sync(empty, mappings=MAPPINGS, newly_included=True).reasons == (
        Reason(
            rule="TRIG-3",
            detail="contacts 501: no property or field changed; joining the "
            "inclusion list pushes nothing by itself, the record syncs on its "
            "next trigger.",
        ),
    )
    title = hubspot("jobtitle")
    mapped = Reason(
        rule="TRIG-1",
        detail="contacts 501: mapped jobtitle changed (contacts.jobtitle (text) "
        "<-> Contact.Title (string)).",
    )
    assert triggers_sync(title, mappings=MAPPINGS, newly_included=True) == (
        TriggerDecision(
            change=title,
            triggered=True,
            fields=("jobtitle",),
            reasons=(
                mapped,
                Reason(
                    rule="TRIG-3",
                    detail="contacts 501 newly meets the inclusion list and syncs "
                    "on this trigger.",
                ),
            ),
        )
    )
    assert triggers_sync(title, mappings=MAPPINGS, included=False) == TriggerDecision(
        change=title,
        triggered=False,
        fields=(),
        reasons=(
            mapped,
            Reason(
                rule="SYNC-2",
                detail="contacts 501 does not meet the inclusion list, so no "
                "change triggers a sync.",
            ),
        ),
    )
