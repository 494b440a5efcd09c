"""The rule catalogue, docs/rules.md and the test suite agree.

Every rule ID of a family listed in ``IMPLEMENTED`` must have a row in
docs/rules.md that names the function applying it, and at least one test
named after it (``test_opt3_...`` for OPT-3). Families not yet implemented
must say so in their rows, so the docs never claim more than the code does.

The rules are greppable: ``grep -rn "OPT-4" src tests docs`` finds every test
named ``test_opt4_...``, because a test's docstring spells out each ID its
name lists, and nothing abbreviates a run of IDs to a range.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsync_rules import CrmSyncRulesError, Reason
from crmsync_rules.errors import InvalidRecordError, UnknownRuleError
from crmsync_rules.model import RULES, rule_statement
from crmsync_rules.model._catalogue import cite

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT.parent / "shared" / "RULES.md"

IMPLEMENTED: frozenset[str] = frozenset(
    {"INST", "SYNC", "DUP", "PA", "ACT", "LC", "CN", "OPT", "OWN"}
    | {"CO", "DEAL", "ERR", "FM", "TRIG"}
)
"""Rule families whose decision functions exist."""

NOT_YET: frozenset[str] = frozenset()
"""Rules of implemented families that the specification added later (issue
13) and later issues implement: documented "(not yet)", cited by no code."""


def _family(rule: str) -> str:
    return rule.split("-", maxsplit=1)[0]


def _doc_rows() -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in (ROOT / "docs" / "rules.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] in RULES:
            rows[cells[0]] = cells
    return rows


def _test_tokens() -> set[str]:
    tokens: set[str] = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                tokens.update(node.name.split("_"))
    return tokens


FAMILIES: frozenset[str] = frozenset(_family(rule) for rule in RULES)

# Longest prefix first, so that a family never stops at a shorter one.
_PREFIXES = "|".join(sorted((f.lower() for f in FAMILIES), key=len, reverse=True))
_NAMED_ID = re.compile(f"({_PREFIXES})([0-9]+)")

_RANGE = re.compile(r"\b[A-Z]+-[0-9]+\.\.[0-9]+")
"""An abbreviated run of rule IDs (the family, a hyphen, a number, two dots
and a number): ``grep`` for one of the IDs it stands for misses it."""

RANGE_ALLOWED: frozenset[tuple[str, str]] = frozenset()
"""(path, range) pairs that must keep a range spelling because the library
emits it in a sentence (a Reason, Finding or error message), which the plans
must keep byte-identical. Empty: no emitted sentence abbreviates a range."""


def named_ids(name: str) -> list[str]:
    """The rule IDs a test's *name* lists after ``test_``, hyphenated:
    ``test_opt2_opt3_opt4_x`` lists OPT-2, OPT-3 and OPT-4; the list ends at
    the first word that names no rule."""
    ids = []
    for word in name.split("_")[1:]:
        match = _NAMED_ID.fullmatch(word)
        if match is None:
            break
        ids.append(f"{match[1].upper()}-{match[2]}")
    return ids


def _carries(text: str, rule: str) -> bool:
    return re.search(re.escape(rule) + "(?![0-9])", text) is not None


def _test_functions() -> list[tuple[Path, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every test function of the suite (tests/**, parametrized or not, module
    level or in a class), read with ast."""
    return [
        (path, node)
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.name.startswith("test_")
    ]


def rule_ranges(text: str) -> list[str]:
    """The abbreviated runs of rule IDs in *text*."""
    return _RANGE.findall(text)


def spelled_out(run: str) -> str:
    """The IDs an abbreviated *run* stands for, as the text should say them."""
    family, numbers = run.split("-")
    first, last = numbers.split("..")
    return ", ".join(f"{family}-{n}" for n in range(int(first), int(last) + 1))


def test_named_ids_reads_every_id_a_name_lists() -> None:
    assert named_ids("test_opt2_opt3_opt4_kept") == ["OPT-2", "OPT-3", "OPT-4"]
    assert named_ids("test_sync4_sync6_x") == ["SYNC-4", "SYNC-6"]
    assert named_ids("test_fm5_x_own4") == ["FM-5"]
    assert named_ids("test_portals_straddle_the_sync3_boundary") == []
    assert named_ids("test_deal2_inst3") == ["DEAL-2", "INST-3"]
    assert not _carries("OWN-45", "OWN-4")
    assert _carries("OWN-4: x", "OWN-4")


def test_rule_ranges_finds_abbreviated_runs_only() -> None:
    dots = ".."
    assert rule_ranges(f"(DUP-1{dots}5) and FM-1{dots}4, FM-6") == [
        f"DUP-1{dots}5",
        f"FM-1{dots}4",
    ]
    assert rule_ranges("DUP-1, DUP-2, DUP-3 and OPT-4.") == []
    assert spelled_out(f"LC-1{dots}3") == "LC-1, LC-2, LC-3"


def test_every_rule_named_test_carries_the_ids_it_names() -> None:
    """A test named ``test_own4_...`` says "OWN-4" in its docstring (a name
    cannot hold the hyphen), for every ID its name lists, so that grepping
    for a rule finds its tests."""
    problems = []
    for path, node in _test_functions():
        text = "\n".join([node.name, ast.get_docstring(node) or ""])
        missing = [rule for rule in named_ids(node.name) if not _carries(text, rule)]
        if missing:
            where = f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
            problems.append(f"{where}: its docstring does not say {missing}")
    assert problems == []


