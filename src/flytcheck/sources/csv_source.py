"""A folder of per-table CSV exports as a source: checked by header, then loaded into a private temporary SQLite.

Only the columns the enabled rules need are loaded. The folder itself is only read; the temporary database lives in
a directory only the current user can open, and is deleted when the scan ends.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from flytcheck.errors import SourceError
from flytcheck.sources.base import Rows, Source
from flytcheck.sources.csv_folder import CsvTable, inspect_folder, not_files
from flytcheck.sources.csv_parallel import attach, load_in_parallel
from flytcheck.sources.session import CSV_FILES
from flytcheck.sources.sqlite import SqliteSource, connect_read_only
from flytcheck.sql.catalog import Catalog


class CsvFolderSource(Source):
    """The tables of a CSV folder, queried through SQLite once loaded."""

    dialect = "sqlite"
    consistency = CSV_FILES

    def __init__(
        self, folder: Path, progress: Callable[[str, int], None] | None = None, statement_timeout: float | None = None
    ) -> None:
        self.folder = folder
        self.statement_timeout = statement_timeout
        self.description = str(folder)
        self.progress = progress
        self.files: dict[str, CsvTable] = inspect_folder(folder)
        self._tmp: Path | None = None
        self._loaded: SqliteSource | None = None

    def catalog(self, wanted: set[str]) -> Catalog:
        unreadable = not_files(self.folder)
        for name in sorted(wanted):
            if name in unreadable and name not in self.files:
                raise SourceError(f"{unreadable[name]} (table {name} is read from it)")
        tables = {name: name for name in self.files if name in wanted}
        columns = {
            name: {c.strip().upper(): c.strip().upper() for c in self.files[name].header} for name in tables
        }
        return Catalog(None, tables, columns)

    def load(self, catalog: Catalog, needed: Mapping[str, set[str]]) -> None:
        self._tmp = Path(tempfile.mkdtemp(prefix="flytcheck-"))  # 0700: only this user can open the copy
        wanted = {t: sorted(c) for t, c in needed.items() if t in catalog.tables}
        database, *parts = load_in_parallel({t: self.files[t] for t in wanted}, wanted, self._tmp, self.progress)
        # Ctrl-C stops a long query here too; the scratch file is mapped when small (its parts are read as usual)
        connection = connect_read_only(database.as_uri() + "?mode=ro", self.statement_timeout, database.stat().st_size)
        attach(connection, parts)
        self._loaded = SqliteSource(connection, self.description, statement_timeout=self.statement_timeout)

    def query(self, sql: str) -> Rows:
        if self._loaded is None:
            raise RuntimeError("the CSV folder was not loaded")  # an engine bug, not a user error
        return self._loaded.query(sql)

    def close(self) -> None:
        try:
            if self._loaded is not None:
                self._loaded.close()
        finally:
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)
