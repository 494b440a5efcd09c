"""Companies, accounts and deals: CO-1 and DEAL-1, DEAL-2, DEAL-3."""

from __future__ import annotations

import datetime as dt

import attrs

from crmsync_rules import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    IntegrationSettings,
    LifecycleStage,
    OpportunityContactRole,
    Reason,
    SalesforceObject,
    SalesforceOpportunity,
    account_creation,
    sync_deal,
)
from crmsync_rules.accounts import AccountCreation
from crmsync_rules.deals import (
    DealContacts,
    DealSync,
    DeletePropagation,
    deal_contacts,
    propagate_delete,
)
from crmsync_rules.model import StaticInclusionList

SETTINGS = IntegrationSettings(
    integrated_on=dt.date(2020, 1, 1),
    account_sync=True,
    new_records_as=SalesforceObject.CONTACT,
    deal_sync=True,
    synced_pipelines=("default", "renewals"),
)
COMPANY = HubSpotCompany(id="9001", name="Vries Consultancy")


def contact(cid: str, **kwargs: object) -> HubSpotContact:
    fields: dict[str, object] = {
        "email": f"c{cid}@vries.nl",
        "company_ids": ("9001",),
        **kwargs,
    }
    return HubSpotContact(id=cid, **fields)  # type: ignore[arg-type]


# CO-1 -----------------------------------------------------------------------


def test_co1_qualifying_contact_synced_as_contact_creates_an_account() -> None:
    """CO-1: qualifying contact synced as contact creates an account."""
    result = account_creation(COMPANY, contacts=[contact("1")], settings=SETTINGS)
    assert result.create
    assert result.contact_id == "1"
    assert [r.rule for r in result.reasons] == ["CO-1"]
    assert "HubSpot contact 1 of HubSpot company 9001" in result.reasons[0].detail


def test_co1_contact_already_linked_to_a_salesforce_contact_counts() -> None:
    """CO-1: contact already linked to a Salesforce contact counts."""
    leads = attrs.evolve(SETTINGS, new_records_as=SalesforceObject.LEAD)
    linked = contact("1", salesforce_contact_id="003A1")
    assert account_creation(COMPANY, contacts=[linked], settings=leads).create


def test_co1_no_account_for_a_company_without_contacts() -> None:
    """CO-1: no account for a company without contacts."""
    others = [contact("1", company_ids=("9002",))]
    result = account_creation(COMPANY, contacts=others, settings=SETTINGS)
    assert not result.create
    assert result.contact_id is None
    assert result.reasons[0].rule == "CO-1"
    assert "no contacts" in result.reasons[0].detail


def test_co1_no_account_when_every_contact_syncs_as_a_lead() -> None:
    """CO-1: no account when every contact syncs as a lead."""
    leads = attrs.evolve(SETTINGS, new_records_as=SalesforceObject.LEAD)
    members = [contact("1"), contact("2", salesforce_lead_id="00Q1")]
    result = account_creation(COMPANY, contacts=members, settings=leads)
    assert not result.create
    assert [r.rule for r in result.reasons] == ["CO-1", "CO-1", "CO-1"]


def test_co1_no_account_when_no_contact_qualifies() -> None:
    """CO-1: no account when no contact qualifies."""
    inclusion = StaticInclusionList(name="MQLs", contact_ids=frozenset({"7"}))
    settings = attrs.evolve(SETTINGS, inclusion_list=inclusion)
    members = [contact("1"), contact("2", email=None)]
    result = account_creation(COMPANY, contacts=members, settings=settings)
    assert not result.create
    # Contact 1 is not in the list; contact 2 is not either, and has no email.
    assert [r.rule for r in result.reasons] == ["SYNC-2", "SYNC-2", "SYNC-5", "CO-1"]
    assert "does not meet the criteria of inclusion list 'MQLs'" in (
        result.reasons[0].detail
    )


def test_co1_legacy_default_list_excludes_subscribers() -> None:
    """CO-1: legacy default list excludes subscribers."""
    legacy = attrs.evolve(SETTINGS, integrated_on=dt.date(2016, 1, 1))
    subscriber = contact("1", lifecycle_stage=LifecycleStage.SUBSCRIBER)
    result = account_creation(COMPANY, contacts=[subscriber], settings=legacy)
    assert not result.create
    assert result.reasons[0].rule == "SYNC-3"


