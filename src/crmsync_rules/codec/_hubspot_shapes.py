"""Which HubSpot shape a document is, by its content (`classify`).

- CRM v3 list pages (``results``, ``paging.next.after``; the last page has
  no ``paging``), search responses (``total``) and batch-read responses
  (``status``, ``results``, ``errors``) of contacts, companies or deals;
- owners pages (``/crm/v3/owners``: ``results`` of ``{id, email,
  firstName, ...}`` without ``properties``);
- associations: v4 batch read (``results: [{from: {id}, to: [{toObjectId,
  associationTypes}]}]``) and v3 batch read (``to: [{id, type}]``);
- properties-API responses (``/crm/v3/properties/{objectType}``:
  ``results: [{name, label, type, fieldType}]``);
- the UI's CSV exports (a "Record ID" column);
- an export manifest (``{"pages": [{"file", "object", "after", "next"}]}``).

A page's object is told by its records' properties (`OBJECT_KEYS`: a
contact has ``email``, ``firstname``...; a company ``domain``; a deal
``dealname``, ``dealstage``), then by its records' ``associations`` (a
record is never associated with its own kind here), then by its file name
("contacts-2.json").
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Final, Literal, cast

import attrs

from crmsync_rules.model._hubspot import HubSpotObject

from ._exports import Document
from ._hubspot_csv import csv_header, csv_object_of

__all__ = [
    "OBJECT_KEYS",
    "Shape",
    "classify",
    "name_hint",
    "object_of_records",
    "objects_shape",
    "page_number",
]

_C, _CO, _D = HubSpotObject.CONTACT, HubSpotObject.COMPANY, HubSpotObject.DEAL

OBJECT_KEYS: Final[Mapping[HubSpotObject, frozenset[str]]] = {
    _C: frozenset(
        {
            "email",
            "firstname",
            "lastname",
            "hs_email_optout",
            "salesforceleadid",
            "salesforcecontactid",
            "jobtitle",
            "lastmodifieddate",
            "associatedcompanyid",
            "mobilephone",
        }
    ),
    _CO: frozenset(
        {"domain", "salesforceaccountid", "numberofemployees", "industry", "is_public"}
    ),
    _D: frozenset(
        {
            "dealname",
            "dealstage",
            "pipeline",
            "amount",
            "salesforceopportunityid",
            "hs_is_closed",
            "dealtype",
        }
    ),
}
_SAMPLE: Final = 50
# The items `peek` parses to tell a document's shape: a page's records all
# have the properties that were asked for, so a few tell its object, and a
# page of 100 (the API's largest) is not half parsed twice.
_PEEK_ITEMS: Final = 8
# Fields of an owner (GET /crm/v3/owners) that no CRM object has at its top.
_OWNER_KEYS: Final = frozenset(
    {
        "firstName",
        "lastName",
        "userId",
        "userIdIncludingInactive",
        "teams",
        "type",
        "archived",
    }
)
_WORDS: Final = (("contact", _C), ("compan", _CO), ("deal", _D))
_NUMBER: Final = re.compile(r"(?:^|[-_. ])(?:page[-_ ]?)?(\d{1,6})$", re.IGNORECASE)

Kind = Literal[
    "objects", "owners", "associations", "properties", "manifest", "ui", "broken"
]


@attrs.frozen(kw_only=True)
class Shape:
    """What a document is: its *kind*, its object where it has one, its
    variant (``list``, ``search``, ``batch``; ``v3``, ``v4`` for
    associations) and how a person names it."""

    kind: Kind
    object_type: HubSpotObject | None = None
    variant: str = ""
    description: str


def _basename(source: str) -> str:
    return re.split(r"[\\/]", source)[-1].lower()


def name_hint(source: str) -> list[HubSpotObject]:
    """The objects a file's name names, in the order it names them
    ("contacts_to_companies.json": contacts, companies)."""
    name = _basename(source)
    found = sorted(
        (name.find(word), object_type) for word, object_type in _WORDS if word in name
    )
    return [object_type for _, object_type in found]


def page_number(source: str) -> int | None:
    """The page number a file's name ends with ("contacts-2.json",
    "deals_page_003.json"), if any."""
    stem = _basename(source).rsplit(".", 1)[0]
    match = _NUMBER.search(stem)
    return int(match.group(1)) if match else None


def object_of_records(items: Sequence[object]) -> tuple[HubSpotObject | None, str]:
    """The object a page's records are, told by their properties, else
    their associations; and the keys that told it."""
    scores = dict.fromkeys(OBJECT_KEYS, 0)
    told: dict[HubSpotObject, set[str]] = {
        object_type: set() for object_type in OBJECT_KEYS
    }
    linked: set[str] = set()
    # A page's records mostly have the same keys: each set of keys is
    # scored once, times the records that have it.
    groups: dict[tuple[tuple[str, ...] | None, tuple[str, ...]], int] = {}
    for item in items[:_SAMPLE]:
        if not isinstance(item, Mapping):
            continue
        props = item.get("properties")
        associations = item.get("associations")
        group = (
            tuple(props) if isinstance(props, Mapping) else None,
            tuple(associations) if isinstance(associations, Mapping) else (),
        )
        groups[group] = groups.get(group, 0) + 1
    for (names, associated), count in groups.items():
        if names is not None:
            keys = set(names)
            if "name" in keys and not keys & {"firstname", "lastname", "dealname"}:
                scores[_CO] += count  # a company's name; contacts and deals have none
                told[_CO].add("name")
            for object_type, distinctive in OBJECT_KEYS.items():
                hits = keys & distinctive
                scores[object_type] += len(hits) * count
                told[object_type] |= hits
        linked.update(associated)
    best = max(scores.values())
    winners = [t for t, score in scores.items() if score == best]
    if best and len(winners) == 1:
        return winners[0], ", ".join(sorted(told[winners[0]]))
    unlinked = [t for t in OBJECT_KEYS if t.value not in linked]
    if linked and len(unlinked) == 1:
        return unlinked[0], f"associations with {', '.join(sorted(linked))}"
    return None, ""


def _looks_broken(head: bytes) -> bool:
    return b'"results"' in head and (
        b'"properties"' in head or b'"paging"' in head or b'"toObjectId"' in head
    )


def classify(document: Document) -> Shape | None:
    """The HubSpot shape *document* is, or ``None`` (told once per
    document: the command line asks twice, to pick the reader and in it)."""
    if "hubspot" in document.memo:
        return cast("Shape | None", document.memo["hubspot"])
    shape = document.memo["hubspot"] = _classify(document)
    return shape


def _classify(document: Document) -> Shape | None:
    if document.kind == "csv":
        # The header line is enough: the file is not decoded whole to say.
        head = document.head(1 << 16).decode("utf-8-sig", errors="replace")
        found = csv_header(head)
        if found is None:
            return None
        object_type = csv_object_of(found[1])
        if object_type is None:
            hints = name_hint(document.source)
            object_type = hints[0] if len(hints) == 1 else None
        what = object_type.value if object_type else "an object it does not name"
        return Shape(
            kind="ui",
            object_type=object_type,
            variant="ui",
            description=f"HubSpot UI export of {what} (CSV)",
        )
    if document.kind != "json":
        return None
    view = peek(document)
    if view is None:
        return _broken(document)
    return classify_json(view, document.source)


def _broken(document: Document) -> Shape | None:
    if _looks_broken(document.head()):
        return Shape(
            kind="broken",
            description="HubSpot API page, not valid JSON (a truncated download?)",
        )
    return None


_DECODER: Final = json.JSONDecoder()
_SPACE: Final = re.compile(r"[ \t\n\r]*")
_PEEK: Final = 1 << 16
_LISTS: Final = frozenset({"results", "pages"})


class _Cut(Exception):
    """The head ends before the value does."""


class _Enough(Exception):
    """The sample is full: the rest need not be read."""


def peek(document: Document) -> dict[str, object] | None:
    """What a JSON document's first 64 KB say: its top-level keys whose
    values end there, and the first items of its ``results`` (or
    ``pages``): enough to tell its shape without parsing (or holding) a
    page dump of hundreds of MB. ``None`` when it is no JSON object, or a
    whole document (shorter than the head) that does not parse."""
    data = document.head(_PEEK + 1)
    whole = len(data) <= _PEEK
    text = data[:_PEEK].decode("utf-8-sig", errors="ignore")
    view: dict[str, object] = {}
    try:
        _object(text, view)
    except _Enough:
        pass
    except _Cut:
        if whole:
            return None
    except (ValueError, IndexError):
        return None
    # A page that parses here may still be cut after its first items: the
    # reader, which parses it whole, says so.
    return view


def _object(text: str, view: dict[str, object]) -> None:
    """Read the top-level object of *text* into *view*, lists of
    `_LISTS` up to `_PEEK_ITEMS` items; raises `_Cut` where *text* ends."""

    def space(pos: int) -> int:
        end = _SPACE.match(text, pos)
        assert end is not None
        if end.end() >= len(text):
            raise _Cut
        return end.end()

    def value(pos: int) -> tuple[object, int]:
        try:
            return _DECODER.raw_decode(text, pos)
        except ValueError:
            raise _Cut from None  # cut by the head, or invalid: see `peek`

    pos = space(0)
    if text[pos] != "{":
        raise ValueError("not an object")
    pos = space(pos + 1)
    while text[pos] != "}":
        key, pos = value(pos)
        pos = space(pos)
        if not isinstance(key, str) or text[pos] != ":":
            raise ValueError("not an object")
        pos = space(pos + 1)
        if key in _LISTS and text[pos] == "[":
            items: list[object] = []
            view[key] = items
            pos = space(pos + 1)
            while text[pos] != "]":
                item, pos = value(pos)
                items.append(item)
                if len(items) >= _PEEK_ITEMS:
                    raise _Enough
                pos = space(pos)
                if text[pos] == ",":
                    pos = space(pos + 1)
            pos += 1
        else:
            view[key], pos = value(pos)
        pos = space(pos)
        if text[pos] == ",":
            pos = space(pos + 1)


def classify_json(whole: object, source: str) -> Shape | None:
    """The HubSpot shape of the JSON value *whole*, or ``None``."""
    if not isinstance(whole, Mapping):
        return None
    pages = whole.get("pages")
    if isinstance(pages, list) and all(
        isinstance(p, Mapping) and "file" in p for p in pages
    ):
        objects = {p.get("object") for p in pages}
        if objects & {t.value for t in HubSpotObject}:
            return Shape(kind="manifest", description="export manifest (HubSpot pages)")
        return None
    results = whole.get("results")
    if not isinstance(results, list) or "records" in whole or "totalSize" in whole:
        return None
    sample = [item for item in results[:_SAMPLE] if isinstance(item, Mapping)]
    hints = name_hint(source)
    name = _basename(source)
    if any("from" in item and "to" in item for item in sample) or (
        not sample and ("association" in name or "_to_" in name)
    ):
        v4 = any(
            isinstance(item.get("to"), list)
            and any(isinstance(t, Mapping) and "toObjectId" in t for t in item["to"])
            for item in sample
        )
        variant = "v4" if v4 else "v3"
        return Shape(
            kind="associations",
            variant=variant,
            description=f"HubSpot associations ({variant} batch read)",
        )
    if any({"name", "type", "fieldType"} <= set(item) for item in sample) or (
        not sample and "propert" in name
    ):
        everything = [item for item in results if isinstance(item, Mapping)]
        object_type = _properties_object(everything, hints)
        what = object_type.value if object_type else "an object it does not name"
        return Shape(
            kind="properties",
            object_type=object_type,
            description=f"HubSpot properties of {what} (/crm/v3/properties)",
        )
    if any(
        "email" in item and "properties" not in item and (_OWNER_KEYS & set(item))
        for item in sample
    ) or (not sample and "owner" in name):
        return Shape(kind="owners", description="HubSpot owners page (/crm/v3/owners)")
    if sample and not any(
        "properties" in item or "propertiesWithHistory" in item for item in sample
    ):
        return None
    object_type, _ = object_of_records(sample)
    if object_type is None and len(hints) == 1:
        object_type = hints[0]
    return objects_shape(whole, object_type)


def objects_shape(
    envelope: Mapping[str, object], object_type: HubSpotObject | None
) -> Shape:
    """The shape of a page of objects with *envelope*: a batch read has a
    ``status``, a search response a ``total``, a list page neither."""
    if "status" in envelope:
        variant, noun = "batch", "batch-read response"
    elif "total" in envelope:
        variant, noun = "search", "search response"
    else:
        variant, noun = "list", "list page"
    what = object_type.value if object_type else "an object it does not name"
    return Shape(
        kind="objects",
        object_type=object_type,
        variant=variant,
        description=f"HubSpot CRM v3 {noun} of {what}",
    )


_GROUPS: Final = {
    "contactinformation": _C,
    "companyinformation": _CO,
    "dealinformation": _D,
}


def _properties_object(
    sample: Sequence[Mapping[str, object]], hints: Sequence[HubSpotObject]
) -> HubSpotObject | None:
    """The object a properties-API response describes: by its default
    property groups ("contactinformation"), else its file name."""
    counts = dict.fromkeys(_GROUPS.values(), 0)
    for item in sample:
        group = item.get("groupName")
        if isinstance(group, str) and group in _GROUPS:
            counts[_GROUPS[group]] += 1
    best = max(counts.values())
    winners = [t for t, n in counts.items() if n == best]
    if best and len(winners) == 1:
        return winners[0]
    return hints[0] if len(hints) == 1 else None
