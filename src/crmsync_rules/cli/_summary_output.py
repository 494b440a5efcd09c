"""What ``plan`` adds below its summary: the API call estimate in every
plan (from the field writes when it computes them, else from the actions;
``--no-estimate`` leaves it out) and the mapping summary when it computes
field writes (``--fields``, ``--all-fields``, ``--summary``), in text,
JSON and NDJSON.

`PlanSummaries` counts the entries as the writers consume them, so the
plan is still read once and never held; the writers ask for the lines or
the JSON values once every entry has passed.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import Any

from crmsync_rules.model._catalogue import Reason
from crmsync_rules.model._settings import IntegrationSettings
from crmsync_rules.planner._entries import PlanEntry
from crmsync_rules.planner._estimate import CallAssumptions, CallEstimate, CallTally
from crmsync_rules.planner._summary import (
    MappingCounts,
    MappingSummary,
    MappingTally,
    SideCounts,
)

__all__ = ["FieldTallies", "PlanSummaries", "summaries_of"]


def _reason_json(reason: Reason) -> dict[str, str]:
    return {"rule": reason.rule, "detail": reason.detail}


def _side_json(counts: SideCounts) -> dict[str, int]:
    return {
        "overwrite": counts.overwrite,
        "fill": counts.fill,
        "clear": counts.clear,
        "leave": counts.leave,
    }


def _mapping_json(row: MappingCounts) -> dict[str, Any]:
    mapping = row.mapping
    return {
        "hubspot_object": mapping.hubspot_object.value,
        "hubspot_property": mapping.hubspot_property,
        "salesforce_object": mapping.salesforce_object.value,
        "salesforce_field": mapping.salesforce_field,
        "rule": mapping.rule.value,
        "pairs": row.pairs,
        "hubspot": _side_json(row.hubspot),
        "salesforce": _side_json(row.salesforce),
    }


def mapping_summary_json(summary: MappingSummary) -> dict[str, Any]:
    """The mapping summary as a JSON object."""
    return {
        "mappings": [_mapping_json(row) for row in summary.mappings],
        "findings": [_reason_json(r) for r in summary.findings],
    }


def estimate_json(estimate: CallEstimate) -> dict[str, Any]:
    """The API call estimate as a JSON object."""
    return {
        "calls": estimate.calls,
        "creations": estimate.creations,
        "updates": estimate.updates,
        "objects": [
            {
                "salesforce_object": o.salesforce_object.value,
                "creations": o.creations,
                "updates": o.updates,
                "calls": o.calls,
            }
            for o in estimate.objects
        ],
        "assumptions": {
            "creates_per_call": estimate.assumptions.creates_per_call,
            "updates_per_call": estimate.assumptions.updates_per_call,
            "updates_from": "field_writes"
            if estimate.from_field_writes
            else "every_synced_record",
        },
        "daily_calls": estimate.daily_calls,
        "allocation_set": estimate.allocation_set,
        "retry_threshold": estimate.retry_threshold,
        "days": estimate.days,
        "reasons": [_reason_json(r) for r in estimate.reasons],
    }


def _counts_text(counts: SideCounts) -> str:
    return (
        f"{counts.overwrite:>9,} {counts.fill:>9,} {counts.clear:>9,} "
        f"{counts.leave:>9,}"
    )


class FieldTallies:
    """The mapping summary's and the API call estimate's tallies of a plan
    with field writes, counted together (a bulk engine `Tally`): the bulk
    engine counts each batch's entries in the worker that plans and renders
    them, so that no entry, with its field writes, crosses processes. The
    mappings are those the entries write (the settings' table is the
    client's, `PlanSummaries`, into which the tallies are merged)."""

    def __init__(self) -> None:
        self.mappings = MappingTally(())
        self.calls = CallTally(from_field_writes=True)

    def add(self, entry: PlanEntry, /) -> None:
        """Count *entry* in both tallies."""
        self.mappings.add(entry)
        self.calls.add(entry)


class PlanSummaries:
    """The entries of a plan passing through (iterate over it), counted for
    the mapping summary (*mappings*: the settings' table; ``None`` when the
    plan has no field writes) and the API call estimate."""

    def __init__(
        self,
        entries: Iterable[PlanEntry],
        *,
        settings: IntegrationSettings,
        field_writes: bool,
        assumptions: CallAssumptions,
    ) -> None:
        self._entries = entries
        self._settings = settings
        self._mappings = MappingTally(settings.mappings) if field_writes else None
        self._calls = CallTally(from_field_writes=field_writes)
        self._assumptions = assumptions

    def __iter__(self) -> Iterator[PlanEntry]:
        mappings, calls = self._mappings, self._calls
        for entry in self._entries:
            if mappings is not None:
                mappings.add(entry)
            calls.add(entry)
            yield entry

    def add_counted(self, tallies: Iterable[CallTally | FieldTallies]) -> None:
        """Add the counts of entries that were counted where they were
        planned rather than passing through (the bulk engine's rendered
        plan): the estimate's (`CallTally`), or with field writes the
        mapping summary's and the estimate's (`FieldTallies`)."""
        for tally in tallies:
            if isinstance(tally, FieldTallies):
                assert self._mappings is not None  # counted with field writes
                self._mappings.merge(tally.mappings)
                self._calls.merge(tally.calls)
            else:
                self._calls.merge(tally)

    @property
    def mapping_summary(self) -> MappingSummary | None:
        """The mapping summary of the entries passed, if the plan has field
        writes."""
        return None if self._mappings is None else self._mappings.summary()

    @property
    def estimate(self) -> CallEstimate:
        """The API call estimate of the entries passed."""
        return self._calls.estimate(
            allocation=self._settings.api_call_allocation,
            assumptions=self._assumptions,
        )

    def text(self) -> Iterator[str]:
        """The mapping summary (a table: each mapping's values per side) and
        the estimate, as lines."""
        summary = self.mapping_summary
        if summary is not None:
            names = [
                f"{m.hubspot_property} <-> {m.salesforce_object.value}."
                f"{m.salesforce_field}"
                for m in (row.mapping for row in summary.mappings)
            ]
            width = max(map(len, names), default=0)
            yield "Mappings: values per side (overwrite, fill, clear, leave)"
            yield (
                f"  {'MAPPING':<{width}}  {'SIDE':<10} {'OVERWRITE':>9} {'FILL':>9} "
                f"{'CLEAR':>9} {'LEAVE':>9}"
            )
            for name, row in zip(names, summary.mappings, strict=True):
                hubspot, salesforce = (
                    _counts_text(row.hubspot),
                    _counts_text(row.salesforce),
                )
                yield f"  {name:<{width}}  {'HubSpot':<10} {hubspot}"
                yield f"  {'':<{width}}  {'Salesforce':<10} {salesforce}"
            if summary.findings:
                yield f"Mapping findings: {len(summary.findings)}"
                for reason in summary.findings:
                    yield f"  {reason.rule}: {reason.detail}"
            else:
                yield "Mapping findings: none (no clears, no overwrites at risk)"
        estimate = self.estimate
        yield f"API calls: about {estimate.calls:,}"
        for o in estimate.objects:
            yield (
                f"  {o.salesforce_object.value:<21} {o.calls:>9,} "
                f"({o.creations:,} created, {o.updates:,} updated)"
            )
        for reason in estimate.reasons:
            yield f"  {reason.rule}: {reason.detail}"

    def json(self) -> dict[str, Any]:
        """The JSON values: ``mapping_summary`` (if any) and ``api_calls``."""
        summary = self.mapping_summary
        data: dict[str, Any] = {}
        if summary is not None:
            data["mapping_summary"] = mapping_summary_json(summary)
        data["api_calls"] = estimate_json(self.estimate)
        return data


def summaries_of(
    args: argparse.Namespace,
    entries: Iterable[PlanEntry],
    settings: IntegrationSettings,
) -> PlanSummaries | None:
    """The summaries ``plan``'s options ask for, over *entries*: the API
    call estimate in every plan (issue 16: every plan estimates its calls),
    from the field writes when the plan computes them (``--fields``,
    ``--all-fields``, ``--summary``, which also give the mapping summary),
    else from the record-level actions; none with ``--no-estimate`` and no
    field writes."""
    field_writes = bool(
        getattr(args, "fields", False)
        or getattr(args, "all_fields", False)
        or getattr(args, "summary", False)
    )
    if not field_writes and getattr(args, "no_estimate", False):
        return None
    return PlanSummaries(
        entries,
        settings=settings,
        field_writes=field_writes,
        assumptions=CallAssumptions(
            creates_per_call=getattr(args, "creates_per_call", 1),
            updates_per_call=getattr(args, "updates_per_call", 1),
        ),
    )
