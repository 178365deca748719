"""Builds a rule case as a SQLite database of our own (flytcheck.sql.ddl) and scans it with the engine."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine

from flytcheck.catalogue.rulebook import Rulebook
from flytcheck.engine import scan
from flytcheck.model import Report
from flytcheck.rulecases.cases import RuleCase, options_for
from flytcheck.sources.base import Source
from flytcheck.sources.sqlite import open_sqlite_file
from flytcheck.sql import familia
from flytcheck.sql.ddl import create_familia


def build(case: RuleCase, engine: Engine, *, schema: str | None = None, lower_case: bool = False) -> None:
    """Create the case's database: every Familia table but the dropped ones, with the case's rows. An optional table
    (Familia's Huskeliste view) exists only when the case gives it rows."""
    tables = [t for t in familia.tables_for(case.data) if t not in case.drop_tables]
    create_familia(engine, case.data, schema=schema, lower_case=lower_case, only=tables, without=case.drop_columns)


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
    try:
        build(case, engine)
    finally:
        engine.dispose()
    return run_case(case, open_sqlite_file(database), rulebook)
