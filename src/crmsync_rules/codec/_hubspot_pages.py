"""The pages of one object, checked for what is missing, and the records
they return twice.

What the page bodies alone decide: exactly one page says it is the last
(no ``paging``), no two pages lead to the same cursor, a search's
``total`` is reached. HubSpot does not echo the cursor a page was
requested with, so a missing middle page shows only when the files say
each page's place: numbered file names ("contacts-1.json",
"contacts-2.json"...: no number skipped, the highest number the last page)
or a manifest giving each page's own cursor (followed exactly).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from crmsync_rules.model._hubspot import HubSpotObject

__all__ = [
    "SEARCH_LIMIT",
    "Page",
    "chain_problems",
    "deduplicated",
    "manifest_entry",
    "next_cursor",
    "numbered",
    "owner_notes",
    "total_problems",
]

SEARCH_LIMIT: Final = 10_000
"""The search API returns no more results than this, whatever ``total``."""


@attrs.define
class Page:
    """One page of a set: its file, object (``None`` for the owners'
    pages), variant (list or search), the
    cursor of the next page, the search's total, its record count, the
    number in its file name and, from a manifest, its own cursor."""

    source: str
    object_type: HubSpotObject | None
    variant: str
    next: str | None
    total: int | None
    rows: int
    number: int | None
    after: str | None = None
    after_known: bool = False


def next_cursor(whole: Mapping[str, object]) -> str | None:
    """``paging.next.after``, or ``None`` on the last page."""
    paging = whole.get("paging")
    following = paging.get("next") if isinstance(paging, Mapping) else None
    after = following.get("after") if isinstance(following, Mapping) else None
    return after if isinstance(after, str) and after else None


def numbered(pages: Sequence[Page]) -> bool:
    numbers = [p.number for p in pages]
    return None not in numbers and len(set(numbers)) == len(numbers)


def chain_problems(what: str, pages: Sequence[Page]) -> list[str]:
    """What the page bodies (and their file numbers or manifest cursors)
    say is missing from a set of pages of one object."""
    problems: list[str] = []
    lasts = [p for p in pages if p.next is None]
    if not lasts:
        files = ", ".join(p.source for p in pages)
        problems.append(
            f"{what}: every page says more follow ({files}): the last page is missing"
        )
    elif len(lasts) > 1:
        problems.append(
            f"{what}: {len(lasts)} pages say they are the last "
            f"({', '.join(p.source for p in lasts)}): pages of two exports?"
        )
    by_next: dict[str, list[Page]] = {}
    for page in pages:
        if page.next is not None:
            by_next.setdefault(page.next, []).append(page)
    for cursor, same in by_next.items():
        if len(same) > 1:
            problems.append(
                f"{what}: {', '.join(p.source for p in same)} all lead to cursor "
                f"{cursor!r}: the same page twice?"
            )
    if all(p.after_known for p in pages):
        problems.extend(_exact_chain(what, pages))
    elif numbered(pages):
        problems.extend(_numbered_chain(what, pages))
    return problems


def _exact_chain(what: str, pages: Sequence[Page]) -> list[str]:
    firsts = [p for p in pages if p.after is None]
    if len(firsts) != 1:
        return [
            f"{what}: {len(firsts)} pages are the first (no after cursor) in "
            "the manifest"
        ]
    by_after = {p.after: p for p in pages}
    page: Page | None = firsts[0]
    seen: set[str] = set()
    problems: list[str] = []
    while page is not None and page.source not in seen:
        seen.add(page.source)
        if page.next is None:
            break
        following = by_after.get(page.next)
        if following is None:
            problems.append(
                f"{what}: the page after {page.source} (after={page.next!r}) is missing"
            )
        page = following
    stray = [p.source for p in pages if p.source not in seen]
    if stray and not problems:
        problems.append(f"{what}: {', '.join(stray)} not reached from the first page")
    return problems


def _numbered_chain(what: str, pages: Sequence[Page]) -> list[str]:
    ordered = sorted(pages, key=lambda p: p.number or 0)
    numbers = [p.number or 0 for p in ordered]
    problems: list[str] = []
    start = numbers[0]
    if start > 1:
        problems.append(
            f"{what}: the first page is number {start} ({ordered[0].source}): "
            f"page{'s' if start > 2 else ''} before it missing"
        )
    expected = set(range(start, numbers[-1] + 1))
    gaps = sorted(expected - set(numbers))
    if gaps:
        problems.append(
            f"{what}: page{'s' if len(gaps) > 1 else ''} "
            f"{', '.join(map(str, gaps))} missing (have {', '.join(map(str, numbers))})"
        )
    lasts = [p.source for p in ordered if p.next is None]
    if ordered[-1].next is not None and lasts:
        problems.append(
            f"{what}: the highest-numbered page, {ordered[-1].source}, says more "
            f"follow, but {', '.join(lasts)} says it is the last"
        )
    return problems


def total_problems(what: str, pages: Sequence[Page]) -> tuple[list[str], list[str]]:
    """What is missing (fewer records than the search's ``total``) and
    what is worth a note (pages that give different totals)."""
    missing: list[str] = []
    notes: list[str] = []
    totals = {p.total for p in pages if p.total is not None}
    if not totals:
        return missing, notes
    total = max(totals)
    if len(totals) > 1:
        notes.append(
            f"{what}: the pages give different totals "
            f"({', '.join(map(str, sorted(totals)))}): the data changed during "
            "the export"
        )
    rows = sum(p.rows for p in pages)
    if rows < total:
        hint = (
            f" (the search API returns at most {SEARCH_LIMIT:,} results: use the "
            "list endpoint, GET /crm/v3/objects/{object}, for more)"
            if total > SEARCH_LIMIT and rows >= SEARCH_LIMIT
            else ""
        )
        missing.append(
            f"{what}: {rows:,} records of the {total:,} the search found{hint}"
        )
    return missing, notes


def deduplicated(
    object_type: HubSpotObject,
    items: list[Any],
    origins: Sequence[int],
    sources: Sequence[str],
) -> tuple[list[Any], list[str]]:
    """*items* with each record returned more than once read once, and a
    note for each: unchanged copies are one; of changed copies, the one
    updated last wins; copies with no times to order them are all kept
    (the planner rejects records sharing an id, as for NDJSON).
    *origins* gives each item's index in *sources*."""
    first: dict[str, int] = {}
    twice: dict[str, list[int]] = {}
    for index, record in enumerate(items):
        seen = first.setdefault(record.id, index)
        if seen != index:
            twice.setdefault(record.id, [seen]).append(index)
    del first
    if not twice:
        return items, []
    notes: list[str] = []
    dropped: set[int] = set()
    noun = "company" if object_type is HubSpotObject.COMPANY else object_type.value[:-1]
    for record_id, indexes in twice.items():
        files = ", ".join(dict.fromkeys(sources[origins[i]] for i in indexes))
        copies = [items[i] for i in indexes]
        if all(copy == copies[0] for copy in copies):
            notes.append(
                f"{noun} {record_id} returned {len(indexes)} times, the same each "
                f"time ({files}): read once"
            )
            dropped.update(indexes[1:])
            continue
        times = [copy.updated_at for copy in copies]
        if all(t is not None for t in times):
            latest = max(times)
            if times.count(latest) == 1:
                keep = indexes[times.index(latest)]
                notes.append(
                    f"{noun} {record_id} returned {len(indexes)} times ({files}): "
                    f"kept the one updated last, at {latest.isoformat()}"
                )
                dropped.update(i for i in indexes if i != keep)
                continue
        notes.append(
            f"{noun} {record_id} returned {len(indexes)} times with different values "
            f"and no update times to order them ({files}): the plan rejects it"
        )
    return [r for i, r in enumerate(items) if i not in dropped], notes


def manifest_entry(
    manifest: Mapping[str, Mapping[str, object]], source: str
) -> Mapping[str, object] | None:
    """The manifest entry of the file *source* (a path ending in the entry's
    ``file``)."""
    normal = source.replace("\\", "/")
    for file, entry in manifest.items():
        if normal == file or normal.endswith("/" + file.lstrip("./")):
            return entry
    return None


def owner_notes(
    pages: Sequence[Page], manifest: Mapping[str, Mapping[str, object]]
) -> list[str]:
    """A note for each gap in the owners' list pages (``GET /crm/v3/owners``,
    chained like the objects' pages and checked the same way: by the
    manifest's cursors, else by the files' numbers). Only a note: a record
    whose owner was not read is planned with an unknown owner."""
    if not pages:
        return []
    for page in pages:
        entry = manifest_entry(manifest, page.source)
        if entry is not None:
            after = entry.get("after")
            page.after = after if isinstance(after, str) else None
            page.after_known = True
    return [
        f"{problem}; records owned by owners not read are planned with unknown owners"
        for problem in chain_problems("the owners pages", pages)
    ]
