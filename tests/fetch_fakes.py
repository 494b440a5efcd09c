"""Local fakes of HubSpot's and Salesforce's APIs for the fetch tests: two
small threaded HTTP servers on 127.0.0.1 (ephemeral ports), serving one
snapshot in the documented shapes, recording every request, refusing
every request that is not a read.

HubSpot (plain HTTP; the client's ``Configuration.host`` points at it):

- ``GET /crm/v3/objects/{contacts,companies,deals}`` with ``limit``,
  ``after``, ``properties``, ``propertiesWithHistory``, ``associations``
  (https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide);
- ``GET /crm/v3/owners`` with ``limit``, ``after``
  (https://developers.hubspot.com/docs/api-reference/crm-crm-owners-v3/guide);
- ``POST /crm/v3/objects/{object}/batch/read`` (a read by the API's design;
  HTTP 207 with ``errors`` for ids it does not have);
- 429 with ``Retry-After``, 401 for a bad or expired token.

Salesforce (HTTPS with a certificate made for the test, since
simple-salesforce always speaks https to its instance):

- ``GET /services/data/v60.0/query?q=SOQL`` and the ``nextRecordsUrl``
  pages (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm);
- ``GET /services/data/v60.0/sobjects/{object}/describe``;
- Bulk API 2.0: ``POST /services/data/v60.0/jobs/query`` (the one POST it
  accepts), ``GET .../jobs/query/{id}``, ``GET .../jobs/query/{id}/results``
  with ``Sforce-Locator`` and ``Sforce-NumberOfRecords``
  (https://developer.salesforce.com/docs/platform/api-asynch/guide/query-get-job-results.md);
- ``Sforce-Limit-Info: api-usage=USED/ALLOCATION`` on every response;
  401 ``INVALID_SESSION_ID``; 503 on demand.

The servers are tests' tools: their faults (`Faults`) are set by the tests.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import ipaddress
import json
import re
import socket
import ssl
import threading
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from crmsync_rules.codec._payload import SALESFORCE_FIELDS
from crmsync_rules.fetch import (
    FetchOptions,
    FetchResult,
    HubSpotAccess,
    Progress,
    SalesforceAccess,
    Secrets,
    fetch_export,
)
from crmsync_rules.model import Snapshot
from hubspot_writers import api_object
from salesforce_writers import rest_record

TOKEN = "pat-na1-0f1e2d3c-SECRET-hubspot-token"
SF_TOKEN = "00DFAKE!AQ4AQ-SECRET-salesforce-session"
VERSION = "v60.0"

HUBSPOT_READS = (
    ("GET", re.compile(r"/crm/v3/objects/(contacts|companies|deals)")),
    ("GET", re.compile(r"/crm/v3/owners/?")),
    ("POST", re.compile(r"/crm/v3/objects/(contacts|companies|deals)/batch/read")),
)
"""Every request the HubSpot fake answers: GETs of the list endpoints and
the owners, and batch read, the one POST that reads."""
SALESFORCE_READS = (
    ("GET", re.compile(rf"/services/data/{VERSION}/query/?")),
    ("GET", re.compile(rf"/services/data/{VERSION}/query/[\w-]+")),
    ("GET", re.compile(rf"/services/data/{VERSION}/sobjects/\w+/describe/?")),
    ("POST", re.compile(rf"/services/data/{VERSION}/jobs/query")),
    ("GET", re.compile(rf"/services/data/{VERSION}/jobs/query/\w+")),
    ("GET", re.compile(rf"/services/data/{VERSION}/jobs/query/\w+/results")),
)
"""Every request the Salesforce fake answers: GETs of queries, describes
and Bulk API jobs, and the one POST that reads, a query job's creation."""


@dataclasses.dataclass
class Faults:
    """What the fakes do wrong, set by a test.

    ``fail_after``: data pages served before every data request gets a 503
    (None: never); ``rate_limited``: request numbers (1-based, per system)
    answered 429 with ``Retry-After`` once; ``expired``: every request gets
    401, its body quoting the token (as a careless server might);
    ``lie_total``: added to every REST ``totalSize`` and Bulk API job's
    ``numberRecordsProcessed``; ``used`` and
    ``allocation``: the org's API usage before the run.
    """

    fail_after: int | None = None
    rate_limited: frozenset[int] = frozenset()
    retry_after: str = "2"
    expired: bool = False
    lie_total: int = 0
    used: int = 1_000
    allocation: int = 15_000


