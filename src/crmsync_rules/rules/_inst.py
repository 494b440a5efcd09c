"""Installation and compatibility (INST-1, INST-2, INST-3, INST-4, INST-5).

Whether HubSpot's integration supports an org is a matter of its edition
(Group Edition never, INST-2; editions with API access and Professional,
INST-3; Government Cloud is no obstacle, INST-1) and, when several portals
share one org, of the connector package version (2.60 or later, compared
numerically, INST-4). Sharing an org while new Salesforce records create
HubSpot contacts works but leaks contacts between portals, so INST-5 is a
warning, never a reason to refuse.
"""

from __future__ import annotations

from typing import Final

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._settings import (
    ConnectorVersion,
    ContactCreation,
    IntegrationSettings,
    SalesforceEdition,
)

__all__ = ["MULTI_PORTAL_CONNECTOR_VERSION", "InstallationCheck", "check_installation"]

MULTI_PORTAL_CONNECTOR_VERSION: Final = ConnectorVersion((2, 60))
"""The oldest connector package that lets several portals share an org
(INST-4)."""


@attrs.frozen(kw_only=True)
class InstallationCheck:
    """The outcome of `check_installation`.

    ``supported`` is false when any rule refuses the installation;
    ``reasons`` says why either way, and ``warnings`` holds what works but
    is not recommended (INST-5); ``refusals`` holds the reasons that make
    it unsupported. Both are also in ``reasons``.
    """

    supported: bool
    reasons: tuple[Reason, ...]
    warnings: tuple[Reason, ...] = ()
    refusals: tuple[Reason, ...] = ()


def check_installation(settings: IntegrationSettings, /) -> InstallationCheck:
    """Decide whether HubSpot's integration supports the org *settings*
    describe (INST-1, INST-2, INST-3, INST-4), and warn about contact creation
    across shared orgs (INST-5).

    >>> import datetime as dt
    >>> from crmsync_rules import IntegrationSettings, SalesforceEdition
    >>> check = check_installation(IntegrationSettings(
    ...     integrated_on=dt.date(2024, 1, 8), edition=SalesforceEdition.GROUP))
    >>> check.supported, [r.rule for r in check.reasons]
    (False, ['INST-2'])
    """
    reasons: list[Reason] = []
    warnings: list[Reason] = []
    refusals: list[Reason] = []
    supported = True
    edition = settings.edition.value
    if settings.government_cloud:
        # INST-1: Government Cloud is supported; the edition rules still apply.
        reasons.append(
            Reason(
                rule="INST-1",
                detail=f"The org runs on Salesforce Government Cloud ({edition}), "
                "which the integration supports.",
            )
        )
    if settings.edition is SalesforceEdition.GROUP:
        supported = False
        refusals.append(
            Reason(
                rule="INST-2",
                detail=f"The org's edition is Group Edition ({edition!r}), "
                "which the integration does not support.",
            )
        )
        reasons.append(refusals[-1])
    elif settings.edition is SalesforceEdition.PROFESSIONAL:
        reasons.append(
            Reason(
                rule="INST-3",
                detail=f"Professional Edition ({edition!r}) is supported, "
                "with or without API access (this org "
                f"{'has it' if settings.api_access else 'has none'}).",
            )
        )
    elif settings.api_access:
        reasons.append(
            Reason(
                rule="INST-3",
                detail=f"The org's edition {edition!r} has API access, "
                "so it is supported.",
            )
        )
    else:
        supported = False
        refusals.append(
            Reason(
                rule="INST-3",
                detail=f"The org's edition {edition!r} has no API access "
                "and is not Professional Edition, so it is not supported.",
            )
        )
        reasons.append(refusals[-1])
    if settings.portals > 1:
        version = settings.connector_version
        if version >= MULTI_PORTAL_CONNECTOR_VERSION:
            reasons.append(
                Reason(
                    rule="INST-4",
                    detail=f"{settings.portals} portals share the org and its "
                    f"connector package {version} is "
                    f"{MULTI_PORTAL_CONNECTOR_VERSION} or later.",
                )
            )
        else:
            supported = False
            refusals.append(
                Reason(
                    rule="INST-4",
                    detail=f"{settings.portals} portals share the org but its "
                    f"connector package {version} is older than "
                    f"{MULTI_PORTAL_CONNECTOR_VERSION}.",
                )
            )
            reasons.append(refusals[-1])
        if settings.contact_creation is not ContactCreation.DONT_CREATE:
            warning = Reason(
                rule="INST-5",
                detail=f"{settings.portals} portals share the org and "
                f"contact_creation is {settings.contact_creation.value!r}: a "
                "Salesforce lead or contact created by one portal can create a "
                "contact in another; 'dont_create' is recommended.",
            )
            warnings.append(warning)
            reasons.append(warning)
    return InstallationCheck(
        supported=supported,
        reasons=tuple(reasons),
        warnings=tuple(warnings),
        refusals=tuple(refusals),
    )
