"""Golden files for every output format: two nights of a scan with a baseline and a history, then `trend`.

Scenarios: `fixture` (the small invented database of test_reports_fixtures, changed between the nights) and
`demo` (the synthetic demo shipped with flytcheck). Width, colour, scan times and the cut-over date are pinned. The
console report is kept at 60, 80 (the width of a redirected nightly log) and 120 columns too, with and without
--details (the demo's --details at 80 only: its findings fill thousands of lines).
Regenerate with `pytest --update-golden` and review the diff.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flytcheck.cli import app
from flytcheck.sources.open import demo_folder
from test_reports_fixtures import build_familia, scan

GOLDEN = Path(__file__).parent / "golden"
FIRST_NIGHT = "2027-04-24T02:00:00+02:00"


def _fixture_source(folder: Path) -> tuple[list[str], Callable[[], None]]:
    build_familia(folder / "familia.sqlite")

    def overnight() -> None:
        # Two reminders are done and a new one appears: two fixed and one new finding on the second night.
        with sqlite3.connect(folder / "familia.sqlite") as connection:
            connection.execute(
                'UPDATE "FA_HUSKELAPP" SET "HUS_OPPFYLTDATO" = \'2027-04-30\' WHERE "HUS_LOEPENR" IN (10, 13)'
            )
            connection.execute(
                'INSERT INTO "FA_HUSKELAPP" ("HUS_LOEPENR", "KLI_LOEPENR", "SBH_INITIALER", "HUS_FRIST") '
                "VALUES (15, 2, 'ØK', '2027-05-15')"
            )

    return ["familia.sqlite"], overnight


def _demo_source(folder: Path) -> tuple[list[str], Callable[[], None]]:
    if not demo_folder().is_dir():
        pytest.fail(f"the demo database is missing from {demo_folder()}")
    return ["--demo"], lambda: None


SCENARIOS = {"fixture": _fixture_source, "demo": _demo_source}
WIDTHS = (60, 80, 120)
DETAILS = {"fixture": WIDTHS, "demo": (80,)}


def _check(name: str, produced: dict[str, bytes], update: bool) -> None:
    folder = GOLDEN / name
    if update:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.rglob("*"):
            if stale.is_file() and stale.relative_to(folder).as_posix() not in produced:
                stale.unlink()
        for relative, content in produced.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(content)
        return
    expected = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert expected, f"no golden files in {folder}: run pytest --update-golden"
    assert sorted(produced) == sorted(expected), "the set of output files changed"
    for relative, content in produced.items():
        golden = (folder / relative).read_bytes()
        assert content == golden, f"{name}/{relative} differs from its golden file (pytest --update-golden)"


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_format_matches_its_golden_file(
    scenario: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    source, overnight = SCENARIOS[scenario](tmp_path)
    code, _ = scan(*source, "--history", "history.sqlite", "--output", "night1.json", now=FIRST_NIGHT)
    assert code in (0, 1)
    overnight()
    code, console = scan(
        *source, "--details", "--baseline", "night1.json", "--history", "history.sqlite",
        "--output", "out/report.json", "--csv", "out/findings.csv", "--worklists", "out/worklists",
        "--junit", "out/junit.xml", "--html", "out/report.html",
    )
    assert code in (0, 1), console
    trend = CliRunner().invoke(app, ["trend", "history.sqlite", "--chart", "out/trend.svg"])
    assert trend.exit_code == 0, trend.output
    produced = {p.relative_to(tmp_path / "out").as_posix(): p.read_bytes() for p in (tmp_path / "out").rglob("*")
                if p.is_file()}
    produced["console.txt"] = console.encode()
    produced["trend.txt"] = trend.output.encode()
    for width in WIDTHS:  # the second night again, at each width: with the baseline, not appended to the history
        for details in ((), ("--details",)) if width in DETAILS[scenario] else ((),):
            code, text = scan(*source, *details, "--baseline", "night1.json", width=width)
            assert code in (0, 1), text
            produced[f"console{'-details' if details else ''}-{width}.txt"] = text.encode()
    _check(scenario, produced, update_golden)
