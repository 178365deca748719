"""The doctor's questions for an opened source, chosen by what kind of source it is."""

from __future__ import annotations

from flytcheck.doctor.backend import Backend
from flytcheck.sources.base import Source


def backend_for(source: Source) -> Backend:
    """SQL Server, PostgreSQL, a SQLite file or a CSV folder (each imports only its own driver's module)."""
    from flytcheck.sources.csv_source import CsvFolderSource
    from flytcheck.sources.sqlite import SqliteSource

    if isinstance(source, CsvFolderSource):
        from flytcheck.doctor.files import CsvBackend

        return CsvBackend(source)
    if isinstance(source, SqliteSource):
        from flytcheck.doctor.files import SqliteBackend

        return SqliteBackend(source)
    if source.dialect == "postgresql":
        from flytcheck.doctor.postgres import PostgresBackend
        from flytcheck.sources.postgres import PostgresSource

        if isinstance(source, PostgresSource):
            return PostgresBackend(source)
    from flytcheck.doctor.mssql import SqlServerBackend
    from flytcheck.sources.databases import SqlAlchemySource

    if isinstance(source, SqlAlchemySource):
        return SqlServerBackend(source)
    raise TypeError(f"no doctor for a {type(source).__name__}")
