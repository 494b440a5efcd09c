"""The package's folders are its layers, and each imports only from those
below it (docs/architecture.md):

    cli  >  codec  >  planner  >  rules  >  model  (>  typing)

The tools at the top of the package (strategies, testing, invariants,
redaction, the bundled sample, and the public submodules that re-export the
layers' names, docs/architecture.md) may use any layer but the command
line; no layer imports them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "crmsync_rules"

# What each layer may import, besides itself.
ALLOWED: dict[str, set[str]] = {
    # The Protocols name model types in their signatures (type checking
    # only): they sit beside the model.
    "typing": {"model"},
    "model": {"typing"},
    "rules": {"model", "typing"},
    "planner": {"rules", "model", "typing"},
    "codec": {"planner", "rules", "model", "typing"},
    "cli": {"codec", "planner", "rules", "model", "typing", "tools", "package"},
    "tools": {"codec", "planner", "rules", "model", "typing", "tools"},
    "package": {"codec", "planner", "rules", "model", "typing", "tools", "cli"},
}
LAYERS = ("model", "rules", "planner", "codec", "cli")


def _layer(parts: tuple[str, ...]) -> str:
    """The layer of the module named by *parts* below the package."""
    if not parts or parts == ("__init__",):
        return "package"
    if parts[0] in LAYERS:
        return parts[0]
    if parts == ("typing",):
        return "typing"
    if parts == ("__main__",):
        return "cli"
    return "tools"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _imports(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    """Each import of the package in *path*: line and module parts below it."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            module = node.module.split(".")
            if node.level == 0 and module[0] == "crmsync_rules":
                found.append((node.lineno, tuple(module[1:])))
            elif node.level:
                here = path.relative_to(PACKAGE).with_suffix("").parts[:-1]
                base = here[: len(here) - (node.level - 1)]
                found.append((node.lineno, (*base, *module)))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                module = alias.name.split(".")
                if module[0] == "crmsync_rules":
                    found.append((node.lineno, tuple(module[1:])))
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_layer_imports_only_from_the_layers_below_it(path: Path) -> None:
    mine = _layer(path.relative_to(PACKAGE).with_suffix("").parts)
    wrong = [
        f"line {line}: {'.'.join(('crmsync_rules', *parts))} ({_layer(parts)})"
        for line, parts in _imports(path)
        if (theirs := _layer(parts)) != mine and theirs not in ALLOWED[mine]
    ]
    assert wrong == [], f"the {mine} layer imports from above itself"


def test_the_layer_check_sees_a_wrong_import(tmp_path: Path) -> None:
    """The check is not vacuous: a model module importing the planner fails."""
    module = PACKAGE / "model" / "_hubspot.py"
    imports = _imports(module)
    assert imports, "the model's modules import each other"
    parts = ("planner", "_plan")
    assert _layer(parts) not in ALLOWED[_layer(("model", "_hubspot"))]
