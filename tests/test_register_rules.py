"""What Barnevernsregisteret will reject (category `register`) as the superuser meets it in every output.

A small invented database whose only findings are the seven register rules' (and the info list of a child left
behind): the verdict stays READY and the exit code 0 at the default --fail-on blocker, and 1 under --fail-on
warning; the console and the HTML page show the section right after the verdict, per rule and municipality; the
workbook has its sheet; the JSON names the category; each finding reaches its caseworker's worklist. The rule cases
(rules/cases/) hold each rule to its definition; this module holds what they cannot: the real schema's mixed-case
column names, placeholders whose check digits happen to work out, the 25th birthday for any date, one pass per
table.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from flytcheck.catalogue.loading import load_rulebook
from flytcheck.identity.numbers import classify_person
from flytcheck.reporters.worklists import INDEX
from flytcheck.rulecases import DEFAULT_CUTOVER
from flytcheck.sql.compiler import Parameters
from idgen import make_number
from robustness import familia_sqlite, invoke
from test_reports_fixtures import scan

RULEBOOK = load_rulebook()
REGISTER = sorted(r.id for r in RULEBOOK.rules.values() if r.category == "register")


def personnr(born: date) -> int:
    return int(make_number(born)[6:])


def register_rows() -> dict[str, list[dict[str, Any]]]:
    """Cut-over 22.05.2027 (test_reports_fixtures.scan): every finding a register rule's, but the samlejournal
    (the records are finalised and archived, so the record rules have nothing to say)."""
    twin = personnr(date(2015, 3, 4))
    return {
        "FA_SAKSBEHANDLERE": [{"SBH_INITIALER": "AB"}, {"SBH_INITIALER": "ØK"}],
        "FA_KLIENT": [
            {"KLI_LOEPENR": 1, "KOM_KOMMUNENR": 1860, "SBH_INITIALER": "AB", "KLI_FOEDSELSDATO": "2015-03-04",
             "KLI_PERSONNR": twin},
            {"KLI_LOEPENR": 2, "KOM_KOMMUNENR": 1874, "SBH_INITIALER": "ØK", "KLI_FOEDSELSDATO": "2015-03-04",
             "KLI_PERSONNR": twin},
            {"KLI_LOEPENR": 3, "KOM_KOMMUNENR": 1859, "SBH_INITIALER": "AB", "KLI_FOEDSELSDATO": "2001-05-01",
             "KLI_PERSONNR": personnr(date(2001, 5, 1))},
            {"KLI_LOEPENR": 4, "KOM_KOMMUNENR": 1860, "SBH_INITIALER": "ØK", "KLI_FOEDSELSDATO": "2010-06-01",
             "KLI_PERSONNR": personnr(date(2010, 6, 1)), "KLI_AVSLUTTETDATO": "2027-02-01"},
            {"KLI_LOEPENR": 5, "KOM_KOMMUNENR": 1860, "SBH_INITIALER": "AB", "KLI_AVSLUTTETDATO": "2020-01-01"},
        ],
        "FA_MELDINGER": [
            {"MEL_LOEPENR": 10, "KLI_LOEPENR": 1, "SBH_INITIALER": "AB", "MEL_MOTTATTDATO": "2027-03-05",
             "MEL_AVSLUTTETGJENNOMGANG": "2027-03-01", "MEL_KONKLUSJON": "U", "ARK_MELDING_SYSTEMID": "M-10"},
            {"MEL_LOEPENR": 11, "SBH_INITIALER": "ØK", "MEL_MOTTATTDATO": "2027-03-01",
             "MEL_AVSLUTTETGJENNOMGANG": "2027-03-02", "MEL_KONKLUSJON": "H", "ARK_MELDING_SYSTEMID": "M-11"},
            {"MEL_LOEPENR": 12, "KLI_LOEPENR": 3, "SBH_INITIALER": "AB", "MEL_MOTTATTDATO": "2027-01-01",
             "MEL_AVSLUTTETGJENNOMGANG": "2027-01-05", "MEL_KONKLUSJON": "U", "ARK_MELDING_SYSTEMID": "M-12"},
        ],
        "FA_UNDERSOEKELSER": [
            {"MEL_LOEPENR": 12, "SBH_INITIALER": "ØK", "UND_STARTDATO": "2027-01-05", "UND_FERDIGDATO": "2027-04-01",
             "ARK_DOKSRAPPORT_SYSTEMID": "U-12"},
        ],
        "FA_TILTAKSPLAN": [
            {"TTP_LOEPENR": 30, "KLI_LOEPENR": 4, "SBH_INITIALER": "ØK", "TTP_FRADATO": "2026-01-01",
             "TTP_REGISTRERTDATO": "2026-01-01", "TTP_FERDIGDATO": "2026-01-10", "TTP_SLETTET": 0,
             "ARK_TILTAK_SYSTEMID": "A-1"},
        ],
        "FA_TILTAK": [
            {"TIL_LOEPENR": 40, "KLI_LOEPENR": 4, "SBH_INITIALER": "AB", "TIL_FRADATO": "2026-01-01",
             "TIL_TILDATO": "2027-03-01"},
            {"TIL_LOEPENR": 41, "KLI_LOEPENR": 1, "SBH_INITIALER": "ØK", "TIL_FRADATO": "2027-02-01",
             "TIL_TILDATO": "2027-01-01"},
        ],
        "FA_SAKSJOURNAL": [
            {"SAK_AAR": 2027, "SAK_JOURNALNR": 1, "KLI_LOEPENR": 3, "SBH_INITIALER": "AB",
             "LOV_HOVEDPARAGRAF": "        ", "LOV_JMFPARAGRAF1": "4-12    "},
        ],
        "FA_DBVERSJON": [{"DBV_LOEPENR": 1, "DBV_VERSJON": 9.14, "DBV_DBDATO": "2026-10-01"}],
    }


EXPECTED = {  # (rule, table, key): (municipality, caseworker)
    ("child-duplicate-fnr", "FA_KLIENT", "1"): ("1860", "AB"),
    ("child-duplicate-fnr", "FA_KLIENT", "2"): ("1874", "ØK"),
    ("child-over-25-open", "FA_KLIENT", "3"): ("1859", "AB"),
    ("dates-reversed", "FA_MELDINGER", "10"): ("1860", "AB"),
    ("dates-reversed", "FA_TILTAK", "41"): ("1860", "ØK"),
    ("melding-dismissed-no-reason", "FA_MELDINGER", "11"): ("", "ØK"),
    ("investigation-no-conclusion", "FA_UNDERSOEKELSER", "12"): ("1859", "ØK"),
    ("closed-child-open-measure", "FA_TILTAKSPLAN", "30"): ("1860", "ØK"),
    ("closed-child-open-measure", "FA_TILTAK", "40"): ("1860", "AB"),
    ("decision-no-main-paragraph", "FA_SAKSJOURNAL", "2027/1"): ("1859", "AB"),
}


def database(tmp_path: Path) -> Path:
    path = tmp_path / "familia.sqlite"
    return path if path.exists() else familia_sqlite(path, register_rows())


def json_report(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    out = tmp_path / "report.json"
    code, output = scan(str(database(tmp_path)), "--output", str(out), *args)
    assert code in (0, 1), output
    return code, json.loads(out.read_text(encoding="utf-8"))


def test_the_findings_carry_the_municipality_and_caseworker_through_the_child(tmp_path: Path) -> None:
    _, report = json_report(tmp_path)
    found = {(f["rule"], f["table"], f["key"]): (f["kommune"], f["saksbehandler"])
             for f in report["findings"] if f["rule"] in REGISTER}
    assert found == EXPECTED
    others = {f["rule"] for f in report["findings"] if f["rule"] not in REGISTER}
    assert others == {"child-closed-before-cutover-year"}, "the database must hold register findings only"
    message = next(f["message"] for f in report["findings"] if f["rule"] == "child-duplicate-fnr")
    assert message == "Samme fødselsnummer som løpenummer 2"
    twin = make_number(date(2015, 3, 4))
    assert twin not in json.dumps(report) and twin[:6] + "*****" not in json.dumps(report)  # never the number


def test_warnings_leave_the_verdict_ready_and_count_under_fail_on_warning(tmp_path: Path) -> None:
    code, report = json_report(tmp_path)
    assert (code, report["ready"], report["counts"]) == (0, True, {"blocker": 0, "warning": 10, "info": 1})
    code, report = json_report(tmp_path, "--fail-on", "warning")
    assert (code, report["ready"]) == (1, True)
    assert {r["rule"]: r["category"] for r in report["rules"] if r["category"] == "register"} == dict.fromkeys(
        REGISTER, "register")
    code, report = json_report(tmp_path, "--fail-on", "warning", *(f"--disable={rule}" for rule in REGISTER))
    assert code == 0, "without the register rules nothing is at the warning level"


def _lines(output: str) -> list[str]:
    return [line.rstrip() for line in output.splitlines()]


def test_the_console_shows_the_section_right_after_the_verdict(tmp_path: Path) -> None:
    code, output = scan(str(database(tmp_path)))
    assert code == 0, output
    lines = _lines(output)
    heading = lines.index("Dette vil Barnevernsregisteret avvise (10)")
    assert lines[heading - 2].startswith("0 blokkerende, 10 advarsler")  # the verdict, a blank line, the section
    assert heading < next(i for i, line in enumerate(lines) if line.startswith("Migreringsforhåndsvisning"))
    header = next(i for i in range(heading, len(lines)) if lines[i].strip().startswith("Regel"))
    assert lines[header - 1].split() == ["1859", "1860", "1874", "ukjent"]  # municipalities, then "no municipality"
    rows = {line.split()[0]: line.split()[1:] for line in lines[header + 2: header + 9]}
    assert rows == {
        "child-duplicate-fnr": ["0", "1", "1", "0", "2"],
        "child-over-25-open": ["1", "0", "0", "0", "1"],
        "closed-child-open-measure": ["0", "2", "0", "0", "2"],
        "dates-reversed": ["0", "2", "0", "0", "2"],
        "decision-no-main-paragraph": ["1", "0", "0", "0", "1"],
        "investigation-no-conclusion": ["1", "0", "0", "0", "1"],
        "melding-dismissed-no-reason": ["0", "0", "0", "1", "1"],
    }
    english = _lines(scan(str(database(tmp_path)), "--lang", "en")[1])
    assert "What the national register will reject (10)" in english


def test_the_section_is_left_out_when_only_other_rules_are_reported(tmp_path: Path) -> None:
    _, output = scan(str(database(tmp_path)), "--only", "children")
    assert "Dette vil Barnevernsregisteret avvise" not in output  # (a narrowed run names it as left out)
    _, output = scan(str(database(tmp_path)), "--only", "register")
    assert "Dette vil Barnevernsregisteret avvise (10)" in output
    assert "child-closed-before-cutover-year" not in output


def test_the_html_page_shows_the_section_after_the_verdict_with_titles(tmp_path: Path) -> None:
    page = tmp_path / "rapport.html"
    code, output = scan(str(database(tmp_path)), "--html", str(page))
    assert code == 0, output
    html = page.read_text(encoding="utf-8")
    verdict, section, preview = (html.index(m) for m in ('id="verdict"', 'id="register"', "Migreringsforhåndsvisning"))
    assert verdict < section < preview
    part = html[section:preview]
    assert "<h2>Dette vil Barnevernsregisteret avvise (10)</h2>" in part
    assert "<th>1859 Flakstad</th><th>1860 Vestvågøy</th><th>1874 Moskenes</th><th>ukjent kommune</th>" in part
    row = re.search(r'<tr><td class="code">dates-reversed</td><td class="title">Sluttdato før startdato</td>(.*?)</tr>',
                    part)
    assert row and re.findall(r">(\d+)<", row.group(1)) == ["0", "2", "0", "0", "2"]


def test_the_workbook_has_a_register_sheet(tmp_path: Path) -> None:
    book_path = tmp_path / "funn.xlsx"
    assert scan(str(database(tmp_path)), "--xlsx", str(book_path))[0] == 0
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames[-1] == "Barnevernsregisteret"
    rows = list(book["Barnevernsregisteret"].iter_rows(min_row=2, values_only=True))
    assert sorted((r[0], r[3]) for r in rows) == sorted((rule, table) for rule, table, _ in EXPECTED)
    assert {r[1] for r in rows} == {"Barnevernsregisteret"}  # the category by its name
    english = tmp_path / "en.xlsx"
    assert scan(str(database(tmp_path)), "--xlsx", str(english), "--lang", "en")[0] == 0
    assert openpyxl.load_workbook(english).sheetnames[-1] == "National register"


def test_each_finding_reaches_its_caseworkers_worklist(tmp_path: Path) -> None:
    folder = tmp_path / "lister"
    assert scan(str(database(tmp_path)), "--worklists", str(folder))[0] == 0
    listed: dict[tuple[str, str, str], str] = {}
    for path in folder.glob("*.csv"):
        if path.name == INDEX:  # the index of the lists, not a list
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle, delimiter=";"):
                if row["Kategori"] == "Barnevernsregisteret":
                    key = row["Løpenummer"].removeprefix("'")
                    listed[(row["Regel"], row["Tabell"], key)] = path.stem
    assert listed == {identity: caseworker for identity, (_, caseworker) in EXPECTED.items()}


def test_the_real_schemas_mixed_case_paragraph_columns_are_found(tmp_path: Path) -> None:
    """Familia spells them LOV_hovedPARAGRAF and LOV_jmfPARAGRAF1: names match whatever their case."""
    path = database(tmp_path)
    with sqlite3.connect(path) as connection:
        for old, new in (("LOV_HOVEDPARAGRAF", "LOV_hovedPARAGRAF"), ("LOV_JMFPARAGRAF1", "LOV_jmfPARAGRAF1"),
                         ("LOV_JMFPARAGRAF2", "LOV_jmfPARAGRAF2")):
            connection.execute(f'ALTER TABLE "FA_SAKSJOURNAL" RENAME COLUMN "{old}" TO "{new}"')
    columns = [row[1] for row in sqlite3.connect(path).execute('PRAGMA table_info("FA_SAKSJOURNAL")')]
    assert "LOV_hovedPARAGRAF" in columns and "LOV_HOVEDPARAGRAF" not in columns
    out = tmp_path / "r.json"
    code, output = scan(str(path), "--output", str(out), "--only", "decision-no-main-paragraph")
    assert code == 0, output
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert [(f["key"], f["message"]) for f in findings] == [("2027/1", "Vedtak med jf. 4-12 mangler hovedparagraf")]


def _placeholder_births(personnr: int) -> list[date]:
    """Birth dates that make ddmmyy + the placeholder a number with valid check digits (found, never written)."""
    found, day = [], date(2000, 1, 1) if personnr == 99999 else date(1950, 1, 1)
    while len(found) < 1 and day < date(2026, 1, 1):
        if classify_person(f"{day:%d%m%y}{personnr:05d}", DEFAULT_CUTOVER).valid:
            found.append(day)
        day += timedelta(days=1)
    return found


def test_placeholders_whose_check_digits_work_out_are_still_not_the_same_child(tmp_path: Path) -> None:
    children = []
    for personnr in (99999, 100, 200):
        births = _placeholder_births(personnr)
        assert births, f"no birth date gives {personnr:05d} valid check digits: the test proves nothing"
        for _ in range(2):
            children.append({"KLI_LOEPENR": len(children) + 1, "KLI_FOEDSELSDATO": births[0].isoformat(),
                             "KLI_PERSONNR": personnr, "SBH_INITIALER": "AB"})
    path = familia_sqlite(tmp_path / "placeholders.sqlite", {"FA_KLIENT": children})
    out = tmp_path / "r.json"
    code, output = scan(str(path), "--output", str(out), "--only", "child-duplicate-fnr")
    assert code == 0, output
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert not [f for f in findings if f["rule"] == "child-duplicate-fnr"]


def _turns_25(born: date) -> date:
    try:
        return born.replace(year=born.year + 25)
    except ValueError:  # 29 February: the birthday is 1 March in a year without one
        return date(born.year + 25, 3, 1)


@given(st.dates(date(1950, 1, 1), date(2070, 12, 31)), st.dates(date(1920, 1, 1), date(2045, 12, 31)))
def test_born_before_the_parameter_means_25_on_the_cutover_day(cutover: date, born: date) -> None:
    params = Parameters(cutover, (), ())
    assert (born < params.age_25_born_before) == (_turns_25(born) <= cutover)


def test_the_register_rules_read_each_table_once() -> None:
    """Rules that share a table share one query (the engine runs each distinct query text once)."""
    per_table: dict[str, set[str]] = {}
    for rule_id in REGISTER:
        for query in RULEBOOK.rules[rule_id].queries:
            if query.table != "FA_KLIENT":  # the two child rules ask different things of a small table
                per_table.setdefault(query.table, set()).add(query.sql)
    assert {table: len(texts) for table, texts in per_table.items()} == {
        "FA_MELDINGER": 1, "FA_UNDERSOEKELSER": 1, "FA_TILTAKSPLAN": 1, "FA_TILTAK": 1, "FA_SAKSJOURNAL": 1,
    }


def test_requirements_and_grants_name_the_register_tables() -> None:
    run = invoke("requirements")
    assert run.code == 0, run.stderr
    lines = dict(line.split(": ", 1) for line in run.stdout.splitlines())
    assert set(lines["FA_TILTAK"].split(", ")) == {"KLI_LOEPENR", "SBH_INITIALER", "TIL_FRADATO", "TIL_LOEPENR",
                                                   "TIL_TILDATO"}
    assert set(lines["FA_SAKSJOURNAL"].split(", ")) == {
        "KLI_LOEPENR", "LOV_HOVEDPARAGRAF", "LOV_JMFPARAGRAF1", "LOV_JMFPARAGRAF2", "SAK_AAR", "SAK_JOURNALNR",
        "SBH_INITIALER"}
    for table, column in (("FA_MELDINGER", "MEL_HENLAGT_TIL_ANNEN_BV"), ("FA_MELDINGER", "MEL_KONKLUSJON"),
                          ("FA_UNDERSOEKELSER", "UND_KONKLUSJON"), ("FA_TILTAKSPLAN", "TTP_TILDATO")):
        assert column in lines[table].split(", "), (table, column)
    grants = invoke("requirements", "--grants", "flytcheck_reader").stdout
    assert "[LOV_HOVEDPARAGRAF]" in grants and "ON [dbo].[FA_SAKSJOURNAL] TO [flytcheck_reader];" in grants
    assert "ON [dbo].[FA_TILTAK] TO [flytcheck_reader];" in grants


MIRRORS = {  # rule: the control it mirrors, as its `why` names it (docs/criteria.md, the register rules)
    "child-duplicate-fnr": ("SSB", "Individ 04"),
    "child-over-25-open": ("SSB", "Individ 07"),
    "dates-reversed": ("SSB", "02a"),
    "closed-child-open-measure": ("SSB", "02d"),
    "investigation-no-conclusion": ("SSB", "Undersøkelse 04"),
    "melding-dismissed-no-reason": ("Oslo", "oslohel/uttrekk"),
    "decision-no-main-paragraph": ("Oslo", "oslohel/uttrekk"),
}


def test_each_register_rule_is_a_warning_whose_why_names_the_control_it_mirrors() -> None:
    assert sorted(MIRRORS) == REGISTER
    for rule_id, names in MIRRORS.items():
        rule = RULEBOOK.rules[rule_id]
        assert rule.severity.value == "warning", rule_id
        for lang in ("nb", "en"):
            assert all(name in rule.why.get(lang) for name in names), (rule_id, lang)
