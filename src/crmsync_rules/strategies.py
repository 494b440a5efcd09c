"""Hypothesis strategies for every public value of crmsync-rules.

For test authors who property-test their own sync services: every strategy
returns a ``SearchStrategy`` of values the library accepts (they survive the
codec's round-trip; their addresses have an `email_key`), takes keyword-only
strategies to pin or narrow any field, and leans on purpose towards the data
that breaks sync code: one address spelled with different case and
surrounding whitespace, IDN domains, contacts without an address, person
accounts with their hidden contact, inactive users and portal users, queues
as owners, portals integrated around 2017-06-22 (SYNC-3), connector versions
like ``2.6``/``2.60``/``2.100`` (INST-4).

`snapshots` builds whole snapshots whose references hold: owners, accounts,
contact roles, companies, converted leads and sync links all point at records
of the same snapshot.

Installing the package registers these strategies with Hypothesis (through
its ``hypothesis`` entry point), so ``st.from_type(HubSpotContact)`` works
too. Needs the ``hypothesis`` extra: ``pip install 'crmsync-rules[hypothesis]'``.
"""

from __future__ import annotations

import datetime as dt
import functools
import string
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

import attrs

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import DrawFn, SearchStrategy
except ImportError as exc:
    raise ImportError(
        "crmsync_rules.strategies needs Hypothesis, which is an optional "
        "dependency: pip install 'crmsync-rules[hypothesis]'"
    ) from exc

from .model._catalogue import RULES, Reason
from .model._email import EmailKey, email_key
from .model._errors import InvalidMappingError
from .model._hubspot import (
    CONTACT_PROPERTIES,
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotObject,
    HubSpotOwner,
    LifecycleStage,
)
from .model._inclusion import (
    LEGACY_DEFAULT_LIST_DATE,
    NEEDS_NO_VALUES,
    NEEDS_ONE_VALUE,
    CriteriaInclusionList,
    Criterion,
    DefaultInclusionList,
    Operator,
    StaticInclusionList,
)
from .model._salesforce import (
    OpportunityContactRole,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
    UserType,
)
from .model._settings import (
    HUBSPOT_FIELD_TYPES,
    ConnectorVersion,
    ContactCreation,
    FieldMapping,
    HubSpotFieldType,
    HubSpotPropertyType,
    IntegrationSettings,
    SalesforceEdition,
    SalesforceFieldType,
    SyncRule,
    one_shape,
)
from .model._snapshot import HubSpotRecords, SalesforceRecords, Snapshot
from .planner._plan import PlanStream, plan_stream
from .rules._fm_types import MappingProblem, mapping_problems
from .rules._opt import OptOutEvent, OptOutState, apply_optout
from .rules._own import StaticOwnerDirectory
from .rules._trig import RecordChange, TriggerDecision, triggers_sync
from .typing import InclusionList, OwnerDirectory

__all__ = [
    "SALESFORCE_ID_PREFIXES",
    "connector_versions",
    "criteria_inclusion_lists",
    "default_inclusion_lists",
    "email_addresses",
    "email_spellings",
    "field_mappings",
    "hubspot_companies",
    "hubspot_contacts",
    "hubspot_deals",
    "hubspot_ids",
    "hubspot_owners",
    "hubspot_records",
    "inclusion_criteria",
    "inclusion_lists",
    "integration_dates",
    "integration_settings",
    "opportunity_contact_roles",
    "optout_events",
    "optout_histories",
    "optout_states",
    "owner_directories",
    "reasons",
    "record_changes",
    "salesforce_accounts",
    "salesforce_contacts",
    "salesforce_ids",
    "salesforce_leads",
    "salesforce_opportunities",
    "salesforce_queues",
    "salesforce_records",
    "salesforce_users",
    "snapshots",
    "static_inclusion_lists",
    "trigger_decisions",
]

T = TypeVar("T")

# --- Building blocks ---------------------------------------------------------


def _or(
    given: SearchStrategy[T] | None, default: SearchStrategy[T]
) -> SearchStrategy[T]:
    return default if given is None else given


def _optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.none() | strategy


SALESFORCE_ID_PREFIXES: Final[dict[str, str]] = {
    "Lead": "00Q",
    "Contact": "003",
    "Account": "001",
    "Opportunity": "006",
    "User": "005",
    "Queue": "00G",
    "RecordType": "012",
}
"""Key prefixes of Salesforce ids by object: an id's first three characters
say what it points at, which makes generated snapshots easy to read."""

_ID_CHARACTERS: Final = string.ascii_letters + string.digits


def hubspot_ids() -> SearchStrategy[str]:
    """HubSpot record ids: decimal strings, as the CRM v3 API returns them.
    Ids of different object types may coincide, as they do in HubSpot."""
    return st.integers(min_value=1, max_value=10**11).map(str)


def salesforce_ids(*, sobject: str = "Lead") -> SearchStrategy[str]:
    """18-character Salesforce ids with the key prefix of *sobject* (a key of
    `SALESFORCE_ID_PREFIXES`)."""
    if sobject not in SALESFORCE_ID_PREFIXES:
        raise ValueError(
            f"sobject must be one of {sorted(SALESFORCE_ID_PREFIXES)}, got {sobject!r}"
        )
    prefix = SALESFORCE_ID_PREFIXES[sobject]
    return st.text(_ID_CHARACTERS, min_size=15, max_size=15).map(
        lambda rest: prefix + rest
    )


_FIRST_NAMES: Final = (
    "Jan",
    "Anna",
    "José",
    "Zoë",
    "Łukasz",
    "Søren",
    "Mary-Kate",
    "Jean Luc",
    "Siobhán",
    "Ngọc",
    "Ólafur",
    "明",
)
_LAST_NAMES: Final = (
    "de Vries",
    "O'Brien",
    "Müller",
    "Nguyễn",
    "Smith-Jones",
    "van der Berg",
    "Ødegård",
    "Ng",
    "张",
    "Ivanova",
)
_COMPANY_NAMES: Final = (
    "Acme",
    "Vries B.V.",
    "Müller GmbH",
    "Société Générale",
    "O'Reilly & Sons",
    "株式会社テスト",
    "ACME",
    "acme inc.",
)


def _names(pool: Sequence[str]) -> SearchStrategy[str]:
    """Realistic names, or any letters (spaces, apostrophes and hyphens
    inside) with surrounding whitespace left alone: CRM data is messy."""
    return st.sampled_from(pool) | _FREE_NAMES


# An alphabet string, not st.characters(): text from a string is several times
# faster to draw, and snapshots draw many names.
_NAME_LETTERS: Final = (
    string.ascii_letters
    + "àáäåæçèéëíïñóöøúüýßłőšžÆØÅÉÖÜ"
    + "абвгдежзийклмнопрстуфхцчшыэюяЖЯ"
    "αβγδεζηθικλμνξοπρστυφχψω" + "明张王李田中山"
)
_FREE_NAMES: Final = st.builds(
    str.__add__,
    st.sampled_from(_NAME_LETTERS),
    st.text(_NAME_LETTERS + "\u0301 '-.", max_size=20),
)


# --- Email addresses -------------------------------------------------------

# Characters of a dot-atom local part (RFC 5322 atext) that CRM data really
# holds; ``'`` for O'Brien, ``+`` for tags. Unicode letters only with idn=True.
_LOCAL_ASCII: Final = string.ascii_lowercase + string.digits + "+_-'"
_LOCAL_UNICODE: Final = "éèäöüøåñçßłžıωжя"
# Domain labels per script: IDNA 2008 refuses some mixtures (bidi, joiners),
# so a label keeps to one script.
_LABEL_SCRIPTS: Final = (
    string.ascii_lowercase + string.digits,
    "abcdefghijklmnopqrstuvwxyzäöüéèçñøåß",
    "абвгдежзиклмнопрстуфхцчшэюя",
    "αβγδεζηθικλμνξοπρστυφχψωά",
)
_CJK_LABELS: Final = ("例え", "中国", "日本語", "テスト")
# Real TLDs only: email-validator refuses the special-use ones (.test,
# .local, .invalid, .onion, localhost).
_ASCII_TLDS: Final = ("com", "org", "net", "nl", "de", "fr", "io", "co.uk", "jp")
_IDN_TLDS: Final = ("рф", "中国", "香港")
_WHITESPACE: Final = ("", " ", "  ", "\t", "\n", "\u00a0")


