"""Reasons written when first read (`later`): the field decisions' way of
citing a rule for every mapping without formatting sentences nobody reads.
Such a reason must be a `Reason` in every way that shows."""

from __future__ import annotations

import pickle

import attrs
import pytest

from crmsync_rules.errors import UnknownRuleError
from crmsync_rules.model._catalogue import Reason
from crmsync_rules.rules._field_reasons import later

written: list[str] = []


def _sentence(name: str, value: int) -> str:
    written.append(name)
    return f"{name} holds {value!r}."


def test_fm1_a_later_reason_writes_its_sentence_once_when_read() -> None:
    """FM-1: the sentence is written on first read, and only then."""
    written.clear()
    reason = later("FM-1", _sentence, "Title", 3)
    assert written == []
    assert reason.detail == "Title holds 3."
    assert str(reason) == "FM-1: Title holds 3."
    assert reason.detail == "Title holds 3."
    assert written == ["Title"]


def test_fm1_a_later_reason_equals_and_hashes_as_its_reason() -> None:
    """FM-1: compared either way round, hashed, shown: a Reason."""
    plain = Reason(rule="FM-1", detail="Title holds 3.")
    reason = later("FM-1", _sentence, "Title", 3)
    assert reason == plain
    assert plain == reason
    assert not reason != plain  # noqa: SIM202 (the != operator itself)
    assert not plain != reason  # noqa: SIM202
    assert hash(reason) == hash(plain)
    assert {plain: 1}[reason] == 1
    assert repr(reason) == repr(plain)
    assert reason != later("FM-2", _sentence, "Title", 3)
    others: list[object] = [1, "FM-1: Title holds 3."]
    assert all(reason != other for other in others)
    assert reason not in others


def test_fm1_a_later_reason_survives_evolve_and_pickling() -> None:
    """FM-1: `attrs.evolve` and pickling see the detail."""
    reason = later("FM-1", _sentence, "Title", 3)
    assert attrs.evolve(reason, detail="Other.").detail == "Other."
    assert pickle.loads(pickle.dumps(reason)) == reason
    assert attrs.asdict(reason) == {"rule": "FM-1", "detail": "Title holds 3."}


def test_fm1_a_later_reason_checks_its_rule_at_once() -> None:
    """FM-1: an unknown rule ID fails when the reason is made."""
    with pytest.raises(UnknownRuleError):
        later("FM-99", _sentence, "Title", 3)
