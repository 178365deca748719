"""What SQL Server's export tools write around the data, and the refusals for what an export lost.

This module owns the head of a file (PowerShell's ``#TYPE`` line, the header, sqlcmd's line of dashes), the files
that have no header (bcp, SSMS "Save Results As" by default) or cannot be split (sqlcmd without ``-s``), and the
one-line messages that name the cause and the fix (docs/exporting.md): rows split by an unquoted delimiter, letters
turned into ``?`` by an ASCII export, leading zeros dropped by a spreadsheet. It works on strings: it never opens a
file, and its messages never hold a value from one.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass

from flytcheck.errors import SourceError
from flytcheck.sources.csv_values import is_dashes
from flytcheck.sql import familia

DELIMITERS = (";", ",", "\t", "|")
DELIMITER_NAMES = {";": "';'", ",": "','", "\t": "tab", "|": "'|'"}
POWERSHELL, SQLCMD, PLAIN = "powershell", "sqlcmd", "csv"
"""The shapes a file is recognised as: its tool decides how fields are quoted and what a refusal advises."""

SSMS_HEADERS = (
    'SSMS "Save Results As" writes one only with Tools > Options > Query Results > SQL Server > Results to Grid > '
    '"Include column headers when copying or saving the results" switched on (then run the query in a new window '
    "and save again)"
)
BCP_HEADERS = 'bcp never writes one: export with sqlcmd -s";" -W instead'
NO_HEADER_FIX = f"{BCP_HEADERS}; {SSMS_HEADERS}"
QUOTING_FIX = "export with PowerShell's Export-Csv, which quotes every value (see docs/exporting.md)"
ASCII_FIX = (
    "the file is ASCII, so æ, ø and å became '?' (the default of Windows PowerShell 5.1's Export-Csv): role codes "
    "SØS, STØ and MJØ would not match, so siblings and contractors would be lost; export again with "
    "Export-Csv -Encoding UTF8"
)
CODE_COLUMNS = frozenset(
    {"KTK_ROLLE", "FOT_IDENT", "JOT_IDENT", "SBH_INITIALER", "SBH_UTSJEKKETAV_INITIALER", "MED_STATUS",
     "ENG_STATUS", "DOK_TYPE"}
)
"""Codes and initials: a '?' in one is never a real question mark."""
_LOST_LETTER = re.compile(r"\?[A-Za-z]")
"""In free text, a '?' before a letter stands for a lost letter (S?sken, ?se); one after a word may be a question."""
ZERO_PADDED = {
    ("FA_FORBINDELSER", "FOR_FOEDSELSNUMMER"): (11, True),
    ("FA_FORBINDELSER", "FOR_ORGANISASJONSNR"): (9, False),
}
"""Digit strings of a fixed length, and whether real ones often start with 0 (fødselsnummer on days 01-09), so
that a column where none does has lost its zeros. A spreadsheet drops the zeros of every digit-only value."""
SPREADSHEET_DATE = re.compile(r"\s*\d{1,2}\.\d{1,2}\.\d{4}(?: \d{1,2}[:.]\d{2})?\s*", re.ASCII)
"""A date as Excel saves it (15.03.2012, 15.03.2012 10:09): no export tool writes a day without seconds."""


@dataclass(frozen=True, slots=True)
class Head:
    """Where the header is (line 1, or 2 after PowerShell's #TYPE line), its fields, delimiter and the tool."""

    header_line: int
    header: tuple[str, ...]
    delimiter: str
    tool: str


def read_head(file: str, table: str, lines: Sequence[str]) -> Head:
    """The head of a file from its first (up to three) physical lines; SourceError when there is no usable header."""
    first = 1 if lines and lines[0].startswith("#TYPE") else 0
    line = lines[first] if first < len(lines) else ""
    if not any(lines):
        raise SourceError(f"{file}: no header row (the file is empty): {NO_HEADER_FIX}")
    if not line.strip("\r\n"):
        raise SourceError(f"{file}: no header row (the file starts with a blank line)")
    delimiter, fields = split_header(line.rstrip("\r\n"))
    header = tuple(field.strip().strip('"').strip() for field in fields)
    below = lines[first + 1].rstrip("\r\n") if first + 1 < len(lines) else ""
    known = familia.TABLES.get(table)
    if known is not None and not any(h.upper() in known.columns for h in header):
        raise SourceError(_no_header(file, table, first + 1, line, below, delimiter, known))
    dashes = next(csv.reader([below], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])
    tool = SQLCMD if is_dashes(dashes) else POWERSHELL if first else PLAIN
    return Head(first + 1, header, delimiter, tool)


def _no_header(file: str, table: str, number: int, line: str, below: str, delimiter: str, known: familia.Table) -> str:
    where = f"{file}: no header row (line {number} names none of {table}'s columns)"
    words = line.split()
    if len(words) > 1 and any(w.upper() in known.columns for w in words) and set(below) <= {"-", " "}:
        return f"{where}: columns separated by spaces (sqlcmd without -s) cannot be told apart; " \
               'export with sqlcmd -s";" -W'
    if delimiter == ",":
        return f"{where}: {SSMS_HEADERS}; bcp writes none either"
    return f"{where}: {NO_HEADER_FIX}"


def split_header(line: str) -> tuple[str, list[str]]:
    """The delimiter that splits the header into the most fields; ties go to the earlier in DELIMITERS."""
    best = (DELIMITERS[0], [line])
    for delimiter in DELIMITERS:
        fields = next(csv.reader([line], delimiter=delimiter, quotechar='"'))
        if len(fields) > len(best[1]):
            best = (delimiter, fields)
    return best


def ragged_row(file: str, line: int, found: int, expected: int, delimiter: str) -> str:
    """Why a row has more or fewer fields than the header, and the fix."""
    where = f"{file} line {line}: {found} fields where the header has {expected}"
    if found > expected:
        name = DELIMITER_NAMES[delimiter]
        cause = f"a value holds the delimiter {name} without quotes (SSMS and sqlcmd do not quote)"
    else:
        cause = "a value holds a line break without quotes (SSMS and sqlcmd do not quote), or the row is cut short"
    return f"{where}: {cause}; {QUOTING_FIX}"


def lost_letter(column: str, values: Sequence[str]) -> int | None:
    """Where, in a column of an ASCII file, a '?' stands for a lost letter; None if nowhere."""
    if "?" not in "".join(values):
        return None
    if column in CODE_COLUMNS:
        return next(i for i, v in enumerate(values) if "?" in v)
    return next((i for i, v in enumerate(values) if _LOST_LETTER.search(v)), None)


def lost_letter_message(file: str, line: int, column: str) -> str:
    return f"{file} line {line}, column {column}: '?' where a letter was: {ASCII_FIX}"


@dataclass(slots=True)
class ZeroWatch:
    """Watches a zero-padded column for a spreadsheet's work: digit-only values too short, and the evidence."""

    length: int
    zeros_expected: bool
    first_short: int | None = None
    """The physical line of the first digit-only value shorter than ``length`` (set by the loader)."""
    first_one_short: int | None = None
    """The same for a value exactly one digit short."""
    kept_zero: bool = False
    spreadsheet: bool = False
    """The file has a date as only a spreadsheet writes it."""

    def see(self, values: Sequence[str]) -> tuple[int | None, int | None]:
        """Notes a batch; the indexes of its first short and first one-short value (None: none, or seen before)."""
        short = one_short = None
        for i, value in enumerate(values):
            digits = value.strip()
            if not (digits.isdigit() and digits.isascii()):
                continue
            if digits[0] == "0" and len(digits) > 1:
                self.kept_zero = True
            if len(digits) < self.length and short is None and self.first_short is None:
                short = i
            if len(digits) == self.length - 1 and one_short is None and self.first_one_short is None:
                one_short = i
        return short, one_short

    def see_dates(self, values: Sequence[str]) -> None:
        if not self.spreadsheet:
            self.spreadsheet = any(SPREADSHEET_DATE.fullmatch(v) for v in values if "." in v)

    def lost_at(self) -> int | None:
        """The line of the first value that lost leading zeros, when the file shows that a spreadsheet saved it
        (its dates), or the column shows it (no value keeps a leading 0 where real ones do).

        A value of the column that kept its leading 0 proves that nothing stripped this column's zeros (Excel's
        text import keeps them, and writes its dates as dd.mm.yyyy): a short number there is short in Familia
        itself, and the rules report it (a 10-digit fødselsnummer says that it has probably lost a 0)."""
        if self.kept_zero:
            return None
        if self.spreadsheet and self.first_short is not None:
            return self.first_short
        return self.first_one_short if self.zeros_expected else None


def lost_zero_message(file: str, line: int, column: str, length: int) -> str:
    return (
        f"{file} line {line}, column {column}: fewer digits than the {length} of the number, in a file whose dates "
        "or numbers show that a spreadsheet (Excel) saved it and dropped the leading zeros; export the table again "
        "and do not save it from Excel (see docs/exporting.md)"
    )
