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

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from ._hubspot import HubSpotContact
from ._inclusion import StaticInclusionList
from .typing import InclusionList

__all__ = ["FAKES", "FakeInclusionList"]


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


FAKES: Final[Mapping[type[Any], type[Any]]] = MappingProxyType(
    {InclusionList: FakeInclusionList}
)
"""Each Protocol of `crmsync_rules.typing` and its fake."""
