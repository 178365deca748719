"""Property: any table written by Python's csv module, in any supported encoding, delimiter, line ending and
quoting style, reads back as what was written (typed by the Familia column types). Invented data only."""

from __future__ import annotations

import csv
import io
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from flytcheck.sources.csv_folder import inspect_folder
from flytcheck.sources.csv_load import load_tables
from flytcheck.sql.familia import TABLES, ColumnType

TABLE = TABLES["FA_JOURNAL"]  # integers, text, dates and flags
COLUMNS = list(TABLE.columns)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]
TEXT = st.text(alphabet='abcXYZ019 æøåÆØÅ"\';,\t|\n\r-.\x0b\x1c\u2028STØNUL', max_size=12)


@dataclass(frozen=True)
class Cell:
    written: str
    stored: object
    plain_null: bool = False  # unquoted, this text is NULL


@st.composite
def integers(draw: st.DrawFn) -> Cell:
    if draw(st.booleans()) and draw(st.booleans()):
        return Cell(draw(st.sampled_from(["", "NULL"])), None)
    value = draw(st.integers(-(2**40), 2**40))
    style = draw(st.sampled_from(["{}", "{}.0", "{},00", "00{}", " {} "]))
    text = style.format(value) if not style.startswith("00") or value >= 0 else f"-00{-value}"
    return Cell(text, value)


@st.composite
def dates(draw: st.DrawFn) -> Cell:
    if draw(st.integers(0, 5)) == 0:
        return Cell(draw(st.sampled_from(["", "NULL"])), None)
    moment = draw(st.datetimes(datetime(1900, 1, 1), datetime(2100, 12, 31)))
    if draw(st.booleans()):
        moment = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    day = moment.strftime("%Y-%m-%d")
    seconds = moment.replace(microsecond=0)  # fractions are dropped; 00:00:00.500 is midnight
    stored = day if seconds.time() == datetime.min.time() else seconds.strftime("%Y-%m-%d %H:%M:%S")
    written = draw(
        st.sampled_from(
            [
                moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d}",
                moment.strftime("%Y-%m-%d %H:%M:%S"),
                moment.strftime("%Y-%m-%dT%H:%M:%S"),
                moment.strftime("%d.%m.%Y %H:%M:%S"),
            ]
        )
    )
    if stored == day:
        written = draw(st.sampled_from([written, day, moment.strftime("%d.%m.%Y"), day + " 00:00:00.000"]))
    return Cell(written, stored)


@st.composite
def flags(draw: st.DrawFn) -> Cell:
    written = draw(st.sampled_from(["0", "1", "True", "false", "-1", "", "NULL"]))
    return Cell(written, {"": None, "NULL": None, "false": 0, "0": 0}.get(written, 1))


@st.composite
def texts(draw: st.DrawFn) -> Cell:
    value = draw(st.one_of(TEXT, st.sampled_from(["NULL", "SØS", "STØ", "", " ", "null"])))
    return Cell(value, value or None, plain_null=value == "NULL")


def _csv_line(fields: list[str], delimiter: str, quote_all: bool) -> str:
    """One row by Python's csv module. Written with \\r\\n, so that fields holding \\r or \\n are quoted
    whatever the file's own line ending (with lineterminator="\\r" the writer leaves a \\n unquoted)."""
    buffer = io.StringIO(newline="")
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=quoting).writerow(fields)
    return buffer.getvalue().removesuffix("\r\n")


CELLS = {ColumnType.INTEGER: integers(), ColumnType.DATE: dates(), ColumnType.FLAG: flags(), ColumnType.TEXT: texts()}
ROW = st.tuples(*(CELLS[TABLE.columns[c]] for c in COLUMNS))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(ROW, max_size=25),
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from([";", ",", "\t", "|"]),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    quote_all=st.booleans(),
    header_case=st.sampled_from([str.upper, str.lower, lambda s: f" {s} "]),
    needed=st.sets(st.sampled_from(COLUMNS), min_size=1),
)
def test_tables_read_back_as_written(
    rows: list[tuple[Cell, ...]],
    encoding: str,
    delimiter: str,
    ending: str,
    quote_all: bool,
    header_case: object,
    needed: set[str],
) -> None:
    assert callable(header_case)
    lines = [[header_case(c) for c in COLUMNS], *([cell.written for cell in row] for row in rows)]
    text = "".join(_csv_line(line, delimiter, quote_all) + ending for line in lines)
    wanted = [c for c in COLUMNS if c in needed]
    positions = [COLUMNS.index(c) for c in wanted]
    expected = [
        tuple(None if row[i].plain_null and not quote_all else row[i].stored for i in positions) for row in rows
    ]
    assume(encoding != "cp1252" or "\u2028" not in text)  # not in Windows-1252
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "FA_JOURNAL.csv").write_bytes(text.encode(encoding))
        tables = inspect_folder(Path(tmp))
        assert tables["FA_JOURNAL"].delimiter == delimiter
        conn = sqlite3.connect(":memory:")
        assert load_tables(tables, {"FA_JOURNAL": wanted}, conn) == {"FA_JOURNAL": len(rows)}
        assert conn.execute("SELECT * FROM FA_JOURNAL ORDER BY rowid").fetchall() == expected
