"""The settings file people write (issue 15, item 5): the JSON Schema shipped
in the package and in docs/ agrees with the code, every example validates,
and what the schema refuses the reader refuses too.

The schema is a published file, written by hand; these tests derive what it
must say from `attrs.fields` and the enums, so a field added to
`IntegrationSettings` or `FieldMapping` without its schema entry fails here.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import subprocess
import sys
import types
import typing
from pathlib import Path
from typing import Any, Union

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules import IntegrationSettings, lint_settings
from crmsync_rules._sample import sample_snapshot_text
from crmsync_rules.codec import (
    SYNC_RULE_LABELS,
    settings_example,
    settings_schema,
    structure,
    unstructure,
)
from crmsync_rules.errors import SnapshotError
from crmsync_rules.mappings import FieldMapping, SyncRule
from crmsync_rules.model._api_names import CONTACT_PROPERTIES
from crmsync_rules.model._field_types import OLD_HUBSPOT_TYPE_SPELLINGS
from crmsync_rules.model._inclusion import (
    CriteriaInclusionList,
    Criterion,
    DefaultInclusionList,
    StaticInclusionList,
)
from crmsync_rules.model._salesforce import SalesforceObject
from crmsync_rules.model._settings import ConnectorVersion, SalesforceEdition
from crmsync_rules.strategies import integration_settings

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PACKAGED = ROOT / "src" / "crmsync_rules" / "data" / "settings.schema.json"

Validator = jsonschema.Draft202012Validator
SCHEMA = settings_schema()
# Formats checked too: "2021-02-30" is refused like the reader refuses it.
VALIDATOR = Validator(SCHEMA, format_checker=Validator.FORMAT_CHECKER)


def schema_problems(document: object) -> list[str]:
    return [f"{e.message} @ {e.json_path}" for e in VALIDATOR.iter_errors(document)]


def reader_accepts(document: object) -> bool:
    try:
        structure(document, IntegrationSettings, source="settings.json")
    except SnapshotError:
        return False
    return True


# --- the published files -----------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Validator.check_schema(SCHEMA)


def test_docs_publish_the_packaged_schema_byte_for_byte() -> None:
    # settings_schema() reads the packaged file through importlib.resources;
    # the copy in docs/ is the one the documentation links.
    assert (DOCS / "settings.schema.json").read_bytes() == PACKAGED.read_bytes()
    assert json.loads(PACKAGED.read_text("utf-8")) == SCHEMA
    # The file is written as json.dumps(indent=2) writes it, so a change made
    # with a script and one made by hand give the same text.
    assert PACKAGED.read_text("utf-8") == json.dumps(SCHEMA, indent=2) + "\n"


def test_settings_schema_returns_a_new_dict_each_call() -> None:
    first = settings_schema()
    first["required"].append("edition")
    assert settings_schema()["required"] == ["integrated_on"]


# --- (a) every example validates --------------------------------------------


def _json_blocks(path: Path) -> list[str]:
    return re.findall(r"```json\n(.*?)```", path.read_text("utf-8"), re.S)


EXAMPLES = [
    pytest.param(json.loads(sample_snapshot_text())["settings"], id="sample"),
    pytest.param(json.loads(settings_example()), id="settings --example"),
    *(
        pytest.param(json.loads(text), id=f"{path.name} block {index}")
        for path in (DOCS / "settings.md", ROOT / "README.md")
        for index, text in enumerate(_json_blocks(path))
    ),
]


@pytest.mark.parametrize("document", EXAMPLES)
def test_every_example_validates_and_is_read_without_findings(
    document: dict[str, Any],
) -> None:
    assert schema_problems(document) == []
    settings = structure(document, IntegrationSettings, source="example")
    assert lint_settings(settings) == ()


def test_the_starter_uses_every_ui_rule_name_and_comments() -> None:
    starter = json.loads(settings_example())
    rules = [m["rule"] for m in starter["mappings"]]
    assert sorted(rules) == sorted(SYNC_RULE_LABELS.values())
    assert "$comment" in starter
    read = structure(starter, IntegrationSettings, source="starter")
    assert [m.rule for m in read.mappings] == [
        SyncRule.TWO_WAY,
        SyncRule.PREFER_SALESFORCE_UNLESS_BLANK,
        SyncRule.ALWAYS_USE_SALESFORCE,
        SyncRule.DONT_SYNC,
    ]


# --- (b) the schema agrees with the code ------------------------------------

# Each class the settings hold, and where the schema describes it.
DEFINITIONS: dict[type[Any], tuple[str, ...]] = {
    IntegrationSettings: (),
    FieldMapping: ("$defs", "mapping"),
    StaticInclusionList: ("$defs", "static_list"),
    CriteriaInclusionList: ("$defs", "criteria_list"),
    DefaultInclusionList: ("$defs", "default_list"),
    Criterion: ("$defs", "criterion"),
}
# Keys an object has besides its class's fields.
EXTRA_KEYS: dict[type[Any], set[str]] = {
    IntegrationSettings: {"$schema"},
    StaticInclusionList: {"kind"},
    CriteriaInclusionList: {"kind"},
    DefaultInclusionList: {"kind"},
}


def _definition(cls: type[Any]) -> dict[str, Any]:
    node: dict[str, Any] = SCHEMA
    for key in DEFINITIONS[cls]:
        node = node[key]
    return node


def _enum_values(fragment: dict[str, Any]) -> list[object]:
    """The values a fragment lists: its ``enum``, or its first ``anyOf``
    branch's (the second is then the pattern of the other spellings)."""
    if "enum" in fragment:
        return list(fragment["enum"])
    return list(fragment["anyOf"][0]["enum"])


