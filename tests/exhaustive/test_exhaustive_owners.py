"""OWN-1 to OWN-7 and FM-6, exhaustively: `map_owner` in both directions,
`creation_owner` (OWN-6) and `first_sync_owner` and `later_owner_sync`
(OWN-7) over every small owner directory, against a reference model written
from RULES.md and docs/decisions.md.

The reference model (`expect_to_hubspot`, `expect_to_salesforce`)
    It works on hand-written labels, not on the library's normalisation:
    each name and email spelling below carries the identity a person would
    give it ("AN@Example.COM" and " an@example.com " are the address
    "an"; "an@@example.com" and a missing address are no address at all;
    " an" + "SMIT " is the name "an smit"). Towards HubSpot (OWN-1, OWN-2,
    OWN-3): an unknown Owner ID or a user of a type other than Standard,
    PowerPartner or Guest changes nothing; any other user or queue, active
    or not, goes to the HubSpot owner with its address (non-archived first,
    then the lowest id, docs/decisions.md), or is imported. Towards
    Salesforce (OWN-4, OWN-5): the owner goes to the lowest-id *user* whose
    address and name both match, whose type can own records and who is
    active; a blank name matches nothing (there is no name to match);
    anything less reverts Owner ID to its last Salesforce value, citing
    OWN-1 when the only obstacle is the users' type. FM-6: whatever rule
    the owner mapping shows, the outcome is the same, and a rule other than
    two-way is cited first.

The directories, and why the pruning loses nothing
    1. Singles: one Salesforce entry from the full attribute space (all 8
       ``UserType`` values x active or not x 4 name spellings x 6 email
       spellings, and queues with 2 names x 6 emails: 396 entries) beside
       one HubSpot owner (5 spellings of name and address), both
       directions, plus a cleared and an unknown owner id. This checks that
       the implementation sorts every value into the class the reference
       model gives it.
    2. Triples: 1 to 3 Salesforce entries, as ordered tuples (ids are given
       by position and the lowest id breaks ties, so order matters: 1,110
       directories), from 10 class representatives: users whose address
       matches, owner-capable or not (Standard, CspLitePortal) x active or
       not x name matching or not; one user whose address does not match;
       a queue matching both. Beside them two HubSpot owners with the same
       address, so both directions see two candidates. Within a class the
       rules treat every value alike, and part 1 checks that the
       implementation does too, so representatives lose no case. A user
       whose address does not match needs one representative only: neither
       OWN-4 nor the OWN-1 citation ever looks at its type, activity or
       name (part 1 checks each of those for such users).
    3. HubSpot pairs: 0 to 2 HubSpot owners (ordered, from 5 address
       spellings x archived or not) beside one Salesforce entry of each
       class (18), both directions: 1,998 directories. Towards HubSpot only
       the mapped Salesforce entry and the HubSpot owners matter (OWN-3
       looks at nothing else); part 2 checks that other Salesforce entries
       change nothing.
    4. FM-6: part 1's entries once more with every rule the mapping can
       show.
    5. OWN-6 and OWN-7 over parts 1 and 2's directories
       (`expect_creation`, `expect_first_sync`): every HubSpot owner id
       creating each kind of record, with and without the integration
       user's id, and every pair of HubSpot and Salesforce owner ids at
       their first sync; afterwards (`expect_later`) over part 1 with every
       order of the two changes' times. Their match is OWN-4's, which parts
       1 to 3 check; what they add is which case applies, decided by the
       Salesforce owner's class (part 1 has every one) and by the kind of
       record and the times, all enumerated.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from crmsync_rules import (
    HubSpotOwner,
    SalesforceObject,
    SalesforceQueue,
    SalesforceUser,
    SyncRule,
    UserType,
    map_owner,
)
from crmsync_rules.model import RULES
from crmsync_rules.owners import (
    OwnerAction,
    OwnerDecision,
    OwnerSyncDirection,
    StaticOwnerDirectory,
    creation_owner,
    first_sync_owner,
    later_owner_sync,
)

# Spellings and the identity a reader gives them.
EMAILS: dict[str | None, str | None] = {
    "an@example.com": "an",
    "AN@Example.COM": "an",
    "  an@example.com ": "an",
    "bo@example.com": "bo",
    None: None,
    "an@@example.com": None,
}
HUBSPOT_EMAILS: dict[str, str | None] = {
    "an@example.com": "an",
    " An@EXAMPLE.com": "an",
    "bo@example.com": "bo",
    "not-an-email": None,
    "": None,
}
NAMES: dict[tuple[str | None, str | None], str | None] = {
    ("An", "Smit"): "an smit",
    (" an", "SMIT "): "an smit",
    ("Ann", "Smit"): "ann smit",
    (None, None): None,
    ("Bo", "Berg"): "bo berg",
}
USER_NAMES = [("An", "Smit"), (" an", "SMIT "), ("Ann", "Smit"), (None, None)]
QUEUE_NAMES: dict[str, str] = {"An Smit": "an smit", "Sales queue": "sales queue"}
OWNER_CAPABLE = {UserType.STANDARD, UserType.POWER_PARTNER, UserType.GUEST}
LAST = "005Z"


class Entry(NamedTuple):
    """A Salesforce user or queue as the reference model sees it."""

    id: str
    queue: bool
    owner_capable: bool
    active: bool
    name: str | None
    email: str | None


class Owner(NamedTuple):
    """A HubSpot owner as the reference model sees it."""

    id: str
    archived: bool
    name: str | None
    email: str | None


Directory = list[SalesforceUser | SalesforceQueue | HubSpotOwner]
Expected = tuple[OwnerAction, str | None, str | None, list[str]]


def user(
    id: str,
    user_type: UserType,
    active: bool,
    name: tuple[str | None, str | None],
    email: str | None,
) -> tuple[SalesforceUser, Entry]:
    return SalesforceUser(
        id=id,
        user_type=user_type,
        is_active=active,
        first_name=name[0],
        last_name=name[1],
        email=email,
    ), Entry(id, False, user_type in OWNER_CAPABLE, active, NAMES[name], EMAILS[email])


def queue(id: str, name: str, email: str | None) -> tuple[SalesforceQueue, Entry]:
    return SalesforceQueue(id=id, name=name, email=email), Entry(
        id, True, True, True, QUEUE_NAMES[name], EMAILS[email]
    )


def hubspot_owner(
    id: str, name: tuple[str | None, str | None], email: str, archived: bool = False
) -> tuple[HubSpotOwner, Owner]:
    return HubSpotOwner(
        id=id, first_name=name[0], last_name=name[1], email=email, archived=archived
    ), Owner(id, archived, NAMES[name], HUBSPOT_EMAILS[email])


def expect_to_hubspot(
    owner_id: str | None, entries: Sequence[Entry], owners: Sequence[Owner]
) -> Expected:
    """The reference answer for an Owner ID going to HubSpot."""
    if owner_id is None:
        return OwnerAction.UNCHANGED, None, None, ["OWN-2"]
    entry = next((e for e in entries if e.id == owner_id), None)
    if entry is None or not entry.owner_capable:
        return OwnerAction.UNCHANGED, None, None, ["OWN-1"]
    same = [o for o in owners if o.email is not None and o.email == entry.email]
    if same:
        target = min(same, key=lambda o: (o.archived, o.id))
        return OwnerAction.SET, target.id, None, ["OWN-1", "OWN-2", "OWN-3"]
    return OwnerAction.IMPORT, None, entry.id, ["OWN-1", "OWN-3"]


def expect_to_salesforce(
    owner_id: str | None,
    entries: Sequence[Entry],
    owners: Sequence[Owner],
    last: str | None = LAST,
) -> Expected:
    """The reference answer for a HubSpot owner going to Salesforce, *last*
    the Owner ID it reverts to (none: nothing passes)."""
    back = (
        (OwnerAction.REVERT, last)
        if last is not None
        else (OwnerAction.UNCHANGED, None)
    )
    revert = (*back, None, ["OWN-4", "OWN-5"])
    owner = next((o for o in owners if o.id == owner_id), None)
    if owner is None or owner.email is None or owner.name is None:
        return revert
    matching = [
        e
        for e in entries
        if not e.queue and e.email == owner.email and e.name == owner.name
    ]
    eligible = [e for e in matching if e.owner_capable and e.active]
    if eligible:
        target = min(e.id for e in eligible)
        return OwnerAction.SET, target, None, ["OWN-4", "OWN-2"]
    if matching and not any(e.owner_capable for e in matching):
        return (*back, None, ["OWN-1", "OWN-5"])
    return revert


def expect_creation(
    owner_id: str | None,
    kind: SalesforceObject,
    integration_user: str | None,
    entries: Sequence[Entry],
    owners: Sequence[Owner],
) -> Expected:
    """OWN-6, in RULES.md's words: "a record HubSpot creates in Salesforce
    takes its HubSpot owner only when that owner matches an active
    Salesforce user by name and email before the first sync (OWN-4).
    Otherwise a new lead gets its owner from Salesforce's lead assignment
    rules, and a new account or opportunity goes to the Salesforce
    integration user" (a new contact too, docs/decisions.md). The match is
    the reference model's OWN-4; a record without an owner cites no OWN-4."""
    if owner_id is None:
        refused: list[str] = []
    else:
        action, target, _, rules = expect_to_salesforce(owner_id, entries, owners)
        if action is OwnerAction.SET:
            return OwnerAction.SET, target, None, ["OWN-4", "OWN-6"]
        refused = rules[:1]
    if kind is SalesforceObject.LEAD:
        return OwnerAction.ASSIGNMENT_RULES, None, None, [*refused, "OWN-6"]
    return OwnerAction.INTEGRATION_USER, integration_user, None, [*refused, "OWN-6"]


