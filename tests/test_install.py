"""INST-1, INST-2, INST-3, INST-4, INST-5: check_installation."""

from __future__ import annotations

import datetime as dt

import pytest

from crmsync_rules import (
    ContactCreation,
    IntegrationSettings,
    Reason,
    SalesforceEdition,
    check_installation,
)
from crmsync_rules.installation import InstallationCheck
from crmsync_rules.model import ConnectorVersion

DAY = dt.date(2024, 1, 8)


def settings(**changes: object) -> IntegrationSettings:
    return IntegrationSettings(integrated_on=DAY, **changes)  # type: ignore[arg-type]


def rules(check: InstallationCheck) -> list[str]:
    return [r.rule for r in check.reasons]


def test_inst1_government_cloud_is_supported() -> None:
    """INST-1: government cloud is supported."""
    check = check_installation(settings(government_cloud=True))
    assert check.supported
    assert rules(check) == ["INST-1", "INST-3"]
    assert "Government Cloud" in check.reasons[0].detail


def test_inst2_group_edition_is_refused_even_on_government_cloud() -> None:
    """INST-2: group edition is refused even on government cloud."""
    check = check_installation(
        settings(edition=SalesforceEdition.GROUP, government_cloud=True)
    )
    assert not check.supported
    assert rules(check) == ["INST-1", "INST-2"]
    assert "'Team Edition'" in check.reasons[1].detail


def test_inst2_group_edition_with_api_access_is_still_refused() -> None:
    """INST-2: group edition with API access is still refused."""
    check = check_installation(settings(edition=SalesforceEdition.GROUP))
    assert not check.supported
    assert rules(check) == ["INST-2"]


def test_inst3_professional_without_api_access_is_supported() -> None:
    """INST-3: professional without API access is supported."""
    check = check_installation(
        settings(edition=SalesforceEdition.PROFESSIONAL, api_access=False)
    )
    assert check.supported
    assert rules(check) == ["INST-3"]


@pytest.mark.parametrize(
    ("api_access", "said"), [(False, "has none"), (True, "has it")]
)
def test_inst3_sentences_say_api_access_in_words(api_access: bool, said: str) -> None:
    """INST-3 (issue 13): no "(api_access=False)" in sentences."""
    check = check_installation(
        settings(edition=SalesforceEdition.PROFESSIONAL, api_access=api_access)
    )
    assert check.reasons[0].detail == (
        "Professional Edition ('Professional Edition') is supported, with or "
        f"without API access (this org {said})."
    )


@pytest.mark.parametrize(
    ("edition", "api_access", "supported"),
    [
        (SalesforceEdition.ENTERPRISE, True, True),
        (SalesforceEdition.UNLIMITED, True, True),
        (SalesforceEdition.ESSENTIALS, False, False),
        (SalesforceEdition.CONTACT_MANAGER, False, False),
        (SalesforceEdition.ENTERPRISE, False, False),
    ],
)
def test_inst3_editions_need_api_access(
    edition: SalesforceEdition, api_access: bool, supported: bool
) -> None:
    """INST-3: editions need API access."""
    check = check_installation(settings(edition=edition, api_access=api_access))
    assert check.supported is supported
    assert rules(check) == ["INST-3"]
    assert edition.value in check.reasons[0].detail


@pytest.mark.parametrize(
    ("version", "supported"),
    [
        ("2.6", False),
        ("2.59", False),
        ("2.60", True),
        ("2.60.0", True),
        ("2.61", True),
        ("2.100", True),
        ("3", True),
        ("1.99", False),
    ],
)
def test_inst4_shared_org_needs_connector_2_60_compared_numerically(
    version: str, supported: bool
) -> None:
    """INST-4: shared org needs connector 2.60 compared numerically."""
    check = check_installation(settings(portals=2, connector_version=version))
    assert check.supported is supported
    assert rules(check) == ["INST-3", "INST-4"]
    assert str(ConnectorVersion.parse(version)) in check.reasons[1].detail


def test_inst4_single_portal_needs_no_connector_version() -> None:
    """INST-4: single portal needs no connector version."""
    check = check_installation(settings(portals=1, connector_version="1.0"))
    assert check.supported
    assert "INST-4" not in rules(check)


