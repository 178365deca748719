"""Every rule's pass and fail cases (rules/cases/*.toml) on SQLite; `pytest -k reminder-open` runs one rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from flytcheck.catalogue.loading import load_rulebook
from flytcheck.catalogue.rulebook import Rulebook
from rulecases import RuleCase, check, load_cases, scan_sqlite

CASES = load_cases()


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return load_rulebook()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case_on_sqlite(case: RuleCase, rulebook: Rulebook, tmp_path: Path) -> None:
    check(case, scan_sqlite(case, rulebook, tmp_path))


def test_every_rule_has_pass_and_fail_cases(rulebook: Rulebook) -> None:
    for rule_id in rulebook.rules:
        cases = [c for c in CASES if c.rule == rule_id]
        assert any(c.expect for c in cases), f"{rule_id} has no failing case"
        tables = set(rulebook.rules[rule_id].tables)
        passing_rows = sum(
            max(0, sum(len(rows) for t, rows in c.data.items() if t in tables) - len(c.expect)) for c in cases
        )
        assert passing_rows > 0, f"{rule_id} has no case with a record that passes"


def test_rule_cases_live_beside_the_rules() -> None:
    """The cases ship with the catalogue (rules/cases/, run by `flytcheck test-rules`); a case file left in the old
    tests/rule_cases/ folder would silently never run."""
    old = Path(__file__).parent / "rule_cases"
    assert not old.exists(), f"{old}: move these case files to rules/cases/"
