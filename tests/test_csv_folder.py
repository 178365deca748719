"""CSV folder sources: encodings, delimiters, export-tool habits, value formats and located errors.

All data is invented. Person numbers are short synthetic personnummer parts, never whole national IDs.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from flytcheck.errors import SourceError
from flytcheck.sources import csv_encoding, csv_load
from flytcheck.sources.csv_folder import inspect_folder
from flytcheck.sources.csv_load import load_tables

KTK = "KLI_LOEPENR;KTK_LOEPENR;FOR_LOEPENR;KTK_ROLLE;KTK_FRADATO;KTK_TILDATO;KTK_MERKNAD"
KTK_ROWS = [
    "1;1;100;SØS;2024-05-22 00:00:00.000;NULL;Søsken på Værøy",
    "1;2;101;STØ;22.05.2024;;Støttekontakt Ærlig",
    "2;1;102;MOR;2023-01-31 13:45:00.000;2024-12-31;Åse",
]
KTK_EXPECTED = [
    (1, 1, 100, "SØS", "2024-05-22", None, "Søsken på Værøy"),
    (1, 2, 101, "STØ", "2024-05-22", None, "Støttekontakt Ærlig"),
    (2, 1, 102, "MOR", "2023-01-31 13:45:00", "2024-12-31", "Åse"),
]
KTK_COLUMNS = KTK.split(";")
ENCODINGS = {  # how the file is written -> what inspect_folder must detect
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf-16": "utf-16",
    "utf-16-le": "utf-16-le",
    "cp1252": "cp1252",
}


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def load(folder: Path, table: str, columns: Sequence[str]) -> list[tuple[object, ...]]:
    tables = inspect_folder(folder)
    conn = sqlite3.connect(":memory:")
    counts = load_tables(tables, {table: list(columns)}, conn)
    rows = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
    assert counts == {table: len(rows)}
    return rows


def load_error(folder: Path, table: str, columns: Sequence[str]) -> str:
    with pytest.raises(SourceError) as caught:
        load(folder, table, columns)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_encodings_and_delimiters_keep_norwegian_letters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    text = "\r\n".join([KTK, *KTK_ROWS]).replace(";", delimiter) + "\r\n"
    write(tmp_path, "FA_KLIENTTILKNYTNING.csv", text, encoding)
    table = inspect_folder(tmp_path)["FA_KLIENTTILKNYTNING"]
    assert (table.encoding, table.delimiter, table.header) == (ENCODINGS[encoding], delimiter, tuple(KTK_COLUMNS))
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", KTK_COLUMNS) == KTK_EXPECTED


def test_utf16_big_endian_with_byte_order_mark(tmp_path: Path) -> None:
    text = "\r\n".join([KTK, *KTK_ROWS]) + "\r\n"
    (tmp_path / "FA_KLIENTTILKNYTNING.csv").write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    assert inspect_folder(tmp_path)["FA_KLIENTTILKNYTNING"].encoding == "utf-16"
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", KTK_COLUMNS) == KTK_EXPECTED


def test_only_needed_columns_are_stored_in_the_order_asked(tmp_path: Path) -> None:
    write(tmp_path, "fa_klienttilknytning.txt", "\n".join([KTK, *KTK_ROWS]), "cp1252")
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_ROLLE", "KLI_LOEPENR"]) == [
        ("SØS", 1), ("STØ", 1), ("MOR", 2)
    ]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_line_endings_and_newlines_inside_quoted_fields(tmp_path: Path, ending: str) -> None:
    rows = ['1;1;100;"SØS";;;"første linje' + ending + 'andre; linje"', "1;2;101;STØ;;;x"]
    write(tmp_path, "FA_KLIENTTILKNYTNING.csv", ending.join([KTK, *rows]) + ending)
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_ROLLE", "KTK_MERKNAD"]) == [
        ("SØS", f"første linje{ending}andre; linje"), ("STØ", "x")
    ]
    write(tmp_path, "FA_KLIENTTILKNYTNING.csv", ending.join([KTK, *rows, "1;x;1;A;;;"]) + ending)
    assert "FA_KLIENTTILKNYTNING.csv line 5, column KTK_LOEPENR" in load_error(
        tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_LOEPENR"]
    )


def test_sqlcmd_dashes_padding_and_rows_affected_footer(tmp_path: Path) -> None:
    text = (
        "KLI_LOEPENR;KTK_LOEPENR;FOR_LOEPENR;KTK_ROLLE;KTK_FRADATO            \r\n"
        "-----------;-----------;-----------;---------;-----------------------\r\n"
        "          1;          1;        100;SØS      ;2024-05-22 00:00:00.000\r\n"
        "          2;          1;        101;NULL     ;NULL                   \r\n"
        "\r\n"
        "(2 rows affected)\r\n"
    )
    write(tmp_path, "FA_KLIENTTILKNYTNING.csv", text, "cp1252")
    assert inspect_folder(tmp_path)["FA_KLIENTTILKNYTNING"].header[-1] == "KTK_FRADATO"
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", ["KLI_LOEPENR", "KTK_ROLLE", "KTK_FRADATO"]) == [
        (1, "SØS", "2024-05-22"),  # sqlcmd's padding is not data
        (2, None, None),
    ]


def test_powershell_export_csv_quotes_everything(tmp_path: Path) -> None:
    text = (
        '"KLI_LOEPENR","KTK_LOEPENR","KTK_ROLLE","KTK_MERKNAD"\r\n'
        '"1","1","SØS","sa ""hei"", gikk"\r\n'
        '"2","1","",""\r\n'
    )
    write(tmp_path, "FA_KLIENTTILKNYTNING.csv", text, "utf-8-sig")
    table = inspect_folder(tmp_path)["FA_KLIENTTILKNYTNING"]
    assert (table.delimiter, table.header[0]) == (",", "KLI_LOEPENR")
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", ["KLI_LOEPENR", "KTK_ROLLE", "KTK_MERKNAD"]) == [
        (1, "SØS", 'sa "hei", gikk'), (2, None, None)
    ]


def test_null_text_empty_and_quoted_null(tmp_path: Path) -> None:
    rows = ['1;1;NULL;"NULL"', '2;1;;"NULL "', '3;1;"";null', '4;1;" NULL";"x""NULL"""', '5;"NULL";A;"NULL"']
    write(tmp_path, "FA_KLIENTTILKNYTNING.csv", "\n".join(["KLI_LOEPENR;KTK_LOEPENR;KTK_ROLLE;KTK_MERKNAD", *rows]))
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", ["KLI_LOEPENR", "KTK_LOEPENR", "KTK_ROLLE", "KTK_MERKNAD"]) == [
        (1, 1, None, "NULL"),
        (2, 1, None, "NULL "),
        (3, 1, None, "null"),
        (4, 1, " NULL", 'x"NULL"'),
        (5, None, "A", "NULL"),  # a quoted "NULL" in a number column is NULL
    ]


