"""A new --history file is made safely: many scans creating it at once lose nothing, and it is private (0600)
however it came to be.

Two scans creating the same new history at the same moment lost runs ("no such table: runs", "not a flytcheck
history file"; 5 times in 30 rounds of 6 scans), and a history made through a dangling link was 0644 (issue 22,
points 6 and 13). Now the file is checked, marked and given its first run in one SQLite write transaction
(BEGIN IMMEDIATE), so the scans take turns; and a file flytcheck makes its own is 0600 whatever made it.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from flytcheck.errors import FlytcheckError
from flytcheck.model import Preview, Report
from flytcheck.tracking import history

ROUNDS, SCANS = 30, 6


def _report(source: str = "familia.sqlite") -> Report:
    return Report("0", source, date(2027, 5, 22), datetime(2027, 5, 1, 8, tzinfo=UTC), None, Preview(), (), ())


def _private(path: Path) -> bool:
    return os.name != "posix" or path.stat().st_mode & 0o777 == 0o600


def test_scans_creating_the_same_new_history_at_once_lose_no_run(tmp_path: Path) -> None:
    """Threads with a connection each (SQLite locks between connections of one process as between processes)."""
    lost = []
    for round_ in range(ROUNDS):
        path = tmp_path / f"h{round_}.sqlite"
        start = threading.Barrier(SCANS)
        errors: list[str] = []

        def scan(path: Path = path, start: threading.Barrier = start, errors: list[str] = errors) -> None:
            start.wait()
            try:
                history.append(path, _report())
            except FlytcheckError as error:
                errors.append(str(error).splitlines()[0])

        threads = [threading.Thread(target=scan) for _ in range(SCANS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        runs = len(history.read_runs(path))
        if runs != SCANS or errors:
            lost.append((round_, runs, errors))
        assert _private(path)
    assert lost == []


def _append_at(path: str, moment: float) -> str:
    while time.time() < moment:
        pass
    try:
        history.append(Path(path), _report())
    except FlytcheckError as error:
        return str(error)
    return "ok"


def test_processes_creating_the_same_new_history_at_once_lose_no_run(tmp_path: Path) -> None:
    """The same with processes (fewer rounds: each starts a Python)."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        for round_ in range(3):
            path = tmp_path / f"p{round_}.sqlite"
            moment = time.time() + 2.0
            results = pool.starmap(_append_at, [(str(path), moment)] * 4)
            assert results == ["ok"] * 4
            assert len(history.read_runs(path)) == 4


@pytest.mark.skipif(os.name != "posix", reason="mode bits (Windows: the folder's permissions, flytcheck.outputs)")
def test_a_history_made_through_a_dangling_link_is_private(tmp_path: Path) -> None:
    link = tmp_path / "history.sqlite"
    target = tmp_path / "elsewhere.sqlite"
    link.symlink_to(target)
    history.append(link, _report())
    assert target.stat().st_mode & 0o777 == 0o600
    assert link.is_symlink() and len(history.read_runs(link)) == 1


@pytest.mark.skipif(os.name != "posix", reason="mode bits (Windows: the folder's permissions, flytcheck.outputs)")
def test_an_empty_file_made_by_someone_else_becomes_a_private_history(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    history.append(path, _report())
    assert path.stat().st_mode & 0o777 == 0o600 and len(history.read_runs(path)) == 1
