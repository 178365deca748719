"""`--worklists DIR`: a spreadsheet per caseworker, one for findings nobody owns, one for archive staff, and the
samlejournal list of children left behind; private files, and no stale list left from an earlier night."""

from __future__ import annotations

import csv
from pathlib import Path

from flytcheck.reporters.worklists import INDEX, MANIFEST
from robustness import is_private
from test_reports_fixtures import build_familia, familia_db, familia_rows, scan

__all__ = ["familia_db"]


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_each_reader_gets_their_own_list(familia_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "lister"
    code, _ = scan(str(familia_db), "--worklists", str(folder))
    assert code == 1
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([MANIFEST, INDEX, "AB.csv", "CD.csv", "ØK.csv", "arkiv.csv", "samlejournal.csv",
                            "uten-saksbehandler.csv"])
    assert all(is_private(p) for p in folder.iterdir())
    assert is_private(folder)
    ab = rows(folder / "AB.csv")
    assert {r["Saksbehandler"] for r in ab} == {"AB"}
    assert {r["Regel"] for r in ab} == {"reminder-open", "record-not-finalised", "connection-invalid-id"}
    archive = rows(folder / "arkiv.csv")
    assert {r["Regel"] for r in archive} == {"archive-error", "record-not-archived"}
    assert {r["Saksbehandler"] for r in archive} == {"", "AB", "ØK"}  # archive staff get them whoever owns them
    samlejournal = rows(folder / "samlejournal.csv")
    assert [(r["Regel"], r["Løpenummer"]) for r in samlejournal] == [
        ("child-closed-before-cutover-year", "4"), ("child-closed-before-cutover-year", "5"),
    ]
    nobody = rows(folder / "uten-saksbehandler.csv")
    assert nobody and {r["Saksbehandler"] for r in nobody} == {""}
    lists = [f for f in folder.glob("*.csv") if f.name != INDEX]
    listed = {r["Tabell"] + ":" + r["Løpenummer"] + r["Regel"] for f in lists for r in rows(f)}
    assert len(listed) == sum(len(rows(f)) for f in lists)  # no finding on two lists


def test_a_caseworker_with_nothing_left_loses_the_list_but_other_files_stay(tmp_path: Path) -> None:
    folder = tmp_path / "lister"
    database = build_familia(tmp_path / "night1.sqlite")
    assert scan(str(database), "--worklists", str(folder))[0] == 1
    (folder / "notes.csv").write_text("mine")
    data = familia_rows()
    data["FA_KLIENT"] = [k for k in data["FA_KLIENT"] if k.get("SBH_INITIALER") != "CD"]
    data["FA_HUSKELAPP"] = [h for h in data["FA_HUSKELAPP"] if h.get("KLI_LOEPENR") != 3]
    data["FA_POSTJOURNAL"] = []
    database = build_familia(tmp_path / "night2.sqlite", data)
    assert scan(str(database), "--worklists", str(folder))[0] == 1
    assert not (folder / "CD.csv").exists()
    assert (folder / "notes.csv").read_text() == "mine"  # not ours: never removed
    assert (folder / "AB.csv").exists()


def test_a_file_where_the_folder_should_be_is_a_clear_error(familia_db: Path, tmp_path: Path) -> None:
    (tmp_path / "lister").write_text("")
    code, output = scan(str(familia_db), "--worklists", str(tmp_path / "lister"))
    assert code == 2
    assert "trenger en egen mappe" in output
