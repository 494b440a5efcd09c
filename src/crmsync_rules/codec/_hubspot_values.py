"""HubSpot property values as the exports write them, typed.

HubSpot sends every property value as a string: ``"true"``, ``"40"``,
``"2024-05-01"``, ``"1714555800000"``, ``"a;b"``. What a value means depends
on its property's type, which the export itself rarely says. The readers
type it by, in order:

1. the export's own properties-API response (``GET
   /crm/v3/properties/{objectType}``: ``results: [{name, label, type,
   fieldType}]``), when the export holds one;
2. `DEFAULT_PROPERTY_TYPES`, a table of HubSpot's common default
   properties (documented in docs/exports.md);
3. text: a property of a type the library does not know is kept as text,
   never dropped.

The UI's CSV exports name properties by their labels ("First Name",
"Contact owner"): `UI_LABELS` maps them to internal names, object by
object, and a properties-API response extends it with custom properties'
labels.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Final, Literal, TypeAlias

from crmsync_rules.model._hubspot import HubSpotObject, LifecycleStage
from crmsync_rules.model._properties import PropertyValue

from ._json import MAX_STRING_LENGTH, short
from ._times import parse_date, parse_datetime, parse_epoch_ms

__all__ = [
    "DEFAULT_PROPERTY_TYPES",
    "LIFECYCLE_LABELS",
    "UI_LABELS",
    "ValueKind",
    "api_time",
    "kind_of_property",
    "read_property_value",
]

ValueKind: TypeAlias = Literal["text", "bool", "number", "date", "datetime", "multi"]
"""How a property's value is read: ``text`` (`str`), ``bool`` ("true" or
"false"), ``number`` (`int` when whole, else `float`), ``date``
(``YYYY-MM-DD`` or epoch milliseconds), ``datetime`` (ISO 8601 with a zone,
or epoch milliseconds), ``multi`` (an enumeration shown as checkboxes:
``;``-joined choices, a tuple)."""

_CONTACT, _COMPANY, _DEAL = (
    HubSpotObject.CONTACT,
    HubSpotObject.COMPANY,
    HubSpotObject.DEAL,
)

# HubSpot's default properties whose values are not text, object by object
# (https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
# and the company and deal pages; types as GET /crm/v3/properties/{object}
# reports them). Every other property without a properties-API response
# is text.
_COMMON: Final[dict[str, ValueKind]] = {
    "createdate": "datetime",
    "hs_lastmodifieddate": "datetime",
    "hs_object_id": "number",
    "hubspot_owner_assigneddate": "datetime",
    "notes_last_updated": "datetime",
    "notes_last_contacted": "datetime",
    "notes_next_activity_date": "datetime",
    "num_notes": "number",
    "num_contacted_notes": "number",
    "hs_analytics_first_timestamp": "datetime",
    "hs_analytics_last_timestamp": "datetime",
    "hs_analytics_num_page_views": "number",
    "hs_analytics_num_visits": "number",
    "salesforcelastsynctime": "datetime",
    "closedate": "datetime",
    "num_associated_deals": "number",
}
DEFAULT_PROPERTY_TYPES: Final[Mapping[HubSpotObject, Mapping[str, ValueKind]]] = {
    _CONTACT: {
        **_COMMON,
        "lastmodifieddate": "datetime",
        "hs_email_optout": "bool",
        "associatedcompanyid": "number",
        "first_conversion_date": "datetime",
        "recent_conversion_date": "datetime",
        "num_conversion_events": "number",
        "num_unique_conversion_events": "number",
        "hs_lifecyclestage_lead_date": "datetime",
        "hs_lifecyclestage_customer_date": "datetime",
        "hs_lifecyclestage_marketingqualifiedlead_date": "datetime",
        "hs_lifecyclestage_salesqualifiedlead_date": "datetime",
        "hs_lifecyclestage_opportunity_date": "datetime",
        "hs_email_last_send_date": "datetime",
        "hs_email_last_open_date": "datetime",
        "hs_email_bounce": "number",
        "hs_buying_role": "multi",
        "date_of_birth": "date",
        "hs_is_unworked": "bool",
    },
    _COMPANY: {
        **_COMMON,
        "numberofemployees": "number",
        "annualrevenue": "number",
        "is_public": "bool",
        "num_associated_contacts": "number",
        "hs_num_child_companies": "number",
        "hs_num_open_deals": "number",
        "total_revenue": "number",
        "first_contact_createdate": "datetime",
        "first_deal_created_date": "datetime",
        "recent_deal_close_date": "datetime",
        "recent_deal_amount": "number",
        "hs_lastmodifieddate": "datetime",
    },
    _DEAL: {
        **_COMMON,
        "amount": "number",
        "amount_in_home_currency": "number",
        "hs_acv": "number",
        "hs_arr": "number",
        "hs_mrr": "number",
        "hs_tcv": "number",
        "hs_closed_amount": "number",
        "hs_forecast_amount": "number",
        "hs_forecast_probability": "number",
        "hs_deal_stage_probability": "number",
        "hs_is_closed": "bool",
        "hs_is_closed_won": "bool",
        "days_to_close": "number",
        "num_associated_contacts": "number",
        "hs_date_entered_closedwon": "datetime",
        "hs_date_entered_closedlost": "datetime",
        "hs_lastmodifieddate": "datetime",
    },
}

# The UI's CSV export headers of HubSpot's default properties (their
# labels), object by object, to internal names. "Record ID" is the record's
# id; the "... owner" column holds the owner (by name, email or id, see
# `_hubspot_csv`); "Associated Company IDs" and the like are associations.
UI_LABELS: Final[Mapping[HubSpotObject, Mapping[str, str]]] = {
    _CONTACT: {
        "Record ID": "hs_object_id",
        "First Name": "firstname",
        "Last Name": "lastname",
        "Email": "email",
        "Phone Number": "phone",
        "Mobile Phone Number": "mobilephone",
        "Job Title": "jobtitle",
        "Company Name": "company",
        "Website URL": "website",
        "City": "city",
        "State/Region": "state",
        "Country/Region": "country",
        "Postal Code": "zip",
        "Street Address": "address",
        "Contact owner": "hubspot_owner_id",
        "Lifecycle Stage": "lifecyclestage",
        "Lead Status": "hs_lead_status",
        "Unsubscribed from all email": "hs_email_optout",
        "Create Date": "createdate",
        "Last Modified Date": "lastmodifieddate",
        "Object last modified date/time": "hs_lastmodifieddate",
        "Primary Associated Company ID": "associatedcompanyid",
        "Salesforce Lead ID": "salesforceleadid",
        "Salesforce Contact ID": "salesforcecontactid",
        "Last Salesforce Sync Time": "salesforcelastsynctime",
        "Buying Role": "hs_buying_role",
        "Date of birth": "date_of_birth",
        "Number of Associated Deals": "num_associated_deals",
        "Number of Sessions": "hs_analytics_num_visits",
        "First Conversion Date": "first_conversion_date",
        "Recent Conversion Date": "recent_conversion_date",
    },
    _COMPANY: {
        "Record ID": "hs_object_id",
        "Company name": "name",
        "Company Domain Name": "domain",
        "Website URL": "website",
        "Phone Number": "phone",
        "City": "city",
        "State/Region": "state",
        "Country/Region": "country",
        "Industry": "industry",
        "Type": "type",
        "Number of Employees": "numberofemployees",
        "Annual Revenue": "annualrevenue",
        "Company owner": "hubspot_owner_id",
        "Lifecycle Stage": "lifecyclestage",
        "Create Date": "createdate",
        "Last Modified Date": "hs_lastmodifieddate",
        "Is Public": "is_public",
        "Salesforce Account ID": "salesforceaccountid",
        "Last Salesforce Sync Time": "salesforcelastsynctime",
        "Number of Associated Contacts": "num_associated_contacts",
        "Number of Associated Deals": "num_associated_deals",
    },
    _DEAL: {
        "Record ID": "hs_object_id",
        "Deal Name": "dealname",
        "Pipeline": "pipeline",
        "Deal Stage": "dealstage",
        "Amount": "amount",
        "Close Date": "closedate",
        "Deal owner": "hubspot_owner_id",
        "Deal Type": "dealtype",
        "Priority": "hs_priority",
        "Create Date": "createdate",
        "Last Modified Date": "hs_lastmodifieddate",
        "Is Closed": "hs_is_closed",
        "Is Closed Won": "hs_is_closed_won",
        "Deal probability": "hs_deal_stage_probability",
        "Salesforce Opportunity ID": "salesforceopportunityid",
        "Last Salesforce Sync Time": "salesforcelastsynctime",
        "Number of Associated Contacts": "num_associated_contacts",
    },
}

# How the UI writes the default lifecycle stages (their labels).
LIFECYCLE_LABELS: Final[Mapping[str, str]] = {
    "subscriber": LifecycleStage.SUBSCRIBER.value,
    "lead": LifecycleStage.LEAD.value,
    "marketing qualified lead": LifecycleStage.MARKETING_QUALIFIED_LEAD.value,
    "sales qualified lead": LifecycleStage.SALES_QUALIFIED_LEAD.value,
    "opportunity": LifecycleStage.OPPORTUNITY.value,
    "customer": LifecycleStage.CUSTOMER.value,
    "evangelist": LifecycleStage.EVANGELIST.value,
    "other": LifecycleStage.OTHER.value,
}


def kind_of_property(type_: object, field_type: object) -> ValueKind:
    """The `ValueKind` of a property the properties API describes with
    *type_* and *field_type* (``enumeration`` + ``checkbox`` is a multiple
    choice, ``enumeration`` + ``booleancheckbox`` a boolean)."""
    if type_ == "bool" or field_type == "booleancheckbox":
        return "bool"
    if type_ == "number":
        return "number"
    if type_ == "date":
        return "date"
    if type_ == "datetime":
        return "datetime"
    if type_ == "enumeration" and field_type == "checkbox":
        return "multi"
    return "text"


_NUMBER: Final = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
_INTEGER: Final = re.compile(r"-?\d+")
_LOCAL_TIME: Final = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d{1,6})?)?")


# How the API writes every time ("2024-05-01T09:30:00.000Z"): read by the
# C parser, seven of them per record in a typical export.
_API_TIME: Final = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
_UTC: Final = dt.timezone.utc


def api_time(text: str) -> dt.datetime | None:
    """*text* read as the API writes times, or ``None`` when it is written
    otherwise (or names no real time)."""
    if _API_TIME.fullmatch(text):
        try:
            return dt.datetime.fromisoformat(text[:-1] + "+00:00")
        except ValueError:
            return None
    return None


def _moment(text: str, zone: dt.tzinfo) -> dt.datetime:
    moment = api_time(text)
    if moment is not None:
        return moment
    if _INTEGER.fullmatch(text):
        return parse_epoch_ms(text)
    if _LOCAL_TIME.fullmatch(text):
        # The UI writes times in the portal's time zone, without an offset.
        return dt.datetime.fromisoformat(text.replace(" ", "T")).replace(tzinfo=zone)
    return parse_datetime(text)


def read_property_value(
    raw: object, kind: ValueKind, *, zone: dt.tzinfo = dt.timezone.utc
) -> PropertyValue | None:
    """The value of one property, typed by its *kind*; ``""`` and ``null``
    are ``None``. *zone* is the time zone of times written without one (the
    UI's CSV exports).

    Raises `ValueError` with a message a person reads.

    >>> read_property_value("1714555800000", "datetime")
    datetime.datetime(2024, 5, 1, 9, 30, tzinfo=datetime.timezone.utc)
    >>> read_property_value("a;b", "multi"), read_property_value("", "number")
    (('a', 'b'), None)
    """
    if raw is None or raw == "":
        return None
    if type(raw) is not str:
        raise ValueError(f"expected a string, got {short(raw)}")
    if len(raw) > MAX_STRING_LENGTH:
        raise ValueError(
            f"expected at most {MAX_STRING_LENGTH:,} characters, got {len(raw):,}"
        )
    if kind == "text":
        return raw
    if kind == "bool":
        if raw in ("true", "false"):
            return raw == "true"
        raise ValueError(f'expected "true" or "false", got {short(raw)}')
    if kind == "number":
        if _INTEGER.fullmatch(raw):
            return int(raw)
        if _NUMBER.fullmatch(raw):
            return float(raw)
        raise ValueError(f"expected a number, got {short(raw)}")
    if kind == "multi":
        return tuple(part for part in raw.split(";") if part)
    try:
        if kind == "date":
            if _INTEGER.fullmatch(raw):
                return parse_epoch_ms(raw).date()
            return parse_date(raw)
        return _moment(raw, zone)
    except (ValueError, OverflowError):
        expected = (
            "a date as YYYY-MM-DD or milliseconds since the epoch"
            if kind == "date"
            else "a date-time with a time zone or milliseconds since the epoch"
        )
        raise ValueError(f"expected {expected}, got {short(raw)}") from None


def property_text(value: PropertyValue | None) -> str:
    """*value* as HubSpot writes it (the writers' inverse of
    `read_property_value`): booleans ``true``/``false``, choices
    ``;``-joined, date-times ISO 8601 in UTC with milliseconds."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, dt.datetime):
        moment = value.astimezone(dt.timezone.utc)
        return (
            moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)
