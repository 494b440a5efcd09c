"""The engine's batches on a Dask cluster (issue 17): a `LocalCluster` of
two worker processes, on the loopback interface only, plans generated
snapshots exactly as the embedded engine does, entry for entry."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmsync_rules import Snapshot
from crmsync_rules.codec import dumps_ndjson
from crmsync_rules.engine import dask_runner, plan_ndjson
from crmsync_rules.planner import FieldDetail
from crmsync_rules.strategies import snapshots

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


@settings(
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
    ],
    max_examples=15,
    deadline=None,
)
@given(
    snapshot=snapshots(max_per_kind=5),
    fields=st.sampled_from(FieldDetail),
    batch_size=st.integers(1, 8),
)
def test_a_two_worker_cluster_plans_as_the_embedded_engine(
    client: object, snapshot: Snapshot, fields: FieldDetail, batch_size: int
) -> None:
    handle, path = tempfile.mkstemp(suffix=".ndjson")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.writelines(f"{line}\n" for line in dumps_ndjson(snapshot))
    try:
        embedded = plan_ndjson(path, fields=fields, batch_size=batch_size)
        clustered = plan_ndjson(
            path, fields=fields, batch_size=batch_size, runner=dask_runner(client)
        )
        assert clustered.findings == embedded.findings
        assert list(clustered) == list(embedded)
    finally:
        os.unlink(path)
