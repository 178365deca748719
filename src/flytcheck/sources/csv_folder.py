"""A folder of CSV files, one per Familia table: find them and read their heads (encoding, header, tool).

This module owns file discovery and ``CsvTable``, the plain description of one file that the loaders (``csv_load``,
and ``csv_parallel`` in worker processes) receive. Encodings are ``csv_encoding``, the export tools' shapes and
refusals ``csv_dialects``. It only opens source files for reading: it never writes to, creates in or deletes from
the source folder. Errors say where (file, line), never the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flytcheck.errors import SourceError
from flytcheck.file_kinds import special_kind
from flytcheck.sources.csv_dialects import PLAIN, read_head
from flytcheck.sources.csv_encoding import FIELD_LIMIT, check_line, detect_encoding, open_text
from flytcheck.sql import familia

SUFFIXES = frozenset({".csv", ".txt"})


@dataclass(frozen=True, slots=True)
class CsvTable:
    """One table's file: its canonical name, where it is, its header and how it is written."""

    name: str
    path: Path
    header: tuple[str, ...]
    encoding: str
    delimiter: str
    tool: str = PLAIN
    """The export shape (csv_dialects): sqlcmd files are read without quoting, as sqlcmd writes them."""
    header_line: int = 1
    """The header's physical line: 2 after Windows PowerShell's #TYPE line."""


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


def not_files(folder: Path) -> dict[str, str]:
    """Familia table -> why its `*.csv`/`*.txt` name is no file to read (`FA_KLIENT.csv: a named pipe (FIFO),
    not a CSV file`): a folder, a pipe, a device, a socket or a dangling link. Such a name is never opened (a pipe
    would wait forever for a writer); a scan that needs the table says this rather than "table missing"."""
    found: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        kind = special_kind(path) if path.suffix.lower() in SUFFIXES else None
        if kind is not None and path.stem.upper() in familia.TABLES:
            found.setdefault(path.stem.upper(), f"{path.name}: {kind}, not a CSV file")
    return found


def _inspect_file(path: Path, name: str) -> CsvTable:
    try:
        encoding = detect_encoding(path)
        with open_text(path, encoding) as f:
            lines = [f.readline(FIELD_LIMIT) for _ in range(3)]
    except OSError as exc:
        raise SourceError(f"{path.name}: cannot be read ({exc.strerror})") from None
    head = read_head(path.name, name, lines)
    check_line(path.name, encoding, lines[head.header_line - 1], head.header_line)
    return CsvTable(name, path, head.header, encoding, head.delimiter, head.tool, head.header_line)


