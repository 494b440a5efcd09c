"""OPT-2 to OPT-6, exhaustively: every sequence of up to six opt-out events
from every starting state, through the real `apply_optout` and
`address_change`, against a reference model written from RULES.md.

The events
    Ten things can happen to one contact: HubSpot unsubscribe, the
    contact's own resubscribe, Salesforce tick, Salesforce untick, the
    contact enters the inclusion list, it leaves the list, a sync, and three
    changes of its email address (OPT-6): to a new address no one has used,
    to an address unsubscribed already (on the portal's list, OPT-5), and
    back to its previous address.

    The address changes are `address_change` calls, with the same
    ``syncing`` flag. Only three addresses matter to any later step: the
    current one (whose opt-out is the contact's HubSpot status, OPT-5), the
    previous one (opted out or not; none before the first change, when
    "back" changes nothing and is still a step) and the target. So the
    walker names them afresh at every change (the current address is always
    ``now@example.com``, the previous one ``before@example.com``) and keeps
    the previous address's opt-out in the node; an address left behind
    twice can never be reached again by these events, and its opt-out, kept
    for good, touches nothing later.

    The first four and the sync are `apply_optout` calls (the sync is
    ``OptOutEvent.SYNCED``). Entering and leaving the list are *not* calls:
    they flip the ``syncing`` flag the walker passes to every later call,
    the way a service passes ``SyncDecision.syncing`` from `should_sync`.
    Entering pushes nothing by itself (TRIG-3, "choosing a list pushes
    nothing by itself"); the held status passes on the contact's next call
    with ``syncing=True``, a plain sync or any opt-out event. Entering while
    in the list, or leaving while out of it, changes nothing and is still a
    step of the sequence.

The starting states
    HubSpot unsubscribed or not x Salesforce opted out or not x in the list
    (syncing) or not x never synced or synced before: 16 states. A never
    synced pair is ``OptOutState.never_synced(...)``: whichever side is opted
    out holds that status for the first sync (OPT-4). A pair synced before
    holds nothing; all four combinations are included, even "HubSpot
    subscribed, Salesforce opted out", which the rules cannot produce but a
    caller can pass.

The reference model (`Reference`, `reference_step`)
    Written from RULES.md, not from the implementation, and on a different
    footing: it remembers each side's status at the last sync (the
    *baseline*) and the order in which the sides last changed, not a list of
    events. While the contact does not sync, an event changes its own side
    only (OPT-4, "passes in neither direction"). On the next call while
    syncing, each side whose status now differs from its baseline passes
    that status to the other side (OPT-4, "until its first sync"), the side
    that changed last passing last: an unsubscribe or a tick opts the other
    side out (OPT-2), an untick leaves HubSpot as it is (OPT-3), and the
    contact's own resubscribe unticks Salesforce (docs/decisions.md). A side
    that changed and changed back has nothing to pass. Then the call's own
    event applies by the same rules, with a plain sync citing OPT-4 when
    nothing was waiting.

    An address change (OPT-6, `reference_address_change`): the contact's
    HubSpot status becomes the new address's own (OPT-5: the old address's
    opt-out does not carry over, and the old address stays opted out);
    Salesforce's Email Opt Out belongs to the record and stays as it is
    (RULES.md's Open choice), and what the new address has not seen passes
    at the next sync (OPT-2): each side opted out while the other is not has
    a baseline of "not opted out"; sides that agree have nothing to pass.
    The change cites OPT-6, OPT-5, OPT-6; when the contact syncs, the change
    is followed by a sync, as above.

The checks, on every step of every sequence
    - implementation and reference agree on both sides' status and on the
      rules cited, in order;
    - OPT-3: HubSpot never goes from unsubscribed to subscribed except on
      the contact's own resubscribe or an address change to an address
      whose own state is subscribed (so no sequence resubscribes an address
      in any other way), and no address change unticks Salesforce;
    - OPT-6: an address change leaves the old address opted out exactly
      when the contact was (the node's previous address, and the result's
      ``old_address_unsubscribed``); the result's
      ``new_address_unsubscribed`` is the target's own state; while not
      syncing the contact takes it and Salesforce stays as it is;
    - OPT-2: while syncing, a HubSpot unsubscribe or a Salesforce tick
      leaves both sides opted out;
    - OPT-4: while not syncing, the other side does not change and the only
      rule cited is OPT-4; after a call while syncing nothing is held, a
      call that found held events cites OPT-4 first, and a sync that found
      only opt-outs held leaves both sides opted out;
    - every decision cites catalogue rules, each with a one-sentence detail
      naming the contact or an address.

Pruning, and why it loses nothing
    10 events, sequences of length 0..6, 16 starting states: 17,777,776
    sequences. Every check above looks at one step only: the state before
    it (the implementation's `OptOutState`, the reference's state, the
    ``syncing`` flag and the previous address's opt-out), the step, and the
    state after. So a sequence passes
    exactly when each of its steps passes from the state the sequence has
    reached, and two sequences that reach the same triple of states have
    the same futures. The walk therefore visits the sequences depth by depth
    but checks each distinct (triple, step) pair once, and counts how many
    sequences run through it; the test asserts that the counted sequences
    are all 2,196,112. A sequence-level property such as "no sequence
    resubscribes a contact except its own resubscribe" follows from its
    step-level form.
"""

