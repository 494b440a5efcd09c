"""OPT-2, OPT-3, OPT-4, exhaustively: every sequence of up to six opt-out events from
every starting state, through the real `apply_optout`, against a reference
model written from RULES.md.

The events
    Seven things can happen to one contact: HubSpot unsubscribe, the
    contact's own resubscribe, Salesforce tick, Salesforce untick, the
    contact enters the inclusion list, it leaves the list, and a sync.

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

The checks, on every step of every sequence
    - implementation and reference agree on both sides' status and on the
      rules cited, in order;
    - OPT-3: HubSpot never goes from unsubscribed to subscribed except on
      the contact's own resubscribe (so no sequence resubscribes a contact
      in any other way);
    - OPT-2: while syncing, a HubSpot unsubscribe or a Salesforce tick
      leaves both sides opted out;
    - OPT-4: while not syncing, the other side does not change and the only
      rule cited is OPT-4; after a call while syncing nothing is held, a
      call that found held events cites OPT-4 first, and a sync that found
      only opt-outs held leaves both sides opted out;
    - every decision cites catalogue rules, each with a one-sentence detail
      naming the contact.

Pruning, and why it loses nothing
    7 events, sequences of length 0..6, 16 starting states: 2,196,112
    sequences. Every check above looks at one step only: the state before
    it (the implementation's `OptOutState`, the reference's state and the
    ``syncing`` flag), the step, and the state after. So a sequence passes
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
from crmsync_rules.model import RULES
from crmsync_rules.optout import OptOutEvent, OptOutState


class Step(enum.Enum):
    """One thing that can happen to the contact."""

    HUBSPOT_UNSUBSCRIBE = "HubSpot unsubscribe"
    CONTACT_RESUBSCRIBE = "contact resubscribes"
    SALESFORCE_TICK = "Salesforce tick"
    SALESFORCE_UNTICK = "Salesforce untick"
    ENTERS_LIST = "enters the inclusion list"
    LEAVES_LIST = "leaves the inclusion list"
    SYNC = "sync"


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


class Node(NamedTuple):
    """Where a sequence has got to: both models and the list membership."""

    state: OptOutState
    ref: Reference
    syncing: bool


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


def check_step(node: Node, step: Step) -> Node:
    """Take *step* from *node* in both models, check it, return the result."""
    if step is Step.ENTERS_LIST:
        return node._replace(syncing=True)
    if step is Step.LEAVES_LIST:
        return node._replace(syncing=False)
    before, syncing = node.state, node.syncing
    decision = apply_optout(before, EVENT_OF[step], syncing=syncing)
    after = decision.state
    ref, expected_rules = reference_step(node.ref, step, syncing=syncing)
    rules = [reason.rule for reason in decision.reasons]
    where = f"{step.value} from {before} (syncing={syncing})"

    assert (after.hubspot_unsubscribed, after.salesforce_opted_out) == (
        ref.hubspot,
        ref.salesforce,
    ), where
    assert rules == expected_rules, where
    assert rules, where
    for reason in decision.reasons:
        assert reason.rule in RULES, where
        assert f"'{CONTACT}'" in reason.detail or "Email Opt Out" in reason.detail
        assert reason.detail.endswith("."), where
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
    return Node(after, ref, syncing)


def test_opt2_opt3_opt4_every_event_sequence_up_to_six_steps() -> None:
    """OPT-2: "Unsubscribing in HubSpot, or ticking Email Opt Out in
    Salesforce, updates the other system." OPT-3: "unticking Email Opt Out in
    Salesforce does not resubscribe it; only the contact's own action can."
    OPT-4: "its opt-out status passes in neither direction until its first
    sync." Checked on every step of every sequence (module docstring)."""
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
    assert sequences == 2_196_112
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
