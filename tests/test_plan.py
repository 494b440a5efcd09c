"""The sync planner: one entry per record, composed decisions, rejections."""

from __future__ import annotations

import datetime as dt
from typing import cast

import attrs
import pytest

from crmsync_rules import (
    ContactCreation,
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotOwner,
    HubSpotRecords,
    IntegrationSettings,
    LifecycleStage,
    OpportunityContactRole,
    Reason,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceOpportunity,
    SalesforceRecords,
    SalesforceUser,
    Snapshot,
    plan,
    sample_snapshot,
)
from crmsync_rules.codec import NDJSON_TYPES, iter_ndjson
from crmsync_rules.errors import SnapshotError
from crmsync_rules.lint import Severity
from crmsync_rules.model import StaticInclusionList
from crmsync_rules.owners import OwnerAction
from crmsync_rules.planner import PlanAction, PlanEntry, SyncPlan, System, plan_stream

SETTINGS = IntegrationSettings(
    integrated_on=dt.date(2021, 2, 1), contact_creation=ContactCreation.CREATE
)
NO_HUBSPOT = HubSpotRecords()
NO_SALESFORCE = SalesforceRecords()


def rules(entry: PlanEntry) -> list[str]:
    return [r.rule for r in entry.reasons]


def only(result: SyncPlan, record_id: str) -> PlanEntry:
    (entry,) = [e for e in result.entries if e.record_id == record_id]
    return entry


def snapshot(
    *,
    hubspot: HubSpotRecords = NO_HUBSPOT,
    salesforce: SalesforceRecords = NO_SALESFORCE,
    settings: IntegrationSettings = SETTINGS,
) -> Snapshot:
    return Snapshot(settings=settings, hubspot=hubspot, salesforce=salesforce)


@pytest.fixture(scope="module")
def sample_plan() -> SyncPlan:
    return plan(sample_snapshot())


def test_every_sample_record_has_exactly_one_entry(sample_plan: SyncPlan) -> None:
    names = {cls: name for name, cls in NDJSON_TYPES.items()}
    expected = sorted((names[type(r)], r.id) for r in sample_snapshot().records())
    got = sorted((e.record_type, e.record_id or "") for e in sample_plan.entries)
    assert got == expected
    assert len(got) == len(expected) == 44
    assert sum(n for _, n in sample_plan.counts) == 44
    assert sample_plan.rejected == 0
    # DUP-6's example: two Salesforce records share contact 509's address.
    assert [f.rule for f in sample_plan.findings] == ["DUP-1"]


def test_sample_counts_per_action(sample_plan: SyncPlan) -> None:
    assert {a.value: n for a, n in sample_plan.counts} == {
        "sync": 17,
        "skip": 3,
        "create_in_hubspot": 4,
        "create_in_salesforce": 4,
        "dedupe": 4,
        "create_deal": 3,
        "reference": 9,
    }


def test_entries_come_in_ndjson_type_order_then_id(sample_plan: SyncPlan) -> None:
    kinds = [e.record_type for e in sample_plan.entries]
    assert kinds[0] == "hubspot_contact"
    assert kinds[-1] == "salesforce_queue"
    ids = [
        e.record_id or ""
        for e in sample_plan.entries
        if e.record_type == "hubspot_contact"
    ]
    assert ids == sorted(ids)


def test_sync5_contact_without_email_is_skipped(sample_plan: SyncPlan) -> None:
    """SYNC-5: contact without email is skipped."""
    entry = only(sample_plan, "503")
    assert entry.action is PlanAction.SKIP
    assert rules(entry)[-1] == "SYNC-5"


def test_sync3_subscriber_outside_the_default_list_is_skipped(
    sample_plan: SyncPlan,
) -> None:
    """SYNC-3: subscriber outside the default list is skipped."""
    entry = only(sample_plan, "502")
    assert (entry.action, entry.system) == (PlanAction.SKIP, System.HUBSPOT)
    assert "is not in 'Salesforce inclusion list (default)'" in entry.reasons[1].detail


def test_lead_owned_by_a_queue_imports_the_queue(sample_plan: SyncPlan) -> None:
    entry = only(sample_plan, "00QA000000001AA")
    assert entry.action is PlanAction.CREATE_IN_HUBSPOT
    assert entry.owner is not None
    assert entry.owner.action is OwnerAction.IMPORT
    assert entry.owner.import_from == "00GA000000001AA"
    assert rules(entry)[-2:] == ["OWN-1", "OWN-3"]


