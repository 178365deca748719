"""A synthetic Familia on a database server gives the same whole report as the same profile and seed in SQLite.

Shared by the tests of `flytcheck synth --out URL` on the PostgreSQL server of scripts/test.sh
(test_synth_database.py) and the SQL Server workflow (.github/workflows/mssql.yml, test_mssql_parity.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flytcheck.catalogue.loading import load_rulebook
from flytcheck.catalogue.rulebook import Rulebook
from flytcheck.engine import scan
from flytcheck.model import Report
from flytcheck.settings import ScanOptions, build_options, read_config
from flytcheck.sources.base import Source
from flytcheck.sources.sqlite import open_sqlite_file
from flytcheck.synth import config_path, generate
from test_postgres_parity import comparable

NOW = datetime(2027, 5, 1, 6, 0, tzinfo=UTC)


def scanned(source: Source, rulebook: Rulebook, options: ScanOptions) -> Report:
    try:
        return scan(source, rulebook, options)
    finally:
        source.close()


def sqlite_twin(profile: str, seed: int, folder: Path) -> tuple[Report, ScanOptions]:
    """The profile generated as a SQLite file in `folder` and scanned with its companion configuration."""
    database = folder / f"{profile}-{seed}.sqlite"
    generate(profile, seed, database)
    config, path = read_config(config_path(database))
    options = build_options(config, path, now=NOW)
    return scanned(open_sqlite_file(database), load_rulebook(), options), options


def assert_same_report(server: Report, twin: Report) -> None:
    """The whole JSON report in both languages, as the PostgreSQL parity tests compare it."""
    expected = comparable(twin)
    assert expected["nb"]["findings"], "the synthetic data should have findings"
    got = comparable(server)
    for lang in ("nb", "en"):
        for key in expected[lang]:
            assert got[lang][key] == expected[lang][key], f"{lang}: {key} differs"
    assert got == expected
