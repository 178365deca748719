"""The doctor's questions to a SQLite copy or a folder of CSV exports: files, which need no login.

A SQLite file is opened read-only as a scan opens it; its row counts are COUNT(*) on the tables a scan reads (SQLite
keeps no count in its catalog). A CSV folder is sized by its files, and only FA_DBVERSJON is loaded (for the
version); the other files are read as far as their header, as a scan's first step reads them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from flytcheck.doctor.backend import Access, Backend, Privileges
from flytcheck.doctor.model import Check, Status, Text
from flytcheck.sources.csv_source import CsvFolderSource
from flytcheck.sources.sqlite import SqliteSource
from flytcheck.sql import familia
from flytcheck.sql.catalog import Catalog
from flytcheck.sql.compiler import quote

VERSION_TABLE = "FA_DBVERSJON"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _unreadable(paths: Mapping[str, Path], columns: Mapping[str, set[str]]) -> Access:
    denied = tuple(sorted((table, column) for table, cols in columns.items() if not os.access(paths[table], os.R_OK)
                          for column in sorted(cols)))
    notes = tuple((f"{paths[t]} kan ikke leses", f"{paths[t]} cannot be read") for t in sorted({t for t, _ in denied}))
    return Access(denied, (), notes)


class SqliteBackend(Backend):
    """A SQLite copy of Familia."""

    kind = "sqlite"

    def __init__(self, source: SqliteSource) -> None:
        super().__init__(source)
        self.path = Path(source.description)

    def server(self) -> tuple[Text, tuple[Text, ...]]:
        import sqlite3

        size = _megabytes(self.path.stat().st_size)
        return (
            f"SQLite-fil {self.path} ({size}), skrivebeskyttet (SQLite {sqlite3.sqlite_version})",
            f"SQLite file {self.path} ({size}), read-only (SQLite {sqlite3.sqlite_version})",
        ), ()

    def access(self, catalog: Catalog, columns: Mapping[str, set[str]]) -> Access:
        return _unreadable(dict.fromkeys(columns, self.path), columns)

    def snapshot(self) -> Check:
        return Check("snapshot", Status.OK, (
            "én lesetransaksjon rundt hele skanningen: en som skriver samtidig, endrer ikke det skanningen ser",
            "one read transaction around the whole scan: a writer at the same time does not change what it sees",
        ))

    def privileges(self, catalog: Catalog) -> Privileges:
        return Privileges()

    def sizes(self, catalog: Catalog, tables: Sequence[str]) -> dict[str, float | None]:
        counts: dict[str, float | None] = {}
        for table in tables:
            name = quote(catalog.table_name(table), "sqlite")
            rows = self.rows(f"SELECT COUNT(*) FROM {name}")  # a quoted name from the catalog
            counts[table] = float(rows[0][0]) if rows else None
        return counts


class CsvBackend(Backend):
    """A folder of CSV exports."""

    kind = "csv"

    def __init__(self, source: CsvFolderSource) -> None:
        super().__init__(source)
        self.folder = source.folder
        self.files = source.files

    def server(self) -> tuple[Text, tuple[Text, ...]]:
        tables = [table for name, table in self.files.items() if name in familia.TABLES]
        total = _megabytes(sum(table.path.stat().st_size for table in tables))
        return (
            f"CSV-mappe {self.folder}: {len(tables)} Familia-filer ({total})",
            f"CSV folder {self.folder}: {len(tables)} Familia files ({total})",
        ), ()

    def access(self, catalog: Catalog, columns: Mapping[str, set[str]]) -> Access:
        return _unreadable({t: self.files[t].path for t in columns}, columns)

    def snapshot(self) -> Check:
        return Check("snapshot", Status.OK, (
            "filene leses én gang: de er et øyeblikksbilde allerede",
            "the files are read once: they are a snapshot already",
        ))

    def privileges(self, catalog: Catalog) -> Privileges:
        return Privileges()

    def sizes(self, catalog: Catalog, tables: Sequence[str]) -> dict[str, float | None]:
        return {t: float(self.files[t].path.stat().st_size) if t in self.files else None for t in tables}

    def prepare_version(self, catalog: Catalog) -> None:
        version = familia.ALWAYS_READ_WHERE_PRESENT[VERSION_TABLE]
        self.source.load(catalog, {VERSION_TABLE: {c for c in version if catalog.has_column(VERSION_TABLE, c)}})
