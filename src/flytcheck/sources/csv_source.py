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

from flytcheck.sources.base import Source, SqlAlchemySource
from flytcheck.sources.csv_folder import CsvTable, inspect_folder
from flytcheck.sources.csv_parallel import attach, load_in_parallel
from flytcheck.sources.databases import interruptible
from flytcheck.sql.catalog import Catalog


class CsvFolderSource(Source):
    """The tables of a CSV folder, queried through SQLite once loaded."""

    dialect = "sqlite"

    def __init__(self, folder: Path, progress: Callable[[str, int], None] | None = None) -> None:
        self.folder = folder
        self.description = str(folder)
        self.progress = progress
        self.files: dict[str, CsvTable] = inspect_folder(folder)
        self._tmp: Path | None = None
        self._loaded: SqlAlchemySource | None = None

    def catalog(self, wanted: set[str]) -> Catalog:
        tables = {name: name for name in self.files if name in wanted}
        columns = {
            name: {c.strip().upper(): c.strip().upper() for c in self.files[name].header} for name in tables
        }
        return Catalog(None, tables, columns)

    def load(self, catalog: Catalog, needed: Mapping[str, set[str]]) -> None:
        self._tmp = Path(tempfile.mkdtemp(prefix="flytcheck-"))  # 0700: only this user can open the copy
        wanted = {t: sorted(c) for t, c in needed.items() if t in catalog.tables}
        database, *parts = load_in_parallel({t: self.files[t] for t in wanted}, wanted, self._tmp, self.progress)
        uri = database.as_uri() + "?mode=ro"

        def connect() -> sqlite3.Connection:
            opened = sqlite3.connect(uri, uri=True, check_same_thread=False)
            attach(opened, parts)
            interruptible(opened)  # Ctrl-C stops a long query on a big export too
            return opened

        self._loaded = SqlAlchemySource(create_engine("sqlite://", creator=connect), self.description)

    def stream(self, sql: str) -> Iterator[Mapping[str, Any]]:
        if self._loaded is None:
            raise RuntimeError("the CSV folder was not loaded")  # an engine bug, not a user error
        return self._loaded.stream(sql)

    def close(self) -> None:
        try:
            if self._loaded is not None:
                self._loaded.close()
        finally:
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)
