"""DUP-1, DUP-2, DUP-3, DUP-4, DUP-5: resolve_duplicate."""

from __future__ import annotations

import pytest

from crmsync_rules import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotRecords,
    Reason,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
    resolve_duplicate,
)
from crmsync_rules.duplicates import (
    DuplicateMatch,
    DuplicateOutcome,
    DuplicateResolution,
    SyncedSalesforceRecord,
    hubspot_id_order,
)
from crmsync_rules.errors import InvalidRecordError
from crmsync_rules.rules._dup_index import DuplicateIndex


def rules(match: DuplicateMatch) -> list[str]:
    return [r.rule for r in match.reasons]


def test_dup1_lead_dedupes_into_contact_by_normalised_email() -> None:
    """DUP-1: lead dedupes into contact by normalised email."""
    hubspot = HubSpotRecords(contacts=(HubSpotContact(id="501", email="jan@vries.nl"),))
    match = resolve_duplicate(
        [SalesforceLead(id="00Q1", email="  JAN@Vries.NL ")], hubspot=hubspot
    ).match("00Q1")
    assert match.outcome is DuplicateOutcome.DEDUPED
    assert match.hubspot_id == "501"
    assert match.salesforce_object is SalesforceObject.LEAD
    assert rules(match) == ["DUP-1"]
    assert "'jan@vries.nl'" in match.reasons[0].detail


def test_dup1_idn_spellings_of_one_domain_match() -> None:
    """DUP-1: IDN spellings of one domain match."""
    hubspot = HubSpotRecords(
        contacts=(HubSpotContact(id="7", email="jose@xn--exmple-cua.com"),)
    )
    match = resolve_duplicate(
        [SalesforceContact(id="0031", email="Jose@Exämple.com")], hubspot=hubspot
    ).match("0031")
    assert (match.outcome, match.hubspot_id) == (DuplicateOutcome.DEDUPED, "7")


def test_dup1_plus_tags_and_dots_are_different_people() -> None:
    """DUP-1: plus tags and dots are different people."""
    hubspot = HubSpotRecords(contacts=(HubSpotContact(id="7", email="jan@vries.nl"),))
    match = resolve_duplicate(
        [SalesforceLead(id="00Q1", email="jan+crm@vries.nl")], hubspot=hubspot
    ).match("00Q1")
    assert match.outcome is DuplicateOutcome.CREATE
    assert rules(match) == ["DUP-1"]


def test_dup1_records_without_email_are_never_matched() -> None:
    """DUP-1: records without email are never matched."""
    hubspot = HubSpotRecords(contacts=(HubSpotContact(id="7", email=None),))
    resolution = resolve_duplicate(
        [SalesforceLead(id="00Q1"), SalesforceLead(id="00Q2", email="  ")],
        hubspot=hubspot,
    )
    for match in resolution.matches:
        assert match.outcome is DuplicateOutcome.CREATE
        assert match.hubspot_id is None
        assert match.same_as is None
        assert rules(match) == ["DUP-1"]
        assert "no email address" in match.reasons[0].detail


def test_dup1_invalid_email_gives_a_rejected_match_not_an_exception() -> None:
    """DUP-1: invalid email gives a rejected match, not an exception."""
    resolution = resolve_duplicate(
        [
            SalesforceLead(id="00Q1", email="jan@@vries.nl"),
            SalesforceLead(id="00Q2", email="an@vries.nl"),
        ],
        hubspot=HubSpotRecords(),
    )
    bad = resolution.match("00Q1")
    assert bad.outcome is DuplicateOutcome.REJECTED
    assert rules(bad) == ["DUP-1"]
    assert "'jan@@vries.nl'" in bad.reasons[0].detail
    assert "'Email'" in bad.reasons[0].detail
    assert resolution.match("00Q2").outcome is DuplicateOutcome.CREATE


def test_dup1_salesforce_duplicates_share_one_new_contact_contact_first() -> None:
    """DUP-1: Salesforce duplicates share one new contact, contact first."""
    resolution = resolve_duplicate(
        [
            SalesforceLead(id="00Q1", email="an@vries.nl"),
            SalesforceContact(id="0039", email="AN@vries.nl"),
        ],
        hubspot=HubSpotRecords(),
    )
    assert resolution.match("0039").outcome is DuplicateOutcome.CREATE
    lead = resolution.match("00Q1")
    assert (lead.outcome, lead.same_as) == (DuplicateOutcome.DEDUPED, "0039")
    assert rules(lead) == ["DUP-1"]