def test_co1_one_qualifying_contact_is_enough() -> None:
    """CO-1: one qualifying contact is enough."""
    inclusion = StaticInclusionList(name="MQLs", contact_ids=frozenset({"2"}))
    settings = attrs.evolve(SETTINGS, inclusion_list=inclusion)
    result = account_creation(
        COMPANY, contacts=[contact("1"), contact("2")], settings=settings
    )
    assert result.create
    assert result.contact_id == "2"


def test_co1_no_account_without_account_sync() -> None:
    """CO-1: no account without account sync."""
    off = attrs.evolve(SETTINGS, account_sync=False)
    result = account_creation(COMPANY, contacts=[contact("1")], settings=off)
    assert not result.create
    assert "Account sync is off" in result.reasons[0].detail


def test_co1_linked_company_needs_no_new_account() -> None:
    """CO-1: linked company needs no new account."""
    linked = attrs.evolve(COMPANY, salesforce_account_id="001A1")
    result = account_creation(linked, contacts=[contact("1")], settings=SETTINGS)
    assert not result.create
    assert result.reasons[0].rule == "DUP-3"


# DEAL-1 ---------------------------------------------------------------------

OPPORTUNITY = SalesforceOpportunity(
    id="006A1",
    contact_roles=(
        OpportunityContactRole(contact_id="003A1", is_primary=True),
        OpportunityContactRole(contact_id="003A2"),
        OpportunityContactRole(contact_id="003A9"),
    ),
)
DEAL = HubSpotDeal(id="77", salesforce_opportunity_id="006A1")


def test_deal1_deleting_an_opportunity_deletes_its_deal() -> None:
    """DEAL-1: deleting an opportunity deletes its deal."""
    other = HubSpotDeal(id="78", salesforce_opportunity_id="006A2")
    result = propagate_delete(OPPORTUNITY, deals=[other, DEAL])
    assert result.delete_id == "77"
    assert result.reasons[0].rule == "DEAL-1"
    assert "deletes its HubSpot deal 77" in result.reasons[0].detail


def test_deal1_deleting_a_deal_keeps_the_opportunity() -> None:
    """DEAL-1: deleting a deal keeps the opportunity."""
    result = propagate_delete(DEAL)
    assert result.delete_id is None
    assert result.deleted_id == "77"
    assert result.reasons[0].rule == "DEAL-1"
    assert "keeps Salesforce opportunity 006A1" in result.reasons[0].detail


def test_deal1_opportunity_without_a_deal_deletes_nothing() -> None:
    """DEAL-1: opportunity without a deal deletes nothing."""
    result = propagate_delete(OPPORTUNITY, deals=[])
    assert result.delete_id is None
    assert "no HubSpot deal" in result.reasons[0].detail


def test_deal1_unlinked_deal_deletes_nothing() -> None:
    """DEAL-1: unlinked deal deletes nothing."""
    assert propagate_delete(HubSpotDeal(id="79")).delete_id is None


# DEAL-2 ---------------------------------------------------------------------


def test_deal2_deal_in_a_synced_pipeline_syncs() -> None:
    """DEAL-2: deal in a synced pipeline syncs."""
    result = sync_deal(attrs.evolve(DEAL, pipeline="renewals"), settings=SETTINGS)
    assert result.syncs
    assert result.reasons[0].rule == "DEAL-2"


def test_deal2_deal_moved_to_an_unsynced_pipeline_stops_syncing() -> None:
    """DEAL-2: deal moved to an unsynced pipeline stops syncing."""
    result = sync_deal(attrs.evolve(DEAL, pipeline="partners"), settings=SETTINGS)
    assert not result.syncs
    assert result.reasons[0].rule == "DEAL-2"
    assert "'partners', which is not synced" in result.reasons[0].detail


def test_deal2_nothing_syncs_with_deal_sync_off() -> None:
    """DEAL-2: nothing syncs with deal sync off."""
    off = attrs.evolve(SETTINGS, deal_sync=False)
    assert not sync_deal(DEAL, settings=off).syncs


