"""Privacy across every output: without --show-personal-data, nothing a scan writes or prints holds an identity
number, free text or a name from the data; with it, the numbers and free text appear (so this test can fail).

The demo is scanned through every output format and option (console, --details, json, --output, --csv, --xlsx,
--worklists as CSV and xlsx, --junit, --html, --history and `flytcheck trend`, --baseline, --lang en, --only),
broken copies of it are scanned for their error messages, and every output file (a workbook unzipped), stdout
and stderr is searched for
- any 11-digit number that passes the fødselsnummer checksum (both check digits, any month: Tenor's + 80 too),
- every HUS_EMNE and ARK_PDFA_STATUS_MESSAGE value in the demo CSV files, and the caseworkers' names.
"""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from flytcheck.sources.open import demo_folder
from robustness import Run, Sandbox, identity_numbers, invoke, sandbox, scan_args

__all__ = ["sandbox"]


def demo_values(table: str, column: str) -> set[str]:
    """The column's values in the demo, as an output would show them (char(n) padding trimmed)."""
    with (demo_folder() / f"{table}.csv").open(encoding="cp1252", newline="") as handle:
        values = {row[column].strip() for row in csv.DictReader(handle, delimiter=";")}
    return values - {"", "NULL"}


def shows(value: str, text: str) -> bool:
    """Whether `text` holds the free-text `value` as words of its own (a subject 'Avslutt sak' is not in the rule
    text 'Avslutt saken i Familia')."""
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text) is not None


FREE_TEXT = (
    demo_values("FA_HUSKELAPP", "HUS_EMNE") | demo_values("FA_DOKUMENTER", "ARK_PDFA_STATUS_MESSAGE")
    | demo_values("FA_JOURNAL", "JOU_OPPFOELGING") | demo_values("FA_POSTJOURNAL", "POS_OPPFOELGING")
)
NAMES = {
    name
    for row in csv.DictReader((demo_folder() / "FA_SAKSBEHANDLERE.csv").open(encoding="cp1252"), delimiter=";")
    for name in (f"{row['SBH_FORNAVN']} {row['SBH_ETTERNAVN']}", row["SBH_ETTERNAVN"])
    if len(name) > 4
}
DEMO_NUMBERS = set().union(*(identity_numbers(p.read_text(encoding="cp1252")) for p in demo_folder().glob("*.csv")))


def readable(path: Path) -> str:
    """A file's text; a workbook's is every part of it unzipped (the cells, the sheet names, the properties)."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return path.read_bytes().decode("utf-8", "replace")


class Outputs:
    """Everything the runs of one test printed and wrote, by where it came from."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.texts: dict[str, str] = {}

    def run(self, label: str, *args: str, expect: tuple[int, ...] = (0, 1)) -> Run:
        run = invoke(*args)
        assert run.exception is None and run.code in expect, (label, run.code, run.stderr)
        self.texts[f"{label}: stdout"] = run.stdout
        self.texts[f"{label}: stderr"] = run.stderr
        return run

    def collect_files(self) -> None:
        for path in sorted(self.sandbox.out.rglob("*")):
            if path.is_file():
                self.texts[str(path.relative_to(self.sandbox.out))] = readable(path)

    def leaks(self) -> list[str]:
        found = []
        for where, text in self.texts.items():
            found += [f"{where}: identity number {n[:6]}*****" for n in sorted(identity_numbers(text))]
            found += [f"{where}: free text {t!r}" for t in sorted(FREE_TEXT) if shows(t, text)]
            found += [f"{where}: name {n!r}" for n in sorted(NAMES) if n in text]
        return found


def every_output(sandbox: Sandbox, folder: str, *args: str) -> list[str]:
    out = sandbox.out / folder
    return ["--output", str(out / "r.json"), "--csv", str(out / "r.csv"), "--worklists", str(out / "lists"),
            "--junit", str(out / "r.xml"), "--html", str(out / "r.html"), "--xlsx", str(out / "r.xlsx"), *args]


def test_the_demo_has_what_this_test_looks_for() -> None:
    assert len(DEMO_NUMBERS) > 500 and len(FREE_TEXT) > 30 and len(NAMES) > 10


def test_no_output_shows_personal_data_unless_asked(sandbox: Sandbox) -> None:
    outputs = Outputs(sandbox)
    history = str(sandbox.out / "history.sqlite")
    outputs.run("night 1", *scan_args("--demo", "--details", *every_output(sandbox, "1"), "--history", history))
    outputs.run("night 2", *scan_args(
        "--demo", "--format", "json", "--lang", "en", *every_output(sandbox, "2"), "--history", history,
        "--baseline", str(sandbox.out / "1" / "r.json"),
    ))
    outputs.run("console en", *scan_args("--demo", "--details", "--lang", "en", "--baseline",
                                         str(sandbox.out / "1" / "r.json")))
    outputs.run("only", *scan_args("--demo", "--details", "--only", "reminders", "--only", "archive",
                                   *every_output(sandbox, "only")))
    outputs.run("xlsx lists", *scan_args("--demo", "--worklists", str(sandbox.out / "xlsx-lists"),
                                         "--worklist-format", "xlsx", "--lang", "en"))
    outputs.run("trend", "trend", history, "--chart", str(sandbox.out / "trend.svg"))
    outputs.run("trend en", "trend", history, "--lang", "en")
    outputs.collect_files()
    assert len(outputs.texts) > 80, sorted(outputs.texts)
    assert len([w for w in outputs.texts if w.endswith(".xlsx")]) > 20  # every format of every run was searched
    print(f"\nprivacy: searched {len(outputs.texts)} outputs, {sum(map(len, outputs.texts.values()))} characters")
    assert outputs.leaks() == []