def test_lc2_closed_won_with_contact_role_makes_contacts_customers(
    sample_plan: SyncPlan,
) -> None:
    """LC-2: Closed/Won with contact role makes contacts customers."""
    opportunity = only(sample_plan, "006A000000001AA")
    assert opportunity.lifecycle is LifecycleStage.CUSTOMER
    assert set(opportunity.related) == {"505", "506"}
    for contact_id in ("505", "506"):
        assert only(sample_plan, contact_id).lifecycle is LifecycleStage.CUSTOMER


def test_lc3_closed_won_without_contact_roles_is_explained_on_the_contact(
    sample_plan: SyncPlan,
) -> None:
    """LC-3: Closed/Won without contact roles is explained on the contact
    (which moves to Opportunity through another, open opportunity: LC-4)."""
    entry = only(sample_plan, "501")
    assert entry.lifecycle is LifecycleStage.OPPORTUNITY
    assert any(
        r.rule == "LC-3" and "'006A000000002AA' has no contact roles" in r.detail
        for r in entry.reasons
    )


def test_opt2_unsubscribed_contact_ticks_its_lead(sample_plan: SyncPlan) -> None:
    """OPT-2: unsubscribed contact ticks its lead."""
    entry = only(sample_plan, "504")
    assert entry.optout is not None
    assert entry.optout.state.salesforce_opted_out
    assert "OPT-2" in rules(entry)


def test_about_lists_the_record_first_then_entries_naming_it(
    sample_plan: SyncPlan,
) -> None:
    about = sample_plan.about("501")
    assert about[0].record_id == "501"
    assert {e.record_id for e in about[1:]} == {"003A000000001AA", "006A000000003AA"}


def test_duplicate_ids_reject_every_record_sharing_the_id() -> None:
    result = plan(
        snapshot(
            salesforce=SalesforceRecords(
                leads=(
                    SalesforceLead(id="00Q1", email="a@example.com"),
                    SalesforceLead(id="00Q1", email="b@example.com"),
                    SalesforceLead(id="00Q2", email="c@example.com"),
                )
            )
        )
    )
    rejected = [e for e in result.entries if e.action is PlanAction.REJECTED]
    assert [e.record_id for e in rejected] == ["00Q1", "00Q1"]
    assert all(rules(e) == ["ERR-1", "ERR-1"] for e in rejected)
    assert "duplicates error" in rejected[0].reasons[1].detail
    assert only(result, "00Q2").action is PlanAction.CREATE_IN_HUBSPOT


def test_invalid_emails_are_rejected_not_dropped() -> None:
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(contacts=(HubSpotContact(id="1", email="a@@b.nl"),)),
            salesforce=SalesforceRecords(
                leads=(SalesforceLead(id="00Q1", email="x@@y.nl"),)
            ),
        )
    )
    contact, lead = only(result, "1"), only(result, "00Q1")
    assert contact.action is lead.action is PlanAction.REJECTED
    assert rules(contact) == ["ERR-1", "ERR-1"]
    assert "property values error" in contact.reasons[1].detail
    assert rules(lead) == ["DUP-1", "ERR-1"]
    assert result.rejected == 2


def test_dangling_references_are_rejected() -> None:
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(contacts=(HubSpotContact(id="1", owner_id="9"),)),
            salesforce=SalesforceRecords(
                contacts=(SalesforceContact(id="003A", account_id="001X"),),
                opportunities=(
                    SalesforceOpportunity(
                        id="006A",
                        contact_roles=(OpportunityContactRole(contact_id="003Z"),),
                    ),
                ),
            ),
        )
    )
    details = {e.record_id: e.reasons[0].detail for e in result.entries}
    assert result.rejected == 3
    assert "owner_id '9'" in details["1"]
    assert "account_id '001X'" in details["003A"]
    assert "contact role contact_id '003Z'" in details["006A"]


def test_dup1_two_salesforce_contacts_sharing_an_email_lowest_id_creates() -> None:
    """DUP-1: two Salesforce contacts sharing an email: the lowest id creates."""
    result = plan(
        snapshot(
            salesforce=SalesforceRecords(
                contacts=(
                    SalesforceContact(id="003B", email="Jan@Vries.nl"),
                    SalesforceContact(id="003A", email="jan@vries.nl"),
                )
            )
        )
    )
    first, second = only(result, "003A"), only(result, "003B")
    assert first.action is PlanAction.CREATE_IN_HUBSPOT
    assert second.action is PlanAction.DEDUPE
    assert second.related == ("003A",)
    (finding,) = result.findings
    assert (finding.severity, finding.rule) == (Severity.WARNING, "DUP-1")
    assert "'003A'" in finding.detail
    assert "'003B'" in finding.detail


