"""Seeded synthetic snapshots in the project's NDJSON format.

Realistic shape, at any size, without holding the data in memory:

* N HubSpot contacts and N Salesforce records (60% leads, 40% contacts);
* about 20% of the Salesforce records share a HubSpot contact's address,
  spelled with other case or surrounding whitespace; half of those pairs
  already sync (the HubSpot contact names its Salesforce record);
* addresses spread Zipf-like over a few thousand domains, about 1% of them
  internationalised (IDN), a few of those with a non-ASCII local part;
* owners from a directory of a few hundred Salesforce users (some inactive,
  some portal licences), a dozen queues, and the HubSpot owners that mirror
  the users;
* 5% opted out on each side, drawn independently, so a duplicate pair is
  almost always opted out on one side only;
* Salesforce contacts grouped in accounts of 1-20 contacts, some accounts
  with opportunities and contact roles; HubSpot contacts grouped likewise in
  companies, some with deals;
* a legacy portal (integrated before 2017-06-22, no inclusion list, so SYNC-3
  applies) or a new one (integrated later, account and lifecycle sync on).

Every choice is a pure function of (seed, stream, index), through the
splitmix64 mixer: the output is the same for a seed on every Python version,
and a Salesforce record can name "its" HubSpot twin without either side being
kept in memory.

    python benchmarks/generate.py --contacts 1000000 --seed 1 --out big.ndjson
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import math
import sys
from collections.abc import Iterator, Sequence
from typing import Any, Final

from crmsync_rules.model import salesforce_id_18

__all__ = ["PARTS", "generate", "main"]

PARTS: Final = ("all", "head", "salesforce")

_MASK: Final = (1 << 64) - 1
_UNIT: Final = 1.0 / (1 << 64)


def _mix(x: int) -> int:
    """splitmix64's finaliser: a good 64-bit hash of a 64-bit integer."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


class _Stream:
    """Independent uniform draws addressed by index: ``stream.unit(i, k)`` is
    the k-th number of item i, the same whenever it is asked for."""

    def __init__(self, seed: int, name: str) -> None:
        salt = int.from_bytes(name.encode()[:8].ljust(8, b"\0"), "little")
        self._key = _mix(_mix(seed & _MASK) ^ salt)

    def unit(self, index: int, k: int = 0) -> float:
        # `_mix` written out: the generator draws a few million numbers per
        # 100k records, and the call was a sixth of its time.
        x = (self._key + (index << 4) + k + 0x9E3779B97F4A7C15) & _MASK
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
        return (x ^ (x >> 31)) * _UNIT

    def pick(self, items: Sequence[str], index: int, k: int = 0) -> str:
        return items[int(self.unit(index, k) * len(items))]


