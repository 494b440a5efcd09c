"""Invariants of the decision functions (OPT-3, OPT-4, DUP-1, DUP-2, DUP-3,
DUP-4, DUP-5, and every family's "deterministic, and always explains
itself").

Model values come from the public ``crmsync_rules.strategies``, narrowed to
small id pools and a mixed address pool so that records collide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from crmsync_rules import (
    HubSpotContact,
    HubSpotOwner,
    HubSpotRecords,
    IntegrationSettings,
    LifecycleStage,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
    apply_optout,
    check_installation,
    company_name_sync,
    derive_lifecycle,
    email_activity,
    map_owner,
    resolve_duplicate,
    should_sync,
    sync_person_account,
)
from crmsync_rules import strategies as cs
from crmsync_rules.activities import EmailEvent, EmailEventType
from crmsync_rules.duplicates import SyncedSalesforceRecord
from crmsync_rules.model import RULES
from crmsync_rules.optout import OptOutEvent, OptOutState
from crmsync_rules.owners import OwnerSyncDirection
from crmsync_rules.person_accounts import convert_lead, salesforce_record_for
from crmsync_rules.sync import SyncTrigger

EXAMPLES = settings(max_examples=100, deadline=None)

emails = st.sampled_from(
    [
        None,
        "",
        "  ",
        "an@vries.nl",
        " AN@Vries.NL",
        "bo@vries.nl",
        "an+x@vries.nl",
        "jan@@vries.nl",
        "josé@exämple.com",
        "JOSÉ@xn--exmple-cua.com",
    ]
)
maybe = st.none() | st.sampled_from(["x1", "x2", "x3"])
companies_ids = st.lists(st.sampled_from(["c1", "c2", "c3"]), max_size=2, unique=True)
stages = st.none() | st.sampled_from(LifecycleStage)

# Model values come from the public strategies; the id pools are small on
# purpose, so that Salesforce records, HubSpot links and contact roles
# collide, and the address pool mixes spellings of one address with invalid
# ones (the strategies' own addresses are always valid).
hubspot_contacts = cs.hubspot_contacts(
    ids=st.sampled_from(["h1", "h2", "h3", "h4", "h5"]),
    emails=emails,
    companies=st.none() | st.sampled_from(["", "  ", "Acme"]),
    lifecycle_stages=stages,
    company_ids=companies_ids.map(tuple),
    salesforce_lead_ids=st.none() | st.sampled_from(["L1", "L2"]),
    salesforce_contact_ids=st.none() | st.sampled_from(["C1", "C2", "C3"]),
)
hubspot_companies = cs.hubspot_companies(
    ids=st.sampled_from(["c1", "c2", "c3"]),
    salesforce_account_ids=st.none() | st.sampled_from(["A1", "A2", "A3"]),
)
hubspot_deals = cs.hubspot_deals(
    ids=st.sampled_from(["d1", "d2"]),
    salesforce_opportunity_ids=st.none() | st.sampled_from(["O1", "O2"]),
)
hubspot_records = st.tuples(
    st.lists(hubspot_contacts, max_size=5, unique_by=lambda c: c.id),
    st.lists(hubspot_companies, max_size=3, unique_by=lambda c: c.id),
    st.lists(hubspot_deals, max_size=2, unique_by=lambda d: d.id),
).map(
    lambda parts: HubSpotRecords(
        contacts=tuple(parts[0]), companies=tuple(parts[1]), deals=tuple(parts[2])
    )
)
leads = cs.salesforce_leads(
    ids=st.sampled_from(["L1", "L2", "L3"]),
    emails=emails,
    companies=st.none() | st.sampled_from(["", "  ", "Acme"]),
)
sf_contacts = cs.salesforce_contacts(
    ids=st.sampled_from(["C1", "C2", "C3"]),
    emails=emails,
    account_ids=st.none() | st.sampled_from(["A1", "A2", "A3"]),
)
accounts = cs.salesforce_accounts(ids=st.sampled_from(["A1", "A2", "A3"]))
opportunities = cs.salesforce_opportunities(
    ids=st.sampled_from(["O1", "O2"]),
    account_ids=st.none() | st.sampled_from(["A1", "A2"]),
    contact_roles=st.lists(
        cs.opportunity_contact_roles(contact_ids=st.sampled_from(["C1", "C2", "C3"])),
        max_size=2,
    ).map(tuple),
)
salesforce_batches = st.tuples(
    st.lists(leads, max_size=3, unique_by=lambda r: r.id),
    st.lists(sf_contacts, max_size=3, unique_by=lambda r: r.id),
    st.lists(accounts, max_size=3, unique_by=lambda r: r.id),
    st.lists(opportunities, max_size=2, unique_by=lambda r: r.id),
).map(lambda parts: [r for part in parts for r in part])

integration_settings = cs.integration_settings(
    integrated_on=st.dates(dt.date(2016, 1, 1), dt.date(2019, 1, 1)),
    portals=st.integers(1, 3),
    inclusion_lists=st.none()
    | cs.static_inclusion_lists(
        contact_ids=st.frozensets(st.sampled_from(["h1", "h2", "h3"]))
    ),
)

owners = st.lists(
    st.one_of(
        cs.salesforce_users(
            ids=st.sampled_from(["U1", "U2", "U3"]),
            emails=emails,
            first_names=st.sampled_from(["An", " an", "Bo"]),
            last_names=st.sampled_from(["Smit", "SMIT "]),
        ),
        cs.salesforce_queues(
            ids=st.just("Q1"), names=st.just("Inbound"), emails=emails
        ),
        cs.hubspot_owners(
            ids=st.sampled_from(["H1", "H2"]),
            emails=emails.filter(lambda e: e is not None).map(str),
            first_names=st.just("An"),
            last_names=st.just("Smit"),
        ),
    ),
    max_size=6,
)

optout_states = cs.optout_states(
    contact_ids=st.just("h1"), salesforce_record_ids=st.none() | st.just("L1")
)
salesforce_events = cs.optout_events(hubspot=False)

# EmailEvent is an activity value, not a record of either CRM, so
# crmsync_rules.strategies has no strategy for it.
email_events = st.lists(
    st.builds(
        EmailEvent,
        id=st.sampled_from(["e1", "e2", "e3", "e4"]),
        type=st.sampled_from(EmailEventType),
        email_id=st.sampled_from(["m1", "m2"]),
        recipient_id=st.sampled_from(["h1", "h2"]),
        occurred_at=st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 2)),
        forwarded=st.booleans(),
    ),
    max_size=4,
    unique_by=lambda e: e.id,
)


@EXAMPLES
@given(
    start=cs.optout_states(
        contact_ids=st.just("h1"),
        hubspot_unsubscribed=st.just(True),
        held_events=st.lists(salesforce_events, max_size=3),
    ),
    steps=cs.optout_histories(events=salesforce_events),
)
def test_opt3_salesforce_events_never_resubscribe(
    start: OptOutState, steps: list[tuple[OptOutEvent, bool]]
) -> None:
    """OPT-3: "Once a contact is unsubscribed in HubSpot, unticking Email Opt
    Out in Salesforce does not resubscribe it; only the contact's own action
    can." No sequence of Salesforce-side events, syncing or not, resubscribes
    it."""
    state = start
    for event, syncing in steps:
        state = apply_optout(state, event, syncing=syncing).state
        assert state.hubspot_unsubscribed


@EXAMPLES
@given(state=optout_states, event=st.sampled_from(OptOutEvent), syncing=st.booleans())
def test_opt4_same_event_twice_equals_once(
    state: OptOutState, event: OptOutEvent, syncing: bool
) -> None:
    """OPT-2/OPT-4: applying the same opt-out event twice equals applying it
    once (a redelivered event changes nothing), held or passed."""
    once = apply_optout(state, event, syncing=syncing).state
    twice = apply_optout(once, event, syncing=syncing).state
    assert twice == once


@EXAMPLES
@given(batch=salesforce_batches, hubspot=hubspot_records, data=st.data())
def test_dup1_resolve_duplicate_is_invariant_under_permutation(
    batch: list[SyncedSalesforceRecord], hubspot: HubSpotRecords, data: st.DataObject
) -> None:
    """DUP-1, DUP-2, DUP-3, DUP-4, DUP-5: "Result is the same whatever the
    order of the input records" (issue 3), for the Salesforce batch and
    HubSpot's records."""
    expected = resolve_duplicate(batch, hubspot=hubspot)
    shuffled = data.draw(st.permutations(batch))
    reordered = HubSpotRecords(
        contacts=tuple(data.draw(st.permutations(hubspot.contacts))),
        companies=tuple(data.draw(st.permutations(hubspot.companies))),
        deals=tuple(data.draw(st.permutations(hubspot.deals))),
    )
    assert resolve_duplicate(shuffled, hubspot=reordered) == expected
    assert len(expected.matches) == len(batch)