def test_dup1_every_record_sharing_a_new_contact_is_in_one_finding() -> None:
    """DUP-1: every record sharing a new contact is in one finding."""
    result = plan(
        snapshot(
            salesforce=SalesforceRecords(
                contacts=(
                    SalesforceContact(id="003B", email=" JAN@vries.nl"),
                    SalesforceContact(id="003A", email="jan@vries.nl"),
                ),
                leads=(SalesforceLead(id="00Q1", email="Jan@Vries.NL"),),
            )
        )
    )
    assert [only(result, i).action for i in ("003A", "003B", "00Q1")] == [
        PlanAction.CREATE_IN_HUBSPOT,
        PlanAction.DEDUPE,
        PlanAction.DEDUPE,
    ]
    (finding,) = result.findings
    assert finding.detail.startswith(
        "Salesforce records Contact '003A', Contact '003B', Lead '00Q1' share one "
        "email address and all resolve to the HubSpot contact that '003A' creates"
    )


def test_dup1_a_lead_sharing_an_id_with_a_contact_creates_for_its_address() -> None:
    """DUP-1: the record that creates the contact others dedupe into is the
    one with their address, even when a contact and a lead share its id."""
    result = plan(
        snapshot(
            salesforce=SalesforceRecords(
                contacts=(SalesforceContact(id="X1", email=None),),
                leads=(
                    SalesforceLead(id="X1", email="jan@vries.nl"),
                    SalesforceLead(id="X2", email="Jan@Vries.nl"),
                ),
            )
        )
    )
    follower = only(result, "X2")
    assert follower.action is PlanAction.DEDUPE
    assert follower.related == ("X1",)
    (finding,) = result.findings
    assert "Lead 'X1', Lead 'X2' share one email address" in finding.detail
    assert "Contact 'X1'" not in finding.detail


def test_unreadable_ndjson_lines_become_rejected_entries() -> None:
    lines = [
        '{"type": "settings", "integrated_on": "2021-02-01"}',
        '{"type": "hubspot_contact", "id": "1"}',
        '{"type": "salesforce_lead", "id": "00Q1", "email": "x@@y.nl"}',
        "not json",
    ]
    stream = plan_stream(iter_ndjson(lines, source="in.ndjson"))
    entries = list(stream)
    assert stream.records == 3
    assert [(e.record_type, e.record_id, e.line) for e in entries] == [
        ("hubspot_contact", "1", None),
        ("salesforce_lead", "00Q1", 3),
        ("unknown", None, 4),
    ]
    assert entries[2].system is System.UNKNOWN
    assert entries[1].action is entries[2].action is PlanAction.REJECTED
    assert "in.ndjson" in entries[1].reasons[0].detail


def test_settings_must_come_first_and_once() -> None:
    with pytest.raises(SnapshotError, match="settings must come first"):
        plan_stream([HubSpotContact(id="1")])
    with pytest.raises(SnapshotError, match="must come once"):
        plan_stream([SETTINGS, SETTINGS])
    bad = list(iter_ndjson(['{"type": "settings"}'], source="in.ndjson"))
    with pytest.raises(SnapshotError, match="settings cannot be read"):
        plan_stream(bad)


def test_own4_hubspot_owner_of_a_new_contact_must_match_an_active_user() -> None:
    """OWN-4: HubSpot owner of a new contact must match an active user."""
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(
                contacts=(HubSpotContact(id="1", email="a@example.com", owner_id="7"),),
                owners=(
                    HubSpotOwner(
                        id="7",
                        email="an@example.com",
                        first_name="An",
                        last_name="Smit",
                    ),
                ),
            ),
            salesforce=SalesforceRecords(
                users=(
                    SalesforceUser(
                        id="005A",
                        email="an@example.com",
                        first_name="An",
                        last_name="Smit",
                    ),
                )
            ),
        )
    )
    entry = only(result, "1")
    assert entry.action is PlanAction.CREATE_IN_SALESFORCE
    assert entry.owner is not None
    assert (entry.owner.action, entry.owner.owner_id) == (OwnerAction.SET, "005A")


