"""Records of one type by id: the planner's store (issue 7's memory
layout), where a Salesforce id is found in either of its forms (DUP-7)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Iterator
from typing import Generic, TypeVar

from crmsync_rules.model._snapshot import Record

__all__ = ["ById"]

_R = TypeVar("_R", bound=Record)


class ById(Generic[_R]):
    """Records of one type with unique ids, looked up by id and walked in id
    order: two sorted lists, a third of a dict's memory per record, for the
    millions of records a planner holds (issue 7)."""

    __slots__ = ("_ids", "_key", "_records")

    def __init__(
        self,
        records: list[_R],
        ids: list[str] | None = None,
        key: Callable[[str], str] = str,
    ) -> None:
        # Sorted by id as compared (*key*: Salesforce's ids by
        # `salesforce_id_key`, so that either form of one finds it, DUP-7),
        # each id once; *ids* are those compared ids.
        self._key = key
        self._records = records
        if ids is None:
            ids = [key(record.id) for record in records]
        self._ids = ids

    def get(self, record_id: str) -> _R | None:
        ids = self._ids
        at = bisect.bisect_left(ids, record_id)
        if at != len(ids) and ids[at] == record_id:
            return self._records[at]
        # Not found as written: a Salesforce id may be in its other form.
        key = self._key(record_id)
        if key != record_id:
            at = bisect.bisect_left(ids, key)
            if at != len(ids) and ids[at] == key:
                return self._records[at]
        return None

    def __contains__(self, record_id: str) -> bool:
        return self.get(record_id) is not None

    def __iter__(self) -> Iterator[str]:
        """The ids as compared (a Salesforce id's `salesforce_id_key`)."""
        return iter(self._ids)

    def values(self) -> list[_R]:
        return self._records

    def without(self, record_ids: Collection[str]) -> ById[_R]:
        """These records less those with *record_ids*."""
        if not record_ids:
            return self
        kept = [r for r in self._records if r.id not in record_ids]
        return ById(kept, key=self._key)
