"""The settings linter: dangerous integration settings, found before they
cost data.

It gathers what the rule families know about a settings + mappings pair:
installation limits (INST-2, INST-3, INST-4, INST-5), lead-based sync with
automatic company creation (CO-2), lifecycle stage sync while no mapping
carries the stage to
Salesforce (LC-1, decided by `lifecycle_reaches_salesforce`, which
`derive_lifecycle` shares), Company name where it cannot sync (CN-2, CN-3)
and every mapping problem (FM-5, FM-8, OPT-1). Each finding carries a
severity, the rule ID and a fix. Errors are setups HubSpot refuses or that
lose data; warnings are setups that work but surprise (the catalogue calls
INST-5 and CO-2 warnings).
"""

from __future__ import annotations

import enum

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._hubspot import HubSpotObject
from crmsync_rules.model._salesforce import SalesforceObject
from crmsync_rules.model._settings import IntegrationSettings

from ._fm_types import mapping_problems
from ._inst import MULTI_PORTAL_CONNECTOR_VERSION, check_installation
from ._lc import lifecycle_reaches_salesforce

__all__ = ["Finding", "Severity", "lint_settings"]


class Severity(str, enum.Enum):
    """How bad a `Finding` is."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(kw_only=True)
class Finding:
    """One problem in the settings: its ``severity``, the catalogue ``rule``,
    a ``detail`` sentence naming the settings and values involved, and the
    ``fix``."""

    severity: Severity
    rule: str
    detail: str
    fix: str

    @property
    def reason(self) -> Reason:
        """The finding as a `Reason`."""
        return Reason(rule=self.rule, detail=self.detail)

    def __str__(self) -> str:
        return f"{self.severity.value} {self.rule}: {self.detail} Fix: {self.fix}"


_INSTALLATION_FIXES = {
    "INST-2": "Upgrade the org to Professional Edition or an edition with API access.",
    "INST-3": "Enable API access for the org, or move to an edition that has it.",
    "INST-4": f"Upgrade the HubSpot package in Salesforce to "
    f"{MULTI_PORTAL_CONNECTOR_VERSION} or later.",
    "INST-5": "Set 'Create contacts in HubSpot' to \"Don't automatically create "
    'HubSpot contacts" in every portal.',
}


def _installation_findings(settings: IntegrationSettings) -> list[Finding]:
    # The installation check decides (INST-1, INST-2, INST-3, INST-4, INST-5);
    # the linter only adds fixes.
    check = check_installation(settings)
    return [
        Finding(
            severity=severity,
            rule=reason.rule,
            detail=reason.detail,
            fix=_INSTALLATION_FIXES[reason.rule],
        )
        for severity, reasons in (
            (Severity.ERROR, check.refusals),
            (Severity.WARNING, check.warnings),
        )
        for reason in reasons
    ]


def _company_findings(settings: IntegrationSettings) -> list[Finding]:
    findings: list[Finding] = []
    if (
        settings.new_records_as is SalesforceObject.LEAD
        and settings.company_auto_create
    ):
        findings.append(
            Finding(
                severity=Severity.WARNING,
                rule="CO-2",
                detail="HubSpot creates Salesforce leads for new contacts and "
                "creates companies automatically: converting those leads later "
                "makes duplicate companies.",
                fix="Turn off automatic company creation, or sync new contacts "
                "as Salesforce contacts.",
            )
        )
    company_name = [
        m
        for m in settings.mappings
        if m.hubspot_object is HubSpotObject.CONTACT
        and m.hubspot_property == "company"
        and m.salesforce_object is SalesforceObject.LEAD
    ]
    if company_name and settings.new_records_as is SalesforceObject.CONTACT:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                rule="CN-3",
                detail=f"Company name is mapped ({company_name[0]}), but HubSpot "
                "syncs new contacts as Salesforce contacts, for which Company "
                "name does not sync.",
                fix="Rely on account sync (the contact's company syncs with its "
                "account) "
                + ("" if settings.account_sync else "and turn account sync on ")
                + "or sync new contacts as leads.",
            )
        )
    return findings


def _lifecycle_findings(settings: IntegrationSettings) -> list[Finding]:
    # LC-1 has one definition, shared with derive_lifecycle: the rule and
    # the object of a lifecyclestage mapping count, not just its field.
    reaches, reason = lifecycle_reaches_salesforce(settings.mappings)
    if reaches or not settings.lifecycle_stage_sync:
        return []
    return [
        Finding(
            severity=Severity.WARNING,
            rule="LC-1",
            detail="Lifecycle stage sync is on, but "
            f"{reason.detail[0].lower()}{reason.detail[1:]}",
            fix="Create a custom picklist field (e.g. HubSpot_Lifecycle_Stage__c) "
            "and map the contacts' lifecyclestage to it with rule two_way.",
        )
    ]


_MAPPING_FIXES = {
    "FM-5": "Map the property to a field of a compatible type (see the type "
    "matrix), or remove the mapping.",
    "FM-8": "Keep one mapping per property and per field on each object pair.",
    "OPT-1": "Remove the mapping; the opt-out mapping is locked (CAN-SPAM).",
    "LC-1": "Map lifecyclestage to a custom Salesforce field (API name ending "
    "in '__c').",
    "CN-2": "Map Company name to the lead's Company field only; with account "
    "sync, the contact's company syncs with its account.",
}


def lint_settings(settings: IntegrationSettings, /) -> tuple[Finding, ...]:
    """Return every finding for *settings* and its mappings, errors first.

    An empty tuple means the settings are clean.
    """
    findings = _installation_findings(settings)
    findings += _company_findings(settings)
    findings += _lifecycle_findings(settings)
    findings += [
        Finding(
            severity=Severity.ERROR,
            rule=problem.rule,
            detail=problem.detail,
            fix=_MAPPING_FIXES[problem.rule],
        )
        for problem in mapping_problems(settings.mappings)
    ]
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    return tuple(sorted(findings, key=lambda f: order[f.severity]))
