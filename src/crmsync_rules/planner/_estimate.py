"""The API call estimate of a plan (issue 16, item 5): the Salesforce API
calls its writes need, creations and updates per Salesforce object, against
the integration's daily allocation and ERR-2's retry threshold.

Why assumptions are named and settable: HubSpot does not publish how many
records its integration sends to Salesforce per call, while Salesforce's
sObject Collections take up to 200 records in one call that counts once
against the limits (docs/mappings.md cites both). The default,
one record per call, is the upper bound; `CallAssumptions` sets each kind
of write's records per call. Why two ways to count updates: a plan with
field writes knows which pairs write to Salesforce; one without them does
not, and the estimate then assumes every syncing or deduping pair updates
its Salesforce record once, the upper bound of an initial sync. Only writes
count: reading the records costs calls too, which this estimate leaves out.
Like `MappingTally`, the tally counts entries as they pass, each pair
once (`counts_pair`), and keeps counts only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Final

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._errors import InvalidSettingsError
from crmsync_rules.model._salesforce import SalesforceObject
from crmsync_rules.rules._err import DEFAULT_DAILY_CALL_LIMIT
from crmsync_rules.rules._fm_values import Side

from ._entries import PlanAction, PlanEntry
from ._summary import counts_pair, object_pair

__all__ = [
    "MAX_RECORDS_PER_CALL",
    "CallAssumptions",
    "CallEstimate",
    "CallTally",
    "ObjectCalls",
    "estimate_calls",
]

MAX_RECORDS_PER_CALL: Final = 200
"""The most records one sObject Collections call creates or updates."""

_UPDATING: Final = frozenset({PlanAction.SYNC, PlanAction.DEDUPE})


def _per_call(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 1 <= value <= MAX_RECORDS_PER_CALL
    ):
        raise InvalidSettingsError(
            f"{attribute.name} must be a whole number from 1 to "
            f"{MAX_RECORDS_PER_CALL} (Salesforce's sObject Collections limit), "
            f"got {value!r}"
        )


@attrs.frozen(kw_only=True)
class CallAssumptions:
    """How many records one Salesforce API call creates
    (``creates_per_call``) or updates (``updates_per_call``): 1, one call
    per record, by default; up to 200 with sObject Collections."""

    creates_per_call: int = attrs.field(default=1, validator=_per_call)
    updates_per_call: int = attrs.field(default=1, validator=_per_call)


@attrs.frozen(kw_only=True)
class ObjectCalls:
    """One Salesforce object's writes: records created, records updated,
    and the calls they take."""

    salesforce_object: SalesforceObject
    creations: int
    updates: int
    calls: int


@attrs.frozen(kw_only=True)
class CallEstimate:
    """The estimate: ``objects`` in `SalesforceObject` order (objects with
    no writes left out), ``calls`` in all; ``daily_calls`` the calls a day
    it assumes HubSpot may use (the allocation, or
    `DEFAULT_DAILY_CALL_LIMIT` when none is set: ``allocation_set``),
    ``retry_threshold`` the calls in 24 hours above which failed records
    stop being retried (ERR-2), ``days`` the days the writes take at
    ``daily_calls`` (``None`` with an allocation of 0), ``from_field_writes``
    whether updates were counted from field writes; ``reasons`` say it all
    in sentences citing ERR-2."""

    objects: tuple[ObjectCalls, ...]
    calls: int
    creations: int
    updates: int
    assumptions: CallAssumptions
    from_field_writes: bool
    daily_calls: int
    allocation_set: bool
    retry_threshold: float
    days: int | None
    reasons: tuple[Reason, ...]


def _calls(records: int, per_call: int) -> int:
    return -(-records // per_call)


def _number(value: float) -> str:
    """``11,250``, ``11,250.75``."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


