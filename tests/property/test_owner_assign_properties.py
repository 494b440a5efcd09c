"""Invariants of the owners of new and newly paired records (OWN-6, OWN-7):
a new record is owned by its HubSpot owner only through an exact match
(OWN-4's invariant holds), an active Salesforce owner is never replaced at
the first sync, and afterwards the later change wins whichever side made
it. Directories come from the public ``crmsync_rules.strategies``, with
small id pools so that ids meet."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from crmsync_rules import (
    HubSpotOwner,
    SalesforceObject,
    SalesforceQueue,
    SalesforceUser,
    UserType,
)
from crmsync_rules import strategies as cs
from crmsync_rules.invariants import owner_mismatches
from crmsync_rules.model import RULES
from crmsync_rules.owners import (
    OwnerAction,
    OwnerSyncDirection,
    creation_owner,
    first_sync_owner,
    later_owner_sync,
)

EXAMPLES = settings(max_examples=100, deadline=None)

emails = st.sampled_from([None, "an@vries.nl", " AN@Vries.NL", "bo@vries.nl"])
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
hubspot_ids = st.none() | st.sampled_from(["H1", "H2", "H9"])
salesforce_ids = st.none() | st.sampled_from(["U1", "U2", "U3", "Q1", "U9"])
times = st.none() | st.datetimes(
    min_value=dt.datetime(2024, 1, 1),
    max_value=dt.datetime(2024, 1, 2),
    timezones=st.just(dt.timezone.utc),
)


def _active(
    owner_id: str | None,
    directory: list[SalesforceUser | SalesforceQueue | HubSpotOwner],
) -> bool:
    """OWN-7's active Salesforce owner, read off the directory."""
    found = [
        o for o in directory if o.id == owner_id and not isinstance(o, HubSpotOwner)
    ]
    if not found:
        return False
    owner = found[-1]  # StaticOwnerDirectory keeps the last of an id
    if isinstance(owner, SalesforceQueue):
        return True
    return owner.is_active and owner.user_type in {
        UserType.STANDARD,
        UserType.POWER_PARTNER,
        UserType.GUEST,
    }


@EXAMPLES
@given(
    owner_id=hubspot_ids,
    kind=st.sampled_from(SalesforceObject),
    directory=owners,
    integration_user=st.none() | st.just("005I"),
)
def test_own6_a_new_record_takes_only_an_exactly_matching_owner(
    owner_id: str | None,
    kind: SalesforceObject,
    directory: list[SalesforceUser | SalesforceQueue | HubSpotOwner],
    integration_user: str | None,
) -> None:
    """OWN-6: the Owner ID a new record gets from its HubSpot owner passes
    OWN-4's invariant; otherwise a lead goes to the assignment rules and
    anything else to the integration user; the decision cites OWN-6 last."""
    decision = creation_owner(
        owner_id,
        salesforce_object=kind,
        owners=directory,
        integration_user_id=integration_user,
    )
    assert decision.reasons[-1].rule == "OWN-6"
    assert all(r.rule in RULES for r in decision.reasons)
    if decision.action is OwnerAction.SET:
        assert owner_mismatches(owner_id, decision.owner_id, owners=directory) == ()
    elif kind is SalesforceObject.LEAD:
        assert (decision.action, decision.owner_id) == (
            OwnerAction.ASSIGNMENT_RULES,
            None,
        )
    else:
        assert (decision.action, decision.owner_id) == (
            OwnerAction.INTEGRATION_USER,
            integration_user,
        )


@EXAMPLES
@given(hubspot=hubspot_ids, salesforce=salesforce_ids, directory=owners)
def test_own7_an_active_salesforce_owner_is_never_replaced_at_the_first_sync(
    hubspot: str | None,
    salesforce: str | None,
    directory: list[SalesforceUser | SalesforceQueue | HubSpotOwner],
) -> None:
    """OWN-7: with an active Salesforce owner, the first sync writes nothing
    to Salesforce (it keeps its owner, or sends it to HubSpot to fill an
    empty owner); the decision cites OWN-7 first."""
    decision = first_sync_owner(hubspot, salesforce, owners=directory)
    assert decision.reasons[0].rule == "OWN-7"
    if _active(salesforce, directory):
        if hubspot is None:
            assert decision.direction is OwnerSyncDirection.TO_HUBSPOT
        else:
            assert (decision.action, decision.owner_id) == (
                OwnerAction.KEEP,
                salesforce,
            )


@EXAMPLES
@given(
    hubspot=hubspot_ids,
    salesforce=salesforce_ids,
    directory=owners,
    first=times,
    second=times,
)
def test_own7_afterwards_the_later_change_wins_whichever_side_made_it(
    hubspot: str | None,
    salesforce: str | None,
    directory: list[SalesforceUser | SalesforceQueue | HubSpotOwner],
    first: dt.datetime | None,
    second: dt.datetime | None,
) -> None:
    """OWN-7: swapping the two sides' change times swaps the direction,
    unless they tie (Salesforce wins both ways, as FM-3's ties)."""

    def direction(hs_at: dt.datetime | None, sf_at: dt.datetime | None) -> bool:
        decision = later_owner_sync(
            hubspot,
            salesforce,
            hubspot_changed_at=hs_at,
            salesforce_changed_at=sf_at,
            owners=directory,
        )
        assert decision.reasons[0].rule == "OWN-7"
        return decision.direction is OwnerSyncDirection.TO_SALESFORCE

    to_salesforce, swapped = direction(first, second), direction(second, first)
    if first == second:
        assert not to_salesforce
        assert not swapped
    else:
        assert to_salesforce != swapped
