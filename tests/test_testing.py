"""crmsync_rules.testing: a fake for every Protocol, behaving like the real
thing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules import HubSpotContact, IntegrationSettings, typing
from crmsync_rules import strategies as cs
from crmsync_rules.codec import structure, unstructure
from crmsync_rules.errors import SnapshotError
from crmsync_rules.model import StaticInclusionList, email_key
from crmsync_rules.testing import FAKES, FakeInclusionList
from crmsync_rules.typing import InclusionList

JAN = HubSpotContact(id="501", email="jan@vries.nl")
ANNA = HubSpotContact(id="502", email="anna@vries.nl")


def test_every_protocol_has_a_fake_that_satisfies_it() -> None:
    protocols = {getattr(typing, name) for name in typing.__all__}
    assert set(FAKES) == protocols
    for protocol, fake in FAKES.items():
        assert isinstance(fake(), protocol)


def test_a_fake_inclusion_list_is_an_inclusion_list_to_mypy_too() -> None:
    fake: InclusionList = FakeInclusionList(name="MQLs only")
    assert fake.name == "MQLs only"


def test_membership_changes_between_calls_as_contacts_join_and_leave() -> None:
    fake = FakeInclusionList()
    assert not fake.includes(JAN)
    fake.add(JAN, "502")
    assert fake.includes(JAN)
    assert fake.includes(ANNA)
    fake.remove(JAN)
    assert not fake.includes(JAN)
    assert fake.includes(ANNA)
    fake.remove("999")  # not a member: nothing happens, as in HubSpot
    assert fake.members == {"502"}


def test_asked_records_every_question_in_order() -> None:
    fake = FakeInclusionList.of([ANNA])
    fake.includes(JAN)
    fake.includes(ANNA)
    fake.includes(JAN)
    assert fake.asked == ["501", "502", "501"]


def test_members_given_to_the_constructor_are_copied() -> None:
    ids = ["501"]
    fake = FakeInclusionList(members=ids)
    ids.append("502")
    assert not fake.includes(ANNA)


def test_includes_refuses_what_is_not_a_contact() -> None:
    with pytest.raises(TypeError, match=r"takes a HubSpotContact, got '501'"):
        FakeInclusionList().includes("501")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "  ", 501, None])
def test_add_and_remove_refuse_what_is_not_a_contact_or_an_id(bad: object) -> None:
    with pytest.raises(TypeError, match=r"add\(\) takes HubSpot contacts or their ids"):
        FakeInclusionList().add(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"remove\(\) takes"):
        FakeInclusionList().remove(bad)  # type: ignore[arg-type]


@given(
    st.lists(cs.hubspot_contacts(), max_size=6, unique_by=lambda c: c.id),
    st.data(),
)
def test_a_fake_answers_like_the_static_list_of_its_members(
    contacts: list[HubSpotContact], data: st.DataObject
) -> None:
    """The fake behaves like the real thing: for the same members, the same
    answers as `StaticInclusionList` (SYNC-2)."""
    members = data.draw(
        st.lists(st.sampled_from(contacts)) if contacts else st.just([])
    )
    fake = FakeInclusionList.of(members, name="Sync to Salesforce")
    real = StaticInclusionList(
        name="Sync to Salesforce", contact_ids=frozenset(c.id for c in members)
    )
    assert [fake.includes(c) for c in contacts] == [real.includes(c) for c in contacts]
    assert fake.freeze() == real


def test_settings_take_a_fake_and_the_codec_writes_its_frozen_form() -> None:
    fake = FakeInclusionList.of([JAN], name="MQLs only")
    settings = IntegrationSettings(
        integrated_on=dt.date(2020, 1, 1), inclusion_list=fake
    )
    assert settings.inclusion_list is fake
    with pytest.raises(SnapshotError, match="only the built-in inclusion lists"):
        unstructure(settings)
    frozen = IntegrationSettings(
        integrated_on=dt.date(2020, 1, 1), inclusion_list=fake.freeze()
    )
    assert structure(unstructure(frozen), IntegrationSettings) == frozen


def test_own4_fake_owner_directory_answers_like_the_static_one() -> None:
    """OWN-4: fake owner directory answers like the static one."""
    from crmsync_rules import HubSpotOwner, SalesforceUser, map_owner
    from crmsync_rules.owners import OwnerAction, OwnerSyncDirection
    from crmsync_rules.testing import FakeOwnerDirectory

    ada = SalesforceUser(
        id="005A", email="ADA@acme-corp.com ", first_name="Ada", last_name="Lovelace"
    )
    owner = HubSpotOwner(
        id="101", email="ada@acme-corp.com", first_name="Ada", last_name="Lovelace"
    )
    directory = FakeOwnerDirectory([ada, owner])
    matched = map_owner(
        "101", direction=OwnerSyncDirection.TO_SALESFORCE, owners=directory
    )
    assert matched.action is OwnerAction.SET
    assert matched.owner_id == "005A"
    # The user is deactivated between two syncs: OWN-4 no longer matches.
    directory.add(
        SalesforceUser(
            id="005A",
            email=ada.email,
            first_name="Ada",
            last_name="Lovelace",
            is_active=False,
        )
    )
    reverted = map_owner(
        "101",
        direction=OwnerSyncDirection.TO_SALESFORCE,
        owners=directory,
        last_salesforce_owner_id="005B",
    )
    assert reverted.action is OwnerAction.REVERT
    assert "OWN-5" in [r.rule for r in reverted.reasons]
    assert ("hubspot_owner", "101") in directory.asked
    assert directory.freeze() == directory.freeze()
    assert directory.salesforce_owner("005A") == directory.freeze().salesforce_owner(
        "005A"
    )
    key = email_key(owner.email)
    assert directory.hubspot_owners_with_email(key) == (owner,)
    assert ("hubspot_owners_with_email", key) in directory.asked
    directory.remove("101")
    assert directory.hubspot_owner("101") is None
