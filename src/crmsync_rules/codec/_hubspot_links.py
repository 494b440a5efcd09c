"""Associations as the APIs return them, placed on the records the model
keeps them on (a contact's companies; a deal's companies and contacts),
whichever direction a document reads them in.

- v4 batch read (``POST /crm/v4/associations/{from}/{to}/batch/read``):
  ``results: [{from: {id}, to: [{toObjectId, associationTypes: [{category,
  typeId, label}]}]}]``, placed by the HubSpot-defined ``typeId``
  (`ASSOCIATION_TYPE_IDS`);
- v3 batch read: ``to: [{id, type: "contact_to_company"}]``, placed by the
  type's name;
- else by the file's name ("contacts_to_companies.json").

``contact_to_company`` (type 1, the primary company) and its
``contact_to_company_unlabeled`` twin (279) are one association: the
primary one says which company comes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from crmsync_rules.model._hubspot import HubSpotObject

from ._hubspot_pages import next_cursor
from ._hubspot_shapes import name_hint
from ._json import short

__all__ = [
    "ASSOCIATION_TYPE_IDS",
    "Links",
    "fold_links",
    "holder",
    "link",
    "read_links",
]

_C, _CO, _D = HubSpotObject.CONTACT, HubSpotObject.COMPANY, HubSpotObject.DEAL
ASSOCIATION_TYPE_IDS: Final[Mapping[int, tuple[HubSpotObject, HubSpotObject, bool]]] = {
    1: (_C, _CO, True),
    279: (_C, _CO, False),
    2: (_CO, _C, True),
    280: (_CO, _C, False),
    3: (_D, _C, False),
    4: (_C, _D, False),
    5: (_D, _CO, True),
    341: (_D, _CO, False),
    6: (_CO, _D, True),
    342: (_CO, _D, False),
}
"""HubSpot-defined association type ids (``GET
/crm/v4/associations/{from}/{to}/labels``): (from, to, primary?)."""


def _singular(word: str) -> HubSpotObject | None:
    return {
        "contact": HubSpotObject.CONTACT,
        "company": HubSpotObject.COMPANY,
        "deal": HubSpotObject.DEAL,
    }.get(word)


def link(
    target: object, pair: tuple[HubSpotObject, HubSpotObject] | None
) -> tuple[HubSpotObject, HubSpotObject, str, bool] | None:
    """(from object, to object, to id, primary) of one association target,
    placed by its HubSpot-defined type (v4 ``typeId``, v3 ``type``), else by
    the file name's pair of objects."""
    if not isinstance(target, Mapping):
        return None
    to_id = target.get("toObjectId", target.get("id"))
    if isinstance(to_id, bool) or not isinstance(to_id, (str, int)) or to_id == "":
        return None
    to_id = str(to_id)
    types = target.get("associationTypes")
    if isinstance(types, list):
        placed = [
            ASSOCIATION_TYPE_IDS[t["typeId"]]
            for t in types
            if isinstance(t, Mapping)
            and t.get("category", "HUBSPOT_DEFINED") == "HUBSPOT_DEFINED"
            and t.get("typeId") in ASSOCIATION_TYPE_IDS
        ]
        if placed:
            from_type, to_type, _ = placed[0]
            return from_type, to_type, to_id, any(p[2] for p in placed)
    kind = target.get("type")
    if isinstance(kind, str) and "_to_" in kind:
        head, _, tail = kind.partition("_to_")
        unlabeled = tail.endswith("_unlabeled")
        start, end = _singular(head), _singular(tail.removesuffix("_unlabeled"))
        if start and end:
            primary = not unlabeled and HubSpotObject.COMPANY in (start, end)
            return start, end, to_id, primary
    if pair is not None:
        return pair[0], pair[1], to_id, False
    return None


def holder(
    from_type: HubSpotObject, from_id: str, to_type: HubSpotObject, to_id: str
) -> tuple[tuple[HubSpotObject, str] | None, str, str]:
    """Which record keeps a link between *from* and *to*, the id it keeps
    and in which field."""
    c, co, d = HubSpotObject.CONTACT, HubSpotObject.COMPANY, HubSpotObject.DEAL
    ends = {from_type: from_id, to_type: to_id}
    if set(ends) == {c, co}:
        return (c, ends[c]), ends[co], "company_ids"
    if set(ends) == {d, co}:
        return (d, ends[d]), ends[co], "company_ids"
    if set(ends) == {d, c}:
        return (d, ends[d]), ends[c], "contact_ids"
    return None, "", ""


def fold_links(
    records: dict[HubSpotObject, list[Any]],
    links: Mapping[
        tuple[HubSpotObject, str], Sequence[tuple[HubSpotObject, str, bool]]
    ],
) -> dict[HubSpotObject, list[Any]]:
    """The records with the associations documents give them, both
    directions folded into the one the model keeps (a contact's
    companies, a deal's companies and contacts)."""
    if not links:
        return records
    extra: dict[tuple[HubSpotObject, str], dict[str, tuple[list[str], list[str]]]] = {}
    for (from_type, from_id), targets in links.items():
        for to_type, to_id, primary in targets:
            keeper, held, field = holder(from_type, from_id, to_type, to_id)
            if keeper is None:
                continue
            first, rest = extra.setdefault(keeper, {}).setdefault(field, ([], []))
            (first if primary else rest).append(held)
    out: dict[HubSpotObject, list[Any]] = {}
    for object_type, items in records.items():
        updated = []
        for record in items:
            fields = extra.get((object_type, record.id))
            if not fields:
                updated.append(record)
                continue
            changes = {
                field: tuple(dict.fromkeys([*first, *getattr(record, field), *rest]))
                for field, (first, rest) in fields.items()
            }
            updated.append(attrs.evolve(record, **changes))
        out[object_type] = updated
    return out


Links = dict[tuple[HubSpotObject, str], list[tuple[HubSpotObject, str, bool]]]
"""(from object, from id) -> [(to object, to id, primary?)]."""


def read_links(
    results: Iterable[object], source: str, links: Links
) -> tuple[int, list[str], list[str]]:
    """Add the associations of a batch-read response's *results* to
    *links*; the number added, what is missing (associations continued on
    a page not in the export, or of types that cannot be placed) and notes
    (an item without a ``from`` id)."""
    hints = name_hint(source)
    pair = (hints[0], hints[1]) if len(hints) == 2 else None
    count = unknown = 0
    missing: list[str] = []
    notes: list[str] = []
    for i, item in enumerate(results):
        if not isinstance(item, Mapping):
            continue
        origin = item.get("from")
        from_id = origin.get("id") if isinstance(origin, Mapping) else None
        if not isinstance(from_id, (str, int)) or isinstance(from_id, bool):
            notes.append(
                f"{source}: $.results[{i}].from.id: expected an id, "
                f"got {short(from_id)}; left out"
            )
            continue
        targets = item.get("to")
        if isinstance(targets, Mapping):
            targets = [targets]
        if not isinstance(targets, list):
            continue
        for target in targets:
            placed = link(target, pair)
            if placed is None:
                unknown += 1
                continue
            from_type, to_type, to_id, primary = placed
            links.setdefault((from_type, str(from_id)), []).append(
                (to_type, to_id, primary)
            )
            count += 1
        if next_cursor(item) is not None:
            missing.append(
                f"{source}: the associations of {from_id} continue on a page not "
                f"in the export (paging.next.after {next_cursor(item)!r})"
            )
    if unknown:
        missing.append(
            f"{source}: {unknown} association(s) of types this reader cannot "
            "place (not HubSpot-defined): name the file after its objects "
            "(contacts_to_companies.json)"
        )
    return count, missing, notes
