"""Salesforce's side of a fetch, through ``simple-salesforce``: users,
queues (``Group`` of ``Type = 'Queue'``), accounts, contacts, leads and
opportunities with their contact roles.

For each object a ``count()`` query decides the way: up to
``bulk_threshold`` records by REST queries (pages of up to 2,000 chained
by ``nextRecordsUrl``, each saved as it came: ``salesforce/Lead-1.json``),
above it by a Bulk API 2.0 query job (created, polled, its result sets
fetched by ``Sforce-Locator`` and saved as CSV files:
``salesforce/Lead-1.csv``; opportunities' contact roles by a job of their
own, since Bulk API 2.0 runs no subqueries). ``salesforce/manifest.json``
lists the Bulk API result sets as `read_salesforce_export` checks them
(``salesforceBulkQueries``) and the REST pages, the way each object was
fetched and which are complete: a resumed run continues from it.

Every response's ``Sforce-Limit-Info`` (``api-usage=USED/ALLOCATION``) is
read by a hook on the client's session; before each call the run stops
cleanly (`AllocationReached`) when that call would use more than ``share``
of the daily allocation (ERR-2's 75% by default).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

from ._errors import (
    AllocationReached,
    CredentialsError,
    FetchError,
    FetchInterrupted,
    IncompleteFetch,
)
from ._pace import Pacer
from ._progress import Progress
from ._salesforce_bulk import BulkJobs
from ._secrets import SalesforceAccess, Secrets
from ._selection import ROLE_FIELDS, SALESFORCE_OBJECTS, Selection
from ._state import load_json, write_atomically, write_json

__all__ = ["API_VERSION", "DEFAULT_SHARE", "SalesforceFetch", "Usage"]

API_VERSION: Final = "60.0"
DEFAULT_SHARE: Final = 0.75
"""ERR-2: the integration stops retrying above 75% of the allocation; a
fetch leaves the integration that room by default."""
_LIMIT: Final = re.compile(r"api-usage=(\d+)/(\d+)")
_ROLE_OBJECT: Final = "OpportunityContactRole"
_ROLES: Final = "(SELECT ContactId, Role, IsPrimary FROM OpportunityContactRoles)"


class LocatorExpired(FetchError):
    """A REST query's cursor Salesforce no longer knows: the query starts
    again (`SalesforceFetch._rest` catches it)."""


class Usage:
    """The org's API usage as the last response told it, and the share of
    the daily allocation the run may reach."""

    def __init__(self, share: float) -> None:
        self.share = share
        self.used: int | None = None
        self.allocation: int | None = None
        self.responses = 0

    def seen(self, response: Any, *args: object, **kwargs: object) -> None:
        """The session's response hook: every response is counted and its
        ``Sforce-Limit-Info`` read."""
        self.responses += 1
        match = _LIMIT.search(response.headers.get("Sforce-Limit-Info", ""))
        if match:
            self.used, self.allocation = int(match.group(1)), int(match.group(2))

    @property
    def ceiling(self) -> int | None:
        """The most calls the org may have used with this run going on."""
        if self.allocation is None:
            return None
        return int(self.allocation * self.share)

    def __str__(self) -> str:
        if self.used is None or self.allocation is None:
            return f"{self.responses:,}"
        return f"{self.responses:,} (org usage {self.used:,}/{self.allocation:,})"


class SalesforceFetch:
    """Fetches one org's records into *folder* (``OUTDIR/salesforce``)."""

    def __init__(
        self,
        access: SalesforceAccess,
        selection: Selection,
        folder: Path,
        *,
        pacer: Pacer,
        progress: Progress,
        secrets: Secrets,
        bulk_threshold: int,
        share: float = DEFAULT_SHARE,
        poll_interval: float = 2.0,
        bulk_page_size: int | None = None,
    ) -> None:
        self.access = access
        self.selection = selection
        self.folder = folder
        self.pacer = pacer
        self.progress = progress
        self.secrets = secrets
        self.bulk_threshold = bulk_threshold
        self.usage = Usage(share)
        self.poll_interval = poll_interval
        self.bulk_page_size = bulk_page_size
        self.manifest_path = folder / "manifest.json"
        self.notes: list[str] = []
        self.sf: Any = None
        progress.calls["Salesforce"] = lambda: str(self.usage)

    # -- connecting and calling -------------------------------------------

    def connect(self) -> None:
        """Log in (or take the access token) through simple-salesforce, with
        a session whose hook reads every response's usage."""
        import requests  # noqa: PLC0415 (the optional extra)
        from simple_salesforce.api import Salesforce  # noqa: PLC0415

        session = requests.Session()
        if self.access.ca_bundle:
            # requests lets REQUESTS_CA_BUNDLE win over a session's own
            # choice: the file given wins here (and the environment's proxy
            # settings go with it).
            session.verify = self.access.ca_bundle
            session.trust_env = False
        session.hooks["response"].append(self.usage.seen)
        access = self.access
        try:
            if access.access_token:
                self.sf = Salesforce(
                    instance_url=access.instance_url,
                    session_id=access.access_token,
                    version=API_VERSION,
                    session=session,
                )
            else:
                self.sf = Salesforce(
                    username=access.username,
                    password=access.password,
                    security_token=access.security_token or "",
                    domain=access.domain,
                    version=API_VERSION,
                    session=session,
                )
        except Exception as exc:
            raise self.error("logging in", exc) from None

    def _wait_of(self, exc: BaseException, attempt: int) -> float | None:
        import requests  # noqa: PLC0415 (the optional extra)

        status = getattr(exc, "status", None)
        if isinstance(status, int) and status >= 500:
            return self.pacer.backoff_after(attempt)
        if isinstance(exc, requests.ConnectionError | requests.Timeout):
            return self.pacer.backoff_after(attempt)
        return None

    def call(self, what: str, request: Callable[[], Any]) -> Any:
        """*request*'s answer, after checking that one more call keeps the
        org under the allowed share of its allocation."""
        ceiling = self.usage.ceiling
        used = self.usage.used
        if ceiling is not None and used is not None and used + 1 > ceiling:
            raise AllocationReached(
                f"stopped before {what}: the org has used {used:,} of its "
                f"{self.usage.allocation:,} daily API calls, and this run may go "
                f"up to {self.usage.share:.0%} ({ceiling:,}); {self._so_far()}; "
                "run the same command again to resume once the usage has dropped "
                "(it counts the last 24 hours)"
            )
        try:
            return self.pacer.call(request, self._wait_of)
        except Exception as exc:
            raise self.error(what, exc) from None

    def _so_far(self) -> str:
        counts = [
            f"{name.removeprefix('Salesforce ')} {count:,}"
            for name, count in self.progress.records.items()
            if name.startswith("Salesforce")
        ]
        return "fetched so far: " + (", ".join(counts) if counts else "nothing")

    def error(self, what: str, exc: BaseException) -> FetchError:
        """*exc*, raised while doing *what*, as a fetch error whose message
        holds no credential."""
        if isinstance(exc, FetchError):
            return exc
        status = getattr(exc, "status", None)
        content = getattr(exc, "content", None)
        said = self.secrets.scrub(str(content if content is not None else exc))[:400]
        name = type(exc).__name__
        if status == 401 or name == "SalesforceAuthenticationFailed":
            return CredentialsError(
                f"Salesforce refused the credentials while {what} ({status or name}: "
                f"expired token or wrong password?): {said}; docs/fetch.md says "
                "which to set"
            )
        if status == 400 and "INVALID_QUERY_LOCATOR" in said:
            return LocatorExpired(f"Salesforce forgot the cursor while {what}")
        if status == 403:
            return CredentialsError(
                f"Salesforce refused {what} (403: is API Enabled on the user's "
                f"profile, and may it read the object?): {said}"
            )
        if status is None or (isinstance(status, int) and status >= 500):
            return FetchInterrupted(
                f"Salesforce failed while {what} ({status or name}, after "
                f"{self.pacer.retries} retries): {said}; what was fetched is kept: "
                "run the same command again to resume"
            )
        return FetchError(f"Salesforce answered {status} while {what}: {said}")

    # -- the manifest ------------------------------------------------------

    def _load(self) -> dict[str, Any]:
        asked = self.selection.as_json()["salesforce"]
        manifest = load_json(self.manifest_path)
        if manifest is None:
            return {
                "fetchedBy": "crmsync-rules fetch",
                "requested": asked,
                "salesforceBulkQueries": [],
                "restQueries": [],
                "ways": {},
                "fields": {},
                "complete": [],
            }
        if manifest.get("requested") != asked:
            raise FetchError(
                f"{self.manifest_path}: this folder holds a Salesforce export asked "
                "with other fields (the settings changed?): fetch into a new "
                "folder, or delete this one"
            )
        return manifest

    def save(self, manifest: Mapping[str, Any]) -> None:
        write_json(self.manifest_path, manifest)

    # -- the objects --------------------------------------------------------

    def run(self) -> None:
        """Fetch every object not yet complete."""
        manifest = self._load()
        self.connect()
        try:
            self._objects(manifest)
        finally:
            self.sf.session.close()

    def _objects(self, manifest: dict[str, Any]) -> None:
        bulk = BulkJobs(self)
        for sobject in SALESFORCE_OBJECTS:
            label = f"Salesforce {sobject}"
            fields = self._fields(manifest, sobject)
            way = manifest["ways"].get(sobject)
            if way is None:
                counting = self.selection.soql(sobject, ["count()"])
                count = self.call(
                    f"counting {sobject}", functools.partial(self.sf.query, counting)
                )["totalSize"]
                via = "bulk" if count > self.bulk_threshold else "rest"
                way = {"count": count, "via": via}
                manifest["ways"][sobject] = way
                self.save(manifest)
            self.progress.total(label, int(way["count"]))
            if way["via"] == "rest":
                query = self.selection.soql(sobject, fields)
                if sobject == "Opportunity":
                    query = query.replace(
                        " FROM Opportunity", f", {_ROLES} FROM Opportunity"
                    )
                self._rest(manifest, sobject, query)
            else:
                query = self.selection.soql(sobject, fields)
                bulk.query(manifest, sobject, query, label)
                if sobject == "Opportunity":
                    roles = f"SELECT {', '.join(ROLE_FIELDS)} FROM {_ROLE_OBJECT}"
                    bulk.query(manifest, _ROLE_OBJECT, roles, label)
            if sobject not in manifest["complete"]:
                manifest["complete"].append(sobject)
                self.save(manifest)

    def _fields(self, manifest: dict[str, Any], sobject: str) -> list[str]:
        """The selected fields the org has (its describe response says;
        saved beside the records, where it types custom fields)."""
        known = manifest["fields"].get(sobject)
        if known is not None:
            return list(known)
        described = self.call(
            f"describing {sobject}", lambda: getattr(self.sf, sobject).describe()
        )
        write_atomically(
            self.folder / f"describe-{sobject}.json", json.dumps(described).encode()
        )
        names = {
            field.get("name")
            for field in described.get("fields", ())
            if isinstance(field, Mapping)
        }
        wanted = self.selection.fields[sobject]
        kept = [f for f in wanted if "." in f or f in names]
        left = [f for f in wanted if f not in kept]
        if left:
            self.notes.append(
                f"Salesforce {sobject}: not in this org, left out: {', '.join(left)}"
            )
        manifest["fields"][sobject] = kept
        self.save(manifest)
        return kept

    def _restart(
        self, manifest: dict[str, Any], entry: dict[str, Any], label: str
    ) -> None:
        """Start *entry*'s query again: Salesforce forgot its cursor (kept
        about 15 minutes after its last use), so its pages so far go."""
        for page in entry["pages"]:
            (self.folder / page["file"]).unlink(missing_ok=True)
            self.progress.add(label, -int(page["records"]), resumed=True)
        self.notes.append(
            f"{label}: Salesforce had forgotten the query's cursor (a resume "
            f"after more than about 15 minutes): its {len(entry['pages'])} pages "
            "were fetched again"
        )
        entry["pages"] = []
        self.save(manifest)

    def _rest(self, manifest: dict[str, Any], sobject: str, query: str) -> None:
        label = f"Salesforce {sobject}"
        queries = manifest["restQueries"]
        entry = next((q for q in queries if q["object"] == sobject), None)
        if entry is None:
            entry = {"object": sobject, "query": query, "pages": [], "done": False}
            manifest["restQueries"].append(entry)
        for page in entry["pages"]:
            self.progress.add(label, int(page["records"]), resumed=True)
        while not entry["done"]:
            number = len(entry["pages"]) + 1
            following = entry["pages"][-1]["nextRecordsUrl"] if entry["pages"] else None
            what = f"reading {sobject} (page {number})"
            if following is None:
                result = self.call(what, lambda: self.sf.query(query))
            else:
                try:
                    result = self.call(
                        what,
                        functools.partial(
                            self.sf.query_more, following, identifier_is_url=True
                        ),
                    )
                except LocatorExpired:
                    self._restart(manifest, entry, label)
                    continue
            file = f"{sobject}-{number}.json"
            write_atomically(self.folder / file, json.dumps(result).encode())
            records = len(result.get("records") or ())
            entry["pages"].append(
                {
                    "file": file,
                    "records": records,
                    "totalSize": result.get("totalSize"),
                    "nextRecordsUrl": result.get("nextRecordsUrl"),
                }
            )
            entry["done"] = bool(result.get("done")) or not result.get("nextRecordsUrl")
            self.save(manifest)
            self.progress.add(label, records)
        got = sum(int(p["records"]) for p in entry["pages"])
        totals = {p["totalSize"] for p in entry["pages"]}
        if totals != {got}:
            raise IncompleteFetch(
                f"Salesforce's {sobject} query says totalSize "
                f"{', '.join(str(t) for t in sorted(totals, key=str))} but its pages "
                f"hold {got:,} records: the export is refused (delete "
                f"{self.folder} and fetch again)"
            )
