"""Fetch a snapshot straight from a HubSpot portal and a Salesforce org,
read-only (issue 19; docs/fetch.md).

An I/O layer on top of the codec: it calls the two systems through their
official clients (the optional extra ``crmsync-rules[fetch]``:
``hubspot-api-client``, ``simple-salesforce``) and writes the export
folder that ``crmsync-rules plan`` reads. The core never imports it.

- `fetch_export`: the whole fetch, resumable from its manifests;
- `FetchOptions`, `FetchResult`: its pacing, and what it did;
- `load_access`: the credentials, from the environment or a file;
- `select`, `Selection`: the properties and fields asked for;
- the errors, each with its exit status (`FetchError` and subclasses).
"""

from __future__ import annotations

from ._errors import (
    AllocationReached,
    CredentialsError,
    FetchError,
    FetchInterrupted,
    IncompleteFetch,
    MissingExtra,
)
from ._progress import Progress
from ._run import FetchOptions, FetchResult, fetch_export, require_clients
from ._secrets import ENVIRONMENT, HubSpotAccess, SalesforceAccess, Secrets, load_access
from ._selection import Selection, select

__all__ = [
    "ENVIRONMENT",
    "AllocationReached",
    "CredentialsError",
    "FetchError",
    "FetchInterrupted",
    "FetchOptions",
    "FetchResult",
    "HubSpotAccess",
    "IncompleteFetch",
    "MissingExtra",
    "Progress",
    "SalesforceAccess",
    "Secrets",
    "Selection",
    "fetch_export",
    "load_access",
    "require_clients",
    "select",
]