from __future__ import annotations

import enum
from collections import Counter
from typing import NamedTuple

from crmsync_rules import apply_optout
from crmsync_rules.model import RULES, Reason
from crmsync_rules.optout import OptOutEvent, OptOutState, address_change


class Step(enum.Enum):
    """One thing that can happen to the contact."""

    HUBSPOT_UNSUBSCRIBE = "HubSpot unsubscribe"
    CONTACT_RESUBSCRIBE = "contact resubscribes"
    SALESFORCE_TICK = "Salesforce tick"
    SALESFORCE_UNTICK = "Salesforce untick"
    ENTERS_LIST = "enters the inclusion list"
    LEAVES_LIST = "leaves the inclusion list"
    SYNC = "sync"
    NEW_ADDRESS = "address changes to a new address"
    UNSUBSCRIBED_ADDRESS = "address changes to an address unsubscribed already"
    PREVIOUS_ADDRESS = "address changes back to the previous one"


ADDRESS_CHANGES = (Step.NEW_ADDRESS, Step.UNSUBSCRIBED_ADDRESS, Step.PREVIOUS_ADDRESS)
NOW, BEFORE = "now@example.com", "before@example.com"
TARGET_OF = {
    Step.NEW_ADDRESS: "new@example.com",
    Step.UNSUBSCRIBED_ADDRESS: "gone@example.com",
    Step.PREVIOUS_ADDRESS: BEFORE,
}


EVENT_OF: dict[Step, OptOutEvent] = {
    Step.HUBSPOT_UNSUBSCRIBE: OptOutEvent.HUBSPOT_UNSUBSCRIBED,
    Step.CONTACT_RESUBSCRIBE: OptOutEvent.CONTACT_RESUBSCRIBED,
    Step.SALESFORCE_TICK: OptOutEvent.SALESFORCE_OPTED_OUT,
    Step.SALESFORCE_UNTICK: OptOutEvent.SALESFORCE_OPTED_IN,
    Step.SYNC: OptOutEvent.SYNCED,
}

MAX_LENGTH = 6
CONTACT = "501"


class Reference(NamedTuple):
    """The reference model's view of one contact (see the module docstring).

    ``changed`` lists the sides ("hubspot", "salesforce") that changed since
    the last sync, the one that changed most recently last.
    """

    hubspot: bool
    salesforce: bool
    base_hubspot: bool
    base_salesforce: bool
    changed: tuple[str, ...] = ()


# What a side's status does to the pair when it reaches the other side, and
# the rule that says so: (new HubSpot status, new Salesforce status, rule),
# ``None`` meaning "as it is".
_CROSSING: dict[tuple[str, bool], tuple[bool | None, bool | None, str]] = {
    ("hubspot", True): (True, True, "OPT-2"),  # unsubscribed: tick Salesforce
    ("hubspot", False): (False, False, "OPT-3"),  # own resubscribe: untick
    ("salesforce", True): (True, True, "OPT-2"),  # ticked: unsubscribe
    ("salesforce", False): (None, False, "OPT-3"),  # unticked: never resubscribe
}

