"""The owner invariant (OWN-4): an owner written to Salesforce is the
active user whose email and name match the HubSpot owner's."""

from __future__ import annotations

from collections.abc import Iterable

from crmsync_rules.model._email import email_key_or_none
from crmsync_rules.model._hubspot import HubSpotOwner
from crmsync_rules.model._salesforce import SalesforceQueue, SalesforceUser
from crmsync_rules.rules._own import OWNER_USER_TYPES, normalised_name, owner_directory
from crmsync_rules.typing import OwnerDirectory

from ._violations import Violation


def owner_mismatches(
    hubspot_owner_id: str | None,
    written: str | None,
    /,
    *,
    owners: OwnerDirectory | Iterable[SalesforceUser | SalesforceQueue | HubSpotOwner],
    last_salesforce_owner_id: str | None = None,
) -> tuple[Violation, ...]:
    """OWN-4: "A HubSpot owner syncs to Salesforce only when it matches the
    name and email address of an active Salesforce user."

    *written* is the Owner ID your service wrote to Salesforce for a record
    whose HubSpot owner is *hubspot_owner_id* (``None``: it wrote nothing).
    Writing back *last_salesforce_owner_id* is a revert (OWN-5) and always
    allowed; any other value must be an active user of an owner type
    (OWN-1) whose name and email (compared by `email_key`, names as
    `map_owner` compares them: ignoring case, and whitespace around and
    between words) equal the HubSpot owner's.
    """
    if written is None or written == last_salesforce_owner_id:
        return ()
    directory = owner_directory(owners)
    owner = (
        directory.hubspot_owner(hubspot_owner_id)
        if hubspot_owner_id is not None
        else None
    )
    user = directory.salesforce_owner(written)
    problem = None
    if owner is None:
        problem = f"HubSpot owner {hubspot_owner_id!r} is unknown or cleared"
    elif not isinstance(user, SalesforceUser):
        problem = f"{written!r} is not a Salesforce user"
    elif not user.is_active:
        problem = f"Salesforce user {written!r} is inactive"
    elif user.user_type not in OWNER_USER_TYPES:
        problem = f"Salesforce user {written!r} is a {user.user_type.value!r} user"
    elif (key := email_key_or_none(owner.email)) is None or (
        key != email_key_or_none(user.email)
    ):
        problem = f"emails differ ({owner.email!r}, {user.email!r})"
    elif not (name := normalised_name(owner.name)) or (
        name != normalised_name(user.name)
    ):
        problem = f"names differ ({owner.name!r}, {user.name!r})"
    if problem is None:
        return ()
    return (
        Violation(
            invariant="owner_mismatches",
            rule="OWN-4",
            detail=f"Owner ID {written!r} was written to Salesforce for HubSpot "
            f"owner {hubspot_owner_id!r}, but {problem}.",
        ),
    )
