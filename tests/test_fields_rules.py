"""The owner, opt-out and lifecycle rules `sync_fields` applies beyond
FM-6, OPT-1 to OPT-5 and LC-1 to LC-3 (tests/test_fields.py): OWN-6 for a
record created in Salesforce, OWN-7 for a first and a later sync, OPT-6 for
a contact whose address changed, LC-5 for stages that never move back."""

from __future__ import annotations

import datetime as dt

from crmsync_rules import (
    HubSpotContact,
    HubSpotObject,
    HubSpotOwner,
    HubSpotPropertyType,
    IntegrationSettings,
    LifecycleStage,
    SalesforceContact,
    SalesforceFieldType,
    SalesforceObject,
    SalesforceUser,
)
from crmsync_rules.lifecycle import LifecycleDecision
from crmsync_rules.mappings import (
    FieldMapping,
    FieldSync,
    HubSpotFieldType,
    MappedField,
    Side,
    SyncRule,
    sync_fields,
)
from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._properties import PropertyChange

UTC = dt.timezone.utc
T0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def at(days: int) -> dt.datetime:
    return T0 + dt.timedelta(days=days)


def _mapping(
    prop: str,
    field: str,
    *,
    sf_type: str,
    salesforce_object: SalesforceObject = SalesforceObject.CONTACT,
) -> FieldMapping:
    return FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property=prop,
        hubspot_type=HubSpotPropertyType.ENUMERATION,
        hubspot_field_type=HubSpotFieldType.SELECT,
        salesforce_object=salesforce_object,
        salesforce_field=field,
        salesforce_type=SalesforceFieldType(sf_type),
        rule=SyncRule.TWO_WAY,
    )


OWNER = _mapping("hubspot_owner_id", "OwnerId", sf_type="reference")
LIFECYCLE = _mapping("lifecyclestage", "HubSpot_Lifecycle_Stage__c", sf_type="picklist")
ADA = HubSpotOwner(
    id="101", email="ada@acme.com", first_name="Ada", last_name="Lovelace"
)
ADA_SF = SalesforceUser(
    id="005A", email="ada@acme.com", first_name="Ada", last_name="Lovelace"
)
GRACE = HubSpotOwner(
    id="102", email="grace@acme.com", first_name="Grace", last_name="Hopper"
)
BOB_SF = SalesforceUser(
    id="005B", email="bob@acme.com", first_name="Bob", last_name="Roe"
)
OWNERS = (ADA, ADA_SF, GRACE, BOB_SF)


def settings(*mappings: FieldMapping, **options: object) -> IntegrationSettings:
    return IntegrationSettings(
        integrated_on=dt.date(2024, 1, 8),
        mappings=mappings,
        **options,  # type: ignore[arg-type]
    )


def contact(*, linked: bool = True, updated: int = 0, **more: object) -> HubSpotContact:
    return HubSpotContact(
        id="501",
        email="jan@vries.nl",
        salesforce_contact_id="003A" if linked else None,
        updated_at=at(updated),
        **more,  # type: ignore[arg-type]
    )


def sf_contact(*, updated: int = 0, **more: object) -> SalesforceContact:
    return SalesforceContact(
        id="003A",
        email="jan@vries.nl",
        system_modstamp=at(updated),
        **more,  # type: ignore[arg-type]
    )


def one(result: FieldSync, prop: str) -> MappedField:
    (field,) = [f for f in result.fields if f.mapping.hubspot_property == prop]
    return field


def rules_of(field: MappedField) -> list[str]:
    return [r.rule for r in field.reasons]


# --- OWN-6: the owner of a record HubSpot creates in Salesforce --------------


def test_own6_a_new_record_takes_a_hubspot_owner_matching_an_active_user() -> None:
    """OWN-6: the new Salesforce record's Owner ID is the matching user."""
    field = one(
        sync_fields(
            contact(linked=False, owner_id="101"),
            None,
            settings=settings(OWNER),
            owners=OWNERS,
            salesforce_object=SalesforceObject.CONTACT,
        ),
        "hubspot_owner_id",
    )
    assert (field.salesforce_before, field.salesforce_after) == (None, "005A")
    assert [w.reason.rule for w in field.writes] == ["OWN-6"]


