"""Which contacts sync (SYNC-1, SYNC-2, SYNC-3, SYNC-4, SYNC-5, SYNC-6, and
the "not syncing" state of OPT-4).

A portal without an inclusion list syncs every contact (SYNC-1); with one,
only its members (SYNC-2). Portals integrated on or before 2017-06-22 without
a list of their own have HubSpot's legacy default list, everyone but
Subscribers (SYNC-3); later portals have none. A new Salesforce lead or
contact creates (or dedupes into) a HubSpot contact even when the list
excludes it, if the settings ask for contact creation, but after that the
excluded contact does not sync in either direction (SYNC-4). A contact
without an email address never goes to Salesforce (SYNC-5). Contact creation
governs creation only: a new Salesforce record whose address matches an
existing HubSpot contact dedupes into it and syncs whatever that setting
says; with creation off, only a record that matches nothing creates nothing
(SYNC-6).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from typing import Final

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._hubspot import HubSpotContact
from crmsync_rules.model._inclusion import (
    LEGACY_DEFAULT_LIST_DATE,
    DefaultInclusionList,
)
from crmsync_rules.model._salesforce import SalesforceContact, SalesforceLead
from crmsync_rules.model._settings import ContactCreation, IntegrationSettings
from crmsync_rules.typing import InclusionList

__all__ = [
    "SyncAction",
    "SyncDecision",
    "SyncTrigger",
    "effective_inclusion_list",
    "prospective_contact",
    "salesforce_creates_contact",
    "should_sync",
]


class SyncTrigger(str, enum.Enum):
    """What asks for a contact to sync."""

    HUBSPOT_CHANGE = "hubspot_change"
    """A mapped property of the HubSpot contact changed."""
    SALESFORCE_CREATED = "salesforce_created"
    """A Salesforce lead or contact was created that matches no existing
    HubSpot contact: the contact is the one it creates (or shares with
    another new record)."""
    SALESFORCE_MATCHED = "salesforce_matched"
    """A Salesforce lead or contact was created whose email address matches
    the contact, an existing HubSpot contact it dedupes into (DUP-1,
    SYNC-6)."""
    SALESFORCE_UPDATED = "salesforce_updated"
    """A Salesforce lead or contact the contact syncs with changed."""


class SyncAction(str, enum.Enum):
    """What the integration does for one trigger."""

    SYNC = "sync"
    """The change passes between the systems."""
    SKIP = "skip"
    """Nothing passes; the contact does not sync now."""
    CREATE_ONLY = "create_only"
    """The HubSpot contact is created (or deduped into) from the new
    Salesforce record, but later updates do not sync (SYNC-4)."""
    NO_CONTACT_CREATED = "no_contact_created"
    """The new Salesforce record matches no HubSpot contact and creates none
    (contact creation is off, SYNC-6)."""


@attrs.frozen(kw_only=True)
class SyncDecision:
    """The outcome of `should_sync`: an action and the rules behind it.

    ``syncing`` is the contact's sync state in OPT-4's sense: false while
    its opt-out status may not pass between the systems.
    """

    contact_id: str
    trigger: SyncTrigger
    action: SyncAction
    reasons: tuple[Reason, ...]

    @property
    def syncing(self) -> bool:
        """Whether the contact syncs now (action `SyncAction.SYNC`)."""
        return self.action is SyncAction.SYNC


def effective_inclusion_list(settings: IntegrationSettings, /) -> InclusionList | None:
    """The inclusion list that governs *settings*' portal (SYNC-1, SYNC-2, SYNC-3).

    The portal's own list if it has one; else the legacy
    `DefaultInclusionList` when it was integrated on or before
    `LEGACY_DEFAULT_LIST_DATE` (the day itself included); else none.

    >>> import datetime as dt
    >>> from crmsync_rules import IntegrationSettings
    >>> on_the_day = IntegrationSettings(integrated_on=dt.date(2017, 6, 22))
    >>> effective_inclusion_list(on_the_day)
    DefaultInclusionList(name='Salesforce inclusion list (default)')
    >>> day_after = IntegrationSettings(integrated_on=dt.date(2017, 6, 23))
    >>> print(effective_inclusion_list(day_after))
    None
    """
    if settings.inclusion_list is not None:
        return settings.inclusion_list
    if settings.integrated_on <= LEGACY_DEFAULT_LIST_DATE:
        return _DEFAULT_LIST
    return None


# should_sync runs for every contact of a portal, so what does not depend on
# the contact is computed once: the default list is a frozen value, and the
# sentence saying a portal has none depends only on the day it integrated.
_DEFAULT_LIST: Final = DefaultInclusionList()
_LEGACY_DAY: Final = LEGACY_DEFAULT_LIST_DATE.isoformat()


def _no_default_list(integrated_on: dt.date) -> Reason:
    """SYNC-3 for a portal integrated after the legacy day."""
    return cite(
        "SYNC-3",
        f"The portal was integrated on {integrated_on.isoformat()}, after "
        f"{_LEGACY_DAY}, so it has no default inclusion list.",
    )


# A pure function of the day, hence memoised (Reasons are frozen values).
# Wrapped rather than decorated, so that mutation testing still mutates it
# (mutmut skips decorated functions); tests/conftest.py empties the memo when
# a session starts.
_portal_without_list: Final = functools.lru_cache(maxsize=64)(_no_default_list)


def _list_reasons(
    contact: HubSpotContact,
    settings: IntegrationSettings,
    override: InclusionList | None,
) -> tuple[InclusionList | None, list[Reason]]:
    """The governing list and the reasons that say where it came from."""
    if override is not None:
        return override, []
    if settings.inclusion_list is not None:
        return settings.inclusion_list, []
    if settings.integrated_on <= LEGACY_DEFAULT_LIST_DATE:
        return _DEFAULT_LIST, [
            cite(
                "SYNC-3",
                f"The portal was integrated on {settings.integrated_on.isoformat()}"
                f", on or before {_LEGACY_DAY}, without a list of its own, so "
                f"{_DEFAULT_LIST.name!r} applies to contact {contact.id!r}.",
            )
        ]
    return None, [
        _portal_without_list(settings.integrated_on),
        cite(
            "SYNC-1",
            "Without an inclusion list every contact syncs, "
            f"contact {contact.id!r} included.",
        ),
    ]


def _membership(
    contact: HubSpotContact, inclusion: InclusionList, included: bool
) -> Reason:
    """Why *contact* is (*included*) or is not in *inclusion*."""
    if isinstance(inclusion, DefaultInclusionList):
        stage = contact.lifecycle_stage
        which = f"lifecycle stage {stage.value!r}" if stage else "no lifecycle stage"
        return cite(
            "SYNC-3",
            f"Contact {contact.id!r} {'is' if included else 'is not'} in "
            f"{inclusion.name!r} ({which}; Subscribers are excluded).",
        )
    return cite(
        "SYNC-2",
        f"Contact {contact.id!r} {'meets' if included else 'does not meet'} the "
        f"criteria of inclusion list {inclusion.name!r}.",
    )


def _created(
    contact: HubSpotContact, settings: IntegrationSettings, included: bool
) -> tuple[SyncAction, Reason]:
    """What a new Salesforce record that matches no HubSpot contact does with
    *contact*, the one it would create (SYNC-4, SYNC-6)."""
    creation = settings.contact_creation
    if creation is ContactCreation.DONT_CREATE:
        return SyncAction.NO_CONTACT_CREATED, cite(
            "SYNC-6",
            f"contact_creation is {creation.value!r} and no existing HubSpot "
            "contact has the new Salesforce record's address, so it creates no "
            f"HubSpot contact (contact {contact.id!r} is not made).",
        )
    if included:
        return SyncAction.SYNC, cite(
            "SYNC-4",
            f"contact_creation is {creation.value!r}, so the new Salesforce "
            f"record creates or dedupes into contact {contact.id!r}, which syncs "
            "from then on.",
        )
    return SyncAction.CREATE_ONLY, cite(
        "SYNC-4",
        f"contact_creation is {creation.value!r}, so the new Salesforce record "
        f"creates or dedupes into contact {contact.id!r} despite the inclusion "
        "list; later updates do not sync while it stays excluded.",
    )


def _matched(
    contact: HubSpotContact, settings: IntegrationSettings, included: bool
) -> tuple[SyncAction, Reason]:
    """What a new Salesforce record does with *contact*, the existing HubSpot
    contact its address matches: it dedupes into it whatever contact
    creation says (SYNC-6); the inclusion list still decides whether they
    sync, unless contact creation overrides it once (SYNC-4)."""
    creation = settings.contact_creation
    matches = (
        f"The new Salesforce record's email address matches existing contact "
        f"{contact.id!r}, which it dedupes into whatever contact_creation says "
        f"({creation.value!r})"
    )
    if included:
        return SyncAction.SYNC, cite(
            "SYNC-6", f"{matches}; the contact syncs from then on."
        )
    if creation is ContactCreation.DONT_CREATE:
        return SyncAction.SKIP, cite(
            "SYNC-6",
            f"{matches}, but the contact stays excluded, so updates from either "
            "side do not sync.",
        )
    return SyncAction.CREATE_ONLY, cite(
        "SYNC-4",
        f"contact_creation is {creation.value!r}, so the new Salesforce record "
        f"dedupes into existing contact {contact.id!r} despite the inclusion "
        "list; later updates do not sync while it stays excluded.",
    )


def should_sync(
    contact: HubSpotContact,
    /,
    *,
    settings: IntegrationSettings,
    trigger: SyncTrigger,
    inclusion_list: InclusionList | None = None,
) -> SyncDecision:
    """Decide whether *contact* syncs when *trigger* happens (SYNC-1, SYNC-2,
    SYNC-3, SYNC-4, SYNC-5, SYNC-6).

    For `SyncTrigger.SALESFORCE_CREATED`, *contact* is the HubSpot contact
    the new Salesforce record creates (or shares with another new record);
    for `SyncTrigger.SALESFORCE_MATCHED`, the existing HubSpot contact whose
    address it matches (DUP-1), which it dedupes into even with contact
    creation off (SYNC-6). An *inclusion_list* given here replaces the one
    *settings* imply (see `effective_inclusion_list`), for example
    membership exported from HubSpot.

    >>> import datetime as dt
    >>> from crmsync_rules import HubSpotContact, IntegrationSettings, LifecycleStage
    >>> settings = IntegrationSettings(integrated_on=dt.date(2017, 6, 22))
    >>> subscriber = HubSpotContact(id="7", email="an@example.com",
    ...                             lifecycle_stage=LifecycleStage.SUBSCRIBER)
    >>> decision = should_sync(subscriber, settings=settings,
    ...                        trigger=SyncTrigger.HUBSPOT_CHANGE)
    >>> decision.action.value, [r.rule for r in decision.reasons]
    ('skip', ['SYNC-3', 'SYNC-3'])
    """
    inclusion, reasons = _list_reasons(contact, settings, inclusion_list)
    if inclusion is None:
        included = True
    else:
        included = inclusion.includes(contact)
        reasons.append(_membership(contact, inclusion, included))
    if trigger is SyncTrigger.SALESFORCE_CREATED:
        action, created = _created(contact, settings, included)
        reasons.append(created)
    elif trigger is SyncTrigger.SALESFORCE_MATCHED:
        action, matched = _matched(contact, settings, included)
        reasons.append(matched)
    elif trigger is SyncTrigger.HUBSPOT_CHANGE and not (contact.email or "").strip():
        action = SyncAction.SKIP
        blank = "" if contact.email is None else f" (only {contact.email!r})"
        reasons.append(
            cite(
                "SYNC-5",
                f"Contact {contact.id!r} has no email address{blank}, so it does "
                "not sync to Salesforce.",
            )
        )
    elif included:
        action = SyncAction.SYNC
    else:
        action = SyncAction.SKIP
        linked = contact.salesforce_id
        if linked is not None:
            reasons.append(
                cite(
                    "SYNC-4",
                    f"Contact {contact.id!r} is linked to Salesforce record "
                    f"{linked!r} but stays excluded, so updates from either side "
                    "do not sync.",
                )
            )
    return SyncDecision(
        contact_id=contact.id, trigger=trigger, action=action, reasons=tuple(reasons)
    )


def prospective_contact(
    record: SalesforceLead | SalesforceContact, /
) -> HubSpotContact:
    """The HubSpot contact a new Salesforce lead or contact would create:
    id ``new:`` and the record's id, the record's address and names, and
    the link back to it.

    >>> from crmsync_rules import SalesforceLead
    >>> prospective_contact(SalesforceLead(id="00Q1", email="an@example.com")).id
    'new:00Q1'
    """
    lead = isinstance(record, SalesforceLead)
    return HubSpotContact(
        id=f"new:{record.id}",
        email=record.email,
        first_name=record.first_name,
        last_name=record.last_name,
        salesforce_lead_id=record.id if lead else None,
        salesforce_contact_id=None if lead else record.id,
    )


def salesforce_creates_contact(
    record: SalesforceLead | SalesforceContact,
    /,
    *,
    settings: IntegrationSettings,
    existing: HubSpotContact | None = None,
    inclusion_list: InclusionList | None = None,
) -> SyncDecision:
    """What a new Salesforce lead or contact *record* does in HubSpot
    (SYNC-4, SYNC-6): `should_sync` for the trigger it is, with no HubSpot
    contact to invent.

    *existing* is the HubSpot contact whose address *record*'s matches, if
    any (see `dedupe_target`): then the record dedupes into it whatever
    contact creation says (`SyncTrigger.SALESFORCE_MATCHED`). Without one,
    the decision is about `prospective_contact`, the contact it would create
    (`SyncTrigger.SALESFORCE_CREATED`). *inclusion_list* as in
    `should_sync`.

    >>> import datetime as dt
    >>> from crmsync_rules import IntegrationSettings, SalesforceLead
    >>> settings = IntegrationSettings(integrated_on=dt.date(2024, 1, 8))
    >>> decision = salesforce_creates_contact(SalesforceLead(id="00Q1"),
    ...                                       settings=settings)
    >>> decision.action.value, decision.contact_id
    ('no_contact_created', 'new:00Q1')
    """
    if existing is not None:
        return should_sync(
            existing,
            settings=settings,
            trigger=SyncTrigger.SALESFORCE_MATCHED,
            inclusion_list=inclusion_list,
        )
    return should_sync(
        prospective_contact(record),
        settings=settings,
        trigger=SyncTrigger.SALESFORCE_CREATED,
        inclusion_list=inclusion_list,
    )
