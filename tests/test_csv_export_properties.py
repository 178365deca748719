"""Property: any Familia table written through any export shape with a header (tests/export_shapes.py) reads back
as the file holds it, or is refused naming what the export lost; and where the loss would change what flytcheck
finds (a role code or initials that lost a letter, a value that split a row, a fødselsnummer that lost its leading
zero), it is always refused. Invented data only.

"As the file holds it": each tool's documented losses are part of the expectation, never of the reader's leeway:
sqlcmd cannot carry trailing spaces, SSMS and sqlcmd write NULL and the text NULL alike, Excel keeps minutes, not
seconds, and the digits of digit-only text, not its leading zeros. A file of ASCII only may be refused wherever
a '?' stands in a code or before a letter: it cannot be told from a letter lost by an ASCII export.
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from export_shapes import ASCII_CAUSE, EXPORTS, Export
from flytcheck.errors import SourceError
from flytcheck.sources.csv_dialects import CODE_COLUMNS
from flytcheck.sources.csv_folder import inspect_folder
from flytcheck.sources.csv_load import load_tables
from flytcheck.sql import familia
from flytcheck.sql.familia import ColumnType

WITH_HEADER = [e for e in EXPORTS if not e.headerless]
TABLES = sorted(familia.TABLES)
ALPHABET = "abcXYZ019 æøåÆØÅéü?-.;,|\"'"
"""Letters, Norwegian and other; digits; and what quoting is about. Line breaks only where the tool quotes."""


@st.composite
def value(draw: st.DrawFn, kind: ColumnType, quoted: bool) -> Any:
    if draw(st.integers(0, 6)) == 0:
        return None
    if kind is ColumnType.INTEGER:
        return draw(st.integers(0, 10**11))
    if kind is ColumnType.DECIMAL:
        return Decimal(draw(st.integers(0, 99_999))) / 1000
    if kind is ColumnType.FLAG:
        return draw(st.integers(0, 1))
    if kind is ColumnType.DATE:
        moment = draw(st.datetimes(datetime(1900, 1, 1), datetime(2100, 12, 31)))
        return moment.replace(microsecond=moment.microsecond // 1000 * 1000) if draw(st.booleans()) else \
            moment.replace(hour=0, minute=0, second=0, microsecond=0)
    text = draw(st.one_of(
        st.text(alphabet=ALPHABET + ("\r\n" if quoted else ""), min_size=1, max_size=10),
        st.sampled_from(["SØS", "STØ", "MJØ", "MOR", "NULL", "01018512345", "974760673", "  "]),
    ))
    return text


def _fraction_free(moment: datetime, minutes_only: bool) -> str:
    moment = moment.replace(second=0 if minutes_only else moment.second, microsecond=0)
    return moment.strftime("%Y-%m-%d" if moment.time() == datetime.min.time() else "%Y-%m-%d %H:%M:%S")


def held(export: Export, kind: ColumnType, stored: Any) -> Any:
    """What an exact reader gives for `stored` from the file `export` writes: the tool's own losses applied."""
    if stored is None:
        return None
    if kind is ColumnType.DATE:
        return _fraction_free(stored, minutes_only=export.name.startswith("excel"))
    if kind is ColumnType.DECIMAL:
        return float(stored)
    if kind is not ColumnType.TEXT:
        return stored
    written = export.fmt(kind, stored).encode("ascii", "replace").decode() if export.encoding == "ascii?" else \
        export.fmt(kind, stored)
    if export.dashes:  # sqlcmd
        written = written.rstrip(" ")
    if written == "" or (written == "NULL" and export.quoting != "all"):
        return None
    return written


def must_refuse(export: Export, table: str, rows: list[list[Any]]) -> bool:
    """The export lost what flytcheck compares: letters of codes, a row's shape, a fødselsnummer's zero."""
    columns = list(familia.TABLES[table].columns)
    texts = [(c, r[i]) for r in rows for i, c in enumerate(columns) if isinstance(r[i], str)]
    if export.encoding == "ascii?":
        return any(c in CODE_COLUMNS and not v.isascii() for c, v in texts)
    if export.quoting == "none":
        return any(export.delimiter in v for _, v in texts)
    if export.name.startswith("excel"):
        return any(c == "FOR_FOEDSELSNUMMER" and len(v) == 11 and v.isdigit() and v[0] == "0" for c, v in texts)
    return False


@st.composite
def tables(draw: st.DrawFn) -> tuple[Export, str, list[list[Any]]]:
    export = draw(st.sampled_from(WITH_HEADER))
    table = draw(st.sampled_from(TABLES))
    quoted = export.quoting != "none"
    kinds = list(familia.TABLES[table].columns.values())
    rows = draw(st.lists(st.tuples(*(value(k, quoted) for k in kinds)).map(list), max_size=12))
    return export, table, rows


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=tables())
def test_any_table_through_any_export_reads_back_as_held_or_is_refused(
    drawn: tuple[Export, str, list[list[Any]]],
) -> None:
    export, table, rows = drawn
    kinds = list(familia.TABLES[table].columns.values())
    if export.quoting == "none" and export.delimiter != ";":
        # SSMS: a field that starts with " reads as quoted, and one left open runs to the end of the file, which can
        # give the header's number of fields by chance: such a value (`"…`, or `…,"…` split at its comma) is beyond
        # what a reader can tell from a real one
        assume(not any(isinstance(v, str) and (v.startswith('"') or export.delimiter + '"' in v)
                       for r in rows for v in r))
    data = export.file(table, rows)
    causes = export.lossy + ((ASCII_CAUSE,) if data.isascii() and b"?" in data else ())  # a real ? cannot be told
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, f"{table}.csv").write_bytes(data)
        connection = sqlite3.connect(":memory:")
        try:
            files = inspect_folder(Path(tmp))
            load_tables(files, {table: list(familia.TABLES[table].columns)}, connection)
        except SourceError as refusal:
            message = str(refusal)
            assert any(cause in message for cause in causes), message
            return
        loaded = connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
    assert not must_refuse(export, table, rows), f"{export.name} lost what flytcheck compares, yet was read"
    assert loaded == [tuple(held(export, k, v) for k, v in zip(kinds, row, strict=True)) for row in rows]
