"""The model layer: records of both systems, the integration settings, the
email key, the rule catalogue and the errors. It imports nothing of the
library's other layers (only the `crmsync_rules.typing` Protocols).

As a public module it holds every record, setting and enum, the inclusion
lists, the email key, the Salesforce id forms (`salesforce_id_key`,
`salesforce_id_18`, `salesforce_id_15`, `salesforce_id_problem`, DUP-7) and
the rule catalogue (`RULES`, `Reason`). The
errors are public in `crmsync_rules.errors`.
"""

from ._api_names import CONTACT_PROPERTIES
from ._catalogue import RULES, Reason, rule_statement
from ._email import EmailKey, email_key
from ._hubspot import (
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
from ._salesforce_ids import (
    is_salesforce_id,
    salesforce_id_15,
    salesforce_id_18,
    salesforce_id_key,
    salesforce_id_problem,
)
from ._settings import (
    ConnectorVersion,
    ContactCreation,
    IntegrationSettings,
    SalesforceEdition,
)
from ._snapshot import HubSpotRecords, Record, SalesforceRecords, Snapshot

__all__ = [
    "CONTACT_PROPERTIES",
    "LEGACY_DEFAULT_LIST_DATE",
    "RULES",
    "ConnectorVersion",
    "ContactCreation",
    "CriteriaInclusionList",
    "Criterion",
    "DefaultInclusionList",
    "EmailKey",
    "HubSpotCompany",
    "HubSpotContact",
    "HubSpotDeal",
    "HubSpotObject",
    "HubSpotOwner",
    "HubSpotRecords",
    "IntegrationSettings",
    "LifecycleStage",
    "Operator",
    "OpportunityContactRole",
    "Reason",
    "Record",
    "SalesforceAccount",
    "SalesforceContact",
    "SalesforceEdition",
    "SalesforceLead",
    "SalesforceObject",
    "SalesforceOpportunity",
    "SalesforceQueue",
    "SalesforceRecords",
    "SalesforceUser",
    "Snapshot",
    "StaticInclusionList",
    "UserType",
    "contact_property",
    "email_key",
    "is_salesforce_id",
    "rule_statement",
    "salesforce_id_15",
    "salesforce_id_18",
    "salesforce_id_key",
    "salesforce_id_problem",
]
