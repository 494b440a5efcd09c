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
email-validator's own pattern (one regular expression over the address,
which also splits it at its "@"), and the domain's verdict is memoised per
domain (docs/decisions.md says why that cache is not state). `email_keys`
keys many addresses in one call, the same way, without a call per address.
Everything else (quoted or non-ASCII local parts, odd characters, and every
address that turns out invalid, for its exact message) goes through
email-validator itself. tests/test_email.py proves that every path gives the
same keys and the same verdicts.

This module is the only user of email-validator in the library.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Final, NewType

import email_validator
from email_validator import EmailNotValidError, validate_email

from ._errors import InvalidEmailError

__all__ = ["EmailKey", "email_key", "email_key_or_none", "email_keys"]

EmailKey = NewType("EmailKey", str)
"""A normalised email address, the comparison key of DUP-1 and OWN-4."""

# email-validator's ATEXT (RFC 5322 3.2.3). An ASCII local part matching its
# dot-atom pattern is valid as it is, whatever its length (the 64-character
# limit only applies in its strict mode). ATEXT has no "@", "<" or '"', so
# the first "@" is the one email-validator splits at, and the domain that
# follows is checked exactly as it would be after any other local part.
# `_COMMON` matches such a local part, that "@" and whatever follows: the
# local part and the domain, as ``text.partition("@")`` would split them.
_ATEXT: Final = r"a-zA-Z0-9_!#$%&'*+\-/=?^`{|}~"
_COMMON: Final = re.compile(
    rf"([{_ATEXT}]+(?:\.[{_ATEXT}]+)*)@(.*)", re.DOTALL
).fullmatch
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
    common = _COMMON(text)
    if common is not None:
        domain = common[2]
        checked = _checked_domain(domain)
        # The three spellings email-validator measures (as given, normalised,
        # Punycode) differ only in the domain; the local part is ASCII.
        if checked is not None and len(text) - len(domain) + checked[1] <= _MAX_ADDRESS:
            # A plain domain's key is its ASCII lowercase: so is the key's.
            key = text.lower() if checked[2] else f"{common[1].lower()}@{checked[0]}"
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


def email_keys(addresses: Iterable[str | None], /) -> list[EmailKey | None]:
    """The `email_key_or_none` of each of *addresses*, in their order: one
    call for a caller that keys thousands (the duplicate index keys every
    HubSpot contact's address).

    >>> email_keys(["Ann@Example.com", None, " ", "not an address", "josé@Exämple.com"])
    ['ann@example.com', None, None, None, 'josé@xn--exmple-cua.com']
    """
    # email_key's fast path, inlined (tests/test_email.py holds the two to
    # the same keys); every other address goes through email_key itself.
    common_match, checked_domain, most = _COMMON, _checked_domain, _MAX_ADDRESS
    keys: list[EmailKey | None] = []
    append = keys.append
    for address in addresses:
        if address is not None:
            text = address.strip()
            common = common_match(text)
            if common is not None:
                domain = common[2]
                checked = checked_domain(domain)
                if checked is not None and len(text) - len(domain) + checked[1] <= most:
                    key = (
                        text.lower()
                        if checked[2]
                        else f"{common[1].lower()}@{checked[0]}"
                    )
                    append(EmailKey(text if key == text else key))
                    continue
        append(email_key_or_none(address))
    return keys


@functools.lru_cache(maxsize=_DOMAIN_CACHE_SIZE)
def _checked_domain(domain: str) -> tuple[str, int, bool] | None:
    """The key form of *domain*, the byte length of its longest spelling and
    whether the key form is *domain*'s ASCII lowercase (then an address's
    key is its own lowercase), or None when no address at *domain* is valid.

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
    return lowered, len(lowered), True


def _domain_by_email_validator(domain: str) -> tuple[str, int, bool] | None:
    # "a" is the shortest valid local part, so an address at *domain* that
    # fails here (for the domain or for its length) fails with any local part.
    try:
        result = validate_email(f"a@{domain}", check_deliverability=False)
    except EmailNotValidError:
        return None
    spellings = (domain, result.domain, result.ascii_domain)
    key = result.ascii_domain.lower()
    plain = domain.isascii() and key == domain.lower()
    return key, max(len(s.encode()) for s in spellings), plain
