"""crmsync_rules.invariants: each published invariant holds on the library's
own results (over the public strategies) and catches a seeded violation, an
output mutated the way a buggy sync service would get it wrong."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules import (
    ContactCreation,
    FieldMapping,
    HubSpotContact,
    HubSpotObject,
    HubSpotOwner,
    HubSpotPropertyType,
    HubSpotRecords,
    IntegrationSettings,
    Reason,
    SalesforceFieldType,
    SalesforceLead,
    SalesforceObject,
    SalesforceRecords,
    SalesforceUser,
    Snapshot,
    SyncRule,
    UserType,
    apply_optout,
    map_owner,
    plan,
    resolve_duplicate,
    resolve_field_value,
    sample_snapshot,
)
from crmsync_rules import strategies as cs
from crmsync_rules.invariants import (
    InvariantViolation,
    Violation,
    assert_no_violations,
    contradicting_pairs,
    dont_sync_moves,
    lost_records,
    optout_held_changes,
    optout_resubscriptions,
    order_dependence,
    owner_mismatches,
    uncited_entries,
)
from crmsync_rules.mappings import (
    FieldChange,
    FieldValue,
    HubSpotFieldType,
    Resync,
    Side,
)
from crmsync_rules.optout import OptOutEvent, OptOutState
from crmsync_rules.owners import OwnerAction, OwnerDecision, OwnerSyncDirection
from crmsync_rules.planner import PlanAction, PlanEntry, System

UNSUBSCRIBED = OptOutState(
    contact_id="501",
    salesforce_id="003A",
    hubspot_unsubscribed=True,
    salesforce_opted_out=True,
)


def test_assert_no_violations_raises_an_assertion_error_listing_them() -> None:
    found = Violation(invariant="x", rule="OPT-3", detail="Contact '1' resubscribed.")
    unruled = Violation(invariant="uncited_entries", rule=None, detail="No rule.")
    with pytest.raises(AssertionError) as caught:
        assert_no_violations([found, unruled])
    assert isinstance(caught.value, InvariantViolation)
    assert caught.value.violations == (found, unruled)
    assert str(caught.value) == (
        "2 invariant violation(s):\n  OPT-3: Contact '1' resubscribed."
        "\n  uncited_entries: No rule."
    )
    assert_no_violations(iter(()))


# --- OPT-3 -------------------------------------------------------------------


@given(state=cs.optout_states(), steps=cs.optout_histories())
def test_opt3_the_library_never_resubscribes(
    state: OptOutState, steps: list[tuple[OptOutEvent, bool]]
) -> None:
    """OPT-3: "only the contact's own action can" resubscribe it: the
    invariant holds on every step of `apply_optout` over generated
    histories."""
    for event, syncing in steps:
        after = apply_optout(state, event, syncing=syncing).state
        assert optout_resubscriptions(state, event, after) == ()
        state = after


@pytest.mark.parametrize("syncing", [True, False])
def test_opt3_a_salesforce_untick_that_resubscribes_is_caught(syncing: bool) -> None:
    """OPT-3: a Salesforce untick that resubscribes is caught."""
    event = OptOutEvent.SALESFORCE_OPTED_IN
    after = apply_optout(UNSUBSCRIBED, event, syncing=syncing).state
    assert optout_resubscriptions(UNSUBSCRIBED, event, after) == ()
    wrong = attrs.evolve(after, hubspot_unsubscribed=False, held=())
    (violation,) = optout_resubscriptions(UNSUBSCRIBED, event, wrong)
    assert violation.rule == "OPT-3"
    assert violation.detail == (
        "HubSpot contact '501' was unsubscribed and 'salesforce_opted_in' "
        "resubscribed it; only the contact's own resubscribe may."
    )


def test_opt3_the_contacts_own_resubscribe_is_allowed() -> None:
    """OPT-3: the contact's own resubscribe is allowed."""
    event = OptOutEvent.CONTACT_RESUBSCRIBED
    after = apply_optout(UNSUBSCRIBED, event, syncing=True).state
    assert not after.hubspot_unsubscribed
    assert optout_resubscriptions(UNSUBSCRIBED, event, after) == ()


