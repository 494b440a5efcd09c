"""Opt-out event sequences (OPT-2, OPT-3, OPT-4), and decisions and other
results: record changes, trigger decisions, owner directories, mapping
problems, plan streams."""

from __future__ import annotations

from typing import Final

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from crmsync_rules.model._errors import InvalidMappingError
from crmsync_rules.model._hubspot import HubSpotObject, HubSpotOwner
from crmsync_rules.model._salesforce import (
    SalesforceObject,
    SalesforceQueue,
    SalesforceUser,
)
from crmsync_rules.model._settings import FieldMapping
from crmsync_rules.planner._plan import PlanStream, plan_stream
from crmsync_rules.rules._fm_types import MappingProblem, mapping_problems
from crmsync_rules.rules._opt import OptOutEvent, OptOutState, apply_optout
from crmsync_rules.rules._own import StaticOwnerDirectory
from crmsync_rules.rules._trig import RecordChange, TriggerDecision, triggers_sync

from ._blocks import given_or, hubspot_ids, optional, salesforce_ids
from ._records import hubspot_owners, salesforce_queues, salesforce_users
from ._settings import MAPPED_FIELDS, field_mappings
from ._snapshots import snapshots

# --- Opt-out event sequences (OPT-2, OPT-3, OPT-4) ----------------------------------

_SALESFORCE_SIDE: Final = (
    OptOutEvent.SALESFORCE_OPTED_OUT,
    OptOutEvent.SALESFORCE_OPTED_IN,
    OptOutEvent.SYNCED,
)


def optout_events(*, hubspot: bool = True) -> SearchStrategy[OptOutEvent]:
    """Opt-out events from both sides, the contact's own resubscribe and a
    plain sync; ``hubspot=False`` keeps Salesforce's events and the plain
    sync only (what OPT-3 says cannot resubscribe anyone)."""
    return st.sampled_from(list(OptOutEvent) if hubspot else list(_SALESFORCE_SIDE))


def _held_after(state: OptOutState, events: list[OptOutEvent]) -> OptOutState:
    # Applying events while not syncing is the one way to reach a state
    # with changes held: OptOutState refuses held events that do not match
    # its sides.
    for event in events:
        state = apply_optout(state, event, syncing=False).state
    return state


def optout_states(
    *,
    contact_ids: SearchStrategy[str] | None = None,
    salesforce_record_ids: SearchStrategy[str | None] | None = None,
    hubspot_unsubscribed: SearchStrategy[bool] | None = None,
    salesforce_opted_out: SearchStrategy[bool] | None = None,
    held_events: SearchStrategy[list[OptOutEvent]] | None = None,
) -> SearchStrategy[OptOutState]:
    """One contact's opt-out on both sides, with changes held (OPT-4): a
    state with the given statuses to which *held_events* (by default up to
    three of `optout_events`) then happened while the contact did not sync.
    Pin both statuses and pass ``held_events=st.just([])`` for a state
    without held changes."""
    start = st.builds(
        OptOutState,
        contact_id=given_or(contact_ids, hubspot_ids()),
        salesforce_id=given_or(
            salesforce_record_ids, optional(salesforce_ids(sobject="Contact"))
        ),
        hubspot_unsubscribed=given_or(hubspot_unsubscribed, st.booleans()),
        salesforce_opted_out=given_or(salesforce_opted_out, st.booleans()),
    )
    return st.builds(
        _held_after, start, given_or(held_events, st.lists(optout_events(), max_size=3))
    )


def optout_histories(
    *,
    events: SearchStrategy[OptOutEvent] | None = None,
    syncing: SearchStrategy[bool] | None = None,
    max_size: int = 8,
) -> SearchStrategy[list[tuple[OptOutEvent, bool]]]:
    """Sequences of ``(event, syncing)`` steps from both sides: what happens
    to one contact's opt-out, and whether the contact syncs at that moment
    (it leaves and rejoins the inclusion list as the steps go, OPT-4). Feed
    them to `apply_optout` or to your own service, starting from an
    `optout_states` value."""
    return st.lists(
        st.tuples(given_or(events, optout_events()), given_or(syncing, st.booleans())),
        max_size=max_size,
    )


# --- Decisions and other results ------------------------------------------

