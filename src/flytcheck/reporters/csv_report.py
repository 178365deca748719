"""`--csv FILE`: one row per finding, for Norwegian Excel and LibreOffice Calc.

UTF-8 with a byte-order mark (so Excel reads æøå), `;` between fields (the Norwegian list separator), CRLF line
ends and a header row in the report language. No cell is a formula. A whole number (a løpenummer such as `20`, a
municipality number such as `1860`) is written as it is, so a spreadsheet reads it as a number and sorts it as one;
text a spreadsheet would read as another number or as a date (`0301`, an identity number with a leading zero,
`9/12`, `1.5`) gets a leading `'`, which keeps it text, as does text that would start a formula (`=`, `+`, `-`,
`@`, tab, CR); any other text (`2024/15`, free text) is written as it is. The scan date is a plain dd.mm.yyyy that
Norwegian spreadsheets read as a date. A narrowed run (--only, --disable) says so in a column of its own. Personal
data appears only when the report holds it (--show-personal-data). Shared by the worklists, which are the same
spreadsheet cut per reader.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from flytcheck.catalogue.categories import category_name
from flytcheck.model import Finding, Report
from flytcheck.printable import for_file
from flytcheck.reporters.base import RenderContext
from flytcheck.texts import scope_label, severity_name, t
from flytcheck.values import format_date

BOM = "\ufeff"
_FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")  # with the full-width forms Excel also accepts
_WHOLE_NUMBER = re.compile(r"0|[1-9][0-9]{0,14}")
"""A whole number a spreadsheet holds exactly (15 significant digits) and shows as written."""
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?(?:[eE][+-]?[0-9]+)?%?|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?")
"""Digits a spreadsheet reads as a number or a time (a leading zero or a 16th digit lost, `1.5` and `3,5`)."""
_DAY_MONTH = re.compile(r"([0-9]{1,4})([./-])([0-9]{1,4})(?:\2([0-9]{1,4}))?")


def _could_be_date(value: str) -> bool:
    """Whether some spreadsheet's locale reads `value` as a date: `9/12`, `2008/11`, `1.5.2024` (not `2024/15`)."""
    match = _DAY_MONTH.fullmatch(value)
    if not match:
        return False
    first, second = int(match[1]), int(match[3])
    if match[4] is not None:
        return True
    day_month = (1 <= first <= 31 and 1 <= second <= 12) or (1 <= first <= 12 and 1 <= second <= 31)
    year_month = (len(match[1]) == 4 and 1 <= second <= 12) or (len(match[3]) == 4 and 1 <= first <= 12)
    return day_month or year_month


def excel_cell(value: str) -> str:
    """A cell a spreadsheet shows as `value` (with a leading `'` where it would otherwise change it), never a
    formula: whole numbers stay numbers, anything a spreadsheet would turn into another number, a date or a formula
    is kept text by the `'`. A control character (ESC, C1, a bidirectional override) is its visible escape
    (flytcheck.printable)."""
    value = for_file(value)
    first = value.lstrip(" ")[:1]
    if first and first in _FORMULA_STARTS:
        return "'" + value
    if _WHOLE_NUMBER.fullmatch(value):
        return value
    stripped = value.strip()
    if _NUMBER.fullmatch(stripped) or _could_be_date(stripped):
        return "'" + value
    return value


def personal_columns(findings: Iterable[Finding]) -> list[str]:
    """The names of the personal-data fields the findings carry, in first-seen order (empty without them)."""
    names: dict[str, None] = {}
    for finding in findings:
        for name, _ in finding.personal:
            names.setdefault(name)
    return list(names)


def spreadsheet_header(findings: Sequence[Finding], report: Report, ctx: RenderContext) -> list[str]:
    """The column names of a findings spreadsheet in the report language, the scan date last (raw text)."""
    lang = ctx.lang
    header = [t(k, lang) for k in ("rule", "category", "severity", "table", "key", "kommune", "caseworker")]
    header += [t("message", lang), t("fix", lang)]
    if report.tracking is not None and report.tracking.delta is not None:
        header.append(t("status", lang))
    if report.scope.narrowed:
        header.append(t("narrowed_column", lang))
    return [*header, *personal_columns(findings), t("scanned_at", lang)]


KEY_COLUMN = 4
"""The index of the key (løpenummer) among a row's cells: text, or a whole number in a workbook."""
WRAPPED_COLUMNS = frozenset({7, 8})
"""The message and fix columns: long text, wrapped in a workbook."""


def finding_cells(finding: Finding, report: Report, ctx: RenderContext, personal: Sequence[str]) -> list[str]:
    """One finding's cells under `spreadsheet_header`, as raw text, without the scan date."""
    lang = ctx.lang
    rule = ctx.rulebook.rules.get(finding.rule)
    cells = [
        finding.rule,
        category_name(rule.category, lang) if rule else "",
        severity_name(finding.severity, lang),
        finding.table,
        finding.key,
        finding.kommune,
        finding.saksbehandler,
        finding.message(lang),
        rule.fix.get(lang) if rule else "",
    ]
    delta = report.tracking.delta if report.tracking else None
    if delta is not None:
        cells.append(t(f"status.{delta.status(finding)}", lang))
    if report.scope.narrowed:
        cells.append(scope_label(report.scope, lang))
    values = dict(finding.personal)
    return [*cells, *(values.get(name, "") for name in personal)]


def spreadsheet_rows(findings: Sequence[Finding], report: Report, ctx: RenderContext) -> Iterator[list[str]]:
    """The header and one row per finding, every cell already made safe for a spreadsheet."""
    yield [excel_cell(cell) for cell in spreadsheet_header(findings, report, ctx)]
    personal = personal_columns(findings)
    scanned = format_date(report.scanned_at)
    for finding in findings:
        yield [*(excel_cell(cell) for cell in finding_cells(finding, report, ctx, personal)), scanned]


def write_spreadsheet(findings: Sequence[Finding], report: Report, ctx: RenderContext, out: TextIO) -> None:
    """The findings as a BOM-marked, `;`-separated, CRLF CSV (open `out` with newline="")."""
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", quotechar='"', lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(spreadsheet_rows(findings, report, ctx))


class CsvWriter:
    """Every finding of the (possibly --only-narrowed) report, one row each."""

    def write(self, report: Report, ctx: RenderContext, out: TextIO) -> None:
        write_spreadsheet(report.findings, report, ctx, out)
