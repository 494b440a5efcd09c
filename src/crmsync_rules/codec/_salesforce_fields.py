"""Salesforce fields' types, and their values typed by them.

The REST API sends JSON types (booleans, numbers) but writes dates,
date-times and multi-select picklists as strings
(``"2024-05-01T09:30:00.000+0000"``, ``"2024-05-01"``, ``"A;B"``); CSV
exports (Bulk API 2.0, Data Loader) write every value as text. A value
is typed by its field's type: the describe response's when the export has
one (``/services/data/vXX.X/sobjects/{Object}/describe``: ``fields: [{name,
type, label}]``,
https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm),
else `STANDARD_FIELD_TYPES`, the types of the standard fields of the
objects the sync reads (from the Object Reference,
https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/),
else text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Final

from crmsync_rules.model._properties import PropertyValue

from ._payload import CONTACT_ROLE_FIELDS, SALESFORCE_FIELDS
from ._times import parse_date, parse_datetime

__all__ = [
    "ID_PREFIXES",
    "STANDARD_FIELD_TYPES",
    "TIME_FIELDS",
    "FieldTypes",
    "canonical_name",
    "csv_boolean",
    "typed_text",
    "typed_value",
]

ID_PREFIXES: Final = {
    "00Q": "Lead",
    "003": "Contact",
    "001": "Account",
    "006": "Opportunity",
    "005": "User",
    "00G": "Group",
    "00K": "OpportunityContactRole",
}
"""The object each id's first three characters name (its key prefix)."""

TIME_FIELDS: Final = {
    "CreatedDate": "created_at",
    "LastModifiedDate": "updated_at",
    "SystemModstamp": "system_modstamp",
}
"""The record times every object has, and the attribute each goes to."""

_BOOLEAN: Final = "boolean"
_DATE: Final = "date"
_DATETIME: Final = "datetime"
_MULTI: Final = "multipicklist"
_NUMBER_TYPES: Final = frozenset({"double", "currency", "percent", "int", "long"})

STANDARD_FIELD_TYPES: Final[Mapping[str, str]] = {
    # Every object
    "IsDeleted": _BOOLEAN,
    "CreatedDate": _DATETIME,
    "LastModifiedDate": _DATETIME,
    "SystemModstamp": _DATETIME,
    "LastActivityDate": _DATE,
    "LastViewedDate": _DATETIME,
    "LastReferencedDate": _DATETIME,
    # Lead, Contact, Account (person accounts)
    "HasOptedOutOfEmail": _BOOLEAN,
    "HasOptedOutOfFax": _BOOLEAN,
    "DoNotCall": _BOOLEAN,
    "EmailBouncedDate": _DATETIME,
    "IsEmailBounced": _BOOLEAN,
    "IsConverted": _BOOLEAN,
    "ConvertedDate": _DATE,
    "IsUnreadByOwner": _BOOLEAN,
    "Latitude": "double",
    "Longitude": "double",
    "AnnualRevenue": "currency",
    "NumberOfEmployees": "int",
    "Birthdate": _DATE,
    "LastCURequestDate": _DATETIME,
    "LastCUUpdateDate": _DATETIME,
    "IsPersonAccount": _BOOLEAN,
    "PersonHasOptedOutOfEmail": _BOOLEAN,
    "PersonDoNotCall": _BOOLEAN,
    "PersonBirthdate": _DATE,
    "PersonLastCURequestDate": _DATETIME,
    "PersonLastCUUpdateDate": _DATETIME,
    "BillingLatitude": "double",
    "BillingLongitude": "double",
    "ShippingLatitude": "double",
    "ShippingLongitude": "double",
    "MailingLatitude": "double",
    "MailingLongitude": "double",
    "OtherLatitude": "double",
    "OtherLongitude": "double",
    # Opportunity
    "Amount": "currency",
    "ExpectedRevenue": "currency",
    "Probability": "percent",
    "CloseDate": _DATE,
    "IsClosed": _BOOLEAN,
    "IsWon": _BOOLEAN,
    "IsPrivate": _BOOLEAN,
    "HasOpportunityLineItem": _BOOLEAN,
    "HasOpenActivity": _BOOLEAN,
    "HasOverdueTask": _BOOLEAN,
    "TotalOpportunityQuantity": "double",
    "FiscalYear": "int",
    "FiscalQuarter": "int",
    "LastStageChangeDate": _DATETIME,
    # OpportunityContactRole
    "IsPrimary": _BOOLEAN,
    # User, Group
    "IsActive": _BOOLEAN,
    "LastLoginDate": _DATETIME,
    "LastPasswordChangeDate": _DATETIME,
    "DoesSendEmailToMembers": _BOOLEAN,
    "DoesIncludeBosses": _BOOLEAN,
}
"""The standard fields whose values are not text, by API name, with their
describe ``type``; a field not listed (``Email``, ``Phone``, ``Status``,
ids and references...) is text. A parent's field (``Owner.IsActive``) has
the type of its last name."""

FieldTypes = Mapping[str, str]
"""Field types by API name, as a describe response gives them."""

_NUMBER: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER: Final = re.compile(r"[+-]?\d{1,30}")
_CSV_TRUE: Final = frozenset({"true", "yes", "1"})
_CSV_FALSE: Final = frozenset({"false", "no", "0"})

