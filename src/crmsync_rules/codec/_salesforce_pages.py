"""Whether a Salesforce export is whole: REST query pages chained by their
``nextRecordsUrl``, Bulk API 2.0 result sets listed in a manifest.

REST (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm):
a query's first page holds ``totalSize`` (the records of the whole result),
``done`` and, when more follow, ``nextRecordsUrl``
(``/services/data/v60.0/query/01gD0000002HU6KIAW-2000``): the query
locator, a dash, and the position of the next page's first record. A page
does not say its own position, but its successor's less its own record
count is it (and the last page's is ``totalSize`` less its count), so the
pages of one query must tile ``0..totalSize`` with neither gap nor
overlap, every page of the one object.

Bulk API 2.0 (https://developer.salesforce.com/docs/platform/api-asynch/guide/query-get-job-results.md):
each result set's response says how many records it holds
(``Sforce-NumberOfRecords``) and the locator of the next (``Sforce-Locator``,
``null`` after the last); the job's ``numberRecordsProcessed`` counts them
all. Files on disk lose those headers, so an export that wants them
checked keeps them in a ``manifest.json`` (docs/exports.md, "Salesforce exports"):

    {"salesforceBulkQueries": [{"jobId": "750...", "object": "Lead",
      "numberRecordsProcessed": 4000,
      "results": [{"file": "leads-1.csv", "locator": null,
                   "numberOfRecords": 2000, "nextLocator": "MjAwMA"},
                  {"file": "leads-2.csv", "locator": "MjAwMA",
                   "numberOfRecords": 2000, "nextLocator": null}]}]}
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

import attrs

from ._json import short

__all__ = ["BulkResult", "Page", "check_bulk", "check_pages", "read_manifest"]

_LOCATOR: Final = re.compile(r"/query(?:All)?/([0-9A-Za-z]+)-(\d+)/?$")


@attrs.frozen(kw_only=True)
class Page:
    """What one REST query page says of its place in its result."""

    source: str
    sobject: str | None
    records: int
    total: int | None
    done: bool | None
    next_url: str | None

    @property
    def locator(self) -> tuple[str, int] | None:
        """The query locator and the next page's position, from ``nextRecordsUrl``."""
        if self.next_url is None:
            return None
        match = _LOCATOR.search(self.next_url)
        return None if match is None else (match.group(1), int(match.group(2)))


def _label(sobject: str | None, query: str | None) -> str:
    what = f"the {sobject} query" if sobject else "the query"
    return f"{what} {query}" if query else what


def check_pages(pages: Sequence[Page]) -> list[str]:
    """What is missing from the REST query *pages*: one sentence per gap,
    count mismatch or stray page (see the module docstring)."""
    missing: list[str] = []
    chains: dict[str, list[tuple[int, Page]]] = {}
    finals: list[Page] = []
    for page in pages:
        if page.next_url is None:
            if page.done is False:
                missing.append(
                    f"{page.source}: the page says more records follow "
                    '("done": false) but has no nextRecordsUrl'
                )
            finals.append(page)
            continue
        locator = page.locator
        if locator is None:
            missing.append(
                f"{page.source}: nextRecordsUrl {short(page.next_url)} names no "
                "query locator (…/query/01g…-2000): the pages cannot be chained"
            )
            continue
        query, position = locator
        chains.setdefault(query, []).append((position - page.records, page))
    for page in finals:
        if page.total is None or page.records == page.total:
            continue  # a whole result on one page
        if page.records > page.total:
            missing.append(
                f"{page.source}: the page holds {page.records:,} records but its "
                f"totalSize says {page.total:,}"
            )
            continue
        candidates = [
            query
            for query, chain in chains.items()
            if {p.total for _, p in chain} == {page.total}
        ]
        if len(candidates) > 1:
            candidates = [
                query
                for query in candidates
                if _majority(chains[query]) in (page.sobject, None)
            ]
        if len(candidates) == 1:
            chain = chains[candidates[0]]
            # Where the page before it says the next starts; or, when that
            # page is missing, where its count says it must start.
            after = max(offset + p.records for offset, p in chain)
            chain.append((max(after, page.total - page.records), page))
        else:
            what = f"{page.sobject} records" if page.sobject else "records"
            missing.append(
                f"{page.source}: the page holds {page.records:,} of the "
                f"{page.total:,} {what} its totalSize counts, and no other page "
                "of its query is in the export"
            )
    for query, chain in sorted(chains.items()):
        missing.extend(_check_chain(query, chain))
    return missing


def _majority(chain: list[tuple[int, Page]]) -> str | None:
    """The object most pages of *chain* hold."""
    objects = sorted(p.sobject for _, p in chain if p.sobject is not None)
    return max(objects, key=objects.count) if objects else None


