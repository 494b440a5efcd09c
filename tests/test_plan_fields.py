"""The field-level plan: `plan(fields=...)`, ``plan --fields`` and the
JSON and NDJSON that carry the field writes (FM-1, FM-3, FM-6, OPT-2,
LC-2)."""

from __future__ import annotations

import contextlib
import io
import json

import attrs

from crmsync_rules import (
    ContactCreation,
    HubSpotContact,
    SalesforceAccount,
    SalesforceRecords,
    Snapshot,
    SyncRule,
    sample_snapshot,
)
from crmsync_rules.cli._main import main
from crmsync_rules.planner import FieldDetail, PlanAction, plan

FIELD_ACTIONS = {
    PlanAction.SYNC,
    PlanAction.DEDUPE,
    PlanAction.CREATE_IN_HUBSPOT,
    PlanAction.CREATE_IN_SALESFORCE,
    PlanAction.CREATE_DEAL,
}


def run(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(list(args))
    return out.getvalue()


def test_fm1_the_plan_carries_field_writes_only_when_asked() -> None:
    """FM-1: The plan carries field writes only when asked."""
    assert all(e.fields is None for e in plan(sample_snapshot()).entries)
    planned = plan(sample_snapshot(), fields=FieldDetail.CHANGES)
    for entry in planned.entries:
        if entry.fields is not None:
            assert entry.action in FIELD_ACTIONS
            for field in entry.fields.fields:
                # Only an owner Salesforce reverts shows without a write.
                assert field.writes or "OWN-5" in [r.rule for r in field.reasons]
    (contact,) = [e for e in planned.entries if e.record_id == "505"]
    assert contact.fields is not None
    (title,) = [
        f for f in contact.fields.fields if f.mapping.hubspot_property == "jobtitle"
    ]
    assert (title.hubspot_before, title.hubspot_after) == (
        "Buyer",
        "Head of Purchasing",
    )


def test_fm3_every_mapping_with_field_detail_all() -> None:
    """FM-3: Every mapping with field detail all."""
    planned = plan(sample_snapshot(), fields=FieldDetail.ALL)
    (contact,) = [e for e in planned.entries if e.record_id == "501"]
    assert contact.fields is not None
    names = [f.mapping.hubspot_property for f in contact.fields.fields]
    assert names == [
        "hs_email_optout",
        "firstname",
        "lastname",
        "jobtitle",
        "lifecyclestage",
        "hubspot_owner_id",
    ]
    skipped = [e for e in planned.entries if e.action is PlanAction.SKIP]
    assert all(e.fields is None for e in skipped)


def test_fm1_plan_fields_prints_a_diff() -> None:
    """FM-1: Plan fields prints a diff."""
    text = run("plan", "--fields")
    assert (
        'field jobtitle: "Buyer" -> "Head of Purchasing" (Salesforce wins, FM-1)'
    ) in text
    assert 'field lifecyclestage: "opportunity" -> "customer" (a Closed/Won' in text
    assert "field HasOptedOutOfEmail: false -> true (HubSpot wins, OPT-2)" in text
    assert "    field " not in run("plan")
    everything = run("plan", "--all-fields")
    assert "field firstname <-> FirstName: unchanged" in everything


def test_opt2_json_and_ndjson_carry_the_fields_when_asked() -> None:
    """OPT-2: Json and ndjson carry the fields when asked."""
    plain = json.loads(run("plan", "--format", "json"))
    assert all("fields" not in e for e in plain["entries"])
    data = json.loads(run("plan", "--format", "json", "--fields"))
    (entry,) = [e for e in data["entries"] if e["record_id"] == "504"]
    (optout,) = entry["fields"]["mappings"]
    assert optout["salesforce"] == {"before": False, "after": True}
    assert optout["writes"] == [{"side": "salesforce", "value": True, "rule": "OPT-2"}]
    assert entry["fields"]["reasons"] == []
    lines = [
        json.loads(line)
        for line in run("plan", "--format", "ndjson", "--fields").splitlines()
    ]
    (contact,) = [e for e in lines if e.get("record_id") == "501"]
    assert [r["rule"] for r in contact["fields"]["reasons"]] == [
        "FM-3",
        "CN-1",
        "CN-2",
        "CN-3",
    ]


def test_own6_explain_shows_the_field_writes_and_redaction_hides_their_values() -> None:
    """OWN-6: Explain shows the field writes (the new record's owner by
    OWN-6) and redaction hides their values."""
    text = run("explain", "508")
    assert 'field OwnerId: (blank) -> "005A000000001AA" (HubSpot wins, OWN-6)' in text
    assert 'field FirstName: (blank) -> "Eva"' in text
    redacted = run("explain", "508", "--redact")
    assert '"Eva"' not in redacted
    assert '"Mulder"' not in run("plan", "--fields", "--redact")


def test_fm1_a_person_account_creating_a_contact_has_no_field_writes() -> None:
    """FM-1: A person account creating a contact has no field writes."""
    settings = attrs.evolve(
        sample_snapshot().settings,
        account_sync=False,
        person_accounts=True,
        contact_creation=ContactCreation.CREATE,
    )
    account = SalesforceAccount(
        id="001A000000009AA",
        is_person_account=True,
        first_name="Maria",
        last_name="Jansen",
        person_email="maria@jansen.nl",
    )
    snapshot = Snapshot(
        settings=settings, salesforce=SalesforceRecords(accounts=(account,))
    )
    (entry,) = plan(snapshot, fields=FieldDetail.CHANGES).entries
    assert entry.action is PlanAction.CREATE_IN_HUBSPOT
    assert entry.target_type == "hubspot_contact"
    assert entry.fields is None


def test_fm1_redaction_rewrites_text_and_multiple_choice_values() -> None:
    """FM-1: a field's values are personal data as much as a sentence is."""
    from crmsync_rules.mappings import FieldWrite, MappedField, Side
    from crmsync_rules.model import Reason
    from crmsync_rules.redaction import Redactor, redact

    contact = HubSpotContact(id="501", first_name="Jan", last_name="Vries")
    redactor = Redactor.of([contact], key=b"k")
    mapping = sample_snapshot().settings.mappings[0]
    reason = Reason(rule="FM-1", detail="Jan Vries wins.")
    field = MappedField(
        mapping=mapping,
        hubspot_before=("Jan", "x"),
        salesforce_before=None,
        hubspot_after=("Jan", "x"),
        salesforce_after=3,
        writes=(FieldWrite(side=Side.SALESFORCE, value=3, reason=reason),),
        reasons=(reason,),
    )
    hidden = redact(field, redactor=redactor)
    assert isinstance(hidden.hubspot_before, tuple)
    assert "Jan" not in hidden.hubspot_before
    assert hidden.salesforce_after == 3
    assert "Jan" not in hidden.reasons[0].detail


def test_lc4_lc2_a_lifecycle_field_write_cites_the_rule_that_moves_the_stage() -> None:
    """LC-4: contact 501 is on an open opportunity's contact roles, so its
    lifecyclestage write to Opportunity cites LC-4, not LC-2 (Customer of a
    Closed/Won opportunity, as contact 505's)."""
    planned = plan(sample_snapshot(), fields=FieldDetail.CHANGES)
    rules = {}
    for entry in planned.entries:
        if entry.record_type == "hubspot_contact" and entry.fields is not None:
            for field in entry.fields.fields:
                if field.mapping.hubspot_property == "lifecyclestage":
                    rules[entry.record_id] = [
                        (w.value, w.reason.rule) for w in field.writes
                    ]
    assert ("opportunity", "LC-4") in rules["501"]
    assert all(rule != "LC-2" for _, rule in rules["501"])
    assert ("customer", "LC-2") in rules["505"]


def test_fm4_a_created_records_mapping_that_writes_nothing_is_left_out() -> None:
    """FM-4: with `jobtitle` <-> `Title` set to Don't sync, contact 508's
    "CFO" does not reach the Salesforce contact it creates: a plan of
    changes lists no jobtitle write, a plan of every mapping lists it
    unchanged."""
    sample = sample_snapshot()
    mappings = tuple(
        attrs.evolve(m, rule=SyncRule.DONT_SYNC)
        if m.hubspot_property == "jobtitle"
        else m
        for m in sample.settings.mappings
    )
    snapshot = attrs.evolve(
        sample, settings=attrs.evolve(sample.settings, mappings=mappings)
    )

    def jobtitle(detail: FieldDetail) -> list[tuple[object, object]]:
        (entry,) = [
            e for e in plan(snapshot, fields=detail).entries if e.record_id == "508"
        ]
        assert entry.action is PlanAction.CREATE_IN_SALESFORCE
        assert entry.fields is not None
        return [
            (f.salesforce_before, f.salesforce_after)
            for f in entry.fields.fields
            if f.mapping.hubspot_property == "jobtitle" and not f.writes
        ]

    assert jobtitle(FieldDetail.CHANGES) == []
    assert jobtitle(FieldDetail.ALL) == [(None, None)]
