"""Mapping validation: FM-5's type matrix, FM-8, OPT-1, LC-1 and CN-2."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules import (
    CrmSyncRulesError,
    FieldMapping,
    HubSpotObject,
    HubSpotPropertyType,
    Reason,
    SalesforceFieldType,
    SalesforceObject,
    SyncRule,
    sample_snapshot,
)
from crmsync_rules.codec import structure, unstructure
from crmsync_rules.errors import InvalidMappingError, InvalidSettingsError
from crmsync_rules.mappings import (
    FIELD_TYPE_COMPATIBILITY,
    HUBSPOT_FIELD_TYPES,
    HubSpotFieldType,
    MappingProblem,
    MappingTable,
    build_mapping_table,
    mapping_problems,
)
from crmsync_rules.optout import OPT_OUT_MAPPINGS

H = HubSpotPropertyType
S = SalesforceFieldType
ROOT = Path(__file__).resolve().parent.parent


def mapping(
    prop: str = "jobtitle",
    htype: HubSpotPropertyType | HubSpotFieldType = H.TEXT,
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


def test_fm5_docs_rules_md_shows_the_type_matrix() -> None:
    """FM-5: docs/rules.md shows the type matrix."""
    text = (ROOT / "docs" / "rules.md").read_text("utf-8")
    section = text.split("### FM-5 type matrix", 1)[1].split("\n#", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = set(re.findall(r"`([a-z]+)`", cells[2]))
    expected = {
        f.value: {s.value for s in ss} for f, ss in FIELD_TYPE_COMPATIBILITY.items()
    }
    assert rows == expected


@pytest.mark.parametrize(
    ("ftype", "stype"),
    [(f, s) for f, ss in FIELD_TYPE_COMPATIBILITY.items() for s in ss],
)
def test_fm5_every_compatible_pair_is_accepted(
    ftype: HubSpotFieldType, stype: SalesforceFieldType
) -> None:
    """FM-5: every compatible pair is accepted."""
    for htype, shapes in HUBSPOT_FIELD_TYPES.items():
        if ftype in shapes:
            assert mapping_problems([pair(htype, ftype, stype, prop="p")]) == ()


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
    htype: HubSpotPropertyType | HubSpotFieldType, stype: SalesforceFieldType
) -> None:
    """FM-5: incompatible pair is refused naming both fields and types."""
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
    """FM-5: user property cannot be mapped."""
    (problem,) = mapping_problems([mapping("hs_user", H.USER, "OwnerId", S.REFERENCE)])
    assert problem.rule == "FM-5"
    assert "type 'user' cannot be mapped" in problem.detail
    assert "hs_user (user)" in problem.detail
    assert "OwnerId (reference)" in problem.detail


@pytest.mark.parametrize("htype", [H.FILE, H.HTML, H.CALCULATION, H.PHONE_NUMBER])
def test_fm5_types_outside_the_matrix_are_refused(
    htype: HubSpotPropertyType | HubSpotFieldType,
) -> None:
    """FM-5: types outside the matrix are refused."""
    (problem,) = mapping_problems([mapping("p", htype, "F__c", S.STRING)])
    assert problem.rule == "FM-5"


def test_fm8_property_mapped_twice_on_one_object_pair() -> None:
    """FM-8: property mapped twice on one object pair."""
    first = mapping("jobtitle", H.TEXT, "Title", S.STRING)
    second = mapping("jobtitle", H.TEXT, "Department", S.STRING)
    (problem,) = mapping_problems([first, second])
    assert problem.rule == "FM-8"
    assert problem.mapping == second
    assert "HubSpot property 'jobtitle' already takes part in" in problem.detail
    assert str(first) in problem.detail


def test_fm8_field_mapped_twice_on_one_object_pair() -> None:
    """FM-8: field mapped twice on one object pair."""
    (problem,) = mapping_problems(
        [mapping("jobtitle"), mapping("position", H.TEXT, "Title", S.STRING)]
    )
    assert problem.rule == "FM-8"
    assert "Salesforce field 'Title'" in problem.detail


def test_fm8_same_property_on_another_object_pair_is_fine() -> None:
    """FM-8: same property on another object pair is fine."""
    lead = mapping("jobtitle", obj=SalesforceObject.LEAD)
    contact = mapping("jobtitle", obj=SalesforceObject.CONTACT)
    table = build_mapping_table([lead, contact])
    assert table.mappings == (*OPT_OUT_MAPPINGS, lead, contact)
    assert {r.rule for r in table.reasons} == {"OPT-1", "FM-5", "FM-8"}


def test_fm8_only_the_opt_out_mapping_is_locked() -> None:
    """FM-8: only the opt-out mapping is locked."""
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
    """OPT-1: opt-out mapping stays locked."""
    (problem,) = mapping_problems([changed])
    assert problem.rule == "OPT-1"
    assert "locked" in problem.detail


def test_opt1_listing_the_opt_out_mappings_again_is_allowed() -> None:
    """OPT-1: listing the opt-out mappings again is allowed."""
    table = build_mapping_table([*OPT_OUT_MAPPINGS, mapping()])
    assert table.mappings == (*OPT_OUT_MAPPINGS, mapping())


def test_lc1_lifecycle_stage_needs_a_custom_field() -> None:
    """LC-1: lifecycle stage needs a custom field."""
    (problem,) = mapping_problems(
        [mapping("lifecyclestage", H.SELECT, "Status", S.PICKLIST)]
    )
    assert problem.rule == "LC-1"
    assert "custom field" in problem.detail
    custom = mapping("lifecyclestage", H.SELECT, "Lifecycle__c", S.PICKLIST)
    assert mapping_problems([custom]) == ()


def test_cn2_company_name_cannot_map_to_a_salesforce_contact() -> None:
    """CN-2: company name cannot map to a Salesforce contact."""
    problems = mapping_problems([mapping("company", H.TEXT, "AccountId", S.REFERENCE)])
    assert [p.rule for p in problems] == ["FM-5", "CN-2"]
    lead = mapping("company", H.TEXT, "Company", S.STRING, obj=SalesforceObject.LEAD)
    assert mapping_problems([lead]) == ()


def test_fm5_fm8_whole_table_reports_every_problem_at_once() -> None:
    """FM-5, FM-8: whole table reports every problem at once."""
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
    """FM-5: sample mappings are valid."""
    settings = sample_snapshot().settings
    table = build_mapping_table(settings.mappings)
    assert table.mappings[: len(OPT_OUT_MAPPINGS)] == OPT_OUT_MAPPINGS
    assert len(table.mappings) == len(OPT_OUT_MAPPINGS) + len(settings.mappings)


def test_problem_reason_cites_its_rule() -> None:
    (problem,) = mapping_problems([mapping("a", H.USER, "A__c", S.STRING)])
    assert problem.reason.rule == "FM-5"
    assert str(problem).startswith("FM-5: contacts.a (user) <-> Contact.A__c (string)")


def test_opt1_the_installed_optout_mappings_are_no_problem() -> None:
    """OPT-1: the installed opt-out mappings are no problem."""
    assert mapping_problems(OPT_OUT_MAPPINGS) == ()


# Whole problems, sentences included (docs/testing.md, "Mutation testing").


def test_fm5_fm8_lc1_cn2_opt1_whole_problem_sentences() -> None:
    """FM-5, FM-8, LC-1, CN-2, OPT-1: whole problem sentences."""

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
    """FM-8: a mapping listed twice clashes on both sides."""
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
    """OPT-1: An opt-out mapping, listed again or refused, ends the check of
    that mapping only, not of the table."""
    bad = mapping("b", H.NUMBER, "B__c", S.STRING)
    changed = attrs.evolve(OPT_OUT_MAPPINGS[0], rule=SyncRule.DONT_SYNC)
    assert [p.rule for p in mapping_problems([OPT_OUT_MAPPINGS[0], bad])] == ["FM-5"]
    assert [p.rule for p in mapping_problems([changed, bad])] == ["OPT-1", "FM-5"]


def test_fm5_fm8_whole_table_of_a_valid_list() -> None:
    """FM-5, FM-8: whole table of a valid list."""
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


# --- FM-5 on HubSpot's (type, fieldType) pair (issue 13, item 19) ----------

F = HubSpotFieldType

# FM-5 as the catalogue words it, by the shape HubSpot shows a property in
# (its fieldType), written out independently of the code.
FM5_BY_FIELD_TYPE: dict[str, set[str]] = {
    "select": {"picklist", "reference"},  # dropdown select
    "radio": {"picklist", "reference"},  # radio select
    "checkbox": {"multipicklist"},  # multiple checkboxes
    "booleancheckbox": {"boolean"},  # single checkbox
    "number": {"double", "int", "currency", "percent"},
    "text": {"string", "textarea", "email", "phone", "url"},  # single-line
    "textarea": {"textarea"},  # multi-line
    "date": {"date", "datetime"},  # date picker
}
# HubSpot's properties API: the fieldTypes each type accepts.
API_FIELD_TYPES: dict[str, set[str]] = {
    "bool": {"booleancheckbox", "calculation_equation"},
    "enumeration": {
        "booleancheckbox",
        "checkbox",
        "radio",
        "select",
        "calculation_equation",
    },
    "date": {"date"},
    "datetime": {"date"},
    "string": {
        "text",
        "textarea",
        "file",
        "html",
        "phonenumber",
        "calculation_equation",
    },
    "number": {
        "number",
        "calculation_equation",
        "calculation_rollup",
        "calculation_score",
        "calculation_read_time",
    },
    "phone_number": {"phonenumber"},
}


def pair(
    htype: HubSpotPropertyType,
    ftype: HubSpotFieldType | None,
    stype: SalesforceFieldType,
    prop: str = "interests",
) -> FieldMapping:
    return FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property=prop,
        hubspot_type=htype,
        hubspot_field_type=ftype,
        salesforce_object=SalesforceObject.CONTACT,
        salesforce_field="Interests__c",
        salesforce_type=stype,
    )


def test_fm5_multiple_checkboxes_map_to_a_multipicklist_not_a_picklist() -> None:
    """FM-5: a multiple-checkbox property (type enumeration, fieldType
    checkbox, as HubSpot's properties API reports it) maps to a
    multipicklist and is refused against a picklist; a dropdown of the same
    type is the other way round."""
    checkboxes = pair(H.ENUMERATION, F.CHECKBOX, S.MULTIPICKLIST)
    assert mapping_problems([checkboxes]) == ()
    (problem,) = mapping_problems(
        [attrs.evolve(checkboxes, salesforce_type=S.PICKLIST)]
    )
    assert problem == MappingProblem(
        mapping=attrs.evolve(checkboxes, salesforce_type=S.PICKLIST),
        rule="FM-5",
        detail="contacts.interests (checkbox) <-> Contact.Interests__c (picklist): "
        "a HubSpot 'checkbox' property (multiple checkboxes) maps only to "
        "Salesforce multipicklist fields, not 'picklist'.",
    )
    dropdown = pair(H.ENUMERATION, F.SELECT, S.PICKLIST)
    assert mapping_problems([dropdown]) == ()
    assert [
        p.rule
        for p in mapping_problems(
            [attrs.evolve(dropdown, salesforce_type=S.MULTIPICKLIST)]
        )
    ] == ["FM-5"]


@pytest.mark.parametrize("stype", [S.PICKLIST, S.MULTIPICKLIST])
def test_fm5_an_enumeration_without_its_field_type_is_refused_as_ambiguous(
    stype: SalesforceFieldType,
) -> None:
    """FM-5: 'enumeration' alone no longer means a dropdown: HubSpot shows
    dropdowns, radio selects and checkboxes with that one type, and they map
    to different Salesforce types, so the fieldType must be given; the old
    meaning is deprecated with a warning."""
    with pytest.warns(DeprecationWarning, match="hubspot_field_type"):
        alone = pair(H.ENUMERATION, None, stype)
    (problem,) = mapping_problems([alone])
    assert problem.rule == "FM-5"
    assert problem.detail == (
        f"contacts.interests (enumeration) <-> Contact.Interests__c ({stype.value}): "
        "a HubSpot 'enumeration' property maps to Salesforce fields by the "
        "way HubSpot shows it, and its fieldType is not given: 'booleancheckbox' "
        "maps to boolean; 'checkbox' to multipicklist; 'radio', 'select' to "
        "picklist, reference; 'calculation_equation' to no Salesforce field. "
        "Give hubspot_field_type, as HubSpot's properties API reports it."
    )


def test_fm5_a_type_with_one_shape_needs_no_field_type() -> None:
    """FM-5: a type with one shape needs no field type."""
    for htype, stype in [
        (H.BOOL, S.BOOLEAN),
        (H.NUMBER, S.DOUBLE),
        (H.DATE, S.DATE),
        (H.DATETIME, S.DATETIME),
    ]:
        assert mapping_problems([pair(htype, None, stype)]) == ()
    (problem,) = mapping_problems([pair(H.NUMBER, None, S.STRING)])
    assert "a HubSpot 'number' property maps only to Salesforce currency" in (
        problem.detail
    )


def test_fm5_a_pair_hubspot_does_not_have_is_refused() -> None:
    """FM-5: a pair HubSpot does not have is refused."""
    (problem,) = mapping_problems([pair(H.NUMBER, F.CHECKBOX, S.MULTIPICKLIST)])
    assert problem == MappingProblem(
        mapping=pair(H.NUMBER, F.CHECKBOX, S.MULTIPICKLIST),
        rule="FM-5",
        detail="contacts.interests (checkbox) <-> Contact.Interests__c "
        "(multipicklist): HubSpot has no 'number' property shown as 'checkbox' "
        "(a 'number' property is shown as calculation_equation, "
        "calculation_read_time, calculation_rollup, calculation_score, number).",
    )


@given(
    data=st.data(),
    htype=st.sampled_from([h for h in HubSpotPropertyType if h is not H.USER]),
    stype=st.sampled_from(SalesforceFieldType),
)
def test_fm5_every_pair_hubspot_knows_is_decided_by_its_field_type(
    data: st.DataObject,
    htype: HubSpotPropertyType,
    stype: SalesforceFieldType,
) -> None:
    """FM-5 on the pair: a mapping is accepted exactly when its fieldType's
    row of the catalogue's matrix holds the Salesforce type; fieldTypes
    outside the matrix (files, HTML, phone numbers, calculations) never
    map."""
    ftype = data.draw(st.sampled_from(sorted(API_FIELD_TYPES[htype.value])))
    m = pair(htype, HubSpotFieldType(ftype), stype, prop="p")
    accepted = stype.value in FM5_BY_FIELD_TYPE.get(ftype, set())
    assert (mapping_problems([m]) == ()) is accepted


def test_fm5_hubspot_field_types_follow_the_properties_api() -> None:
    """FM-5: HubSpot field types follow the properties API."""
    assert {
        t.value: {f.value for f in fs} for t, fs in HUBSPOT_FIELD_TYPES.items()
    } == API_FIELD_TYPES
    table = {
        f.value: {s.value for s in ss} for f, ss in FIELD_TYPE_COMPATIBILITY.items()
    }
    assert table == FM5_BY_FIELD_TYPE


@pytest.mark.parametrize(
    ("legacy", "htype", "ftype"),
    [
        (H.SELECT, H.ENUMERATION, F.SELECT),
        (H.RADIO, H.ENUMERATION, F.RADIO),
        (H.CHECKBOX, H.ENUMERATION, F.CHECKBOX),
        (H.BOOLEAN_CHECKBOX, H.BOOL, F.BOOLEAN_CHECKBOX),
        (H.TEXT, H.STRING, F.TEXT),
        (H.TEXTAREA, H.STRING, F.TEXTAREA),
        (H.FILE, H.STRING, F.FILE),
        (H.HTML, H.STRING, F.HTML),
        (H.CALCULATION, H.NUMBER, F.CALCULATION_EQUATION),
    ],
)
def test_fm5_old_field_type_spellings_still_work_as_the_pair(
    legacy: HubSpotFieldType, htype: HubSpotPropertyType, ftype: HubSpotFieldType
) -> None:
    """FM-5: The old one-word spellings (`HubSpotPropertyType.TEXT`, JSON
    ``"hubspot_type": "text"``) named a fieldType; they keep their meaning and
    become the pair."""
    old = mapping("p", legacy, "F__c", S.STRING)
    assert (old.hubspot_type, old.hubspot_field_type) == (htype, ftype)
    assert old == attrs.evolve(
        pair(htype, ftype, S.STRING, prop="p"), salesforce_field="F__c"
    )
    raw = unstructure(old)
    assert (raw["hubspot_type"], raw["hubspot_field_type"]) == (
        htype.value,
        ftype.value,
    )
    legacy_json = {**raw, "hubspot_type": ftype.value}
    del legacy_json["hubspot_field_type"]
    assert structure(legacy_json, FieldMapping) == old
    assert structure(raw, FieldMapping) == old


def test_fm5_an_old_spelling_that_contradicts_the_field_type_is_refused() -> None:
    """FM-5: an old spelling that contradicts the field type is refused."""
    with pytest.raises(InvalidSettingsError) as caught:
        FieldMapping(
            hubspot_object=HubSpotObject.CONTACT,
            hubspot_property="p",
            hubspot_type=H.TEXT,
            hubspot_field_type=F.TEXTAREA,
            salesforce_object=SalesforceObject.CONTACT,
            salesforce_field="F__c",
            salesforce_type=S.TEXTAREA,
        )
    assert str(caught.value) == (
        "hubspot_type 'text' is an old spelling of type 'string' with fieldType "
        "'text', which contradicts hubspot_field_type 'textarea'"
    )


def test_fm5_type_compatibility_is_deprecated_for_field_type_compatibility() -> None:
    """FM-5: type compatibility is deprecated for field type compatibility."""
    import crmsync_rules

    with pytest.warns(DeprecationWarning, match="FIELD_TYPE_COMPATIBILITY"):
        old = crmsync_rules.TYPE_COMPATIBILITY
    assert old is FIELD_TYPE_COMPATIBILITY
    with pytest.raises(AttributeError):
        _ = crmsync_rules.NO_SUCH_NAME
