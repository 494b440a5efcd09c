"""What an API response says of its paging (`page_info`), and what a
document looks like (`looks_like`), so that the command line can say which
option takes a file given to the wrong one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from crmsync_rules.model._kinds import NDJSON_TYPES

__all__ = [
    "PageInfo",
    "looks_like",
    "page_info",
]


@attrs.frozen(kw_only=True)
class PageInfo:
    """What an API response says of its place in a paged result (see
    `page_info`).

    ``records`` is how many records the page holds; ``total`` how many the
    whole result holds, when the API says (Salesforce's ``totalSize``,
    the HubSpot search API's ``total``); ``next`` the cursor of the next
    page (Salesforce's ``nextRecordsUrl``, HubSpot's ``paging.next.after``);
    ``last`` whether the page says no page follows it.
    """

    records: int
    total: int | None = None
    next: str | None = None
    last: bool = True

    @property
    def complete(self) -> bool:
        """Whether this page is the whole result: the last page, holding
        every record the result has."""
        return self.last and (self.total is None or self.records >= self.total)


def _count(value: object) -> int | None:
    return value if type(value) is int else None


def page_info(payload: object, /) -> PageInfo:
    """What *payload*, an API response, says of the pages of its result.

    A Salesforce query response with ``"done": false`` and a
    ``nextRecordsUrl``, or a HubSpot list page with ``paging.next``, is one
    page of a longer result: planning it alone plans an incomplete export.

    >>> page = page_info({"totalSize": 5000, "done": False, "records": [],
    ...     "nextRecordsUrl": "/services/data/v60.0/query/01gD0000002HU6K-2000"})
    >>> page.last, page.next, page.complete
    (False, '/services/data/v60.0/query/01gD0000002HU6K-2000', False)
    >>> page_info({"results": [{"id": "1"}], "paging": {"next": {"after": "2"}}}).next
    '2'
    >>> page_info({"results": [{"id": "1"}]}).complete
    True
    """
    if isinstance(payload, list):
        return PageInfo(records=len(payload))
    if not isinstance(payload, Mapping):
        return PageInfo(records=0)
    if "records" in payload:  # a Salesforce query response
        records = payload["records"]
        url = payload.get("nextRecordsUrl")
        cursor = url if type(url) is str and url else None
        return PageInfo(
            records=len(records) if isinstance(records, list) else 0,
            total=_count(payload.get("totalSize")),
            next=cursor,
            last=payload.get("done") is not False and cursor is None,
        )
    if "results" in payload:  # a HubSpot list, search or owners page
        results = payload["results"]
        paging = payload.get("paging")
        following = paging.get("next") if isinstance(paging, Mapping) else None
        after = following.get("after") if isinstance(following, Mapping) else None
        return PageInfo(
            records=len(results) if isinstance(results, list) else 0,
            total=_count(payload.get("total")),
            next=str(after) if type(after) in (str, int) and after != "" else None,
            last=following is None,
        )
    return PageInfo(records=1)  # one object


# --- what a document looks like ----------------------------------------------
#
# The command line takes each shape through its own option; a file given to
# the wrong one fails with problems that name the wrong things ("unknown
# fields 'paging', 'results'"). Recognising the shapes lets it say which
# option takes the file instead.

# Properties that only one HubSpot object type has, among those the codec
# reads and those the CRM v3 API returns by default.
_HUBSPOT_MARKS: Final = {
    "hubspot_contacts": frozenset(
        {
            "email",
            "firstname",
            "lastname",
            "hs_email_optout",
            "salesforceleadid",
            "salesforcecontactid",
            "associatedcompanyid",
        }
    ),
    "hubspot_companies": frozenset({"domain", "name", "salesforceaccountid"}),
    "hubspot_deals": frozenset(
        {"dealname", "dealstage", "pipeline", "salesforceopportunityid", "amount"}
    ),
}
_OWNER_MARKS: Final = frozenset({"firstName", "lastName", "userId", "teams"})
# Looking at the first records is enough to tell a shape.
_SAMPLE: Final = 50


def _kind_of_items(items: list[object]) -> str:
    """What the records of a HubSpot ``results`` list are."""
    sample = [item for item in items[:_SAMPLE] if isinstance(item, Mapping)]
    if any("attributes" in item for item in sample):
        return "salesforce"
    names: set[str] = set()
    for item in sample:
        properties = item.get("properties")
        if isinstance(properties, Mapping):
            names.update(k for k, v in properties.items() if v not in (None, ""))
    kinds = [kind for kind, marks in _HUBSPOT_MARKS.items() if names & marks]
    if len(kinds) == 1:
        return kinds[0]
    if names or any("properties" in item for item in sample):
        return "hubspot_objects"
    if any(_OWNER_MARKS.intersection(item) for item in sample):
        return "hubspot_owners"
    return "hubspot_page"


def looks_like(obj: object) -> str | None:
    """The shape of *obj*, parsed JSON: ``"snapshot"``, ``"settings"``,
    ``"ndjson"`` (one NDJSON line), ``"salesforce"`` (REST query results),
    ``"hubspot_contacts"``, ``"hubspot_companies"``, ``"hubspot_deals"``,
    ``"hubspot_objects"`` (CRM v3 objects of an unknown type),
    ``"hubspot_owners"``, ``"hubspot_page"`` (an empty or unrecognisable
    ``results`` page), or ``None`` when it looks like none of them."""
    if isinstance(obj, list):
        return _kind_of_items(obj) if obj else None
    if not isinstance(obj, Mapping):
        return None
    if (
        "settings" in obj
        or isinstance(obj.get("hubspot"), Mapping)
        or isinstance(obj.get("salesforce"), Mapping)
    ):
        return "snapshot"
    if obj.get("type") in NDJSON_TYPES:
        return "ndjson"
    if "integrated_on" in obj:
        return "settings"
    if "records" in obj or "totalSize" in obj or "attributes" in obj:
        return "salesforce"
    if "results" in obj:
        results = obj["results"]
        return _kind_of_items(results) if isinstance(results, list) else "hubspot_page"
    if "properties" in obj:
        return _kind_of_items([obj])
    if _OWNER_MARKS.intersection(obj):
        return "hubspot_owners"
    return None