# --- OPT-4 -------------------------------------------------------------------


@given(state=cs.optout_states(), steps=cs.optout_histories())
def test_opt4_the_library_holds_and_passes_changes(
    state: OptOutState, steps: list[tuple[OptOutEvent, bool]]
) -> None:
    """OPT-4: "While a contact does not sync ..., its opt-out status passes
    in neither direction until its first sync"; the invariant holds on every
    step of `apply_optout`, the first sync included."""
    for event, syncing in [*steps, (OptOutEvent.SYNCED, True)]:
        after = apply_optout(state, event, syncing=syncing).state
        assert optout_held_changes(state, event, after, syncing=syncing) == ()
        state = after


def test_opt4_a_held_optout_lost_at_the_first_sync_is_caught() -> None:
    """OPT-4: a held opt-out lost at the first sync is caught."""
    fresh = OptOutState(contact_id="502", salesforce_id="003B")
    held = apply_optout(fresh, OptOutEvent.SALESFORCE_OPTED_OUT, syncing=False).state
    first = apply_optout(held, OptOutEvent.SYNCED, syncing=True).state
    assert optout_held_changes(held, OptOutEvent.SYNCED, first, syncing=True) == ()
    # A service that forgets the held tick: HubSpot stays subscribed.
    forgot = attrs.evolve(held, hubspot_unsubscribed=False, held=())
    (violation,) = optout_held_changes(held, OptOutEvent.SYNCED, forgot, syncing=True)
    assert violation.rule == "OPT-4"
    assert "'salesforce_opted_out' was lost at the first sync" in violation.detail
    # A service that syncs but keeps the change held.
    kept = attrs.evolve(held, hubspot_unsubscribed=True, salesforce_opted_out=True)
    violations = optout_held_changes(held, OptOutEvent.SYNCED, kept, syncing=True)
    assert [v.detail for v in violations] == [
        "HubSpot contact '502': the first sync left changes held: salesforce_opted_out."
    ]


def test_opt4_a_change_passed_while_not_syncing_is_caught() -> None:
    """OPT-4: a change passed while not syncing is caught."""
    fresh = OptOutState(contact_id="502", salesforce_id="003B")
    for event in (OptOutEvent.HUBSPOT_UNSUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_OUT):
        held = apply_optout(fresh, event, syncing=False).state
        assert optout_held_changes(fresh, event, held, syncing=False) == ()
        leaked = OptOutState(
            contact_id="502", hubspot_unsubscribed=True, salesforce_opted_out=True
        )
        (violation,) = optout_held_changes(fresh, event, leaked, syncing=False)
        assert violation.rule == "OPT-4"
        assert "while not syncing changed" in violation.detail


def test_opt4_a_resubscribe_held_after_the_optout_wins() -> None:
    """OPT-4: a resubscribe held after the opt-out wins."""
    fresh = OptOutState(contact_id="503")
    state = apply_optout(fresh, OptOutEvent.SALESFORCE_OPTED_OUT, syncing=False).state
    state = apply_optout(state, OptOutEvent.HUBSPOT_UNSUBSCRIBED, syncing=False).state
    state = apply_optout(state, OptOutEvent.CONTACT_RESUBSCRIBED, syncing=False).state
    assert state.held == (OptOutEvent.SALESFORCE_OPTED_OUT,)
    # Only the Salesforce tick is held; a resubscribe after it does win.
    resubscribed = OptOutState(
        contact_id="503",
        hubspot_unsubscribed=False,
        salesforce_opted_out=True,
        held=(OptOutEvent.SALESFORCE_OPTED_OUT, OptOutEvent.CONTACT_RESUBSCRIBED),
    )
    passed = attrs.evolve(resubscribed, salesforce_opted_out=False, held=())
    assert (
        optout_held_changes(resubscribed, OptOutEvent.SYNCED, passed, syncing=True)
        == ()
    )


