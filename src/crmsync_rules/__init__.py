"""crmsync-rules: the rules of the HubSpot-Salesforce two-way sync, as pure
functions over plain values.

Everything public is importable from here; the modules behind it are
private. See https://crmsync-rules.readthedocs.io for the guide (docs/ in the
source tree).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

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
from ._email import EmailKey, email_key
from ._errors import (
    CrmSyncRulesError,
    InvalidEmailError,
    InvalidRecordError,
    InvalidSettingsError,
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
from .typing import InclusionList

try:
    __version__ = version("crmsync-rules")
except PackageNotFoundError:  # pragma: no cover - only when run from a bare tree
    __version__ = "0+unknown"

__all__ = [
    "CONTACT_PROPERTIES",
    "LEGACY_DEFAULT_LIST_DATE",
    "NDJSON_TYPES",
    "OPT_OUT_MAPPINGS",
    "RULES",
    "ConnectorVersion",
    "ContactCreation",
    "CriteriaInclusionList",
    "Criterion",
    "CrmSyncRulesError",
    "DefaultInclusionList",
    "EmailKey",
    "FieldMapping",
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
    "InvalidRecordError",
    "InvalidSettingsError",
    "LifecycleStage",
    "Operator",
    "OpportunityContactRole",
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
    "SyncRule",
    "UnknownRuleError",
    "UnreadableLine",
    "UserType",
    "__version__",
    "contact_property",
    "dump_snapshot",
    "dumps_ndjson",
    "dumps_snapshot",
    "email_key",
    "iter_ndjson",
    "load_snapshot",
    "loads_snapshot",
    "read_hubspot",
    "read_hubspot_owners",
    "read_ndjson_line",
    "read_salesforce",
    "rule_statement",
    "sample_snapshot",
    "structure",
    "unstructure",
]
