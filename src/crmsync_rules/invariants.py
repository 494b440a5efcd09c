"""The rule invariants as predicates over a sync service's own outputs.

For test authors: each function looks at what *your* code produced (an
opt-out state after an event, a plan, an owner written to Salesforce, the
values after a change) and returns a tuple of `Violation` values, empty when
the invariant holds. The library applies no rule here; the checks are what
the rules promise, stated independently of how the library computes its
results, so they can judge any implementation, the library's included.
`assert_no_violations` turns a non-empty tuple into an `InvariantViolation`
(an `AssertionError`), which is what a Hypothesis test wants:

    assert_no_violations(optout_resubscriptions(before, event, after))

Each function's docstring names the rule it protects. Nothing here needs
Hypothesis.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import attrs

from .model._catalogue import RULES
from .model._email import email_key_or_none
from .model._errors import CrmSyncRulesError
from .model._hubspot import HubSpotOwner
from .model._kinds import kind_of
from .model._salesforce import SalesforceQueue, SalesforceUser
from .model._settings import FieldMapping, SyncRule
from .model._snapshot import Record, Snapshot
from .planner._plan import PlanAction, PlanEntry, SyncPlan
from .rules._fm_values import FieldChange, FieldValue, Resync, Side, is_owner_mapping
from .rules._opt import OptOutEvent, OptOutState
from .rules._own import OWNER_USER_TYPES, normalised_name, owner_directory
from .typing import OwnerDirectory

__all__ = [
    "InvariantViolation",
    "Violation",
    "assert_no_violations",
    "contradicting_pairs",
    "dont_sync_moves",
    "lost_records",
    "optout_held_changes",
    "optout_resubscriptions",
    "order_dependence",
    "owner_mismatches",
    "uncited_entries",
]

T = TypeVar("T")
R = TypeVar("R")


@attrs.frozen(kw_only=True)
class Violation:
    """One broken invariant.

    ``invariant`` is the name of the function that found it, ``rule`` the
    catalogue ID it protects (``None`` for the library-wide promises that
    belong to no one rule), ``detail`` one sentence naming the records and
    values involved.
    """

    invariant: str
    rule: str | None
    detail: str

    def __str__(self) -> str:
        return f"{self.rule or self.invariant}: {self.detail}"


class InvariantViolation(CrmSyncRulesError, AssertionError):
    """Raised by `assert_no_violations`; ``violations`` holds them all."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        lines = "".join(f"\n  {v}" for v in violations)
        super().__init__(f"{len(violations)} invariant violation(s):{lines}")
        self.violations = tuple(violations)


def assert_no_violations(violations: Iterable[Violation], /) -> None:
    """Raise `InvariantViolation` listing *violations*, if there are any.

    >>> assert_no_violations(())
    >>> assert_no_violations([Violation(invariant="x", rule="OPT-3", detail="Oops.")])
    Traceback (most recent call last):
      ...
    crmsync_rules.invariants.InvariantViolation: 1 invariant violation(s):
      OPT-3: Oops.
    """
    found = tuple(violations)
    if found:
        raise InvariantViolation(found)


# --- Opt-out (OPT-3, OPT-4) --------------------------------------------------


def optout_resubscriptions(
    before: OptOutState, event: OptOutEvent, after: OptOutState, /
) -> tuple[Violation, ...]:
    """OPT-3: "Once a contact is unsubscribed in HubSpot, unticking Email Opt
    Out in Salesforce does not resubscribe it; only the contact's own action
    can."

    *after* is your service's state once *event* happened to *before*
    (syncing or not). A contact unsubscribed in HubSpot may become
    subscribed only through `OptOutEvent.CONTACT_RESUBSCRIBED`.
    """
    if (
        before.hubspot_unsubscribed
        and not after.hubspot_unsubscribed
        and event is not OptOutEvent.CONTACT_RESUBSCRIBED
    ):
        return (
            Violation(
                invariant="optout_resubscriptions",
                rule="OPT-3",
                detail=f"HubSpot contact {before.contact_id!r} was unsubscribed "
                f"and {event.value!r} resubscribed it; only the contact's own "
                "resubscribe may.",
            ),
        )
    return ()