def test_opt4_other_events_while_syncing_are_left_to_the_other_invariants() -> None:
    """OPT-4: other events while syncing are left to the other invariants."""
    after = apply_optout(UNSUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_IN, syncing=True)
    assert (
        optout_held_changes(
            UNSUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_IN, after.state, syncing=True
        )
        == ()
    )


# --- Plans -------------------------------------------------------------------


@given(snapshot=cs.snapshots())
def test_err1_the_planner_loses_no_record_and_cites_rules(snapshot: Snapshot) -> None:
    """Nothing is dropped (docs/plan.md: "Every input record has exactly one
    entry"; undecidable records are rejected citing ERR-1) and every entry
    explains itself."""
    result = plan(snapshot)
    assert lost_records(snapshot, result) == ()
    assert uncited_entries(result) == ()


def test_err1_a_dropped_or_duplicated_record_is_caught() -> None:
    """ERR-1: a dropped or duplicated record is caught."""
    snapshot = sample_snapshot()
    result = plan(snapshot)
    assert lost_records(snapshot, result) == ()
    assert lost_records(snapshot.records(), result.entries) == ()
    dropped, *rest = result.entries
    (lost,) = lost_records(snapshot, rest)
    assert lost.rule == "ERR-1"
    assert lost.detail == (
        f"{dropped.record_type} {dropped.record_id!r} appears 1 time(s) in the "
        "input but has 0 entry(ies) in the plan."
    )
    (extra,) = lost_records(snapshot, [*result.entries, dropped])
    assert extra.rule is None
    assert "appears 1 time(s) in the input but has 2 entry(ies)" in extra.detail
    stranger = attrs.evolve(dropped, record_id="nobody")
    (invented,) = lost_records(snapshot, [*result.entries, stranger])
    assert "'nobody' appears 0 time(s)" in invented.detail


def test_unreadable_lines_are_not_records() -> None:
    line = PlanEntry(
        system=System.SALESFORCE,
        record_type="unreadable",
        record_id=None,
        line=7,
        action=PlanAction.REJECTED,
        reasons=(Reason(rule="ERR-1", detail="Line 7 is not JSON."),),
    )
    assert lost_records([], [line]) == ()


def test_an_entry_without_reasons_is_caught() -> None:
    result = plan(sample_snapshot())
    assert uncited_entries(result) == ()
    assert uncited_entries(result.entries) == ()
    silent = attrs.evolve(result.entries[0], reasons=())
    (violation,) = uncited_entries([silent])
    assert violation.rule is None
    assert violation.detail.endswith(f"{silent.record_id!r} cites no rule.")


def test_an_entry_citing_an_unknown_rule_is_caught() -> None:
    entry = plan(sample_snapshot()).entries[0]
    bogus = Reason(rule="OPT-1", detail="x")
    object.__setattr__(bogus, "rule", "OPT-99")  # as a foreign service might
    (violation,) = uncited_entries([attrs.evolve(entry, reasons=(bogus,))])
    assert "cites unknown rules ['OPT-99']" in violation.detail


# --- Pairs (SYNC-6, OPT-2) ---------------------------------------------------


def _pair_plan(*, unsubscribed: bool = False) -> tuple[PlanEntry, PlanEntry]:
    """A HubSpot contact and a lead that dedupes into it, opted out."""
    result = plan(
        Snapshot(
            settings=IntegrationSettings(
                integrated_on=dt.date(2020, 1, 1),
                contact_creation=ContactCreation.CREATE,
            ),
            hubspot=HubSpotRecords(
                contacts=(
                    HubSpotContact(id="1", email="a@x.com", unsubscribed=unsubscribed),
                )
            ),
            salesforce=SalesforceRecords(
                leads=(
                    SalesforceLead(
                        id="00Q1", email="A@x.com", has_opted_out_of_email=True
                    ),
                )
            ),
        )
    )
    contact, lead = result.entries
    return contact, lead


