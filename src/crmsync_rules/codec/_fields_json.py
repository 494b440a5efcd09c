"""The field-level plan in JSON: the field writes of one plan entry
(`FieldSync`) as JSON values, each value written as the native formats
write a property's value (a date as ``{"date": ...}``, a multiple choice as
a list)."""

from __future__ import annotations

import decimal
from typing import Any

from crmsync_rules.rules._field_results import FieldSync, MappedField
from crmsync_rules.rules._fm_values import FieldValue

from ._properties_json import property_json

__all__ = ["field_sync_json", "value_json"]


def value_json(value: FieldValue, /) -> object:
    """*value* as JSON, as a record's property value is written: the
    converter's spelling of ``Properties({"value": value})["value"]``
    (`property_json`, its hook; held equal to it by
    tests/property/test_value_json_properties.py), called directly because
    a field-level plan writes five values a mapping, and packing each into
    a `Properties` to unstructure it was two thirds of rendering one."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    return property_json(value)


def _field_json(field: MappedField) -> dict[str, Any]:
    mapping = field.mapping
    return {
        "hubspot_property": mapping.hubspot_property,
        "salesforce_object": mapping.salesforce_object.value,
        "salesforce_field": mapping.salesforce_field,
        "rule": mapping.rule.value,
        "direction": field.direction.value,
        "hubspot": {
            "before": value_json(field.hubspot_before),
            "after": value_json(field.hubspot_after),
        },
        "salesforce": {
            "before": value_json(field.salesforce_before),
            "after": value_json(field.salesforce_after),
        },
        "writes": [
            {
                "side": write.side.value,
                "value": value_json(write.value),
                "rule": write.reason.rule,
            }
            for write in field.writes
        ],
        "reasons": [{"rule": r.rule, "detail": r.detail} for r in field.reasons],
    }


def field_sync_json(fields: FieldSync, /) -> dict[str, Any]:
    """*fields* as a JSON object: ``mappings``, one object per mapping in
    table order, and ``reasons``, the pair's own (Company name with a
    Salesforce contact, CN-3)."""
    return {
        "mappings": [_field_json(field) for field in fields.fields],
        "reasons": [{"rule": r.rule, "detail": r.detail} for r in fields.reasons],
    }
