"""Excel workbooks written with XlsxWriter in constant-memory mode: the cell formats, and findings sheets.

Shared by `--xlsx` and `--worklist-format xlsx`. A findings sheet has the columns of `--csv` (headers in the report
language), a bold frozen header row, an autofilter over every row and column widths fitted to the content. Cells
are typed: text is always written as text (`write_string`), even when it starts with `=`, so the workbook holds no
formula; a key that is a plain whole number is a number (it sorts as one), any other key, municipality numbers
and identity numbers stay text (leading zeros survive, `2024/17` never becomes a date); the scan date is an Excel
date shown dd.mm.yyyy. A sheet that reaches Excel's row limit goes on in a second sheet, `Name (2)`.

Every sheet prints: landscape A4, fitted to the page's width, gridlines, the sheet's name and "page n of m" in the
footer; a findings sheet repeats its header row on every page and wraps the message and fix columns, the summary
fits one page.

Constant-memory mode keeps one row in memory per sheet and its rows in private temporary files in a folder of its
own (0700), which is removed whether or not the workbook is finished. Never writes a formula, link or macro.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, BinaryIO

from flytcheck.model import Finding, Report
from flytcheck.printable import for_file
from flytcheck.reporters.base import RenderContext
from flytcheck.reporters.csv_report import (
    KEY_COLUMN,
    WRAPPED_COLUMNS,
    finding_cells,
    personal_columns,
    spreadsheet_header,
)

EXCEL_ROWS = 1_048_576
"""Rows in an Excel sheet, the header row included."""
_WHOLE_NUMBER = re.compile(r"0|[1-9][0-9]{0,14}")
"""A key Excel holds exactly as a number (15 significant digits) and shows the same without a leading zero."""
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_WRAPPED_WIDTH = 48
"""The width of the message and fix columns, whose text wraps (a long message makes its row taller, not the page
wider)."""
_A4 = 9
_SHEET_NAME_CHARS = re.compile(r"[\[\]:*?/\\]")


class _Abandonable:
    """The workbook's file as XlsxWriter sees it, until the workbook is abandoned (an error or an interrupt while it
    was written): from then on every write, seek and flush is dropped. XlsxWriter leaves its zip writer open when
    it is stopped; collected later, after the file is closed, that writer would still try to finish the zip, and
    Python would print "Exception ignored … seek of closed file" with a traceback under the one-line message."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self.abandoned = False
        self._position = 0
        """Where the dropped writes would be: the zip writer checks its offsets as it finishes."""

    def abandon(self) -> None:
        try:
            self._position = self._out.tell()
        except (OSError, ValueError):
            self._position = 0
        self.abandoned = True

    def write(self, data: bytes) -> int:
        if self.abandoned:
            self._position += len(data)
            return len(data)
        return self._out.write(data)

    def tell(self) -> int:
        return self._position if self.abandoned else self._out.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        if self.abandoned:
            self._position = offset if whence == 0 else self._position + offset
            return self._position
        return self._out.seek(offset, whence)

    def seekable(self) -> bool:
        return self.abandoned or self._out.seekable()

    def flush(self) -> None:
        if not self.abandoned:
            self._out.flush()


@contextmanager
def workbook(out: BinaryIO, report: Report) -> Iterator[Any]:
    """An XlsxWriter workbook writing to `out`: constant memory, no formulas or links from text, deterministic.

    The workbook is closed (written) only when the block ends without an exception."""
    import xlsxwriter  # imported here: only the scans that write a workbook pay for it

    target = _Abandonable(out)
    with tempfile.TemporaryDirectory(prefix="flytcheck-xlsx-", ignore_cleanup_errors=True) as scratch:
        book = xlsxwriter.Workbook(target, {
            "constant_memory": True,
            "tmpdir": scratch,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        })
        # The document's creation time is the scan's, so the same report gives the same bytes.
        book.set_properties({"title": "flytcheck", "created": report.scanned_at})
        try:
            yield book
            book.close()
        except BaseException:
            target.abandon()
            raise


