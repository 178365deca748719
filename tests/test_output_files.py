"""Output files: private (0600 files, 0700 folders made for them), atomic, all of a scan's outputs together or none,
and no spreadsheet cell that a spreadsheet would run as a formula.

A failure or an interrupt while the outputs are being written (simulated by a writer that stops half-way) leaves
every earlier file as it was, no new file, no `*.partial`, no folder made for the outputs and no history entry.
"""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
from pathlib import Path
from typing import TextIO

import pytest

from flytcheck import outputs as outputs_module
from flytcheck.errors import FlytcheckError
from flytcheck.model import Report
from flytcheck.reporters import html_report
from flytcheck.reporters.base import RenderContext
from robustness import Sandbox, familia_sqlite, fixture_sqlite, invoke, is_private, sandbox, scan_args
from test_reports_fixtures import familia_rows

__all__ = ["sandbox"]


def everything(sandbox: Sandbox, folder: str = "new/deeper") -> list[str]:
    out = sandbox.out / folder
    return ["--output", str(out / "r.json"), "--csv", str(out / "r.csv"), "--worklists", str(out / "lists"),
            "--junit", str(out / "r.xml"), "--html", str(out / "r.html"), "--history", str(out / "h.sqlite")]


def test_every_output_is_private_and_no_temporary_file_is_left(sandbox: Sandbox) -> None:
    database = fixture_sqlite(sandbox.source / "familia.sqlite")
    run = invoke(*scan_args(str(database), *everything(sandbox)))
    assert run.code == 1, run.stderr
    chart = sandbox.out / "new" / "deeper" / "trend.svg"
    assert invoke("trend", str(sandbox.out / "new/deeper/h.sqlite"), "--chart", str(chart)).code == 0
    made = sorted(sandbox.out.rglob("*"))
    assert {p.name for p in made} >= {"new", "deeper", "r.json", "r.csv", "lists", "r.xml", "r.html", "h.sqlite",
                                      "trend.svg", "arkiv.csv", ".flytcheck-worklists"}
    for path in made:
        assert is_private(path), path
    assert not [p for p in made if p.name.endswith(".partial")]
    assert sandbox.leftovers() == [f"out/{p.relative_to(sandbox.out)}" for p in made]


def test_an_output_replaces_the_old_file_whole_and_private(sandbox: Sandbox) -> None:
    target = sandbox.out / "r.html"
    target.write_text("last night's report", encoding="utf-8")
    target.chmod(0o644)
    old_inode = target.stat().st_ino
    database = fixture_sqlite(sandbox.source / "familia.sqlite")
    assert invoke(*scan_args(str(database), "--html", str(target))).code == 1
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert target.stat().st_ino != old_inode, "written beside it, then renamed over it"
    assert is_private(target)


def _previous_night(sandbox: Sandbox) -> dict[Path, bytes]:
    database = fixture_sqlite(sandbox.source / "familia.sqlite")
    assert invoke(*scan_args(str(database), *everything(sandbox, "night"))).code == 1
    return {p: p.read_bytes() for p in sorted(sandbox.out.rglob("*")) if p.is_file()}


