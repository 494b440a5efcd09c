"""crmsync-rules: the rules of the HubSpot-Salesforce two-way sync, as pure
functions over plain values.

Everything public is importable from here; the modules behind it are
private. See https://crmsync-rules.readthedocs.io for the guide (docs/ in the
source tree).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ._activities import (
    EmailActivity,
    EmailEvent,
    EmailEventType,
    EmailTask,
    TimelineActivity,
    email_activity,
)
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
from ._company_name import CompanyNameSync, company_name_sync
from ._duplicates import (
    DuplicateMatch,
    DuplicateOutcome,
    DuplicateResolution,
    SyncedSalesforceRecord,
    resolve_duplicate,
)
from ._email import EmailKey, email_key
from ._errors import (
    CrmSyncRulesError,
    InvalidEmailError,
    InvalidRecordError,
    InvalidSettingsError,
    LockedMappingError,
    SnapshotError,
    UnknownRuleError,
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
from ._install import (
    MULTI_PORTAL_CONNECTOR_VERSION,
    InstallationCheck,
    check_installation,
)
from ._lifecycle import LifecycleDecision, derive_lifecycle
from ._optout import (
    AddressOptOut,
    OptOutDecision,
    OptOutEvent,
    OptOutMappingCheck,
    OptOutState,
    address_optout,
    apply_optout,
    check_optout_mapping,
)
from ._owners import (
    OWNER_USER_TYPES,
    OwnerAction,
    OwnerDecision,
    OwnerStatus,
    OwnerSyncDirection,
    StaticOwnerDirectory,
    map_owner,
    salesforce_owner_status,
)
from ._person_accounts import (
    AccountKind,
    LeadConversion,
    NewSalesforceRecord,
    PersonAccountSync,
    convert_lead,
    salesforce_record_for,
    sync_person_account,
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
from ._sync import (
    SyncAction,
    SyncDecision,
    SyncTrigger,
    effective_inclusion_list,
    should_sync,
)
from .typing import InclusionList, OwnerDirectory

try:
    __version__ = version("crmsync-rules")
except PackageNotFoundError:  # pragma: no cover - only when run from a bare tree
    __version__ = "0+unknown"

__all__ = [
    "CONTACT_PROPERTIES",
    "LEGACY_DEFAULT_LIST_DATE",
    "MULTI_PORTAL_CONNECTOR_VERSION",
    "NDJSON_TYPES",
    "OPT_OUT_MAPPINGS",
    "OWNER_USER_TYPES",
    "RULES",
    "AccountKind",
    "AddressOptOut",
    "CompanyNameSync",
    "ConnectorVersion",
    "ContactCreation",
    "CriteriaInclusionList",
    "Criterion",
    "CrmSyncRulesError",
    "DefaultInclusionList",
    "DuplicateMatch",
    "DuplicateOutcome",
    "DuplicateResolution",
    "EmailActivity",
    "EmailEvent",
    "EmailEventType",
    "EmailKey",
    "EmailTask",
    "FieldMapping",
    "HubSpotCompany",
    "HubSpotContact",
    "HubSpotDeal",
    "HubSpotObject",
    "HubSpotOwner",
    "HubSpotPropertyType",
    "HubSpotRecords",
    "InclusionList",
    "InstallationCheck",
    "IntegrationSettings",
    "InvalidEmailError",
    "InvalidRecordError",
    "InvalidSettingsError",
    "LeadConversion",
    "LifecycleDecision",
    "LifecycleStage",
    "LockedMappingError",
    "NewSalesforceRecord",
    "Operator",
    "OpportunityContactRole",
    "OptOutDecision",
    "OptOutEvent",
    "OptOutMappingCheck",
    "OptOutState",
    "OwnerAction",
    "OwnerDecision",
    "OwnerDirectory",
    "OwnerStatus",
    "OwnerSyncDirection",
    "PersonAccountSync",
    "Reason",
    "Record",
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
    "Snapshot",
    "SnapshotError",
    "StaticInclusionList",
    "StaticOwnerDirectory",
    "SyncAction",
    "SyncDecision",
    "SyncRule",
    "SyncTrigger",
    "SyncedSalesforceRecord",
    "TimelineActivity",
    "UnknownRuleError",
    "UnreadableLine",
    "UserType",
    "__version__",
    "address_optout",
    "apply_optout",
    "check_installation",
    "check_optout_mapping",
    "company_name_sync",
    "contact_property",
    "convert_lead",
    "derive_lifecycle",
    "dump_snapshot",
    "dumps_ndjson",
    "dumps_snapshot",
    "effective_inclusion_list",
    "email_activity",
    "email_key",
    "iter_ndjson",
    "load_snapshot",
    "loads_snapshot",
    "map_owner",
    "read_hubspot",
    "read_hubspot_owners",
    "read_ndjson_line",
    "read_salesforce",
    "resolve_duplicate",
    "rule_statement",
    "salesforce_owner_status",
    "salesforce_record_for",
    "sample_snapshot",
    "should_sync",
    "structure",
    "sync_person_account",
    "unstructure",
]
