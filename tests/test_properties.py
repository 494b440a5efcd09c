"""Records keep everything an export holds: `Properties`, `PropertyHistory`,
the creation and update times (issue "Real exports in")."""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules.codec import structure, unstructure
from crmsync_rules.errors import InvalidRecordError, SnapshotError
from crmsync_rules.model import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotOwner,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
)
from crmsync_rules.model._properties import (
    EMPTY_HISTORY,
    EMPTY_PROPERTIES,
    Properties,
    PropertyChange,
    PropertyHistory,
    PropertyValue,
)

UTC = dt.timezone.utc
MAY = dt.datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def test_properties_are_a_read_only_mapping_equal_to_a_dict() -> None:
    props = Properties({"jobtitle": "CTO", "numemployees": 40, "phone": None})
    assert props["jobtitle"] == "CTO"
    assert props["phone"] is None
    assert "phone" in props
    assert "fax" not in props
    assert list(props) == ["jobtitle", "numemployees", "phone"]
    assert list(props.values()) == ["CTO", 40, None]
    assert props == {"numemployees": 40, "phone": None, "jobtitle": "CTO"}
    assert props != {"jobtitle": "CTO"}
    assert props != ["jobtitle"]
    with pytest.raises(KeyError, match="fax"):
        props["fax"]
    with pytest.raises(AttributeError):
        props._names = ()


def test_properties_hash_like_equal_properties_and_survive_pickling() -> None:
    items: dict[str, PropertyValue | None] = {"a": 1, "b": ("x", "y")}
    one = Properties(items)
    two = Properties.from_columns(("b", "a"), (("x", "y"), 1))
    assert one == two
    assert hash(one) == hash(two)
    assert pickle.loads(pickle.dumps(one)) == one
    assert repr(one) == "Properties({'a': 1, 'b': ('x', 'y')})"


def test_properties_from_columns_shares_the_names_tuple() -> None:
    names = ("jobtitle", "phone")
    first = Properties.from_columns(names, ("CTO", None))
    second = Properties.from_columns(names, ("CFO", "+31 20"))
    assert first._names is second._names is names
    with pytest.raises(ValueError, match="2 names but 1 values"):
        Properties.from_columns(names, ("CTO",))
    with pytest.raises(ValueError, match="repeats"):
        Properties.from_columns(("a", "a"), (1, 2))


def test_a_record_takes_a_plain_dict_as_its_properties() -> None:
    contact = HubSpotContact(id="1", properties={"jobtitle": "CTO"})
    assert isinstance(contact.properties, Properties)
    assert contact.properties == {"jobtitle": "CTO"}
    assert HubSpotContact(id="1", properties={}).properties is EMPTY_PROPERTIES
    assert HubSpotContact(id="1").properties is EMPTY_PROPERTIES
    same = Properties({"a": 1})
    assert HubSpotContact(id="1", properties=same).properties is same


def test_history_lists_changes_newest_first() -> None:
    old = PropertyChange(value="Developer", timestamp=MAY - dt.timedelta(days=400))
    new = PropertyChange(value="CTO", timestamp=MAY, source_type="CRM_UI")
    history = PropertyHistory({"jobtitle": [old, new]})
    assert history["jobtitle"] == (new, old)
    assert history.latest("jobtitle") == new
    assert history.latest("phone") is None
    assert "jobtitle" in history
    assert "phone" not in history
    assert list(history) == ["jobtitle"]
    assert len(history) == 1
    assert history == {"jobtitle": (new, old)}
    assert history != 3
    assert hash(history) == hash(PropertyHistory({"jobtitle": [new, old]}))
    assert pickle.loads(pickle.dumps(history)) == history
    assert "PropertyHistory" in repr(history)
    with pytest.raises(AttributeError):
        history._changes = {}
    contact = HubSpotContact(id="1", history={"jobtitle": [old, new]})
    assert contact.history == history
    assert HubSpotContact(id="1", history={}).history is EMPTY_HISTORY
    assert HubSpotContact(id="1", history=history).history is history


def test_a_change_time_must_carry_a_time_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        PropertyChange(value="x", timestamp=dt.datetime(2024, 5, 1))


ALL_KINDS = (
    HubSpotContact,
    HubSpotCompany,
    HubSpotDeal,
    HubSpotOwner,
    SalesforceLead,
    SalesforceContact,
    SalesforceAccount,
    SalesforceOpportunity,
    SalesforceUser,
    SalesforceQueue,
)


def _minimal(cls: type[object]) -> dict[str, object]:
    required = {
        a.name: "x@example.com" if a.name == "email" else "Q1"
        for a in attrs.fields(cls)  # type: ignore[arg-type]
        if a.default is attrs.NOTHING and a.name != "id"
    }
    return {"id": "r1", **required}


@pytest.mark.parametrize("cls", ALL_KINDS, ids=lambda c: c.__name__)
def test_every_kind_of_record_keeps_times_and_properties(cls: type[object]) -> None:
    record = cls(  # type: ignore[call-arg]
        **_minimal(cls),
        created_at=MAY,
        updated_at=MAY,
        properties={"custom__c": "x"},
    )
    assert structure(unstructure(record), cls) == record


