"""docs/settings.md and the README document the settings file: every field of
`IntegrationSettings` with its JSON name and its default, and examples that
the codec reads."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from crmsync_rules import IntegrationSettings, lint_settings
from crmsync_rules.codec import structure, unstructure

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "settings.md"
README = ROOT / "README.md"

_ROW = re.compile(r"^\| `(\w+)` \| ([^|]+) \|", re.M)


def json_blocks(path: Path) -> list[str]:
    return re.findall(r"```json\n(.*?)```", path.read_text("utf-8"), re.S)


def documented_defaults() -> dict[str, str]:
    """JSON name -> its Default cell, from the reference's table."""
    return {m[1]: m[2].strip() for m in _ROW.finditer(REFERENCE.read_text("utf-8"))}


def test_the_reference_lists_every_field_in_order_with_its_json_default() -> None:
    fields = attrs.fields(IntegrationSettings)
    documented = documented_defaults()
    assert list(documented) == [f.name for f in fields]
    for field in fields:
        cell = documented[field.name]
        if field.default is attrs.NOTHING:
            assert cell == "required", field.name
            continue
        assert re.fullmatch("`[^`]+`", cell), field.name
        default: Any = json.loads(cell.strip("`"))
        assert default == unstructure(field.default), field.name


def test_the_reference_says_what_each_default_does_to_the_results() -> None:
    rows = [
        line for line in REFERENCE.read_text("utf-8").splitlines() if _ROW.match(line)
    ]
    for row in rows:
        effect = row.rstrip(" |").rsplit("|", 1)[1]
        assert re.match(r" \*\*(plan|findings|neither)\*\*", effect), row


@pytest.mark.parametrize(
    ("path", "text"),
    [(path, text) for path in (REFERENCE, README) for text in json_blocks(path)],
)
def test_settings_examples_load_through_the_codec(path: Path, text: str) -> None:
    settings = structure(json.loads(text), IntegrationSettings, source=path.name)
    assert lint_settings(settings) == ()


def test_the_reference_example_gives_every_field() -> None:
    (example,) = json_blocks(REFERENCE)
    assert list(json.loads(example)) == [
        f.name for f in attrs.fields(IntegrationSettings)
    ]


def test_the_readme_links_the_reference_and_shows_an_example() -> None:
    text = README.read_text("utf-8")
    assert "(docs/settings.md)" in text
    assert len(json_blocks(README)) == 1
    assert "pip install -e ." in text
