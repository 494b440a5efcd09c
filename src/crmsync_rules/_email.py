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

This module is the only user of email-validator in the library.
"""

from __future__ import annotations

import functools
from typing import NewType

from email_validator import EmailNotValidError, validate_email

from ._errors import InvalidEmailError

__all__ = ["EmailKey", "email_key"]

EmailKey = NewType("EmailKey", str)
"""A normalised email address, the comparison key of DUP-1 and OWN-4."""


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
    key, reason = _key(address.strip())
    if key is None:
        raise InvalidEmailError(address, reason=reason, record=record, field=field)
    return key


@functools.lru_cache(maxsize=4096)
def _key(address: str) -> tuple[EmailKey | None, str]:
    # A memo, not state: the answer for an address never changes. Owners'
    # addresses are looked up once per record they own, and validation costs
    # ~100 µs. Invalid addresses are cached too (as a reason), since
    # lru_cache does not cache exceptions.
    try:
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        return None, str(exc)
    return EmailKey(f"{result.local_part.casefold()}@{result.ascii_domain.lower()}"), ""