def test_pa2_person_account_creates_company_and_contact() -> None:
    """PA-2: person account creates company and contact."""
    settings = attrs.evolve(SETTINGS, person_accounts=True, account_sync=True)
    result = plan(
        snapshot(
            settings=settings,
            salesforce=SalesforceRecords(
                accounts=(
                    SalesforceAccount(id="001P", is_person_account=True, name="Anna"),
                )
            ),
        )
    )
    entry = only(result, "001P")
    assert entry.action is PlanAction.CREATE_IN_HUBSPOT
    assert "PA-2" in rules(entry)


def test_the_plan_does_not_depend_on_input_order() -> None:
    sample = sample_snapshot()
    reversed_sample = Snapshot(
        settings=sample.settings,
        hubspot=HubSpotRecords(
            **{
                f.name: tuple(reversed(getattr(sample.hubspot, f.name)))
                for f in attrs.fields(HubSpotRecords)
            }
        ),
        salesforce=SalesforceRecords(
            **{
                f.name: tuple(reversed(getattr(sample.salesforce, f.name)))
                for f in attrs.fields(SalesforceRecords)
            }
        ),
    )
    assert plan(reversed_sample) == plan(sample)


def test_opt2_linked_salesforce_opt_out_unsubscribes_the_contact() -> None:
    """OPT-2: linked Salesforce opt-out unsubscribes the contact."""
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(
                contacts=(
                    HubSpotContact(
                        id="1", email="an@example.com", salesforce_lead_id="00Q1"
                    ),
                ),
                deals=(HubSpotDeal(id="7"),),
            ),
            salesforce=SalesforceRecords(
                leads=(
                    SalesforceLead(
                        id="00Q1", email="an@example.com", has_opted_out_of_email=True
                    ),
                )
            ),
            settings=attrs.evolve(
                SETTINGS, deal_sync=True, synced_pipelines=("default",)
            ),
        )
    )
    lead = only(result, "00Q1")
    assert lead.action is PlanAction.SYNC
    assert lead.optout is not None
    assert lead.optout.state.hubspot_unsubscribed
    assert rules(lead)[-1] == "OPT-2"
    deal = only(result, "7")
    assert (deal.action, deal.target_type, deal.target_id) == (
        PlanAction.CREATE_IN_SALESFORCE,
        "salesforce_opportunity",
        None,
    )


def test_opt2_new_salesforce_record_of_an_unsubscribed_contact_is_opted_out() -> None:
    """OPT-2: new Salesforce record of an unsubscribed contact is opted out."""
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(
                contacts=(
                    HubSpotContact(id="1", email="an@example.com", unsubscribed=True),
                )
            ),
            salesforce=SalesforceRecords(
                accounts=(SalesforceAccount(id="001A"),),
                opportunities=(
                    SalesforceOpportunity(id="006A", is_closed=True, is_won=True),
                ),
            ),
            settings=attrs.evolve(
                SETTINGS, deal_sync=True, synced_pipelines=("default",)
            ),
        )
    )
    contact = only(result, "1")
    assert contact.action is PlanAction.CREATE_IN_SALESFORCE
    assert contact.optout is not None
    assert contact.optout.state.salesforce_opted_out
    account = only(result, "001A")
    assert account.action is PlanAction.SKIP
    assert account.reasons[-1].rule == "CN-3"
    opportunity = only(result, "006A")
    assert (opportunity.action, opportunity.owner) == (PlanAction.CREATE_DEAL, None)


# --- Issue 13: entries that agree with each other and with themselves ------

DEFAULTS = IntegrationSettings(integrated_on=dt.date(2020, 1, 1))
OPTED_OUT_LEAD = SalesforceLead(
    id="00Q000000000001EAA", email="A@x.com", has_opted_out_of_email=True
)


def test_sync6_opt2_with_creation_off_a_matching_lead_dedupes_and_passes_its_optout() -> (
    None
):
    """SYNC-6, OPT-2 (issue 13, item 1): the lead was ``not_created`` with no
    opt-out while the contact's entry said it synced with the lead."""
    assert DEFAULTS.contact_creation is ContactCreation.DONT_CREATE
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(contacts=(HubSpotContact(id="1", email="a@x.com"),)),
            salesforce=SalesforceRecords(leads=(OPTED_OUT_LEAD,)),
            settings=DEFAULTS,
        )
    )
    lead, contact = only(result, OPTED_OUT_LEAD.id), only(result, "1")
    assert (lead.action, lead.target_type, lead.target_id) == (
        PlanAction.DEDUPE,
        "hubspot_contact",
        "1",
    )
    assert (contact.action, contact.target_id) == (PlanAction.SYNC, lead.record_id)
    assert lead.optout is not None
    assert lead.optout.state.hubspot_unsubscribed
    assert contact.optout == lead.optout
    assert "SYNC-6" in rules(lead)
    assert rules(lead)[-1] == "OPT-2"
    assert rules(contact)[-1] == "OPT-2"


