"""Owners (OWN-1, OWN-2, OWN-3, OWN-4, OWN-5, FM-6): which Salesforce users
count as owners, and how an owner crosses between the systems.

Standard, PowerPartner and Guest users and queues count as owners once
imported or owning a synced record; other user types never do (OWN-1).
Owner ID syncs with the HubSpot owner property (OWN-2). Towards HubSpot any
owner passes, matched to a HubSpot owner by email alone or imported (OWN-3).
Towards Salesforce the match is exact: name and email of an active user
(OWN-4); anything less, and Owner ID reverts to its last Salesforce value
(OWN-5). The owner mapping behaves this way whatever rule it shows (FM-6).
Emails compare by `email_key`; names after case-folding, with the
whitespace around and between their words made one space.
"""

from __future__ import annotations

import enum
import functools
import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from crmsync_rules.model._catalogue import Reason, cite
from crmsync_rules.model._email import EmailKey, email_key_or_none
from crmsync_rules.model._hubspot import HubSpotOwner
from crmsync_rules.model._salesforce import SalesforceQueue, SalesforceUser, UserType
from crmsync_rules.model._settings import SyncRule
from crmsync_rules.typing import OwnerDirectory

from ._lint import Finding, Severity

__all__ = [
    "OWNER_USER_TYPES",
    "OwnerAction",
    "OwnerDecision",
    "OwnerStatus",
    "OwnerSyncDirection",
    "StaticOwnerDirectory",
    "map_owner",
    "salesforce_owner_status",
]

OWNER_USER_TYPES: Final = frozenset(
    {UserType.STANDARD, UserType.POWER_PARTNER, UserType.GUEST}
)
"""The Salesforce user types that can count as owners (OWN-1)."""

SalesforceOwner = SalesforceUser | SalesforceQueue


# `email_key_or_none` is a pure function of the address, hence memoised for
# the decisions: a portal has a few hundred owners, and every decision about
# one needs its key (about 1.5 us). Wrapped rather than decorated, so that
# mutation testing still mutates the function; tests/conftest.py empties the
# memo when a session starts.
_owner_key: Final = functools.lru_cache(maxsize=1024)(email_key_or_none)


def normalised_name(name: str) -> str:
    """*name* as OWN-4 compares it: case-folded, its words separated by one
    space, whatever whitespace surrounded or separated them (``"Jane "`` and
    ``" Roe"`` join into ``"Jane   Roe"``, which is ``Jane Roe``)."""
    return " ".join(name.split()).casefold()


_by_id: Final = operator.attrgetter("id")


def nameless_users(users: Iterable[SalesforceUser], /) -> Finding | None:
    """A warning when there are Salesforce users but none has a name: then
    no HubSpot owner can match one (OWN-4). Typically a User export that
    selected neither ``Name`` nor ``FirstName``/``LastName``."""
    count = 0
    for user in users:
        if normalised_name(user.name):
            return None
        count += 1
    if not count:
        return None
    # Worded without "None", which reads as a Python value.
    who = (
        "The one Salesforce user in the input has no name"
        if count == 1
        else f"No Salesforce user in the input has a name ({count:,} users)"
    )
    return Finding(
        severity=Severity.WARNING,
        rule="OWN-4",
        detail=f"{who}: neither Name nor FirstName and LastName. No HubSpot "
        "owner can match a user by name and email, so every owner HubSpot "
        "sends to Salesforce reverts.",
        fix="Export the users with their names: SELECT Id, Name, Email, IsActive, "
        "UserType FROM User.",
    )


@attrs.frozen(kw_only=True)
class StaticOwnerDirectory:
    """An `OwnerDirectory` over plain values, indexed once.

    Build it with `StaticOwnerDirectory.of`. Owners whose email address is
    missing or invalid can be found by id but never match by email.
    """

    salesforce: Mapping[str, SalesforceOwner]
    hubspot: Mapping[str, HubSpotOwner]
    users_by_email: Mapping[EmailKey, tuple[SalesforceUser, ...]]
    owners_by_email: Mapping[EmailKey, tuple[HubSpotOwner, ...]]

    @classmethod
    def of(
        cls, owners: Iterable[SalesforceUser | SalesforceQueue | HubSpotOwner], /
    ) -> StaticOwnerDirectory:
        """Index *owners*, a mix of both systems' owners."""
        salesforce: dict[str, SalesforceOwner] = {}
        hubspot: dict[str, HubSpotOwner] = {}
        users: dict[EmailKey, list[SalesforceUser]] = defaultdict(list)
        owners_by: dict[EmailKey, list[HubSpotOwner]] = defaultdict(list)
        for owner in owners:
            key = _owner_key(owner.email)
            if isinstance(owner, HubSpotOwner):
                hubspot[owner.id] = owner
                if key is not None:
                    owners_by[key].append(owner)
            else:
                salesforce[owner.id] = owner
                if key is not None and isinstance(owner, SalesforceUser):
                    users[key].append(owner)
        return cls(
            salesforce=salesforce,
            hubspot=hubspot,
            users_by_email={k: tuple(v) for k, v in users.items()},
            owners_by_email={k: tuple(v) for k, v in owners_by.items()},
        )

    def salesforce_owner(self, owner_id: str, /) -> SalesforceOwner | None:
        """The Salesforce user or queue with *owner_id*, or ``None``."""
        return self.salesforce.get(owner_id)

    def hubspot_owner(self, owner_id: str, /) -> HubSpotOwner | None:
        """The HubSpot owner with *owner_id*, or ``None``."""
        return self.hubspot.get(owner_id)

    def salesforce_users_with_email(self, key: EmailKey, /) -> Sequence[SalesforceUser]:
        """Every Salesforce user whose email has the key *key*."""
        return self.users_by_email.get(key, ())

    def hubspot_owners_with_email(self, key: EmailKey, /) -> Sequence[HubSpotOwner]:
        """Every HubSpot owner whose email has the key *key*."""
        return self.owners_by_email.get(key, ())