def test_inst5_shared_org_creating_contacts_is_a_warning_not_an_error() -> None:
    """INST-5: shared org creating contacts is a warning, not an error."""
    check = check_installation(
        settings(
            portals=3, connector_version="2.60", contact_creation=ContactCreation.CREATE
        )
    )
    assert check.supported
    assert [w.rule for w in check.warnings] == ["INST-5"]
    assert rules(check) == ["INST-3", "INST-4", "INST-5"]
    assert "'create'" in check.warnings[0].detail


def test_inst5_recommended_setting_gives_no_warning() -> None:
    """INST-5: recommended setting gives no warning."""
    check = check_installation(settings(portals=3, connector_version="2.60"))
    assert check.warnings == ()


def test_inst5_single_portal_creating_contacts_gives_no_warning() -> None:
    """INST-5: single portal creating contacts gives no warning."""
    check = check_installation(settings(contact_creation=ContactCreation.CREATE))
    assert check.warnings == ()


def test_inst4_refusals_hold_only_the_reasons_that_refuse() -> None:
    """INST-4: refusals hold only the reasons that refuse."""
    check = check_installation(
        settings(
            portals=2,
            connector_version="2.50",
            contact_creation=ContactCreation.CREATE,
        )
    )
    assert [r.rule for r in check.refusals] == ["INST-4"]
    assert [r.rule for r in check.warnings] == ["INST-5"]
    assert rules(check) == ["INST-3", "INST-4", "INST-5"]
    assert check_installation(settings()).refusals == ()


# Whole results, explanations included (docs/testing.md, "Mutation testing").


def test_inst1_inst2_whole_result_on_government_cloud() -> None:
    """INST-1, INST-2: whole result on government cloud."""
    group = settings(edition=SalesforceEdition.GROUP, government_cloud=True)
    assert check_installation(group) == InstallationCheck(
        supported=False,
        reasons=(
            Reason(
                rule="INST-1",
                detail="The org runs on Salesforce Government Cloud (Team "
                "Edition), which the integration supports.",
            ),
            Reason(
                rule="INST-2",
                detail="The org's edition is Group Edition ('Team Edition'), "
                "which the integration does not support.",
            ),
        ),
        refusals=(
            Reason(
                rule="INST-2",
                detail="The org's edition is Group Edition ('Team Edition'), "
                "which the integration does not support.",
            ),
        ),
    )


def test_inst3_whole_results_with_and_without_api_access() -> None:
    """INST-3: whole results with and without API access."""
    enterprise = settings(edition=SalesforceEdition.ENTERPRISE)
    assert check_installation(enterprise) == InstallationCheck(
        supported=True,
        reasons=(
            Reason(
                rule="INST-3",
                detail="The org's edition 'Enterprise Edition' has API access, so "
                "it is supported.",
            ),
        ),
    )
    assert check_installation(
        settings(edition=SalesforceEdition.ENTERPRISE, api_access=False)
    ) == InstallationCheck(
        supported=False,
        reasons=(
            Reason(
                rule="INST-3",
                detail="The org's edition 'Enterprise Edition' has no API access "
                "and is not Professional Edition, so it is not "
                "supported.",
            ),
        ),
        refusals=(
            Reason(
                rule="INST-3",
                detail="The org's edition 'Enterprise Edition' has no API access "
                "and is not Professional Edition, so it is not "
                "supported.",
            ),
        ),
    )


def test_inst4_inst5_whole_result_of_a_shared_org() -> None:
    """INST-4, INST-5: whole result of a shared org."""
    shared = settings(
        edition=SalesforceEdition.ENTERPRISE,
        portals=2,
        connector_version="2.59",
        contact_creation=ContactCreation.CREATE,
    )
    warning = Reason(
        rule="INST-5",
        detail="2 portals share the org and contact_creation is 'create': a "
        "Salesforce lead or contact created by one portal can create a contact "
        "in another; 'dont_create' is recommended.",
    )
    result = check_installation(shared)
    assert result.supported is False
    assert result.reasons[1:] == (
        Reason(
            rule="INST-4",
            detail="2 portals share the org but its connector package 2.59 is "
            "older than 2.60.",
        ),
        warning,
    )
    assert result.warnings == (warning,)