@given(snapshot=cs.snapshots())
def test_sync6_opt2_the_librarys_pairs_never_contradict_each_other(
    snapshot: Snapshot,
) -> None:
    """SYNC-6, OPT-2: the library's pairs never contradict each other."""
    assert contradicting_pairs(plan(snapshot)) == ()


def test_sync6_a_partner_that_does_not_name_the_record_back_is_caught() -> None:
    """SYNC-6: a partner that does not name the record back is caught."""
    contact, lead = _pair_plan()
    assert contradicting_pairs([contact, lead]) == ()
    assert contradicting_pairs(plan(sample_snapshot())) == ()
    created = attrs.evolve(
        lead, action=PlanAction.NOT_CREATED, target_type=None, target_id=None
    )
    violation, *others = contradicting_pairs([contact, created])
    assert [v.rule for v in others] == [None]  # and it does not sync
    assert violation.rule is None
    assert violation.detail == (
        "The 'sync' entry of hubspot_contact '1' names salesforce_lead '00Q1' as "
        "its target, whose 'not_created' entry does not name it back."
    )
    related = attrs.evolve(contact, target_id="00Q9", related=("00Q1",))
    assert contradicting_pairs([related, lead]) == ()


def test_sync6_entries_disagreeing_on_whether_the_pair_syncs_are_caught() -> None:
    """SYNC-6: entries disagreeing on whether the pair syncs are caught."""
    contact, lead = _pair_plan()
    skipped = attrs.evolve(contact, action=PlanAction.SKIP)
    found = contradicting_pairs([skipped, lead])
    assert [v.detail for v in found] == [
        "The 'skip' entry of hubspot_contact '1' and the 'dedupe' entry of its "
        "target salesforce_lead '00Q1' disagree on whether the pair syncs.",
        "The 'dedupe' entry of salesforce_lead '00Q1' and the 'skip' entry of its "
        "target hubspot_contact '1' disagree on whether the pair syncs.",
    ]
    no_email = Reason(rule="SYNC-5", detail="Contact '1' has no email address.")
    explained = attrs.evolve(skipped, reasons=(*skipped.reasons, no_email))
    assert contradicting_pairs([explained, lead]) == ()


def test_opt2_an_optout_outcome_missing_on_one_entry_of_a_pair_is_caught() -> None:
    """OPT-2: an opt-out outcome missing on one entry of a pair is caught."""
    contact, lead = _pair_plan()
    assert contact.optout is not None
    assert contact.optout == lead.optout
    hidden = attrs.evolve(contact, optout=None)
    (violation,) = contradicting_pairs([hidden, lead])
    assert violation.rule == "OPT-2"
    assert violation.detail == (
        "The 'dedupe' entry of salesforce_lead '00Q1' carries the opt-out decision "
        "of its pair with HubSpot contact '1', whose entry does not carry it."
    )
    (violation,) = contradicting_pairs([contact, attrs.evolve(lead, optout=None)])
    assert violation.detail == (
        "The 'sync' entry of hubspot_contact '1' carries the opt-out decision of "
        "its pair with Salesforce record '00Q1', whose entry does not carry it."
    )


def test_opt2_an_optout_reaching_a_contact_it_does_not_show_is_caught() -> None:
    """OPT-2: an opt-out reaching a contact it does not show is caught."""
    contact, lead = _pair_plan()
    elsewhere = attrs.evolve(contact, target_id="00Q9", related=("00Q1",))
    assert contradicting_pairs([elsewhere, lead]) == ()
    (violation,) = contradicting_pairs([attrs.evolve(elsewhere, optout=None), lead])
    assert violation.detail == (
        "The 'dedupe' entry of salesforce_lead '00Q1' leaves HubSpot contact '1' "
        "unsubscribed, but the contact's own entry does not show it."
    )


