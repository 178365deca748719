"""The one interface every source offers the engine: check the tables, then stream the rows of a SELECT.

A source never writes to what it reads: database sessions are opened read-only, and the only statements it sends
are the SELECTs the engine gives it (each already checked by `flytcheck.sql.check`).
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from typing import Any, cast

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from flytcheck.sql.catalog import Catalog, check_requirements, read_catalog


class Source(ABC):
    """An opened source: its SQL dialect, a description safe to print, and streaming reads."""

    description: str
    dialect: str

    def prepare(
        self, needed: Mapping[str, set[str]], users: Mapping[str, set[str]], absent_ok: set[str]
    ) -> Catalog:
        """Find the tables, report every missing table or column at once, and make the data ready to query."""
        catalog = self.catalog(set(needed))
        required = {t: c for t, c in needed.items() if t in catalog.tables or t not in absent_ok}
        check_requirements(catalog.columns, required, users, where=self.description)
        self.load(catalog, needed)
        return catalog

    @abstractmethod
    def catalog(self, wanted: set[str]) -> Catalog: ...

    def load(self, catalog: Catalog, needed: Mapping[str, set[str]]) -> None:  # noqa: B027 - optional hook
        """Bring the needed columns in (CSV folders); databases are queried where they are."""

    @abstractmethod
    def stream(self, sql: str) -> Iterator[Mapping[str, Any]]: ...

    def explain_error(self, error: SQLAlchemyError) -> str:
        """A one-line reason for a failed query, without the SQL or any data value."""
        original = getattr(error, "orig", None) or error
        text = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
        return f"{type(original).__name__}: {text[:300]}"

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections and temporary files."""


class SqlAlchemySource(Source):
    """A database reached through a SQLAlchemy engine, read through one connection for the whole scan."""

    def __init__(self, engine: Engine, description: str, schema: str | None = None) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.description = description
        self.schema = schema
        self._connection = engine.connect()

    def catalog(self, wanted: set[str]) -> Catalog:
        return read_catalog(self._connection, self.schema, wanted)

    def stream(self, sql: str) -> Iterator[Mapping[str, Any]]:
        result = self._connection.exec_driver_sql(
            sql, execution_options={"stream_results": True, "yield_per": 5_000}
        )
        try:
            yield from cast(Iterator[Mapping[str, Any]], result.mappings())
        finally:
            with contextlib.suppress(SQLAlchemyError):  # a lost connection: the error that ended the read counts
                result.close()

    def close(self) -> None:
        # Best effort: after a lost connection, rollback and close fail too, and must not hide the error (naming the
        # rule that was running) that is on its way up.
        try:
            with contextlib.suppress(SQLAlchemyError):
                self._connection.rollback()  # end the read-only transaction; nothing was written
            with contextlib.suppress(SQLAlchemyError):
                self._connection.close()
        finally:
            with contextlib.suppress(SQLAlchemyError):
                self.engine.dispose()
