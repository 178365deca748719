"""No English word in a bokmål report: the demo's console (with --details), CSV, workbook, HTML, JUnit texts,
trend, `rules` and `explain` read in bokmål, codes (rule ids, Familia's table and column names) aside."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import openpyxl
import pytest
from typer.testing import CliRunner

from flytcheck.cli import app
from test_reports_fixtures import scan

ENGLISH = {  # not "system": "System" is a bokmål word too
    "children", "connections", "contractors", "organisations", "reminders", "records", "archive",
    "synthetic", "blocker", "blockers", "warning", "warnings", "skipped", "disabled", "ready", "findings", "rule",
    "rules", "severity", "source", "unknown", "days", "left", "today", "narrowed", "the", "and", "not", "is", "of",
    "input", "should", "valid", "error", "needs", "fix", "how", "what", "why", "query", "category", "table",
}
CODE = re.compile(r"\b(?:[a-z]+(?:-[a-z0-9]+)+|FA_\w+|[A-Z]{2,}_\w+)\b")
"""Rule ids (`archive-error`) and Familia's names, which are codes in every language."""


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def english_words(text: str) -> set[str]:
    return {word.casefold() for word in re.findall(r"[A-Za-z]+", CODE.sub(" ", text))} & ENGLISH


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("bokmal")
    files = {name: folder / name for name in ("f.csv", "f.xlsx", "r.html", "j.xml")}
    history = str(folder / "h.sqlite")
    scan("--demo", "--history", history, now="2027-04-20T02:00:00+02:00")
    code, console = scan("--demo", "--details", "--csv", str(files["f.csv"]), "--xlsx", str(files["f.xlsx"]),
                         "--html", str(files["r.html"]), "--junit", str(files["j.xml"]), "--history", history)
    assert code == 1, console
    book = openpyxl.load_workbook(files["f.xlsx"])
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    page = _Text()
    page.feed(files["r.html"].read_text(encoding="utf-8"))
    junit = ET.parse(files["j.xml"]).getroot()  # noqa: S314 (our own file, just written)
    junit_texts = [e.text or "" for e in junit.iter()] + [e.get("message", "") for e in junit.iter()]
    runner = CliRunner()
    return {
        "console": console,
        "csv": files["f.csv"].read_text(encoding="utf-8-sig"),
        "xlsx": "\n".join([*book.sheetnames, *cells]),
        "html": " ".join(page.parts),
        "junit": "\n".join(junit_texts),
        "trend": runner.invoke(app, ["trend", history]).output,
        "rules": runner.invoke(app, ["rules"], env={"COLUMNS": "100"}).output,
        "explain": runner.invoke(app, ["explain", "reminder-open"]).output.split("Spørring")[0],
    }


@pytest.mark.parametrize("name", ["console", "csv", "xlsx", "html", "junit", "trend", "rules", "explain"])
def test_a_bokmal_report_has_no_english_word(outputs: dict[str, str], name: str) -> None:
    assert english_words(outputs[name]) == set(), name
