"""Decides what kind of source a SOURCE argument is, and opens it read-only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from flytcheck.errors import SourceError
from flytcheck.sources.base import Source
from flytcheck.sources.csv_source import CsvFolderSource
from flytcheck.sources.databases import open_odbc, open_sqlite_file, open_url


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
    progress: Callable[[str, int], None] | None = None,
) -> Iterator[Source]:
    """Open SOURCE (a SQLite file, a CSV folder or a SQLAlchemy URL), `--odbc`, or the demo; close it after."""
    given = sum(bool(x) for x in (source, odbc, demo))
    if given != 1:
        raise SourceError("give exactly one source: a path or URL, --odbc CONNECTION_STRING, or --demo")
    opened: Source
    if demo:
        opened = CsvFolderSource(demo_folder(), progress)
        opened.description = "demo (synthetic)"
    elif odbc:
        opened = open_odbc(odbc, schema, timeout, statement_timeout)
    else:
        assert source is not None
        if "://" in source:
            opened = open_url(source, schema, timeout, statement_timeout)
        else:
            path = Path(source)
            opened = CsvFolderSource(path, progress) if path.is_dir() else open_sqlite_file(path, statement_timeout)
    try:
        yield opened
    finally:
        opened.close()
