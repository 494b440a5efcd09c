"""Field mappings (FM): which HubSpot property maps to which Salesforce
field, whether the two types are compatible (FM-5, FM-8), and which value
wins when both sides have one (FM-1, FM-2, FM-3, FM-4, FM-6, FM-7).

`build_mapping_table` checks a whole set of mappings; `resolve_field_value`
decides one field of one record; `sync_fields` decides every mapping of one
pair of records, the owner, opt-out, lifecycle and Company name mappings
included (`FieldSync`).
"""

from .model._field_types import (
    HUBSPOT_FIELD_TYPES,
    HubSpotFieldType,
    HubSpotPropertyType,
    SalesforceFieldType,
)
from .model._settings import FieldMapping, SyncRule
from .rules._fields import (
    ChangedFields,
    FieldSync,
    MappedField,
    WriteDirection,
    sync_fields,
)
from .rules._fm_types import (
    FIELD_TYPE_COMPATIBILITY,
    MappingProblem,
    MappingTable,
    build_mapping_table,
    mapping_problems,
)
from .rules._fm_values import (
    FieldChange,
    FieldResolution,
    FieldValue,
    FieldWrite,
    FirstSync,
    Resync,
    Side,
    is_owner_mapping,
    resolve_field_value,
)

__all__ = [
    "FIELD_TYPE_COMPATIBILITY",
    "HUBSPOT_FIELD_TYPES",
    "ChangedFields",
    "FieldChange",
    "FieldMapping",
    "FieldResolution",
    "FieldSync",
    "FieldValue",
    "FieldWrite",
    "FirstSync",
    "HubSpotFieldType",
    "HubSpotPropertyType",
    "MappedField",
    "MappingProblem",
    "MappingTable",
    "Resync",
    "SalesforceFieldType",
    "Side",
    "SyncRule",
    "WriteDirection",
    "build_mapping_table",
    "is_owner_mapping",
    "mapping_problems",
    "resolve_field_value",
    "sync_fields",
]
