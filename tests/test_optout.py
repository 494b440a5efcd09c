"""OPT-1, OPT-2, OPT-3, OPT-4, OPT-5: apply_optout, address_optout,
check_optout_mapping."""

from __future__ import annotations

import attrs
import pytest

from crmsync_rules import (
    FieldMapping,
    HubSpotContact,
    HubSpotObject,
    HubSpotPropertyType,
    Reason,
    SalesforceFieldType,
    SalesforceObject,
    SyncRule,
    apply_optout,
)
from crmsync_rules.errors import (
    InvalidEmailError,
    InvalidRecordError,
    InvalidSettingsError,
    LockedMappingError,
)
from crmsync_rules.optout import (
    OPT_OUT_MAPPINGS,
    AddressOptOut,
    OptOutDecision,
    OptOutEvent,
    OptOutMappingChange,
    OptOutMappingCheck,
    OptOutState,
    address_optout,
    check_optout_mapping,
    optout_mapping_change,
)

SUBSCRIBED = OptOutState(contact_id="501", salesforce_id="00Q1")
UNSUBSCRIBED = attrs.evolve(
    SUBSCRIBED, hubspot_unsubscribed=True, salesforce_opted_out=True
)


def rules(decision: OptOutDecision) -> list[str]:
    return [r.rule for r in decision.reasons]


def both(state: OptOutState) -> tuple[bool, bool]:
    return state.hubspot_unsubscribed, state.salesforce_opted_out


def test_opt1_the_locked_mapping_cannot_be_deleted() -> None:
    """OPT-1: the locked mapping cannot be deleted."""
    with pytest.raises(LockedMappingError, match=r"^OPT-1: .*cannot be deleted") as exc:
        check_optout_mapping(OPT_OUT_MAPPINGS[0], replacement=None)
    assert exc.value.rule == "OPT-1"
    assert "hs_email_optout" in exc.value.mapping
    assert isinstance(exc.value, InvalidSettingsError)
    assert isinstance(exc.value, ValueError)


def test_opt1_the_locked_mapping_cannot_be_changed() -> None:
    """OPT-1: the locked mapping cannot be changed."""
    for mapping in OPT_OUT_MAPPINGS:
        one_way = attrs.evolve(mapping, rule=SyncRule.ALWAYS_USE_SALESFORCE)
        with pytest.raises(LockedMappingError, match="cannot be changed into"):
            check_optout_mapping(mapping, replacement=one_way)


def test_opt1_no_other_mapping_may_take_over_the_optout_field() -> None:
    """OPT-1: no other mapping may take over the opt-out field."""
    notes = FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property="notes",
        hubspot_type=HubSpotPropertyType.BOOLEAN_CHECKBOX,
        salesforce_object=SalesforceObject.LEAD,
        salesforce_field="Notes__c",
        salesforce_type=SalesforceFieldType.BOOLEAN,
    )
    hijack = attrs.evolve(notes, salesforce_field="HasOptedOutOfEmail")
    with pytest.raises(LockedMappingError, match="'HasOptedOutOfEmail'"):
        check_optout_mapping(notes, replacement=hijack)
    check = check_optout_mapping(
        notes, replacement=attrs.evolve(notes, rule=SyncRule.TWO_WAY)
    )
    assert not check.locked
    assert [r.rule for r in check.reasons] == ["OPT-1"]


def test_opt1_keeping_the_locked_mapping_as_it_is_is_fine() -> None:
    """OPT-1: keeping the locked mapping as it is is fine."""
    check = check_optout_mapping(OPT_OUT_MAPPINGS[1], replacement=OPT_OUT_MAPPINGS[1])
    assert check.locked
    assert [r.rule for r in check.reasons] == ["OPT-1"]


def test_opt2_hubspot_unsubscribe_ticks_email_opt_out() -> None:
    """OPT-2: HubSpot unsubscribe ticks Email Opt Out."""
    decision = apply_optout(SUBSCRIBED, OptOutEvent.HUBSPOT_UNSUBSCRIBED, syncing=True)
    assert both(decision.state) == (True, True)
    assert rules(decision) == ["OPT-2"]
    assert "'00Q1'" in decision.reasons[0].detail


