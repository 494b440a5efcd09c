"""HubSpot exports read whole: pages, owners, associations, properties,
the UI's CSV; completeness; bad records; round trips.

The fixtures under tests/data/exports/hubspot/ are written by
`write_fixtures` (``python tests/test_hubspot_export.py``) from `EXPECTED`
with the writers of `hubspot_writers` (which cite the documented shapes),
then left as files so that a reader change that breaks them shows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

import hubspot_writers as w
from crmsync_rules.codec._exports import Document, ExportContext, ExportRead
from crmsync_rules.codec._hubspot_export import read_hubspot_export, recognises_hubspot
from crmsync_rules.codec._hubspot_values import DEFAULT_PROPERTY_TYPES, UI_LABELS
from crmsync_rules.model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotObject,
    HubSpotOwner,
    LifecycleStage,
)
from crmsync_rules.model._properties import EMPTY_HISTORY, PropertyChange
from crmsync_rules.model._snapshot import HubSpotRecords
from crmsync_rules.strategies import hubspot_records

FIXTURES = Path(__file__).parent / "data" / "exports" / "hubspot"
UTC = dt.timezone.utc


def at(day: int, hour: int = 9, minute: int = 30, ms: int = 0) -> dt.datetime:
    return dt.datetime(2024, 5, day, hour, minute, 0, ms * 1000, tzinfo=UTC)


OWNERS = (
    HubSpotOwner(
        id="101",
        email="ada@example.com",
        first_name="Ada",
        last_name="Lovelace",
        created_at=at(1),
        updated_at=at(2),
        properties={"type": "PERSON", "userId": 9001},
    ),
    HubSpotOwner(
        id="102",
        email="grace@example.com",
        first_name="Grace",
        last_name="Hopper",
        created_at=at(1),
        updated_at=at(3),
        properties={"type": "PERSON", "userId": 9002},
    ),
)
CONTACT_TYPES = {
    "favourite_colour": ("Favourite colour", "enumeration", "checkbox"),
    "nps_score": ("NPS score", "number", "number"),
    "renewal_date": ("Renewal date", "date", "date"),
}


def _contact(n: int, **kwargs: Any) -> HubSpotContact:
    values: dict[str, Any] = {
        "id": str(500 + n),
        "email": f"person{n}@example.com",
        "first_name": f"First{n}",
        "last_name": f"Last{n}",
        "company": "Acme" if n % 2 else None,
        "lifecycle_stage": LifecycleStage.MARKETING_QUALIFIED_LEAD
        if n % 2
        else LifecycleStage.CUSTOMER,
        "owner_id": "101" if n % 2 else "102",
        "unsubscribed": n == 3,
        "company_ids": ("900",) if n < 4 else (),
        "created_at": at(1, ms=n),
        "updated_at": at(10 + n, minute=n),
        "properties": {
            "jobtitle": f"Title {n}",
            "phone": None if n == 2 else f"+31 20 555 000{n}",
            "hs_analytics_num_visits": n * 3,
            "first_conversion_date": at(2, hour=n),
            "favourite_colour": ("red", "blue") if n % 2 else ("green",),
            "nps_score": 9.5 if n == 1 else n,
            "renewal_date": dt.date(2025, 1, n),
        },
    }
    values.update(kwargs)
    return HubSpotContact(**values)


CONTACTS = (
    _contact(
        1,
        history={
            "lifecyclestage": (
                PropertyChange(
                    value="marketingqualifiedlead",
                    timestamp=at(5),
                    source_type="CRM_UI",
                ),
                PropertyChange(value="lead", timestamp=at(1), source_type="FORM"),
            )
        },
    ),
    _contact(2),
    _contact(3),
    _contact(4),
    _contact(5),
)
COMPANIES = (
    HubSpotCompany(
        id="900",
        name="Acme",
        domain="acme.example",
        owner_id="101",
        lifecycle_stage=LifecycleStage.CUSTOMER,
        created_at=at(1),
        updated_at=at(4),
        properties={"numberofemployees": 40, "industry": "COMPUTER_SOFTWARE"},
    ),
    HubSpotCompany(
        id="901",
        name="Globex",
        domain="globex.example",
        salesforce_account_id="001A000001abcdeIAA",
        created_at=at(1),
        updated_at=at(5),
        properties={"numberofemployees": 7, "annualrevenue": 1250000.5},
    ),
)
DEALS = (
    HubSpotDeal(
        id="700",
        name="Acme renewal",
        pipeline="default",
        stage="closedwon",
        owner_id="101",
        company_ids=("900",),
        contact_ids=("501", "503"),
        created_at=at(1),
        updated_at=at(6),
        properties={"amount": 12000, "closedate": at(20), "hs_is_closed": True},
    ),
    HubSpotDeal(
        id="701",
        name="Globex pilot",
        pipeline="default",
        stage="appointmentscheduled",
        created_at=at(1),
        updated_at=at(7),
        properties={"amount": None, "hs_is_closed": False},
    ),
)
# contacts_to_companies.json adds a second company to contact 502 (v4,
# both the primary type 1 and its unlabeled twin 279: one association).
LINKS = (("502", "900", 279), ("502", "901", 279), ("502", "900", 1))
EXPECTED_CONTACTS = tuple(
    attrs.evolve(c, company_ids=("900", "901")) if c.id == "502" else c
    for c in CONTACTS
)


def write_fixtures(folder: Path = FIXTURES) -> None:
    """Write the fixture files from the records above."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    files["owners.json"] = w.owners_page(OWNERS)
    files["contacts-properties.json"] = w.properties_response(
        HubSpotObject.CONTACT, CONTACT_TYPES
    )
    for name, data, _, _ in w.list_pages(CONTACTS, [2, 2, 1], prefix="contacts"):
        files[name] = data
    for name, data, _, _ in w.list_pages(COMPANIES, [10], prefix="companies"):
        files[name] = data
    for name, data, _, _ in w.list_pages(DEALS, [10], prefix="deals", search=True):
        files[name] = data
    files["contacts_to_companies.json"] = w.associations_v4(LINKS)
    files["contacts.csv"] = w.ui_csv(
        CONTACTS,
        HubSpotObject.CONTACT,
        owners=OWNERS,
        labels={name: label for name, (label, _, _) in CONTACT_TYPES.items()},
    )
    for name, data in files.items():
        (folder / name).write_bytes(data)