def _explains(result: Any) -> None:
    reasons = result.reasons
    assert reasons
    assert all(reason.rule in RULES for reason in reasons)


def _deterministic(decide: Callable[[], Any]) -> None:
    first = decide()
    assert decide() == first
    _explains(first)


@EXAMPLES
@given(
    contact=hubspot_contacts,
    config=integration_settings,
    trigger=st.sampled_from(SyncTrigger),
)
def test_sync1_should_sync_is_deterministic_and_explained(
    contact: HubSpotContact, config: IntegrationSettings, trigger: SyncTrigger
) -> None:
    """Every decision function is deterministic and every result cites at
    least one rule ID (SYNC-1, SYNC-2, SYNC-3, SYNC-4, SYNC-5)."""
    _deterministic(lambda: should_sync(contact, settings=config, trigger=trigger))


@EXAMPLES
@given(config=integration_settings)
def test_inst1_check_installation_is_deterministic_and_explained(
    config: IntegrationSettings,
) -> None:
    """Every decision function is deterministic and every result cites at
    least one rule ID (INST-1, INST-2, INST-3, INST-4, INST-5)."""
    _deterministic(lambda: check_installation(config))


@EXAMPLES
@given(batch=salesforce_batches, hubspot=hubspot_records)
def test_dup1_resolve_duplicate_is_deterministic_and_explained(
    batch: list[SyncedSalesforceRecord], hubspot: HubSpotRecords
) -> None:
    """Every decision function is deterministic and every result cites at
    least one rule ID; so does every per-record match (DUP-1, DUP-2, DUP-3,
    DUP-4, DUP-5)."""
    _deterministic(lambda: resolve_duplicate(batch, hubspot=hubspot))
    for match in resolve_duplicate(batch, hubspot=hubspot).matches:
        _explains(match)


