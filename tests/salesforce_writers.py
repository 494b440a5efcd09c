"""Writers of Salesforce exports in the shapes Salesforce writes them, for
the tests: REST query pages chained by ``nextRecordsUrl``, Bulk API 2.0
query results and Data Loader CSV, describe responses, a Bulk results
manifest.

Shapes:
- REST query pages:
  https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm
  (``{"totalSize", "done", "nextRecordsUrl", "records": [{"attributes":
  {"type", "url"}, ...}]}``; parents nested with their own ``attributes``;
  child subqueries as ``{"totalSize", "done", "records"}`` or ``null``);
- Bulk API 2.0 query results:
  https://developer.salesforce.com/docs/platform/api-asynch/guide/query-get-job-results.md
  and https://developer.salesforce.com/docs/platform/api-asynch/guide/query-create-job.md
  (CSV, SOQL field names as headers, ``columnDelimiter`` COMMA, TAB,
  SEMICOLON, PIPE, CARET or BACKQUOTE, ``lineEnding`` LF or CRLF);
- describe: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from crmsync_rules.codec._exports import Document
from crmsync_rules.codec._payload import CONTACT_ROLE_FIELDS, SALESFORCE_FIELDS
from crmsync_rules.model import (
    OpportunityContactRole,
    SalesforceOpportunity,
)
from crmsync_rules.model._properties import PropertyValue

VERSION = "v60.0"
TIMES = (
    ("CreatedDate", "created_at"),
    ("LastModifiedDate", "updated_at"),
    ("SystemModstamp", "system_modstamp"),
)
_CLASS_OBJECT = {cls: sobject for sobject, (cls, _) in SALESFORCE_FIELDS.items()}


def sobject_of(record: object) -> str:
    """The API name of *record*'s object (``"Lead"``...)."""
    return _CLASS_OBJECT[type(record)]


def salesforce_time(value: dt.datetime) -> str:
    """A date-time as the REST API writes it: UTC, milliseconds, ``+0000``."""
    utc = value.astimezone(dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}+0000"


def csv_time(value: dt.datetime) -> str:
    """A date-time as Bulk API and Data Loader CSV write it: UTC, ``Z``."""
    return salesforce_time(value).removesuffix("+0000") + "Z"


def _json_value(value: PropertyValue | None) -> object:
    if isinstance(value, dt.datetime):
        return salesforce_time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ";".join(value)
    return value


def _attributes(sobject: str, record_id: str) -> dict[str, str]:
    return {
        "type": sobject,
        "url": f"/services/data/{VERSION}/sobjects/{sobject}/{record_id}",
    }


def _named(record: Any) -> list[tuple[str, Any]]:
    """The named fields of *record*, by API name, as the API types them."""
    _, table = SALESFORCE_FIELDS[sobject_of(record)]
    fields: list[tuple[str, Any]] = [("Id", record.id)]
    for api, attribute, _ in table:
        value = getattr(record, attribute)
        fields.append((api, getattr(value, "value", value)))
    for api, attribute in TIMES:
        value = getattr(record, attribute)
        fields.append((api, None if value is None else salesforce_time(value)))
    return fields


def _role_json(role: OpportunityContactRole, index: int) -> dict[str, object]:
    role_id = f"00K{index:012d}"
    return {
        "attributes": _attributes("OpportunityContactRole", role_id),
        "ContactId": role.contact_id,
        "Role": role.role,
        "IsPrimary": role.is_primary,
    }


_PARENTS = {"Owner": "User", "CreatedBy": "User", "LastModifiedBy": "User"}


def rest_record(record: Any) -> dict[str, object]:
    """*record* as the REST API returns it in a query page."""
    sobject = sobject_of(record)
    out: dict[str, Any] = {"attributes": _attributes(sobject, record.id)}
    out.update(_named(record))
    for name, value in record.properties.items():
        *parents, field = name.split(".")
        target = out
        for parent in parents:
            sobject_of_parent = _PARENTS.get(parent, parent)
            target = target.setdefault(
                parent,
                {
                    "attributes": {
                        "type": sobject_of_parent,
                        "url": f"/services/data/{VERSION}/sobjects/{sobject_of_parent}",
                    }
                },
            )
        target[field] = _json_value(value)
    if isinstance(record, SalesforceOpportunity):
        roles = record.contact_roles
        out["OpportunityContactRoles"] = (
            {
                "totalSize": len(roles),
                "done": True,
                "records": [_role_json(role, i) for i, role in enumerate(roles)],
            }
            if roles
            else None
        )
    return out