def document(name: str, data: bytes | None = None) -> Document:
    kind = "csv" if name.endswith(".csv") else "json"
    return Document(
        f"exports/{name}",
        (FIXTURES / name).read_bytes() if data is None else data,
        kind,  # type: ignore[arg-type]
    )


JSON_SET = (
    "owners.json",
    "contacts-properties.json",
    "contacts-1.json",
    "contacts-2.json",
    "contacts-3.json",
    "companies-1.json",
    "deals-1.json",
    "contacts_to_companies.json",
)


def read(*names: str, extra: dict[str, bytes] | None = None) -> ExportRead:
    documents = [document(name) for name in names]
    documents += [document(name, data) for name, data in (extra or {}).items()]
    return read_hubspot_export(documents)


def of_type(result: ExportRead, cls: type[Any]) -> tuple[Any, ...]:
    return tuple(r for r in result.records if type(r) is cls)


def test_the_fixtures_are_what_the_writers_write(tmp_path: Path) -> None:
    write_fixtures(tmp_path)
    for path in tmp_path.iterdir():
        assert path.read_bytes() == (FIXTURES / path.name).read_bytes(), path.name


def test_each_fixture_is_recognised_by_its_content() -> None:
    shapes = {
        name: recognises_hubspot(document(name)) for name in (*JSON_SET, "contacts.csv")
    }
    assert shapes == {
        "owners.json": "HubSpot owners page (/crm/v3/owners)",
        "contacts-properties.json": "HubSpot properties of contacts (/crm/v3/properties)",
        "contacts-1.json": "HubSpot CRM v3 list page of contacts",
        "contacts-2.json": "HubSpot CRM v3 list page of contacts",
        "contacts-3.json": "HubSpot CRM v3 list page of contacts",
        "companies-1.json": "HubSpot CRM v3 list page of companies",
        "deals-1.json": "HubSpot CRM v3 search response of deals",
        "contacts_to_companies.json": "HubSpot associations (v4 batch read)",
        "contacts.csv": "HubSpot UI export of contacts (CSV)",
    }


