"""Redaction: a redacted plan or explanation holds no input email local part
and no word of a person's name, and one value keeps one pseudonym within a
run; domains, ids, actions and counts are kept."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import crmsync_rules as cr
from crmsync_rules import strategies as cst
from crmsync_rules.cli._main import main
from crmsync_rules.planner import SyncPlan, System
from crmsync_rules.redaction import Redactor, redact

KEY = b"a key for the tests"
WORD = re.compile(r"\w+")
# What the test treats as a domain, independently of the code: '@' then
# everything up to a quote, a bracket, a separator or a backslash.
DOMAIN = re.compile(r"@[^\s'\"@,;()<>\[\]\\]*")


def names(snapshot: cr.Snapshot) -> set[str]:
    """Every name of a person in *snapshot*."""
    found: set[str] = set()
    for record in snapshot.records():
        if isinstance(
            record,
            cr.HubSpotContact
            | cr.HubSpotOwner
            | cr.SalesforceLead
            | cr.SalesforceContact
            | cr.SalesforceUser
            | cr.SalesforceAccount,
        ):
            found.update(filter(None, [record.first_name, record.last_name]))
        if isinstance(record, cr.SalesforceUser):
            found.update(filter(None, [record.full_name]))
        if isinstance(record, cr.SalesforceAccount) and record.is_person_account:
            found.update(filter(None, [record.name]))
    return found


def emails(snapshot: cr.Snapshot) -> set[str]:
    found: set[str | None] = set()
    for record in snapshot.records():
        found.add(getattr(record, "email", None))
        found.add(getattr(record, "person_email", None))
    return {e for e in found if e is not None}


def leaks(text: str, snapshot: cr.Snapshot) -> list[str]:
    """The input names and email local parts that *text* shows."""
    folded = text.casefold()
    # Domains are kept on purpose: a name that is also a domain label stays.
    words = {w.casefold() for w in WORD.findall(DOMAIN.sub("@", text))}
    shown = [
        name
        for name in names(snapshot)
        for word in WORD.findall(name)
        if word.casefold() in words
    ]
    for email in emails(snapshot):
        local = email.strip().rpartition("@")[0]
        # A local part right before an '@' and after no other local-part
        # character: where an address starts. (Anywhere else it may be the
        # end of a pseudonym: 'email_2359d182f6@0.com' shows no '6@0.com'.)
        starts = rf"(?<![\w!#$%&*+/=?^`{{|}}~.-]){re.escape(local.casefold())}@"
        if local and re.search(starts, folded):
            shown.append(email)
    return shown


# The fields of a plan's values that `redact` rewrites, and those it keeps:
# ids, record types, rule IDs and enum values, which are no one's name
# (docs/decisions.md). A person named 'Salesforce' or 'Sync' shares a word
# with the entry's system or a rule ID: that is no leak.
SENTENCES = frozenset({"detail", "fix"})
KEPT = frozenset(
    {
        "system",
        "record_type",
        "record_id",
        "action",
        "line",
        "target_type",
        "target_id",
        "related",
        "lifecycle",
        "counts",
        "rule",
        "severity",
        "direction",
        "owner_id",
        "import_from",
        "state",
    }
)


def texts(value: object) -> Iterator[str]:
    """Every sentence inside a plan value. Every other field must be one
    `redact` keeps, or hold values with sentences: a new field fails here
    until the test says which it is."""
    if isinstance(value, tuple):
        for item in value:
            yield from texts(item)
    elif attrs.has(type(value)):
        instance: Any = value
        for field in attrs.fields(type(instance)):
            item = getattr(instance, field.name)
            if field.name in SENTENCES:
                yield item
            elif field.name not in KEPT:
                yield from texts(item)
    else:
        assert not isinstance(value, str), f"a text in no known field: {value!r}"


def structure_of(result: SyncPlan) -> list[tuple[object, ...]]:
    """Everything of a plan but its sentences."""
    return [
        (
            e.system,
            e.record_type,
            e.record_id,
            e.action,
            e.line,
            e.target_type,
            e.target_id,
            e.related,
            e.lifecycle,
            [r.rule for r in e.reasons],
            e.owner and (e.owner.action, e.owner.owner_id, e.owner.import_from),
            e.optout and e.optout.state,
        )
        for e in result.entries
    ]


def test_redacted_sample_plan_shows_no_name_or_local_part() -> None:
    snapshot = cr.sample_snapshot()
    assert leaks(str(cr.plan(snapshot)), snapshot), "the check must see names"
    redactor = Redactor.of(snapshot.records(), key=KEY)
    result = redact(cr.plan(snapshot), redactor=redactor)
    assert leaks("\n".join(texts(result)), snapshot) == []


def test_redaction_keeps_ids_actions_counts_and_domains() -> None:
    snapshot = cr.sample_snapshot()
    plain = cr.plan(snapshot)
    redacted = redact(plain, redactor=Redactor.of(snapshot.records(), key=KEY))
    assert structure_of(redacted) == structure_of(plain)
    assert redacted.counts == plain.counts
    (detail,) = [r.detail for r in redacted.about("00GA000000001AA")[0].reasons][1:]
    assert detail.startswith("No HubSpot owner has the email 'email_")
    assert "@acme-corp.com' of Salesforce queue '00GA000000001AA' ('Inbound" in detail


def test_one_address_one_pseudonym_in_the_whole_plan() -> None:
    """Owner 101 is 'ada@acme-corp.com' in HubSpot and ' ada@Acme-Corp.com '
    in Salesforce: one person, so one pseudonym everywhere."""
    snapshot = cr.sample_snapshot()
    redactor = Redactor.of(snapshot.records(), key=KEY)
    text = "\n".join(texts(redact(cr.plan(snapshot), redactor=redactor)))
    ada = redactor.pseudonym("ada", kind="email")
    assert f"'{ada}@acme-corp.com'" in text
    assert f"'{ada}@Acme-Corp.com '" in text
    lovelace = redactor.pseudonym("Lovelace", kind="name")
    first = redactor.pseudonym("Ada", kind="name")
    assert text.count(f"{first} {lovelace}") == text.count(lovelace) > 2


def one_contact(last_name: str) -> cr.Snapshot:
    """A snapshot of one Salesforce contact, named *last_name*, whose plan
    says "Salesforce" in its sentences and its entry's system."""
    contact = cr.SalesforceContact(id="003000000000000AAA", last_name=last_name)
    return cr.Snapshot(
        settings=cr.IntegrationSettings(integrated_on=dt.date(2017, 6, 21)),
        salesforce=cr.SalesforceRecords(contacts=(contact,)),
    )


