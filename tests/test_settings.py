"""Settings values typed by people: the spellings `SalesforceEdition`
accepts (INST-2, INST-3), in Python and in the settings JSON."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules import CrmSyncRulesError, IntegrationSettings, SalesforceEdition
from crmsync_rules.codec import structure, unstructure
from crmsync_rules.errors import InvalidSettingsError, SnapshotError

E = SalesforceEdition


@pytest.mark.parametrize(
    ("spelling", "edition"),
    [
        # The two: the UI label, with and without " Edition".
        ("Group", E.GROUP),
        ("Group Edition", E.GROUP),
        # The API value (Organization.OrganizationType) and its stem.
        ("Team Edition", E.GROUP),
        ("Team", E.GROUP),
        ("Base Edition", E.ESSENTIALS),
        # Enum names, any case; spaces, underscores and hyphens alike.
        ("GROUP", E.GROUP),
        ("group", E.GROUP),
        ("CONTACT_MANAGER", E.CONTACT_MANAGER),
        ("contact-manager", E.CONTACT_MANAGER),
        ("Contact Manager", E.CONTACT_MANAGER),
        ("  contact   manager EDITION ", E.CONTACT_MANAGER),
        ("Essentials", E.ESSENTIALS),
        ("essentials edition", E.ESSENTIALS),
        ("professional", E.PROFESSIONAL),
        ("Enterprise Edition", E.ENTERPRISE),
    ],
)
def test_inst2_inst3_editions_accept_the_spellings_people_type(
    spelling: str, edition: SalesforceEdition
) -> None:
    """INST-2, INST-3: editions accept the spellings people type."""
    assert SalesforceEdition(spelling) is edition


@given(
    edition=st.sampled_from(SalesforceEdition),
    which=st.sampled_from(("label", "name", "value")),
    cases=st.lists(st.booleans(), min_size=40, max_size=40),
    suffix=st.booleans(),
)
def test_inst2_inst3_every_edition_by_label_name_or_value_in_any_case(
    edition: SalesforceEdition, which: str, cases: list[bool], suffix: bool
) -> None:
    """INST-2, INST-3: Every edition is found by its UI label, its enum name or
    its API value, whatever the case of each letter, with or without
    " Edition"."""
    text = str(getattr(edition, which))
    if suffix and not text.endswith(" Edition"):
        text += " Edition"
    mangled = (
        "".join(
            c.upper() if up else c.lower() for c, up in zip(text, cases, strict=False)
        )
        + text[len(cases) :]
    )
    assert SalesforceEdition(mangled) is edition


def test_inst2_edition_labels_are_the_setup_page_names() -> None:
    """INST-2: edition labels are the setup page names."""
    assert [e.label for e in SalesforceEdition] == [
        "Group Edition",
        "Essentials Edition",
        "Professional Edition",
        "Enterprise Edition",
        "Unlimited Edition",
        "Performance Edition",
        "Developer Edition",
        "Personal Edition",
        "Contact Manager Edition",
    ]


ACCEPTED = (
    "accepted spellings, in any case and with or without ' Edition': "
    "'Group Edition', 'GROUP', 'Team Edition'; "
    "'Essentials Edition', 'ESSENTIALS', 'Base Edition'; "
    "'Professional Edition', 'PROFESSIONAL'; "
    "'Enterprise Edition', 'ENTERPRISE'; "
    "'Unlimited Edition', 'UNLIMITED'; "
    "'Performance Edition', 'PERFORMANCE'; "
    "'Developer Edition', 'DEVELOPER'; "
    "'Personal Edition', 'PERSONAL'; "
    "'Contact Manager Edition', 'CONTACT_MANAGER'"
)


@pytest.mark.parametrize("spelling", ["Gold", "Edition", "", "Groups", 3])
def test_inst2_an_unknown_edition_lists_the_accepted_spellings(
    spelling: object,
) -> None:
    """INST-2: an unknown edition lists the accepted spellings."""
    with pytest.raises(InvalidSettingsError) as caught:
        SalesforceEdition(spelling)
    assert str(caught.value) == (
        f"edition must be a Salesforce edition, got {spelling!r}; {ACCEPTED}"
    )
    assert isinstance(caught.value, CrmSyncRulesError)
    assert isinstance(caught.value, ValueError)


SETTINGS = {"integrated_on": "2024-01-08"}


@pytest.mark.parametrize(
    "spelling", ["Group", "group edition", "GROUP", "Team Edition"]
)
def test_inst2_the_settings_json_accepts_the_spellings_people_type(
    spelling: str,
) -> None:
    """INST-2: the settings JSON accepts the spellings people type."""
    settings = structure({**SETTINGS, "edition": spelling}, IntegrationSettings)
    assert settings.edition is SalesforceEdition.GROUP
    # Written back as the API value, which reads back as itself.
    assert unstructure(settings)["edition"] == "Team Edition"


def test_inst2_the_settings_json_lists_the_accepted_spellings() -> None:
    """INST-2: the settings JSON lists the accepted spellings."""
    with pytest.raises(SnapshotError) as caught:
        structure({**SETTINGS, "edition": "Gold"}, IntegrationSettings)
    assert caught.value.problems == (
        f"edition must be a Salesforce edition, got 'Gold'; {ACCEPTED} @ $.edition",
    )


def test_inst2_no_two_editions_share_a_spelling() -> None:
    """INST-2: The spellings are unambiguous: each finds the edition it belongs
    to."""
    for edition in SalesforceEdition:
        for text in (edition.label, edition.name, edition.value):
            assert SalesforceEdition(text) is edition
            assert SalesforceEdition(text.removesuffix(" Edition")) is edition
