"""Rule cases: tiny invented Familia databases, each with the findings a rule must give on it, written as TOML.

A case file `<rule-id>.toml` holds `[[cases]]`: a name, the rows of the database (`[cases.data]`, table -> rows),
scan options, and what must come out (`expect`: TABLE:key of every finding of the rule; optionally
`expect_preview`, `expect_caseworkers`, `skipped`). rules/README.md documents the format. `flytcheck test-rules`
and the test suite load the cases here, build each one as a SQLite database (flytcheck.sql.ddl) and scan it.

Identity numbers never stand in a case file: placeholders (`@fnr:1985-06-01`, `@dnr:…`, `@tenor:…`, and for a
child's KLI_PERSONNR `@personnr`, `@personnr0`, `@tenor-personnr`) are replaced, when the case is loaded, by a
number made for that birth date. Such numbers live only in the case's scratch database and are never printed:
a failure names tables, keys and caseworker initials only.
"""

from __future__ import annotations

from flytcheck.rulecases.cases import (
    CASES_FOLDER,
    DEFAULT_CUTOVER,
    PreviewLine,
    RuleCase,
    builtin_cases_dir,
    case_number,
    check_rules_known,
    load_cases,
    options_for,
)
from flytcheck.rulecases.check import failures
from flytcheck.rulecases.run import build, run_case, scan_sqlite

__all__ = [
    "CASES_FOLDER",
    "DEFAULT_CUTOVER",
    "PreviewLine",
    "RuleCase",
    "build",
    "builtin_cases_dir",
    "case_number",
    "check_rules_known",
    "failures",
    "load_cases",
    "options_for",
    "run_case",
    "scan_sqlite",
]
