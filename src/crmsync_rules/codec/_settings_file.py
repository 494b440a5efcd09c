"""The settings file as people write it (docs/settings.md): the HubSpot UI's
words for a mapping's sync rule, the comment keys the reader skips, the JSON
Schema shipped with the package, and the commented starter that
``crmsync-rules settings --example`` prints.

The file is the ``"settings"`` object of a snapshot: one format, one reader
(`structure`), so a settings file and a snapshot never disagree on a field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib.resources import files
from types import MappingProxyType
from typing import Any, Final

from crmsync_rules.model._settings import SyncRule

__all__ = [
    "COMMENT_PREFIX",
    "SCHEMA_KEY",
    "SYNC_RULE_LABELS",
    "is_comment_key",
    "settings_example",
    "settings_schema",
    "settings_schema_text",
    "sync_rule_of_label",
]

SYNC_RULE_LABELS: Final[Mapping[SyncRule, str]] = MappingProxyType(
    {
        SyncRule.PREFER_SALESFORCE_UNLESS_BLANK: "Prefer Salesforce unless blank",
        SyncRule.ALWAYS_USE_SALESFORCE: "Always use Salesforce",
        SyncRule.TWO_WAY: "Two-way",
        SyncRule.DONT_SYNC: "Don't sync",
    }
)
"""Each sync rule as the "Sync rule" column of HubSpot's Salesforce field
mappings page words it (FM-1, FM-2, FM-3, FM-4). A settings file may give a
rule in these words, in any letter case, instead of its enum value."""

_RULE_OF_LABEL: Final = {
    label.lower(): rule for rule, label in SYNC_RULE_LABELS.items()
}


def sync_rule_of_label(text: str, /) -> SyncRule | None:
    """The rule *text* names in the UI's words, in any letter case, or
    ``None``.

    Only ASCII letters change case: the schema's pattern (``[Tt][Ww][Oo]``...)
    says the same, so a spelling the schema refuses the reader refuses too
    (``str.lower`` alone would read the Kelvin sign as a ``k``).

    >>> sync_rule_of_label("TWO-WAY")
    <SyncRule.TWO_WAY: 'two_way'>
    >>> sync_rule_of_label("two way") is None
    True
    """
    return _RULE_OF_LABEL.get(text.lower()) if text.isascii() else None


COMMENT_PREFIX: Final = "$comment"
"""Keys of a settings object that begin with this are comments: JSON has
none, so the starter's notes are keys (``"$comment"``, ``"$comment
integrated_on"``...) that the schema allows and the reader skips."""

SCHEMA_KEY: Final = "$schema"
"""The top-level key editors read to find a file's JSON Schema; the reader
skips it."""


def is_comment_key(key: object, /) -> bool:
    """Whether *key* of a settings object is a comment (`COMMENT_PREFIX`)."""
    return isinstance(key, str) and key.startswith(COMMENT_PREFIX)


def _data(name: str) -> str:
    return files("crmsync_rules").joinpath(f"data/{name}").read_text("utf-8")


def settings_schema_text() -> str:
    """The settings file's JSON Schema (draft 2020-12) as shipped: the text
    ``crmsync-rules settings --schema`` prints and docs/settings.schema.json
    holds."""
    return _data("settings.schema.json")


def settings_schema() -> dict[str, Any]:
    """The settings file's JSON Schema (draft 2020-12), a new dict each call
    so that no caller can change another's.

    Every file the schema refuses the reader refuses too; the reader also
    refuses what a schema cannot say (a number written ``1.0``, a day that
    does not exist, for validators that skip ``format``). Whether a
    mapping's types can be paired (FM-5) is the linter's finding in both.

    >>> schema = settings_schema()
    >>> schema["$schema"], schema["required"]
    ('https://json-schema.org/draft/2020-12/schema', ['integrated_on'])
    """
    schema: dict[str, Any] = json.loads(settings_schema_text())
    return schema


def settings_example() -> str:
    """The commented starter ``crmsync-rules settings --example`` prints: a
    settings file to edit, valid as it is, its notes in ``"$comment"``
    keys."""
    return _data("settings.example.json")