class OwnerSyncDirection(str, enum.Enum):
    """Which way an owner value travels."""

    TO_HUBSPOT = "to_hubspot"
    TO_SALESFORCE = "to_salesforce"


class OwnerAction(str, enum.Enum):
    """What happens to the owner on the receiving side."""

    SET = "set"
    """The receiving side's owner becomes ``owner_id``."""
    IMPORT = "import"
    """The Salesforce owner ``import_from`` is imported as a HubSpot owner,
    which then owns the record (OWN-3)."""
    REVERT = "revert"
    """Salesforce's Owner ID reverts to its last value, ``owner_id`` (OWN-5)."""
    UNCHANGED = "unchanged"
    """Nothing passes."""
    KEEP = "keep"
    """First sync with an existing record: Salesforce keeps its active
    Owner ID ``owner_id``, and the HubSpot owner is not sent (OWN-7)."""
    ASSIGNMENT_RULES = "assignment_rules"
    """A new lead takes its owner from Salesforce's lead assignment rules
    (OWN-6)."""
    INTEGRATION_USER = "integration_user"
    """A new record goes to the Salesforce integration user, ``owner_id``
    when the settings name it (OWN-6)."""


@attrs.frozen(kw_only=True)
class OwnerDecision:
    """The outcome of `map_owner`."""

    direction: OwnerSyncDirection
    action: OwnerAction
    owner_id: str | None
    reasons: tuple[Reason, ...]
    import_from: str | None = None


@attrs.frozen(kw_only=True)
class OwnerStatus:
    """The outcome of `salesforce_owner_status`."""

    owner_id: str
    counts: bool
    reasons: tuple[Reason, ...]


def _describe(owner: SalesforceOwner) -> str:
    if isinstance(owner, SalesforceQueue):
        return f"queue {owner.id!r} ({owner.name!r})"
    return f"user {owner.id!r} ({owner.name!r}, {owner.user_type.value})"


def salesforce_owner_status(
    owner: SalesforceUser | SalesforceQueue,
    /,
    *,
    imported: bool,
    owns_synced_record: bool,
) -> OwnerStatus:
    """Whether *owner* counts as a Salesforce owner in HubSpot (OWN-1).

    >>> from crmsync_rules import SalesforceUser, UserType
    >>> portal = SalesforceUser(id="005P", user_type=UserType.CSP_LITE_PORTAL)
    >>> salesforce_owner_status(portal, imported=True, owns_synced_record=True).counts
    False
    """
    who = _describe(owner)
    if isinstance(owner, SalesforceUser) and owner.user_type not in OWNER_USER_TYPES:
        detail = (
            f"Salesforce {who} is of type {owner.user_type.value!r}, not Standard, "
            "PowerPartner or Guest, so it never counts as an owner."
        )
        counts = False
    elif imported or owns_synced_record:
        how = "was imported" if imported else "owns a synced record"
        detail = f"Salesforce {who} {how}, so it counts as an owner."
        counts = True
    else:
        detail = (
            f"Salesforce {who} was not imported and owns no synced record, so it "
            "does not count as an owner yet."
        )
        counts = False
    return OwnerStatus(
        owner_id=owner.id, counts=counts, reasons=(cite("OWN-1", detail),)
    )


def owner_directory(
    owners: OwnerDirectory | Iterable[SalesforceUser | SalesforceQueue | HubSpotOwner],
) -> OwnerDirectory:
    # The concrete class first (isinstance tries them in order): a runtime
    # Protocol check costs about 75 us, more than the whole decision.
    if isinstance(owners, (StaticOwnerDirectory, OwnerDirectory)):
        return owners
    return StaticOwnerDirectory.of(owners)


