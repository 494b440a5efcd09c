"""crmsync-rules: the rules of the HubSpot-Salesforce two-way sync, as pure
functions over plain values.

Everything public is importable from here; the modules behind it are
private. See https://crmsync-rules.readthedocs.io for the guide (docs/ in the
source tree).
"""

from __future__ import annotations

import warnings
from importlib.metadata import PackageNotFoundError, version

from ._redact import Redactor, redact
from ._sample import sample_snapshot
from .codec._api import (
    iter_hubspot,
    iter_hubspot_owners,
    iter_salesforce,
    read_hubspot,
    read_hubspot_owners,
    read_salesforce,
)
from .codec._convert import structure, unstructure
from .codec._native import (
    dump_snapshot,
    dumps_ndjson,
    dumps_snapshot,
    iter_ndjson,
    iter_snapshot,
    load_snapshot,
    loads_snapshot,
    read_ndjson_line,
)
from .codec._shapes import PageInfo, page_info
from .model._catalogue import RULES, Reason, rule_statement
from .model._email import EmailKey, email_key
from .model._errors import (
    CrmSyncRulesError,
    InvalidEmailError,
    InvalidMappingError,
    InvalidRecordError,
    InvalidSettingsError,
    LockedMappingError,
    SnapshotError,
    UnknownErrorCodeError,
    UnknownRuleError,
)
from .model._hubspot import (
    CONTACT_PROPERTIES,
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotObject,
    HubSpotOwner,
    LifecycleStage,
)
from .model._inclusion import (
    LEGACY_DEFAULT_LIST_DATE,
    CriteriaInclusionList,
    Criterion,
    DefaultInclusionList,
    Operator,
    StaticInclusionList,
    contact_property,
)
from .model._kinds import NDJSON_TYPES
from .model._salesforce import (
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
from .model._settings import (
    HUBSPOT_FIELD_TYPES,
    OPT_OUT_MAPPINGS,
    ConnectorVersion,
    ContactCreation,
    FieldMapping,
    HubSpotFieldType,
    HubSpotPropertyType,
    IntegrationSettings,
    SalesforceEdition,
    SalesforceFieldType,
    SyncRule,
)
from .model._snapshot import HubSpotRecords, Record, SalesforceRecords, Snapshot
from .model._unreadable import UnreadableLine
from .planner._plan import (
    PlanAction,
    PlanEntry,
    PlanStream,
    SyncPlan,
    System,
    plan,
    plan_stream,
)
from .rules._act import (
    EmailActivity,
    EmailEvent,
    EmailEventType,
    EmailTask,
    TimelineActivity,
    email_activity,
)
from .rules._cn import CompanyNameSync, company_name_sync
from .rules._co import AccountCreation, account_creation
from .rules._deal import (
    DealContacts,
    DealSync,
    DeletePropagation,
    deal_contacts,
    deal_sync,
    propagate_delete,
)
from .rules._dup import (
    DuplicateMatch,
    DuplicateOutcome,
    DuplicateResolution,
    SyncedSalesforceRecord,
    hubspot_id_order,
    resolve_duplicate,
)
from .rules._dup_questions import (
    AccountCompany,
    DedupeTarget,
    account_company,
    dedupe_target,
)
from .rules._err import (
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
from .rules._fm_types import (
    FIELD_TYPE_COMPATIBILITY,
    TYPE_COMPATIBILITY_MOVED,
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
    Resync,
    Side,
    is_owner_mapping,
    resolve_field_value,
)
from .rules._inst import (
    MULTI_PORTAL_CONNECTOR_VERSION,
    InstallationCheck,
    check_installation,
)
from .rules._lc import (
    LifecycleDecision,
    LifecycleReach,
    derive_lifecycle,
    lifecycle_reach,
)
from .rules._lint import Finding, Severity, lint_settings
from .rules._opt import (
    AddressOptOut,
    OptOutDecision,
    OptOutEvent,
    OptOutMappingChange,
    OptOutMappingCheck,
    OptOutState,
    address_optout,
    apply_optout,
    check_optout_mapping,
    optout_mapping_change,
)
from .rules._own import (
    OWNER_USER_TYPES,
    OwnerAction,
    OwnerDecision,
    OwnerStatus,
    OwnerSyncDirection,
    StaticOwnerDirectory,
    map_owner,
    salesforce_owner_status,
)
from .rules._own_questions import OwnerMatch, owner_matches
from .rules._pa import (
    AccountKind,
    LeadConversion,
    NewSalesforceRecord,
    PersonAccountSync,
    convert_lead,
    salesforce_record_for,
    sync_person_account,
)
from .rules._sync import (
    SyncAction,
    SyncDecision,
    SyncTrigger,
    effective_inclusion_list,
    prospective_contact,
    salesforce_creates_contact,
    should_sync,
)
from .rules._trig import RecordChange, TriggerDecision, sync_trigger
from .typing import InclusionList, OwnerDirectory

try:
    __version__ = version("crmsync-rules")
except PackageNotFoundError:  # pragma: no cover - only when run from a bare tree
    __version__ = "0+unknown"

__all__ = [
    "ASSOCIATION_LIMIT",
    "CONTACT_PROPERTIES",
    "DEFAULT_DAILY_CALL_LIMIT",
    "ERROR_CATEGORIES",
    "FIELD_TYPE_COMPATIBILITY",
    "HUBSPOT_FIELD_TYPES",
    "LEGACY_DEFAULT_LIST_DATE",
    "MULTI_PORTAL_CONNECTOR_VERSION",
    "NDJSON_TYPES",
    "OPT_OUT_MAPPINGS",
    "OWNER_USER_TYPES",
    "RETRY_INTERVAL",
    "RULES",
    "AccountCompany",
    "AccountCreation",
    "AccountKind",
    "AddressOptOut",
    "CompanyNameSync",
    "ConnectorVersion",
    "ContactCreation",
    "CriteriaInclusionList",
    "Criterion",
    "CrmSyncRulesError",
    "DealContacts",
    "DealSync",
    "DedupeTarget",
    "DefaultInclusionList",
    "DeletePropagation",
    "DuplicateMatch",
    "DuplicateOutcome",
    "DuplicateResolution",
    "EmailActivity",
    "EmailEvent",
    "EmailEventType",
    "EmailKey",
    "EmailTask",
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
    "HubSpotFieldType",
    "HubSpotObject",
    "HubSpotOwner",
    "HubSpotPropertyType",
    "HubSpotRecords",
    "InclusionList",
    "InstallationCheck",
    "IntegrationSettings",
    "InvalidEmailError",
    "InvalidMappingError",
    "InvalidRecordError",
    "InvalidSettingsError",
    "LeadConversion",
    "LifecycleDecision",
    "LifecycleReach",
    "LifecycleStage",
    "LockedMappingError",
    "MappingProblem",
    "MappingTable",
    "NewSalesforceRecord",
    "Operator",
    "OpportunityContactRole",
    "OptOutDecision",
    "OptOutEvent",
    "OptOutMappingChange",
    "OptOutMappingCheck",
    "OptOutState",
    "OwnerAction",
    "OwnerDecision",
    "OwnerDirectory",
    "OwnerMatch",
    "OwnerStatus",
    "OwnerSyncDirection",
    "PageInfo",
    "PersonAccountSync",
    "PlanAction",
    "PlanEntry",
    "PlanStream",
    "Reason",
    "Record",
    "RecordChange",
    "Redactor",
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
    "StaticOwnerDirectory",
    "SyncAction",
    "SyncDecision",
    "SyncPlan",
    "SyncRule",
    "SyncTrigger",
    "SyncedSalesforceRecord",
    "System",
    "TimelineActivity",
    "TriggerDecision",
    "UnknownErrorCodeError",
    "UnknownRuleError",
    "UnreadableLine",
    "UserType",
    "__version__",
    "account_company",
    "account_creation",
    "address_optout",
    "apply_optout",
    "build_mapping_table",
    "check_installation",
    "check_optout_mapping",
    "classify_sync_error",
    "company_name_sync",
    "contact_property",
    "convert_lead",
    "deal_contacts",
    "deal_sync",
    "dedupe_target",
    "derive_lifecycle",
    "dump_snapshot",
    "dumps_ndjson",
    "dumps_snapshot",
    "effective_inclusion_list",
    "email_activity",
    "email_key",
    "hubspot_id_order",
    "is_owner_mapping",
    "iter_hubspot",
    "iter_hubspot_owners",
    "iter_ndjson",
    "iter_salesforce",
    "iter_snapshot",
    "lifecycle_reach",
    "lint_settings",
    "load_snapshot",
    "loads_snapshot",
    "map_owner",
    "mapping_problems",
    "optout_mapping_change",
    "owner_matches",
    "page_info",
    "plan",
    "plan_stream",
    "propagate_delete",
    "prospective_contact",
    "read_hubspot",
    "read_hubspot_owners",
    "read_ndjson_line",
    "read_salesforce",
    "redact",
    "resolve_duplicate",
    "resolve_field_value",
    "retry_decision",
    "rule_statement",
    "salesforce_creates_contact",
    "salesforce_owner_status",
    "salesforce_record_for",
    "sample_snapshot",
    "should_sync",
    "structure",
    "sync_person_account",
    "sync_trigger",
    "unstructure",
]


def __getattr__(name: str) -> object:
    # Deprecated names, each with its DeprecationWarning.
    if name == "TYPE_COMPATIBILITY":
        warnings.warn(TYPE_COMPATIBILITY_MOVED, DeprecationWarning, stacklevel=2)
        return FIELD_TYPE_COMPATIBILITY
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