def test_dup1_existing_link_wins_over_email() -> None:
    """DUP-1: existing link wins over email."""
    hubspot = HubSpotRecords(
        contacts=(
            HubSpotContact(id="1", email="old@vries.nl", salesforce_lead_id="00Q1"),
            HubSpotContact(id="2", email="new@vries.nl"),
        )
    )
    match = resolve_duplicate(
        [SalesforceLead(id="00Q1", email="new@vries.nl")], hubspot=hubspot
    ).match("00Q1")
    assert (match.outcome, match.hubspot_id) == (DuplicateOutcome.LINKED, "1")


def test_dup1_several_hubspot_matches_lowest_id_wins_and_is_explained() -> None:
    """DUP-1: several HubSpot matches: the lowest id wins, and is explained."""
    hubspot = HubSpotRecords(
        contacts=(
            HubSpotContact(id="9", email="an@vries.nl"),
            HubSpotContact(id="3", email="An@Vries.nl"),
        )
    )
    match = resolve_duplicate(
        [SalesforceLead(id="00Q1", email="an@vries.nl")], hubspot=hubspot
    ).match("00Q1")
    assert match.hubspot_id == "3"
    assert "9" in match.reasons[0].detail


def test_dup1_duplicate_ids_in_one_batch_are_refused() -> None:
    """DUP-1: duplicate ids in one batch are refused."""
    with pytest.raises(InvalidRecordError, match="'00Q1'"):
        resolve_duplicate(
            [SalesforceLead(id="00Q1"), SalesforceLead(id="00Q1", email="a@b.nl")],
            hubspot=HubSpotRecords(),
        )


def test_dup1_an_empty_batch_still_explains_itself() -> None:
    """DUP-1: an empty batch still explains itself."""
    resolution = resolve_duplicate([], hubspot=HubSpotRecords())
    assert resolution.matches == ()
    assert resolution.reasons == (
        Reason(
            rule="DUP-1",
            detail="Resolved 0 Salesforce records against 0 HubSpot contacts by "
            "email key.",
        ),
    )


ACME = HubSpotCompany(id="c1", name="Acme")
PEOPLE = (
    HubSpotContact(id="h1", email="a@acme.nl", company_ids=("c1",)),
    HubSpotContact(id="h2", email="b@acme.nl", company_ids=("c1",)),
)


def test_dup2_account_dedupes_into_the_company_of_its_contacts() -> None:
    """DUP-2: account dedupes into the company of its contacts."""
    resolution = resolve_duplicate(
        [
            SalesforceAccount(id="001A", name="ACME Inc."),
            SalesforceContact(id="003A", email="a@acme.nl", account_id="001A"),
            SalesforceContact(id="003B", email="b@acme.nl", account_id="001A"),
        ],
        hubspot=HubSpotRecords(contacts=PEOPLE, companies=(ACME,)),
    )
    account = resolution.match("001A")
    assert (account.outcome, account.hubspot_id) == (DuplicateOutcome.DEDUPED, "c1")
    assert rules(account) == ["DUP-2"]
    assert "2 of the contacts of account '001A' are" in account.reasons[0].detail


def test_dup2_account_without_matching_contacts_creates_a_company() -> None:
    """DUP-2: account without matching contacts creates a company."""
    resolution = resolve_duplicate(
        [SalesforceAccount(id="001A", name="Acme")],
        hubspot=HubSpotRecords(contacts=PEOPLE, companies=(ACME,)),
    )
    account = resolution.match("001A")
    assert account.outcome is DuplicateOutcome.CREATE
    assert rules(account) == ["DUP-2"]


def test_dup2_person_account_has_no_contacts_to_dedupe_through() -> None:
    """DUP-2: person account has no contacts to dedupe through."""
    account = resolve_duplicate(
        [SalesforceAccount(id="001P", is_person_account=True)],
        hubspot=HubSpotRecords(companies=(ACME,)),
    ).match("001P")
    assert account.outcome is DuplicateOutcome.CREATE
    assert rules(account) == ["PA-1", "DUP-2"]