def _json_types(fragment: dict[str, Any]) -> set[str]:
    if "anyOf" in fragment:
        return set().union(*(_json_types(branch) for branch in fragment["anyOf"]))
    kind = fragment.get("type", [])
    return {kind} if isinstance(kind, str) else set(kind)


def _without_none(hint: object) -> tuple[object, bool]:
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else Union[tuple(rest)]), True  # noqa: UP007
    return hint, False


# What the schema says beyond the type, on purpose, each derived from code.
WIDER_ENUMS: dict[tuple[type[Any], str], list[str]] = {
    # The old one-word spellings the codec reads as a (type, fieldType) pair.
    (FieldMapping, "hubspot_type"): list(OLD_HUBSPOT_TYPE_SPELLINGS),
}


def _narrowed_new_records_as() -> list[str]:
    """The objects `IntegrationSettings` takes as ``new_records_as``."""
    taken = []
    for obj in SalesforceObject:
        try:
            IntegrationSettings(integrated_on=dt.date(2021, 2, 1), new_records_as=obj)
        except Exception:
            continue
        taken.append(obj.value)
    return taken


NARROWER_ENUMS: dict[tuple[type[Any], str], list[str]] = {
    (IntegrationSettings, "new_records_as"): _narrowed_new_records_as(),
    # A string its validator holds to the properties lists can read.
    (Criterion, "property"): sorted(CONTACT_PROPERTIES),
}


@pytest.mark.parametrize("cls", list(DEFINITIONS), ids=lambda c: c.__name__)
def test_every_field_is_in_the_schema_with_its_requiredness(cls: type[Any]) -> None:
    definition = _definition(cls)
    fields = attrs.fields(cls)
    assert set(definition["properties"]) == {f.name for f in fields} | EXTRA_KEYS.get(
        cls, set()
    )
    required = {f.name for f in fields if f.default is attrs.NOTHING}
    assert set(definition["required"]) == required | (
        EXTRA_KEYS.get(cls, set()) - {"$schema"}
    )
    assert definition["additionalProperties"] is False
    assert list(definition["patternProperties"]) == ["^\\$comment"]