def test_a_page_is_recognised_without_its_file_name() -> None:
    data = (FIXTURES / "deals-1.json").read_bytes()
    assert recognises_hubspot(Document("x.json", data, "json")) == (
        "HubSpot CRM v3 search response of deals"
    )
    assert (
        recognises_hubspot(
            Document("x.json", b'{"totalSize": 0, "records": []}', "json")
        )
        is None
    )


def test_the_json_set_reads_to_the_records() -> None:
    result = read(*JSON_SET)
    assert result.missing == ()
    assert result.rejected == ()
    assert of_type(result, HubSpotOwner) == OWNERS
    assert of_type(result, HubSpotContact) == EXPECTED_CONTACTS
    assert of_type(result, HubSpotCompany) == COMPANIES
    assert of_type(result, HubSpotDeal) == DEALS
    assert [r.records for r in result.recognised] == [2, 3, 2, 2, 1, 2, 2, 3]


def test_the_ui_export_reads_to_the_same_records_without_history() -> None:
    result = read(
        "owners.json",
        "contacts-properties.json",
        "contacts.csv",
        "contacts_to_companies.json",
    )
    assert result.missing == ()
    assert result.rejected == ()
    assert of_type(result, HubSpotContact) == tuple(
        attrs.evolve(c, history=EMPTY_HISTORY) for c in EXPECTED_CONTACTS
    )


def test_records_share_their_names_tuples() -> None:
    contacts = of_type(read(*JSON_SET), HubSpotContact)
    names = {id(c.properties._names) for c in contacts}
    assert len(names) == 1


def test_a_missing_middle_page_is_missing() -> None:
    result = read(*(n for n in JSON_SET if n != "contacts-2.json"))
    assert result.missing == ("the contacts list pages: page 2 missing (have 1, 3)",)


def test_a_missing_last_page_is_missing() -> None:
    result = read(*(n for n in JSON_SET if n != "contacts-3.json"))
    assert result.missing == (
        "the contacts list pages: every page says more follow (exports/contacts-1.json,"
        " exports/contacts-2.json): the last page is missing",
    )


def test_a_manifest_chains_pages_exactly() -> None:
    pages = w.list_pages(CONTACTS, [1, 1, 1, 1, 1], prefix="c")
    renamed = {
        f"page-{chr(97 + i)}.json": data for i, (_, data, _, _) in enumerate(pages)
    }
    entries = w.manifest(pages, HubSpotObject.CONTACT)["pages"]
    for entry, name in zip(entries, renamed, strict=True):
        entry["file"] = name
    manifest = json.dumps({"pages": entries}).encode()
    whole = read_hubspot_export(
        [Document(f"x/{n}", d, "json") for n, d in renamed.items()]
        + [Document("x/manifest.json", manifest, "json")]
    )
    assert whole.missing == ()
    assert whole.notes == ()
    gap = read_hubspot_export(
        [
            Document(f"x/{n}", d, "json")
            for n, d in renamed.items()
            if n != "page-c.json"
        ]
        + [Document("x/manifest.json", manifest, "json")]
    )
    assert gap.missing == (
        "the contacts list pages: the page after x/page-b.json (after='2-2') is missing",
        "page-c.json: listed in the manifest, not in the export",
    )


def test_without_numbers_or_manifest_a_gap_cannot_be_seen_and_a_note_says_so() -> None:
    pages = w.list_pages(CONTACTS, [2, 2, 1], prefix="c")
    result = read_hubspot_export(
        [
            Document(f"contacts-{x}.json", d, "json")
            for x, (_, d, _, _) in zip("abc", pages, strict=True)
        ]
    )
    assert result.missing == ()
    assert result.notes == (
        "the contacts list pages: a missing middle page cannot be seen from the pages "
        "alone (HubSpot does not echo a page's own cursor): number the files "
        "(contacts-1.json, contacts-2.json...) or add a manifest",
    )


def test_a_truncated_page_is_recognised_and_missing() -> None:
    data = (FIXTURES / "contacts-2.json").read_bytes()[:300]
    broken = document("contacts-2.json", data)
    assert recognises_hubspot(broken) == (
        "HubSpot API page, not valid JSON (a truncated download?)"
    )
    result = read_hubspot_export(
        [document(n) for n in JSON_SET if n != "contacts-2.json"] + [broken]
    )
    assert len(result.missing) == 2
    assert result.missing[0].startswith(
        "exports/contacts-2.json: not valid JSON, a truncated download?"
    )
    assert result.missing[1] == "the contacts list pages: page 2 missing (have 1, 3)"


