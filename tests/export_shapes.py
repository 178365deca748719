"""The files that Norwegian IT's export tools write, made from typed rows of a Familia table (generated fixtures).

Each `Export` reproduces one tool with its defaults, as docs/exporting.md describes them: how it formats integers,
decimals, datetimes, flags and NULL, how it quotes, what it writes before the header and after the rows, its
delimiter, line end and encoding; and what the tool loses (`lossy`) or leaves out (`headerless`). A refusal of its
files must name `cause`. `write_folder` turns a rule case's data into one folder of such files: nothing is typed by
hand. The values are those the database holds (`typed_rows`), so the folder scans like the case's SQLite copy.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from flytcheck.sql import familia
from flytcheck.sql.familia import ColumnType

CRLF = "\r\n"
DATAROW_EXTRAS = (("RowError", ""), ("RowState", "Unchanged"), ("Table", ""), ("ItemArray", "System.Object[]"),
                  ("HasErrors", "False"))
"""Properties of System.Data.DataRow that Export-Csv writes after the columns of an Invoke-Sqlcmd result."""
Format = Callable[[ColumnType, Any], str]


def typed_rows(table: str, rows: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
    """The rows as the database holds them: every known column, in order; "" is NULL, dates are datetimes."""
    kinds = familia.TABLES[table].columns
    return [[_typed(kinds[c], row.get(c)) for c in kinds] for row in rows]


def _typed(kind: ColumnType, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind is ColumnType.DATE:
        if isinstance(value, str):
            return datetime.fromisoformat(value)
        if not isinstance(value, datetime) and isinstance(value, date):
            return datetime(value.year, value.month, value.day)
    if kind is ColumnType.DECIMAL:
        return Decimal(str(value))
    return value


# --- how each tool writes one value ----------------------------------------------------------------------------------


def sql_server(kind: ColumnType, value: Any) -> str:
    """sqlcmd, SSMS and bcp: SQL Server's own text forms; NULL is `NULL`."""
    if value is None:
        return "NULL"
    if kind is ColumnType.DATE:
        return value.strftime("%Y-%m-%d %H:%M:%S.") + f"{value.microsecond // 1000:03d}"
    if kind is ColumnType.DECIMAL:
        return f"{value:.3f}"  # numeric(5,3)
    return str(value)


def bcp(kind: ColumnType, value: Any) -> str:
    """bcp -c/-w: as SQL Server, but NULL is an empty field and an empty string one NUL character."""
    return "" if value is None else "\x00" if value == "" else sql_server(kind, value)


def bcp_script(kind: ColumnType, value: Any) -> str:
    """The bcp script of docs/exporting.md: bcp -c, with every empty text selected as NULL (an empty field)."""
    return "" if value is None or value == "" else sql_server(kind, value)


def powershell(kind: ColumnType, value: Any) -> str:
    """Export-Csv on nb-NO: .NET's ToString() in the current culture; DBNull is empty."""
    if value is None:
        return ""
    if kind is ColumnType.DATE:
        return value.strftime("%d.%m.%Y %H:%M:%S")
    if kind is ColumnType.DECIMAL:
        return f"{value:.3f}".replace(".", ",")
    if kind is ColumnType.FLAG:
        return "True" if value else "False"
    return str(value)


def wizard(kind: ColumnType, value: Any) -> str:
    """The Import/Export wizard (an SSIS flat file): ISO datetimes without a fraction, True/False, NULL empty."""
    if value is None:
        return ""
    if kind is ColumnType.DATE:
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if kind is ColumnType.FLAG:
        return "True" if value else "False"
    return sql_server(kind, value)


def excel(kind: ColumnType, value: Any) -> str:
    """What a Norwegian Excel saves after opening an export: dd.mm.yyyy [hh:mm], decimal comma without trailing
    zeros, digit-only text as a number (leading zeros gone), empty cells for NULL."""
    if value is None:
        return ""
    if kind is ColumnType.DATE:
        return value.strftime("%d.%m.%Y" if value.time() == datetime.min.time() else "%d.%m.%Y %H:%M")
    if kind is ColumnType.DECIMAL:
        return format(value.normalize(), "f").replace(".", ",")
    if kind is ColumnType.TEXT and value.strip().isdigit() and value.strip().isascii() and len(value) <= 15:
        return str(int(value))
    return str(value)


def excel_text_import(kind: ColumnType, value: Any) -> str:
    """What Excel saves after importing an export with "From Text/CSV" and every digit column typed as text: the
    digits keep their leading zeros, but the dates are Excel's (dd.mm.yyyy) and the decimals have a comma."""
    if kind is ColumnType.TEXT and value is not None:
        return str(value)
    return excel(kind, value)


