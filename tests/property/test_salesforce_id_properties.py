"""DUP-7 as Hypothesis properties over the public strategies: for any
15-character id, the computed 18-character form round-trips and compares
equal in links; two 15-character ids differing only in case are different
records; the strategies' ids are valid."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import assume, given
from hypothesis import strategies as st

from crmsync_rules import HubSpotContact, HubSpotRecords, SalesforceLead, plan
from crmsync_rules import strategies as cs
from crmsync_rules.duplicates import DuplicateOutcome
from crmsync_rules.model import (
    IntegrationSettings,
    SalesforceRecords,
    Snapshot,
    salesforce_id_15,
    salesforce_id_18,
    salesforce_id_key,
    salesforce_id_problem,
)
from crmsync_rules.planner import PlanAction
from crmsync_rules.rules._dup_index import DuplicateIndex

ids_15 = st.text(string.ascii_letters + string.digits, min_size=15, max_size=15)
SETTINGS = IntegrationSettings(integrated_on=dt.date(2021, 2, 1))


@given(cs.salesforce_ids(sobject="Lead"))
def test_dup7_the_strategies_make_valid_18_character_ids(value: str) -> None:
    """DUP-7: `salesforce_ids` computes each id's suffix."""
    assert salesforce_id_problem(value) is None
    assert salesforce_id_18(value[:15]) == value


@given(ids_15, st.sampled_from(["15", "18"]))
def test_dup7_a_contact_linked_by_either_form_is_linked(
    body: str, lead_form: str
) -> None:
    """DUP-7: a HubSpot contact naming a lead by one form is linked to the
    lead given in the other, and the 18-character form round-trips."""
    long = salesforce_id_18(body)
    assert salesforce_id_15(long) == body
    assert salesforce_id_key(long) == salesforce_id_key(body)
    named, given_as = (long, body) if lead_form == "15" else (body, long)
    hubspot = HubSpotRecords(
        contacts=(HubSpotContact(id="1", email="a@x.nl", salesforce_lead_id=named),)
    )
    lead = SalesforceLead(id=given_as, email="b@y.nl")
    index = DuplicateIndex([lead], hubspot=hubspot)
    match = index.person_match(lead)
    assert (match.outcome, match.hubspot_id) == (DuplicateOutcome.LINKED, "1")
    assert [r.rule for r in match.reasons] == ["DUP-1", "DUP-7"]


@given(ids_15, st.data())
def test_dup7_ids_differing_only_in_case_are_different_records(
    body: str, data: st.DataObject
) -> None:
    """DUP-7: two 15-character ids differing only in case are two records:
    the link of one does not reach the other, and a plan holds both."""
    at = data.draw(st.integers(0, 14))
    assume(body[at].isalpha())
    other = body[:at] + body[at].swapcase() + body[at + 1 :]
    assert salesforce_id_key(other) != salesforce_id_key(body)
    hubspot = HubSpotRecords(
        contacts=(HubSpotContact(id="1", email="a@x.nl", salesforce_lead_id=body),)
    )
    lead = SalesforceLead(id=other, email="b@y.nl")
    match = DuplicateIndex([lead], hubspot=hubspot).person_match(lead)
    assert match.outcome is not DuplicateOutcome.LINKED
    result = plan(
        Snapshot(
            settings=SETTINGS,
            salesforce=SalesforceRecords(
                leads=(SalesforceLead(id=body), SalesforceLead(id=other))
            ),
        )
    )
    assert PlanAction.REJECTED not in {e.action for e in result.entries}
