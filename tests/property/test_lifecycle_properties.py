"""LC-5 over sequences of opportunity events: a contact's lifecycle stage
never decreases in HubSpot's lifecycle order."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from crmsync_rules import (
    HubSpotCompany,
    HubSpotContact,
    IntegrationSettings,
    LifecycleStage,
    OpportunityContactRole,
    SalesforceContact,
    SalesforceOpportunity,
    derive_lifecycle,
)
from crmsync_rules.lifecycle import lifecycle_rank

SF_CONTACTS = (
    SalesforceContact(id="003A", account_id="001A"),
    SalesforceContact(id="003B", account_id="001A"),
    SalesforceContact(id="003X", account_id="001X"),
)
COMPANIES = (
    HubSpotCompany(id="c1", salesforce_account_id="001A"),
    HubSpotCompany(id="c2", salesforce_account_id="001X"),
)
# Who each HubSpot contact is: its Salesforce link and its companies.
PEOPLE = (
    ("h1", "003A", None, ("c1",)),
    ("h2", "003B", None, ("c1", "c2")),
    ("h3", None, "00QL", ("c1",)),
    ("h4", "003X", None, ("c2",)),
    ("h5", None, None, ()),
)

stages = st.none() | st.sampled_from(LifecycleStage)
opportunity_events = st.builds(
    lambda number, account, state, roles: SalesforceOpportunity(
        id=f"006{number}",
        account_id=account,
        is_closed=state != "open",
        is_won=state == "won",
        contact_roles=tuple(OpportunityContactRole(contact_id=c) for c in roles),
    ),
    st.integers(0, 3),
    st.sampled_from(["001A", "001X", None]),
    st.sampled_from(["open", "won", "lost"]),
    st.lists(st.sampled_from(["003A", "003B", "003X", "003Q"]), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(
    start=st.tuples(*(stages for _ in PEOPLE)),
    switches=st.tuples(st.booleans(), st.booleans(), st.booleans()),
    events=st.lists(opportunity_events, max_size=8),
)
def test_lc5_over_any_opportunity_events_no_stage_ever_decreases(
    start: tuple[LifecycleStage | None, ...],
    switches: tuple[bool, bool, bool],
    events: list[SalesforceOpportunity],
) -> None:
    """LC-5: "automatic transitions never move a lifecycle stage backwards":
    over any sequence of opportunity events (opened, closed won or lost,
    contact roles added or removed, on any account, under any of the three
    settings), applying each decision (LC-2, LC-4) never lowers a contact's
    rank in HubSpot's lifecycle order, and every contact a decision moves
    goes strictly forward."""
    account_sync, automatic, stage_sync = switches
    config = IntegrationSettings(
        integrated_on=dt.date(2024, 1, 8),
        account_sync=account_sync,
        automatic_lifecycle_transitions=automatic,
        lifecycle_stage_sync=stage_sync,
    )
    contacts = {
        cid: HubSpotContact(
            id=cid,
            salesforce_contact_id=sf_contact,
            salesforce_lead_id=lead,
            company_ids=companies,
            lifecycle_stage=stage,
        )
        for (cid, sf_contact, lead, companies), stage in zip(PEOPLE, start, strict=True)
    }
    for opportunity in events:
        decision = derive_lifecycle(
            opportunity,
            settings=config,
            salesforce_contacts=SF_CONTACTS,
            hubspot_contacts=contacts.values(),
            hubspot_companies=COMPANIES,
        )
        assert decision.reasons
        if decision.contact_ids:
            assert decision.stage is not None
        for cid in decision.contact_ids:
            before = contacts[cid]
            assert lifecycle_rank(decision.stage) > lifecycle_rank(
                before.lifecycle_stage
            )
            contacts[cid] = attrs.evolve(before, lifecycle_stage=decision.stage)
        if not automatic:
            assert decision.contact_ids == ()
