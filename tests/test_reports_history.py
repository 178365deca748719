"""`--history FILE` and `flytcheck trend`: one summary per night in a private SQLite file of our own, drawn towards
the cut-over with the daily rate needed to reach zero blockers."""

from __future__ import annotations

import os
import sqlite3
import sys
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flytcheck.cli import app
from flytcheck.model import Run
from flytcheck.tracking import trend_chart
from flytcheck.tracking.history import read_runs
from robustness import is_private
from test_reports_fixtures import build_familia, familia_db, familia_rows, scan

__all__ = ["familia_db"]

runner = CliRunner()


def trend(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["trend", *args])
    return result.exit_code, result.output


def test_each_run_is_appended_to_a_private_history(familia_db: Path, tmp_path: Path) -> None:
    history = tmp_path / "nightly" / "history.sqlite"
    assert scan(str(familia_db), "--history", str(history), now="2027-04-30T02:00:00+02:00")[0] == 1
    assert is_private(history)
    assert scan(str(familia_db), "--history", str(history), "--only", "archive")[0] == 1
    runs = read_runs(history)
    assert [(r.scanned_at.isoformat(), r.blockers, r.warnings, r.infos, r.ready, r.scope.key) for r in runs] == [
        ("2027-04-30T02:00:00+02:00", 10, 4, 2, False, ""),
        ("2027-05-01T08:00:00+02:00", 4, 0, 0, False, "only=archive"),  # the scope of each run is recorded
    ]
    assert runs[0].source.endswith("familia.sqlite") and runs[0].cutover == date(2027, 5, 22)
    with sqlite3.connect(history) as connection:
        per_rule = dict(connection.execute("SELECT rule, findings FROM run_rules WHERE run_id = 1").fetchall())
        columns = {row[1] for row in connection.execute("PRAGMA table_info(runs)")}
    assert per_rule["reminder-open"] == 4 and per_rule["archive-error"] == 3
    assert "message" not in columns and "key" not in columns  # a summary: no finding, no identity


def test_the_history_refuses_a_file_that_is_not_ours(familia_db: Path, tmp_path: Path) -> None:
    other = build_familia(tmp_path / "copy.sqlite")
    code, output = scan(str(familia_db), "--history", str(other))
    assert code == 2 and "ikke en historikkfil fra flytcheck" in output
    code, output = scan(str(familia_db), "--history", str(familia_db))
    assert code == 2 and "er kilden; flytcheck skriver aldri til det den skanner" in output
    text = tmp_path / "notes.txt"
    text.write_text("not sqlite at all, but long enough to have a header" * 20)
    code, output = scan(str(familia_db), "--history", str(text))
    assert code == 2 and "ikke en historikkfil fra flytcheck" in output


def _nights(tmp_path: Path) -> Path:
    history = tmp_path / "history.sqlite"
    rows = familia_rows()
    for day, done in (("2027-04-21", set()), ("2027-04-26", {10, 11}), ("2027-05-01", {10, 11, 13})):
        rows["FA_HUSKELAPP"] = [h for h in familia_rows()["FA_HUSKELAPP"] if h["HUS_LOEPENR"] not in done]
        database = build_familia(tmp_path / f"{day}.sqlite", rows)
        assert scan(str(database), "--history", str(history), now=f"{day}T02:00:00+02:00")[0] == 1
    return history


def test_trend_shows_each_run_and_the_rate_needed(tmp_path: Path) -> None:
    history = _nights(tmp_path)
    code, output = trend(str(history), "--lang", "en")
    assert code == 0
    lines = output.splitlines()
    assert lines[0] == "Scope: every rule (runs without --only)." and lines[2] == "Blockers and warnings per run"
    assert [line.split()[:4] for line in lines[5:8]] == [
        ["21.04.2027", "02:00", "10", "4"], ["26.04.2027", "02:00", "8", "4"], ["01.05.2027", "02:00", "7", "4"],
    ]
    assert "7 blockers left and 21 days to the cut-over 22.05.2027: fix 0.3 a day to reach zero." in output
    assert "Pace so far: 0.3 fewer blockers a day." in output
    code, output = trend(str(history), "--cutover", "2027-05-04")
    assert "7 blokkerende igjen og 3 dager til overgangen 04.05.2027: 2,3 må rettes per dag" in output