def test_a_large_page_is_recognised_by_its_head_and_read_once() -> None:
    """Past 64 KB only the head is looked at to say what a file is; its
    envelope (a batch read's ``status`` written after its results) is
    known once it is read."""
    results = [dict(w.api_object(CONTACTS[i % 5]), id=str(i)) for i in range(300)]
    body = json.dumps({"results": results, "status": "COMPLETE"}).encode()
    assert len(body) > 1 << 16
    page = Document("big.json", body, "json")
    assert recognises_hubspot(page) == "HubSpot CRM v3 list page of contacts"
    result = read_hubspot_export([page])
    assert [r.shape for r in result.recognised] == [
        "HubSpot CRM v3 batch-read response of contacts"
    ]
    assert len(result.records) == 300
    cut = Document("big.json", body[: len(body) - 100], "json")
    assert recognises_hubspot(cut) == "HubSpot CRM v3 list page of contacts"
    (missing,) = read_hubspot_export([cut]).missing
    assert missing.startswith("big.json: not valid JSON, a truncated download?")


def test_a_page_of_another_object_in_a_set_is_left_out() -> None:
    deals = (FIXTURES / "deals-1.json").read_bytes()
    result = read(
        *(n for n in JSON_SET if n != "contacts-2.json"),
        extra={"contacts-2.json": deals},
    )
    assert result.missing == (
        "exports/contacts-2.json: a page of contacts by its name, but its records are "
        "deals (amount, dealname, dealstage, hs_is_closed, pipeline, "
        "salesforceopportunityid): left out; the "
        "contacts pages lack one",
        "the contacts list pages: page 2 missing (have 1, 3)",
    )


def test_fewer_records_than_the_search_total_are_missing() -> None:
    body = json.loads((FIXTURES / "deals-1.json").read_bytes())
    body["total"] = 3
    result = read(extra={"deals-1.json": json.dumps(body).encode()})
    assert result.missing == (
        "the deals search pages: 2 records of the 3 the search found",
    )


def _page(results: list[Any], after: str | None = None) -> bytes:
    body: dict[str, Any] = {"results": results}
    if after:
        body["paging"] = {"next": {"after": after}}
    return json.dumps(body).encode()


def test_two_last_pages_and_a_cursor_twice_are_missing() -> None:
    one = w.api_object(CONTACTS[0])
    two = w.api_object(CONTACTS[1])
    result = read_hubspot_export(
        [
            Document("a.json", _page([one]), "json"),
            Document("b.json", _page([two]), "json"),
            Document("c.json", _page([w.api_object(CONTACTS[2])], after="9"), "json"),
            Document("d.json", _page([w.api_object(CONTACTS[3])], after="9"), "json"),
        ]
    )
    assert result.missing == (
        "the contacts list pages: 2 pages say they are the last (a.json, b.json): "
        "pages of two exports?",
        "the contacts list pages: c.json, d.json all lead to cursor '9': the same "
        "page twice?",
    )


def test_a_search_past_its_limit_says_to_use_the_list_endpoint() -> None:
    results = [dict(w.api_object(CONTACTS[i % 5]), id=str(i)) for i in range(10_000)]
    body = {"total": 12_000, "results": results}
    result = read_hubspot_export(
        [Document("s.json", json.dumps(body).encode(), "json")]
    )
    assert result.missing == (
        "the contacts search pages: 10,000 records of the 12,000 the search found "
        "(the search API returns at most 10,000 results: use the list endpoint, "
        "GET /crm/v3/objects/{object}, for more)",
    )


def test_archived_records_unknown_columns_and_more_owners_are_noted() -> None:
    archived = dict(w.api_object(CONTACTS[0]), archived=True)
    owners = json.loads(w.owners_page(OWNERS))
    owners["paging"] = {"next": {"after": "2"}}
    csv_text = "Record ID,Email,Shoe size\r\n1,a@example.com,44\r\n"
    result = read_hubspot_export(
        [
            Document("contacts-1.json", _page([archived]), "json"),
            Document("owners.json", json.dumps(owners).encode(), "json"),
            Document("contacts.csv", csv_text.encode(), "csv"),
        ]
    )
    (contact,) = of_type(result, HubSpotContact)
    assert contact.properties == {"Shoe size": "44"}
    assert result.notes == (
        "contacts.csv: columns of no known label kept as text under their header: "
        "Shoe size (a properties-API response in the export names custom "
        "properties' labels)",
        "the owners pages: every page says more follow (owners.json): the last "
        "page is missing; records owned by owners not read are planned with "
        "unknown owners",
        "1 archived contacts (in HubSpot's recycle bin) left out",
    )