@pytest.mark.parametrize(
    "last_name",
    # Words the plan holds outside its sentences too: the system
    # 'salesforce', the rule IDs 'SYNC-3', 'DUP-1'; with a dot, an
    # apostrophe, a hyphen, in any case.
    ["a.SALESFORCE", "Salesforce", "Sync", "dup", "O'Brien.Sync", "Contact-Lead"],
)
def test_a_name_that_is_a_word_of_the_plan_is_hidden_in_sentences_only(
    last_name: str,
) -> None:
    """Found by Hypothesis as 'a.SALESFORCE': the name's words are hidden
    in every sentence, while the entry's system, actions and rule IDs,
    which are no one's name, are kept as they are."""
    snapshot = one_contact(last_name)
    redactor = Redactor.of(snapshot.records(), key=KEY)
    plain = cr.plan(snapshot)
    result = redact(plain, redactor=redactor)
    assert leaks("\n".join(texts(result)), snapshot) == []
    assert structure_of(result) == structure_of(plain)
    assert result.entries[0].system is System.SALESFORCE
    assert [r.rule for r in result.entries[0].reasons] == [
        "DUP-1",
        "SYNC-3",
        "SYNC-3",
        "SYNC-6",  # creation off, no match: nothing is created
    ]


def one_lead(email: str) -> cr.Snapshot:
    lead = cr.SalesforceLead(id="00Q000000000000EAA", email=email)
    return cr.Snapshot(
        settings=cr.IntegrationSettings(integrated_on=dt.date(2017, 6, 21)),
        salesforce=cr.SalesforceRecords(leads=(lead,)),
    )


def test_a_pseudonym_ending_like_a_local_part_is_no_leak() -> None:
    """Found by Hypothesis: '6@0.com' is shown as 'email_2359d182f6@0.com',
    which holds the text '6@0.com' but not its local part, as an address
    starts after no other local-part character."""
    snapshot = one_lead("6@0.com")
    redactor = Redactor.of(snapshot.records(), key=KEY)
    pseudonym = redactor.pseudonym("6", kind="email")
    assert pseudonym.endswith("6"), "the case needs a pseudonym ending in '6'"
    result = redact(cr.plan(snapshot), redactor=redactor)
    shown = "\n".join(texts(result))
    assert f"'{pseudonym}@0.com'" in shown
    assert leaks(shown, snapshot) == []
    assert leaks("key '6@0.com'", snapshot) == ["6@0.com"]
    assert leaks("key ' 6@0.com'", snapshot) == ["6@0.com"]


