"""The codec: the only module that knows JSON.

Two jobs:

* the project's own snapshot format: settings plus both systems' records,
  keys named as the Python attributes, defaults omitted on output;
  `structure`/`unstructure` round-trip every public value;
* readers for the real APIs' payload shapes (HubSpot CRM v3 objects and the
  owners API, Salesforce REST query results), so a team behind its own
  transport can feed raw responses in.

Strictness is the point: a string where a number belongs, ``"true"`` where a
boolean belongs, an unknown enum value or an unknown key in our own format is
refused, never coerced or ignored, and every problem is reported at once with
its JSON path (``"message @ $.hubspot.contacts[3].email"``) in one
`SnapshotError`. API payloads are the one place where unknown keys are
ignored: the APIs return fields nobody asked for (``hs_object_id``,
``createdate``, SOQL's extra columns), and refusing them would refuse every
real response.

Every format can also be read record by record (`iter_ndjson`,
`iter_snapshot`, `iter_hubspot`, `iter_hubspot_owners`, `iter_salesforce`):
a record that cannot be read is an `UnreadableLine` holding its problems,
and reading goes on, so that one bad value costs only its record (the
planner rejects it, ERR-1). `page_info` says whether an API response is the
last page of its result.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import reprlib
import sys
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import (
    Any,
    Final,
    TypeVar,
    Union,
    cast,
    get_args,
    get_origin,
)

import attrs
import cattrs
from cattrs.errors import (
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn
from cattrs.v import format_exception, transform_error

from crmsync_rules.model._email import email_key
from crmsync_rules.model._errors import (
    CrmSyncRulesError,
    InvalidEmailError,
    InvalidRecordError,
    SnapshotError,
)
from crmsync_rules.model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotObject,
    HubSpotOwner,
    LifecycleStage,
)
from crmsync_rules.model._inclusion import (
    CriteriaInclusionList,
    DefaultInclusionList,
    Operator,
    StaticInclusionList,
)
from crmsync_rules.model._kinds import NDJSON_TYPES, RECORD_KINDS, kind_of
from crmsync_rules.model._salesforce import (
    OpportunityContactRole,
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
    UserType,
)
from crmsync_rules.model._settings import (
    OLD_HUBSPOT_TYPE_SPELLINGS,
    ConnectorVersion,
    ContactCreation,
    HubSpotFieldType,
    HubSpotPropertyType,
    IntegrationSettings,
    SalesforceEdition,
    SalesforceFieldType,
    SyncRule,
)
from crmsync_rules.model._snapshot import (
    HubSpotRecords,
    Record,
    SalesforceRecords,
    Snapshot,
)
from crmsync_rules.model._unreadable import UnreadableLine
from crmsync_rules.typing import InclusionList

__all__ = [
    "NDJSON_TYPES",
    "PageInfo",
    "UnreadableLine",
    "dump_snapshot",
    "dumps_ndjson",
    "dumps_snapshot",
    "iter_hubspot",
    "iter_hubspot_owners",
    "iter_ndjson",
    "iter_salesforce",
    "iter_snapshot",
    "load_snapshot",
    "loads_snapshot",
    "page_info",
    "read_hubspot",
    "read_hubspot_owners",
    "read_ndjson_line",
    "read_salesforce",
    "structure",
    "unstructure",
]

T = TypeVar("T")


_REPR: Final = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 80
_REPR.maxlevel = 3


class _Invalid(ValueError):
    """A value our strict hooks refuse; its message is shown as it is."""


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _short(value: object) -> str:
    """A bounded repr: hostile input must not make a 50 MB error message."""
    return _REPR.repr(value)


def _describe(value: object) -> str:
    return "null" if value is None else f"{type(value).__name__} {_short(value)}"


def _strict_str(value: object, _: object) -> str:
    if type(value) is not str:
        raise _Invalid(f"expected a string, got {_describe(value)}")
    if len(value) > MAX_STRING_LENGTH:
        raise _Invalid(
            f"expected at most {MAX_STRING_LENGTH:,} characters, got {len(value):,}"
        )
    return value


def _strict_bool(value: object, _: object) -> bool:
    if type(value) is not bool:
        raise _Invalid(f"expected true or false, got {_describe(value)}")
    return value


def _strict_int(value: object, _: object) -> int:
    if type(value) is not int:
        raise _Invalid(f"expected an integer, got {_describe(value)}")
    return value


def _date(value: object, _: object) -> dt.date:
    text = _strict_str(value, None)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _Invalid(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    allowed = ", ".join(repr(m.value) for m in cls)

    def hook(value: object, _: object) -> enum.Enum:
        try:
            return cls(_strict_str(value, None))
        except CrmSyncRulesError as exc:
            # An enum that reads spellings of its own (SalesforceEdition)
            # says which it accepts.
            raise _Invalid(str(exc)) from None
        except ValueError:
            raise _Invalid(
                f"expected one of {allowed} ({cls.__name__}), got {value!r}"
            ) from None

    return hook


_ENUMS: Final = (
    LifecycleStage,
    HubSpotObject,
    UserType,
    SalesforceObject,
    ContactCreation,
    HubSpotPropertyType,
    HubSpotFieldType,
    SalesforceEdition,
    SalesforceFieldType,
    SyncRule,
    Operator,
)
_property_type: Final = _enum_hook(HubSpotPropertyType)


def _hubspot_type(value: object, _: object) -> enum.Enum:
    # FM-5: a mapping's old one-word hubspot_type ("text", "select") names a
    # fieldType; FieldMapping reads it as the (type, fieldType) pair.
    old = OLD_HUBSPOT_TYPE_SPELLINGS.get(value) if type(value) is str else None
    return _property_type(value, _) if old is None else old


# Built once: the API readers look one up per field value.
_ENUM_HOOKS: Final[dict[type[Any], Callable[[object, object], enum.Enum]]] = {
    cls: _enum_hook(cls) for cls in _ENUMS
} | {HubSpotPropertyType: _hubspot_type}


def _enum_value(member: enum.Enum) -> object:
    return member.value


def _version(value: object, _: object) -> ConnectorVersion:
    text = _strict_str(value, None)
    try:
        return ConnectorVersion.parse(text)
    except CrmSyncRulesError as exc:
        raise _Invalid(str(exc)) from None


_LIST_KINDS: Final[dict[str, type[Any]]] = {
    "static": StaticInclusionList,
    "criteria": CriteriaInclusionList,
    "default": DefaultInclusionList,
}
_KIND_OF: Final = {cls: kind for kind, cls in _LIST_KINDS.items()}


def _is_frozenset(type_: object) -> bool:
    return type_ is frozenset or get_origin(type_) is frozenset


def _sorted_factory(_type: object, _converter: object) -> Callable[[Any], list[Any]]:
    return sorted


def _is_collection(type_: object) -> bool:
    return get_origin(type_) in (tuple, frozenset)


def _collection_factory(
    type_: Any, converter: cattrs.Converter
) -> Callable[[object, object], object]:
    """JSON arrays only: a string is iterable, but ``"9001"`` is not a list
    of ids. Element errors keep their index for the problem's path."""
    origin = get_origin(type_)
    element = get_args(type_)[0]
    element_hook = converter.get_structure_hook(element)

    def hook(value: object, _: object) -> object:
        if not isinstance(value, list | tuple):
            raise _Invalid(f"expected a list, got {_describe(value)}")
        items: list[object] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(element_hook(item, element))
            except Exception as exc:
                note = IterableValidationNote(
                    f"Structuring {type_} @ index {index}", index, element
                )
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {type_!r}", errors, type_)
        return origin(items)

    return hook