def test_dup3_linked_company_stays_with_its_account() -> None:
    """DUP-3: linked company stays with its account."""
    linked = HubSpotCompany(id="c1", salesforce_account_id="001X")
    resolution = resolve_duplicate(
        [
            SalesforceAccount(id="001A"),
            SalesforceAccount(id="001X"),
            SalesforceContact(id="003A", email="a@acme.nl", account_id="001A"),
        ],
        hubspot=HubSpotRecords(contacts=PEOPLE, companies=(linked,)),
    )
    other = resolution.match("001A")
    assert other.outcome is DuplicateOutcome.CREATE
    assert rules(other) == ["DUP-3", "DUP-2"]
    assert "'001X'" in other.reasons[0].detail
    own = resolution.match("001X")
    assert (own.outcome, own.hubspot_id) == (DuplicateOutcome.LINKED, "c1")
    assert rules(own) == ["DUP-3"]


def test_dup3_two_new_accounts_never_share_one_company() -> None:
    """DUP-3: two new accounts never share one company."""
    resolution = resolve_duplicate(
        [
            SalesforceAccount(id="001B"),
            SalesforceAccount(id="001A"),
            SalesforceContact(id="003A", email="a@acme.nl", account_id="001A"),
            SalesforceContact(id="003B", email="b@acme.nl", account_id="001B"),
        ],
        hubspot=HubSpotRecords(contacts=PEOPLE, companies=(ACME,)),
    )
    first, second = resolution.match("001A"), resolution.match("001B")
    assert (first.outcome, first.hubspot_id) == (DuplicateOutcome.DEDUPED, "c1")
    assert second.outcome is DuplicateOutcome.CREATE
    assert rules(second) == ["DUP-3", "DUP-2"]


def test_dup4_moved_contact_follows_the_new_companys_account() -> None:
    """DUP-4: moved contact follows the new company's account."""
    old = HubSpotCompany(id="c1", salesforce_account_id="001A")
    new = HubSpotCompany(id="c2", salesforce_account_id="001B")
    moved = HubSpotContact(
        id="h1", email="a@acme.nl", salesforce_contact_id="003A", company_ids=("c2",)
    )
    resolution = resolve_duplicate(
        [
            SalesforceContact(id="003A", email="a@acme.nl", account_id="001A"),
            SalesforceAccount(id="001A"),
        ],
        hubspot=HubSpotRecords(contacts=(moved,), companies=(old, new)),
    )
    contact = resolution.match("003A")
    assert contact.follows_account_id == "001B"
    assert rules(contact) == ["DUP-1", "DUP-4"]
    account = resolution.match("001A")
    # The original company keeps its own account, not the other one.
    assert (account.outcome, account.hubspot_id) == (DuplicateOutcome.LINKED, "c1")


def test_dup4_sentences_say_a_missing_account_in_words() -> None:
    """DUP-4 (issue 13): no "(not None)" in sentences."""
    new = HubSpotCompany(id="c2", salesforce_account_id="001B")
    moved = HubSpotContact(id="h1", email="a@acme.nl", company_ids=("c2",))
    match = resolve_duplicate(
        [SalesforceContact(id="003A", email="a@acme.nl")],
        hubspot=HubSpotRecords(contacts=(moved,), companies=(new,)),
    ).match("003A")
    assert match.follows_account_id == "001B"
    assert match.reasons[-1].detail == (
        "HubSpot contact 'h1' of Salesforce contact '003A' is associated with "
        "company 'c2', linked to account '001B', so the contact follows that "
        "account (it has no account of its own)."
    )


def test_dup4_contact_in_its_own_accounts_company_follows_nothing() -> None:
    """DUP-4: contact in its own account's company follows nothing."""
    company = HubSpotCompany(id="c1", salesforce_account_id="001A")
    contact = HubSpotContact(id="h1", email="a@acme.nl", company_ids=("c1",))
    match = resolve_duplicate(
        [SalesforceContact(id="003A", email="a@acme.nl", account_id="001A")],
        hubspot=HubSpotRecords(contacts=(contact,), companies=(company,)),
    ).match("003A")
    assert match.follows_account_id is None
    assert rules(match) == ["DUP-1"]