@pytest.mark.parametrize(
    ("written", "stored"),
    [("1029", 1029), ("01029", 1029), (" 1029 ", 1029), ("1029.0", 1029), ("1029,00", 1029), ("-7", -7), ("", None)],
)
def test_integers_lose_leading_zeros_and_zero_decimals(tmp_path: Path, written: str, stored: int | None) -> None:
    write(tmp_path, "FA_KLIENT.csv", f"KLI_LOEPENR;KLI_PERSONNR\n1;{written}\n")
    assert load(tmp_path, "FA_KLIENT", ["KLI_PERSONNR"]) == [(stored,)]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2024-05-22", "2024-05-22"),
        ("2024-05-22 00:00:00.000", "2024-05-22"),
        ("2024-05-22 13:45:00", "2024-05-22 13:45:00"),
        ("2024-05-22 13:45:07.123", "2024-05-22 13:45:07"),
        ("2024-05-22T13:45:00", "2024-05-22 13:45:00"),
        ("22.05.2024", "2024-05-22"),
        ("22.05.2024 13:45", "2024-05-22 13:45:00"),
        ("22.05.2024 13:45:00", "2024-05-22 13:45:00"),
        ("22.05.2024 00:00", "2024-05-22"),
        ("29.02.2024", "2024-02-29"),
        (" 2024-05-22 ", "2024-05-22"),
        ("NULL", None),
    ],
)
def test_date_formats(tmp_path: Path, written: str, stored: str | None) -> None:
    write(tmp_path, "FA_KLIENT.csv", f"KLI_LOEPENR;KLI_AVSLUTTETDATO\n1;{written}\n2;2024-01-01 08:00:00.000\n")
    assert load(tmp_path, "FA_KLIENT", ["KLI_AVSLUTTETDATO"]) == [(stored,), ("2024-01-01 08:00:00",)]


