"""Activities and tasks (ACT-1, ACT-2, ACT-3): what a series of marketing-email opens
and clicks leaves behind on each side.

HubSpot's timeline shows repeated activities of one type once (ACT-1).
Salesforce tasks come from the email events feed, which deduplicates
nothing: every open and every click is a task (ACT-2). Opens and clicks of a
forwarded email count for the original recipient, so forwarding adds tasks
to that contact (ACT-3).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._errors import InvalidRecordError

__all__ = [
    "EmailActivity",
    "EmailEvent",
    "EmailEventType",
    "EmailTask",
    "TimelineActivity",
    "email_activity",
]


class EmailEventType(str, enum.Enum):
    """Marketing-email event types, by the email events API's ``type``."""

    OPEN = "OPEN"
    CLICK = "CLICK"


@attrs.frozen(kw_only=True)
class EmailEvent:
    """One open or click of marketing email ``email_id`` sent to HubSpot
    contact ``recipient_id``; ``forwarded`` when someone the email was
    forwarded to opened or clicked it."""

    id: str
    type: EmailEventType
    email_id: str
    recipient_id: str
    occurred_at: dt.datetime
    forwarded: bool = False


@attrs.frozen(kw_only=True)
class TimelineActivity:
    """One entry on a HubSpot contact's timeline, standing for every event
    of one type on one email (ACT-1)."""

    contact_id: str
    email_id: str
    type: EmailEventType
    event_ids: tuple[str, ...]


@attrs.frozen(kw_only=True)
class EmailTask:
    """One Salesforce task, made from one event (ACT-2)."""

    event_id: str
    contact_id: str
    email_id: str
    type: EmailEventType
    occurred_at: dt.datetime
    forwarded: bool


@attrs.frozen(kw_only=True)
class EmailActivity:
    """The outcome of `email_activity`."""

    timeline: tuple[TimelineActivity, ...]
    tasks: tuple[EmailTask, ...]
    reasons: tuple[Reason, ...]


def _check_times(events: list[EmailEvent]) -> None:
    # The events are put in time order: naive and aware times cannot be
    # compared, so one of each is the caller's mistake, named here rather
    # than left to the sort's bare TypeError.
    if not events:
        return
    first = events[0]
    naive = first.occurred_at.tzinfo is None
    for event in events:
        if (event.occurred_at.tzinfo is None) != naive:
            kinds = ("naive", "aware") if naive else ("aware", "naive")
            raise InvalidRecordError(
                f"timezone-{kinds[1]} while event {first.id!r} is "
                f"timezone-{kinds[0]}; give every event's time with a timezone, "
                "or none",
                record=event.id,
                field="occurred_at",
                value=event.occurred_at,
            )


def email_activity(events: Iterable[EmailEvent], /) -> EmailActivity:
    """The timeline entries and Salesforce tasks *events* produce
    (ACT-1, ACT-2, ACT-3), in the order the events happened (ties by event id).

    Two events with one id raise `InvalidRecordError`, and so do naive and
    timezone-aware ``occurred_at`` times mixed (they cannot be ordered).

    >>> import datetime as dt
    >>> from crmsync_rules.activities import EmailEvent, EmailEventType
    >>> at = dt.datetime(2024, 3, 1, 9, 0)
    >>> opens = [EmailEvent(id=str(n), type=EmailEventType.OPEN, email_id="m1",
    ...                     recipient_id="501", occurred_at=at) for n in range(3)]
    >>> activity = email_activity(opens)
    >>> len(activity.timeline), len(activity.tasks)
    (1, 3)
    """
    given = list(events)
    _check_times(given)
    ordered = sorted(given, key=lambda e: (e.occurred_at, e.id))
    seen: set[str] = set()
    groups: dict[tuple[str, str, EmailEventType], list[str]] = {}
    tasks = []
    forwarded: dict[str, int] = {}
    for event in ordered:
        if event.id in seen:
            raise InvalidRecordError(
                "email event ids must be unique",
                record=event.id,
                field="id",
                value=event.id,
            )
        seen.add(event.id)
        # ACT-3: a forward counts for the original recipient, so no other
        # contact is involved.
        groups.setdefault((event.recipient_id, event.email_id, event.type), []).append(
            event.id
        )
        tasks.append(
            EmailTask(
                event_id=event.id,
                contact_id=event.recipient_id,
                email_id=event.email_id,
                type=event.type,
                occurred_at=event.occurred_at,
                forwarded=event.forwarded,
            )
        )
        if event.forwarded:
            forwarded[event.recipient_id] = forwarded.get(event.recipient_id, 0) + 1
    timeline = tuple(
        TimelineActivity(contact_id=c, email_id=m, type=t, event_ids=tuple(ids))
        for (c, m, t), ids in groups.items()
    )
    reasons = [
        Reason(
            rule="ACT-1",
            detail=f"{len(ordered)} events make {len(timeline)} timeline "
            "entries: repeated events of one type on one email show once.",
        ),
        Reason(
            rule="ACT-2",
            detail=f"The email events feed makes {len(tasks)} Salesforce tasks, "
            "one per open or click.",
        ),
    ]
    if forwarded:
        counts = ", ".join(
            f"{n} for contact {c!r}" for c, n in sorted(forwarded.items())
        )
        reasons.append(
            Reason(
                rule="ACT-3",
                detail=f"Forwarded opens and clicks count for the original "
                f"recipients and add tasks there: {counts}.",
            )
        )
    return EmailActivity(timeline=timeline, tasks=tuple(tasks), reasons=tuple(reasons))
