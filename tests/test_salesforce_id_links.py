"""DUP-7 in the model, the readers, the duplicate index and the planner:
an id's 15- and 18-character forms are one record in links, references and
duplicate-id checks; an 18-character id with a wrong suffix is refused where
a record is built, and reported as an unreadable record by the readers."""

from __future__ import annotations

import datetime as dt
import io
import json

import attrs
import pytest

from crmsync_rules import (
    ContactCreation,
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotRecords,
    IntegrationSettings,
    OpportunityContactRole,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
    SalesforceRecords,
    SalesforceUser,
    Snapshot,
    plan,
    resolve_duplicate,
)
from crmsync_rules.codec import UnreadableLine, iter_ndjson, iter_snapshot
from crmsync_rules.deals import deal_contacts, propagate_delete
from crmsync_rules.duplicates import DuplicateOutcome
from crmsync_rules.errors import InvalidRecordError
from crmsync_rules.invariants import contradicting_pairs
from crmsync_rules.model import salesforce_id_18
from crmsync_rules.planner import PlanAction, SyncPlan
from crmsync_rules.rules._dup_index import DuplicateIndex

LEAD_15 = "00QA000000005AA"
LEAD_18 = salesforce_id_18(LEAD_15)  # '00QA000000005AAMAY'
WRONG = LEAD_15 + "AAA"
SETTINGS = IntegrationSettings(
    integrated_on=dt.date(2021, 2, 1),
    account_sync=True,
    deal_sync=True,
    automatic_lifecycle_transitions=True,
    lifecycle_stage_sync=True,
)


def only(result: SyncPlan, record_id: str) -> object:
    (entry,) = [e for e in result.entries if e.record_id == record_id]
    return entry


@pytest.mark.parametrize(
    "build",
    [
        lambda: SalesforceLead(id=WRONG),
        lambda: SalesforceLead(id=LEAD_18, owner_id="005A000000001AAAAA"),
        lambda: SalesforceContact(id="003A000000001AA", account_id=WRONG),
        lambda: HubSpotContact(id="510", salesforce_lead_id=WRONG),
        lambda: HubSpotCompany(id="9", salesforce_account_id=WRONG),
        lambda: HubSpotDeal(id="7", salesforce_opportunity_id=WRONG),
        lambda: OpportunityContactRole(contact_id=WRONG),
        lambda: SalesforceAccount(id="001A000000001AA", person_contact_id=WRONG),
    ],
)
def test_dup7_a_wrong_suffix_is_refused_where_the_record_is_built(
    build: object,
) -> None:
    """DUP-7: an 18-character id whose suffix does not match its first
    fifteen characters raises `InvalidRecordError` naming field and value."""
    with pytest.raises(InvalidRecordError) as caught:
        build()  # type: ignore[operator]
    assert "do not match its first fifteen" in caught.value.problem
    assert isinstance(caught.value.value, str)
    assert len(caught.value.value) == 18


def test_dup7_the_error_names_the_record() -> None:
    """DUP-7: the refusal names the record the id belongs to."""
    with pytest.raises(InvalidRecordError) as caught:
        HubSpotContact(id="510", salesforce_lead_id=WRONG)
    assert (caught.value.record, caught.value.field) == ("510", "salesforce_lead_id")
    assert f"expected {LEAD_18!r}" in str(caught.value)


def test_dup7_ids_that_are_no_salesforce_ids_stay_valid() -> None:
    """DUP-7: only 18 letters and digits are judged ("005A" in tests, an
    18-character id with its suffix in lower case are fine)."""
    assert SalesforceUser(id="005A").id == "005A"
    assert SalesforceLead(id=LEAD_15 + "may").id == LEAD_15 + "may"
    assert SalesforceLead(id="lead-with-18-chars").id == "lead-with-18-chars"


def test_dup7_the_ndjson_reader_reports_a_wrong_suffix_as_unreadable() -> None:
    """DUP-7, ERR-1: the NDJSON reader gives the record as unreadable, with
    the field, rather than stop."""
    lines = [
        json.dumps({"type": "settings", "integrated_on": "2021-02-01"}),
        json.dumps({"type": "salesforce_lead", "id": WRONG}),
        json.dumps(
            {"type": "hubspot_contact", "id": "510", "salesforce_lead_id": WRONG}
        ),
    ]
    values = list(iter_ndjson(io.StringIO("\n".join(lines) + "\n")))
    unreadable = [v for v in values if isinstance(v, UnreadableLine)]
    assert [u.line for u in unreadable] == [2, 3]
    assert "id" in unreadable[0].problems[0]
    assert "salesforce_lead_id" in unreadable[1].problems[0]
    assert all("do not match its first fifteen" in u.problems[0] for u in unreadable)