def active_owner(entry: Entry | None) -> bool:
    """OWN-7's "an existing Salesforce record that has an active owner": a
    queue, or an active user of a type that can own records (OWN-1)."""
    return entry is not None and (entry.queue or (entry.owner_capable and entry.active))


def expect_first_sync(
    hubspot_id: str | None,
    salesforce_id: str | None,
    entries: Sequence[Entry],
    owners: Sequence[Owner],
) -> Expected:
    """OWN-7, in RULES.md's words: "on the first sync of a HubSpot record
    with an existing Salesforce record that has an active owner, the
    Salesforce owner is kept (no assignment rules apply) and fills an empty
    HubSpot owner". A HubSpot owner that is set is not overwritten, and not
    sent (`keep`). Without an active owner the rule does not apply: the
    HubSpot owner goes to Salesforce, reverting to the Salesforce value,
    or, with none, the Salesforce owner goes to HubSpot."""
    entry = next((e for e in entries if e.id == salesforce_id), None)
    if active_owner(entry) and hubspot_id is not None:
        return OwnerAction.KEEP, salesforce_id, None, ["OWN-7"]
    if hubspot_id is None:
        action, target, imported, rules = expect_to_hubspot(
            salesforce_id, entries, owners
        )
    else:
        action, target, imported, rules = expect_to_salesforce(
            hubspot_id, entries, owners, last=salesforce_id
        )
    return action, target, imported, ["OWN-7", *rules]


