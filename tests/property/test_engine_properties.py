"""The bulk engine's plan is the planner's (issue 17's differential
property): for generated snapshots written as NDJSON, in any line order,
with or without field writes, and with broken lines among them (duplicate
ids, ids in their other form, dangling references, unreadable lines),
`plan_ndjson` gives `plan_stream`'s entries and findings, one for one.

Batches of one to a few records force every component into batches of its
own, so a decision that needed a record of another batch would show."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmsync_rules import Snapshot
from crmsync_rules.codec import dumps_ndjson, iter_ndjson
from crmsync_rules.engine import plan_ndjson
from crmsync_rules.model._salesforce_ids import salesforce_id_15
from crmsync_rules.planner import FieldDetail, plan_stream
from crmsync_rules.strategies import snapshots


def _file(lines: list[str]) -> Iterator[str]:
    handle, path = tempfile.mkstemp(suffix=".ndjson")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    try:
        yield path
    finally:
        os.unlink(path)


def _same_plan(lines: list[str], fields: FieldDetail, batch_size: int) -> None:
    for path in _file(lines):
        with open(path, "rb") as file:
            expected = plan_stream(iter_ndjson(file, source=path), fields=fields)
            wanted = list(expected)
        got = plan_ndjson(path, fields=fields, batch_size=batch_size, threads=1)
        assert list(got) == wanted
        assert got.findings == expected.findings
        assert got.records == expected.records
        assert got.settings == expected.settings


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(
    snapshot=snapshots(max_per_kind=4),
    fields=st.sampled_from(FieldDetail),
    batch_size=st.integers(1, 6),
    order=st.randoms(use_true_random=False),
)
def test_the_engine_plans_as_the_planner(
    snapshot: Snapshot, fields: FieldDetail, batch_size: int, order: object
) -> None:
    settings_line, *records = dumps_ndjson(snapshot)
    order.shuffle(records)  # type: ignore[attr-defined]
    _same_plan([settings_line, *records], fields, batch_size)


def _other_form(line: str) -> str:
    """*line*'s record with its 18-character Salesforce id in its
    15-character form (DUP-7: the same record)."""
    value = json.loads(line)
    record_id = value.get("id")
    if (
        value["type"].startswith("salesforce")
        and isinstance(record_id, str)
        and len(record_id) == 18
    ):
        value["id"] = salesforce_id_15(record_id)
    return json.dumps(value)


_JUNK = [
    "{not json",
    "[1, 2]",
    '{"type": "martian", "id": "1"}',
    '{"type": "hubspot_contact", "id": 7}',
    '{"type": "salesforce_user", "id": "005x", "is_active": "yes"}',
    '{"type": "settings", "integrated_on": "yesterday"}',
    '{"type": "hubspot_contact", "id": "1", "email": "a@b.com", "email": "c@d.com"}',
    "   ",
    "",
]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(
    snapshot=snapshots(max_per_kind=3),
    fields=st.sampled_from([FieldDetail.NONE, FieldDetail.CHANGES]),
    batch_size=st.integers(1, 4),
    data=st.data(),
)
def test_the_engine_plans_broken_input_as_the_planner(
    snapshot: Snapshot, fields: FieldDetail, batch_size: int, data: st.DataObject
) -> None:
    settings_line, *records = dumps_ndjson(snapshot)
    if records:
        # Records given twice (shared ids, ERR-1), once in the other form of
        # their id (DUP-7), and records whose references dangle (their
        # account, owner or contact dropped).
        twice = data.draw(st.lists(st.sampled_from(records), max_size=3))
        other = data.draw(st.lists(st.sampled_from(records), max_size=2))
        dropped = data.draw(st.lists(st.sampled_from(records), max_size=2))
        records = [r for r in records if r not in dropped]
        records += twice + [_other_form(r) for r in other]
    records += data.draw(st.lists(st.sampled_from(_JUNK), max_size=4))
    records = data.draw(st.permutations(records))
    _same_plan([settings_line, *records], fields, batch_size)