# DEAL-3 ---------------------------------------------------------------------


def test_deal3_contacts_associate_through_contact_roles() -> None:
    """DEAL-3: contacts associate through contact roles."""
    contacts = [
        contact("1", salesforce_contact_id="003A2"),
        contact("2", salesforce_contact_id="003A1"),
        contact("3", salesforce_contact_id="003A5"),
        contact("4"),
    ]
    result = deal_contacts(OPPORTUNITY, contacts=contacts)
    assert result.contact_ids == ("2", "1")
    assert [r.rule for r in result.reasons] == ["DEAL-3"] * 3
    assert "003A9, which syncs with no HubSpot contact" in result.reasons[2].detail


def test_deal3_no_contact_roles_no_contacts() -> None:
    """DEAL-3: no contact roles, no contacts."""
    result = deal_contacts(SalesforceOpportunity(id="006A3"), contacts=[contact("1")])
    assert result.contact_ids == ()
    assert "no contact roles" in result.reasons[0].detail


def test_deal3_two_roles_for_one_contact_associate_it_once() -> None:
    """DEAL-3: two roles for one contact associate it once."""
    twice = SalesforceOpportunity(
        id="006A4",
        contact_roles=(
            OpportunityContactRole(contact_id="003A1", is_primary=True),
            OpportunityContactRole(contact_id="003A1"),
        ),
    )
    result = deal_contacts(
        twice, contacts=[contact("2", salesforce_contact_id="003A1")]
    )
    assert result.contact_ids == ("2",)
    assert [r.rule for r in result.reasons] == ["DEAL-3"]


# Whole results, explanations included ----------------------------------------
# The reasons are the library's output as much as the verdicts: these spell
# out every field of one result per branch, so a wrong id, flag or sentence
# fails (docs/testing.md, "Mutation testing").


def test_co1_whole_results_of_each_branch() -> None:
    """CO-1: whole results of each branch."""
    leads = attrs.evolve(SETTINGS, new_records_as=SalesforceObject.LEAD)
    linked = attrs.evolve(COMPANY, salesforce_account_id="001A1")
    no = AccountCreation(company_id="9001", create=False, contact_id=None, reasons=())

    assert account_creation(
        linked, contacts=[contact("1")], settings=SETTINGS
    ) == attrs.evolve(
        no,
        reasons=(
            Reason(
                rule="DUP-3",
                detail="HubSpot company 9001 is already linked to Salesforce "
                "account 001A1.",
            ),
        ),
    )
    assert account_creation(
        COMPANY,
        contacts=[contact("1")],
        settings=attrs.evolve(SETTINGS, account_sync=False),
    ) == attrs.evolve(
        no,
        reasons=(
            Reason(
                rule="CO-1",
                detail="Account sync is off, so HubSpot company 9001 gets no account.",
            ),
        ),
    )
    assert account_creation(COMPANY, contacts=[], settings=SETTINGS) == attrs.evolve(
        no,
        reasons=(
            Reason(
                rule="CO-1",
                detail="HubSpot company 9001 has no contacts, so it gets no account.",
            ),
        ),
    )
    assert account_creation(
        COMPANY, contacts=[contact("1", salesforce_lead_id="00Q1")], settings=leads
    ) == attrs.evolve(
        no,
        reasons=(
            Reason(
                rule="CO-1",
                detail="HubSpot contact 1 of HubSpot company 9001 syncs as a "
                "Salesforce lead.",
            ),
            Reason(
                rule="CO-1",
                detail="None of the 1 contacts of HubSpot company 9001 qualifies "
                "and syncs as a Salesforce contact, so it gets no account.",
            ),
        ),
    )
    assert account_creation(
        COMPANY, contacts=[contact("2")], settings=SETTINGS
    ) == AccountCreation(
        company_id="9001",
        create=True,
        contact_id="2",
        reasons=(
            Reason(
                rule="CO-1",
                detail="HubSpot contact 2 of HubSpot company 9001 qualifies and "
                "syncs as a Salesforce contact, so HubSpot creates an account.",
            ),
        ),
    )


