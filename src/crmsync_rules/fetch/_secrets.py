"""Credentials: where they come from (environment variables or a JSON file
named on the command line), and their removal from every message.

The values are never printed, logged or written into the export; the
only way out of this module is to the clients, and every error message a
fetch makes goes through `Secrets.scrub`.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

import attrs

from ._errors import CredentialsError

__all__ = [
    "ENVIRONMENT",
    "HubSpotAccess",
    "SalesforceAccess",
    "Secrets",
    "load_access",
]

HUBSPOT_API: Final = "https://api.hubapi.com"

ENVIRONMENT: Final = {
    "CRMSYNC_HUBSPOT_TOKEN": "HubSpot private-app access token",
    "CRMSYNC_HUBSPOT_URL": f"HubSpot API base URL (default {HUBSPOT_API})",
    "CRMSYNC_SALESFORCE_INSTANCE_URL": "Salesforce instance URL "
    "(https://yourorg.my.salesforce.com), with an access token",
    "CRMSYNC_SALESFORCE_ACCESS_TOKEN": "Salesforce OAuth access token (session id)",
    "CRMSYNC_SALESFORCE_USERNAME": "Salesforce username, instead of a token",
    "CRMSYNC_SALESFORCE_PASSWORD": "its password",
    "CRMSYNC_SALESFORCE_SECURITY_TOKEN": "its security token",
    "CRMSYNC_SALESFORCE_DOMAIN": "login (the default) or test (a sandbox)",
    "CRMSYNC_SALESFORCE_CA_BUNDLE": "certificates to trust instead of the system's",
}
"""The environment variables a fetch reads, and what each holds."""

REDACTED: Final = "[redacted]"


@attrs.frozen(kw_only=True, repr=False)
class HubSpotAccess:
    """A HubSpot private app's token and the API's base URL."""

    token: str
    base_url: str = HUBSPOT_API

    def __repr__(self) -> str:
        return f"HubSpotAccess(base_url={self.base_url!r}, token={REDACTED})"


@attrs.frozen(kw_only=True, repr=False)
class SalesforceAccess:
    """What simple-salesforce takes: an instance URL and an OAuth access
    token, or a username, password and security token (and the login
    domain). ``ca_bundle``: a file of certificates to trust (a company
    proxy's, or a test server's) instead of the system's."""

    instance_url: str | None = None
    access_token: str | None = None
    username: str | None = None
    password: str | None = None
    security_token: str | None = None
    domain: str | None = None
    ca_bundle: str | None = None

    def __repr__(self) -> str:
        return f"SalesforceAccess(instance_url={self.instance_url!r}, ...)"


@attrs.frozen(kw_only=True)
class Secrets:
    """The credential values of a run, to take out of any text.

    >>> Secrets.of(["s3cr3t-token"]).scrub("401: token s3cr3t-token expired")
    '401: token [redacted] expired'
    """

    values: tuple[str, ...] = ()

    @classmethod
    def of(cls, values: Iterable[str | None]) -> Secrets:
        """The secrets among *values* (empty ones left out), each with its
        URL-encoded forms, longest first so that none is left half-shown."""
        forms: set[str] = set()
        for value in values:
            if value:
                forms.update(
                    {
                        value,
                        urllib.parse.quote(value),
                        urllib.parse.quote(value, safe=""),
                        urllib.parse.quote_plus(value),
                    }
                )
        return cls(values=tuple(sorted(forms, key=len, reverse=True)))

    def scrub(self, text: str) -> str:
        """*text* with every secret replaced by ``[redacted]``."""
        for value in self.values:
            text = text.replace(value, REDACTED)
        return text


def _pick(
    given: Mapping[str, object], key: str, env: Mapping[str, str], name: str
) -> str | None:
    value = given.get(key)
    if isinstance(value, str) and value:
        return value
    return env.get(name) or None


def load_access(
    file: str | None, env: Mapping[str, str] | None = None
) -> tuple[HubSpotAccess | None, SalesforceAccess | None, Secrets]:
    """The credentials of each system, from *file* (``{"hubspot":
    {"token", "base_url"}, "salesforce": {"instance_url", "access_token",
    "username", "password", "security_token", "domain", "ca_bundle"}}``)
    where it gives them, else from the environment (`ENVIRONMENT`); a
    system with none is ``None``. Raises `CredentialsError` for a file that
    cannot be read, never quoting it."""
    env = os.environ if env is None else env
    data: Mapping[str, object] = {}
    if file is not None:
        try:
            loaded = json.loads(Path(file).read_text("utf-8"))
        except OSError as exc:
            raise CredentialsError(
                f"{file}: cannot be read ({exc.strerror or type(exc).__name__})"
            ) from None
        except ValueError:
            raise CredentialsError(
                f"{file}: not a JSON object of credentials (its content is not shown)"
            ) from None
        if not isinstance(loaded, Mapping):
            raise CredentialsError(f"{file}: not a JSON object of credentials")
        data = loaded
    hub = data.get("hubspot")
    hub = hub if isinstance(hub, Mapping) else {}
    sf = data.get("salesforce")
    sf = sf if isinstance(sf, Mapping) else {}
    token = _pick(hub, "token", env, "CRMSYNC_HUBSPOT_TOKEN")
    hubspot = (
        HubSpotAccess(
            token=token,
            base_url=_pick(hub, "base_url", env, "CRMSYNC_HUBSPOT_URL") or HUBSPOT_API,
        )
        if token
        else None
    )
    fields = {
        "instance_url": "CRMSYNC_SALESFORCE_INSTANCE_URL",
        "access_token": "CRMSYNC_SALESFORCE_ACCESS_TOKEN",
        "username": "CRMSYNC_SALESFORCE_USERNAME",
        "password": "CRMSYNC_SALESFORCE_PASSWORD",
        "security_token": "CRMSYNC_SALESFORCE_SECURITY_TOKEN",
        "domain": "CRMSYNC_SALESFORCE_DOMAIN",
        "ca_bundle": "CRMSYNC_SALESFORCE_CA_BUNDLE",
    }
    values = {key: _pick(sf, key, env, name) for key, name in fields.items()}
    salesforce = (
        SalesforceAccess(**values)
        if values["access_token"] or values["username"]
        else None
    )
    if (
        salesforce is not None
        and not salesforce.instance_url
        and salesforce.access_token
    ):
        raise CredentialsError(
            "a Salesforce access token needs its instance URL "
            "(CRMSYNC_SALESFORCE_INSTANCE_URL)"
        )
    if (
        salesforce is not None
        and not salesforce.access_token
        and not salesforce.password
    ):
        raise CredentialsError(
            "a Salesforce username needs its password (CRMSYNC_SALESFORCE_PASSWORD)"
        )
    secrets = Secrets.of(
        [
            token,
            values["access_token"],
            values["password"],
            values["security_token"],
        ]
    )
    return hubspot, salesforce, secrets