@pytest.mark.parametrize(
    ("cls", "field"),
    [(cls, field) for cls in DEFINITIONS for field in attrs.fields(cls)],
    ids=lambda v: getattr(v, "__name__", None) or getattr(v, "name", ""),
)
def test_every_field_has_its_type_enum_values_and_default(
    cls: type[Any], field: attrs.Attribute[Any]
) -> None:
    fragment = _definition(cls)["properties"][field.name]
    hint, optional = _without_none(typing.get_type_hints(cls)[field.name])
    if field.default is not attrs.NOTHING:
        # The default a schema-aware editor offers is the one the reader
        # takes.
        written = json.loads(json.dumps(unstructure(field.default)))
        assert fragment["default"] == written
    else:
        assert "default" not in fragment
    if field.name == "inclusion_list":
        assert [b.get("$ref") or b["type"] for b in fragment["anyOf"]] == [
            "null",
            "#/$defs/static_list",
            "#/$defs/criteria_list",
            "#/$defs/default_list",
        ]
        return
    key = (cls, field.name)
    if (
        isinstance(hint, type) and issubclass(hint, enum.Enum)
    ) or key in NARROWER_ENUMS:
        values: list[object] = [
            m.value for m in getattr(hint, "__members__", {}).values()
        ]
        if key in NARROWER_ENUMS:
            values = list(NARROWER_ENUMS[key])
        values += WIDER_ENUMS.get(key, [])
        if optional:
            values.append(None)
        assert _enum_values(fragment) == values
        return
    types_ = _json_types(fragment)
    scalars: dict[object, set[str]] = {
        bool: {"boolean"},
        int: {"integer"},
        str: {"string"},
        dt.date: {"string"},
        ConnectorVersion: {"string"},
    }
    expected = scalars.get(typing.get_origin(hint) or hint, {"array"})
    assert types_ == expected | ({"null"} if optional else set())
    if typing.get_origin(hint) in (tuple, frozenset):
        (element, *_rest) = typing.get_args(hint)
        items = (
            fragment["items"] if "items" in fragment else fragment["anyOf"][0]["items"]
        )
        if element is str:
            assert items == {"type": "string"}
        else:
            assert items == {"$ref": "#/" + "/".join(DEFINITIONS[element])}


def test_the_rule_and_edition_patterns_read_the_documented_spellings() -> None:
    rule = SCHEMA["$defs"]["mapping"]["properties"]["rule"]
    assert rule["examples"] == list(SYNC_RULE_LABELS.values())
    for label in SYNC_RULE_LABELS.values():
        for spelling in (label, label.upper(), label.lower(), label.swapcase()):
            mapping = {**BASE_MAPPING, "rule": spelling}
            document = {"integrated_on": "2021-02-01", "mappings": [mapping]}
            assert schema_problems(document) == []
            assert reader_accepts(document)
    for edition in SalesforceEdition:
        for spelling in (
            edition.label,
            edition.name,
            edition.value,
            edition.name.lower(),
        ):
            document = {"integrated_on": "2021-02-01", "edition": spelling}
            assert schema_problems(document) == []
            assert reader_accepts(document)


# --- (c) what the schema refuses, the reader refuses ------------------------


@given(integration_settings())
def test_any_settings_the_strategies_build_validate(
    settings: IntegrationSettings,
) -> None:
    document = json.loads(json.dumps(unstructure(settings)))
    assert schema_problems(document) == []


BASE_MAPPING: dict[str, Any] = {
    "hubspot_object": "contacts",
    "hubspot_property": "jobtitle",
    "hubspot_type": "string",
    "hubspot_field_type": "text",
    "salesforce_object": "Contact",
    "salesforce_field": "Title",
    "salesforce_type": "string",
}


def _with(**changes: object) -> dict[str, object]:
    return {"integrated_on": "2021-02-01", **changes}


def _mapping(**changes: object) -> dict[str, object]:
    mapping = {k: v for k, v in {**BASE_MAPPING, **changes}.items() if v is not None}
    return _with(mappings=[mapping])


def _criterion(**criterion: object) -> dict[str, object]:
    return _with(
        inclusion_list={"kind": "criteria", "name": "List", "criteria": [criterion]}
    )