def test_opt2_an_optout_decision_of_another_pair_is_caught() -> None:
    """OPT-2: an opt-out decision of another pair is caught."""
    contact, lead = _pair_plan()
    assert lead.optout is not None
    stranger = attrs.evolve(
        lead.optout, state=attrs.evolve(lead.optout.state, salesforce_id="00Q7")
    )
    found = contradicting_pairs([contact, attrs.evolve(lead, optout=stranger)])
    assert found[-1].detail == (
        "The 'dedupe' entry of salesforce_lead '00Q1' carries the opt-out decision "
        "of HubSpot contact '1' and Salesforce record '00Q7', a pair it is not "
        "part of."
    )


# --- Dedupe order ------------------------------------------------------------


@given(snapshot=cs.snapshots(), data=st.data())
def test_dup1_the_librarys_dedupe_is_order_independent(
    snapshot: Snapshot, data: st.DataObject
) -> None:
    """DUP-1, DUP-2, DUP-3, DUP-4, DUP-5: "Result is the same whatever the
    order of the input records"."""
    sf = snapshot.salesforce
    batch = [*sf.leads, *sf.contacts, *sf.accounts, *sf.opportunities]

    def dedupe(records: list[object]) -> object:
        return resolve_duplicate(records, hubspot=snapshot.hubspot)  # type: ignore[arg-type]

    shuffled = data.draw(st.permutations(batch))
    assert order_dependence(dedupe, batch, orders=[shuffled]) == ()
    assert order_dependence(dedupe, batch) == ()


def test_dup1_a_first_come_dedupe_is_caught() -> None:
    """DUP-1: a first-come dedupe is caught."""
    leads = [
        SalesforceLead(id="00Q1", email="an@vries.nl"),
        SalesforceLead(id="00Q2", email="AN@vries.nl"),
    ]

    def first_wins(records: list[SalesforceLead]) -> str:
        return records[0].id

    (violation,) = order_dependence(first_wins, leads, orders=[leads[::-1]])
    assert violation.rule == "DUP-1"
    assert violation.detail.startswith("Reordering 2 records changed the result")
    assert len(order_dependence(first_wins, leads)) == 2
    with pytest.raises(ValueError, match="orders must be reorderings"):
        order_dependence(first_wins, leads, orders=[leads[:1]])


# --- OWN-4 -------------------------------------------------------------------


@given(
    owners=st.lists(
        st.one_of(
            cs.hubspot_owners(ids=st.sampled_from(["7", "8"])),
            cs.salesforce_users(ids=st.sampled_from(["005A", "005B"])),
            cs.salesforce_queues(ids=st.just("00GA")),
        ),
        max_size=5,
    ),
    owner_id=st.sampled_from([None, "7", "8", "9"]),
    last=st.sampled_from([None, "005A", "005Z"]),
)
def test_own4_the_library_writes_only_exact_active_matches(
    owners: list[HubSpotOwner | SalesforceUser], owner_id: str | None, last: str | None
) -> None:
    """OWN-4: "A HubSpot owner syncs to Salesforce only when it matches the
    name and email address of an active Salesforce user."""
    decision = map_owner(
        owner_id,
        direction=OwnerSyncDirection.TO_SALESFORCE,
        owners=owners,
        last_salesforce_owner_id=last,
    )
    assert decision.action in (
        (OwnerAction.SET, OwnerAction.REVERT)
        if last is not None
        else (OwnerAction.SET, OwnerAction.UNCHANGED)
    )
    assert (
        owner_mismatches(
            owner_id, decision.owner_id, owners=owners, last_salesforce_owner_id=last
        )
        == ()
    )


