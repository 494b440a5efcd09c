"""A record about to be created takes its values by each mapping's rule
(FM-1, FM-2, FM-3, FM-4): `first_sync_field` decides this directly, and
must make exactly what `resolve_field_value` with a `FirstSync` makes,
read back by `field_of` (the writes, the reasons in order, the values
before and after)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from crmsync_rules import HubSpotObject, SalesforceObject
from crmsync_rules.mappings import (
    FieldMapping,
    HubSpotFieldType,
    HubSpotPropertyType,
    SalesforceFieldType,
)
from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._settings import SyncRule
from crmsync_rules.rules._field_first import first_sync_field
from crmsync_rules.rules._field_pair import field_of, rule_id_of
from crmsync_rules.rules._fm_values import (
    FieldValue,
    FirstSync,
    Side,
    resolve_field_value,
)

_AT = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.timezone.utc)
_VALUES: tuple[FieldValue, ...] = (None, "", "CTO", "CFO", 0, 1, False, ("a",), ())
_EXTRA = (cite("FM-7", "A first sync moves the values each side holds."),)


def _title(rule: SyncRule) -> FieldMapping:
    return FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property="jobtitle",
        hubspot_type=HubSpotPropertyType.STRING,
        hubspot_field_type=HubSpotFieldType.TEXT,
        salesforce_object=SalesforceObject.CONTACT,
        salesforce_field="Title",
        salesforce_type=SalesforceFieldType.STRING,
        rule=rule,
    )


@pytest.mark.parametrize("rule", list(SyncRule))
def test_fm1_fm2_fm3_fm4_the_direct_first_sync_is_the_resolution(
    rule: SyncRule,
) -> None:
    """FM-1, FM-2, FM-3, FM-4: for every rule and pair of values (blanks of each
    kind, equal and unequal values, values of other types), the same
    `MappedField` as through `resolve_field_value`, reasons included."""
    mapping = _title(rule)
    for hubspot, salesforce in itertools.product(_VALUES, repeat=2):
        resolution = resolve_field_value(
            mapping,
            hubspot_value=hubspot,
            salesforce_value=salesforce,
            change=FirstSync(at=_AT),
        )
        expected = field_of(
            mapping,
            hubspot,
            salesforce,
            resolution.writes,
            (*_EXTRA, *resolution.reasons),
        )
        got = first_sync_field(
            mapping, hubspot, salesforce, _EXTRA, rule_id_of(mapping)
        )
        assert got == expected, (hubspot, salesforce)
        assert [str(r) for r in got.reasons] == [str(r) for r in expected.reasons]


def test_fm1_a_new_salesforce_record_takes_the_hubspot_value() -> None:
    """FM-1: HubSpot's "CTO" fills the blank new Salesforce Title."""
    field = first_sync_field(
        _title(SyncRule.PREFER_SALESFORCE_UNLESS_BLANK), "CTO", None, (), "FM-1"
    )
    assert (field.hubspot_after, field.salesforce_after) == ("CTO", "CTO")
    assert [(w.side, w.value) for w in field.writes] == [(Side.SALESFORCE, "CTO")]
    assert field.reasons == (field.writes[0].reason,)
    assert field.reasons[0].rule == "FM-1"


def test_fm2_a_blank_salesforce_value_moves_nothing() -> None:
    """FM-2: Salesforce's blank wins, but a first sync carries no clearing."""
    field = first_sync_field(
        _title(SyncRule.ALWAYS_USE_SALESFORCE), "CTO", "", (), "FM-2"
    )
    assert field.writes == ()
    assert (field.hubspot_after, field.salesforce_after) == ("CTO", "")
    assert [r.rule for r in field.reasons] == ["FM-2"]
    assert "carries values, not clearings" in field.reasons[0].detail


def test_fm4_dont_sync_writes_nothing() -> None:
    """FM-4: a "Don't sync" mapping writes nothing, and says why."""
    field = first_sync_field(_title(SyncRule.DONT_SYNC), "CTO", None, (), "FM-4")
    assert field.writes == ()
    assert field.reasons == (
        Reason(rule="FM-4", detail=f"{_title(SyncRule.DONT_SYNC)} is 'Don't sync'."),
    )