_OPT_OUTS = (OptOutEvent.HUBSPOT_UNSUBSCRIBED, OptOutEvent.SALESFORCE_OPTED_OUT)
_RESUBSCRIBE = OptOutEvent.CONTACT_RESUBSCRIBED
_HUBSPOT_EVENTS = (OptOutEvent.HUBSPOT_UNSUBSCRIBED, OptOutEvent.CONTACT_RESUBSCRIBED)
_SALESFORCE_EVENTS = (OptOutEvent.SALESFORCE_OPTED_OUT, OptOutEvent.SALESFORCE_OPTED_IN)


def optout_held_changes(
    before: OptOutState, event: OptOutEvent, after: OptOutState, /, *, syncing: bool
) -> tuple[Violation, ...]:
    """OPT-4: "While a contact does not sync, its opt-out status passes in
    neither direction until its first sync."

    Two halves. While not *syncing*, *event* changes nothing on the other
    side. On the first sync of a plain `OptOutEvent.SYNCED`, nothing stays
    held, and an opt-out held on either side (``before.held``) reaches
    HubSpot unless the contact's own resubscribe was held after it: a held
    opt-out status is never lost.
    """
    found: list[Violation] = []

    def violation(detail: str) -> None:
        found.append(
            Violation(
                invariant="optout_held_changes",
                rule="OPT-4",
                detail=f"HubSpot contact {before.contact_id!r}: {detail}",
            )
        )

    if not syncing:
        if (
            event not in _SALESFORCE_EVENTS
            and after.salesforce_opted_out != before.salesforce_opted_out
        ):
            violation(
                f"{event.value!r} while not syncing changed Salesforce's Email "
                f"Opt Out to {after.salesforce_opted_out}."
            )
        if (
            event not in _HUBSPOT_EVENTS
            and after.hubspot_unsubscribed != before.hubspot_unsubscribed
        ):
            violation(
                f"{event.value!r} while not syncing changed HubSpot's "
                f"unsubscribe to {after.hubspot_unsubscribed}."
            )
        return tuple(found)
    if event is not OptOutEvent.SYNCED:
        return ()
    if after.held:
        names = ", ".join(e.value for e in after.held)
        violation(f"the first sync left changes held: {names}.")
    # Held changes are oldest first: a resubscribe held after the opt-out
    # is the contact's own action and wins (OPT-3).
    latest = [e for e in before.held if e in (*_OPT_OUTS, _RESUBSCRIBE)]
    if latest and latest[-1] in _OPT_OUTS and not after.hubspot_unsubscribed:
        violation(
            f"the held {latest[-1].value!r} was lost at the first sync: "
            "the contact is subscribed in HubSpot."
        )
    return tuple(found)


# --- The plan ----------------------------------------------------------------


def uncited_entries(
    entries: SyncPlan | Iterable[PlanEntry], /
) -> tuple[Violation, ...]:
    """Every result explains itself (every family, see docs/rules.md): each
    plan entry cites at least one rule, and every cited rule is in the
    catalogue (`RULES`)."""
    found: list[Violation] = []
    for entry in entries.entries if isinstance(entries, SyncPlan) else entries:
        unknown = [r.rule for r in entry.reasons if r.rule not in RULES]
        if not entry.reasons or unknown:
            what = f"cites unknown rules {unknown}" if unknown else "cites no rule"
            found.append(
                Violation(
                    invariant="uncited_entries",
                    rule=None,
                    detail=f"The {entry.action.value!r} entry of {entry.record_type} "
                    f"{entry.record_id!r} {what}.",
                )
            )
    return tuple(found)