def test_dup7_a_hubspot_contact_links_to_a_lead_by_its_other_form() -> None:
    """DUP-7: a contact naming the lead by its 18-character form is linked
    to the lead given in the 15-character form, and the reason says so."""
    hubspot = HubSpotRecords(
        contacts=(HubSpotContact(id="510", email="a@x.nl", salesforce_lead_id=LEAD_18),)
    )
    lead = SalesforceLead(id=LEAD_15, email="b@x.nl")
    match = resolve_duplicate([lead], hubspot=hubspot).match(LEAD_18)
    assert (match.outcome, match.hubspot_id) == (DuplicateOutcome.LINKED, "510")
    assert [r.rule for r in match.reasons] == ["DUP-1", "DUP-7"]
    assert "its 18-character form" in match.reasons[1].detail


def test_dup7_companies_and_deals_link_by_either_form() -> None:
    """DUP-7: a company's account link and a deal's opportunity link."""
    account = SalesforceAccount(id="001A000000001AA")
    opportunity = SalesforceOpportunity(id=salesforce_id_18("006A000000001AA"))
    hubspot = HubSpotRecords(
        companies=(
            HubSpotCompany(id="9", salesforce_account_id=salesforce_id_18(account.id)),
        ),
        deals=(HubSpotDeal(id="7", salesforce_opportunity_id="006A000000001AA"),),
    )
    resolution = resolve_duplicate([account, opportunity], hubspot=hubspot)
    assert resolution.match(account.id).hubspot_id == "9"
    assert resolution.match(opportunity.id).hubspot_id == "7"
    deleted = propagate_delete(opportunity, deals=hubspot.deals)
    assert deleted.delete_id == "7"


def test_dup7_one_record_in_both_forms_is_a_duplicate_id() -> None:
    """DUP-7: the same record twice in one batch, once in each form, is a
    duplicate id: refused by the index, rejected by the planner."""
    twice = [SalesforceLead(id=LEAD_15), SalesforceLead(id=LEAD_18)]
    with pytest.raises(InvalidRecordError, match="15- and 18-character forms"):
        resolve_duplicate(twice, hubspot=HubSpotRecords())
    result = plan(
        Snapshot(
            settings=SETTINGS,
            salesforce=SalesforceRecords(leads=tuple(twice)),
        )
    )
    entries = [e for e in result.entries if e.record_type == "salesforce_lead"]
    assert [(e.record_id, e.action) for e in entries] == [
        (LEAD_15, PlanAction.REJECTED),
        (LEAD_18, PlanAction.REJECTED),
    ]
    assert f"({LEAD_15!r} and {LEAD_18!r}" in entries[0].reasons[0].detail


def test_dup7_references_resolve_by_either_form_and_print_as_written() -> None:
    """DUP-7: owner, account and contact-role references in the other form
    are found; the plan prints every id as its record writes it."""
    user = SalesforceUser(id="005A000000001AA", email="ada@x.nl", full_name="Ada L")
    account = SalesforceAccount(
        id=salesforce_id_18("001A000000001AA"), owner_id=user.id
    )
    contact = SalesforceContact(
        id="003A000000001AA",
        email="jan@x.nl",
        account_id="001A000000001AA",
        owner_id=salesforce_id_18(user.id),
    )
    opportunity = SalesforceOpportunity(
        id="006A000000001AA",
        account_id=account.id,
        is_closed=True,
        is_won=True,
        contact_roles=(
            OpportunityContactRole(contact_id=salesforce_id_18(contact.id)),
        ),
    )
    hubspot = HubSpotRecords(
        contacts=(
            HubSpotContact(
                id="501", email="jan@x.nl", salesforce_contact_id=contact.id
            ),
        )
    )
    result = plan(
        Snapshot(
            settings=SETTINGS,
            hubspot=hubspot,
            salesforce=SalesforceRecords(
                users=(user,),
                accounts=(account,),
                contacts=(contact,),
                opportunities=(opportunity,),
            ),
        )
    )
    assert result.rejected == 0
    entry = only(result, contact.id)
    assert entry.action is PlanAction.SYNC  # type: ignore[attr-defined]
    assert entry.owner is not None  # type: ignore[attr-defined]
    joined = only(result, opportunity.id)
    assert "501" in joined.related  # type: ignore[attr-defined]
    assert joined.lifecycle is not None  # type: ignore[attr-defined]
    assert only(result, account.id).record_id == account.id  # type: ignore[attr-defined]
    assert deal_contacts(opportunity, contacts=hubspot.contacts).contact_ids == ("501",)


def test_dup7_ids_differing_only_in_case_are_different_records_in_a_plan() -> None:
    """DUP-7: two 15-character ids differing in case are two leads."""
    leads = (SalesforceLead(id="00QA000000005AA"), SalesforceLead(id="00Qa000000005AA"))
    result = plan(
        Snapshot(settings=SETTINGS, salesforce=SalesforceRecords(leads=leads))
    )
    assert result.rejected == 0


