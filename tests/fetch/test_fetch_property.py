"""The fetch's central invariant over generated snapshots: what it fetches
from fakes serving any snapshot of the public strategies plans as the
snapshot itself does."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

import crmsync_rules.strategies as cs
from crmsync_rules.cli._main import main
from crmsync_rules.codec._native import dump_snapshot
from crmsync_rules.model import Snapshot
from fetch_fakes import FakeApis, Run


def _plan(path: Path) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["plan", "--format", "json", str(path)])
    assert status in (0, 1), err.getvalue()
    plan: dict[str, Any] = json.loads(out.getvalue())
    return plan


# A fetch is about half a second: a few examples, the same number in CI.
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(snapshot=cs.snapshots())
def test_fetch_then_plan_equals_the_snapshots_plan(
    certificate: tuple[Path, Path], snapshot: Snapshot
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with FakeApis(snapshot, certificate) as fake:
            Run(fake, snapshot)(folder / "export", bulk_threshold=2)
        settings_json = dump_snapshot(snapshot)["settings"]
        (folder / "export/settings.json").write_text(json.dumps(settings_json))
        (folder / "snapshot.json").write_text(json.dumps(dump_snapshot(snapshot)))
        fetched, direct = _plan(folder / "export"), _plan(folder / "snapshot.json")
        assert fetched["entries"] == direct["entries"]
        assert fetched["summary"] == direct["summary"]
