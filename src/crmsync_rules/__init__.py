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

from . import _deprecated
from ._sample import sample_snapshot
from .model._catalogue import Reason
from .model._errors import CrmSyncRulesError
from .model._field_types import HubSpotPropertyType, SalesforceFieldType
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
    IntegrationSettings,
    SalesforceEdition,
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


# The names that left the front door, and where each went: _deprecated.py.


def __getattr__(name: str) -> object:
    # PEP 562: reached only for names this module does not define, so the
    # front door pays nothing for the deprecated ones.
    if name == "TYPE_COMPATIBILITY":
        warnings.warn(_TYPE_COMPATIBILITY_MOVED, DeprecationWarning, stacklevel=2)
        return _FIELD_TYPE_COMPATIBILITY
    new = _deprecated.RENAMED.get(name)
    if new is not None:
        warnings.warn(
            f"crmsync_rules.{name} is deprecated and will be removed in the next "
            f"release: it is crmsync_rules.{new} now",
            DeprecationWarning,
            stacklevel=2,
        )
        renamed: object = globals()[new]
        return renamed
    home = _deprecated.MOVED.get(name)
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