def map_owner(
    owner_id: str | None,
    /,
    *,
    direction: OwnerSyncDirection,
    owners: OwnerDirectory | Iterable[SalesforceUser | SalesforceQueue | HubSpotOwner],
    last_salesforce_owner_id: str | None = None,
    mapping_rule: SyncRule | None = None,
) -> OwnerDecision:
    """Decide what the owner *owner_id* becomes on the other side.

    *owner_id* is a Salesforce Owner ID (user or queue) for
    `OwnerSyncDirection.TO_HUBSPOT`, a HubSpot owner id for
    `OwnerSyncDirection.TO_SALESFORCE`. *owners* is an `OwnerDirectory` or
    a plain sequence of users, queues and HubSpot owners.
    *last_salesforce_owner_id* is the Owner ID Salesforce had before, the
    value OWN-5 reverts to. *mapping_rule*, the rule the owner mapping
    shows, changes nothing (FM-6) but is cited when it is not two-way.
    Which way a pair's owner goes is OWN-7's: at the first sync with an
    existing record `first_sync_owner` decides, afterwards the most recent
    change (`later_owner_sync`); a record HubSpot creates takes its owner
    by OWN-6 (`creation_owner`). Each calls this function for the match;
    towards Salesforce the reason before the last (OWN-2's or OWN-5's) is
    always the match's (OWN-4, or OWN-1), which `creation_owner` cites.

    >>> from crmsync_rules import HubSpotOwner, SalesforceUser
    >>> owners = [HubSpotOwner(id="77", email="an@example.com", first_name="An",
    ...                        last_name="Smit"),
    ...           SalesforceUser(id="005A", email="AN@example.com", first_name="Ann",
    ...                          last_name="Smit")]
    >>> decision = map_owner("77", direction=OwnerSyncDirection.TO_SALESFORCE,
    ...                      owners=owners, last_salesforce_owner_id="005B")
    >>> decision.action.value, decision.owner_id, [r.rule for r in decision.reasons]
    ('revert', '005B', ['OWN-4', 'OWN-5'])
    """
    directory = owner_directory(owners)
    reasons: list[Reason] = []
    if mapping_rule is not None and mapping_rule is not SyncRule.TWO_WAY:
        reasons.append(
            cite(
                "FM-6",
                f"The owner mapping shows rule {mapping_rule.value!r} but "
                "behaves as two-way with exact matching.",
            )
        )
    if direction is OwnerSyncDirection.TO_HUBSPOT:
        return _to_hubspot(owner_id, directory, reasons)
    return _to_salesforce(owner_id, directory, last_salesforce_owner_id, reasons)


# Sentences that name no record are built once: Reasons are frozen values.
_NO_LAST_OWNER: Final = cite(
    "OWN-5",
    "There is no earlier Salesforce Owner ID to go back to, so HubSpot writes no "
    "owner to Salesforce.",
)
_CLEARED_OWNER: Final = cite(
    "OWN-4",
    "The HubSpot owner was cleared, and no Salesforce user matches an empty owner.",
)
_NO_OWNER_ID: Final = cite(
    "OWN-2",
    "The Salesforce record has no Owner ID, so the HubSpot owner property is left "
    "as it is.",
)


def _to_hubspot(
    owner_id: str | None, directory: OwnerDirectory, reasons: list[Reason]
) -> OwnerDecision:
    def decide(
        action: OwnerAction, owner: str | None = None, imported: str | None = None
    ) -> OwnerDecision:
        return OwnerDecision(
            direction=OwnerSyncDirection.TO_HUBSPOT,
            action=action,
            owner_id=owner,
            import_from=imported,
            reasons=tuple(reasons),
        )

    if owner_id is None:
        reasons.append(_NO_OWNER_ID)
        return decide(OwnerAction.UNCHANGED)
    owner = directory.salesforce_owner(owner_id)
    if owner is None:
        reasons.append(
            cite(
                "OWN-1",
                f"Salesforce Owner ID {owner_id!r} is neither a known user "
                "nor a queue, so it cannot count as an owner.",
            )
        )
        return decide(OwnerAction.UNCHANGED)
    status = salesforce_owner_status(owner, imported=False, owns_synced_record=True)
    reasons.extend(status.reasons)
    if not status.counts:
        return decide(OwnerAction.UNCHANGED)
    who = _describe(owner)
    key = _owner_key(owner.email)
    matches = directory.hubspot_owners_with_email(key) if key is not None else ()
    if matches:
        target = min(matches, key=lambda o: (o.archived, o.id))
        reasons.append(
            cite(
                "OWN-2", f"Owner ID {owner_id!r} syncs with the HubSpot owner property."
            )
        )
        reasons.append(
            cite(
                "OWN-3",
                f"Salesforce {who} matches HubSpot owner {target.id!r} by "
                f"email {owner.email!r}; towards HubSpot any owner passes.",
            )
        )
        return decide(OwnerAction.SET, target.id)
    unmatched = (
        f"No HubSpot owner has the email {owner.email!r} of Salesforce {who}"
        if owner.email is not None
        else f"Salesforce {who} has no email address, so no HubSpot owner matches it"
    )
    reasons.append(
        cite(
            "OWN-3",
            f"{unmatched}; any Salesforce owner can sync, so it is imported as a "
            "HubSpot owner.",
        )
    )
    return decide(OwnerAction.IMPORT, imported=owner.id)