REFUSED = {
    "no integrated_on": {"account_sync": True},
    "a typo": _with(acount_sync=True),
    "a day that does not exist": _with(integrated_on="2021-02-30"),
    "a basic ISO date": _with(integrated_on="20210201"),
    "a week date": _with(integrated_on="2021-W05-1"),
    "a string for a boolean": _with(account_sync="true"),
    "no portal": _with(portals=0),
    "a negative allocation": _with(api_call_allocation=-1),
    "an unknown edition": _with(edition="Group Editions"),
    "an edition in look-alike letters": _with(edition="Profeßional"),
    "a version in other digits": _with(connector_version="2.\u0666\u0660"),
    "a version with letters": _with(connector_version="v2.60"),
    "new records as accounts": _with(new_records_as="Account"),
    "a number as a comment": _with(**{"$comment": 3}),
    "a number as $schema": _with(**{"$schema": 1}),
    "a comment with a number in it": _with(**{"$comment note": ["a", 1]}),
    "$schema in a mapping": _mapping(**{"$schema": "x"}),
    "an unknown key in a mapping": _mapping(rules="Two-way"),
    "a rule in other words": _mapping(rule="two way"),
    "a rule with a space after it": _mapping(rule="Two-way "),
    "a rule with a typographic apostrophe": _mapping(rule="Don\u2019t sync"),
    "a rule in look-alike letters": _mapping(rule="Two-wa\u0443"),
    "a mapping without its Salesforce type": _mapping(salesforce_type=None),
    "a mapping without its HubSpot type": _mapping(hubspot_type=None),
    "an unknown HubSpot type": _mapping(hubspot_type="multi"),
    "an unknown list kind": _with(inclusion_list={"kind": "dynamic", "name": "L"}),
    "a list without its kind": _with(inclusion_list={"name": "L"}),
    "is with two values": _criterion(
        property="email", operator="is", values=["a", "b"]
    ),
    "is_known with a value": _criterion(
        property="email", operator="is_known", values=["a"]
    ),
    "is_any_of without values": _criterion(property="email", operator="is_any_of"),
    "a property lists cannot read": _criterion(property="phone", operator="is_known"),
}


@pytest.mark.parametrize("document", list(REFUSED.values()), ids=list(REFUSED))
def test_what_the_schema_refuses_the_reader_refuses(document: object) -> None:
    assert schema_problems(document) != []
    assert not reader_accepts(document)


ACCEPTED = {
    "a rule in the UI's words": _mapping(rule="Prefer Salesforce unless blank"),
    "a rule in capitals": _mapping(rule="DON'T SYNC"),
    "a rule as its value": _mapping(rule="always_use_salesforce"),
    "comments everywhere": {
        "$comment": ["a", "b"],
        "$comment integrated_on": "the day",
        "$schema": "settings.schema.json",
        "integrated_on": "2021-02-01",
        "mappings": [{"$comment": "a note", **BASE_MAPPING}],
        "inclusion_list": {
            "$comment": "a note",
            "kind": "criteria",
            "name": "List",
            "criteria": [
                {"$comment": "x", "property": "email", "operator": "is_known"}
            ],
        },
    },
    "an edition as people type it": _with(edition=" contact-manager_EDITION "),
    "a version with spaces": _with(connector_version=" 2.60\t"),
}


@pytest.mark.parametrize("document", list(ACCEPTED.values()), ids=list(ACCEPTED))
def test_what_the_reader_accepts_the_schema_accepts(document: object) -> None:
    assert schema_problems(document) == []
    assert reader_accepts(document)


def _mangled(text: str, flips: list[bool], around: tuple[str, str]) -> str:
    cased = "".join(
        c.swapcase() if flip else c for c, flip in zip(text, flips, strict=False)
    )
    return around[0] + cased + text[len(flips) :] + around[1]