def expect_later(
    hubspot_id: str | None,
    salesforce_id: str | None,
    *,
    hubspot_at: int | None,
    salesforce_at: int | None,
    entries: Sequence[Entry],
    owners: Sequence[Owner],
) -> tuple[OwnerSyncDirection, Expected]:
    """OWN-7's "afterwards the most recent owner change wins in either
    direction", with FM-3's tie (Salesforce) and an unknown time older than
    any known one (docs/decisions.md)."""
    if hubspot_at is not None and (salesforce_at is None or hubspot_at > salesforce_at):
        action, target, imported, rules = expect_to_salesforce(
            hubspot_id, entries, owners, last=salesforce_id
        )
        direction = OwnerSyncDirection.TO_SALESFORCE
    else:
        action, target, imported, rules = expect_to_hubspot(
            salesforce_id, entries, owners
        )
        direction = OwnerSyncDirection.TO_HUBSPOT
    return direction, (action, target, imported, ["OWN-7", *rules])


def check(decision: OwnerDecision, expected: Expected, where: object) -> None:
    action, owner_id, import_from, rules = expected
    got = (decision.action, decision.owner_id, decision.import_from)
    assert got == (action, owner_id, import_from), where
    assert [r.rule for r in decision.reasons] == rules, where
    for reason in decision.reasons:
        assert reason.rule in RULES, where
        assert reason.detail.endswith("."), where
    # OWN-3: towards HubSpot nothing ever reverts; OWN-5: towards
    # Salesforce anything but a match reverts to the last value.
    if decision.direction is OwnerSyncDirection.TO_HUBSPOT:
        assert decision.action is not OwnerAction.REVERT, where
    else:
        assert decision.action in (OwnerAction.SET, OwnerAction.REVERT), where
        if decision.action is OwnerAction.REVERT:
            assert decision.owner_id == LAST, where