_PAIRS_SYNCING = frozenset(
    {
        PlanAction.SYNC,
        PlanAction.DEDUPE,
        PlanAction.CREATE_IN_HUBSPOT,
        PlanAction.CREATE_IN_SALESFORCE,
        PlanAction.CREATE_DEAL,
    }
)
_PERSON_TYPES = ("salesforce_lead", "salesforce_contact")


def _unsubscribes(entry: PlanEntry) -> bool | None:
    """Whether *entry*'s opt-out decision leaves its HubSpot contact
    unsubscribed (``None``: the entry has no decision)."""
    return None if entry.optout is None else entry.optout.state.hubspot_unsubscribed


def contradicting_pairs(
    entries: SyncPlan | Iterable[PlanEntry], /
) -> tuple[Violation, ...]:
    """The two entries of a pair never contradict each other (SYNC-6,
    OPT-2, OPT-4).

    An entry that names as its target a record with an entry of its own
    (not rejected) forms a pair with it. Then:

    * the partner's entry names the record back: as its target or, for a
      HubSpot contact that several Salesforce leads and contacts resolve
      to, among its ``related`` records;
    * both entries agree on whether the pair syncs now (``sync``,
      ``dedupe`` and the three creations sync; ``skip`` and ``create_only``
      do not), except that a HubSpot contact without an email address,
      whose entry cites SYNC-5, does not sync towards Salesforce while its
      Salesforce record still syncs towards it;
    * one opt-out outcome per pair, visible on both entries: an opt-out
      decision names its own entry's record (its state's ``contact_id`` or
      ``salesforce_id``); the Salesforce entry of its pair carries that very
      decision; the HubSpot contact's entry carries it too when that
      Salesforce record is its target, and otherwise carries a decision
      that leaves the contact in the same status (an opt-out that reaches a
      contact shows on the contact).
    """
    listed = tuple(entries.entries if isinstance(entries, SyncPlan) else entries)
    by_key: dict[tuple[str, str | None], PlanEntry] = {
        (e.record_type, e.record_id): e
        for e in listed
        if e.action is not PlanAction.REJECTED and e.record_id is not None
    }
    found: list[Violation] = []

    def violation(rule: str | None, entry: PlanEntry, detail: str) -> None:
        found.append(
            Violation(
                invariant="contradicting_pairs",
                rule=rule,
                detail=f"The {entry.action.value!r} entry of {entry.record_type} "
                f"{entry.record_id!r} {detail}",
            )
        )

    for entry in by_key.values():
        partner = by_key.get((entry.target_type or "", entry.target_id))
        if partner is not None:
            back = (partner.target_type, partner.target_id) == (
                entry.record_type,
                entry.record_id,
            )
            related = (
                partner.record_type == "hubspot_contact"
                and entry.record_id in partner.related
            )
            if not (back or related):
                violation(
                    None,
                    entry,
                    f"names {partner.record_type} {partner.record_id!r} as its "
                    f"target, whose {partner.action.value!r} entry does not name "
                    "it back.",
                )
            hubspot = entry if entry.system.value == "hubspot" else partner
            if (entry.action in _PAIRS_SYNCING) != (
                partner.action in _PAIRS_SYNCING
            ) and "SYNC-5" not in {r.rule for r in hubspot.reasons}:
                violation(
                    None,
                    entry,
                    f"and the {partner.action.value!r} entry of its target "
                    f"{partner.record_type} {partner.record_id!r} disagree on "
                    "whether the pair syncs.",
                )
        decision = entry.optout
        if decision is None:
            continue
        state = decision.state
        own = entry.record_type == "hubspot_contact"
        if entry.record_id != (state.contact_id if own else state.salesforce_id):
            violation(
                "OPT-2",
                entry,
                "carries the opt-out decision of HubSpot contact "
                f"{state.contact_id!r} and Salesforce record "
                f"{state.salesforce_id!r}, a pair it is not part of.",
            )
        elif own:
            kinds = (
                (entry.target_type,)
                if entry.target_id == state.salesforce_id
                and entry.target_type in _PERSON_TYPES
                else _PERSON_TYPES
            )
            people = [
                person
                for kind in kinds
                if (person := by_key.get((kind, state.salesforce_id))) is not None
                and person.target_type == "hubspot_contact"
                and person.target_id == entry.record_id
            ]
            if people and all(person.optout != decision for person in people):
                violation(
                    "OPT-2",
                    entry,
                    "carries the opt-out decision of its pair with Salesforce "
                    f"record {state.salesforce_id!r}, whose entry does not carry "
                    "it.",
                )
        elif entry.target_type == "hubspot_contact" and (
            contact := by_key.get(("hubspot_contact", entry.target_id))
        ):
            if (contact.target_type, contact.target_id) == (
                entry.record_type,
                entry.record_id,
            ):
                if contact.optout != decision:
                    violation(
                        "OPT-2",
                        entry,
                        "carries the opt-out decision of its pair with HubSpot "
                        f"contact {contact.record_id!r}, whose entry does not "
                        "carry it.",
                    )
            elif _unsubscribes(contact) is not state.hubspot_unsubscribed:
                now = "unsubscribed" if state.hubspot_unsubscribed else "subscribed"
                violation(
                    "OPT-2",
                    entry,
                    f"leaves HubSpot contact {contact.record_id!r} {now}, but the "
                    "contact's own entry does not show it.",
                )
    return tuple(found)


