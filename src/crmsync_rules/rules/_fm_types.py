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

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._errors import InvalidMappingError
from crmsync_rules.model._field_types import (
    HUBSPOT_FIELD_TYPES,
    HubSpotFieldType,
    HubSpotPropertyType,
    SalesforceFieldType,
    one_shape,
)
from crmsync_rules.model._hubspot import HubSpotObject
from crmsync_rules.model._salesforce import SalesforceObject
from crmsync_rules.model._settings import (
    OPT_OUT_MAPPINGS,
    FieldMapping,
    MappingProblem,
    touches_opt_out,
)

__all__ = [
    "FIELD_TYPE_COMPATIBILITY",
    "MappingProblem",
    "MappingTable",
    "build_mapping_table",
    "mapping_problems",
]

_F = HubSpotFieldType
_S = SalesforceFieldType

_SINGLE_SELECT: Final = frozenset({_S.PICKLIST, _S.REFERENCE})
_NUMBER: Final = frozenset({_S.DOUBLE, _S.INT, _S.CURRENCY, _S.PERCENT})
_SINGLE_LINE: Final = frozenset({_S.STRING, _S.TEXTAREA, _S.EMAIL, _S.PHONE, _S.URL})
_DATE: Final = frozenset({_S.DATE, _S.DATETIME})

FIELD_TYPE_COMPATIBILITY: Final[
    Mapping[HubSpotFieldType, frozenset[SalesforceFieldType]]
] = MappingProxyType(
    {
        # dropdown / radio select
        _F.SELECT: _SINGLE_SELECT,
        _F.RADIO: _SINGLE_SELECT,
        # multiple checkboxes
        _F.CHECKBOX: frozenset({_S.MULTIPICKLIST}),
        # single checkbox
        _F.BOOLEAN_CHECKBOX: frozenset({_S.BOOLEAN}),
        _F.NUMBER: _NUMBER,
        # single-line text
        _F.TEXT: _SINGLE_LINE,
        # multi-line text
        _F.TEXTAREA: frozenset({_S.TEXTAREA}),
        # date picker
        _F.DATE: _DATE,
    }
)
"""FM-5's type matrix, by the way HubSpot shows a property (its fieldType):
each shape that can be mapped, with the Salesforce field types it may map
to. Shapes absent here (files, HTML, phone numbers, calculations) and
properties of type ``user`` cannot be mapped at all. docs/rules.md shows
this table and a test keeps the two equal."""

_SHAPES: Final = {
    _F.SELECT: "dropdown select",
    _F.RADIO: "radio select",
    _F.CHECKBOX: "multiple checkboxes",
    _F.BOOLEAN_CHECKBOX: "single checkbox",
    _F.TEXT: "single-line text",
    _F.TEXTAREA: "multi-line text",
    _F.DATE: "date picker",
}


# The facade's deprecated TYPE_COMPATIBILITY says this: the old matrix was
# keyed by a mix of types and fieldTypes.
TYPE_COMPATIBILITY_MOVED: Final = (
    "TYPE_COMPATIBILITY is deprecated: FM-5's matrix is keyed by HubSpot's "
    "fieldType now; use FIELD_TYPE_COMPATIBILITY (and HUBSPOT_FIELD_TYPES for "
    "the fieldTypes each type goes with)"
)


_LIFECYCLE_PROPERTY: Final = "lifecyclestage"
_COMPANY_NAME_PROPERTY: Final = "company"


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
    why = _fm5(mapping)
    if why is not None:
        refuse("FM-5", why)
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


def _allowed(shape: HubSpotFieldType) -> str:
    allowed = FIELD_TYPE_COMPATIBILITY.get(shape, frozenset())
    return ", ".join(sorted(t.value for t in allowed)) or "no Salesforce field"


def _fm5(mapping: FieldMapping) -> str | None:
    # Why FM-5 refuses *mapping*, or None. The type says what the property
    # holds, the field type how HubSpot shows it; the matrix is by the latter.
    kind, shape = mapping.hubspot_type, mapping.hubspot_field_type
    if kind is HubSpotPropertyType.USER:
        return "a HubSpot property of type 'user' cannot be mapped"
    shapes = HUBSPOT_FIELD_TYPES[kind]
    if shape is None:
        shape = one_shape(kind)
        if shape is None:
            ways = [
                f"{', '.join(repr(s.value) for s in group)} to {allowed}"
                for allowed, group in _by_allowed(shapes)
            ]
            return (
                f"a HubSpot {kind.value!r} property maps to Salesforce fields by "
                "the way HubSpot shows it, and its fieldType is not given: "
                f"{ways[0].replace(' to ', ' maps to ')}; {'; '.join(ways[1:])}. "
                "Give hubspot_field_type, as HubSpot's properties API reports it"
            )
        name = kind.value
    elif shape not in shapes:
        return (
            f"HubSpot has no {kind.value!r} property shown as {shape.value!r} "
            f"(a {kind.value!r} property is shown as "
            f"{', '.join(sorted(s.value for s in shapes))})"
        )
    else:
        name = shape.value
    allowed = FIELD_TYPE_COMPATIBILITY.get(shape)
    if allowed is None:
        return f"HubSpot property type {name!r} cannot be mapped"
    if mapping.salesforce_type in allowed:
        return None
    what = f" ({_SHAPES[shape]})" if shape in _SHAPES else ""
    return (
        f"a HubSpot {name!r} property{what} maps only to Salesforce "
        f"{_allowed(shape)} fields, not {mapping.salesforce_type.value!r}"
    )


def _by_allowed(
    shapes: frozenset[HubSpotFieldType],
) -> list[tuple[str, list[HubSpotFieldType]]]:
    # The shapes of one type grouped by what they map to: those that map
    # first, each group in name order.
    groups: dict[str, list[HubSpotFieldType]] = {}
    for shape in sorted(shapes, key=lambda s: s.value):
        groups.setdefault(_allowed(shape), []).append(shape)
    return sorted(
        groups.items(),
        key=lambda g: (g[1][0] not in FIELD_TYPE_COMPATIBILITY, g[1][0].value),
    )


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