@given(cst.snapshots())
@example(one_contact("a.SALESFORCE"))
@example(one_lead("6@0.com"))
def test_redacted_plan_of_any_snapshot_shows_no_name_or_local_part(
    snapshot: cr.Snapshot,
) -> None:
    redactor = Redactor.of(snapshot.records(), key=KEY)
    plain = cr.plan(snapshot)
    result = redact(plain, redactor=redactor)
    assert leaks("\n".join(texts(result)), snapshot) == []
    assert structure_of(result) == structure_of(plain)
    assert redact(result, redactor=redactor) == result, "redacting is idempotent"


PEOPLE = (
    cr.HubSpotContact,
    cr.HubSpotOwner,
    cr.SalesforceLead,
    cr.SalesforceContact,
    cr.SalesforceUser,
    cr.SalesforceAccount,
)


def renamed(snapshot: cr.Snapshot, rename: Callable[[str], str]) -> cr.Snapshot:
    """*snapshot* with every person's first and last name passed through
    *rename*; a person account's name is made of the new ones (PA-3), a
    user's full name (Salesforce's ``Name``) is renamed on its own."""

    def person(record: Any) -> Any:
        if not isinstance(record, PEOPLE):
            return record
        if isinstance(record, cr.SalesforceUser):
            whole = record.full_name or " ".join(
                filter(None, (record.first_name, record.last_name))
            )
            record = attrs.evolve(record, full_name=rename(whole) if whole else None)
        first, last = (
            None if name is None else rename(name)
            for name in (record.first_name, record.last_name)
        )
        record = attrs.evolve(record, first_name=first, last_name=last)
        if isinstance(record, cr.SalesforceAccount) and record.is_person_account:
            record = attrs.evolve(record, name=" ".join(filter(None, (first, last))))
        return record

    def side(records: Any) -> Any:
        return attrs.evolve(
            records,
            **{
                field.name: tuple(map(person, getattr(records, field.name)))
                for field in attrs.fields(type(records))
            },
        )

    return attrs.evolve(
        snapshot, hubspot=side(snapshot.hubspot), salesforce=side(snapshot.salesforce)
    )


CASES: list[Callable[[str], str]] = [str, str.upper, str.title]


@given(cst.snapshots(), st.data())
def test_names_made_of_the_plans_own_words_are_hidden_in_its_sentences(
    snapshot: cr.Snapshot, data: st.DataObject
) -> None:
    """People named with the words a plan holds anyway (its sentences'
    'Salesforce', 'Contact', 'a'; its systems, actions, rule IDs and field
    names; the redactor's own 'email', 'name', 'redacted'), in any case,
    joined by dots, apostrophes, hyphens and spaces: their words leave
    every sentence, nothing else changes, and redacting again changes
    nothing."""
    pool = sorted(
        set(WORD.findall(repr(cr.plan(snapshot))))
        | {"a", "email", "name", "got", "redacted", "value"}
    )
    word = st.tuples(st.sampled_from(CASES), st.sampled_from(pool)).map(
        lambda case_word: case_word[0](case_word[1])
    )
    separator = st.sampled_from([" ", ".", "'", "-", ". ", ".'"])
    new: dict[str, str] = {}

    def rename(name: str) -> str:
        if name not in new:
            words = data.draw(st.lists(word, min_size=1, max_size=3))
            glue = [data.draw(separator) for _ in words[1:]]
            new[name] = "".join(w + g for w, g in zip(words, [*glue, ""], strict=True))
        return new[name]

    snapshot = renamed(snapshot, rename)
    redactor = Redactor.of(snapshot.records(), key=KEY)
    plain = cr.plan(snapshot)
    result = redact(plain, redactor=redactor)
    assert leaks("\n".join(texts(result)), snapshot) == []
    assert structure_of(result) == structure_of(plain)
    assert redact(result, redactor=redactor) == result, "redacting is idempotent"


@given(cst.email_addresses(), st.data())
def test_spellings_of_one_address_share_a_pseudonym(
    address: str, data: st.DataObject
) -> None:
    """Same input, same pseudonym: case, whitespace and repr's escapes do not
    make another person of an address."""
    redactor = Redactor(key=KEY)
    spellings = [address, data.draw(cst.email_spellings(address))]
    found = {
        tuple(re.findall(r"email_[0-9a-f]{10}", redactor.text(f"email {s!r}.")))
        for s in spellings
    }
    assert len(found) == 1
    assert len(found.pop()) == 1