class CallTally:
    """The API call estimate, counted entry by entry (`add`). With
    *from_field_writes*, a pair updates its Salesforce record when its field
    writes write to Salesforce (pass the entries of a plan computed with
    field writes); without, every pair that syncs or dedupes does once."""

    def __init__(self, *, from_field_writes: bool) -> None:
        self.from_field_writes = from_field_writes
        self._creations: Counter[SalesforceObject] = Counter()
        self._updates: Counter[SalesforceObject] = Counter()

    def add(self, entry: PlanEntry, /) -> None:
        """Count *entry*'s Salesforce writes: a creation on the entry of
        the HubSpot record that creates it, a pair's update on the entry its
        pair is counted on (`counts_pair`)."""
        pair = object_pair(entry)
        if pair is None:
            return
        if entry.action is PlanAction.CREATE_IN_SALESFORCE:
            # The record is created with its values: one write.
            self._creations[pair[1]] += 1
            return
        if not counts_pair(entry):
            return
        if self.from_field_writes:
            fields = entry.fields
            writes = fields is not None and any(
                write.side is Side.SALESFORCE
                for field in fields.fields
                for write in field.writes
            )
        else:
            writes = entry.action in _UPDATING
        if writes:
            self._updates[pair[1]] += 1

    def merge(self, other: CallTally, /) -> None:
        """Add the counts of *other*, a tally (with the same
        *from_field_writes*) of other entries of the same plan: the bulk
        engine counts each batch's entries where it plans them."""
        self._creations.update(other._creations)
        self._updates.update(other._updates)

    def estimate(
        self,
        *,
        allocation: int | None,
        assumptions: CallAssumptions = CallAssumptions(),
    ) -> CallEstimate:
        """The estimate of the entries added so far, against *allocation*
        (``IntegrationSettings.api_call_allocation``; ``None``: not set)."""
        if allocation is not None and (
            isinstance(allocation, bool)
            or not isinstance(allocation, int)
            or allocation < 0
        ):
            raise InvalidSettingsError(
                f"allocation must be a whole number of calls, at least 0, got "
                f"{allocation!r}"
            )
        objects = tuple(
            ObjectCalls(
                salesforce_object=obj,
                creations=self._creations[obj],
                updates=self._updates[obj],
                calls=_calls(self._creations[obj], assumptions.creates_per_call)
                + _calls(self._updates[obj], assumptions.updates_per_call),
            )
            for obj in SalesforceObject
            if self._creations[obj] or self._updates[obj]
        )
        calls = sum(o.calls for o in objects)
        creations = sum(o.creations for o in objects)
        updates = sum(o.updates for o in objects)
        daily = DEFAULT_DAILY_CALL_LIMIT if allocation is None else allocation
        threshold = daily * 3 / 4 if allocation is not None else float(daily)
        days = None if daily == 0 else _calls(calls, daily)
        reasons = [
            self._need(calls, creations, updates, assumptions),
            _budget(allocation, daily, threshold, days),
        ]
        if days is not None and min(calls, daily) > threshold:
            reasons.append(
                Reason(
                    rule="ERR-2",
                    detail=f"The initial sync uses more than {_number(threshold)} "
                    "calls a day, so records that fail while it runs are not "
                    "retried until it is done.",
                )
            )
        return CallEstimate(
            objects=objects,
            calls=calls,
            creations=creations,
            updates=updates,
            assumptions=assumptions,
            from_field_writes=self.from_field_writes,
            daily_calls=daily,
            allocation_set=allocation is not None,
            retry_threshold=threshold,
            days=days,
            reasons=tuple(reasons),
        )

    def _need(
        self, calls: int, creations: int, updates: int, assume: CallAssumptions
    ) -> Reason:
        basis = (
            "the pairs whose field writes write to Salesforce"
            if self.from_field_writes
            else "assumed, as the plan has no field writes: every Salesforce record "
            "that syncs or dedupes is updated once"
        )
        return Reason(
            rule="ERR-2",
            detail=f"The plan's Salesforce writes need about "
            f"{_plural(calls, 'API call')}: {_plural(creations, 'record')} created "
            f"at {assume.creates_per_call:,} per call and "
            f"{_plural(updates, 'record')} updated at "
            f"{assume.updates_per_call:,} per call ({basis}).",
        )


def _budget(
    allocation: int | None, daily: int, threshold: float, days: int | None
) -> Reason:
    if days is None:
        return Reason(
            rule="ERR-2",
            detail="The allocation for HubSpot is 0 calls a day, so the sync "
            "cannot make its writes.",
        )
    takes = f"takes {_plural(days, 'day')}"
    if allocation is None:
        detail = (
            f"No API call allocation is set: at {daily:,} calls a day the initial "
            f"sync {takes}, and failed records stop being retried after "
            f"{daily:,} calls in 24 hours."
        )
    else:
        detail = (
            f"At {daily:,} calls a day for HubSpot the initial sync {takes}, and "
            f"failed records stop being retried after {_number(threshold)} calls "
            "a day."
        )
    return Reason(rule="ERR-2", detail=detail)


def estimate_calls(
    entries: Iterable[PlanEntry],
    /,
    *,
    allocation: int | None,
    from_field_writes: bool,
    assumptions: CallAssumptions = CallAssumptions(),
) -> CallEstimate:
    """The Salesforce API calls *entries*' writes need (`CallTally`),
    against *allocation* (``None``: not set, `DEFAULT_DAILY_CALL_LIMIT`
    calls a day assumed); *from_field_writes* says whether the plan was
    computed with field writes. The entries are read once, not kept."""
    tally = CallTally(from_field_writes=from_field_writes)
    for entry in entries:
        tally.add(entry)
    return tally.estimate(allocation=allocation, assumptions=assumptions)
