"""Email addresses that `email_key` accepts, and other spellings of one
address (mixed case, NFD, surrounding whitespace)."""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Sequence
from typing import Final

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from crmsync_rules.model._email import EmailKey, email_key

from ._blocks import BOOLEANS, MASKS

# Characters of a dot-atom local part (RFC 5322 atext) that CRM data really
# holds; ``'`` for O'Brien, ``+`` for tags. Unicode letters only with idn=True.
_LOCAL_ASCII: Final = string.ascii_lowercase + string.digits + "+_-'"
_LOCAL_UNICODE: Final = "éèäöüøåñçßłžıωжя"
# Domain labels per script: IDNA 2008 refuses some mixtures (bidi, joiners),
# so a label keeps to one script.
_LABEL_SCRIPTS: Final = (
    string.ascii_lowercase + string.digits,
    "abcdefghijklmnopqrstuvwxyzäöüéèçñøåß",
    "абвгдежзиклмнопрстуфхцчшэюя",
    "αβγδεζηθικλμνξοπρστυφχψωά",
)
_CJK_LABELS: Final = ("例え", "中国", "日本語", "テスト")
# Real TLDs only: email-validator refuses the special-use ones (.test,
# .local, .invalid, .onion, localhost).
_ASCII_TLDS: Final = ("com", "org", "net", "nl", "de", "fr", "io", "co.uk", "jp")
_IDN_TLDS: Final = ("рф", "中国", "香港")
_WHITESPACE: Final = ("", " ", "  ", "\t", "\n", "\u00a0")


def _atom(alphabet: str) -> SearchStrategy[str]:
    return st.text(alphabet, min_size=1, max_size=10)


def _label(alphabet: str) -> SearchStrategy[str]:
    # Hyphens only between characters, and never two: "ab--c" is refused
    # unless it is Punycode.
    part = st.text(alphabet, min_size=1, max_size=8)
    return st.lists(part, min_size=1, max_size=2).map("-".join)


def _dot_atoms(alphabet: str) -> SearchStrategy[str]:
    return st.lists(_atom(alphabet), min_size=1, max_size=3).map(".".join)


def _domains(labels: SearchStrategy[str], tlds: Sequence[str]) -> SearchStrategy[str]:
    return st.builds(
        lambda names, tld: ".".join([*names, tld]),
        st.lists(labels, min_size=1, max_size=2),
        st.sampled_from(tlds),
    )


_ASCII_LOCAL: Final = _dot_atoms(_LOCAL_ASCII)
_IDN_LOCAL: Final = _dot_atoms(_LOCAL_ASCII + _LOCAL_UNICODE)
_ASCII_DOMAINS: Final = _domains(_label(_LABEL_SCRIPTS[0]), _ASCII_TLDS)
_IDN_DOMAINS: Final = _domains(
    st.one_of([_label(script) for script in _LABEL_SCRIPTS[1:]])
    | st.sampled_from(_CJK_LABELS),
    _ASCII_TLDS + _IDN_TLDS,
)
_ADDRESSES: Final = {
    False: st.builds("{}@{}".format, _ASCII_LOCAL, _ASCII_DOMAINS),
    True: st.builds("{}@{}".format, _IDN_LOCAL, _ASCII_DOMAINS | _IDN_DOMAINS),
}
_FLIPS: Final = st.sampled_from(("keep", "upper", "lower", "mixed"))
_PADDING: Final = st.sampled_from(_WHITESPACE)


def spell(draw: DrawFn, address: str) -> str:
    # Only ASCII letters change case: the dotless i upper-cases to "I",
    # whose key differs.
    flip = draw(_FLIPS)
    if flip == "upper":
        address = "".join(c.upper() if c.isascii() else c for c in address)
    elif flip == "lower":
        address = "".join(c.lower() if c.isascii() else c for c in address)
    elif flip == "mixed":
        mask = draw(MASKS)
        address = "".join(
            c.swapcase() if c.isascii() and mask >> (i % 64) & 1 else c
            for i, c in enumerate(address)
        )
    if not address.isascii() and draw(BOOLEANS):
        address = unicodedata.normalize("NFD", address)
    return f"{draw(_PADDING)}{address}{draw(_PADDING)}"


@st.composite
def _spelling(draw: DrawFn, address: str) -> str:
    return spell(draw, address)


def email_spellings(address: str, /) -> SearchStrategy[str]:
    """Other spellings of *address* with the same `email_key`: ASCII letters
    in another case, Unicode decomposed (NFD), surrounding whitespace (spaces,
    tab, newline, no-break space). Use it to make duplicates (DUP-1)."""
    return _spelling(address)


def email_addresses(*, idn: bool = True, variants: bool = True) -> SearchStrategy[str]:
    """Email addresses that `email_key` accepts.

    *idn* adds Unicode local parts and internationalised domains (Latin,
    Cyrillic, Greek and CJK labels; Unicode TLDs). *variants* adds other
    spellings of an address (see `email_spellings`): mixed case, NFD,
    surrounding whitespace. Special-use domains (``.test``, ``.local``) and
    quoted local parts never appear: email-validator refuses them.
    """
    return _spelled_addresses(_ADDRESSES[idn]) if variants else _ADDRESSES[idn]


@st.composite
def _spelled_addresses(draw: DrawFn, addresses: SearchStrategy[str]) -> str:
    # A composite, not base.flatmap(email_spellings): Hypothesis shrinks
    # through flatmap slowly, and test authors shrink a lot of addresses.
    address = draw(addresses)
    return spell(draw, address) if draw(BOOLEANS) else address


def email_keys() -> SearchStrategy[EmailKey]:
    return email_addresses(variants=False).map(email_key)