def test_pseudonyms_depend_on_the_key_and_the_value() -> None:
    one, other = Redactor(key=b"one"), Redactor(key=b"other")
    assert one.pseudonym("Jan", kind="name") == one.pseudonym("JAN ", kind="name")
    assert one.pseudonym("Jan", kind="name") != other.pseudonym("Jan", kind="name")
    assert one.pseudonym("Jan", kind="name") != one.pseudonym("Jon", kind="name")
    assert one.pseudonym("jan", kind="name") != one.pseudonym("jan", kind="email")


def test_names_are_whole_words_and_addresses_keep_their_domain() -> None:
    redactor = Redactor.of(
        [cr.HubSpotContact(id="1", first_name="Jan", last_name="de Vries")], key=KEY
    )
    jan = redactor.pseudonym("jan", kind="name")
    vries = redactor.pseudonym("vries", kind="name")
    local = redactor.pseudonym("jan.devries", kind="email")
    assert redactor.text("Jan de Vries (Jansen, jan.devries@vries.nl)") == (
        f"{jan} {redactor.pseudonym('de', kind='name')} {vries} "
        f"(Jansen, {local}@vries.nl)"
    )


def test_two_at_signs_and_escapes_hide_the_whole_local_part() -> None:
    redactor = Redactor(key=KEY)
    assert redactor.text("'a@b@c.com'") == (
        f"'{redactor.pseudonym('a@b', kind='email')}@c.com'"
    )
    shown = redactor.text(repr("\tjan\u200b@x.nl"))
    assert "jan" not in shown
    assert shown.endswith("@x.nl'")


@given(st.text() | st.sampled_from(["\\UFFFFFFFF@x.nl", "\\U0001F600a@x.nl"]))
def test_any_text_is_redacted_without_error_and_idempotently(text: str) -> None:
    """Error messages of hostile input go through `Redactor.text` too."""
    redactor = Redactor(key=KEY, words=frozenset({"a", "jan"}))
    once = redactor.text(text)
    assert redactor.text(once) == once


def test_an_email_that_is_no_address_is_redacted_word_by_word() -> None:
    contact = cr.HubSpotContact(id="1", email="jan.devries at home")
    redactor = Redactor.of([contact], key=KEY)
    assert "devries" not in redact("email='jan.devries at home'", redactor=redactor)


def test_unreadable_line_values_of_personal_fields_are_hidden() -> None:
    redactor = Redactor(key=KEY)
    detail = (
        "Line 3 of x.ndjson cannot be read, a property values problem: "
        "expected a string, got list ['Jan'] @ $.first_name; expected true or "
        "false, got str 'yes' @ $.unsubscribed; expected a string, got int 5 @ "
        "$.records[0].LastName."
    )
    assert redactor.text(detail) == (
        "Line 3 of x.ndjson cannot be read, a property values problem: "
        "expected a string, got a redacted value @ $.first_name; expected true "
        "or false, got str 'yes' @ $.unsubscribed; expected a string, got a "
        "redacted value @ $.records[0].LastName."
    )
    whole = "expected an object, got list ['Jan', 'de Vries'] @ $"
    assert redactor.text(whole) == "expected an object, got a redacted value @ $"
    item = "expected an object, got str 'Jan' @ $.hubspot.contacts[0]"
    assert redactor.text(item).endswith("got a redacted value @ $.hubspot.contacts[0]")


@pytest.mark.parametrize("form", ["text", "json", "ndjson"])
def test_cli_plan_redact_in_every_format(
    form: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--redact", "--format", form]) == 0
    out = capsys.readouterr().out
    snapshot = cr.sample_snapshot()
    assert leaks(out, snapshot) == []
    assert "003A000000001AA" in out
    if form != "text":  # the table has no sentences
        assert "@acme-corp.com" in out
    if form == "json":
        assert len(json.loads(out)["entries"]) == 44


def test_cli_explain_redact(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--redact", "501"]) == 0
    out = capsys.readouterr().out
    assert leaks(out, cr.sample_snapshot()) == []
    assert out.startswith("hubspot_contact 501: sync -> salesforce_contact")
    assert main(["explain", "501"]) == 0
    assert leaks(capsys.readouterr().out, cr.sample_snapshot()) != []


def test_cli_redacts_each_run_with_a_new_key(
    capsys: pytest.CaptureFixture[str],
) -> None:
    runs = []
    for _ in range(2):
        main(["plan", "--redact", "--only", "create_in_hubspot"])
        runs.append(capsys.readouterr().out)
    assert runs[0] == runs[1], "the table holds no pseudonym"
    main(["explain", "--redact", "00QA000000001AA"])
    first = capsys.readouterr().out
    main(["explain", "--redact", "00QA000000001AA"])
    assert first != capsys.readouterr().out
