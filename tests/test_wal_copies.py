"""A SQLite copy in WAL mode is read whole (its -wal too) without creating anything beside it, also in a read-only
folder.

A copy taken while Familia's converter still had it open comes with a `-wal` file and no `-shm`. Reading it made
SQLite create the `-shm` beside the source, and in a read-only folder it could not be read at all (issue 22,
point 9). Now such a copy is read from a private temporary copy of the file and its -wal, removed when the scan
ends; a live database (which has its -shm) is read where it is (tests/test_live_snapshot.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from robustness import Sandbox, assert_completed, familia_sqlite, invoke, sandbox, scan_args, snapshot
from test_reports_fixtures import familia_rows

__all__ = ["sandbox"]


def wal_copy(made: Path, folder: Path) -> Path:
    """A copy of `made` taken while a connection had it open in WAL mode: every reminder is done in the -wal only."""
    connection = sqlite3.connect(made)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    with connection:
        connection.execute("UPDATE FA_HUSKELAPP SET HUS_OPPFYLTDATO = '2027-04-30'")
    folder.mkdir(exist_ok=True)
    copy = folder / "familia.sqlite"
    shutil.copyfile(made, copy)
    shutil.copyfile(f"{made}-wal", f"{copy}-wal")
    connection.close()
    assert not Path(f"{copy}-shm").exists() and Path(f"{copy}-wal").stat().st_size > 0
    return copy


def _open_reminders(stdout: str) -> set[str]:
    return {f["key"] for f in json.loads(stdout)["findings"] if f["rule"] == "reminder-open"}


def test_a_wal_copy_is_read_with_its_wal_and_nothing_is_created_beside_it(sandbox: Sandbox) -> None:
    made = familia_sqlite(sandbox.root / "made.sqlite", familia_rows())
    copy = wal_copy(made, sandbox.source)
    before = snapshot(sandbox.source)
    run = invoke(*scan_args(str(copy), "--format", "json"))
    assert_completed(run)
    assert _open_reminders(run.stdout) == set(), "the reminders were closed in the -wal: it was read"
    assert snapshot(sandbox.source) == before, "no -shm (or anything else) beside the source"
    assert sandbox.leftovers() == [], "the private copy is gone"


def test_a_wal_copy_whose_wal_is_empty_is_read_as_it_is(sandbox: Sandbox) -> None:
    made = familia_sqlite(sandbox.root / "made.sqlite", familia_rows())
    copy = wal_copy(made, sandbox.source)
    Path(f"{copy}-wal").write_bytes(b"")
    before = snapshot(sandbox.source)
    run = invoke(*scan_args(str(copy), "--format", "json"))
    assert_completed(run)
    assert "10" in _open_reminders(run.stdout)
    assert snapshot(sandbox.source) == before


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` made read-only: by its mode bits, or (as root, whom mode bits do not stop) immutable."""
    if os.name != "posix":
        pytest.skip("a read-only folder is a POSIX notion here (Windows: the folder's ACL)")
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("root, and the file system cannot make a folder immutable")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


def test_a_wal_copy_in_a_read_only_folder_is_read(sandbox: Sandbox) -> None:
    made = familia_sqlite(sandbox.root / "made.sqlite", familia_rows())
    copy = wal_copy(made, sandbox.source / "readonly")
    with read_only(copy.parent):
        with pytest.raises(OSError):
            (copy.parent / "probe").write_text("x")  # the folder is read-only indeed
        run = invoke(*scan_args(str(copy), "--format", "json"))
    assert_completed(run)
    assert _open_reminders(run.stdout) == set()
    assert sorted(p.name for p in copy.parent.iterdir()) == ["familia.sqlite", "familia.sqlite-wal"]
