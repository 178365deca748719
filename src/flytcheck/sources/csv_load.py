"""The streaming load of one folder's needed tables into SQLite, a batch of rows at a time.

This module owns reading a file's physical lines (bad bytes named by line), parsing them as its export tool wrote
them, and inserting converted rows; what a row means is ``csv_values``, what a tool lost ``csv_dialects``. It only
opens source files for reading. Errors say where (file, line, column), never the value.
"""

from __future__ import annotations

import csv
import gc
import io
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain, islice
from typing import TYPE_CHECKING, Literal, TextIO

from flytcheck.errors import SourceError
from flytcheck.sources.csv_dialects import (
    SQLCMD,
    ZERO_PADDED,
    ZeroWatch,
    lost_letter,
    lost_letter_message,
    lost_zero_message,
    ragged_row,
)
from flytcheck.sources.csv_encoding import FIELD_LIMIT, MARK, check_line, open_text
from flytcheck.sources.csv_values import (
    QUOTED_NULL,
    SQLITE_TYPES,
    ColumnConverter,
    ConversionError,
    Value,
    column_converter,
    first_error,
    is_blank,
    is_dashes,
    line_breaks,
)
from flytcheck.sql import familia

if TYPE_CHECKING:
    from _csv import Reader

    from flytcheck.sources.csv_folder import CsvTable

CHUNK_CHARS = 1 << 20
BATCH_ROWS = 10_000
PROGRESS_ROWS = 50_000
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Where str.splitlines (faster) breaks lines and CSV does not."""


def _line_blocks(f: TextIO, table: CsvTable) -> Iterator[list[str]]:
    """The file's physical lines (ended by \\n, \\r\\n or \\r), a megabyte at a time, checked for bad bytes.

    Whole fields written as ``"NULL"`` become the QUOTED_NULL marker so that they stay text."""
    quoted = table.tool != SQLCMD  # sqlcmd never quotes: "NULL" with its quotes is text there
    d = re.escape(table.delimiter)
    quoted_null = re.compile(f'(?<![^{d}\\r\\n])"NULL"(?![^{d}\\r\\n])')
    marker = f'"{QUOTED_NULL}"'
    pending, done = "", 0
    while True:
        text = f.read(CHUNK_CHARS)
        if any(c in text for c in _OTHER_BREAKS):
            lines = io.StringIO(text, newline="").readlines()  # only \n, \r\n and \r
        else:
            lines = text.splitlines(True)
        if pending and pending[-1] == "\r" and not text.startswith("\n"):
            lines.insert(0, pending)
        elif pending:
            lines[:1] = [pending + (lines[0] if lines else "")]
        if "\x00" in text or MARK in text:
            for i, line in enumerate(lines):
                check_line(table.path.name, table.encoding, line, done + i + 1)
        merged = quoted and bool(pending) and '"NULL"' in lines[0]
        pending = lines.pop() if text and lines and not lines[-1].endswith("\n") else ""
        if len(pending) > FIELD_LIMIT:
            raise SourceError(f"{table.path.name} line {done + len(lines) + 1}: longer than 64 MB")
        if merged or (quoted and '"NULL"' in text):
            lines = [quoted_null.sub(marker, line) if '"NULL"' in line else line for line in lines]
        done += len(lines)
        yield lines
        if not text:
            return


def load_tables(
    tables: Mapping[str, CsvTable],
    needed: Mapping[str, Sequence[str]],
    conn: sqlite3.Connection,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Create each needed table in ``conn`` with exactly the needed columns; stream the file's rows into it.

    Values are converted by their familia.ColumnType (columns familia does not know are text). Returns rows
    loaded per table; ``progress(table, rows_so_far)`` is called about every 50,000 rows and at the end.
    """
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    loaded: dict[str, int] = {}
    collecting = gc.isenabled()
    gc.disable()  # millions of short-lived row lists, none cyclic: collections would cost a fifth of the time
    try:
        for name, columns in needed.items():
            table = tables.get(name)
            if table is None:
                raise SourceError(f"no file for table {name}")
            try:
                loaded[name] = _TableLoad(table, list(dict.fromkeys(columns)), conn).run(progress)
            except OSError as exc:
                raise SourceError(f"{table.path.name}: cannot be read ({exc.strerror})") from None
    finally:
        if collecting:
            gc.enable()
    return loaded


