"""The invariants of a whole plan: every entry cites a rule, the pair of a
person agrees, no record is lost, the order of the input changes nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from crmsync_rules.model._catalogue import RULES
from crmsync_rules.model._kinds import kind_of
from crmsync_rules.model._salesforce_ids import salesforce_id_key
from crmsync_rules.model._snapshot import Record, Snapshot
from crmsync_rules.planner._plan import PlanAction, PlanEntry, SyncPlan

from ._violations import Violation

T = TypeVar("T")
R = TypeVar("R")


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


def _as_compared(
    record_type: str | None, record_id: str | None
) -> tuple[str, str | None]:
    """A record's type and id as entries are matched: a Salesforce id by
    `salesforce_id_key`, since either form names the record (DUP-7)."""
    if record_id is not None and record_type and record_type.startswith("salesforce"):
        return record_type, salesforce_id_key(record_id)
    return record_type or "", record_id


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
        _as_compared(e.record_type, e.record_id): e
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
        this = _as_compared(entry.record_type, entry.record_id)
        partner = by_key.get(_as_compared(entry.target_type, entry.target_id))
        if partner is not None:
            back = _as_compared(partner.target_type, partner.target_id) == this
            related = partner.record_type == "hubspot_contact" and this[1] in {
                _as_compared(entry.record_type, r)[1] for r in partner.related
            }
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
        if this != _as_compared(
            entry.record_type, state.contact_id if own else state.salesforce_id
        ):
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
                if entry.target_type in _PERSON_TYPES
                and _as_compared(entry.target_type, entry.target_id)
                == _as_compared(entry.target_type, state.salesforce_id)
                else _PERSON_TYPES
            )
            people = [
                person
                for kind in kinds
                if (person := by_key.get(_as_compared(kind, state.salesforce_id)))
                is not None
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
            if _as_compared(contact.target_type, contact.target_id) == this:
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
