"""crmsync-rules: the rules of the HubSpot-Salesforce two-way sync, as pure
functions over plain values.

Everything public is importable from here; the modules behind it are
private. See https://crmsync-rules.readthedocs.io for the guide (docs/ in the
source tree).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ._accounts import AccountCreation, account_creation
from ._codec import (
    NDJSON_TYPES,
    UnreadableLine,
    dump_snapshot,
    dumps_ndjson,
    dumps_snapshot,
    iter_ndjson,
    load_snapshot,
    loads_snapshot,
    read_hubspot,
    read_hubspot_owners,
    read_ndjson_line,
    read_salesforce,
    structure,
    unstructure,
)
from ._deals import (
    DealContacts,
    DealSync,
    DeletePropagation,
    deal_contacts,
    deal_sync,
    propagate_delete,
)
from ._email import EmailKey, email_key
from ._errors import (
    CrmSyncRulesError,
    InvalidEmailError,
    InvalidMappingError,
    InvalidRecordError,
    InvalidSettingsError,
    SnapshotError,
    UnknownErrorCodeError,
    UnknownRuleError,
)
from ._failures import (
    ASSOCIATION_LIMIT,
    DEFAULT_DAILY_CALL_LIMIT,
    ERROR_CATEGORIES,
    RETRY_INTERVAL,
    ErrorCategory,
    ErrorClassification,
    RetryDecision,
    classify_sync_error,
    retry_decision,
)
from ._hubspot import (
    CONTACT_PROPERTIES,
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotObject,
    HubSpotOwner,
    LifecycleStage,
)
from ._inclusion import (
    LEGACY_DEFAULT_LIST_DATE,
    CriteriaInclusionList,
    Criterion,
    DefaultInclusionList,
    Operator,
    StaticInclusionList,
    contact_property,
)
from ._lint import Finding, Severity, lint_settings
from ._mappings import (
    TYPE_COMPATIBILITY,
    MappingProblem,
    MappingTable,
    build_mapping_table,
    mapping_problems,
)
from ._resolution import (
    FieldChange,
    FieldResolution,
    FieldValue,
    FieldWrite,
    Resync,
    Side,
    is_owner_mapping,
    resolve_field_value,
)
from ._rules import RULES, Reason, rule_statement
from ._salesforce import (
    OpportunityContactRole,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
    UserType,
)
from ._sample import sample_snapshot
from ._settings import (
    OPT_OUT_MAPPINGS,
    ConnectorVersion,
    ContactCreation,
    FieldMapping,
    HubSpotPropertyType,
    IntegrationSettings,
    SalesforceEdition,
    SalesforceFieldType,
    SyncRule,
)
from ._snapshot import HubSpotRecords, Record, SalesforceRecords, Snapshot
from ._triggers import RecordChange, TriggerDecision, sync_trigger
from .typing import InclusionList

try:
    __version__ = version("crmsync-rules")
except PackageNotFoundError:  # pragma: no cover - only when run from a bare tree
    __version__ = "0+unknown"

__all__ = [
    "ASSOCIATION_LIMIT",
    "CONTACT_PROPERTIES",
    "DEFAULT_DAILY_CALL_LIMIT",
    "ERROR_CATEGORIES",
    "LEGACY_DEFAULT_LIST_DATE",
    "NDJSON_TYPES",
    "OPT_OUT_MAPPINGS",
    "RETRY_INTERVAL",
    "RULES",
    "TYPE_COMPATIBILITY",
    "AccountCreation",
    "ConnectorVersion",
    "ContactCreation",
    "CriteriaInclusionList",
    "Criterion",
    "CrmSyncRulesError",
    "DealContacts",
    "DealSync",
    "DefaultInclusionList",
    "DeletePropagation",
    "EmailKey",
    "ErrorCategory",
    "ErrorClassification",
    "FieldChange",
    "FieldMapping",
    "FieldResolution",
    "FieldValue",
    "FieldWrite",
    "Finding",
    "HubSpotCompany",
    "HubSpotContact",
    "HubSpotDeal",
    "HubSpotObject",
    "HubSpotOwner",
    "HubSpotPropertyType",
    "HubSpotRecords",
    "InclusionList",
    "IntegrationSettings",
    "InvalidEmailError",
    "InvalidMappingError",
    "InvalidRecordError",
    "InvalidSettingsError",
    "LifecycleStage",
    "MappingProblem",
    "MappingTable",
    "Operator",
    "OpportunityContactRole",
    "Reason",
    "Record",
    "RecordChange",
    "Resync",
    "RetryDecision",
    "SalesforceAccount",
    "SalesforceContact",
    "SalesforceEdition",
    "SalesforceFieldType",
    "SalesforceLead",
    "SalesforceObject",
    "SalesforceOpportunity",
    "SalesforceQueue",
    "SalesforceRecords",
    "SalesforceUser",
    "Severity",
    "Side",
    "Snapshot",
    "SnapshotError",
    "StaticInclusionList",
    "SyncRule",
    "TriggerDecision",
    "UnknownErrorCodeError",
    "UnknownRuleError",
    "UnreadableLine",
    "UserType",
    "__version__",
    "account_creation",
    "build_mapping_table",
    "classify_sync_error",
    "contact_property",
    "deal_contacts",
    "deal_sync",
    "dump_snapshot",
    "dumps_ndjson",
    "dumps_snapshot",
    "email_key",
    "is_owner_mapping",
    "iter_ndjson",
    "lint_settings",
    "load_snapshot",
    "loads_snapshot",
    "mapping_problems",
    "propagate_delete",
    "read_hubspot",
    "read_hubspot_owners",
    "read_ndjson_line",
    "read_salesforce",
    "resolve_field_value",
    "retry_decision",
    "rule_statement",
    "sample_snapshot",
    "structure",
    "sync_trigger",
    "unstructure",
]