def test_deal1_whole_results_of_each_branch() -> None:
    """DEAL-1: whole results of each branch."""
    assert propagate_delete(OPPORTUNITY, deals=[DEAL]) == DeletePropagation(
        deleted_id="006A1",
        delete_id="77",
        reasons=(
            Reason(
                rule="DEAL-1",
                detail="Deleting Salesforce opportunity 006A1 deletes its HubSpot "
                "deal 77.",
            ),
        ),
    )
    assert propagate_delete(OPPORTUNITY) == DeletePropagation(
        deleted_id="006A1",
        delete_id=None,
        reasons=(
            Reason(
                rule="DEAL-1",
                detail="Salesforce opportunity 006A1 has no HubSpot deal to delete.",
            ),
        ),
    )
    assert propagate_delete(DEAL) == DeletePropagation(
        deleted_id="77",
        delete_id=None,
        reasons=(
            Reason(
                rule="DEAL-1",
                detail="Deleting HubSpot deal 77 keeps Salesforce opportunity 006A1.",
            ),
        ),
    )
    assert propagate_delete(HubSpotDeal(id="79")) == DeletePropagation(
        deleted_id="79",
        delete_id=None,
        reasons=(
            Reason(
                rule="DEAL-1",
                detail="HubSpot deal 79 has no opportunity; nothing else is deleted.",
            ),
        ),
    )


def test_deal2_whole_results_of_each_branch() -> None:
    """DEAL-2: whole results of each branch."""
    assert sync_deal(
        DEAL, settings=attrs.evolve(SETTINGS, deal_sync=False)
    ) == DealSync(
        deal_id="77",
        syncs=False,
        reasons=(
            Reason(
                rule="DEAL-2",
                detail="Deal sync is off, so HubSpot deal 77 does not sync.",
            ),
        ),
    )
    assert sync_deal(attrs.evolve(DEAL, pipeline="renewals"), settings=SETTINGS) == (
        DealSync(
            deal_id="77",
            syncs=True,
            reasons=(
                Reason(
                    rule="DEAL-2",
                    detail="HubSpot deal 77 is in synced pipeline 'renewals'.",
                ),
            ),
        )
    )
    assert sync_deal(
        attrs.evolve(DEAL, pipeline="partners"), settings=SETTINGS
    ) == DealSync(
        deal_id="77",
        syncs=False,
        reasons=(
            Reason(
                rule="DEAL-2",
                detail="HubSpot deal 77 is in pipeline 'partners', which is not "
                "synced (synced: 'default', 'renewals'), so it stops syncing.",
            ),
        ),
    )
    nothing_synced = attrs.evolve(SETTINGS, synced_pipelines=())
    assert sync_deal(DEAL, settings=nothing_synced).reasons[0].detail == (
        "HubSpot deal 77 is in pipeline 'default', which is not synced (no pipeline "
        "is synced), so it stops syncing."
    )


def test_deal3_whole_results_of_each_branch() -> None:
    """DEAL-3: whole results of each branch."""
    contacts = [contact("1", salesforce_contact_id="003A1")]
    assert deal_contacts(OPPORTUNITY, contacts=contacts) == DealContacts(
        opportunity_id="006A1",
        contact_ids=("1",),
        reasons=(
            Reason(
                rule="DEAL-3",
                detail="Salesforce opportunity 006A1 has a contact role for "
                "Salesforce contact 003A1, so HubSpot contact 1 joins the deal.",
            ),
            Reason(
                rule="DEAL-3",
                detail="Salesforce opportunity 006A1 has a contact role for "
                "Salesforce contact 003A2, which syncs with no HubSpot contact.",
            ),
            Reason(
                rule="DEAL-3",
                detail="Salesforce opportunity 006A1 has a contact role for "
                "Salesforce contact 003A9, which syncs with no HubSpot contact.",
            ),
        ),
    )
    assert deal_contacts(
        SalesforceOpportunity(id="006A3"), contacts=contacts
    ) == DealContacts(
        opportunity_id="006A3",
        contact_ids=(),
        reasons=(
            Reason(
                rule="DEAL-3",
                detail="Salesforce opportunity 006A3 has no contact roles, so no "
                "contact joins the deal.",
            ),
        ),
    )