def rest_pages(
    records: Sequence[Any], sizes: Iterable[int], *, query: str = "01gD0000002HU6KIAW"
) -> list[dict[str, object]]:
    """*records* (of one object) as the pages of one query, of *sizes*
    records each (the last takes the rest), chained by ``nextRecordsUrl``."""
    pages: list[dict[str, object]] = []
    start = 0
    sizes = iter(sizes)
    while True:
        size = next(sizes, len(records) - start)
        end = min(len(records), start + max(size, 1))
        page: dict[str, object] = {
            "totalSize": len(records),
            "done": end >= len(records),
        }
        if end < len(records):
            page["nextRecordsUrl"] = f"/services/data/{VERSION}/query/{query}-{end}"
        page["records"] = [rest_record(record) for record in records[start:end]]
        pages.append(page)
        start = end
        if start >= len(records):
            return pages


def _text(value: object, booleans: tuple[str, str]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return booleans[0] if value else booleans[1]
    if isinstance(value, dt.datetime):
        return csv_time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, str) and value[:4].isdigit() and value.endswith("+0000"):
        return value.removesuffix("+0000") + "Z"  # a record time, as CSV writes it
    if isinstance(value, float):
        return repr(value)
    return str(getattr(value, "value", value))


DELIMITERS = {
    "COMMA": ",",
    "TAB": "\t",
    "SEMICOLON": ";",
    "PIPE": "|",
    "CARET": "^",
    "BACKQUOTE": "`",
}


@dataclasses.dataclass(frozen=True)
class CsvStyle:
    """How a CSV file is written: a Bulk API 2.0 ``columnDelimiter`` name,
    ``lineEnding`` (``"LF"``, ``"CRLF"``), the header's case (``"as is"``,
    ``"upper"`` as older Data Loaders write it, ``"lower"``) and the words
    for true and false."""

    delimiter: str = "COMMA"
    line_ending: str = "LF"
    header_case: str = "as is"
    booleans: tuple[str, str] = ("true", "false")


