"""DUP-1: the duplicate index behind resolve_duplicate and the planner.

`DuplicateIndex` keys every address once and keeps, of each lead and
contact, only what it resolved to (issue 7). These tests hold its email
matching to the straightforward one, which keys every address with
`email_key` and drops the unusable ones, and hold that the match it explains
on demand is the very match `resolve_duplicate` gives.
"""

from __future__ import annotations

from hypothesis import event, given, settings
from hypothesis import strategies as st

from crmsync_rules import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotRecords,
    SalesforceContact,
    SalesforceLead,
    resolve_duplicate,
)
from crmsync_rules.duplicates import DuplicateOutcome
from crmsync_rules.model._email import email_key_or_none
from crmsync_rules.model._salesforce import SalesforceObject
from crmsync_rules.rules._dup_index import (
    DuplicateIndex,
    ExistingContacts,
    InvalidAddress,
    NewContact,
)

_ATEXT = "abcXYZ019_!#$%&'*+-/=?^`{|}~"

_locals = st.one_of(
    st.lists(st.text(_ATEXT, min_size=1, max_size=6), min_size=1, max_size=3).map(
        ".".join
    ),
    st.text(_ATEXT + '.. "(),:;<>@[\\]\t', max_size=10),
    st.sampled_from(
        ["Jan", "jan", '"jan"', '"j an"', "a..b", ".a", "", "\u212aelvin", "josé"]
    ),
)
_domains = st.one_of(
    st.sampled_from(
        [
            "vries.nl",
            "Vries.NL",
            "vries.nl.",
            "xn--bcher-kva.de",
            "XN--BCHER-KVA.DE",
            "bücher.de",
            "BÜCHER.de",
            "ab--c.com",
            "vries.test",
            "localhost",
            "[1.2.3.4]",
            "1.2.3.4",
            "-a.com",
            "\u212aries.nl",
        ]
    ),
    st.from_regex(r"[a-zA-Z0-9-]{1,8}\.[a-zA-Z]{2,3}", fullmatch=True),
)


@st.composite
def _addresses(draw: st.DrawFn) -> str:
    local = draw(_locals)
    at = draw(st.sampled_from(["@", "@", "@", "@@", ""]))
    outer = draw(st.sampled_from(["", "", " ", "\t", "\u00a0", "\x1c"]))
    return f"{outer}{local}{at}{draw(_domains)}{outer}"


addresses = st.one_of(_addresses(), st.emails(), st.text(max_size=12))


@settings(max_examples=200, deadline=None)
@given(
    contacts=st.lists(
        st.builds(
            HubSpotContact,
            id=st.sampled_from(["1", "2", "3", "10"]),
            email=st.none() | addresses,
        ),
        max_size=8,
    ),
    asked=st.lists(addresses, max_size=4),
    handed_in=st.booleans(),
)
def test_dup1_index_finds_what_keying_every_address_finds(
    contacts: list[HubSpotContact], asked: list[str], handed_in: bool
) -> None:
    """DUP-1: "Salesforce leads and contacts dedupe into HubSpot contacts by
    email." -- the index gives, for every key a lead asks for, the same
    contacts in the same order as keying every HubSpot address, whether it
    keys them itself or the caller hands their keys in."""
    leads = [SalesforceLead(id=f"00Q{n}", email=a) for n, a in enumerate(asked)]
    keys = [email_key_or_none(c.email) for c in contacts] if handed_in else None
    index = DuplicateIndex(
        leads, hubspot=HubSpotRecords(contacts=tuple(contacts)), hubspot_keys=keys
    )
    for lead in leads:
        key = email_key_or_none(lead.email)
        expected = [c for c in contacts if email_key_or_none(c.email) == key]
        resolution = index.resolution(lead)
        if key is None:
            assert resolution is None or isinstance(resolution, InvalidAddress)
        elif expected:
            assert isinstance(resolution, ExistingContacts)
            assert (resolution.key, list(resolution.contacts)) == (key, expected)
        else:
            assert isinstance(resolution, str | NewContact)
            assert (
                resolution if isinstance(resolution, str) else resolution.key
            ) == key