@given(
    owners=st.tuples(
        cs.hubspot_owners(
            ids=st.just("7"),
            emails=st.just("an@vries.nl"),
            first_names=st.sampled_from(["An", "An", None]),
            last_names=st.just("Smit"),
        ),
        st.lists(
            cs.salesforce_users(
                ids=st.sampled_from(["005A", "005B"]),
                emails=st.sampled_from(["AN@vries.nl", "an@vries.nl", "bo@vries.nl"]),
                first_names=st.sampled_from(["An", "Bo"]),
                last_names=st.just("Smit"),
                user_types=st.sampled_from([UserType.STANDARD, UserType.GUEST]),
                is_active=st.sampled_from([True, True, False]),
            ),
            min_size=1,
            max_size=3,
        ),
        st.lists(cs.salesforce_queues(ids=st.just("00GA")), max_size=1),
    ).map(lambda drawn: [drawn[0], *drawn[1], *drawn[2]]),
    owner_id=st.sampled_from([None, "7", "7", "7", "9"]),
    last=st.sampled_from(["005A", "005B", "005Z"]),
    rule=st.sampled_from([None, *SyncRule]),
)
def test_own5_the_last_owner_counts_only_in_a_revert(
    owners: list[HubSpotOwner | SalesforceUser],
    owner_id: str | None,
    last: str,
    rule: SyncRule | None,
) -> None:
    """OWN-5: "Owner ID reverts to its last Salesforce value." -- and only
    then does that value count: the planner decides each owner once and asks
    again per last owner only when the decision sets no owner (without a
    last value, nothing passes)."""

    def decide(last: str | None) -> OwnerDecision:
        return map_owner(
            owner_id,
            direction=OwnerSyncDirection.TO_SALESFORCE,
            owners=owners,
            last_salesforce_owner_id=last,
            mapping_rule=rule,
        )

    without, told = decide(None), decide(last)
    assert without.action is not OwnerAction.REVERT
    assert (without.action is OwnerAction.UNCHANGED) is (
        told.action is OwnerAction.REVERT
    )
    if told.action is OwnerAction.REVERT:
        assert told.owner_id == last
        assert told.reasons[:-1] == without.reasons[:-1]
    else:
        assert told == without


OWNER = HubSpotOwner(id="77", email="an@vries.nl", first_name="An", last_name="Smit")
MATCH = SalesforceUser(
    id="005A", email=" AN@Vries.nl", first_name=" an", last_name="SMIT "
)


def test_own4_an_exact_active_match_and_a_revert_are_allowed() -> None:
    """OWN-4: an exact active match and a revert are allowed."""
    assert owner_mismatches("77", "005A", owners=[OWNER, MATCH]) == ()
    assert owner_mismatches("77", None, owners=[]) == ()
    assert (
        owner_mismatches("77", "005Z", owners=[], last_salesforce_owner_id="005Z") == ()
    )


@pytest.mark.parametrize(
    ("hubspot_owner_id", "user", "problem"),
    [
        (None, MATCH, "HubSpot owner None is unknown or cleared"),
        ("78", MATCH, "HubSpot owner '78' is unknown or cleared"),
        ("77", None, "'005A' is not a Salesforce user"),
        ("77", attrs.evolve(MATCH, is_active=False), "user '005A' is inactive"),
        (
            "77",
            attrs.evolve(MATCH, user_type=UserType.CSP_LITE_PORTAL),
            "user '005A' is a 'CspLitePortal' user",
        ),
        ("77", attrs.evolve(MATCH, email="bo@vries.nl"), "emails differ"),
        ("77", attrs.evolve(MATCH, email="not an address"), "emails differ"),
        ("77", attrs.evolve(MATCH, email=None), "emails differ"),
        ("77", attrs.evolve(MATCH, last_name="Smid"), "names differ"),
    ],
)
def test_own4_a_loose_match_written_to_salesforce_is_caught(
    hubspot_owner_id: str | None, user: SalesforceUser | None, problem: str
) -> None:
    """OWN-4: a loose match written to Salesforce is caught."""
    owners: list[HubSpotOwner | SalesforceUser] = [OWNER]
    if user is not None:
        owners.append(user)
    (violation,) = owner_mismatches(hubspot_owner_id, "005A", owners=owners)
    assert violation.rule == "OWN-4"
    assert problem in violation.detail
    assert violation.detail.startswith("Owner ID '005A' was written to Salesforce")


