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
from crmsync_rules.codec import settings_example, structure, unstructure

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "settings.md"
README = ROOT / "README.md"

_ROW = re.compile(r"^\| `(\w+)` \| ([^|]+) \|", re.M)


def json_blocks(path: Path) -> list[str]:
    return json_blocks_of(path.read_text("utf-8"))


def json_blocks_of(text: str) -> list[str]:
    return re.findall(r"```json\n(.*?)```", text, re.S)


def every_field() -> str:
    """The reference's "Every field" section, whose table lists the fields
    (the mappings section has a table of its own)."""
    return REFERENCE.read_text("utf-8").split("\n## Every field\n", 1)[1]


def documented_defaults() -> dict[str, str]:
    """JSON name -> its Default cell, from the reference's table."""
    return {m[1]: m[2].strip() for m in _ROW.finditer(every_field())}


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
    rows = [line for line in every_field().splitlines() if _ROW.match(line)]
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
    example = REFERENCE.read_text("utf-8").split("\n## An example\n", 1)[1]
    assert list(json.loads(json_blocks_of(example)[0])) == [
        f.name for f in attrs.fields(IntegrationSettings)
    ]


def test_the_reference_shows_the_starter_as_the_command_prints_it() -> None:
    starter = REFERENCE.read_text("utf-8").split("\n## Start from the starter\n")[1]
    assert json_blocks_of(starter)[0] == settings_example()


def test_the_readme_links_the_reference_and_shows_an_example() -> None:
    text = README.read_text("utf-8")
    assert "(docs/settings.md)" in text
    assert len(json_blocks(README)) == 1
    assert "pip install -e ." in text
