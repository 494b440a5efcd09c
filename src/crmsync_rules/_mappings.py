"""Field mapping validation (FM-5, FM-8, OPT-1, LC-1, CN-2).

A mapping table pairs HubSpot properties with Salesforce fields. HubSpot
refuses a mapping whose types do not fit (FM-5, with the matrix below as the
one source of truth), a HubSpot property of type "user" (FM-5), a property
or field that already takes part in a mapping of the same object pair
(FM-8), any change to the locked opt-out mapping (OPT-1), lifecycle stage on
a standard Salesforce field (LC-1: it has no Salesforce counterpart, so only
a custom field can hold it) and Company name on a Salesforce contact (CN-2:
contacts carry an Account lookup, not a Company text field). Validation
collects every problem of a table before refusing it, so a user fixes the
whole table in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from ._errors import InvalidMappingError
from ._hubspot import HubSpotObject
from ._rules import Reason
from ._salesforce import SalesforceObject
from ._settings import (
    OPT_OUT_MAPPINGS,
    FieldMapping,
    HubSpotPropertyType,
    SalesforceFieldType,
    touches_opt_out,
)

__all__ = [
    "TYPE_COMPATIBILITY",
    "MappingProblem",
    "MappingTable",
    "build_mapping_table",
    "mapping_problems",
]

_H = HubSpotPropertyType
_S = SalesforceFieldType

_SINGLE_SELECT: Final = frozenset({_S.PICKLIST, _S.REFERENCE})
_NUMBER: Final = frozenset({_S.DOUBLE, _S.INT, _S.CURRENCY, _S.PERCENT})
_SINGLE_LINE: Final = frozenset({_S.STRING, _S.TEXTAREA, _S.EMAIL, _S.PHONE, _S.URL})
_DATE: Final = frozenset({_S.DATE, _S.DATETIME})

TYPE_COMPATIBILITY: Final[
    Mapping[HubSpotPropertyType, frozenset[SalesforceFieldType]]
] = MappingProxyType(
    {
        # dropdown / radio select
        _H.ENUMERATION: _SINGLE_SELECT,
        _H.SELECT: _SINGLE_SELECT,
        _H.RADIO: _SINGLE_SELECT,
        # multiple checkboxes
        _H.CHECKBOX: frozenset({_S.MULTIPICKLIST}),
        # single checkbox
        _H.BOOLEAN_CHECKBOX: frozenset({_S.BOOLEAN}),
        _H.NUMBER: _NUMBER,
        # single-line text
        _H.STRING: _SINGLE_LINE,
        _H.TEXT: _SINGLE_LINE,
        # multi-line text
        _H.TEXTAREA: frozenset({_S.TEXTAREA}),
        # date picker
        _H.DATE: _DATE,
        _H.DATETIME: _DATE,
    }
)
"""FM-5's type matrix: each HubSpot property type that can be mapped, with
the Salesforce field types it may map to. Types absent here (``user``,
``file``, ``html``...) cannot be mapped at all. docs/rules.md shows this
table and a test keeps the two equal."""

_LIFECYCLE_PROPERTY: Final = "lifecyclestage"
_COMPANY_NAME_PROPERTY: Final = "company"


@attrs.frozen(kw_only=True)
class MappingProblem:
    """One reason a mapping is refused: the ``mapping``, the catalogue
    ``rule`` it breaks, and a ``detail`` sentence naming both fields and their
    types."""

    mapping: FieldMapping
    rule: str
    detail: str

    @property
    def reason(self) -> Reason:
        """The problem as a `Reason`."""
        return Reason(rule=self.rule, detail=self.detail)

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"


@attrs.frozen(kw_only=True)
class MappingTable:
    """A validated mapping table: the locked opt-out mappings (OPT-1) first,
    then the given ones in their order, each once."""

    mappings: tuple[FieldMapping, ...]
    reasons: tuple[Reason, ...]


def _single_problems(mapping: FieldMapping) -> list[MappingProblem]:
    problems: list[MappingProblem] = []

    def refuse(rule: str, why: str) -> None:
        problems.append(
            MappingProblem(mapping=mapping, rule=rule, detail=f"{mapping}: {why}.")
        )

    if touches_opt_out(mapping):
        # OPT-1: CAN-SPAM. The installation's own mappings never get here
        # (`mapping_problems` skips them), so any other one is refused.
        refuse(
            "OPT-1",
            "the 'Unsubscribed from all email' / 'Email Opt Out' mapping is "
            "locked and cannot be changed, replaced or reused",
        )
        return problems
    if mapping.locked:
        refuse("FM-8", "only the opt-out mappings of OPT-1 can be locked")
    allowed = TYPE_COMPATIBILITY.get(mapping.hubspot_type)
    if mapping.hubspot_type is HubSpotPropertyType.USER:
        refuse("FM-5", "a HubSpot property of type 'user' cannot be mapped")
    elif allowed is None:
        refuse(
            "FM-5",
            f"HubSpot property type {mapping.hubspot_type.value!r} cannot be mapped",
        )
    elif mapping.salesforce_type not in allowed:
        names = ", ".join(sorted(t.value for t in allowed))
        refuse(
            "FM-5",
            f"a HubSpot {mapping.hubspot_type.value!r} property maps only to "
            f"Salesforce {names} fields, "
            f"not {mapping.salesforce_type.value!r}",
        )
    if (
        mapping.hubspot_object is HubSpotObject.CONTACT
        and mapping.hubspot_property == _LIFECYCLE_PROPERTY
        and not mapping.salesforce_field.endswith("__c")
    ):
        refuse(
            "LC-1",
            "lifecycle stage has no Salesforce counterpart and can only map to "
            "a custom field (API name ending in '__c')",
        )
    if (
        mapping.hubspot_object is HubSpotObject.CONTACT
        and mapping.hubspot_property == _COMPANY_NAME_PROPERTY
        and mapping.salesforce_object is SalesforceObject.CONTACT
    ):
        refuse(
            "CN-2",
            "Company name syncs only with a lead's Company text field; a "
            "Salesforce contact has the Account Name lookup instead (CN-3)",
        )
    return problems


def mapping_problems(mappings: Iterable[FieldMapping], /) -> tuple[MappingProblem, ...]:
    """Return every problem of the mapping table *mappings*, in table order.

    The locked opt-out mappings (`OPT_OUT_MAPPINGS`) are always part of the
    table; listing them again is allowed. An empty result means
    `build_mapping_table` accepts the table.
    """
    problems: list[MappingProblem] = []
    seen: list[FieldMapping] = list(OPT_OUT_MAPPINGS)
    for mapping in mappings:
        if mapping in seen and mapping in OPT_OUT_MAPPINGS:
            continue
        found = _single_problems(mapping)
        problems.extend(found)
        if any(p.rule == "OPT-1" for p in found):
            continue
        # FM-8: one mapping per property and per field on each object pair.
        for earlier in seen:
            if (earlier.hubspot_object, earlier.salesforce_object) != (
                mapping.hubspot_object,
                mapping.salesforce_object,
            ):
                continue
            clash = []
            if earlier.hubspot_property == mapping.hubspot_property:
                clash.append(f"HubSpot property {mapping.hubspot_property!r}")
            if earlier.salesforce_field == mapping.salesforce_field:
                clash.append(f"Salesforce field {mapping.salesforce_field!r}")
            if clash:
                problems.append(
                    MappingProblem(
                        mapping=mapping,
                        rule="FM-8",
                        detail=f"{mapping}: {' and '.join(clash)} already take"
                        f"{'s' if len(clash) == 1 else ''} part in {earlier}.",
                    )
                )
                break
        seen.append(mapping)
    return tuple(problems)


def build_mapping_table(mappings: Iterable[FieldMapping], /) -> MappingTable:
    """Validate *mappings* and return them as a `MappingTable`.

    Raises `InvalidMappingError` carrying every problem (FM-5, FM-8, OPT-1,
    LC-1, CN-2), not only the first.
    """
    given = tuple(mappings)
    problems = mapping_problems(given)
    if problems:
        raise InvalidMappingError(problems)
    table = OPT_OUT_MAPPINGS + tuple(m for m in given if m not in OPT_OUT_MAPPINGS)
    reasons = (
        Reason(
            rule="OPT-1",
            detail=f"The table starts with the {len(OPT_OUT_MAPPINGS)} locked "
            "opt-out mappings.",
        ),
        Reason(
            rule="FM-5",
            detail=f"All {len(table)} mappings pair compatible types.",
        ),
        Reason(
            rule="FM-8",
            detail="No property or field takes part in two mappings of one "
            "object pair.",
        ),
    )
    return MappingTable(mappings=table, reasons=reasons)
