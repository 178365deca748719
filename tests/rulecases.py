"""The rule cases (rules/cases/<rule-id>.toml) for the tests: a thin shim over `flytcheck.rulecases`.

Shared by the SQLite rule tests and the PostgreSQL parity tests, so both backends answer the same cases. The
format, the placeholders and the checking live in the package (`flytcheck test-rules` runs the same cases).
"""

from __future__ import annotations

from flytcheck.model import Report
from flytcheck.rulecases import (
    DEFAULT_CUTOVER,
    RuleCase,
    build,
    builtin_cases_dir,
    failures,
    load_cases,
    options_for,
    run_case,
    scan_sqlite,
)

CASES_DIR = builtin_cases_dir()

__all__ = [
    "CASES_DIR", "DEFAULT_CUTOVER", "RuleCase", "build", "check", "load_cases", "options_for", "run_case",
    "scan_sqlite",
]


def check(case: RuleCase, report: Report) -> None:
    """The report gives exactly what the case expects (findings, preview, caseworkers, skipped)."""
    problems = failures(case, report)
    assert not problems, f"{case.id}: " + "; ".join(problems)