def test_dup7_the_snapshot_reader_reports_a_wrong_suffix_with_its_path() -> None:
    """DUP-7, ERR-1: the JSON snapshot reader gives each record with a wrong
    suffix as unreadable, at its path."""
    document = {
        "settings": {"integrated_on": "2021-02-01"},
        "hubspot": {"contacts": [{"id": "1", "salesforce_lead_id": WRONG}]},
        "salesforce": {"leads": [{"id": LEAD_15}, {"id": WRONG}]},
    }
    values = list(iter_snapshot(document))
    unreadable = [v for v in values if isinstance(v, UnreadableLine)]
    assert [u.path for u in unreadable] == [
        "$.hubspot.contacts[0]",
        "$.salesforce.leads[1]",
    ]
    assert all(f"expected {LEAD_18!r}" in u.problems[0] for u in unreadable)


def test_dup7_a_suffix_in_other_case_links_and_says_so() -> None:
    """DUP-7: the suffix is not case-sensitive; the reason says how the two
    differ."""
    hubspot = HubSpotRecords(
        contacts=(
            HubSpotContact(id="510", salesforce_lead_id=LEAD_15 + "may"),
            HubSpotContact(id="511", salesforce_lead_id="00QA000000006AA"),
        )
    )
    lead = SalesforceLead(id=LEAD_18)
    match = resolve_duplicate([lead], hubspot=hubspot).match(LEAD_18)
    assert match.hubspot_id == "510"
    assert "its last three characters in another case" in match.reasons[1].detail
    index = DuplicateIndex([lead], hubspot=hubspot)
    assert index.resolution_of(SalesforceObject.LEAD, "00QA000000006AA") is None
    assert index.resolution_of(SalesforceObject.LEAD, "00QA000000006AAMAY") is None


def test_dup7_a_pair_linked_by_the_other_form_shows_one_optout() -> None:
    """DUP-7, OPT-2: the pair's one opt-out decision names the Salesforce
    record as it writes its id, on both entries."""
    hubspot = HubSpotRecords(
        contacts=(
            HubSpotContact(
                id="510", email="a@x.nl", unsubscribed=True, salesforce_lead_id=LEAD_18
            ),
        )
    )
    lead = SalesforceLead(id=LEAD_15, email="a@x.nl")
    result = plan(
        Snapshot(
            settings=SETTINGS,
            hubspot=hubspot,
            salesforce=SalesforceRecords(leads=(lead,)),
        )
    )
    contact_entry, lead_entry = only(result, "510"), only(result, LEAD_15)
    assert contact_entry.optout is not None  # type: ignore[attr-defined]
    assert contact_entry.optout == lead_entry.optout  # type: ignore[attr-defined]
    assert contradicting_pairs(result) == ()


def test_dup7_a_deal_without_a_link_is_not_deleted() -> None:
    """DUP-7: propagate_delete compares links by key and skips deals
    without one."""
    opportunity = SalesforceOpportunity(id="006A000000001AA")
    deals = (
        HubSpotDeal(id="8"),
        HubSpotDeal(id="7", salesforce_opportunity_id=salesforce_id_18(opportunity.id)),
    )
    assert propagate_delete(opportunity, deals=deals).delete_id == "7"


def test_dup7_an_owner_named_with_its_suffix_in_lower_case_is_found() -> None:
    """DUP-7: an owner id whose suffix is in lower case still names the
    user (the suffix is not case-sensitive)."""
    user = SalesforceUser(id="005A000000001AA", email="ada@x.nl", full_name="Ada L")
    lower = salesforce_id_18(user.id)[:15] + salesforce_id_18(user.id)[15:].lower()
    lead = SalesforceLead(id=LEAD_15, email="n@x.nl", owner_id=lower)
    result = plan(
        Snapshot(
            settings=attrs.evolve(SETTINGS, contact_creation=ContactCreation.CREATE),
            salesforce=SalesforceRecords(users=(user,), leads=(lead,)),
        )
    )
    assert result.rejected == 0
    assert only(result, LEAD_15).owner is not None  # type: ignore[attr-defined]


def test_dup7_a_reference_missing_in_either_form_is_still_missing() -> None:
    """DUP-7, ERR-1: a contact role naming a contact the snapshot lacks, in
    its 18-character form, is a missing reference."""
    opportunity = SalesforceOpportunity(
        id="006A000000001AA",
        contact_roles=(
            OpportunityContactRole(contact_id=salesforce_id_18("003A000000009AA")),
        ),
    )
    result = plan(
        Snapshot(
            settings=SETTINGS,
            salesforce=SalesforceRecords(opportunities=(opportunity,)),
        )
    )
    assert only(result, opportunity.id).action is PlanAction.REJECTED  # type: ignore[attr-defined]


def test_dup7_blank_references_are_still_refused() -> None:
    """DUP-7: the Salesforce id validators keep refusing blank ids, and the
    HubSpot owner's stays as it was."""
    with pytest.raises(InvalidRecordError, match="non-empty id or None"):
        HubSpotContact(id="1", owner_id=" ")
    with pytest.raises(InvalidRecordError, match="non-empty id or None"):
        SalesforceLead(id=LEAD_15, owner_id="")
    with pytest.raises(InvalidRecordError, match="must be a non-empty id"):
        SalesforceLead(id=" ")
