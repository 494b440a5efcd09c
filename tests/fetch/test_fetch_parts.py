"""The parts of a fetch on their own: what it asks for, where its
credentials come from and how they are hidden, how it paces itself, and
when it shows progress."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from crmsync_rules.fetch import CredentialsError, Progress, Secrets, load_access, select
from crmsync_rules.fetch._pace import Pacer
from crmsync_rules.mappings import (
    FieldMapping,
    HubSpotFieldType,
    HubSpotPropertyType,
    SalesforceFieldType,
)
from crmsync_rules.model import HubSpotObject, IntegrationSettings, SalesforceObject


def _settings(*mappings: FieldMapping) -> IntegrationSettings:
    return IntegrationSettings(integrated_on=dt.date(2024, 1, 1), mappings=mappings)


def _mapping(hubspot: str, salesforce: str, sobject: SalesforceObject) -> FieldMapping:
    return FieldMapping(
        hubspot_object=HubSpotObject.CONTACT,
        hubspot_property=hubspot,
        hubspot_type=HubSpotPropertyType.STRING,
        hubspot_field_type=HubSpotFieldType.TEXT,
        salesforce_object=sobject,
        salesforce_field=salesforce,
        salesforce_type=SalesforceFieldType.STRING,
    )


def test_the_selection_is_the_named_fields_and_the_mapped_ones() -> None:
    plain = select(_settings())
    mapped = select(
        _settings(
            _mapping("jobtitle", "Title", SalesforceObject.CONTACT),
            _mapping("favorite_color__c", "Color__c", SalesforceObject.LEAD),
        )
    )
    contacts = mapped.properties[HubSpotObject.CONTACT]
    assert contacts == (
        *plain.properties[HubSpotObject.CONTACT],
        "jobtitle",
        "favorite_color__c",
    )
    assert mapped.history[HubSpotObject.CONTACT] == (
        "jobtitle",
        "favorite_color__c",
        "email",
        "hs_email_optout",
    )
    assert mapped.history[HubSpotObject.COMPANY] == ()
    assert mapped.fields["Contact"] == (*plain.fields["Contact"], "Title")
    assert mapped.fields["Lead"] == (*plain.fields["Lead"], "Color__c")
    assert mapped.fields["Account"] == plain.fields["Account"]
    assert "Salesforce Lead: Id, Email" in "\n".join(mapped.lines())


def test_a_property_mapped_twice_is_asked_once() -> None:
    chosen = select(
        _settings(
            _mapping("email", "Email", SalesforceObject.CONTACT),
            _mapping("email", "Email", SalesforceObject.LEAD),
        )
    )
    assert chosen.properties[HubSpotObject.CONTACT].count("email") == 1
    assert chosen.history[HubSpotObject.CONTACT] == ("email", "hs_email_optout")
    assert chosen.fields["Lead"].count("Email") == 1


def test_credentials_come_from_the_file_before_the_environment(tmp_path: Path) -> None:
    env = {
        "CRMSYNC_HUBSPOT_TOKEN": "env-token",
        "CRMSYNC_SALESFORCE_USERNAME": "ada@example.com",
        "CRMSYNC_SALESFORCE_PASSWORD": "pw-from-env",
        "CRMSYNC_SALESFORCE_SECURITY_TOKEN": "st-from-env",
    }
    hubspot, salesforce, secrets = load_access(None, env)
    assert hubspot is not None
    assert hubspot.token == "env-token"
    assert salesforce is not None
    assert salesforce.username == "ada@example.com"
    file = tmp_path / "credentials.json"
    file.write_text(json.dumps({"hubspot": {"token": "file-token"}}))
    hubspot, _, secrets = load_access(str(file), env)
    assert hubspot is not None
    assert hubspot.token == "file-token"
    text = secrets.scrub("file-token pw-from-env st-from-env ada@example.com")
    assert text == "[redacted] [redacted] [redacted] ada@example.com"
    assert "file-token" not in repr(hubspot)


def test_incomplete_or_unreadable_credentials_are_refused_unquoted(
    tmp_path: Path,
) -> None:
    with pytest.raises(CredentialsError, match="instance URL"):
        load_access(None, {"CRMSYNC_SALESFORCE_ACCESS_TOKEN": "t0ken"})
    with pytest.raises(CredentialsError, match="needs its password"):
        load_access(None, {"CRMSYNC_SALESFORCE_USERNAME": "ada@example.com"})
    file = tmp_path / "credentials.json"
    file.write_text('{"hubspot": {"token": "half-a-secr')
    with pytest.raises(CredentialsError) as broken:
        load_access(str(file), {})
    assert "half-a-secr" not in str(broken.value)
    with pytest.raises(CredentialsError, match="cannot be read"):
        load_access(str(tmp_path / "none.json"), {})


def test_secrets_are_scrubbed_in_their_url_encoded_forms_too() -> None:
    secrets = Secrets.of(["a b/c+d", None, ""])
    assert secrets.scrub("q=a%20b%2Fc%2Bd&r=a+b%2Fc%2Bd and a b/c+d") == (
        "q=[redacted]&r=[redacted] and [redacted]"
    )


def test_the_pacer_keeps_the_rate_and_retries_what_it_is_told() -> None:
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    pacer = Pacer(rate=4.0, retries=2, sleep=sleep, clock=lambda: now[0])
    for _ in range(3):
        pacer.call(lambda: None, lambda exc, attempt: None)
    assert waits == [0.25, 0.25]
    failures = iter([OSError("reset"), OSError("reset")])

    def flaky() -> str:
        error = next(failures, None)
        if error is not None:
            raise error
        return "page"

    waits.clear()
    assert pacer.call(flaky, lambda exc, attempt: 10.0 * (attempt + 1)) == "page"
    # Its turn at the rate, then the retries' waits (which keep the rate).
    assert waits == [0.25, 10.0, 20.0]
    assert pacer.calls == 6
    with pytest.raises(ValueError, match="no retry"):
        pacer.call(lambda: int("no retry"), lambda exc, attempt: None)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only() -> None:
    quiet = io.StringIO()
    Progress(quiet).add("Salesforce Lead", 2_000)
    assert quiet.getvalue() == ""
    now = [0.0]
    terminal = _Terminal()
    progress = Progress(terminal, clock=lambda: now[0])
    progress.calls["Salesforce"] = lambda: "3"
    progress.total("Salesforce Lead", 10_000)
    now[0] = 60.0
    progress.add("Salesforce Lead", 2_000)
    line = terminal.getvalue()
    assert line.startswith("\rSalesforce Lead: 2,000 of 10,000 records")
    assert "calls: Salesforce 3" in line
    assert "about 4:00 left" in line  # 8,000 more at 2,000 a minute
