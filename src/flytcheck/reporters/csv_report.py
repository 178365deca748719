"""`--csv FILE`: one row per finding, for Norwegian Excel and LibreOffice Calc.

UTF-8 with a byte-order mark (so Excel reads æøå), `;` between fields (the Norwegian list separator), CRLF line
ends and a header row in the report language. Keys, municipality numbers and identity numbers are written as
`="0301"` so a spreadsheet keeps them as text (leading zeros survive, `2024/17` does not become a date); the scan
date is a plain dd.mm.yyyy that Norwegian Excel reads as a date. A cell that would start a formula (`=`, `+`, `-`,
`@`, tab, CR) gets a leading `'`, so free text can never run as a formula. Personal data appears only when the
report holds it (--show-personal-data). Shared by the worklists, which are the same spreadsheet cut per reader.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from flytcheck.model import Finding, Report
from flytcheck.printable import for_file
from flytcheck.reporters.base import RenderContext
from flytcheck.texts import severity_name, t
from flytcheck.values import format_date

BOM = "\ufeff"
_FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")  # with the full-width forms Excel also accepts
_NUMBER_LIKE = re.compile(r"[0-9][0-9 ./,:-]*")
"""Text a spreadsheet would turn into a number or a date, losing leading zeros or the value itself."""


def excel_cell(value: str) -> str:
    """A cell a spreadsheet shows exactly as `value`: never a formula, never a number that loses its zeros, and a
    control character (ESC, C1, a bidirectional override) as its visible escape (flytcheck.printable)."""
    value = for_file(value)
    first = value.lstrip(" ")[:1]
    if first and first in _FORMULA_STARTS:
        return "'" + value
    if _NUMBER_LIKE.fullmatch(value):
        return f'="{value}"'
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
    return [*header, *personal_columns(findings), t("scanned_at", lang)]


KEY_COLUMN = 4
"""The index of the key (løpenummer) among a row's cells: text, or a whole number in a workbook."""


def finding_cells(finding: Finding, report: Report, ctx: RenderContext, personal: Sequence[str]) -> list[str]:
    """One finding's cells under `spreadsheet_header`, as raw text, without the scan date."""
    lang = ctx.lang
    rule = ctx.rulebook.rules.get(finding.rule)
    cells = [
        finding.rule,
        rule.category if rule else "",
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