def test_opt2_with_creation_on_the_contacts_entry_shows_it_becomes_unsubscribed() -> (
    None
):
    """OPT-2 (issue 13, item 1): the opt-out showed only on the Salesforce
    record's entry."""
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(contacts=(HubSpotContact(id="1", email="a@x.com"),)),
            salesforce=SalesforceRecords(leads=(OPTED_OUT_LEAD,)),
        )
    )
    contact = only(result, "1")
    assert contact.optout is not None
    assert contact.optout == only(result, OPTED_OUT_LEAD.id).optout
    assert contact.optout.state.hubspot_unsubscribed
    assert "OPT-2" in rules(contact)


def test_opt4_sync6_an_excluded_match_with_creation_off_holds_the_optout_on_both() -> (
    None
):
    """OPT-4, SYNC-6: an excluded match with creation off holds the opt-out on both."""
    settings = attrs.evolve(
        DEFAULTS,
        inclusion_list=StaticInclusionList(name="Nobody", contact_ids=frozenset()),
    )
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(contacts=(HubSpotContact(id="1", email="a@x.com"),)),
            salesforce=SalesforceRecords(leads=(OPTED_OUT_LEAD,)),
            settings=settings,
        )
    )
    lead, contact = only(result, OPTED_OUT_LEAD.id), only(result, "1")
    assert (lead.action, lead.target_id) == (PlanAction.SKIP, "1")
    assert (contact.action, contact.target_id) == (PlanAction.SKIP, lead.record_id)
    assert lead.optout is not None
    assert lead.optout == contact.optout
    assert not lead.optout.state.hubspot_unsubscribed
    assert lead.optout.state.held
    assert rules(lead)[-1] == "OPT-4"


def test_opt2_a_linked_contacts_unsubscribe_shows_on_its_leads_entry_too(
    sample_plan: SyncPlan,
) -> None:
    """OPT-2: a linked contact's unsubscribe shows on its lead's entry too."""
    contact = only(sample_plan, "504")
    assert contact.optout is not None
    lead = only(sample_plan, cast(str, contact.target_id))
    assert lead.optout == contact.optout


def test_sync6_dup1_with_creation_off_a_record_matching_nothing_claims_no_creation() -> (
    None
):
    """SYNC-6, DUP-1: with creation off a record matching nothing claims no creation."""
    result = plan(
        snapshot(
            salesforce=SalesforceRecords(
                contacts=(SalesforceContact(id="0031", email="an@example.com"),),
                leads=(SalesforceLead(id="00Q1", email="AN@example.com"),),
            ),
            settings=DEFAULTS,
        )
    )
    for record_id in ("0031", "00Q1"):
        entry = only(result, record_id)
        assert entry.action is PlanAction.NOT_CREATED
        assert (entry.target_type, entry.target_id) == (None, None)
        assert not any("creates one" in r.detail for r in entry.reasons)
        assert rules(entry)[-1] == "SYNC-6"
    assert only(result, "00Q1").reasons[0].detail == (
        "Lead '00Q1' with email 'AN@example.com' shares the email key "
        "'an@example.com' with Salesforce record '0031', which comes first; no "
        "HubSpot contact has it."
    )
    (finding,) = result.findings
    assert finding.detail == (
        "Salesforce records Contact '0031', Lead '00Q1' share one email address "
        "and no HubSpot contact has it (contact creation is off, so none is "
        "created) (contacts before leads, then the lowest id, decide which comes "
        "first)."
    )