_BOOLEANS: Final = st.booleans()
_MASKS: Final = st.integers(min_value=0, max_value=2**64 - 1)


@functools.cache
def _index(size: int) -> SearchStrategy[int]:
    return st.integers(min_value=0, max_value=size - 1)


# Composites draw through these helpers with strategies built once: building
# strategies inside a composite, per draw, made snapshots ten times slower.


def _pick(draw: DrawFn, items: Sequence[T]) -> T:
    return items[draw(_index(len(items)))]


def _maybe(draw: DrawFn, items: Sequence[T]) -> T | None:
    if not items or not draw(_BOOLEANS):
        return None
    return _pick(draw, items)


def _some(draw: DrawFn, items: Sequence[T], max_size: int) -> tuple[T, ...]:
    mask = draw(_MASKS) if items else 0
    return tuple(item for i, item in enumerate(items[:64]) if mask >> i & 1)[:max_size]


def _atom(alphabet: str) -> SearchStrategy[str]:
    return st.text(alphabet, min_size=1, max_size=10)


def _label(alphabet: str) -> SearchStrategy[str]:
    # Hyphens only between characters, and never two: "ab--c" is refused
    # unless it is Punycode.
    part = st.text(alphabet, min_size=1, max_size=8)
    return st.lists(part, min_size=1, max_size=2).map("-".join)


def _dot_atoms(alphabet: str) -> SearchStrategy[str]:
    return st.lists(_atom(alphabet), min_size=1, max_size=3).map(".".join)


def _domains(labels: SearchStrategy[str], tlds: Sequence[str]) -> SearchStrategy[str]:
    return st.builds(
        lambda names, tld: ".".join([*names, tld]),
        st.lists(labels, min_size=1, max_size=2),
        st.sampled_from(tlds),
    )


_ASCII_LOCAL: Final = _dot_atoms(_LOCAL_ASCII)
_IDN_LOCAL: Final = _dot_atoms(_LOCAL_ASCII + _LOCAL_UNICODE)
_ASCII_DOMAINS: Final = _domains(_label(_LABEL_SCRIPTS[0]), _ASCII_TLDS)
_IDN_DOMAINS: Final = _domains(
    st.one_of([_label(script) for script in _LABEL_SCRIPTS[1:]])
    | st.sampled_from(_CJK_LABELS),
    _ASCII_TLDS + _IDN_TLDS,
)
_ADDRESSES: Final = {
    False: st.builds("{}@{}".format, _ASCII_LOCAL, _ASCII_DOMAINS),
    True: st.builds("{}@{}".format, _IDN_LOCAL, _ASCII_DOMAINS | _IDN_DOMAINS),
}
_FLIPS: Final = st.sampled_from(("keep", "upper", "lower", "mixed"))
_PADDING: Final = st.sampled_from(_WHITESPACE)


def _spell(draw: DrawFn, address: str) -> str:
    # Only ASCII letters change case: the dotless i upper-cases to "I",
    # whose key differs.
    flip = draw(_FLIPS)
    if flip == "upper":
        address = "".join(c.upper() if c.isascii() else c for c in address)
    elif flip == "lower":
        address = "".join(c.lower() if c.isascii() else c for c in address)
    elif flip == "mixed":
        mask = draw(_MASKS)
        address = "".join(
            c.swapcase() if c.isascii() and mask >> (i % 64) & 1 else c
            for i, c in enumerate(address)
        )
    if not address.isascii() and draw(_BOOLEANS):
        address = unicodedata.normalize("NFD", address)
    return f"{draw(_PADDING)}{address}{draw(_PADDING)}"


@st.composite
def _spelling(draw: DrawFn, address: str) -> str:
    return _spell(draw, address)


def email_spellings(address: str, /) -> SearchStrategy[str]:
    """Other spellings of *address* with the same `email_key`: ASCII letters
    in another case, Unicode decomposed (NFD), surrounding whitespace (spaces,
    tab, newline, no-break space). Use it to make duplicates (DUP-1)."""
    return _spelling(address)


def email_addresses(*, idn: bool = True, variants: bool = True) -> SearchStrategy[str]:
    """Email addresses that `email_key` accepts.

    *idn* adds Unicode local parts and internationalised domains (Latin,
    Cyrillic, Greek and CJK labels; Unicode TLDs). *variants* adds other
    spellings of an address (see `email_spellings`): mixed case, NFD,
    surrounding whitespace. Special-use domains (``.test``, ``.local``) and
    quoted local parts never appear: email-validator refuses them.
    """
    return _spelled_addresses(_ADDRESSES[idn]) if variants else _ADDRESSES[idn]


@st.composite
def _spelled_addresses(draw: DrawFn, addresses: SearchStrategy[str]) -> str:
    # A composite, not base.flatmap(email_spellings): Hypothesis shrinks
    # through flatmap slowly, and test authors shrink a lot of addresses.
    address = draw(addresses)
    return _spell(draw, address) if draw(_BOOLEANS) else address


def _email_keys() -> SearchStrategy[EmailKey]:
    return email_addresses(variants=False).map(email_key)


# --- HubSpot ---------------------------------------------------------------