def test_opt2_salesforce_tick_unsubscribes_in_hubspot() -> None:
    """OPT-2: Salesforce tick unsubscribes in HubSpot."""
    decision = apply_optout(SUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_OUT, syncing=True)
    assert both(decision.state) == (True, True)
    assert rules(decision) == ["OPT-2"]


def test_opt3_salesforce_uncheck_never_resubscribes() -> None:
    """OPT-3: Salesforce uncheck never resubscribes."""
    decision = apply_optout(UNSUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_IN, syncing=True)
    assert both(decision.state) == (True, False)
    assert rules(decision) == ["OPT-3"]
    assert "stays unsubscribed" in decision.reasons[0].detail


def test_opt3_only_the_contacts_own_resubscribe_resubscribes() -> None:
    """OPT-3: only the contact's own resubscribe resubscribes."""
    decision = apply_optout(
        UNSUBSCRIBED, OptOutEvent.CONTACT_RESUBSCRIBED, syncing=True
    )
    assert both(decision.state) == (False, False)
    assert rules(decision) == ["OPT-3"]


def test_opt4_nothing_passes_while_the_contact_does_not_sync() -> None:
    """OPT-4: nothing passes while the contact does not sync."""
    decision = apply_optout(SUBSCRIBED, OptOutEvent.HUBSPOT_UNSUBSCRIBED, syncing=False)
    assert both(decision.state) == (True, False)
    assert decision.state.held == (OptOutEvent.HUBSPOT_UNSUBSCRIBED,)
    assert rules(decision) == ["OPT-4"]
    other = apply_optout(SUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_OUT, syncing=False)
    assert both(other.state) == (False, True)


def test_opt4_held_status_passes_on_the_first_sync() -> None:
    """OPT-4: held status passes on the first sync."""
    held = apply_optout(SUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_OUT, syncing=False)
    first = apply_optout(held.state, OptOutEvent.SYNCED, syncing=True)
    assert both(first.state) == (True, True)
    assert first.state.held == ()
    assert rules(first) == ["OPT-4", "OPT-2"]


def test_opt4_held_changes_pass_oldest_first() -> None:
    """OPT-4: held changes pass oldest first."""
    # Unsubscribed in HubSpot, unticked in Salesforce since (OPT-3): both
    # sides can then change while the contact is out of the list.
    unticked = attrs.evolve(UNSUBSCRIBED, salesforce_opted_out=False)
    state = unticked
    for event in (OptOutEvent.CONTACT_RESUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_OUT):
        state = apply_optout(state, event, syncing=False).state
    after = apply_optout(state, OptOutEvent.SYNCED, syncing=True)
    assert both(after.state) == (True, True)
    assert rules(after) == ["OPT-4", "OPT-3", "OPT-2"]
    state = unticked
    for event in (OptOutEvent.SALESFORCE_OPTED_OUT, OptOutEvent.CONTACT_RESUBSCRIBED):
        state = apply_optout(state, event, syncing=False).state
    after = apply_optout(state, OptOutEvent.SYNCED, syncing=True)
    assert both(after.state) == (False, False)
    assert rules(after) == ["OPT-4", "OPT-2", "OPT-3"]


def test_opt4_an_event_that_changes_nothing_is_not_held() -> None:
    """OPT-4: an event that changes nothing is not held."""
    # Regression: a Salesforce untick of an unticked box used to be held
    # and, passing after a held HubSpot unsubscribe, unticked the box the
    # unsubscribe had just ticked. The status at the sync is what passes.
    state = SUBSCRIBED
    for event in (OptOutEvent.HUBSPOT_UNSUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_IN):
        decision = apply_optout(state, event, syncing=False)
        state = decision.state
    assert state.held == (OptOutEvent.HUBSPOT_UNSUBSCRIBED,)
    assert "changes nothing there" in decision.reasons[0].detail
    after = apply_optout(state, OptOutEvent.SYNCED, syncing=True)
    assert both(after.state) == (True, True)
    assert rules(after) == ["OPT-4", "OPT-2"]


