"""Lifecycle stage (LC-1, LC-2, LC-3): when a won opportunity makes contacts
Customers, and when the stage reaches Salesforce.

A Closed/Won opportunity moves HubSpot contacts to Customer only with account
sync, automatic lifecycle stage transitions and lifecycle stage sync all on
(LC-2), and only when at least one Salesforce contact of its account is on
its contact roles (LC-3). Lifecycle stage sync then carries the change to
every contact of the same HubSpot company. The stage has no Salesforce field
of its own: it reaches Salesforce only through a mapping of the contacts'
``lifecyclestage`` to a custom field that lets HubSpot write (LC-1,
`lifecycle_reaches_salesforce`, which the settings linter shares). When
nothing changes, the reasons name every missing condition, not just the
first.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import Final

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotObject,
    LifecycleStage,
)
from crmsync_rules.model._salesforce import SalesforceContact, SalesforceOpportunity
from crmsync_rules.model._salesforce_ids import salesforce_id_key
from crmsync_rules.model._settings import FieldMapping, IntegrationSettings, SyncRule

__all__ = ["LifecycleDecision", "LifecycleReach", "derive_lifecycle", "lifecycle_reach"]

_PAST_CUSTOMER: Final = frozenset({LifecycleStage.CUSTOMER, LifecycleStage.EVANGELIST})

# Built once: it names no record, and Reasons are frozen values.
_NO_LC1_MAPPING: Final = cite(
    "LC-1",
    "No mapping takes lifecycle stage to a custom Salesforce field, so it stays "
    "in HubSpot.",
)
_by_id: Final = operator.attrgetter("id")
_LIFECYCLE_PROPERTY: Final = "lifecyclestage"


@attrs.frozen(kw_only=True)
class LifecycleDecision:
    """The outcome of `derive_lifecycle`.

    ``stage`` is `LifecycleStage.CUSTOMER` when the opportunity moves
    contacts, else ``None``; ``contact_ids`` are the HubSpot contacts whose
    stage changes, ``company_ids`` the HubSpot companies the change spreads
    through; ``reaches_salesforce`` says whether the stage syncs to
    Salesforce at all (LC-1).
    """

    opportunity_id: str
    stage: LifecycleStage | None
    contact_ids: tuple[str, ...]
    company_ids: tuple[str, ...]
    reaches_salesforce: bool
    reasons: tuple[Reason, ...]


# FM-2 and FM-4: under these rules HubSpot never writes to Salesforce.
_HUBSPOT_NEVER_WRITES: Final = frozenset(
    {SyncRule.ALWAYS_USE_SALESFORCE, SyncRule.DONT_SYNC}
)


def _blocked(mapping: FieldMapping) -> str | None:
    # Why one contacts mapping of lifecyclestage does not carry the stage, or
    # None when it does.
    if not mapping.salesforce_field.endswith("__c"):
        return (
            f"Lifecycle stage is mapped to {mapping.salesforce_field!r}, which is "
            "not a custom field, so it does not reach Salesforce."
        )
    if mapping.rule in _HUBSPOT_NEVER_WRITES:
        return (
            f"The mapping {mapping} has rule {mapping.rule.value!r}, so "
            "lifecycle stage does not reach Salesforce."
        )
    return None


def lifecycle_reaches_salesforce(
    mappings: Iterable[FieldMapping], /
) -> tuple[bool, Reason]:
    """Whether a HubSpot contact's lifecycle stage reaches Salesforce under
    *mappings* (LC-1), with the reason: the one definition `derive_lifecycle`
    and the settings linter share.

    The stage has no Salesforce counterpart, so it reaches Salesforce only
    through a mapping of the contacts object's ``lifecyclestage`` property to
    a custom field (``__c``) whose rule lets HubSpot write: two-way or
    "prefer Salesforce unless blank". A mapping on the company object, to a
    standard field, or with rule "always use Salesforce" or "don't sync"
    (FM-2, FM-4) carries nothing.
    """
    on_contacts: list[FieldMapping] = []
    elsewhere: list[FieldMapping] = []
    for mapping in mappings:
        if mapping.hubspot_property == _LIFECYCLE_PROPERTY:
            contacts = mapping.hubspot_object is HubSpotObject.CONTACT
            (on_contacts if contacts else elsewhere).append(mapping)
    blocked = [_blocked(m) for m in on_contacts]
    carrying = [
        str(m) for m, why in zip(on_contacts, blocked, strict=True) if why is None
    ]
    if carrying:
        return True, cite(
            "LC-1",
            "Lifecycle stage reaches Salesforce through the custom field "
            f"mapping {' and '.join(carrying)}.",
        )
    if on_contacts:
        return False, cite("LC-1", " ".join(why for why in blocked if why))
    if elsewhere:
        return False, cite(
            "LC-1",
            f"The lifecyclestage mapping {' and '.join(map(str, elsewhere))} is "
            "not on the contacts object, so a contact's lifecycle stage does not "
            "reach Salesforce.",
        )
    return False, _NO_LC1_MAPPING


def _account_of(account_id: str | None) -> str:
    return "no account" if account_id is None else f"account {account_id!r}"


def derive_lifecycle(
    opportunity: SalesforceOpportunity,
    /,
    *,
    settings: IntegrationSettings,
    salesforce_contacts: Iterable[SalesforceContact],
    hubspot_contacts: Iterable[HubSpotContact],
    hubspot_companies: Iterable[HubSpotCompany] = (),
) -> LifecycleDecision:
    """Decide which HubSpot contacts *opportunity* makes Customers (LC-1, LC-2, LC-3).

    *salesforce_contacts* are the Salesforce contacts its contact roles may
    name (those of other accounts included: they do not count, LC-3);
    *hubspot_contacts* and *hubspot_companies* are HubSpot's side. Contacts
    already Customer or Evangelist are left as they are: automatic
    transitions never move a stage backwards.

    >>> import datetime as dt
    >>> from crmsync_rules import IntegrationSettings, SalesforceOpportunity
    >>> won = SalesforceOpportunity(id="006A", account_id="001A", is_closed=True,
    ...                             is_won=True)
    >>> decision = derive_lifecycle(
    ...     won, settings=IntegrationSettings(integrated_on=dt.date(2024, 1, 8)),
    ...     salesforce_contacts=(), hubspot_contacts=())
    >>> print(decision.stage, sorted({r.rule for r in decision.reasons}))
    None ['LC-1', 'LC-2', 'LC-3']
    """
    name = f"Opportunity {opportunity.id!r}"
    account = opportunity.account_id
    missing: list[Reason] = []
    if not opportunity.is_closed_won:
        missing.append(
            cite(
                "LC-2",
                f"{name} is not Closed/Won ("
                + (
                    f"stage {opportunity.stage_name!r}: "
                    if opportunity.stage_name
                    else "no stage name; "
                )
                + f"{'closed' if opportunity.is_closed else 'open'}, "
                f"{'won' if opportunity.is_won else 'not won'}).",
            )
        )
    if account is None:
        missing.append(cite("LC-2", f"{name} has no account (AccountId is empty)."))
    for setting in (
        "account_sync",
        "automatic_lifecycle_transitions",
        "lifecycle_stage_sync",
    ):
        if not getattr(settings, setting):
            missing.append(cite("LC-2", f"The setting {setting} is off."))
    # A plan decides every opportunity, so the common path builds little:
    # the accounts of other contacts are looked up only to explain a refusal.
    # Ids compared by `salesforce_id_key`: either form names one record
    # (DUP-7); the sentences give them as written.
    key = salesforce_id_key
    account_key = key(account) if account is not None else None
    of_account = {
        key(c.id)
        for c in salesforce_contacts
        if c.account_id is not None and key(c.account_id) == account_key
    }
    written = [r.contact_id for r in opportunity.contact_roles]
    roles = [key(r) for r in written]
    qualifying = sorted(
        {w for w, r in zip(written, roles, strict=True) if r in of_account}
    )
    qualifying_keys = of_account.intersection(roles)
    if not roles:
        missing.append(
            cite(
                "LC-3",
                f"{name} has no contact roles, so it changes no lifecycle stage.",
            )
        )
    elif not qualifying:
        everyone = {key(c.id): c.account_id for c in salesforce_contacts}
        others = ", ".join(
            f"{c!r} ({_account_of(everyone.get(key(c)))})" for c in sorted(set(written))
        )
        missing.append(
            cite(
                "LC-3",
                f"None of the contact roles of {name} is a contact of its "
                f"account {account!r}: {others}."
                if account is not None
                else f"{name} has no account for its contact roles to belong "
                f"to: {others}.",
            )
        )
    reaches, lc1 = lifecycle_reaches_salesforce(settings.mappings)
    if missing:
        return LifecycleDecision(
            opportunity_id=opportunity.id,
            stage=None,
            contact_ids=(),
            company_ids=(),
            reaches_salesforce=reaches,
            reasons=(*missing, lc1),
        )
    contacts = sorted(hubspot_contacts, key=_by_id)
    companies = {
        c.id
        for c in hubspot_companies
        if c.salesforce_account_id is not None
        and key(c.salesforce_account_id) == account_key
    }
    # The contacts on the roles, each bringing in its (first) company; then
    # the contacts reached, directly or through a company, split in one pass.
    direct_ids: set[str] = set()
    for c in contacts:
        linked = c.salesforce_contact_id
        if linked is not None and key(linked) in qualifying_keys:
            direct_ids.add(c.id)
            if c.company_ids:
                companies.add(c.company_ids[0])
    moving: list[str] = []
    staying: list[str] = []
    for c in contacts:
        if c.id in direct_ids or companies.intersection(c.company_ids):
            past = c.lifecycle_stage in _PAST_CUSTOMER
            (staying if past else moving).append(c.id)
    company_ids = sorted(companies)
    change = (
        f"HubSpot contacts {moving} become Customer"
        if moving
        else "No HubSpot contact changes stage"
    )
    kept = f"; {staying} are Customer or later already" if staying else ""
    reasons = (
        cite(
            "LC-2",
            f"{name} is Closed/Won on account {account!r} and account sync, "
            "automatic transitions and lifecycle stage sync are on; lifecycle "
            f"stage sync spreads the change through companies {company_ids}.",
        ),
        cite(
            "LC-3",
            f"Contacts {qualifying} of account {account!r} are on the "
            f"contact roles of {name}.",
        ),
        cite("LC-2", f"{change}{kept}."),
        lc1,
    )
    return LifecycleDecision(
        opportunity_id=opportunity.id,
        stage=LifecycleStage.CUSTOMER,
        contact_ids=tuple(moving),
        company_ids=tuple(company_ids),
        reaches_salesforce=reaches,
        reasons=reasons,
    )


@attrs.frozen(kw_only=True)
class LifecycleReach:
    """The outcome of `lifecycle_reach`: whether a contact's lifecycle
    stage reaches Salesforce (LC-1), and why."""

    reaches_salesforce: bool
    reasons: tuple[Reason, ...]


def lifecycle_reach(settings: IntegrationSettings, /) -> LifecycleReach:
    """Whether HubSpot contacts' lifecycle stage reaches Salesforce under
    *settings*' field mappings (LC-1): `lifecycle_reaches_salesforce` as a
    decision.

    >>> import datetime as dt
    >>> from crmsync_rules import IntegrationSettings
    >>> reach = lifecycle_reach(IntegrationSettings(integrated_on=dt.date(2024, 1, 8)))
    >>> reach.reaches_salesforce, reach.reasons[0].rule
    (False, 'LC-1')
    """
    reaches, reason = lifecycle_reaches_salesforce(settings.mappings)
    return LifecycleReach(reaches_salesforce=reaches, reasons=(reason,))
