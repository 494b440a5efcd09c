"""Inclusion lists (SYNC-2, SYNC-3): which HubSpot contacts may sync.

Three ready-made implementations of the `InclusionList` protocol, all plain
values the codec can read and write:

* `StaticInclusionList`: membership by contact id, as exported from HubSpot
  (the realistic choice for a sync service: HubSpot computes list
  membership, you export it);
* `CriteriaInclusionList`: every criterion must hold, evaluated on the
  contact's HubSpot properties by their internal names;
* `DefaultInclusionList`: "Salesforce inclusion list (default)", created on
  2017-06-22 for portals without a list: everyone except Subscribers (SYNC-3).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Final

import attrs

from ._api_names import CONTACT_PROPERTIES
from ._errors import InvalidSettingsError
from ._hubspot import HubSpotContact, LifecycleStage

__all__ = [
    "LEGACY_DEFAULT_LIST_DATE",
    "CriteriaInclusionList",
    "Criterion",
    "DefaultInclusionList",
    "Operator",
    "StaticInclusionList",
    "contact_property",
]

LEGACY_DEFAULT_LIST_DATE: Final = dt.date(2017, 6, 22)
"""The day HubSpot created default inclusion lists (SYNC-3). Portals
integrated on or before it, without a list of their own, have one."""


def contact_property(contact: HubSpotContact, name: str, /) -> str | None:
    """Return *contact*'s HubSpot property *name* as HubSpot would: a string,
    or ``None`` when unknown (blank). Booleans read ``"true"``/``"false"``;
    enums read their internal value.

    Raises ``KeyError`` for a property the model does not hold.
    """
    try:
        attribute = CONTACT_PROPERTIES[name]
    except KeyError:
        raise KeyError(
            f"HubSpot contact property {name!r} is not one of "
            f"{sorted(CONTACT_PROPERTIES)}"
        ) from None
    value = getattr(contact, attribute)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


class Operator(str, enum.Enum):
    """How a `Criterion` compares; text comparisons ignore case, as HubSpot's
    list filters do."""

    IS = "is"
    IS_NOT = "is_not"
    IS_ANY_OF = "is_any_of"
    IS_NONE_OF = "is_none_of"
    CONTAINS = "contains"
    ENDS_WITH = "ends_with"
    IS_KNOWN = "is_known"
    IS_UNKNOWN = "is_unknown"


NEEDS_NO_VALUES = frozenset({Operator.IS_KNOWN, Operator.IS_UNKNOWN})
NEEDS_ONE_VALUE = frozenset(
    {Operator.IS, Operator.IS_NOT, Operator.CONTAINS, Operator.ENDS_WITH}
)


def _check_property(
    _instance: object, _attribute: attrs.Attribute[str], value: str
) -> None:
    if value not in CONTACT_PROPERTIES:
        raise InvalidSettingsError(
            f"property must be one of {sorted(CONTACT_PROPERTIES)}, got {value!r}"
        )


@attrs.frozen(kw_only=True)
class Criterion:
    """One filter of a `CriteriaInclusionList`: ``property operator values``."""

    property: str = attrs.field(validator=_check_property)
    operator: Operator
    values: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.operator in NEEDS_NO_VALUES and self.values:
            raise InvalidSettingsError(
                f"operator {self.operator.value!r} takes no values, got {self.values!r}"
            )
        if self.operator in NEEDS_ONE_VALUE and len(self.values) != 1:
            raise InvalidSettingsError(
                f"operator {self.operator.value!r} takes exactly one value, "
                f"got {self.values!r}"
            )
        if not self.values and self.operator not in NEEDS_NO_VALUES:
            raise InvalidSettingsError(
                f"operator {self.operator.value!r} needs at least one value, got ()"
            )

    def matches(self, contact: HubSpotContact, /) -> bool:
        """Whether *contact* meets this criterion."""
        value = contact_property(contact, self.property)
        if self.operator is Operator.IS_KNOWN:
            return value is not None
        if self.operator is Operator.IS_UNKNOWN:
            return value is None
        wanted = tuple(v.casefold() for v in self.values)
        got = value.casefold() if value is not None else None
        if self.operator in (Operator.IS, Operator.IS_ANY_OF):
            return got in wanted
        if self.operator in (Operator.IS_NOT, Operator.IS_NONE_OF):
            return got not in wanted
        if got is None:
            return False
        if self.operator is Operator.CONTAINS:
            return wanted[0] in got
        return got.endswith(wanted[0])  # Operator.ENDS_WITH


@attrs.frozen(kw_only=True)
class StaticInclusionList:
    """An inclusion list given by its members' contact ids."""

    name: str
    contact_ids: frozenset[str] = frozenset()

    def includes(self, contact: HubSpotContact, /) -> bool:
        """Whether *contact*'s id is a member."""
        return contact.id in self.contact_ids


@attrs.frozen(kw_only=True)
class CriteriaInclusionList:
    """An active list: a contact is a member when every criterion holds."""

    name: str
    criteria: tuple[Criterion, ...]

    def includes(self, contact: HubSpotContact, /) -> bool:
        """Whether *contact* meets every criterion."""
        return all(c.matches(contact) for c in self.criteria)


@attrs.frozen(kw_only=True)
class DefaultInclusionList:
    """ "Salesforce inclusion list (default)" of SYNC-3: every contact except
    those whose lifecycle stage is Subscriber (contacts without a stage are
    members)."""

    name: str = "Salesforce inclusion list (default)"

    def includes(self, contact: HubSpotContact, /) -> bool:
        """Whether *contact* is not a Subscriber."""
        return contact.lifecycle_stage is not LifecycleStage.SUBSCRIBER
