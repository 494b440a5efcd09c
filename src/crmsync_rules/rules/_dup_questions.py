"""Duplicates (DUP-1, DUP-2) asked one record at a time: which HubSpot
contact an address dedupes into, which HubSpot company an account does.

Each answer is `resolve_duplicate`'s for a batch of one question, so every
sentence of DUP-1, DUP-2, DUP-3, DUP-4, DUP-5 stays in
`crmsync_rules.rules._dup`; these calls only build the batch the long way
needs.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import attrs

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._errors import InvalidRecordError
from crmsync_rules.model._hubspot import HubSpotContact
from crmsync_rules.model._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
)
from crmsync_rules.model._salesforce_ids import salesforce_id_key
from crmsync_rules.model._snapshot import HubSpotRecords

from ._dup import DuplicateOutcome
from ._dup_index import resolve_duplicate

__all__ = [
    "AccountCompany",
    "DedupeTarget",
    "account_company",
    "dedupe_target",
]


@attrs.frozen(kw_only=True)
class DedupeTarget:
    """The outcome of `dedupe_target`.

    ``hubspot_id`` is the existing HubSpot contact the address dedupes into
    (``outcome`` `DuplicateOutcome.DEDUPED`), else ``None``: the record
    creates a contact (``CREATE``, also for a blank address) or its address
    is invalid (``REJECTED``). ``salesforce_id`` is the id the new lead is
    given in the sentences.
    """

    address: str | None
    salesforce_id: str
    outcome: DuplicateOutcome
    hubspot_id: str | None
    reasons: tuple[Reason, ...]


def _free_lead_id(contacts: tuple[HubSpotContact, ...]) -> str:
    """``"new"``, or ``"new-2"``, ``"new-3"``..., the first id no HubSpot
    contact is linked to as a lead, so that the question's lead is new."""
    taken = {c.salesforce_lead_id for c in contacts}
    candidates = itertools.chain(("new",), (f"new-{n}" for n in itertools.count(2)))
    return next(c for c in candidates if c not in taken)


def dedupe_target(
    address: str | None, /, *, contacts: Iterable[HubSpotContact]
) -> DedupeTarget:
    """Which of the HubSpot *contacts* a new Salesforce lead or contact with
    *address* dedupes into (DUP-1): compared by `email_key`, the lowest id
    wins; ``hubspot_id`` ``None`` when none has the address. An invalid
    address is a ``REJECTED`` outcome, not an exception.

    The answer is `resolve_duplicate`'s for a new lead (id ``"new"``) with
    *address*, alone in its batch.

    >>> from crmsync_rules import HubSpotContact
    >>> jan = HubSpotContact(id="501", email="jan@vries.nl")
    >>> dedupe_target(" Jan@Vries.NL", contacts=[jan]).hubspot_id
    '501'
    """
    people = tuple(contacts)
    lead = SalesforceLead(id=_free_lead_id(people), email=address)
    match = resolve_duplicate([lead], hubspot=HubSpotRecords(contacts=people)).matches[
        0
    ]
    return DedupeTarget(
        address=address,
        salesforce_id=lead.id,
        outcome=match.outcome,
        hubspot_id=match.hubspot_id,
        reasons=match.reasons,
    )


@attrs.frozen(kw_only=True)
class AccountCompany:
    """The outcome of `account_company`: the HubSpot company the account
    syncs with (``LINKED``, DUP-3) or dedupes into (``DEDUPED``, DUP-2), or
    ``None`` when it creates one (``CREATE``)."""

    account_id: str
    outcome: DuplicateOutcome
    hubspot_id: str | None
    reasons: tuple[Reason, ...]


def account_company(
    account: SalesforceAccount,
    /,
    *,
    contacts: Iterable[SalesforceContact],
    hubspot: HubSpotRecords,
) -> AccountCompany:
    """Which HubSpot company *account* dedupes into through its Salesforce
    *contacts* (DUP-2), unless a company is linked to it already (DUP-3).

    *contacts* are the account's contacts: one with no ``account_id`` is
    taken as the account's; one of another account raises
    `InvalidRecordError`. *hubspot* holds the HubSpot contacts they dedupe
    into (DUP-1) and the companies those sit in. The answer is
    `resolve_duplicate`'s for the account and its contacts.

    >>> from crmsync_rules import (HubSpotCompany, HubSpotContact, HubSpotRecords,
    ...     SalesforceAccount, SalesforceContact)
    >>> hubspot = HubSpotRecords(
    ...     contacts=(HubSpotContact(id="501", email="jan@vries.nl",
    ...                              company_ids=("c1",)),),
    ...     companies=(HubSpotCompany(id="c1", name="Vries"),))
    >>> account_company(SalesforceAccount(id="001A", name="Vries BV"),
    ...     contacts=[SalesforceContact(id="003A", email="jan@vries.nl")],
    ...     hubspot=hubspot).hubspot_id
    'c1'
    """
    own: list[SalesforceContact] = []
    for contact in contacts:
        if contact.account_id is None:
            own.append(attrs.evolve(contact, account_id=account.id))
            continue
        if salesforce_id_key(contact.account_id) != salesforce_id_key(account.id):
            raise InvalidRecordError(
                f"is a contact of another account than {account.id!r}",
                record=contact.id,
                field="account_id",
                value=contact.account_id,
            )
        own.append(contact)
    match = resolve_duplicate([account, *own], hubspot=hubspot).match(account.id)
    return AccountCompany(
        account_id=account.id,
        outcome=match.outcome,
        hubspot_id=match.hubspot_id,
        reasons=match.reasons,
    )
