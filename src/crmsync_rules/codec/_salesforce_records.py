"""Salesforce records read from any export shape: the fields the rules
read by name (`SALESFORCE_FIELDS`), the record times, every other field as
a typed property, ids checked (DUP-7), contact roles joined to their
opportunities, and a record returned twice kept once."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Mapping
from typing import Any, Final, cast

import attrs

from crmsync_rules.model._properties import Properties, PropertyValue
from crmsync_rules.model._salesforce import (
    OpportunityContactRole,
    SalesforceOpportunity,
)
from crmsync_rules.model._salesforce_ids import (
    is_salesforce_id,
    salesforce_id_key,
    salesforce_id_problem,
)
from crmsync_rules.model._snapshot import Record
from crmsync_rules.model._unreadable import UnreadableLine

from ._exports import Recognised
from ._json import MAX_STRING_LENGTH, describe, short
from ._payload import (
    CONTACT_ROLE_FIELDS,
    SALESFORCE_FIELDS,
    SALESFORCE_KINDS,
    Problems,
    build_record,
    read_value,
)
from ._salesforce_fields import (
    TIME_FIELDS,
    FieldTypes,
    csv_boolean,
    field_type,
    record_time,
    typed_text,
    typed_value,
)
from ._salesforce_pages import (
    BulkQuery,
    Page,
)

__all__ = ["NOTE_LIMIT", "OBJECTS", "ROLE_OBJECT", "Reader", "join_roles", "keep_role"]

ROLE_OBJECT: Final = "OpportunityContactRole"
OBJECTS: Final = (*SALESFORCE_FIELDS, ROLE_OBJECT)
NOTE_LIMIT: Final = 20


# --- Reading -----------------------------------------------------------------


class Reader:
    """The state of one `read_salesforce_export` call."""

    def __init__(self) -> None:
        # Field types by object and API name, from describe responses.
        self.types: dict[str, dict[str, str]] = {}
        self.records: list[Record] = []
        self.rejected: list[UnreadableLine] = []
        self.recognised: list[Recognised] = []
        self.missing: list[str] = []
        self.notes: list[str] = []
        self.pages: list[Page] = []
        self.bulk: list[BulkQuery] = []
        self.counts: dict[str, int] = {}
        # object -> id key -> index in records, for records returned twice
        self.seen: dict[str, dict[str, int]] = {}
        self.twice = 0
        self.names: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.roles: dict[str, list[OpportunityContactRole]] = {}
        self.skipped_children: set[str] = set()
        self._plans: dict[str, dict[str, _Plan]] = {}
        # Per object, its text properties' values seen (see `build`).
        self._texts: dict[str, dict[str, dict[str, str]]] = {}

    # --- one record --------------------------------------------------------

    def build(
        self,
        sobject: str,
        items: Iterable[tuple[str, object]],
        *,
        text: bool,
        source: str,
        where: str,
        roles: tuple[OpportunityContactRole, ...] = (),
        problems: Problems | None = None,
    ) -> Record | UnreadableLine:
        """The record of *sobject* whose fields are *items* (API name,
        value: JSON values, or CSV text when *text*), or its problems."""
        problems = problems or Problems()
        cls = SALESFORCE_FIELDS[sobject][0]
        plans = self._plans.setdefault(sobject, {})
        values: dict[str, Any] = {}
        names: list[str] = []
        properties: list[PropertyValue | None] = []
        record_id: str | None = None
        id_seen = False
        kind_of_group: object = None
        pending: list[tuple[str, object]] = []  # parents' fields, dotted
        texts = self._texts.setdefault(sobject, {})
        last_time: object = None
        last_moment: object = None
        for name, raw in itertools.chain(items, pending):
            shared = texts.get(name)
            if (
                shared is not None
                and type(raw) is str
                and raw
                and len(raw) <= MAX_STRING_LENGTH
            ):
                # A text property (most fields): one string per distinct
                # value of a column of few (picklists, owners' emails).
                names.append(name)
                if shared is _MANY:
                    properties.append(raw)
                    continue
                found = shared.get(raw)
                if found is None:
                    if len(shared) < _FEW:
                        shared[raw] = raw
                    else:
                        texts[name] = _MANY
                    properties.append(raw)
                else:
                    properties.append(found)
                continue
            if type(raw) is dict:
                self._nested(name, raw, pending, source)
                continue
            plan = plans.get(name)
            if plan is None:
                plan = plans[name] = self._plan(sobject, name)
                role, _, kind, reference, keep_blank = plan
                if (
                    role is _PROPERTY
                    and kind is None
                    and keep_blank
                    and not reference
                    and name != "Type"
                ):
                    texts[name] = {}
            role, attribute, kind, reference, keep_blank = plan
            if raw == "" or raw is None:
                if role is _PROPERTY and keep_blank:
                    names.append(name)
                    properties.append(None)
                continue
            if type(raw) is str:
                if len(raw) > MAX_STRING_LENGTH:
                    problems.add(
                        f"expected at most {MAX_STRING_LENGTH:,} characters, "
                        f"got {len(raw):,}",
                        f"{where}.{name}",
                    )
                    continue
                if reference and len(raw) == 18:
                    self._check_id(raw, where, name, problems)
            if role is _PROPERTY:
                if name == "Type":
                    kind_of_group = raw
                if kind is None and type(raw) is str:
                    names.append(name)
                    properties.append(raw)
                    continue
                try:
                    value = (
                        typed_text(str(raw), kind) if text else typed_value(raw, kind)
                    )
                except ValueError as exc:
                    problems.add(str(exc), f"{where}.{name}")
                    continue
                names.append(name)
                properties.append(value)
            elif role is _ID:
                id_seen = True
                if type(raw) is str and not raw.isspace():
                    record_id = raw
                elif type(raw) is int:
                    problems.add(
                        f"expected the id as a string, got number {short(raw)}",
                        f"{where}.{name}",
                    )
                else:
                    problems.add(
                        f"expected a non-empty string id, got {short(raw)}",
                        f"{where}.{name}",
                    )
            elif role is _TIME:
                if type(raw) is str:
                    if raw == last_time:
                        # LastModifiedDate and SystemModstamp are mostly the
                        # same moment: parsed once, one datetime shared.
                        values[attribute] = last_moment
                        continue
                    try:
                        last_moment = values[attribute] = record_time(raw)
                        last_time = raw
                        continue
                    except ValueError:
                        pass
                problems.add(
                    f"expected a date-time, got {describe(raw)}", f"{where}.{name}"
                )
            elif kind is str and type(raw) is str:
                values[attribute] = sys.intern(raw) if attribute in _SHARED else raw
            elif kind is bool and type(raw) is bool and not text:
                values[attribute] = raw
            elif text and kind is bool:
                flag = csv_boolean(str(raw))
                if flag is None:
                    problems.add(
                        f"expected true or false, got {short(raw)}", f"{where}.{name}"
                    )
                else:
                    values[attribute] = flag
            else:
                named_value = read_value(
                    raw, kind, f"{where}.{name}", problems, strings=text
                )
                if named_value is not None:
                    values[attribute] = (
                        sys.intern(named_value)
                        if type(named_value) is str and attribute in _SHARED
                        else named_value
                    )
        if not id_seen:
            problems.add("required field missing", f"{where}.Id")
        if sobject == "Group" and kind_of_group != "Queue":
            problems.add(
                "only queues are owners: expected Type 'Queue', "
                f"got {short(kind_of_group)}",
                f"{where}.Type",
            )
        if cls is SalesforceOpportunity:
            values["contact_roles"] = roles
        record = None
        if record_id is not None and not problems.lines:
            values["id"] = record_id
            values["properties"] = self._properties(names, properties)
            record = build_record(cls, values, where, problems, _API_NAMES[sobject])
        if record is None or problems.lines:
            return UnreadableLine(
                source=source,
                path=where,
                record_type=SALESFORCE_KINDS[sobject],
                record_id=record_id,
                problems=tuple(problems.lines),
            )
        return cast(Record, record)

    def _plan(self, sobject: str, name: str) -> _Plan:
        """How the field *name* of *sobject* is read: its role (the id, a
        named field, a time, a property), its attribute and kind (named
        fields; a time's attribute; a property's field type), whether it
        holds ids (DUP-7), and whether a blank is kept (not for a parent or
        a parent's field: the REST API writes a missing parent as null
        without its fields, so a blank there says nothing)."""
        types = self.types.get(sobject, {})
        reference = _is_reference(name, types)
        if name == "Id":
            return _ID, None, None, reference, False
        named = _NAMED[sobject].get(name)
        if named is not None:
            return _NAMED_FIELD, named[0], named[1], reference, False
        if name in TIME_FIELDS:
            return _TIME, TIME_FIELDS[name], None, reference, False
        keep_blank = not (
            "." in name
            or name in RELATIONSHIPS
            or name.endswith("__r")
            or name == CHILD_ROLES
        )
        return _PROPERTY, None, field_type(name, types), reference, keep_blank

    def _nested(
        self,
        name: str,
        value: Mapping[str, object],
        pending: list[tuple[str, object]],
        source: str,
    ) -> None:
        """The fields of the object *value* of the REST field *name*, dotted
        (a parent: ``Owner.Email``), to read after the others; a record's
        ``attributes`` and its child subqueries are not fields."""
        if name in ("attributes", CHILD_ROLES) or name.endswith(".attributes"):
            return
        if "records" in value and "totalSize" in value:
            if name not in self.skipped_children:
                self.skipped_children.add(name)
                self.notes.append(f"{source}: the child subquery {name} is not read")
            return
        prefix = name + "."
        pending.extend((prefix + key, field) for key, field in value.items())

    def _check_id(self, raw: object, where: str, name: str, problems: Problems) -> None:
        # The path is made only for a problem: most ids have none.
        if type(raw) is str:
            problem = salesforce_id_problem(raw)
            if problem is not None:
                problems.add(f"{problem}, got {raw!r}", f"{where}.{name}")

    def _properties(
        self, names: list[str], values: list[PropertyValue | None]
    ) -> Properties:
        key = tuple(names)
        shared = self.names.setdefault(key, key)
        return Properties.from_columns(shared, tuple(values))

    def role(
        self,
        items: Iterable[tuple[str, object]],
        *,
        text: bool,
        where: str,
        problems: Problems,
    ) -> tuple[str | None, OpportunityContactRole | None]:
        """The opportunity id and the contact role of *items*."""
        values: dict[str, Any] = {}
        opportunity: str | None = None
        fields = {
            api: (attribute, kind) for api, attribute, kind in CONTACT_ROLE_FIELDS
        }
        for name, raw in items:
            path = f"{where}.{name}"
            if _is_reference(name, {}):
                self._check_id(raw, where, name, problems)
            if name == "OpportunityId" and type(raw) is str and raw:
                opportunity = raw
            if name not in fields or raw in ("", None):
                continue
            attribute, kind = fields[name]
            if text and kind is bool:
                flag = csv_boolean(str(raw))
                if flag is None:
                    problems.add(f"expected true or false, got {short(raw)}", path)
                values[attribute] = flag
            else:
                values[attribute] = read_value(raw, kind, path, problems, strings=text)
        if values.get("contact_id") is None:
            problems.add("required field missing", f"{where}.ContactId")
            return opportunity, None
        api_names = {attribute: api for api, attribute, _ in CONTACT_ROLE_FIELDS}
        role = build_record(
            OpportunityContactRole,
            {k: v for k, v in values.items() if v is not None},
            where,
            problems,
            api_names,
        )
        return opportunity, role

    def keep(self, sobject: str, record: Record | UnreadableLine, source: str) -> None:
        """Keep *record*; one returned before is one record, the later update
        kept (or both, for the planner to reject, when neither says when)."""
        if isinstance(record, UnreadableLine):
            self.rejected.append(record)
            return
        # An id's first fifteen characters name its record in both forms
        # (DUP-7; an 18-character id's suffix is checked as it is read).
        key = record.id
        if len(key) == 18 and is_salesforce_id(key):
            key = key[:15]
        index = self.seen.setdefault(sobject, {})
        seen = index.get(key)
        if seen is None:
            index[key] = len(self.records)
            self.records.append(record)
            return
        before = self.records[seen]
        newer, older = _stamp(record), _stamp(before)
        if newer is None or older is None:
            self.records.append(record)  # the planner rejects both (shared id)
            return
        self.twice += 1
        if newer >= older:
            self.records[seen] = record
        if self.twice <= NOTE_LIMIT:
            self.notes.append(
                f"{sobject} {record.id} is in the export twice (again in {source}): "
                "the later update is kept"
            )


def _is_reference(name: str, types: FieldTypes) -> bool:
    """Whether the field *name* holds an id (DUP-7 checks its suffix): its
    describe type says so, or it is a standard id or lookup field (``Id``,
    ``OwnerId``, ``Owner.Id``; custom fields only by their describe type)."""
    kind = types.get(name)
    if kind is not None:
        return kind in ("id", "reference")
    return name.endswith("Id") and "__" not in name


def _stamp(record: Record) -> tuple[Any, ...] | None:
    updated = getattr(record, "updated_at", None)
    modstamp = getattr(record, "system_modstamp", None)
    if updated is None and modstamp is None:
        return None
    return (modstamp or updated, updated or modstamp)


_NAMED: Final = {
    sobject: {api: (attribute, kind) for api, attribute, kind in table}
    for sobject, (_, table) in SALESFORCE_FIELDS.items()
}
_API_NAMES: Final = {
    sobject: {attribute: api for api, attribute, _ in table}
    for sobject, (_, table) in SALESFORCE_FIELDS.items()
}
CHILD_ROLES: Final = "OpportunityContactRoles"
# Relationship names a REST record writes as null when it has no parent:
# a blank parent says nothing a blank CSV column would not.
RELATIONSHIPS: Final = frozenset(
    {
        "Owner",
        "Account",
        "CreatedBy",
        "LastModifiedBy",
        "ConvertedAccount",
        "ConvertedContact",
        "ConvertedOpportunity",
        "RecordType",
        "ReportsTo",
        "Parent",
        "Contact",
        "Opportunity",
        "PersonContact",
        "MasterRecord",
    }
)
_Plan = tuple[object, Any, Any, bool, bool]
_FEW: Final = 1024
"""How many distinct values a text column may have for its records to
share one string per value; past it, values are kept as read."""
_MANY: Final[dict[str, str]] = {}
_ID: Final = "id"
_NAMED_FIELD: Final = "named"
_TIME: Final = "time"
_PROPERTY: Final = "property"
OBJECT_LIST: Final = ", ".join(map(repr, OBJECTS))
_SHARED: Final = frozenset(
    {"first_name", "last_name", "owner_id", "account_id", "company", "stage_name"}
)


def keep_role(
    reader: Reader,
    items: Iterable[tuple[str, object]],
    text: bool,
    source: str,
    where: str,
) -> None:
    problems = Problems()
    opportunity, role = reader.role(items, text=text, where=where, problems=problems)
    if opportunity is None:
        problems.add("required field missing", f"{where}.OpportunityId")
    if role is None or opportunity is None or problems.lines:
        reader.rejected.append(
            UnreadableLine(
                source=source,
                path=where,
                record_type=SALESFORCE_KINDS["Opportunity"],
                record_id=opportunity,
                problems=tuple(problems.lines),
            )
        )
        return
    reader.roles.setdefault(salesforce_id_key(opportunity), []).append(role)


def join_roles(reader: Reader) -> None:
    """Give each opportunity its contact roles from OpportunityContactRole
    files and pages (Bulk API 2.0 has no child subqueries)."""
    if not reader.roles:
        return
    for index, record in enumerate(reader.records):
        if isinstance(record, SalesforceOpportunity):
            roles = reader.roles.pop(salesforce_id_key(record.id), None)
            if roles:
                joined = tuple(dict.fromkeys((*record.contact_roles, *roles)))
                reader.records[index] = attrs.evolve(record, contact_roles=joined)
    orphans = sum(map(len, reader.roles.values()))
    if orphans:
        reader.notes.append(
            f"{orphans:,} opportunity contact roles name opportunities the export "
            "does not hold: they are not read"
        )
