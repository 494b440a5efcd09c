"""Owners of new and newly paired records (OWN-6, OWN-7): who owns a
record HubSpot creates in Salesforce, and which owner a HubSpot record and
an existing Salesforce record keep when they first sync.

A new record takes its HubSpot owner only when that owner matches an active
Salesforce user by name and email (OWN-4's match, `map_owner`'s);
otherwise a new lead is left to Salesforce's lead assignment rules and any
other new record goes to the integration user (OWN-6). At a pair's first
sync an active Salesforce owner is kept and fills an empty HubSpot owner;
afterwards the most recent owner change wins in either direction (OWN-7),
each way decided by `map_owner` (OWN-2 to OWN-5, FM-6). These functions
choose the case and say which applied; every match stays `map_owner`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._errors import InvalidRecordError
from crmsync_rules.model._hubspot import HubSpotOwner
from crmsync_rules.model._salesforce import (
    SalesforceObject,
    SalesforceQueue,
    SalesforceUser,
)
from crmsync_rules.model._settings import SyncRule
from crmsync_rules.typing import OwnerDirectory

from ._own import (
    OWNER_USER_TYPES,
    OwnerAction,
    OwnerDecision,
    OwnerSyncDirection,
    map_owner,
    owner_directory,
)

__all__ = ["MapOwner", "creation_owner", "first_sync_owner", "later_owner_sync"]

_Owners = OwnerDirectory | Iterable[SalesforceUser | SalesforceQueue | HubSpotOwner]

MapOwner = Callable[[str | None, OwnerSyncDirection, str | None], OwnerDecision]
"""How one owner crosses: `map_owner` for an owner id, a direction and the
last Salesforce Owner ID, over the caller's directory and mapping rule. A
caller deciding many pairs passes its memoised `map_owner` (the planner
does); it must give `map_owner`'s answers."""


def _after(reason: Reason, decision: OwnerDecision) -> OwnerDecision:
    """*decision* with *reason* cited first (faster than `attrs.evolve`)."""
    return OwnerDecision(
        direction=decision.direction,
        action=decision.action,
        owner_id=decision.owner_id,
        import_from=decision.import_from,
        reasons=(reason, *decision.reasons),
    )


def _map_with(owners: OwnerDirectory, mapping_rule: SyncRule | None) -> MapOwner:
    def mapped(
        owner_id: str | None, direction: OwnerSyncDirection, last: str | None
    ) -> OwnerDecision:
        return map_owner(
            owner_id,
            direction=direction,
            owners=owners,
            last_salesforce_owner_id=last,
            mapping_rule=mapping_rule,
        )

    return mapped


def _new(kind: SalesforceObject) -> str:
    return f"the new Salesforce {kind.value.lower()}"