def check_pair(decision: OwnerDecision, expected: Expected, where: object) -> None:
    """OWN-6 and OWN-7: the outcome, and the rules cited in order."""
    action, owner_id, import_from, rules = expected
    got = (decision.action, decision.owner_id, decision.import_from)
    assert got == (action, owner_id, import_from), where
    assert [r.rule for r in decision.reasons] == rules, where
    assert all(r.detail.endswith(".") for r in decision.reasons), where


KINDS = (
    SalesforceObject.LEAD,
    SalesforceObject.CONTACT,
    SalesforceObject.ACCOUNT,
    SalesforceObject.OPPORTUNITY,
)


def run_new_and_first(
    directory: StaticOwnerDirectory,
    entries: Sequence[Entry],
    hubspot: Sequence[Owner],
    *,
    to_hubspot: Sequence[str | None],
    to_salesforce: Sequence[str | None],
) -> int:
    """OWN-6 for every HubSpot owner id (each kind of new record, with and
    without the integration user's id) and OWN-7's first sync for every
    pair of a HubSpot and a Salesforce owner id; return the count."""
    count = 0
    for owner_id in to_salesforce:
        for kind, integration_user in itertools.product(KINDS, (None, "005I")):
            decision = creation_owner(
                owner_id,
                salesforce_object=kind,
                owners=directory,
                integration_user_id=integration_user,
            )
            expected = expect_creation(
                owner_id, kind, integration_user, entries, hubspot
            )
            check_pair(decision, expected, (directory, owner_id, kind))
            count += 1
    for hubspot_id, salesforce_id in itertools.product(to_salesforce, to_hubspot):
        decision = first_sync_owner(hubspot_id, salesforce_id, owners=directory)
        expected = expect_first_sync(hubspot_id, salesforce_id, entries, hubspot)
        check_pair(decision, expected, (directory, hubspot_id, salesforce_id))
        count += 1
    return count


def run(
    owners: Directory,
    entries: Sequence[Entry],
    hubspot: Sequence[Owner],
    *,
    to_hubspot: Sequence[str | None],
    to_salesforce: Sequence[str | None],
) -> int:
    """Map every id in both directions over one directory; return the count."""
    directory = StaticOwnerDirectory.of(owners)
    where = owners
    for owner_id in to_hubspot:
        decision = map_owner(
            owner_id, direction=OwnerSyncDirection.TO_HUBSPOT, owners=directory
        )
        check(decision, expect_to_hubspot(owner_id, entries, hubspot), where)
    for owner_id in to_salesforce:
        decision = map_owner(
            owner_id,
            direction=OwnerSyncDirection.TO_SALESFORCE,
            owners=directory,
            last_salesforce_owner_id=LAST,
        )
        check(decision, expect_to_salesforce(owner_id, entries, hubspot), where)
    return len(to_hubspot) + len(to_salesforce)


def single_entries() -> Iterator[tuple[SalesforceUser | SalesforceQueue, Entry]]:
    for user_type, active, name, email in itertools.product(
        UserType, (True, False), USER_NAMES, EMAILS
    ):
        yield user("005A", user_type, active, name, email)
    for queue_name, email in itertools.product(QUEUE_NAMES, EMAILS):
        yield queue("00GA", queue_name, email)


Case = tuple[Directory, list[Entry], list[Owner], list[str | None], list[str | None]]
"""A directory, the reference model's view of it, and the ids to map
towards HubSpot and towards Salesforce."""


def singles() -> Iterator[Case]:
    """Part 1's directories: one Salesforce entry beside one HubSpot owner."""
    hubspot: list[tuple[tuple[str | None, str | None], str]] = [
        (("An", "Smit"), "an@example.com"),
        (("An", "Smit"), " An@EXAMPLE.com"),
        (("An", "Smit"), "not-an-email"),
        (("Ann", "Smit"), "an@example.com"),
        ((None, None), "an@example.com"),
    ]
    for (sf, entry), (name, email) in itertools.product(single_entries(), hubspot):
        hs, owner = hubspot_owner("h1", name, email)
        yield [sf, hs], [entry], [owner], [sf.id, None, "005Y"], [hs.id, None, "h9"]


