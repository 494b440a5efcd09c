"""HubSpot's side of a fetch, through the official client
(``hubspot-api-client``): contacts, companies and deals by the CRM v3 list
endpoint (``GET /crm/v3/objects/{object}``, ``after`` cursors; never the
search endpoint, which stops at 10,000 results), and the owners
(``GET /crm/v3/owners``).

Each page is written as HubSpot sent it (``hubspot/contacts-1.json``...),
then listed in ``hubspot/manifest.json`` with the cursor it was asked with
and the one it gave (`read_hubspot_export` follows that chain exactly); a
resumed run continues each object after the last page listed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

from crmsync_rules.model._hubspot import HubSpotObject

from ._errors import CredentialsError, FetchError, FetchInterrupted
from ._hubspot_batch import read_stragglers
from ._pace import Pacer, retry_after
from ._progress import Progress
from ._secrets import HubSpotAccess, Secrets
from ._selection import Selection
from ._state import load_json, write_atomically, write_json

__all__ = ["HISTORY_PAGE_SIZE", "PAGE_SIZE", "HubSpotFetch"]

PAGE_SIZE: Final = 100
"""The list endpoint's largest page."""
HISTORY_PAGE_SIZE: Final = 50
"""The largest page when ``propertiesWithHistory`` is asked for."""
OWNERS: Final = "owners"