# --- how each tool lays out a file -----------------------------------------------------------------------------------


def _quoted(field: str) -> str:
    return '"' + field.replace('"', '""') + '"'


def _minimal(field: str, delimiter: str) -> str:
    return _quoted(field) if any(c in field for c in (delimiter, '"', "\r", "\n")) else field


@dataclass(frozen=True)
class Export:
    """One export tool with one set of options."""

    name: str
    command: str
    """What produced it (for the docs and test ids)."""
    fmt: Format
    delimiter: str
    encoding: str
    """A Python codec, or `ascii?` (æøå become ?), `utf-8-bom`, `utf-16-le-bom`."""
    quoting: str = "none"
    """`all` (every field and the header), `minimal` (where needed) or `none` (never: values may break rows)."""
    type_line: bool = False
    header: bool = True
    dashes: bool = False
    padded: bool = False
    footer: bool = False
    datarow_columns: bool = False
    headerless: bool = False
    lossy: tuple[str, ...] = field(default_factory=tuple)
    """What a refusal of a file that lost information must name (one of these)."""

    def text(self, table: str, rows: Sequence[Sequence[Any]]) -> str:
        kinds = list(familia.TABLES[table].columns.values())
        header = list(familia.TABLES[table].columns)
        body = [[self.fmt(k, v) for k, v in zip(kinds, row, strict=True)] for row in rows]
        if self.datarow_columns:
            header += [name for name, _ in DATAROW_EXTRAS]
            body = [[*row, *(value for _, value in DATAROW_EXTRAS)] for row in body]
        if self.padded:  # sqlcmd without -W: every column as wide as its widest value or name
            widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
            kinds_all = kinds + [ColumnType.TEXT] * (len(header) - len(kinds))
            header = [h.ljust(w) for h, w in zip(header, widths, strict=True)]
            body = [[v.ljust(w) if k is ColumnType.TEXT or v == "NULL" else v.rjust(w)
                     for v, w, k in zip(row, widths, kinds_all, strict=True)] for row in body]
        elif self.dashes:  # sqlcmd -W removes trailing spaces
            body = [[v.rstrip(" ") for v in row] for row in body]
        lines = []
        if self.type_line:
            lines.append("#TYPE System.Data.DataRow")
        if self.header:
            lines.append(self._line(header))
        if self.dashes:
            lines.append(self.delimiter.join("-" * len(h) for h in header))
        lines += [self._line(row) for row in body]
        text = "".join(line + CRLF for line in lines)  # bcp writes nothing at all for no rows
        if self.footer:
            text += f"{CRLF}({len(rows)} row{'' if len(rows) == 1 else 's'} affected){CRLF}"
        return text

    def _line(self, fields: Sequence[str]) -> str:
        if self.quoting == "all":
            return self.delimiter.join(map(_quoted, fields))
        if self.quoting == "minimal":
            return self.delimiter.join(_minimal(f, self.delimiter) for f in fields)
        return self.delimiter.join(fields)

    def encode(self, text: str) -> bytes:
        if self.encoding == "ascii?":
            return text.encode("ascii", "replace")
        if self.encoding == "utf-8-bom":
            return codecs.BOM_UTF8 + text.encode("utf-8")
        if self.encoding == "utf-16-le-bom":
            return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
        return text.encode(self.encoding, "replace")  # an OEM console writes ? for what its code page lacks

    def file(self, table: str, rows: Sequence[Sequence[Any]]) -> bytes:
        return self.encode(self.text(table, rows))


ASCII_CAUSE = "Export-Csv -Encoding UTF8"
UNQUOTED_CAUSE = "without quotes"
ZERO_CAUSE = "dropped the leading zeros"
NO_HEADER = "no header row"
_PS = {"fmt": powershell, "quoting": "all", "datarow_columns": True}
_SQLCMD = {"fmt": sql_server, "delimiter": ";", "dashes": True, "lossy": (UNQUOTED_CAUSE,)}
_BCP = {"fmt": bcp, "delimiter": "\t", "header": False, "headerless": True}
_SSMS = {"fmt": sql_server, "delimiter": ",", "lossy": (UNQUOTED_CAUSE,)}

