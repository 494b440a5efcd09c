"""The front door (docs/architecture.md, "The front door and the
submodules"): `crmsync_rules` holds what a newcomer reaches for first, and
every other public name lives in a named submodule. The names that left the
front door still resolve from it for one release, each with a
DeprecationWarning that names its new home."""

from __future__ import annotations

import importlib
import warnings

import pytest

import crmsync_rules
from crmsync_rules import _deprecated

MOVED = [
    name
    for name in _deprecated.OLD_ALL
    if name not in crmsync_rules.__all__ and name not in _deprecated.RENAMED
]
SUBMODULES = [f"crmsync_rules.{name}" for name in crmsync_rules._SUBMODULES]


def test_the_front_door_is_small_and_lists_only_itself() -> None:
    # 46 names, and the seven one-call questions of item 5 (dedupe_target...)
    assert len(crmsync_rules.__all__) < 60
    assert dir(crmsync_rules) == sorted(crmsync_rules.__all__)
    new = set(_deprecated.RENAMED.values())
    assert set(crmsync_rules.__all__) <= set(_deprecated.OLD_ALL) | new


@pytest.mark.parametrize("name", crmsync_rules.__all__)
def test_a_front_door_name_resolves_without_a_warning(name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        getattr(crmsync_rules, name)


@pytest.mark.parametrize("name", MOVED)
def test_a_moved_name_still_resolves_with_a_warning_naming_its_home(name: str) -> None:
    home = _deprecated.MOVED[name]
    with pytest.warns(DeprecationWarning, match=rf"crmsync_rules\.{home}\b") as caught:
        old = getattr(crmsync_rules, name)
    assert len(caught) == 1
    assert str(caught[0].message).startswith(f"crmsync_rules.{name} is deprecated")
    assert caught[0].filename == __file__
    module = importlib.import_module(f"crmsync_rules.{home}")
    assert name in module.__all__
    assert old is getattr(module, name)


@pytest.mark.parametrize("name", sorted(_deprecated.RENAMED))
def test_a_renamed_function_still_resolves_with_a_warning_naming_it(name: str) -> None:
    new = _deprecated.RENAMED[name]
    assert name in _deprecated.OLD_ALL
    assert new in crmsync_rules.__all__
    with pytest.warns(DeprecationWarning, match=rf"crmsync_rules\.{new} now") as caught:
        old = getattr(crmsync_rules, name)
    assert len(caught) == 1
    assert caught[0].filename == __file__
    assert old is getattr(crmsync_rules, new)


def test_from_import_of_a_moved_name_warns_too() -> None:
    with pytest.warns(DeprecationWarning, match=r"crmsync_rules\.owners"):
        from crmsync_rules import StaticOwnerDirectory
    from crmsync_rules.owners import StaticOwnerDirectory as home

    assert StaticOwnerDirectory is home


def test_every_moved_name_has_one_home_and_no_home_is_missing() -> None:
    assert sorted(_deprecated.MOVED) == sorted(MOVED)
    assert set(_deprecated.MOVED.values()) <= set(crmsync_rules._SUBMODULES)


@pytest.mark.parametrize("module_name", SUBMODULES)
def test_each_public_submodule_has_a_docstring_and_an_all(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__doc__
    assert module.__doc__.strip()
    exported = module.__all__
    assert exported
    assert len(set(exported)) == len(exported)
    for name in exported:
        assert not name.startswith("_")
        getattr(module, name)


def test_every_public_name_has_a_public_home() -> None:
    homes = {crmsync_rules.__name__: set(crmsync_rules.__all__)}
    for module_name in SUBMODULES:
        homes[module_name] = set(importlib.import_module(module_name).__all__)
    everywhere = set().union(*homes.values())
    assert set(_deprecated.OLD_ALL) - set(_deprecated.RENAMED) <= everywhere
