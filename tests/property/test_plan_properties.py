"""Invariants of the planner: conservation and order-independence.

Two sources of snapshots: the public ``crmsync_rules.strategies.snapshots()``
(valid snapshots whose references hold, with addresses shared in different
spellings), and ``broken_snapshots`` below, small inline strategies with
tiny id and address pools, so that duplicate ids, dangling references and
invalid addresses (which the public strategies never make) come up too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules import (
    ContactCreation,
    HubSpotCompany,
    HubSpotDeal,
    HubSpotOwner,
    HubSpotRecords,
    IntegrationSettings,
    LifecycleStage,
    OpportunityContactRole,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceRecords,
    SalesforceUser,
    Snapshot,
    plan,
)
from crmsync_rules.codec import NDJSON_TYPES
from crmsync_rules.invariants import assert_no_violations, contradicting_pairs
from crmsync_rules.owners import OwnerAction
from crmsync_rules.planner import PlanAction, PlanEntry
from crmsync_rules.strategies import hubspot_contacts, snapshots

ids = st.sampled_from(["1", "2", "3", "4"])
maybe_id = st.none() | ids
# Leads and contacts from pools of their own, as Salesforce's ids are (an
# id's first three characters name its object): a lead and a contact never
# share an id, so a plan need not tell apart two records Salesforce cannot
# hold. Ids collide freely within each object.
lead_ids = ids.map(lambda i: f"00Q{i}")
contact_ids = ids.map(lambda i: f"003{i}")
emails = st.none() | st.sampled_from(
    ["jan@vries.nl", "JAN@Vries.nl", "an@example.com", "bad@@example.com"]
)
owner_emails = st.sampled_from(["an@example.com", "ada@acme-corp.com"])
names = st.none() | st.sampled_from(["An", "Jan"])
flags = st.booleans()

integration = st.builds(
    IntegrationSettings,
    integrated_on=st.sampled_from([dt.date(2016, 5, 10), dt.date(2021, 2, 1)]),
    contact_creation=st.sampled_from(ContactCreation),
    new_records_as=st.sampled_from([SalesforceObject.LEAD, SalesforceObject.CONTACT]),
    account_sync=flags,
    automatic_lifecycle_transitions=flags,
    lifecycle_stage_sync=flags,
    person_accounts=flags,
    deal_sync=flags,
    synced_pipelines=st.sampled_from([(), ("default",)]),
)
hubspot_records = st.builds(
    HubSpotRecords,
    contacts=st.lists(
        # Through the public strategy: it drops a contact link naming the
        # lead link's record, which the model refuses (a lead and a contact
        # never share an id).
        hubspot_contacts(
            ids=ids,
            emails=emails,
            first_names=st.none(),
            last_names=st.none(),
            companies=st.none(),
            lifecycle_stages=st.none() | st.sampled_from(LifecycleStage),
            owner_ids=maybe_id,
            unsubscribed=flags,
            company_ids=st.lists(ids, max_size=2).map(tuple),
            salesforce_lead_ids=st.none() | lead_ids,
            salesforce_contact_ids=st.none() | contact_ids,
        ),
        max_size=5,
    ).map(tuple),
    companies=st.lists(
        st.builds(HubSpotCompany, id=ids, salesforce_account_id=maybe_id), max_size=3
    ).map(tuple),
    deals=st.lists(
        st.builds(
            HubSpotDeal,
            id=ids,
            pipeline=st.sampled_from(["default", "other"]),
            salesforce_opportunity_id=maybe_id,
        ),
        max_size=2,
    ).map(tuple),
    owners=st.lists(
        st.builds(HubSpotOwner, id=ids, email=owner_emails, first_name=names),
        max_size=2,
    ).map(tuple),
)
salesforce_records = st.builds(
    SalesforceRecords,
    leads=st.lists(
        st.builds(
            SalesforceLead,
            id=lead_ids,
            email=emails,
            owner_id=maybe_id,
            has_opted_out_of_email=flags,
        ),
        max_size=4,
    ).map(tuple),
    contacts=st.lists(
        st.builds(
            SalesforceContact,
            id=contact_ids,
            email=emails,
            account_id=maybe_id,
            owner_id=maybe_id,
            has_opted_out_of_email=flags,
        ),
        max_size=4,
    ).map(tuple),
    accounts=st.lists(
        st.builds(
            SalesforceAccount, id=ids, is_person_account=flags, owner_id=maybe_id
        ),
        max_size=3,
    ).map(tuple),
    opportunities=st.lists(
        st.builds(
            SalesforceOpportunity,
            id=ids,
            account_id=maybe_id,
            is_closed=flags,
            is_won=flags,
            contact_roles=st.lists(
                st.builds(OpportunityContactRole, contact_id=contact_ids), max_size=2
            ).map(tuple),
        ),
        max_size=2,
    ).map(tuple),
    users=st.lists(
        st.builds(SalesforceUser, id=ids, email=owner_emails, first_name=names),
        max_size=2,
    ).map(tuple),
    queues=st.lists(
        st.builds(SalesforceQueue, id=ids, name=st.just("Inbound")), max_size=1
    ).map(tuple),
)
broken_snapshots = st.builds(
    Snapshot,
    settings=integration,
    hubspot=hubspot_records,
    salesforce=salesforce_records,
)

_NAME_OF = {cls: name for name, cls in NDJSON_TYPES.items()}


def _shuffled(snapshot: Snapshot, data: st.DataObject) -> Snapshot:
    def permute(records: Any) -> dict[str, tuple[Any, ...]]:
        return {
            field: tuple(data.draw(st.permutations(getattr(records, field))))
            for field in attrs.fields_dict(type(records))
        }

    return Snapshot(
        settings=snapshot.settings,
        hubspot=HubSpotRecords(**permute(snapshot.hubspot)),
        salesforce=SalesforceRecords(**permute(snapshot.salesforce)),
    )


@given(snapshots() | broken_snapshots)
def test_every_input_record_appears_in_exactly_one_entry(snapshot: Snapshot) -> None:
    """DESIGN: "one entry per input record ... Nothing is dropped: records
    that cannot be decided (bad email, missing field) appear with a rejection
    and its reason." """
    result = plan(snapshot)
    inputs = Counter((_NAME_OF[type(r)], r.id) for r in snapshot.records())
    entries = Counter((e.record_type, e.record_id) for e in result.entries)
    assert entries == inputs
    assert sum(n for _, n in result.counts) == len(result.entries)
    for entry in result.entries:
        assert entry.reasons
        if entry.action is PlanAction.REJECTED:
            assert "ERR-1" in {r.rule for r in entry.reasons}


