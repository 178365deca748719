"""Shared test setup: tests import helpers from this folder; --update-golden regenerates golden files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files from the current output.")
    parser.addoption("--fuzz-large", action="store_true", help="Run the fuzz tests with a large example budget.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


pytest_plugins = ["conftest_pg"]  # PostgreSQL fixtures (pg_url, pg_engine, pg_schemas)