class _TableLoad:
    """One file into one SQLite table, batch by batch (``batch``, ``base`` and ``keep``: the current one)."""

    def __init__(self, table: CsvTable, columns: list[str], conn: sqlite3.Connection) -> None:
        self.table, self.columns, self.conn, self.file = table, columns, conn, table.path.name
        upper = [h.upper() for h in table.header]
        for column in columns:
            if upper.count(column) != 1:
                where = "appears more than once in" if column in upper else "is not in"
                raise SourceError(f"{self.file}: column {column} {where} the header")
        self.idx = [upper.index(c) for c in columns]
        known = familia.TABLES[table.name].columns if table.name in familia.TABLES else {}
        self.types = [known.get(c, familia.ColumnType.TEXT) for c in columns]
        self.converters: list[ColumnConverter] = []
        self.header_row: list[str] = []
        self.batch: list[list[str]] = []
        self.keep: list[int] | None = None
        self.base, self.sqlcmd = 0, False
        self.ascii = table.encoding == "ascii"
        self.texts = [i for i, t in enumerate(self.types) if t is familia.ColumnType.TEXT]
        padded = [(i, ZERO_PADDED.get((table.name, c))) for i, c in enumerate(columns)]
        self.zeros = {i: ZeroWatch(*spec) for i, spec in padded if spec is not None}
        self.dates = [i for i, t in enumerate(self.types) if t is familia.ColumnType.DATE] if self.zeros else []

    def run(self, progress: Callable[[str, int], None] | None) -> int:
        name, cols = _quote(self.table.name), self.columns
        spec = ", ".join(f"{_quote(c)} {SQLITE_TYPES[t]}" for c, t in zip(cols, self.types, strict=True))
        self.conn.execute(f"CREATE TABLE {name} ({spec})")
        row = f"({', '.join('?' * len(cols))})"
        group = max(1, 999 // len(cols)) if len(cols) > 9 else 100
        inserts = (f"INSERT INTO {name} VALUES {row}", f"INSERT INTO {name} VALUES {', '.join([row] * group)}")
        total = reported = 0
        quoting: Literal[0, 3] = csv.QUOTE_NONE if self.table.tool == SQLCMD else csv.QUOTE_MINIMAL
        with open_text(self.table.path, self.table.encoding) as f:
            lines = chain.from_iterable(_line_blocks(f, self.table))
            reader = csv.reader(lines, delimiter=self.table.delimiter, quoting=quoting)
            self.header_row = (self._read(reader, self.table.header_line) or [[]])[-1]  # after a #TYPE line
            if len(self.header_row) != len(self.table.header):
                raise SourceError(f"{self.file}: the header changed since the folder was inspected")
            while (rows := self._read(reader, BATCH_ROWS)) is not None:
                if not self.converters:
                    self.converters = [column_converter(t, padded=self.sqlcmd) for t in self.types]
                if not rows:
                    continue
                try:
                    self._insert(inserts, group, self._convert(rows))
                except UnicodeEncodeError:
                    where = f"{self.file} lines {self.base + 1}-{reader.line_num}"
                    raise SourceError(f"{where}: malformed quoting around a quoted NULL") from None
                total += len(rows)
                if progress is not None and total - reported >= PROGRESS_ROWS:
                    progress(self.table.name, reported := total)
        for i, watch in self.zeros.items():
            if (line := watch.lost_at()) is not None:
                raise SourceError(lost_zero_message(self.file, line, self.columns[i], watch.length))
        self.conn.commit()
        if progress is not None and total != reported:
            progress(self.table.name, total)
        return total

    def _insert(self, inserts: tuple[str, str], group: int, values: list[Sequence[Value]]) -> None:
        """Rows a hundred to a statement: a third of the cost of one statement per row."""
        width, count = len(values), len(values[0])
        rows: list[Value] = [None] * (width * count)
        for i, column in enumerate(values):
            rows[i::width] = column
        flat, groups = iter(rows), count // group
        self.conn.executemany(inserts[1], islice(zip(*[flat] * (width * group), strict=False), groups))
        self.conn.executemany(inserts[0], zip(*[flat] * width, strict=False))

    def _read(self, reader: Reader, count: int) -> list[list[str]] | None:
        """The next batch's data rows (maybe none, when all were skipped); None at the end of the file."""
        self.base, self.batch, self.keep = reader.line_num, [], None
        try:
            self.batch.extend(islice(reader, count))
        except csv.Error as exc:
            big = "limit" in str(exc)
            why = "a field is larger than 64 MB (an unclosed quote?)" if big else "not valid CSV"
            raise SourceError(f"{self.file} line {self._line(len(self.batch), raw=True)}: {why}") from None
        if not self.batch:
            return None
        return self._clean() if self.header_row else self.batch

    def _line(self, i: int, raw: bool = False) -> int:
        """The physical line where data row ``i`` (batch row if raw) starts; rows span 1 + their breaks."""
        j = i if raw or self.keep is None else self.keep[i]
        return self.base + 1 + sum(1 + line_breaks(row) for row in self.batch[:j])

    def _clean(self) -> list[list[str]]:
        """The batch less blank lines, sqlcmd's dashes and footer; ragged rows and repeated headers fail."""
        batch, n, first = self.batch, len(self.header_row), not self.converters
        if set(map(len, batch)) != {n} or (first and is_dashes(batch[0])):
            self.keep = []
            for i, row in enumerate(batch):
                if first and i == 0 and is_dashes(row):
                    self.sqlcmd = True  # a line of dashes under the header; without -W values are padded
                elif not is_blank(row):
                    if len(row) != n:
                        line = self._line(i, raw=True)
                        raise SourceError(ragged_row(self.file, line, len(row), n, self.table.delimiter))
                    self.keep.append(i)
        rows = batch if self.keep is None else [batch[i] for i in self.keep]
        if self.header_row in rows:
            line = self._line(rows.index(self.header_row))
            raise SourceError(f"{self.file}: header repeated at line {line}")
        return rows

    def _convert(self, rows: list[list[str]]) -> list[Sequence[Value]]:
        fields = [[row[i] for row in rows] for i in self.idx]
        self._check_losses(fields)
        try:
            return [convert(col) for convert, col in zip(self.converters, fields, strict=True)]
        except ConversionError:
            pass
        errors = [(*found, c) for c, t, col in zip(self.columns, self.types, fields, strict=True)
                  if (found := first_error(t, col)) is not None]
        i, why, column = min(errors, default=(0, "cannot be converted", "?"))
        raise SourceError(f"{self.file} line {self._line(i)}, column {column}: {why}")


    def _check_losses(self, fields: list[list[str]]) -> None:
        """What an export tool lost: letters turned into '?' (ASCII files), leading zeros (spreadsheets)."""
        for i in self.texts if self.ascii else ():
            if (at := lost_letter(self.columns[i], fields[i])) is not None:
                raise SourceError(lost_letter_message(self.file, self._line(at), self.columns[i]))
        for i, watch in self.zeros.items():
            short, one_short = watch.see(fields[i])
            watch.first_short = watch.first_short if short is None else self._line(short)
            watch.first_one_short = watch.first_one_short if one_short is None else self._line(one_short)
            for j in self.dates:
                watch.see_dates(fields[j])


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
