"""Hypothesis strategies for every public value of crmsync-rules.

For test authors who property-test their own sync services: every strategy
returns a ``SearchStrategy`` of values the library accepts (they survive the
codec's round-trip; their addresses have an `email_key`), takes keyword-only
strategies to pin or narrow any field, and leans on purpose towards the data
that breaks sync code: one address spelled with different case and
surrounding whitespace, IDN domains, contacts without an address, person
accounts with their hidden contact, inactive users and portal users, queues
as owners, portals integrated around 2017-06-22 (SYNC-3), connector versions
like ``2.6``/``2.60``/``2.100`` (INST-4).

`snapshots` builds whole snapshots whose references hold: owners, accounts,
contact roles, companies, converted leads and sync links all point at records
of the same snapshot.

Installing the package registers these strategies with Hypothesis (through
its ``hypothesis`` entry point), so ``st.from_type(HubSpotContact)`` works
too. Needs the ``hypothesis`` extra: ``pip install 'crmsync-rules[hypothesis]'``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import SearchStrategy
except ImportError as exc:
    raise ImportError(
        "crmsync_rules.strategies needs Hypothesis, which is an optional "
        "dependency: pip install 'crmsync-rules[hypothesis]'"
    ) from exc


from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._email import EmailKey
from crmsync_rules.model._errors import InvalidMappingError
from crmsync_rules.model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotOwner,
)
from crmsync_rules.model._inclusion import (
    CriteriaInclusionList,
    Criterion,
    DefaultInclusionList,
    StaticInclusionList,
)
from crmsync_rules.model._salesforce import (
    OpportunityContactRole,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
)
from crmsync_rules.model._settings import (
    ConnectorVersion,
    FieldMapping,
    IntegrationSettings,
)
from crmsync_rules.model._snapshot import HubSpotRecords, SalesforceRecords, Snapshot
from crmsync_rules.planner._estimate import MAX_RECORDS_PER_CALL, CallAssumptions
from crmsync_rules.planner._plan import PlanStream
from crmsync_rules.rules._fm_types import MappingProblem
from crmsync_rules.rules._opt import OptOutState
from crmsync_rules.rules._own import StaticOwnerDirectory
from crmsync_rules.rules._trig import RecordChange, TriggerDecision
from crmsync_rules.typing import InclusionList, OwnerDirectory

from ._blocks import SALESFORCE_ID_PREFIXES, hubspot_ids, salesforce_ids
from ._decisions import found_mapping_problems as _mapping_problems
from ._decisions import invalid_mapping_errors as _invalid_mapping_errors
from ._decisions import (
    optout_events,
    optout_histories,
    optout_states,
    owner_directories,
    record_changes,
    trigger_decisions,
)
from ._decisions import plan_streams as _plan_streams
from ._email import email_addresses, email_spellings
from ._email import email_keys as _email_keys
from ._records import (
    hubspot_companies,
    hubspot_contacts,
    hubspot_deals,
    hubspot_owners,
    opportunity_contact_roles,
    salesforce_accounts,
    salesforce_contacts,
    salesforce_leads,
    salesforce_opportunities,
    salesforce_queues,
    salesforce_users,
)
from ._settings import (
    connector_versions,
    criteria_inclusion_lists,
    default_inclusion_lists,
    field_mappings,
    inclusion_criteria,
    inclusion_lists,
    integration_dates,
    integration_settings,
    reasons,
    static_inclusion_lists,
)
from ._snapshots import hubspot_records, salesforce_records, snapshots

__all__ = [
    "SALESFORCE_ID_PREFIXES",
    "connector_versions",
    "criteria_inclusion_lists",
    "default_inclusion_lists",
    "email_addresses",
    "email_spellings",
    "field_mappings",
    "hubspot_companies",
    "hubspot_contacts",
    "hubspot_deals",
    "hubspot_ids",
    "hubspot_owners",
    "hubspot_records",
    "inclusion_criteria",
    "inclusion_lists",
    "integration_dates",
    "integration_settings",
    "opportunity_contact_roles",
    "optout_events",
    "optout_histories",
    "optout_states",
    "owner_directories",
    "reasons",
    "record_changes",
    "salesforce_accounts",
    "salesforce_contacts",
    "salesforce_ids",
    "salesforce_leads",
    "salesforce_opportunities",
    "salesforce_queues",
    "salesforce_records",
    "salesforce_users",
    "snapshots",
    "static_inclusion_lists",
    "trigger_decisions",
]


# --- Registration with Hypothesis ------------------------------------------

# The private names (`_email_keys`, `_plan_streams`...) are strategies that
# only `st.from_type` offers: they are not in `__all__`.


def _call_assumptions() -> SearchStrategy[CallAssumptions]:
    """Records per call within sObject Collections' 1 to 200 (ERR-2's
    estimate refuses others)."""
    per_call = st.integers(1, MAX_RECORDS_PER_CALL)
    return st.builds(
        CallAssumptions, creates_per_call=per_call, updates_per_call=per_call
    )


_STRATEGIES: Final[dict[Any, Callable[[], SearchStrategy[Any]]]] = {
    HubSpotContact: hubspot_contacts,
    HubSpotCompany: hubspot_companies,
    HubSpotDeal: hubspot_deals,
    HubSpotOwner: hubspot_owners,
    SalesforceLead: salesforce_leads,
    SalesforceContact: salesforce_contacts,
    SalesforceAccount: salesforce_accounts,
    SalesforceOpportunity: salesforce_opportunities,
    OpportunityContactRole: opportunity_contact_roles,
    SalesforceUser: salesforce_users,
    SalesforceQueue: salesforce_queues,
    ConnectorVersion: connector_versions,
    FieldMapping: field_mappings,
    IntegrationSettings: integration_settings,
    Criterion: inclusion_criteria,
    StaticInclusionList: static_inclusion_lists,
    CriteriaInclusionList: criteria_inclusion_lists,
    DefaultInclusionList: default_inclusion_lists,
    InclusionList: inclusion_lists,
    HubSpotRecords: hubspot_records,
    SalesforceRecords: salesforce_records,
    Snapshot: snapshots,
    Reason: reasons,
    EmailKey: _email_keys,
    OptOutState: optout_states,
    RecordChange: record_changes,
    TriggerDecision: trigger_decisions,
    OwnerDirectory: owner_directories,
    StaticOwnerDirectory: owner_directories,
    MappingProblem: _mapping_problems,
    InvalidMappingError: _invalid_mapping_errors,
    PlanStream: _plan_streams,
    CallAssumptions: _call_assumptions,
}
# The public types `st.from_type` resolves once the package is installed.


def _hypothesis_setup_hook() -> None:
    """Register a strategy for every public type; Hypothesis calls this
    through the ``hypothesis`` entry point when it is imported."""
    for cls, strategy in _STRATEGIES.items():
        st.register_type_strategy(cls, strategy())