def _is_optional(type_: object) -> bool:
    args = get_args(type_)
    return (
        get_origin(type_) in (Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _optional_factory(
    type_: Any, converter: cattrs.Converter
) -> Callable[[object, object], object]:
    """``X | None``: what cattrs does, with X's hook looked up once instead of
    at every value (records have a dozen optional fields)."""
    args = get_args(type_)
    inner_type = args[0] if args[1] is type(None) else args[1]
    inner = converter.get_structure_hook(inner_type)

    def hook(value: object, _: object) -> object:
        return None if value is None else inner(value, inner_type)

    def optional_str(value: object, _: object) -> object:
        # The commonest field type: a valid value needs no further call.
        if value is None or (type(value) is str and len(value) <= MAX_STRING_LENGTH):
            return value
        return _strict_str(value, None)

    return optional_str if inner is _strict_str else hook


def _record_factory(
    cls: type[Any], converter: cattrs.Converter
) -> Callable[[object, object], object]:
    """Attrs classes come from JSON objects; anything else is one clear
    problem instead of cattrs' ``'list' object has no attribute 'keys'``."""
    inner = make_dict_structure_fn(cls, converter)

    def hook(value: object, _: object) -> object:
        # type() first: JSON objects are dicts, and an ABC check costs more.
        if type(value) is not dict and not isinstance(value, Mapping):
            raise _Invalid(f"expected an object, got {_describe(value)}")
        return inner(value, cls)

    return hook


def _format_exception(exc: BaseException, type_: type[Any] | None) -> str:
    if isinstance(exc, InvalidRecordError):
        return f"{exc.field} {exc.problem}, got {exc.value!r}"
    if isinstance(exc, _Invalid | CrmSyncRulesError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        return _unknown_fields(exc.extra_fields)
    return format_exception(exc, type_)


def _make_converter() -> cattrs.Converter:
    c = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    c.register_structure_hook_factory(attrs.has, _record_factory)
    c.register_structure_hook_factory(_is_collection, _collection_factory)
    c.register_structure_hook_factory(_is_optional, _optional_factory)
    c.register_structure_hook(str, _strict_str)
    c.register_structure_hook(bool, _strict_bool)
    c.register_structure_hook(int, _strict_int)
    c.register_structure_hook(dt.date, _date)
    c.register_unstructure_hook(dt.date, dt.date.isoformat)
    c.register_structure_hook(ConnectorVersion, _version)
    c.register_unstructure_hook(ConnectorVersion, str)
    for cls in _ENUMS:
        c.register_structure_hook(cls, _ENUM_HOOKS[cls])
        # str-based enums would otherwise pass through as enum members.
        c.register_unstructure_hook(cls, _enum_value)
    # Sets are written sorted, so the same snapshot always gives the same text.
    c.register_unstructure_hook_factory(_is_frozenset, _sorted_factory)

    def structure_list(value: object, _: object) -> InclusionList:
        if not isinstance(value, Mapping):
            raise _Invalid(f"expected an object, got {_describe(value)}")
        body = dict(value)
        kind = body.pop("kind", None)
        if kind not in _LIST_KINDS:
            raise _Invalid(
                "inclusion_list.kind must be one of 'static', 'criteria', "
                f"'default', got {_short(kind)}"
            )
        result: InclusionList = c.structure(body, _LIST_KINDS[kind])
        return result

    def unstructure_list(value: InclusionList) -> dict[str, Any]:
        kind = _KIND_OF.get(type(value))
        if kind is None:
            raise SnapshotError(
                [
                    f"only the built-in inclusion lists can be written, "
                    f"got {type(value).__name__}"
                ]
            )
        return {"kind": kind, **c.unstructure(value, type(value))}

    c.register_structure_hook(InclusionList, structure_list)
    c.register_unstructure_hook(InclusionList, unstructure_list)
    return c


_converter: Final = _make_converter()


def structure(obj: object, cls: type[T], /, *, source: str = "input") -> T:
    """Build a *cls* value from JSON-like *obj*.

    Raises `SnapshotError` listing every problem with its path. Email
    addresses are checked too (`email_key`), so a malformed address is a
    problem of the input, reported at its path.
    """
    try:
        value = _converter.structure(obj, cls)
    except Exception as exc:  # cattrs wraps everything it meets; we re-raise ours
        if isinstance(exc, cattrs.BaseValidationError):
            problems = transform_error(exc, "$", format_exception=_format_exception)
        else:
            problems = [f"{_format_exception(exc, cls)} @ $"]
        raise SnapshotError(problems, source=source) from None
    problems = list(_email_problems(value, "$"))
    if problems:
        raise SnapshotError(problems, source=source)
    return value


def unstructure(value: object, /) -> Any:
    """Turn any public value into JSON-ready data (defaults left out)."""
    return _converter.unstructure(value)


# The snapshot format's frame: its groups and their records' classes, in
# the order of `RECORD_KINDS` (the order problems are reported in).
_SNAPSHOT_GROUPS: Final = {
    system: {kind.group: kind.cls for kind in RECORD_KINDS if kind.system == system}
    for system in ("hubspot", "salesforce")
}


def _rebased(problems: Iterable[str], path: str) -> list[str]:
    """*problems* of a value read on its own, with their paths made those of
    the value at *path* in its document (``@ $.email`` at ``$.results[3]``
    is ``@ $.results[3].email``)."""
    result = []
    for problem in problems:
        head, _, rest = problem.rpartition(" @ $")
        result.append(f"{head} @ {path}{rest}")
    return result


def _claimed_id(raw: object, key: str) -> str | None:
    """The id an unreadable record claims, to name it in the plan."""
    value = raw.get(key) if isinstance(raw, Mapping) else None
    if type(value) is str and value.strip():
        return value
    if type(value) is int:
        return str(value)
    return None


def _record_or_unreadable(
    raw: object, cls: type[Any], path: str, source: str
) -> Record | UnreadableLine:
    """The record of class *cls* that *raw*, at *path* of a snapshot,
    describes, or an `UnreadableLine` with every problem at its path."""
    try:
        record: Record = structure(raw, cls, source=source)
    except SnapshotError as exc:
        return UnreadableLine(
            source=source,
            path=path,
            record_type=kind_of(cls).ndjson,
            record_id=_claimed_id(raw, "id"),
            problems=tuple(_rebased(exc.problems, path)),
        )
    return record


def _valid_record(
    raw: object,
    cls: type[Any],
    hook: Callable[[object, type[Any]], Any],
    emails: tuple[str, ...],
) -> Any:
    """The record *raw* describes when it is valid, else ``None``: the
    common case without `structure`'s bookkeeping, which a large snapshot
    pays per record."""
    try:
        record = hook(raw, cls)
        for name in emails:
            address = getattr(record, name)
            if address is not None:
                email_key(address)
    except Exception:  # `structure` says what is wrong
        return None
    return record


def _unknown_fields(keys: Iterable[object]) -> str:
    keys = sorted(map(_short, keys))
    return (
        f"unknown field{'s' if len(keys) > 1 else ''} {', '.join(keys)} "
        "(a typo? unknown keys are refused)"
    )


def iter_snapshot(
    obj: object, /, *, source: str = "input"
) -> Iterator[IntegrationSettings | Record | UnreadableLine]:
    """The values of a snapshot document, parsed JSON, as `iter_ndjson`
    yields them: the settings first, then every record, a record that
    cannot be read as an `UnreadableLine` with its ``path``
    (``"$.hubspot.contacts[3]"``) and every problem at its path.

    Raises `SnapshotError` listing every problem when the document as a
    whole cannot be used: not an object, unknown keys outside the records,
    a group that is not a list, settings missing or invalid.

    >>> values = list(iter_snapshot({"settings": {"integrated_on": "2016-05-10"},
    ...     "hubspot": {"contacts": [{"id": "1"}, {"id": "2", "email": "a@@b.nl"}]}}))
    >>> [type(v).__name__ for v in values]
    ['IntegrationSettings', 'HubSpotContact', 'UnreadableLine']
    >>> values[2].path, values[2].record_id
    ('$.hubspot.contacts[1]', '2')
    """
    if not isinstance(obj, Mapping):
        raise SnapshotError(
            [f"expected an object, got {_describe(obj)} @ $"], source=source
        )
    problems: list[str] = []  # of the document itself: nothing can be planned
    every: list[str] = []  # the records' too, in document order
    values: list[IntegrationSettings | Record | UnreadableLine] = []
    if "settings" not in obj:
        problems.append("required field missing @ $.settings")
    else:
        try:
            values.append(
                structure(obj["settings"], IntegrationSettings, source=source)
            )
        except SnapshotError as exc:
            problems.extend(_rebased(exc.problems, "$.settings"))
    every.extend(problems)
    _snapshot_records(obj, source, values, problems, every)
    unknown = set(obj).difference(("settings", *_SNAPSHOT_GROUPS))
    if unknown:
        problems.append(f"{_unknown_fields(unknown)} @ $")
        every.append(problems[-1])
    if problems:
        raise SnapshotError(every, source=source)
    return iter(values)


def _snapshot_records(
    obj: Mapping[str, object],
    source: str,
    values: list[IntegrationSettings | Record | UnreadableLine],
    problems: list[str],
    every: list[str],
) -> None:
    """The records of snapshot *obj* appended to *values*; problems of the
    document to *problems*, and those and the records' to *every*."""
    for system, groups in _SNAPSHOT_GROUPS.items():
        group = obj.get(system)
        if group is None and system not in obj:
            continue
        if not isinstance(group, Mapping):
            problem = f"expected an object, got {_describe(group)} @ $.{system}"
            problems.append(problem)
            every.append(problem)
            continue
        for name, cls in groups.items():
            if name not in group:
                continue
            items = group[name]
            where = f"$.{system}.{name}"
            if not isinstance(items, list | tuple):
                problem = f"expected a list, got {_describe(items)} @ {where}"
                problems.append(problem)
                every.append(problem)
                continue
            hook = _converter.get_structure_hook(cls)
            emails = EMAIL_FIELDS.get(cls, ())
            for index, raw in enumerate(items):
                value = _valid_record(raw, cls, hook, emails)
                if value is None:  # `structure` says what is wrong with it
                    value = _record_or_unreadable(raw, cls, f"{where}[{index}]", source)
                    if isinstance(value, UnreadableLine):
                        every.extend(value.problems)
                values.append(value)
        unknown = set(group).difference(groups)
        if unknown:
            problem = f"{_unknown_fields(unknown)} @ $.{system}"
            problems.append(problem)
            every.append(problem)


def load_snapshot(obj: object, /, *, source: str = "input") -> Snapshot:
    """Build a `Snapshot` from parsed JSON; see `structure`.

    Raises `SnapshotError` listing every problem, each with its path (the
    values of `iter_snapshot`, all of them or nothing).
    """
    values = iter_snapshot(obj, source=source)
    settings = cast(IntegrationSettings, next(values))
    groups: dict[str, dict[str, list[Any]]] = {
        system: {name: [] for name in names}
        for system, names in _SNAPSHOT_GROUPS.items()
    }
    problems: list[str] = []
    for value in values:
        if isinstance(value, UnreadableLine):
            problems.extend(value.problems)
        else:
            kind = kind_of(type(value))
            groups[kind.system][kind.group].append(value)
    if problems:
        raise SnapshotError(problems, source=source)
    return Snapshot(
        settings=settings,
        hubspot=HubSpotRecords(**{k: tuple(v) for k, v in groups["hubspot"].items()}),
        salesforce=SalesforceRecords(
            **{k: tuple(v) for k, v in groups["salesforce"].items()}
        ),
    )


def dump_snapshot(snapshot: Snapshot, /) -> dict[str, Any]:
    """The JSON-ready form of *snapshot*."""
    result: dict[str, Any] = _converter.unstructure(snapshot)
    return result


def loads_snapshot(text: str | bytes, /, *, source: str = "input") -> Snapshot:
    """Parse JSON text into a `Snapshot`; bad JSON is reported with its line
    and column."""
    return load_snapshot(_parse_json(text, source=source), source=source)


def dumps_snapshot(snapshot: Snapshot, /, *, indent: int | None = 2) -> str:
    """Serialise *snapshot* as JSON text (keys sorted, for stable diffs)."""
    return json.dumps(
        dump_snapshot(snapshot), indent=indent, sort_keys=True, ensure_ascii=False
    )


MAX_STRING_LENGTH: Final = 131_072
"""The longest string any field may hold (Salesforce's longest text field).
Longer values are refused: no name, id or address is that long, and a 50 MB
"email" must not reach the validators."""


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not valid JSON")


# Fields whose values repeat from record to record: people's names, owners,
# accounts and companies (a portal has a few hundred owners and a few
# thousand companies, and first names follow a steep Zipf curve). Reading
# them interned makes a million records share a few thousand strings instead
# of holding a copy each: about 40% of a record's memory (issue 7). Interning
# changes no value; the interpreter drops an interned string with its last
# reference.
_SHARED_VALUE_KEYS: Final = frozenset(
    {
        "first_name",
        "last_name",
        "owner_id",
        "account_id",
        "company",
        "company_ids",
        "stage_name",
        "role",
    }
)


def _shared(value: object) -> object:
    if type(value) is str:
        return sys.intern(value)
    if type(value) is list:
        return [sys.intern(v) if type(v) is str else v for v in value]
    return value


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    for key in _SHARED_VALUE_KEYS.intersection(result):
        result[key] = _shared(result[key])
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                # The last value would silently win: a data-loss bug waiting.
                raise ValueError(f"duplicate key {_short(key)} in one object")
            seen.add(key)
    return result


def _parse_json(text: str | bytes, *, source: str) -> object:
    """Strict JSON: UTF-8 (a leading byte-order mark is allowed, as Windows
    exports write one), no NaN or Infinity, no duplicate keys, bounded
    nesting. Every failure is a `SnapshotError`."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        elif text.startswith("\ufeff"):
            text = text[1:]
        return json.loads(
            text,
            parse_constant=_refuse_constant,
            object_pairs_hook=_refuse_duplicate_keys,
        )
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 text: byte {exc.start} cannot be decoded"
    except json.JSONDecodeError as exc:
        problem = f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
    except ValueError as exc:
        problem = f"invalid JSON: {exc}"
    except RecursionError:
        problem = "invalid JSON: nested too deeply"
    raise SnapshotError([problem], source=source)


# Email fields by record class: checked after structuring, so an invalid
# address is a problem at its JSON path like any other.
EMAIL_FIELDS: Final[dict[type[Any], tuple[str, ...]]] = {
    kind.cls: (kind.email_field,) for kind in RECORD_KINDS if kind.email_field
}


def _email_problems(value: object, path: str) -> Iterable[str]:
    fields = EMAIL_FIELDS.get(type(value))
    if fields is not None:
        record = getattr(value, "id", None)
        for name in fields:
            address = getattr(value, name)
            if address is None:
                continue
            try:
                email_key(address, record=record, field=name)
            except InvalidEmailError as exc:
                problem = f"invalid email address ({exc.reason}), got {address!r}"
                yield f"{problem} @ {path}.{name}"
        return
    if isinstance(value, Snapshot | HubSpotRecords | SalesforceRecords):
        for field in attrs.fields(type(value)):
            yield from _email_problems(
                getattr(value, field.name), f"{path}.{field.name}"
            )
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _email_problems(item, f"{path}[{index}]")


# --- The real APIs' payload shapes ------------------------------------------
#
# Tables of (API name, attribute, kind). Kind is str, bool or an enum class.
# HubSpot sends every property value as a string ("true", "") or null;
# Salesforce sends JSON booleans. In both, "" and null mean "no value".

_Field = tuple[str, str, type[Any]]

_HUBSPOT_PROPERTIES: Final[dict[HubSpotObject, tuple[_Field, ...]]] = {
    HubSpotObject.CONTACT: (
        ("email", "email", str),
        ("firstname", "first_name", str),
        ("lastname", "last_name", str),
        ("company", "company", str),
        ("lifecyclestage", "lifecycle_stage", LifecycleStage),
        ("hubspot_owner_id", "owner_id", str),
        ("hs_email_optout", "unsubscribed", bool),
        ("salesforceleadid", "salesforce_lead_id", str),
        ("salesforcecontactid", "salesforce_contact_id", str),
    ),
    HubSpotObject.COMPANY: (
        ("name", "name", str),
        ("domain", "domain", str),
        ("hubspot_owner_id", "owner_id", str),
        ("lifecyclestage", "lifecycle_stage", LifecycleStage),
        ("salesforceaccountid", "salesforce_account_id", str),
    ),
    HubSpotObject.DEAL: (
        ("dealname", "name", str),
        ("pipeline", "pipeline", str),
        ("dealstage", "stage", str),
        ("hubspot_owner_id", "owner_id", str),
        ("salesforceopportunityid", "salesforce_opportunity_id", str),
    ),
}
_HUBSPOT_CLASSES: Final[dict[HubSpotObject, type[Any]]] = {
    HubSpotObject.CONTACT: HubSpotContact,
    HubSpotObject.COMPANY: HubSpotCompany,
    HubSpotObject.DEAL: HubSpotDeal,
}
_HUBSPOT_OWNER_FIELDS: Final[tuple[_Field, ...]] = (
    ("email", "email", str),
    ("firstName", "first_name", str),
    ("lastName", "last_name", str),
    ("archived", "archived", bool),
)
_SALESFORCE_FIELDS: Final[dict[str, tuple[type[Any], tuple[_Field, ...]]]] = {
    "Lead": (
        SalesforceLead,
        (
            ("Email", "email", str),
            ("FirstName", "first_name", str),
            ("LastName", "last_name", str),
            ("Company", "company", str),
            ("OwnerId", "owner_id", str),
            ("HasOptedOutOfEmail", "has_opted_out_of_email", bool),
            ("IsConverted", "is_converted", bool),
            ("ConvertedAccountId", "converted_account_id", str),
            ("ConvertedContactId", "converted_contact_id", str),
        ),
    ),
    "Contact": (
        SalesforceContact,
        (
            ("Email", "email", str),
            ("FirstName", "first_name", str),
            ("LastName", "last_name", str),
            ("AccountId", "account_id", str),
            ("OwnerId", "owner_id", str),
            ("HasOptedOutOfEmail", "has_opted_out_of_email", bool),
            ("IsPersonAccount", "is_person_account", bool),
        ),
    ),
    "Account": (
        SalesforceAccount,
        (
            ("Name", "name", str),
            ("OwnerId", "owner_id", str),
            ("RecordTypeId", "record_type_id", str),
            ("IsPersonAccount", "is_person_account", bool),
            ("FirstName", "first_name", str),
            ("LastName", "last_name", str),
            ("PersonEmail", "person_email", str),
            ("PersonContactId", "person_contact_id", str),
            ("PersonHasOptedOutOfEmail", "person_has_opted_out_of_email", bool),
        ),
    ),
    "Opportunity": (
        SalesforceOpportunity,
        (
            ("Name", "name", str),
            ("AccountId", "account_id", str),
            ("StageName", "stage_name", str),
            ("IsClosed", "is_closed", bool),
            ("IsWon", "is_won", bool),
            ("OwnerId", "owner_id", str),
            ("RecordTypeId", "record_type_id", str),
        ),
    ),
    "User": (
        SalesforceUser,
        (
            ("Email", "email", str),
            ("FirstName", "first_name", str),
            ("LastName", "last_name", str),
            ("Name", "full_name", str),
            ("UserType", "user_type", UserType),
            ("IsActive", "is_active", bool),
        ),
    ),
    "Group": (
        SalesforceQueue,
        (("Name", "name", str), ("Email", "email", str)),
    ),
}
_SALESFORCE_TYPES: Final = ", ".join(map(repr, _SALESFORCE_FIELDS))
# The NDJSON type of a record each attributes.type names.
_SALESFORCE_KINDS: Final = {
    "Lead": "salesforce_lead",
    "Contact": "salesforce_contact",
    "Account": "salesforce_account",
    "Opportunity": "salesforce_opportunity",
    "User": "salesforce_user",
    "Group": "salesforce_queue",
}
_CONTACT_ROLE_FIELDS: Final[tuple[_Field, ...]] = (
    ("ContactId", "contact_id", str),
    ("Role", "role", str),
    ("IsPrimary", "is_primary", bool),
)


class _Problems:
    """Collects "message @ path" lines while a payload is read."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, message: str, path: str) -> None:
        self.lines.append(f"{message} @ {path}")


def _read_value(
    raw: object, kind: type[Any], path: str, problems: _Problems, *, strings: bool
) -> object:
    if raw is None or raw == "":
        return None
    if kind is bool:
        if strings and raw in ("true", "false"):
            return raw == "true"
        if not strings and type(raw) is bool:
            return raw
        expected = '"true" or "false"' if strings else "true or false"
        problems.add(f"expected {expected}, got {_describe(raw)}", path)
        return None
    if type(raw) is not str:
        problems.add(f"expected a string, got {_describe(raw)}", path)
        return None
    if len(raw) > MAX_STRING_LENGTH:
        problems.add(
            f"expected at most {MAX_STRING_LENGTH:,} characters, got {len(raw):,}", path
        )
        return None
    if kind is str:
        return raw
    try:
        return _ENUM_HOOKS[kind](raw, None)
    except _Invalid as exc:
        problems.add(str(exc), path)
        return None


def _read_fields(
    raw: Mapping[str, object],
    table: tuple[_Field, ...],
    path: str,
    problems: _Problems,
    *,
    strings: bool,
) -> dict[str, object]:
    values: dict[str, object] = {}
    for api_name, attribute, kind in table:
        value = _read_value(
            raw.get(api_name), kind, f"{path}.{api_name}", problems, strings=strings
        )
        if value is not None:
            values[attribute] = value
    return values


def _build(
    cls: type[T],
    values: dict[str, Any],
    path: str,
    problems: _Problems,
    fields: dict[str, str],
) -> T | None:
    """Construct *cls*; problems go to their API field's path. *fields* maps
    attribute names back to API names for the message."""
    try:
        record = cls(**values)
    except CrmSyncRulesError as exc:
        field = getattr(exc, "field", None)
        api = fields.get(field, field) if isinstance(field, str) else None
        problems.add(str(exc), f"{path}.{api}" if api else path)
        return None
    for name in EMAIL_FIELDS.get(cls, ()):
        address = getattr(record, name)
        if address is None:
            continue
        try:
            email_key(address, record=values.get("id"), field=name)
        except InvalidEmailError as exc:
            problems.add(
                f"invalid email address ({exc.reason}), got {address!r}",
                f"{path}.{fields[name]}",
            )
            return None
    return record


def _items(
    payload: object, key: str, path: str, problems: _Problems
) -> list[tuple[str, object]]:
    """The objects of a list response, a bare list, or a single object."""
    if isinstance(payload, list):
        return [(f"{path}[{i}]", item) for i, item in enumerate(payload)]
    if isinstance(payload, Mapping):
        if key in payload:
            items = payload[key]
            if not isinstance(items, list):
                problems.add(
                    f"expected a list, got {_type_name(items)}", f"{path}.{key}"
                )
                return []
            return [(f"{path}.{key}[{i}]", item) for i, item in enumerate(items)]
        return [(path, payload)]
    problems.add(f"expected an object or a list, got {_type_name(payload)}", path)
    return []


def _require_id(
    raw: Mapping[str, object], key: str, path: str, problems: _Problems
) -> str | None:
    value = raw.get(key)
    if type(value) is str and value and not value.isspace():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        # HubSpot's owners API sends numeric-looking ids as strings, but
        # some exports write them as numbers; both name the same record.
        problems.add(
            f"expected the id as a string, got number {_short(value)}", f"{path}.{key}"
        )
        return None
    problems.add(
        "required field missing"
        if value is None
        else f"expected a non-empty string id, got {_short(value)}",
        f"{path}.{key}",
    )
    return None


def _association_ids(
    raw: Mapping[str, object], name: str, path: str, problems: _Problems
) -> tuple[str, ...]:
    associations = raw.get("associations")
    if not isinstance(associations, Mapping) or name not in associations:
        return ()
    block = associations[name]
    where = f"{path}.associations.{name}"
    results = block.get("results") if isinstance(block, Mapping) else None
    if not isinstance(results, list):
        problems.add("expected an object with a list of results", where)
        return ()
    ids: list[str] = []
    for i, item in enumerate(results):
        value = (
            item.get("id", item.get("toObjectId"))
            if isinstance(item, Mapping)
            else None
        )
        if type(value) is str and value:
            ids.append(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            ids.append(str(value))  # v4 associations give numeric toObjectId
        else:
            problems.add(
                f"expected an association id, got {_short(value)}",
                f"{where}.results[{i}]",
            )
    return tuple(dict.fromkeys(ids))


def _page_items(payload: object, key: str, source: str) -> list[tuple[str, object]]:
    """The records of an API page with their paths (see `_items`); a page
    that holds no list of records raises `SnapshotError`."""
    problems = _Problems()
    items = _items(payload, key, "$", problems)
    if problems.lines:
        raise SnapshotError(problems.lines, source=source)
    return items


def _unreadable(
    raw: object,
    problems: _Problems,
    *,
    source: str,
    path: str,
    kind: str | None,
    id_key: str,
) -> UnreadableLine:
    return UnreadableLine(
        source=source,
        path=path,
        record_type=kind,
        record_id=_claimed_id(raw, id_key),
        problems=tuple(problems.lines),
    )


def _all_or_nothing(values: Iterable[T | UnreadableLine], source: str) -> list[T]:
    """Every record of *values*, or `SnapshotError` listing every problem
    of the unreadable ones."""
    records: list[T] = []
    problems: list[str] = []
    for value in values:
        if isinstance(value, UnreadableLine):
            problems.extend(value.problems)
        else:
            records.append(value)
    if problems:
        raise SnapshotError(problems, source=source)
    return records


_HUBSPOT_TYPES: Final = {
    HubSpotObject.CONTACT: "hubspot_contact",
    HubSpotObject.COMPANY: "hubspot_company",
    HubSpotObject.DEAL: "hubspot_deal",
}


def iter_hubspot(
    payload: object, /, *, object_type: HubSpotObject, source: str = "input"
) -> Iterator[HubSpotContact | HubSpotCompany | HubSpotDeal | UnreadableLine]:
    """The HubSpot CRM v3 objects of *payload* (see `read_hubspot`), one at a
    time; a record that cannot be read is an `UnreadableLine` with its
    ``path`` (``"$.results[3]"``) and every problem at its path, and
    reading goes on. Raises `SnapshotError` at once when *payload* holds no
    records to read (not an object or a list, ``results`` not a list).
    """
    items = _page_items(payload, "results", source)
    return _hubspot_values(items, object_type, source)


def _hubspot_values(
    items: list[tuple[str, object]], object_type: HubSpotObject, source: str
) -> Iterator[HubSpotContact | HubSpotCompany | HubSpotDeal | UnreadableLine]:
    table = _HUBSPOT_PROPERTIES[object_type]
    cls = _HUBSPOT_CLASSES[object_type]
    kind = _HUBSPOT_TYPES[object_type]
    api_names = {attribute: f"properties.{api}" for api, attribute, _ in table}
    for path, raw in items:
        problems = _Problems()
        record = _hubspot_record(
            raw,
            path,
            problems,
            object_type=object_type,
            table=table,
            cls=cls,
            api_names=api_names,
        )
        if record is None:
            yield _unreadable(
                raw, problems, source=source, path=path, kind=kind, id_key="id"
            )
        else:
            yield record


def _hubspot_record(
    raw: object,
    path: str,
    problems: _Problems,
    *,
    object_type: HubSpotObject,
    table: tuple[_Field, ...],
    cls: type[Any],
    api_names: dict[str, str],
) -> Any:
    """One HubSpot object, or ``None`` with its *problems*."""
    if not isinstance(raw, Mapping):
        problems.add(f"expected an object, got {_type_name(raw)}", path)
        return None
    record_id = _require_id(raw, "id", path, problems)
    properties = raw.get("properties", {})
    if not isinstance(properties, Mapping):
        problems.add(
            f"expected an object, got {_type_name(properties)}",
            f"{path}.properties",
        )
        return None
    values = _read_fields(
        properties, table, f"{path}.properties", problems, strings=True
    )
    if object_type is not HubSpotObject.COMPANY:
        companies = _association_ids(raw, "companies", path, problems)
        if not companies and object_type is HubSpotObject.CONTACT:
            primary = _read_value(
                properties.get("associatedcompanyid"),
                str,
                f"{path}.properties.associatedcompanyid",
                problems,
                strings=True,
            )
            companies = (primary,) if isinstance(primary, str) else ()
        values["company_ids"] = companies
    if object_type is HubSpotObject.DEAL:
        values["contact_ids"] = _association_ids(raw, "contacts", path, problems)
    if record_id is None:
        return None
    # Built even after a problem: the email check may find one more.
    record = _build(cls, {"id": record_id, **values}, path, problems, api_names)
    return None if problems.lines else record


def read_hubspot(
    payload: object, /, *, object_type: HubSpotObject, source: str = "input"
) -> HubSpotRecords:
    """Read HubSpot CRM v3 objects of *object_type*.

    *payload* is a list or batch-read response (``{"results": [...]}``), a
    list of objects, or one object ``{"id", "properties", "associations"}``.
    Company and contact associations come from ``associations`` (v3 ``id``
    or v4 ``toObjectId``); a contact without them falls back to
    ``associatedcompanyid``. Raises `SnapshotError` listing every problem
    (`iter_hubspot` reads on past a bad record instead). A list page says
    whether more pages follow: see `page_info`.
    """
    records: list[Any] = _all_or_nothing(
        iter_hubspot(payload, object_type=object_type, source=source), source
    )
    key = {
        HubSpotObject.CONTACT: "contacts",
        HubSpotObject.COMPANY: "companies",
        HubSpotObject.DEAL: "deals",
    }[object_type]
    return HubSpotRecords(**{key: tuple(records)})


def iter_hubspot_owners(
    payload: object, /, *, source: str = "input"
) -> Iterator[HubSpotOwner | UnreadableLine]:
    """The owners of a HubSpot owners API response (see
    `read_hubspot_owners`), one at a time, as `iter_hubspot` reads objects."""
    items = _page_items(payload, "results", source)
    return _owner_values(items, source)


def _owner_values(
    items: list[tuple[str, object]], source: str
) -> Iterator[HubSpotOwner | UnreadableLine]:
    api_names = {attribute: api for api, attribute, _ in _HUBSPOT_OWNER_FIELDS}
    for path, raw in items:
        problems = _Problems()
        owner = _owner(raw, path, problems, api_names)
        if owner is None:
            yield _unreadable(
                raw,
                problems,
                source=source,
                path=path,
                kind="hubspot_owner",
                id_key="id",
            )
        else:
            yield owner


def _owner(
    raw: object, path: str, problems: _Problems, api_names: dict[str, str]
) -> HubSpotOwner | None:
    if not isinstance(raw, Mapping):
        problems.add(f"expected an object, got {_type_name(raw)}", path)
        return None
    record_id = _require_id(raw, "id", path, problems)
    values = _read_fields(raw, _HUBSPOT_OWNER_FIELDS, path, problems, strings=False)
    if "email" not in values:
        problems.add("required field missing", f"{path}.email")
        return None
    if record_id is None:
        return None
    owner = _build(HubSpotOwner, {"id": record_id, **values}, path, problems, api_names)
    return None if problems.lines else owner


def read_hubspot_owners(payload: object, /, *, source: str = "input") -> HubSpotRecords:
    """Read a HubSpot owners API response (``{"results": [{"id", "email",
    "firstName", "lastName", "archived"}]}``)."""
    owners = _all_or_nothing(iter_hubspot_owners(payload, source=source), source)
    return HubSpotRecords(owners=tuple(owners))


_SALESFORCE_GROUPS: Final = {
    SalesforceLead: "leads",
    SalesforceContact: "contacts",
    SalesforceAccount: "accounts",
    SalesforceOpportunity: "opportunities",
    SalesforceUser: "users",
    SalesforceQueue: "queues",
}


def iter_salesforce(
    payload: object, /, *, source: str = "input"
) -> Iterator[
    SalesforceLead
    | SalesforceContact
    | SalesforceAccount
    | SalesforceOpportunity
    | SalesforceUser
    | SalesforceQueue
    | UnreadableLine
]:
    """The Salesforce REST records of *payload* (see `read_salesforce`),
    one at a time, as `iter_hubspot` reads HubSpot's."""
    items = _page_items(payload, "records", source)
    return _salesforce_values(items, source)


def _salesforce_values(items: list[tuple[str, object]], source: str) -> Iterator[Any]:
    for path, raw in items:
        problems = _Problems()
        record = _salesforce_record(raw, path, problems)
        if record is None:
            attributes = raw.get("attributes") if isinstance(raw, Mapping) else None
            sobject = (
                attributes.get("type") if isinstance(attributes, Mapping) else None
            )
            kind = _SALESFORCE_KINDS.get(sobject) if isinstance(sobject, str) else None
            yield _unreadable(
                raw, problems, source=source, path=path, kind=kind, id_key="Id"
            )
        else:
            yield record


def _salesforce_record(raw: object, path: str, problems: _Problems) -> Any:
    """One Salesforce record, or ``None`` with its *problems*."""
    if not isinstance(raw, Mapping):
        problems.add(f"expected an object, got {_type_name(raw)}", path)
        return None
    attributes = raw.get("attributes")
    sobject = attributes.get("type") if isinstance(attributes, Mapping) else None
    if sobject not in _SALESFORCE_FIELDS:
        problems.add(
            f"attributes.type must be one of {_SALESFORCE_TYPES}, "
            f"got {_short(sobject)}",
            f"{path}.attributes.type",
        )
        return None
    cls, table = _SALESFORCE_FIELDS[sobject]
    if sobject == "Group" and raw.get("Type") != "Queue":
        problems.add(
            "only queues are owners: expected Type 'Queue', "
            f"got {_short(raw.get('Type'))}",
            f"{path}.Type",
        )
        return None
    record_id = _require_id(raw, "Id", path, problems)
    values = _read_fields(raw, table, path, problems, strings=False)
    if cls is SalesforceOpportunity:
        values["contact_roles"] = _contact_roles(raw, path, problems)
    if record_id is None:
        return None
    api_names = {attribute: api for api, attribute, _ in table}
    record = _build(cls, {"id": record_id, **values}, path, problems, api_names)
    return None if problems.lines else record


def read_salesforce(payload: object, /, *, source: str = "input") -> SalesforceRecords:
    """Read Salesforce REST records of any supported type.

    *payload* is a query response (``{"totalSize", "done", "records"}``), a
    list of records, or one record; each names its type in
    ``attributes.type`` (Lead, Contact, Account, Opportunity, User, or Group
    with ``Type`` "Queue"). An opportunity's contact roles come from an
    ``OpportunityContactRoles`` sub-query. Raises `SnapshotError` listing
    every problem (`iter_salesforce` reads on past a bad record instead). A
    query response says whether more pages follow: see `page_info`.
    """
    groups: dict[str, list[Any]] = {name: [] for name in _SALESFORCE_GROUPS.values()}
    for record in _all_or_nothing(iter_salesforce(payload, source=source), source):
        groups[_SALESFORCE_GROUPS[type(record)]].append(record)
    return SalesforceRecords(**{name: tuple(items) for name, items in groups.items()})


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


def _contact_roles(
    raw: Mapping[str, object], path: str, problems: _Problems
) -> tuple[OpportunityContactRole, ...]:
    block = raw.get("OpportunityContactRoles")
    if block is None:
        return ()
    where = f"{path}.OpportunityContactRoles"
    roles: list[OpportunityContactRole] = []
    api_names = {attribute: api for api, attribute, _ in _CONTACT_ROLE_FIELDS}
    for item_path, item in _items(block, "records", where, problems):
        if not isinstance(item, Mapping):
            problems.add(f"expected an object, got {_type_name(item)}", item_path)
            continue
        values = _read_fields(
            item, _CONTACT_ROLE_FIELDS, item_path, problems, strings=False
        )
        if "contact_id" not in values:
            problems.add("required field missing", f"{item_path}.ContactId")
            continue
        role = _build(OpportunityContactRole, values, item_path, problems, api_names)
        if role is not None:
            roles.append(role)
    return tuple(roles)


# --- NDJSON: one record a line, for exports too big for one document -------


_NDJSON_KINDS: Final = ", ".join(map(repr, NDJSON_TYPES))


def read_ndjson_line(
    text: str | bytes, /, *, line: int = 1, source: str = "input"
) -> IntegrationSettings | Record | UnreadableLine:
    """Read one NDJSON line ``{"type": "hubspot_contact", "id": ...}``.

    Returns the settings or the record, or an `UnreadableLine` listing every
    problem (bad JSON, unknown type, invalid fields) with its path.
    """
    try:
        raw = _parse_json(text, source=source)
    except SnapshotError as exc:
        return UnreadableLine(
            source=source,
            line=line,
            record_type=None,
            record_id=None,
            problems=exc.problems,
        )
    if not isinstance(raw, dict):
        return UnreadableLine(
            source=source,
            line=line,
            record_type=None,
            record_id=None,
            problems=(f"expected an object, got {_describe(raw)} @ $",),
        )
    body = raw  # a fresh dict from the parser: ours to change
    kind = body.pop("type", None)
    record_id = body.get("id") if type(body.get("id")) is str else None
    cls = NDJSON_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        return UnreadableLine(
            source=source,
            line=line,
            record_type=None,
            record_id=record_id,
            problems=(
                f"type must be one of {_NDJSON_KINDS}, got {_short(kind)} @ $.type",
            ),
        )
    try:
        value: IntegrationSettings | Record = structure(body, cls, source=source)
    except SnapshotError as exc:
        return UnreadableLine(
            source=source,
            line=line,
            record_type=kind,
            record_id=record_id,
            problems=exc.problems,
        )
    return value


def iter_ndjson(
    lines: Iterable[str | bytes], /, *, source: str = "input"
) -> Iterator[IntegrationSettings | Record | UnreadableLine]:
    """Read NDJSON lazily, one value per non-blank line (see
    `read_ndjson_line`); memory stays flat whatever the file's size."""
    for number, text in enumerate(lines, start=1):
        if text.strip():
            yield read_ndjson_line(text, line=number, source=source)


def dumps_ndjson(snapshot: Snapshot, /) -> Iterator[str]:
    """*snapshot* as NDJSON lines (without newlines): the settings first, then
    every record in `Snapshot.records` order."""
    yield _ndjson_line("settings", snapshot.settings)
    for record in snapshot.records():
        yield _ndjson_line(kind_of(type(record)).ndjson, record)


def _ndjson_line(kind: str, value: object) -> str:
    return json.dumps(
        {"type": kind, **_converter.unstructure(value)},
        ensure_ascii=False,
        sort_keys=True,
    )


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


def _looks_like(obj: object) -> str | None:
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