def test_no_range_of_rule_ids_outside_emitted_sentences() -> None:
    """``DUP-1, DUP-2, DUP-3``, never the range: grep for DUP-2 finds it."""
    found: set[tuple[str, str]] = set()
    for folder in ("src", "tests", "docs"):
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            try:
                text = path.read_text("utf-8")
            except UnicodeDecodeError:
                continue
            rel = path.relative_to(ROOT).as_posix()
            found.update((rel, spelled) for spelled in rule_ranges(text))
    assert [
        f"{path}: {run} -> {spelled_out(run)}"
        for path, run in sorted(found - RANGE_ALLOWED)
    ] == []
    assert sorted(RANGE_ALLOWED - found) == [], "stale entries in RANGE_ALLOWED"


def test_catalogue_matches_the_specification() -> None:
    if not RULES_MD.exists():
        pytest.skip(f"the specification {RULES_MD} is not beside this checkout")
    ids = re.findall(r"^- ([A-Z]+-\d+)", RULES_MD.read_text("utf-8"), re.MULTILINE)
    assert list(RULES) == ids


def test_every_rule_is_documented_and_tested_once_implemented() -> None:
    rows = _doc_rows()
    tokens = _test_tokens()
    problems = []
    for rule in RULES:
        row = rows.get(rule)
        if row is None or len(row) != 4:
            problems.append(f"{rule}: no row of 4 cells in docs/rules.md")
            continue
        implemented = _family(rule) in IMPLEMENTED and rule not in NOT_YET
        if implemented and "(not yet)" in row:
            problems.append(f"{rule}: docs/rules.md still says '(not yet)'")
        if not implemented and row[2] != "(not yet)":
            problems.append(f"{rule}: documented as applied, but not in IMPLEMENTED")
        if implemented and rule.replace("-", "").lower() not in tokens:
            problems.append(f"{rule}: no test named after it")
    assert problems == []


def test_rules_not_yet_implemented_are_cited_by_no_code() -> None:
    sources = [
        path.read_text("utf-8")
        for path in (ROOT / "src" / "crmsync_rules").rglob("*.py")
        if path.name != "_catalogue.py"
    ]
    cited = sorted(r for r in NOT_YET if any(f'"{r}"' in s for s in sources))
    assert cited == []


def test_reason_accepts_catalogue_ids_only() -> None:
    reason = Reason(rule="OPT-3", detail="Lead 00Q1 unticked Email Opt Out.")
    assert reason.statement == RULES["OPT-3"]
    assert str(reason) == "OPT-3: Lead 00Q1 unticked Email Opt Out."
    with pytest.raises(UnknownRuleError, match="got 'OPT-9'"):
        Reason(rule="OPT-9", detail="x")


def test_reason_needs_a_detail_sentence() -> None:
    with pytest.raises(ValueError, match="non-empty sentence"):
        Reason(rule="OPT-3", detail="  ")
    with pytest.raises(InvalidRecordError) as exc:
        Reason(rule="OPT-3", detail="")
    assert (
        str(exc.value)
        == "a record, field 'detail': must be a non-empty sentence, got ''"
    )
    assert (exc.value.field, exc.value.value) == ("detail", "")


def test_cite_builds_the_same_reason_as_the_constructor() -> None:
    detail = "Lead 00Q1 unticked Email Opt Out."
    cited = cite("OPT-3", detail)
    built = Reason(rule="OPT-3", detail=detail)
    assert type(cited) is Reason
    assert (cited.rule, cited.detail) == ("OPT-3", detail)
    assert cited == built
    assert hash(cited) == hash(built)
    assert repr(cited) == repr(built)


def test_cite_refuses_what_the_constructor_refuses() -> None:
    with pytest.raises(UnknownRuleError, match="got 'OPT-9'"):
        cite("OPT-9", "x")
    for blank in ("", "  "):
        with pytest.raises(InvalidRecordError) as exc:
            cite("OPT-3", blank)
        assert str(exc.value) == (
            f"a record, field 'detail': must be a non-empty sentence, got {blank!r}"
        )


def _outcome(build: Callable[[], Reason]) -> Reason | tuple[type, str]:
    try:
        return build()
    except CrmSyncRulesError as exc:
        return type(exc), str(exc)


@given(
    rule=st.sampled_from(sorted(RULES)) | st.text(max_size=8),
    detail=st.text(max_size=40),
)
def test_cite_agrees_with_reason_on_any_input(rule: str, detail: str) -> None:
    """ "A ``Reason`` with an unknown ID cannot be built": `cite`, the
    library's fast path, builds exactly what ``Reason`` builds and refuses
    exactly what it refuses, with the same error."""
    assert _outcome(lambda: cite(rule, detail)) == _outcome(
        lambda: Reason(rule=rule, detail=detail)
    )


def test_rule_statement_names_unknown_ids() -> None:
    assert rule_statement("SYNC-5") == RULES["SYNC-5"]
    with pytest.raises(UnknownRuleError, match="'NOPE-1'"):
        rule_statement("NOPE-1")