@pytest.mark.parametrize("field", ["created_at", "updated_at"])
def test_a_naive_record_time_is_refused_naming_the_field(field: str) -> None:
    with pytest.raises(InvalidRecordError, match=field):
        SalesforceLead(id="00Q1", **{field: dt.datetime(2024, 5, 1)})  # type: ignore[arg-type]
    with pytest.raises(InvalidRecordError, match="system_modstamp"):
        SalesforceLead(id="00Q1", system_modstamp=dt.datetime(2024, 5, 1))


VALUES: st.SearchStrategy[PropertyValue | None] = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.just(UTC)),
    st.lists(st.text(max_size=5), max_size=3).map(tuple),
)


@given(
    props=st.dictionaries(st.text(min_size=1, max_size=10), VALUES, max_size=8),
    history=st.dictionaries(
        st.text(min_size=1, max_size=10),
        st.lists(
            st.builds(
                PropertyChange,
                value=VALUES,
                timestamp=st.datetimes(timezones=st.just(UTC)),
                source_type=st.none() | st.sampled_from(["CRM_UI", "SALESFORCE"]),
            ),
            min_size=1,
            max_size=3,
            unique_by=lambda c: c.timestamp,
        ),
        max_size=3,
    ),
    created=st.none() | st.datetimes(timezones=st.just(UTC)),
)
def test_the_native_format_round_trips_typed_properties_and_history(
    props: dict[str, PropertyValue | None],
    history: dict[str, list[PropertyChange]],
    created: dt.datetime | None,
) -> None:
    contact = HubSpotContact(
        id="1", created_at=created, properties=props, history=history
    )
    again = structure(unstructure(contact), HubSpotContact)
    assert again == contact
    # a date stays a date and a date-time a date-time, never text
    assert {k: type(v) for k, v in again.properties.items()} == {
        k: type(v) for k, v in contact.properties.items()
    }


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"created_at": "2024-05-01T09:30:00"}, "with a time zone"),
        ({"created_at": 5}, "expected a string"),
        ({"properties": []}, "expected an object"),
        ({"properties": {"x": {"when": 1}}}, "x: expected text"),
        ({"properties": {"x": [1]}}, "x: expected a list of strings"),
        ({"properties": {"x": {"date": "May"}}}, "YYYY-MM-DD"),
        ({"history": []}, "expected an object"),
        ({"history": {"x": [{"value": 1}]}}, "timestamp: required field missing"),
        ({"history": {"x": [3]}}, "expected an object"),
        (
            {"history": {"x": [{"timestamp": "2024-05-01T00:00:00Z", "by": 1}]}},
            "by",
        ),
    ],
)
def test_bad_times_and_properties_are_refused_at_their_path(
    raw: dict[str, object], message: str
) -> None:
    with pytest.raises(SnapshotError, match=message):
        structure({"id": "1", **raw}, HubSpotContact)


def test_a_change_with_a_source_reads_and_writes_it() -> None:
    raw = {
        "id": "1",
        "history": {
            "jobtitle": [
                {
                    "value": "CTO",
                    "timestamp": "2024-05-01T09:30:00.000+0000",
                    "source_type": "CRM_UI",
                }
            ]
        },
    }
    contact = structure(raw, HubSpotContact)
    change = contact.history["jobtitle"][0]
    assert change == PropertyChange(value="CTO", timestamp=MAY, source_type="CRM_UI")
    assert unstructure(contact)["history"]["jobtitle"][0] == {
        "value": "CTO",
        "timestamp": "2024-05-01T09:30:00Z",
        "source_type": "CRM_UI",
    }


@pytest.mark.parametrize(
    "value",
    [
        "text",
        "",
        None,
        True,
        False,
        0,
        -12,
        10**30,
        1.5,
        -0.0,
        dt.date(2024, 5, 1),
        MAY,
        dt.datetime(
            2024, 5, 1, 11, 30, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))
        ),
        (),
        ("",),
        ("a", ""),
        ("pricing", "api"),
    ],
)
def test_every_kind_of_value_reads_back_with_its_type(
    value: PropertyValue | None,
) -> None:
    props = Properties.from_columns(("x", "y"), (value, "after"))
    assert type(props["x"]) is type(value)
    assert props["x"] == value
    assert props["y"] == "after"
    assert isinstance(props._data, str)  # kept packed


@pytest.mark.parametrize(
    "value", ["a\x1fb", ("a\x1eb",), ("a\x1fb",), ["a"], dt.timedelta(1)]
)
def test_values_that_cannot_be_packed_are_kept_as_they_are(value: object) -> None:
    props = Properties({"x": value, "y": 1})  # type: ignore[arg-type]
    assert props["x"] == value
    assert props["y"] == 1
    assert isinstance(props._data, tuple)
    assert props == {"x": value, "y": 1}


def test_equal_values_of_other_types_compare_as_python_compares_them() -> None:
    # Packed differently ("b1" and "i1"), equal as a dict holds them.
    assert Properties({"x": True}) == Properties({"x": 1})
    assert hash(Properties({"x": True})) == hash(Properties({"x": 1}))
    assert Properties({"x": 1}) != Properties({"x": 2})
