"""A catalogue of broken sources: each stops the scan with exit code 2 and one message naming the file, table,
column or line at fault (never the value there), no traceback, and nothing written anywhere.

Every case runs `flytcheck scan` with every file output requested (--output, --csv, --worklists, --junit, --html,
--history), its working folder and $TMPDIR in the test's own folder, and checks afterwards that the source is
byte-identical and that no output, temporary file or folder appeared. All data is invented.
"""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from flytcheck.sql import familia
from robustness import (
    Sandbox,
    assert_refused,
    familia_csv,
    familia_sqlite,
    fixture_sqlite,
    invoke,
    sandbox,
    scan_args,
    snapshot,
    write_folder,
)
from test_reports_fixtures import TENOR_MOTHER, familia_rows

__all__ = ["sandbox"]

TEN_MB = 10 * 1024 * 1024
Files = dict[str, str | bytes]
Case = Callable[[Path], tuple[str, list[str]]]
"""Builds a broken source below the given folder; returns the SOURCE argument and what the message must name."""


def _base_files() -> Files:
    return dict(familia_csv(familia_rows()))


def _text(files: Files, table: str) -> str:
    content = files[table]
    assert isinstance(content, str)
    return content


def _replace(files: Files, table: str, old: str, new: str) -> None:
    text = _text(files, table)
    assert text.count(old) == 1, f"{old!r} is not once in {table}: update the case"
    files[table] = text.replace(old, new)


def _drop_column(files: Files, table: str, column: str) -> None:
    rows = list(csv.reader(io.StringIO(_text(files, table), newline=""), delimiter=";"))
    index = rows[0].index(column)
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([r[:index] + r[index + 1 :] for r in rows])
    files[table] = buffer.getvalue()


def csv_case(change: Callable[[Files], None], *names: str, encoding: str = "utf-8") -> Case:
    """A folder of valid exports with one change; the message must name `names` (and the file's folder)."""

    def build(root: Path) -> tuple[str, list[str]]:
        files = _base_files()
        change(files)
        folder = write_folder(root / "export", files, encoding)
        return str(folder), list(names)

    return build


def klient(old: str, new: str) -> Callable[[Files], None]:
    return lambda files: _replace(files, "FA_KLIENT", old, new)


ROW_2 = "2;2012-01-05 00:00:00.000;12345;NULL;1859;ØK"
"""FA_KLIENT.csv line 3: child 2."""
ROW_4 = "4;NULL;NULL;2025-06-30 00:00:00.000;1860;AB"
"""FA_KLIENT.csv line 5: child 4, closed."""


def _set(files: Files, table: str, content: str | bytes) -> None:
    files[table] = content


