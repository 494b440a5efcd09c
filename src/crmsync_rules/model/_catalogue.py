"""The rule catalogue and ``Reason``, the unit of explanation.

Every rule the library applies has a stable ID taken from the project's rule
catalogue (RULES.md). The table below is the single place the IDs and their
one-line statements live, like h11's state-machine table: decision results
cite these IDs, the docs are checked against the table, and a ``Reason`` with
an unknown ID cannot be built, so a typo in a rule ID fails loudly at once.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

import attrs

from ._errors import InvalidRecordError, UnknownRuleError

__all__ = ["RULES", "Reason", "rule_statement"]

_STATEMENTS: dict[str, str] = {
    # INST: installation and compatibility
    "INST-1": "Orgs on Salesforce Government Cloud are supported.",
    "INST-2": "Salesforce Group Edition is not supported.",
    "INST-3": "Editions with API access, and Professional, are supported.",
    "INST-4": "Several portals may share one org only with connector 2.60 or later.",
    "INST-5": "Portals sharing an org should not create HubSpot contacts "
    "automatically, or one portal's records create contacts in another.",
    # SYNC: which contacts sync
    "SYNC-1": "Without an inclusion list, every HubSpot contact syncs.",
    "SYNC-2": "With an inclusion list, only contacts meeting its criteria sync.",
    "SYNC-3": "Portals integrated on or before 2017-06-22 without a list got the "
    "default list: every contact except lifecycle stage Subscriber.",
    "SYNC-4": "A new Salesforce lead/contact creates a HubSpot contact despite the "
    "inclusion list, but later updates do not sync while it stays excluded.",
    "SYNC-5": "A HubSpot contact without an email address does not sync.",
    "SYNC-6": "Contact creation governs creation only: a new Salesforce lead/contact "
    "matching an existing HubSpot contact dedupes into it and syncs even with "
    "creation off.",
    # DUP: duplicates
    "DUP-1": "Salesforce leads and contacts dedupe into HubSpot contacts by email.",
    "DUP-2": "Salesforce accounts dedupe into HubSpot companies through their "
    "associated contacts.",
    "DUP-3": "A HubSpot company linked to a Salesforce account never syncs with "
    "another account.",
    "DUP-4": "Contacts moved to another HubSpot company follow that company's "
    "account; the original company keeps its own.",
    "DUP-5": "Salesforce opportunities (HubSpot deals) are never deduplicated.",
    "DUP-6": "Several Salesforce leads/contacts sharing a HubSpot contact's address: "
    "it syncs with the first returned, then with the most recently updated.",
    "DUP-7": "15- and 18-character Salesforce IDs name the same record; an "
    "18-character ID whose suffix does not match is invalid.",
    # PA: person accounts
    "PA-1": "Person accounts can sync; they have no associated contacts and a "
    "record type marks them.",
    "PA-2": "With person accounts, contact creation and account sync on, a person "
    "account yields one HubSpot company and one HubSpot contact.",
    "PA-3": "A person account's name syncs to both the contact's and the "
    "company's name.",
    "PA-4": "HubSpot never creates person accounts from new HubSpot contacts.",
    "PA-5": "A lead created by HubSpot converts to a person account only when its "
    "Company field is empty.",
    # ACT: activities and tasks
    "ACT-1": "Repeated activities of one type are deduplicated on the HubSpot "
    "timeline.",
    "ACT-2": "Every marketing-email open and click becomes its own Salesforce task.",
    "ACT-3": "Opens and clicks of a forwarded email count for the original recipient.",
    # LC: lifecycle stage
    "LC-1": "Lifecycle stage reaches Salesforce only through a custom field and a "
    "mapping.",
    "LC-2": "A Closed/Won opportunity makes contacts Customer only with account "
    "sync, automatic transitions and lifecycle stage sync all on.",
    "LC-3": "The opportunity also needs a contact role for a contact of its account.",
    "LC-4": "With automatic transitions, a syncing contact in a contact role moves to "
    "Opportunity on an open opportunity and to Customer when it closes won.",
    "LC-5": "Automatic transitions never move a lifecycle stage backwards; a HubSpot "
    "stage changes nothing else in Salesforce.",
    # CN: company name
    "CN-1": "Leads have a Company text field; contacts have an Account lookup.",
    "CN-2": "Company name syncs only while the HubSpot contact syncs with a lead.",
    "CN-3": "With a Salesforce contact, the account syncs with the associated "
    "company instead of Company name.",
    # OPT: email opt-out
    "OPT-1": "The 'Unsubscribed from all email' / 'Email Opt Out' mapping is locked.",
    "OPT-2": "An unsubscribe in HubSpot or an Email Opt Out tick in Salesforce "
    "updates the other system.",
    "OPT-3": "Unticking Email Opt Out in Salesforce never resubscribes a "
    "HubSpot-unsubscribed contact.",
    "OPT-4": "While a contact does not sync, its opt-out passes in neither "
    "direction until its first sync.",
    "OPT-5": "An unsubscribe belongs to the email address; dedupes and merges "
    "never lose it.",
    "OPT-6": "A changed email address does not carry the old address's opt-out; the "
    "old address stays opted out.",
    # OWN: owners
    "OWN-1": "Standard, PowerPartner and Guest users and queues count as owners "
    "when imported or owning a synced record.",
    "OWN-2": "Owner ID syncs with the HubSpot owner property by default.",
    "OWN-3": "Any Salesforce owner can sync to HubSpot.",
    "OWN-4": "A HubSpot owner syncs to Salesforce only when name and email match "
    "an active Salesforce user.",
    "OWN-5": "An owner unknown to Salesforce reverts Owner ID to the last "
    "Salesforce value.",
    "OWN-6": "A record HubSpot creates in Salesforce takes its HubSpot owner only on "
    "an exact active match; else assignment rules or the integration user decide.",
    "OWN-7": "On the first sync with an existing record that has an active owner, the "
    "Salesforce owner is kept; afterwards the most recent owner change wins.",
    # FM: field mappings
    "FM-1": "Prefer Salesforce unless blank: Salesforce wins; HubSpot writes only "
    "into a blank field.",
    "FM-2": "Always use Salesforce: HubSpot never writes to Salesforce.",
    "FM-3": "Two-way: the most recent change wins; clearings pass both ways.",
    "FM-4": "Don't sync: nothing passes, clearings included.",
    "FM-5": "Mapped property and field types must be compatible.",
    "FM-6": "An owner mapping is always two-way with exact matching.",
    "FM-7": "A mapping is not retroactive: old values move on the next resync.",
    "FM-8": "A property or field takes part in at most one mapping per object "
    "pair; the opt-out mapping is locked.",
    # TRIG: what triggers a sync
    "TRIG-1": "Only a change to a mapped property or field triggers a sync.",
    "TRIG-2": "Formula fields never trigger a sync; the fields they reference do.",
    "TRIG-3": "A contact newly in the inclusion list syncs on its next trigger.",
    # CO: companies and accounts
    "CO-1": "HubSpot creates an account only for a company with a contact that "
    "qualifies and syncs as a Salesforce contact.",
    "CO-2": "Contacts synced as leads plus automatic company creation make "
    "duplicate companies on conversion.",
    # DEAL: deals and opportunities
    "DEAL-1": "Deleting an opportunity deletes its deal; deleting a deal keeps "
    "the opportunity.",
    "DEAL-2": "A deal moved to an unsynced pipeline stops syncing.",
    "DEAL-3": "Contacts associate with deals through opportunity contact roles.",
    # ERR: sync errors and the API budget
    "ERR-1": "Every sync failure falls in one of five categories.",
    "ERR-2": "Failed records retry every 30 minutes until 75% of the API "
    "allocation (or 5,000 calls a day) is used.",
}

RULES: Final = MappingProxyType(_STATEMENTS)
"""Every rule ID, in catalogue order, with its one-line statement."""


def rule_statement(rule: str, /) -> str:
    """Return the one-line statement of *rule*.

    Raises `UnknownRuleError` naming the ID when the catalogue has no such
    rule.
    """
    try:
        return RULES[rule]
    except KeyError:
        raise UnknownRuleError(
            f"rule must be an ID from the rule catalogue, got {rule!r}"
        ) from None


def _known_rule(_instance: object, _attribute: object, value: str) -> None:
    rule_statement(value)


def _blank_detail(field: str, value: str) -> InvalidRecordError:
    return InvalidRecordError(
        "must be a non-empty sentence", record=None, field=field, value=value
    )


def _nonempty(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise _blank_detail(attribute.name, value)


@attrs.frozen(kw_only=True)
class Reason:
    """Why a decision came out as it did: one applied rule and its details.

    ``rule`` is a catalogue ID such as ``"OPT-3"``; ``detail`` is one
    sentence naming the records and values involved.
    """

    rule: str = attrs.field(validator=_known_rule)
    detail: str = attrs.field(validator=_nonempty)

    @property
    def statement(self) -> str:
        """The cited rule's one-line statement from the catalogue."""
        return RULES[self.rule]

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"


# `cite` builds a Reason without the class call. A plan builds several
# Reasons for every record, and the call (keyword parsing, attrs' generated
# __init__ with its frozen setattr and two validator calls) costs about
# 1.6 us a Reason; filling the two slots directly after the same checks
# costs 0.4 us. An unknown rule ID or a blank detail still fails at once,
# with Reason's own errors (a property in tests/test_rules_catalogue.py).
_new_reason = object.__new__
_set_rule = Reason.__dict__["rule"].__set__  # the slots behind the frozen fields
_set_detail = Reason.__dict__["detail"].__set__


def cite(rule: str, detail: str, /) -> Reason:
    """``Reason(rule=rule, detail=detail)``, built faster: for the library's
    own decisions, which cite a rule for every record they decide.

    Raises what `Reason` raises for an unknown *rule* or a blank *detail*.
    """
    if rule not in _STATEMENTS:
        rule_statement(rule)  # raises UnknownRuleError naming the ID
    if not detail.strip():
        raise _blank_detail("detail", detail)
    reason: Reason = _new_reason(Reason)
    _set_rule(reason, rule)
    _set_detail(reason, detail)
    return reason
