"""A folder of CSV files, one per Familia table (README, "Sources"): find, sniff and stream them into SQLite.

This module owns file discovery, encoding and delimiter detection, the habits of SQL Server's export tools
(SSMS, the wizard, sqlcmd, PowerShell, bcp -w) and the streaming load; value conversion is ``csv_values``.
It only opens source files for reading: it never writes to, creates in or deletes from the source folder.
Errors say where (file, line, column), never what the value is.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from flytcheck.errors import SourceError
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

_MARK = "\ud800"
"""Stands in for undecodable bytes (a lone surrogate: no strict decoder yields one) to name their line."""


def _mark_bad_bytes(exc: UnicodeError) -> tuple[str, int]:
    if isinstance(exc, UnicodeDecodeError):
        return _MARK, exc.end
    raise exc


_ERRORS = "flytcheck.mark"
codecs.register_error(_ERRORS, _mark_bad_bytes)

SAMPLE_BYTES = 4 << 20
"""The encoding is decided on the first 4 MB that hold a non-ASCII byte (UTF-8 unless its invalid bytes
outnumber its valid UTF-8 characters, then cp1252); every byte of the file must then agree."""
CHUNK_CHARS = 1 << 20
BATCH_ROWS = 10_000
PROGRESS_ROWS = 50_000
FIELD_LIMIT = 64 << 20
DELIMITERS = (";", ",", "\t", "|")
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Where str.splitlines (faster) breaks lines and CSV does not."""
SUFFIXES = frozenset({".csv", ".txt"})
_BAD_BYTES = {
    "utf-8": "bytes that are not UTF-8 in a file that is otherwise UTF-8 (save the file in one encoding)",
    "utf-8-sig": "bytes that are not UTF-8, though the file starts with a UTF-8 byte-order mark",
    "cp1252": "bytes that are undefined in Windows-1252 (cp1252): the file is in another encoding",
}


@dataclass(frozen=True, slots=True)
class CsvTable:
    """One table's file: its canonical name, where it is, its header and how it is written."""

    name: str
    path: Path
    header: tuple[str, ...]
    encoding: str
    delimiter: str


def inspect_folder(folder: Path) -> dict[str, CsvTable]:
    """Each *.csv/*.txt file's header, encoding and delimiter, keyed by the file stem upper-cased.

    Reads only that much of each file. A file named after a Familia table must have a header row naming one of
    its columns; other files are listed when readable and left out when not (they are never needed).
    """
    if not folder.is_dir():
        raise SourceError(f"{folder} is not a folder")
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
    if not paths:
        raise SourceError(f"no CSV files (*.csv, *.txt) in {folder}")
    by_name: dict[str, Path] = {}
    for path in paths:
        other = by_name.setdefault(path.stem.upper(), path)
        if other is not path:
            names = f"{other.name} and {path.name}"
            raise SourceError(f"two files for table {path.stem.upper()} in {folder}: {names}")
    found: dict[str, CsvTable] = {}
    for name, path in by_name.items():
        try:
            found[name] = _inspect_file(path, name)
        except SourceError:
            if name in familia.TABLES:
                raise
    return found


def _inspect_file(path: Path, name: str) -> CsvTable:
    try:
        encoding = _detect_encoding(path)
        with _open_text(path, encoding) as f:
            line = f.readline(FIELD_LIMIT)
    except OSError as exc:
        raise SourceError(f"{path.name}: cannot be read ({exc.strerror})") from None
    if not line.strip("\r\n"):
        raise SourceError(f"{path.name}: no header row (the file is empty or starts with a blank line)")
    _check_line(path.name, encoding, line, 1)
    delimiter, fields = _split_header(line.rstrip("\r\n"))
    header = tuple(field.strip().strip('"').strip() for field in fields)
    table = familia.TABLES.get(name)
    if table is not None and not any(h.upper() in table.columns for h in header):
        raise SourceError(
            f"{path.name}: no header row (line 1 names none of {name}'s columns; "
            "bcp output without a header is not supported: export with column headers)"
        )
    return CsvTable(name, path, header, encoding, delimiter)


def _detect_encoding(path: Path) -> str:
    with path.open("rb") as f:
        sample = f.read(SAMPLE_BYTES)
        if sample.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if _looks_utf16le(sample[:1024]):
            return "utf-16-le"
        while sample.isascii():
            sample = f.read(SAMPLE_BYTES)
            if not sample:
                return "utf-8"
        final = not f.read(1)
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(sample, final)
    bad = text.count("\ufffd")
    if not bad:
        return "utf-8"
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return "utf-8" if good >= bad else "cp1252"  # UTF-8 with stray bytes: refused at their line, not misread


