"""crmsync-rules: the rules of the HubSpot-Salesforce two-way sync, as pure
functions over plain values.

This module is the front door: the records and settings, one decision
function per rule family and the one-call questions (`dedupe_target`,
`owner_matches`...), `plan`, `Reason`, the error root and the bundled
sample. Everything else is public in a named submodule, one per area
(docs/architecture.md, "The front door and the submodules"):
`crmsync_rules.codec`, `.errors`, `.mappings`, `.model`, `.planner`, the
rule families (`.sync`, `.duplicates`, `.owners`, `.optout`...), and the
tools (`.strategies`, `.testing`, `.invariants`, `.bulk`, `.redaction`).
See https://crmsync-rules.readthedocs.io for the guide (docs/ in the source
tree).
"""

from __future__ import annotations

import importlib
import warnings
from importlib.metadata import PackageNotFoundError, version

from ._sample import sample_snapshot
from .model._catalogue import Reason
from .model._errors import CrmSyncRulesError
from .model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotObject,
    HubSpotOwner,
    LifecycleStage,
)
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
    ContactCreation,
    FieldMapping,
    HubSpotPropertyType,
    IntegrationSettings,
    SalesforceEdition,
    SalesforceFieldType,
    SyncRule,
)
from .model._snapshot import HubSpotRecords, SalesforceRecords, Snapshot
from .planner._plan import plan
from .rules._act import email_activity
from .rules._cn import company_name_sync
from .rules._co import account_creation
from .rules._deal import sync_deal
from .rules._dup_index import resolve_duplicate
from .rules._dup_questions import account_company, dedupe_target
from .rules._err import classify_sync_error
from .rules._fm_types import FIELD_TYPE_COMPATIBILITY as _FIELD_TYPE_COMPATIBILITY
from .rules._fm_types import TYPE_COMPATIBILITY_MOVED as _TYPE_COMPATIBILITY_MOVED
from .rules._fm_values import resolve_field_value
from .rules._inst import check_installation
from .rules._lc import derive_lifecycle, lifecycle_reach
from .rules._lint import lint_settings
from .rules._opt import apply_optout, optout_mapping_change
from .rules._own import map_owner
from .rules._own_questions import owner_matches
from .rules._pa import sync_person_account
from .rules._sync import (
    SyncTrigger,
    prospective_contact,
    salesforce_creates_contact,
    should_sync,
)
from .rules._trig import triggers_sync

try:
    __version__ = version("crmsync-rules")
except PackageNotFoundError:  # pragma: no cover - only when run from a bare tree
    __version__ = "0+unknown"

__all__ = [
    "ContactCreation",
    "CrmSyncRulesError",
    "FieldMapping",
    "HubSpotCompany",
    "HubSpotContact",
    "HubSpotDeal",
    "HubSpotObject",
    "HubSpotOwner",
    "HubSpotPropertyType",
    "HubSpotRecords",
    "IntegrationSettings",
    "LifecycleStage",
    "OpportunityContactRole",
    "Reason",
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
    "SyncRule",
    "SyncTrigger",
    "UserType",
    "__version__",
    "account_company",
    "account_creation",
    "apply_optout",
    "check_installation",
    "classify_sync_error",
    "company_name_sync",
    "dedupe_target",
    "derive_lifecycle",
    "email_activity",
    "lifecycle_reach",
    "lint_settings",
    "map_owner",
    "optout_mapping_change",
    "owner_matches",
    "plan",
    "prospective_contact",
    "resolve_duplicate",
    "resolve_field_value",
    "salesforce_creates_contact",
    "sample_snapshot",
    "should_sync",
    "sync_deal",
    "sync_person_account",
    "triggers_sync",
]

# The public submodules (docs/architecture.md): the layers that read well
# as modules, one module per rule family, and the tools.
_SUBMODULES = (
    "model",
    "errors",
    "mappings",
    "planner",
    "codec",
    "installation",
    "sync",
    "triggers",
    "duplicates",
    "person_accounts",
    "activities",
    "lifecycle",
    "accounts",
    "deals",
    "optout",
    "owners",
    "sync_errors",
    "lint",
    "typing",
    "strategies",
    "testing",
    "invariants",
    "bulk",
    "redaction",
)

# Every name this module exported before the front door was made smaller.
# Those not in __all__ still resolve, for one release, with a
# DeprecationWarning that names their home (see __getattr__).
_OLD_ALL = (
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
)

