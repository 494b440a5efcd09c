"""Owners (OWN-4) asked in one call: which active Salesforce user a full
name and an email match exactly.

The match is `map_owner`'s own, `crmsync_rules.rules._own.exact_user_match`,
so every sentence of OWN-4 stays in `crmsync_rules.rules._own`; this call
only spares its caller a HubSpot owner to invent and a name to split.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._hubspot import HubSpotOwner
from crmsync_rules.model._salesforce import SalesforceQueue, SalesforceUser
from crmsync_rules.typing import OwnerDirectory

from ._own import StaticOwnerDirectory, exact_user_match

__all__ = ["OwnerMatch", "owner_matches"]


@attrs.frozen(kw_only=True)
class OwnerMatch:
    """The outcome of `owner_matches`: the active Salesforce user that a
    name and email match exactly (OWN-4), or ``None``."""

    name: str
    email: str | None
    user_id: str | None
    reasons: tuple[Reason, ...]

    @property
    def matches(self) -> bool:
        """Whether an active Salesforce user matches (``user_id`` is set)."""
        return self.user_id is not None


def owner_matches(
    name: str,
    email: str | None,
    /,
    *,
    users: OwnerDirectory | Iterable[SalesforceUser | SalesforceQueue | HubSpotOwner],
) -> OwnerMatch:
    """Which active Salesforce user an owner with the full *name* and
    *email* matches exactly, the test an owner passes on its way to
    Salesforce (OWN-4; OWN-1 when the users that match cannot own records).
    The same test as `map_owner` towards Salesforce, with no HubSpot owner
    to invent: names compare case-folded, whatever whitespace separates
    their words; emails by `email_key`. *users* is an `OwnerDirectory` or
    a plain sequence, as in `map_owner`.

    >>> from crmsync_rules import SalesforceUser
    >>> users = [SalesforceUser(id="005A", email="AN@example.com", first_name="An",
    ...                         last_name="Smit")]
    >>> owner_matches("an  smit", "an@example.com", users=users).user_id
    '005A'
    """
    directory = (
        users
        if isinstance(users, (StaticOwnerDirectory, OwnerDirectory))
        else StaticOwnerDirectory.of(users)
    )
    who = f"{name!r} " + (
        f"with email {email!r}" if email is not None else "with no email"
    )
    target, reason = exact_user_match(who, name, email, directory)
    return OwnerMatch(
        name=name,
        email=email,
        user_id=None if target is None else target.id,
        reasons=(reason,),
    )
