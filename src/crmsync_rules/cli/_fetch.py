"""``crmsync-rules fetch OUTDIR``: a portal's and an org's records, read
through the official clients into the export folder ``plan`` reads
(docs/fetch.md). The work is `crmsync_rules.fetch`'s; this module is its
arguments, its messages and its exit statuses."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import textwrap
from pathlib import Path
from typing import Any, Final, TextIO

from crmsync_rules.codec._convert import structure
from crmsync_rules.codec._json import parse_json
from crmsync_rules.fetch import (
    ENVIRONMENT,
    FetchError,
    FetchOptions,
    Progress,
    Secrets,
    fetch_export,
    load_access,
    require_clients,
    select,
)
from crmsync_rules.model._settings import IntegrationSettings

__all__ = ["add_fetch_parser", "cmd_fetch"]

_VARIABLES = "\n".join(f"  {name:<34} {what}" for name, what in ENVIRONMENT.items())
_EPILOG: Final = f"""\
examples:
  crmsync-rules fetch --settings settings.json exports/
  crmsync-rules plan exports/
  crmsync-rules fetch --credentials creds.json --bulk-threshold 50000 exports/

credentials (never printed, logged or written; the file's values win):
{_VARIABLES}
  --credentials FILE: {{"hubspot": {{"token": ...}}, "salesforce": {{"instance_url":
  ..., "access_token": ...}}}} (or "username", "password", "security_token")

Run it again with the same OUTDIR to resume an interrupted fetch.

exit status:
  0  fetched, and the export passes the readers' completeness checks
  2  no or refused credentials, the clients not installed
     (pip install 'crmsync-rules[fetch]'), an export the readers refuse
     (a count the pages do not add up to), or a usage error
  3  interrupted (a server error after its retries): run again to resume
  4  stopped before using more than --max-share of the Salesforce org's
     daily API allocation: run again once the usage has dropped
"""


def add_fetch_parser(commands: Any) -> None:
    """The ``fetch`` command's arguments, on the parser's *commands*."""
    fetch = commands.add_parser(
        "fetch",
        help="fetch an export from HubSpot and Salesforce, read-only",
        description=textwrap.fill(
            "Read a HubSpot portal's and a Salesforce org's records through "
            "their official clients (never writing to either) into OUTDIR, "
            "the export folder that plan reads: only the properties and "
            "fields the settings' mappings and the rules need.",
            width=79,
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fetch.add_argument("outdir", metavar="OUTDIR", help="the export folder")
    fetch.add_argument(
        "--settings",
        metavar="FILE",
        help="integration settings JSON: its mappings say which properties and "
        "fields to fetch (copied into OUTDIR); default: none mapped",
    )
    fetch.add_argument("--credentials", metavar="FILE", help="credentials JSON")
    fetch.add_argument(
        "--hubspot-rate",
        type=float,
        default=9.0,
        metavar="N",
        help="HubSpot requests a second at most (default 9)",
    )
    fetch.add_argument(
        "--bulk-threshold",
        type=int,
        default=20_000,
        metavar="N",
        help="Salesforce objects of more records are fetched by Bulk API 2.0 "
        "(default 20000)",
    )
    fetch.add_argument(
        "--max-share",
        type=float,
        default=75.0,
        metavar="PERCENT",
        help="stop before the org's API usage passes this share of its daily "
        "allocation (default 75, ERR-2's)",
    )
    fetch.add_argument(
        "--retries",
        type=int,
        default=3,
        metavar="N",
        help="retries of a server error or a 429 (default 3)",
    )


def _settings(path: str | None) -> IntegrationSettings:
    if path is None:
        # Only the mappings and the inclusion list choose what is fetched.
        return IntegrationSettings(integrated_on=dt.date(2000, 1, 1))
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise FetchError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return structure(parse_json(data, source=path), IntegrationSettings, source=path)


def cmd_fetch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Fetch into ``args.outdir``; the exit status (module docstring)."""
    secrets = Secrets()
    try:
        require_clients()
        settings = _settings(args.settings)
        hubspot, salesforce, secrets = load_access(args.credentials)
        selection = select(settings)
        print("fetching only:", file=err)
        for line in selection.lines():
            print(f"  {line}", file=err)
        folder = Path(args.outdir)
        result = fetch_export(
            folder,
            settings,
            hubspot=hubspot,
            salesforce=salesforce,
            secrets=secrets,
            options=FetchOptions(
                hubspot_rate=args.hubspot_rate or None,
                bulk_threshold=args.bulk_threshold,
                share=args.max_share / 100,
                retries=args.retries,
            ),
            progress=Progress(err),
        )
    except FetchError as exc:
        print(f"crmsync-rules fetch: {secrets.scrub(str(exc))}", file=err)
        return exc.status
    except OSError as exc:  # OUTDIR cannot be written
        print(f"crmsync-rules fetch: {secrets.scrub(str(exc))}", file=err)
        return 2
    if args.settings is not None:
        shutil.copyfile(args.settings, folder / "settings.json")
    for name, count in result.records.items():
        print(f"{name}: {count:,} records", file=out)
    for system, calls in result.calls.items():
        print(f"{system} calls: {calls}", file=out)
    for note in result.notes:
        print(f"note: {note}", file=err)
    plan = f"crmsync-rules plan {args.outdir}"
    if args.settings is None:
        plan = f"crmsync-rules plan --settings SETTINGS {args.outdir}"
    print(f"complete: {len(result.recognised)} files; plan it with: {plan}", file=out)
    return 0
