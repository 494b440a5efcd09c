"""Email comparison keys (DUP-1, OWN-4, OPT-5).

HubSpot dedupes Salesforce leads and contacts into contacts by email address,
and matches owners by email. Both need one answer to "are these the same
address?". Ours, recorded in docs/email-keys.md:

* surrounding whitespace is stripped (CRM exports are full of it);
* the address must pass email-validator's syntax checks, which we call with
  ``check_deliverability=False`` (no DNS: the core does no I/O);
* the domain is IDNA-normalised: Unicode and Punycode spellings of one domain
  give one key, always in its ASCII (Punycode) form, lowercased;
* the local part is case-folded (``str.casefold``), as mail providers treat it
  in practice, though RFC 5321 allows case-sensitive mailboxes;
* no provider-specific folding: dots and ``+tags`` are kept.

email-validator costs 40-180 µs an address, most of it in the domain checks,
and a sync reads millions of addresses over a few thousand domains. So the
common shape, a plain ASCII dot-atom local part, is checked here with
email-validator's own pattern, and the domain's verdict is memoised per
domain (docs/decisions.md says why that cache is not state). Everything else
(quoted or non-ASCII local parts, odd characters, and every address that
turns out invalid, for its exact message) goes through email-validator
itself. tests/test_email.py proves both paths give the same keys and the same
verdicts.

This module is the only user of email-validator in the library.
"""

from __future__ import annotations

import functools
import re
from typing import Final, NewType

import email_validator
from email_validator import EmailNotValidError, validate_email

from ._errors import InvalidEmailError

__all__ = ["EmailKey", "email_key", "email_key_or_none"]

EmailKey = NewType("EmailKey", str)
"""A normalised email address, the comparison key of DUP-1 and OWN-4."""

# email-validator's ATEXT (RFC 5322 3.2.3). An ASCII local part matching its
# dot-atom pattern is valid as it is, whatever its length (the 64-character
# limit only applies in its strict mode). ATEXT has no "@", "<" or '"', so
# the first "@" is the one email-validator splits at, and the domain that
# follows is checked exactly as it would be after any other local part.
_ATEXT: Final = r"a-zA-Z0-9_!#$%&'*+\-/=?^`{|}~"
_DOT_ATOM: Final = re.compile(rf"[{_ATEXT}]+(?:\.[{_ATEXT}]+)*")
_ASCII_HOSTNAME: Final = re.compile(r"[a-zA-Z0-9.\-]+")
# A lowercased ASCII domain email-validator accepts, bar length and reserved
# names: two or more labels, none empty or edged with a hyphen, none with
# "--" in third and fourth place (RFC 5890 R-LDH; Punycode is handled apart),
# none over 63 characters, and a last one ending with a letter (every TLD does).
_LABEL: Final = r"(?!..--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_ASCII_DOMAIN: Final = re.compile(
    rf"(?:{_LABEL}\.)+(?!..--)(?:[a-z0-9][a-z0-9-]{{0,61}})?[a-z]"
)
# email-validator refuses these names and their subdomains (".test", ...).
_RESERVED_SUFFIXES: Final = tuple(
    f".{name}" for name in email_validator.SPECIAL_USE_DOMAIN_NAMES
)
_MAX_ADDRESS: Final = 254  # octets, RFC 5321 4.5.3.1.3 as email-validator reads it
_MAX_DOMAIN: Final = 253
_DOMAIN_CACHE_SIZE: Final = 1 << 16


def email_key(
    address: str, /, *, record: str | None = None, field: str = "email"
) -> EmailKey:
    """Return the comparison key of *address*.

    *record* and *field* only serve the error message: an invalid address
    raises `InvalidEmailError` naming them and the value.

    >>> email_key("  John.Doe@Example.COM ")
    'john.doe@example.com'
    >>> email_key("josé@Exämple.com") == email_key("JOSÉ@xn--exmple-cua.com")
    True
    """
    if not isinstance(address, str):
        raise InvalidEmailError(
            address,
            reason="an email address must be a string",
            record=record,
            field=field,
        )
    text = address.strip()
    local, _, domain = text.partition("@")
    if _DOT_ATOM.fullmatch(local) is not None:
        checked = _checked_domain(domain)
        # The three spellings email-validator measures (as given, normalised,
        # Punycode) differ only in the domain; the local part is ASCII.
        if checked is not None and len(local) + 1 + checked[1] <= _MAX_ADDRESS:
            key = f"{local.lower()}@{checked[0]}"
            # An address already in key form is its own key: the caller's
            # string, not a copy, so that millions of kept keys cost no
            # strings of their own.
            return EmailKey(text if key == text else key)
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidEmailError(
            address, reason=str(exc), record=record, field=field
        ) from None
    return EmailKey(f"{result.local_part.casefold()}@{result.ascii_domain.lower()}")


def email_key_or_none(address: str | None, /) -> EmailKey | None:
    """The comparison key of *address*, or ``None`` when it has none: no
    address, a blank one or an invalid one (DUP-1, OWN-4, OPT-3 compare only
    the addresses that have a key).

    >>> email_key_or_none(" Ann@Example.com"), email_key_or_none("not an address")
    ('ann@example.com', None)
    """
    if address is None or not address.strip():
        return None
    try:
        return email_key(address)
    except InvalidEmailError:
        return None


@functools.lru_cache(maxsize=_DOMAIN_CACHE_SIZE)
def _checked_domain(domain: str) -> tuple[str, int] | None:
    """The key form of *domain* and the byte length of its longest spelling,
    or None when no address at *domain* is valid.

    A pure function of its argument, hence memoised: a sync sees each of a
    few thousand domains thousands of times.
    """
    if _ASCII_HOSTNAME.fullmatch(domain) is None:
        return _domain_by_email_validator(domain)
    # For ASCII, email-validator's UTS-46 mapping is lowercasing.
    lowered = domain.lower()
    if "xn--" in lowered:
        return _domain_by_email_validator(domain)  # Punycode needs IDNA checks
    if (
        len(lowered) > _MAX_DOMAIN
        or _ASCII_DOMAIN.fullmatch(lowered) is None
        or f".{lowered}".endswith(_RESERVED_SUFFIXES)  # special-use names
    ):
        return None
    return lowered, len(lowered)


def _domain_by_email_validator(domain: str) -> tuple[str, int] | None:
    # "a" is the shortest valid local part, so an address at *domain* that
    # fails here (for the domain or for its length) fails with any local part.
    try:
        result = validate_email(f"a@{domain}", check_deliverability=False)
    except EmailNotValidError:
        return None
    spellings = (domain, result.domain, result.ascii_domain)
    return result.ascii_domain.lower(), max(len(s.encode()) for s in spellings)
