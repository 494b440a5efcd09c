"""The codec: our snapshot format, the APIs' payload shapes, and every
problem reported with its JSON path."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from crmsync_rules import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotObject,
    HubSpotOwner,
    IntegrationSettings,
    LifecycleStage,
    OpportunityContactRole,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceQueue,
    SalesforceUser,
    Snapshot,
    UserType,
    sample_snapshot,
)
from crmsync_rules.codec import (
    PageInfo,
    UnreadableLine,
    dump_snapshot,
    dumps_ndjson,
    dumps_snapshot,
    iter_hubspot,
    iter_hubspot_owners,
    iter_ndjson,
    iter_salesforce,
    iter_snapshot,
    load_snapshot,
    loads_snapshot,
    page_info,
    read_hubspot,
    read_hubspot_owners,
    read_salesforce,
    structure,
    unstructure,
)
from crmsync_rules.codec._shapes import looks_like
from crmsync_rules.errors import SnapshotError
from crmsync_rules.model import (
    ConnectorVersion,
    CriteriaInclusionList,
    Criterion,
    DefaultInclusionList,
    Operator,
    StaticInclusionList,
)
from crmsync_rules.planner import PlanAction, plan_stream
from crmsync_rules.strategies import snapshots
from doc_tables import check_queries

SETTINGS = {"integrated_on": "2016-05-10"}


def problems_of(obj: object, cls: type[Any] = Snapshot) -> list[str]:
    with pytest.raises(SnapshotError) as caught:
        structure(obj, cls)
    return list(caught.value.problems)


def contact_problems(contact: object) -> list[str]:
    return problems_of({"settings": SETTINGS, "hubspot": {"contacts": [contact]}})


# --- our own format -------------------------------------------------------


def test_sample_snapshot_round_trips_through_json() -> None:
    snapshot = sample_snapshot()
    assert loads_snapshot(dumps_snapshot(snapshot)) == snapshot
    assert load_snapshot(dump_snapshot(snapshot)) == snapshot
    assert loads_snapshot(dumps_snapshot(snapshot).encode("utf-8")) == snapshot


def test_defaults_are_left_out_on_output() -> None:
    snapshot = Snapshot(settings=IntegrationSettings(integrated_on=dt.date(2018, 1, 2)))
    assert json.loads(dumps_snapshot(snapshot)) == {
        "settings": {"integrated_on": "2018-01-02"}
    }


def test_minimal_snapshot_loads_with_defaults() -> None:
    snapshot = load_snapshot(
        {"settings": SETTINGS, "hubspot": {"contacts": [{"id": "1"}]}}
    )
    assert snapshot.hubspot.contacts == (HubSpotContact(id="1"),)
    assert snapshot.settings.integrated_on == dt.date(2016, 5, 10)
    assert snapshot.settings.connector_version == ConnectorVersion((3, 0))


@pytest.mark.parametrize(
    ("contact", "problem"),
    [
        ({"id": 1}, "expected a string, got int 1 @ $.hubspot.contacts[0].id"),
        ({"id": None}, "expected a string, got null @ $.hubspot.contacts[0].id"),
        (
            {"id": "1", "unsubscribed": "true"},
            "expected true or false, got str 'true' @ $.hubspot.contacts[0].unsubscribed",
        ),
        (
            {"id": "1", "unsubscribed": 1},
            "expected true or false, got int 1 @ $.hubspot.contacts[0].unsubscribed",
        ),
        ({}, "required field missing @ $.hubspot.contacts[0].id"),
        (
            {"id": "1", "lifecycle_stage": "prospect"},
            "expected one of 'subscriber', 'lead', 'marketingqualifiedlead', "
            "'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other' "
            "(LifecycleStage), got 'prospect' @ $.hubspot.contacts[0].lifecycle_stage",
        ),
        (
            {"id": "1", "emial": "a@b.nl"},
            "unknown field 'emial' (a typo? unknown keys are refused) "
            "@ $.hubspot.contacts[0]",
        ),
        (
            {"id": "1", "company_ids": "9001"},
            "expected a list, got str '9001' @ $.hubspot.contacts[0].company_ids",
        ),
        (
            {"id": "1", "company_ids": ["9001", 9002]},
            "expected a string, got int 9002 @ $.hubspot.contacts[0].company_ids[1]",
        ),
        ({"id": ""}, "id must be a non-empty id, got '' @ $.hubspot.contacts[0]"),
        (
            {"id": "1", "email": "a@@b.nl"},
            "invalid email address (The part after the @-sign contains invalid "
            "characters: '@'), got 'a@@b.nl' @ $.hubspot.contacts[0].email",
        ),
        ("501", "expected an object, got str '501' @ $.hubspot.contacts[0]"),
    ],
)
def test_invalid_contact_is_reported_at_its_path(contact: object, problem: str) -> None:
    assert contact_problems(contact) == [problem]


def test_every_problem_is_reported_at_once() -> None:
    found = problems_of(
        {
            "settings": {"integrated_on": "2016-13-01", "portals": "2"},
            "hubspot": {"contacts": [{"id": 1}, {"id": "2", "unsubscribed": "no"}]},
            "salesforce": {"leads": [{"Id": "00Q1"}]},
        }
    )
    assert found == [
        "expected a date as YYYY-MM-DD, got '2016-13-01' @ $.settings.integrated_on",
        "expected an integer, got str '2' @ $.settings.portals",
        "expected a string, got int 1 @ $.hubspot.contacts[0].id",
        "expected true or false, got str 'no' @ $.hubspot.contacts[1].unsubscribed",
        "required field missing @ $.salesforce.leads[0].id",
        "unknown field 'Id' (a typo? unknown keys are refused) @ $.salesforce.leads[0]",
    ]


def test_every_malformed_email_is_reported_with_its_path() -> None:
    found = problems_of(
        {
            "settings": SETTINGS,
            "hubspot": {"owners": [{"id": "1", "email": "owner"}]},
            "salesforce": {
                "accounts": [{"id": "001", "person_email": "maria@"}],
                "users": [{"id": "005", "email": "a b@c.nl"}],
            },
        }
    )
    assert [p.rsplit(" @ ", 1)[1] for p in found] == [
        "$.hubspot.owners[0].email",
        "$.salesforce.accounts[0].person_email",
        "$.salesforce.users[0].email",
    ]
    assert all(p.startswith("invalid email address (") for p in found)


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({}, "required field missing @ $.settings.integrated_on"),
        (
            {**SETTINGS, "connector_version": "2.x"},
            "connector_version must be dotted numbers like '2.60', got '2.x' "
            "@ $.settings.connector_version",
        ),
        (
            {**SETTINGS, "connector_version": 2.6},
            "expected a string, got float 2.6 @ $.settings.connector_version",
        ),
        ({**SETTINGS, "portals": 0}, "portals must be at least 1, got 0 @ $.settings"),
        (
            {**SETTINGS, "portals": True},
            "expected an integer, got bool True @ $.settings.portals",
        ),
        (
            # "Group" is Group Edition (tests/test_settings.py); "Gold" is none.
            {**SETTINGS, "edition": "Gold"},
            "edition must be a Salesforce edition, got 'Gold'; accepted spellings, "
            "in any case and with or without ' Edition': 'Group Edition', 'GROUP', "
            "'Team Edition'; 'Essentials Edition', 'ESSENTIALS', 'Base Edition'; "
            "'Professional Edition', 'PROFESSIONAL'; 'Enterprise Edition', "
            "'ENTERPRISE'; 'Unlimited Edition', 'UNLIMITED'; 'Performance Edition', "
            "'PERFORMANCE'; 'Developer Edition', 'DEVELOPER'; 'Personal Edition', "
            "'PERSONAL'; 'Contact Manager Edition', 'CONTACT_MANAGER' "
            "@ $.settings.edition",
        ),
        (
            {**SETTINGS, "inclusion_list": {"kind": "smart"}},
            "inclusion_list.kind must be one of 'static', 'criteria', 'default', "
            "got 'smart' @ $.settings.inclusion_list",
        ),
        (
            {
                **SETTINGS,
                "inclusion_list": {"kind": "static", "name": "x", "contact_ids": "1"},
            },
            "expected a list, got str '1' @ $.settings.inclusion_list.contact_ids",
        ),
        (
            {**SETTINGS, "inclusion_list": "default"},
            "expected an object, got str 'default' @ $.settings.inclusion_list",
        ),
    ],
)
def test_invalid_settings_are_reported_at_their_path(
    settings: object, problem: str
) -> None:
    assert problems_of({"settings": settings}) == [problem]


@pytest.mark.parametrize(
    "inclusion_list",
    [
        StaticInclusionList(name="Sales", contact_ids=frozenset({"3", "1", "2"})),
        CriteriaInclusionList(
            name="MQL+",
            criteria=(
                Criterion(
                    property="lifecyclestage",
                    operator=Operator.IS_NONE_OF,
                    values=("subscriber", "lead"),
                ),
                Criterion(property="email", operator=Operator.IS_KNOWN),
            ),
        ),
        DefaultInclusionList(),
    ],
)
def test_inclusion_lists_round_trip_with_their_kind(inclusion_list: Any) -> None:
    settings = IntegrationSettings(
        integrated_on=dt.date(2020, 1, 1), inclusion_list=inclusion_list
    )
    data = unstructure(settings)
    assert data["inclusion_list"]["kind"] in {"static", "criteria", "default"}
    assert structure(data, IntegrationSettings) == settings


def test_static_list_members_are_written_sorted() -> None:
    members = StaticInclusionList(name="Sales", contact_ids=frozenset({"3", "1", "2"}))
    assert unstructure(members) == {"name": "Sales", "contact_ids": ["1", "2", "3"]}


def test_only_built_in_lists_can_be_written() -> None:
    class Custom:
        name = "mine"

        def includes(self, contact: HubSpotContact, /) -> bool:
            return True

    settings = IntegrationSettings(
        integrated_on=dt.date(2020, 1, 1), inclusion_list=Custom()
    )
    with pytest.raises(SnapshotError, match="only the built-in inclusion lists"):
        unstructure(settings)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "invalid JSON: Expecting value at line 1 column 1"),
        (
            '{"settings": {\n  "integrated_on": "2016-05-10",\n}}',
            "invalid JSON: Expecting property name enclosed in double quotes at line 3 column 1",
        ),
        (b"\xff\xfe", "not UTF-8 text: byte 0 cannot be decoded"),
        ("[]", "expected an object, got list [] @ $"),
    ],
)
def test_unreadable_text_is_one_clear_problem(text: str | bytes, problem: str) -> None:
    with pytest.raises(SnapshotError) as caught:
        loads_snapshot(text, source="export.json")
    assert caught.value.problems == (problem,)
    assert str(caught.value) == f"export.json: 1 problem:\n  {problem}"


def test_snapshot_error_is_a_value_error_and_counts_problems() -> None:
    error = SnapshotError(["a @ $", "b @ $.x"], source="f.json")
    assert isinstance(error, ValueError)
    assert str(error) == "f.json: 2 problems:\n  a @ $\n  b @ $.x"


# --- HubSpot CRM v3 payloads ---------------------------------------------


def test_reads_a_hubspot_contact_list_response() -> None:
    payload = {
        "results": [
            {
                "id": "501",
                "properties": {
                    "email": "jan@vries.nl",
                    "firstname": "Jan",
                    "lastname": "",
                    "lifecyclestage": "lead",
                    "hubspot_owner_id": "101",
                    "hs_email_optout": "true",
                    "salesforcecontactid": "003A1",
                    "hs_object_id": "501",
                    "createdate": "2024-01-01T00:00:00Z",
                },
                "createdAt": "2024-01-01T00:00:00Z",
                "archived": False,
                "associations": {
                    "companies": {
                        "results": [
                            {"id": "9001", "type": "contact_to_company"},
                            {"id": "9001", "type": "contact_to_company_unlabeled"},
                        ]
                    }
                },
            },
            {"id": "502", "properties": {"associatedcompanyid": "9002"}},
        ],
        "paging": {"next": {"after": "503"}},
    }
    records = read_hubspot(payload, object_type=HubSpotObject.CONTACT)
    assert records.contacts == (
        HubSpotContact(
            id="501",
            email="jan@vries.nl",
            first_name="Jan",
            lifecycle_stage=LifecycleStage.LEAD,
            owner_id="101",
            unsubscribed=True,
            company_ids=("9001",),
            salesforce_contact_id="003A1",
        ),
        HubSpotContact(id="502", company_ids=("9002",)),
    )


def test_reads_hubspot_companies_and_deals_with_v4_associations() -> None:
    companies = read_hubspot(
        {"id": "9001", "properties": {"name": "Globex", "salesforceaccountid": "001A"}},
        object_type=HubSpotObject.COMPANY,
    )
    assert companies.companies == (
        HubSpotCompany(id="9001", name="Globex", salesforce_account_id="001A"),
    )
    deals = read_hubspot(
        [
            {
                "id": "7001",
                "properties": {
                    "dealname": "Renewal",
                    "pipeline": "default",
                    "dealstage": "closedwon",
                },
                "associations": {
                    "companies": {"results": [{"toObjectId": 9001}]},
                    "contacts": {"results": [{"id": "501"}, {"id": "505"}]},
                },
            }
        ],
        object_type=HubSpotObject.DEAL,
    )
    assert deals.deals == (
        HubSpotDeal(
            id="7001",
            name="Renewal",
            pipeline="default",
            stage="closedwon",
            company_ids=("9001",),
            contact_ids=("501", "505"),
        ),
    )


def test_hubspot_payload_problems_use_api_paths() -> None:
    payload = {
        "results": [
            {"id": 501, "properties": {"email": "x"}},
            {
                "id": "502",
                "properties": {"hs_email_optout": True, "lifecyclestage": "lead"},
            },
            {"id": "503", "properties": {"email": "not-an-email"}},
            {"id": "504", "properties": {"lifecyclestage": "prospect"}},
            {"id": "505", "properties": []},
            {"id": "506", "associations": {"companies": {"results": [{"id": None}]}}},
            "507",
        ]
    }
    with pytest.raises(SnapshotError) as caught:
        read_hubspot(payload, object_type=HubSpotObject.CONTACT, source="contacts.json")
    problems = caught.value.problems
    assert [p.rsplit(" @ ", 1)[1] for p in problems] == [
        "$.results[0].id",
        "$.results[1].properties.hs_email_optout",
        "$.results[2].properties.email",
        "$.results[3].properties.lifecyclestage",
        "$.results[4].properties",
        "$.results[5].associations.companies.results[0]",
        "$.results[6]",
    ]
    assert problems[1].startswith('expected "true" or "false", got bool True')
    assert (
        problems[0] == "expected the id as a string, got number 501 @ $.results[0].id"
    )


def test_reads_hubspot_owners() -> None:
    owners = read_hubspot_owners(
        {
            "results": [
                {
                    "id": "101",
                    "email": "ada@acme-corp.com",
                    "firstName": "Ada",
                    "lastName": "Lovelace",
                    "userId": 9,
                    "archived": False,
                    "teams": [],
                }
            ]
        }
    )
    assert owners.owners == (
        HubSpotOwner(
            id="101", email="ada@acme-corp.com", first_name="Ada", last_name="Lovelace"
        ),
    )
    with pytest.raises(
        SnapshotError, match=r"required field missing @ \$\.results\[0\]\.email"
    ):
        read_hubspot_owners({"results": [{"id": "102"}]})


def test_non_object_payloads_are_refused() -> None:
    with pytest.raises(
        SnapshotError, match=r"expected an object or a list, got str @ \$"
    ):
        read_hubspot("contacts", object_type=HubSpotObject.CONTACT)
    with pytest.raises(SnapshotError, match=r"expected a list, got dict @ \$\.results"):
        read_hubspot({"results": {}}, object_type=HubSpotObject.CONTACT)


# --- Salesforce REST payloads --------------------------------------------


def _sf(kind: str, **fields: object) -> dict[str, object]:
    return {
        "attributes": {"type": kind, "url": f"/services/data/v60.0/sobjects/{kind}/x"},
        **fields,
    }


def test_reads_a_salesforce_query_response_of_mixed_types() -> None:
    payload = {
        "totalSize": 6,
        "done": True,
        "records": [
            _sf(
                "Lead",
                Id="00Q1",
                Email="Jan@Vries.nl",
                Company="Vries",
                HasOptedOutOfEmail=True,
                IsConverted=False,
                Street="x",
            ),
            _sf(
                "Contact",
                Id="003A",
                Email=None,
                AccountId="001A",
                IsPersonAccount=False,
            ),
            _sf(
                "Account",
                Id="001P",
                Name="Maria Jansen",
                IsPersonAccount=True,
                PersonEmail="maria@jansen.nl",
                PersonContactId="003P",
                RecordTypeId="012PA",
            ),
            _sf(
                "Opportunity",
                Id="006A",
                AccountId="001A",
                StageName="Closed Won",
                IsClosed=True,
                IsWon=True,
                OpportunityContactRoles={
                    "totalSize": 1,
                    "done": True,
                    "records": [
                        _sf(
                            "OpportunityContactRole",
                            ContactId="003A",
                            Role="Decision Maker",
                            IsPrimary=True,
                        )
                    ],
                },
            ),
            _sf(
                "User",
                Id="005A",
                Email="ada@acme-corp.com",
                UserType="PowerPartner",
                IsActive=False,
                FirstName="Ada",
            ),
            _sf("Group", Id="00GA", Name="Inbound", Type="Queue", Email=None),
        ],
    }
    records = read_salesforce(payload)
    assert records.leads == (
        SalesforceLead(
            id="00Q1",
            email="Jan@Vries.nl",
            company="Vries",
            has_opted_out_of_email=True,
            properties={"Street": "x"},  # every other field is kept (issue 15)
        ),
    )
    assert records.contacts == (SalesforceContact(id="003A", account_id="001A"),)
    assert records.accounts == (
        SalesforceAccount(
            id="001P",
            name="Maria Jansen",
            is_person_account=True,
            person_email="maria@jansen.nl",
            person_contact_id="003P",
            record_type_id="012PA",
        ),
    )
    (opportunity,) = records.opportunities
    assert opportunity.is_closed_won
    assert opportunity.contact_roles == (
        OpportunityContactRole(
            contact_id="003A", role="Decision Maker", is_primary=True
        ),
    )
    assert records.users == (
        SalesforceUser(
            id="005A",
            email="ada@acme-corp.com",
            first_name="Ada",
            user_type=UserType.POWER_PARTNER,
            is_active=False,
        ),
    )
    assert records.queues == (
        SalesforceQueue(id="00GA", name="Inbound", properties={"Type": "Queue"}),
    )


def test_own4_salesforce_user_name_is_read() -> None:
    """OWN-4: Salesforce user name is read."""
    # `SELECT Id, Name, Email, IsActive, UserType FROM User`: the full name
    # is all there is, and OWN-4 matches on it.
    records = read_salesforce(
        {
            "totalSize": 1,
            "done": True,
            "records": [
                _sf(
                    "User",
                    Id="005A",
                    Name="Grace Hopper",
                    Email="grace@acme-corp.com",
                    IsActive=True,
                    UserType="Standard",
                )
            ],
        }
    )
    (user,) = records.users
    assert user == SalesforceUser(
        id="005A", email="grace@acme-corp.com", full_name="Grace Hopper"
    )
    assert user.name == "Grace Hopper"
    assert (
        loads_snapshot(
            dumps_snapshot(
                Snapshot(
                    settings=IntegrationSettings(integrated_on=dt.date(2020, 1, 1)),
                    salesforce=records,
                )
            )
        ).salesforce
        == records
    )


def test_salesforce_payload_problems_use_api_paths() -> None:
    payload = [
        _sf("Lead", Id="00Q1", HasOptedOutOfEmail="false"),
        _sf("Campaign", Id="701"),
        {"Id": "003"},
        _sf("Group", Id="00G", Name="Sales", Type="Regular"),
        _sf("User", Id="005", UserType="Robot"),
        _sf("Contact", Email="x@y.nl"),
        _sf(
            "Opportunity",
            Id="006",
            OpportunityContactRoles={"records": [{"Role": "x"}]},
        ),
        _sf("Contact", Id="003B", Email="two@@ats.nl"),
        _sf("Lead", Id=" "),
    ]
    with pytest.raises(SnapshotError) as caught:
        read_salesforce(payload)
    paths = [p.rsplit(" @ ", 1)[1] for p in caught.value.problems]
    assert paths == [
        "$[0].HasOptedOutOfEmail",
        "$[1].attributes.type",
        "$[2].attributes.type",
        "$[3].Type",
        "$[4].UserType",
        "$[5].Id",
        "$[6].OpportunityContactRoles.records[0].ContactId",
        "$[7].Email",
        "$[8].Id",
    ]
    assert caught.value.problems[0] == (
        "expected true or false, got str 'false' @ $[0].HasOptedOutOfEmail"
    )


def test_api_readers_compose_into_a_snapshot() -> None:
    hubspot = read_hubspot(
        {"results": [{"id": "1", "properties": {"email": "a@example.com"}}]},
        object_type=HubSpotObject.CONTACT,
    ).merge(read_hubspot_owners({"results": [{"id": "9", "email": "o@example.com"}]}))
    salesforce = read_salesforce(
        {"records": [_sf("Lead", Id="00Q1", Email="A@example.com")]}
    )
    snapshot = Snapshot(
        settings=IntegrationSettings(integrated_on=dt.date(2020, 1, 1)),
        hubspot=hubspot,
        salesforce=salesforce,
    )
    assert loads_snapshot(dumps_snapshot(snapshot)) == snapshot


# --- NDJSON ---------------------------------------------------------------


def test_ndjson_round_trips_the_sample() -> None:
    snapshot = sample_snapshot()
    lines = list(dumps_ndjson(snapshot))
    assert json.loads(lines[0])["type"] == "settings"
    values = list(iter_ndjson(lines))
    assert values[0] == snapshot.settings
    assert tuple(values[1:]) == tuple(snapshot.records())


def test_values_that_repeat_across_records_are_read_as_one_string() -> None:
    # Issue 7: a million contacts share a few hundred owners and a few
    # thousand companies; each record holding its own copy of those strings
    # was 40% of a record's memory. Ids and addresses are each record's own.
    lines = [
        '{"type": "settings", "integrated_on": "2021-09-01"}',
        *(
            json.dumps(
                {
                    "type": "salesforce_contact",
                    "id": f"003{n}",
                    "email": f"p{n}@acme.nl",
                    "first_name": "Jan",
                    "last_name": "de Vries",
                    "owner_id": "005A",
                    "account_id": "001A",
                }
            )
            for n in range(2)
        ),
        *(
            json.dumps(
                {"type": "hubspot_contact", "id": f"{n}", "company_ids": ["9", "8"]}
            )
            for n in range(2)
        ),
    ]
    _, first, second, third, fourth = iter_ndjson(lines)
    assert isinstance(first, SalesforceContact)
    assert isinstance(second, SalesforceContact)
    for name in ("first_name", "last_name", "owner_id", "account_id"):
        assert getattr(first, name) is getattr(second, name), name
    assert first.email is not second.email
    assert isinstance(third, HubSpotContact)
    assert isinstance(fourth, HubSpotContact)
    assert third.company_ids == fourth.company_ids == ("9", "8")
    assert all(
        a is b for a, b in zip(third.company_ids, fourth.company_ids, strict=True)
    )


def test_ndjson_bad_lines_are_reported_and_reading_goes_on() -> None:
    lines = [
        '{"type": "settings", "integrated_on": "2016-05-10"}',
        "",
        '{"type": "hubspot_contact", "id": "1", "email": "a@@b.nl"}',
        '{"type": "hubspot_contakt", "id": "2"}',
        "[1, 2]",
        '{"type": "salesforce_lead", "id": "00Q1"',
        '{"type": "salesforce_lead", "id": "00Q2", "email": "a@b.nl"}',
    ]
    values = list(iter_ndjson(lines, source="export.ndjson"))
    assert len(values) == 6
    assert values[-1] == SalesforceLead(id="00Q2", email="a@b.nl")
    bad = [v for v in values if isinstance(v, UnreadableLine)]
    assert [(b.line, b.record_type, b.record_id) for b in bad] == [
        (3, "hubspot_contact", "1"),
        (4, None, "2"),
        (5, None, None),
        (6, None, None),
    ]
    assert bad[0].problems[0].endswith("got 'a@@b.nl' @ $.email")
    assert (
        bad[1]
        .problems[0]
        .startswith("type must be one of 'settings', 'hubspot_contact'")
    )
    assert bad[2].problems == ("expected an object, got list [1, 2] @ $",)
    assert str(bad[3]).startswith(
        "export.ndjson:6: invalid JSON: Expecting ',' delimiter"
    )


_MAPPING = {
    "hubspot_object": "contacts",
    "hubspot_property": "x",
    "hubspot_type": "text",
    "salesforce_object": "Contact",
    "salesforce_field": "X",
    "salesforce_type": "string",
}


@pytest.mark.parametrize(
    ("snapshot", "problem"),
    [
        (
            {"hubspot": {"contacts": [{"id": "1", "email": 5}]}},
            "expected a string, got int 5 @ $.hubspot.contacts[0].email",
        ),
        (
            {"hubspot": {"contacts": [{"id": "1", "owner_id": ["7"]}]}},
            "expected a string, got list ['7'] @ $.hubspot.contacts[0].owner_id",
        ),
        (
            {"hubspot": {"contacts": [{"id": "1", "lifecycle_stage": 3}]}},
            "expected one of 'subscriber', 'lead', 'marketingqualifiedlead', "
            "'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other' "
            "(LifecycleStage), got 3 @ $.hubspot.contacts[0].lifecycle_stage",
        ),
        (
            {"settings": {**SETTINGS, "api_call_allocation": "100"}},
            "expected an integer, got str '100' @ $.settings.api_call_allocation",
        ),
        (
            {
                "settings": {
                    **SETTINGS,
                    "mappings": [{**_MAPPING, "formula_references": "A"}],
                }
            },
            "expected a list, got str 'A' @ $.settings.mappings[0].formula_references",
        ),
        (
            {
                "settings": {
                    **SETTINGS,
                    "mappings": [{**_MAPPING, "formula_references": ["A", 1]}],
                }
            },
            "expected a string, got int 1 @ $.settings.mappings[0].formula_references[1]",
        ),
        (
            {"salesforce": {"leads": [{"id": "1", "company": False, "email": None}]}},
            "expected a string, got bool False @ $.salesforce.leads[0].company",
        ),
    ],
)
def test_optional_fields_refuse_wrong_types_at_their_path(
    snapshot: dict[str, Any], problem: str
) -> None:
    # Optional fields have their own fast hook; its messages are the plain ones.
    with pytest.raises(SnapshotError) as caught:
        load_snapshot({"settings": SETTINGS, **snapshot})
    assert caught.value.problems == (problem,)


# --- one bad record costs only itself (ERR-1, issue 13) --------------------


def test_err1_iter_snapshot_yields_a_bad_record_as_unreadable_with_its_path() -> None:
    """ERR-1: iter snapshot yields a bad record as unreadable with its path."""
    document = {
        "settings": SETTINGS,
        "hubspot": {
            "contacts": [
                {"id": "1", "email": "a@example.com"},
                {"id": "2", "email": "a@@example.com"},
                {"id": "3", "unsubscribed": "yes", "lifecylce_stage": "lead"},
            ]
        },
        "salesforce": {"leads": [{"id": "00Q1"}, "00Q2"]},
    }
    values = list(iter_snapshot(document, source="export.json"))
    assert values[:2] == [
        IntegrationSettings(integrated_on=dt.date(2016, 5, 10)),
        HubSpotContact(id="1", email="a@example.com"),
    ]
    assert values[4] == SalesforceLead(id="00Q1")
    bad = [v for v in values if isinstance(v, UnreadableLine)]
    assert [(b.path, b.record_type, b.record_id, b.line) for b in bad] == [
        ("$.hubspot.contacts[1]", "hubspot_contact", "2", None),
        ("$.hubspot.contacts[2]", "hubspot_contact", "3", None),
        ("$.salesforce.leads[1]", "salesforce_lead", None, None),
    ]
    assert bad[0].problems == (
        "invalid email address (The part after the @-sign contains invalid "
        "characters: '@'), got 'a@@example.com' @ $.hubspot.contacts[1].email",
    )
    assert bad[1].problems == (
        "expected true or false, got str 'yes' @ $.hubspot.contacts[2].unsubscribed",
        "unknown field 'lifecylce_stage' (a typo? unknown keys are refused) "
        "@ $.hubspot.contacts[2]",
    )
    assert str(bad[2]) == (
        "export.json: expected an object, got str '00Q2' @ $.salesforce.leads[1]"
    )
    assert bad[2].where == "$.salesforce.leads[1]"
    # All or nothing: load_snapshot refuses the document with every problem.
    with pytest.raises(SnapshotError) as caught:
        load_snapshot(document)
    assert caught.value.problems == (
        *bad[0].problems,
        *bad[1].problems,
        *bad[2].problems,
    )


@pytest.mark.parametrize(
    ("document", "problems"),
    [
        ([], ["expected an object, got list [] @ $"]),
        (
            {"hubspot": {"contacts": [{"id": 1}]}},
            [
                "required field missing @ $.settings",
                "expected a string, got int 1 @ $.hubspot.contacts[0].id",
            ],
        ),
        (
            {"settings": {"integrated_on": "x"}, "results": [], "paging": {}},
            [
                "expected a date as YYYY-MM-DD, got 'x' @ $.settings.integrated_on",
                "unknown fields 'paging', 'results' (a typo? unknown keys are "
                "refused) @ $",
            ],
        ),
        (
            {"settings": SETTINGS, "hubspot": [], "salesforce": {"leads": {}}},
            [
                "expected an object, got list [] @ $.hubspot",
                "expected a list, got dict {} @ $.salesforce.leads",
            ],
        ),
        (
            {"settings": SETTINGS, "salesforce": {"lead": []}},
            ["unknown field 'lead' (a typo? unknown keys are refused) @ $.salesforce"],
        ),
    ],
)
def test_a_document_that_is_not_a_snapshot_is_refused_whole(
    document: object, problems: list[str]
) -> None:
    with pytest.raises(SnapshotError) as caught:
        iter_snapshot(document)
    assert list(caught.value.problems) == problems


def test_err1_api_readers_yield_bad_records_as_unreadable_with_their_paths() -> None:
    """ERR-1: API readers yield bad records as unreadable with their paths."""
    contacts = {
        "results": [
            {"id": "501", "properties": {"email": "jan@vries.nl"}},
            {"id": "502", "properties": {"email": "jan@@vries.nl"}},
            {"id": 503, "properties": {"hs_email_optout": "yes"}},
        ]
    }
    values = list(
        iter_hubspot(contacts, object_type=HubSpotObject.CONTACT, source="c.json")
    )
    assert values[0] == HubSpotContact(id="501", email="jan@vries.nl")
    assert [
        (v.source, v.path, v.record_type, v.record_id, len(v.problems))
        for v in values[1:]
        if isinstance(v, UnreadableLine)
    ] == [
        ("c.json", "$.results[1]", "hubspot_contact", "502", 1),
        ("c.json", "$.results[2]", "hubspot_contact", "503", 2),
    ]
    owners = list(
        iter_hubspot_owners({"results": [{"id": "7", "email": "o@x.nl"}, {"id": "8"}]})
    )
    assert owners[0] == HubSpotOwner(id="7", email="o@x.nl")
    assert isinstance(owners[1], UnreadableLine)
    assert owners[1].problems == ("required field missing @ $.results[1].email",)
    assert (owners[1].record_type, owners[1].record_id) == ("hubspot_owner", "8")
    records = list(
        iter_salesforce(
            {
                "records": [
                    _sf("Lead", Id="00Q1", Email="x@@y.nl"),
                    _sf("Contact", Id="003A"),
                    _sf("Campaign", Id="701"),
                ]
            }
        )
    )
    assert records[1] == SalesforceContact(id="003A")
    assert [
        (r.path, r.record_type, r.record_id)
        for r in records
        if isinstance(r, UnreadableLine)
    ] == [("$.records[0]", "salesforce_lead", "00Q1"), ("$.records[2]", None, "701")]
    # A page that holds no records is refused at once, before any is read.
    with pytest.raises(SnapshotError, match=r"expected a list, got dict @ \$\.records"):
        iter_salesforce({"records": {}})


# --- pages (issue 13: partial exports) ---------------------------------------


@pytest.mark.parametrize(
    ("payload", "info"),
    [
        (
            {
                "totalSize": 5000,
                "done": False,
                "nextRecordsUrl": "/services/data/v60.0/query/01g-2000",
                "records": [{}] * 2000,
            },
            PageInfo(
                records=2000,
                total=5000,
                next="/services/data/v60.0/query/01g-2000",
                last=False,
            ),
        ),
        (
            {"totalSize": 3, "done": True, "records": [{}] * 3},
            PageInfo(records=3, total=3),
        ),
        ({"done": False, "records": []}, PageInfo(records=0, last=False)),
        (
            {"results": [{}], "paging": {"next": {"after": "501", "link": "x"}}},
            PageInfo(records=1, next="501", last=False),
        ),
        (
            {"results": [{}], "paging": {"next": {"after": 501}}, "total": 9},
            PageInfo(records=1, total=9, next="501", last=False),
        ),
        ({"results": [{}, {}], "paging": {}}, PageInfo(records=2)),
        ({"results": "x"}, PageInfo(records=0)),
        ({"records": None, "totalSize": True}, PageInfo(records=0)),
        ([{}, {}], PageInfo(records=2)),
        ({"id": "1"}, PageInfo(records=1)),
        ("x", PageInfo(records=0)),
    ],
)
def test_page_info_says_whether_more_pages_follow(
    payload: object, info: PageInfo
) -> None:
    assert page_info(payload) == info
    assert info.complete is (info.last and info.total in (None, info.records))


@given(snapshot=snapshots(), data=st.data())
def test_err1_a_bad_record_in_a_document_costs_only_itself(
    snapshot: Snapshot, data: st.DataObject
) -> None:
    """ERR-1: a record of a JSON document that cannot be read is rejected on
    its own: every other record reads as it was, and the plan still has one
    entry per record, each bad one rejected with its path."""
    document = dump_snapshot(snapshot)
    positions = [
        (system, group, index)
        for system in ("hubspot", "salesforce")
        for group, items in document.get(system, {}).items()
        for index in range(len(items))
    ]
    assume(positions)
    bad = data.draw(st.sets(st.sampled_from(positions), min_size=1, max_size=3))
    for system, group, index in bad:
        document[system][group][index]["id"] = 5  # ids are strings
    values = list(iter_snapshot(document, source="export.json"))
    assert values[0] == snapshot.settings
    read = [v for v in values[1:] if not isinstance(v, UnreadableLine)]
    kept = [
        record
        for position, record in zip(positions, snapshot.records(), strict=True)
        if position not in bad
    ]
    assert read == kept
    paths = {f"$.{system}.{group}[{index}]" for system, group, index in bad}
    stream = plan_stream(values)
    entries = list(stream)
    assert len(entries) == len(positions)
    rejected = {e.path: e for e in entries if e.path is not None}
    assert set(rejected) == paths
    for path, entry in rejected.items():
        assert entry.action is PlanAction.REJECTED
        assert (entry.record_id, entry.line) == ("5", None)
        assert [r.rule for r in entry.reasons] == ["ERR-1"]
        assert f"@ {path}.id" in entry.reasons[0].detail


def test_docs_what_to_export_lists_every_field_the_codec_reads() -> None:
    """docs/codec.md's queries and property lists select exactly what the
    codec reads (OWN-4: a User query without Name matched no owner)."""
    text = (Path(__file__).parent.parent / "docs" / "codec.md").read_text("utf-8")
    section = text.split("## What to export", 1)[1].split("\n## ", 1)[0]
    check_queries(section)


@pytest.mark.parametrize(
    ("document", "shape"),
    [
        ({"settings": {}}, "snapshot"),
        ({"hubspot": {"contacts": []}}, "snapshot"),
        ({"type": "hubspot_contact", "id": "1"}, "ndjson"),
        ({"integrated_on": "2021-02-01"}, "settings"),
        ({"totalSize": 0, "done": True, "records": []}, "salesforce"),
        ({"attributes": {"type": "Lead"}, "Id": "00Q1"}, "salesforce"),
        ([{"attributes": {"type": "Lead"}}], "salesforce"),
        ({"results": [{"attributes": {"type": "Lead"}}]}, "salesforce"),
        (
            {"results": [{"id": "1", "properties": {"email": "a@x.nl"}}]},
            "hubspot_contacts",
        ),
        (
            {"results": [{"id": "1", "properties": {"domain": "x.nl"}}]},
            "hubspot_companies",
        ),
        ({"results": [{"id": "1", "properties": {"dealname": "x"}}]}, "hubspot_deals"),
        # Marks of two object types, or none: the type cannot be told.
        (
            {"results": [{"properties": {"email": "a@x.nl", "domain": "x.nl"}}]},
            "hubspot_objects",
        ),
        ({"results": [{"id": "1", "properties": {"email": ""}}]}, "hubspot_objects"),
        ({"id": "1", "properties": {"dealname": "x"}}, "hubspot_deals"),
        ({"results": [{"id": "7", "email": "o@x.nl", "teams": []}]}, "hubspot_owners"),
        ({"id": "7", "email": "o@x.nl", "firstName": "O"}, "hubspot_owners"),
        ({"results": []}, "hubspot_page"),
        ({"results": [{"id": "1"}], "paging": {}}, "hubspot_page"),
        ({"results": "x"}, "hubspot_page"),
        ({"id": "1"}, None),
        ([], None),
        ("x", None),
    ],
)
def test_documents_are_recognised_by_their_shape(
    document: object, shape: str | None
) -> None:
    # The command line names the option that takes a file of another shape.
    assert looks_like(document) == shape


def test_an_owner_without_an_id_is_unreadable_whatever_else_it_holds() -> None:
    (owner,) = iter_hubspot_owners([{"email": "o@x.nl"}], source="owners.json")
    assert isinstance(owner, UnreadableLine)
    assert (owner.path, owner.record_id) == ("$[0]", None)
    assert owner.problems == ("required field missing @ $[0].id",)
