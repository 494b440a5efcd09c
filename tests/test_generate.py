"""The benchmark data generator: readable, deterministic, streaming, and of
the shape issue 7 asks for."""

from __future__ import annotations

import collections
import datetime as dt
import importlib.util
import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from crmsync_rules import (
    IntegrationSettings,
    SalesforceContact,
    SalesforceLead,
    SalesforceOpportunity,
)
from crmsync_rules.codec import UnreadableLine, iter_ndjson
from crmsync_rules.model import email_key
from crmsync_rules.planner import PlanAction, plan_stream

_PATH = Path(__file__).parent.parent / "benchmarks" / "generate.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crmsync_benchmarks_generate", _PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate_module = _load()


def _lines(contacts: int, *, seed: int = 1, portal: str = "legacy") -> list[str]:
    lines: list[str] = list(
        generate_module.generate(contacts, seed=seed, portal=portal)
    )
    return lines


@pytest.fixture(scope="module")
def sample() -> list[dict[str, Any]]:
    return [json.loads(line) for line in _lines(4000, seed=7)]


@pytest.mark.parametrize("portal", ["legacy", "new"])
def test_every_generated_line_is_readable(portal: str) -> None:
    values = list(iter_ndjson(_lines(1500, seed=3, portal=portal), source="gen"))
    assert [v for v in values if isinstance(v, UnreadableLine)] == []
    assert isinstance(values[0], IntegrationSettings)
    assert not any(isinstance(v, IntegrationSettings) for v in values[1:])


def test_portals_straddle_the_sync3_boundary() -> None:
    """SYNC-3: the generated portals straddle its boundary day, 2017-06-22."""
    boundary = dt.date(2017, 6, 22)
    legacy = next(iter_ndjson(_lines(0, portal="legacy")))
    new = next(iter_ndjson(_lines(0, portal="new")))
    assert isinstance(legacy, IntegrationSettings)
    assert isinstance(new, IntegrationSettings)
    assert legacy.integrated_on < boundary
    assert legacy.inclusion_list is None
    assert new.integrated_on > boundary


def test_same_seed_same_lines_other_seed_other_lines() -> None:
    assert _lines(300, seed=5) == _lines(300, seed=5)
    assert _lines(300, seed=5) != _lines(300, seed=6)


def test_generation_streams() -> None:
    lines = generate_module.generate(10**12, seed=1)
    assert isinstance(lines, Iterator)
    # A trillion contacts: only what is taken is ever built.
    first = list(itertools.islice(lines, 2000))
    assert len(first) == 2000


def test_main_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "snapshot.ndjson"
    assert (
        generate_module.main(["--contacts", "50", "--seed", "2", "--out", str(out)])
        == 0
    )
    assert out.read_text(encoding="utf-8").splitlines() == _lines(50, seed=2)


def test_shape_counts(sample: list[dict[str, Any]]) -> None:
    kinds = collections.Counter(record["type"] for record in sample)
    assert kinds["hubspot_contact"] == 4000
    assert kinds["salesforce_lead"] + kinds["salesforce_contact"] == 4000
    assert 200 <= kinds["salesforce_user"] <= 500
    assert kinds["salesforce_queue"] > 0
    assert kinds["hubspot_owner"] > 0
    assert kinds["salesforce_opportunity"] > 0
    users = [r for r in sample if r["type"] == "salesforce_user"]
    assert any(r.get("is_active") is False for r in users)
    assert any("user_type" in r for r in users)


def test_shape_duplicates_idn_and_opt_outs(sample: list[dict[str, Any]]) -> None:
    hubspot = [r for r in sample if r["type"] == "hubspot_contact"]
    salesforce = [
        r for r in sample if r["type"] in ("salesforce_lead", "salesforce_contact")
    ]
    hubspot_keys = {email_key(r["email"]) for r in hubspot if "email" in r}
    assert len(hubspot_keys) == sum(1 for r in hubspot if "email" in r)
    twins = [
        r["email"]
        for r in salesforce
        if "email" in r and email_key(r["email"]) in hubspot_keys
    ]
    assert 0.17 <= len(twins) / len(salesforce) <= 0.23
    # Twins are spelled differently from the HubSpot address, never identically.
    assert not set(twins) & {r["email"] for r in hubspot if "email" in r}
    assert any(t != t.strip() for t in twins)
    addresses = [r["email"] for r in hubspot + salesforce if "email" in r]
    idn = [a for a in addresses if not a.rpartition("@")[2].isascii()]
    assert 0.005 <= len(idn) / len(addresses) <= 0.02
    domains = {email_key(a).rpartition("@")[2] for a in addresses}
    assert len(domains) > 1000
    unsubscribed = sum(1 for r in hubspot if r.get("unsubscribed"))
    opted_out = sum(1 for r in salesforce if r.get("has_opted_out_of_email"))
    assert 0.035 <= unsubscribed / len(hubspot) <= 0.065
    assert 0.035 <= opted_out / len(salesforce) <= 0.065


def test_shape_accounts_and_contact_roles() -> None:
    values = list(iter_ndjson(_lines(3000, seed=11)))
    contacts = [v for v in values if isinstance(v, SalesforceContact)]
    sizes = collections.Counter(c.account_id for c in contacts)
    assert min(sizes.values()) == 1
    assert max(sizes.values()) == 20
    members = {c.id: c.account_id for c in contacts}
    opportunities = [v for v in values if isinstance(v, SalesforceOpportunity)]
    roles = [(o, r) for o in opportunities for r in o.contact_roles]
    assert roles
    assert all(members[r.contact_id] == o.account_id for o, r in roles)
    assert any(isinstance(v, SalesforceLead) for v in values)


@pytest.mark.parametrize("portal", ["legacy", "new"])
def test_every_generated_reference_resolves(portal: str) -> None:
    """The planner rejects records whose owner, account or contact role is
    missing (ERR-1, INVALID_CROSS_REFERENCE_KEY); generated data has none, so
    the benchmarks plan every record."""
    entries = list(plan_stream(iter_ndjson(_lines(1500, seed=3, portal=portal))))
    dangling = [
        e
        for e in entries
        if e.action is PlanAction.REJECTED
        and any("not in the snapshot" in r.detail for r in e.reasons)
    ]
    assert dangling == []
    owned = [e for e in entries if e.owner is not None]
    assert len(owned) > 1000