def test_dup5_opportunities_are_never_deduplicated() -> None:
    """DUP-5: opportunities are never deduplicated."""
    deal = HubSpotDeal(id="d1", name="Big deal")
    linked = HubSpotDeal(id="d2", name="Other", salesforce_opportunity_id="006B")
    resolution = resolve_duplicate(
        [
            SalesforceOpportunity(id="006A", name="Big deal"),
            SalesforceOpportunity(id="006B", name="Other"),
        ],
        hubspot=HubSpotRecords(deals=(deal, linked)),
    )
    new = resolution.match("006A")
    assert (new.outcome, new.hubspot_id) == (DuplicateOutcome.CREATE, None)
    assert rules(new) == ["DUP-5"]
    kept = resolution.match("006B")
    assert (kept.outcome, kept.hubspot_id) == (DuplicateOutcome.LINKED, "d2")
    assert rules(kept) == ["DUP-5"]


def test_dup1_match_of_an_unknown_id_is_a_key_error() -> None:
    """DUP-1: match of an unknown id is a key error."""
    with pytest.raises(KeyError, match="'nope'"):
        resolve_duplicate([], hubspot=HubSpotRecords()).match("nope")


def test_dup1_hubspot_contact_with_an_invalid_address_never_matches() -> None:
    """DUP-1: HubSpot contact with an invalid address never matches."""
    hubspot = HubSpotRecords(contacts=(HubSpotContact(id="7", email="jan@@vries.nl"),))
    match = resolve_duplicate(
        [SalesforceLead(id="00Q1", email="jan@vries.nl")], hubspot=hubspot
    ).match("00Q1")
    assert (match.outcome, match.hubspot_id) == (DuplicateOutcome.CREATE, None)


def test_dup2_contacts_without_a_company_do_not_vote() -> None:
    """DUP-2: contacts without a company do not vote."""
    loose = HubSpotContact(id="h3", email="c@acme.nl")
    resolution = resolve_duplicate(
        [
            SalesforceAccount(id="001A", name="ACME Inc."),
            SalesforceContact(id="003A", email="a@acme.nl", account_id="001A"),
            SalesforceContact(id="003C", email="c@acme.nl", account_id="001A"),
        ],
        hubspot=HubSpotRecords(contacts=(*PEOPLE, loose), companies=(ACME,)),
    )
    account = resolution.match("001A")
    assert (account.outcome, account.hubspot_id) == (DuplicateOutcome.DEDUPED, "c1")
    assert "1 of the contacts of account '001A' is" in account.reasons[0].detail


# Whole results, explanations included (docs/testing.md, "Mutation testing").


def test_dup1_whole_resolution_of_each_person_branch() -> None:
    """DUP-1: whole resolution of each person branch."""
    hubspot = HubSpotRecords(
        contacts=(
            HubSpotContact(id="501", email="jan@vries.nl"),
            HubSpotContact(id="502", email="an@vries.nl", salesforce_contact_id="0032"),
        )
    )
    records: list[SyncedSalesforceRecord] = [
        SalesforceContact(id="0032", email="other@vries.nl"),
        SalesforceLead(id="00Q1", email="Jan@vries.nl"),
        SalesforceLead(id="00Q2", email=" "),
        SalesforceLead(id="00Q3", email="new@vries.nl"),
        SalesforceLead(id="00Q4", email="NEW@vries.nl"),
        SalesforceLead(id="00Q5", email="bad@@vries.nl"),
    ]
    resolution = resolve_duplicate(records, hubspot=hubspot)

    def lead(sid: str, outcome: DuplicateOutcome, detail: str, **kw: str) -> object:
        return DuplicateMatch(
            salesforce_object=SalesforceObject.LEAD,
            salesforce_id=sid,
            outcome=outcome,
            reasons=(Reason(rule="DUP-1", detail=detail),),
            **kw,
        )

    assert resolution.matches[:5] == (
        DuplicateMatch(
            salesforce_object=SalesforceObject.CONTACT,
            salesforce_id="0032",
            outcome=DuplicateOutcome.LINKED,
            hubspot_id="502",
            reasons=(
                Reason(
                    rule="DUP-1",
                    detail="Contact '0032' already syncs with HubSpot contact '502'.",
                ),
            ),
        ),
        lead(
            "00Q1",
            DuplicateOutcome.DEDUPED,
            "Lead '00Q1' with email 'Jan@vries.nl' dedupes into HubSpot contact "
            "'501' (email key 'jan@vries.nl').",
            hubspot_id="501",
        ),
        lead(
            "00Q2",
            DuplicateOutcome.CREATE,
            "Lead '00Q2' has no email address (only ' '), so it is never matched "
            "and creates a HubSpot contact of its own.",
        ),
        lead(
            "00Q3",
            DuplicateOutcome.CREATE,
            "No HubSpot contact has the email key 'new@vries.nl' of Lead '00Q3', so "
            "it creates one.",
        ),
        lead(
            "00Q4",
            DuplicateOutcome.DEDUPED,
            "Lead '00Q4' with email 'NEW@vries.nl' dedupes into the HubSpot contact "
            "that Salesforce record '00Q3' creates (email key 'new@vries.nl').",
            same_as="00Q3",
        ),
    )
    rejected = resolution.matches[5]
    assert rejected.outcome is DuplicateOutcome.REJECTED
    assert rejected.reasons[0].detail.startswith(
        "Lead '00Q5' cannot be deduplicated by email: record '00Q5', field "
        "'Email': not a valid email address"
    )
    assert resolution.reasons == (
        Reason(
            rule="DUP-1",
            detail="Resolved 6 Salesforce records against 2 HubSpot contacts by "
            "email key: 2 create, 2 deduped, 1 linked, 1 rejected.",
        ),
    )