# Names in any case to their API spelling, for Data Loader's capitals.
_KNOWN_NAMES: Final = {
    name.casefold(): name
    for name in (
        *STANDARD_FIELD_TYPES,
        *(api for _, table in SALESFORCE_FIELDS.values() for api, _, _ in table),
        *(api for api, _, _ in CONTACT_ROLE_FIELDS),
        "Id",
        "Name",
        "FirstName",
        "LastName",
        "Email",
        "Company",
        "OwnerId",
        "ConvertedAccountId",
        "ConvertedContactId",
        "ConvertedOpportunityId",
        "AccountId",
        "RecordTypeId",
        "PersonEmail",
        "PersonContactId",
        "StageName",
        "UserType",
        "Username",
        "Type",
        "ContactId",
        "OpportunityId",
        "Role",
        "Title",
        "Phone",
        "MobilePhone",
        "Status",
        "LeadSource",
        "Industry",
        "Website",
        "Description",
        "CreatedById",
        "LastModifiedById",
        "MasterRecordId",
        "ReportsToId",
        "ParentId",
        "DeveloperName",
        # Relationship names
        "Owner",
        "Account",
        "CreatedBy",
        "LastModifiedBy",
        "ConvertedAccount",
        "ConvertedContact",
        "RecordType",
        "ReportsTo",
        "Parent",
        "Contact",
        "Opportunity",
        "PersonContact",
    )
}


def canonical_name(name: str, types: FieldTypes) -> str:
    """The API spelling of the header *name* in any case: each dotted part
    as the describe response or the standard fields spell it, else as
    written (Data Loader writes ``"OWNER.EMAIL"`` for ``Owner.Email``).

    >>> canonical_name("HASOPTEDOUTOFEMAIL", {}), canonical_name("owner.email", {})
    ('HasOptedOutOfEmail', 'Owner.Email')
    >>> canonical_name("SCORE__C", {"Score__c": "double"})
    'Score__c'
    """
    parts = name.split(".")
    known = {key.casefold(): key for key in types} if types else {}
    return ".".join(
        known.get(part.casefold()) or _KNOWN_NAMES.get(part.casefold(), part)
        for part in parts
    )


def field_type(name: str, types: FieldTypes) -> str | None:
    """The type of the field *name* (dotted: its last part's)."""
    found = types.get(name)
    if found is not None:
        return found
    return STANDARD_FIELD_TYPES.get(name.rpartition(".")[2])


def record_time(text: str) -> dt.datetime:
    """A record time: Salesforce's own ``2024-05-01T09:30:00.000+0000``
    (REST) and ``...000Z`` (CSV) read by the C parser (three per record, a
    million records), in the one spelling every supported Python's
    `datetime.fromisoformat` reads; anything else by `parse_datetime`."""
    if (len(text) == 28 and text.endswith("+0000")) or (
        len(text) == 24 and text[23] == "Z"
    ):
        digits = text[0:4] + text[5:7] + text[8:10] + text[11:13] + text[14:16]
        digits += text[17:19] + text[20:23]
        if (
            digits.isascii()
            and digits.isdigit()
            and text[4] + text[7] + text[10] + text[13] + text[16] + text[19]
            == "--T::."
        ):
            try:
                return dt.datetime.fromisoformat(text[:23] + "+00:00")
            except ValueError:  # a day or an hour out of range
                pass
    return parse_datetime(text)


def csv_boolean(text: str) -> bool | None:
    """*text* as a boolean as Data Loader and Bulk API write them (any case):
    ``true``/``false``, ``yes``/``no``, ``1``/``0``; ``None`` otherwise."""
    folded = text.strip().casefold()
    if folded in _CSV_TRUE:
        return True
    if folded in _CSV_FALSE:
        return False
    return None


def _number(text: str) -> int | float:
    text = text.strip()
    if _NUMBER.fullmatch(text) is None:
        raise ValueError(f"expected a number, got {text!r}")
    if _INTEGER.fullmatch(text):
        return int(text)
    value = float(text)
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def typed_text(text: str, kind: str | None) -> PropertyValue:
    """The text *text* of a field of type *kind*, typed: a date-time, a
    date, a boolean, a number (``int`` when whole), the choices of a
    multi-select picklist, or text. Raises `ValueError` when *text* is no
    value of its type.

    >>> typed_text("2024-05-01T09:30:00.000+0000", "datetime").hour
    9
    >>> typed_text("1500000.0", "currency"), typed_text("A;B", "multipicklist")
    (1500000, ('A', 'B'))
    """
    if kind == _DATETIME:
        return record_time(text)
    if kind == _DATE:
        # Bulk API may write a date with a "Z" ("1940-06-07Z").
        return parse_date(text.removesuffix("Z"))
    if kind == _BOOLEAN:
        flag = csv_boolean(text)
        if flag is None:
            raise ValueError(f"expected true or false, got {text!r}")
        return flag
    if kind in _NUMBER_TYPES:
        return _number(text)
    if kind == _MULTI:
        return tuple(text.split(";"))
    return text


def typed_value(raw: object, kind: str | None) -> PropertyValue:
    """The REST API's JSON value *raw* of a field of type *kind*: booleans
    and numbers as JSON types them (a whole number as ``int``), strings by
    `typed_text`, a list of strings as a tuple, anything else of a field of
    no known type as its JSON text. Raises `ValueError` for a value its
    type cannot hold."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() and abs(raw) < 2**53 else raw
    if isinstance(raw, str):
        return typed_text(raw, kind)
    if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return tuple(raw)
    if kind is None:  # a field the library does not know: kept, as text
        return json.dumps(raw, ensure_ascii=False, sort_keys=True)
    raise ValueError(f"expected a {kind} value, got {type(raw).__name__}")
