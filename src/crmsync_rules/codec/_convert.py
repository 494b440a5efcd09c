"""The cattrs converter: `structure` and `unstructure` for every public
value, its strict hooks (no coercion), and the email check that makes an
invalid address a problem at its JSON path."""

from __future__ import annotations

import enum
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, TypeVar, Union, get_args, get_origin

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
from crmsync_rules.model._field_types import (
    OLD_HUBSPOT_TYPE_SPELLINGS,
    HubSpotFieldType,
    HubSpotPropertyType,
    SalesforceFieldType,
)
from crmsync_rules.model._hubspot import HubSpotObject, LifecycleStage
from crmsync_rules.model._inclusion import (
    CriteriaInclusionList,
    Criterion,
    DefaultInclusionList,
    Operator,
    StaticInclusionList,
)
from crmsync_rules.model._kinds import RECORD_KINDS
from crmsync_rules.model._salesforce import SalesforceObject, UserType
from crmsync_rules.model._settings import (
    ConnectorVersion,
    ContactCreation,
    FieldMapping,
    IntegrationSettings,
    SalesforceEdition,
    SyncRule,
)
from crmsync_rules.model._snapshot import HubSpotRecords, SalesforceRecords, Snapshot
from crmsync_rules.typing import InclusionList

from ._json import (
    MAX_STRING_LENGTH,
    Invalid,
    describe,
    short,
    strict_str,
    unknown_fields,
)
from ._properties_json import register_time_and_property_hooks
from ._settings_file import (
    SCHEMA_KEY,
    SYNC_RULE_LABELS,
    is_comment_key,
    sync_rule_of_label,
)

__all__ = [
    "CONVERTER",
    "EMAIL_FIELDS",
    "ENUM_HOOKS",
    "Invalid",
    "structure",
    "unstructure",
]

T = TypeVar("T")


def _strict_bool(value: object, _: object) -> bool:
    if type(value) is not bool:
        raise Invalid(f"expected true or false, got {describe(value)}")
    return value


