"""PostgreSQL for the tests: the throwaway server scripts/test.sh starts, reached through FLYTCHECK_TEST_PG_URL.

Without that variable the PostgreSQL tests skip, except under CI (the CI variable set), where they fail: a CI run
can never pass without having run them. Each test builds its tables in schemas of its own, dropped afterwards.
Loaded from conftest.py (`pytest_plugins`); tests that use `pg_url` carry the `postgres` marker.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

PG_URL_VARIABLE = "FLYTCHECK_TEST_PG_URL"


def running_under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test that needs the server is a `postgres` test, so `-m "not postgres"` leaves out every one of them.
    for item in items:
        if "pg_url" in getattr(item, "fixturenames", ()) and item.get_closest_marker("postgres") is None:
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The URL of the test database; skips without a server, fails under CI."""
    url = os.environ.get(PG_URL_VARIABLE, "").strip()
    if url:
        return url
    if running_under_ci():
        pytest.fail(f"{PG_URL_VARIABLE} is not set under CI: run the tests through `bash scripts/test.sh`")
    pytest.skip(f"{PG_URL_VARIABLE} is not set (`bash scripts/test.sh` starts a PostgreSQL server)")


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    """The tests' own read-write engine, to build fixtures in (never handed to flytcheck)."""
    engine = create_engine(pg_url, pool_size=2, max_overflow=2)
    yield engine
    engine.dispose()


class PgSchemas:
    """Fresh schemas for one test, all dropped when it ends."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.created: list[str] = []

    def create(self, prefix: str = "fc") -> str:
        """A new, empty schema; the name keeps the case of `prefix` (quoted when it has upper-case letters)."""
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        with self.engine.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {quote(name)}"))
        self.created.append(name)
        return name

    def drop_all(self) -> None:
        with self.engine.begin() as connection:
            for name in self.created:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {quote(name)} CASCADE"))
        self.created.clear()


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


@pytest.fixture
def pg_schemas(pg_engine: Engine) -> Iterator[PgSchemas]:
    schemas = PgSchemas(pg_engine)
    try:
        yield schemas
    finally:
        schemas.drop_all()
