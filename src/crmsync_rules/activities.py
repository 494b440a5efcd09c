"""Email activity (ACT): how an email event becomes a Salesforce task and a
HubSpot timeline activity (`email_activity`).
"""

from .rules._act import (
    EmailActivity,
    EmailEvent,
    EmailEventType,
    EmailTask,
    TimelineActivity,
    email_activity,
)

__all__ = [
    "EmailActivity",
    "EmailEvent",
    "EmailEventType",
    "EmailTask",
    "TimelineActivity",
    "email_activity",
]
