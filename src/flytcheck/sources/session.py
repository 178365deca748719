"""What each backend's session is told before the scan's first query, in one place, and how consistent that makes it.

A scan must read one moment of a live Familia, and must never stand in the way of the caseworkers writing to it:

- PostgreSQL: the scan's one transaction starts with `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`
  (one snapshot for every query; the server refuses any write), and the session is named `flytcheck`
  (`application_name`), so a DBA sees whose query it is.
- SQL Server: `SET DEADLOCK_PRIORITY LOW` (in a deadlock the scan is the victim, not a caseworker), `SET LOCK_TIMEOUT`
  (a scan that would wait for a caseworker's lock stops instead of queueing), and `SET TRANSACTION ISOLATION LEVEL
  SNAPSHOT` when the database allows it (one snapshot, no shared locks); otherwise READ COMMITTED, which is
  row-versioned and lock-free when READ_COMMITTED_SNAPSHOT is on. The connection's application name is
  `flytcheck` (`APP=`).
- SQLite: one read transaction around every query (a writer in WAL mode cannot change what the scan sees).
- CSV folders are files, read once: a snapshot already.

These statements are session settings, not rule SQL: they are built here and nowhere else, never from user text
(the lock timeout is a validated number), and the SELECT-only check for rules is untouched.
"""

from __future__ import annotations

import math

from flytcheck.model import Consistency

APPLICATION_NAME = "flytcheck"

POSTGRES_BEGIN = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"

POSTGRES_SESSION = ("SET jit = off",)
"""Told once, before the scan's transaction (PostgreSQL 11 and later). With JIT on (the server default), PostgreSQL
compiles each big rule query to machine code before running it, which costs more than it saves on queries of a
second or two: 1.1 s of the 3.5 s the rule queries of `mid` took (docs/benchmarks.md). A session setting; it
changes nothing in the database."""

MSSQL_ISOLATION_QUERY = (
    "SELECT snapshot_isolation_state, is_read_committed_snapshot_on FROM sys.databases WHERE name = DB_NAME()"
)
"""Whether the database allows SNAPSHOT (state 1 = ON) and has READ_COMMITTED_SNAPSHOT on (a SELECT)."""

SNAPSHOT = Consistency(True, "snapshot")
CSV_FILES = Consistency(True, "files")
MSSQL_READ_COMMITTED_SNAPSHOT = Consistency(False, "read-committed-snapshot")
MSSQL_READ_COMMITTED_LOCKS = Consistency(False, "read-committed-locks")


def mssql_session(lock_timeout: float, *, snapshot_allowed: bool) -> list[str]:
    """The SET statements a SQL Server session gets before the scan's first query, in the order sent."""
    milliseconds = max(1, math.ceil(lock_timeout * 1000))  # 0 would mean "never wait", -1 "wait forever"
    isolation = "SNAPSHOT" if snapshot_allowed else "READ COMMITTED"
    return [
        "SET DEADLOCK_PRIORITY LOW",
        f"SET LOCK_TIMEOUT {milliseconds}",
        f"SET TRANSACTION ISOLATION LEVEL {isolation}",
    ]


def mssql_consistency(snapshot_allowed: bool, read_committed_snapshot: bool) -> Consistency:
    if snapshot_allowed:
        return SNAPSHOT
    return MSSQL_READ_COMMITTED_SNAPSHOT if read_committed_snapshot else MSSQL_READ_COMMITTED_LOCKS