def test_dup2_account_takes_the_company_most_of_its_contacts_are_in() -> None:
    """DUP-2: account takes the company most of its contacts are in."""
    hubspot = HubSpotRecords(
        contacts=(
            HubSpotContact(id="1", email="a@vries.nl", company_ids=("c1",)),
            HubSpotContact(id="2", email="b@vries.nl", company_ids=("c2",)),
            HubSpotContact(id="3", email="c@vries.nl", company_ids=("c2", "c1")),
        ),
        companies=(HubSpotCompany(id="c1"), HubSpotCompany(id="c2")),
    )
    records: list[SyncedSalesforceRecord] = [
        SalesforceAccount(id="001A"),
        *(
            SalesforceContact(id=f"003{n}", email=f"{n}@vries.nl", account_id="001A")
            for n in "abc"
        ),
    ]
    match = resolve_duplicate(records, hubspot=hubspot).match("001A")
    assert match == DuplicateMatch(
        salesforce_object=SalesforceObject.ACCOUNT,
        salesforce_id="001A",
        outcome=DuplicateOutcome.DEDUPED,
        hubspot_id="c2",
        reasons=(
            Reason(
                rule="DUP-2",
                detail="2 of the contacts of account '001A' are associated with "
                "HubSpot company 'c2', so the account dedupes into it.",
            ),
        ),
    )


def test_dup2_dup3_whole_match_when_no_company_is_free() -> None:
    """DUP-2, DUP-3: whole match when no company is free."""
    hubspot = HubSpotRecords(
        contacts=(HubSpotContact(id="1", email="a@vries.nl", company_ids=("c1",)),),
        companies=(HubSpotCompany(id="c1", salesforce_account_id="001Z"),),
    )
    records: list[SyncedSalesforceRecord] = [
        SalesforceAccount(id="001A"),
        SalesforceContact(id="003a", email="a@vries.nl", account_id="001A"),
    ]
    match = resolve_duplicate(records, hubspot=hubspot).match("001A")
    assert match == DuplicateMatch(
        salesforce_object=SalesforceObject.ACCOUNT,
        salesforce_id="001A",
        outcome=DuplicateOutcome.CREATE,
        reasons=(
            Reason(
                rule="DUP-3",
                detail="HubSpot company 'c1', where contacts of account '001A' sit, "
                "is linked to account '001Z', so it does not sync with '001A'.",
            ),
            Reason(
                rule="DUP-2",
                detail="No company free to take account '001A' holds the HubSpot "
                "contact its contact became, so it creates a HubSpot company.",
            ),
        ),
    )