def test_opt4_a_change_undone_while_held_passes_nothing() -> None:
    """OPT-4: a change undone while held passes nothing."""
    # Regression: a tick and an untick while the contact was out of the
    # list used to pass as both, leaving the contact unsubscribed in HubSpot
    # though nothing was opted out anywhere when it synced.
    ticked = apply_optout(SUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_OUT, syncing=False)
    unticked = apply_optout(
        ticked.state, OptOutEvent.SALESFORCE_OPTED_IN, syncing=False
    )
    assert unticked.state == SUBSCRIBED
    assert "undoes the change held there" in unticked.reasons[0].detail
    after = apply_optout(unticked.state, OptOutEvent.SYNCED, syncing=True)
    assert both(after.state) == (False, False)
    assert rules(after) == ["OPT-4"]


@pytest.mark.parametrize(
    ("hubspot", "salesforce", "held"),
    [
        (False, False, (OptOutEvent.HUBSPOT_UNSUBSCRIBED,)),
        (
            True,
            True,
            (OptOutEvent.SALESFORCE_OPTED_OUT, OptOutEvent.SALESFORCE_OPTED_OUT),
        ),
        (False, False, (OptOutEvent.SYNCED,)),
        (
            True,
            False,
            (
                OptOutEvent.HUBSPOT_UNSUBSCRIBED,
                OptOutEvent.SALESFORCE_OPTED_IN,
                OptOutEvent.CONTACT_RESUBSCRIBED,
            ),
        ),
    ],
)
def test_opt4_held_changes_must_match_the_sides(
    hubspot: bool, salesforce: bool, held: tuple[OptOutEvent, ...]
) -> None:
    """OPT-4: held changes must match the sides."""
    with pytest.raises(
        InvalidRecordError,
        match=r"^record '501', field 'held': must hold at most one event per side",
    ) as exc:
        OptOutState(
            contact_id="501",
            hubspot_unsubscribed=hubspot,
            salesforce_opted_out=salesforce,
            held=held,
        )
    assert exc.value.value == tuple(e.value for e in held)


def test_opt4_never_synced_pair_passes_its_status_on_the_first_sync() -> None:
    """OPT-4: never synced pair passes its status on the first sync."""
    state = OptOutState.never_synced(
        contact_id="501", hubspot_unsubscribed=False, salesforce_opted_out=True
    )
    first = apply_optout(state, OptOutEvent.SYNCED, syncing=True)
    assert both(first.state) == (True, True)


def test_opt4_synced_with_nothing_held_changes_nothing() -> None:
    """OPT-4: synced with nothing held changes nothing."""
    decision = apply_optout(SUBSCRIBED, OptOutEvent.SYNCED, syncing=True)
    assert decision.state == SUBSCRIBED
    assert rules(decision) == ["OPT-4"]


def test_opt5_unsubscribe_belongs_to_the_address() -> None:
    """OPT-5: unsubscribe belongs to the address."""
    deleted = HubSpotContact(id="9", email="jan@vries.nl", unsubscribed=True)
    result = address_optout(" JAN@Vries.nl", contacts=[deleted])
    assert result.unsubscribed
    assert result.key == "jan@vries.nl"
    assert [r.rule for r in result.reasons] == ["OPT-5"]
    assert "'9'" in result.reasons[0].detail


def test_opt5_merge_never_loses_an_optout() -> None:
    """OPT-5: merge never loses an opt-out."""
    merged = [
        HubSpotContact(id="1", email="jan@vries.nl"),
        HubSpotContact(id="2", email="Jan@vries.nl", unsubscribed=True),
    ]
    assert address_optout("jan@vries.nl", contacts=merged).unsubscribed


def test_opt5_unsubscribed_address_list_is_compared_by_key() -> None:
    """OPT-5: unsubscribed address list is compared by key."""
    result = address_optout(
        "jan@vries.nl", unsubscribed_addresses=["not an address", "JAN@VRIES.NL"]
    )
    assert result.unsubscribed
    fresh = address_optout("an@vries.nl", unsubscribed_addresses=["jan@vries.nl"])
    assert not fresh.unsubscribed
    assert [r.rule for r in fresh.reasons] == ["OPT-5"]


