"""Reasons whose sentence is written when first read (`later`).

A field-level plan decides every mapping of every pair and cites a rule
for each, but most of those sentences are never read: a plan streamed to
a count, a summary or a diff reads the writes' values and rule IDs only.
Formatting a sentence (an ISO time, a repr, two labels) costs more than
deciding the mapping, so the field decisions keep what a sentence needs
and write it on first use. The `Reason` it gives is a `Reason` in every way
that shows: ``rule`` and ``detail`` read the same, and it compares and
hashes equal to ``Reason(rule=..., detail=...)`` with that sentence, so
tests, JSON and the CLI see no difference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from crmsync_rules.model._catalogue import RULES, Reason, rule_statement

__all__ = ["Later", "later", "later_slots"]

_SLOT: Final = Reason.__dict__["detail"]  # the slot behind the frozen field
_get_detail: Final = _SLOT.__get__
_set_detail: Final = _SLOT.__set__
_set_rule: Final = Reason.__dict__["rule"].__set__
_new: Final = object.__new__


class Later(Reason):
    """A `Reason` holding how to write its sentence until it is read."""

    __slots__ = ("_build",)
    _build: tuple[Any, ...] | None

    def _detail(self) -> str:
        try:
            return _get_detail(self)  # type: ignore[no-any-return]
        except AttributeError:
            pass
        build = self._build
        assert build is not None  # set by `later`, cleared with the detail
        text: str = build[0](*build[1:])
        _set_detail(self, text)
        _set_build(self, None)  # what the sentence needed may go now
        return text

    def _set(self, value: str) -> None:
        # attrs.evolve and unpickling set the field through here.
        _set_detail(self, value)

    detail = property(_detail, _set)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Reason):
            return NotImplemented
        return self.rule == other.rule and self.detail == other.detail

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Reason):
            return NotImplemented
        return not (self.rule == other.rule and self.detail == other.detail)

    __hash__ = Reason.__hash__

    def __repr__(self) -> str:
        return f"Reason(rule={self.rule!r}, detail={self.detail!r})"


_set_build: Final = Later.__dict__["_build"].__set__


def later_slots() -> tuple[Callable[[Reason, str], None], Callable[[Later, Any], None]]:
    """The setters of a `Later`'s rule and of how its sentence is built
    (``(build, *args)``), for the hot paths that fill a ``Later`` made by
    ``object.__new__`` directly, as `later` does, with a rule ID known to
    be in the catalogue (one call fewer per mapping of a plan)."""
    return _set_rule, _set_build


def later(rule: str, build: Callable[..., str], /, *args: Any) -> Reason:
    """The `Reason` citing *rule* whose detail is ``build(*args)``, called
    when the detail is first read. *rule* is checked now (an unknown ID
    raises `UnknownRuleError`); *build* must return a non-blank sentence,
    as `cite` requires, and read nothing that changes."""
    if rule not in RULES:
        rule_statement(rule)  # raises UnknownRuleError naming the ID
    reason: Later = _new(Later)
    _set_rule(reason, rule)
    _set_build(reason, (build, *args))
    return reason