def test_deal2_dup5_a_skipped_deal_or_opportunity_names_no_record_to_create() -> None:
    """DEAL-2 (issue 13, item 9): ``skip -> salesforce_opportunity (new)``, and
    DUP-5's "creates a HubSpot deal" on a skipped opportunity."""
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(deals=(HubSpotDeal(id="7"),)),
            salesforce=SalesforceRecords(
                opportunities=(SalesforceOpportunity(id="006A"),)
            ),
        )
    )
    deal, opportunity = only(result, "7"), only(result, "006A")
    for entry in (deal, opportunity):
        assert entry.action is PlanAction.SKIP
        assert (entry.target_type, entry.target_id) == (None, None)
        assert rules(entry) == ["DEAL-2"]
    assert opportunity.reasons[0].detail == (
        "Deal sync is off, so Salesforce opportunity 006A creates no HubSpot deal."
    )
    elsewhere = attrs.evolve(SETTINGS, deal_sync=True, synced_pipelines=("sales",))
    result = plan(
        snapshot(
            salesforce=SalesforceRecords(
                opportunities=(SalesforceOpportunity(id="006A"),)
            ),
            settings=elsewhere,
        )
    )
    assert only(result, "006A").reasons[0].detail == (
        "A new deal starts in pipeline 'default', which is not synced (synced: "
        "'sales'), so Salesforce opportunity 006A creates no HubSpot deal."
    )


def test_dup2_cn3_an_account_skipped_with_account_sync_off_claims_no_company() -> None:
    """CN-3 (issue 13, item 9): DUP-2's "matches no HubSpot company and creates
    one" on a skip entry."""
    settings = attrs.evolve(SETTINGS, person_accounts=False)
    result = plan(
        snapshot(
            salesforce=SalesforceRecords(
                accounts=(
                    SalesforceAccount(id="001A"),
                    SalesforceAccount(id="001P", is_person_account=True),
                )
            ),
            settings=settings,
        )
    )
    business, person = only(result, "001A"), only(result, "001P")
    assert (business.action, business.target_type) == (PlanAction.SKIP, None)
    assert rules(business) == ["CN-3"]
    assert (person.action, person.target_type) == (PlanAction.SKIP, None)
    assert "DUP-2" not in rules(person)
    contact_only = attrs.evolve(settings, person_accounts=True)
    person = only(
        plan(
            snapshot(
                salesforce=SalesforceRecords(
                    accounts=(SalesforceAccount(id="001P", is_person_account=True),)
                ),
                settings=contact_only,
            )
        ),
        "001P",
    )
    assert (person.action, person.target_type) == (
        PlanAction.CREATE_IN_HUBSPOT,
        "hubspot_contact",
    )
    assert "DUP-2" not in rules(person)


def test_dup2_with_account_sync_off_a_company_pairs_with_no_account() -> None:
    """DUP-2: with account sync off, a company pairs with no account."""
    contact = HubSpotContact(id="1", email="an@example.com", company_ids=("9",))
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(
                contacts=(contact,), companies=(HubSpotCompany(id="9"),)
            ),
            salesforce=SalesforceRecords(
                accounts=(SalesforceAccount(id="001A"),),
                contacts=(
                    SalesforceContact(
                        id="0031", email="an@example.com", account_id="001A"
                    ),
                ),
            ),
        )
    )
    company, account = only(result, "9"), only(result, "001A")
    assert (company.action, company.target_id) == (PlanAction.SKIP, None)
    assert (account.action, account.target_id) == (PlanAction.SKIP, None)
    synced = attrs.evolve(SETTINGS, account_sync=True)
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(
                contacts=(contact,), companies=(HubSpotCompany(id="9"),)
            ),
            salesforce=SalesforceRecords(
                accounts=(SalesforceAccount(id="001A"),),
                contacts=(
                    SalesforceContact(
                        id="0031", email="an@example.com", account_id="001A"
                    ),
                ),
            ),
            settings=synced,
        )
    )
    company, account = only(result, "9"), only(result, "001A")
    assert (company.action, company.target_id) == (PlanAction.SYNC, "001A")
    assert (account.action, account.target_id) == (PlanAction.DEDUPE, "9")


def test_dup2_a_company_and_a_contact_sharing_an_id_keep_their_own_partners() -> None:
    """HubSpot ids of different objects may coincide: a contact's DUP-1
    partner is not its namesake company's DUP-2 partner."""
    settings = attrs.evolve(SETTINGS, account_sync=True)
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(
                contacts=(HubSpotContact(id="5", email="an@example.com"),),
                companies=(HubSpotCompany(id="5"),),
            ),
            salesforce=SalesforceRecords(
                leads=(SalesforceLead(id="00Q1", email="an@example.com"),)
            ),
            settings=settings,
        )
    )
    company = next(e for e in result.entries if e.record_type == "hubspot_company")
    assert (company.action, company.target_type, company.target_id) == (
        PlanAction.SKIP,
        None,
        None,
    )
    assert rules(company) == ["CO-1"]