def _owner_pages(*chain: str | None) -> list[bytes]:
    """One owners page per owner of OWNERS, each saying the cursor given."""
    pages = []
    for owner, following in zip(OWNERS, chain, strict=True):
        page = json.loads(w.owners_page((owner,)))
        if following is not None:
            page["paging"] = {"next": {"after": following}}
        pages.append(json.dumps(page).encode())
    return pages


def test_owners_in_several_pages_are_read_whole_without_a_note() -> None:
    """A portal of more than 100 owners exports them in chained pages (as
    `crmsync-rules fetch` writes them): a complete chain is no gap."""
    first, last = _owner_pages("2", None)
    numbered = read_hubspot_export(
        [
            Document("owners-1.json", first, "json"),
            Document("owners-2.json", last, "json"),
        ]
    )
    assert of_type(numbered, HubSpotOwner) == OWNERS[:2]
    assert numbered.notes == ()
    manifest = {
        "pages": [
            {"file": "owners-a.json", "object": "owners", "after": None, "next": "2"},
            {"file": "owners-b.json", "object": "owners", "after": "2", "next": None},
        ]
    }
    by_manifest = read_hubspot_export(
        [
            Document("manifest.json", json.dumps(manifest).encode(), "json"),
            Document("owners-b.json", last, "json"),
            Document("owners-a.json", first, "json"),
        ]
    )
    assert sorted(o.id for o in of_type(by_manifest, HubSpotOwner)) == ["101", "102"]
    assert by_manifest.notes == ()


def test_an_owners_page_missing_from_the_chain_is_noted() -> None:
    first, last = _owner_pages("2", None)
    result = read_hubspot_export(
        [
            Document("owners-1.json", first, "json"),
            Document("owners-3.json", last, "json"),
        ]
    )
    assert result.notes == (
        "the owners pages: page 2 missing (have 1, 3); records owned by owners "
        "not read are planned with unknown owners",
    )


def test_a_record_returned_twice_is_one_record_the_later_update_wins() -> None:
    older = w.api_object(CONTACTS[0])
    newer = w.api_object(
        attrs.evolve(CONTACTS[0], first_name="Renamed", updated_at=at(28))
    )
    result = read_hubspot_export(
        [
            Document("contacts-1.json", _page([older], after="1"), "json"),
            Document("contacts-2.json", _page([newer]), "json"),
        ]
    )
    (contact,) = of_type(result, HubSpotContact)
    assert contact.first_name == "Renamed"
    assert result.notes == (
        "contact 501 returned 2 times (contacts-1.json, contacts-2.json): kept the one "
        "updated last, at 2024-05-28T09:30:00+00:00",
    )


def test_the_same_record_twice_unchanged_is_read_once() -> None:
    same = w.api_object(CONTACTS[1])
    result = read_hubspot_export(
        [Document("contacts-1.json", _page([same, same]), "json")]
    )
    assert len(of_type(result, HubSpotContact)) == 1
    assert result.notes == (
        "contact 502 returned 2 times, the same each time (contacts-1.json): read once",
    )


def test_one_id_twice_with_no_times_is_left_to_the_planner_to_reject() -> None:
    one = {"id": "7", "properties": {"email": "a@example.com"}}
    two = {"id": "7", "properties": {"email": "b@example.com"}}
    result = read_hubspot_export(
        [Document("contacts-1.json", _page([one, two]), "json")]
    )
    assert len(of_type(result, HubSpotContact)) == 2
    assert result.notes == (
        "contact 7 returned 2 times with different values and no update times to "
        "order them (contacts-1.json): the plan rejects it",
    )