@EXAMPLES
@given(
    owner_id=st.none() | st.sampled_from(["U1", "U2", "Q1", "H1", "H2", "zz"]),
    direction=st.sampled_from(OwnerSyncDirection),
    directory=owners,
    last=st.none() | st.just("U9"),
)
def test_own4_map_owner_is_deterministic_and_explained(
    owner_id: str | None,
    direction: OwnerSyncDirection,
    directory: list[SalesforceUser | SalesforceQueue | HubSpotOwner],
    last: str | None,
) -> None:
    """Every decision function is deterministic and every result cites at
    least one rule ID (OWN-1, OWN-2, OWN-3, OWN-4, OWN-5)."""
    _deterministic(
        lambda: map_owner(
            owner_id,
            direction=direction,
            owners=directory,
            last_salesforce_owner_id=last,
        )
    )


@EXAMPLES
@given(state=optout_states, event=st.sampled_from(OptOutEvent), syncing=st.booleans())
def test_opt2_apply_optout_is_deterministic_and_explained(
    state: OptOutState, event: OptOutEvent, syncing: bool
) -> None:
    """Every decision function is deterministic and every result cites at
    least one rule ID (OPT-1, OPT-2, OPT-3, OPT-4, OPT-5)."""
    _deterministic(lambda: apply_optout(state, event, syncing=syncing))


@EXAMPLES
@given(
    opportunity=opportunities,
    config=integration_settings,
    contacts=st.lists(sf_contacts, max_size=3),
    hubspot=hubspot_records,
)
def test_lc2_derive_lifecycle_is_deterministic_and_explained(
    opportunity: SalesforceOpportunity,
    config: IntegrationSettings,
    contacts: list[SalesforceContact],
    hubspot: HubSpotRecords,
) -> None:
    """Every decision function is deterministic and every result cites at
    least one rule ID (LC-1, LC-2, LC-3)."""
    _deterministic(
        lambda: derive_lifecycle(
            opportunity,
            settings=config,
            salesforce_contacts=contacts,
            hubspot_contacts=hubspot.contacts,
            hubspot_companies=hubspot.companies,
        )
    )


@EXAMPLES
@given(
    account=accounts.filter(lambda a: a.is_person_account),
    lead=leads,
    contact=hubspot_contacts,
    config=integration_settings,
)
def test_pa2_person_account_functions_are_deterministic_and_explained(
    account: SalesforceAccount,
    lead: SalesforceLead,
    contact: HubSpotContact,
    config: IntegrationSettings,
) -> None:
    """Every decision function is deterministic and every result cites at
    least one rule ID (PA-1, PA-2, PA-3, PA-4, PA-5)."""
    _deterministic(lambda: sync_person_account(account, settings=config))
    _deterministic(lambda: convert_lead(lead, settings=config))
    _deterministic(lambda: salesforce_record_for(contact, settings=config))


@EXAMPLES
@given(events=email_events, data=st.data())
def test_act2_email_activity_is_deterministic_explained_and_order_free(
    events: list[EmailEvent], data: st.DataObject
) -> None:
    """Every decision function is deterministic and every result cites at
    least one rule ID; ACT-2: one task per event, whatever the input
    order."""
    _deterministic(lambda: email_activity(events))
    shuffled = data.draw(st.permutations(events))
    assert email_activity(shuffled) == email_activity(events)
    assert len(email_activity(events).tasks) == len(events)


@EXAMPLES
@given(contact=hubspot_contacts, config=integration_settings)
def test_cn2_company_name_sync_is_deterministic_and_explained(
    contact: HubSpotContact, config: IntegrationSettings
) -> None:
    """Every decision function is deterministic and every result cites at
    least one rule ID (CN-1, CN-2, CN-3)."""
    _deterministic(lambda: company_name_sync(contact, settings=config))