def _check_chain(query: str, chain: list[tuple[int, Page]]) -> list[str]:
    chain.sort(key=lambda item: (item[0], item[1].source))
    sobject = _majority(chain)
    label = _label(sobject, query)
    missing = [
        f"{p.source}: a page of {p.sobject} records among the pages of {label}"
        for _, p in chain
        if p.sobject is not None and p.sobject != sobject
    ]
    totals = {p.total for _, p in chain}
    if len(totals) != 1 or None in totals:
        return [
            *missing,
            f"the pages of {label} disagree on totalSize "
            f"({', '.join(sorted(map(str, totals)))})",
        ]
    total = totals.pop()
    assert total is not None
    end = 0
    for offset, page in chain:
        if offset > end:
            missing.append(
                f"records {end + 1:,} to {offset:,} of {label} are missing: "
                f"no page holds them (the next one is {page.source})"
            )
        elif offset < end:
            missing.append(
                f"{page.source}: its records {offset + 1:,} to "
                f"{offset + page.records:,} of {label} overlap another page's"
            )
        end = max(end, offset + page.records)
    if not any(p.next_url is None for _, p in chain):
        missing.append(
            f"the last page of {label} is missing (records {end + 1:,} to "
            f"{total:,} of its totalSize {total:,})"
        )
    elif end != total:
        missing.append(
            f"{label} holds {end:,} records but its totalSize says {total:,}"
        )
    return missing


@attrs.frozen(kw_only=True)
class BulkResult:
    """One result set a manifest lists."""

    file: str
    locator: str | None
    next_locator: str | None
    records: int | None


@attrs.frozen(kw_only=True)
class BulkQuery:
    """One Bulk API 2.0 query job a manifest lists."""

    job: str
    sobject: str | None
    processed: int | None
    results: tuple[BulkResult, ...]


def read_manifest(payload: object, source: str) -> tuple[list[BulkQuery], list[str]]:
    """The Bulk API query jobs of a ``manifest.json`` and its problems."""
    queries: list[BulkQuery] = []
    problems: list[str] = []
    jobs = (
        payload.get("salesforceBulkQueries") if isinstance(payload, Mapping) else None
    )
    if not isinstance(jobs, list):
        return [], [f"{source}: salesforceBulkQueries must be a list"]
    for index, job in enumerate(jobs):
        where = f"{source}: salesforceBulkQueries[{index}]"
        results = job.get("results") if isinstance(job, Mapping) else None
        if not isinstance(job, Mapping) or not isinstance(results, list):
            problems.append(f"{where} must be an object with a list of results")
            continue
        sets: list[BulkResult] = []
        for item in results:
            file = item.get("file") if isinstance(item, Mapping) else None
            if not isinstance(item, Mapping) or not isinstance(file, str):
                problems.append(f"{where}: every result must name its file")
                continue
            count = item.get("numberOfRecords")
            sets.append(
                BulkResult(
                    file=file,
                    locator=_text(item.get("locator")),
                    next_locator=_text(item.get("nextLocator")),
                    records=count if type(count) is int else None,
                )
            )
        processed = job.get("numberRecordsProcessed")
        queries.append(
            BulkQuery(
                job=str(job.get("jobId", index)),
                sobject=_text(job.get("object")),
                processed=processed if type(processed) is int else None,
                results=tuple(sets),
            )
        )
    return queries, problems


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value and value != "null" else None


def _file_of(name: str, counts: Mapping[str, int]) -> str | None:
    for source in counts:
        if source == name or source.replace("\\", "/").endswith("/" + name):
            return source
    return None


def check_bulk(query: BulkQuery, counts: Mapping[str, int]) -> list[str]:
    """What is missing from the Bulk API *query*, given the records read
    from each file (*counts*, by source)."""
    label = f"Bulk API query job {query.job}" + (
        f" ({query.sobject})" if query.sobject else ""
    )
    missing: list[str] = []
    seen = 0
    previous: str | None = None
    for index, result in enumerate(query.results):
        if result.locator != previous:
            missing.append(
                f"{label}: result set {index + 1} ({result.file}) does not follow "
                f"the one before it (locator {result.locator!r}, expected "
                f"{previous!r}): a result set is missing"
            )
        previous = result.next_locator
        source = _file_of(result.file, counts)
        if source is None:
            missing.append(f"{label}: {result.file} is listed but not in the export")
            continue
        seen += counts[source]
        if result.records is not None and counts[source] != result.records:
            missing.append(
                f"{label}: {source} holds {counts[source]:,} records, its "
                f"Sforce-NumberOfRecords says {result.records:,}"
            )
    if previous is not None:
        missing.append(f"{label}: the result set after locator {previous!r} is missing")
    if query.processed is not None and seen != query.processed and not missing:
        missing.append(
            f"{label}: the export holds {seen:,} records, the job's "
            f"numberRecordsProcessed says {query.processed:,}"
        )
    return missing