def test_own1_own3_own4_own5_every_single_owner_in_both_directions() -> None:
    """OWN-1: "Salesforce users of type Standard, PowerPartner and Guest, and
    queues, count as Salesforce owners ... Other user types do not." OWN-3:
    "Any Salesforce owner can sync to HubSpot." OWN-4: "A HubSpot owner syncs
    to Salesforce only when it matches the name and email address of an
    active Salesforce user." OWN-5: otherwise "Owner ID reverts to the last
    value from Salesforce"."""
    calls = 0
    for owners, entries, hubspot, to_hubspot, to_salesforce in singles():
        calls += run(
            owners,
            entries,
            hubspot,
            to_hubspot=to_hubspot,
            to_salesforce=to_salesforce,
        )
    assert calls == 396 * 5 * 6


def triples() -> Iterator[Case]:
    """Part 2's directories: 1 to 3 Salesforce representatives, as ordered
    tuples, beside two HubSpot owners with the same address."""
    representatives: list[
        tuple[UserType, bool, tuple[str | None, str | None], str | None]
    ] = [
        *(
            (user_type, active, name, "AN@Example.COM")
            for user_type, active, name in itertools.product(
                (UserType.STANDARD, UserType.CSP_LITE_PORTAL),
                (True, False),
                ((" an", "SMIT "), ("Ann", "Smit")),
            )
        ),
        (UserType.STANDARD, True, ("An", "Smit"), "bo@example.com"),
    ]
    hs1, owner1 = hubspot_owner("h1", ("An", "Smit"), "an@example.com")
    hs2, owner2 = hubspot_owner("h2", ("Bo", "Berg"), " An@EXAMPLE.com", archived=True)
    for size in (1, 2, 3):
        for picks in itertools.product(range(len(representatives) + 1), repeat=size):
            made = [
                user(f"005{'ABC'[i]}", *representatives[pick])
                if pick < len(representatives)
                else queue(f"00G{'ABC'[i]}", "An Smit", "an@example.com")
                for i, pick in enumerate(picks)
            ]
            yield (
                [hs1, hs2, *(sf for sf, _ in made)],
                [entry for _, entry in made],
                [owner1, owner2],
                [sf.id for sf, _ in made],
                ["h1"],
            )


def test_own2_own4_every_directory_of_up_to_three_salesforce_owners() -> None:
    """OWN-2: "the Owner ID ... syncs with the HubSpot ... owner property."
    OWN-4, over every ordered directory of up to three representatives:
    only an active, owner-capable user matching name and email receives
    the HubSpot owner, the lowest id first."""
    directories = 0
    for owners, entries, hubspot, to_hubspot, to_salesforce in triples():
        run(
            owners,
            entries,
            hubspot,
            to_hubspot=to_hubspot,
            to_salesforce=to_salesforce,
        )
        directories += 1
    assert directories == 10 + 10**2 + 10**3


def test_own3_every_pair_of_hubspot_owners() -> None:
    """OWN-3: "Any Salesforce owner can sync to HubSpot": with up to two
    HubSpot owners, it goes to the one with its address (non-archived
    first, then the lowest id), or is imported."""
    salesforce: list[tuple[SalesforceUser | SalesforceQueue, Entry]] = [
        *(
            user("005A", user_type, active, ("An", "Smit"), email)
            for user_type, active, email in itertools.product(
                (UserType.GUEST, UserType.CSN_ONLY),
                (True, False),
                ("AN@Example.COM", "bo@example.com", None, "an@@example.com"),
            )
        ),
        queue("00GA", "An Smit", "  an@example.com "),
        queue("00GA", "An Smit", None),
    ]
    spellings = list(itertools.product(HUBSPOT_EMAILS, (False, True)))
    directories = 0
    for size in (0, 1, 2):
        for picks in itertools.product(spellings, repeat=size):
            made = [
                hubspot_owner(f"h{i}", ("An", "Smit"), email, archived)
                for i, (email, archived) in enumerate(picks)
            ]
            for sf, entry in salesforce:
                run(
                    [sf, *(hs for hs, _ in made)],
                    [entry],
                    [owner for _, owner in made],
                    to_hubspot=[sf.id],
                    to_salesforce=[hs.id for hs, _ in made],
                )
                directories += 1
    assert directories == 18 * (1 + 10 + 100)


