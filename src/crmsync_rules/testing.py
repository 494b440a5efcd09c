"""In-memory fakes of the Protocols in `crmsync_rules.typing`, for tests.

A sync service plugs its own adapters into the library through those
Protocols; its tests plug these in instead. Each fake behaves like the real
thing (same answers for the same state, same refusals) and remembers what it
was asked, so a test can also check that the service consulted it. Unlike
the library's values, fakes are mutable on purpose: a test changes their
state between two calls, as the outside world changes between two syncs.

Every Protocol has its fake in `FAKES`, and every fake can be built without
arguments; the test suite checks both, so a new Protocol cannot ship without
a fake.

>>> from crmsync_rules import HubSpotContact
>>> from crmsync_rules.testing import FakeInclusionList
>>> mqls = FakeInclusionList(name="MQLs only")
>>> jan = HubSpotContact(id="501", email="jan@vries.nl")
>>> mqls.includes(jan)
False
>>> mqls.add(jan)
>>> mqls.includes(jan)
True
>>> mqls.asked
['501', '501']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

import attrs

from .model._email import EmailKey
from .model._hubspot import HubSpotContact, HubSpotOwner
from .model._inclusion import StaticInclusionList
from .model._salesforce import SalesforceQueue, SalesforceUser
from .rules._own import StaticOwnerDirectory
from .typing import InclusionList, OwnerDirectory

__all__ = ["FAKES", "FakeInclusionList", "FakeOwnerDirectory"]

_Owner = SalesforceUser | SalesforceQueue | HubSpotOwner


def _contact_id(contact: HubSpotContact | str, *, method: str) -> str:
    if isinstance(contact, HubSpotContact):
        return contact.id
    if isinstance(contact, str) and contact.strip():
        return contact
    raise TypeError(f"{method}() takes HubSpot contacts or their ids, got {contact!r}")


def _id_set(ids: Iterable[str]) -> set[str]:
    # A copy: the caller's collection must not change the list behind its back.
    return set(ids)


@attrs.define(eq=False)
class FakeInclusionList:
    """An inclusion list (SYNC-2) whose membership a test sets and changes.

    It answers like `StaticInclusionList` does for its current members: HubSpot
    computes list membership, a service reads it, and between two syncs
    contacts join and leave. ``asked`` lists the ids of the contacts
    `includes` was asked about, in order. `freeze` returns the list as it is
    now, as a value that settings and the codec accept.
    """

    name: str = "Fake inclusion list"
    members: set[str] = attrs.field(factory=set, converter=_id_set)
    asked: list[str] = attrs.field(factory=list, init=False)

    def includes(self, contact: HubSpotContact, /) -> bool:
        """Whether *contact* is a member now."""
        if not isinstance(contact, HubSpotContact):
            raise TypeError(f"includes() takes a HubSpotContact, got {contact!r}")
        self.asked.append(contact.id)
        return contact.id in self.members

    def add(self, *contacts: HubSpotContact | str) -> None:
        """Make *contacts* (records or ids) members; members stay members."""
        self.members.update(_contact_id(c, method="add") for c in contacts)

    def remove(self, *contacts: HubSpotContact | str) -> None:
        """Make *contacts* (records or ids) non-members, as HubSpot does
        when they stop meeting the criteria; non-members are ignored."""
        self.members.difference_update(
            _contact_id(c, method="remove") for c in contacts
        )

    def freeze(self) -> StaticInclusionList:
        """The list as it is now: a frozen `StaticInclusionList`."""
        return StaticInclusionList(name=self.name, contact_ids=frozenset(self.members))

    @classmethod
    def of(
        cls,
        contacts: Iterable[HubSpotContact | str],
        /,
        *,
        name: str = "Fake inclusion list",
    ) -> FakeInclusionList:
        """A list whose members are *contacts* (records or ids)."""
        fake = cls(name=name)
        fake.add(*contacts)
        return fake


def _owner_list(owners: Iterable[_Owner]) -> list[_Owner]:
    # A copy, as for the inclusion list's members.
    return list(owners)


@attrs.define(eq=False)
class FakeOwnerDirectory:
    """An owner directory (OWN-1, OWN-2, OWN-3, OWN-4, OWN-5) whose owners a
    test adds and removes.

    It answers exactly as `StaticOwnerDirectory` does for the owners it holds
    now (same email keys, same refusals of invalid addresses), so a test can
    deactivate a user or add an owner between two calls of `map_owner`.
    ``asked`` records each lookup as ``(method, argument)``; `freeze`
    returns the directory as it is now.

    >>> from crmsync_rules import SalesforceUser
    >>> directory = FakeOwnerDirectory()
    >>> directory.add(SalesforceUser(id="005A", email="ada@acme-corp.com"))
    >>> directory.salesforce_owner("005A").email
    'ada@acme-corp.com'
    >>> directory.remove("005A")
    >>> print(directory.salesforce_owner("005A"))
    None
    >>> directory.asked
    [('salesforce_owner', '005A'), ('salesforce_owner', '005A')]
    """

    owners: list[_Owner] = attrs.field(factory=list, converter=_owner_list)
    asked: list[tuple[str, str]] = attrs.field(factory=list, init=False)

    def add(self, *owners: _Owner) -> None:
        """Add *owners*; an owner with the id of one already held replaces it."""
        ids = {(type(o), o.id) for o in owners}
        self.owners = [o for o in self.owners if (type(o), o.id) not in ids]
        self.owners.extend(owners)

    def remove(self, *owner_ids: str) -> None:
        """Remove every owner (of either system) with one of *owner_ids*."""
        gone = set(owner_ids)
        self.owners = [o for o in self.owners if o.id not in gone]

    def freeze(self) -> StaticOwnerDirectory:
        """The directory as it is now, as the library's own value."""
        return StaticOwnerDirectory.of(self.owners)

    def salesforce_owner(
        self, owner_id: str, /
    ) -> SalesforceUser | SalesforceQueue | None:
        """The Salesforce user or queue with *owner_id*, or ``None``."""
        self.asked.append(("salesforce_owner", owner_id))
        return self.freeze().salesforce_owner(owner_id)

    def hubspot_owner(self, owner_id: str, /) -> HubSpotOwner | None:
        """The HubSpot owner with *owner_id*, or ``None``."""
        self.asked.append(("hubspot_owner", owner_id))
        return self.freeze().hubspot_owner(owner_id)

    def salesforce_users_with_email(self, key: EmailKey, /) -> Sequence[SalesforceUser]:
        """Every Salesforce user whose email has the key *key*."""
        self.asked.append(("salesforce_users_with_email", key))
        return self.freeze().salesforce_users_with_email(key)

    def hubspot_owners_with_email(self, key: EmailKey, /) -> Sequence[HubSpotOwner]:
        """Every HubSpot owner whose email has the key *key*."""
        self.asked.append(("hubspot_owners_with_email", key))
        return self.freeze().hubspot_owners_with_email(key)


FAKES: Final[Mapping[type[Any], type[Any]]] = MappingProxyType(
    {InclusionList: FakeInclusionList, OwnerDirectory: FakeOwnerDirectory}
)
"""Each Protocol of `crmsync_rules.typing` and its fake."""