_OBJECTS: Final[tuple[HubSpotObject | SalesforceObject, ...]] = (
    *HubSpotObject,
    *SalesforceObject,
)
# Names a change may touch: the mapped ones on either side, the opt-out
# property and field (OPT-1), and names no mapping uses.
_CHANGED_NAMES: Final = (
    *(hs for hs, _ in MAPPED_FIELDS),
    *(sf for _, sf in MAPPED_FIELDS),
    "hs_email_optout",
    "HasOptedOutOfEmail",
    "notes_last_updated",
    "LastActivityDate",
)


@st.composite
def _record_changes(
    draw: DrawFn,
    objects: SearchStrategy[HubSpotObject | SalesforceObject],
    record_ids: SearchStrategy[str] | None,
    changed: SearchStrategy[frozenset[str]],
) -> RecordChange:
    obj = draw(objects)
    if record_ids is None:
        ids = (
            hubspot_ids()
            if isinstance(obj, HubSpotObject)
            else salesforce_ids(sobject=obj.value)
        )
    else:
        ids = record_ids
    return RecordChange(object=obj, record_id=draw(ids), changed=draw(changed))


def record_changes(
    *,
    objects: SearchStrategy[HubSpotObject | SalesforceObject] | None = None,
    record_ids: SearchStrategy[str] | None = None,
    changed: SearchStrategy[frozenset[str]] | None = None,
) -> SearchStrategy[RecordChange]:
    """Edits to one record of either system (TRIG-1, TRIG-2, TRIG-3): an id of the
    object's kind, and changed names that are mapped, formula-referenced,
    the opt-out ones (OPT-1), unmapped, or none at all."""
    return _record_changes(
        given_or(objects, st.sampled_from(_OBJECTS)),
        record_ids,
        given_or(
            changed,
            st.frozensets(st.sampled_from(_CHANGED_NAMES), max_size=4),
        ),
    )


def trigger_decisions(
    *,
    changes: SearchStrategy[RecordChange] | None = None,
    mappings: SearchStrategy[tuple[FieldMapping, ...]] | None = None,
    included: SearchStrategy[bool | None] | None = None,
    newly_included: SearchStrategy[bool] | None = None,
) -> SearchStrategy[TriggerDecision]:
    """What `triggers_sync` decides for a generated change, mappings (some
    on formula fields, TRIG-2) and inclusion-list state (SYNC-2, TRIG-3):
    decisions the library itself makes, reasons included."""
    return st.builds(
        triggers_sync,
        given_or(changes, record_changes()),
        mappings=given_or(mappings, st.lists(field_mappings(), max_size=4).map(tuple)),
        included=given_or(included, optional(st.booleans())),
        newly_included=given_or(newly_included, st.booleans()),
    )


def owner_directories(
    *,
    owners: SearchStrategy[list[SalesforceUser | SalesforceQueue | HubSpotOwner]]
    | None = None,
) -> SearchStrategy[StaticOwnerDirectory]:
    """`OwnerDirectory` values (`StaticOwnerDirectory.of`) over both
    systems' owners: users of every type, queues and HubSpot owners, some of
    them sharing an address (OWN-4 then finds several)."""
    mixed = st.one_of(salesforce_users(), salesforce_queues(), hubspot_owners())
    return given_or(owners, st.lists(mixed, max_size=6)).map(StaticOwnerDirectory.of)


def found_mapping_problems() -> SearchStrategy[MappingProblem]:
    # The problems FM-5, FM-8, OPT-1, LC-1 and CN-2 find in generated tables.
    tables = st.lists(field_mappings(), min_size=1, max_size=3)
    found = tables.map(mapping_problems).filter(bool)
    return found.flatmap(st.sampled_from)


def invalid_mapping_errors() -> SearchStrategy[InvalidMappingError]:
    tables = st.lists(field_mappings(), min_size=1, max_size=3)
    return tables.map(mapping_problems).filter(bool).map(InvalidMappingError)


def plan_streams() -> SearchStrategy[PlanStream]:
    # Built as `plan_stream` builds them. A stream spares its records from
    # the garbage collector until it is iterated to the end or dropped.
    return snapshots(max_per_kind=2).map(
        lambda snapshot: plan_stream([snapshot.settings, *snapshot.records()])
    )
