"""Mapping validation: FM-5's type matrix, FM-8, OPT-1, LC-1 and CN-2."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from crmsync_rules import (
    OPT_OUT_MAPPINGS,
    TYPE_COMPATIBILITY,
    CrmSyncRulesError,
    FieldMapping,
    HubSpotObject,
    HubSpotPropertyType,
    InvalidMappingError,
    MappingProblem,
    MappingTable,
    Reason,
    SalesforceFieldType,
    SalesforceObject,
    SyncRule,
    build_mapping_table,
    mapping_problems,
    sample_snapshot,
)

H = HubSpotPropertyType
S = SalesforceFieldType
ROOT = Path(__file__).resolve().parent.parent


def mapping(
    prop: str = "jobtitle",
    htype: HubSpotPropertyType = H.TEXT,
    field: str = "Title",
    stype: SalesforceFieldType = S.STRING,
    *,
    obj: SalesforceObject = SalesforceObject.CONTACT,
    hobj: HubSpotObject = HubSpotObject.CONTACT,
) -> FieldMapping:
    return FieldMapping(
        hubspot_object=hobj,
        hubspot_property=prop,
        hubspot_type=htype,
        salesforce_object=obj,
        salesforce_field=field,
        salesforce_type=stype,
    )


# The matrix as FM-5 words it, written out independently of the code.
FM5_SPEC: dict[str, set[str]] = {
    "enumeration": {"picklist", "reference"},
    "select": {"picklist", "reference"},
    "radio": {"picklist", "reference"},
    "checkbox": {"multipicklist"},
    "booleancheckbox": {"boolean"},
    "number": {"double", "int", "currency", "percent"},
    "string": {"string", "textarea", "email", "phone", "url"},
    "text": {"string", "textarea", "email", "phone", "url"},
    "textarea": {"textarea"},
    "date": {"date", "datetime"},
    "datetime": {"date", "datetime"},
}


def test_fm5_type_matrix_matches_the_rule() -> None:
    table = {h.value: {s.value for s in ss} for h, ss in TYPE_COMPATIBILITY.items()}
    assert table == FM5_SPEC


def test_fm5_docs_rules_md_shows_the_type_matrix() -> None:
    text = (ROOT / "docs" / "rules.md").read_text("utf-8")
    section = text.split("### FM-5 type matrix", 1)[1].split("\n#", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = set(re.findall(r"`([a-z]+)`", cells[1]))
    expected = {h.value: {s.value for s in ss} for h, ss in TYPE_COMPATIBILITY.items()}
    assert rows == expected


@pytest.mark.parametrize(
    ("htype", "stype"),
    [(h, s) for h, ss in TYPE_COMPATIBILITY.items() for s in ss],
)
def test_fm5_every_compatible_pair_is_accepted(
    htype: HubSpotPropertyType, stype: SalesforceFieldType
) -> None:
    assert mapping_problems([mapping("p", htype, "F__c", stype)]) == ()


@pytest.mark.parametrize(
    ("htype", "stype"),
    [
        (H.TEXT, S.REFERENCE),
        (H.TEXTAREA, S.STRING),
        (H.NUMBER, S.LONG),
        (H.NUMBER, S.STRING),
        (H.CHECKBOX, S.PICKLIST),
        (H.SELECT, S.MULTIPICKLIST),
        (H.BOOLEAN_CHECKBOX, S.STRING),
        (H.DATE, S.TIME),
    ],
)
def test_fm5_incompatible_pair_is_refused_naming_both_fields_and_types(
    htype: HubSpotPropertyType, stype: SalesforceFieldType
) -> None:
    m = mapping("myprop", htype, "My_Field__c", stype)
    with pytest.raises(InvalidMappingError) as info:
        build_mapping_table([m])
    (problem,) = info.value.problems
    assert problem.rule == "FM-5"
    assert problem.mapping == m
    message = str(info.value)
    for part in ("FM-5", "myprop", htype.value, "My_Field__c", stype.value):
        assert part in message


def test_fm5_user_property_cannot_be_mapped() -> None:
    (problem,) = mapping_problems([mapping("hs_user", H.USER, "OwnerId", S.REFERENCE)])
    assert problem.rule == "FM-5"
    assert "type 'user' cannot be mapped" in problem.detail
    assert "hs_user (user)" in problem.detail
    assert "OwnerId (reference)" in problem.detail


@pytest.mark.parametrize("htype", [H.FILE, H.HTML, H.CALCULATION, H.PHONE_NUMBER])
def test_fm5_types_outside_the_matrix_are_refused(htype: HubSpotPropertyType) -> None:
    (problem,) = mapping_problems([mapping("p", htype, "F__c", S.STRING)])
    assert problem.rule == "FM-5"


def test_fm8_property_mapped_twice_on_one_object_pair() -> None:
    first = mapping("jobtitle", H.TEXT, "Title", S.STRING)
    second = mapping("jobtitle", H.TEXT, "Department", S.STRING)
    (problem,) = mapping_problems([first, second])
    assert problem.rule == "FM-8"
    assert problem.mapping == second
    assert "HubSpot property 'jobtitle' already takes part in" in problem.detail
    assert str(first) in problem.detail


def test_fm8_field_mapped_twice_on_one_object_pair() -> None:
    (problem,) = mapping_problems(
        [mapping("jobtitle"), mapping("position", H.TEXT, "Title", S.STRING)]
    )
    assert problem.rule == "FM-8"
    assert "Salesforce field 'Title'" in problem.detail


def test_fm8_same_property_on_another_object_pair_is_fine() -> None:
    lead = mapping("jobtitle", obj=SalesforceObject.LEAD)
    contact = mapping("jobtitle", obj=SalesforceObject.CONTACT)
    table = build_mapping_table([lead, contact])
    assert table.mappings == (*OPT_OUT_MAPPINGS, lead, contact)
    assert {r.rule for r in table.reasons} == {"OPT-1", "FM-5", "FM-8"}


def test_fm8_only_the_opt_out_mapping_is_locked() -> None:
    locked = attrs.evolve(mapping(), locked=True)
    (problem,) = mapping_problems([locked])
    assert problem.rule == "FM-8"
    assert "only the opt-out mappings" in problem.detail


@pytest.mark.parametrize(
    "changed",
    [
        attrs.evolve(OPT_OUT_MAPPINGS[0], rule=SyncRule.DONT_SYNC),
        attrs.evolve(OPT_OUT_MAPPINGS[1], locked=False),
        attrs.evolve(OPT_OUT_MAPPINGS[0], salesforce_field="Other__c"),
        mapping("my_optout", H.BOOLEAN_CHECKBOX, "HasOptedOutOfEmail", S.BOOLEAN),
    ],
)
def test_opt1_opt_out_mapping_stays_locked(changed: FieldMapping) -> None:
    (problem,) = mapping_problems([changed])
    assert problem.rule == "OPT-1"
    assert "locked" in problem.detail


def test_opt1_listing_the_opt_out_mappings_again_is_allowed() -> None:
    table = build_mapping_table([*OPT_OUT_MAPPINGS, mapping()])
    assert table.mappings == (*OPT_OUT_MAPPINGS, mapping())


def test_lc1_lifecycle_stage_needs_a_custom_field() -> None:
    (problem,) = mapping_problems(
        [mapping("lifecyclestage", H.SELECT, "Status", S.PICKLIST)]
    )
    assert problem.rule == "LC-1"
    assert "custom field" in problem.detail
    custom = mapping("lifecyclestage", H.SELECT, "Lifecycle__c", S.PICKLIST)
    assert mapping_problems([custom]) == ()


def test_cn2_company_name_cannot_map_to_a_salesforce_contact() -> None:
    problems = mapping_problems([mapping("company", H.TEXT, "AccountId", S.REFERENCE)])
    assert [p.rule for p in problems] == ["FM-5", "CN-2"]
    lead = mapping("company", H.TEXT, "Company", S.STRING, obj=SalesforceObject.LEAD)
    assert mapping_problems([lead]) == ()


def test_fm5_fm8_whole_table_reports_every_problem_at_once() -> None:
    table = [
        mapping("a", H.USER, "A__c", S.STRING),
        mapping("b", H.NUMBER, "B__c", S.STRING),
        mapping("c", H.TEXT, "C__c", S.STRING),
        mapping("c", H.TEXT, "D__c", S.STRING),
        attrs.evolve(OPT_OUT_MAPPINGS[0], rule=SyncRule.DONT_SYNC),
    ]
    with pytest.raises(InvalidMappingError) as info:
        build_mapping_table(table)
    error = info.value
    assert [p.rule for p in error.problems] == ["FM-5", "FM-5", "FM-8", "OPT-1"]
    assert str(error).startswith("mapping table: 4 problems:")
    assert isinstance(error, CrmSyncRulesError)
    assert isinstance(error, ValueError)


def test_fm5_sample_mappings_are_valid() -> None:
    settings = sample_snapshot().settings
    table = build_mapping_table(settings.mappings)
    assert table.mappings[: len(OPT_OUT_MAPPINGS)] == OPT_OUT_MAPPINGS
    assert len(table.mappings) == len(OPT_OUT_MAPPINGS) + len(settings.mappings)


def test_problem_reason_cites_its_rule() -> None:
    (problem,) = mapping_problems([mapping("a", H.USER, "A__c", S.STRING)])
    assert problem.reason.rule == "FM-5"
    assert str(problem).startswith("FM-5: contacts.a (user) <-> Contact.A__c (string)")


def test_opt1_the_installed_optout_mappings_are_no_problem() -> None:
    assert mapping_problems(OPT_OUT_MAPPINGS) == ()


# Whole problems, sentences included (docs/testing.md, "Mutation testing").


def test_fm5_fm8_lc1_cn2_opt1_whole_problem_sentences() -> None:
    def details(*mappings: FieldMapping) -> list[str]:
        return [p.detail for p in mapping_problems(mappings)]

    assert details(mapping("owner", H.USER, "OwnerId", S.REFERENCE)) == [
        "contacts.owner (user) <-> Contact.OwnerId (reference): a HubSpot "
        "property of type 'user' cannot be mapped."
    ]
    assert details(mapping("doc", H.FILE, "Doc__c", S.STRING)) == [
        "contacts.doc (file) <-> Contact.Doc__c (string): HubSpot property type "
        "'file' cannot be mapped."
    ]
    assert details(mapping("age", H.NUMBER, "Age__c", S.STRING)) == [
        "contacts.age (number) <-> Contact.Age__c (string): a HubSpot 'number' "
        "property maps only to Salesforce currency, double, int, percent fields, "
        "not 'string'."
    ]
    assert details(attrs.evolve(mapping(), locked=True)) == [
        "contacts.jobtitle (text) <-> Contact.Title (string): only the opt-out "
        "mappings of OPT-1 can be locked."
    ]
    assert details(mapping("lifecyclestage", H.SELECT, "Status", S.PICKLIST)) == [
        "contacts.lifecyclestage (select) <-> Contact.Status (picklist): lifecycle "
        "stage has no Salesforce counterpart and can only map to a custom field "
        "(API name ending in '__c')."
    ]
    assert details(mapping("company", H.TEXT, "Company__c", S.STRING)) == [
        "contacts.company (text) <-> Contact.Company__c (string): Company name "
        "syncs only with a lead's Company text field; a Salesforce contact has "
        "the Account Name lookup instead (CN-3)."
    ]
    reused = mapping("optout", H.BOOLEAN_CHECKBOX, "HasOptedOutOfEmail", S.BOOLEAN)
    assert details(reused) == [
        "contacts.optout (booleancheckbox) <-> Contact.HasOptedOutOfEmail "
        "(boolean): the 'Unsubscribed from all email' / 'Email Opt Out' mapping "
        "is locked and cannot be changed, replaced or reused."
    ]


def test_fm8_a_mapping_listed_twice_clashes_on_both_sides() -> None:
    title = mapping()
    assert mapping_problems([title, title]) == (
        MappingProblem(
            mapping=title,
            rule="FM-8",
            detail="contacts.jobtitle (text) <-> Contact.Title (string): HubSpot "
            "property 'jobtitle' and Salesforce field 'Title' already take part "
            "in contacts.jobtitle (text) <-> Contact.Title (string).",
        ),
    )


def test_opt1_checking_goes_on_after_the_opt_out_mappings() -> None:
    """An opt-out mapping, listed again or refused, ends the check of that
    mapping only, not of the table."""
    bad = mapping("b", H.NUMBER, "B__c", S.STRING)
    changed = attrs.evolve(OPT_OUT_MAPPINGS[0], rule=SyncRule.DONT_SYNC)
    assert [p.rule for p in mapping_problems([OPT_OUT_MAPPINGS[0], bad])] == ["FM-5"]
    assert [p.rule for p in mapping_problems([changed, bad])] == ["OPT-1", "FM-5"]


def test_fm5_fm8_whole_table_of_a_valid_list() -> None:
    title = mapping()
    assert build_mapping_table([title]) == MappingTable(
        mappings=(*OPT_OUT_MAPPINGS, title),
        reasons=(
            Reason(
                rule="OPT-1",
                detail="The table starts with the 2 locked opt-out mappings.",
            ),
            Reason(rule="FM-5", detail="All 3 mappings pair compatible types."),
            Reason(
                rule="FM-8",
                detail="No property or field takes part in two mappings of one "
                "object pair.",
            ),
        ),
    )
