"""Decides what kind of source a SOURCE argument is, and opens it read-only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from flytcheck.errors import SourceError
from flytcheck.sources.base import Source
from flytcheck.sources.urls import is_postgres_url
from flytcheck.texts import DEMO_SOURCE


def demo_folder() -> Path:
    """The synthetic demo database shipped inside the package, as readable CSV files."""
    return Path(str(resources.files("flytcheck"))) / "demo"


@contextmanager
def open_source(
    source: str | None,
    *,
    odbc: str | None = None,
    demo: bool = False,
    schema: str | None = None,
    timeout: float = 15.0,
    statement_timeout: float | None = None,
    lock_timeout: float = 10.0,
    progress: Callable[[str, int], None] | None = None,
) -> Iterator[Source]:
    """Open SOURCE (a SQLite file, a CSV folder or a SQLAlchemy URL), `--odbc`, or the demo; close it after."""
    given = sum(bool(x) for x in (source, odbc, demo))
    if given != 1:
        raise SourceError("give exactly one source: a path or URL, --odbc CONNECTION_STRING, or --demo")
    # Each kind imports its own driver: a SQLite file or a CSV folder is scanned without loading SQLAlchemy.
    opened: Source
    if demo or (source and "://" not in source and Path(source).is_dir()):
        from flytcheck.sources.csv_source import CsvFolderSource

        opened = CsvFolderSource(demo_folder() if demo else Path(str(source)), progress, statement_timeout)
        if demo:
            opened.description = DEMO_SOURCE
    elif source and is_postgres_url(source):
        from flytcheck.sources.postgres import open_postgres

        opened = open_postgres(str(source), schema, timeout, statement_timeout)
    elif odbc or (source and "://" in source):
        from flytcheck.sources.databases import open_odbc, open_url

        opened = open_odbc(odbc, schema, timeout, statement_timeout, lock_timeout) if odbc else open_url(
            str(source), schema, timeout, statement_timeout, lock_timeout
        )
    else:
        from flytcheck.sources.sqlite import open_sqlite_file

        opened = open_sqlite_file(Path(str(source)), statement_timeout)
    try:
        yield opened
    finally:
        opened.close()
