"""Salesforce exports as teams have them (issue 15): REST query pages,
Bulk API 2.0 and Data Loader CSV, describe responses, a Bulk manifest.

The fixtures under tests/data/exports/salesforce/ are written by
`salesforce_writers.fixture_files` (whose docstring cites the documented
shapes); `test_the_fixtures_are_the_writers_output` keeps them so.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import pathlib
from collections.abc import Generator, Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules.codec._exports import Document, ExportContext, ExportRead
from crmsync_rules.codec._salesforce_export import (
    read_salesforce_export,
    recognises_salesforce,
)
from crmsync_rules.model import (
    OpportunityContactRole,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
    UserType,
)
from crmsync_rules.model._errors import SnapshotError
from salesforce_writers import (
    DELIMITERS,
    LEAD_TYPES,
    CsvStyle,
    contact_roles_csv,
    csv_document,
    csv_file,
    describe,
    fixture_files,
    json_document,
    rest_pages,
    rest_record,
    sample_records,
)

ROOT = pathlib.Path(__file__).parent / "data" / "exports" / "salesforce"


def _documents(folder: str) -> list[Document]:
    documents = []
    for path in sorted((ROOT / folder).iterdir()):
        source, data = f"{folder}/{path.name}", path.read_bytes()
        if path.suffix == ".csv":
            documents.append(Document(source, data, "csv"))
        else:
            documents.append(Document(source, data, "json"))
    return documents


def _by_id(read: ExportRead) -> dict[str, Any]:
    return {record.id: record for record in read.records}


def _expected() -> dict[str, Any]:
    return {
        record.id: record for records in sample_records().values() for record in records
    }


def test_the_fixtures_are_the_writers_output() -> None:
    for path, text in fixture_files().items():
        assert (ROOT / path).read_bytes() == text.encode(), path


@pytest.mark.parametrize("folder", ["rest", "bulk", "dataloader"])
def test_each_fixture_set_reads_to_the_same_records(folder: str) -> None:
    read = read_salesforce_export(_documents(folder))
    assert read.rejected == ()
    assert read.missing == ()
    assert read.notes == ()
    assert _by_id(read) == _expected()
    assert len(read.records) == len(_expected())


def test_the_three_sets_read_equal_records_in_every_field() -> None:
    reads = [
        _by_id(read_salesforce_export(_documents(f)))
        for f in ("rest", "bulk", "dataloader")
    ]
    for record_id, record in reads[0].items():
        for other in reads[1:]:
            assert other[record_id] == record
            assert dict(other[record_id].properties) == dict(record.properties)


def test_what_is_recognised() -> None:
    shapes = {
        d.source: recognises_salesforce(d)
        for d in (*_documents("rest"), *_documents("bulk"), *_documents("dataloader"))
    }
    assert shapes["rest/leads-2.json"] == "Salesforce REST query page of Lead records"
    assert (
        shapes["rest/opportunities.json"]
        == "Salesforce REST query page of Opportunities"
    )
    assert shapes["rest/describe-Lead.json"] == "Salesforce describe response"
    assert (
        shapes["bulk/contacts.csv"]
        == "Salesforce Bulk API 2.0 query results (CSV) of Contact records"
    )
    assert (
        shapes["bulk/manifest.json"]
        == "export manifest (Salesforce Bulk API 2.0 result sets)"
    )
    assert (
        shapes["dataloader/extract-account.csv"]
        == "Salesforce Data Loader CSV export of Account records"
    )
    assert shapes["bulk/opportunity-contact-roles.csv"] == (
        "Salesforce Bulk API 2.0 query results (CSV) of OpportunityContactRole records"
    )
    read = read_salesforce_export(_documents("rest"))
    lines = [line.line() for line in read.recognised]
    assert (
        "rest/leads-1.json: Salesforce REST query page of Lead records, 2 records"
        in lines
    )
    assert (
        "rest/describe-Lead.json: Salesforce describe response of Lead (2 fields), 0 records"
        in lines
    )


def test_other_documents_are_not_recognised() -> None:
    hubspot = json_document(
        "contacts.json",
        {
            "results": [{"id": "1", "properties": {}}],
            "paging": {"next": {"after": "2"}},
        },
    )
    ui_csv = csv_document(
        "hubspot.csv", '"Record ID","First Name","Email"\n"1","Ada","ada@example.com"\n'
    )
    internal_csv = csv_document(
        "contacts.csv",
        "id,email,firstname,lastname,company\n101,ada@example.com,Ada,L,Acme\n",
    )
    native = Document("snapshot.ndjson", b'{"type": "settings"}\n', "ndjson")
    for document in (hubspot, ui_csv, internal_csv, native):
        assert recognises_salesforce(document) is None


def test_values_are_typed_and_times_read() -> None:
    read = read_salesforce_export(_documents("bulk"))
    lead = _by_id(read)["00Q5g00000AbCd1EAF"]
    assert lead.created_at == dt.datetime(
        2024, 5, 1, 9, 30, 0, 123000, tzinfo=dt.timezone.utc
    )
    assert lead.system_modstamp is not None
    assert lead.properties["AnnualRevenue"] == 1500000
    assert isinstance(lead.properties["AnnualRevenue"], int)
    assert lead.properties["LastActivityDate"] == dt.date(2024, 4, 1)
    assert lead.properties["Interests__c"] == ("Pricing", "Demo")
    assert lead.properties["Score__c"] == 0.5
    assert lead.properties["Owner.Email"] == "owner@example.com"
    assert "attributes" not in lead.properties
    assert "Email" not in lead.properties
    assert "CreatedDate" not in lead.properties
    opportunity = _by_id(read)["0065g00000PqRs1AAF"]
    assert [role.contact_id for role in opportunity.contact_roles] == [
        "0035g00000XyZa1AAF",
        "0035g00000XyZa2AAF",
    ]


def test_records_share_their_property_names() -> None:
    read = read_salesforce_export(_documents("bulk"))
    leads = [r for r in read.records if isinstance(r, SalesforceLead)]
    assert len({id(lead.properties._names) for lead in leads}) == 1


def test_without_a_describe_custom_fields_are_text() -> None:
    documents = [d for d in _documents("bulk") if "describe" not in d.source]
    lead = _by_id(read_salesforce_export(documents))["00Q5g00000AbCd1EAF"]
    assert lead.properties["Score__c"] == "0.5"
    context = ExportContext(allow_partial=True, documents=documents)
    lead = _by_id(read_salesforce_export(documents, context=context))[
        "00Q5g00000AbCd1EAF"
    ]
    assert lead.properties["Score__c"] == "0.5"
    describe_lead = json_document("describe-Lead.json", describe("Lead", LEAD_TYPES))
    lead = _by_id(read_salesforce_export([*documents, describe_lead]))[
        "00Q5g00000AbCd1EAF"
    ]
    assert lead.properties["Score__c"] == 0.5


# --- Completeness -------------------------------------------------------------------


def test_a_missing_middle_page_is_refused() -> None:
    documents = [d for d in _documents("rest") if d.source != "rest/leads-2.json"]
    read = read_salesforce_export(documents)
    assert read.missing == (
        "records 3 to 4 of the Lead query 01gD0000002HU6KIAW are missing: no page "
        "holds them (the next one is rest/leads-3.json)",
    )


def test_a_missing_first_or_last_page_is_refused() -> None:
    first = read_salesforce_export(
        [d for d in _documents("rest") if d.source != "rest/leads-1.json"]
    )
    assert first.missing == (
        "records 1 to 2 of the Lead query 01gD0000002HU6KIAW are missing: no page "
        "holds them (the next one is rest/leads-2.json)",
    )
    last = read_salesforce_export(
        [d for d in _documents("rest") if d.source != "rest/leads-3.json"]
    )
    assert last.missing == (
        "the last page of the Lead query 01gD0000002HU6KIAW is missing (records 5 "
        "to 5 of its totalSize 5)",
    )


def test_a_total_size_mismatch_is_refused() -> None:
    page = json.loads((ROOT / "rest" / "accounts.json").read_text())
    page["totalSize"] = 3
    read = read_salesforce_export([json_document("accounts.json", page)])
    assert read.missing == (
        "accounts.json: the page holds 2 of the 3 Account records its totalSize "
        "counts, and no other page of its query is in the export",
    )
    pages = [
        json.loads((ROOT / "rest" / f"leads-{n}.json").read_text()) for n in (1, 2, 3)
    ]
    pages[2]["records"].append(copy.deepcopy(pages[2]["records"][0]))
    pages[2]["records"][-1]["Id"] = "00Q5g00000AbCd6EAF"
    read = read_salesforce_export(
        [json_document(f"leads-{n}.json", p) for n, p in enumerate(pages, 1)]
    )
    assert read.missing == (
        "the Lead query 01gD0000002HU6KIAW holds 6 records but its totalSize says 5",
    )
    pages = [
        json.loads((ROOT / "rest" / f"leads-{n}.json").read_text()) for n in (1, 2, 3)
    ]
    pages[1]["totalSize"] = 6
    read = read_salesforce_export(
        [json_document(f"leads-{n}.json", p) for n, p in enumerate(pages, 1)]
    )
    assert any("disagree on totalSize" in line for line in read.missing)


def test_a_truncated_page_is_refused() -> None:
    text = (ROOT / "rest" / "leads-2.json").read_bytes()
    with pytest.raises(SnapshotError, match="invalid JSON"):
        read_salesforce_export(
            [Document("leads-2.json", text[: len(text) // 2], "json")]
        )


def test_a_truncated_csv_file_is_refused() -> None:
    text = (ROOT / "bulk" / "leads-1.csv").read_text()
    *rows, last = text.splitlines(keepends=True)
    cut = "".join(rows) + "^".join(last.split("^")[:5]) + "\n"
    read = read_salesforce_export([csv_document("leads.csv", cut)])
    assert len(read.records) == 2
    assert [line.path for line in read.rejected] == ["row 3"]
    assert read.missing == (
        "leads.csv: 1 row(s) (3) do not have a value for every column: the file "
        "is cut short or malformed",
    )
    quoted = text[: text.rindex("Open - Not")]
    read = read_salesforce_export([csv_document("leads.csv", quoted)])
    assert len(read.records) == 2
    assert read.missing[-1].startswith("leads.csv: row 3 cannot be read")


def test_a_page_of_another_object_in_a_set_is_refused() -> None:
    pages = [
        json.loads((ROOT / "rest" / f"leads-{n}.json").read_text()) for n in (1, 2, 3)
    ]
    contacts = json.loads((ROOT / "rest" / "contacts.json").read_text())
    pages[1]["records"] = contacts["records"]
    read = read_salesforce_export(
        [json_document(f"leads-{n}.json", p) for n, p in enumerate(pages, 1)]
    )
    assert read.missing == (
        "leads-2.json: a page of Contact records among the pages of the Lead query "
        "01gD0000002HU6KIAW",
    )


def test_the_bulk_manifest_is_checked() -> None:
    documents = [d for d in _documents("bulk") if d.source != "bulk/leads-2.csv"]
    read = read_salesforce_export(documents)
    assert read.missing == (
        "Bulk API query job 7505g00000Jb1AAAAZ (Lead): leads-2.csv is listed but not in the export",
    )
    manifest = json.loads((ROOT / "bulk" / "manifest.json").read_text())
    manifest["salesforceBulkQueries"][0]["results"][1]["numberOfRecords"] = 3
    manifest["salesforceBulkQueries"][0]["results"][0]["nextLocator"] = "Mx"
    documents = [d for d in _documents("bulk") if d.source != "bulk/manifest.json"]
    read = read_salesforce_export(
        [*documents, json_document("bulk/manifest.json", manifest)]
    )
    assert read.missing == (
        "Bulk API query job 7505g00000Jb1AAAAZ (Lead): result set 2 (leads-2.csv) does "
        "not follow the one before it (locator 'Mw', expected 'Mx'): a result set is missing",
        "Bulk API query job 7505g00000Jb1AAAAZ (Lead): bulk/leads-2.csv holds 2 records, "
        "its Sforce-NumberOfRecords says 3",
    )


def test_a_record_returned_twice_keeps_the_later_update() -> None:
    pages = [
        json.loads((ROOT / "rest" / f"leads-{n}.json").read_text()) for n in (1, 2, 3)
    ]
    again = copy.deepcopy(pages[0]["records"][0])
    again["LastModifiedDate"] = again["SystemModstamp"] = "2024-06-01T00:00:00.000+0000"
    again["Status"] = "Working"
    pages[2]["records"].append(again)
    pages[2]["totalSize"] = 6
    for page in pages:
        page["totalSize"] = 6
    pages[1]["nextRecordsUrl"] = pages[1]["nextRecordsUrl"]
    read = read_salesforce_export(
        [json_document(f"leads-{n}.json", p) for n, p in enumerate(pages, 1)]
    )
    assert read.missing == ()
    assert read.notes == (
        "Lead 00Q5g00000AbCd1EAF is in the export twice (again in leads-3.json): the later update is kept",
    )
    leads = _by_id(read)
    assert len(read.records) == 5
    assert leads["00Q5g00000AbCd1EAF"].properties["Status"] == "Working"


def test_the_same_id_twice_without_times_is_left_to_the_planner() -> None:
    text = '"Id","LastName"\n"00Q5g00000AbCd1EAF","A"\n"00Q5g00000AbCd1","B"\n'
    read = read_salesforce_export([csv_document("leads.csv", text)])
    assert [getattr(r, "last_name", None) for r in read.records] == ["A", "B"]
    assert read.notes == ()


# --- Bad records ------------------------------------------------------------------------


def test_bad_records_are_rejected_with_their_path() -> None:
    page = json.loads((ROOT / "rest" / "leads-1.json").read_text())
    page["records"][0]["Email"] = "not an address"
    page["records"][1]["CreatedDate"] = "yesterday"
    others = [d for d in _documents("rest") if d.source != "rest/leads-1.json"]
    read = read_salesforce_export([json_document("rest/leads-1.json", page), *others])
    by_path = {line.path: line for line in read.rejected}
    assert set(by_path) == {"$.records[0]", "$.records[1]"}
    assert by_path["$.records[0]"].problems[0].endswith("@ $.records[0].Email")
    assert by_path["$.records[0]"].record_type == "salesforce_lead"
    assert by_path["$.records[0]"].record_id == "00Q5g00000AbCd1EAF"
    assert by_path["$.records[1]"].problems == (
        "expected a date-time, got str 'yesterday' @ $.records[1].CreatedDate",
    )
    assert read.missing == ()  # a rejected record still counts as read


def test_bad_csv_values_are_rejected_with_row_and_column() -> None:
    text = (
        '"Id","LastName","HasOptedOutOfEmail","AnnualRevenue","Birthdate"\n'
        '"0035g00000XyZa1AAF","A","maybe","","" \n'.replace('" \n', '"\n')
        + '"0035g00000XyZa2AAF","B","false","lots","1980-13-01"\n'
    )
    read = read_salesforce_export([csv_document("contacts.csv", text)])
    problems = {line.path: line.problems for line in read.rejected}
    assert problems["row 1"] == (
        "expected true or false, got 'maybe' @ row 1.HasOptedOutOfEmail",
    )
    assert problems["row 2"][0] == "expected a number, got 'lots' @ row 2.AnnualRevenue"
    assert problems["row 2"][1].endswith("@ row 2.Birthdate")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("Id", "00Q5g00000AbCd1EAA"),
        ("OwnerId", "0055g00000OwNr1AAA"),
        ("ConvertedContactId", "0035g00000XyZa1aaf"),
    ],
)
def test_an_18_character_id_with_a_wrong_suffix_is_rejected(
    field: str, value: str
) -> None:
    page = json.loads((ROOT / "rest" / "leads-1.json").read_text())
    page["records"][0][field] = value
    page["totalSize"] = 2
    page["done"] = True
    del page["nextRecordsUrl"]
    read = read_salesforce_export([json_document("leads.json", page)])
    if value.endswith("aaf"):  # the suffix is not case-sensitive
        assert read.rejected == ()
        return
    (line,) = read.rejected
    assert line.problems[0].startswith("an 18-character Salesforce id whose last three")
    assert line.problems[0].endswith(f"@ $.records[0].{field}")


def test_a_contact_role_with_a_bad_id_rejects_its_opportunity() -> None:
    page = json.loads((ROOT / "rest" / "opportunities.json").read_text())
    page["records"][0]["OpportunityContactRoles"]["records"][0]["ContactId"] = (
        "0035g00000XyZa1AAA"
    )
    read = read_salesforce_export([json_document("opportunities.json", page)])
    (line,) = read.rejected
    assert line.problems[0].endswith(
        "@ $.records[0].OpportunityContactRoles.records[0].ContactId"
    )


def test_a_cut_contact_roles_subquery_is_missing() -> None:
    page = json.loads((ROOT / "rest" / "opportunities.json").read_text())
    page["records"][0]["OpportunityContactRoles"]["done"] = False
    page["records"][0]["OpportunityContactRoles"]["totalSize"] = 300
    read = read_salesforce_export([json_document("opportunities.json", page)])
    assert read.missing == (
        "opportunities.json: $.records[0]: the contact roles subquery holds 2 of 300 "
        "records (its nextRecordsUrl is not followed)",
    )


def test_records_of_unknown_objects_and_non_queue_groups_are_rejected() -> None:
    page = {
        "totalSize": 2,
        "done": True,
        "records": [
            {"attributes": {"type": "Task", "url": "/x"}, "Id": "00T5g00000AbCd1EAF"},
            {
                "attributes": {"type": "Group", "url": "/x"},
                "Id": "00G5g00000AbCd1EAF",
                "Name": "All",
                "Type": "Regular",
            },
        ],
    }
    read = read_salesforce_export([json_document("misc.json", page)])
    assert read.records == ()
    assert read.rejected[0].problems[0].startswith("attributes.type must be one of")
    assert read.rejected[1].problems == (
        "only queues are owners: expected Type 'Queue', got 'Regular' @ $.records[1].Type",
    )


def test_a_csv_of_no_known_object_or_with_a_column_twice_is_unreadable() -> None:
    with pytest.raises(SnapshotError, match="cannot tell which Salesforce object"):
        read_salesforce_export(
            [
                csv_document(
                    "export.csv",
                    '"Id","Email","FirstName"\n"a0B5g00000AbCd1","a@b.example","x"\n',
                )
            ]
        )
    with pytest.raises(SnapshotError, match="appears twice"):
        read_salesforce_export(
            [
                csv_document(
                    "leads.csv",
                    '"Id","EMAIL","Email"\n"00Q5g00000AbCd1","a@b.example","c@d.example"\n',
                )
            ]
        )


def test_users_and_queues_read_from_csv() -> None:
    users = '"Id","Email","Name","UserType","IsActive"\n"0055g00000OwNr1AAF","o@example.com","Owen Owner","PowerPartner","0"\n'
    queues = "ID;NAME;TYPE;EMAIL\n00G5g00000AbCd1EAF;Support;Queue;\n"
    read = read_salesforce_export(
        [csv_document("users.csv", users), csv_document("groups.csv", queues)]
    )
    assert read.records == (
        SalesforceUser(
            id="0055g00000OwNr1AAF",
            email="o@example.com",
            full_name="Owen Owner",
            user_type=UserType.POWER_PARTNER,
            is_active=False,
        ),
        SalesforceQueue(
            id="00G5g00000AbCd1EAF", name="Support", properties={"Type": "Queue"}
        ),
    )


def test_the_object_of_a_csv_file_from_its_header_or_name() -> None:
    header_only = '"Id","StageName","Name"\n'
    read = read_salesforce_export([csv_document("export.csv", header_only)])
    assert (
        read.recognised[0].shape
        == "Salesforce Bulk API 2.0 query results (CSV) of Opportunities"
    )
    named = '"Id","Name"\n"a0B000000000001","Acme"\n'
    read = read_salesforce_export([csv_document("Account.csv", named)])
    assert read.records == (SalesforceAccount(id="a0B000000000001", name="Acme"),)


# --- Round trip ------------------------------------------------------------------------------

_TEXT = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    min_size=1,
    max_size=12,
)
_CUSTOM = {
    "Text__c": ("string", _TEXT),
    "Flag__c": ("boolean", st.booleans()),
    "Count__c": ("int", st.integers(-(2**40), 2**40)),
    "Ratio__c": (
        "double",
        st.floats(allow_nan=False, allow_infinity=False, width=64).filter(
            lambda x: not x.is_integer()
        ),
    ),
    "Day__c": ("date", st.dates()),
    "When__c": (
        "datetime",
        st.datetimes(
            min_value=dt.datetime(1900, 1, 1),
            max_value=dt.datetime(2999, 1, 1),
            timezones=st.just(dt.timezone.utc),
        ).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000)),
    ),
    "Tags__c": (
        "multipicklist",
        st.lists(_TEXT.filter(lambda t: ";" not in t), min_size=1, max_size=3).map(
            tuple
        ),
    ),
}
_STANDARD = {
    "Status": _TEXT,
    "NumberOfEmployees": st.integers(0, 10**6),
    "LastActivityDate": st.dates(),
    "Owner.Email": st.just("owner@example.com"),
    "Account.Name": _TEXT,
}
_TIMES = st.none() | st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2100, 1, 1),
    timezones=st.just(dt.timezone.utc),
).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))
_ID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@st.composite
def _records(draw: st.DrawFn, prefix: str, build: Any) -> list[Any]:
    from crmsync_rules.model._salesforce_ids import salesforce_id_18

    ids = draw(
        st.lists(st.text(_ID_CHARS, min_size=12, max_size=12), max_size=6, unique=True)
    )
    custom = draw(st.lists(st.sampled_from(sorted(_CUSTOM)), unique=True))
    standard = draw(st.lists(st.sampled_from(sorted(_STANDARD)), unique=True))
    records = []
    for suffix in ids:
        record_id = prefix + suffix
        if draw(st.booleans()):
            record_id = salesforce_id_18(record_id)
        properties: dict[str, Any] = {}
        for name in custom:
            properties[name] = draw(st.none() | _CUSTOM[name][1])
        for name in standard:
            strategy = _STANDARD[name]
            properties[name] = draw(strategy if "." in name else st.none() | strategy)
        times = {
            key: draw(_TIMES) for key in ("created_at", "updated_at", "system_modstamp")
        }
        records.append(build(draw, record_id, properties, times))
    return records


def _lead(
    draw: st.DrawFn, record_id: str, properties: dict[str, Any], times: dict[str, Any]
) -> SalesforceLead:
    return SalesforceLead(
        id=record_id,
        email=draw(st.none() | st.sampled_from(["a@example.com", "B@Example.org"])),
        last_name=draw(st.none() | _TEXT),
        company=draw(st.none() | _TEXT),
        has_opted_out_of_email=draw(st.booleans()),
        is_converted=draw(st.booleans()),
        properties=properties,
        **times,
    )


def _opportunity(
    draw: st.DrawFn, record_id: str, properties: dict[str, Any], times: dict[str, Any]
) -> SalesforceOpportunity:
    contacts = draw(
        st.lists(
            st.sampled_from(
                ["0035g00000XyZa1AAF", "0035g00000XyZa2AAF", "0035g00000XyZa3"]
            ),
            unique=True,
            max_size=3,
        )
    )
    return SalesforceOpportunity(
        id=record_id,
        name=draw(st.none() | _TEXT),
        stage_name=draw(st.none() | _TEXT),
        is_closed=draw(st.booleans()),
        contact_roles=tuple(
            OpportunityContactRole(
                contact_id=c,
                role=draw(st.none() | _TEXT),
                is_primary=draw(st.booleans()),
            )
            for c in contacts
        ),
        properties=properties,
        **times,
    )


def _contact(
    draw: st.DrawFn, record_id: str, properties: dict[str, Any], times: dict[str, Any]
) -> SalesforceContact:
    return SalesforceContact(
        id=record_id,
        last_name=draw(st.none() | _TEXT),
        is_person_account=draw(st.booleans()),
        properties=properties,
        **times,
    )


_KINDS = {
    "Lead": ("00Q", _lead),
    "Contact": ("003", _contact),
    "Opportunity": ("006", _opportunity),
}
_DESCRIBES = [
    json_document(
        f"describe-{sobject}.json",
        describe(sobject, {name: kind for name, (kind, _) in _CUSTOM.items()}),
    )
    for sobject in _KINDS
]


@st.composite
def _exports(draw: st.DrawFn) -> dict[str, list[Any]]:
    return {
        sobject: draw(_records(prefix, build))
        for sobject, (prefix, build) in _KINDS.items()
    }


def _same(read: ExportRead, export: dict[str, list[Any]]) -> None:
    assert read.rejected == ()
    assert read.missing == ()
    expected = sorted(
        (r for records in export.values() for r in records),
        key=lambda r: (type(r).__name__, r.id),
    )
    got = sorted(read.records, key=lambda r: (type(r).__name__, r.id))
    assert got == expected
    for a, b in zip(got, expected, strict=True):
        assert dict(a.properties) == dict(b.properties)


@given(
    export=_exports(), sizes=st.lists(st.integers(1, 4), max_size=6), order=st.randoms()
)
def test_rest_pages_of_random_sizes_read_back_equal(
    export: dict[str, list[Any]], sizes: list[int], order: Any
) -> None:
    documents = list(_DESCRIBES)
    for n, (sobject, records) in enumerate(export.items()):
        for page_number, page in enumerate(
            rest_pages(records, sizes, query=f"01gD0000002HU6{n}IAW"), 1
        ):
            documents.append(json_document(f"{sobject}-{page_number}.json", page))
    order.shuffle(documents)
    _same(read_salesforce_export(documents), export)


_STYLES = st.builds(
    CsvStyle,
    delimiter=st.sampled_from(sorted(DELIMITERS)),
    line_ending=st.sampled_from(["LF", "CRLF"]),
    header_case=st.sampled_from(["as is", "upper", "lower"]),
    booleans=st.sampled_from(
        [("true", "false"), ("TRUE", "FALSE"), ("yes", "no"), ("1", "0")]
    ),
)


@given(export=_exports(), style=_STYLES, quote_all=st.booleans())
def test_csv_with_random_delimiters_line_endings_and_header_case_reads_back_equal(
    export: dict[str, list[Any]], style: CsvStyle, quote_all: bool
) -> None:
    documents = list(_DESCRIBES)
    for sobject, records in export.items():
        documents.append(
            csv_document(
                f"{sobject}.csv", csv_file(records, style, quote_all=quote_all)
            )
        )
    documents.append(
        csv_document(
            "OpportunityContactRole.csv",
            contact_roles_csv(export["Opportunity"], style),
        )
    )
    _same(read_salesforce_export(documents), export)


def test_rest_record_writes_parents_nested() -> None:
    lead = sample_records()["Lead"][0]
    assert rest_record(lead)["Owner"] == {
        "attributes": {"type": "User", "url": "/services/data/v60.0/sobjects/User"},
        "Email": "owner@example.com",
    }


# --- Edges ------------------------------------------------------------------------------------


def _page(records: Sequence[object], **envelope: object) -> dict[str, object]:
    return {
        "totalSize": len(records),
        "done": True,
        **envelope,
        "records": list(records),
    }


def _lead_json(n: int, **fields: object) -> dict[str, object]:
    record_id = f"00Q5g00000AbCd{n}"
    return {
        "attributes": {
            "type": "Lead",
            "url": f"/services/data/v60.0/sobjects/Lead/{record_id}",
        },
        "Id": record_id,
        "LastName": f"L{n}",
        **fields,
    }


def test_csv_dialects_found_from_the_header() -> None:
    from crmsync_rules.codec._csv import find_delimiter, head_fields

    assert find_delimiter('"a""b"|"c"\n') == "|"
    assert find_delimiter('"Id"x,y;z;w\n') == ";"
    assert find_delimiter('"Id\n') == ","
    assert find_delimiter('"Multi\nline";"Id"\n') == ";"
    assert head_fields('"' + "x" * 200_000 + '"\n') == (",", [], None)
    assert head_fields('"Id","Name"\n"001","A"\n')[2] == ["001", "A"]


def test_csv_blank_lines_bom_and_encoding() -> None:
    text = '\ufeff"Id","LastName"\n\n"00Q5g00000AbCd1","A"\n\n'
    read = read_salesforce_export([csv_document("leads.csv", text)])
    assert [r.id for r in read.records] == ["00Q5g00000AbCd1"]
    with pytest.raises(SnapshotError, match="UTF-8"):
        read_salesforce_export([Document("leads.csv", b'"Id","Last\xffName"\n', "csv")])
    body = '"Id","LastName"\n' + '"00Q5g00000AbCd1","A"\n' * 2000
    with pytest.raises(SnapshotError, match="UTF-8"):
        read_salesforce_export(
            [Document("leads.csv", body.encode() + b'"\xff"\n', "csv")]
        )


def test_a_row_of_another_object_in_a_csv_file_is_rejected() -> None:
    text = '"Id","LastName"\n"00Q5g00000AbCd1","A"\n"0035g00000XyZa1","B"\n'
    read = read_salesforce_export([csv_document("leads.csv", text)])
    assert [r.id for r in read.records] == ["00Q5g00000AbCd1"]
    (line,) = read.rejected
    assert line.problems == (
        "the id of a Contact in a file of Lead records @ row 2.Id",
    )
    assert line.record_type == "salesforce_contact"


def test_rest_page_edges() -> None:
    page = _page(
        [
            _lead_json(
                1, Contacts={"totalSize": 0, "done": True, "records": []}, Account=None
            ),
            _lead_json(2, Street="x" * 200_000),
            _lead_json(3, Id=5),
            _lead_json(4, Tags__c=["a", "b"], Blob__c={"deep": [1]}),
            {"attributes": {"type": "Contact", "url": "/x"}, "Id": "0035g00000XyZa1"},
            "not a record",
        ]
    )
    read = read_salesforce_export([json_document("mixed.json", page)])
    assert read.notes == ("mixed.json: the child subquery Contacts is not read",)
    assert read.missing == ("mixed.json: one page holds records of Contact, Lead",)
    problems = {line.path: line.problems for line in read.rejected}
    assert problems["$.records[1]"] == (
        "expected at most 131,072 characters, got 200,000 @ $.records[1].Street",
    )
    assert problems["$.records[2]"] == (
        "expected the id as a string, got number 5 @ $.records[2].Id",
    )
    assert problems["$.records[5]"] == (
        "expected an object, got str 'not a record' @ $.records[5]",
    )
    leads = _by_id(read)
    assert leads["00Q5g00000AbCd4"].properties["Tags__c"] == ("a", "b")
    assert leads["00Q5g00000AbCd4"].properties["Blob__c.deep"] == "[1]"


def test_contact_role_edges() -> None:
    opportunity = {
        "attributes": {"type": "Opportunity", "url": "/x"},
        "Id": "0065g00000PqRs1",
        "OpportunityContactRoles": {
            "totalSize": 2,
            "done": True,
            "records": ["x", {"Role": "Buyer"}],
        },
    }
    other = {
        "attributes": {"type": "Opportunity", "url": "/x"},
        "Id": "0065g00000PqRs2",
        "OpportunityContactRoles": [],
    }
    read = read_salesforce_export(
        [json_document("opportunities.json", _page([opportunity, other]))]
    )
    problems = {line.path: line.problems for line in read.rejected}
    assert problems["$.records[0]"] == (
        "expected an object, got str 'x' @ $.records[0].OpportunityContactRoles.records[0]",
        "required field missing @ $.records[0].OpportunityContactRoles.records[1].ContactId",
    )
    assert problems["$.records[1]"] == (
        "expected a subquery result with a list of records @ $.records[1].OpportunityContactRoles",
    )
    roles = '"Id","OpportunityId","ContactId","Role","IsPrimary"\n"00K000000000001","","0035g00000XyZa1","","maybe"\n"00K000000000002","0065g00000PqRs9","0035g00000XyZa1","",""\n'
    read = read_salesforce_export([csv_document("roles.csv", roles)])
    assert read.rejected[0].problems == (
        "expected true or false, got 'maybe' @ row 1.IsPrimary",
        "required field missing @ row 1.OpportunityId",
    )
    assert read.notes == (
        "1 opportunity contact roles name opportunities the export does not hold: they are not read",
    )
    role_page = _page(
        [
            {
                "attributes": {"type": "OpportunityContactRole", "url": "/x"},
                "OpportunityId": "0065g00000PqRs2",
                "ContactId": "0035g00000XyZa2",
                "IsPrimary": True,
            }
        ]
    )
    read = read_salesforce_export(
        [
            json_document(
                "opportunities.json", _page([other | {"OpportunityContactRoles": None}])
            ),
            json_document("roles.json", role_page),
        ]
    )
    (joined,) = read.records
    assert isinstance(joined, SalesforceOpportunity)
    assert joined.contact_roles == (
        OpportunityContactRole(contact_id="0035g00000XyZa2", is_primary=True),
    )


def test_page_chain_edges() -> None:
    url = "/services/data/v60.0/query/01gD0000002HU6KIAW-1"
    read = read_salesforce_export(
        [
            json_document("a.json", _page([_lead_json(1)], done=False)),
            json_document(
                "b.json",
                _page(
                    [_lead_json(2)],
                    totalSize=3,
                    done=False,
                    nextRecordsUrl="/services/data/v60.0/query/odd",
                ),
            ),
            json_document("c.json", _page([_lead_json(3), _lead_json(4)], totalSize=1)),
            json_document(
                "d.json",
                _page([_lead_json(5)], totalSize=2, done=False, nextRecordsUrl=url),
            ),
            json_document(
                "e.json",
                _page([_lead_json(6)], done=False, nextRecordsUrl=url, totalSize=None),
            ),
        ]
    )
    assert read.missing == (
        'a.json: the page says more records follow ("done": false) but has no nextRecordsUrl',
        "b.json: nextRecordsUrl '/services/data/v60.0/query/odd' names no query locator (…/query/01g…-2000): the pages cannot be chained",
        "c.json: the page holds 2 records but its totalSize says 1",
        "the pages of the Lead query 01gD0000002HU6KIAW disagree on totalSize (2, None)",
    )


def test_manifest_edges() -> None:
    manifest = {
        "salesforceBulkQueries": [
            {"results": [{"file": "leads.csv"}, {"nofile": 1}]},
            "x",
        ]
    }
    text = '"Id","LastName"\n"00Q5g00000AbCd1","A"\n'
    read = read_salesforce_export(
        [json_document("manifest.json", manifest), csv_document("leads.csv", text)]
    )
    assert read.missing == (
        "manifest.json: salesforceBulkQueries[0]: every result must name its file",
        "manifest.json: salesforceBulkQueries[1] must be an object with a list of results",
    )
    bad = read_salesforce_export(
        [json_document("manifest.json", {"salesforceBulkQueries": 1})]
    )
    assert bad.missing == ("manifest.json: salesforceBulkQueries must be a list",)
    counted = {
        "salesforceBulkQueries": [
            {
                "jobId": "750",
                "numberRecordsProcessed": 2,
                "results": [{"file": "leads.csv", "nextLocator": "null"}],
            }
        ]
    }
    read = read_salesforce_export(
        [json_document("manifest.json", counted), csv_document("leads.csv", text)]
    )
    assert read.missing == (
        "Bulk API query job 750: the export holds 1 records, the job's numberRecordsProcessed says 2",
    )
    cut = {
        "salesforceBulkQueries": [
            {"jobId": "750", "results": [{"file": "leads.csv", "nextLocator": "MTA"}]}
        ]
    }
    read = read_salesforce_export(
        [json_document("manifest.json", cut), csv_document("leads.csv", text)]
    )
    assert read.missing == (
        "Bulk API query job 750: the result set after locator 'MTA' is missing",
    )


def test_describe_edges() -> None:
    nameless = json_document(
        "describe.json", {"fields": [{"name": "A__c", "type": "double"}]}
    )
    with pytest.raises(SnapshotError, match="must have a name"):
        read_salesforce_export([nameless])
    odd = json_document(
        "describe.json",
        {
            "name": "Lead",
            "fields": [{"name": "A__c", "type": "double"}, "x", {"name": 1}],
        },
    )
    text = '"Id","A__C"\n"00Q5g00000AbCd1","1.5"\n'
    (lead,) = read_salesforce_export([odd, csv_document("leads.csv", text)]).records
    assert lead.properties == {"A__c": 1.5}


def test_many_records_returned_twice_are_summed_up() -> None:
    records = [
        _lead_json(n, SystemModstamp="2024-05-01T09:30:00.000+0000") for n in range(25)
    ]
    read = read_salesforce_export(
        [
            json_document("a.json", _page(records)),
            json_document("b.json", _page(records)),
        ]
    )
    assert len(read.notes) == 21
    assert (
        read.notes[-1]
        == "5 more records are in the export twice: the later update of each is kept"
    )


def test_field_values_of_every_type() -> None:
    from crmsync_rules.codec._salesforce_fields import (
        record_time,
        typed_text,
        typed_value,
    )

    with pytest.raises(ValueError, match="day is out of range"):
        record_time("2024-02-30T09:30:00.000Z")
    assert typed_text("1940-06-07Z", "date") == dt.date(1940, 6, 7)
    assert typed_text("12345678901234567890", "long") == 12345678901234567890
    assert typed_text("1e3", "double") == 1000
    assert typed_value(2.5, None) == 2.5
    assert typed_value(True, "double") is True
    with pytest.raises(ValueError, match="expected a date value, got dict"):
        typed_value({"a": 1}, "date")
    assert typed_value({"a": 1}, None) == '{"a": 1}'


class _StreamingDocument(Document):
    """A Document as the command line's gives them: its head as bytes, its
    lines one at a time."""

    def head(self, size: int = 65_536) -> bytes:
        return self.text().encode()[:size]

    def lines(self) -> Generator[str, None, None]:
        yield from io.StringIO(self.text(), newline="")


def test_documents_that_stream_are_read_alike() -> None:
    documents = [
        _StreamingDocument(d.source, (ROOT / d.source).read_bytes(), d.kind)
        for d in _documents("dataloader")
    ]
    read = read_salesforce_export(documents)
    assert _by_id(read) == _expected()
    assert recognises_salesforce(documents[1]) == (
        "Salesforce Data Loader CSV export of Account records"
    )