class Formats:
    """The cell formats of a flytcheck workbook."""

    def __init__(self, book: Any) -> None:
        self.header = book.add_format({"bold": True, "bottom": 1, "bg_color": "#EEEEEE"})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.heading = book.add_format({"bold": True, "font_size": 12})
        self.bold = book.add_format({"bold": True})
        self.date = book.add_format({"num_format": "dd.mm.yyyy", "align": "left"})
        self.moment = book.add_format({"num_format": "dd.mm.yyyy hh:mm", "align": "left"})
        self.whole = book.add_format({"num_format": "0", "align": "left"})
        self.ready = book.add_format({"bold": True, "font_color": "#1E7B34"})
        self.not_ready = book.add_format({"bold": True, "font_color": "#C0392B"})
        self.wrapped = book.add_format({"text_wrap": True, "valign": "top"})


def excel_moment(moment: datetime) -> datetime:
    """A time as Excel holds it: local wall-clock time, without a time zone."""
    return moment.replace(tzinfo=None)


def _print_setup(sheet: Any) -> None:
    sheet.set_landscape()
    sheet.set_paper(_A4)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.hide_gridlines(0)  # shown on screen and printed
    sheet.set_footer("&L&A&R&P / &N")  # the sheet's name, and "page / pages"


def print_on_one_page(sheet: Any) -> None:
    """A sheet printed on one landscape page (the summary)."""
    _print_setup(sheet)
    sheet.fit_to_pages(1, 1)


def print_by_width(sheet: Any, header_rows: int = 1) -> None:
    """A sheet printed as wide as the page, as many pages long as it takes, its header on every page."""
    _print_setup(sheet)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, header_rows - 1)


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid sheet name (31 characters, none of []:*?/\\), unique ignoring case."""
    base = _SHEET_NAME_CHARS.sub("_", name)[:31] or "_"
    candidate, number = base, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


def write_findings(
    book: Any, formats: Formats, name: str, taken: set[str], findings: Sequence[Finding], report: Report,
    ctx: RenderContext, *, max_rows: int = EXCEL_ROWS,
) -> list[str]:
    """Write `findings` on a sheet called `name` (and on more if they do not fit); the names of the sheets."""
    header = spreadsheet_header(findings, report, ctx)
    personal = personal_columns(findings)
    scanned = report.scanned_at.date()
    per_sheet = max_rows - 1
    chunks = [findings[i : i + per_sheet] for i in range(0, len(findings), per_sheet)] or [findings]
    names = []
    for chunk in chunks:
        names.append(sheet_name(name, taken))
        sheet = book.add_worksheet(names[-1])
        widths = [len(text) for text in header]
        for column, text in enumerate(header):
            sheet.write_string(0, column, for_file(text), formats.header)
        for row, finding in enumerate(chunk, start=1):
            cells = finding_cells(finding, report, ctx, personal)
            for column, text in enumerate(cells):
                if column == KEY_COLUMN and _WHOLE_NUMBER.fullmatch(text):
                    sheet.write_number(row, column, int(text), formats.whole)
                elif column in WRAPPED_COLUMNS and text:
                    sheet.write_string(row, column, text, formats.wrapped)
                elif text:
                    sheet.write_string(row, column, for_file(text))  # a control character as its visible escape
                widths[column] = max(widths[column], len(text))
            sheet.write_datetime(row, len(cells), scanned, formats.date)
        widths[-1] = max(widths[-1], 10)
        _finish(sheet, widths, len(chunk))
    return names


def _finish(sheet: Any, widths: list[int], rows: int) -> None:
    """Column widths, a frozen header row, an autofilter over every row and the print layout (set last: XlsxWriter
    keeps them)."""
    for column, width in enumerate(widths):
        limit = _WRAPPED_WIDTH if column in WRAPPED_COLUMNS else _MAX_WIDTH
        sheet.set_column(column, column, min(max(width + 2, _MIN_WIDTH), limit))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, rows, len(widths) - 1)
    print_by_width(sheet)

