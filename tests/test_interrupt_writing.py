"""An interrupt while a workbook is being written prints one line and no traceback, and leaves nothing behind.

Stopped inside XlsxWriter's zip writing, a scan printed Python's "Exception ignored in: <function ZipFile.__del__>
… ValueError: seek of closed file" with a traceback under its own line (issue 22, point 10): the zip writer,
collected after the file was closed, still tried to finish. Each case runs the installed package in a fresh
Python whose zip writer raises the signal itself at a chosen moment: early, in the middle, at the last part.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import signal, sys, zipfile
calls, at, name = [0], int(sys.argv[1]), sys.argv[2]
original = zipfile.ZipFile.write
def write(self, *args, **kwargs):
    calls[0] += 1
    if calls[0] == at:
        signal.raise_signal(getattr(signal, name))
    return original(self, *args, **kwargs)
zipfile.ZipFile.write = write
from flytcheck.cli import main
sys.argv = ["flytcheck", "scan", "--demo", "--quiet", *sys.argv[3:]]
main()
"""
EXPECTED = {"SIGINT": (130, "flytcheck: interrupted; no partial report is left behind"),
            "SIGTERM": (143, "flytcheck: terminated; no partial report is left behind")}


@pytest.mark.parametrize("at", [1, 4, 9])
@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("output", ["--xlsx", "--worklists"])
def test_an_interrupt_while_a_workbook_is_written_is_one_line(at: int, name: str, output: str, tmp_path: Path) -> None:
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    scratch.mkdir()
    target = ["--xlsx", str(out / "r.xlsx")] if output == "--xlsx" else [
        "--worklists", str(out / "lists"), "--worklist-format", "xlsx"]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(at), name, *target], capture_output=True, text=True, timeout=120,
        env={**os.environ, "TMPDIR": str(scratch), "TEMP": str(scratch), "TMP": str(scratch), "FLYTCHECK_LANG": "en"},
        cwd=tmp_path,
    )
    code, line = EXPECTED[name]
    assert (result.returncode, result.stderr) == (code, line + "\n"), result.stderr
    assert result.stdout == ""
    assert list(out.iterdir()) == [] and list(scratch.iterdir()) == []