def _strict_int(value: object, _: object) -> int:
    if type(value) is not int:
        raise Invalid(f"expected an integer, got {describe(value)}")
    return value


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    allowed = ", ".join(repr(m.value) for m in cls)

    def hook(value: object, _: object) -> enum.Enum:
        try:
            return cls(strict_str(value, None))
        except CrmSyncRulesError as exc:
            # An enum that reads spellings of its own (SalesforceEdition)
            # says which it accepts.
            raise Invalid(str(exc)) from None
        except ValueError:
            raise Invalid(
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


_rule_value: Final = _enum_hook(SyncRule)
_RULE_SPELLINGS: Final = ", ".join(
    [repr(r.value) for r in SyncRule]
    + [repr(label) for label in SYNC_RULE_LABELS.values()]
)


def _sync_rule(value: object, _: object) -> enum.Enum:
    # FM-1, FM-2, FM-3, FM-4: a rule as the HubSpot UI words it
    # ("Two-way"), in any letter case, or as its enum value ("two_way"),
    # which is what the codec writes.
    rule = sync_rule_of_label(value) if type(value) is str else None
    if rule is not None:
        return rule
    try:
        return _rule_value(value, _)
    except Invalid:
        raise Invalid(
            f"expected one of {_RULE_SPELLINGS} (SyncRule; the UI's words in "
            f"any letter case), got {short(value)}"
        ) from None


_edition: Final = _enum_hook(SalesforceEdition)


def _salesforce_edition(value: object, _: object) -> enum.Enum:
    # The spellings SalesforceEdition reads, in ASCII as the schema's
    # pattern says: casefold() alone would also read "Profeßional".
    if type(value) is str and not value.isascii():
        try:
            SalesforceEdition("")  # its message, which lists the spellings
        except CrmSyncRulesError as exc:
            accepted = str(exc).split("; ", 1)[1]
        raise Invalid(
            f"edition must be a Salesforce edition, got {value!r}; {accepted}"
        )
    return _edition(value, _)


# Built once: the API readers look one up per field value.
ENUM_HOOKS: Final[dict[type[Any], Callable[[object, object], enum.Enum]]] = {
    cls: _enum_hook(cls) for cls in _ENUMS
} | {
    HubSpotPropertyType: _hubspot_type,
    SyncRule: _sync_rule,
    SalesforceEdition: _salesforce_edition,
}


def _enum_value(member: enum.Enum) -> object:
    return member.value


def _version(value: object, _: object) -> ConnectorVersion:
    text = strict_str(value, None)
    try:
        # ASCII digits, as the schema's pattern says (\d takes others).
        if not text.isascii():
            raise Invalid(
                f"connector_version must be dotted numbers like '2.60', got {text!r}"
            )
        return ConnectorVersion.parse(text)
    except CrmSyncRulesError as exc:
        raise Invalid(str(exc)) from None


_LIST_KINDS: Final[dict[str, type[Any]]] = {
    "static": StaticInclusionList,
    "criteria": CriteriaInclusionList,
    "default": DefaultInclusionList,
}
_KIND_OF: Final = {cls: kind for kind, cls in _LIST_KINDS.items()}


def _is_frozenset(type_: object) -> bool:
    return type_ is frozenset or get_origin(type_) is frozenset


def _sorted_factory(_type: object, CONVERTER: object) -> Callable[[Any], list[Any]]:
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
            raise Invalid(f"expected a list, got {describe(value)}")
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
        return strict_str(value, None)

    return optional_str if inner is strict_str else hook


def _record_factory(
    cls: type[Any], converter: cattrs.Converter
) -> Callable[[object, object], object]:
    """Attrs classes come from JSON objects; anything else is one clear
    problem instead of cattrs' ``'list' object has no attribute 'keys'``."""
    inner = make_dict_structure_fn(cls, converter)

    def hook(value: object, _: object) -> object:
        # type() first: JSON objects are dicts, and an ABC check costs more.
        if type(value) is not dict and not isinstance(value, Mapping):
            raise Invalid(f"expected an object, got {describe(value)}")
        return inner(value, cls)

    def settings_hook(value: object, _: object) -> object:
        if isinstance(value, Mapping):
            value = _without_notes(value, top=cls is IntegrationSettings)
        return hook(value, _)

    return settings_hook if cls in _SETTINGS_OBJECTS else hook


# The objects of a settings file, where people's notes may stand
# (docs/settings.md): records never carry any, and are not slowed down.
_SETTINGS_OBJECTS: Final = frozenset(
    {
        IntegrationSettings,
        FieldMapping,
        StaticInclusionList,
        CriteriaInclusionList,
        DefaultInclusionList,
        Criterion,
    }
)


def _without_notes(value: Mapping[Any, Any], *, top: bool) -> Mapping[Any, Any]:
    """*value* without its comment keys (and, at the top, ``$schema``),
    each checked: a comment is a string or a list of strings."""
    notes = [k for k in value if is_comment_key(k) or (top and k == SCHEMA_KEY)]
    if not notes:
        return value
    for key in notes:
        note = value[key]
        if key == SCHEMA_KEY:
            if type(note) is not str:
                raise Invalid(f"{key} must be a string, got {describe(note)}")
        elif not (
            type(note) is str
            or (type(note) is list and all(type(line) is str for line in note))
        ):
            raise Invalid(
                f"comment {key!r} must be a string or a list of strings, got "
                f"{describe(note)}"
            )
    return {k: v for k, v in value.items() if k not in notes}


def _format_exception(exc: BaseException, type_: type[Any] | None) -> str:
    if isinstance(exc, InvalidRecordError):
        return f"{exc.field} {exc.problem}, got {exc.value!r}"
    if isinstance(exc, Invalid | CrmSyncRulesError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        return unknown_fields(exc.extra_fields)
    return format_exception(exc, type_)


def _make_converter() -> cattrs.Converter:
    c = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    c.register_structure_hook_factory(attrs.has, _record_factory)
    c.register_structure_hook_factory(_is_collection, _collection_factory)
    c.register_structure_hook_factory(_is_optional, _optional_factory)
    c.register_structure_hook(str, strict_str)
    c.register_structure_hook(bool, _strict_bool)
    c.register_structure_hook(int, _strict_int)
    register_time_and_property_hooks(c)
    c.register_structure_hook(ConnectorVersion, _version)
    c.register_unstructure_hook(ConnectorVersion, str)
    for cls in _ENUMS:
        c.register_structure_hook(cls, ENUM_HOOKS[cls])
        # str-based enums would otherwise pass through as enum members.
        c.register_unstructure_hook(cls, _enum_value)
    # Sets are written sorted, so the same snapshot always gives the same text.
    c.register_unstructure_hook_factory(_is_frozenset, _sorted_factory)

    def structure_list(value: object, _: object) -> InclusionList:
        if not isinstance(value, Mapping):
            raise Invalid(f"expected an object, got {describe(value)}")
        body = dict(value)
        kind = body.pop("kind", None)
        if kind not in _LIST_KINDS:
            raise Invalid(
                "inclusion_list.kind must be one of 'static', 'criteria', "
                f"'default', got {short(kind)}"
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


CONVERTER: Final = _make_converter()


def structure(obj: object, cls: type[T], /, *, source: str = "input") -> T:
    """Build a *cls* value from JSON-like *obj*.

    Raises `SnapshotError` listing every problem with its path. Email
    addresses are checked too (`email_key`), so a malformed address is a
    problem of the input, reported at its path.
    """
    try:
        value = CONVERTER.structure(obj, cls)
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
    return CONVERTER.unstructure(value)


# The snapshot format's frame: its groups and their records' classes, in


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
