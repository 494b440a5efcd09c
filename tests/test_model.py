"""The domain model: enum values, immutability, validation, inclusion lists."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from crmsync_rules import (
    ContactCreation,
    CrmSyncRulesError,
    HubSpotContact,
    HubSpotObject,
    HubSpotOwner,
    HubSpotPropertyType,
    HubSpotRecords,
    IntegrationSettings,
    LifecycleStage,
    SalesforceAccount,
    SalesforceEdition,
    SalesforceFieldType,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
    SalesforceRecords,
    SalesforceUser,
    Snapshot,
    SyncRule,
    UserType,
)
from crmsync_rules.errors import InvalidRecordError, InvalidSettingsError
from crmsync_rules.mappings import HubSpotFieldType
from crmsync_rules.model import (
    ConnectorVersion,
    CriteriaInclusionList,
    Criterion,
    DefaultInclusionList,
    Operator,
    StaticInclusionList,
    contact_property,
    salesforce_id_18,
)
from crmsync_rules.optout import OPT_OUT_MAPPINGS
from crmsync_rules.typing import InclusionList

LEGACY = dt.date(2016, 5, 10)


def test_lifecycle_stages_use_hubspot_internal_values_in_funnel_order() -> None:
    assert [s.value for s in LifecycleStage] == [
        "subscriber",
        "lead",
        "marketingqualifiedlead",
        "salesqualifiedlead",
        "opportunity",
        "customer",
        "evangelist",
        "other",
    ]


def test_user_types_use_salesforce_picklist_values() -> None:
    assert {t.value for t in UserType} == {
        "Standard",
        "PowerPartner",
        "PowerCustomerSuccess",
        "CustomerSuccess",
        "Guest",
        "CspLitePortal",
        "CsnOnly",
        "SelfService",
    }


def test_editions_use_organization_type_values() -> None:
    assert SalesforceEdition("Team Edition") is SalesforceEdition.GROUP
    assert SalesforceEdition("Professional Edition") is SalesforceEdition.PROFESSIONAL
    assert all(e.value.endswith(" Edition") for e in SalesforceEdition)


def test_object_and_rule_enums_use_platform_names() -> None:
    assert [o.value for o in HubSpotObject] == ["contacts", "companies", "deals"]
    assert [o.value for o in SalesforceObject] == [
        "Lead",
        "Contact",
        "Account",
        "Opportunity",
    ]
    assert [r.value for r in SyncRule] == [
        "prefer_salesforce_unless_blank",
        "always_use_salesforce",
        "two_way",
        "dont_sync",
    ]
    assert [c.value for c in ContactCreation] == ["dont_create", "create"]


def test_field_types_cover_the_fm5_vocabularies() -> None:
    # HubSpot's properties API: a property's type, and its fieldType (how
    # HubSpot shows it, which FM-5 decides by).
    hubspot = {t.value for t in HubSpotPropertyType}
    assert {
        "bool",
        "enumeration",
        "number",
        "string",
        "date",
        "datetime",
        "phone_number",
        "user",
    } <= hubspot
    assert {
        "select",
        "radio",
        "checkbox",
        "booleancheckbox",
        "number",
        "text",
        "textarea",
        "date",
    } <= {t.value for t in HubSpotFieldType}
    salesforce = {t.value for t in SalesforceFieldType}
    assert {
        "picklist",
        "multipicklist",
        "reference",
        "boolean",
        "double",
        "int",
        "currency",
        "percent",
        "string",
        "textarea",
        "email",
        "phone",
        "url",
        "date",
        "datetime",
    } <= salesforce


def test_records_are_frozen_and_keyword_only() -> None:
    contact = HubSpotContact(id="1", email="a@example.com")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        contact.email = "b@example.com"  # type: ignore[misc]
    with pytest.raises(TypeError):
        HubSpotContact("1")  # type: ignore[call-arg]
    assert attrs.evolve(contact, email=None).email is None


@pytest.mark.parametrize("bad", ["", "   "])
def test_record_ids_must_not_be_blank(bad: str) -> None:
    with pytest.raises(InvalidRecordError, match="field 'id': must be a non-empty id"):
        SalesforceLead(id=bad)


def test_references_may_be_none_but_not_blank() -> None:
    assert SalesforceLead(id="00Q1", owner_id=None).owner_id is None
    with pytest.raises(InvalidRecordError, match=r"'owner_id'.*got ''"):
        SalesforceLead(id="00Q1", owner_id="")


def test_names_join_first_and_last() -> None:
    owner = HubSpotOwner(id="1", email="a@example.com", first_name="Ada")
    assert owner.name == "Ada"
    user = SalesforceUser(id="005", first_name="Ada", last_name="Lovelace")
    assert user.name == "Ada Lovelace"


def test_pa1_person_account_is_marked_and_opportunity_closed_won() -> None:
    """PA-1: person account is marked and opportunity Closed/Won."""
    account = SalesforceAccount(
        id="001", is_person_account=True, person_contact_id="003"
    )
    assert account.is_person_account
    assert account.person_contact_id == "003"
    assert SalesforceOpportunity(id="006", is_closed=True, is_won=True).is_closed_won
    assert not SalesforceOpportunity(id="006", is_closed=True).is_closed_won


def test_contact_salesforce_id_prefers_the_contact_link() -> None:
    assert HubSpotContact(id="1").salesforce_id is None
    assert HubSpotContact(id="1", salesforce_lead_id="00Q").salesforce_id == "00Q"
    linked = HubSpotContact(
        id="1", salesforce_lead_id="00Q", salesforce_contact_id="003"
    )
    assert linked.salesforce_id == "003"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("2.60", (2, 60)),
        ("2.6", (2, 6)),
        ("2.100", (2, 100)),
        ("3", (3, 0)),
        ("2.60.0", (2, 60)),
        (" 2.60 ", (2, 60)),
        ("2.60.1", (2, 60, 1)),
    ],
)
def test_connector_version_parses_numbers(text: str, parts: tuple[int, ...]) -> None:
    assert ConnectorVersion.parse(text).parts == parts


def test_connector_version_compares_numerically() -> None:
    v = ConnectorVersion.parse
    assert v("2.6") < v("2.60") < v("2.100")
    assert v("2.60.0") == v("2.60")
    assert str(v("2.100")) == "2.100"


@pytest.mark.parametrize("bad", ["", "2.x", "v2.60", "2..60", "2.60-beta"])
def test_connector_version_refuses_other_text(bad: str) -> None:
    with pytest.raises(InvalidSettingsError, match=f"got {bad!r}"):
        ConnectorVersion.parse(bad)


def test_settings_defaults_and_conversion() -> None:
    settings = IntegrationSettings(integrated_on=LEGACY, connector_version="2.65")
    assert settings.connector_version == ConnectorVersion((2, 65))
    assert settings.contact_creation is ContactCreation.DONT_CREATE
    assert settings.new_records_as is SalesforceObject.LEAD
    assert settings.inclusion_list is None
    assert settings.portals == 1


def test_settings_refuse_out_of_range_values() -> None:
    with pytest.raises(InvalidSettingsError, match="portals must be at least 1, got 0"):
        IntegrationSettings(integrated_on=LEGACY, portals=0)
    with pytest.raises(InvalidSettingsError, match="new_records_as must be"):
        IntegrationSettings(
            integrated_on=LEGACY, new_records_as=SalesforceObject.ACCOUNT
        )
    with pytest.raises(InvalidSettingsError, match="api_call_allocation"):
        IntegrationSettings(integrated_on=LEGACY, api_call_allocation=-1)
    with pytest.raises(CrmSyncRulesError):
        IntegrationSettings(integrated_on=LEGACY, connector_version="latest")


def test_opt1_opt_out_mappings_are_locked_for_leads_and_contacts() -> None:
    """OPT-1: opt-out mappings are locked for leads and contacts."""
    assert {m.salesforce_object for m in OPT_OUT_MAPPINGS} == {
        SalesforceObject.LEAD,
        SalesforceObject.CONTACT,
    }
    for mapping in OPT_OUT_MAPPINGS:
        assert mapping.locked
        assert mapping.hubspot_property == "hs_email_optout"
        assert mapping.salesforce_field == "HasOptedOutOfEmail"
    assert "contacts.hs_email_optout (booleancheckbox) <-> Lead.HasOptedOutOfEmail" in (
        str(OPT_OUT_MAPPINGS[0])
    )


def test_sync3_default_list_excludes_only_subscribers() -> None:
    """SYNC-3: default list excludes only subscribers."""
    default = DefaultInclusionList()
    assert default.name == "Salesforce inclusion list (default)"
    assert isinstance(default, InclusionList)
    for stage in LifecycleStage:
        member = default.includes(HubSpotContact(id="1", lifecycle_stage=stage))
        assert member is (stage is not LifecycleStage.SUBSCRIBER)
    assert default.includes(HubSpotContact(id="1"))


def test_sync2_static_list_membership_by_id() -> None:
    """SYNC-2: static list membership by id."""
    members = StaticInclusionList(name="Sales", contact_ids=frozenset({"1", "2"}))
    assert members.includes(HubSpotContact(id="1"))
    assert not members.includes(HubSpotContact(id="3"))


def _contact() -> HubSpotContact:
    return HubSpotContact(
        id="7",
        email="Eva@Initech.com",
        lifecycle_stage=LifecycleStage.CUSTOMER,
        unsubscribed=True,
    )


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        (
            Criterion(
                property="lifecyclestage", operator=Operator.IS, values=("CUSTOMER",)
            ),
            True,
        ),
        (
            Criterion(
                property="lifecyclestage", operator=Operator.IS_NOT, values=("lead",)
            ),
            True,
        ),
        (
            Criterion(
                property="lifecyclestage",
                operator=Operator.IS_ANY_OF,
                values=("lead", "customer"),
            ),
            True,
        ),
        (
            Criterion(
                property="lifecyclestage",
                operator=Operator.IS_NONE_OF,
                values=("subscriber", "customer"),
            ),
            False,
        ),
        (
            Criterion(
                property="email", operator=Operator.ENDS_WITH, values=("@initech.com",)
            ),
            True,
        ),
        (
            Criterion(property="email", operator=Operator.CONTAINS, values=("EVA",)),
            True,
        ),
        (
            Criterion(property="company", operator=Operator.CONTAINS, values=("x",)),
            False,
        ),
        (
            Criterion(property="company", operator=Operator.ENDS_WITH, values=("x",)),
            False,
        ),
        (Criterion(property="company", operator=Operator.IS_UNKNOWN), True),
        (Criterion(property="email", operator=Operator.IS_KNOWN), True),
        (
            Criterion(
                property="hs_email_optout", operator=Operator.IS, values=("true",)
            ),
            True,
        ),
    ],
)
def test_sync2_criteria_evaluate_hubspot_properties(
    criterion: Criterion, expected: bool
) -> None:
    """SYNC-2: criteria evaluate HubSpot properties."""
    assert criterion.matches(_contact()) is expected


def test_sync2_criteria_list_needs_every_criterion() -> None:
    """SYNC-2: criteria list needs every criterion."""
    both = CriteriaInclusionList(
        name="Customers at Initech",
        criteria=(
            Criterion(
                property="lifecyclestage", operator=Operator.IS, values=("customer",)
            ),
            Criterion(
                property="email", operator=Operator.ENDS_WITH, values=("@globex.com",)
            ),
        ),
    )
    assert not both.includes(_contact())
    assert CriteriaInclusionList(name="all", criteria=()).includes(_contact())


@pytest.mark.parametrize(
    ("operator", "values", "message"),
    [
        (Operator.IS_KNOWN, ("x",), "takes no values"),
        (Operator.IS, ("a", "b"), "exactly one value"),
        (Operator.IS_ANY_OF, (), "at least one value"),
    ],
)
def test_criterion_checks_its_values(
    operator: Operator, values: tuple[str, ...], message: str
) -> None:
    with pytest.raises(InvalidSettingsError, match=message):
        Criterion(property="email", operator=operator, values=values)


def test_sync2_contact_property_reads_values_as_hubspot_writes_them() -> None:
    """SYNC-2: Criteria compare these strings, so their spelling is the
    behaviour."""
    contact = HubSpotContact(
        id="1", email="an@example.com", lifecycle_stage=LifecycleStage.LEAD
    )
    assert contact_property(contact, "hs_email_optout") == "false"
    unsubscribed = HubSpotContact(id="2", unsubscribed=True)
    assert contact_property(unsubscribed, "hs_email_optout") == "true"
    assert contact_property(contact, "lifecyclestage") == "lead"
    assert contact_property(contact, "email") == "an@example.com"
    assert contact_property(contact, "firstname") is None


def test_criterion_refuses_unknown_properties() -> None:
    with pytest.raises(InvalidSettingsError, match="got 'jobtitel'"):
        Criterion(property="jobtitel", operator=Operator.IS_KNOWN)
    with pytest.raises(KeyError, match="jobtitel"):
        contact_property(_contact(), "jobtitel")


def test_snapshot_iterates_every_record_and_merges() -> None:
    hubspot = HubSpotRecords(contacts=(HubSpotContact(id="1"),))
    salesforce = SalesforceRecords(leads=(SalesforceLead(id="00Q1"),))
    snapshot = Snapshot(
        settings=IntegrationSettings(integrated_on=LEGACY),
        hubspot=hubspot.merge(
            HubSpotRecords(owners=(HubSpotOwner(id="9", email="o@x.nl"),))
        ),
        salesforce=salesforce.merge(salesforce),
    )
    assert [r.id for r in snapshot.records()] == ["1", "9", "00Q1", "00Q1"]


def test_dup7_a_contact_cannot_name_one_record_as_its_lead_and_its_contact() -> None:
    """DUP-7: a lead and a contact never share an id, in either form, so a
    HubSpot contact naming one record as both is refused at its field."""
    with pytest.raises(InvalidRecordError, match="salesforce_contact_id") as caught:
        HubSpotContact(
            id="7",
            salesforce_lead_id="00QA000000005AA",
            salesforce_contact_id=salesforce_id_18("00QA000000005AA"),
        )
    assert caught.value.record == "7"
    assert HubSpotContact(id="7", salesforce_lead_id="1", salesforce_contact_id="2")