def test_a_bad_record_is_rejected_with_the_path_of_its_value() -> None:
    body = json.loads((FIXTURES / "contacts-2.json").read_bytes())
    body["results"][1]["properties"]["email"] = "not an address"
    body["results"][0]["properties"]["renewal_date"] = "tomorrow"
    result = read(
        *(n for n in JSON_SET if n != "contacts-2.json"),
        extra={"contacts-2.json": json.dumps(body).encode()},
    )
    result = attrs.evolve(
        result,
        rejected=[r for r in result.rejected if r.source == "exports/contacts-2.json"],
    )
    first, second = result.rejected
    assert (first.path, first.record_id, first.record_type) == (
        "$.results[0]",
        "503",
        "hubspot_contact",
    )
    assert first.problems == (
        "expected a date as YYYY-MM-DD or milliseconds since the epoch, got 'tomorrow' "
        "@ $.results[0].properties.renewal_date",
    )
    assert second.path == "$.results[1]"
    assert second.problems[0].endswith("@ $.results[1].properties.email")
    assert len(of_type(result, HubSpotContact)) == 3


def test_a_bad_csv_row_is_rejected_with_its_line_and_column() -> None:
    text = (FIXTURES / "contacts.csv").read_bytes().decode()
    lines = text.split("\r\n")
    lines[2] = lines[2].replace("person2@example.com", "person2@")
    lines[3] = lines[3].replace("Ada Lovelace", "Nobody Known")
    lines[4] = lines[4][:20]
    result = read(
        "owners.json",
        "contacts-properties.json",
        extra={"contacts.csv": "\r\n".join(lines).encode()},
    )
    by_line = {r.line or 0: r for r in result.rejected}
    assert sorted(by_line) == [3, 4, 5]
    assert by_line[3].problems[0].endswith("@ row 2, column 'Email'")
    assert by_line[4].problems == (
        "owner 'Nobody Known' is none of the owners read (add the owners page, GET "
        "/crm/v3/owners, to the export) @ row 3, column 'Contact owner'",
    )
    assert by_line[5].problems[0].startswith("2 fields where the header has")
    assert len(of_type(result, HubSpotContact)) == 2


def test_v3_associations_and_the_unlabeled_twin_are_one_association() -> None:
    v3 = {
        "status": "COMPLETE",
        "results": [
            {
                "from": {"id": "505"},
                "to": [
                    {"id": "901", "type": "contact_to_company_unlabeled"},
                    {"id": "901", "type": "contact_to_company"},
                ],
            }
        ],
    }
    result = read("contacts-3.json", extra={"links.json": json.dumps(v3).encode()})
    (contact,) = of_type(result, HubSpotContact)
    assert contact.company_ids == ("901",)
    assert recognises_hubspot(document("links.json", json.dumps(v3).encode())) == (
        "HubSpot associations (v3 batch read)"
    )


def test_a_batch_read_with_history_and_errors() -> None:
    body = {
        "status": "COMPLETE",
        "results": [w.api_object(CONTACTS[0])],
        "numErrors": 1,
        "errors": [
            {
                "status": "error",
                "category": "OBJECT_NOT_FOUND",
                "message": "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.",
            }
        ],
    }
    result = read_hubspot_export(
        [
            document("contacts-properties.json"),
            Document("batch.json", json.dumps(body).encode(), "json"),
        ]
    )
    assert recognises_hubspot(
        Document("batch.json", json.dumps(body).encode(), "json")
    ) == ("HubSpot CRM v3 batch-read response of contacts")
    assert of_type(result, HubSpotContact) == (CONTACTS[0],)
    assert result.missing == ()
    assert result.notes[0].startswith(
        "batch.json: the batch read reported 1 error: Could not get"
    )


def test_a_ui_export_that_is_no_utf8_is_missing() -> None:
    data = "Record ID,Email,First Name\r\n1,a@example.com,Zoë\r\n".encode("latin-1")
    result = read_hubspot_export([Document("contacts.csv", data, "csv")])
    assert result.records == ()
    assert result.missing == (
        "contacts.csv: not UTF-8 text: invalid continuation byte: export it "
        "again as UTF-8 CSV; its rows are missing",
    )


def test_ui_times_without_a_zone_are_in_the_context_zone() -> None:
    csv_text = (
        "Record ID,Email,Create Date,Last Modified Date,Unsubscribed from all email\r\n"
        "1,a@example.com,2024-05-01 11:30,2024-05-02 11:30,Yes\r\n"
    )
    amsterdam = dt.timezone(dt.timedelta(hours=2))
    result = read_hubspot_export(
        [Document("c.csv", csv_text.encode(), "csv")],
        context=ExportContext(time_zone=amsterdam),
    )
    (contact,) = of_type(result, HubSpotContact)
    assert contact.created_at == at(1)
    assert contact.unsubscribed is True


