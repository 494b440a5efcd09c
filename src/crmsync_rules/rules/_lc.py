"""Lifecycle stage (LC-1 to LC-5): when opportunities move contacts to
Opportunity and Customer, and when the stage reaches Salesforce.

With automatic lifecycle stage transitions on, the syncing HubSpot contacts
on an open opportunity's contact roles move to Opportunity (LC-4). A
Closed/Won opportunity moves HubSpot contacts on to Customer only with
account sync, automatic lifecycle stage transitions and lifecycle stage sync
all on (LC-2), and only when at least one Salesforce contact of its account
is on its contact roles (LC-3); roles added after it closed count as well,
and only contact roles count, no custom relationship (LC-4). Lifecycle
stage sync then carries the change to every contact of the same HubSpot
company. No automatic transition moves a stage backwards in HubSpot's
lifecycle order (`LIFECYCLE_ORDER`), and a stage changes nothing else in
Salesforce: a Customer's lead is not converted (LC-5). The stage has no
Salesforce field of its own: it reaches Salesforce only through a mapping of
the contacts' ``lifecyclestage`` to a custom field that lets HubSpot write
(LC-1, `lifecycle_reaches_salesforce`, which the settings linter shares).
When nothing changes, the reasons name every missing condition, not just
the first.
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

__all__ = [
    "LIFECYCLE_ORDER",
    "LifecycleDecision",
    "LifecycleReach",
    "derive_lifecycle",
    "lifecycle_rank",
    "lifecycle_reach",
]

LIFECYCLE_ORDER: Final = tuple(LifecycleStage)
"""HubSpot's default lifecycle stages in its lifecycle order, Subscriber
first and Other last (the order HubSpot's stage property lists them in, and
the one automatic transitions never move back in, LC-5)."""

_RANK: Final = {stage: at for at, stage in enumerate(LIFECYCLE_ORDER)}


def lifecycle_rank(stage: LifecycleStage | None, /) -> int:
    """*stage*'s place in `LIFECYCLE_ORDER`; no stage comes before every
    stage (-1). LC-5: an automatic transition moves a contact to a stage of
    a higher rank only."""
    return -1 if stage is None else _RANK[stage]


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

    ``stage`` is the stage the opportunity moves contacts to:
    `LifecycleStage.OPPORTUNITY` for an open one (LC-4),
    `LifecycleStage.CUSTOMER` for a Closed/Won one (LC-2), else ``None``;
    ``contact_ids`` are the HubSpot contacts whose stage changes (never one
    at that stage or later, LC-5), ``company_ids`` the HubSpot companies
    the change spreads through; ``reaches_salesforce`` says whether the
    stage syncs to Salesforce at all (LC-1).
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
    """Decide which HubSpot contacts *opportunity* moves to Opportunity or
    Customer (LC-1 to LC-5).

    An open opportunity moves the HubSpot contacts linked to the Salesforce
    contacts on its contact roles to Opportunity, with automatic transitions
    on (LC-4); a Closed/Won one moves contacts on to Customer under LC-2 and
    LC-3. *salesforce_contacts* are the Salesforce contacts its contact
    roles may name (those of other accounts included: they do not count for
    a Closed/Won one, LC-3); *hubspot_contacts* and *hubspot_companies* are
    HubSpot's side. Contacts at the stage or later in `LIFECYCLE_ORDER` are
    left as they are: automatic transitions never move a stage backwards
    (LC-5).

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
    if not opportunity.is_closed:
        return _open_opportunity(
            opportunity, name, settings=settings, hubspot_contacts=hubspot_contacts
        )
    account = opportunity.account_id
    missing: list[Reason] = []
    if not opportunity.is_won:
        # Open ones went to LC-4 above: this one is closed and lost.
        missing.append(
            cite(
                "LC-2",
                f"{name} is not Closed/Won ("
                + (
                    f"stage {opportunity.stage_name!r}: "
                    if opportunity.stage_name
                    else "no stage name; "
                )
                + "closed, not won).",
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
    reached = [
        c
        for c in contacts
        if c.id in direct_ids or companies.intersection(c.company_ids)
    ]
    moving, kept = _forward_only(reached, LifecycleStage.CUSTOMER)
    company_ids = sorted(companies)
    change = (
        f"HubSpot contacts {moving} become Customer"
        if moving
        else "No HubSpot contact changes stage"
    )
    reasons = [
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
        cite(
            "LC-4",
            f"The contact roles of {name} count whenever they were added, "
            "also after it closed won; only contact roles count, no custom "
            "relationship.",
        ),
        cite("LC-2", f"{change}."),
    ]
    if kept is not None:
        reasons.append(kept)
    leads = sorted(
        (c.id, c.salesforce_lead_id)
        for c in reached
        if c.id in moving and c.salesforce_lead_id is not None
    )
    if leads:
        named = ", ".join(f"{c!r} (lead {lead!r})" for c, lead in leads)
        reasons.append(
            cite(
                "LC-5",
                f"Becoming Customer changes nothing else in Salesforce: the "
                f"leads of HubSpot contacts {named} are not converted.",
            )
        )
    reasons.append(lc1)
    return LifecycleDecision(
        opportunity_id=opportunity.id,
        stage=LifecycleStage.CUSTOMER,
        contact_ids=tuple(moving),
        company_ids=tuple(company_ids),
        reaches_salesforce=reaches,
        reasons=tuple(reasons),
    )


def _forward_only(
    contacts: Iterable[HubSpotContact], stage: LifecycleStage
) -> tuple[list[str], Reason | None]:
    """The ids of *contacts* that *stage* moves forward, and LC-5's reason
    for those it leaves as they are (``None`` when there are none): a
    contact at *stage* or later in `LIFECYCLE_ORDER` stays."""
    rank = _RANK[stage]
    moving: list[str] = []
    staying: list[str] = []
    for c in contacts:
        now = c.lifecycle_stage
        if now is not None and _RANK[now] >= rank:
            staying.append(f"{c.id!r} ({now.value})")
        else:
            moving.append(c.id)
    if not staying:
        return moving, None
    return moving, cite(
        "LC-5",
        f"HubSpot contacts {', '.join(staying)} stay at their stage: it is "
        f"{stage.value} or later, and automatic transitions never move a "
        "stage backwards.",
    )


def _open_opportunity(
    opportunity: SalesforceOpportunity,
    name: str,
    *,
    settings: IntegrationSettings,
    hubspot_contacts: Iterable[HubSpotContact],
) -> LifecycleDecision:
    """LC-4 for an open opportunity: the syncing HubSpot contacts on its
    contact roles (those linked to the roles' Salesforce contacts) move to
    Opportunity when automatic transitions are on."""
    roles = sorted({r.contact_id for r in opportunity.contact_roles})
    on_roles = sorted(
        (c for c in hubspot_contacts if c.salesforce_contact_id in roles),
        key=_by_id,
    )
    reasons: list[Reason] = []
    if not settings.automatic_lifecycle_transitions:
        reasons.append(
            cite(
                "LC-4",
                "The setting automatic_lifecycle_transitions is off, so "
                f"{name} moves no contact to Opportunity.",
            )
        )
    if not roles:
        reasons.append(
            cite(
                "LC-4",
                f"{name} is open and has no contact roles, so it moves no "
                "contact to Opportunity; a custom relationship between "
                "contacts and opportunities does not count.",
            )
        )
    elif not on_roles:
        reasons.append(
            cite(
                "LC-4",
                f"No HubSpot contact syncs with the contacts {roles} on the "
                f"contact roles of {name}, so it moves none to Opportunity.",
            )
        )
    reaches, lc1 = lifecycle_reaches_salesforce(settings.mappings)
    if reasons:
        return LifecycleDecision(
            opportunity_id=opportunity.id,
            stage=None,
            contact_ids=(),
            company_ids=(),
            reaches_salesforce=reaches,
            reasons=(*reasons, lc1),
        )
    moving, kept = _forward_only(on_roles, LifecycleStage.OPPORTUNITY)
    change = (
        f"HubSpot contacts {moving} move to Opportunity"
        if moving
        else "no HubSpot contact changes stage"
    )
    reasons.append(
        cite(
            "LC-4",
            f"{name} is open and automatic transitions are on; HubSpot "
            f"contacts {[c.id for c in on_roles]} sync with the contacts on "
            f"its contact roles: {change}.",
        )
    )
    if kept is not None:
        reasons.append(kept)
    reasons.append(lc1)
    return LifecycleDecision(
        opportunity_id=opportunity.id,
        stage=LifecycleStage.OPPORTUNITY,
        contact_ids=tuple(moving),
        company_ids=(),
        reaches_salesforce=reaches,
        reasons=tuple(reasons),
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