def _write_csv(
    header: list[str],
    table: Iterable[list[str]],
    *,
    style: CsvStyle,
    quote_all: bool,
) -> str:
    out = io.StringIO(newline="")
    rows = list(table)
    delimiter, line_ending = style.delimiter, style.line_ending
    if any("\r" in value for row in rows for value in row):
        quote_all = True  # the csv module leaves a lone "\r" unquoted
    writer = csv.writer(
        out,
        delimiter=DELIMITERS[delimiter],
        lineterminator="\r\n" if line_ending == "CRLF" else "\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _case(name: str, header_case: str) -> str:
    return {"upper": name.upper(), "lower": name.lower()}.get(header_case, name)


def csv_file(
    records: Sequence[Any], style: CsvStyle = CsvStyle(), *, quote_all: bool = True
) -> str:
    """*records* (of one object, with the same property names) as one CSV
    file: Bulk API 2.0 by default (every value quoted), Data Loader with
    ``CsvStyle(header_case="upper")``."""
    booleans = style.booleans
    names: list[str] = []
    for record in records:
        for name in record.properties:
            if name not in names:
                names.append(name)
    fields = [api for api, _ in _named(records[0])] if records else ["Id"]
    header = [*fields, *names]
    rows = [
        [
            *(_text(value, booleans) for _, value in _named(record)),
            *(_text(record.properties.get(name), booleans) for name in names),
        ]
        for record in records
    ]
    return _write_csv(
        [_case(name, style.header_case) for name in header],
        rows,
        style=style,
        quote_all=quote_all,
    )


def contact_roles_csv(
    opportunities: Sequence[SalesforceOpportunity], style: CsvStyle = CsvStyle()
) -> str:
    """The contact roles of *opportunities* as an OpportunityContactRole
    query result (Bulk API 2.0 has no child subqueries)."""
    header = ["Id", "OpportunityId", *(api for api, _, _ in CONTACT_ROLE_FIELDS)]
    booleans = style.booleans
    rows: list[list[str]] = []
    for opportunity in opportunities:
        for role in opportunity.contact_roles:
            rows.append(
                [
                    f"00K{len(rows):012d}",
                    opportunity.id,
                    role.contact_id,
                    _text(role.role, booleans),
                    _text(role.is_primary, booleans),
                ]
            )
    return _write_csv(
        [_case(name, style.header_case) for name in header],
        rows,
        style=style,
        quote_all=True,
    )


def describe(sobject: str, types: Mapping[str, str]) -> dict[str, object]:
    """A describe response of *sobject* (its ``fields``, cut to what the
    reader reads: name, type, label)."""
    return {
        "name": sobject,
        "fields": [
            {"name": name, "type": kind, "label": name.replace("__c", "")}
            for name, kind in types.items()
        ],
    }


def json_document(source: str, payload: object) -> Document:
    return Document(source, json.dumps(payload, indent=1).encode(), "json")


def csv_document(source: str, text: str) -> Document:
    return Document(source, text.encode(), "csv")


# --- The fixture set: tests/data/exports/salesforce/ ---------------------------

LEAD_TYPES = {"Score__c": "double", "Interests__c": "multipicklist"}


def _when(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2024, 5, day, hour, 30, 0, 123000, tzinfo=dt.timezone.utc)


def sample_records() -> dict[str, list[Any]]:
    """Leads, contacts, accounts and opportunities (with contact roles) of
    one small org, every record with its times and other fields."""
    from crmsync_rules.model import (
        SalesforceAccount,
        SalesforceContact,
        SalesforceLead,
    )

    owner = "0055g00000OwNr1AAF"
    leads = [
        SalesforceLead(
            id=lead_id,
            email=f"lead{n}@example.com",
            first_name=f"Lee{n}",
            last_name="Dee",
            company="Acme" if n % 2 else "Globex",
            owner_id=owner,
            has_opted_out_of_email=n == 3,
            created_at=_when(1),
            updated_at=_when(n + 1),
            system_modstamp=_when(n + 1, 10),
            properties={
                "Status": "Open - Not Contacted",
                "LeadSource": None if n == 2 else "Web",
                "AnnualRevenue": 1500000 if n % 2 else 2500000.5,
                "NumberOfEmployees": 10 * n,
                "LastActivityDate": dt.date(2024, 4, n),
                "Owner.Email": "owner@example.com",
                "Score__c": 0.5 * n,
                "Interests__c": ("Pricing", "Demo") if n % 2 else None,
            },
        )
        for n, lead_id in enumerate(
            (
                "00Q5g00000AbCd1EAF",
                "00Q5g00000AbCd2EAF",
                "00Q5g00000AbCd3EAF",
                "00Q5g00000AbCd4EAF",
                "00Q5g00000AbCd5EAF",
            ),
            start=1,
        )
    ]
    accounts = [
        SalesforceAccount(
            id=account_id,
            name=name,
            owner_id=owner,
            created_at=_when(2),
            updated_at=_when(3),
            system_modstamp=_when(3),
            properties={
                "Industry": "Manufacturing",
                "Website": f"https://{name.lower()}.example",
                "NumberOfEmployees": 250,
            },
        )
        for account_id, name in (
            ("0015g00000KlMn1AAF", "Acme"),
            ("0015g00000KlMn2AAF", "Globex"),
        )
    ]
    contacts = [
        SalesforceContact(
            id=contact_id,
            email=f"contact{n}@example.com",
            first_name="Cory",
            last_name=f'Contact, "{n}"',
            account_id=account.id,
            owner_id=owner,
            created_at=_when(2),
            updated_at=_when(4),
            system_modstamp=_when(4),
            properties={
                "Phone": "+1 555 0100",
                "Birthdate": dt.date(1980, 1, n),
                "Account.Name": account.name,
                "Description": "Met at the fair;\nwants a demo",
            },
        )
        for n, (contact_id, account) in enumerate(
            (("0035g00000XyZa1AAF", accounts[0]), ("0035g00000XyZa2AAF", accounts[1])),
            start=1,
        )
    ]
    opportunities = [
        SalesforceOpportunity(
            id="0065g00000PqRs1AAF",
            name="Acme - 100 widgets",
            account_id=accounts[0].id,
            stage_name="Closed Won",
            is_closed=True,
            is_won=True,
            owner_id=owner,
            contact_roles=(
                OpportunityContactRole(
                    contact_id=contacts[0].id, role="Decision Maker", is_primary=True
                ),
                OpportunityContactRole(contact_id=contacts[1].id, role=None),
            ),
            created_at=_when(5),
            updated_at=_when(6),
            system_modstamp=_when(6),
            properties={
                "Amount": 12000.5,
                "CloseDate": dt.date(2024, 6, 30),
                "Probability": 100,
            },
        ),
        SalesforceOpportunity(
            id="0065g00000PqRs2AAF",
            name="Globex - pilot",
            account_id=accounts[1].id,
            stage_name="Prospecting",
            owner_id=owner,
            created_at=_when(5),
            updated_at=_when(7),
            system_modstamp=_when(7),
            properties={
                "Amount": None,
                "CloseDate": dt.date(2024, 9, 1),
                "Probability": 10,
            },
        ),
    ]
    return {
        "Lead": leads,
        "Contact": contacts,
        "Account": accounts,
        "Opportunity": opportunities,
    }


def fixture_files() -> dict[str, str]:
    """The files of tests/data/exports/salesforce/, by path under it: the
    sample as REST pages (the leads on three pages), as Bulk API 2.0 results
    (each file with another delimiter, the leads in two result sets listed in
    a manifest) and as a Data Loader export (capital headers, CRLF)."""
    records = sample_records()
    describe_lead = json.dumps(describe("Lead", LEAD_TYPES), indent=1) + "\n"
    files: dict[str, str] = {}
    for name, sobject, sizes, query in (
        ("leads", "Lead", (2, 2), "01gD0000002HU6KIAW"),
        ("contacts", "Contact", (), "01gD0000002HU6LIAW"),
        ("accounts", "Account", (), "01gD0000002HU6MIAW"),
        ("opportunities", "Opportunity", (), "01gD0000002HU6NIAW"),
    ):
        pages = rest_pages(records[sobject], sizes, query=query)
        for number, page in enumerate(pages, start=1):
            suffix = f"-{number}" if len(pages) > 1 else ""
            files[f"rest/{name}{suffix}.json"] = json.dumps(page, indent=1) + "\n"
    files["rest/describe-Lead.json"] = describe_lead
    leads = records["Lead"]
    files["bulk/leads-1.csv"] = csv_file(leads[:3], CsvStyle(delimiter="CARET"))
    files["bulk/leads-2.csv"] = csv_file(leads[3:], CsvStyle(delimiter="CARET"))
    files["bulk/contacts.csv"] = csv_file(records["Contact"], CsvStyle(delimiter="TAB"))
    files["bulk/accounts.csv"] = csv_file(
        records["Account"], CsvStyle(delimiter="SEMICOLON", line_ending="CRLF")
    )
    files["bulk/opportunities.csv"] = csv_file(
        records["Opportunity"], CsvStyle(delimiter="PIPE")
    )
    files["bulk/opportunity-contact-roles.csv"] = contact_roles_csv(
        records["Opportunity"], CsvStyle(delimiter="BACKQUOTE")
    )
    files["bulk/describe-Lead.json"] = describe_lead
    manifest = {
        "salesforceBulkQueries": [
            {
                "jobId": "7505g00000Jb1AAAAZ",
                "object": "Lead",
                "numberRecordsProcessed": len(leads),
                "results": [
                    {
                        "file": "leads-1.csv",
                        "locator": None,
                        "numberOfRecords": 3,
                        "nextLocator": "Mw",
                    },
                    {
                        "file": "leads-2.csv",
                        "locator": "Mw",
                        "numberOfRecords": len(leads) - 3,
                        "nextLocator": None,
                    },
                ],
            }
        ]
    }
    files["bulk/manifest.json"] = json.dumps(manifest, indent=1) + "\n"
    loader = CsvStyle(header_case="upper", line_ending="CRLF")
    files["dataloader/extract-lead.csv"] = csv_file(
        leads, dataclasses.replace(loader, booleans=("1", "0"))
    )
    files["dataloader/extract-contact.csv"] = csv_file(
        records["Contact"], dataclasses.replace(loader, booleans=("yes", "no"))
    )
    files["dataloader/extract-account.csv"] = csv_file(records["Account"], loader)
    files["dataloader/extract-opportunity.csv"] = csv_file(
        records["Opportunity"], loader
    )
    files["dataloader/extract-opportunitycontactrole.csv"] = contact_roles_csv(
        records["Opportunity"], loader
    )
    files["dataloader/describe-Lead.json"] = describe_lead
    return files


if __name__ == "__main__":  # python tests/salesforce_writers.py: rewrite them
    import pathlib

    root = pathlib.Path(__file__).parent / "data" / "exports" / "salesforce"
    for path, text in fixture_files().items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode())