@pytest.mark.parametrize(
    ("written", "stored"), [("0", 0), ("1", 1), ("True", 1), ("false", 0), ("TRUE", 1), ("-1", 1), ("", None)]
)
def test_flags(tmp_path: Path, written: str, stored: int | None) -> None:
    write(tmp_path, "FA_JOURNALTYPE.csv", f"JOT_IDENT,JOT_TILARKIV\nNOT,{written}\n")
    assert load(tmp_path, "FA_JOURNALTYPE", ["JOT_TILARKIV"]) == [(stored,)]


def test_decimals(tmp_path: Path) -> None:
    write(tmp_path, "FA_DBVERSJON.csv", "DBV_LOEPENR;DBV_VERSJON\n1;8.5\n2;8,25\n3;\n")
    assert load(tmp_path, "FA_DBVERSJON", ["DBV_VERSJON"]) == [(8.5,), (8.25,), (None,)]


def test_big_text_field_is_fine(tmp_path: Path) -> None:
    big = "ø" * (2 << 20)
    write(tmp_path, "FA_KLIENTTILKNYTNING.csv", f'{KTK}\n1;1;100;SØS;;;"{big}"\n1;2;101;STØ;;;{big}\n')
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_ROLLE", "KTK_MERKNAD"]) == [("SØS", big), ("STØ", big)]
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_LOEPENR"]) == [(1,), (2,)]


def test_many_rows_stream_in_batches_with_progress(tmp_path: Path) -> None:
    lines = [f"{i};{i % 7};1{i % 10000:04d};2024-{i % 12 + 1:02d}-{i % 28 + 1:02d} 10:{i % 60:02d}:00.000"
             for i in range(120_000)]
    write(tmp_path, "FA_KLIENT.csv", "\n".join(["KLI_LOEPENR;KOM_KOMMUNENR;KLI_PERSONNR;KLI_AVSLUTTETDATO", *lines]))
    conn = sqlite3.connect(":memory:")
    seen: list[tuple[str, int]] = []
    cols = ["KLI_LOEPENR", "KLI_AVSLUTTETDATO"]
    assert load_tables(inspect_folder(tmp_path), {"FA_KLIENT": cols}, conn, lambda t, n: seen.append((t, n))) == {
        "FA_KLIENT": 120_000
    }
    assert seen == [("FA_KLIENT", 50_000), ("FA_KLIENT", 100_000), ("FA_KLIENT", 120_000)]
    assert conn.execute("SELECT * FROM FA_KLIENT WHERE KLI_LOEPENR = 119999").fetchall() == [
        (119999, "2024-12-20 10:59:00")
    ]


def test_folder_listing(tmp_path: Path) -> None:
    write(tmp_path, "FA_KLIENT.CSV", "KLI_LOEPENR\n1\n")
    write(tmp_path, "notes.md", "not a table")
    write(tmp_path, "LESMEG.txt", "")  # not a Familia table and unreadable as one: left out
    write(tmp_path, "EXTRA_TABELL.txt", "A|B|C\n1|2|3\n")
    (tmp_path / "FA_JOURNAL.csv").mkdir()
    assert sorted(inspect_folder(tmp_path)) == ["EXTRA_TABELL", "FA_KLIENT"]


# --- errors: one line, file and line (and column), never the value ---------------------------------------


