"""DUP-1 and DUP-2 asked in one call: `dedupe_target`, `account_company`."""

from __future__ import annotations

import pytest

from crmsync_rules import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotRecords,
    Reason,
    SalesforceAccount,
    SalesforceContact,
    account_company,
    dedupe_target,
)
from crmsync_rules.duplicates import AccountCompany, DedupeTarget, DuplicateOutcome
from crmsync_rules.errors import InvalidRecordError

JAN = HubSpotContact(id="501", email="jan@vries.nl", company_ids=("c1",))


def test_dup1_an_address_dedupes_into_the_contact_with_its_key() -> None:
    """DUP-1: an address dedupes into the HubSpot contact with its email
    key, whatever its spelling; no lead, batch or `.match` to build."""
    assert dedupe_target(" Jan@Vries.NL", contacts=[JAN]) == DedupeTarget(
        address=" Jan@Vries.NL",
        salesforce_id="new",
        outcome=DuplicateOutcome.DEDUPED,
        hubspot_id="501",
        reasons=(
            Reason(
                rule="DUP-1",
                detail="Lead 'new' with email ' Jan@Vries.NL' dedupes into HubSpot "
                "contact '501' (email key 'jan@vries.nl').",
            ),
        ),
    )


def test_dup1_of_several_contacts_with_the_address_the_lowest_id_wins() -> None:
    """DUP-1: of several HubSpot contacts with the key, the lowest id (as a
    number) is the target."""
    ten = HubSpotContact(id="10", email="JAN@vries.nl")
    nine = HubSpotContact(id="9", email="jan@vries.nl")
    assert dedupe_target("jan@vries.nl", contacts=[ten, nine]).hubspot_id == "9"


@pytest.mark.parametrize(
    ("address", "outcome"),
    [
        ("bo@vries.nl", DuplicateOutcome.CREATE),
        (None, DuplicateOutcome.CREATE),
        ("  ", DuplicateOutcome.CREATE),
        ("jan@@vries.nl", DuplicateOutcome.REJECTED),
    ],
)
def test_dup1_an_address_no_contact_has_dedupes_into_none(
    address: str | None, outcome: DuplicateOutcome
) -> None:
    """DUP-1: an address no HubSpot contact has, a blank one, or an invalid
    one (rejected, not raised) dedupes into no contact."""
    target = dedupe_target(address, contacts=[JAN])
    assert (target.outcome, target.hubspot_id) == (outcome, None)
    assert [r.rule for r in target.reasons] == ["DUP-1"]


def test_dup1_the_question_is_about_a_new_lead_even_if_a_contact_links_new() -> None:
    """DUP-1: the lead the question asks about is new: when a HubSpot
    contact is linked to a lead called ``new``, the question's lead takes
    the next free id, so it dedupes rather than reading as linked."""
    linked = HubSpotContact(id="7", email="an@vries.nl", salesforce_lead_id="new")
    target = dedupe_target("jan@vries.nl", contacts=[linked, JAN])
    assert (target.salesforce_id, target.outcome, target.hubspot_id) == (
        "new-2",
        DuplicateOutcome.DEDUPED,
        "501",
    )


HUBSPOT = HubSpotRecords(
    contacts=(JAN,),
    companies=(
        HubSpotCompany(id="c1", name="Vries"),
        HubSpotCompany(id="c2", name="Smit", salesforce_account_id="001B"),
    ),
)


def test_dup2_an_account_dedupes_into_the_company_of_its_contacts() -> None:
    """DUP-2: an account dedupes into the HubSpot company where the HubSpot
    contacts its Salesforce contacts became sit; the contacts need no
    Account Name set by hand."""
    answer = account_company(
        SalesforceAccount(id="001A", name="Vries BV"),
        contacts=[SalesforceContact(id="003A", email="jan@vries.nl")],
        hubspot=HUBSPOT,
    )
    assert answer == AccountCompany(
        account_id="001A",
        outcome=DuplicateOutcome.DEDUPED,
        hubspot_id="c1",
        reasons=(
            Reason(
                rule="DUP-2",
                detail="1 of the contacts of account '001A' is associated with "
                "HubSpot company 'c1', so the account dedupes into it.",
            ),
        ),
    )


def test_dup2_without_a_matching_contact_the_account_creates_a_company() -> None:
    """DUP-2: contacts that become no existing HubSpot contact (already set
    to the account, or not) leave the account to create a company."""
    answer = account_company(
        SalesforceAccount(id="001A"),
        contacts=[SalesforceContact(id="003A", email="bo@vries.nl", account_id="001A")],
        hubspot=HUBSPOT,
    )
    assert (answer.outcome, answer.hubspot_id) == (DuplicateOutcome.CREATE, None)
    assert [r.rule for r in answer.reasons] == ["DUP-2"]


def test_dup3_a_linked_account_keeps_its_company() -> None:
    """DUP-3: an account a HubSpot company is linked to syncs with it,
    whatever its contacts."""
    answer = account_company(SalesforceAccount(id="001B"), contacts=[], hubspot=HUBSPOT)
    assert (answer.outcome, answer.hubspot_id) == (DuplicateOutcome.LINKED, "c2")
    assert [r.rule for r in answer.reasons] == ["DUP-3"]


def test_dup2_a_contact_of_another_account_is_refused() -> None:
    """DUP-2: a contact whose Account Name is another account is not one of
    the account's contacts: `InvalidRecordError` names it."""
    with pytest.raises(InvalidRecordError) as caught:
        account_company(
            SalesforceAccount(id="001A"),
            contacts=[SalesforceContact(id="003A", account_id="001C")],
            hubspot=HUBSPOT,
        )
    assert (caught.value.record, caught.value.field, caught.value.value) == (
        "003A",
        "account_id",
        "001C",
    )
