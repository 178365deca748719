"""Helpers for the robustness tests (broken sources, bad data, bad rule files, privacy, interrupts).

`Sandbox` runs `flytcheck` in-process with its working folder, $TMPDIR and output folder inside the test's own
tmp_path, so that a test can prove that nothing was written anywhere but the outputs it asked for. Sources are
tiny invented Familia databases: CSV text per table (`familia_csv`) or a SQLite file (`familia_sqlite`).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
import re
import tempfile
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner

from flytcheck.catalogue.loading import load_rulebook
from flytcheck.catalogue.rulebook import Rulebook
from flytcheck.cli import app
from flytcheck.sql import familia
from flytcheck.sql.ddl import create_familia

CUTOVER = "2027-05-22"
NOW = "2027-05-01T08:00:00+02:00"
OUTPUT_FILES = ("r.json", "r.csv", "r.xlsx", "lists", "r.xml", "r.html", "h.sqlite")


@dataclass(frozen=True)
class Run:
    """One command as a user meets it: exit code, stdout, stderr and any exception that escaped."""

    code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    def escaped(self) -> str:
        if self.exception is None:
            return ""
        return "".join(traceback.format_exception(self.exception))


def invoke(*args: str) -> Run:
    """`flytcheck ARGS` in-process (typer's runner keeps stdout and stderr apart), in English: these tests read the
    refusals' English words (tests/test_error_texts.py holds the bokmål ones)."""
    result = CliRunner().invoke(app, list(args), env={"FLYTCHECK_LANG": "en"})
    exception = None if isinstance(result.exception, SystemExit) else result.exception
    return Run(int(result.exit_code), result.stdout, result.stderr, exception)


def scan_args(*args: str) -> list[str]:
    """`scan ARGS` with the time, cut-over, width and colour pinned and no progress."""
    return ["scan", *args, "--now", NOW, "--cutover", CUTOVER, "--quiet", "--no-color", "--width", "120"]


def assert_refused(run: Run, *names: str) -> str:
    """Exit 2 with one message naming `names`: no traceback, nothing on stdout. Returns the first line."""
    assert run.exception is None, f"an exception escaped:\n{run.escaped()}"
    assert run.code == 2, (run.code, run.stdout[-2000:], run.stderr)
    assert run.stdout == "", "a refused scan prints no report"
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    lines = run.stderr.splitlines()
    assert lines and lines[0].startswith("flytcheck: error: "), run.stderr
    # One message: a line, then at most the indented list of every missing table or column, and a hint.
    assert all(line.startswith("  ") for line in lines[1:]), run.stderr
    for name in names:
        assert name in run.stderr, (name, run.stderr)
    return lines[0]


def assert_completed(run: Run) -> None:
    """The scan ran: exit 0 or 1, a report on stdout, no error and no traceback."""
    assert run.exception is None, f"an exception escaped:\n{run.escaped()}"
    assert run.code in (0, 1), (run.code, run.stderr)
    assert "Traceback" not in run.stderr and "error" not in run.stderr, run.stderr


def is_private(path: Path) -> bool:
    """Readable by the owner only: mode 0600 (a folder 0700) where the platform has mode bits. Windows has none to
    check (a file there takes its folder's permissions; see flytcheck.outputs), so there it need only exist."""
    if os.name != "posix":
        return path.exists()
    return path.stat().st_mode & 0o777 == (0o700 if path.is_dir() else 0o600)


def snapshot(root: Path) -> dict[str, tuple[bool, int, str]]:
    """Every file and folder below `root`: kind, mode and content hash."""
    state = {}
    for path in sorted(root.rglob("*")):
        digest = "" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
        state[path.relative_to(root).as_posix()] = (path.is_dir(), path.stat().st_mode, digest)
    return state


class Sandbox:
    """A working folder, a $TMPDIR and an output folder of the test's own; the source goes in `source`."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.source, self.cwd, self.tmp, self.out = (root / n for n in ("source", "cwd", "tmp", "out"))
        for folder in (self.source, self.cwd, self.tmp, self.out):
            folder.mkdir()
        monkeypatch.chdir(self.cwd)
        monkeypatch.setenv("TMPDIR", str(self.tmp))
        monkeypatch.setattr(tempfile, "tempdir", str(self.tmp))

    def outputs(self) -> list[str]:
        """Every file output option, each pointing into `out`."""
        options = ("--output", "--csv", "--xlsx", "--worklists", "--junit", "--html", "--history")
        pairs = zip(options, OUTPUT_FILES, strict=True)
        return [arg for option, name in pairs for arg in (option, str(self.out / name))]

    def leftovers(self) -> list[str]:
        """What a scan left in the working folder, $TMPDIR and the output folder."""
        folders = (self.cwd, self.tmp, self.out)
        return sorted(str(p.relative_to(self.root)) for folder in folders for p in folder.rglob("*"))


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    cached_rulebook(monkeypatch)
    return Sandbox(tmp_path, monkeypatch)


@functools.cache
def _builtin_rulebook() -> Rulebook:
    return load_rulebook()


def cached_rulebook(monkeypatch: pytest.MonkeyPatch) -> None:
    """Load the built-in rules once per test session (a frozen value) instead of once per scan: many short scans."""
    from flytcheck.commands import rule_folders

    def load(folder: Path | None = None, extra: Sequence[Path] = ()) -> Rulebook:
        return _builtin_rulebook() if folder is None and not extra else load_rulebook(folder, extra)

    monkeypatch.setattr(rule_folders, "load_rulebook", load)


# --- tiny invented Familia sources ---------------------------------------------------------------------------------


def _cell(kind: familia.ColumnType, value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float) and kind is familia.ColumnType.DECIMAL:
        return f"{value:.3f}"
    if isinstance(value, datetime | date) or (kind is familia.ColumnType.DATE and isinstance(value, str)):
        text = value.isoformat() if isinstance(value, date) else value
        return text[:10] + " 00:00:00.000" if len(text) == 10 else text
    return str(value)


def familia_csv(rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, str]:
    """Every Familia table as the text of an SSMS export: `;`, CRLF, `NULL`, every known column."""
    files = {}
    for name in familia.tables_for(rows):
        table = familia.TABLES[name]
        columns = list(table.columns)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows.get(name, ()):
            writer.writerow([_cell(table.columns[c], row.get(c)) for c in columns])
        files[name] = buffer.getvalue()
    return files


def write_folder(folder: Path, files: Mapping[str, str | bytes], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / (name if "." in name else f"{name}.csv")
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return folder


def familia_sqlite(path: Path, rows: Mapping[str, Sequence[Mapping[str, Any]]], **kwargs: Any) -> Path:
    engine = create_engine(f"sqlite:///{path}")
    create_familia(engine, rows, **kwargs)
    engine.dispose()
    return path


_TEMPLATES: dict[str, bytes] = {}


def fixture_sqlite(path: Path, *, without: str | None = None) -> Path:
    """The invented database of test_reports_fixtures as a SQLite file (built once, copied after that)."""
    from test_reports_fixtures import familia_rows

    key = without or ""
    if key not in _TEMPLATES:
        only = [t for t in familia.CORE_TABLES if t != without]
        _TEMPLATES[key] = familia_sqlite(path, familia_rows(), only=only).read_bytes()
    path.write_bytes(_TEMPLATES[key])
    return path


# --- identity numbers in text ----------------------------------------------------------------------------------------

ELEVEN_DIGITS = re.compile(r"(?<![0-9.])[0-9]{11}(?![0-9])")
_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def passes_fnr_checksum(number: str) -> bool:
    """Both check digits of a fødselsnummer hold (1964 rule), whatever the date, month + 40 or + 80 included."""
    digits = [int(c) for c in number]
    return sum(w * d for w, d in zip(_W1, digits, strict=False)) % 11 == 0 and (
        sum(w * d for w, d in zip(_W2, digits, strict=True)) % 11 == 0
    )


def identity_numbers(text: str) -> set[str]:
    """Every 11-digit number in `text` that passes the fødselsnummer checksum."""
    return {m for m in ELEVEN_DIGITS.findall(text) if passes_fnr_checksum(m)}