def creation_owner(
    owner_id: str | None,
    /,
    *,
    salesforce_object: SalesforceObject,
    owners: _Owners,
    integration_user_id: str | None = None,
    mapped: MapOwner | None = None,
) -> OwnerDecision:
    """The owner of the *salesforce_object* HubSpot creates in Salesforce
    for a record whose HubSpot owner is *owner_id* (``None``: no owner),
    OWN-6.

    The HubSpot owner is taken (`OwnerAction.SET`) when it matches an active
    Salesforce user by name and email (OWN-4). Otherwise a new lead gets its
    owner from Salesforce's lead assignment rules
    (`OwnerAction.ASSIGNMENT_RULES`), and any other new record, a contact,
    account or opportunity, goes to the integration user
    (`OwnerAction.INTEGRATION_USER`, ``owner_id`` *integration_user_id* when
    given, the settings' ``integration_user_id``). The match is
    `map_owner`'s towards Salesforce (*mapped*, when given, stands for it:
    `MapOwner`), whose reason before its last (OWN-2's or OWN-5's) is the
    match's.

    >>> from crmsync_rules import SalesforceObject
    >>> decision = creation_owner(None, salesforce_object=SalesforceObject.LEAD,
    ...                           owners=[])
    >>> decision.action.value, [r.rule for r in decision.reasons]
    ('assignment_rules', ['OWN-6'])
    """
    new = _new(salesforce_object)
    if owner_id is None:
        reasons = []
        why = "The HubSpot record has no owner"
    else:
        mapped = mapped or _map_with(owner_directory(owners), None)
        sent = mapped(owner_id, OwnerSyncDirection.TO_SALESFORCE, None)
        reasons = [sent.reasons[-2]]
        if sent.action is OwnerAction.SET:
            reasons.append(
                cite(
                    "OWN-6",
                    f"HubSpot owner {owner_id!r} matches active Salesforce user "
                    f"{sent.owner_id!r} before the first sync, so {new} takes it "
                    "as its Owner ID.",
                )
            )
            return OwnerDecision(
                direction=OwnerSyncDirection.TO_SALESFORCE,
                action=OwnerAction.SET,
                owner_id=sent.owner_id,
                reasons=tuple(reasons),
            )
        why = f"HubSpot owner {owner_id!r} matches no active Salesforce user"
    if salesforce_object is SalesforceObject.LEAD:
        action = OwnerAction.ASSIGNMENT_RULES
        whose = "gets its owner from Salesforce's lead assignment rules"
    else:
        action = OwnerAction.INTEGRATION_USER
        whose = "goes to the integration user" + (
            f" {integration_user_id!r}" if integration_user_id is not None else ""
        )
    reasons.append(cite("OWN-6", f"{why}, so {new} {whose}."))
    return OwnerDecision(
        direction=OwnerSyncDirection.TO_SALESFORCE,
        action=action,
        owner_id=None
        if action is OwnerAction.ASSIGNMENT_RULES
        else integration_user_id,
        reasons=tuple(reasons),
    )


def _active_owner(owner: SalesforceUser | SalesforceQueue | None) -> bool:
    """Whether *owner* is an active Salesforce owner (OWN-7): an active user
    of an owner type (OWN-1), or a queue, which is never inactive."""
    if isinstance(owner, SalesforceQueue):
        return True
    return owner is not None and owner.is_active and owner.user_type in OWNER_USER_TYPES


def first_sync_owner(
    hubspot_owner_id: str | None,
    salesforce_owner_id: str | None,
    /,
    *,
    owners: _Owners,
    mapping_rule: SyncRule | None = None,
    mapped: MapOwner | None = None,
) -> OwnerDecision:
    """The owner outcome of the first sync of a HubSpot record owned by
    *hubspot_owner_id* with an existing Salesforce record owned by
    *salesforce_owner_id* (``None``: no owner), OWN-7.

    When the Salesforce owner is active (an active user of an owner type,
    or a queue), Salesforce keeps it, no assignment rule applies, and it
    fills an empty HubSpot owner (`map_owner` towards HubSpot); a HubSpot
    owner that is set stays, and nothing passes (`OwnerAction.KEEP`).
    Otherwise the rule does not apply and the owners sync as on any other
    sync: the HubSpot owner towards Salesforce when there is one (OWN-4,
    OWN-5 reverting to the Salesforce owner), else the Salesforce owner
    towards HubSpot. *mapping_rule* is `map_owner`'s; *mapped*, when given,
    stands for `map_owner` over *owners* and *mapping_rule* (`MapOwner`).

    >>> from crmsync_rules import SalesforceUser
    >>> users = [SalesforceUser(id="005A", first_name="An", last_name="Smit")]
    >>> decision = first_sync_owner("77", "005A", owners=users)
    >>> decision.action.value, decision.owner_id, [r.rule for r in decision.reasons]
    ('keep', '005A', ['OWN-7'])
    """
    directory = owner_directory(owners)
    mapped = mapped or _map_with(directory, mapping_rule)
    salesforce = (
        directory.salesforce_owner(salesforce_owner_id)
        if salesforce_owner_id is not None
        else None
    )
    if not _active_owner(salesforce):
        what = (
            "has no Owner ID"
            if salesforce_owner_id is None
            else f"is owned by {salesforce_owner_id!r}, not an active Salesforce owner"
        )
        reason = cite(
            "OWN-7",
            f"At the first sync the Salesforce record {what}, so no owner is kept "
            "and the owners sync as on any other sync.",
        )
        if hubspot_owner_id is not None:
            decision = mapped(
                hubspot_owner_id, OwnerSyncDirection.TO_SALESFORCE, salesforce_owner_id
            )
        else:
            decision = mapped(salesforce_owner_id, OwnerSyncDirection.TO_HUBSPOT, None)
        return _after(reason, decision)
    assert salesforce is not None  # an active owner exists
    who = (
        f"queue {salesforce.id!r}"
        if isinstance(salesforce, SalesforceQueue)
        else f"active user {salesforce.id!r}"
    )
    if hubspot_owner_id is None:
        decision = mapped(salesforce.id, OwnerSyncDirection.TO_HUBSPOT, None)
        reason = cite(
            "OWN-7",
            f"At the first sync Salesforce keeps its owner, {who} (no assignment "
            "rules apply), and it fills the empty HubSpot owner.",
        )
        return _after(reason, decision)
    reason = cite(
        "OWN-7",
        f"At the first sync Salesforce keeps its owner, {who} (no assignment "
        f"rules apply), and HubSpot keeps owner {hubspot_owner_id!r}; from then "
        "on the most recent owner change wins.",
    )
    return OwnerDecision(
        direction=OwnerSyncDirection.TO_SALESFORCE,
        action=OwnerAction.KEEP,
        owner_id=salesforce.id,
        reasons=(reason,),
    )