def test_dup3_dup5_whole_matches_of_linked_records() -> None:
    """DUP-3, DUP-5: whole matches of linked records."""
    hubspot = HubSpotRecords(
        companies=(HubSpotCompany(id="c1", salesforce_account_id="001A"),),
        deals=(HubSpotDeal(id="77", salesforce_opportunity_id="006A"),),
    )
    resolution = resolve_duplicate(
        [SalesforceAccount(id="001A"), SalesforceOpportunity(id="006A")],
        hubspot=hubspot,
    )
    assert resolution.matches == (
        DuplicateMatch(
            salesforce_object=SalesforceObject.ACCOUNT,
            salesforce_id="001A",
            outcome=DuplicateOutcome.LINKED,
            hubspot_id="c1",
            reasons=(
                Reason(
                    rule="DUP-3",
                    detail="Account '001A' is linked to HubSpot company 'c1', which "
                    "never syncs with another account.",
                ),
            ),
        ),
        DuplicateMatch(
            salesforce_object=SalesforceObject.OPPORTUNITY,
            salesforce_id="006A",
            outcome=DuplicateOutcome.LINKED,
            hubspot_id="77",
            reasons=(
                Reason(
                    rule="DUP-5",
                    detail="Opportunity '006A' already syncs with deal '77'; "
                    "opportunities are never deduplicated into other deals.",
                ),
            ),
        ),
    )
    fresh = resolve_duplicate([SalesforceOpportunity(id="006B")], hubspot=hubspot)
    assert fresh == DuplicateResolution(
        matches=(
            DuplicateMatch(
                salesforce_object=SalesforceObject.OPPORTUNITY,
                salesforce_id="006B",
                outcome=DuplicateOutcome.CREATE,
                reasons=(
                    Reason(
                        rule="DUP-5",
                        detail="Opportunity '006B' is never deduplicated, so it "
                        "creates a HubSpot deal.",
                    ),
                ),
            ),
        ),
        reasons=(
            Reason(
                rule="DUP-1",
                detail="Resolved 1 Salesforce records against 0 HubSpot contacts by "
                "email key: 1 create.",
            ),
        ),
    )


def test_dup1_duplicate_id_refusal_names_record_field_and_value() -> None:
    """DUP-1: duplicate id refusal names the record, field and value."""
    with pytest.raises(InvalidRecordError) as exc:
        resolve_duplicate(
            [SalesforceLead(id="00Q1"), SalesforceLead(id="00Q1")],
            hubspot=HubSpotRecords(),
        )
    assert str(exc.value) == (
        "record '00Q1', field 'id': Lead ids must be unique in one batch, got '00Q1'"
    )
    assert (exc.value.record, exc.value.field, exc.value.value) == (
        "00Q1",
        "id",
        "00Q1",
    )


def test_dup1_every_other_match_is_named_in_id_order() -> None:
    """DUP-1: every other match is named in id order."""
    hubspot = HubSpotRecords(
        contacts=tuple(
            HubSpotContact(id=i, email="jan@vries.nl") for i in ("503", "501", "502")
        )
    )
    match = resolve_duplicate(
        [SalesforceLead(id="00Q1", email="jan@vries.nl")], hubspot=hubspot
    ).match("00Q1")
    assert match.reasons == (
        Reason(
            rule="DUP-1",
            detail="Lead '00Q1' with email 'jan@vries.nl' dedupes into HubSpot "
            "contact '501' (email key 'jan@vries.nl') (also matching: 502, 503; the "
            "lowest id wins).",
        ),
    )


def test_dup2_whole_reasons_of_a_person_account() -> None:
    """DUP-2: whole reasons of a person account."""
    person = SalesforceAccount(id="001P", is_person_account=True)
    match = resolve_duplicate([person], hubspot=HubSpotRecords()).match("001P")
    assert match.reasons == (
        Reason(
            rule="PA-1",
            detail="Account '001P' is a person account and has no associated contacts.",
        ),
        Reason(
            rule="DUP-2",
            detail="With no associated contacts, Account '001P' matches no HubSpot "
            "company and creates one.",
        ),
    )


def test_dup1_subclasses_of_the_record_classes_resolve_as_their_class() -> None:
    """DUP-1: subclasses of the record classes resolve as their class."""

    class Lead(SalesforceLead):
        pass

    class Contact(SalesforceContact):
        pass

    class Account(SalesforceAccount):
        pass

    class Opportunity(SalesforceOpportunity):
        pass

    hubspot = HubSpotRecords(contacts=(HubSpotContact(id="7", email="an@vries.nl"),))
    records: list[SyncedSalesforceRecord] = [
        Opportunity(id="006A"),
        Account(id="001A", is_person_account=True),
        Lead(id="00Q1", email="AN@vries.nl"),
        Contact(id="0031", email="an@vries.nl"),
    ]
    resolution = resolve_duplicate(records, hubspot=hubspot)
    people = [r for r in records if isinstance(r, SalesforceLead | SalesforceContact)]
    matches = resolve_duplicate(people, hubspot=hubspot).matches
    index = DuplicateIndex(people, hubspot=hubspot)
    for person, match in zip(
        sorted(people, key=lambda r: (isinstance(r, SalesforceLead), r.id)),
        matches,
        strict=True,
    ):
        assert index.person_match(person) == match
    assert [
        (m.salesforce_object, m.salesforce_id, m.outcome, m.hubspot_id)
        for m in resolution.matches
    ] == [
        (SalesforceObject.CONTACT, "0031", DuplicateOutcome.DEDUPED, "7"),
        (SalesforceObject.LEAD, "00Q1", DuplicateOutcome.DEDUPED, "7"),
        (SalesforceObject.ACCOUNT, "001A", DuplicateOutcome.CREATE, None),
        (SalesforceObject.OPPORTUNITY, "006A", DuplicateOutcome.CREATE, None),
    ]