class HubSpotFetch:
    """Fetches one portal's records into *folder* (``OUTDIR/hubspot``)."""

    def __init__(
        self,
        access: HubSpotAccess,
        selection: Selection,
        folder: Path,
        *,
        pacer: Pacer,
        progress: Progress,
        secrets: Secrets,
    ) -> None:
        from hubspot import HubSpot  # noqa: PLC0415 (the optional extra)
        from urllib3.util.retry import Retry  # noqa: PLC0415

        # The client's transport would retry a 429 itself, sleeping where
        # the pacer cannot count or pace it: the pacer does all retrying.
        self.client = HubSpot(
            access_token=access.token,
            host=access.base_url,
            retry=Retry(total=0, redirect=0, respect_retry_after_header=False),
        )
        self.selection = selection
        self.folder = folder
        self.pacer = pacer
        self.progress = progress
        self.secrets = secrets
        self.manifest_path = folder / "manifest.json"
        self.apis: list[Any] = []
        progress.calls["HubSpot"] = lambda: f"{pacer.calls:,}"

    # -- the manifest ------------------------------------------------------

    def _load(self) -> dict[str, Any]:
        asked = self._asked()
        manifest = load_json(self.manifest_path)
        if manifest is None:
            return {
                "fetchedBy": "crmsync-rules fetch",
                "requested": asked,
                "pages": [],
                "complete": [],
            }
        if manifest.get("requested") != asked:
            raise FetchError(
                f"{self.manifest_path}: this folder holds a HubSpot export asked "
                "with other properties (the settings changed?): fetch into a new "
                "folder, or delete this one"
            )
        return manifest

    def _asked(self) -> dict[str, Any]:
        asked = dict(self.selection.as_json()["hubspot"])
        asked[OWNERS] = {"archived": False}
        return asked

    # -- the calls ----------------------------------------------------------

    def _wait_of(self, exc: BaseException, attempt: int) -> float | None:
        status = getattr(exc, "status", None)
        if status == 429:
            headers = getattr(exc, "headers", None) or {}
            fallback = self.pacer.backoff_after(attempt)
            return retry_after(headers.get("Retry-After"), fallback)
        if isinstance(status, int) and status >= 500:
            return self.pacer.backoff_after(attempt)
        if status is None and isinstance(exc, OSError | _urllib3_error()):
            return self.pacer.backoff_after(attempt)
        return None

    def save(self, manifest: Mapping[str, Any]) -> None:
        """Write the manifest (atomically)."""
        write_json(self.manifest_path, manifest)

    def get(self, what: str, request: Callable[[], Any]) -> bytes:
        """The body of *request*'s answer, sent in turn, retried as the
        pacer says; a failure as a `FetchError` naming *what*."""
        try:
            response = self.pacer.call(request, self._wait_of)
        except Exception as exc:
            raise self._error(what, exc) from None
        data: bytes = response.data
        response.release_conn()
        return data

    def _error(self, what: str, exc: BaseException) -> FetchError:
        status = getattr(exc, "status", None)
        body = getattr(exc, "body", None)
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        said = self.secrets.scrub(str(body or exc).strip())[:400]
        if status == 401:
            return CredentialsError(
                f"HubSpot refused the token while reading {what} (401, expired or "
                f"revoked?): {said}; set CRMSYNC_HUBSPOT_TOKEN to a private app's "
                "token (docs/fetch.md)"
            )
        if status == 403:
            return CredentialsError(
                f"HubSpot refused to show {what} (403: the private app lacks a "
                f"scope, docs/fetch.md lists them): {said}"
            )
        if status in (None, 429) or (isinstance(status, int) and status >= 500):
            return FetchInterrupted(
                f"HubSpot failed while reading {what} "
                f"({status or type(exc).__name__}, after {self.pacer.retries} "
                f"retries): {said}; what was fetched is kept: run the same command "
                "again to resume"
            )
        return FetchError(f"HubSpot answered {status} while reading {what}: {said}")

    # -- the objects --------------------------------------------------------

    def run(self) -> None:
        """Fetch every object not yet complete, then the owners."""
        manifest = self._load()
        try:
            for object_type in HubSpotObject:
                request = self._objects_request(object_type)
                self._pages(manifest, object_type.value, request)
            read_stragglers(self, manifest)
            self._pages(manifest, OWNERS, self._owners_request())
        finally:
            for api in self.apis:
                # The generated clients keep their connections pooled until
                # collected; closed here, none outlives the run.
                api.api_client.rest_client.pool_manager.clear()

    def _objects_request(
        self, object_type: HubSpotObject
    ) -> Callable[[str | None], Callable[[], Any]]:
        api = getattr(self.client.crm, object_type.value).basic_api
        self.apis.append(api)
        properties = list(self.selection.properties[object_type])
        history = list(self.selection.history[object_type])
        associations = list(self.selection.associations[object_type])
        limit = HISTORY_PAGE_SIZE if history else PAGE_SIZE

        def request(after: str | None) -> Callable[[], Any]:
            arguments: dict[str, Any] = {
                "limit": limit,
                "properties": properties,
                "archived": False,
                "_preload_content": False,
            }
            if history:
                arguments["properties_with_history"] = history
            if associations:
                arguments["associations"] = associations
            if after is not None:
                arguments["after"] = after
            return lambda: api.get_page(**arguments)

        return request

    def _owners_request(self) -> Callable[[str | None], Callable[[], Any]]:
        api = self.client.crm.owners.owners_api
        self.apis.append(api)

        def request(after: str | None) -> Callable[[], Any]:
            arguments: dict[str, Any] = {
                "limit": PAGE_SIZE,
                "archived": False,
                "_preload_content": False,
            }
            if after is not None:
                arguments["after"] = after
            return lambda: api.get_page(**arguments)

        return request

    def _pages(
        self,
        manifest: dict[str, Any],
        name: str,
        request: Callable[[str | None], Callable[[], Any]],
    ) -> None:
        pages = [p for p in manifest["pages"] if p.get("object") == name]
        for page in pages:
            count = int(page.get("records", 0))
            self.progress.add(f"HubSpot {name}", count, resumed=True)
        if name in manifest["complete"]:
            return
        after: str | None = pages[-1]["next"] if pages else None
        number = len(pages) + 1
        while True:
            data = self.get(f"{name} (page {number})", request(after))
            try:
                body = json.loads(data)
            except ValueError:
                raise FetchInterrupted(
                    f"HubSpot sent a page of {name} that is not JSON (page {number}): "
                    "run the same command again to resume"
                ) from None
            following = _next_cursor(body)
            file = f"{name}-{number}.json"
            write_atomically(self.folder / file, data)
            records = len(body.get("results") or ()) if isinstance(body, Mapping) else 0
            manifest["pages"].append(
                {
                    "file": file,
                    "object": name,
                    "after": after,
                    "next": following,
                    "records": records,
                }
            )
            if following is None:
                manifest["complete"].append(name)
            self.save(manifest)
            self.progress.add(f"HubSpot {name}", records)
            if following is None:
                return
            if following == after:
                raise FetchError(
                    f"HubSpot gave the cursor {following!r} twice for {name}: "
                    "the pages would loop"
                )
            after, number = following, number + 1


def _next_cursor(body: object) -> str | None:
    """A page's ``paging.next.after``, or None on the last page."""
    if not isinstance(body, Mapping):
        return None
    paging = body.get("paging")
    following = paging.get("next") if isinstance(paging, Mapping) else None
    after = following.get("after") if isinstance(following, Mapping) else None
    return str(after) if after not in (None, "") else None


def _urllib3_error() -> type[Exception]:
    from urllib3.exceptions import HTTPError  # noqa: PLC0415 (the extra's)

    return HTTPError