def test_opt5_an_invalid_address_is_a_typed_error() -> None:
    """OPT-5: an invalid address is a typed error."""
    with pytest.raises(InvalidEmailError, match=r"'jan@@vries\.nl'"):
        address_optout("jan@@vries.nl")


def test_opt5_contacts_without_an_address_are_skipped() -> None:
    """OPT-5: contacts without an address are skipped."""
    nameless = HubSpotContact(id="3", email=None, unsubscribed=True)
    result = address_optout("jan@vries.nl", contacts=[nameless])
    assert not result.unsubscribed
    assert [r.rule for r in result.reasons] == ["OPT-5"]


# Whole results, explanations included (docs/testing.md, "Mutation testing").


def test_opt5_an_invalid_address_on_file_unsubscribes_no_one() -> None:
    """OPT-5 ties an unsubscribe to an address; a value that is no address
    (a typo on an old contact, junk in the list) ties it to nothing."""
    broken = HubSpotContact(id="4", email="jan@@vries.nl", unsubscribed=True)
    result = address_optout(
        "jan@vries.nl", contacts=[broken], unsubscribed_addresses=["jan@vries"]
    )
    assert result == AddressOptOut(
        address="jan@vries.nl",
        key=result.key,
        unsubscribed=False,
        reasons=(
            Reason(
                rule="OPT-5",
                detail="No contact or address with the key 'jan@vries.nl' is "
                "unsubscribed, so a contact with it starts subscribed.",
            ),
        ),
    )
    assert result.key == "jan@vries.nl"


def test_opt5_whole_results_of_each_source() -> None:
    """OPT-5: whole results of each source."""
    gone = HubSpotContact(id="9", email="Jan@vries.nl", unsubscribed=True)
    assert address_optout("JAN@vries.nl", contacts=[gone]) == AddressOptOut(
        address="JAN@vries.nl",
        key=address_optout("jan@vries.nl").key,
        unsubscribed=True,
        reasons=(
            Reason(
                rule="OPT-5",
                detail="HubSpot contact '9' with address 'Jan@vries.nl' is "
                "unsubscribed, so every contact with 'JAN@vries.nl' starts "
                "unsubscribed.",
            ),
        ),
    )
    listed = address_optout("JAN@vries.nl", unsubscribed_addresses=["jan@VRIES.nl"])
    assert listed == AddressOptOut(
        address="JAN@vries.nl",
        key=listed.key,
        unsubscribed=True,
        reasons=(
            Reason(
                rule="OPT-5",
                detail="The address 'jan@VRIES.nl' unsubscribed from all email, so "
                "a contact with 'JAN@vries.nl' starts unsubscribed.",
            ),
        ),
    )
    assert listed.key == "jan@vries.nl"


def test_opt1_whole_results_of_allowed_changes() -> None:
    """OPT-1: whole results of allowed changes."""
    locked = OPT_OUT_MAPPINGS[0]
    assert check_optout_mapping(locked, replacement=locked) == OptOutMappingCheck(
        locked=True,
        reasons=(
            Reason(
                rule="OPT-1",
                detail="The change keeps the locked opt-out mapping: contacts."
                "hs_email_optout (booleancheckbox) <-> Lead.HasOptedOutOfEmail "
                "(boolean).",
            ),
        ),
    )
    notes = FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property="notes",
        hubspot_type=HubSpotPropertyType.TEXT,
        salesforce_object=SalesforceObject.LEAD,
        salesforce_field="Notes__c",
        salesforce_type=SalesforceFieldType.STRING,
    )
    text = "contacts.notes (text) <-> Lead.Notes__c (string)"
    assert check_optout_mapping(notes, replacement=notes) == OptOutMappingCheck(
        locked=False,
        reasons=(Reason(rule="OPT-1", detail=f"The change changes nothing: {text}."),),
    )
    assert check_optout_mapping(notes, replacement=None) == OptOutMappingCheck(
        locked=False,
        reasons=(
            Reason(
                rule="OPT-1",
                detail=f"Mapping {text} is not an opt-out mapping, so the lock "
                "does not apply.",
            ),
        ),
    )