# Letters and separators where the reader and a pattern could part ways:
# ASCII and Unicode whitespace, look-alikes that casefold to ASCII, other
# digits.
_EDGES = " \t\n\x0b\x0c\r\x1c\x1f\x85\xa0\u2003_-.'\u017f\u00df\u212a\u0130\u0666"
_SPELLINGS = st.one_of(
    st.text(alphabet=st.sampled_from(_EDGES + "aeiost029"), max_size=8),
    st.builds(
        _mangled,
        st.sampled_from(
            [
                *SYNC_RULE_LABELS.values(),
                *(r.value for r in SyncRule),
                *(e.label for e in SalesforceEdition),
                *(e.value for e in SalesforceEdition),
                *(e.name for e in SalesforceEdition),
                "contact manager",
                "2.60",
                "3",
                "2021-02-01",
            ]
        ),
        st.lists(st.booleans(), max_size=40),
        st.tuples(
            st.text(alphabet=st.sampled_from(_EDGES), max_size=2),
            st.text(alphabet=st.sampled_from(_EDGES), max_size=2),
        ),
    ),
)


@given(text=_SPELLINGS)
def test_a_spelling_the_reader_takes_the_schema_takes(text: str) -> None:
    """Wherever the reader takes other spellings than the values it writes
    (rules, editions, versions, dates), a text it accepts validates: the
    patterns are not narrower than the reader."""
    for document in (
        _mapping(rule=text),
        _with(edition=text),
        _with(connector_version=text),
        _with(integrated_on=text),
    ):
        if reader_accepts(document):
            assert schema_problems(document) == [], document


def test_the_reader_writes_rules_as_their_values() -> None:
    # Snapshots and plans print today's values, byte for byte.
    read = structure(_mapping(rule="Two-way"), IntegrationSettings)
    assert unstructure(read)["mappings"][0]["rule"] == "two_way"


def test_a_rule_in_other_words_is_refused_with_every_spelling() -> None:
    with pytest.raises(SnapshotError) as caught:
        structure(_mapping(rule="two way"), IntegrationSettings, source="s.json")
    assert str(caught.value) == (
        "s.json: 1 problem:\n"
        "  expected one of 'prefer_salesforce_unless_blank', "
        "'always_use_salesforce', 'two_way', 'dont_sync', "
        "'Prefer Salesforce unless blank', 'Always use Salesforce', 'Two-way', "
        "\"Don't sync\" (SyncRule; the UI's words in any letter case), "
        "got 'two way' @ $.mappings[0].rule"
    )


def test_a_bad_comment_is_refused_with_its_place() -> None:
    with pytest.raises(SnapshotError) as caught:
        structure(_mapping(**{"$comment": 3}), IntegrationSettings, source="s.json")
    assert caught.value.problems == (
        "comment '$comment' must be a string or a list of strings, got int 3 "
        "@ $.mappings[0]",
    )


def test_records_take_no_comments() -> None:
    # Comments are for the settings people write; an export's records
    # keep refusing unknown keys.
    from crmsync_rules.model._hubspot import HubSpotContact

    with pytest.raises(SnapshotError, match="unknown field"):
        structure({"id": "1", "$comment": "x"}, HubSpotContact)


# --- the command line -------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crmsync_rules", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_example_prints_a_starter_plan_reads_as_it_is(
    tmp_path: Path,
) -> None:
    printed = run("settings", "--example")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == settings_example()
    starter = tmp_path / "settings.json"
    starter.write_text(printed.stdout, "utf-8")
    planned = run("plan", "--settings", str(starter))
    assert planned.returncode == 0, planned.stderr
    assert planned.stderr == ""
    assert "Findings: none (the settings are clean)" in planned.stdout
    linted = run("lint", "--settings", str(starter))
    assert linted.stdout == "No findings: the settings are clean.\n"


def test_settings_schema_prints_the_published_schema() -> None:
    printed = run("settings", "--schema")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == (DOCS / "settings.schema.json").read_text("utf-8")


def test_settings_needs_to_be_told_what_to_print() -> None:
    result = run("settings")
    assert result.returncode == 2
    assert "one of the arguments --example --schema is required" in result.stderr
    both = run("settings", "--example", "--schema")
    assert both.returncode == 2