class _Wide(_Stream):
    """A stream of up to 64 draws per item (`_Stream` has 16), for the
    properties, apart from the streams of the records' other fields so that
    those stay the same with or without properties."""

    def unit(self, index: int, k: int = 0) -> float:
        # `_Stream.unit(index * 4 + k // 16, k % 16)`, written out.
        x = (self._key + ((index * 4 + k // 16) << 4) + k % 16) & _MASK
        x = (x + 0x9E3779B97F4A7C15) & _MASK
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
        return (x ^ (x >> 31)) * _UNIT


# --- Vocabulary ---------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST: Final = _words(
    "anna bram chloe daan emma finn gwen hugo iris jan kai lena milan nora "
    "olaf pia quinn ruben sara tim uma vera wout xena yara zoe ahmed bilal "
    "carlos diego elena fatima george hannah ivan julia kenji laura maria "
    "nina oscar pedro rosa sofia thomas ursula victor wei xavier yusuf zara "
    "liam noah olivia ava lucas mia ethan amelia mason harper logan ella"
)
_LAST: Final = _words(
    "devries jansen bakker visser smit meijer mulder bos vos peters hendriks "
    "dekker brouwer wouters kok jacobs vermeulen lambert smith johnson "
    "williams brown jones garcia miller davis rodriguez martinez hernandez "
    "lopez gonzalez wilson anderson thomas taylor moore jackson martin lee "
    "perez thompson white harris sanchez clark ramirez lewis robinson walker "
    "young allen king wright scott torres nguyen hill flores green adams "
    "nelson baker hall rivera campbell mitchell carter roberts muller schmidt "
    "schneider fischer weber meyer wagner becker schulz hoffmann rossi russo "
    "ferrari esposito bianchi romano colombo dubois durand leroy moreau"
)
_SYLLABLES: Final = _words(
    "ac me glo bex tri nova sol ver ta lux cor fin dat ora vel qui zen pix "
    "hub net sys tec bio geo med agr aqua terra blue red star north west"
)
_TLDS: Final = _words(
    "com com com com net org io de nl fr co.uk be es it ch at se dk no pl "
    "com.au ca us biz info eu"
)
_PROVIDERS: Final = (
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "hotmail.com",
    "icloud.com",
    "gmx.de",
    "web.de",
    "orange.fr",
    "ziggo.nl",
    "kpnmail.nl",
    "proton.me",
    "aol.com",
    "live.nl",
    "t-online.de",
    "libero.it",
)
_IDN_DOMAINS: Final = (
    "bücher.de",
    "müller-bau.de",
    "exämple.com",
    "café-paris.fr",
    "españa-viajes.es",
    "grüße.ch",
    "straße.de",
    "dänemark-reisen.dk",
    "øresund.dk",
    "ñandú.com.ar",
    "köln-partner.de",
    "société-générale.fr",
    "zürich-versicherung.ch",
    "ελληνικά.gr",
    "россия.рф",
    "日本語.jp",
)
_IDN_LOCALS: Final = ("josé", "zoë", "søren", "françois", "jürgen", "ángel")
_STAGES: Final = (
    ("subscriber", 0.30),
    ("lead", 0.28),
    ("marketingqualifiedlead", 0.10),
    ("salesqualifiedlead", 0.08),
    ("opportunity", 0.07),
    ("customer", 0.12),
    ("evangelist", 0.01),
    ("other", 0.02),
)
_OPPORTUNITY_STAGES: Final = (
    ("Prospecting", False, False),
    ("Qualification", False, False),
    ("Proposal/Price Quote", False, False),
    ("Negotiation/Review", False, False),
    ("Closed Won", True, True),
    ("Closed Lost", True, False),
)
_ROLES: Final = ("Decision Maker", "Economic Buyer", "Evaluator", "Influencer")
_COMPANY_DOMAIN: Final = "northwind-crm.com"

_DOMAIN_COUNT: Final = 3000
_IDN_SHARE: Final = 0.01
_DUPLICATE_SHARE: Final = 0.20
_OPT_OUT_SHARE: Final = 0.05
_CONTACT_SHARE: Final = 0.40
_USERS: Final = 300
_QUEUES: Final = 12


def _domains() -> tuple[str, ...]:
    """The ASCII domain pool, most popular first: the big providers, then
    made-up company domains (deterministic, no seed: a fixed world)."""
    names: list[str] = list(_PROVIDERS)
    seen = set(names)
    for a, b, tld in itertools.product(_SYLLABLES, _SYLLABLES, _TLDS):
        name = f"{a}{b}.{tld}" if len(names) % 3 else f"{a}-{b}.{tld}"
        if a != b and name not in seen:
            seen.add(name)
            names.append(name)
        if len(names) == _DOMAIN_COUNT:
            break
    # Spread the company domains, so popularity does not follow the alphabet.
    head, tail = names[: len(_PROVIDERS)], names[len(_PROVIDERS) :]
    tail.sort(key=lambda n: _mix(_hash_text(n)))
    return tuple(head + tail)


def _hash_text(text: str) -> int:
    """A stable (unsalted) 64-bit value of *text*."""
    return int.from_bytes(text.encode()[:16].ljust(16, b"\0"), "little") & _MASK


def _zipf_table(count: int, exponent: float = 1.07) -> list[float]:
    weights = itertools.accumulate(
        1.0 / (rank**exponent) for rank in range(1, count + 1)
    )
    table = list(weights)
    return [w / table[-1] for w in table]


class _World:
    """Everything derived from (seed, N): the directory, and one pure
    function per record kind."""

    def __init__(self, contacts: int, seed: int, properties: int = 0) -> None:
        self.n = contacts
        self.seed = seed
        self.properties = properties
        self.hubspot_properties = _Wide(seed, "hsprops")
        self.salesforce_properties = _Wide(seed, "sfprops")
        self.domains = _domains()
        self.zipf = _zipf_table(len(self.domains))
        self.idn_zipf = _zipf_table(len(_IDN_DOMAINS))
        self.person = _Stream(seed, "person")
        self.hubspot = _Stream(seed, "hubspot")
        self.salesforce = _Stream(seed, "sfdc")
        self.group = _Stream(seed, "group")
        self.users = _Stream(seed, "users")
        self.accounts = _Stream(seed, "accounts")
        self.deals = _Stream(seed, "deals")
        # Salesforce record k duplicates HubSpot contact (k*a + b) mod N when
        # its duplicate draw says so: a bijection, so each HubSpot contact
        # knows which Salesforce record (if any) is its twin.
        self.a = self._coprime(contacts, 0x9E3779B1 + seed * 2)
        self.b = _mix(seed) % max(contacts, 1)
        self.a_inverse = pow(self.a, -1, contacts) if contacts > 1 else 1

    @staticmethod
    def _coprime(n: int, start: int) -> int:
        if n <= 1:
            return 1
        a = start % n or 1
        while math.gcd(a, n) != 1:
            a = a % n + 1
        return a

    def company_domain(self, index: int) -> str:
        """Company domains skip the mail providers."""
        first = len(_PROVIDERS)
        return self.domains[first + index % (len(self.domains) - first)]

    def company_name(self, index: int) -> str:
        return self.company_domain(index).split(".")[0].replace("-", " ").title()

    # -- people ------------------------------------------------------------

    def domain(self, person: int) -> str:
        s = self.person
        if s.unit(person, 0) < _IDN_SHARE:
            return _IDN_DOMAINS[bisect.bisect_left(self.idn_zipf, s.unit(person, 1))]
        index = bisect.bisect_left(self.zipf, s.unit(person, 1))
        return self.domains[min(index, len(self.domains) - 1)]

    def name(self, person: int) -> tuple[str, str]:
        s = self.person
        return s.pick(_FIRST, person, 2), s.pick(_LAST, person, 3)

    def email(self, person: int) -> str:
        """Unique per person: the trailing number is the person's index."""
        first, last = self.name(person)
        domain = self.domain(person)
        if domain in _IDN_DOMAINS and self.person.unit(person, 4) < 0.15:
            first = self.person.pick(_IDN_LOCALS, person, 5)
        shape = int(self.person.unit(person, 6) * 4)
        local = (
            f"{first}.{last}",
            f"{first[0]}{last}",
            f"{first}_{last}",
            f"{first}.{last}+crm",
        )[shape]
        if shape == 3:
            return f"{first}.{last}{person}+crm@{domain}"
        return f"{local}{person}@{domain}"

    # -- Salesforce twins ---------------------------------------------------

    def twin_of_salesforce(self, k: int) -> int | None:
        if self.salesforce.unit(k, 0) >= _DUPLICATE_SHARE:
            return None
        return (k * self.a + self.b) % self.n

    def twin_of_hubspot(self, j: int) -> int | None:
        k = ((j - self.b) * self.a_inverse) % self.n
        return k if self.twin_of_salesforce(k) is not None else None

    def is_salesforce_contact(self, k: int) -> bool:
        return self.salesforce.unit(k, 1) < _CONTACT_SHARE

    def salesforce_id(self, k: int) -> str:
        prefix = "003" if self.is_salesforce_contact(k) else "00Q"
        return _salesforce_id(prefix, k)

    # -- owners -------------------------------------------------------------

    def user_id(self, u: int) -> str:
        return _salesforce_id("005", u)

    def queue_id(self, q: int) -> str:
        return _salesforce_id("00G", q)

    def salesforce_owner(self, stream: _Stream, index: int) -> str:
        """Mostly active users, some inactive ones, some queues (Zipf-ish:
        a few users own much more than the rest)."""
        u = stream.unit(index, 9)
        if u < 0.04:
            return self.queue_id(int(u / 0.04 * _QUEUES))
        return self.user_id(int((stream.unit(index, 10) ** 2) * _USERS))

    def hubspot_owner(self, index: int) -> str | None:
        u = self.hubspot.unit(index, 9)
        if u < 0.10:
            return None
        u = int((self.hubspot.unit(index, 10) ** 2) * _USERS)
        # Only users with a HubSpot owner twin own HubSpot records, so every
        # owner_id the generator writes is in the directory: the planner
        # rejects dangling references (ERR-1), which would hide ~8% of the
        # records from every benchmark.
        while not self.has_hubspot_owner(u):
            u = (u + 1) % _USERS
        return str(100000 + u)

    def has_hubspot_owner(self, u: int) -> bool:
        return self.users.unit(u, 4) < 0.85


def _salesforce_id(prefix: str, number: int) -> str:
    """The 18-character Salesforce id of key *prefix* and *number*: twelve
    digits after the prefix make the 15-character body, and its suffix is
    computed (DUP-7: a suffix that does not match its body is invalid)."""
    return salesforce_id_18(f"{prefix}{number:012d}")


def _line(kind: str, **fields: Any) -> str:
    body = {"type": kind}
    body.update((k, v) for k, v in fields.items() if v is not None)
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _settings(portal: str) -> str:
    if portal == "legacy":
        # SYNC-3: integrated before 2017-06-22 without an inclusion list.
        return _line(
            "settings",
            integrated_on="2016-03-14",
            connector_version="2.40",
            contact_creation="create",
        )
    return _line(
        "settings",
        integrated_on="2021-09-01",
        connector_version="2.65",
        contact_creation="create",
        new_records_as="Contact",
        account_sync=True,
        automatic_lifecycle_transitions=True,
        lifecycle_stage_sync=True,
        deal_sync=True,
        synced_pipelines=["default"],
    )


def _directory(world: _World) -> Iterator[str]:
    s = world.users
    for u in range(_USERS):
        first, last = s.pick(_FIRST, u, 0), s.pick(_LAST, u, 1)
        email = f"{first}.{last}{u}@{_COMPANY_DOMAIN}"
        first, last = first.capitalize(), last.capitalize()
        roll = s.unit(u, 2)
        user_type = (
            "Standard"
            if roll < 0.90
            else "PowerPartner"
            if roll < 0.94
            else "Guest"
            if roll < 0.95
            else "CspLitePortal"
            if roll < 0.98
            else "PowerCustomerSuccess"
        )
        active = s.unit(u, 3) >= 0.12
        yield _line(
            "salesforce_user",
            id=world.user_id(u),
            email=email,
            first_name=first,
            last_name=last,
            user_type=None if user_type == "Standard" else user_type,
            is_active=None if active else False,
        )
        # Most users have a HubSpot owner twin; some spell their address with
        # other case, some are archived, some are missing.
        if world.has_hubspot_owner(u):
            owner_email = email.title() if s.unit(u, 5) < 0.1 else email
            yield _line(
                "hubspot_owner",
                id=str(100000 + u),
                email=owner_email,
                first_name=first,
                last_name=last,
                archived=True if s.unit(u, 6) < 0.05 else None,
            )
    for q in range(_QUEUES):
        yield _line(
            "salesforce_queue",
            id=world.queue_id(q),
            name=f"Queue {q + 1}",
            email=f"queue{q + 1}@{_COMPANY_DOMAIN}" if q % 2 else None,
        )


def _weighted(table: Sequence[tuple[str, float]], unit: float) -> str:
    for value, weight in table:
        unit -= weight
        if unit < 0:
            return value
    return table[-1][0]


_GROUP_SIZES: Final = list(itertools.accumulate(1.0 / size for size in range(1, 21)))


def _group_size(unit: float) -> int:
    """1-20, most groups small: P(size = s) falls off like 1/s."""
    return 1 + bisect.bisect_left(_GROUP_SIZES, unit * _GROUP_SIZES[-1])


def _vary(email: str, unit: float) -> str:
    """The same address as another system's user would type it."""
    local, _, domain = email.rpartition("@")
    variant = int(unit * 6)
    if variant == 0:
        return email.upper()
    if variant == 1:
        return f"{local.title()}@{domain.title()}"
    if variant == 2:
        return f" {email}"
    if variant == 3:
        return f"{email}  "
    if variant == 4:
        return f"\t{local}@{domain.upper()} "
    return f"{local.capitalize()}@{domain}"


# --- Other properties (issue "Real exports in") ---------------------------------

_JOB_TITLES: Final = _words(
    "CEO CTO CFO COO Founder Owner Director Manager Engineer Developer Analyst "
    "Consultant Buyer Recruiter Designer Architect Accountant Marketer Intern "
    "Administrator Scientist Teacher Nurse Lawyer Planner Coordinator"
)
_CITIES: Final = _words(
    "Amsterdam Rotterdam Utrecht Berlin Hamburg Paris Lyon London Leeds Madrid "
    "Lisbon Milan Vienna Zurich Oslo Stockholm Dublin Brussels Warsaw Prague"
)
_COUNTRIES: Final = _words("NL DE FR GB ES PT IT AT CH NO SE IE BE PL CZ US")
_INDUSTRIES: Final = _words(
    "ACCOUNTING BANKING CONSULTING EDUCATION HOSPITAL_HEALTH_CARE INSURANCE "
    "INFORMATION_TECHNOLOGY_AND_SERVICES MANUFACTURING RETAIL TELECOMMUNICATIONS"
)
_LEAD_STATUSES: Final = _words(
    "NEW OPEN IN_PROGRESS OPEN_DEAL UNQUALIFIED ATTEMPTED_TO_CONTACT CONNECTED"
)
_SOURCES: Final = _words(
    "ORGANIC_SEARCH PAID_SEARCH EMAIL_MARKETING SOCIAL_MEDIA REFERRALS "
    "OTHER_CAMPAIGNS DIRECT_TRAFFIC OFFLINE PAID_SOCIAL"
)
_INTERESTS: Final = _words("pricing security integrations analytics mobile api")


def _phone(stream: _Stream, index: int, k: int) -> str | None:
    if stream.unit(index, k) < 0.3:
        return None
    return f"+31 {int(stream.unit(index, k + 1) * 90 + 10)} {index % 10_000_000:07d}"


def _iso(stream: _Stream, index: int, k: int, start: int = 2015) -> str:
    """A UTC time between *start* and 2025, as HubSpot writes it."""
    seconds = int(stream.unit(index, k) * (2025 - start) * 365.25 * 86400)
    days, rest = divmod(seconds, 86400)
    year = start + days // 366
    day_of_year = days % 366
    month, day = 1 + day_of_year // 31 % 12, 1 + day_of_year % 28
    return (
        f"{year:04d}-{month:02d}-{day:02d}T"
        f"{rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}Z"
    )


# (HubSpot internal name, Salesforce API name, value) for each property a
# generated person may carry; `--properties N` takes the first N.
_PERSON_PROPERTIES: Final = (
    ("jobtitle", "Title", lambda s, i: s.pick(_JOB_TITLES, i, 10)),
    ("phone", "Phone", lambda s, i: _phone(s, i, 11)),
    ("city", "City", lambda s, i: s.pick(_CITIES, i, 13)),
    ("country", "Country", lambda s, i: s.pick(_COUNTRIES, i, 14)),
    ("industry", "Industry", lambda s, i: s.pick(_INDUSTRIES, i, 15)),
    ("hs_lead_status", "Status__c", lambda s, i: s.pick(_LEAD_STATUSES, i, 16)),
    ("numemployees", "NumberOfEmployees", lambda s, i: int(s.unit(i, 17) * 5000)),
    (
        "annualrevenue",
        "AnnualRevenue",
        lambda s, i: round(s.unit(i, 18) * 1e7, 2) if s.unit(i, 19) < 0.5 else None,
    ),
    ("hs_analytics_source", "LeadSource", lambda s, i: s.pick(_SOURCES, i, 20)),
    ("mobilephone", "MobilePhone", lambda s, i: _phone(s, i + 7, 21)),
    (
        "date_of_birth",
        "Birthdate",
        lambda s, i: (
            {"date": _iso(s, i, 23, 1950)[:10]} if s.unit(i, 22) < 0.2 else None
        ),
    ),
    (
        "website",
        "Website",
        lambda s, i: f"https://www.{s.pick(_CITIES, i, 24).lower()}.example",
    ),
    ("hs_persona", "Persona__c", lambda s, i: f"persona_{int(s.unit(i, 25) * 6)}"),
    (
        "interests",
        "Interests__c",
        lambda s, i: [w for n, w in enumerate(_INTERESTS) if s.unit(i, 26 + n) < 0.3],
    ),
    (
        "hs_last_sales_activity_timestamp",
        "Last_Activity__c",
        lambda s, i: {"datetime": _iso(s, i, 33, 2020)},
    ),
    (
        "fax",
        "Fax",
        lambda s, i: _phone(s, i + 11, 34) if s.unit(i, 35) < 0.05 else None,
    ),
    (
        "salutation",
        "Salutation",
        lambda s, i: s.pick(_words("Mr. Ms. Mx. Dr. Prof."), i, 36),
    ),
    ("zip", "PostalCode", lambda s, i: f"{int(s.unit(i, 37) * 9000 + 1000)} AB"),
    ("state", "State", lambda s, i: None),
    (
        "hs_language",
        "Language__c",
        lambda s, i: s.pick(_words("nl en de fr es"), i, 38),
    ),
)
"""Twenty properties of the kinds a portal has: repeating text, unique
phones, numbers, dates, date-times, multiple checkboxes, blanks."""


def _extras(world: _World, index: int, system: str) -> dict[str, Any]:
    """The times and the first ``world.properties`` properties of a person."""
    properties = world.properties
    if not properties:
        return {}
    stream = (
        world.hubspot_properties if system == "hubspot" else world.salesforce_properties
    )
    created = _iso(stream, index, 40, 2015)
    updated = max(created, _iso(stream, index, 41, 2021))
    column = 0 if system == "hubspot" else 1
    props = {
        row[column]: row[2](stream, index) for row in _PERSON_PROPERTIES[:properties]
    }
    extras: dict[str, Any] = {
        "created_at": created,
        "updated_at": updated,
        "properties": props,
    }
    if system == "salesforce":
        extras["system_modstamp"] = updated
    return extras


def _hubspot(world: _World) -> Iterator[str]:
    s = world.hubspot
    g = world.group
    company = -1
    left = 0
    for j in range(world.n):
        first, last = world.name(j)
        if left == 0:
            company += 1
            left = _group_size(g.unit(company, 0))
            in_company = g.unit(company, 1) < 0.6
            if in_company:
                yield _line(
                    "hubspot_company",
                    id=f"2{company:011d}",
                    name=world.company_name(company),
                    domain=world.company_domain(company),
                    owner_id=world.hubspot_owner(j),
                )
                if g.unit(company, 2) < 0.25:
                    yield _line(
                        "hubspot_deal",
                        id=f"3{company:011d}",
                        name=f"Deal {company}",
                        stage="appointmentscheduled",
                        owner_id=world.hubspot_owner(j),
                        company_ids=[f"2{company:011d}"],
                        contact_ids=[f"1{j:011d}"],
                    )
        left -= 1
        twin = world.twin_of_hubspot(j)
        synced = twin is not None and s.unit(j, 3) < 0.5
        lead_id = contact_id = None
        if synced and twin is not None:
            if world.is_salesforce_contact(twin):
                contact_id = world.salesforce_id(twin)
            else:
                lead_id = world.salesforce_id(twin)
        yield _line(
            "hubspot_contact",
            id=f"1{j:011d}",
            email=None if s.unit(j, 0) < 0.01 else world.email(j),
            first_name=first.capitalize(),
            last_name=last.capitalize(),
            lifecycle_stage=(
                None if s.unit(j, 1) < 0.02 else _weighted(_STAGES, s.unit(j, 2))
            ),
            owner_id=world.hubspot_owner(j),
            unsubscribed=True if s.unit(j, 4) < _OPT_OUT_SHARE else None,
            company_ids=[f"2{company:011d}"] if in_company else None,
            salesforce_lead_id=lead_id,
            salesforce_contact_id=contact_id,
            **_extras(world, j, "hubspot"),
        )


def _salesforce(world: _World) -> Iterator[str]:
    s = world.salesforce
    g = world.group
    account = -1
    left = 0
    members: list[str] = []
    for k in range(world.n):
        twin = world.twin_of_salesforce(k)
        if twin is not None:
            email: str | None = _vary(world.email(twin), s.unit(k, 2))
            first, last = world.name(twin)
        else:
            person = world.n + k  # people only Salesforce knows
            email = None if s.unit(k, 3) < 0.02 else world.email(person)
            first, last = world.name(person)
        opted_out = True if s.unit(k, 4) < _OPT_OUT_SHARE else None
        owner = world.salesforce_owner(s, k)
        if not world.is_salesforce_contact(k):
            yield _line(
                "salesforce_lead",
                id=world.salesforce_id(k),
                email=email,
                first_name=first.capitalize(),
                last_name=last.capitalize(),
                company=None if s.unit(k, 5) < 0.1 else f"{last.capitalize()} BV",
                owner_id=owner,
                has_opted_out_of_email=opted_out,
                **_extras(world, k, "salesforce"),
            )
            continue
        if left == 0:
            yield from _opportunities(world, account, members)
            account += 1
            members = []
            left = _group_size(g.unit(account, 10))
            yield _line(
                "salesforce_account",
                id=_salesforce_id("001", account),
                name=f"{world.company_name(account + 7919)} Ltd",
                owner_id=world.salesforce_owner(world.accounts, account),
            )
        left -= 1
        members.append(world.salesforce_id(k))
        yield _line(
            "salesforce_contact",
            id=world.salesforce_id(k),
            email=email,
            first_name=first.capitalize(),
            last_name=last.capitalize(),
            account_id=_salesforce_id("001", account),
            owner_id=owner,
            has_opted_out_of_email=opted_out,
            **_extras(world, k, "salesforce"),
        )
    yield from _opportunities(world, account, members)


def _opportunities(world: _World, account: int, members: list[str]) -> Iterator[str]:
    """0-3 opportunities for an account; most name some of its contacts."""
    if account < 0:
        return
    g = world.group
    count = int(g.unit(account, 11) * 4) if g.unit(account, 12) < 0.35 else 0
    for o in range(count):
        stage, closed, won = _OPPORTUNITY_STAGES[
            int(g.unit(account, 13 + o) * len(_OPPORTUNITY_STAGES))
        ]
        roles = [
            {
                "contact_id": member,
                "role": _ROLES[i % len(_ROLES)],
                **({"is_primary": True} if i == 0 else {}),
            }
            for i, member in enumerate(members[: 1 + o])
            if g.unit(account, 3) >= 0.15  # some opportunities have no roles
        ]
        yield _line(
            "salesforce_opportunity",
            id=_salesforce_id("006", account * 1000 + o),
            name=f"Opportunity {account}-{o}",
            account_id=_salesforce_id("001", account),
            stage_name=stage,
            is_closed=True if closed else None,
            is_won=True if won else None,
            owner_id=world.salesforce_owner(world.deals, account * 4 + o),
            contact_roles=roles or None,
        )


def generate(
    contacts: int,
    /,
    *,
    seed: int = 1,
    portal: str = "legacy",
    properties: int = 0,
    part: str = "all",
) -> Iterator[str]:
    """NDJSON lines (without newlines): the settings, the owner directory,
    *contacts* HubSpot contacts (with companies and deals), then *contacts*
    Salesforce leads and contacts (with accounts and opportunities).

    With *properties* (at most 20), every person also has its creation and
    update times and that many other properties (`_PERSON_PROPERTIES`); the
    records without them are the same as with 0.

    *part* ``"head"`` yields the lines up to the Salesforce people and
    ``"salesforce"`` the rest: every draw is addressed by its record's
    index, so the two parts can be made by two processes at once and their
    lines put one after the other are the lines of ``"all"``."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, got {part!r}")
    if not 0 <= properties <= len(_PERSON_PROPERTIES):
        raise ValueError(
            f"properties must be 0 to {len(_PERSON_PROPERTIES)}, got {properties!r}"
        )
    if contacts < 0:
        raise ValueError(f"contacts must be at least 0, got {contacts!r}")
    if portal not in ("legacy", "new"):
        raise ValueError(f"portal must be 'legacy' or 'new', got {portal!r}")
    world = _World(contacts, seed, properties)
    if part != "salesforce":
        yield _settings(portal)
        yield from _directory(world)
        yield from _hubspot(world)
    if part != "head":
        yield from _salesforce(world)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--portal", choices=("legacy", "new"), default="legacy")
    parser.add_argument("--out", default="-", help="file to write, - for stdout")
    parser.add_argument(
        "--properties",
        type=int,
        default=0,
        metavar="N",
        help="give every person its times and N other properties (0-20)",
    )
    parser.add_argument(
        "--part",
        choices=PARTS,
        default="all",
        help="all the lines, or those up to (head) or from (salesforce) the "
        "Salesforce people",
    )
    args = parser.parse_args(argv)
    lines = generate(
        args.contacts,
        seed=args.seed,
        portal=args.portal,
        properties=args.properties,
        part=args.part,
    )
    if args.out == "-":
        sys.stdout.writelines(f"{line}\n" for line in lines)
        return 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.writelines(f"{line}\n" for line in lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