def test_opt1_refusals_name_the_mapping_and_the_lock() -> None:
    """OPT-1: refusals name the mapping and the lock."""
    notes = FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property="notes",
        hubspot_type=HubSpotPropertyType.BOOLEAN_CHECKBOX,
        salesforce_object=SalesforceObject.CONTACT,
        salesforce_field="Notes__c",
        salesforce_type=SalesforceFieldType.BOOLEAN,
    )
    hijack = attrs.evolve(notes, hubspot_property="hs_email_optout")
    with pytest.raises(LockedMappingError) as exc:
        check_optout_mapping(notes, replacement=hijack)
    text = "contacts.notes (booleancheckbox) <-> Contact.Notes__c (boolean)"
    assert str(exc.value) == (
        f"OPT-1: mapping {text} cannot be changed into contacts.hs_email_optout "
        "(booleancheckbox) <-> Contact.Notes__c (boolean): 'hs_email_optout' and "
        "'HasOptedOutOfEmail' belong to the locked opt-out mappings "
        "(contacts.hs_email_optout (booleancheckbox) <-> Lead.HasOptedOutOfEmail "
        "(boolean))"
    )
    assert (exc.value.rule, exc.value.mapping) == ("OPT-1", text)
    locked = OPT_OUT_MAPPINGS[1]
    with pytest.raises(LockedMappingError) as deleted:
        check_optout_mapping(locked, replacement=None)
    locked_text = (
        "contacts.hs_email_optout (booleancheckbox) <-> Contact.HasOptedOutOfEmail "
        "(boolean)"
    )
    assert str(deleted.value) == (
        f"OPT-1: the opt-out mapping {locked_text} cannot be deleted; it is locked "
        "(CAN-SPAM)"
    )
    assert (deleted.value.rule, deleted.value.mapping) == ("OPT-1", locked_text)


def test_opt4_whole_decisions_while_not_syncing() -> None:
    """OPT-4: whole decisions while not syncing."""
    unsubscribed = apply_optout(
        SUBSCRIBED, OptOutEvent.HUBSPOT_UNSUBSCRIBED, syncing=False
    )
    held = attrs.evolve(
        SUBSCRIBED,
        hubspot_unsubscribed=True,
        held=(OptOutEvent.HUBSPOT_UNSUBSCRIBED,),
    )
    assert unsubscribed == OptOutDecision(
        state=held,
        reasons=(
            Reason(
                rule="OPT-4",
                detail="HubSpot contact '501' does not sync now, so "
                "'hubspot_unsubscribed' stays on its own side and waits there for "
                "the next sync (1 change(s) held).",
            ),
        ),
    )
    undone = apply_optout(held, OptOutEvent.CONTACT_RESUBSCRIBED, syncing=False)
    assert undone == OptOutDecision(
        state=SUBSCRIBED,
        reasons=(
            Reason(
                rule="OPT-4",
                detail="HubSpot contact '501' does not sync now, so "
                "'contact_resubscribed' stays on its own side and undoes the change "
                "held there, so that side has nothing to pass (0 change(s) held).",
            ),
        ),
    )
    nothing = apply_optout(SUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_IN, syncing=False)
    assert nothing.reasons == (
        Reason(
            rule="OPT-4",
            detail="HubSpot contact '501' does not sync now, so "
            "'salesforce_opted_in' stays on its own side and changes nothing there "
            "(0 change(s) held).",
        ),
    )


def test_opt2_opt4_whole_decision_passing_both_held_statuses() -> None:
    """OPT-2, OPT-4: whole decision passing both held statuses."""
    state = OptOutState(
        contact_id="501",
        hubspot_unsubscribed=True,
        salesforce_opted_out=True,
        held=(OptOutEvent.HUBSPOT_UNSUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_OUT),
    )
    assert apply_optout(state, OptOutEvent.SYNCED, syncing=True) == OptOutDecision(
        state=attrs.evolve(state, held=()),
        reasons=(
            Reason(
                rule="OPT-4",
                detail="HubSpot contact '501' syncs now, so the statuses held pass, "
                "oldest change first: hubspot_unsubscribed, salesforce_opted_out.",
            ),
            Reason(
                rule="OPT-2",
                detail="HubSpot contact '501' unsubscribed from all email, so Email "
                "Opt Out of the Salesforce record is ticked.",
            ),
            Reason(
                rule="OPT-2",
                detail="Email Opt Out of the Salesforce record was ticked, so "
                "HubSpot contact '501' is unsubscribed from all email.",
            ),
        ),
    )