# The submodule that is now the home of each name that left the front door.
_MOVED = {
    "ASSOCIATION_LIMIT": "sync_errors",
    "CONTACT_PROPERTIES": "model",
    "DEFAULT_DAILY_CALL_LIMIT": "sync_errors",
    "ERROR_CATEGORIES": "sync_errors",
    "FIELD_TYPE_COMPATIBILITY": "mappings",
    "HUBSPOT_FIELD_TYPES": "mappings",
    "LEGACY_DEFAULT_LIST_DATE": "model",
    "MULTI_PORTAL_CONNECTOR_VERSION": "installation",
    "NDJSON_TYPES": "codec",
    "OPT_OUT_MAPPINGS": "optout",
    "OWNER_USER_TYPES": "owners",
    "RETRY_INTERVAL": "sync_errors",
    "RULES": "model",
    "AccountCompany": "duplicates",
    "AccountCreation": "accounts",
    "AccountKind": "person_accounts",
    "AddressOptOut": "optout",
    "CompanyNameSync": "accounts",
    "ConnectorVersion": "model",
    "CriteriaInclusionList": "model",
    "Criterion": "model",
    "DealContacts": "deals",
    "DealSync": "deals",
    "DedupeTarget": "duplicates",
    "DefaultInclusionList": "model",
    "DeletePropagation": "deals",
    "DuplicateMatch": "duplicates",
    "DuplicateOutcome": "duplicates",
    "DuplicateResolution": "duplicates",
    "EmailActivity": "activities",
    "EmailEvent": "activities",
    "EmailEventType": "activities",
    "EmailKey": "model",
    "EmailTask": "activities",
    "ErrorCategory": "sync_errors",
    "ErrorClassification": "sync_errors",
    "FieldChange": "mappings",
    "FieldResolution": "mappings",
    "FieldValue": "mappings",
    "FieldWrite": "mappings",
    "Finding": "lint",
    "HubSpotFieldType": "mappings",
    "InclusionList": "typing",
    "InstallationCheck": "installation",
    "InvalidEmailError": "errors",
    "InvalidMappingError": "errors",
    "InvalidRecordError": "errors",
    "InvalidSettingsError": "errors",
    "LeadConversion": "person_accounts",
    "LifecycleDecision": "lifecycle",
    "LifecycleReach": "lifecycle",
    "LockedMappingError": "errors",
    "MappingProblem": "mappings",
    "MappingTable": "mappings",
    "NewSalesforceRecord": "person_accounts",
    "Operator": "model",
    "OptOutDecision": "optout",
    "OptOutEvent": "optout",
    "OptOutMappingChange": "optout",
    "OptOutMappingCheck": "optout",
    "OptOutState": "optout",
    "OwnerAction": "owners",
    "OwnerDecision": "owners",
    "OwnerDirectory": "typing",
    "OwnerMatch": "owners",
    "OwnerStatus": "owners",
    "OwnerSyncDirection": "owners",
    "PageInfo": "codec",
    "PersonAccountSync": "person_accounts",
    "PlanAction": "planner",
    "PlanEntry": "planner",
    "PlanStream": "planner",
    "Record": "model",
    "RecordChange": "triggers",
    "Redactor": "redaction",
    "Resync": "mappings",
    "RetryDecision": "sync_errors",
    "Severity": "lint",
    "Side": "mappings",
    "SnapshotError": "errors",
    "StaticInclusionList": "model",
    "StaticOwnerDirectory": "owners",
    "SyncAction": "sync",
    "SyncDecision": "sync",
    "SyncPlan": "planner",
    "SyncedSalesforceRecord": "duplicates",
    "System": "planner",
    "TimelineActivity": "activities",
    "TriggerDecision": "triggers",
    "UnknownErrorCodeError": "errors",
    "UnknownRuleError": "errors",
    "UnreadableLine": "codec",
    "address_optout": "optout",
    "build_mapping_table": "mappings",
    "check_optout_mapping": "optout",
    "contact_property": "model",
    "convert_lead": "person_accounts",
    "deal_contacts": "deals",
    "dump_snapshot": "codec",
    "dumps_ndjson": "codec",
    "dumps_snapshot": "codec",
    "effective_inclusion_list": "sync",
    "email_key": "model",
    "hubspot_id_order": "duplicates",
    "is_owner_mapping": "mappings",
    "iter_hubspot": "codec",
    "iter_hubspot_owners": "codec",
    "iter_ndjson": "codec",
    "iter_salesforce": "codec",
    "iter_snapshot": "codec",
    "load_snapshot": "codec",
    "loads_snapshot": "codec",
    "mapping_problems": "mappings",
    "page_info": "codec",
    "plan_stream": "planner",
    "propagate_delete": "deals",
    "read_hubspot": "codec",
    "read_hubspot_owners": "codec",
    "read_ndjson_line": "codec",
    "read_salesforce": "codec",
    "redact": "redaction",
    "retry_decision": "sync_errors",
    "rule_statement": "model",
    "salesforce_owner_status": "owners",
    "salesforce_record_for": "person_accounts",
    "structure": "codec",
    "unstructure": "codec",
}


# Front-door functions renamed because another public name read the same:
# the settings' deal_sync switch, and the SyncTrigger enum that should_sync
# takes (docs/decisions.md, "Names that said two things").
_RENAMED = {
    "deal_sync": "sync_deal",
    "sync_trigger": "triggers_sync",
}


def __getattr__(name: str) -> object:
    # PEP 562: reached only for names this module does not define, so the
    # front door pays nothing for the deprecated ones.
    if name == "TYPE_COMPATIBILITY":
        warnings.warn(_TYPE_COMPATIBILITY_MOVED, DeprecationWarning, stacklevel=2)
        return _FIELD_TYPE_COMPATIBILITY
    new = _RENAMED.get(name)
    if new is not None:
        warnings.warn(
            f"crmsync_rules.{name} is deprecated and will be removed in the next "
            f"release: it is crmsync_rules.{new} now",
            DeprecationWarning,
            stacklevel=2,
        )
        renamed: object = globals()[new]
        return renamed
    home = _MOVED.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"crmsync_rules.{name} is deprecated and will be removed in the next "
        f"release: import it from crmsync_rules.{home}",
        DeprecationWarning,
        stacklevel=2,
    )
    value: object = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    return value


def __dir__() -> list[str]:
    # The front door only; the submodules list their own names.
    return sorted(__all__)
