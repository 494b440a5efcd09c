"""The opt-out invariants (OPT-3, OPT-4): over one event and over a
sequence of events."""

from __future__ import annotations

from crmsync_rules.rules._opt import OptOutEvent, OptOutState

from ._violations import Violation


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
