"""Bulk API 2.0 query jobs for a fetch: create (``POST .../jobs/query``, a
read by the API's design), poll (``GET .../jobs/query/{id}``), and fetch
each result set (``GET .../jobs/query/{id}/results``, chained by the
``Sforce-Locator`` header, counted by ``Sforce-NumberOfRecords``).

The calls go through simple-salesforce's session, headers and error
handling (``simple_salesforce.util.call_salesforce``, on the client's
``bulk2_url``): the client's own job helpers hide the locators, which a
manifest must keep for the reader's checks and for a resumed run.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._errors import FetchError, IncompleteFetch
from ._state import write_atomically

if TYPE_CHECKING:
    from ._salesforce import SalesforceFetch

__all__ = ["BulkJobs"]


class BulkJobs:
    """The Bulk API 2.0 query jobs of one fetch."""

    def __init__(self, fetch: SalesforceFetch) -> None:
        self.fetch = fetch

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        from simple_salesforce.util import call_salesforce  # noqa: PLC0415 (extra)

        sf = self.fetch.sf
        headers = dict(sf.headers)
        headers.update(kwargs.pop("headers", {}))
        return call_salesforce(
            url=sf.bulk2_url + path,
            method=method,
            session=sf.session,
            headers=headers,
            **kwargs,
        )

    def query(
        self, manifest: dict[str, Any], sobject: str, query: str, label: str
    ) -> None:
        """Run (or resume) the job of *query*, saving its result sets."""
        fetch = self.fetch
        jobs = manifest["salesforceBulkQueries"]
        entry = next((j for j in jobs if j["object"] == sobject), None)
        if entry is None:
            created = fetch.call(
                f"creating the Bulk API query job of {sobject}",
                lambda: self._request(
                    "POST",
                    "query",
                    data=json.dumps(
                        {
                            "operation": "query",
                            "query": query,
                            "columnDelimiter": "COMMA",
                            "lineEnding": "LF",
                        }
                    ),
                ).json(),
            )
            entry = {
                "jobId": created["id"],
                "object": sobject,
                "query": query,
                "results": [],
            }
            jobs.append(entry)
            fetch.save(manifest)
        results = entry["results"]
        for result in results:
            fetch.progress.add(label, int(result["numberOfRecords"]), resumed=True)
        if results and results[-1]["nextLocator"] is None:
            return
        job = entry["jobId"]
        while "numberRecordsProcessed" not in entry:
            info = fetch.call(
                f"polling the Bulk API job {job} ({sobject})",
                lambda: self._request("GET", f"query/{job}").json(),
            )
            state = info.get("state")
            if state == "JobComplete":
                entry["numberRecordsProcessed"] = info.get("numberRecordsProcessed")
                fetch.save(manifest)
            elif state in ("Failed", "Aborted"):
                raise FetchError(
                    f"the Bulk API job {job} ({sobject}) ended {state}: "
                    f"{fetch.secrets.scrub(str(info.get('errorMessage')))}; delete "
                    f"its entry from {fetch.manifest_path} (or the folder) and fetch "
                    "again"
                )
            else:
                fetch.pacer.sleep(fetch.poll_interval)
        locator = results[-1]["nextLocator"] if results else None
        while True:
            number = len(results) + 1
            params: dict[str, object] = {}
            if locator is not None:
                params["locator"] = locator
            if fetch.bulk_page_size:
                params["maxRecords"] = fetch.bulk_page_size
            response = fetch.call(
                f"reading the results of {sobject} (set {number})",
                functools.partial(
                    self._request,
                    "GET",
                    f"query/{job}/results",
                    params=params,
                    headers={"Accept": "text/csv"},
                ),
            )
            headers: Mapping[str, str] = response.headers
            following = headers.get("Sforce-Locator")
            following = None if following in (None, "", "null") else following
            count = int(headers.get("Sforce-NumberOfRecords", "0"))
            file = f"{sobject}-{number}.csv"
            write_atomically(fetch.folder / file, response.content)
            results.append(
                {
                    "file": file,
                    "locator": locator,
                    "numberOfRecords": count,
                    "nextLocator": following,
                }
            )
            fetch.save(manifest)
            fetch.progress.add(label, count)
            if following is None:
                break
            locator = following
        got = sum(int(r["numberOfRecords"]) for r in results)
        if got != entry.get("numberRecordsProcessed"):
            raise IncompleteFetch(
                f"the Bulk API job {job} ({sobject}) processed "
                f"{entry.get('numberRecordsProcessed')} records but its result sets "
                f"hold {got:,}: the export is refused (delete {fetch.folder} and "
                "fetch again)"
            )