def test_the_docs_give_every_label_and_default_type() -> None:
    text = (Path(__file__).parents[1] / "docs" / "exports.md").read_text()
    for object_type in HubSpotObject:
        for label, name in UI_LABELS[object_type].items():
            assert f"| {label} | `{name}` |" in text
        for name, kind in DEFAULT_PROPERTY_TYPES[object_type].items():
            assert f"| `{name}` | {kind} |" in text


# --- Hypothesis: any records written as pages or UI CSV read back equal ----

_KINDS: dict[str, tuple[str, str, st.SearchStrategy[Any]]] = {
    "text": (
        "string",
        "text",
        st.text(
            st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12
        ),
    ),
    "bool": ("bool", "booleancheckbox", st.booleans()),
    "int": ("number", "number", st.integers(-(10**12), 10**12)),
    "float": (
        "number",
        "number",
        st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: f != int(f)),
    ),
    "date": ("date", "date", st.dates(dt.date(1971, 1, 1), dt.date(2100, 1, 1))),
    "datetime": (
        "datetime",
        "date",
        st.datetimes(dt.datetime(1971, 1, 1), dt.datetime(2100, 1, 1)).map(
            lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000, tzinfo=UTC)
        ),
    ),
    "multi": (
        "enumeration",
        "checkbox",
        st.lists(
            st.text("abcXYZ019_- ", min_size=1, max_size=5), min_size=1, max_size=3
        ).map(tuple),
    ),
}
_TIMES = st.none() | _KINDS["datetime"][2]
Columns = dict[HubSpotObject, dict[str, str]]


def _unique(records: Sequence[Any]) -> list[Any]:
    return list({r.id: r for r in reversed(records)}.values())[::-1]


@st.composite
def _export(draw: st.DrawFn) -> tuple[HubSpotRecords, Columns]:
    """A portal's records (`hubspot_records`: realistic names, addresses,
    references among them), each given random properties of random types
    (declared in a properties-API response), times and history."""
    portal = draw(hubspot_records(max_per_kind=4))
    columns: Columns = {}
    groups: dict[str, tuple[Any, ...]] = {}
    for object_type, field in (
        (HubSpotObject.CONTACT, "contacts"),
        (HubSpotObject.COMPANY, "companies"),
        (HubSpotObject.DEAL, "deals"),
    ):
        kinds = draw(st.lists(st.sampled_from(sorted(_KINDS)), max_size=5))
        columns[object_type] = {f"x_prop_{i}": kind for i, kind in enumerate(kinds)}
        records = []
        for record in _unique(getattr(portal, field)):
            props = {
                name: draw(st.none() | _KINDS[kind][2])
                for name, kind in columns[object_type].items()
            }
            history: dict[str, tuple[PropertyChange, ...]] = {}
            with_history = draw(st.booleans())
            if columns[object_type] and with_history:
                name = sorted(columns[object_type])[0]
                history[name] = tuple(
                    PropertyChange(
                        value=draw(_KINDS[columns[object_type][name]][2]),
                        timestamp=draw(_KINDS["datetime"][2]),
                        source_type=draw(st.sampled_from([None, "CRM_UI", "API"])),
                    )
                    for _ in range(draw(st.integers(1, 3)))
                )
            records.append(
                attrs.evolve(
                    record,
                    created_at=draw(_TIMES),
                    updated_at=draw(_TIMES),
                    properties=props,
                    history=history,
                )
            )
        groups[field] = tuple(records)
    owners = _unique(portal.owners)
    return HubSpotRecords(owners=tuple(owners), **groups), columns