def test_own4_a_nameless_owner_matches_nobody() -> None:
    """OWN-4: a nameless owner matches nobody."""
    nameless = attrs.evolve(OWNER, first_name=None, last_name=None)
    user = attrs.evolve(MATCH, first_name=None, last_name=None)
    (violation,) = owner_mismatches("77", "005A", owners=[nameless, user])
    assert "names differ" in violation.detail


# --- FM-4 --------------------------------------------------------------------


def _mapping(rule: SyncRule, *, owner: bool = False) -> FieldMapping:
    return FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property="hubspot_owner_id" if owner else "jobtitle",
        hubspot_type=HubSpotPropertyType.ENUMERATION
        if owner
        else HubSpotPropertyType.TEXT,
        hubspot_field_type=HubSpotFieldType.SELECT if owner else None,
        salesforce_object=SalesforceObject.CONTACT,
        salesforce_field="OwnerId" if owner else "Title",
        salesforce_type=SalesforceFieldType.REFERENCE
        if owner
        else SalesforceFieldType.STRING,
        rule=rule,
    )


T0 = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
values: st.SearchStrategy[FieldValue] = st.one_of(
    st.none(), st.just(""), st.text(max_size=3), st.integers(-2, 2)
)
changes = st.one_of(
    st.builds(FieldChange, side=st.sampled_from(Side), value=values, at=st.just(T0)),
    st.builds(Resync, at=st.just(T0)),
)


@given(
    mapping=cs.field_mappings(rules=st.just(SyncRule.DONT_SYNC)),
    hs=values,
    sf=values,
    change=changes,
)
def test_fm4_the_library_moves_nothing_under_dont_sync(
    mapping: FieldMapping, hs: FieldValue, sf: FieldValue, change: FieldChange | Resync
) -> None:
    """FM-4 "Don't sync": nothing passes, clearings included."""
    result = resolve_field_value(
        mapping, hubspot_value=hs, salesforce_value=sf, change=change
    )
    after = (result.hubspot_value, result.salesforce_value)
    assert dont_sync_moves(mapping, before=(hs, sf), change=change, after=after) == ()


def test_fm4_a_value_moved_under_dont_sync_is_caught() -> None:
    """FM-4: a value moved under Don't sync is caught."""
    mapping = _mapping(SyncRule.DONT_SYNC)
    change = FieldChange(side=Side.HUBSPOT, value="CEO", at=T0)
    assert (
        dont_sync_moves(mapping, before=("CFO", ""), change=change, after=("CEO", None))
        == ()
    )
    (violation,) = dont_sync_moves(
        mapping, before=("CFO", ""), change=change, after=("CEO", "CEO")
    )
    assert violation.rule == "FM-4"
    assert violation.detail == (
        'Under the "Don\'t sync" mapping contacts.jobtitle (text) <-> '
        "Contact.Title (string), Salesforce went from '' to 'CEO' without a "
        "change of its own."
    )
    cleared = dont_sync_moves(
        mapping, before=("CFO", "CFO"), change=Resync(at=T0), after=(None, None)
    )
    assert [v.detail.split(", ")[1].split(" went")[0] for v in cleared] == [
        "HubSpot",
        "Salesforce",
    ]


def test_fm4_other_rules_and_owner_mappings_are_not_judged() -> None:
    """FM-4: other rules and owner mappings are not judged."""
    change = FieldChange(side=Side.HUBSPOT, value="x", at=T0)
    for mapping in (
        _mapping(SyncRule.TWO_WAY),
        _mapping(SyncRule.DONT_SYNC, owner=True),
    ):
        assert (
            dont_sync_moves(
                mapping, before=(None, None), change=change, after=("x", "x")
            )
            == ()
        )