def test_cn2_a_contact_a_lead_dedupes_into_syncs_company_name_with_that_lead() -> None:
    """Issue 13, item 9: CN-2 said "will become a Salesforce Lead" on a
    contact that an existing lead dedupes into."""
    contact = HubSpotContact(id="1", email="an@example.com", company="Acme")
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(contacts=(contact,)),
            salesforce=SalesforceRecords(
                leads=(SalesforceLead(id="00Q1", email="an@example.com"),)
            ),
        )
    )
    entry = only(result, "1")
    assert (entry.action, entry.target_type, entry.target_id) == (
        PlanAction.SYNC,
        "salesforce_lead",
        "00Q1",
    )
    (cn2,) = [r for r in entry.reasons if r.rule == "CN-2"]
    assert cn2.detail == (
        "HubSpot contact '1' syncs with Salesforce lead '00Q1', so Company name "
        "('Acme') syncs with the lead's Company."
    )


def test_own5_no_revert_to_nobody_on_a_record_still_to_be_created() -> None:
    """Issue 13, item 9: ``owner: revert nobody`` and OWN-5's "keeps whatever
    Salesforce holds" on a record about to be created."""
    owner = HubSpotOwner(id="77", email="an@example.com", first_name="An")
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(
                contacts=(
                    HubSpotContact(id="1", email="bo@example.com", owner_id="77"),
                ),
                owners=(owner,),
            )
        )
    )
    entry = only(result, "1")
    assert entry.action is PlanAction.CREATE_IN_SALESFORCE
    assert entry.owner is not None
    # OWN-6: the new lead's owner comes from Salesforce's assignment rules.
    assert (entry.owner.action, entry.owner.owner_id) == (
        OwnerAction.ASSIGNMENT_RULES,
        None,
    )
    assert not any("Salesforce holds" in r.detail for r in entry.reasons)
    reference = only(result, "77")
    assert reference.owner is not None
    assert reference.owner.action is OwnerAction.UNCHANGED


def test_dup1_a_contact_whose_link_syncs_with_a_lower_id_does_not_sync_with_it() -> (
    None
):
    """DUP-1: Two HubSpot contacts linked to one lead: the lowest id syncs with
    it, the other says so and names it only as related."""
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(
                contacts=(
                    HubSpotContact(id="10", email="a@x.com", salesforce_lead_id="00Q1"),
                    HubSpotContact(id="9", email="b@x.com", salesforce_lead_id="00Q1"),
                )
            ),
            salesforce=SalesforceRecords(leads=(SalesforceLead(id="00Q1"),)),
        )
    )
    lead, winner, loser = only(result, "00Q1"), only(result, "9"), only(result, "10")
    assert (lead.action, lead.target_id) == (PlanAction.SYNC, "9")
    assert (winner.action, winner.target_id) == (PlanAction.SYNC, "00Q1")
    assert (loser.action, loser.target_id, loser.related) == (
        PlanAction.SKIP,
        None,
        ("00Q1",),
    )
    assert loser.reasons[-1] == Reason(
        rule="DUP-1",
        detail="Salesforce lead '00Q1' is linked to several HubSpot contacts and "
        "syncs with the lowest id, '9', so contact '10' does not sync with it.",
    )


def test_dup3_dup5_a_company_or_deal_whose_link_syncs_with_a_lower_id_is_skipped() -> (
    None
):
    """DUP-3, DUP-5: a company or deal whose link syncs with a lower id is skipped."""
    settings = attrs.evolve(
        SETTINGS, account_sync=True, deal_sync=True, synced_pipelines=("default",)
    )
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(
                companies=(
                    HubSpotCompany(id="10", salesforce_account_id="001A"),
                    HubSpotCompany(id="9", salesforce_account_id="001A"),
                ),
                deals=(
                    HubSpotDeal(id="70", salesforce_opportunity_id="006A"),
                    HubSpotDeal(id="8", salesforce_opportunity_id="006A"),
                ),
            ),
            salesforce=SalesforceRecords(
                accounts=(SalesforceAccount(id="001A"),),
                opportunities=(SalesforceOpportunity(id="006A"),),
            ),
            settings=settings,
        )
    )
    assert (only(result, "001A").target_id, only(result, "006A").target_id) == (
        "9",
        "8",
    )
    for loser, winner, rule in (("10", "9", "DUP-3"), ("70", "8", "DUP-5")):
        entry = only(result, loser)
        assert (entry.action, entry.target_id) == (PlanAction.SKIP, None)
        assert entry.reasons[-1].rule == rule
        assert f"the lowest id, '{winner}'" in entry.reasons[-1].detail
        assert (only(result, winner).action, only(result, winner).target_type) in (
            (PlanAction.SYNC, "salesforce_account"),
            (PlanAction.SYNC, "salesforce_opportunity"),
        )


