"""DUP-6 as a Hypothesis property: which of several Salesforce leads and
contacts sharing one HubSpot contact's address it syncs with does not
depend on the order of the input. Records come from the public
``crmsync_rules.strategies``; the update times are drawn here, from few
values, so that ties and missing times are common."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from crmsync_rules import (
    HubSpotContact,
    HubSpotRecords,
    SalesforceContact,
    SalesforceLead,
    resolve_duplicate,
)
from crmsync_rules import strategies as cs
from crmsync_rules.rules._dup_index import DuplicateIndex

T0 = dt.datetime(2024, 9, 2, 14, 5, tzinfo=dt.timezone.utc)
ADDRESSES = ("lotte@dekker.nl", "LOTTE@dekker.nl", "piet@globex.com")
HUBSPOT = HubSpotRecords(
    contacts=(
        HubSpotContact(id="509", email="lotte@dekker.nl"),
        HubSpotContact(id="510", email="piet@globex.com"),
    )
)
times = st.none() | st.integers(0, 3).map(lambda m: T0 + dt.timedelta(minutes=m))
emails = st.sampled_from(ADDRESSES)
people = st.lists(
    st.tuples(
        cs.salesforce_leads(emails=emails) | cs.salesforce_contacts(emails=emails),
        times,
    ).map(lambda pair: attrs.evolve(pair[0], updated_at=pair[1])),
    min_size=2,
    max_size=6,
    unique_by=lambda r: (type(r), r.id),
)


@settings(max_examples=150)
@given(records=people, data=st.data())
def test_dup6_the_choice_is_the_same_for_any_input_order(
    records: list[SalesforceLead | SalesforceContact], data: st.DataObject
) -> None:
    """DUP-6: any permutation of the input gives the same partner, the same
    order of the deduped records, and the same reasons."""
    shuffled = data.draw(st.permutations(records))
    first = DuplicateIndex(records, hubspot=HUBSPOT)
    second = DuplicateIndex(shuffled, hubspot=HUBSPOT)
    for hubspot_id in ("509", "510"):
        assert first.shared.partner(hubspot_id) == second.shared.partner(hubspot_id)
        assert [r.id for r in first.shared.records(hubspot_id)] == [
            r.id for r in second.shared.records(hubspot_id)
        ]
    assert resolve_duplicate(records, hubspot=HUBSPOT) == resolve_duplicate(
        shuffled,
        hubspot=HUBSPOT,
    )


@settings(max_examples=150)
@given(records=people)
def test_dup6_the_partner_is_the_most_recently_updated_when_all_are_timed(
    records: list[SalesforceLead | SalesforceContact],
) -> None:
    """DUP-6: with every record timed, no record sharing the address was
    updated later than the partner; otherwise the reason says the
    tie-break decided."""
    index = DuplicateIndex(records, hubspot=HUBSPOT)
    for hubspot_id in ("509", "510"):
        partner = index.shared.partner(hubspot_id)
        if partner is None:
            continue
        group = index.shared.records(hubspot_id)
        assert group[0].id == partner.salesforce_id
        stamps = [r.updated_at for r in group]
        if None in stamps:
            assert partner.updated_at is None
            assert "fixed tie-break decides" in partner.reasons[0].detail
        else:
            assert partner.updated_at == max(s for s in stamps if s is not None)
            assert "most recently updated" in partner.reasons[0].detail
