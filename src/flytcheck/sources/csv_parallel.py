"""Loads the tables of a CSV folder on every core: each worker fills its own scratch SQLite file.

Parsing CSV in Python is bound to one core, so the tables are split into groups of about equal size, one per
worker process, each writing a database of its own (SQLite allows one writer per file). The scan then opens the
first file and attaches the others, so every table is reachable by its plain name. Errors from a worker
(SourceError with file, line and column) are raised in the caller unchanged; an interrupt stops every worker.
Never writes to the CSV folder.

Workers are started the same way on every platform, with `spawn` (a fresh interpreter that imports this module):
it is the only start method Windows has and macOS's default, and unlike `fork` it copies no thread (the progress
display has one). Everything a worker gets is picklable (paths, CsvTable, lists of column names), and a frozen
program (PyInstaller) runs `multiprocessing.freeze_support()` first, so a worker started from it loads instead of
starting another scan. Starting a worker costs a fraction of a second, so a folder smaller than SMALL_LOAD is loaded
in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from flytcheck.errors import SourceError
from flytcheck.sources.csv_folder import CsvTable
from flytcheck.sources.csv_load import load_tables

Progress = Callable[[str, int], None]
MAX_WORKERS = 4
START_METHOD = "spawn"
SMALL_LOAD = 8 << 20
"""Bytes of CSV below which one process loads everything (the demo, a small municipality's few megabytes)."""
WORKERS_VARIABLE = "FLYTCHECK_WORKERS"
"""Set it to a number of worker processes to use that many whatever the folder's size (1: load in the scan's own
process), e.g. to leave cores free on a shared server."""


def _groups(tables: Mapping[str, CsvTable], count: int) -> list[list[str]]:
    """Tables split into `count` groups of about equal bytes, biggest first (greedy)."""
    sizes = {name: table.path.stat().st_size for name, table in tables.items()}
    groups: list[list[str]] = [[] for _ in range(count)]
    load = [0] * count
    for name in sorted(sizes, key=lambda n: (-sizes[n], n)):
        smallest = load.index(min(load))
        groups[smallest].append(name)
        load[smallest] += sizes[name]
    return [g for g in groups if g]


def _load_group(
    database: Path, tables: Mapping[str, CsvTable], wanted: Mapping[str, Sequence[str]], progress: Progress | None
) -> dict[str, int]:
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        loaded = load_tables(tables, wanted, connection, progress)
        connection.commit()
        return loaded
    finally:
        connection.close()


def _quiet_worker() -> None:
    """Workers leave Ctrl-C (and Windows' Ctrl-Break) to the scan, and die silently when it terminates them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGBREAK"):
        signal.signal(signal.SIGBREAK, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _worker(database: Path, tables: dict[str, CsvTable], wanted: dict[str, list[str]]) -> dict[str, int]:
    return _load_group(database, tables, wanted, None)


def worker_count(tables: Mapping[str, CsvTable]) -> int:
    """One worker per core (at most MAX_WORKERS, at most one per table); one in all for a small folder.

    FLYTCHECK_WORKERS, when set, decides instead (still at most one per table).
    """
    chosen = os.environ.get(WORKERS_VARIABLE, "").strip()
    if chosen:
        if not chosen.isdigit() or not 1 <= int(chosen) <= 64:
            raise SourceError(f"{WORKERS_VARIABLE}={chosen!r} is not a number of worker processes (1 to 64)")
        return max(1, min(len(tables), int(chosen)))
    if sum(table.path.stat().st_size for table in tables.values()) < SMALL_LOAD:
        return 1
    return max(1, min(len(tables), os.cpu_count() or 1, MAX_WORKERS))


def load_in_parallel(
    tables: Mapping[str, CsvTable],
    wanted: Mapping[str, Sequence[str]],
    folder: Path,
    progress: Progress | None = None,
    workers: int | None = None,
    start_method: str = START_METHOD,
) -> list[Path]:
    """Load `wanted` columns of `tables` into SQLite files in `folder`; the first file is the main database.

    `workers`: how many processes (default: `worker_count`); `start_method`: how they start (benchmarks compare).
    """
    groups = _groups(tables, workers or worker_count(tables))
    paths = [folder / ("familia.sqlite" if i == 0 else f"part{i}.sqlite") for i in range(len(groups))]
    if len(groups) <= 1:
        _load_group(paths[0], tables, wanted, progress)
        return paths[:1]
    context = multiprocessing.get_context(start_method)
    pool = context.Pool(len(groups), initializer=_quiet_worker)
    try:
        pending = [
            pool.apply_async(
                _worker,
                (path, {t: tables[t] for t in group}, {t: list(wanted[t]) for t in group}),
            )
            for path, group in zip(paths, groups, strict=True)
        ]
        for job in pending:
            for table, rows in job.get().items():
                if progress is not None:
                    progress(table, rows)
        pool.close()
    except BaseException:
        pool.terminate()  # Ctrl-C, SIGTERM or a bad file: stop every worker now, leave nothing running
        raise
    finally:
        pool.join()
    return paths


def attach(connection: sqlite3.Connection, parts: Sequence[Path]) -> None:
    """Make the tables of the other worker files reachable by their plain names, read-only."""
    for index, path in enumerate(parts, start=1):
        connection.execute(f"ATTACH DATABASE ? AS part{index}", (path.as_uri() + "?mode=ro",))
