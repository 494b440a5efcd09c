"""`crmsync-rules fetch` against local fakes of both APIs (tests/fetch_fakes.py):
the export it writes plans as the fake's data does, it sends reads only,
it resumes an interrupted run to the same export, and it refuses what the
readers refuse."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from crmsync_rules.cli._main import main
from crmsync_rules.codec._native import dump_snapshot
from crmsync_rules.fetch import (
    AllocationReached,
    CredentialsError,
    FetchInterrupted,
    IncompleteFetch,
)
from crmsync_rules.model import Snapshot
from fetch_fakes import (
    HUBSPOT_READS,
    SALESFORCE_READS,
    SF_TOKEN,
    TOKEN,
    FakeApis,
    Run,
    every_request,
)


def _plan(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    status = main(["plan", "--format", "json", *args])
    out = capsys.readouterr().out
    assert status in (0, 1), out
    plan: dict[str, Any] = json.loads(out)
    return plan


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    "threshold", [1_000, 0, 4], ids=["rest only", "bulk only", "rest and bulk"]
)
def test_fetch_then_plan_equals_planning_the_fakes_data(
    run: Run,
    snapshot: Snapshot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    threshold: int,
) -> None:
    folder = tmp_path / "export"
    run(folder, bulk_threshold=threshold)
    (folder / "settings.json").write_text(
        json.dumps(dump_snapshot(snapshot)["settings"])
    )
    direct = tmp_path / "snapshot.json"
    direct.write_text(json.dumps(dump_snapshot(snapshot)))
    fetched = _plan(capsys, str(folder))
    expected = _plan(capsys, str(direct))
    assert fetched["entries"] == expected["entries"]
    assert fetched["summary"] == expected["summary"]
    assert len(fetched["entries"]) == 44  # every record of the sample


def test_bulk_jobs_are_used_above_the_threshold_and_rest_below(
    run: Run, fake: FakeApis, tmp_path: Path
) -> None:
    run(tmp_path / "export", bulk_threshold=4)
    manifest = json.loads((tmp_path / "export/salesforce/manifest.json").read_text())
    bulk = {job["object"] for job in manifest["salesforceBulkQueries"]}
    rest = {query["object"] for query in manifest["restQueries"]}
    # The sample: 5 users, 1 queue, 3 accounts, 6 contacts, 5 leads, 4 opportunities.
    assert bulk == {"User", "Contact", "Lead"}
    assert rest == {"Group", "Account", "Opportunity"}
    first = manifest["salesforceBulkQueries"][0]["results"]
    assert [r["locator"] for r in first] == [None, "2", "4"]
    assert [r["nextLocator"] for r in first] == ["2", "4", None]


def test_only_reads_are_sent(run: Run, fake: FakeApis, tmp_path: Path) -> None:
    run(tmp_path / "export", bulk_threshold=4)
    sent = list(every_request(fake))
    assert fake.log["hubspot"].refused == []
    assert fake.log["salesforce"].refused == []
    reads = {"hubspot": HUBSPOT_READS, "salesforce": SALESFORCE_READS}
    for system, method, path in sent:
        assert any(m == method and p.fullmatch(path) for m, p in reads[system])
    posts = {(system, path) for system, method, path in sent if method != "GET"}
    # The one POST sent is Bulk API 2.0's query job creation, a read by design.
    assert posts == {("salesforce", "/services/data/v60.0/jobs/query")}
    assert not any("search" in path for _, _, path in sent)


def test_the_fake_refuses_what_is_not_a_read(fake: FakeApis) -> None:
    """The read-only check can fail: a write reaches the fake's log."""
    request = urllib.request.Request(
        f"{fake.hubspot_url}/crm/v3/objects/contacts/501",
        method="PATCH",
        data=b"{}",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    refused.value.close()
    assert refused.value.code == 405
    assert fake.log["hubspot"].refused == [
        ("PATCH", "/crm/v3/objects/contacts/501", "")
    ]


@pytest.mark.parametrize("pages", [0, 3, 9, 14, 20])
def test_an_interrupted_run_resumes_to_the_same_export(
    run: Run,
    certificate: tuple[Path, Path],
    snapshot: Snapshot,
    tmp_path: Path,
    pages: int,
) -> None:
    fake = run.fake
    with FakeApis(snapshot, certificate) as clean:
        Run(clean, snapshot)(tmp_path / "clean")
    fake.faults.fail_after = pages  # then 503s, as a server under maintenance
    with pytest.raises(FetchInterrupted, match="run the same command again"):
        run(tmp_path / "resumed")
    assert fake.log["hubspot"].requests or fake.log["salesforce"].requests
    fake.faults.fail_after = None
    run(tmp_path / "resumed")
    assert _files(tmp_path / "resumed") == _files(tmp_path / "clean")


def test_a_resumed_run_fetches_no_page_twice(
    run: Run, fake: FakeApis, tmp_path: Path
) -> None:
    fake.faults.fail_after = 9
    with pytest.raises(FetchInterrupted):
        run(tmp_path / "export")
    fake.faults.fail_after = None
    before = fake.log["hubspot"].data_pages + fake.log["salesforce"].data_pages
    run(tmp_path / "export")
    after = fake.log["hubspot"].data_pages + fake.log["salesforce"].data_pages
    # The sample takes 11 HubSpot pages and 14 Salesforce pages and sets.
    assert (before, after) == (9, 25)


def test_an_expired_token_is_a_clear_error_without_the_token(
    run: Run, fake: FakeApis, tmp_path: Path
) -> None:
    fake.faults.expired = True  # and the fake quotes the token back
    with pytest.raises(CredentialsError) as hubspot:
        run(tmp_path / "a")
    message = str(hubspot.value)
    assert "HubSpot refused the token" in message
    assert "401" in message
    assert TOKEN not in message
    assert "[redacted]" in message
    with pytest.raises(CredentialsError) as salesforce:
        run(tmp_path / "b", hubspot=None)
    message = str(salesforce.value)
    assert "Salesforce refused the credentials" in message
    assert SF_TOKEN not in message
    assert "[redacted]" in message


def test_a_429_waits_for_its_retry_after(
    run: Run, fake: FakeApis, tmp_path: Path
) -> None:
    fake.faults.rate_limited = frozenset({2})
    fake.faults.retry_after = "2"
    run(tmp_path / "export", salesforce=None)
    assert run.waits == [2.0]
    requests = fake.log["hubspot"].requests
    assert requests[1] == requests[2]  # the same page, asked again


def test_the_hubspot_rate_is_kept(run: Run, fake: FakeApis, tmp_path: Path) -> None:
    run(tmp_path / "export", salesforce=None, hubspot_rate=1_000.0)
    # Eleven requests at most 1,000 a second: ten waits of up to 1 ms.
    assert len(run.waits) <= 10
    assert all(0 < wait <= 0.001 for wait in run.waits)


def test_a_total_size_the_pages_do_not_reach_is_refused(
    run: Run, fake: FakeApis, tmp_path: Path
) -> None:
    fake.faults.lie_total = 1
    with pytest.raises(
        IncompleteFetch,
        match="User query says totalSize 6 but its pages hold 5 records",
    ):
        run(tmp_path / "export", hubspot=None, bulk_threshold=1_000)


def test_a_bulk_job_count_its_result_sets_do_not_reach_is_refused(
    run: Run, fake: FakeApis, tmp_path: Path
) -> None:
    fake.faults.lie_total = 1
    with pytest.raises(IncompleteFetch, match="processed 6 records but its result"):
        run(tmp_path / "export", hubspot=None, bulk_threshold=0)


def test_the_run_stops_before_passing_the_allocation_share(
    run: Run, fake: FakeApis, tmp_path: Path
) -> None:
    fake.faults.used, fake.faults.allocation = 11_240, 15_000  # 75%: 11,250
    with pytest.raises(AllocationReached) as stopped:
        run(tmp_path / "export", hubspot=None)
    assert stopped.value.status == 4
    assert "11,250" in str(stopped.value)
    assert "fetched so far: User 5" in str(stopped.value)
    assert fake.faults.used == 11_250  # never past the share
    fake.faults.used = 2_000  # a day later
    run(tmp_path / "export", hubspot=None)
    manifest = json.loads((tmp_path / "export/salesforce/manifest.json").read_text())
    assert len(manifest["complete"]) == 6


def test_fields_the_org_lacks_are_left_out_and_said(
    run: Run, fake: FakeApis, tmp_path: Path
) -> None:
    fake.missing_fields = {"Account": {"RecordTypeId"}}
    result = run(tmp_path / "export", hubspot=None)
    assert "Salesforce Account: not in this org, left out: RecordTypeId" in result.notes
    queries = [q for _, _, q in fake.log["salesforce"].requests if "FROM+Account" in q]
    assert queries
    assert not any("RecordTypeId" in q for q in queries)


def test_a_folder_of_another_selection_is_refused(
    run: Run, snapshot: Snapshot, tmp_path: Path
) -> None:
    run(tmp_path / "export", salesforce=None)
    run.snapshot = Snapshot(
        settings=snapshot.settings.__class__(
            integrated_on=snapshot.settings.integrated_on
        ),
        hubspot=snapshot.hubspot,
        salesforce=snapshot.salesforce,
    )
    with pytest.raises(Exception, match="asked with other properties"):
        run(tmp_path / "export", salesforce=None)


def test_records_the_list_pages_lack_are_batch_read(
    run: Run,
    fake: FakeApis,
    snapshot: Snapshot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Company 9003, created after the companies' pages were read, is named
    by contact 508: a batch read fetches it, and the plan is whole."""
    fake.hidden = {"companies": {"9003"}}
    folder = tmp_path / "export"
    run(folder, salesforce=None)
    posts = [(m, p) for m, p, _ in fake.log["hubspot"].requests if m == "POST"]
    assert posts == [("POST", "/crm/v3/objects/companies/batch/read")]
    assert fake.log["hubspot"].refused == []
    manifest = json.loads((folder / "hubspot/manifest.json").read_text())
    assert manifest["batchReads"] == [
        {"file": "companies-batch-1.json", "object": "companies", "ids": ["9003"]}
    ]
    requests = len(fake.log["hubspot"].requests)
    run(folder)  # now Salesforce; HubSpot is complete and asks nothing more
    assert len(fake.log["hubspot"].requests) == requests
    (folder / "settings.json").write_text(
        json.dumps(dump_snapshot(snapshot)["settings"])
    )
    direct = tmp_path / "snapshot.json"
    direct.write_text(json.dumps(dump_snapshot(snapshot)))
    assert (
        _plan(capsys, str(folder))["entries"] == _plan(capsys, str(direct))["entries"]
    )


def test_a_batch_read_with_ids_hubspot_lacks_keeps_the_rest(
    run: Run, fake: FakeApis, tmp_path: Path
) -> None:
    """HubSpot answers 207 with errors for ids it does not have."""
    contact = fake.hubspot["contacts"][0]
    contact["associations"]["companies"]["results"].append(
        {"id": "9999", "type": "contact_to_company_unlabeled"}
    )
    fake.hidden = {"companies": {"9001"}}
    result = run(tmp_path / "export", salesforce=None)
    batch = json.loads((tmp_path / "export/hubspot/companies-batch-1.json").read_text())
    assert [r["id"] for r in batch["results"]] == ["9001"]
    assert batch["numErrors"] == 1
    assert any("the batch read reported 1 error" in note for note in result.notes)


def test_a_rest_cursor_salesforce_forgot_starts_its_query_again(
    run: Run,
    fake: FakeApis,
    snapshot: Snapshot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "export"
    fake.faults.fail_after = 2  # two of the users' three pages
    with pytest.raises(FetchInterrupted):
        run(folder, hubspot=None, bulk_threshold=1_000)
    assert (folder / "salesforce/User-1.json").exists()
    fake.faults.fail_after = None
    fake.queries.clear()  # more than 15 minutes later
    result = run(folder, hubspot=None, bulk_threshold=1_000)
    assert any("fetched again" in note for note in result.notes)
    pages = sorted(p.name for p in (folder / "salesforce").glob("User-*.json"))
    assert pages == ["User-1.json", "User-2.json", "User-3.json"]
    run(folder)
    (folder / "settings.json").write_text(
        json.dumps(dump_snapshot(snapshot)["settings"])
    )
    direct = tmp_path / "snapshot.json"
    direct.write_text(json.dumps(dump_snapshot(snapshot)))
    assert (
        _plan(capsys, str(folder))["entries"] == _plan(capsys, str(direct))["entries"]
    )