@dataclasses.dataclass
class Log:
    requests: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    refused: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    data_pages: int = 0
    counts: dict[str, int] = dataclasses.field(default_factory=dict)


def _sf_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "double"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT.*", value):
        return "datetime"
    return "string"


def _flat(raw: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in {"attributes", "OpportunityContactRoles"}:
            continue
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[prefix + key] = value
    return out


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value[:4].isdigit() and value.endswith("+0000"):
        return value.removesuffix("+0000") + "Z"
    return str(value)


def _pick(raw: Mapping[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """*raw* (a REST record) cut to *fields*, parents kept nested."""
    out: dict[str, Any] = {"attributes": raw["attributes"]}
    for name in fields:
        head = name.split(".", 1)[0]
        if head in raw:
            out[head] = raw[head]
    return out


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeApis
    system: str


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's
        # algorithm and delayed acknowledgements cost 40 ms a response.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, headers, payload = self.server.fake.answer(
            self.server.system, self.command, self.path, dict(self.headers), body
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _any


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (and its key), valid a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "fake.pem", folder / "fake.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class FakeApis:
    """Both fakes, serving *snapshot*: HubSpot at ``hubspot_url``,
    Salesforce at ``salesforce_url`` (trusting ``certificate``).

    ``page_cap``: the most records a page or result set holds, whatever
    was asked (servers may send fewer than the limit), so that a small
    snapshot takes several pages.
    """

    def __init__(
        self,
        snapshot: Snapshot,
        certificate: tuple[Path, Path],
        *,
        page_cap: int = 2,
        faults: Faults | None = None,
    ) -> None:
        self.faults = faults or Faults()
        self.page_cap = page_cap
        self.log = {"hubspot": Log(), "salesforce": Log()}
        self.lock = threading.Lock()
        hub = snapshot.hubspot
        self.hubspot: dict[str, list[dict[str, Any]]] = {
            "contacts": [api_object(r) for r in hub.contacts],
            "companies": [api_object(r) for r in hub.companies],
            "deals": [api_object(r) for r in hub.deals],
        }
        self.owners: list[dict[str, Any]] = []
        for owner in hub.owners:
            raw: dict[str, Any] = {
                "id": owner.id,
                "email": owner.email,
                "firstName": owner.first_name,
                "lastName": owner.last_name,
                "archived": owner.archived,
            }
            self.owners.append({k: v for k, v in raw.items() if v is not None})
        sf = snapshot.salesforce
        by_object = {
            "User": sf.users,
            "Group": sf.queues,
            "Account": sf.accounts,
            "Contact": sf.contacts,
            "Lead": sf.leads,
            "Opportunity": sf.opportunities,
        }
        self.salesforce: dict[str, list[dict[str, Any]]] = {
            k: [rest_record(r) for r in v] for k, v in by_object.items()
        }
        for queue in self.salesforce["Group"]:
            queue["Type"] = "Queue"  # the model keeps queues only
        # The org has the fields the integration's mappings name.
        self.mapped: dict[str, dict[str, str]] = {}
        for mapping in snapshot.settings.mappings:
            self.mapped.setdefault(mapping.salesforce_object.value, {})[
                mapping.salesforce_field
            ] = mapping.salesforce_type.value
        roles: list[dict[str, Any]] = []
        for opportunity in sf.opportunities:
            for role in opportunity.contact_roles:
                roles.append(
                    {
                        "attributes": {"type": "OpportunityContactRole"},
                        "Id": f"00K{len(roles) + 1:012d}",
                        "OpportunityId": opportunity.id,
                        "ContactId": role.contact_id,
                        "Role": role.role,
                        "IsPrimary": role.is_primary,
                    }
                )
        self.salesforce["OpportunityContactRole"] = roles
        self.data_pages = 0
        self.hidden: dict[str, set[str]] = {}
        """Records the list endpoint leaves out (created after their pages
        were read), by object; batch read finds them."""
        self.missing_fields: dict[str, set[str]] = {}
        """Fields the org lacks, by object (left out of its describe)."""
        self.queries: dict[str, list[dict[str, Any]]] = {}
        self.jobs: dict[str, dict[str, Any]] = {}
        self.servers: list[_Server] = []
        self.hubspot_url = self._serve("hubspot", None)
        self.salesforce_url = self._serve("salesforce", certificate)
        self.certificate = str(certificate[0])

    # -- serving ------------------------------------------------------------

    def _serve(self, system: str, certificate: tuple[Path, Path] | None) -> str:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake, server.system = self, system
        scheme = "http"
        if certificate is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(str(certificate[0]), str(certificate[1]))
            server.socket = context.wrap_socket(server.socket, server_side=True)
            scheme = "https"
        # A short poll: shutting down waits for the loop's next look.
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        self.servers.append(server)
        return f"{scheme}://127.0.0.1:{server.server_address[1]}"

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> FakeApis:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- answering ----------------------------------------------------------

    def answer(
        self,
        system: str,
        method: str,
        target: str,
        headers: Mapping[str, str],
        body: bytes,
    ) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            log = self.log[system]
            url = urllib.parse.urlsplit(target)
            log.requests.append((method, url.path, url.query))
            number = len(log.requests)
            reads = HUBSPOT_READS if system == "hubspot" else SALESFORCE_READS
            if not any(m == method and p.fullmatch(url.path) for m, p in reads):
                log.refused.append((method, url.path, url.query))
                return (
                    405,
                    {"Content-Type": "application/json"},
                    b'{"message": "not a read"}',
                )
            query = urllib.parse.parse_qs(url.query)
            if system == "hubspot":
                return self._hubspot(
                    method, url.path, query, headers, body=body, number=number
                )
            status, out, payload = self._salesforce(
                method, url.path, query, headers, body
            )
            self.faults.used += 1
            out["Sforce-Limit-Info"] = (
                f"api-usage={self.faults.used}/{self.faults.allocation}"
            )
            return status, out, payload

    def _data_page(self, log: Log) -> bool:
        """Whether one more data page may be served (False: a 503): after
        ``fail_after`` pages of both systems together, none is."""
        limit = self.faults.fail_after
        if limit is not None and self.data_pages >= limit:
            return False
        log.data_pages += 1
        self.data_pages += 1
        return True

    @staticmethod
    def _json(
        status: int, value: object, **headers: str
    ) -> tuple[int, dict[str, str], bytes]:
        return (
            status,
            {"Content-Type": "application/json", **headers},
            json.dumps(value).encode(),
        )

    def _hubspot(
        self,
        method: str,
        path: str,
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        *,
        body: bytes,
        number: int,
    ) -> tuple[int, dict[str, str], bytes]:
        log = self.log["hubspot"]
        token = headers.get("Authorization", "")
        if self.faults.expired or token != f"Bearer {TOKEN}":
            return self._json(
                401,
                {
                    "status": "error",
                    "category": "EXPIRED_AUTHENTICATION",
                    "message": f"The OAuth token used to make this call expired: {token}",
                },
            )
        if number in self.faults.rate_limited:
            return self._json(
                429,
                {
                    "status": "error",
                    "category": "RATE_LIMITS",
                    "message": "You have reached your secondly limit.",
                },
                **{"Retry-After": self.faults.retry_after},
            )
        if method == "POST":
            return self._batch_read(path, body)
        if not self._data_page(log):
            return self._json(
                503, {"status": "error", "message": "Service Unavailable"}
            )
        limit = int((query.get("limit") or ["10"])[0])
        start = int((query.get("after") or ["0"])[0])
        if path.startswith("/crm/v3/owners"):
            items = self.owners
            page = items[start : start + min(limit, self.page_cap)]
        else:
            name = path.rsplit("/", 1)[1]
            hidden = self.hidden.get(name, set())
            items = [raw for raw in self.hubspot[name] if raw["id"] not in hidden]
            cap = 50 if "propertiesWithHistory" in query else 100
            chosen = self._names(query, "properties")
            history = self._names(query, "propertiesWithHistory")
            wanted = self._names(query, "associations")
            page = [
                self._cut(raw, chosen, history, wanted)
                for raw in items[start : start + min(limit, cap, self.page_cap)]
            ]
        answer: dict[str, Any] = {"results": page}
        end = start + len(page)
        if end < len(items):
            answer["paging"] = {"next": {"after": str(end), "link": f"?after={end}"}}
        log.counts[path] = log.counts.get(path, 0) + len(page)
        return self._json(200, answer)

    @staticmethod
    def _names(query: Mapping[str, list[str]], key: str) -> list[str]:
        return [n for value in query.get(key, ()) for n in value.split(",") if n]

    @staticmethod
    def _cut(
        raw: Mapping[str, Any],
        chosen: Sequence[str],
        history: Sequence[str],
        wanted: Sequence[str],
    ) -> dict[str, Any]:
        out = {
            k: v
            for k, v in raw.items()
            if k not in ("properties", "propertiesWithHistory", "associations")
        }
        properties = raw["properties"]
        out["properties"] = {n: properties.get(n) for n in [*chosen, "hs_object_id"]}
        kept = {n: raw.get("propertiesWithHistory", {}).get(n, []) for n in history}
        if history:
            out["propertiesWithHistory"] = {n: v for n, v in kept.items() if v}
        links = {n: v for n, v in raw.get("associations", {}).items() if n in wanted}
        if links:
            out["associations"] = links
        return out

    def _batch_read(self, path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        name = path.split("/")[4]
        asked = json.loads(body)
        by_id = {raw["id"]: raw for raw in self.hubspot[name]}
        found, errors = [], []
        for item in asked.get("inputs", []):
            raw = by_id.get(item["id"])
            if raw is None:
                errors.append(
                    {
                        "status": "error",
                        "category": "OBJECT_NOT_FOUND",
                        "message": f"Could not get some {name} objects",
                        "context": {"ids": [item["id"]]},
                    }
                )
            else:
                found.append(
                    self._cut(
                        raw,
                        asked.get("properties", []),
                        asked.get("propertiesWithHistory", []),
                        [],
                    )
                )
        answer: dict[str, Any] = {"status": "COMPLETE", "results": found}
        if errors:
            answer |= {"numErrors": len(errors), "errors": errors}
        return self._json(207 if errors else 200, answer)

    # -- Salesforce ----------------------------------------------------------

    def _salesforce(
        self,
        method: str,
        path: str,
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> tuple[int, dict[str, str], bytes]:
        log = self.log["salesforce"]
        token = headers.get("Authorization", "")
        if self.faults.expired or token != f"Bearer {SF_TOKEN}":
            return self._json(
                401,
                [
                    {
                        "message": f"Session expired or invalid: {token}",
                        "errorCode": "INVALID_SESSION_ID",
                    }
                ],
            )
        rest = path.removeprefix(f"/services/data/{VERSION}/")
        if rest.startswith("sobjects/"):
            return self._describe(rest.split("/")[1])
        if rest.startswith("jobs/query"):
            return self._bulk(method, rest, query, body)
        if rest.rstrip("/") == "query":
            soql = query["q"][0]
            if "count()" in soql:
                sobject = re.search(r"FROM (\w+)", soql)
                assert sobject is not None
                total = len(self.salesforce[sobject.group(1)])
                return self._json(
                    200, {"totalSize": total, "done": True, "records": []}
                )
            if not self._data_page(log):
                return self._json(
                    503,
                    [
                        {
                            "message": "Service Unavailable",
                            "errorCode": "SERVER_UNAVAILABLE",
                        }
                    ],
                )
            locator = f"01gFAKE{len(self.queries) + 1:011d}"
            self.queries[locator] = self._select(soql)
            return self._rest_page(locator, 0)
        locator, _, position = rest.removeprefix("query/").partition("-")
        if locator not in self.queries:
            return self._json(
                400,
                [
                    {
                        "message": "invalid query locator",
                        "errorCode": "INVALID_QUERY_LOCATOR",
                    }
                ],
            )
        if not self._data_page(log):
            return self._json(
                503,
                [{"message": "Service Unavailable", "errorCode": "SERVER_UNAVAILABLE"}],
            )
        return self._rest_page(locator, int(position))

    def _select(self, soql: str) -> list[dict[str, Any]]:
        roles = "(SELECT ContactId, Role, IsPrimary FROM OpportunityContactRoles)"
        sub = roles in soql
        soql = soql.replace(", " + roles, "")
        match = re.fullmatch(r"SELECT (.+) FROM (\w+)(?: WHERE Type = 'Queue')?", soql)
        assert match is not None, soql
        fields = match.group(1).split(", ")
        records = []
        for raw in self.salesforce[match.group(2)]:
            picked = _pick(raw, fields)
            if sub:
                picked["OpportunityContactRoles"] = raw.get("OpportunityContactRoles")
            records.append(picked)
        return records

    def _rest_page(self, locator: str, start: int) -> tuple[int, dict[str, str], bytes]:
        records = self.queries[locator]
        page = records[start : start + self.page_cap]
        end = start + len(page)
        answer: dict[str, Any] = {
            "totalSize": len(records) + self.faults.lie_total,
            "done": end >= len(records),
        }
        if end < len(records):
            answer["nextRecordsUrl"] = f"/services/data/{VERSION}/query/{locator}-{end}"
        answer["records"] = page
        return self._json(200, answer)

    def _describe(self, sobject: str) -> tuple[int, dict[str, str], bytes]:
        types: dict[str, str] = {"Id": "id"}
        _, table = SALESFORCE_FIELDS[sobject]
        for api, _, python_type in table:
            types[api] = "boolean" if python_type is bool else "string"
        for name in ("CreatedDate", "LastModifiedDate", "SystemModstamp"):
            types[name] = "datetime"
        if sobject == "Group":
            types["Type"] = "picklist"
        for raw in self.salesforce[sobject]:
            for name, value in _flat(raw).items():
                if "." not in name and value is not None:
                    types.setdefault(name, _sf_type(value))
        for name, kind in self.mapped.get(sobject, {}).items():
            types.setdefault(name, kind)
        lacks = self.missing_fields.get(sobject, set())
        fields = [
            {"name": n, "type": t, "label": n}
            for n, t in types.items()
            if n not in lacks
        ]
        return self._json(200, {"name": sobject, "fields": fields})

    def _bulk(
        self, method: str, rest: str, query: Mapping[str, list[str]], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        parts = rest.split("/")
        if method == "POST":
            asked = json.loads(body)
            assert asked["operation"] == "query", asked
            created = f"750FAKE{len(self.jobs) + 1:08d}AAA"
            match = re.fullmatch(
                r"SELECT (.+) FROM (\w+)(?: WHERE .*)?", asked["query"]
            )
            assert match is not None
            fields = match.group(1).split(", ")
            rows = [
                [_csv_text(_flat(raw).get(f)) for f in fields]
                for raw in self.salesforce[match.group(2)]
            ]
            self.jobs[created] = {
                "fields": fields,
                "rows": rows,
                "polls": 0,
                "object": match.group(2),
            }
            return self._json(
                200,
                {
                    "id": created,
                    "operation": "query",
                    "object": match.group(2),
                    "state": "UploadComplete",
                },
            )
        job: dict[str, Any] = self.jobs[parts[2]]
        if len(parts) == 3:
            job["polls"] += 1
            done = job["polls"] > 1
            return self._json(
                200,
                {
                    "id": parts[2],
                    "object": job["object"],
                    "state": "JobComplete" if done else "InProgress",
                    **(
                        {
                            "numberRecordsProcessed": len(job["rows"])
                            + self.faults.lie_total
                        }
                        if done
                        else {}
                    ),
                },
            )
        if not self._data_page(self.log["salesforce"]):
            return self._json(
                503,
                [{"message": "Service Unavailable", "errorCode": "SERVER_UNAVAILABLE"}],
            )
        start = int((query.get("locator") or ["0"])[0])
        cap = min(int((query.get("maxRecords") or ["50000"])[0]), self.page_cap)
        rows = job["rows"][start : start + cap]
        end = start + len(rows)
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(job["fields"])
        writer.writerows(rows)
        return (
            200,
            {
                "Content-Type": "text/csv",
                "Sforce-Locator": str(end) if end < len(job["rows"]) else "null",
                "Sforce-NumberOfRecords": str(len(rows)),
            },
            out.getvalue().encode(),
        )


def every_request(fake: FakeApis) -> Iterator[tuple[str, str, str]]:
    """Every request both fakes received: (system, method, path)."""
    for system, log in fake.log.items():
        for method, path, _ in log.requests:
            yield system, method, path


class Run:
    """Fetches from a fake with tiny waits, recording them."""

    def __init__(self, fake: FakeApis, snapshot: Snapshot) -> None:
        self.fake = fake
        self.snapshot = snapshot
        self.waits: list[float] = []

    def access(self) -> dict[str, Any]:
        return {
            "hubspot": HubSpotAccess(token=TOKEN, base_url=self.fake.hubspot_url),
            "salesforce": SalesforceAccess(
                instance_url=self.fake.salesforce_url,
                access_token=SF_TOKEN,
                ca_bundle=self.fake.certificate,
            ),
            "secrets": Secrets.of([TOKEN, SF_TOKEN]),
        }

    def __call__(self, folder: Path, **options: Any) -> FetchResult:
        access = self.access()
        for system in ("hubspot", "salesforce"):
            if system in options:
                access[system] = options.pop(system)
        chosen: dict[str, Any] = {
            "hubspot_rate": None,
            "bulk_threshold": 4,
            "poll_interval": 0.0,
            "retries": 1,
            "backoff": 0.01,
            "sleep": self.waits.append,
        }
        chosen.update(options)
        return fetch_export(
            folder,
            self.snapshot.settings,
            options=FetchOptions(**chosen),
            progress=Progress(None),
            **access,
        )