@given(snapshots() | broken_snapshots, st.data())
def test_the_plan_is_the_same_for_any_order_of_the_records(
    snapshot: Snapshot, data: st.DataObject
) -> None:
    """Issue 5: "The plan is deterministic and independent of input order"
    (DUP-1's batch resolution: "any permutation of the input gives the same
    resolution")."""
    assert plan(_shuffled(snapshot, data)) == plan(snapshot)


# --- Entries that agree with each other and with themselves (issue 13) -------

_SYNCING = frozenset(
    {
        PlanAction.SYNC,
        PlanAction.DEDUPE,
        PlanAction.CREATE_IN_HUBSPOT,
        PlanAction.CREATE_IN_SALESFORCE,
        PlanAction.CREATE_DEAL,
    }
)


@given(snapshots() | broken_snapshots)
def test_sync6_opt2_the_two_entries_of_a_pair_never_contradict_each_other(
    snapshot: Snapshot,
) -> None:
    """Issue 13: "if A says it syncs with B, B's entry syncs with A; one
    opt-out outcome per pair, visible on both" (SYNC-6: a match dedupes and
    syncs whatever contact creation says; OPT-2, OPT-4)."""
    assert_no_violations(contradicting_pairs(plan(snapshot)))


_CREATES = PlanAction.CREATE_IN_HUBSPOT, PlanAction.CREATE_ONLY
# What a sentence claims about its entry's record, and the actions on which
# the claim holds. A claim on an entry with any other action contradicts it.
_CLAIMS: tuple[tuple[re.Pattern[str], frozenset[PlanAction]], ...] = tuple(
    (re.compile(pattern), frozenset(actions))
    for pattern, actions in (
        # DUP-1: the lead or contact itself creates a HubSpot contact.
        (r"so it creates one\.|creates a HubSpot contact of its own", _CREATES),
        # DUP-1: it shares the contact another new record creates.
        (
            r"the HubSpot contact that Salesforce record '[^']*' creates",
            (PlanAction.DEDUPE, PlanAction.CREATE_ONLY),
        ),
        # DUP-2, PA-2, PA-3: the account creates a HubSpot company or contact.
        (
            r"matches no HubSpot company and creates one|creates a HubSpot company|"
            r"produces (one|a) |"
            r"becomes both the HubSpot contact",
            (PlanAction.CREATE_IN_HUBSPOT,),
        ),
        # DUP-5, DEAL-2: the opportunity creates a deal.
        (r"creates a HubSpot deal", (PlanAction.CREATE_DEAL,)),
        # PA-4, CN-2, CO-1: the HubSpot record creates a Salesforce record.
        (
            r"creates a Salesforce (Lead|Contact)|will become a Salesforce|"
            r"so HubSpot creates an account",
            (PlanAction.CREATE_IN_SALESFORCE,),
        ),
        # SYNC-4, SYNC-6: the pair syncs from now on.
        (r"syncs from then on", _SYNCING),
        (
            r"later updates do not sync while it stays excluded",
            (PlanAction.CREATE_ONLY,),
        ),
        (r"creates no HubSpot contact|creates nothing", (PlanAction.NOT_CREATED,)),
        # SYNC-4, SYNC-5, CN-3, DEAL-2: the record does not sync now.
        (
            r"so it does not sync to Salesforce|updates from either side do not "
            r"sync|Account sync is off, so (HubSpot company|Salesforce account) "
            r"'[^']*' does not sync|which is not synced|Deal sync is off",
            (PlanAction.SKIP,),
        ),
    )
)
_TARGET_CLAIMS = re.compile(
    r"(?:already syncs with|dedupes into) HubSpot contact '([^']*)'|"
    r"syncs with Salesforce (lead|contact) '([^']*)'"
)
_NO_TARGET = frozenset(
    {PlanAction.REJECTED, PlanAction.NOT_CREATED, PlanAction.REFERENCE}
)
_NEW_TARGET = frozenset(
    {
        PlanAction.CREATE_IN_HUBSPOT,
        PlanAction.CREATE_IN_SALESFORCE,
        PlanAction.CREATE_DEAL,
    }
)


