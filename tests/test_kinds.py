"""The record-kind table: every kind once, in planning order, and its
lookups (issue 14)."""

from __future__ import annotations

import attrs
import pytest

from crmsync_rules import IntegrationSettings
from crmsync_rules.codec import NDJSON_TYPES
from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._kinds import RECORD_KINDS, kind_named, kind_of
from crmsync_rules.model._snapshot import HubSpotRecords, SalesforceRecords
from crmsync_rules.planner import plan_stream


def test_every_record_class_is_one_kind() -> None:
    groups = [*attrs.fields(HubSpotRecords), *attrs.fields(SalesforceRecords)]
    assert len(RECORD_KINDS) == len(groups) == 10
    assert len({kind.cls for kind in RECORD_KINDS}) == len(RECORD_KINDS)
    assert len({kind.ndjson for kind in RECORD_KINDS}) == len(RECORD_KINDS)


def test_snapshot_groups_are_the_records_fields_in_order() -> None:
    for system, records in (
        ("hubspot", HubSpotRecords),
        ("salesforce", SalesforceRecords),
    ):
        kinds = [kind for kind in RECORD_KINDS if kind.system == system]
        assert [kind.group for kind in kinds] == [f.name for f in attrs.fields(records)]


def test_planning_order_puts_owners_after_what_they_own() -> None:
    names = [kind.ndjson for kind in RECORD_KINDS]
    assert names[-2:] == ["salesforce_user", "salesforce_queue"]
    assert names.index("hubspot_owner") < names.index("salesforce_lead")
    assert [kind.system for kind in RECORD_KINDS] == ["hubspot"] * 4 + [
        "salesforce"
    ] * 6


def test_ndjson_types_is_the_settings_then_the_table() -> None:
    assert list(NDJSON_TYPES) == ["settings", *(kind.ndjson for kind in RECORD_KINDS)]
    assert NDJSON_TYPES["settings"] is IntegrationSettings
    for kind in RECORD_KINDS:
        assert NDJSON_TYPES[kind.ndjson] is kind.cls


def test_lookups() -> None:
    for kind in RECORD_KINDS:
        assert kind_of(kind.cls) is kind
        assert kind_named(kind.ndjson) is kind
        assert kind.label == kind.ndjson.replace("_", " ").replace(
            "hubspot", "HubSpot"
        ).replace("salesforce", "Salesforce")
    assert kind_named("settings") is None
    with pytest.raises(KeyError):
        kind_of(IntegrationSettings)


def test_people_and_email_fields() -> None:
    people = [kind.ndjson for kind in RECORD_KINDS if kind.person]
    assert people == ["hubspot_contact", "salesforce_lead", "salesforce_contact"]
    for kind in RECORD_KINDS:
        if kind.email_field is not None:
            assert kind.email_field in attrs.fields_dict(kind.cls)


def test_plan_stream_names_a_first_value_of_no_kind() -> None:
    with pytest.raises(SnapshotError, match="settings must come first, got \\?"):
        plan_stream([object()])  # type: ignore[list-item]
