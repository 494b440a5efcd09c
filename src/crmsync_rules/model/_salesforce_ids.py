"""Salesforce record ids in their two forms (DUP-7).

A Salesforce id has a 15-character form, which is case-sensitive (reports,
the UI, CSV exports), and an 18-character form, which is not (the APIs): its
last three characters encode, five characters each, which of the first
fifteen are upper-case letters. Both forms name one record. The library
keeps ids as the export wrote them (a plan shows users their own ids) and
compares them by `salesforce_id_key`, the 18-character form.

>>> salesforce_id_18("001A000001abcde")
'001A000001abcdeIAA'
>>> salesforce_id_key("001A000001abcde") == salesforce_id_key("001A000001abcdeIAA")
True
>>> salesforce_id_key("001a000001abcde") == salesforce_id_key("001A000001abcde")
False

An 18-character id is valid only when its suffix encodes the case of its
first fifteen characters as written (`salesforce_id_problem`).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "is_salesforce_id",
    "salesforce_id_15",
    "salesforce_id_18",
    "salesforce_id_key",
    "salesforce_id_problem",
]

_SUFFIX_CHARACTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_ID_SHAPE: Final = re.compile(r"[0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?")


def is_salesforce_id(value: str, /) -> bool:
    """Whether *value* has the shape of a Salesforce id: 15 or 18 letters and
    digits (an 18-character one may still have a wrong suffix, see
    `salesforce_id_problem`).

    >>> is_salesforce_id("00Q000000000001"), is_salesforce_id("lead-1")
    (True, False)
    """
    return _ID_SHAPE.fullmatch(value) is not None


# Each character of an id as "1" when upper case, else "0": the suffix
# encodes these bits, five characters at a time, the first the lowest bit.
_CASE_BITS: Final = str.maketrans(
    {
        **{chr(c): "1" for c in range(ord("A"), ord("Z") + 1)},
        **{chr(c): "0" for c in range(ord("a"), ord("z") + 1)},
        **{chr(c): "0" for c in range(ord("0"), ord("9") + 1)},
    }
)


def _suffix(first15: str) -> str:
    # One C-level translation and three int() calls, not a Python loop
    # over fifteen characters: readers check every id they read (DUP-7).
    bits = first15.translate(_CASE_BITS)[::-1]  # bit 0 last, for int(_, 2)
    return (
        _SUFFIX_CHARACTERS[int(bits[10:15], 2)]
        + _SUFFIX_CHARACTERS[int(bits[5:10], 2)]
        + _SUFFIX_CHARACTERS[int(bits[0:5], 2)]
    )


def salesforce_id_18(value: str, /) -> str:
    """The 18-character form of the 15- or 18-character id *value* (an
    18-character id is returned as it is, its suffix not checked).

    Raises `ValueError` for anything else.

    >>> salesforce_id_18("00Q000000000001")
    '00Q000000000001EAA'

    (``Q``, the third character, is the one capital: bit 2 of the first
    block of five, ``E``; the other blocks have none, ``A``.)
    """
    if len(value) == 18 and is_salesforce_id(value):
        return value
    if len(value) != 15 or not is_salesforce_id(value):
        raise ValueError(f"not a 15- or 18-character Salesforce id: {value!r}")
    return value + _suffix(value)


def salesforce_id_15(value: str, /) -> str:
    """The case-sensitive 15-character form of the id *value*.

    >>> salesforce_id_15("001A000001abcdeIAA")
    '001A000001abcde'

    Raises `ValueError` for anything that is no 15- or 18-character id.
    """
    if not is_salesforce_id(value):
        raise ValueError(f"not a 15- or 18-character Salesforce id: {value!r}")
    return value[:15]


def salesforce_id_key(value: str, /) -> str:
    """What the library compares Salesforce ids by (DUP-7): the
    18-character form of a 15- or 18-character id (its suffix in capitals,
    since the suffix is not case-sensitive); any other text (ids made up in
    tests, other systems' keys) as it is.

    >>> salesforce_id_key("00Q000000000001eaa")
    '00Q000000000001EAA'
    >>> salesforce_id_key("lead-1")
    'lead-1'
    """
    if len(value) == 15 and is_salesforce_id(value):
        return value + _suffix(value)
    if len(value) == 18 and is_salesforce_id(value):
        return value[:15] + value[15:].upper()
    return value


def salesforce_id_problem(value: str, /) -> str | None:
    """Why *value* is not a usable Salesforce id, or ``None``: an
    18-character id whose last three characters do not encode the case of
    its first fifteen is invalid (DUP-7). Other text is not judged here.

    >>> salesforce_id_problem("00Q000000000001EAA") is None
    True
    >>> print(salesforce_id_problem("00Q000000000001EAB"))  # doctest: +ELLIPSIS
    an 18-character Salesforce id whose last three ... (expected '00Q000000000001EAA')
    """
    if len(value) != 18 or not is_salesforce_id(value):
        return None
    expected = value[:15] + _suffix(value[:15])
    if value[15:].upper() == expected[15:]:
        return None
    return (
        "an 18-character Salesforce id whose last three characters do not "
        f"match its first fifteen (expected {expected!r})"
    )
