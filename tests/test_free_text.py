"""Free text is not read unless it is shown: without --show-personal-data no query selects a name or free-text
column, so a scan's memory does not depend on their size.

A 200 MB free-text field was read into memory by a scan that would never show it (624 MB RSS; issue 22, point 16).
Now the render step puts NULL of the column's type in place of every name or free-text column a query (or a
derived set) selects as it is (flytcheck.sql.compiler), and a CSV folder does not load such a column at all.
Identity numbers are personal too, but the validators must read them: they are read as before.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlglot import exp, parse_one

from flytcheck.catalogue.loading import load_rulebook
from flytcheck.sources.open import open_source
from flytcheck.sql import familia
from flytcheck.sql.compiler import DIALECTS, IdentityCatalog, Parameters, render
from robustness import Sandbox, assert_completed, familia_csv, familia_sqlite, invoke, sandbox, scan_args, write_folder
from test_reports_fixtures import familia_rows

__all__ = ["sandbox"]

RULEBOOK = load_rulebook()
PARAMS = Parameters(__import__("datetime").date(2027, 5, 22), ("MOR",), ("BRH",))
FREE_TEXT = {column for _, column in familia.FREE_TEXT_COLUMNS}


def _queries() -> list[tuple[str, str]]:
    queries = [(f"{rule.id}#{n}", query.sql)
               for rule in RULEBOOK.rules.values() for n, query in enumerate(rule.queries)]
    return queries + [(f"preview:{name}", item.sql) for name, item in RULEBOOK.sets.preview.items()]


def _selected_free_text(sql: str, dialect: str) -> list[str]:
    """The name and free-text columns a rendered query selects as they are (in any select list, CTEs too)."""
    found = []
    for column in parse_one(sql, read=DIALECTS[dialect]).find_all(exp.Column):
        item: exp.Expression = column.parent if isinstance(column.parent, exp.Alias) else column
        if column.name.upper() in FREE_TEXT and isinstance(item.parent, exp.Select) and item.arg_key == "expressions":
            found.append(column.name)
    return found


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_no_query_selects_free_text_unless_it_is_shown(dialect: str) -> None:
    catalog = IdentityCatalog("dbo" if dialect == "mssql" else None)
    shown: dict[str, list[str]] = {}
    for name, sql in _queries():
        template = RULEBOOK.template(sql, dialect)
        assert _selected_free_text(render(template, dialect, catalog, PARAMS), dialect) == [], name
        if selected := _selected_free_text(render(template, dialect, catalog, PARAMS, free_text=True), dialect):
            shown[name] = selected
    assert {"HUS_EMNE", "ARK_PDFA_STATUS_MESSAGE"} <= {c for columns in shown.values() for c in columns}, shown


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_identity_numbers_are_still_read(dialect: str) -> None:
    catalog = IdentityCatalog("dbo" if dialect == "mssql" else None)
    rendered = " ".join(render(RULEBOOK.template(sql, dialect), dialect, catalog, PARAMS) for _, sql in _queries())
    for _, column in familia.IDENTITY_COLUMNS:
        assert column in rendered


def test_the_findings_do_not_depend_on_showing_personal_data(sandbox: Sandbox) -> None:
    """Free text left out changes what is shown, never what is found (a rule that needs it reads it)."""
    reports = []
    for args in ([], ["--show-personal-data"]):
        run = invoke(*scan_args("--demo", "--format", "json", *args))
        assert_completed(run)
        reports.append(json.loads(run.stdout))
    plain, personal = reports
    assert plain["preview"] == personal["preview"] and plain["rules"] == personal["rules"]
    assert [{k: v for k, v in f.items() if k != "personal"} for f in personal["findings"]] == plain["findings"]
    assert any(f.get("personal", {}).get("emne") for f in personal["findings"])


def test_a_csv_folder_does_not_load_free_text_it_will_not_show(sandbox: Sandbox) -> None:
    folder = write_folder(sandbox.source / "export", familia_csv(familia_rows()))
    needed = {"FA_HUSKELAPP": {"HUS_LOEPENR", "HUS_EMNE", "HUS_FRIST"}}
    with open_source(str(folder)) as source:
        source.prepare(needed, {}, set(), {}, frozenset({("FA_HUSKELAPP", "HUS_EMNE")}))
        columns = source.query('SELECT * FROM "FA_HUSKELAPP"').columns
    assert set(columns) == {"HUS_LOEPENR", "HUS_FRIST"}


PEAK = """
import sys, threading, time
peak = [0]
def anonymous() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("RssAnon:"))
def sample() -> None:
    while True:
        peak[0] = max(peak[0], anonymous())
        time.sleep(0.002)
threading.Thread(target=sample, daemon=True).start()
from flytcheck.cli import main
sys.argv = ["flytcheck", "scan", sys.argv[1], "--format", "json", "--quiet", *sys.argv[2:]]
try:
    main()
except SystemExit:
    pass
time.sleep(0.05)
print(max(peak[0], anonymous()), file=sys.stderr)
"""
"""The peak of the scan's own (anonymous) memory in KiB, sampled. Not the resident size: a file up to 256 MB is
mapped into memory for speed (flytcheck.sources.sqlite), and its pages, which the system may drop at any time,
count as resident when SQLite walks past a long value to a column after it."""
BIG = 100 * 1024 * 1024


def _peak_kib(database: Path, *args: str) -> int:
    result = subprocess.run([sys.executable, "-c", PEAK, str(database), *args], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode in (0, 1), result.stderr
    return int(result.stderr.strip().splitlines()[-1])


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="anonymous memory is read from /proc (Linux)")
def test_the_memory_of_a_scan_does_not_depend_on_the_size_of_free_text(tmp_path: Path) -> None:
    small = familia_sqlite(tmp_path / "small.sqlite", familia_rows())
    big = familia_sqlite(tmp_path / "big.sqlite", familia_rows())
    with sqlite3.connect(big) as connection:
        connection.execute("UPDATE FA_HUSKELAPP SET HUS_EMNE = ? WHERE HUS_LOEPENR = 10", ("æ" * (BIG // 2),))
    connection.close()
    assert _peak_kib(big) - _peak_kib(small) < 30 * 1024, "a 100 MB free text read without being shown"
    assert _peak_kib(big, "--show-personal-data") - _peak_kib(small) > 100 * 1024, "it is read when shown"