def _described(names: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    return {
        name: (f"Custom {name}", _KINDS[kind][0], _KINDS[kind][1])
        for name, kind in names.items()
    }


_FIELDS = {
    HubSpotObject.CONTACT: "contacts",
    HubSpotObject.COMPANY: "companies",
    HubSpotObject.DEAL: "deals",
}


def _declarations(columns: Columns) -> list[Document]:
    return [
        Document(
            f"{object_type.value}-properties.json",
            w.properties_response(object_type, _described(names)),
            "json",
        )
        for object_type, names in columns.items()
    ]


@given(
    _export(),
    st.lists(st.integers(1, 5), min_size=1, max_size=6),
    st.booleans(),
    st.booleans(),
)
def test_pages_of_random_sizes_read_back_equal(
    export: tuple[HubSpotRecords, Columns], sizes: list[int], search: bool, embed: bool
) -> None:
    """Associations embedded in the objects, or as v4 batch reads."""
    portal, columns = export
    documents = [Document("owners.json", w.owners_page(portal.owners), "json")]
    documents += _declarations(columns)
    for object_type, field in _FIELDS.items():
        documents += [
            Document(name, data, "json")
            for name, data, _, _ in w.list_pages(
                getattr(portal, field),
                sizes,
                prefix=object_type.value,
                search=search,
                embed=embed,
            )
        ]
    if not embed:
        linked = w.links([*portal.contacts, *portal.deals])
        documents += [Document(name, data, "json") for name, data in linked.items()]
    result = read_hubspot_export(documents)
    assert result.missing == ()
    assert result.rejected == ()
    for cls, field in (
        (HubSpotOwner, "owners"),
        (HubSpotContact, "contacts"),
        (HubSpotCompany, "companies"),
        (HubSpotDeal, "deals"),
    ):
        assert of_type(result, cls) == getattr(portal, field)


@given(
    st.lists(st.integers(1, 3), min_size=1, max_size=5),
    st.integers(0, 10),
    st.sampled_from(["numbered", "manifest"]),
)
def test_any_page_left_out_of_a_set_is_missing(
    sizes: list[int], which: int, how: str
) -> None:
    """With numbered files or a manifest, leaving out any one page of a set
    of two or more is reported; the whole set is not."""
    pages = w.list_pages(CONTACTS, sizes, prefix="contacts")
    if len(pages) < 2:
        return
    if how == "numbered":
        documents = [Document(n, d, "json") for n, d, _, _ in pages]
    else:
        entries = w.manifest(pages, HubSpotObject.CONTACT)["pages"]
        for i, entry in enumerate(entries):
            entry["file"] = f"page-{chr(97 + i)}.json"
        documents = [
            Document(entry["file"], data, "json")
            for entry, (_, data, _, _) in zip(entries, pages, strict=True)
        ]
        documents.append(
            Document("manifest.json", json.dumps({"pages": entries}).encode(), "json")
        )
    whole = read_hubspot_export(documents)
    assert whole.missing == ()
    assert [c.id for c in of_type(whole, HubSpotContact)] == [c.id for c in CONTACTS]
    left_out = which % len(pages)
    partial = read_hubspot_export([d for i, d in enumerate(documents) if i != left_out])
    assert partial.missing != ()


def _without_blanks(record: Any) -> Any:
    props = {k: v for k, v in record.properties.items() if v is not None}
    return attrs.evolve(record, properties=props, history=EMPTY_HISTORY)


@given(_export(), st.sampled_from([",", ";", "\t"]))
def test_a_ui_export_reads_back_what_it_carries(
    export: tuple[HubSpotRecords, Columns], delimiter: str
) -> None:
    """The UI's CSV carries no history, and a property with no value is a
    blank cell like a property the record lacks: compared without them."""
    portal, columns = export
    documents = [Document("owners.json", w.owners_page(portal.owners), "json")]
    documents += _declarations(columns)
    for object_type, field in _FIELDS.items():
        labels = {
            n: label for n, (label, _, _) in _described(columns[object_type]).items()
        }
        documents.append(
            Document(
                f"{field}.csv",
                w.ui_csv(
                    getattr(portal, field),
                    object_type,
                    owners=portal.owners,
                    labels=labels,
                    delimiter=delimiter,
                ),
                "csv",
            )
        )
    result = read_hubspot_export(documents)
    assert result.missing == ()
    assert result.rejected == ()
    for cls, field in (
        (HubSpotContact, "contacts"),
        (HubSpotCompany, "companies"),
        (HubSpotDeal, "deals"),
    ):
        got = [_without_blanks(r) for r in of_type(result, cls)]
        assert got == [_without_blanks(r) for r in getattr(portal, field)]


if __name__ == "__main__":
    write_fixtures()