@pytest.mark.posix  # sends itself signals: on Windows os.kill would end the test run
@pytest.mark.parametrize("stop", ["disk-full", "ctrl-c", "sigterm", "bug"])
def test_a_scan_stopped_while_writing_leaves_the_outputs_as_they_were(
    stop: str, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _previous_night(sandbox)
    history_runs = _runs(sandbox.out / "night" / "h.sqlite")

    def half_written(self: object, report: Report, ctx: RenderContext, out: TextIO) -> None:
        out.write("<!DOCTYPE html><html><body>half")
        if stop == "disk-full":
            raise OSError(28, "No space left on device")
        if stop == "bug":
            raise ZeroDivisionError("a bug")
        os.kill(os.getpid(), signal.SIGINT if stop == "ctrl-c" else signal.SIGTERM)

    monkeypatch.setattr(html_report.HtmlWriter, "write", half_written)
    # The HTML comes after the JSON, the CSV, the worklists and the JUnit of last night's files, all complete by
    # then: they must stay as they were. The HTML goes into a new folder, which must go again.
    night = everything(sandbox, "night")
    fresh_html = ["--html", str(sandbox.out / "fresh" / "deeper" / "r.html")]
    database = fixture_sqlite(sandbox.source / "familia.sqlite")
    run = invoke(*scan_args(str(database), *night[:8], *fresh_html, *night[10:]))
    assert run.exception is None and run.stdout == ""
    assert run.code == {"disk-full": 2, "ctrl-c": 130, "sigterm": 143, "bug": 2}[stop], run.stderr
    assert {p: p.read_bytes() for p in sorted(sandbox.out.rglob("*")) if p.is_file()} == before
    assert not (sandbox.out / "fresh").exists(), "the folders made for the outputs are gone too"
    assert _runs(sandbox.out / "night" / "h.sqlite") == history_runs, "the history records no run that wrote nothing"
    if stop == "disk-full":
        assert run.stderr == f"flytcheck: error: {fresh_html[1]}: cannot write the output file " \
                             "(No space left on device)\n"


def _runs(history: Path) -> int:
    with sqlite3.connect(history) as connection:
        count: int = connection.execute("SELECT count(*) FROM runs").fetchone()[0]
    connection.close()
    return count


@pytest.mark.posix  # sends itself SIGTERM: on Windows os.kill would end the test run
def test_a_signal_while_the_outputs_are_renamed_waits_until_all_are_in_place(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    replace = os.replace
    renamed: list[str] = []

    def replace_and_interrupt(source: str | Path, target: str | Path) -> None:
        if not renamed:
            os.kill(os.getpid(), signal.SIGTERM)  # arrives between the first and the second rename
        replace(source, target)
        renamed.append(str(target))

    monkeypatch.setattr(outputs_module.os, "replace", replace_and_interrupt)
    database = fixture_sqlite(sandbox.source / "familia.sqlite")
    run = invoke(*scan_args(str(database), *everything(sandbox)))
    assert run.code == 143 and run.stdout == ""
    assert len(renamed) > 5 and all(Path(p).is_file() for p in renamed), "every output was put in place"
    assert not list(sandbox.out.rglob("*.partial"))
    assert _runs(sandbox.out / "new" / "deeper" / "h.sqlite") == 1


def test_stale_worklists_go_only_when_the_new_ones_are_in_place(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    lists = sandbox.out / "lists"
    database = fixture_sqlite(sandbox.source / "familia.sqlite")
    assert invoke(*scan_args(str(database), "--worklists", str(lists))).code == 1
    assert (lists / "CD.csv").is_file()
    with sqlite3.connect(database) as connection:  # CD's only finding goes away overnight
        connection.execute("UPDATE FA_SAKSBEHANDLERE SET SBH_PASSIVISERTDATO = NULL WHERE SBH_INITIALER = 'CD'")
    connection.close()

    def broken(*args: object, **kwargs: object) -> None:
        raise FlytcheckError("disk full")

    with monkeypatch.context() as patched:
        patched.setattr(outputs_module.OutputBatch, "commit", broken)
        assert invoke(*scan_args(str(database), "--worklists", str(lists))).code == 2
    assert (lists / "CD.csv").is_file(), "an incomplete night removes nothing"
    assert invoke(*scan_args(str(database), "--worklists", str(lists))).code == 1
    assert not (lists / "CD.csv").exists()


# --- formulas ---------------------------------------------------------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://x\")", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", " =1", "＝1", "=cmd|' /C calc'!A0"]


def test_no_cell_of_any_spreadsheet_can_run_as_a_formula(sandbox: Sandbox) -> None:
    """Formula-like text in every text column that carries data: caseworker, message, personal. (Keys and
    municipality numbers are numbers: a copy holding text there stops the scan, tests/test_typed_columns.py.)"""
    rows = familia_rows()
    database = familia_sqlite(sandbox.source / "familia.sqlite", rows)
    with sqlite3.connect(database) as connection:
        for i, formula in enumerate(FORMULAS):
            connection.execute(
                "INSERT INTO FA_HUSKELAPP (HUS_LOEPENR, KLI_LOEPENR, SBH_INITIALER, HUS_EMNE, HUS_FRIST) "
                "VALUES (?, ?, ?, ?, '2027-06-01')", (1000 + i, 100 + i, formula, formula),
            )
            connection.execute("INSERT INTO FA_KLIENT (KLI_LOEPENR, KOM_KOMMUNENR, SBH_INITIALER) VALUES (?, ?, ?)",
                               (100 + i, 1860, formula))
            connection.execute(
                "INSERT INTO FA_DOKUMENTER (DOK_LOEPENR, ARK_PDFA_STATUS_MESSAGE) VALUES (?, ?)", (1000 + i, formula)
            )
    connection.close()
    baseline = sandbox.out / "night1.json"
    for args in ([], ["--show-personal-data"]):
        assert invoke(*scan_args(str(database), "--output", str(baseline))).code == 1
        run = invoke(*scan_args(str(database), "--csv", str(sandbox.out / "r.csv"), "--worklists",
                                str(sandbox.out / "lists"), "--baseline", str(baseline), *args))
        assert run.code == 1, run.stderr
        sheets = [sandbox.out / "r.csv", *sorted((sandbox.out / "lists").glob("*.csv"))]
        cells = [cell for sheet in sheets for row in _rows(sheet) for cell in row]
        assert len(cells) > 500
        for cell in cells:
            first = cell.lstrip(" ")[:1]
            assert first not in "+-@\t\r\n\uff1d\uff0b\uff0d\uff20" or not first, cell
            if first == "=":
                assert cell.startswith('="') and cell.endswith('"') and cell[2:-1].replace(" ", "").replace(
                    "/", "").replace(".", "").replace(",", "").replace(":", "").replace("-", "").isdigit(), cell
        shown = {c for c in cells if c.startswith("'")}
        # (initials are compared trimmed, as Familia's char columns are: "\t=1" is the caseworker "=1")
        assert {"'" + f.strip() for f in FORMULAS if not f.startswith(" ")} <= shown | {c.strip() for c in cells}, shown


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_synth_into_a_folder_that_does_not_exist_is_made_or_refused_cleanly(sandbox: Sandbox) -> None:
    target = sandbox.out / "missing" / "x.sqlite"
    run = invoke("synth", "--profile", "demo", "--seed", "1", "--out", str(target), "--quiet")
    assert run.exception is None and "internal error" not in run.stderr, run.stderr
    assert run.code == 0 or (run.code == 2 and str(target.parent) in run.stderr)
