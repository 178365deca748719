"""Nothing POSIX-only: flytcheck runs where there is no fork, no fchmod and no SIGTERM (Windows), from folders
whose names have spaces and æøå, and prints its reports on a console that is not UTF-8 (cp850, cp1252).

On Linux these tests take the POSIX pieces away (monkeypatch hides os.fork, os.fchmod and signal.SIGTERM) and
force the CSV loader's worker processes, which always start with `spawn` (Windows' only start method), so a
CSV-folder scan is proven to give the same report without them.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from flytcheck import guard
from flytcheck.sources import csv_parallel
from flytcheck.sources.csv_folder import inspect_folder
from flytcheck.sources.open import demo_folder
from flytcheck.sql import familia
from robustness import Run, cached_rulebook, invoke, is_private, scan_args

FLYTCHECK = Path(sys.executable).with_name("flytcheck")
AWKWARD = "Eksport fra Familia/Bærum kommune – Ålesund øst"
"""A folder name as a Windows user makes one: spaces, æøå and a dash."""


def demo_copy(root: Path) -> Path:
    folder = root / AWKWARD
    shutil.copytree(demo_folder(), folder)
    return folder


def needed_columns(folder: Path) -> dict[str, list[str]]:
    files = inspect_folder(folder)
    return {
        name: [h.upper() for h in table.header if h.upper() in familia.TABLES[name].columns]
        for name, table in files.items()
        if name in familia.TABLES
    }


def table_rows(paths: list[Path], tables: list[str]) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(paths[0])
    csv_parallel.attach(connection, paths[1:])
    try:
        return {t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        connection.close()


def test_the_loader_starts_its_workers_with_spawn_everywhere() -> None:
    assert csv_parallel.START_METHOD == "spawn"


def test_spawned_workers_load_exactly_what_one_process_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork", raising=False)
    folder = demo_copy(tmp_path)
    files = inspect_folder(folder)
    wanted = needed_columns(folder)
    alone, spawned = tmp_path / "alone", tmp_path / "spawned"
    alone.mkdir()
    spawned.mkdir()
    one = csv_parallel.load_in_parallel(files, wanted, alone, workers=1)
    seen: dict[str, int] = {}
    many = csv_parallel.load_in_parallel(files, wanted, spawned, lambda t, n: seen.update({t: n}), workers=3)
    assert len(one) == 1 and len(many) == 3
    rows = table_rows(one, list(wanted))
    assert table_rows(many, list(wanted)) == rows
    assert seen == {t: len(r) for t, r in rows.items()}, "each worker's counts reach the caller's progress"


def test_a_bad_file_in_a_spawned_worker_is_the_same_one_line_error(tmp_path: Path) -> None:
    folder = demo_copy(tmp_path)
    journal = folder / "FA_JOURNAL.csv"
    lines = journal.read_bytes().split(b"\r\n")
    lines[7] = lines[7].replace(b";", b";x", 1)  # the løpenummer of line 8 is no longer a number
    journal.write_bytes(b"\r\n".join(lines))
    (tmp_path / "db").mkdir()
    from flytcheck.errors import SourceError

    with pytest.raises(SourceError, match=r"FA_JOURNAL\.csv.*line 8"):
        csv_parallel.load_in_parallel(inspect_folder(folder), needed_columns(folder), tmp_path / "db", workers=3)


def _report(run: Run) -> dict[str, object]:
    assert run.exception is None, run.escaped()
    assert run.code == 1, (run.code, run.stderr)
    report = json.loads(run.stdout)
    del report["source"]
    return dict(report)


def test_a_csv_scan_without_fork_fchmod_or_sigterm_gives_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached_rulebook(monkeypatch)
    folder = demo_copy(tmp_path)
    config = str(folder / "flytcheck.toml")
    expected = _report(invoke(*scan_args(str(folder), "--config", config, "--format", "json")))

    for name in ("fork", "fchmod"):
        monkeypatch.delattr(os, name, raising=False)
    monkeypatch.delattr(signal, "SIGTERM")
    monkeypatch.setenv("FLYTCHECK_WORKERS", "3")  # the demo is small: load it with worker processes anyway
    out = tmp_path / "Rapporter – Bærum" / "i natt"
    outputs = ["--output", str(out / "rapport å.json"), "--csv", str(out / "funn ø.csv"),
               "--html", str(out / "rapport.html"), "--worklists", str(out / "arbeidslister"),
               "--history", str(out / "historikk æ.sqlite")]
    run = invoke(*scan_args(str(folder), "--config", config, "--format", "json", *outputs))
    assert _report(run) == expected
    written = json.loads((out / "rapport å.json").read_text(encoding="utf-8"))
    assert written["findings"] == expected["findings"]
    made = [p for p in out.rglob("*") if p.is_file()]
    assert len(made) > 5 and not [p for p in made if p.name.endswith(".partial")]
    assert all(is_private(p) for p in made), "private without fchmod too"
    chart = out / "trend ø.svg"
    assert invoke("trend", str(out / "historikk æ.sqlite"), "--chart", str(chart)).code == 0
    assert chart.read_text(encoding="utf-8").startswith("<svg")


@pytest.mark.parametrize("value", ["0", "many", "-2", "65"])
def test_a_bad_number_of_workers_is_refused(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLYTCHECK_WORKERS", value)
    run = invoke("scan", "--demo", "--quiet")
    assert run.code == 2 and run.exception is None
    assert run.stderr.startswith("flytcheck: error: FLYTCHECK_WORKERS="), run.stderr


def test_a_small_folder_loads_in_the_scan_process_and_a_big_one_on_every_core(tmp_path: Path) -> None:
    files = inspect_folder(demo_folder())
    assert csv_parallel.worker_count(files) == 1
    big = dict(files)
    (tmp_path / "big.csv").write_bytes(b"x" * csv_parallel.SMALL_LOAD)
    big["FA_JOURNAL"] = dataclasses.replace(files["FA_JOURNAL"], path=tmp_path / "big.csv")
    assert csv_parallel.worker_count(big) == min(os.cpu_count() or 1, csv_parallel.MAX_WORKERS)


def test_a_sqlite_copy_in_a_folder_with_spaces_and_aeoeaa(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached_rulebook(monkeypatch)
    database = tmp_path / "Kopi av Familia (æøå)" / "familia 2027 – natt.sqlite"
    database.parent.mkdir()
    assert invoke("synth", "--profile", "demo", "--out", str(database), "--quiet").code == 0
    run = invoke(*scan_args(str(database), "--config", f"{database}.flytcheck.toml", "--format", "json"))
    assert run.code == 1, run.stderr
    assert json.loads(run.stdout)["source"] == str(database)


def test_guard_works_where_there_is_no_sigterm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(signal, "SIGTERM")
    assert signal.SIGINT in guard.stop_signals()

    def interrupted() -> int:
        raise KeyboardInterrupt

    assert guard.guarded(interrupted) == 130
    assert guard.guarded(lambda: 0) == 0
    with guard.deferred_signals():
        pass


@pytest.mark.skipif(not hasattr(signal, "SIGUSR1"), reason="plays SIGBREAK with SIGUSR1 (POSIX)")
def test_windows_ctrl_break_ends_a_command_like_sigterm(monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows as Python sees it: SIGBREAK (Ctrl-Break, a closed console, a scheduler's stop) and no SIGTERM.
    # SIGUSR1 plays SIGBREAK here.
    monkeypatch.delattr(signal, "SIGTERM")
    monkeypatch.setattr(signal, "SIGBREAK", signal.SIGUSR1, raising=False)
    assert guard.stop_signals() == (signal.SIGINT, signal.SIGUSR1)

    def stopped() -> int:
        os.kill(os.getpid(), signal.SIGUSR1)
        return 0

    assert guard.guarded(stopped) == 143

    def renaming() -> int:
        with guard.deferred_signals():
            os.kill(os.getpid(), signal.SIGUSR1)
            held = True  # the handler held the signal back until the block ended
        return 0 if held else 1

    assert guard.guarded(renaming) == 143
    assert signal.getsignal(signal.SIGUSR1) is signal.SIG_DFL


CONSOLE_COMMANDS = {
    "scan-details": (["scan", "--demo", "--details", "--quiet", "--no-color"], 1, "Migreringsforhåndsvisning"),
    "scan-en": (["scan", "--demo", "--lang", "en", "--quiet", "--no-color"], 1, "ready for Flyt Barnevern"),
    "scan-json": (["scan", "--demo", "--format", "json", "--quiet"], 1, '"findings"'),
    "explain": (["explain", "reminder-open"], 0, "Åpent punkt på huskelisten"),
    "rules": (["rules"], 0, "Åpent punkt på huskelisten"),
    "id": (["id", "15838010080", "974760673", "--accept-synthetic"], 0, "158380*****"),
    "help": (["scan", "--help"], 0, "bokmål"),
}


@pytest.mark.parametrize("encoding", ["cp850", "cp1252"])
@pytest.mark.parametrize("name", sorted(CONSOLE_COMMANDS))
def test_a_console_that_is_not_utf8_prints_every_report(name: str, encoding: str, tmp_path: Path) -> None:
    args, code, shown = CONSOLE_COMMANDS[name]
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONUTF8": "0", "LC_ALL": "C", "COLUMNS": "140"}
    run = subprocess.run([str(FLYTCHECK), *args], capture_output=True, env=env, cwd=tmp_path, timeout=120,
                         stdin=subprocess.DEVNULL, check=False)
    stderr = run.stderr.decode(encoding, "replace")
    assert run.returncode == code, stderr
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    stdout = run.stdout.decode(encoding)  # strictly: every byte is the code page's
    assert shown in stdout
    if name == "scan-json":
        assert json.loads(stdout)["findings"]


def test_freed_memory_goes_back_on_glibc_and_the_call_is_harmless_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    from flytcheck import memory

    memory._malloc_trim.cache_clear()
    assert memory.release_freed_memory() is sys.platform.startswith("linux")
    memory._malloc_trim.cache_clear()
    monkeypatch.setattr(memory.sys, "platform", "win32")
    assert memory.release_freed_memory() is False  # Windows: nothing to call, nothing fails
    memory._malloc_trim.cache_clear()