def test_trend_draws_svg_and_png_charts(tmp_path: Path) -> None:
    history = _nights(tmp_path)
    svg = tmp_path / "trend.svg"
    code, output = trend(str(history), "--chart", str(svg))
    assert code == 0 and f"Diagram skrevet til {svg}" in output
    assert is_private(svg)
    root = ET.fromstring(svg.read_text(encoding="utf-8"))  # noqa: S314 (our own file, just written)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(root.findall("{http://www.w3.org/2000/svg}polyline")) == 2
    if os.environ.get("CI") is None:
        pytest.importorskip("matplotlib")
    png = tmp_path / "trend.png"
    assert trend(str(history), "--chart", str(png))[0] == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_trend_never_mixes_a_narrowed_run_with_the_full_ones(familia_db: Path, tmp_path: Path) -> None:
    history = tmp_path / "h.jsonl"  # any name: the history is SQLite whatever it is called
    for day, args in (("2027-04-28", ()), ("2027-04-29", ("--only", "arkiv")), ("2027-04-30", ()),
                      ("2027-05-01", ("--only", "archive"))):
        assert scan(str(familia_db), "--history", str(history), *args, now=f"{day}T02:00:00+02:00")[0] == 1
    assert history.read_bytes()[:16] == b"SQLite format 3\x00"
    code, output = trend(str(history))
    assert code == 0, output
    assert output.startswith("Omfang: alle reglene (kjøringer uten --only).\n"
                             "2 kjøring(er) med et annet omfang er ikke med (velg med --only).\n")
    dates = [line.split()[0] for line in output.splitlines() if line[:2].isdigit() and line[2] == "."]
    assert dates == ["28.04.2027", "30.04.2027"] and "10 blokkerende igjen" in output
    code, output = trend(str(history), "--only", "Arkiv", "--lang", "en")
    assert code == 0 and output.startswith("Scope: only Archive (narrowed runs).")
    dates = [line.split()[0] for line in output.splitlines() if line[:2].isdigit() and line[2] == "."]
    assert dates == ["29.04.2027", "01.05.2027"] and "4 blockers left" in output
    code, output = trend(str(history), "--only", "reminders")
    assert code == 2 and "historikken har ingen kjøringer med --only reminders" in output
    assert "omfanget til kjøringene i den: full; only=archive" in output
    page = tmp_path / "r.html"
    assert scan(str(familia_db), "--history", str(history), "--only", "archive", "--html", str(page))[0] == 1
    assert page.read_text(encoding="utf-8").count("<circle") == 2 * 3  # three archive runs, the full ones left out


def test_on_the_cut_over_day_trend_and_scan_both_say_today(familia_db: Path, tmp_path: Path) -> None:
    history = tmp_path / "history.sqlite"
    code, console = scan(str(familia_db), "--history", str(history), now="2027-05-22T02:00:00+02:00")
    assert code == 1 and "Overgangsdato: 22.05.2027 (i dag)" in console
    code, output = trend(str(history))
    assert "Overgangsdatoen 22.05.2027 er i dag (0 dager igjen), og 10 blokkerende gjenstår." in output
    assert "passert" not in output
    late = trend_chart.outlook([_run("2027-05-23", 4)])
    assert trend_chart.outlook_lines(late, "nb") == [
        "Overgangsdatoen 22.05.2027 er passert, og 4 blokkerende gjenstår."]


def test_the_legend_lists_only_what_is_drawn() -> None:
    needed = trend_chart.svg([_run("2027-05-01", 5), _run("2027-05-02", 4)], None, "nb")
    done = trend_chart.svg([_run("2027-05-01", 5), _run("2027-05-02", 0)], None, "nb")
    late = trend_chart.svg([_run("2027-05-23", 4)], None, "nb")
    assert 'class="needed"' in needed and "Nødvendig takt" in needed
    for drawing in (done, late):
        assert 'class="needed"' not in drawing and "Nødvendig takt" not in drawing


def test_a_png_without_matplotlib_stops_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = _nights(tmp_path)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    png = tmp_path / "trend.png"
    code, output = trend(str(history), "--chart", str(png))
    assert code == 2 and not png.exists()
    assert output.startswith("flytcheck: feil: --chart: å tegne PNG krever matplotlib, som ikke er installert")
    assert "Blokkerende og advarsler" not in output  # not a line of the table before the error


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.sqlite"], "missing.sqlite: fant ikke historikkfilen"),
        (["missing.sqlite", "--lang", "en"], "missing.sqlite: history file not found"),
        (["history.sqlite", "--chart", "trend.pdf"], "--chart: trend.pdf må slutte på .svg eller .png"),
        (["history.sqlite", "--lang", "sv"], "--lang: 'sv' er ikke en av nb, en"),
    ],
)
def test_trend_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = trend(*args)
    assert code == 2 and message in output


def _run(day: str, blockers: int) -> Run:
    return Run(datetime.fromisoformat(f"{day}T02:00:00+02:00"), "x", date(2027, 5, 22), blockers, 3, 0, not blockers)


def test_the_outlook_when_done_or_too_late() -> None:
    done = trend_chart.outlook([_run("2027-05-01", 5), _run("2027-05-11", 0)])
    assert done.needed_per_day is None and done.pace_per_day == 0.5
    assert trend_chart.outlook_lines(done, "en")[0] == "No blockers left: ready for the cut-over 22.05.2027."
    late = trend_chart.outlook([_run("2027-05-23", 4)])
    assert trend_chart.outlook_lines(late, "en") == ["The cut-over date 22.05.2027 has passed, and 4 blockers remain."]
    assert "<svg" in trend_chart.svg([_run("2027-05-23", 4)], None, "nb")  # a single run past the date still draws