_SIDE_AND_STATUS: dict[Step, tuple[str, bool]] = {
    Step.HUBSPOT_UNSUBSCRIBE: ("hubspot", True),
    Step.CONTACT_RESUBSCRIBE: ("hubspot", False),
    Step.SALESFORCE_TICK: ("salesforce", True),
    Step.SALESFORCE_UNTICK: ("salesforce", False),
}


def _cross(ref: Reference, side: str, status: bool) -> tuple[Reference, str]:
    hubspot, salesforce, rule = _CROSSING[side, status]
    return ref._replace(
        hubspot=ref.hubspot if hubspot is None else hubspot,
        salesforce=ref.salesforce if salesforce is None else salesforce,
    ), rule


def reference_step(
    ref: Reference, step: Step, *, syncing: bool
) -> tuple[Reference, list[str]]:
    """The reference model's answer to one `apply_optout` call."""
    if not syncing:
        if step is Step.SYNC:
            return ref, ["OPT-4"]
        side, status = _SIDE_AND_STATUS[step]
        if getattr(ref, side) == status:
            return ref, ["OPT-4"]
        changed = (*(s for s in ref.changed if s != side), side)
        return ref._replace(**{side: status}, changed=changed), ["OPT-4"]
    baseline = {"hubspot": ref.base_hubspot, "salesforce": ref.base_salesforce}
    pending = [
        (side, getattr(ref, side))
        for side in ref.changed
        if getattr(ref, side) != baseline[side]
    ]
    rules = ["OPT-4"] if pending else []
    for side, status in pending:
        ref, rule = _cross(ref, side, status)
        rules.append(rule)
    if step is not Step.SYNC:
        ref, rule = _cross(ref, *_SIDE_AND_STATUS[step])
        rules.append(rule)
    elif not pending:
        rules.append("OPT-4")
    settled = ref._replace(
        base_hubspot=ref.hubspot, base_salesforce=ref.salesforce, changed=()
    )
    return settled, rules


def reference_address_change(
    ref: Reference, new_unsubscribed: bool, *, syncing: bool
) -> tuple[Reference, list[str]]:
    """The reference model's answer to one `address_change` call to an
    address whose own state is *new_unsubscribed* (module docstring)."""
    hubspot, salesforce = new_unsubscribed, ref.salesforce
    agree = hubspot == salesforce
    changed = tuple(
        side
        for side, out in (("salesforce", salesforce), ("hubspot", hubspot))
        if out and not agree
    )
    ref = Reference(
        hubspot=hubspot,
        salesforce=salesforce,
        base_hubspot=hubspot if agree else False,
        base_salesforce=salesforce if agree else False,
        changed=changed,
    )
    rules = ["OPT-6", "OPT-5", "OPT-6"]
    if syncing:
        ref, synced = reference_step(ref, Step.SYNC, syncing=True)
        rules.extend(synced)
    return ref, rules


class Node(NamedTuple):
    """Where a sequence has got to: both models, the list membership, and
    the previous address's opt-out (``None``: no previous address)."""

    state: OptOutState
    ref: Reference
    syncing: bool
    previous: bool | None = None


def starting_nodes() -> list[Node]:
    """The 16 starting states of the module docstring."""
    nodes = []
    for hubspot in (False, True):
        for salesforce in (False, True):
            for syncing in (False, True):
                never = OptOutState.never_synced(
                    contact_id=CONTACT,
                    salesforce_id="00Q1",
                    hubspot_unsubscribed=hubspot,
                    salesforce_opted_out=salesforce,
                )
                changed = tuple(
                    side
                    for side, out in (("hubspot", hubspot), ("salesforce", salesforce))
                    if out
                )
                nodes.append(
                    Node(
                        never,
                        Reference(hubspot, salesforce, False, False, changed),
                        syncing,
                    )
                )
                synced = OptOutState(
                    contact_id=CONTACT,
                    salesforce_id="00Q1",
                    hubspot_unsubscribed=hubspot,
                    salesforce_opted_out=salesforce,
                )
                nodes.append(
                    Node(
                        synced,
                        Reference(hubspot, salesforce, hubspot, salesforce),
                        syncing,
                    )
                )
    return nodes


