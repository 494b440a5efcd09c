"""The package's folders are its layers, and each imports only from those
below it (docs/architecture.md):

    cli  >  engine, fetch  >  codec  >  planner  >  rules  >  model  (>  typing)

The tools at the top of the package (strategies, testing, invariants,
redaction, the bundled sample, and the public submodules that re-export the
layers' names, docs/architecture.md) may use any layer but the command
line; no layer imports them.

Two more rules keep the modules readable (docs/decisions.md, "Modules of at
most 500 lines, and no private name across modules"): no module is over 500
lines unless docs/decisions.md names it with its reason, and no module
imports a private name (``_x``) from another module.
"""

from __future__ import annotations

import ast
import re
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
    "engine": {"codec", "planner", "rules", "model", "typing"},
    # fetch: the I/O layer that calls the two systems (issue 19); only the
    # command line uses it, and it uses no tool.
    "fetch": {"codec", "planner", "rules", "model", "typing"},
    "cli": {
        "engine",
        "codec",
        "planner",
        "rules",
        "model",
        "typing",
        "tools",
        "package",
        "fetch",
    },
    "tools": {"codec", "planner", "rules", "model", "typing", "tools"},
    "package": {
        "engine",
        "codec",
        "planner",
        "rules",
        "model",
        "typing",
        "tools",
        "cli",
    },
}
LAYERS = ("model", "rules", "planner", "codec", "engine", "fetch", "cli")


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


# --- Module size and private names ---------------------------------------------

MAX_LINES = 500
DECISIONS = PACKAGE.parent.parent / "docs" / "decisions.md"
EXEMPT_HEADING = "Exempt modules over 500 lines:"


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _line_count(path: Path) -> int:
    return len(path.read_text("utf-8").splitlines())


def _exempt() -> set[str]:
    """The modules docs/decisions.md lets be longer, below its heading."""
    text = DECISIONS.read_text("utf-8")
    section = text[text.index(EXEMPT_HEADING) :].split("\n## ")[0]
    return set(re.findall(r"`src/crmsync_rules/([\w/]+\.py)`", section))


def test_no_module_is_over_500_lines_unless_decisions_says_why() -> None:
    long = {_name(path) for path in _modules() if _line_count(path) > MAX_LINES}
    unexplained = long - _exempt()
    assert unexplained == set(), "split these by topic, or say why in docs/decisions.md"


def test_every_exemption_from_the_line_limit_is_still_needed() -> None:
    for name in _exempt():
        path = PACKAGE / name
        assert path.exists(), f"{name} is gone: remove its exemption"
        assert _line_count(path) > MAX_LINES, f"{name} is short now: remove it"


def _private_imports(path: Path, source: str) -> list[str]:
    """Each private name *path* imports from another module of the package,
    as "module: name from where". A private module is not a private name."""
    here = path.relative_to(PACKAGE).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom):
            continue
        module = node.module.split(".") if node.module else []
        if node.level:
            parts = (*here[: len(here) - (node.level - 1)], *module)
        elif module[0] == "crmsync_rules":
            parts = tuple(module[1:])
        else:
            continue
        for alias in node.names:
            name = alias.name
            if not name.startswith("_") or name.startswith("__"):
                continue
            folder = PACKAGE.joinpath(*parts)
            if (folder / f"{name}.py").exists() or (folder / name).is_dir():
                continue
            where = ".".join(("crmsync_rules", *parts))
            found.append(f"{_name(path)}: {name} from {where}")
    return found


def test_no_module_imports_a_private_name_from_another() -> None:
    found = {
        line
        for path in _modules()
        for line in _private_imports(path, path.read_text("utf-8"))
    }
    assert found == set(), "make the name public in its (private) module"


def test_the_private_name_check_sees_a_private_name_and_not_a_module() -> None:
    source = (
        "from crmsync_rules.rules._own import _owner_key, map_owner\n"
        "from crmsync_rules.rules import _own\n"
        "from ..model import _email\n"
        "from ._violations import _secret\n"
    )
    found = _private_imports(PACKAGE / "invariants" / "_plan.py", source)
    assert found == [
        "invariants/_plan.py: _owner_key from crmsync_rules.rules._own",
        "invariants/_plan.py: _secret from crmsync_rules.invariants._violations",
    ]