def test_personal_data_appears_with_show_personal_data_but_never_in_ci_files(sandbox: Sandbox) -> None:
    outputs = Outputs(sandbox)
    outputs.run("personal", *scan_args("--demo", "--details", "--show-personal-data",
                                       *every_output(sandbox, "p", "--history", str(sandbox.out / "h.sqlite"))))
    outputs.run("personal lists", *scan_args("--demo", "--show-personal-data", "--worklists",
                                             str(sandbox.out / "p" / "xlsx-lists"), "--worklist-format", "xlsx"))
    outputs.collect_files()
    assert "--show-personal-data" in outputs.texts["personal: stdout"]  # the console says so (and shows none)
    for where in ("p/r.json", "p/r.csv", "p/r.html", "p/r.xlsx"):
        text = outputs.texts[where]
        assert identity_numbers(text) & DEMO_NUMBERS, f"{where} shows no identity number"
        assert any(t in text for t in demo_values("FA_HUSKELAPP", "HUS_EMNE")), f"{where} shows no reminder text"
        assert any(t in text for t in demo_values("FA_DOKUMENTER", "ARK_PDFA_STATUS_MESSAGE")), where
        assert any(t in text for t in demo_values("FA_JOURNAL", "JOU_OPPFOELGING")), f"{where} shows no follow-up"
    assert any(identity_numbers(t) for w, t in outputs.texts.items() if w.startswith("p/lists/"))
    assert any(identity_numbers(t) for w, t in outputs.texts.items() if w.startswith("p/xlsx-lists/"))
    for where in ("p/r.xml", "h.sqlite"):  # CI logs and the history: never, whatever was asked
        assert not identity_numbers(outputs.texts[where])
        assert not [t for t in FREE_TEXT if shows(t, outputs.texts[where])]


def broken_demo(sandbox: Sandbox, table: str, line: int, column: str, value: str) -> Path:
    """A copy of the demo with `value` in `column` of `line` of `table`'s file."""
    copy = sandbox.source / "demo"
    if not copy.exists():
        shutil.copytree(demo_folder(), copy)
    path = copy / f"{table}.csv"
    lines = path.read_bytes().decode("cp1252").split("\r\n")
    header = lines[0].split(";")
    fields = lines[line - 1].split(";")
    fields[header.index(column)] = value
    lines[line - 1] = ";".join(fields)
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return copy


BROKEN = {
    # A number from the data in a date column, in a number column, in a flag column; free text in a key column.
    "number-in-a-date-column": ("FA_KLIENT", 10, "KLI_FOEDSELSDATO", "number", "KLI_FOEDSELSDATO: not a valid date"),
    "number-in-a-key-column": ("FA_HUSKELAPP", 20, "KLI_LOEPENR", "number+x", "KLI_LOEPENR: not a whole number"),
    "number-in-a-flag-column": ("FA_JOURNAL", 30, "JOU_SLETTET", "number", "JOU_SLETTET: not a flag"),
    "free-text-in-a-key-column": ("FA_HUSKELAPP", 40, "HUS_LOEPENR", "text", "HUS_LOEPENR: not a whole number"),
    "free-text-in-a-date-column": ("FA_DOKUMENTER", 50, "DOK_UTSJEKKET_DATO", "text", "not a valid date"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_an_error_about_a_bad_value_says_where_it_is_not_what_it_is(name: str, sandbox: Sandbox) -> None:
    table, line, column, kind, message = BROKEN[name]
    number = sorted(DEMO_NUMBERS)[len(name)]
    value = {"number": number, "number+x": number + "x", "text": sorted(FREE_TEXT)[len(name)]}[kind]
    copy = broken_demo(sandbox, table, line, column, value)
    outputs = Outputs(sandbox)
    run = outputs.run(name, *scan_args(str(copy), "--config", str(copy / "flytcheck.toml"), "--details",
                                       "--min-familia-version", "9.0", *every_output(sandbox, "x")), expect=(2,))
    assert run.stderr == f"flytcheck: error: {table}.csv line {line}, column {message}\n" or (
        f"{table}.csv line {line}, column {column}: " in run.stderr and message in run.stderr
    ), run.stderr
    outputs.collect_files()
    assert outputs.leaks() == [] and value not in run.stderr


def test_the_id_command_shows_numbers_masked(sandbox: Sandbox) -> None:
    numbers = sorted(DEMO_NUMBERS)[:5]
    outputs = Outputs(sandbox)
    for output_format in ("text", "json"):
        outputs.run(output_format, "id", *numbers, "--date", "2027-05-22", "--format", output_format,
                    "--accept-synthetic")
    assert outputs.leaks() == []
    assert numbers[0][:6] + "*****" in outputs.texts["text: stdout"]