def _when(at: dt.datetime | None) -> str:
    return "at an unknown time" if at is None else f"at {at.isoformat()}"


def later_owner_sync(
    hubspot_owner_id: str | None,
    salesforce_owner_id: str | None,
    /,
    *,
    hubspot_changed_at: dt.datetime | None,
    salesforce_changed_at: dt.datetime | None,
    owners: _Owners,
    mapping_rule: SyncRule | None = None,
    mapped: MapOwner | None = None,
) -> OwnerDecision:
    """The owner outcome of a pair that has synced before, OWN-7's
    "afterwards": the most recent owner change wins, in either direction.

    *hubspot_changed_at* and *salesforce_changed_at* are when each side's
    owner last changed (timezone-aware; ``None``: unknown, older than any
    known time). The newer HubSpot owner goes to Salesforce (`map_owner`:
    OWN-4, reverting to *salesforce_owner_id* under OWN-5); otherwise the
    Salesforce owner goes to HubSpot. Equal times go to Salesforce, as a
    two-way mapping's ties do (FM-3, FM-6). *mapped*, when given, stands for
    `map_owner` over *owners* and *mapping_rule* (`MapOwner`).

    >>> import datetime as dt
    >>> from crmsync_rules import SalesforceUser
    >>> users = [SalesforceUser(id="005A", email="an@example.com")]
    >>> day = dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)
    >>> decision = later_owner_sync("77", "005A", hubspot_changed_at=None,
    ...                             salesforce_changed_at=day, owners=users)
    >>> decision.direction.value, decision.action.value
    ('to_hubspot', 'import')
    """
    for name, at in (
        ("hubspot_changed_at", hubspot_changed_at),
        ("salesforce_changed_at", salesforce_changed_at),
    ):
        if at is not None and at.tzinfo is None:
            raise InvalidRecordError(
                "must be timezone-aware", record=None, field=name, value=at
            )
    hubspot_wins = hubspot_changed_at is not None and (
        salesforce_changed_at is None or hubspot_changed_at > salesforce_changed_at
    )
    times = (
        f"HubSpot's owner changed {_when(hubspot_changed_at)}, Salesforce's "
        f"{_when(salesforce_changed_at)}"
    )
    mapped = mapped or _map_with(owner_directory(owners), mapping_rule)
    if hubspot_wins:
        reason = cite(
            "OWN-7",
            f"{times}: the HubSpot change is the most recent, so HubSpot owner "
            f"{hubspot_owner_id!r} is sent to Salesforce.",
        )
        decision = mapped(
            hubspot_owner_id, OwnerSyncDirection.TO_SALESFORCE, salesforce_owner_id
        )
    else:
        reason = cite(
            "OWN-7",
            f"{times}: the Salesforce change is the most recent (or ties), so "
            f"Owner ID {salesforce_owner_id!r} is sent to HubSpot.",
        )
        decision = mapped(salesforce_owner_id, OwnerSyncDirection.TO_HUBSPOT, None)
    return _after(reason, decision)
