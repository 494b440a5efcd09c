"""The email key's choices (DUP-1, OWN-4): case, whitespace, IDN, invalid."""

from __future__ import annotations

import pytest

from crmsync_rules import InvalidEmailError, email_key


def test_dup1_key_folds_case_of_local_part_and_domain() -> None:
    assert email_key("John.Doe@Example.COM") == "john.doe@example.com"
    assert email_key("JOHN.DOE@example.com") == email_key("john.doe@EXAMPLE.com")


def test_dup1_key_strips_surrounding_whitespace() -> None:
    assert email_key("  jan@vries.nl\t\n") == "jan@vries.nl"


def test_dup1_key_keeps_dots_and_plus_tags() -> None:
    assert email_key("first.last+crm@example.com") == "first.last+crm@example.com"
    assert email_key("firstlast@example.com") != email_key("first.last@example.com")
    assert email_key("a+b@example.com") != email_key("a@example.com")


def test_dup1_key_normalises_idn_domains_to_punycode() -> None:
    unicode_form = email_key("josé@Exämple.com")
    assert unicode_form == "josé@xn--exmple-cua.com"
    assert email_key("JOSÉ@xn--EXMPLE-cua.com") == unicode_form


def test_dup1_key_composes_decomposed_unicode() -> None:
    # "e" followed by a combining acute accent is the same address as "é".
    assert email_key("jose\u0301@example.com") == email_key("josé@example.com")


def test_dup1_key_casefolds_beyond_lowercase() -> None:
    assert email_key("STRAẞE@example.com") == email_key("strasse@example.com")


@pytest.mark.parametrize(
    ("address", "fragment"),
    [
        ("jan@@vries.nl", "@"),
        ("jan.vries.nl", "@"),
        ("jan@localhost", "period"),
        ("jan@mail.test", "special-use"),
        ("jan@vries.nl.", "period"),
        ("", "@"),
    ],
)
def test_dup1_invalid_address_names_record_field_and_value(
    address: str, fragment: str
) -> None:
    with pytest.raises(InvalidEmailError) as caught:
        email_key(address, record="003A1", field="Email")
    error = caught.value
    assert (error.record, error.field, error.value) == ("003A1", "Email", address)
    assert fragment in error.reason
    assert str(error).startswith("record '003A1', field 'Email': not a valid email")
    assert str(error).endswith(f"got {address!r}")


def test_invalid_email_error_is_a_value_error_without_a_record() -> None:
    with pytest.raises(ValueError, match=r"^a record, field 'email'"):
        email_key("no-at-sign")


def test_non_string_address_is_refused_clearly() -> None:
    with pytest.raises(InvalidEmailError, match="must be a string"):
        email_key(None)  # type: ignore[arg-type]
