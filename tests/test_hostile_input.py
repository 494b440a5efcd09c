"""Hostile input never escapes as a foreign exception.

Every input to the codec either loads or raises `SnapshotError` listing its
problems with their paths: no other exception, no unbounded message, no
hang. The classic cases are named regression tests; the corpus in
tests/corpus replays here, and ``make fuzz`` runs the same properties for
ten minutes (see docs/testing.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

import crmsync_rules as cr
from crmsync_rules.codec import (
    UnreadableLine,
    iter_ndjson,
    load_snapshot,
    loads_snapshot,
    read_salesforce,
    structure,
)
from crmsync_rules.errors import SnapshotError
from crmsync_rules.model import email_key
from hostile import (
    ITERATORS,
    READERS,
    iterate_or_refuse,
    json_values,
    load_or_refuse,
    mutated_samples,
    read_text_or_refuse,
)

CORPUS = Path(__file__).parent / "corpus"
SETTINGS = '"settings": {"integrated_on": "2016-05-10"}'


def problems(text: str | bytes) -> tuple[str, ...]:
    with pytest.raises(SnapshotError) as caught:
        loads_snapshot(text)
    return caught.value.problems


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_corpus_replays_without_foreign_exceptions(path: Path) -> None:
    read_text_or_refuse(path.read_bytes())


def test_empty_file() -> None:
    assert problems(b"") == ("invalid JSON: Expecting value at line 1 column 1",)


def test_utf8_bom_is_accepted() -> None:
    snapshot = loads_snapshot((CORPUS / "bom.json").read_bytes())
    assert snapshot.settings.integrated_on.year == 2016
    assert loads_snapshot("\ufeff{" + SETTINGS + "}") == snapshot


def test_invalid_utf8() -> None:
    assert problems((CORPUS / "invalid-utf8.json").read_bytes()) == (
        "not UTF-8 text: byte 57 cannot be decoded",
    )


def test_duplicate_json_keys_are_refused_not_last_wins() -> None:
    assert problems((CORPUS / "duplicate-keys.json").read_bytes()) == (
        "invalid JSON: duplicate key 'integrated_on' in one object",
    )


@pytest.mark.parametrize("name", ["nan.json", "infinity.json"])
def test_nan_and_infinity_are_not_json(name: str) -> None:
    (problem,) = problems((CORPUS / name).read_bytes())
    assert problem in {
        "invalid JSON: NaN is not valid JSON",
        "invalid JSON: Infinity is not valid JSON",
    }


def test_numbers_where_strings_belong_and_string_booleans() -> None:
    assert problems((CORPUS / "wrong-scalars.json").read_bytes()) == (
        "expected a string, got int 501 @ $.hubspot.contacts[0].id",
        "expected true or false, got str 'true' @ $.hubspot.contacts[0].unsubscribed",
        "expected true or false, got str '1' @ $.hubspot.contacts[1].unsubscribed",
    )


def test_two_at_signs_trailing_dot_and_overlong_addresses() -> None:
    found = problems((CORPUS / "bad-emails.json").read_bytes())
    assert [p.rsplit(" @ ", 1)[1] for p in found] == [
        "$.salesforce.leads[0].email",
        "$.salesforce.leads[1].email",
        "$.salesforce.leads[2].email",
    ]
    assert all(p.startswith("invalid email address (") for p in found)
    assert "too long" in found[2]


def test_homoglyph_domain_is_another_domain() -> None:
    """A Cyrillic a (U+0430) makes another domain: it must never dedupe into the
    Latin one (DUP-1), and its key shows it in Punycode."""
    latin = email_key("a@example.com")
    cyrillic = email_key("a@ex\u0430mple.com")
    assert cyrillic == "a@xn--exmple-4nf.com"
    assert cyrillic != latin
    assert email_key("a@\u0430\u0440\u0440\u04cf\u0435.com").endswith(
        "@xn--80ak6aa92e.com"
    )


def test_hundred_thousand_deep_nesting_is_refused_cleanly() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    assert problems(deep) == ("invalid JSON: nested too deeply",)
    (line,) = iter_ndjson([deep])
    assert isinstance(line, UnreadableLine)


def test_fifty_megabyte_string_is_refused_with_a_short_message() -> None:
    huge = "a" * (50 * 1024 * 1024)
    text = json.dumps(
        {
            "settings": {"integrated_on": "2016-05-10"},
            "hubspot": {"contacts": [{"id": "1", "email": huge + "@b.nl"}]},
        }
    )
    assert problems(text) == (
        "expected at most 131,072 characters, got 52,428,805 @ $.hubspot.contacts[0].email",
    )
    with pytest.raises(SnapshotError, match="at most 131,072 characters"):
        read_salesforce({"attributes": {"type": "Lead"}, "Id": "00Q1", "Email": huge})


def test_huge_unknown_key_gives_a_bounded_message() -> None:
    (problem,) = problems("{" + SETTINGS + ', "' + "k" * 100_000 + '": 1}')
    assert len(problem) < 300


@given(st.binary(max_size=200))
def test_any_bytes_load_or_refuse(data: bytes) -> None:
    read_text_or_refuse(data)


@given(st.sampled_from(sorted(READERS)), json_values)
def test_any_json_loads_or_refuses(reader: str, value: object) -> None:
    load_or_refuse(READERS[reader], value)


@given(mutated_samples())
def test_mutated_sample_loads_or_refuses(value: object) -> None:
    load_or_refuse(READERS["snapshot"], value)


@given(st.sampled_from(sorted(ITERATORS)), json_values)
def test_any_json_iterates_or_refuses(reader: str, value: object) -> None:
    iterate_or_refuse(ITERATORS[reader], value)


@given(mutated_samples())
def test_mutated_sample_iterates_or_refuses(value: object) -> None:
    iterate_or_refuse(ITERATORS["snapshot"], value)


def _outcome(read: Callable[[], object]) -> object:
    try:
        return read()
    except SnapshotError:
        return SnapshotError


@given(mutated_samples() | json_values)
def test_load_snapshot_and_structure_accept_the_same_snapshots(value: object) -> None:
    """`load_snapshot` reads record by record (`iter_snapshot`, so that one
    bad record costs only itself); `structure(value, Snapshot)` reads the
    document whole. Both accept the same documents as the same snapshot,
    and refuse the same ones."""
    assert _outcome(lambda: load_snapshot(value)) == _outcome(
        lambda: structure(value, cr.Snapshot)
    )


@given(st.sampled_from(sorted(ITERATORS)), json_values | mutated_samples())
def test_the_all_or_nothing_readers_are_the_readers_that_read_on(
    reader: str, value: object
) -> None:
    """A reader that refuses a payload with a bad record reads every record
    the reader that reads on reads, when none is bad."""
    values = _outcome(lambda: list(ITERATORS[reader](value)))
    whole = _outcome(lambda: READERS[reader](value))
    if values is SnapshotError or any(
        isinstance(v, UnreadableLine) for v in cast(list[object], values)
    ):
        assert whole is SnapshotError
    elif reader == "snapshot":
        assert isinstance(whole, cr.Snapshot)
        assert [whole.settings, *whole.records()] == values
    else:
        assert isinstance(whole, cr.HubSpotRecords | cr.SalesforceRecords)
        # Grouped by type, in the order read within each.
        assert sorted(whole, key=repr) == sorted(cast(list[object], values), key=repr)


SCRIPT = Path(sys.executable).with_name("crmsync-rules")


def test_cli_deep_nesting_is_one_line_and_exit_2_everywhere(tmp_path: Path) -> None:
    """A 100,000-deep array or object is refused in one line with exit
    status 2 by every command, through every input option (it used to end
    in a RecursionError traceback where the format was sniffed)."""
    settings = tmp_path / "settings.json"
    settings.write_text('{"integrated_on": "2021-02-01"}')
    for name, text in (
        ("array.json", "[" * 100_000 + "]" * 100_000),
        ("object.json", '{"a":' * 100_000 + "1" + "}" * 100_000),
    ):
        deep = tmp_path / name
        deep.write_text(text)
        runs: list[tuple[list[str], str | None]] = [
            ([command, str(deep)], None)
            for command in ("plan", "validate", "lint", "show", "explain 1")
        ]
        runs += [
            (["plan", "-"], text),
            (["plan", "--settings", str(deep)], None),
            *(
                (["plan", "--settings", str(settings), option, str(deep)], None)
                for option in (
                    "--hubspot-contacts",
                    "--hubspot-companies",
                    "--hubspot-deals",
                    "--hubspot-owners",
                    "--salesforce",
                )
            ),
        ]
        for args, stdin in runs:
            command, *rest = args
            result = subprocess.run(
                [str(SCRIPT), *command.split(), *rest],
                input=stdin,
                capture_output=True,
                text=True,
                check=False,
                timeout=60,
            )
            source = "<stdin>" if stdin is not None else str(deep)
            assert (result.returncode, result.stdout) == (2, ""), args
            assert result.stderr == (
                f"crmsync-rules: {source}: invalid JSON: nested too deeply\n"
            ), args