def test_fm6_every_shown_rule_behaves_as_two_way() -> None:
    """FM-6: "An owner mapping always behaves as two-way with exact
    matching (see OWN-4, OWN-5), whatever rule it shows." For every single
    Salesforce entry and every rule the mapping can show."""
    hs, owner = hubspot_owner("h1", ("An", "Smit"), "an@example.com")
    for sf, entry in single_entries():
        directory = StaticOwnerDirectory.of([sf, hs])
        for direction, owner_id, expect in (
            (OwnerSyncDirection.TO_HUBSPOT, sf.id, expect_to_hubspot),
            (OwnerSyncDirection.TO_SALESFORCE, hs.id, expect_to_salesforce),
        ):
            expected = expect(owner_id, [entry], [owner])
            for rule in (None, *SyncRule):
                decision = map_owner(
                    owner_id,
                    direction=direction,
                    owners=directory,
                    last_salesforce_owner_id=LAST,
                    mapping_rule=rule,
                )
                shown = rule is not None and rule is not SyncRule.TWO_WAY
                action, target, imported, rules = expected
                check(
                    decision,
                    (action, target, imported, ["FM-6", *rules] if shown else rules),
                    f"{sf} {direction} {rule}",
                )


def test_own6_own7_every_single_owner_new_and_at_the_first_sync() -> None:
    """OWN-6 over part 1's directories: every HubSpot owner id (matching,
    refused for each reason, cleared, unknown) creating each kind of
    Salesforce record, with and without the integration user's id. OWN-7:
    every pair of a HubSpot owner id and a Salesforce Owner ID (every user
    type, active or not, queues, none, unknown) at their first sync."""
    decisions = 0
    for owners, entries, hubspot, to_hubspot, to_salesforce in singles():
        decisions += run_new_and_first(
            StaticOwnerDirectory.of(owners),
            entries,
            hubspot,
            to_hubspot=to_hubspot,
            to_salesforce=to_salesforce,
        )
    assert decisions == 396 * 5 * (3 * 8 + 3 * 3)


def test_own6_own7_every_directory_of_up_to_three_salesforce_owners() -> None:
    """OWN-6 and OWN-7 over part 2's directories: the new record takes the
    lowest-id active user matching name and email, and a first sync keeps
    each representative as Salesforce's owner or not, as the reference
    model says."""
    decisions = 0
    for owners, entries, hubspot, to_hubspot, to_salesforce in triples():
        decisions += run_new_and_first(
            StaticOwnerDirectory.of(owners),
            entries,
            hubspot,
            to_hubspot=[*to_hubspot, None],
            to_salesforce=[*to_salesforce, None],
        )
    assert decisions == sum(10**size * (2 * 8 + 2 * (size + 1)) for size in (1, 2, 3))


def test_own7_afterwards_every_order_of_the_two_changes() -> None:
    """OWN-7: "afterwards the most recent owner change wins in either
    direction", over part 1's directories and every pair of change times
    (earlier, later, equal, unknown)."""
    base = dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)
    times: list[int | None] = [None, 0, 1]
    decisions = 0
    for owners, entries, hubspot, to_hubspot, to_salesforce in singles():
        directory = StaticOwnerDirectory.of(owners)
        for hubspot_id, salesforce_id, hs_at, sf_at in itertools.product(
            to_salesforce[:2], to_hubspot[:2], times, times
        ):
            decision = later_owner_sync(
                hubspot_id,
                salesforce_id,
                hubspot_changed_at=None
                if hs_at is None
                else base + dt.timedelta(hs_at),
                salesforce_changed_at=None
                if sf_at is None
                else base + dt.timedelta(sf_at),
                owners=directory,
            )
            direction, expected = expect_later(
                hubspot_id,
                salesforce_id,
                hubspot_at=hs_at,
                salesforce_at=sf_at,
                entries=entries,
                owners=hubspot,
            )
            where = (owners, hubspot_id, salesforce_id, hs_at, sf_at)
            assert decision.direction is direction, where
            check_pair(decision, expected, where)
            decisions += 1
    assert decisions == 396 * 5 * 4 * 9
