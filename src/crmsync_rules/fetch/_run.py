"""A whole fetch (`fetch_export`): each system's records into one folder,
then the folder read back by the readers `crmsync-rules plan` uses, so
that a fetch that ends well is an export the planner takes whole."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from crmsync_rules.codec._exports import Document, Recognised
from crmsync_rules.codec._read_export import read_export
from crmsync_rules.model._errors import SnapshotError
from crmsync_rules.model._settings import IntegrationSettings

from ._errors import FetchError, IncompleteFetch, MissingExtra
from ._hubspot import HubSpotFetch
from ._pace import Pacer
from ._progress import Progress
from ._salesforce import DEFAULT_SHARE, SalesforceFetch
from ._secrets import HubSpotAccess, SalesforceAccess, Secrets
from ._selection import Selection, select

__all__ = ["FetchOptions", "FetchResult", "fetch_export", "require_clients"]

INSTALL = "pip install 'crmsync-rules[fetch]'"


def require_clients() -> None:
    """Raise `MissingExtra`, saying how to install them, unless both
    official clients are importable."""
    missing = []
    for module, package in (
        ("hubspot", "hubspot-api-client"),
        ("simple_salesforce", "simple-salesforce"),
    ):
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(package)
    if missing:
        raise MissingExtra(
            f"fetch needs {' and '.join(missing)}, which are not installed: {INSTALL}"
        )


@attrs.frozen(kw_only=True)
class FetchOptions:
    """How a fetch paces itself (docs/fetch.md).

    ``hubspot_rate``: HubSpot requests a second at most; ``bulk_threshold``:
    a Salesforce object of more records is fetched by Bulk API 2.0;
    ``share``: the share of the org's daily API allocation the run stops
    before exceeding; ``retries`` and ``backoff``: server errors retried
    after 1, 2, 4... times ``backoff`` seconds; ``poll_interval``: seconds
    between polls of a Bulk API job; ``bulk_page_size``: ``maxRecords`` per
    result set (None: Salesforce's choice); ``sleep``: how to wait (tests
    pass one that records the waits).
    """

    hubspot_rate: float | None = 9.0
    bulk_threshold: int = 20_000
    share: float = DEFAULT_SHARE
    retries: int = 3
    backoff: float = 1.0
    poll_interval: float = 2.0
    bulk_page_size: int | None = None
    sleep: Callable[[float], None] = time.sleep


@attrs.frozen(kw_only=True)
class FetchResult:
    """What a finished fetch did: the selection asked, the files as the
    readers recognised them, the records per object, the calls made,
    and notes (fields the org lacks, left out)."""

    selection: Selection
    recognised: Sequence[Recognised]
    records: dict[str, int]
    calls: dict[str, str]
    notes: Sequence[str]


def export_documents(folder: Path) -> list[Document]:
    """The export's files as the command line reads a folder: every level
    down, sorted, hidden names left out."""
    paths = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
    return [Document(str(path), path.read_bytes()) for path in paths]


def fetch_export(
    folder: Path,
    settings: IntegrationSettings,
    *,
    hubspot: HubSpotAccess | None,
    salesforce: SalesforceAccess | None,
    secrets: Secrets,
    options: FetchOptions | None = None,
    progress: Progress | None = None,
) -> FetchResult:
    """Fetch both systems' records into *folder* (resuming what its
    manifests say is done), then check it as `crmsync-rules plan` would.

    Raises `FetchError` (each subclass with its exit status): no
    credentials, refused credentials, an interruption (resumable), the
    allocation share reached (resumable), an incomplete export.
    """
    require_clients()
    if hubspot is None and salesforce is None:
        raise FetchError(
            "no credentials: set CRMSYNC_HUBSPOT_TOKEN and the CRMSYNC_SALESFORCE_* "
            "variables, or give --credentials FILE (docs/fetch.md)"
        )
    options = options or FetchOptions()
    progress = progress or Progress(None)
    selection = select(settings)
    notes: list[str] = []
    calls: dict[str, str] = {}
    folder.mkdir(parents=True, exist_ok=True)
    if hubspot is not None:
        pacer = Pacer(
            rate=options.hubspot_rate,
            retries=options.retries,
            backoff=options.backoff,
            sleep=options.sleep,
        )
        HubSpotFetch(
            hubspot,
            selection,
            folder / "hubspot",
            pacer=pacer,
            progress=progress,
            secrets=secrets,
        ).run()
        calls["HubSpot"] = f"{pacer.calls:,}"
    if salesforce is not None:
        pacer = Pacer(
            retries=options.retries, backoff=options.backoff, sleep=options.sleep
        )
        side = SalesforceFetch(
            salesforce,
            selection,
            folder / "salesforce",
            pacer=pacer,
            progress=progress,
            secrets=secrets,
            bulk_threshold=options.bulk_threshold,
            share=options.share,
            poll_interval=options.poll_interval,
            bulk_page_size=options.bulk_page_size,
        )
        side.run()
        notes.extend(side.notes)
        calls["Salesforce"] = str(side.usage)
    progress.finish()
    try:
        read = read_export(export_documents(folder))
    except SnapshotError as exc:
        raise IncompleteFetch(
            "the fetched export fails the readers' checks, so plan would refuse "
            f"it: {'; '.join(exc.problems)}"
        ) from None
    return FetchResult(
        selection=selection,
        recognised=read.recognised,
        records=dict(progress.records),
        calls=calls,
        notes=(*notes, *read.notes),
    )
