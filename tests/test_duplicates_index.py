"""DUP-1: the HubSpot index behind resolve_duplicate's email matching, and
the matches the planner does not keep.

`resolve_duplicate` does not key every HubSpot address up front: a plain
ASCII address is filed under its stripped, lowercased text and checked only
when a Salesforce record asks for that key (issue 7). These tests hold that
shortcut to the straightforward index, which keys every address with
`email_key` and drops the unusable ones. The planner does not keep the
matches of leads and contacts; the last test holds that `person_match` gives
them back exactly.
"""

from __future__ import annotations

from typing import cast

from hypothesis import event, example, given, settings
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
from crmsync_rules.model._email import EmailKey, email_key_or_none
from crmsync_rules.rules._dup import (
    _Index,
    _plain_key,
    each_found,
    person_match,
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


@settings(max_examples=500, deadline=None)
@given(addresses)
@example("  JAN@Vries.NL ")
@example('"jan"@vries.nl')
@example("jan@XN--BCHER-KVA.DE")
@example("\u212aelvin@vries.nl")  # KELVIN SIGN, lowercased to ASCII "k"
@example("jan@\u212aries.nl")
@example("\x1cjan@vries.nl\x1f")
@example("jan@vries.nl.")
def test_dup1_plain_key_is_the_key_whenever_there_is_one(address: str) -> None:
    """DUP-1: "Salesforce leads and contacts dedupe into HubSpot contacts by
    email." -- a HubSpot address filed under its plain key must have no other
    key, or it would miss the Salesforce records that share it."""
    plain = _plain_key(address)
    if plain is not None:
        assert email_key_or_none(address) in (None, plain)


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
)
def test_dup1_filed_index_finds_what_keying_every_address_finds(
    contacts: list[HubSpotContact], asked: list[str]
) -> None:
    """DUP-1: "Salesforce leads and contacts dedupe into HubSpot contacts by
    email." -- the lazily checked index gives, for every key, the same
    contacts in the same order as keying every HubSpot address."""
    index = _Index(HubSpotRecords(contacts=tuple(contacts)))
    keys = {email_key_or_none(c.email) for c in contacts}
    keys |= {email_key_or_none(a) for a in asked}
    for key in sorted(k for k in keys if k is not None):
        expected = [c for c in contacts if email_key_or_none(c.email) == key]
        assert list(index.contacts_with(key)) == expected
        assert list(index.contacts_with(key)) == expected  # once checked, kept


def test_dup1_unusable_hubspot_address_under_a_wanted_key_never_matches() -> None:
    """DUP-1: unusable HubSpot address under a wanted key never matches."""
    index = _Index(
        HubSpotRecords(contacts=(HubSpotContact(id="1", email="jan@vries.test"),))
    )
    assert _plain_key("jan@vries.test") == "jan@vries.test"
    assert not index.contacts_with(EmailKey("jan@vries.test"))


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
    email." -- the planner keeps, of each lead and contact, only what it was
    resolved against, and `person_match` gives back the very match
    `resolve_duplicate` gives it (DUP-4 included); a record that creates a
    contact or is rejected depends on itself alone, so it keeps nothing."""
    people: list[SalesforceLead | SalesforceContact] = [*leads, *contacts]
    batch = HubSpotRecords(contacts=tuple(hubspot), companies=tuple(companies))
    company = {c.id: c for c in companies}.get
    expected = resolve_duplicate(people, hubspot=batch).matches
    streamed = list(each_found(people, hubspot=batch))
    for (record, unbuilt, found), match in zip(streamed, expected, strict=True):
        assert (record.id, unbuilt) == (match.salesforce_id, None)
        event(match.outcome.value)
        if match.follows_account_id is not None:
            event("DUP-4")
        person = cast("SalesforceLead | SalesforceContact", record)
        assert person_match(person, found, company=company) == match
        lone = match.outcome in (DuplicateOutcome.CREATE, DuplicateOutcome.REJECTED)
        assert (found is None) is lone
