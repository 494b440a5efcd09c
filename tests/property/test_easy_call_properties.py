"""The one-call questions agree with the long way (issue 14, item 5).

Each easy call answers a question the decision functions already answer;
here the long way, spelled out as docs/decision-functions.md showed it before
the easy calls (an invented record, a batch, `.match(id)`, an exception),
is the oracle: DUP-1 `dedupe_target`, DUP-2 `account_company`, SYNC-4 and
SYNC-6 `salesforce_creates_contact`, LC-1 `lifecycle_reach`, OWN-4
`owner_matches`, OPT-1 `optout_mapping_change`.
"""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from crmsync_rules import (
    FieldMapping,
    HubSpotCompany,
    HubSpotContact,
    HubSpotObject,
    HubSpotOwner,
    HubSpotRecords,
    IntegrationSettings,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceOpportunity,
    SalesforceUser,
    SyncRule,
    SyncTrigger,
    account_company,
    dedupe_target,
    derive_lifecycle,
    lifecycle_reach,
    map_owner,
    optout_mapping_change,
    owner_matches,
    resolve_duplicate,
    salesforce_creates_contact,
    should_sync,
)
from crmsync_rules import strategies as cs
from crmsync_rules.errors import LockedMappingError
from crmsync_rules.optout import OPT_OUT_MAPPINGS, check_optout_mapping
from crmsync_rules.owners import OwnerAction, OwnerSyncDirection
from crmsync_rules.rules._lc import lifecycle_reaches_salesforce

EXAMPLES = settings(max_examples=150, deadline=None)

emails = st.sampled_from(
    [
        None,
        "",
        "  ",
        "an@vries.nl",
        " AN@Vries.NL",
        "bo@vries.nl",
        "jan@@vries.nl",
        "josé@exämple.com",
        "JOSÉ@xn--exmple-cua.com",
    ]
)
hubspot_contacts = st.lists(
    cs.hubspot_contacts(
        ids=st.sampled_from(["7", "10", "9", "h1", "010"]),
        emails=emails,
        company_ids=st.lists(
            st.sampled_from(["c1", "c2", "c3"]), max_size=2, unique=True
        ).map(tuple),
        # "new" and "new-2" are the ids dedupe_target tries first.
        salesforce_lead_ids=st.none() | st.sampled_from(["new", "new-2", "L1"]),
        salesforce_contact_ids=st.none() | st.sampled_from(["C1", "C2"]),
    ),
    max_size=5,
    unique_by=lambda c: c.id,
)


@EXAMPLES
@given(address=emails, contacts=hubspot_contacts)
def test_dup1_dedupe_target_is_resolve_duplicate_for_a_new_lead(
    address: str | None, contacts: list[HubSpotContact]
) -> None:
    """DUP-1: `dedupe_target` gives the match `resolve_duplicate` gives a
    new lead with the address, alone in its batch: outcome, HubSpot contact
    and reasons; the lead is new (no HubSpot contact links to it)."""
    target = dedupe_target(address, contacts=contacts)
    assert all(c.salesforce_lead_id != target.salesforce_id for c in contacts)
    lead = SalesforceLead(id=target.salesforce_id, email=address)
    match = resolve_duplicate(
        [lead], hubspot=HubSpotRecords(contacts=tuple(contacts))
    ).match(lead.id)
    assert (target.outcome, target.hubspot_id, target.reasons) == (
        match.outcome,
        match.hubspot_id,
        match.reasons,
    )
    assert target.address == address


hubspot_companies = st.lists(
    cs.hubspot_companies(
        ids=st.sampled_from(["c1", "c2", "c3"]),
        salesforce_account_ids=st.none() | st.sampled_from(["A1", "A2"]),
    ),
    max_size=3,
    unique_by=lambda c: c.id,
)
account_contacts = st.lists(
    cs.salesforce_contacts(
        ids=st.sampled_from(["C1", "C2", "C3"]),
        emails=emails,
        account_ids=st.none() | st.just("A1"),
    ),
    max_size=3,
    unique_by=lambda c: c.id,
)


@EXAMPLES
@given(
    account=cs.salesforce_accounts(ids=st.just("A1")),
    contacts=account_contacts,
    people=hubspot_contacts,
    companies=hubspot_companies,
)
def test_dup2_account_company_is_resolve_duplicate_with_the_contacts_linked(
    account: SalesforceAccount,
    contacts: list[SalesforceContact],
    people: list[HubSpotContact],
    companies: list[HubSpotCompany],
) -> None:
    """DUP-2 (and DUP-3): `account_company` gives the match
    `resolve_duplicate` gives the account in a batch with its contacts, each
    contact's Account Name set to it by hand."""
    hubspot = HubSpotRecords(contacts=tuple(people), companies=tuple(companies))
    answer = account_company(account, contacts=contacts, hubspot=hubspot)
    linked = [attrs.evolve(c, account_id=account.id) for c in contacts]
    match = resolve_duplicate([account, *linked], hubspot=hubspot).match(account.id)
    assert (answer.account_id, answer.outcome, answer.hubspot_id, answer.reasons) == (
        match.salesforce_id,
        match.outcome,
        match.hubspot_id,
        match.reasons,
    )


salesforce_people = st.one_of(
    cs.salesforce_leads(ids=st.sampled_from(["L1", "L2"]), emails=emails),
    cs.salesforce_contacts(ids=st.sampled_from(["C1", "C2"]), emails=emails),
)


