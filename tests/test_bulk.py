"""The garbage-collector policy for bulk work (issue 7) is the caller's:
the library's functions never touch the process-wide collector, and
`crmsync_rules.bulk.bulk_collection` is the policy the command line enters
(issue 14)."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest

import crmsync_rules as cr
from crmsync_rules.bulk import bulk_collection, collector_paused
from crmsync_rules.cli._main import main
from crmsync_rules.codec import dumps_snapshot, loads_snapshot
from crmsync_rules.planner import plan_stream


@pytest.fixture
def collector_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call the code makes to the collector's switches."""
    calls: list[str] = []
    for name in ("disable", "enable", "freeze", "unfreeze"):
        original: Callable[[], None] = getattr(gc, name)

        def recorded(name: str = name, original: Callable[[], None] = original) -> None:
            calls.append(name)
            original()

        monkeypatch.setattr(gc, name, recorded)
    return calls


def _values() -> list[object]:
    snapshot = cr.sample_snapshot()
    return [snapshot.settings, *snapshot.records()]


def test_planning_never_touches_the_collector(collector_calls: list[str]) -> None:
    snapshot = cr.sample_snapshot()
    entries = list(plan_stream([snapshot.settings, *snapshot.records()]))
    assert len(entries) == len(cr.plan(snapshot).entries)
    text = dumps_snapshot(snapshot)
    assert loads_snapshot(text) == snapshot
    assert collector_calls == []


def test_dup1_resolution_never_touches_the_collector(
    collector_calls: list[str],
) -> None:
    """DUP-1: resolution never touches the collector."""
    snapshot = cr.sample_snapshot()
    cr.resolve_duplicate(snapshot.salesforce.leads, hubspot=snapshot.hubspot)
    assert collector_calls == []


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_paused_restores_the_callers_setting(enabled: bool) -> None:
    # The doctest sees only an enabled collector; a caller's disabled one
    # must stay disabled.
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False])
def test_bulk_collection_restores_the_callers_setting(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with bulk_collection() as built:
            assert not gc.isenabled()
            built()
            assert gc.isenabled() is enabled
            assert gc.get_freeze_count() > 0
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == 0
    finally:
        (gc.enable if was else gc.disable)()


def test_bulk_collection_thaws_when_the_block_fails() -> None:
    def fail() -> None:
        with bulk_collection() as built:
            built()
            built()  # once is enough
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fail()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def _tracked(obj: object) -> bool:
    # gc.get_objects() lists generations 0-2: a frozen object is not there.
    return any(o is obj for o in gc.get_objects())


def test_bulk_collection_leaves_a_callers_frozen_objects_as_they_were() -> None:
    """A process that froze objects of its own (a pre-fork server) keeps
    them frozen: the policy then spares nothing rather than thaw them.
    Judged on the caller's own object, not on the process-wide count, which
    frozen objects that die meanwhile leave by themselves."""
    mine: list[object] = [object()]
    gc.freeze()
    try:
        with bulk_collection() as built:
            stream = plan_stream(_values())  # type: ignore[arg-type]
            built()
            entries = list(stream)
        assert not _tracked(mine)
        assert entries
    finally:
        gc.unfreeze()
    assert _tracked(mine)


def test_the_command_line_plans_under_the_policy_and_restores_it(
    collector_calls: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--format", "ndjson"]) == 0
    assert capsys.readouterr().out
    assert collector_calls == ["disable", "freeze", "enable", "unfreeze", "enable"]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
