"""DUP-7: a Salesforce id's 15- and 18-character forms name one record;
an 18-character id whose suffix does not match its first fifteen is
invalid."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules.model._salesforce_ids import (
    is_salesforce_id,
    salesforce_id_15,
    salesforce_id_18,
    salesforce_id_key,
    salesforce_id_problem,
)

ids_15 = st.text(string.ascii_letters + string.digits, min_size=15, max_size=15)


def _suffix_by_hand(first15: str) -> str:
    """Salesforce's documented algorithm, written out independently: per
    block of five, a 5-bit number with bit i set when character i is an
    upper-case letter, indexing "A".."Z" then "0".."5"."""
    alphabet = string.ascii_uppercase + "012345"
    out = ""
    for block in (first15[0:5], first15[5:10], first15[10:15]):
        number = sum(2**i for i, c in enumerate(block) if c in string.ascii_uppercase)
        out += alphabet[number]
    return out


def test_dup7_known_ids_get_their_documented_suffix() -> None:
    """DUP-7: worked examples, each block computed by hand."""
    # "00Q00": Q at index 2 -> 4 -> "E"; the other blocks hold no capital.
    assert salesforce_id_18("00Q000000000001") == "00Q000000000001EAA"
    # "001A0": A at index 3 -> 8 -> "I".
    assert salesforce_id_18("001A000001abcde") == "001A000001abcdeIAA"
    # every character a capital: 31 in each block -> "5".
    assert salesforce_id_18("ABCDEFGHIJKLMNO") == "ABCDEFGHIJKLMNO555"


@given(ids_15)
def test_dup7_the_18_character_form_round_trips_and_names_the_same_record(
    id15: str,
) -> None:
    """DUP-7: for any 15-character id, the 18-character form round-trips
    and compares equal."""
    id18 = salesforce_id_18(id15)
    assert id18 == id15 + _suffix_by_hand(id15)
    assert salesforce_id_15(id18) == id15
    assert salesforce_id_key(id15) == salesforce_id_key(id18)
    assert salesforce_id_key(id18[:15] + id18[15:].lower()) == salesforce_id_key(id15)
    assert salesforce_id_problem(id18) is None


@given(ids_15, st.data())
def test_dup7_ids_differing_only_in_case_are_different_records(
    id15: str, data: st.DataObject
) -> None:
    """DUP-7: the 15-character form is case-sensitive."""
    letters = [i for i, c in enumerate(id15) if c.isalpha()]
    if not letters:
        return
    i = data.draw(st.sampled_from(letters))
    other = id15[:i] + id15[i].swapcase() + id15[i + 1 :]
    assert salesforce_id_key(other) != salesforce_id_key(id15)
    assert salesforce_id_problem(other + salesforce_id_18(id15)[15:]) is not None


def test_dup7_an_18_character_id_with_a_wrong_suffix_is_invalid() -> None:
    """DUP-7: the suffix must encode the case of the first fifteen."""
    problem = salesforce_id_problem("00Q000000000001AAA")
    assert problem is not None
    assert "expected '00Q000000000001EAA'" in problem
    assert salesforce_id_problem("00Q000000000001eaa") is None  # suffix in any case


@pytest.mark.parametrize("text", ["lead-1", "005A", "", "00Q00000000000!"])
def test_dup7_other_text_is_no_salesforce_id_and_compares_as_it_is(text: str) -> None:
    """DUP-7: ids made up in tests, or other systems' keys, are left alone."""
    assert not is_salesforce_id(text)
    assert salesforce_id_key(text) == text
    assert salesforce_id_problem(text) is None
    with pytest.raises(ValueError, match="not a 15- or 18-character"):
        salesforce_id_18(text)
    with pytest.raises(ValueError, match="not a 15- or 18-character"):
        salesforce_id_15(text)


def test_dup7_an_18_character_id_is_its_own_18_character_form() -> None:
    """DUP-7: salesforce_id_18 leaves an 18-character id as it is."""
    assert salesforce_id_18("00Q000000000001EAA") == "00Q000000000001EAA"
    assert salesforce_id_15("00Q000000000001EAA") == "00Q000000000001"