@EXAMPLES
@given(
    record=salesforce_people,
    portal=cs.integration_settings(),
    existing=st.none() | cs.hubspot_contacts(ids=st.just("501")),
)
def test_sync4_sync6_salesforce_creates_contact_is_should_sync_of_the_invented_contact(
    record: SalesforceLead | SalesforceContact,
    portal: IntegrationSettings,
    existing: HubSpotContact | None,
) -> None:
    """SYNC-4, SYNC-6: `salesforce_creates_contact` is `should_sync` for
    the existing contact the record matches (``SALESFORCE_MATCHED``), or for
    the HubSpot contact the record would create, invented by hand as the
    long way did (``SALESFORCE_CREATED``)."""
    answer = salesforce_creates_contact(record, settings=portal, existing=existing)
    if existing is not None:
        oracle = should_sync(
            existing, settings=portal, trigger=SyncTrigger.SALESFORCE_MATCHED
        )
    else:
        lead = isinstance(record, SalesforceLead)
        invented = HubSpotContact(
            id=f"new:{record.id}",
            email=record.email,
            first_name=record.first_name,
            last_name=record.last_name,
            salesforce_lead_id=record.id if lead else None,
            salesforce_contact_id=None if lead else record.id,
        )
        oracle = should_sync(
            invented, settings=portal, trigger=SyncTrigger.SALESFORCE_CREATED
        )
    assert answer == oracle


lifecycle_mappings = st.lists(
    cs.field_mappings(
        hubspot_objects=st.sampled_from(HubSpotObject),
        hubspot_properties=st.sampled_from(["lifecyclestage", "email"]),
        salesforce_fields=st.sampled_from(["Stage__c", "LeadSource"]),
    ),
    max_size=3,
).map(tuple)


@EXAMPLES
@given(portal=cs.integration_settings(mappings=lifecycle_mappings))
def test_lc1_lifecycle_reach_is_what_derive_lifecycle_and_the_shared_check_say(
    portal: IntegrationSettings,
) -> None:
    """LC-1: `lifecycle_reach` says what `lifecycle_reaches_salesforce`
    says for the settings' mappings, and what `derive_lifecycle` reports as
    ``reaches_salesforce`` with the same LC-1 reason."""
    reach = lifecycle_reach(portal)
    reaches, reason = lifecycle_reaches_salesforce(portal.mappings)
    assert (reach.reaches_salesforce, reach.reasons) == (reaches, (reason,))
    lost = SalesforceOpportunity(id="006A")
    decision = derive_lifecycle(
        lost, settings=portal, salesforce_contacts=[], hubspot_contacts=[]
    )
    assert decision.reaches_salesforce == reach.reaches_salesforce
    assert reason in decision.reasons


names = st.sampled_from(["An", " an", "Bo", "", "  "])
surnames = st.sampled_from(["Smit", "SMIT ", "", "de  Vries"])
users = st.lists(
    cs.salesforce_users(
        ids=st.sampled_from(["005A", "005B", "005C"]),
        emails=emails,
        first_names=st.none() | names,
        last_names=st.none() | surnames,
    ),
    max_size=4,
    unique_by=lambda u: u.id,
)


@EXAMPLES
@given(
    first=names,
    last=surnames,
    # A HubSpot owner always has an address, so the long way needs one.
    email=st.sampled_from(["an@vries.nl", " AN@Vries.NL", "jan@@vries.nl", " "]),
    directory=users,
)
def test_own4_owner_matches_is_map_owner_for_an_invented_hubspot_owner(
    first: str, last: str, email: str, directory: list[SalesforceUser]
) -> None:
    """OWN-4: `owner_matches` with a full name finds the user `map_owner`
    sets towards Salesforce for a HubSpot owner invented with that name
    split by hand, and refuses, citing the same rule, whenever it reverts."""
    name = f"{first} {last}"
    answer = owner_matches(name, email, users=directory)
    invented = HubSpotOwner(
        id="invented", email=email, first_name=first, last_name=last
    )
    decision = map_owner(
        "invented",
        direction=OwnerSyncDirection.TO_SALESFORCE,
        owners=[*directory, invented],
        last_salesforce_owner_id="005Z",
    )
    if decision.action is OwnerAction.SET:
        assert answer.matches
        assert answer.user_id == decision.owner_id
    else:
        assert not answer.matches
        assert answer.user_id is None
    assert [r.rule for r in answer.reasons] == [decision.reasons[0].rule]


mappings = st.one_of(
    st.sampled_from(OPT_OUT_MAPPINGS),
    cs.field_mappings(rules=st.sampled_from(SyncRule)),
    cs.field_mappings(
        hubspot_properties=st.just("hs_email_optout"),
        salesforce_fields=st.just("HasOptedOutOfEmail"),
    ),
)


@EXAMPLES
@given(
    mapping=mappings,
    replacement=st.none() | mappings,
    same=st.booleans(),
)
def test_opt1_optout_mapping_change_decides_what_check_optout_mapping_raises(
    mapping: FieldMapping, replacement: FieldMapping | None, same: bool
) -> None:
    """OPT-1: `optout_mapping_change` allows exactly the changes
    `check_optout_mapping` returns for, with the same reasons, and refuses
    the ones it raises `LockedMappingError` for, saying what the error
    says."""
    if same:
        replacement = mapping
    answer = optout_mapping_change(mapping, replacement=replacement)
    error: LockedMappingError | None = None
    try:
        check = check_optout_mapping(mapping, replacement=replacement)
    except LockedMappingError as exc:
        error = exc
    if error is not None:
        assert not answer.allowed
        assert [r.rule for r in answer.reasons] == [error.rule]
        message = str(error).removeprefix(f"{error.rule}: ")
        assert answer.reasons[0].detail.lower() == f"{message}.".lower()
    else:
        assert answer.allowed
        assert (answer.locked, answer.reasons) == (check.locked, check.reasons)