def test_dup1_lowest_id_of_several_linked_contacts_wins() -> None:
    """DUP-1: lowest id of several linked contacts wins."""
    hubspot = HubSpotRecords(
        contacts=tuple(
            HubSpotContact(id=i, salesforce_lead_id="00Q1") for i in ("9", "3", "5")
        )
    )
    match = resolve_duplicate([SalesforceLead(id="00Q1")], hubspot=hubspot).match(
        "00Q1"
    )
    assert (match.outcome, match.hubspot_id) == (DuplicateOutcome.LINKED, "3")


def test_dup1_hubspot_ids_compare_as_numbers_and_the_lowest_wins() -> None:
    """DUP-1 (issue 13, item 17): "10" came before "9"."""
    hubspot = HubSpotRecords(
        contacts=tuple(
            HubSpotContact(id=i, email="an@vries.nl") for i in ("10", "9", "100")
        )
    )
    match = resolve_duplicate(
        [SalesforceLead(id="00Q1", email="AN@vries.nl")], hubspot=hubspot
    ).match("00Q1")
    assert match.hubspot_id == "9"
    assert match.reasons[0].detail.endswith(
        "(also matching: 10, 100; the lowest id wins)."
    )
    linked = HubSpotRecords(
        contacts=tuple(
            HubSpotContact(id=i, salesforce_lead_id="00Q1") for i in ("10", "9")
        )
    )
    match = resolve_duplicate([SalesforceLead(id="00Q1")], hubspot=linked).match("00Q1")
    assert (match.outcome, match.hubspot_id) == (DuplicateOutcome.LINKED, "9")


def test_dup2_dup3_dup5_hubspot_company_and_deal_ids_compare_as_numbers() -> None:
    """DUP-2, DUP-3, DUP-5: HubSpot company and deal ids compare as numbers."""
    hubspot = HubSpotRecords(
        contacts=(
            HubSpotContact(id="1", email="a@vries.nl", company_ids=("10",)),
            HubSpotContact(id="2", email="b@vries.nl", company_ids=("9",)),
        ),
        companies=(
            HubSpotCompany(id="10"),
            HubSpotCompany(id="9"),
            HubSpotCompany(id="20", salesforce_account_id="001L"),
            HubSpotCompany(id="3", salesforce_account_id="001L"),
        ),
        deals=(
            HubSpotDeal(id="10", salesforce_opportunity_id="006A"),
            HubSpotDeal(id="9", salesforce_opportunity_id="006A"),
        ),
    )
    resolution = resolve_duplicate(
        [
            SalesforceAccount(id="001A"),
            SalesforceContact(id="003a", email="a@vries.nl", account_id="001A"),
            SalesforceContact(id="003b", email="b@vries.nl", account_id="001A"),
            SalesforceAccount(id="001L"),
            SalesforceOpportunity(id="006A"),
        ],
        hubspot=hubspot,
    )
    assert resolution.match("001A").hubspot_id == "9"  # a tie of one contact each
    assert resolution.match("001L").hubspot_id == "3"
    assert resolution.match("006A").hubspot_id == "9"


def test_dup1_hubspot_id_order_puts_numbers_by_value_then_other_ids() -> None:
    """DUP-1: HubSpot id order puts numbers by value then other ids."""
    ids = ["10", "9", "abc", "0009", "1" * 5000, "9a", "", "٣"]
    assert sorted(ids, key=hubspot_id_order) == [
        "0009",
        "9",
        "10",
        "1" * 5000,
        "",
        "9a",
        "abc",
        "٣",
    ]