def test_own6_an_unmatched_owner_leaves_a_new_lead_to_assignment_rules() -> None:
    """OWN-6: no owner is written to a new lead whose HubSpot owner
    matches no active user: Salesforce's assignment rules choose."""
    lead_owner = _mapping(
        "hubspot_owner_id",
        "OwnerId",
        sf_type="reference",
        salesforce_object=SalesforceObject.LEAD,
    )
    result = sync_fields(
        contact(linked=False, owner_id="102"),
        None,
        settings=settings(lead_owner),
        owners=OWNERS,
        salesforce_object=SalesforceObject.LEAD,
    )
    field = one(result, "hubspot_owner_id")
    assert field.salesforce_after is None
    assert not field.writes
    assert "OWN-6" in rules_of(field)
    assert "assignment rules" in field.reasons[-1].detail


def test_own6_a_new_contact_goes_to_the_integration_user() -> None:
    """OWN-6: a new contact whose owner matches nobody goes to the
    integration user the settings name, written as its Owner ID."""
    field = one(
        sync_fields(
            contact(linked=False, owner_id="102"),
            None,
            settings=settings(OWNER, integration_user_id="005I"),
            owners=OWNERS,
            salesforce_object=SalesforceObject.CONTACT,
        ),
        "hubspot_owner_id",
    )
    assert field.salesforce_after == "005I"
    assert [w.reason.rule for w in field.writes] == ["OWN-6"]
    unnamed = one(
        sync_fields(
            contact(linked=False, owner_id="102"),
            None,
            settings=settings(OWNER),
            owners=OWNERS,
            salesforce_object=SalesforceObject.CONTACT,
        ),
        "hubspot_owner_id",
    )
    assert not unnamed.writes  # no id known to write
    assert "OWN-6" in rules_of(unnamed)


# --- OWN-7: the first sync with an existing record, and afterwards -----------


def test_own7_a_first_sync_keeps_an_active_salesforce_owner() -> None:
    """OWN-7: at a first sync both sides keep their owners when the
    Salesforce owner is active, however recent the HubSpot owner is."""
    field = one(
        sync_fields(
            contact(linked=False, owner_id="102", updated=5),
            sf_contact(owner_id="005B"),
            settings=settings(OWNER),
            owners=OWNERS,
        ),
        "hubspot_owner_id",
    )
    assert not field.writes
    assert (field.hubspot_after, field.salesforce_after) == ("102", "005B")
    assert "OWN-7" in rules_of(field)


def test_own7_a_first_sync_fills_an_empty_hubspot_owner() -> None:
    """OWN-7: the active Salesforce owner fills an empty HubSpot owner."""
    field = one(
        sync_fields(
            contact(linked=False, updated=5),
            sf_contact(owner_id="005A"),
            settings=settings(OWNER),
            owners=OWNERS,
        ),
        "hubspot_owner_id",
    )
    assert (field.hubspot_before, field.hubspot_after) == (None, "101")
    assert [w.reason.rule for w in field.writes] == ["OWN-7"]


def test_own7_afterwards_the_most_recent_owner_change_wins() -> None:
    """OWN-7: after the first sync the most recent owner change wins, in
    either direction."""
    to_salesforce = one(
        sync_fields(
            contact(owner_id="101", updated=2),
            sf_contact(owner_id="005B", updated=1),
            settings=settings(OWNER),
            owners=OWNERS,
        ),
        "hubspot_owner_id",
    )
    assert to_salesforce.salesforce_after == "005A"
    assert to_salesforce.hubspot_after == "101"
    assert "OWN-7" in rules_of(to_salesforce)
    to_hubspot = one(
        sync_fields(
            contact(owner_id="102", updated=1),
            sf_contact(owner_id="005A", updated=2),
            settings=settings(OWNER),
            owners=OWNERS,
        ),
        "hubspot_owner_id",
    )
    assert (to_hubspot.hubspot_after, to_hubspot.salesforce_after) == ("101", "005A")
    assert "OWN-7" in rules_of(to_hubspot)


# --- OPT-6: a contact whose address changed -----------------------------------


