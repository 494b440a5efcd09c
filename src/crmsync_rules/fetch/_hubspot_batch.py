"""Records the HubSpot list pages lack, read by batch read.

A contact or deal fetched late may name a company or contact created after
that object's list pages were read. Such records are read by
``POST /crm/v3/objects/{object}/batch/read`` (a read by the API's design)
with the same properties, and saved as batch-read responses
(``hubspot/companies-batch-1.json``), which `read_hubspot_export` reads
beside the list pages (the later ``updatedAt`` wins for a record in both).
HubSpot answers a batch naming ids it does not have (deleted since) with
HTTP 207 and ``errors``: the others are kept, and the reader notes the
errors.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

from crmsync_rules.model._hubspot import HubSpotObject

from ._state import write_atomically

if TYPE_CHECKING:
    from ._hubspot import HubSpotFetch

__all__ = ["read_stragglers"]

_BATCH: Final = 50
"""Ids per batch read with ``propertiesWithHistory`` (100 without)."""


def _results(fetch: HubSpotFetch, manifest: Mapping[str, Any]) -> Iterator[Any]:
    for page in manifest["pages"]:
        if page["object"] in ("contacts", "deals"):
            body = json.loads((fetch.folder / page["file"]).read_bytes())
            yield from body.get("results") or ()


def _known(fetch: HubSpotFetch, manifest: Mapping[str, Any], name: str) -> set[str]:
    ids: set[str] = set()
    for page in manifest["pages"]:
        if page["object"] == name:
            body = json.loads((fetch.folder / page["file"]).read_bytes())
            ids.update(str(r.get("id")) for r in body.get("results") or ())
    for read in manifest.get("batchReads", ()):
        if read["object"] == name:
            ids.update(read["ids"])
    return ids


def _named(fetch: HubSpotFetch, manifest: Mapping[str, Any]) -> dict[str, set[str]]:
    """The companies and contacts the contacts and deals name."""
    named: dict[str, set[str]] = {"companies": set(), "contacts": set()}
    for raw in _results(fetch, manifest):
        links = raw.get("associations") if isinstance(raw, Mapping) else None
        for name, ids in named.items():
            block = links.get(name) if isinstance(links, Mapping) else None
            for link in (block or {}).get("results") or ():
                if isinstance(link, Mapping) and link.get("id") is not None:
                    ids.add(str(link["id"]))
    return named


def read_stragglers(fetch: HubSpotFetch, manifest: dict[str, Any]) -> None:
    """Batch-read the companies and contacts that contacts and deals name
    and the list pages lack; record each read in the manifest's
    ``batchReads``."""
    if manifest.get("batchComplete"):
        return
    reads = manifest.setdefault("batchReads", [])
    for name, ids in _named(fetch, manifest).items():
        missing = sorted(ids - _known(fetch, manifest, name))
        object_type = HubSpotObject(name)
        models = importlib.import_module(f"hubspot.crm.{name}")
        api = getattr(fetch.client.crm, name).batch_api
        fetch.apis.append(api)
        for start in range(0, len(missing), _BATCH):
            chunk = missing[start : start + _BATCH]
            number = sum(1 for r in reads if r["object"] == name) + 1
            body = models.BatchReadInputSimplePublicObjectId(
                properties=list(fetch.selection.properties[object_type]),
                properties_with_history=list(fetch.selection.history[object_type]),
                inputs=[models.SimplePublicObjectId(id=i) for i in chunk],
            )
            data = fetch.get(
                f"{name} the list pages lack (batch read {number})",
                functools.partial(
                    api.read, body, archived=False, _preload_content=False
                ),
            )
            file = f"{name}-batch-{number}.json"
            write_atomically(fetch.folder / file, data)
            reads.append({"file": file, "object": name, "ids": chunk})
            fetch.save(manifest)
            answer = json.loads(data)
            found = len(answer.get("results") or ())
            fetch.progress.add(f"HubSpot {name}", found)
    manifest["batchComplete"] = True
    fetch.save(manifest)