def _other_side(step: Step, state: OptOutState) -> bool | tuple[bool, bool]:
    if step in (Step.HUBSPOT_UNSUBSCRIBE, Step.CONTACT_RESUBSCRIBE):
        return state.salesforce_opted_out
    if step in (Step.SALESFORCE_TICK, Step.SALESFORCE_UNTICK):
        return state.hubspot_unsubscribed
    return state.hubspot_unsubscribed, state.salesforce_opted_out


def check_address_change(node: Node, step: Step) -> Node:
    """Take the address change *step* from *node* in both models, check it
    (OPT-6, and the checks every step shares), return the result."""
    before, syncing = node.state, node.syncing
    target = {
        Step.NEW_ADDRESS: False,
        Step.UNSUBSCRIBED_ADDRESS: True,
        Step.PREVIOUS_ADDRESS: node.previous,
    }[step]
    if target is None:
        return node  # no previous address to go back to
    unsubscribed = ["gone@example.com"] + ([BEFORE] if node.previous else [])
    change = address_change(
        before,
        old_address=NOW,
        new_address=TARGET_OF[step],
        syncing=syncing,
        unsubscribed_addresses=unsubscribed,
    )
    after = change.state
    ref, expected_rules = reference_address_change(node.ref, target, syncing=syncing)
    where = f"{step.value} from {before} (syncing={syncing}, previous={node.previous})"
    _check_common(after, ref, change.reasons, expected_rules, where)
    # OPT-6: the old address stays opted out exactly when the contact was;
    # the new address has its own state, which the contact takes.
    assert change.old_address_unsubscribed is before.hubspot_unsubscribed, where
    assert change.new_address_unsubscribed is target, where
    if not syncing:
        assert after.hubspot_unsubscribed is target, where
        assert after.salesforce_opted_out is before.salesforce_opted_out, where
    else:
        assert after.held == (), where
    # OPT-3: an address change resubscribes the contact only to an address
    # whose own state is subscribed, and never unticks Salesforce.
    if before.hubspot_unsubscribed and not after.hubspot_unsubscribed:
        assert target is False, where
    if before.salesforce_opted_out:
        assert after.salesforce_opted_out, where
    return Node(after, ref, syncing, before.hubspot_unsubscribed)


def _check_common(
    after: OptOutState,
    ref: Reference,
    reasons: tuple[Reason, ...],
    expected_rules: list[str],
    where: str,
) -> None:
    """The checks every step shares: both models agree, and every reason
    cites a catalogue rule in one sentence naming the contact or an
    address."""
    rules = [reason.rule for reason in reasons]
    assert (after.hubspot_unsubscribed, after.salesforce_opted_out) == (
        ref.hubspot,
        ref.salesforce,
    ), where
    assert rules == expected_rules, where
    assert rules, where
    for reason in reasons:
        assert reason.rule in RULES, where
        assert (
            f"'{CONTACT}'" in reason.detail
            or "Email Opt Out" in reason.detail
            or "@example.com" in reason.detail
        ), where
        assert reason.detail.endswith("."), where


