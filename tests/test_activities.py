"""ACT-1, ACT-2, ACT-3: email_activity."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from crmsync_rules import Reason, email_activity
from crmsync_rules.activities import (
    EmailActivity,
    EmailEvent,
    EmailEventType,
    EmailTask,
    TimelineActivity,
)
from crmsync_rules.errors import InvalidRecordError

T0 = dt.datetime(2024, 3, 1, 9, 0)


def event(
    n: int,
    kind: EmailEventType = EmailEventType.OPEN,
    *,
    email: str = "m1",
    recipient: str = "501",
    forwarded: bool = False,
) -> EmailEvent:
    return EmailEvent(
        id=f"e{n}",
        type=kind,
        email_id=email,
        recipient_id=recipient,
        occurred_at=T0 + dt.timedelta(minutes=n),
        forwarded=forwarded,
    )


def test_act1_repeated_opens_show_once_on_the_timeline() -> None:
    """ACT-1: repeated opens show once on the timeline."""
    activity = email_activity(
        [event(1), event(2), event(3), event(4, EmailEventType.CLICK)]
    )
    assert [(a.type, a.event_ids) for a in activity.timeline] == [
        (EmailEventType.OPEN, ("e1", "e2", "e3")),
        (EmailEventType.CLICK, ("e4",)),
    ]
    assert activity.reasons[0].rule == "ACT-1"
    assert "4 events make 2 timeline entries" in activity.reasons[0].detail


def test_act1_different_emails_are_different_activities() -> None:
    """ACT-1: different emails are different activities."""
    activity = email_activity([event(1), event(2, email="m2")])
    assert len(activity.timeline) == 2


def test_act2_every_open_and_click_is_its_own_task() -> None:
    """ACT-2: every open and click is its own task."""
    activity = email_activity(
        [
            event(3),
            event(1),
            event(2, EmailEventType.CLICK),
            event(4, EmailEventType.CLICK),
        ]
    )
    assert [t.event_id for t in activity.tasks] == ["e1", "e2", "e3", "e4"]
    assert [r.rule for r in activity.reasons] == ["ACT-1", "ACT-2"]
    assert "4 Salesforce tasks" in activity.reasons[1].detail


def test_act3_forwarded_opens_count_for_the_original_recipient() -> None:
    """ACT-3: forwarded opens count for the original recipient."""
    activity = email_activity(
        [
            event(1),
            event(2, forwarded=True),
            event(3, EmailEventType.CLICK, forwarded=True),
        ]
    )
    assert {t.contact_id for t in activity.tasks} == {"501"}
    assert len(activity.tasks) == 3
    assert [t.forwarded for t in activity.tasks] == [False, True, True]
    assert len(activity.timeline) == 2
    assert [r.rule for r in activity.reasons] == ["ACT-1", "ACT-2", "ACT-3"]
    assert "2 for contact '501'" in activity.reasons[2].detail


def test_act2_duplicate_event_ids_are_refused() -> None:
    """ACT-2: duplicate event ids are refused."""
    with pytest.raises(InvalidRecordError, match="'e1'"):
        email_activity([event(1), event(1)])


@pytest.mark.parametrize("aware_first", [True, False])
def test_act2_naive_and_aware_times_mixed_are_an_invalid_record(
    aware_first: bool,
) -> None:
    """ACT-2 orders the events by time; naive and aware times cannot be
    ordered, so the library's own error names the event, the field and the
    value, never a bare `TypeError` from the sort."""
    aware = attrs.evolve(event(2), occurred_at=T0.replace(tzinfo=dt.timezone.utc))
    events = [aware, event(1), event(3)] if aware_first else [event(1), aware]
    odd = events[1]
    with pytest.raises(InvalidRecordError) as caught:
        email_activity(events)
    error = caught.value
    assert (error.record, error.field, error.value) == (
        odd.id,
        "occurred_at",
        odd.occurred_at,
    )
    first, other = ("aware", "naive") if aware_first else ("naive", "aware")
    assert str(error) == (
        f"record {odd.id!r}, field 'occurred_at': timezone-{other} while event "
        f"{events[0].id!r} is timezone-{first}; give every event's time with a "
        f"timezone, or none, got {odd.occurred_at!r}"
    )
    assert not isinstance(error, TypeError)


def test_act2_no_events_no_tasks() -> None:
    """ACT-2: no events, no tasks."""
    activity = email_activity([])
    assert activity.tasks == ()
    assert activity.timeline == ()
    assert [r.rule for r in activity.reasons] == ["ACT-1", "ACT-2"]


# Whole results, explanations included (docs/testing.md, "Mutation testing").


def test_act1_act2_act3_whole_result() -> None:
    """ACT-1, ACT-2, ACT-3: whole result."""
    click = EmailEventType.CLICK
    events = [
        event(3, click, recipient="502", forwarded=True),
        event(1),
        event(2, forwarded=True),
        event(4, click, recipient="502", forwarded=True),
        event(5, email="m2"),
    ]

    def task(
        n: int, contact: str, kind: EmailEventType, email: str = "m1"
    ) -> EmailTask:
        return EmailTask(
            event_id=f"e{n}",
            contact_id=contact,
            email_id=email,
            type=kind,
            occurred_at=T0 + dt.timedelta(minutes=n),
            forwarded=n in (2, 3, 4),
        )

    open_ = EmailEventType.OPEN
    assert email_activity(events) == EmailActivity(
        timeline=(
            TimelineActivity(
                contact_id="501", email_id="m1", type=open_, event_ids=("e1", "e2")
            ),
            TimelineActivity(
                contact_id="502", email_id="m1", type=click, event_ids=("e3", "e4")
            ),
            TimelineActivity(
                contact_id="501", email_id="m2", type=open_, event_ids=("e5",)
            ),
        ),
        tasks=(
            task(1, "501", open_),
            task(2, "501", open_),
            task(3, "502", click),
            task(4, "502", click),
            task(5, "501", open_, "m2"),
        ),
        reasons=(
            Reason(
                rule="ACT-1",
                detail="5 events make 3 timeline entries: repeated events of one "
                "type on one email show once.",
            ),
            Reason(
                rule="ACT-2",
                detail="The email events feed makes 5 Salesforce tasks, one per "
                "open or click.",
            ),
            Reason(
                rule="ACT-3",
                detail="Forwarded opens and clicks count for the original "
                "recipients and add tasks there: 1 for contact '501', 2 for "
                "contact '502'.",
            ),
        ),
    )


def test_act2_duplicate_event_id_refusal_names_record_field_and_value() -> None:
    """ACT-2: duplicate event id refusal names the record, field and value."""
    with pytest.raises(InvalidRecordError) as exc:
        email_activity([event(1), event(1)])
    assert str(exc.value) == (
        "record 'e1', field 'id': email event ids must be unique, got 'e1'"
    )
    assert (exc.value.record, exc.value.field, exc.value.value) == ("e1", "id", "e1")
