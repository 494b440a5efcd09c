"""The bundled sample snapshot, shipped as package data."""

from __future__ import annotations

from importlib.resources import files

from .codec._native import loads_snapshot
from .model._snapshot import Snapshot

__all__ = ["sample_snapshot", "sample_snapshot_text"]


def sample_snapshot_text() -> str:
    """The sample snapshot's JSON text."""
    return files(__package__).joinpath("data/sample_snapshot.json").read_text("utf-8")


def sample_snapshot() -> Snapshot:
    """A small realistic snapshot that exercises most rules: a legacy portal
    (integrated 2016) with contacts of every lifecycle stage, duplicates by
    email in both systems, a person account, owners that do and do not
    match, opted-out contacts and a Closed/Won opportunity."""
    return loads_snapshot(sample_snapshot_text(), source="sample_snapshot.json")
