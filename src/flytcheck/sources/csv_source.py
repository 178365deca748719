"""A folder of per-table CSV exports as a source: checked by header, then loaded into a private temporary SQLite.

Only the columns the enabled rules need are loaded. The folder itself is only read; the temporary database lives in
a directory only the current user can open, and is deleted when the scan ends.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine

from flytcheck.catalog import Catalog
from flytcheck.sources.base import Source, SqlAlchemySource
from flytcheck.sources.csv_folder import CsvTable, inspect_folder, load_tables


class CsvFolderSource(Source):
    """The tables of a CSV folder, queried through SQLite once loaded."""

    dialect = "sqlite"

    def __init__(self, folder: Path, progress: Callable[[str, int], None] | None = None) -> None:
        self.folder = folder
        self.description = str(folder)
        self.progress = progress
        self.files: dict[str, CsvTable] = inspect_folder(folder)
        self._tmp = Path(tempfile.mkdtemp(prefix="flytcheck-"))
        self._database = self._tmp / "familia.sqlite"
        self._loaded: SqlAlchemySource | None = None

    def catalog(self, wanted: set[str]) -> Catalog:
        tables = {name: name for name in self.files if name in wanted}
        columns = {
            name: {c.strip().upper(): c.strip().upper() for c in self.files[name].header} for name in tables
        }
        return Catalog(None, tables, columns)

    def load(self, catalog: Catalog, needed: Mapping[str, set[str]]) -> None:
        connection = sqlite3.connect(self._database)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            wanted = {t: sorted(c) for t, c in needed.items() if t in catalog.tables}
            load_tables({t: self.files[t] for t in wanted}, wanted, connection, self.progress)
            connection.commit()
        finally:
            connection.close()
        uri = self._database.as_uri() + "?mode=ro"
        engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
        self._loaded = SqlAlchemySource(engine, self.description)

    def stream(self, sql: str) -> Iterator[Mapping[str, Any]]:
        if self._loaded is None:
            raise RuntimeError("the CSV folder was not loaded")  # an engine bug, not a user error
        return self._loaded.stream(sql)

    def close(self) -> None:
        try:
            if self._loaded is not None:
                self._loaded.close()
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)
