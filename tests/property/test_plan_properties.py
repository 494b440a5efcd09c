"""Invariants of the planner: conservation and order-independence.

Two sources of snapshots: the public ``crmsync_rules.strategies.snapshots()``
(valid snapshots whose references hold, with addresses shared in different
spellings), and ``broken_snapshots`` below, small inline strategies with
tiny id and address pools, so that duplicate ids, dangling references and
invalid addresses (which the public strategies never make) come up too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules import (
    NDJSON_TYPES,
    ContactCreation,
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotOwner,
    HubSpotRecords,
    IntegrationSettings,
    LifecycleStage,
    OpportunityContactRole,
    PlanAction,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceRecords,
    SalesforceUser,
    Snapshot,
    plan,
)
from crmsync_rules.strategies import snapshots

ids = st.sampled_from(["1", "2", "3", "4"])
maybe_id = st.none() | ids
emails = st.none() | st.sampled_from(
    ["jan@vries.nl", "JAN@Vries.nl", "an@example.com", "bad@@example.com"]
)
owner_emails = st.sampled_from(["an@example.com", "ada@acme-corp.com"])
names = st.none() | st.sampled_from(["An", "Jan"])
flags = st.booleans()

integration = st.builds(
    IntegrationSettings,
    integrated_on=st.sampled_from([dt.date(2016, 5, 10), dt.date(2021, 2, 1)]),
    contact_creation=st.sampled_from(ContactCreation),
    new_records_as=st.sampled_from([SalesforceObject.LEAD, SalesforceObject.CONTACT]),
    account_sync=flags,
    automatic_lifecycle_transitions=flags,
    lifecycle_stage_sync=flags,
    person_accounts=flags,
    deal_sync=flags,
    synced_pipelines=st.sampled_from([(), ("default",)]),
)
hubspot_records = st.builds(
    HubSpotRecords,
    contacts=st.lists(
        st.builds(
            HubSpotContact,
            id=ids,
            email=emails,
            lifecycle_stage=st.none() | st.sampled_from(LifecycleStage),
            owner_id=maybe_id,
            unsubscribed=flags,
            company_ids=st.lists(ids, max_size=2).map(tuple),
            salesforce_lead_id=maybe_id,
            salesforce_contact_id=maybe_id,
        ),
        max_size=5,
    ).map(tuple),
    companies=st.lists(
        st.builds(HubSpotCompany, id=ids, salesforce_account_id=maybe_id), max_size=3
    ).map(tuple),
    deals=st.lists(
        st.builds(
            HubSpotDeal,
            id=ids,
            pipeline=st.sampled_from(["default", "other"]),
            salesforce_opportunity_id=maybe_id,
        ),
        max_size=2,
    ).map(tuple),
    owners=st.lists(
        st.builds(HubSpotOwner, id=ids, email=owner_emails, first_name=names),
        max_size=2,
    ).map(tuple),
)
salesforce_records = st.builds(
    SalesforceRecords,
    leads=st.lists(
        st.builds(
            SalesforceLead,
            id=ids,
            email=emails,
            owner_id=maybe_id,
            has_opted_out_of_email=flags,
        ),
        max_size=4,
    ).map(tuple),
    contacts=st.lists(
        st.builds(
            SalesforceContact,
            id=ids,
            email=emails,
            account_id=maybe_id,
            owner_id=maybe_id,
            has_opted_out_of_email=flags,
        ),
        max_size=4,
    ).map(tuple),
    accounts=st.lists(
        st.builds(
            SalesforceAccount, id=ids, is_person_account=flags, owner_id=maybe_id
        ),
        max_size=3,
    ).map(tuple),
    opportunities=st.lists(
        st.builds(
            SalesforceOpportunity,
            id=ids,
            account_id=maybe_id,
            is_closed=flags,
            is_won=flags,
            contact_roles=st.lists(
                st.builds(OpportunityContactRole, contact_id=ids), max_size=2
            ).map(tuple),
        ),
        max_size=2,
    ).map(tuple),
    users=st.lists(
        st.builds(SalesforceUser, id=ids, email=owner_emails, first_name=names),
        max_size=2,
    ).map(tuple),
    queues=st.lists(
        st.builds(SalesforceQueue, id=ids, name=st.just("Inbound")), max_size=1
    ).map(tuple),
)
broken_snapshots = st.builds(
    Snapshot,
    settings=integration,
    hubspot=hubspot_records,
    salesforce=salesforce_records,
)

_NAME_OF = {cls: name for name, cls in NDJSON_TYPES.items()}


def _shuffled(snapshot: Snapshot, data: st.DataObject) -> Snapshot:
    def permute(records: Any) -> dict[str, tuple[Any, ...]]:
        return {
            field: tuple(data.draw(st.permutations(getattr(records, field))))
            for field in attrs.fields_dict(type(records))
        }

    return Snapshot(
        settings=snapshot.settings,
        hubspot=HubSpotRecords(**permute(snapshot.hubspot)),
        salesforce=SalesforceRecords(**permute(snapshot.salesforce)),
    )


@given(snapshots() | broken_snapshots)
def test_every_input_record_appears_in_exactly_one_entry(snapshot: Snapshot) -> None:
    """DESIGN: "one entry per input record ... Nothing is dropped: records
    that cannot be decided (bad email, missing field) appear with a rejection
    and its reason." """
    result = plan(snapshot)
    inputs = Counter((_NAME_OF[type(r)], r.id) for r in snapshot.records())
    entries = Counter((e.record_type, e.record_id) for e in result.entries)
    assert entries == inputs
    assert sum(n for _, n in result.counts) == len(result.entries)
    for entry in result.entries:
        assert entry.reasons
        if entry.action is PlanAction.REJECTED:
            assert "ERR-1" in {r.rule for r in entry.reasons}


@given(snapshots() | broken_snapshots, st.data())
def test_the_plan_is_the_same_for_any_order_of_the_records(
    snapshot: Snapshot, data: st.DataObject
) -> None:
    """Issue 5: "The plan is deterministic and independent of input order"
    (DUP-1's batch resolution: "any permutation of the input gives the same
    resolution")."""
    assert plan(_shuffled(snapshot, data)) == plan(snapshot)