def _reverted(reasons: list[Reason], last: str | None) -> OwnerDecision:
    """Owner ID reverts to *last* after the refusal at the end of *reasons*
    (OWN-5); with no *last* value there is nothing to revert to, and nothing
    passes."""
    reasons.append(
        cite("OWN-5", f"Owner ID reverts to its last Salesforce value {last!r}.")
        if last is not None
        else _NO_LAST_OWNER
    )
    return OwnerDecision(
        direction=OwnerSyncDirection.TO_SALESFORCE,
        action=OwnerAction.UNCHANGED if last is None else OwnerAction.REVERT,
        owner_id=last,
        reasons=tuple(reasons),
    )


def exact_user_match(
    who: str, name: str, email: str | None, directory: OwnerDirectory
) -> tuple[SalesforceUser | None, Reason]:
    """OWN-4 for an owner described by *who*, with *name* and *email*: the
    active Salesforce user it matches exactly, or ``None``, with the reason
    (citing OWN-1 when the only users that match cannot own records). The
    one definition of the match, shared by `map_owner` and `owner_matches`;
    *who* begins and sits inside its sentences."""
    key = _owner_key(email)
    if key is None:
        return None, cite("OWN-4", f"{who} has no valid email address to match.")
    wanted = normalised_name(name)
    if not wanted:
        # Exact matching needs a name: a blank one would "match" every
        # nameless user with the address.
        return None, cite("OWN-4", f"{who} has no name to match.")
    users = directory.salesforce_users_with_email(key)
    if not users:
        return None, cite("OWN-4", f"No Salesforce user has the email of {who}.")
    named = [u for u in users if normalised_name(u.name) == wanted]
    if not named:
        names = ", ".join(f"{u.id!r} is named {u.name!r}" for u in users)
        return None, cite(
            "OWN-4",
            f"The email of {who} matches Salesforce users, but the name does "
            f"not: {names}.",
        )
    eligible = [u for u in named if u.user_type in OWNER_USER_TYPES]
    if not eligible:
        types = ", ".join(f"{u.id!r} is {u.user_type.value!r}" for u in named)
        return None, cite(
            "OWN-1",
            f"Name and email of {who} match, but no matching user can own "
            f"records: {types}.",
        )
    active = [u for u in eligible if u.is_active]
    if not active:
        ids = ", ".join(repr(u.id) for u in eligible)
        return None, cite(
            "OWN-4",
            f"Name and email of {who} match Salesforce user {ids}, but the "
            "user is inactive.",
        )
    target = min(active, key=_by_id)
    return target, cite(
        "OWN-4",
        f"{who} matches active Salesforce user {target.id!r} by name and email.",
    )


def hubspot_owner_match(
    owner_id: str | None, directory: OwnerDirectory
) -> tuple[SalesforceUser | None, Reason]:
    """OWN-4 for HubSpot owner *owner_id* (``None``: cleared): the active
    Salesforce user it matches exactly, or ``None``, with the reason. What
    `map_owner` sends to Salesforce and what a new record takes (OWN-6)."""
    if owner_id is None:
        return None, _CLEARED_OWNER
    owner = directory.hubspot_owner(owner_id)
    if owner is None:
        return None, cite("OWN-4", f"HubSpot owner {owner_id!r} is unknown.")
    # `name` joins the name parts on every access: read it once.
    name = owner.name
    who = f"HubSpot owner {owner.id!r} ({name!r}, {owner.email!r})"
    return exact_user_match(who, name, owner.email, directory)


def _to_salesforce(
    owner_id: str | None,
    directory: OwnerDirectory,
    last: str | None,
    reasons: list[Reason],
) -> OwnerDecision:
    target, reason = hubspot_owner_match(owner_id, directory)
    reasons.append(reason)
    if target is None:
        return _reverted(reasons, last)
    reasons.append(cite("OWN-2", f"The HubSpot owner syncs to Owner ID {target.id!r}."))
    return OwnerDecision(
        direction=OwnerSyncDirection.TO_SALESFORCE,
        action=OwnerAction.SET,
        owner_id=target.id,
        reasons=tuple(reasons),
    )