def test_empty_folder(tmp_path: Path) -> None:
    write(tmp_path, "FA_KLIENT.xlsx", "x")
    with pytest.raises(SourceError, match="no CSV files") as caught:
        inspect_folder(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_two_files_for_one_table(tmp_path: Path) -> None:
    write(tmp_path, "FA_KLIENT.csv", "KLI_LOEPENR\n1\n")
    write(tmp_path, "fa_klient.txt", "KLI_LOEPENR\n1\n")
    with pytest.raises(SourceError, match="two files for table FA_KLIENT"):
        inspect_folder(tmp_path)


def test_bcp_output_without_header(tmp_path: Path) -> None:
    write(tmp_path, "FA_KLIENT.txt", "17\t1029\t2024-05-22 00:00:00.000\n", "utf-16-le")
    with pytest.raises(SourceError, match=r"FA_KLIENT\.txt: no header row") as caught:
        inspect_folder(tmp_path)
    assert "1029" not in str(caught.value)


def test_empty_file(tmp_path: Path) -> None:
    write(tmp_path, "FA_KLIENT.csv", "")
    with pytest.raises(SourceError, match=r"FA_KLIENT\.csv: no header row"):
        inspect_folder(tmp_path)


def test_ragged_row(tmp_path: Path) -> None:
    write(tmp_path, "FA_KLIENT.csv", "KLI_LOEPENR;KLI_PERSONNR\n1;1029\n2;5555;extra\n")
    message = load_error(tmp_path, "FA_KLIENT", ["KLI_LOEPENR"])
    assert "FA_KLIENT.csv line 3: 3 fields where the header has 2" in message
    assert "5555" not in message


def test_impossible_date(tmp_path: Path) -> None:
    write(tmp_path, "FA_KLIENT.csv", "KLI_LOEPENR;KLI_AVSLUTTETDATO\n1;22.05.2024\n\n2;31.02.2024\n")
    message = load_error(tmp_path, "FA_KLIENT", ["KLI_LOEPENR", "KLI_AVSLUTTETDATO"])
    assert message.startswith("FA_KLIENT.csv line 4, column KLI_AVSLUTTETDATO: not a valid date (expected")
    assert "31.02" not in message


@pytest.mark.parametrize("value", ["12A34", "1 029", "１２", "1_000", "12.5", "99999999999999999999"])
def test_not_an_integer(tmp_path: Path, value: str) -> None:
    write(tmp_path, "FA_KLIENT.csv", f"KLI_LOEPENR;KLI_PERSONNR\n1;1029\n2;{value}\n")
    message = load_error(tmp_path, "FA_KLIENT", ["KLI_PERSONNR"])
    assert message.startswith("FA_KLIENT.csv line 3, column KLI_PERSONNR: ")
    assert value not in message


def test_not_a_flag(tmp_path: Path) -> None:
    write(tmp_path, "FA_JOURNALTYPE.csv", "JOT_IDENT;JOT_TILARKIV\nNOT;1\nBRV;ja\n")
    assert "FA_JOURNALTYPE.csv line 3, column JOT_TILARKIV: not a flag" in load_error(
        tmp_path, "FA_JOURNALTYPE", ["JOT_TILARKIV"]
    )


def test_undefined_cp1252_byte(tmp_path: Path) -> None:
    path = tmp_path / "FA_KLIENTTILKNYTNING.csv"
    path.write_bytes(f"{KTK}\r\n{KTK_ROWS[0]}\r\n".encode("cp1252") + b"1;2;101;ST\x81;;;\r\n")
    message = load_error(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_ROLLE"])
    assert message == "FA_KLIENTTILKNYTNING.csv line 3: bytes that are undefined in Windows-1252 (cp1252): " \
        "the file is in another encoding"


def test_utf8_error_after_the_sample_is_not_silently_switched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_encoding, "SAMPLE_BYTES", 64)
    path = tmp_path / "FA_KLIENTTILKNYTNING.csv"
    good = "".join(f"1;{i};100;SØS;;;\n" for i in range(200))
    path.write_bytes(f"{KTK}\n{good}".encode() + "1;999;100;STØ;;;\n".encode("cp1252"))
    assert inspect_folder(tmp_path)["FA_KLIENTTILKNYTNING"].encoding == "utf-8"
    message = load_error(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_ROLLE"])
    assert message.startswith("FA_KLIENTTILKNYTNING.csv line 202: bytes that are not UTF-8")


def test_a_stray_byte_in_utf8_is_refused_not_read_as_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "FA_KLIENTTILKNYTNING.csv"
    path.write_bytes(f"{KTK}\n{KTK_ROWS[0]}\n{KTK_ROWS[1]}\n".encode() + b"2;1;102;M\xd8R;;;\n")
    assert inspect_folder(tmp_path)["FA_KLIENTTILKNYTNING"].encoding == "utf-8"
    message = load_error(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_ROLLE"])
    assert message.startswith("FA_KLIENTTILKNYTNING.csv line 4: bytes that are not UTF-8")


def test_cp1252_with_an_accidental_utf8_sequence_stays_cp1252(tmp_path: Path) -> None:
    rows = [*KTK_ROWS, "3;1;103;FAR;;;allerede Ã¸delagt"]  # old mojibake in the data: valid UTF-8 as cp1252 bytes
    write(tmp_path, "FA_KLIENTTILKNYTNING.csv", "\n".join([KTK, *rows]), "cp1252")
    assert inspect_folder(tmp_path)["FA_KLIENTTILKNYTNING"].encoding == "cp1252"
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_MERKNAD"])[-1] == ("allerede Ã¸delagt",)


def test_encoding_is_decided_at_the_first_non_ascii_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_encoding, "SAMPLE_BYTES", 64)
    plain = "".join(f"1;{i};100;MOR;;;\n" for i in range(200))
    write(tmp_path, "FA_KLIENTTILKNYTNING.csv", f"{KTK}\n{plain}1;999;100;SØS;;;\n", "cp1252")
    assert inspect_folder(tmp_path)["FA_KLIENTTILKNYTNING"].encoding == "cp1252"
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_ROLLE"])[-1] == ("SØS",)


def test_nul_byte(tmp_path: Path) -> None:
    path = tmp_path / "FA_KLIENT.csv"
    path.write_bytes(b"KLI_LOEPENR;SBH_INITIALER\r\n1;ABC\r\n2;A\x00C\r\n")
    message = load_error(tmp_path, "FA_KLIENT", ["KLI_LOEPENR"])
    assert message.startswith("FA_KLIENT.csv line 3: NUL byte")


def test_repeated_header(tmp_path: Path) -> None:
    write(tmp_path, "FA_KLIENT.csv", "KLI_LOEPENR;KLI_PERSONNR\n1;1029\nKLI_LOEPENR;KLI_PERSONNR\n2;1030\n")
    assert load_error(tmp_path, "FA_KLIENT", ["KLI_LOEPENR"]) == "FA_KLIENT.csv: header repeated at line 3"


def test_oversized_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    previous = csv.field_size_limit(10_000)
    monkeypatch.setattr(csv_load, "FIELD_LIMIT", 10_000)
    try:
        write(tmp_path, "FA_KLIENTTILKNYTNING.csv", f'{KTK}\n1;1;100;SØS;;;\n1;2;101;STØ;;;"{"x" * 20_000}"\n')
        message = load_error(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_ROLLE"])
        assert message.startswith("FA_KLIENTTILKNYTNING.csv line 3: a field is larger than 64 MB")
        write(tmp_path, "FA_KLIENTTILKNYTNING.csv", f'{KTK}\n1;1;100;SØS;;;\n1;2;101;"STØ;;;\n' + "x\n" * 9_000)
        message = load_error(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_ROLLE"])
        assert message.startswith("FA_KLIENTTILKNYTNING.csv line 3: a field is larger than 64 MB (an unclosed")
    finally:
        csv.field_size_limit(previous)


def test_needed_column_missing_from_header(tmp_path: Path) -> None:
    write(tmp_path, "FA_KLIENT.csv", "KLI_LOEPENR;KLI_PERSONNR\n1;1029\n")
    assert load_error(tmp_path, "FA_KLIENT", ["KLI_AVSLUTTETDATO"]) == (
        "FA_KLIENT.csv: column KLI_AVSLUTTETDATO is not in the header"
    )


# --- export tools: OEM code pages, PowerShell, sqlcmd, headerless and lossy files ---------------------------------


@pytest.mark.parametrize("code_page", ["cp850", "cp865"])
def test_oem_code_pages_are_read_by_the_norwegian_letters_they_make(tmp_path: Path, code_page: str) -> None:
    """In Windows-1252 these bytes are ›, † and undefined; only an OEM code page makes Norwegian letters of them."""
    write(tmp_path, "FA_KLIENTTILKNYTNING.csv", "\r\n".join([KTK, *KTK_ROWS]) + "\r\n", code_page)
    assert inspect_folder(tmp_path)["FA_KLIENTTILKNYTNING"].encoding == "cp850"  # 865 spells æøå alike
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", KTK_COLUMNS) == KTK_EXPECTED


def test_a_known_role_code_decides_a_file_with_one_non_ascii_byte(tmp_path: Path) -> None:
    write(tmp_path, "FA_KLIENTTILKNYTNING.csv", f"{KTK}\r\n1;1;100;SØS;;;\r\n", "cp850")
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_ROLLE"]) == [("SØS",)]
    write(tmp_path, "FA_KLIENTTILKNYTNING.csv", f"{KTK}\r\n1;1;100;SØS;;;\r\n", "cp1252")
    assert load(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_ROLLE"]) == [("SØS",)]


@pytest.mark.parametrize(("text", "code_page"), [
    ("Bjørn Ødegård", "cp1252"), ("Bjørn Ødegård", "cp850"), ("Søsken på Åsen", "cp865"),
    ("René Müller", "cp1252"), ("René Müller", "cp850"),
])
def test_the_code_page_is_the_one_that_reads_as_letters(text: str, code_page: str) -> None:
    """850 and 865 spell æøå (and é, ü) alike; where the evidence is equal, 850 (Norwegian Windows) is read."""
    found = csv_encoding.code_page(text.encode(code_page))
    assert found == ("cp850" if code_page == "cp865" else code_page)
    assert text.encode(code_page).decode(found) == text


def test_an_all_ascii_file_is_ascii(tmp_path: Path) -> None:
    write(tmp_path, "FA_KLIENT.csv", "KLI_LOEPENR;SBH_INITIALER\r\n1;AB\r\n")
    assert inspect_folder(tmp_path)["FA_KLIENT"].encoding == "ascii"


def test_powershell_51_type_line_culture_values_and_datarow_columns(tmp_path: Path) -> None:
    text = (
        "#TYPE System.Data.DataRow\r\n"
        '"DBV_LOEPENR","DBV_VERSJON","DBV_DBDATO","RowError","RowState","Table","ItemArray","HasErrors"\r\n'
        '"1","9,120","15.03.2012 00:00:00","","Unchanged","","System.Object[]","False"\r\n'
        '"2","","15.03.2012 13:45:07","","Unchanged","","System.Object[]","False"\r\n'
    )
    write(tmp_path, "FA_DBVERSJON.csv", text, "utf-8-sig")
    table = inspect_folder(tmp_path)["FA_DBVERSJON"]
    assert (table.header_line, table.delimiter, table.header[:2]) == (2, ",", ("DBV_LOEPENR", "DBV_VERSJON"))
    assert load(tmp_path, "FA_DBVERSJON", ["DBV_LOEPENR", "DBV_VERSJON", "DBV_DBDATO"]) == [
        (1, 9.12, "2012-03-15"), (2, None, "2012-03-15 13:45:07")
    ]


def test_powershell_ascii_export_that_lost_letters_is_refused(tmp_path: Path) -> None:
    text = '#TYPE System.Data.DataRow\r\n"KLI_LOEPENR","KTK_LOEPENR","KTK_ROLLE"\r\n"1","1","MOR"\r\n"1","2","S?S"\r\n'
    write(tmp_path, "FA_KLIENTTILKNYTNING.csv", text, "ascii")
    message = load_error(tmp_path, "FA_KLIENTTILKNYTNING", ["KTK_ROLLE"])
    assert message.startswith("FA_KLIENTTILKNYTNING.csv line 4, column KTK_ROLLE: '?' where a letter was")
    assert "siblings and contractors would be lost" in message and "-Encoding UTF8" in message
    assert "S?S" not in message


@pytest.mark.parametrize(("subject", "refused"), [("Ring mor?", False), ("S?sken", True), ("?se", True)])
def test_a_question_mark_in_free_text_is_a_lost_letter_only_before_a_letter(
    tmp_path: Path, subject: str, refused: bool
) -> None:
    write(tmp_path, "FA_HUSKELAPP.csv", f'HUS_LOEPENR;HUS_EMNE\r\n1;"{subject}"\r\n', "ascii")
    if refused:
        assert "line 2, column HUS_EMNE: '?' where a letter was" in load_error(tmp_path, "FA_HUSKELAPP", ["HUS_EMNE"])
    else:
        assert load(tmp_path, "FA_HUSKELAPP", ["HUS_EMNE"]) == [(subject,)]


def test_a_question_mark_is_a_question_mark_in_a_file_that_holds_letters(tmp_path: Path) -> None:
    write(tmp_path, "FA_HUSKELAPP.csv", "HUS_LOEPENR;HUS_EMNE;SBH_INITIALER\r\n1;S?sken? Åse;A?\r\n")
    assert load(tmp_path, "FA_HUSKELAPP", ["HUS_EMNE", "SBH_INITIALER"]) == [("S?sken? Åse", "A?")]


def test_sqlcmd_reads_quotes_as_text(tmp_path: Path) -> None:
    text = 'HUS_LOEPENR;HUS_EMNE\r\n-----------;--------\r\n1;"NULL"\r\n2;"Viktig" møte\r\n'
    write(tmp_path, "FA_HUSKELAPP.csv", text, "cp850")
    assert inspect_folder(tmp_path)["FA_HUSKELAPP"].tool == "sqlcmd"
    assert load(tmp_path, "FA_HUSKELAPP", ["HUS_EMNE"]) == [('"NULL"',), ('"Viktig" møte',)]


def test_sqlcmd_without_a_separator_is_refused_with_the_fix(tmp_path: Path) -> None:
    text = "KLI_LOEPENR KLI_PERSONNR\r\n----------- ------------\r\n          1        12345\r\n"
    write(tmp_path, "FA_KLIENT.csv", text)
    with pytest.raises(SourceError, match=r'FA_KLIENT\.csv: no header row .*sqlcmd without -s.*-s";" -W') as caught:
        inspect_folder(tmp_path)
    assert "12345" not in str(caught.value)


@pytest.mark.parametrize(("delimiter", "encoding", "named"), [
    (",", "utf-8-sig", "Include column headers when copying or saving the results"),
    ("\t", "utf-16-le", "bcp never writes one"),
])
def test_headerless_files_name_the_tool_and_the_fix(tmp_path: Path, delimiter: str, encoding: str, named: str) -> None:
    write(tmp_path, "FA_KLIENT.csv", delimiter.join(["17", "12345", "NULL"]) + "\r\n", encoding)
    with pytest.raises(SourceError, match=r"FA_KLIENT\.csv: no header row") as caught:
        inspect_folder(tmp_path)
    assert named in str(caught.value) and "12345" not in str(caught.value)


def test_excel_resave_that_dropped_leading_zeros_is_refused(tmp_path: Path) -> None:
    text = "FOR_LOEPENR;FOR_FOEDSELSNUMMER;FOR_PASSIVISERTDATO\r\n1;1018512345;\r\n2;12345678901;15.03.2012\r\n"
    write(tmp_path, "FA_FORBINDELSER.csv", text, "cp1252")
    message = load_error(tmp_path, "FA_FORBINDELSER", ["FOR_FOEDSELSNUMMER", "FOR_PASSIVISERTDATO"])
    assert message.startswith("FA_FORBINDELSER.csv line 2, column FOR_FOEDSELSNUMMER: fewer digits than the 11")
    assert "1018512345" not in message
    write(tmp_path, "FA_FORBINDELSER.csv", text.replace("15.03.2012", "2012-03-15 00:00:00.000")
          + "3;01018512345;\r\n", "cp1252")  # a column that keeps its zeros: the short value is the data's own
    assert len(load(tmp_path, "FA_FORBINDELSER", ["FOR_FOEDSELSNUMMER", "FOR_PASSIVISERTDATO"])) == 3


@pytest.mark.parametrize(("written", "stored"), [("SANN", 1), ("USANN", 0)])
def test_flags_after_a_norwegian_excel(tmp_path: Path, written: str, stored: int) -> None:
    write(tmp_path, "FA_JOURNALTYPE.csv", f"JOT_IDENT;JOT_TILARKIV\r\nNOT;{written}\r\n", "cp1252")
    assert load(tmp_path, "FA_JOURNALTYPE", ["JOT_TILARKIV"]) == [(stored,)]