def test_dup1_lowest_hubspot_id_wins_as_a_number_in_the_plan() -> None:
    """DUP-1 (issue 13, item 17): "10" came before "9"."""
    result = plan(
        snapshot(
            hubspot=HubSpotRecords(
                contacts=(
                    HubSpotContact(id="10", email="an@example.com"),
                    HubSpotContact(id="9", email="AN@example.com"),
                )
            ),
            salesforce=SalesforceRecords(
                leads=(SalesforceLead(id="00Q1", email="an@example.com"),)
            ),
        )
    )
    assert only(result, "00Q1").target_id == "9"
    assert only(result, "9").target_id == "00Q1"
    assert only(result, "10").action is PlanAction.CREATE_IN_SALESFORCE


def test_lc4_a_contact_on_an_open_opportunitys_roles_moves_to_opportunity(
    sample_plan: SyncPlan,
) -> None:
    """LC-4: in the sample, HubSpot contact 501 syncs with the Salesforce
    contact on the roles of the open opportunity 'Initech pilot', so it
    moves from Lead to Opportunity, on its entry and the opportunity's."""
    contact = only(sample_plan, "501")
    assert contact.lifecycle is LifecycleStage.OPPORTUNITY
    assert "006A000000003AA" in contact.related
    opportunity = only(sample_plan, "006A000000003AA")
    assert opportunity.lifecycle is LifecycleStage.OPPORTUNITY
    assert "501" in opportunity.related
    assert any(
        r.rule == "LC-4" and "HubSpot contacts ['501'] move to Opportunity" in r.detail
        for r in opportunity.reasons
    )


def test_lc5_a_customer_on_a_new_open_opportunity_stays_customer(
    sample_plan: SyncPlan,
) -> None:
    """LC-5: in the sample, Customer 509 is on the roles of the new open
    opportunity 'Vries support plan' and is not moved back; neither entry
    shows a stage change, and the entries say why."""
    contact = only(sample_plan, "509")
    assert contact.lifecycle is None
    opportunity = only(sample_plan, "006A000000004AA")
    assert opportunity.lifecycle is None
    for entry in (contact, opportunity):
        assert any(
            r.rule == "LC-5" and "'509' (customer) stay at their stage" in r.detail
            for r in entry.reasons
        )
    assert rules(contact).count("LC-1") == 1  # one mapping, said once


def test_lc5_of_several_opportunities_the_latest_stage_stands() -> None:
    """LC-5: a contact on an open and on a Closed/Won opportunity ends at
    Customer, whichever the plan decides first."""
    settings = IntegrationSettings(
        integrated_on=dt.date(2024, 1, 8),
        account_sync=True,
        automatic_lifecycle_transitions=True,
        lifecycle_stage_sync=True,
    )
    roles = (OpportunityContactRole(contact_id="003A000000001AA"),)
    result = plan(
        Snapshot(
            settings=settings,
            hubspot=HubSpotRecords(
                contacts=(
                    HubSpotContact(
                        id="1",
                        email="a@example.com",
                        salesforce_contact_id="003A000000001AA",
                        lifecycle_stage=LifecycleStage.LEAD,
                    ),
                )
            ),
            salesforce=SalesforceRecords(
                accounts=(SalesforceAccount(id="001A000000001AA"),),
                contacts=(
                    SalesforceContact(
                        id="003A000000001AA",
                        email="a@example.com",
                        account_id="001A000000001AA",
                    ),
                ),
                opportunities=(
                    SalesforceOpportunity(
                        id="006A000000001AA",
                        account_id="001A000000001AA",
                        is_closed=True,
                        is_won=True,
                        contact_roles=roles,
                    ),
                    SalesforceOpportunity(
                        id="006A000000002AA",
                        account_id="001A000000001AA",
                        contact_roles=roles,
                    ),
                ),
            ),
        )
    )
    assert only(result, "1").lifecycle is LifecycleStage.CUSTOMER