def _looks_utf16le(head: bytes) -> bool:
    """UTF-16LE without a byte-order mark (bcp -w): NUL in (nearly) every odd position, not in even ones."""
    pairs = len(head) // 2
    if pairs == 0:
        return False
    odd_nul = head[1 : 2 * pairs : 2].count(0)
    even_nul = head[0 : 2 * pairs : 2].count(0)
    return odd_nul >= 0.9 * pairs and even_nul <= 0.1 * pairs


def _split_header(line: str) -> tuple[str, list[str]]:
    """The delimiter that splits the header into the most fields; ties go to the earlier in DELIMITERS."""
    best = (DELIMITERS[0], [line])
    for delimiter in DELIMITERS:
        fields = next(csv.reader([line], delimiter=delimiter, quotechar='"'))
        if len(fields) > len(best[1]):
            best = (delimiter, fields)
    return best


def _open_text(path: Path, encoding: str) -> TextIO:
    return path.open(encoding=encoding, errors=_ERRORS, newline="")


def _check_line(file: str, encoding: str, text: str, line: int) -> None:
    if "\x00" in text:
        raise SourceError(f"{file} line {line}: NUL byte (binary, or UTF-16 without a byte-order mark?)")
    if _MARK in text:
        raise SourceError(f"{file} line {line}: {_BAD_BYTES.get(encoding, 'bytes that are not valid UTF-16')}")


def _line_blocks(f: TextIO, table: CsvTable) -> Iterator[list[str]]:
    """The file's physical lines (ended by \\n, \\r\\n or \\r), a megabyte at a time, checked for bad bytes.

    Whole fields written as ``"NULL"`` become the QUOTED_NULL marker so that they stay text."""
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
        if "\x00" in text or _MARK in text:
            for i, line in enumerate(lines):
                _check_line(table.path.name, table.encoding, line, done + i + 1)
        merged = bool(pending) and '"NULL"' in lines[0]
        pending = lines.pop() if text and lines and not lines[-1].endswith("\n") else ""
        if len(pending) > FIELD_LIMIT:
            raise SourceError(f"{table.path.name} line {done + len(lines) + 1}: longer than 64 MB")
        if merged or '"NULL"' in text:
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

    def run(self, progress: Callable[[str, int], None] | None) -> int:
        name, cols = _quote(self.table.name), self.columns
        spec = ", ".join(f"{_quote(c)} {SQLITE_TYPES[t]}" for c, t in zip(cols, self.types, strict=True))
        self.conn.execute(f"CREATE TABLE {name} ({spec})")
        row = f"({', '.join('?' * len(cols))})"
        group = max(1, 999 // len(cols)) if len(cols) > 9 else 100
        inserts = (f"INSERT INTO {name} VALUES {row}", f"INSERT INTO {name} VALUES {', '.join([row] * group)}")
        total = reported = 0
        with _open_text(self.table.path, self.table.encoding) as f:
            lines = chain.from_iterable(_line_blocks(f, self.table))
            reader = csv.reader(lines, delimiter=self.table.delimiter)
            self.header_row = (self._read(reader, 1) or [[]])[0]
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
                        why = f"{len(row)} fields where the header has {n}"
                        raise SourceError(f"{self.file} line {self._line(i, raw=True)}: {why}")
                    self.keep.append(i)
        rows = batch if self.keep is None else [batch[i] for i in self.keep]
        if self.header_row in rows:
            line = self._line(rows.index(self.header_row))
            raise SourceError(f"{self.file}: header repeated at line {line}")
        return rows

    def _convert(self, rows: list[list[str]]) -> list[Sequence[Value]]:
        fields = [[row[i] for row in rows] for i in self.idx]
        try:
            return [convert(col) for convert, col in zip(self.converters, fields, strict=True)]
        except ConversionError:
            pass
        errors = [(*found, c) for c, t, col in zip(self.columns, self.types, fields, strict=True)
                  if (found := first_error(t, col)) is not None]
        i, why, column = min(errors, default=(0, "cannot be converted", "?"))
        raise SourceError(f"{self.file} line {self._line(i)}, column {column}: {why}")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
