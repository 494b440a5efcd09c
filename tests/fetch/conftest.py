"""Fixtures of the fetch tests: the fakes of both APIs on 127.0.0.1
(tests/fetch_fakes.py), started and stopped around each test, and a fetch
that talks to them through the official clients' configuration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crmsync_rules._sample import sample_snapshot
from crmsync_rules.model import Snapshot
from fetch_fakes import FakeApis, Run, make_certificate


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def snapshot() -> Snapshot:
    return sample_snapshot()


@pytest.fixture
def fake(certificate: tuple[Path, Path], snapshot: Snapshot) -> Iterator[FakeApis]:
    with FakeApis(snapshot, certificate) as apis:
        yield apis


@pytest.fixture
def run(fake: FakeApis, snapshot: Snapshot) -> Run:
    return Run(fake, snapshot)