def test_opt3_whole_reasons_of_an_untick_and_a_resubscribe() -> None:
    """OPT-3: whole reasons of an untick and a resubscribe."""
    unticked = Reason(
        rule="OPT-3",
        detail="Email Opt Out of Salesforce record '00Q1' was unticked; HubSpot "
        "contact '501' stays unsubscribed, since only the contact's own action "
        "resubscribes it.",
    )
    assert apply_optout(
        UNSUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_IN, syncing=True
    ) == OptOutDecision(
        state=attrs.evolve(UNSUBSCRIBED, salesforce_opted_out=False),
        reasons=(unticked,),
    )
    assert apply_optout(
        SUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_IN, syncing=True
    ).reasons == (
        attrs.evolve(
            unticked,
            detail="Email Opt Out of Salesforce record '00Q1' was unticked; "
            "HubSpot contact '501' is unchanged, since only the contact's own "
            "action resubscribes it.",
        ),
    )
    assert apply_optout(
        UNSUBSCRIBED, OptOutEvent.CONTACT_RESUBSCRIBED, syncing=True
    ) == OptOutDecision(
        state=SUBSCRIBED,
        reasons=(
            Reason(
                rule="OPT-3",
                detail="HubSpot contact '501' resubscribed by its own action, so it "
                "is subscribed again and Email Opt Out of Salesforce record '00Q1' "
                "is unticked.",
            ),
        ),
    )


def test_opt4_an_inconsistent_held_status_is_refused_with_both_statuses() -> None:
    """OPT-4: an inconsistent held status is refused with both statuses."""
    with pytest.raises(InvalidRecordError) as exc:
        OptOutState(contact_id="501", held=(OptOutEvent.HUBSPOT_UNSUBSCRIBED,))
    assert str(exc.value) == (
        "record '501', field 'held': must hold at most one event per side, each "
        "agreeing with that side's status (hubspot_unsubscribed=False, "
        "salesforce_opted_out=False), got ('hubspot_unsubscribed',)"
    )


def test_opt1_optout_mapping_change_refuses_without_raising() -> None:
    """OPT-1: deleting the opt-out mapping is refused as a decision, saying
    what `check_optout_mapping`'s `LockedMappingError` says."""
    locked = OPT_OUT_MAPPINGS[0]
    assert optout_mapping_change(locked, replacement=None) == OptOutMappingChange(
        allowed=False,
        locked=True,
        reasons=(
            Reason(
                rule="OPT-1",
                detail=f"The opt-out mapping {locked} cannot be deleted; it is "
                "locked (CAN-SPAM).",
            ),
        ),
    )


def test_opt1_optout_mapping_change_refuses_mapping_another_field_onto_optout() -> None:
    """OPT-1: changing another mapping into one that touches the opt-out
    properties is refused too; the mapping itself is not locked."""
    title = FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property="notes",
        hubspot_type=HubSpotPropertyType.TEXT,
        salesforce_object=SalesforceObject.LEAD,
        salesforce_field="Notes__c",
        salesforce_type=SalesforceFieldType.STRING,
    )
    into = attrs.evolve(title, hubspot_property="hs_email_optout")
    change = optout_mapping_change(title, replacement=into)
    assert (change.allowed, change.locked) == (False, False)
    assert change.reasons[0].detail.startswith(f"Mapping {title} cannot be changed")
    allowed = optout_mapping_change(title, replacement=None)
    assert (allowed.allowed, allowed.locked) == (True, False)
    assert allowed.reasons == check_optout_mapping(title, replacement=None).reasons


def test_opt1_optout_mapping_change_allows_keeping_the_locked_mapping() -> None:
    """OPT-1: leaving the opt-out mapping as it is is allowed."""
    locked = OPT_OUT_MAPPINGS[0]
    change = optout_mapping_change(locked, replacement=locked)
    assert (change.allowed, change.locked) == (True, True)
    assert change.reasons == check_optout_mapping(locked, replacement=locked).reasons
