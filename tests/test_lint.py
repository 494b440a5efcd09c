"""The settings linter: each listed problem is found, the sample is clean."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules import (
    ContactCreation,
    FieldMapping,
    HubSpotObject,
    HubSpotPropertyType,
    IntegrationSettings,
    SalesforceEdition,
    SalesforceFieldType,
    SalesforceObject,
    SalesforceOpportunity,
    SyncRule,
    derive_lifecycle,
    lint_settings,
    sample_snapshot,
)
from crmsync_rules.codec import structure
from crmsync_rules.lint import Finding, Severity
from crmsync_rules.mappings import HubSpotFieldType
from crmsync_rules.strategies import field_mappings, integration_settings

DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> IntegrationSettings:
    raw = json.loads((DATA / name).read_text("utf-8"))
    return structure(raw, IntegrationSettings, source=name)


def by_rule(findings: tuple[Finding, ...]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.rule, []).append(finding)
    return grouped


BASE = IntegrationSettings(integrated_on=dt.date(2021, 2, 1))


def test_lint_bundled_sample_settings_are_clean() -> None:
    assert lint_settings(sample_snapshot().settings) == ()


def test_lint_default_settings_are_clean() -> None:
    assert lint_settings(BASE) == ()


def test_lint_finds_every_problem_of_the_lead_settings_file() -> None:
    findings = lint_settings(load("settings_lint_leads.json"))
    grouped = by_rule(findings)
    assert sorted(grouped) == [
        "CN-2",
        "CO-2",
        "FM-5",
        "FM-8",
        "INST-2",
        "INST-4",
        "INST-5",
        "LC-1",
        "OPT-1",
    ]
    assert len(grouped["FM-5"]) == 2  # text -> reference, and the user property
    assert {f.severity for f in grouped["LC-1"]} == {Severity.ERROR, Severity.WARNING}
    assert all(f.fix for f in findings)
    severities = [f.severity for f in findings]
    assert severities == sorted(
        severities, key=[Severity.ERROR, Severity.WARNING].index
    )


def test_lint_finds_every_problem_of_the_contact_settings_file() -> None:
    grouped = by_rule(lint_settings(load("settings_lint_contacts.json")))
    assert sorted(grouped) == ["CN-3", "FM-5", "INST-3"]


def test_inst5_several_portals_creating_contacts_is_a_warning() -> None:
    """INST-5: several portals creating contacts is a warning."""
    settings = attrs.evolve(BASE, portals=3, contact_creation=ContactCreation.CREATE)
    (finding,) = lint_settings(settings)
    assert (finding.severity, finding.rule) == (Severity.WARNING, "INST-5")
    assert "3 portals share the org" in finding.detail
    assert "Don't automatically create HubSpot contacts" in finding.fix
    one_portal = attrs.evolve(settings, portals=1)
    assert lint_settings(one_portal) == ()


def test_inst4_several_portals_need_connector_2_60() -> None:
    """INST-4: several portals need connector 2.60."""
    old = attrs.evolve(BASE, portals=2, connector_version="2.59")
    (finding,) = lint_settings(old)
    assert (finding.severity, finding.rule) == (Severity.ERROR, "INST-4")
    assert "2.59 is older than 2.60" in finding.detail
    assert lint_settings(attrs.evolve(old, connector_version="2.60")) == ()
    assert lint_settings(attrs.evolve(old, portals=1)) == ()


def test_inst2_group_edition_is_an_error() -> None:
    """INST-2: group edition is an error."""
    (finding,) = lint_settings(attrs.evolve(BASE, edition=SalesforceEdition.GROUP))
    assert (finding.severity, finding.rule) == (Severity.ERROR, "INST-2")
    assert "Team Edition" in finding.detail


def test_inst3_professional_without_api_access_is_supported() -> None:
    """INST-3: professional without API access is supported."""
    professional = attrs.evolve(
        BASE, edition=SalesforceEdition.PROFESSIONAL, api_access=False
    )
    assert lint_settings(professional) == ()


def test_co2_leads_with_automatic_company_creation_is_a_warning() -> None:
    """CO-2: leads with automatic company creation is a warning."""
    settings = attrs.evolve(BASE, company_auto_create=True)
    (finding,) = lint_settings(settings)
    assert (finding.severity, finding.rule) == (Severity.WARNING, "CO-2")
    assert "duplicate companies" in finding.detail
    as_contacts = attrs.evolve(settings, new_records_as=SalesforceObject.CONTACT)
    assert lint_settings(as_contacts) == ()


def test_lc1_lifecycle_stage_sync_without_mapping_is_a_warning() -> None:
    """LC-1: lifecycle stage sync without mapping is a warning."""
    (finding,) = lint_settings(attrs.evolve(BASE, lifecycle_stage_sync=True))
    assert (finding.severity, finding.rule) == (Severity.WARNING, "LC-1")
    assert "__c" in finding.fix


def test_finding_reads_as_a_sentence_with_its_fix() -> None:
    (finding,) = lint_settings(attrs.evolve(BASE, company_auto_create=True))
    assert str(finding).startswith("warning CO-2: HubSpot creates Salesforce leads")
    assert " Fix: Turn off automatic company creation" in str(finding)
    assert finding.reason.rule == "CO-2"


# Whole findings, sentences and fixes included (docs/testing.md, "Mutation
# testing"): a finding is read by a person, so its words are its behaviour.


def test_inst2_inst3_whole_findings() -> None:
    """INST-2, INST-3: whole findings."""
    assert lint_settings(attrs.evolve(BASE, edition=SalesforceEdition.GROUP)) == (
        Finding(
            severity=Severity.ERROR,
            rule="INST-2",
            detail="The org's edition is Group Edition ('Team Edition'), which "
            "the integration does not support.",
            fix="Upgrade the org to Professional Edition or an edition with API "
            "access.",
        ),
    )
    no_api = attrs.evolve(BASE, edition=SalesforceEdition.ENTERPRISE, api_access=False)
    assert lint_settings(no_api) == (
        Finding(
            severity=Severity.ERROR,
            rule="INST-3",
            detail="The org's edition 'Enterprise Edition' has no API access "
            "and is not Professional Edition, so it is not "
            "supported.",
            fix="Enable API access for the org, or move to an edition that has it.",
        ),
    )


def test_inst4_inst5_whole_findings_errors_first() -> None:
    """INST-4, INST-5: whole findings, errors first."""
    settings = attrs.evolve(
        BASE,
        portals=2,
        connector_version="2.59",
        contact_creation=ContactCreation.CREATE,
    )
    assert lint_settings(settings) == (
        Finding(
            severity=Severity.ERROR,
            rule="INST-4",
            detail="2 portals share the org but its connector package 2.59 is "
            "older than 2.60.",
            fix="Upgrade the HubSpot package in Salesforce to 2.60 or later.",
        ),
        Finding(
            severity=Severity.WARNING,
            rule="INST-5",
            detail="2 portals share the org and contact_creation is 'create': a "
            "Salesforce lead or contact created by one portal can create a "
            "contact in another; 'dont_create' is recommended.",
            fix="Set 'Create contacts in HubSpot' to \"Don't automatically create "
            'HubSpot contacts" in every portal.',
        ),
    )


def test_co2_whole_finding() -> None:
    """CO-2: whole finding."""
    assert lint_settings(attrs.evolve(BASE, company_auto_create=True)) == (
        Finding(
            severity=Severity.WARNING,
            rule="CO-2",
            detail="HubSpot creates Salesforce leads for new contacts and creates "
            "companies automatically: converting those leads later makes "
            "duplicate companies.",
            fix="Turn off automatic company creation, or sync new contacts as "
            "Salesforce contacts.",
        ),
    )


def _lead_mapping(prop: str, field: str, obj: HubSpotObject) -> FieldMapping:
    return FieldMapping(
        hubspot_object=obj,
        hubspot_property=prop,
        hubspot_type=HubSpotPropertyType.TEXT,
        salesforce_object=SalesforceObject.LEAD,
        salesforce_field=field,
        salesforce_type=SalesforceFieldType.STRING,
    )


def test_cn3_whole_finding_names_the_company_name_mapping() -> None:
    """CN-3: whole finding names the company name mapping."""
    company = _lead_mapping("company", "Company", HubSpotObject.CONTACT)
    city = _lead_mapping("city", "City", HubSpotObject.CONTACT)
    settings = attrs.evolve(
        BASE, new_records_as=SalesforceObject.CONTACT, mappings=(city, company)
    )
    finding = Finding(
        severity=Severity.WARNING,
        rule="CN-3",
        detail="Company name is mapped (contacts.company (text) <-> Lead.Company "
        "(string)), but HubSpot syncs new contacts as Salesforce contacts, for "
        "which Company name does not sync.",
        fix="Rely on account sync (the contact's company syncs with its account) "
        "and turn account sync on or sync new contacts as leads.",
    )
    assert lint_settings(settings) == (finding,)
    with_accounts = attrs.evolve(settings, account_sync=True)
    assert lint_settings(with_accounts) == (
        attrs.evolve(
            finding,
            fix="Rely on account sync (the contact's company syncs with its "
            "account) or sync new contacts as leads.",
        ),
    )
    # Only the contact's company property on the lead is Company name.
    for other in (city, _lead_mapping("company", "Company", HubSpotObject.COMPANY)):
        assert lint_settings(attrs.evolve(settings, mappings=(other,))) == ()
    as_leads = attrs.evolve(settings, new_records_as=SalesforceObject.LEAD)
    assert lint_settings(as_leads) == ()


def test_lc1_whole_finding() -> None:
    """LC-1: whole finding."""
    fix = (
        "Create a custom picklist field (e.g. HubSpot_Lifecycle_Stage__c) and map "
        "the contacts' lifecyclestage to it with rule two_way."
    )
    assert lint_settings(attrs.evolve(BASE, lifecycle_stage_sync=True)) == (
        Finding(
            severity=Severity.WARNING,
            rule="LC-1",
            detail="Lifecycle stage sync is on, but no mapping takes lifecycle "
            "stage to a custom Salesforce field, so it stays in HubSpot.",
            fix=fix,
        ),
    )
    dont_sync = attrs.evolve(
        BASE,
        lifecycle_stage_sync=True,
        mappings=(_lifecycle_mapping(rule=SyncRule.DONT_SYNC),),
    )
    assert lint_settings(dont_sync) == (
        Finding(
            severity=Severity.WARNING,
            rule="LC-1",
            detail="Lifecycle stage sync is on, but the mapping "
            "contacts.lifecyclestage (select) <-> "
            "Contact.HubSpot_Lifecycle_Stage__c (picklist) has rule 'dont_sync', "
            "so lifecycle stage does not reach Salesforce.",
            fix=fix,
        ),
    )


def test_lint_mapping_problems_keep_their_detail() -> None:
    text = _lead_mapping("city", "City", HubSpotObject.CONTACT)
    twice = attrs.evolve(
        BASE, mappings=(text, attrs.evolve(text, salesforce_field="State"))
    )
    (finding,) = lint_settings(twice)
    assert (finding.severity, finding.rule) == (Severity.ERROR, "FM-8")
    assert "city" in finding.detail
    assert finding.fix == (
        "Keep one mapping per property and per field on each object pair."
    )


def _lifecycle_mapping(
    obj: HubSpotObject = HubSpotObject.CONTACT,
    field: str = "HubSpot_Lifecycle_Stage__c",
    rule: SyncRule = SyncRule.TWO_WAY,
) -> FieldMapping:
    return FieldMapping(
        hubspot_object=obj,
        hubspot_property="lifecyclestage",
        hubspot_type=HubSpotPropertyType.ENUMERATION,
        hubspot_field_type=HubSpotFieldType.SELECT,
        salesforce_object=SalesforceObject.CONTACT,
        salesforce_field=field,
        salesforce_type=SalesforceFieldType.PICKLIST,
        rule=rule,
    )


@pytest.mark.parametrize(
    "mapping",
    [
        _lifecycle_mapping(rule=SyncRule.DONT_SYNC),
        _lifecycle_mapping(rule=SyncRule.ALWAYS_USE_SALESFORCE),
        _lifecycle_mapping(obj=HubSpotObject.COMPANY),
    ],
    ids=["dont_sync", "always_use_salesforce", "company_object"],
)
def test_lc1_a_mapping_that_does_not_carry_the_stage_does_not_silence_the_warning(
    mapping: FieldMapping,
) -> None:
    """LC-1: only a contacts mapping to a custom field whose rule lets HubSpot
    write carries the stage; a `Don't sync` mapping, an `Always use
    Salesforce` one or one on the company object leaves it in HubSpot, and
    the linter says so, as `derive_lifecycle` does."""
    settings = attrs.evolve(BASE, lifecycle_stage_sync=True, mappings=(mapping,))
    (finding,) = lint_settings(settings)
    assert (finding.severity, finding.rule) == (Severity.WARNING, "LC-1")
    assert str(mapping) in finding.detail
    won = SalesforceOpportunity(
        id="006A", account_id="001A", is_closed=True, is_won=True
    )
    decision = derive_lifecycle(
        won, settings=settings, salesforce_contacts=(), hubspot_contacts=()
    )
    assert not decision.reaches_salesforce
    assert finding.detail.endswith(decision.reasons[-1].detail[1:])


def test_lc1_a_carrying_mapping_silences_the_warning() -> None:
    """LC-1: a carrying mapping silences the warning."""
    for rule in (SyncRule.TWO_WAY, SyncRule.PREFER_SALESFORCE_UNLESS_BLANK):
        settings = attrs.evolve(
            BASE, lifecycle_stage_sync=True, mappings=(_lifecycle_mapping(rule=rule),)
        )
        assert lint_settings(settings) == ()


@given(
    settings=integration_settings(
        lifecycle_stage_sync=st.just(True),
        mappings=st.lists(
            field_mappings(
                hubspot_properties=st.sampled_from(("lifecyclestage", "jobtitle")),
                salesforce_fields=st.sampled_from(
                    ("HubSpot_Lifecycle_Stage__c", "Status", "Title")
                ),
            ),
            max_size=3,
        ).map(tuple),
    )
)
def test_lc1_lint_warns_exactly_when_derive_lifecycle_keeps_the_stage_in_hubspot(
    settings: IntegrationSettings,
) -> None:
    """LC-1 has one definition: whatever the mappings, the linter's LC-1
    warning and `derive_lifecycle`'s ``reaches_salesforce`` never disagree,
    and they give the same reason."""
    won = SalesforceOpportunity(
        id="006A", account_id="001A", is_closed=True, is_won=True
    )
    decision = derive_lifecycle(
        won, settings=settings, salesforce_contacts=(), hubspot_contacts=()
    )
    warnings = [
        f
        for f in lint_settings(settings)
        if (f.rule, f.severity) == ("LC-1", Severity.WARNING)
    ]
    assert len(warnings) == (0 if decision.reaches_salesforce else 1)
    for warning in warnings:
        assert warning.detail.endswith(decision.reasons[-1].detail[1:])
