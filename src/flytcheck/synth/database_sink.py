"""A synthetic Familia loaded into a database server through SQLAlchemy: SQL Server, PostgreSQL or any other URL.

`flytcheck synth --profile mid --out "mssql+pyodbc://sa:…@localhost/Familia?driver=…"` is how the SQL Server workflow
fills its service container; the tests run the same code against the PostgreSQL server of scripts/test.sh. The
tables are created as Familia has them (flytcheck.sql.ddl), then filled a batch at a time with multi-row INSERT
statements of at most MAX_PARAMETERS values (SQL Server takes at most 2,100 parameters a statement), the same
statements on every server, each batch committed.

It writes only to a database it was pointed at that holds no Familia table yet (in `schema`, or the default
schema), so it can never write into a real Familia; on failure it drops the tables it created.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Table, create_engine, insert, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from flytcheck.errors import FlytcheckError
from flytcheck.sql import familia
from flytcheck.sql.ddl import familia_metadata
from flytcheck.synth.sinks import Progress, Row, Sink

MAX_PARAMETERS = 2_000
MAX_ROWS = 1_000  # SQL Server's limit for one VALUES list


def _reason(error: SQLAlchemyError) -> str:
    """The driver's first line (never the URL, so never the password)."""
    cause = getattr(error, "orig", None) or error
    return str(cause).strip().splitlines()[0][:300] if str(cause).strip() else type(cause).__name__


class DatabaseSink(Sink):
    """Every Familia table, created and filled in an empty database or schema of a server."""

    fraction_digits = 3  # SQL Server's datetime keeps milliseconds

    def __init__(self, url: str, schema: str | None = None, progress: Progress | None = None) -> None:
        super().__init__(progress)
        try:
            parsed = make_url(url)
            self.engine = create_engine(parsed)
        except (ArgumentError, NoSuchModuleError, ValueError):
            raise FlytcheckError("--out: the database URL cannot be used (expected e.g. mssql+pyodbc://…)") from None
        self.where = parsed.render_as_string(hide_password=True) + (f", schema {schema}" if schema else "")
        self.metadata = familia_metadata(schema)
        self.created = False
        try:
            present = {name.upper() for name in inspect(self.engine).get_table_names(schema=schema)}
            taken = sorted(present & set(familia.TABLES))
            if taken:
                raise FlytcheckError(
                    f"--out: {self.where} already has Familia tables ({', '.join(taken)})",
                    hint="give an empty database or schema (--schema NAME); synth never writes into existing tables",
                )
            self.metadata.create_all(self.engine)
            self.created = True
            self.connection = self.engine.connect()
        except SQLAlchemyError as error:
            self._drop()
            raise FlytcheckError(f"--out: cannot create the tables in {self.where} ({_reason(error)})") from None

    def _table(self, name: str) -> Table:
        schema = self.metadata.schema
        return self.metadata.tables[f"{schema}.{name}" if schema else name]

    def _open(self, name: str, columns: tuple[str, ...]) -> Callable[[list[Row]], None]:
        table = self._table(name)
        kinds = familia.TABLES[name].columns
        dates = [i for i, column in enumerate(columns) if kinds[column] is familia.ColumnType.DATE]
        step = max(1, min(MAX_ROWS, MAX_PARAMETERS // len(columns)))

        def as_values(row: Row) -> dict[str, object]:
            values = list(row)
            for i in dates:
                if isinstance(values[i], str):
                    values[i] = datetime.fromisoformat(str(values[i]))
            return dict(zip(columns, values, strict=True))

        def write(rows: list[Row]) -> None:
            try:
                for start in range(0, len(rows), step):
                    self.connection.execute(insert(table).values([as_values(r) for r in rows[start : start + step]]))
                self.connection.commit()
            except SQLAlchemyError as error:
                raise FlytcheckError(f"--out: cannot write {name} to {self.where} ({_reason(error)})") from None

        return write

    def decimal(self, text: str) -> object:
        return Decimal(text)

    def _close(self) -> None:
        self.connection.commit()
        self.connection.close()
        self.engine.dispose()

    def _drop(self) -> None:
        if self.created:
            with contextlib.suppress(SQLAlchemyError):  # the first error is the one to report
                self.metadata.drop_all(self.engine)
        self.engine.dispose()

    def abort(self) -> None:
        try:
            if hasattr(self, "connection"):
                with contextlib.suppress(SQLAlchemyError):
                    self.connection.rollback()
                    self.connection.close()
        finally:
            self._drop()
