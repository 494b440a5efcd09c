"""The types a field mapping pairs: a HubSpot property's ``type``
(`HubSpotPropertyType`) and ``fieldType`` (`HubSpotFieldType`), the pairs
HubSpot has (`HUBSPOT_FIELD_TYPES`), the old one-word spellings, and
Salesforce's field types (`SalesforceFieldType`). FM-5 and FM-8 decide on
them (rules/_fm_types.py).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = [
    "HUBSPOT_FIELD_TYPES",
    "OLD_HUBSPOT_TYPE_SPELLINGS",
    "TYPE_OF_OLD_SPELLING",
    "HubSpotFieldType",
    "HubSpotPropertyType",
    "SalesforceFieldType",
    "one_shape",
]


class HubSpotFieldType(str, enum.Enum):
    """How HubSpot shows a property: its properties API ``fieldType``. FM-5
    decides which Salesforce field types a property maps to by this shape
    (a dropdown, multiple checkboxes, single-line text...), see
    `FIELD_TYPE_COMPATIBILITY`."""

    BOOLEAN_CHECKBOX = "booleancheckbox"
    CHECKBOX = "checkbox"
    RADIO = "radio"
    SELECT = "select"
    TEXT = "text"
    TEXTAREA = "textarea"
    DATE = "date"
    NUMBER = "number"
    FILE = "file"
    HTML = "html"
    PHONE_NUMBER = "phonenumber"
    CALCULATION_EQUATION = "calculation_equation"
    CALCULATION_ROLLUP = "calculation_rollup"
    CALCULATION_SCORE = "calculation_score"
    CALCULATION_READ_TIME = "calculation_read_time"


# The old one-word spellings `HubSpotPropertyType` used to hold that are
# fieldTypes, with the type HubSpot gives each: `FieldMapping` reads them as
# that pair, so they keep their meaning.
_OLD_SPELLINGS: Final = {
    "SELECT": HubSpotFieldType.SELECT,
    "RADIO": HubSpotFieldType.RADIO,
    "CHECKBOX": HubSpotFieldType.CHECKBOX,
    "BOOLEAN_CHECKBOX": HubSpotFieldType.BOOLEAN_CHECKBOX,
    "TEXT": HubSpotFieldType.TEXT,
    "TEXTAREA": HubSpotFieldType.TEXTAREA,
    "FILE": HubSpotFieldType.FILE,
    "HTML": HubSpotFieldType.HTML,
    "CALCULATION": HubSpotFieldType.CALCULATION_EQUATION,
}


class _PropertyTypes(enum.EnumMeta):
    # `HubSpotPropertyType.TEXT` and the other old fieldType spellings still
    # resolve (to the `HubSpotFieldType` they always meant).
    def __getattr__(cls, name: str) -> HubSpotFieldType:
        try:
            return _OLD_SPELLINGS[name]
        except KeyError:
            raise AttributeError(name) from None


class HubSpotPropertyType(str, enum.Enum, metaclass=_PropertyTypes):
    """What a HubSpot property holds: its properties API ``type``. One type
    is shown in several ways (`HubSpotFieldType`): an ``enumeration`` is a
    dropdown, a radio select or checkboxes, and FM-5 tells them apart by
    that fieldType (`HUBSPOT_FIELD_TYPES` lists the pairs HubSpot has).

    ``USER`` is the catalogue's "HubSpot user" property, which FM-5 never
    maps. The fieldType spellings this enum once held
    (``HubSpotPropertyType.TEXT``, ``SELECT``, ``CHECKBOX``...) still work
    where a mapping's ``hubspot_type`` is given: they are the
    `HubSpotFieldType` of that name, which `FieldMapping` reads as the pair.
    """

    BOOL = "bool"
    ENUMERATION = "enumeration"
    DATE = "date"
    DATETIME = "datetime"
    STRING = "string"
    NUMBER = "number"
    PHONE_NUMBER = "phone_number"
    USER = "user"


_H = HubSpotPropertyType
_F = HubSpotFieldType
_CALCULATED: Final = frozenset(
    {
        _F.CALCULATION_EQUATION,
        _F.CALCULATION_ROLLUP,
        _F.CALCULATION_SCORE,
        _F.CALCULATION_READ_TIME,
    }
)

HUBSPOT_FIELD_TYPES: Final[
    Mapping[HubSpotPropertyType, frozenset[HubSpotFieldType]]
] = MappingProxyType(
    {
        _H.BOOL: frozenset({_F.BOOLEAN_CHECKBOX, _F.CALCULATION_EQUATION}),
        _H.ENUMERATION: frozenset(
            {
                _F.BOOLEAN_CHECKBOX,
                _F.CHECKBOX,
                _F.RADIO,
                _F.SELECT,
                _F.CALCULATION_EQUATION,
            }
        ),
        _H.DATE: frozenset({_F.DATE}),
        _H.DATETIME: frozenset({_F.DATE}),
        _H.STRING: frozenset(
            {
                _F.TEXT,
                _F.TEXTAREA,
                _F.FILE,
                _F.HTML,
                _F.PHONE_NUMBER,
                _F.CALCULATION_EQUATION,
            }
        ),
        _H.NUMBER: frozenset({_F.NUMBER, *_CALCULATED}),
        _H.PHONE_NUMBER: frozenset({_F.PHONE_NUMBER}),
    }
)
"""The fieldTypes HubSpot's properties API accepts with each type (a
``user`` property has none of its own)."""

# The type HubSpot gives each old one-word spelling.
TYPE_OF_OLD_SPELLING: Final = {
    _F.SELECT: _H.ENUMERATION,
    _F.RADIO: _H.ENUMERATION,
    _F.CHECKBOX: _H.ENUMERATION,
    _F.BOOLEAN_CHECKBOX: _H.BOOL,
    _F.TEXT: _H.STRING,
    _F.TEXTAREA: _H.STRING,
    _F.FILE: _H.STRING,
    _F.HTML: _H.STRING,
    _F.PHONE_NUMBER: _H.PHONE_NUMBER,
    _F.CALCULATION_EQUATION: _H.NUMBER,
}
OLD_HUBSPOT_TYPE_SPELLINGS: Final[Mapping[str, HubSpotFieldType]] = MappingProxyType(
    {f.value: f for f in TYPE_OF_OLD_SPELLING}
)
"""The one-word ``hubspot_type`` spellings of the settings JSON that are
fieldTypes (``"text"``, ``"select"``, ``"phonenumber"``...), for the codec."""

# Types whose property HubSpot shows in only one mappable way, so FM-5 needs
# no fieldType for them; `enumeration` and `string` are shown in ways FM-5
# tells apart.
_ONE_SHAPE: Final = {
    _H.BOOL: _F.BOOLEAN_CHECKBOX,
    _H.NUMBER: _F.NUMBER,
    _H.DATE: _F.DATE,
    _H.DATETIME: _F.DATE,
    _H.PHONE_NUMBER: _F.PHONE_NUMBER,
}


def one_shape(hubspot_type: HubSpotPropertyType, /) -> HubSpotFieldType | None:
    """The fieldType FM-5 reads for *hubspot_type* when none is given, or
    ``None`` when the type alone does not decide (``enumeration``,
    ``string``, ``user``)."""
    return _ONE_SHAPE.get(hubspot_type)


class SalesforceFieldType(str, enum.Enum):
    """Salesforce field types, by the describe call's ``type`` values."""

    PICKLIST = "picklist"
    MULTIPICKLIST = "multipicklist"
    REFERENCE = "reference"
    BOOLEAN = "boolean"
    DOUBLE = "double"
    INT = "int"
    LONG = "long"
    CURRENCY = "currency"
    PERCENT = "percent"
    STRING = "string"
    TEXTAREA = "textarea"
    EMAIL = "email"
    PHONE = "phone"
    URL = "url"
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"
    ID = "id"
    COMBOBOX = "combobox"
    ENCRYPTEDSTRING = "encryptedstring"
    ADDRESS = "address"
    LOCATION = "location"
    BASE64 = "base64"