def contradictions(entry: PlanEntry) -> list[str]:
    """How *entry*'s parts contradict its action (issue 13, item 9).

    Contradicting means any of:

    * target: rejected, not_created and reference entries name no target;
      the three creations name the type of a record still to be created
      (no id); sync names an existing record; dedupe names an existing
      record or, in ``related``, the record whose new contact it shares;
      skip never names a record still to be created;
    * a sentence claims what the action denies (`_CLAIMS`): creation
      sentences only on creation entries, "syncs from then on" only on
      syncing ones, "does not sync" only on skips, "creates nothing" only
      on not_created;
    * a sentence names the record the entry pairs with (DUP-1's "already
      syncs with"/"dedupes into" HubSpot contact, CN-2's "syncs with
      Salesforce lead"), and that is neither the entry's record nor its
      target;
    * the owner outcome: only on entries that sync, are created
      (create_only) or are owners (reference); ``set`` and ``revert`` name
      the owner they write, ``import`` the owner imported, ``unchanged``
      names none, ``keep`` the Salesforce owner kept (OWN-7); OWN-6's
      ``assignment_rules`` and ``integration_user`` only on records HubSpot
      creates in Salesforce; no OWN-5 revert on a Salesforce record still
      to be created;
    * an opt-out outcome on an entry that pairs with nothing.
    """
    found = []
    action = entry.action
    if action in _NO_TARGET and (entry.target_type or entry.target_id):
        found.append("a target")
    if action in _NEW_TARGET and (entry.target_type is None or entry.target_id):
        found.append("not a new target")
    if action is PlanAction.SYNC and entry.target_id is None:
        found.append("no existing target")
    if action is PlanAction.DEDUPE and not (entry.target_id or entry.related):
        found.append("nothing to dedupe into")
    if action is PlanAction.SKIP and entry.target_type and entry.target_id is None:
        found.append("a new target")
    for reason in entry.reasons:
        for pattern, actions in _CLAIMS:
            if pattern.search(reason.detail) and action not in actions:
                found.append(f"{reason}")
        for match in _TARGET_CLAIMS.finditer(reason.detail):
            contact, kind, record = match.groups()
            if contact is not None and contact not in (
                entry.record_id,
                entry.target_id,
            ):
                found.append(f"{reason} (target {entry.target_id!r})")
            if kind is not None and (entry.target_type, entry.target_id) != (
                f"salesforce_{kind}",
                record,
            ):
                found.append(f"{reason} (target {entry.target_id!r})")
        if (
            reason.rule == "OWN-5"
            and action is PlanAction.CREATE_IN_SALESFORCE
            and re.search(r"revert|Salesforce holds", reason.detail)
        ):
            found.append(f"{reason} on a record still to be created")
    owner = entry.owner
    if owner is not None:
        if action not in _SYNCING | {PlanAction.CREATE_ONLY, PlanAction.REFERENCE}:
            found.append(f"an owner outcome {owner.action.value!r}")
        named = {
            OwnerAction.SET: owner.owner_id,
            OwnerAction.REVERT: owner.owner_id,
            OwnerAction.IMPORT: owner.import_from,
            OwnerAction.UNCHANGED: "",
            OwnerAction.KEEP: owner.owner_id,
            OwnerAction.ASSIGNMENT_RULES: "",
            OwnerAction.INTEGRATION_USER: owner.owner_id or "",
        }[owner.action]
        if action is not PlanAction.CREATE_IN_SALESFORCE and owner.action in {
            OwnerAction.ASSIGNMENT_RULES,
            OwnerAction.INTEGRATION_USER,
        }:
            found.append(f"OWN-6's {owner.action.value!r} on a record not created")
        if named is None or (
            owner.action in {OwnerAction.UNCHANGED, OwnerAction.ASSIGNMENT_RULES}
            and (owner.owner_id or owner.import_from)
        ):
            found.append(f"owner outcome {owner.action.value!r} {owner.owner_id!r}")
    if entry.optout is not None and (action in _NO_TARGET or entry.target_type is None):
        found.append("an opt-out outcome")
    return found


