"""The documents' tables of what to export, checked against the codec's
field tables: docs/codec.md ("What to export") and
docs/getting-your-data-out.md list exactly the fields the codec reads."""

from __future__ import annotations

import re
from collections.abc import Iterable

from crmsync_rules.codec._payload import (
    CONTACT_ROLE_FIELDS,
    HUBSPOT_OWNER_FIELDS,
    HUBSPOT_PROPERTIES,
    SALESFORCE_FIELDS,
)
from crmsync_rules.model import HubSpotObject

__all__ = ["SALESFORCE_TIMES", "check_queries", "codec_names"]

# The Salesforce fields of every record's times (`created_at`,
# `updated_at`, `system_modstamp` in the model).
SALESFORCE_TIMES = frozenset({"CreatedDate", "LastModifiedDate", "SystemModstamp"})


def codec_names() -> set[str]:
    """Every API name the codec's tables read, both systems."""
    names = {"id", "associatedcompanyid"}
    for table in HUBSPOT_PROPERTIES.values():
        names.update(api for api, _, _ in table)
    names.update(api for api, _, _ in HUBSPOT_OWNER_FIELDS)
    for _, fields in SALESFORCE_FIELDS.values():
        names.update(api for api, _, _ in fields)
    names.update(api for api, _, _ in CONTACT_ROLE_FIELDS)
    return names


def check_queries(section: str, *, times: Iterable[str] = ()) -> None:
    """*section*'s SOQL queries select the codec's fields (and *times*), and
    its HubSpot requests name the codec's properties."""
    extra = set(times)
    queries = dict(re.findall(r"^\| (\w+) \| `(SELECT .*?)` \|$", section, re.M))
    sobjects = {"Queue": "Group", **{k: k for k in SALESFORCE_FIELDS}}
    for label, query in queries.items():
        sobject = sobjects[label]
        main = re.sub(r"\(SELECT .*?\)", "", query)
        selected = re.match(r"SELECT (.*?),?\s+FROM (\w+)", main)
        assert selected is not None, query
        assert selected.group(2) == sobject
        fields = {f.strip() for f in selected.group(1).split(",") if f.strip()}
        _, table = SALESFORCE_FIELDS[sobject]
        expected = {"Id", *(api for api, _, _ in table)} | extra
        assert fields == expected | ({"Type"} if sobject == "Group" else set()), label
        if sobject == "Opportunity":
            roles = re.search(r"\(SELECT (.*?) FROM OpportunityContactRoles\)", query)
            assert roles is not None
            assert {f.strip() for f in roles.group(1).split(",")} == {
                api for api, _, _ in CONTACT_ROLE_FIELDS
            }
    assert sorted(queries) == sorted(
        ["Queue", *(k for k in SALESFORCE_FIELDS if k != "Group")]
    )
    rows = dict(re.findall(r"^\| (\w+) \| `GET .*?` \| (.*?) \|$", section, re.M))
    for object_type in HubSpotObject:
        listed = set(re.findall(r"[\w]+", rows[f"{object_type.value}"]))
        expected = {api for api, _, _ in HUBSPOT_PROPERTIES[object_type]}
        if object_type is HubSpotObject.CONTACT:
            expected.add("associatedcompanyid")
        assert listed == expected, object_type
    owners = set(re.findall(r"\w+", rows["owners"])) - {"all"}
    assert owners == {"id", *(api for api, _, _ in HUBSPOT_OWNER_FIELDS)}