def hubspot_contacts(
    *,
    ids: SearchStrategy[str] | None = None,
    emails: SearchStrategy[str | None] | None = None,
    first_names: SearchStrategy[str | None] | None = None,
    last_names: SearchStrategy[str | None] | None = None,
    companies: SearchStrategy[str | None] | None = None,
    lifecycle_stages: SearchStrategy[LifecycleStage | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    unsubscribed: SearchStrategy[bool] | None = None,
    company_ids: SearchStrategy[tuple[str, ...]] | None = None,
    salesforce_lead_ids: SearchStrategy[str | None] | None = None,
    salesforce_contact_ids: SearchStrategy[str | None] | None = None,
) -> SearchStrategy[HubSpotContact]:
    """HubSpot contacts; some without an address (SYNC-5), some unsubscribed,
    some already synced with a Salesforce lead or contact."""
    return st.builds(
        HubSpotContact,
        id=_or(ids, hubspot_ids()),
        email=_or(emails, _optional(email_addresses())),
        first_name=_or(first_names, _optional(_names(_FIRST_NAMES))),
        last_name=_or(last_names, _optional(_names(_LAST_NAMES))),
        company=_or(companies, _optional(_names(_COMPANY_NAMES))),
        lifecycle_stage=_or(
            lifecycle_stages, _optional(st.sampled_from(LifecycleStage))
        ),
        owner_id=_or(owner_ids, _optional(hubspot_ids())),
        unsubscribed=_or(unsubscribed, st.booleans()),
        company_ids=_or(
            company_ids, st.lists(hubspot_ids(), max_size=3, unique=True).map(tuple)
        ),
        salesforce_lead_id=_or(
            salesforce_lead_ids, _optional(salesforce_ids(sobject="Lead"))
        ),
        salesforce_contact_id=_or(
            salesforce_contact_ids, _optional(salesforce_ids(sobject="Contact"))
        ),
    )


_DOMAINS: Final = st.sampled_from(("acme.com", "vries.nl", "müller.de", "example.org"))


def hubspot_companies(
    *,
    ids: SearchStrategy[str] | None = None,
    names: SearchStrategy[str | None] | None = None,
    domains: SearchStrategy[str | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    lifecycle_stages: SearchStrategy[LifecycleStage | None] | None = None,
    salesforce_account_ids: SearchStrategy[str | None] | None = None,
) -> SearchStrategy[HubSpotCompany]:
    """HubSpot companies, some linked to a Salesforce account (DUP-3)."""
    return st.builds(
        HubSpotCompany,
        id=_or(ids, hubspot_ids()),
        name=_or(names, _optional(_names(_COMPANY_NAMES))),
        domain=_or(domains, _optional(_DOMAINS)),
        owner_id=_or(owner_ids, _optional(hubspot_ids())),
        lifecycle_stage=_or(
            lifecycle_stages, _optional(st.sampled_from(LifecycleStage))
        ),
        salesforce_account_id=_or(
            salesforce_account_ids, _optional(salesforce_ids(sobject="Account"))
        ),
    )


_PIPELINES: Final = st.sampled_from(("default", "renewals", "partner"))
_DEAL_STAGES: Final = st.sampled_from(
    ("appointmentscheduled", "qualifiedtobuy", "closedwon", "closedlost")
)


def hubspot_deals(
    *,
    ids: SearchStrategy[str] | None = None,
    names: SearchStrategy[str | None] | None = None,
    pipelines: SearchStrategy[str] | None = None,
    stages: SearchStrategy[str | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    company_ids: SearchStrategy[tuple[str, ...]] | None = None,
    contact_ids: SearchStrategy[tuple[str, ...]] | None = None,
    salesforce_opportunity_ids: SearchStrategy[str | None] | None = None,
) -> SearchStrategy[HubSpotDeal]:
    """HubSpot deals in a few pipelines, some linked to an opportunity."""
    return st.builds(
        HubSpotDeal,
        id=_or(ids, hubspot_ids()),
        name=_or(names, _optional(_names(_COMPANY_NAMES))),
        pipeline=_or(pipelines, _PIPELINES),
        stage=_or(stages, _optional(_DEAL_STAGES)),
        owner_id=_or(owner_ids, _optional(hubspot_ids())),
        company_ids=_or(
            company_ids, st.lists(hubspot_ids(), max_size=2, unique=True).map(tuple)
        ),
        contact_ids=_or(
            contact_ids, st.lists(hubspot_ids(), max_size=3, unique=True).map(tuple)
        ),
        salesforce_opportunity_id=_or(
            salesforce_opportunity_ids, _optional(salesforce_ids(sobject="Opportunity"))
        ),
    )


def hubspot_owners(
    *,
    ids: SearchStrategy[str] | None = None,
    emails: SearchStrategy[str] | None = None,
    first_names: SearchStrategy[str | None] | None = None,
    last_names: SearchStrategy[str | None] | None = None,
    archived: SearchStrategy[bool] | None = None,
) -> SearchStrategy[HubSpotOwner]:
    """HubSpot owners, some archived (OWN-4 matches them by name and email)."""
    return st.builds(
        HubSpotOwner,
        id=_or(ids, hubspot_ids()),
        email=_or(emails, email_addresses()),
        first_name=_or(first_names, _optional(_names(_FIRST_NAMES))),
        last_name=_or(last_names, _optional(_names(_LAST_NAMES))),
        archived=_or(archived, st.booleans()),
    )


# --- Salesforce ------------------------------------------------------------


def salesforce_leads(
    *,
    ids: SearchStrategy[str] | None = None,
    emails: SearchStrategy[str | None] | None = None,
    first_names: SearchStrategy[str | None] | None = None,
    last_names: SearchStrategy[str | None] | None = None,
    companies: SearchStrategy[str | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    has_opted_out_of_email: SearchStrategy[bool] | None = None,
    conversions: SearchStrategy[tuple[str, str] | None] | None = None,
) -> SearchStrategy[SalesforceLead]:
    """Salesforce leads; some without Company (PA-5), some converted.

    *conversions* gives ``(account id, contact id)`` for a converted lead, or
    ``None`` for one that is not converted.
    """
    conversion = _or(
        conversions,
        _optional(
            st.tuples(
                salesforce_ids(sobject="Account"), salesforce_ids(sobject="Contact")
            )
        ),
    )

    def build(
        fields: dict[str, Any], converted: tuple[str, str] | None
    ) -> SalesforceLead:
        return SalesforceLead(
            **fields,
            is_converted=converted is not None,
            converted_account_id=converted[0] if converted else None,
            converted_contact_id=converted[1] if converted else None,
        )

    fields = st.fixed_dictionaries(
        {
            "id": _or(ids, salesforce_ids(sobject="Lead")),
            "email": _or(emails, _optional(email_addresses())),
            "first_name": _or(first_names, _optional(_names(_FIRST_NAMES))),
            "last_name": _or(last_names, _optional(_names(_LAST_NAMES))),
            "company": _or(companies, _optional(_names(_COMPANY_NAMES))),
            "owner_id": _or(owner_ids, _optional(_owner_ids())),
            "has_opted_out_of_email": _or(has_opted_out_of_email, st.booleans()),
        }
    )
    return st.builds(build, fields, conversion)


def _owner_ids() -> SearchStrategy[str]:
    return salesforce_ids(sobject="User") | salesforce_ids(sobject="Queue")


def salesforce_contacts(
    *,
    ids: SearchStrategy[str] | None = None,
    emails: SearchStrategy[str | None] | None = None,
    first_names: SearchStrategy[str | None] | None = None,
    last_names: SearchStrategy[str | None] | None = None,
    account_ids: SearchStrategy[str | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    has_opted_out_of_email: SearchStrategy[bool] | None = None,
    is_person_account: SearchStrategy[bool] | None = None,
) -> SearchStrategy[SalesforceContact]:
    """Salesforce contacts, some without an account. Person-account hidden
    contacts are off by default here: `salesforce_accounts` and `snapshots`
    make them together with their account (PA-1)."""
    return st.builds(
        SalesforceContact,
        id=_or(ids, salesforce_ids(sobject="Contact")),
        email=_or(emails, _optional(email_addresses())),
        first_name=_or(first_names, _optional(_names(_FIRST_NAMES))),
        last_name=_or(last_names, _optional(_names(_LAST_NAMES))),
        account_id=_or(account_ids, _optional(salesforce_ids(sobject="Account"))),
        owner_id=_or(owner_ids, _optional(_owner_ids())),
        has_opted_out_of_email=_or(has_opted_out_of_email, st.booleans()),
        is_person_account=_or(is_person_account, st.just(False)),
    )


_PERSON_ACCOUNT_RECORD_TYPES: Final = st.sampled_from(
    ("012000000000001AAA", "012500000009xYzAAI")
)


@st.composite
def _accounts(
    draw: DrawFn,
    *,
    ids: SearchStrategy[str],
    names: SearchStrategy[str | None],
    owner_ids: SearchStrategy[str | None],
    person: SearchStrategy[bool],
    emails: SearchStrategy[str | None],
    person_contact_ids: SearchStrategy[str],
) -> SalesforceAccount:
    account_id = draw(ids)
    owner_id = draw(owner_ids)
    if not draw(person):
        return SalesforceAccount(
            id=account_id,
            name=draw(names),
            owner_id=owner_id,
            record_type_id=draw(_optional(st.just("012000000000000AAA"))),
        )
    first = draw(_optional(_names(_FIRST_NAMES)))
    last = draw(_names(_LAST_NAMES))  # LastName is required on person accounts
    return SalesforceAccount(
        id=account_id,
        # PA-3: a person account's Name is the person's name.
        name=" ".join(p for p in (first, last) if p),
        owner_id=owner_id,
        record_type_id=draw(_PERSON_ACCOUNT_RECORD_TYPES),
        is_person_account=True,
        first_name=first,
        last_name=last,
        person_email=draw(emails),
        person_contact_id=draw(person_contact_ids),
        person_has_opted_out_of_email=draw(st.booleans()),
    )


def salesforce_accounts(
    *,
    ids: SearchStrategy[str] | None = None,
    names: SearchStrategy[str | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    is_person_account: SearchStrategy[bool] | None = None,
    person_emails: SearchStrategy[str | None] | None = None,
    person_contact_ids: SearchStrategy[str] | None = None,
) -> SearchStrategy[SalesforceAccount]:
    """Business accounts and person accounts (PA-1). A person account has a
    person record type, the person's name as its Name, ``person_email`` and
    the id of its hidden contact; `snapshots` also holds that contact."""
    return _accounts(
        ids=_or(ids, salesforce_ids(sobject="Account")),
        names=_or(names, _optional(_names(_COMPANY_NAMES))),
        owner_ids=_or(owner_ids, _optional(_owner_ids())),
        person=_or(is_person_account, st.booleans()),
        emails=_or(person_emails, _optional(email_addresses())),
        person_contact_ids=_or(person_contact_ids, salesforce_ids(sobject="Contact")),
    )


_ROLES: Final = st.sampled_from(
    ("Decision Maker", "Economic Buyer", "Technical Buyer", "Influencer", "Other")
)


def opportunity_contact_roles(
    *,
    contact_ids: SearchStrategy[str] | None = None,
    roles: SearchStrategy[str | None] | None = None,
    is_primary: SearchStrategy[bool] | None = None,
) -> SearchStrategy[OpportunityContactRole]:
    """Contact roles linking a contact to an opportunity (LC-3)."""
    return st.builds(
        OpportunityContactRole,
        contact_id=_or(contact_ids, salesforce_ids(sobject="Contact")),
        role=_or(roles, _optional(_ROLES)),
        is_primary=_or(is_primary, st.booleans()),
    )


_OPEN_STAGES: Final = ("Prospecting", "Qualification", "Negotiation/Review")


@st.composite
def _opportunities(
    draw: DrawFn,
    *,
    ids: SearchStrategy[str],
    names: SearchStrategy[str | None],
    account_ids: SearchStrategy[str | None],
    owner_ids: SearchStrategy[str | None],
    contact_roles: SearchStrategy[tuple[OpportunityContactRole, ...]],
) -> SalesforceOpportunity:
    # Stage and the closed/won flags agree, as Salesforce keeps them.
    state = draw(st.sampled_from(["open", "won", "lost"]))
    stage = {"won": "Closed Won", "lost": "Closed Lost"}.get(state)
    return SalesforceOpportunity(
        id=draw(ids),
        name=draw(names),
        account_id=draw(account_ids),
        stage_name=stage or draw(_optional(st.sampled_from(_OPEN_STAGES))),
        is_closed=state != "open",
        is_won=state == "won",
        owner_id=draw(owner_ids),
        record_type_id=draw(_optional(st.just("012000000000002AAA"))),
        contact_roles=draw(contact_roles),
    )


def salesforce_opportunities(
    *,
    ids: SearchStrategy[str] | None = None,
    names: SearchStrategy[str | None] | None = None,
    account_ids: SearchStrategy[str | None] | None = None,
    owner_ids: SearchStrategy[str | None] | None = None,
    contact_roles: SearchStrategy[tuple[OpportunityContactRole, ...]] | None = None,
) -> SearchStrategy[SalesforceOpportunity]:
    """Open, Closed Won and Closed Lost opportunities (LC-2), some with an
    account and no contact roles (LC-3)."""
    return _opportunities(
        ids=_or(ids, salesforce_ids(sobject="Opportunity")),
        names=_or(names, _optional(_names(_COMPANY_NAMES))),
        account_ids=_or(account_ids, _optional(salesforce_ids(sobject="Account"))),
        owner_ids=_or(owner_ids, _optional(_owner_ids())),
        contact_roles=_or(
            contact_roles,
            st.lists(
                opportunity_contact_roles(),
                max_size=3,
                unique_by=lambda role: role.contact_id,
            ).map(tuple),
        ),
    )


def salesforce_users(
    *,
    ids: SearchStrategy[str] | None = None,
    emails: SearchStrategy[str | None] | None = None,
    first_names: SearchStrategy[str | None] | None = None,
    last_names: SearchStrategy[str | None] | None = None,
    user_types: SearchStrategy[UserType] | None = None,
    is_active: SearchStrategy[bool] | None = None,
) -> SearchStrategy[SalesforceUser]:
    """Salesforce users of every ``UserType`` (OWN-1 counts only Standard,
    PowerPartner and Guest), some inactive (OWN-4)."""
    return st.builds(
        SalesforceUser,
        id=_or(ids, salesforce_ids(sobject="User")),
        email=_or(emails, _optional(email_addresses())),
        first_name=_or(first_names, _optional(_names(_FIRST_NAMES))),
        last_name=_or(last_names, _optional(_names(_LAST_NAMES))),
        user_type=_or(user_types, st.sampled_from(UserType)),
        is_active=_or(is_active, st.booleans()),
    )


def salesforce_queues(
    *,
    ids: SearchStrategy[str] | None = None,
    names: SearchStrategy[str] | None = None,
    emails: SearchStrategy[str | None] | None = None,
) -> SearchStrategy[SalesforceQueue]:
    """Salesforce queues, which own records like users do (OWN-1)."""
    return st.builds(
        SalesforceQueue,
        id=_or(ids, salesforce_ids(sobject="Queue")),
        name=_or(names, st.sampled_from(("Inbound Leads", "EMEA Queue", "Support"))),
        email=_or(emails, _optional(email_addresses())),
    )


# --- Settings, mappings and inclusion lists --------------------------------

_DAY: Final = dt.timedelta(days=1)


def integration_dates() -> SearchStrategy[dt.date]:
    """Integration dates from 2006 to 2030, with SYNC-3's boundary
    (2017-06-21, 2017-06-22 itself, 2017-06-23) coming up often."""
    boundary = (
        LEGACY_DEFAULT_LIST_DATE - _DAY,
        LEGACY_DEFAULT_LIST_DATE,
        LEGACY_DEFAULT_LIST_DATE + _DAY,
    )
    return st.sampled_from(boundary) | st.dates(
        dt.date(2006, 6, 1), dt.date(2030, 12, 31)
    )


# INST-4 compares versions numerically: these are the ones a decimal or a
# string comparison gets wrong.
_VERSION_TEXTS: Final = (
    "2.6",
    "2.60",
    "2.100",
    "2.59",
    "2.61",
    "2.60.0",
    "3.0",
    "1.9.12",
)


def connector_versions() -> SearchStrategy[ConnectorVersion]:
    """Connector package versions, normalised as `ConnectorVersion.parse`
    reads them; ``2.6``, ``2.60``, ``2.100`` and neighbours of 2.60 (INST-4)
    come up often."""
    generated = st.lists(
        st.integers(min_value=0, max_value=120), min_size=1, max_size=3
    ).map(lambda parts: ".".join(map(str, parts)))
    return (st.sampled_from(_VERSION_TEXTS) | generated).map(ConnectorVersion.parse)


_MAPPED_FIELDS: Final = (
    ("firstname", "FirstName"),
    ("lastname", "LastName"),
    ("jobtitle", "Title"),
    ("phone", "Phone"),
    ("company", "Company"),
    ("lifecyclestage", "HubSpot_Lifecycle_Stage__c"),
    ("hubspot_owner_id", "OwnerId"),
    ("annualrevenue", "AnnualRevenue"),
    ("lead_score", "Lead_Score__c"),
)


@st.composite
def _typed_mappings(
    draw: DrawFn,
    types: SearchStrategy[HubSpotPropertyType],
    field_types: SearchStrategy[HubSpotFieldType | None] | None,
    rest: SearchStrategy[FieldMapping],
) -> FieldMapping:
    hubspot_type = draw(types)
    if field_types is None:
        # A pair HubSpot has (HUBSPOT_FIELD_TYPES); a type with one shape
        # sometimes without its field type, which FM-5 then reads.
        shapes = sorted(HUBSPOT_FIELD_TYPES.get(hubspot_type, ()), key=str)
        field_type = draw(st.sampled_from(shapes)) if shapes else None
        if one_shape(hubspot_type) is not None and draw(st.booleans()):
            field_type = None
    else:
        field_type = draw(field_types)
    return attrs.evolve(
        draw(rest), hubspot_type=hubspot_type, hubspot_field_type=field_type
    )


def field_mappings(
    *,
    hubspot_objects: SearchStrategy[HubSpotObject] | None = None,
    hubspot_properties: SearchStrategy[str] | None = None,
    hubspot_types: SearchStrategy[HubSpotPropertyType] | None = None,
    hubspot_field_types: SearchStrategy[HubSpotFieldType | None] | None = None,
    salesforce_objects: SearchStrategy[SalesforceObject] | None = None,
    salesforce_fields: SearchStrategy[str] | None = None,
    salesforce_types: SearchStrategy[SalesforceFieldType] | None = None,
    rules: SearchStrategy[SyncRule] | None = None,
    locked: SearchStrategy[bool] | None = None,
    formula_references: SearchStrategy[tuple[str, ...] | None] | None = None,
) -> SearchStrategy[FieldMapping]:
    """Field mappings of any types and sync rule (FM-1, FM-2, FM-3, FM-4,
    FM-5), unlocked by default (only OPT-1's mappings are locked), some on
    formula fields (TRIG-2).

    The HubSpot side is a (type, fieldType) pair HubSpot's properties API
    has (`HUBSPOT_FIELD_TYPES`), the field type sometimes left out where the
    type alone decides; *hubspot_field_types* overrides the field type.
    Pairs with the Salesforce type are not filtered: FM-5 decides which are
    valid."""
    names = st.sampled_from(_MAPPED_FIELDS)
    rest = st.builds(
        FieldMapping,
        hubspot_object=_or(hubspot_objects, st.sampled_from(HubSpotObject)),
        hubspot_property=_or(hubspot_properties, names.map(lambda n: n[0])),
        # Replaced by the drawn pair; a type that needs no field type here.
        hubspot_type=st.just(HubSpotPropertyType.NUMBER),
        salesforce_object=_or(salesforce_objects, st.sampled_from(SalesforceObject)),
        salesforce_field=_or(salesforce_fields, names.map(lambda n: n[1])),
        salesforce_type=_or(salesforce_types, st.sampled_from(SalesforceFieldType)),
        rule=_or(rules, st.sampled_from(SyncRule)),
        locked=_or(locked, st.just(False)),
        formula_references=_or(
            formula_references,
            _optional(
                st.lists(
                    st.sampled_from([sf for _, sf in _MAPPED_FIELDS]),
                    min_size=1,
                    max_size=3,
                    unique=True,
                ).map(tuple)
            ),
        ),
    )
    return _typed_mappings(
        _or(hubspot_types, st.sampled_from(HubSpotPropertyType)),
        hubspot_field_types,
        rest,
    )


def _property_values(name: str) -> SearchStrategy[str]:
    if name == "lifecyclestage":
        return st.sampled_from([stage.value for stage in LifecycleStage])
    if name == "hs_email_optout":
        return st.sampled_from(("true", "false"))
    if name == "email":
        return st.sampled_from(("@acme.com", "acme", ".nl", "JAN@"))
    if name in ("hubspot_owner_id", "salesforceleadid", "salesforcecontactid"):
        return hubspot_ids()
    return _names(_FIRST_NAMES + _LAST_NAMES + _COMPANY_NAMES)


@st.composite
def _criterion(
    draw: DrawFn, properties: SearchStrategy[str], operators: SearchStrategy[Operator]
) -> Criterion:
    name = draw(properties)
    operator = draw(operators)
    values = _property_values(name)
    if operator in NEEDS_NO_VALUES:
        chosen: tuple[str, ...] = ()
    elif operator in NEEDS_ONE_VALUE:
        chosen = (draw(values),)
    else:
        chosen = tuple(draw(st.lists(values, min_size=1, max_size=3)))
    return Criterion(property=name, operator=operator, values=chosen)


def inclusion_criteria(
    *,
    properties: SearchStrategy[str] | None = None,
    operators: SearchStrategy[Operator] | None = None,
) -> SearchStrategy[Criterion]:
    """Criteria of a `CriteriaInclusionList` over the contact properties the
    model holds, with as many values as each operator takes and values that
    fit the property (lifecycle stages, ``"true"``/``"false"``...)."""
    return _criterion(
        _or(properties, st.sampled_from(sorted(CONTACT_PROPERTIES))),
        _or(operators, st.sampled_from(Operator)),
    )


_LIST_NAMES: Final = st.sampled_from(
    ("MQLs only", "Sync to Salesforce", "EMEA contacts", "Not competitors")
)


def static_inclusion_lists(
    *,
    names: SearchStrategy[str] | None = None,
    contact_ids: SearchStrategy[frozenset[str]] | None = None,
) -> SearchStrategy[StaticInclusionList]:
    """Inclusion lists given by their members' ids (SYNC-2)."""
    return st.builds(
        StaticInclusionList,
        name=_or(names, _LIST_NAMES),
        contact_ids=_or(contact_ids, st.frozensets(hubspot_ids(), max_size=5)),
    )


def criteria_inclusion_lists(
    *,
    names: SearchStrategy[str] | None = None,
    criteria: SearchStrategy[tuple[Criterion, ...]] | None = None,
) -> SearchStrategy[CriteriaInclusionList]:
    """Active lists of one to three criteria (SYNC-2)."""
    return st.builds(
        CriteriaInclusionList,
        name=_or(names, _LIST_NAMES),
        criteria=_or(
            criteria, st.lists(inclusion_criteria(), min_size=1, max_size=3).map(tuple)
        ),
    )


def default_inclusion_lists() -> SearchStrategy[DefaultInclusionList]:
    """SYNC-3's "Salesforce inclusion list (default)"."""
    return st.just(DefaultInclusionList())


def inclusion_lists(
    *, contact_ids: SearchStrategy[frozenset[str]] | None = None
) -> SearchStrategy[InclusionList]:
    """Any of the built-in inclusion lists; *contact_ids* sets a static
    list's members."""
    return st.one_of(
        static_inclusion_lists(contact_ids=contact_ids),
        criteria_inclusion_lists(),
        default_inclusion_lists(),
    )


_LATER_LISTS: Final[SearchStrategy[InclusionList | None]] = st.one_of(
    st.none(), static_inclusion_lists(), criteria_inclusion_lists()
)
_LEGACY_LISTS: Final = _LATER_LISTS | default_inclusion_lists()


@st.composite
def _settings(
    draw: DrawFn,
    fields: SearchStrategy[dict[str, Any]],
    dates: SearchStrategy[dt.date],
    lists: SearchStrategy[InclusionList | None] | None,
) -> IntegrationSettings:
    integrated_on = draw(dates)
    if lists is None:
        # SYNC-3: only portals integrated on or before the day have the
        # default list; later ones have their own list or none.
        legacy = integrated_on <= LEGACY_DEFAULT_LIST_DATE
        lists = _LEGACY_LISTS if legacy else _LATER_LISTS
    return IntegrationSettings(
        integrated_on=integrated_on, inclusion_list=draw(lists), **draw(fields)
    )


def integration_settings(
    *,
    integrated_on: SearchStrategy[dt.date] | None = None,
    editions: SearchStrategy[SalesforceEdition] | None = None,
    government_cloud: SearchStrategy[bool] | None = None,
    api_access: SearchStrategy[bool] | None = None,
    connector_versions: SearchStrategy[ConnectorVersion] | None = None,
    portals: SearchStrategy[int] | None = None,
    contact_creation: SearchStrategy[ContactCreation] | None = None,
    new_records_as: SearchStrategy[SalesforceObject] | None = None,
    company_auto_create: SearchStrategy[bool] | None = None,
    account_sync: SearchStrategy[bool] | None = None,
    automatic_lifecycle_transitions: SearchStrategy[bool] | None = None,
    lifecycle_stage_sync: SearchStrategy[bool] | None = None,
    person_accounts: SearchStrategy[bool] | None = None,
    inclusion_lists: SearchStrategy[InclusionList | None] | None = None,
    deal_sync: SearchStrategy[bool] | None = None,
    synced_pipelines: SearchStrategy[tuple[str, ...]] | None = None,
    mappings: SearchStrategy[tuple[FieldMapping, ...]] | None = None,
    api_call_allocations: SearchStrategy[int | None] | None = None,
) -> SearchStrategy[IntegrationSettings]:
    """Integration settings of every edition and toggle.

    Portals integrated around 2017-06-22 come up often; only those on or
    before it get the default inclusion list (SYNC-3) unless
    *inclusion_lists* says otherwise. Several portals per org (INST-4, INST-5)
    and an API allocation of 0 (ERR-2) are included.
    """
    fields = st.fixed_dictionaries(
        {
            "edition": _or(editions, st.sampled_from(SalesforceEdition)),
            "government_cloud": _or(government_cloud, st.booleans()),
            "api_access": _or(api_access, st.booleans()),
            "connector_version": _or(connector_versions, _connector_versions()),
            "portals": _or(portals, st.just(1) | st.integers(2, 5)),
            "contact_creation": _or(contact_creation, st.sampled_from(ContactCreation)),
            "new_records_as": _or(
                new_records_as,
                st.sampled_from((SalesforceObject.LEAD, SalesforceObject.CONTACT)),
            ),
            "company_auto_create": _or(company_auto_create, st.booleans()),
            "account_sync": _or(account_sync, st.booleans()),
            "automatic_lifecycle_transitions": _or(
                automatic_lifecycle_transitions, st.booleans()
            ),
            "lifecycle_stage_sync": _or(lifecycle_stage_sync, st.booleans()),
            "person_accounts": _or(person_accounts, st.booleans()),
            "deal_sync": _or(deal_sync, st.booleans()),
            "synced_pipelines": _or(
                synced_pipelines, st.lists(_PIPELINES, unique=True).map(tuple)
            ),
            "mappings": _or(
                mappings,
                st.lists(
                    field_mappings(),
                    max_size=4,
                    unique_by=lambda m: (
                        m.hubspot_object,
                        m.hubspot_property,
                        m.salesforce_object,
                    ),
                ).map(tuple),
            ),
            "api_call_allocation": _or(
                api_call_allocations, _optional(st.integers(0, 10**6))
            ),
        }
    )
    return _settings(fields, _or(integrated_on, integration_dates()), inclusion_lists)


# The parameter of `integration_settings` shadows the public function.
_connector_versions: Final = connector_versions


_DETAILS: Final = st.builds(
    "{} {} has {} {!r}.".format,
    st.sampled_from(("HubSpot contact", "Salesforce lead", "Salesforce user")),
    hubspot_ids(),
    st.sampled_from(("email", "lifecycle stage", "owner")),
    _names(_FIRST_NAMES),
)


def reasons(
    *,
    rules: SearchStrategy[str] | None = None,
    details: SearchStrategy[str] | None = None,
) -> SearchStrategy[Reason]:
    """Reasons citing catalogue rules with a one-sentence detail."""
    return st.builds(
        Reason,
        rule=_or(rules, st.sampled_from(sorted(RULES))),
        detail=_or(details, _DETAILS),
    )


# --- Snapshots -------------------------------------------------------------


# Records drawn with every reference left out; `_snapshots` fills the
# references in with records of the same snapshot.
_BARE_USERS: Final = salesforce_users(emails=st.none())
_BARE_QUEUES: Final = salesforce_queues(emails=st.none())
_BARE_ACCOUNTS: Final = salesforce_accounts(
    owner_ids=st.none(), is_person_account=st.just(False)
)
_BARE_PERSON_ACCOUNTS: Final = salesforce_accounts(
    owner_ids=st.none(), is_person_account=st.just(True), person_emails=st.none()
)
_BARE_SF_CONTACTS: Final = salesforce_contacts(
    emails=st.none(), account_ids=st.none(), owner_ids=st.none()
)
_BARE_LEADS: Final = salesforce_leads(
    emails=st.none(), owner_ids=st.none(), conversions=st.none()
)
_BARE_OPPORTUNITIES: Final = salesforce_opportunities(
    account_ids=st.none(), owner_ids=st.none(), contact_roles=st.just(())
)
_BARE_OWNERS: Final = hubspot_owners(emails=st.just("owner@example.com"))
_BARE_COMPANIES: Final = hubspot_companies(
    owner_ids=st.none(), salesforce_account_ids=st.none()
)
_BARE_CONTACTS: Final = hubspot_contacts(
    emails=st.none(),
    owner_ids=st.none(),
    company_ids=st.just(()),
    salesforce_lead_ids=st.none(),
    salesforce_contact_ids=st.none(),
)
_BARE_DEALS: Final = hubspot_deals(
    owner_ids=st.none(),
    company_ids=st.just(()),
    contact_ids=st.just(()),
    salesforce_opportunity_ids=st.none(),
)
_ROLE_NAMES: Final = _optional(_ROLES)


@attrs.frozen
class _Kit:
    """The strategies one `snapshots` call draws from, built once."""

    settings: SearchStrategy[IntegrationSettings]
    given_settings: bool
    pool: SearchStrategy[list[str]]
    ids: dict[str, SearchStrategy[list[str]]]


def _ids_of(kind: SearchStrategy[str], size: int) -> SearchStrategy[list[str]]:
    return st.lists(kind, max_size=size, unique=True)


def _take(draw: DrawFn, items: list[T]) -> T | None:
    """Remove and return one of *items*, or none."""
    if not items or not draw(_BOOLEANS):
        return None
    return items.pop(draw(_index(len(items))))


@st.composite
def _snapshots(draw: DrawFn, kit: _Kit, n: int) -> Snapshot:
    config = draw(kit.settings)
    # One pool of distinct addresses; records take other spellings of them,
    # so duplicates across and within the systems are common (DUP-1).
    pool = draw(kit.pool)

    def address() -> str | None:
        return _spell(draw, _pick(draw, pool)) if draw(_BOOLEANS) else None

    def bare(strategy: SearchStrategy[T], kind: str) -> list[tuple[str, T]]:
        return [(i, draw(strategy)) for i in draw(kit.ids[kind])]

    users = [
        attrs.evolve(u, id=i, email=address()) for i, u in bare(_BARE_USERS, "User")
    ]
    queues = [
        attrs.evolve(q, id=i, email=address()) for i, q in bare(_BARE_QUEUES, "Queue")
    ]
    sf_owners = [u.id for u in users] + [q.id for q in queues]

    # Person accounts exist only in orgs that have them switched on (PA-1);
    # each takes one of the drawn contact ids for its hidden contact.
    contact_ids = draw(kit.ids["Contact"])
    accounts: list[SalesforceAccount] = []
    hidden: list[SalesforceContact] = []
    for account_id in draw(kit.ids["Account"]):
        owner_id = _maybe(draw, sf_owners)
        if config.person_accounts and contact_ids and draw(_BOOLEANS):
            hidden_id = contact_ids.pop()
            account = attrs.evolve(
                draw(_BARE_PERSON_ACCOUNTS),
                id=account_id,
                owner_id=owner_id,
                person_email=address(),
                person_contact_id=hidden_id,
            )
            hidden.append(
                SalesforceContact(
                    id=hidden_id,
                    email=account.person_email,
                    first_name=account.first_name,
                    last_name=account.last_name,
                    account_id=account.id,
                    owner_id=owner_id,
                    has_opted_out_of_email=account.person_has_opted_out_of_email,
                    is_person_account=True,
                )
            )
        else:
            account = attrs.evolve(
                draw(_BARE_ACCOUNTS), id=account_id, owner_id=owner_id
            )
        accounts.append(account)
    business = [a.id for a in accounts if not a.is_person_account]
    sf_contacts = hidden + [
        attrs.evolve(
            draw(_BARE_SF_CONTACTS),
            id=contact_id,
            email=address(),
            account_id=_maybe(draw, business),
            owner_id=_maybe(draw, sf_owners),
        )
        for contact_id in contact_ids
    ]
    # A converted lead points at the contact it became and that contact's
    # account (a person account when the lead had no Company, PA-5).
    converted_to = [(c.account_id, c.id) for c in sf_contacts if c.account_id]
    leads = []
    for lead_id, lead in bare(_BARE_LEADS, "Lead"):
        conversion = _maybe(draw, converted_to)
        leads.append(
            attrs.evolve(
                lead,
                id=lead_id,
                email=address(),
                owner_id=_maybe(draw, sf_owners),
                is_converted=conversion is not None,
                converted_account_id=conversion[0] if conversion else None,
                converted_contact_id=conversion[1] if conversion else None,
            )
        )
    account_ids = [a.id for a in accounts]
    sf_contact_ids = [c.id for c in sf_contacts]
    opportunities = []
    for opportunity_id, opportunity in bare(_BARE_OPPORTUNITIES, "Opportunity"):
        roles = _some(draw, sf_contact_ids, 3)
        primary = draw(_index(len(roles) + 1))
        opportunities.append(
            attrs.evolve(
                opportunity,
                id=opportunity_id,
                account_id=_maybe(draw, account_ids),
                owner_id=_maybe(draw, sf_owners),
                contact_roles=tuple(
                    OpportunityContactRole(
                        contact_id=contact_id,
                        role=draw(_ROLE_NAMES),
                        is_primary=index == primary,
                    )
                    for index, contact_id in enumerate(roles)
                ),
            )
        )

    owners = []
    for owner_id, bare_owner in bare(_BARE_OWNERS, "HubSpotOwner"):
        twin = _maybe(draw, users)
        if twin is not None and twin.email is not None:
            # The same person in both systems: what OWN-4 matches.
            owner = attrs.evolve(
                bare_owner,
                id=owner_id,
                email=_spell(draw, twin.email.strip()),
                first_name=twin.first_name,
                last_name=twin.last_name,
            )
        else:
            owner = attrs.evolve(
                bare_owner, id=owner_id, email=_spell(draw, _pick(draw, pool))
            )
        owners.append(owner)
    hs_owners = [o.id for o in owners]

    # DUP-3: an account is linked to at most one company.
    unlinked = list(account_ids)
    companies = [
        attrs.evolve(
            company,
            id=company_id,
            owner_id=_maybe(draw, hs_owners),
            salesforce_account_id=_take(draw, unlinked),
        )
        for company_id, company in bare(_BARE_COMPANIES, "HubSpotCompany")
    ]
    company_ids = [c.id for c in companies]

    # HubSpot keeps one contact per address, so contacts take distinct
    # addresses of the pool; a contact may already sync with a Salesforce
    # record of the same address.
    by_key: dict[EmailKey, list[SalesforceLead | SalesforceContact]] = {}
    synced_records: list[SalesforceLead | SalesforceContact] = [*leads, *sf_contacts]
    for record in synced_records:
        if record.email is not None:
            by_key.setdefault(email_key(record.email), []).append(record)
    unused = list(pool)
    contacts = []
    for contact_id, contact in bare(_BARE_CONTACTS, "HubSpotContact"):
        base = _take(draw, unused)
        synced = _maybe(draw, by_key.get(email_key(base), [])) if base else None
        contacts.append(
            attrs.evolve(
                contact,
                id=contact_id,
                email=None if base is None else _spell(draw, base),
                owner_id=_maybe(draw, hs_owners),
                company_ids=_some(draw, company_ids, 2),
                salesforce_lead_id=synced.id
                if isinstance(synced, SalesforceLead)
                else None,
                salesforce_contact_id=synced.id
                if isinstance(synced, SalesforceContact)
                else None,
            )
        )
    hubspot_contact_ids = [c.id for c in contacts]
    unlinked = [o.id for o in opportunities]
    deals = [
        attrs.evolve(
            deal,
            id=deal_id,
            owner_id=_maybe(draw, hs_owners),
            company_ids=_some(draw, company_ids, 2),
            contact_ids=_some(draw, hubspot_contact_ids, 3),
            salesforce_opportunity_id=_take(draw, unlinked),
        )
        for deal_id, deal in bare(_BARE_DEALS, "HubSpotDeal")
    ]

    if not kit.given_settings and isinstance(
        config.inclusion_list, StaticInclusionList
    ):
        # A static list's members are contacts of this snapshot.
        members = frozenset(_some(draw, hubspot_contact_ids, n))
        config = attrs.evolve(
            config,
            inclusion_list=attrs.evolve(config.inclusion_list, contact_ids=members),
        )
    return Snapshot(
        settings=config,
        hubspot=HubSpotRecords(
            contacts=tuple(contacts),
            companies=tuple(companies),
            deals=tuple(deals),
            owners=tuple(owners),
        ),
        salesforce=SalesforceRecords(
            leads=tuple(leads),
            contacts=tuple(sf_contacts),
            accounts=tuple(accounts),
            opportunities=tuple(opportunities),
            users=tuple(users),
            queues=tuple(queues),
        ),
    )


def snapshots(
    *,
    settings: SearchStrategy[IntegrationSettings] | None = None,
    emails: SearchStrategy[str] | None = None,
    max_per_kind: int = 3,
) -> SearchStrategy[Snapshot]:
    """Whole snapshots whose references hold.

    Every owner id points at an owner of its system (users, inactive users
    and queues in Salesforce); contacts' accounts, contact roles, converted
    leads, person accounts' hidden contacts, companies' accounts, deals'
    companies, contacts and opportunities, and contacts' sync links all point
    at records of the snapshot; a static inclusion list's members are its
    contacts. Addresses come from one pool of *emails* (made distinct by
    `email_key`) in different spellings, so duplicates are common; HubSpot
    contacts have distinct keys, as HubSpot dedupes them. *max_per_kind*
    bounds each kind of record.
    """
    n = max_per_kind
    ids = {
        kind: _ids_of(salesforce_ids(sobject=kind), n)
        for kind in SALESFORCE_ID_PREFIXES
    }
    ids["Queue"] = _ids_of(salesforce_ids(sobject="Queue"), min(n, 2))
    ids["Contact"] = _ids_of(salesforce_ids(sobject="Contact"), 2 * n)
    for kind in ("HubSpotOwner", "HubSpotCompany", "HubSpotContact", "HubSpotDeal"):
        ids[kind] = _ids_of(hubspot_ids(), n)
    kit = _Kit(
        settings=integration_settings() if settings is None else settings,
        given_settings=settings is not None,
        pool=st.lists(
            _or(emails, email_addresses(variants=False)),
            min_size=1,
            max_size=2 * n + 1,
            unique_by=email_key,
        ),
        ids=ids,
    )
    return _snapshots(kit, n)


def hubspot_records(*, max_per_kind: int = 3) -> SearchStrategy[HubSpotRecords]:
    """One portal's records with references among themselves; the HubSpot
    half of `snapshots`."""
    return snapshots(max_per_kind=max_per_kind).map(lambda s: s.hubspot)


def salesforce_records(*, max_per_kind: int = 3) -> SearchStrategy[SalesforceRecords]:
    """One org's records with references among themselves; the Salesforce
    half of `snapshots`."""
    return snapshots(max_per_kind=max_per_kind).map(lambda s: s.salesforce)


# --- Opt-out event sequences (OPT-2, OPT-3, OPT-4) ----------------------------------

_SALESFORCE_SIDE: Final = (
    OptOutEvent.SALESFORCE_OPTED_OUT,
    OptOutEvent.SALESFORCE_OPTED_IN,
    OptOutEvent.SYNCED,
)


def optout_events(*, hubspot: bool = True) -> SearchStrategy[OptOutEvent]:
    """Opt-out events from both sides, the contact's own resubscribe and a
    plain sync; ``hubspot=False`` keeps Salesforce's events and the plain
    sync only (what OPT-3 says cannot resubscribe anyone)."""
    return st.sampled_from(list(OptOutEvent) if hubspot else list(_SALESFORCE_SIDE))


def _held_after(state: OptOutState, events: list[OptOutEvent]) -> OptOutState:
    # Applying events while not syncing is the one way to reach a state
    # with changes held: OptOutState refuses held events that do not match
    # its sides.
    for event in events:
        state = apply_optout(state, event, syncing=False).state
    return state


def optout_states(
    *,
    contact_ids: SearchStrategy[str] | None = None,
    salesforce_record_ids: SearchStrategy[str | None] | None = None,
    hubspot_unsubscribed: SearchStrategy[bool] | None = None,
    salesforce_opted_out: SearchStrategy[bool] | None = None,
    held_events: SearchStrategy[list[OptOutEvent]] | None = None,
) -> SearchStrategy[OptOutState]:
    """One contact's opt-out on both sides, with changes held (OPT-4): a
    state with the given statuses to which *held_events* (by default up to
    three of `optout_events`) then happened while the contact did not sync.
    Pin both statuses and pass ``held_events=st.just([])`` for a state
    without held changes."""
    start = st.builds(
        OptOutState,
        contact_id=_or(contact_ids, hubspot_ids()),
        salesforce_id=_or(
            salesforce_record_ids, _optional(salesforce_ids(sobject="Contact"))
        ),
        hubspot_unsubscribed=_or(hubspot_unsubscribed, st.booleans()),
        salesforce_opted_out=_or(salesforce_opted_out, st.booleans()),
    )
    return st.builds(
        _held_after, start, _or(held_events, st.lists(optout_events(), max_size=3))
    )


def optout_histories(
    *,
    events: SearchStrategy[OptOutEvent] | None = None,
    syncing: SearchStrategy[bool] | None = None,
    max_size: int = 8,
) -> SearchStrategy[list[tuple[OptOutEvent, bool]]]:
    """Sequences of ``(event, syncing)`` steps from both sides: what happens
    to one contact's opt-out, and whether the contact syncs at that moment
    (it leaves and rejoins the inclusion list as the steps go, OPT-4). Feed
    them to `apply_optout` or to your own service, starting from an
    `optout_states` value."""
    return st.lists(
        st.tuples(_or(events, optout_events()), _or(syncing, st.booleans())),
        max_size=max_size,
    )


# --- Decisions and other results ------------------------------------------

_OBJECTS: Final[tuple[HubSpotObject | SalesforceObject, ...]] = (
    *HubSpotObject,
    *SalesforceObject,
)
# Names a change may touch: the mapped ones on either side, the opt-out
# property and field (OPT-1), and names no mapping uses.
_CHANGED_NAMES: Final = (
    *(hs for hs, _ in _MAPPED_FIELDS),
    *(sf for _, sf in _MAPPED_FIELDS),
    "hs_email_optout",
    "HasOptedOutOfEmail",
    "notes_last_updated",
    "LastActivityDate",
)


@st.composite
def _record_changes(
    draw: DrawFn,
    objects: SearchStrategy[HubSpotObject | SalesforceObject],
    record_ids: SearchStrategy[str] | None,
    changed: SearchStrategy[frozenset[str]],
) -> RecordChange:
    obj = draw(objects)
    if record_ids is None:
        ids = (
            hubspot_ids()
            if isinstance(obj, HubSpotObject)
            else salesforce_ids(sobject=obj.value)
        )
    else:
        ids = record_ids
    return RecordChange(object=obj, record_id=draw(ids), changed=draw(changed))


def record_changes(
    *,
    objects: SearchStrategy[HubSpotObject | SalesforceObject] | None = None,
    record_ids: SearchStrategy[str] | None = None,
    changed: SearchStrategy[frozenset[str]] | None = None,
) -> SearchStrategy[RecordChange]:
    """Edits to one record of either system (TRIG-1, TRIG-2, TRIG-3): an id of the
    object's kind, and changed names that are mapped, formula-referenced,
    the opt-out ones (OPT-1), unmapped, or none at all."""
    return _record_changes(
        _or(objects, st.sampled_from(_OBJECTS)),
        record_ids,
        _or(
            changed,
            st.frozensets(st.sampled_from(_CHANGED_NAMES), max_size=4),
        ),
    )


def trigger_decisions(
    *,
    changes: SearchStrategy[RecordChange] | None = None,
    mappings: SearchStrategy[tuple[FieldMapping, ...]] | None = None,
    included: SearchStrategy[bool | None] | None = None,
    newly_included: SearchStrategy[bool] | None = None,
) -> SearchStrategy[TriggerDecision]:
    """What `triggers_sync` decides for a generated change, mappings (some
    on formula fields, TRIG-2) and inclusion-list state (SYNC-2, TRIG-3):
    decisions the library itself makes, reasons included."""
    return st.builds(
        triggers_sync,
        _or(changes, record_changes()),
        mappings=_or(mappings, st.lists(field_mappings(), max_size=4).map(tuple)),
        included=_or(included, _optional(st.booleans())),
        newly_included=_or(newly_included, st.booleans()),
    )


def owner_directories(
    *,
    owners: SearchStrategy[list[SalesforceUser | SalesforceQueue | HubSpotOwner]]
    | None = None,
) -> SearchStrategy[StaticOwnerDirectory]:
    """`OwnerDirectory` values (`StaticOwnerDirectory.of`) over both
    systems' owners: users of every type, queues and HubSpot owners, some of
    them sharing an address (OWN-4 then finds several)."""
    mixed = st.one_of(salesforce_users(), salesforce_queues(), hubspot_owners())
    return _or(owners, st.lists(mixed, max_size=6)).map(StaticOwnerDirectory.of)


def _mapping_problems() -> SearchStrategy[MappingProblem]:
    # The problems FM-5, FM-8, OPT-1, LC-1 and CN-2 find in generated tables.
    tables = st.lists(field_mappings(), min_size=1, max_size=3)
    found = tables.map(mapping_problems).filter(bool)
    return found.flatmap(st.sampled_from)


def _invalid_mapping_errors() -> SearchStrategy[InvalidMappingError]:
    tables = st.lists(field_mappings(), min_size=1, max_size=3)
    return tables.map(mapping_problems).filter(bool).map(InvalidMappingError)


def _plan_streams() -> SearchStrategy[PlanStream]:
    # Built as `plan_stream` builds them. A stream spares its records from
    # the garbage collector until it is iterated to the end or dropped.
    return snapshots(max_per_kind=2).map(
        lambda snapshot: plan_stream([snapshot.settings, *snapshot.records()])
    )


# --- Registration with Hypothesis ------------------------------------------

_STRATEGIES: Final[dict[Any, Callable[[], SearchStrategy[Any]]]] = {
    HubSpotContact: hubspot_contacts,
    HubSpotCompany: hubspot_companies,
    HubSpotDeal: hubspot_deals,
    HubSpotOwner: hubspot_owners,
    SalesforceLead: salesforce_leads,
    SalesforceContact: salesforce_contacts,
    SalesforceAccount: salesforce_accounts,
    SalesforceOpportunity: salesforce_opportunities,
    OpportunityContactRole: opportunity_contact_roles,
    SalesforceUser: salesforce_users,
    SalesforceQueue: salesforce_queues,
    ConnectorVersion: connector_versions,
    FieldMapping: field_mappings,
    IntegrationSettings: integration_settings,
    Criterion: inclusion_criteria,
    StaticInclusionList: static_inclusion_lists,
    CriteriaInclusionList: criteria_inclusion_lists,
    DefaultInclusionList: default_inclusion_lists,
    InclusionList: inclusion_lists,
    HubSpotRecords: hubspot_records,
    SalesforceRecords: salesforce_records,
    Snapshot: snapshots,
    Reason: reasons,
    EmailKey: _email_keys,
    OptOutState: optout_states,
    RecordChange: record_changes,
    TriggerDecision: trigger_decisions,
    OwnerDirectory: owner_directories,
    StaticOwnerDirectory: owner_directories,
    MappingProblem: _mapping_problems,
    InvalidMappingError: _invalid_mapping_errors,
    PlanStream: _plan_streams,
}
# The public types `st.from_type` resolves once the package is installed.


def _hypothesis_setup_hook() -> None:
    """Register a strategy for every public type; Hypothesis calls this
    through the ``hypothesis`` entry point when it is imported."""
    for cls, strategy in _STRATEGIES.items():
        st.register_type_strategy(cls, strategy())