CSV_CASES: dict[str, tuple[Case, str | None]] = {
    # (case, a value that must not appear in the message)
    "missing-table": (
        csv_case(lambda f: f.pop("FA_HUSKELAPP"), "table FA_HUSKELAPP is missing", "reminder-open"), None
    ),
    "missing-column": (
        csv_case(lambda f: _drop_column(f, "FA_KLIENT", "KLI_PERSONNR"),
                 "table FA_KLIENT lacks column(s) KLI_PERSONNR"),
        None,
    ),
    "missing-columns-of-two-tables": (
        csv_case(
            lambda f: (_drop_column(f, "FA_JOURNAL", "JOU_FERDIGDATO"),
                       _drop_column(f, "FA_DOKUMENTER", "DOK_UTSJEKKET_DATO")),
            "table FA_JOURNAL lacks column(s) JOU_FERDIGDATO", "table FA_DOKUMENTER lacks column(s) DOK_UTSJEKKET_DATO",
        ),
        None,
    ),
    "column-twice-in-header": (
        csv_case(
            lambda f: _set(f, "FA_KLIENT", _text(f, "FA_KLIENT").replace("\r\n", ";KLI_PERSONNR\r\n", 1)
                           .replace("\r\n", ";0\r\n").replace(";KLI_PERSONNR;0\r\n", ";KLI_PERSONNR\r\n")),
            "FA_KLIENT.csv: column KLI_PERSONNR appears more than once in the header",
        ),
        None,
    ),
    "empty-file": (csv_case(lambda f: _set(f, "FA_JOURNAL", ""), "FA_JOURNAL.csv: no header row"), None),
    "blank-first-line": (
        csv_case(lambda f: _set(f, "FA_JOURNAL", "\r\n" + _text(f, "FA_JOURNAL")), "FA_JOURNAL.csv: no header row"),
        None,
    ),
    "bcp-without-header": (
        csv_case(
            lambda f: _set(f, "FA_KLIENT", "\r\n".join(_text(f, "FA_KLIENT").splitlines()[1:]) + "\r\n"),
            "FA_KLIENT.csv: no header row", "bcp",
        ),
        "12345",
    ),
    "two-files-for-one-table": (
        csv_case(lambda f: _set(f, "fa_klient.txt", _text(f, "FA_KLIENT")), "two files for table FA_KLIENT"),
        None,
    ),
    "ragged-row-extra-field": (
        csv_case(klient(ROW_2, ROW_2 + ";12345"), "FA_KLIENT.csv line 3: 7 fields where the header has 6"),
        "12345",
    ),
    "ragged-row-missing-field": (
        csv_case(klient(ROW_4, "4;NULL;2025-06-30 00:00:00.000;1860;AB"),
                 "FA_KLIENT.csv line 5: 5 fields where the header has 6"),
        None,
    ),
    "mixed-delimiters-comma-row": (
        csv_case(klient(ROW_2, ROW_2.replace(";", ",")), "FA_KLIENT.csv line 3: 1 fields where the header has 6"),
        "12345",
    ),
    "mixed-delimiters-tab-header": (
        csv_case(
            lambda f: _set(f, "FA_KLIENT", _text(f, "FA_KLIENT").replace(";", "\t", 5)),
            "FA_KLIENT.csv line 2: 1 fields where the header has 6",
        ),
        None,
    ),
    "undefined-cp1252-byte": (
        csv_case(
            lambda f: _set(f, "FA_KLIENT", _text(f, "FA_KLIENT").encode("cp1252").replace(b";1874;CD", b";1874;C\x81")),
            "FA_KLIENT.csv line 4: bytes that are undefined in Windows-1252",
        ),
        None,
    ),
    "broken-utf16": (
        csv_case(
            lambda f: _set(
                f, "FA_KLIENT",
                _text(f, "FA_KLIENT").encode("utf-16").replace("CD".encode("utf-16-le"), b"\x00\xdc\x41\x00"),
            ),
            "FA_KLIENT.csv line 4: bytes that are not valid UTF-16",
        ),
        None,
    ),
    "impossible-date-31-02": (
        csv_case(klient("2025-06-30 00:00:00.000", "31.02.2024"),
                 "FA_KLIENT.csv line 5, column KLI_AVSLUTTETDATO: not a valid date"),
        "31.02",
    ),
    "impossible-date-month-13": (
        csv_case(klient("2012-01-05 00:00:00.000", "2012-13-05 00:00:00.000"),
                 "FA_KLIENT.csv line 3, column KLI_FOEDSELSDATO: not a valid date"),
        "2012-13",
    ),
    "impossible-date-29-02-2023": (
        csv_case(klient("2025-06-30 00:00:00.000", "29.02.2023"),
                 "FA_KLIENT.csv line 5, column KLI_AVSLUTTETDATO: not a valid date"),
        "29.02",
    ),
    "impossible-time-25-00": (
        csv_case(klient("2025-06-30 00:00:00.000", "2025-06-30 25:00:00.000"),
                 "FA_KLIENT.csv line 5, column KLI_AVSLUTTETDATO: not a valid date"),
        "25:00",
    ),
    "letters-in-personnummer": (
        csv_case(klient(ROW_2, ROW_2.replace("12345", "12A45")),
                 "FA_KLIENT.csv line 3, column KLI_PERSONNR: not a whole number"),
        "12A45",
    ),
    "letters-in-key": (
        csv_case(klient(ROW_4, "4x" + ROW_4[1:]), "FA_KLIENT.csv line 5, column KLI_LOEPENR: not a whole number"),
        "4x",
    ),
    "integer-too-large": (
        csv_case(klient(ROW_2, ROW_2.replace("12345", "9" * 25)),
                 "FA_KLIENT.csv line 3, column KLI_PERSONNR: a whole number too large"),
        "9" * 25,
    ),
    "letters-in-decimal": (
        csv_case(lambda f: _replace(f, "FA_DBVERSJON", "5.200", "5.2b0"),
                 "FA_DBVERSJON.csv line 2, column DBV_VERSJON: not a number"),
        "5.2b0",
    ),
    "words-in-flag": (
        csv_case(lambda f: _replace(f, "FA_JOURNAL", "NULL;NULL;1;NULL;NULL;NULL;NULL\r\n",
                                    "NULL;NULL;ja;NULL;NULL;NULL;NULL\r\n"),
                 "FA_JOURNAL.csv line 3, column ARK_SJEKK_I_VSA: not a flag"),
        None,
    ),
    "nul-byte": (
        csv_case(lambda f: _set(f, "FA_KLIENT", _text(f, "FA_KLIENT").replace(";1874;CD", ";1874;C\x00D")),
                 "FA_KLIENT.csv line 4: NUL byte"),
        None,
    ),
    "binary-file-named-csv": (
        csv_case(lambda f: _set(f, "FA_KLIENT", b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4),
                 "FA_KLIENT.csv"),
        None,
    ),
    "ten-mb-field-in-a-number-column": (
        csv_case(klient(ROW_2, ROW_2.replace("12345", "1" * 100 + "x" * TEN_MB)),
                 "FA_KLIENT.csv line 3, column KLI_PERSONNR: not a whole number"),
        "xxxxxxxxxx",
    ),
    "ten-mb-field-in-a-date-column": (
        csv_case(klient(ROW_4, ROW_4.replace("2025-06-30 00:00:00.000", '"' + "2025-06-30 " * (TEN_MB // 11) + '"')),
                 "FA_KLIENT.csv line 5, column KLI_AVSLUTTETDATO: not a valid date"),
        "2025-06-30 2025",
    ),
    "header-repeated-mid-file": (
        csv_case(klient(ROW_4, ";".join(familia.TABLES["FA_KLIENT"].columns)),
                 "FA_KLIENT.csv: header repeated at line 5"),
        None,
    ),
    "tenor-number-in-a-date-column": (
        csv_case(klient("2025-06-30 00:00:00.000", TENOR_MOTHER),
                 "FA_KLIENT.csv line 5, column KLI_AVSLUTTETDATO: not a valid date"),
        TENOR_MOTHER,
    ),
}


def _sqlite(root: Path, without: str | None = None) -> Path:
    return fixture_sqlite(root / "familia.sqlite", without=without)


def _truncated(root: Path, size: Callable[[int], int]) -> Path:
    database = _sqlite(root)
    data = database.read_bytes()
    database.write_bytes(data[: size(len(data))])
    return database


def _garbled(root: Path) -> Path:
    database = _sqlite(root)
    data = bytearray(database.read_bytes())
    page = 4096
    assert len(data) > 8 * page, "the database should have pages to garble"
    for start in range(2 * page, len(data), page):  # keep the header and sqlite_master, garble every table page
        data[start : start + page] = bytes((start + i * 7) % 251 for i in range(page))
    database.write_bytes(bytes(data))
    return database


def _without_column(root: Path) -> Path:
    database = familia_sqlite(root / "familia.sqlite", {}, only=[t for t in familia.TABLES if t != "FA_KLIENT"])
    columns = [c for c in familia.TABLES["FA_KLIENT"].columns if c != "KLI_PERSONNR"]
    with sqlite3.connect(database) as connection:
        connection.execute(f"CREATE TABLE FA_KLIENT ({', '.join(columns)})")
    connection.close()
    return database


def _not_familia(root: Path) -> Path:
    with sqlite3.connect(root / "other.sqlite") as connection:
        connection.execute("CREATE TABLE notes (id INTEGER, text TEXT)")
    connection.close()
    return root / "other.sqlite"


def _write(root: Path, name: str, content: bytes) -> Path:
    (root / name).write_bytes(content)
    return root / name


def file_case(build: Callable[[Path], Path | str], *names: str) -> Case:
    def case(root: Path) -> tuple[str, list[str]]:
        return str(build(root)), list(names)

    return case


FILE_CASES: dict[str, Case] = {
    "text-file-named-sqlite": file_case(lambda r: _write(r, "familia.sqlite", b"hello\n"),
                                        "familia.sqlite: not a SQLite database"),
    "zero-byte-file": file_case(lambda r: _write(r, "familia.sqlite", b""), "familia.sqlite: not a SQLite database"),
    "png-named-db": file_case(lambda r: _write(r, "familia.db", b"\x89PNG\r\n\x1a\n" + bytes(200)),
                              "familia.db: not a SQLite database"),
    "sqlite-header-only": file_case(lambda r: _truncated(r, lambda n: 100),
                                    "familia.sqlite: not a readable SQLite database"),
    "sqlite-truncated-to-a-page": file_case(lambda r: _truncated(r, lambda n: 4096),
                                            "familia.sqlite: not a readable SQLite database"),
    "sqlite-truncated-half": file_case(lambda r: _truncated(r, lambda n: n // 2), "familia.sqlite"),
    "sqlite-garbled-pages": file_case(_garbled, "malformed"),
    "no-such-file": file_case(lambda r: r / "nowhere.sqlite", "nowhere.sqlite: no such file or folder"),
    "sqlite-url-to-no-file": file_case(lambda r: f"sqlite:///{r}/nowhere.sqlite", "nowhere.sqlite: no such file"),
    "unsupported-database-url": file_case(lambda r: "mysql://reader@127.0.0.1/familia",
                                          "unsupported database type 'mysql'"),
    "unparsable-url": file_case(lambda r: "postgresql+psycopg://reader@host:port/db", "cannot be parsed"),
    "sqlite-missing-table": file_case(
        lambda r: _sqlite(r, without="FA_HUSKELAPP"),
        "table FA_HUSKELAPP is missing (needed by duplicate-key, orphan-reference, reminder-open)",
    ),
    "sqlite-missing-column": file_case(_without_column, "table FA_KLIENT lacks column(s) KLI_PERSONNR"),
    "sqlite-without-familia-tables": file_case(_not_familia, "table FA_KLIENT is missing",
                                               "table FA_JOURNAL is missing"),
    "empty-folder": file_case(lambda r: r, "no CSV files (*.csv, *.txt) in"),
    "folder-of-spreadsheets": file_case(lambda r: _write(r, "FA_KLIENT.xlsx", b"PK\x03\x04").parent, "no CSV files"),
}


def _run(sandbox: Sandbox, case: Case, *extra: str) -> tuple[str, list[str], str]:
    source, names = case(sandbox.source)
    before = snapshot(sandbox.root)
    # Every rule runs (familia-outdated too), so every table and column a rule may read is read.
    run = invoke(*scan_args(source, *sandbox.outputs(), "--min-familia-version", "9.0", *extra))
    first = assert_refused(run, *names)
    assert snapshot(sandbox.root) == before, "the source changed, or something was written"
    assert sandbox.leftovers() == []
    return first, names, run.stderr


@pytest.mark.parametrize("name", sorted(CSV_CASES))
def test_a_broken_csv_export_is_refused_naming_where(name: str, sandbox: Sandbox) -> None:
    case, secret = CSV_CASES[name]
    _, _, stderr = _run(sandbox, case)
    assert len(stderr) < 2_000, "the message is short whatever the size of the field at fault"
    if secret is not None:
        assert secret not in stderr, "the message says where the bad value is, never what it is"
    assert TENOR_MOTHER not in stderr


@pytest.mark.parametrize("name", sorted(FILE_CASES))
def test_a_broken_database_file_or_folder_is_refused_naming_it(name: str, sandbox: Sandbox) -> None:
    _run(sandbox, FILE_CASES[name])


def test_every_missing_table_is_named_at_once(sandbox: Sandbox) -> None:
    def case(root: Path) -> tuple[str, list[str]]:
        files = _base_files()
        for table in ("FA_HUSKELAPP", "FA_EIER", "FA_DOKUMENTER"):
            files.pop(table)
        return str(write_folder(root / "export", files)), []

    first, _, stderr = _run(sandbox, case)
    assert "3 problem(s) with the Familia tables" in first
    for table in ("FA_HUSKELAPP", "FA_EIER", "FA_DOKUMENTER"):
        assert f"  - table {table} is missing (needed by " in stderr


def test_the_demo_copied_and_broken_is_refused_naming_file_line_and_column(sandbox: Sandbox) -> None:
    from flytcheck.sources.open import demo_folder

    copy = sandbox.source / "demo"
    shutil.copytree(demo_folder(), copy)
    path = copy / "FA_JOURNAL.csv"
    lines = path.read_bytes().split(b"\r\n")
    fields = lines[40].split(b";")
    fields[4] = b"31.02.2024"  # JOU_DATONOTAT
    lines[40] = b";".join(fields)
    path.write_bytes(b"\r\n".join(lines))
    _run(sandbox, lambda root: (str(copy), ["FA_JOURNAL.csv line 41, column JOU_DATONOTAT: not a valid date"]),
         "--config", str(copy / "flytcheck.toml"))


def test_the_catalogue_holds_at_least_thirty_cases() -> None:
    assert len(CSV_CASES) + len(FILE_CASES) >= 30


def test_an_undecodable_byte_after_the_encoding_sample_is_refused_naming_its_line(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flytcheck.sources import csv_encoding

    monkeypatch.setattr(csv_encoding, "SAMPLE_BYTES", 64)  # as if the file were larger than the 4 MB sample

    def change(files: Files) -> None:
        files["FA_KLIENT"] = _text(files, "FA_KLIENT").encode().replace(b";1874;CD", b";1874;C\xd8")

    _run(sandbox, csv_case(change, "FA_KLIENT.csv line 4: bytes that are not UTF-8"))


def test_a_utf8_file_with_a_stray_byte_is_not_read_as_cp1252(sandbox: Sandbox) -> None:
    """Read as cp1252, ØK would become Ã˜K and SØS SÃ˜S: siblings silently lost. It must stop at the line."""
    def change(files: Files) -> None:
        files["FA_KLIENT"] = _text(files, "FA_KLIENT").encode().replace(b";1874;CD", b";1874;C\xd8")

    _run(sandbox, csv_case(change, "FA_KLIENT.csv line 4: bytes that are not UTF-8"))