@given(snapshots() | broken_snapshots)
def test_no_reason_contradicts_its_entrys_action(snapshot: Snapshot) -> None:
    """Issue 13: "Add a property over generated snapshots that no reason
    contradicts its entry's action" (see `contradictions` for what
    contradicting means)."""
    found = {
        f"{e.record_type} {e.record_id} {e.action.value}": c
        for e in plan(snapshot).entries
        if (c := contradictions(e))
    }
    assert found == {}


_QUOTED = re.compile(r"""(?<!\w)'(?:[^'\\\n]|\\.)*'(?!\w)|"(?:[^"\\\n]|\\.)*\"""")
# "None of the ..." is English.
_PYTHON = re.compile(r"\b(?:None(?! of\b)|True|False)\b|<\w+\.\w+: ")


def python_values(sentence: str) -> list[str]:
    """Python values outside quoted values in *sentence*: ``None``,
    ``True``, ``False`` and enum reprs; and a possessive glued to a quoted
    value (``'001A''s``)."""
    found = _PYTHON.findall(_QUOTED.sub("''", sentence))
    if "''s " in sentence:
        found.append("''s")
    return found


@given(snapshots() | broken_snapshots)
def test_no_sentence_holds_a_python_value(snapshot: Snapshot) -> None:
    """Issue 13: "no rendered sentence (reason detail, finding text) holds
    None, True or False outside a quoted value"."""
    result = plan(snapshot)
    sentences = [r.detail for e in result.entries for r in e.reasons]
    sentences += [text for f in result.findings for text in (f.detail, f.fix)]
    found = {s: p for s in sentences if (p := python_values(s))}
    assert found == {}