def lost_records(
    records: Snapshot | Iterable[Record],
    entries: SyncPlan | Iterable[PlanEntry],
    /,
) -> tuple[Violation, ...]:
    """No record is lost (the planner's conservation, docs/plan.md; a record
    that cannot be decided is rejected citing ERR-1, never dropped): every
    input record has exactly one entry, and no entry names a record that was
    not in the input. Records count by type and id, so two records sharing
    one id need two entries."""
    given = records.records() if isinstance(records, Snapshot) else records
    wanted: Counter[tuple[str, str | None]] = Counter(
        (kind_of(type(r)).ndjson, r.id) for r in given
    )
    got = Counter(
        (e.record_type, e.record_id)
        for e in (entries.entries if isinstance(entries, SyncPlan) else entries)
        if e.line is None
    )
    found = []
    for kind, record_id in sorted(wanted | got, key=str):
        have, want = got[kind, record_id], wanted[kind, record_id]
        if have != want:
            found.append(
                Violation(
                    invariant="lost_records",
                    rule="ERR-1" if have < want else None,
                    detail=f"{kind} {record_id!r} appears {want} time(s) in the "
                    f"input but has {have} entry(ies) in the plan.",
                )
            )
    return tuple(found)


def order_dependence(
    decide: Callable[[list[T]], R],
    records: Sequence[T],
    /,
    *,
    orders: Iterable[Sequence[T]] | None = None,
) -> tuple[Violation, ...]:
    """DUP-1, DUP-2, DUP-3, DUP-4, DUP-5 (and the planner): the result is the
    same whatever the order of the input records.

    Calls ``decide(list(records))`` and ``decide`` on each reordering of
    *records* in *orders* (by default: reversed, and rotated by one), and
    compares the results with ``==``. In a Hypothesis test, pass
    ``orders=[data.draw(st.permutations(records))]``.
    """
    items = list(records)
    if orders is None:
        orders = [items[::-1], items[1:] + items[:1]]
    expected = decide(items)
    found = []
    for order in orders:
        reordered = list(order)
        if Counter(map(repr, reordered)) != Counter(map(repr, items)):
            raise ValueError(
                "order_dependence: orders must be reorderings of the records, "
                f"got {len(reordered)} records for {len(items)}"
            )
        if decide(reordered) != expected:
            found.append(
                Violation(
                    invariant="order_dependence",
                    rule="DUP-1",
                    detail=f"Reordering {len(items)} records changed the result "
                    f"(first record {items[0]!r} became {reordered[0]!r}).",
                )
            )
    return tuple(found)


