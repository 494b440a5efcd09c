"""Hypothesis properties of a pair's field writes (`sync_fields`) and of the
field-level plan (FM-1, FM-2, FM-3, FM-4, FM-6, OPT-3, OPT-5).

Records, mappings, owners and snapshots come from the public
``crmsync_rules.strategies``; the records' other properties and their times
are drawn here (the strategies leave them empty).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from crmsync_rules import (
    HubSpotContact,
    HubSpotObject,
    HubSpotRecords,
    IntegrationSettings,
    LifecycleStage,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceRecords,
    Snapshot,
)
from crmsync_rules import strategies as cs
from crmsync_rules.mappings import (
    ChangedFields,
    FieldMapping,
    FieldSync,
    FieldValue,
    Side,
    SyncRule,
    is_owner_mapping,
    sync_fields,
)
from crmsync_rules.model._api_names import HUBSPOT_PROPERTIES, SALESFORCE_FIELDS
from crmsync_rules.model._properties import PropertyChange
from crmsync_rules.planner import FieldDetail, plan

T0 = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
times = st.integers(0, 4).map(lambda d: T0 + dt.timedelta(days=d))
texts: st.SearchStrategy[Any] = st.sampled_from([None, "", "CTO", "Chief", "x"])
numbers: st.SearchStrategy[Any] = st.sampled_from([None, 1, 1.0, 2])
stages = st.sampled_from([None, *(s.value for s in LifecycleStage)])

# (HubSpot property, Salesforce field, values): the properties and fields
# `field_mappings` draws from, with values of one kind on both sides so that
# they collide; lifecycle stage holds stages (HubSpot's is an enum).
PAIRS: dict[str, tuple[str, st.SearchStrategy[Any]]] = {
    "firstname": ("FirstName", texts),
    "lastname": ("LastName", texts),
    "jobtitle": ("Title", texts),
    "phone": ("Phone", texts),
    "lifecyclestage": ("HubSpot_Lifecycle_Stage__c", stages),
    "annualrevenue": ("AnnualRevenue", numbers),
    "lead_score": ("Lead_Score__c", numbers),
}
HUBSPOT_ATTRIBUTES = {
    api: (attribute, kind)
    for api, attribute, kind in HUBSPOT_PROPERTIES[HubSpotObject.CONTACT]
}
SALESFORCE_ATTRIBUTES = {
    obj: {api: attribute for api, attribute, _ in SALESFORCE_FIELDS[obj.value][1]}
    for obj in (SalesforceObject.LEAD, SalesforceObject.CONTACT)
}


@st.composite
def tables(draw: st.DrawFn, sobject: SalesforceObject) -> tuple[FieldMapping, ...]:
    """A mapping table of contacts and *sobject*, one mapping per property
    (FM-8), the owner mapping among them at times."""
    names = draw(st.lists(st.sampled_from(sorted(PAIRS)), unique=True, max_size=5))
    table = [
        draw(
            cs.field_mappings(
                hubspot_objects=st.just(HubSpotObject.CONTACT),
                hubspot_properties=st.just(name),
                salesforce_objects=st.just(sobject),
                salesforce_fields=st.just(PAIRS[name][0]),
            )
        )
        for name in names
    ]
    if draw(st.booleans()):
        table.append(
            draw(
                cs.field_mappings(
                    hubspot_objects=st.just(HubSpotObject.CONTACT),
                    hubspot_properties=st.just("hubspot_owner_id"),
                    salesforce_objects=st.just(sobject),
                    salesforce_fields=st.just("OwnerId"),
                )
            )
        )
    return tuple(table)


@st.composite
def pairs(
    draw: st.DrawFn,
) -> tuple[
    HubSpotContact, SalesforceLead | SalesforceContact, IntegrationSettings, Any
]:
    """A HubSpot contact and a Salesforce lead or contact, linked or about to
    sync for the first time, their mapped values and times, the settings
    with their mapping table, and an owner directory."""
    sobject = draw(st.sampled_from([SalesforceObject.LEAD, SalesforceObject.CONTACT]))
    table = draw(tables(sobject))
    salesforce_id = (
        "00QA000000000AA" if sobject is SalesforceObject.LEAD else "003A000000000AA"
    )
    linked = draw(st.booleans())
    link = {
        "salesforce_lead_ids": st.just(
            salesforce_id if linked and sobject is SalesforceObject.LEAD else None
        ),
        "salesforce_contact_ids": st.just(
            salesforce_id if linked and sobject is SalesforceObject.CONTACT else None
        ),
    }
    hubspot = draw(
        cs.hubspot_contacts(
            salesforce_lead_ids=link["salesforce_lead_ids"],
            salesforce_contact_ids=link["salesforce_contact_ids"],
        )
    )
    records: Any = (
        cs.salesforce_leads
        if sobject is SalesforceObject.LEAD
        else cs.salesforce_contacts
    )
    salesforce = draw(records(ids=st.just(salesforce_id)))
    hubspot_props: dict[str, Any] = {}
    salesforce_props: dict[str, Any] = {}
    history: dict[str, list[PropertyChange]] = {}
    for name, (field, values) in PAIRS.items():
        if name != "lifecyclestage":
            hubspot_props[name] = draw(values)
        salesforce_props[field] = draw(values)
        if draw(st.booleans()):
            history[name] = [PropertyChange(value=None, timestamp=draw(times))]
    stage = draw(stages)
    hubspot = attrs.evolve(
        hubspot,
        lifecycle_stage=LifecycleStage(stage) if stage else None,
        properties=hubspot_props,
        history=history,
        updated_at=draw(st.none() | times),
    )
    salesforce = attrs.evolve(
        salesforce, properties=salesforce_props, system_modstamp=draw(st.none() | times)
    )
    settings_ = draw(cs.integration_settings(mappings=st.just(table)))
    owners = draw(cs.owner_directories())
    return hubspot, salesforce, settings_, owners


def apply(record: Any, side: Side, writes: list[tuple[str, FieldValue]]) -> Any:
    """*record* with the field *writes* (name, value) of its *side* applied."""
    props = dict(record.properties)
    changes: dict[str, Any] = {}
    for name, value in writes:
        if side is Side.HUBSPOT and name in HUBSPOT_ATTRIBUTES:
            attribute, kind = HUBSPOT_ATTRIBUTES[name]
            if kind is bool:
                changes[attribute] = bool(value)
            elif value is not None and kind is not str:
                changes[attribute] = kind(value)
            else:
                changes[attribute] = value
            continue
        attributes = SALESFORCE_ATTRIBUTES[
            SalesforceObject.LEAD
            if isinstance(record, SalesforceLead)
            else SalesforceObject.CONTACT
        ]
        if side is Side.SALESFORCE and name in attributes:
            changes[attributes[name]] = (
                bool(value) if name == "HasOptedOutOfEmail" else value
            )
            continue
        props[name] = value
    return attrs.evolve(record, properties=props, **changes)


def applied(
    hubspot: HubSpotContact, salesforce: Any, result: FieldSync
) -> tuple[HubSpotContact, Any]:
    hubspot_writes, salesforce_writes = [], []
    for field in result.fields:
        for write in field.writes:
            if write.side is Side.HUBSPOT:
                hubspot_writes.append((field.mapping.hubspot_property, write.value))
            else:
                salesforce_writes.append((field.mapping.salesforce_field, write.value))
    return (
        apply(hubspot, Side.HUBSPOT, hubspot_writes),
        apply(salesforce, Side.SALESFORCE, salesforce_writes),
    )


@given(pairs())
@settings(max_examples=150)
def test_fm2_fm4_fm1_writes_respect_each_mappings_rule(pair: Any) -> None:
    """FM-2: HubSpot never writes to Salesforce. FM-4: nothing passes.
    FM-1: HubSpot writes to Salesforce only while the field is blank. The
    owner mapping is two-way whatever it shows (FM-6), so it is left out."""
    hubspot, salesforce, settings_, owners = pair
    result = sync_fields(hubspot, salesforce, settings=settings_, owners=owners)
    for field in result.fields:
        if is_owner_mapping(field.mapping) or field.mapping.locked:
            continue
        to_salesforce = [w for w in field.writes if w.side is Side.SALESFORCE]
        if field.mapping.rule is SyncRule.ALWAYS_USE_SALESFORCE:
            assert not to_salesforce
        if field.mapping.rule is SyncRule.DONT_SYNC:
            assert not field.writes
        if (
            field.mapping.rule is SyncRule.PREFER_SALESFORCE_UNLESS_BLANK
            and to_salesforce
        ):
            assert field.salesforce_before is None


@given(pairs())
@settings(max_examples=150)
def test_fm3_applying_a_pairs_writes_and_deciding_again_writes_nothing(
    pair: Any,
) -> None:
    """(FM-3) A pair's writes reach a fixed point in one step: with the writes
    applied, the same pair (linked or not, same times) writes nothing more."""
    hubspot, salesforce, settings_, owners = pair
    first = sync_fields(hubspot, salesforce, settings=settings_, owners=owners)
    hubspot, salesforce = applied(hubspot, salesforce, first)
    again = sync_fields(hubspot, salesforce, settings=settings_, owners=owners)
    assert again.writes == ()


@given(
    pairs(), st.lists(st.sampled_from(["tick", "untick", "unsubscribe"]), max_size=6)
)
@settings(max_examples=150)
def test_opt3_opt5_no_field_write_clears_an_opt_out_or_resubscribes(
    pair: Any, steps: list[str]
) -> None:
    """Whatever changes on either side, each sync's field writes only ever
    tick or unsubscribe (OPT-2), and a contact unsubscribed in HubSpot stays
    unsubscribed (OPT-3: only its own action resubscribes it; OPT-5)."""
    hubspot, salesforce, settings_, owners = pair
    for n, step in enumerate(steps):
        if step == "unsubscribe":
            hubspot = attrs.evolve(hubspot, unsubscribed=True)
            change = ChangedFields(side=Side.HUBSPOT, names={"hs_email_optout"}, at=T0)
        else:
            salesforce = attrs.evolve(salesforce, has_opted_out_of_email=step == "tick")
            change = ChangedFields(
                side=Side.SALESFORCE, names={"HasOptedOutOfEmail"}, at=T0
            )
        was = hubspot.unsubscribed
        result = sync_fields(
            hubspot,
            salesforce,
            settings=settings_,
            owners=owners,
            change=change if n % 2 else None,
        )
        optout = [f for f in result.fields if f.mapping.locked]
        assert len(optout) == 1
        assert all(w.value is True for w in optout[0].writes)
        hubspot, salesforce = applied(hubspot, salesforce, result)
        assert hubspot.unsubscribed or not was


@given(cs.snapshots(), st.randoms(use_true_random=False))
@settings(max_examples=20)
def test_fm3_the_field_writes_do_not_depend_on_the_order_of_the_records(
    snapshot: Snapshot, shuffle: random.Random
) -> None:
    """(FM-3) The same records in any order give the same field writes."""

    def shuffled(records: Any) -> Any:
        values = {
            a.name: tuple(
                shuffle.sample(
                    list(getattr(records, a.name)), len(getattr(records, a.name))
                )
            )
            for a in attrs.fields(type(records))
        }
        return type(records)(**values)

    other = Snapshot(
        settings=snapshot.settings,
        hubspot=shuffled(snapshot.hubspot),
        salesforce=shuffled(snapshot.salesforce),
    )
    first = plan(snapshot, fields=FieldDetail.ALL)
    second = plan(other, fields=FieldDetail.ALL)
    assert [(e.record_id, e.fields) for e in first.entries] == [
        (e.record_id, e.fields) for e in second.entries
    ]
    assert isinstance(other.hubspot, HubSpotRecords)
    assert isinstance(other.salesforce, SalesforceRecords)