EXPORTS: tuple[Export, ...] = (
    Export("ps51-default", "Invoke-Sqlcmd … | Export-Csv F.csv", delimiter=",", encoding="ascii?", type_line=True,
           lossy=(ASCII_CAUSE,), **_PS),
    Export("ps51-useculture", "… | Export-Csv F.csv -UseCulture", delimiter=";", encoding="ascii?", type_line=True,
           lossy=(ASCII_CAUSE,), **_PS),
    Export("ps51-utf8", "… | Export-Csv F.csv -Encoding UTF8", delimiter=",", encoding="utf-8-bom", type_line=True,
           **_PS),
    Export("ps51-useculture-utf8", "… | Export-Csv F.csv -UseCulture -Encoding UTF8", delimiter=";",
           encoding="utf-8-bom", type_line=True, **_PS),
    Export("ps7", "… | Export-Csv F.csv (PowerShell 7)", delimiter=",", encoding="utf-8", **_PS),
    Export("ps7-useculture", "… | Export-Csv F.csv -UseCulture (PowerShell 7)", delimiter=";", encoding="utf-8",
           **_PS),
    Export("sqlcmd-oem850", 'sqlcmd -Q "SET NOCOUNT ON; SELECT …" -s";" -W -o F.csv', encoding="cp850", **_SQLCMD),
    Export("sqlcmd-oem865", 'sqlcmd … -s";" -W (console code page 865)', encoding="cp865", **_SQLCMD),
    Export("sqlcmd-rows-affected", 'sqlcmd -Q "SELECT …" -s";" -W -o F.csv', encoding="cp850", footer=True,
           **_SQLCMD),
    Export("sqlcmd-padded", 'sqlcmd -Q "SELECT …" -s";" -o F.csv (no -W)', encoding="cp850", footer=True,
           padded=True, **_SQLCMD),
    Export("sqlcmd-utf8", 'sqlcmd … -s";" -W -f 65001', encoding="utf-8", **_SQLCMD),
    Export("sqlcmd-unicode", 'sqlcmd … -s";" -W -u', encoding="utf-16-le-bom", **_SQLCMD),
    Export("bcp-c", 'bcp "SELECT …" queryout F.csv -c', encoding="cp850", **_BCP),
    Export("bcp-w", 'bcp "SELECT …" queryout F.csv -w', encoding="utf-16-le", **_BCP),
    Export("bcp-utf8", 'bcp "SELECT …" queryout F.csv -c -C 65001 -t";"',
           **{**_BCP, "delimiter": ";", "encoding": "utf-8"}),
    Export("bcp-script", 'docs/exporting.md\'s bcp script: a header and dashes, then bcp -c -C 65001 -t";"',
           fmt=bcp_script, delimiter=";", encoding="utf-8", dashes=True, lossy=(UNQUOTED_CAUSE,)),
    Export("ssms-default", 'SSMS "Save Results As…" (CSV), default options', encoding="utf-8-bom", header=False,
           headerless=True, **{**_SSMS, "lossy": ()}),
    Export("ssms-headers", 'SSMS "Save Results As…" with "Include column headers…"', encoding="utf-8-bom",
           **_SSMS),
    Export("ssms-headers-1252", 'SSMS "Save Results As…" with headers, saved as ANSI', encoding="cp1252", **_SSMS),
    Export("wizard", 'Import/Export wizard: flat file, text qualifier ", column names in the first row',
           fmt=wizard, delimiter=",", encoding="cp1252", quoting="all"),
    Export("wizard-unicode", "Import/Export wizard as above, Unicode", fmt=wizard, delimiter=",",
           encoding="utf-16-le-bom", quoting="all"),
    Export("excel-semikolon", 'an export opened in Excel and saved as "CSV (semikolondelt)"', fmt=excel,
           delimiter=";", encoding="cp1252", quoting="minimal", lossy=(ZERO_CAUSE,)),
    # Excel's dates mark the file as a spreadsheet's: a short number is refused unless a value of its column shows
    # that the zeros were kept (test_csv_exports checks that such a file is read).
    Export("excel-text-import", 'an export imported in Excel with "From Text/CSV" (digit columns as text), saved as '
           '"CSV (semikolondelt)"', fmt=excel_text_import, delimiter=";", encoding="cp1252", quoting="minimal",
           lossy=(ZERO_CAUSE,)),
)
BY_NAME = {e.name: e for e in EXPORTS}


def write_folder(folder: Path, data: Mapping[str, Sequence[Mapping[str, Any]]], export: Export,
                 tables: Sequence[str] | None = None) -> Path:
    """One file per table in `tables` (every known column, `data`'s rows), as `export` writes it; by default every
    Familia table, and an optional one (Familia's Huskeliste view) only when `data` has rows for it."""
    folder.mkdir(parents=True, exist_ok=True)
    if tables is None:
        tables = familia.tables_for(data)
    for table in tables:
        (folder / f"{table}.csv").write_bytes(export.file(table, typed_rows(table, data.get(table, []))))
    return folder
