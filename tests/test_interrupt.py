"""An interrupted scan (Ctrl-C, SIGTERM) exits 130 or 143 and leaves nothing behind: no output file, no
`*.partial`, no folder made for an output, no history entry, no temporary folder in $TMPDIR, and no report on stdout.

Each test runs the installed `flytcheck` in a subprocess on a generated database whose scan would take far longer
than the test (a copy gone wrong: 1,000 rows for child 1 and 300,000 ties to it, so the network query joins 300
million rows), waits until the scan is provably running (Linux: the process holds the database open, read-only for
a query), sends the signal, and checks exit code, output and every folder involved.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from robustness import familia_sqlite

FLYTCHECK = Path(sys.executable).with_name("flytcheck")
CHILDREN = 1_000
TIES = 300_000
pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="watches the scan through /proc (Linux)")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same slow database as a SQLite file and as a folder of CSV exports (made in about a second)."""
    folder = tmp_path_factory.mktemp("big")
    database = familia_sqlite(folder / "big.sqlite", {"FA_SAKSBEHANDLERE": [{"SBH_INITIALER": "AB"}]})
    with sqlite3.connect(database) as connection:
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO FA_KLIENT (KLI_LOEPENR, KOM_KOMMUNENR, SBH_INITIALER) SELECT 1, 1860, 'AB' FROM n",
            (CHILDREN,),
        )
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO FA_KLIENTTILKNYTNING (KLI_LOEPENR, KTK_LOEPENR, FOR_LOEPENR, KTK_ROLLE) "
            "SELECT 1, i, i, 'MOR' FROM n",
            (TIES,),
        )
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO FA_FORBINDELSER (FOR_LOEPENR) SELECT i FROM n",
            (TIES,),
        )
    exports = folder / "exports"
    exports.mkdir()
    with sqlite3.connect(database) as connection:
        for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            cursor = connection.execute(f'SELECT * FROM "{table}"')
            header = ";".join(d[0] for d in cursor.description)
            with (exports / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
                handle.write(header + "\r\n")
                handle.writelines(";".join("NULL" if v is None else str(v) for v in row) + "\r\n" for row in cursor)
    connection.close()
    return {"sqlite": database, "csv": exports}


def _open_files(pid: int) -> list[tuple[str, int]]:
    """The files process `pid` holds open, with their access mode (os.O_RDONLY, O_WRONLY or O_RDWR)."""
    found = []
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            flags = int(Path(f"/proc/{pid}/fdinfo/{fd}").read_text().split("flags:")[1].split()[0], 8)
            found.append((target, flags & 3))
    except (FileNotFoundError, ProcessLookupError, IndexError):
        pass
    return found


def _family(pid: int) -> list[int]:
    """`pid` and its child processes (the CSV load runs in worker processes, one per core)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (FileNotFoundError, ProcessLookupError):
        children = []
    return [pid, *(int(c) for c in children)]


def wait_for(process: subprocess.Popen[str], condition: str, check: object, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the scan ended before {condition}: {process.communicate()}"
        if callable(check) and check():
            return
        time.sleep(0.02)
    process.kill()
    pytest.fail(f"timed out waiting until {condition}")


def digest(path: Path) -> str:
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    return hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in files if p.is_file())).hexdigest()


CASES = {
    # source, signal, the moment it is sent
    "sqlite-ctrl-c-mid-query": ("sqlite", signal.SIGINT, "querying"),
    "sqlite-sigterm-mid-query": ("sqlite", signal.SIGTERM, "querying"),
    "csv-sigterm-while-loading": ("csv", signal.SIGTERM, "loading"),
    "csv-ctrl-c-mid-query": ("csv", signal.SIGINT, "querying"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_interrupted_scan_leaves_nothing_behind(name: str, big: dict[str, Path], tmp_path: Path) -> None:
    kind, signum, moment = CASES[name]
    source = big[kind]
    before = digest(source)
    tmp, out, cwd = tmp_path / "tmp", tmp_path / "out", tmp_path / "cwd"
    for folder in (tmp, out, cwd):
        folder.mkdir()
    outputs = ["--output", "new/r.json", "--csv", "new/r.csv", "--worklists", "new/lists", "--junit", "new/r.xml",
               "--html", "new/r.html", "--history", "new/history.sqlite"]
    command = [str(FLYTCHECK), "scan", str(source), "--cutover", "2026-05-22", "--quiet",
               *[str(out / a) if a.startswith("new/") else a for a in outputs]]
    env = {**os.environ, "TMPDIR": str(tmp), "FLYTCHECK_LANG": "en"}
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               stdin=subprocess.DEVNULL)
    try:
        if kind == "sqlite":
            def ready() -> bool:
                return any(t == str(source) and mode == os.O_RDONLY for t, mode in _open_files(process.pid))
        else:
            def ready() -> bool:
                wanted = os.O_RDWR if moment == "loading" else os.O_RDONLY
                return any(t.startswith(str(tmp)) and t.endswith(".sqlite") and mode == wanted
                           for member in _family(process.pid) for t, mode in _open_files(member))
        wait_for(process, f"the scan is {moment}", ready)
        time.sleep(0.3)  # well inside: a rule's query, or the load
        assert process.poll() is None, "the scan should still be running"
        sent = time.monotonic()
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=30)
        stopped = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    expected = 130 if signum == signal.SIGINT else 143
    assert process.returncode == expected, (process.returncode, stderr)
    assert stopped < 10, f"took {stopped:.1f} s to stop"
    print(f"\n{name}: stopped {stopped:.2f} s after the signal")
    word = "interrupted" if signum == signal.SIGINT else "terminated"
    assert stderr == f"flytcheck: {word}; no partial report is left behind\n", stderr
    assert stdout == "", "no report, not even a partial one, on stdout"
    assert list(out.rglob("*")) == [], "no output, no *.partial, no folder made for an output, no history"
    assert list(tmp.rglob("*")) == [], "no temporary folder left in $TMPDIR"
    assert list(cwd.rglob("*")) == []
    assert not list(tmp_path.rglob("*.partial"))
    assert digest(source) == before