# --- Owners (OWN-4) ----------------------------------------------------------


def owner_mismatches(
    hubspot_owner_id: str | None,
    written: str | None,
    /,
    *,
    owners: OwnerDirectory | Iterable[SalesforceUser | SalesforceQueue | HubSpotOwner],
    last_salesforce_owner_id: str | None = None,
) -> tuple[Violation, ...]:
    """OWN-4: "A HubSpot owner syncs to Salesforce only when it matches the
    name and email address of an active Salesforce user."

    *written* is the Owner ID your service wrote to Salesforce for a record
    whose HubSpot owner is *hubspot_owner_id* (``None``: it wrote nothing).
    Writing back *last_salesforce_owner_id* is a revert (OWN-5) and always
    allowed; any other value must be an active user of an owner type
    (OWN-1) whose name and email (compared by `email_key`, names as
    `map_owner` compares them: ignoring case, and whitespace around and
    between words) equal the HubSpot owner's.
    """
    if written is None or written == last_salesforce_owner_id:
        return ()
    directory = owner_directory(owners)
    owner = (
        directory.hubspot_owner(hubspot_owner_id)
        if hubspot_owner_id is not None
        else None
    )
    user = directory.salesforce_owner(written)
    problem = None
    if owner is None:
        problem = f"HubSpot owner {hubspot_owner_id!r} is unknown or cleared"
    elif not isinstance(user, SalesforceUser):
        problem = f"{written!r} is not a Salesforce user"
    elif not user.is_active:
        problem = f"Salesforce user {written!r} is inactive"
    elif user.user_type not in OWNER_USER_TYPES:
        problem = f"Salesforce user {written!r} is a {user.user_type.value!r} user"
    elif (key := email_key_or_none(owner.email)) is None or (
        key != email_key_or_none(user.email)
    ):
        problem = f"emails differ ({owner.email!r}, {user.email!r})"
    elif not (name := normalised_name(owner.name)) or (
        name != normalised_name(user.name)
    ):
        problem = f"names differ ({owner.name!r}, {user.name!r})"
    if problem is None:
        return ()
    return (
        Violation(
            invariant="owner_mismatches",
            rule="OWN-4",
            detail=f"Owner ID {written!r} was written to Salesforce for HubSpot "
            f"owner {hubspot_owner_id!r}, but {problem}.",
        ),
    )


# --- Field mappings (FM-4) ---------------------------------------------------


def _blank(value: FieldValue) -> FieldValue:
    return None if value == "" else value


def dont_sync_moves(
    mapping: FieldMapping,
    /,
    *,
    before: tuple[FieldValue, FieldValue],
    change: FieldChange | Resync,
    after: tuple[FieldValue, FieldValue],
) -> tuple[Violation, ...]:
    """FM-4: "Don't sync": nothing passes, clearings included.

    *before* and *after* are the (HubSpot, Salesforce) values around
    *change* as your service left them. Under a "Don't sync" mapping, a
    side's value changes only by that side's own change. Owner mappings are
    exempt: they always behave as two-way (FM-6). Blank is ``None`` or
    ``""``.
    """
    if mapping.rule is not SyncRule.DONT_SYNC or is_owner_mapping(mapping):
        return ()
    found = []
    for index, side in enumerate((Side.HUBSPOT, Side.SALESFORCE)):
        own = isinstance(change, FieldChange) and change.side is side
        if not own and _blank(before[index]) != _blank(after[index]):
            found.append(
                Violation(
                    invariant="dont_sync_moves",
                    rule="FM-4",
                    detail=f'Under the "Don\'t sync" mapping {mapping}, '
                    f"{side.label} went from {before[index]!r} to "
                    f"{after[index]!r} without a change of its own.",
                )
            )
    return tuple(found)
