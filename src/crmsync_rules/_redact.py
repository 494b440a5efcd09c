"""Redaction: plans and explanations without personal data, for support
tickets.

A plan's reasons quote email addresses and people's names, because "which
record, and what was wrong with it?" is what a user asks. Before a plan
leaves the building, `redact` replaces every email address's local part and
every word of a person's name (the first and last names of HubSpot contacts
and owners, Salesforce leads, contacts and users, and person accounts' names
and emails) with a pseudonym: a keyed hash of the value, so one value gets
one pseudonym for as long as the key is the same, and nothing can be
recovered without the key. Domains, ids, rule IDs, company, deal, queue and
inclusion-list names are kept: they are not about a person, and support
needs them to follow a decision. The core holds no randomness: the caller
passes the key in (the command line draws a new one per run).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, Final, Literal, TypeVar, cast

import attrs

from .model._catalogue import Reason
from .model._hubspot import HubSpotContact, HubSpotOwner
from .model._kinds import RECORD_KINDS
from .model._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceUser,
)
from .rules._field_results import MappedField
from .rules._fm_values import FieldValue, FieldWrite
from .rules._lint import Finding

__all__ = ["Redactor", "redact"]

T = TypeVar("T")

# A Python escape as repr() writes it: reasons quote values with !r, so a tab
# or a zero-width space in an address reaches the text as "\t" or "\u200b".
_ESCAPE: Final = r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[tnr\\'])"
# RFC 5322 atext plus dots, any Unicode letter or digit (SMTPUTF8) and the
# combining marks of decomposed letters (a + U+0308 for a-umlaut).
_MARKS: Final = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_ATEXT: Final = rf"[\w{_MARKS}!#$%&'*+/=?^`{{|}}~.-]"
_DOMAIN: Final = r"[^\s'\"@,;()<>\[\]\\]*"
# One scan over the text: an address (its local part, possibly holding '@'
# itself, then its domain, which is kept), or a word. The local part must
# start where no other local-part character precedes it, or a part of it
# would slip through. Leading quotes are kept as they are: in 'jan@x.nl' the
# quote is repr's, in "'jan@x.nl" the address's, and the text cannot tell.
_TOKENS: Final = re.compile(
    rf"(?<![\w{_MARKS}!#$%&*+/=?^`{{|}}~.\\-])"
    rf"(?P<local>(?:{_ESCAPE}|{_ATEXT})+"
    rf"(?:@(?:{_ESCAPE}|{_ATEXT})+)*)"
    rf"(?P<domain>@{_DOMAIN})"
    r"|(?P<word>\w+)"
)
_WORD: Final = re.compile(r"\w+")
# Already redacted: redacting twice changes nothing.
_PSEUDONYM: Final = re.compile(r"email_[0-9a-f]{10}")
_ESCAPES: Final = re.compile(_ESCAPE)
_SIMPLE_ESCAPES: Final = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\", "'": "'"}

# The codec's problems quote the offending value ("got str 'Jan' @
# $.first_name"). A line that could not be read taught the redactor nothing,
# so values of personal fields, whole lines and whole list items are hidden
# by their path.
_PROBLEM_VALUE: Final = re.compile(r"got (?P<value>.+?) @ \$(?P<path>[^\s;]*)")
_PERSONAL_FIELDS: Final = frozenset(
    {
        "email",
        "first_name",
        "last_name",
        "full_name",
        "name",
        "person_email",
        "firstname",
        "lastname",
        "personemail",
    }
)
_PATH_KEY: Final = re.compile(r"[.\[]'?(?P<key>[^.\[\]']+)'?\]?$")

_NAME_FIELDS: Final = {
    HubSpotContact: ("first_name", "last_name"),
    HubSpotOwner: ("first_name", "last_name"),
    SalesforceLead: ("first_name", "last_name"),
    SalesforceContact: ("first_name", "last_name"),
    SalesforceUser: ("first_name", "last_name", "full_name"),
    SalesforceAccount: ("first_name", "last_name"),
}
_EMAIL_FIELDS: Final = {kind.cls: kind.email_field for kind in RECORD_KINDS}


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        escape = match.group()[1:]
        if escape[0] not in "xuU":
            return _SIMPLE_ESCAPES[escape]
        code = int(escape[1:], 16)
        # Text that only looks like repr's (\UFFFFFFFF) stays as it is.
        return chr(code) if code <= 0x10FFFF else match.group()

    return _ESCAPES.sub(one, text)


def _words(value: str) -> set[str]:
    """The words of *value* as it is and as repr() quotes it, case-folded."""
    return {w.casefold() for text in (value, repr(value)) for w in _WORD.findall(text)}


def _whole_address(value: str) -> bool:
    """Whether the scan sees *value* (and its repr) as one address;
    surrounding whitespace is outside the address either way."""
    value = value.strip()
    for text in (value, repr(value)[1:-1]):
        match = _TOKENS.match(text)
        if match is None or match.group("domain") is None or match.end() != len(text):
            return False
    return True


@attrs.frozen(kw_only=True)
class Redactor:
    """Replaces personal data in text with pseudonyms.

    ``key`` keys the hash behind every pseudonym: one key, one pseudonym per
    value; keep it secret and draw a new one for each plan you share.
    ``words`` are the case-folded words of the people's names (and of email
    values that are not recognisable addresses) that `text` replaces
    wherever they appear as whole words. Build one with `Redactor.of`.
    """

    key: bytes = attrs.field(repr=False)
    words: frozenset[str] = frozenset()

    @classmethod
    def of(cls, records: Iterable[object], /, *, key: bytes) -> Redactor:
        """A redactor for the people of *records* (any records; those
        without names or emails add nothing).

        >>> from crmsync_rules import HubSpotContact
        >>> contact = HubSpotContact(id="1", first_name="Jan", last_name="de Vries")
        >>> sorted(Redactor.of([contact], key=b"k").words)
        ['de', 'jan', 'vries']
        """
        words: set[str] = set()
        for record in records:
            for field in _NAME_FIELDS.get(type(record), ()):
                value = getattr(record, field)
                if value is not None:
                    words |= _words(value)
            if isinstance(record, SalesforceAccount) and record.is_person_account:
                # A person account's name is the person's.
                words |= _words(record.name or "")
            email_field = _EMAIL_FIELDS.get(type(record))
            email = getattr(record, email_field) if email_field else None
            if email is not None and not _whole_address(email):
                words |= _words(email)
        return cls(key=key, words=frozenset(words))

    def pseudonym(self, value: str, /, *, kind: Literal["email", "name"]) -> str:
        """The pseudonym of *value*, an email local part or a name word.

        Spellings of one value share it: escapes are decoded, surrounding
        whitespace (and a local part's leading quotes, which text cannot
        tell from repr's) is dropped and case is folded, as `email_key`
        does.

        >>> redactor = Redactor(key=b"k")
        >>> redactor.pseudonym("Jan", kind="name")
        'name_36d0d837a2'
        >>> redactor.pseudonym(" jan", kind="name")
        'name_36d0d837a2'
        """
        value = _unescape(value).strip()
        if kind == "email":
            value = value.lstrip("'")
        normal = unicodedata.normalize("NFC", value.casefold())
        message = f"{kind}:{normal}".encode("utf-8", "surrogatepass")
        digest = hmac.new(self.key, message, hashlib.sha256).hexdigest()
        return f"{kind}_{digest[:10]}"

    def text(self, text: str, /) -> str:
        """*text* with every email local part and every name word replaced
        by its pseudonym; domains and everything else kept.

        >>> redactor = Redactor(key=b"k", words=frozenset({"jan"}))
        >>> redactor.text("Contact '501' (Jan, 'Jan@vries.nl') syncs.")
        "Contact '501' (name_36d0d837a2, 'email_958c361ce3@vries.nl') syncs."
        """
        text = _PROBLEM_VALUE.sub(_hide_problem_value, text)
        # Most sentences name nobody: finding that out first, word by word
        # as `_replace` folds them, spares the scan's call per word.
        words = map(str.casefold, _WORD.findall(text))
        if "@" not in text and self.words.isdisjoint(words):
            return text
        return _TOKENS.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        word = match.group("word")
        if word is not None:
            if word.casefold() in self.words:
                return self.pseudonym(word, kind="name")
            return word
        local = match.group("local")
        bare = local.lstrip("'")
        quotes = local[: len(local) - len(bare)]
        if not _PSEUDONYM.fullmatch(bare):
            bare = self.pseudonym(bare, kind="email")
        return quotes + bare + match.group("domain")


def _hide_problem_value(match: re.Match[str]) -> str:
    path = match.group("path")
    # A sentence may end right after the path.
    key = _PATH_KEY.search(path.rstrip("."))
    field = key.group("key").lower() if key is not None else ""
    # A whole line or a whole record (a list item) may hold anything.
    if field and not field.isdigit() and field not in _PERSONAL_FIELDS:
        return match.group()
    return f"got a redacted value @ ${path}"


def redact(value: T, /, *, redactor: Redactor) -> T:
    """*value* with personal data replaced by pseudonyms (see `Redactor`).

    *value* is a `SyncPlan`, a `PlanEntry`, a `Finding`, a `Reason`, any
    frozen result holding reasons, or text such as ``crmsync-rules explain``
    prints. Only sentences change (reasons' and findings' ``detail``, a
    finding's ``fix``, text); ids, actions and counts are kept.

    >>> from crmsync_rules import Reason
    >>> reason = Reason(rule="DUP-1", detail="Lead '00Q1' has email 'ada@acme.com'.")
    >>> redact(reason, redactor=Redactor(key=b"k")).detail
    "Lead '00Q1' has email 'email_ae95c0dad3@acme.com'."
    """
    if isinstance(value, str):
        return cast(T, redactor.text(value))
    return cast(T, _redact(value, redactor))


def _redact(value: object, redactor: Redactor) -> object:
    # Strings below the top are ids, rule IDs and enum values: kept.
    if isinstance(value, Reason):
        return attrs.evolve(value, detail=redactor.text(value.detail))
    if isinstance(value, Finding):
        return attrs.evolve(
            value, detail=redactor.text(value.detail), fix=redactor.text(value.fix)
        )
    if isinstance(value, FieldWrite):
        # A field's value is personal data as much as a sentence is.
        return attrs.evolve(
            value,
            value=_redact_value(value.value, redactor),
            reason=redact(value.reason, redactor=redactor),
        )
    if isinstance(value, MappedField):
        return attrs.evolve(
            value,
            hubspot_before=_redact_value(value.hubspot_before, redactor),
            salesforce_before=_redact_value(value.salesforce_before, redactor),
            hubspot_after=_redact_value(value.hubspot_after, redactor),
            salesforce_after=_redact_value(value.salesforce_after, redactor),
            writes=redact(value.writes, redactor=redactor),
            reasons=redact(value.reasons, redactor=redactor),
        )
    if isinstance(value, tuple):
        return tuple(_redact(item, redactor) for item in value)
    if attrs.has(type(value)):
        instance: Any = value
        changes: dict[str, object] = {}
        for field in attrs.fields(type(instance)):
            item = getattr(value, field.name)
            if isinstance(item, tuple) or attrs.has(type(item)):
                changes[field.name.lstrip("_")] = _redact(item, redactor)
        return attrs.evolve(instance, **changes) if changes else value
    return value


def _redact_value(value: FieldValue, redactor: Redactor) -> FieldValue:
    """A field's value: text as `Redactor.text` rewrites it."""
    if isinstance(value, str):
        return redactor.text(value)
    if isinstance(value, tuple):
        return tuple(redactor.text(item) for item in value)
    return value