def _moved(*, unsubscribed: bool, was_unsubscribed: bool) -> HubSpotContact:
    history = {
        "email": [
            PropertyChange(value="jan@new.example", timestamp=at(10)),
            PropertyChange(value="jan@old.example", timestamp=at(-100)),
        ],
        "hs_email_optout": [
            PropertyChange(value=unsubscribed, timestamp=at(10)),
            PropertyChange(value=was_unsubscribed, timestamp=at(-50)),
        ],
    }
    return HubSpotContact(
        id="501",
        email="jan@new.example",
        salesforce_contact_id="003A",
        unsubscribed=unsubscribed,
        updated_at=at(10),
        history=history,
    )


def test_opt6_the_old_addresss_opt_out_does_not_carry_over() -> None:
    """OPT-6: the old address's opt-out stays with it: the contact, at its
    new address, is not unsubscribed, and Salesforce's unticked box stays
    unticked."""
    field = one(
        sync_fields(
            _moved(unsubscribed=False, was_unsubscribed=True),
            sf_contact(),
            settings=settings(),
        ),
        "hs_email_optout",
    )
    assert (field.hubspot_after, field.salesforce_after) == (False, False)
    assert not field.writes
    assert "OPT-6" in rules_of(field)


def test_opt6_a_ticked_email_opt_out_passes_to_the_new_address() -> None:
    """OPT-6: Salesforce's Email Opt Out belongs to the record: a ticked box
    stays ticked and passes to the new address (OPT-2); never the other way
    round, an untick (OPT-3)."""
    field = one(
        sync_fields(
            _moved(unsubscribed=False, was_unsubscribed=True),
            sf_contact(has_opted_out_of_email=True),
            settings=settings(),
        ),
        "hs_email_optout",
    )
    assert (field.hubspot_before, field.hubspot_after) == (False, True)
    assert field.salesforce_after is True
    assert [w.side for w in field.writes] == [Side.HUBSPOT]
    assert "OPT-6" in rules_of(field)


# --- LC-5: stages never move back --------------------------------------------


def _decision(
    opportunity_id: str,
    stage: LifecycleStage,
    *ids: str,
    reasons: tuple[Reason, ...] = (),
) -> LifecycleDecision:
    return LifecycleDecision(
        opportunity_id=opportunity_id,
        stage=stage,
        contact_ids=ids,
        company_ids=(),
        reaches_salesforce=True,
        reasons=reasons,
    )


def test_lc5_of_several_opportunities_the_latest_stage_stands() -> None:
    """LC-5: an open opportunity (Opportunity) and a won one (Customer)
    reaching one contact write Customer, in either order."""
    won = _decision("006W", LifecycleStage.CUSTOMER, "501")
    open_ = _decision("006O", LifecycleStage.OPPORTUNITY, "501")
    for decisions in ([won, open_], [open_, won]):
        field = one(
            sync_fields(
                contact(lifecycle_stage=LifecycleStage.LEAD),
                sf_contact(),
                settings=settings(LIFECYCLE),
                lifecycle=decisions,
            ),
            "lifecyclestage",
        )
        assert (field.hubspot_after, field.salesforce_after) == ("customer", "customer")
        (stands,) = [r for r in field.reasons if r.rule == "LC-5"]
        assert "'006W'" in stands.detail
        assert "'006O'" in stands.detail


def test_lc5_a_customer_stays_a_customer() -> None:
    """LC-5: an open opportunity that reaches a Customer leaves its stage as
    it is, and the field says why."""
    stays = Reason(
        rule="LC-5",
        detail="HubSpot contacts '501' (customer) stay at their stage: it is "
        "opportunity or later, and automatic transitions never move a stage "
        "backwards.",
    )
    open_ = _decision("006O", LifecycleStage.OPPORTUNITY, reasons=(stays,))
    field = one(
        sync_fields(
            contact(lifecycle_stage=LifecycleStage.CUSTOMER),
            sf_contact(properties={"HubSpot_Lifecycle_Stage__c": "customer"}),
            settings=settings(LIFECYCLE),
            lifecycle=[open_],
        ),
        "lifecyclestage",
    )
    assert not field.writes
    assert field.hubspot_after == "customer"
    assert stays in field.reasons