def test_dup1_unusable_hubspot_address_never_matches() -> None:
    """DUP-1: an unusable HubSpot address has no key, so it matches nothing:
    a lead with a usable address creates its own contact."""
    index = DuplicateIndex(
        [SalesforceLead(id="00Q1", email="jan@vries.nl")],
        hubspot=HubSpotRecords(contacts=(HubSpotContact(id="1", email="jan@"),)),
    )
    assert index.resolution_of(SalesforceObject.LEAD, "00Q1") == "jan@vries.nl"
    assert index.resolution_of(SalesforceObject.LEAD, "00Q2") is None


def test_dup1_hubspot_address_that_is_not_plain_is_matched_by_its_key() -> None:
    """DUP-1: HubSpot address that is not plain is matched by its key."""
    kelvin = HubSpotContact(id="7", email="\u212aelvin@vries.nl")
    match = resolve_duplicate(
        [SalesforceLead(id="00Q1", email="KELVIN@vries.nl")],
        hubspot=HubSpotRecords(contacts=(kelvin,)),
    ).match("00Q1")
    assert (match.outcome, match.hubspot_id) == (DuplicateOutcome.DEDUPED, "7")
    assert match.reasons[0].rule == "DUP-1"


_shared = st.sampled_from(
    ["jan@vries.nl", " JAN@Vries.NL", "an@vries.nl", "AN@vries.nl", None, "", "jan@"]
)
_emails = st.one_of(_shared, _shared, _shared, addresses)


@settings(max_examples=300, deadline=None)
@given(
    hubspot=st.lists(
        st.builds(
            HubSpotContact,
            id=st.sampled_from(["1", "2", "3"]),
            email=_emails,
            company_ids=st.sampled_from([(), ("C1",), ("C2", "C1")]),
            salesforce_lead_id=st.sampled_from([None, None, "00Q1"]),
            salesforce_contact_id=st.sampled_from([None, None, "0031"]),
        ),
        min_size=1,
        max_size=4,
    ),
    companies=st.lists(
        st.builds(
            HubSpotCompany,
            id=st.sampled_from(["C1", "C2"]),
            salesforce_account_id=st.sampled_from([None, "001A", "001B"]),
        ),
        max_size=2,
        unique_by=lambda c: c.id,
    ),
    leads=st.lists(
        st.builds(
            SalesforceLead,
            id=st.sampled_from(["00Q1", "00Q2", "00Q3"]),
            email=_emails,
        ),
        min_size=1,
        max_size=3,
        unique_by=lambda r: r.id,
    ),
    contacts=st.lists(
        st.builds(
            SalesforceContact,
            id=st.sampled_from(["0031", "0032"]),
            email=_emails,
            account_id=st.sampled_from([None, "001A"]),
        ),
        min_size=1,
        max_size=2,
        unique_by=lambda r: r.id,
    ),
)
def test_dup1_dup4_a_match_is_given_back_from_what_it_was_resolved_against(
    hubspot: list[HubSpotContact],
    companies: list[HubSpotCompany],
    leads: list[SalesforceLead],
    contacts: list[SalesforceContact],
) -> None:
    """DUP-1: "Salesforce leads and contacts dedupe into HubSpot contacts by
    email." -- the index keeps, of each lead and contact, only what it
    resolved to, and explains the very match `resolve_duplicate` gives it
    (DUP-4 included); a record that creates a contact or is rejected
    resolved to nothing but itself."""
    people: list[SalesforceLead | SalesforceContact] = [*leads, *contacts]
    batch = HubSpotRecords(contacts=tuple(hubspot), companies=tuple(companies))
    expected = resolve_duplicate(people, hubspot=batch).matches
    index = DuplicateIndex(people, hubspot=batch)
    kept = [
        (record, resolution)
        for kind in (SalesforceObject.CONTACT, SalesforceObject.LEAD)
        for record, resolution in index.people(kind)
    ]
    assert list(index.matches()) == list(expected)
    for (record, resolution), match in zip(kept, expected, strict=True):
        assert record.id == match.salesforce_id
        event(match.outcome.value)
        if match.follows_account_id is not None:
            event("DUP-4")
        assert index.person_match(record) == match
        lone = match.outcome in (DuplicateOutcome.CREATE, DuplicateOutcome.REJECTED)
        itself = resolution is None or isinstance(resolution, InvalidAddress | str)
        assert itself is lone