def check_step(node: Node, step: Step) -> Node:
    """Take *step* from *node* in both models, check it, return the result."""
    if step is Step.ENTERS_LIST:
        return node._replace(syncing=True)
    if step is Step.LEAVES_LIST:
        return node._replace(syncing=False)
    if step in ADDRESS_CHANGES:
        return check_address_change(node, step)
    before, syncing = node.state, node.syncing
    decision = apply_optout(before, EVENT_OF[step], syncing=syncing)
    after = decision.state
    ref, expected_rules = reference_step(node.ref, step, syncing=syncing)
    rules = [reason.rule for reason in decision.reasons]
    where = f"{step.value} from {before} (syncing={syncing})"
    _check_common(after, ref, decision.reasons, expected_rules, where)

    # OPT-3: only the contact's own resubscribe takes it back.
    if before.hubspot_unsubscribed and not after.hubspot_unsubscribed:
        assert step is Step.CONTACT_RESUBSCRIBE, where
    # OPT-2: an unsubscribe or a tick reaches the other side while syncing.
    if syncing and step in (Step.HUBSPOT_UNSUBSCRIBE, Step.SALESFORCE_TICK):
        assert (after.hubspot_unsubscribed, after.salesforce_opted_out) == (
            True,
            True,
        ), where
    # OPT-4: nothing passes while not syncing; the held status passes on the
    # next sync.
    if not syncing:
        assert _other_side(step, after) == _other_side(step, before), where
        assert rules == ["OPT-4"], where
    else:
        assert after.held == (), where
        if before.held:
            assert rules[0] == "OPT-4", where
        opt_outs = {OptOutEvent.HUBSPOT_UNSUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_OUT}
        if step is Step.SYNC and before.held and set(before.held) <= opt_outs:
            assert (after.hubspot_unsubscribed, after.salesforce_opted_out) == (
                True,
                True,
            ), where
    return Node(after, ref, syncing, node.previous)


def test_opt2_to_opt6_every_event_sequence_up_to_six_steps() -> None:
    """OPT-2: "Unsubscribing in HubSpot, or ticking Email Opt Out in
    Salesforce, updates the other system." OPT-3: "unticking Email Opt Out in
    Salesforce does not resubscribe it; only the contact's own action can."
    OPT-4: "its opt-out status passes in neither direction until its first
    sync." OPT-5: an unsubscribe "belongs to the email address". OPT-6:
    "when a contact's email address changes, the opt-out of the old address
    does not carry over to the new one, and the old address stays opted
    out". Checked on every step of every sequence (module docstring)."""
    frontier = Counter(starting_nodes())
    # A pair never synced with nothing opted out is the same state as one
    # synced before with nothing opted out: 16 starts, 14 distinct states.
    assert (sum(frontier.values()), len(frontier)) == (16, 14)
    walked: dict[tuple[Node, Step], Node] = {}
    sequences = 0
    for depth in range(MAX_LENGTH + 1):
        sequences += sum(frontier.values())
        if depth == MAX_LENGTH:
            break
        following: Counter[Node] = Counter()
        for node, count in frontier.items():
            for step in Step:
                if (node, step) not in walked:
                    walked[node, step] = check_step(node, step)
                following[walked[node, step]] += count
        frontier = following
    assert sequences == 16 * sum(len(Step) ** n for n in range(MAX_LENGTH + 1))
    assert sequences == 17_777_776
    print(f"{sequences} sequences, {len(walked)} distinct steps checked")


def test_opt3_reference_model_resubscribes_only_on_the_contacts_own_action() -> None:
    """OPT-3, for the reference model itself: a model that could resubscribe
    on an untick would make the comparison worthless."""
    ref = Reference(True, True, True, True)
    for syncing in (False, True):
        after, _ = reference_step(ref, Step.SALESFORCE_UNTICK, syncing=syncing)
        assert after.hubspot
    after, rules = reference_step(ref, Step.CONTACT_RESUBSCRIBE, syncing=True)
    assert (after.hubspot, after.salesforce, rules) == (False, False, ["OPT-3"])


def test_opt4_a_change_undone_before_the_sync_passes_nothing() -> None:
    """OPT-4: "its opt-out status passes in neither direction until its
    first sync": what passes is the status at the sync, so a Salesforce tick
    unticked again before the contact syncs leaves HubSpot subscribed."""
    state = OptOutState(contact_id=CONTACT, salesforce_id="00Q1")
    for event in (OptOutEvent.SALESFORCE_OPTED_OUT, OptOutEvent.SALESFORCE_OPTED_IN):
        state = apply_optout(state, event, syncing=False).state
    assert state.held == ()
    first = apply_optout(state, OptOutEvent.SYNCED, syncing=True)
    assert (first.state.hubspot_unsubscribed, first.state.salesforce_opted_out) == (
        False,
        False,
    )
    assert [r.rule for r in first.reasons] == ["OPT-4"]
