"""The history file: one summary per scan (time, source, scope, counts per rule and severity, ready), in SQLite.

Always SQLite, whatever the file is called (`history.sqlite`, `h.jsonl`): the format never follows the name.

The history is ours, never the source: it is created readable by the owner only (0600), marked with our own
SQLite application id, and a file that is not a flytcheck history is refused rather than written to. Each run is
appended in one transaction, so a run is recorded whole or not at all. Holds no finding, identity number or name.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from flytcheck.errors import FlytcheckError
from flytcheck.model import Report, Run, Scope, Severity
from flytcheck.outputs import not_a_file

APPLICATION_ID = 0x666C7974  # "flyt": tells our history apart from any other SQLite file (a Familia copy)
SCHEMA_VERSION = 2
"""1: the first histories; 2: each run's scope (what `--only` chose, the rules switched off). A version-1 file is
read as holding full runs, and gains the scope column the first time a run is appended to it."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    scanned_at TEXT NOT NULL,
    source TEXT NOT NULL,
    cutover TEXT NOT NULL,
    flytcheck_version TEXT NOT NULL,
    familia_version TEXT,
    ready INTEGER NOT NULL,
    blockers INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    infos INTEGER NOT NULL,
    scope TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS run_rules (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    findings INTEGER NOT NULL,
    PRIMARY KEY (run_id, rule)
);
"""


def _create_private(path: Path) -> None:
    """Create an empty file readable by the owner only, unless it exists; SQLite's journals copy its mode.

    Through a dangling link, the file the link names is the one made (with O_EXCL the link itself would count as
    existing, and SQLite would then make the file with the umask's mode). Portable: os.open's mode is 0600 on
    POSIX; on Windows it only keeps the file writable, and the file takes its folder's permissions (see
    flytcheck.outputs). A folder made for it is 0700 (owner-only on Windows too).
    """
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path.resolve(), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise FlytcheckError(f"{path}: cannot create the history file ({error.strerror})") from None
    os.close(descriptor)


_WAIT_SECONDS = 60.0
"""How long a scan waits for another one writing to the same history (each holds it for milliseconds)."""


def _refuse_special(path: Path) -> None:
    kind = not_a_file(path)
    if kind == "a folder":
        raise FlytcheckError(f"{path}: is a folder, not a history file", hint="--history needs a file of its own")
    if kind is not None:
        raise FlytcheckError(f"{path}: is {kind}, not a history file", hint="--history needs a file of its own")


@contextlib.contextmanager
def _open(path: Path, *, create: bool) -> Iterator[sqlite3.Connection]:
    """A connection to the history; with `create`, inside one write transaction (BEGIN IMMEDIATE) that made and
    marked the file if it was new, so that scans creating the same history at once take turns and lose nothing."""
    _refuse_special(path)
    if create:
        _create_private(path)
    elif not path.is_file():
        raise FlytcheckError(f"{path}: history file not found", hint="scan with --history FILE first")
    try:
        connection = sqlite3.connect(
            path if create else path.resolve().as_uri() + "?mode=ro", uri=not create, timeout=_WAIT_SECONDS,
            isolation_level=None,
        )
    except sqlite3.Error as error:
        raise FlytcheckError(f"{path}: cannot open the history file ({error})") from None
    try:
        if create:
            connection.execute("BEGIN IMMEDIATE")  # the write lock first: the check and the first run are one step
        _check(connection, path, create)
        yield connection
        if create:
            connection.execute("COMMIT")
    except sqlite3.Error as error:
        raise FlytcheckError(f"{path}: cannot use the history file ({error})") from None
    finally:
        connection.close()  # without COMMIT (an error, an interrupt) the transaction is rolled back


def _check(connection: sqlite3.Connection, path: Path, create: bool) -> None:
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError:
        raise FlytcheckError(f"{path}: not a flytcheck history file (not SQLite)") from None
    if application_id == APPLICATION_ID:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise FlytcheckError(f"{path}: history written by a newer flytcheck (schema {version})")
        if version < SCHEMA_VERSION and create:
            with connection:
                connection.execute("ALTER TABLE runs ADD COLUMN scope TEXT NOT NULL DEFAULT ''")
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return
    if tables or not create:
        raise FlytcheckError(f"{path}: not a flytcheck history file", hint="--history needs a file of its own")
    # A new history (or an empty file made some other way): ours now, and private whatever made it.
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)


def verify(path: Path) -> None:
    """Check, before a scan, that an existing file is a flytcheck history (a missing one is created later)."""
    if path.exists() and path.stat().st_size > 0:
        with _open(path, create=False):
            pass


def append(path: Path, report: Report) -> None:
    """Record one run's summary (never a finding) at the end of the history, creating the file if needed."""
    with _open(path, create=True) as connection:
        cursor = connection.execute(
            "INSERT INTO runs (scanned_at, source, cutover, flytcheck_version, familia_version, ready,"
            " blockers, warnings, infos, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                report.scanned_at.isoformat(timespec="seconds"),
                report.source,
                report.cutover.isoformat(),
                report.flytcheck_version,
                report.familia_version,
                int(report.ready),
                report.counts[Severity.BLOCKER],
                report.counts[Severity.WARNING],
                report.counts[Severity.INFO],
                report.scope.key,
            ),
        )
        connection.executemany(
            "INSERT INTO run_rules (run_id, rule, severity, status, findings) VALUES (?, ?, ?, ?, ?)",
            [(cursor.lastrowid, o.rule, o.severity.value, o.status.value, o.findings) for o in report.rules],
        )


def read_runs(path: Path) -> tuple[Run, ...]:
    """Every run of the history, oldest first."""
    with _open(path, create=False) as connection:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        scope = "scope" if version >= 2 else "''"
        rows = connection.execute(
            f"SELECT scanned_at, source, cutover, blockers, warnings, infos, ready, {scope} FROM runs"
            " ORDER BY scanned_at, id"
        ).fetchall()
    try:
        return tuple(
            Run(datetime.fromisoformat(at), source, date.fromisoformat(cutover), b, w, i, bool(ready),
                Scope.from_key(key))
            for at, source, cutover, b, w, i, ready, key in rows
        )
    except (TypeError, ValueError):
        raise FlytcheckError(f"{path}: the history file holds a run that cannot be read") from None

