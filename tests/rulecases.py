"""Rule cases as data (tests/rule_cases/<rule-id>.toml): load them, build their tiny database, scan it.

Shared by the SQLite rule tests and the PostgreSQL parity tests, so both backends answer the same cases.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine

from flytcheck.engine import scan
from flytcheck.model import Report
from flytcheck.rulebook import Rulebook
from flytcheck.settings import ScanOptions
from flytcheck.sources.base import Source
from flytcheck.sources.sqlite import open_sqlite_file
from flytcheck.sql import familia
from flytcheck.sql.ddl import create_familia
from idgen import make_number

CASES_DIR = Path(__file__).parent / "rule_cases"
DEFAULT_CUTOVER = date(2026, 5, 22)


@dataclass(frozen=True)
class RuleCase:
    rule: str
    name: str
    data: dict[str, list[dict[str, Any]]]
    expect: list[str]
    options: dict[str, Any] = field(default_factory=dict)
    expect_preview: dict[str, list[int]] = field(default_factory=dict)
    expect_caseworkers: list[str] | None = None
    drop_tables: list[str] = field(default_factory=list)
    skipped: bool = False

    @property
    def id(self) -> str:
        return f"{self.rule}::{self.name}"


def _birth(row: dict[str, Any]) -> date:
    return datetime.fromisoformat(str(row["KLI_FOEDSELSDATO"])).date()


def _resolve(table: str, row: dict[str, Any]) -> dict[str, Any]:
    resolved = dict(row)
    for column, value in row.items():
        if not (isinstance(value, str) and value.startswith("@")):
            continue
        kind, _, argument = value[1:].partition(":")
        if kind in ("personnr", "personnr0"):
            resolved[column] = int(make_number(_birth(row), low=kind == "personnr0")[6:])
        elif kind == "tenor-personnr":  # Familia keeps the real birth date; Tenor's number has month + 80
            resolved[column] = int(make_number(_birth(row), "tenor")[6:])
        elif kind in ("fnr", "dnr", "tenor"):
            number = make_number(date.fromisoformat(argument), kind)
            integer = familia.column_type(table, column) is familia.ColumnType.INTEGER
            resolved[column] = int(number) if integer else number
        else:
            raise ValueError(f"unknown placeholder {value}")
    return resolved


def load_cases() -> list[RuleCase]:
    cases: list[RuleCase] = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        with path.open("rb") as handle:
            document = tomllib.load(handle)
        for raw in document["cases"]:
            settings = ("cutover", "min_familia_version", "accept_synthetic", "connection_roles")
            options = {k: raw[k] for k in settings if k in raw}
            data = {t: [_resolve(t, r) for r in rows] for t, rows in raw.get("data", {}).items()}
            cases.append(
                RuleCase(
                    rule=path.stem,
                    name=raw["name"],
                    data=data,
                    expect=raw["expect"],
                    options=options,
                    expect_preview=raw.get("expect_preview", {}),
                    expect_caseworkers=raw.get("expect_caseworkers"),
                    drop_tables=raw.get("drop_tables", []),
                    skipped=raw.get("skipped", False),
                )
            )
    return cases


def build(case: RuleCase, engine: Engine, *, schema: str | None = None, lower_case: bool = False) -> None:
    tables = [t for t in familia.TABLES if t not in case.drop_tables]
    create_familia(engine, case.data, schema=schema, lower_case=lower_case, only=tables)


def options_for(case: RuleCase) -> ScanOptions:
    values: dict[str, Any] = {"cutover": DEFAULT_CUTOVER, **case.options}
    if isinstance(values["cutover"], str):
        values["cutover"] = date.fromisoformat(values["cutover"])
    return ScanOptions.model_validate(values)


def run_case(case: RuleCase, source: Source, rulebook: Rulebook) -> Report:
    """Scan the case with `source` and close the source, whatever happens."""
    try:
        return scan(source, rulebook, options_for(case))
    finally:
        source.close()


def scan_sqlite(case: RuleCase, rulebook: Rulebook, folder: Path) -> Report:
    """Build the case's database as a SQLite file in `folder` and scan it."""
    database = folder / "familia.sqlite"
    engine = create_engine(f"sqlite:///{database}")
    build(case, engine)
    engine.dispose()
    return run_case(case, open_sqlite_file(database), rulebook)


def check(case: RuleCase, report: Report) -> None:
    found = sorted(f"{f.table}:{f.key}" for f in report.findings if f.rule == case.rule)
    assert found == sorted(case.expect), case.id
    for name, (migrated, not_migrated) in case.expect_preview.items():
        count = getattr(report.preview, name)
        assert (count.migrated, count.not_migrated) == (migrated, not_migrated), f"{case.id}: preview {name}"
    if case.expect_caseworkers is not None:
        workers = sorted(f.saksbehandler for f in report.findings if f.rule == case.rule)
        assert workers == sorted(case.expect_caseworkers), case.id
    outcome = next(o for o in report.rules if o.rule == case.rule)
    assert (outcome.status.value == "skipped") == case.skipped, case.id
