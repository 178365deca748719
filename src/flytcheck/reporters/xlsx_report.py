"""`--xlsx FILE`: one Excel workbook for archive staff and the superuser, filterable by municipality and caseworker.

A summary sheet first (verdict, counts, migration preview, findings per rule and municipality, when the scan ran,
against which cut-over, which flytcheck and Familia versions, and the sheets that follow), then one findings sheet
per rule category in the report (after --only, only those), in the catalogue's order; a category without findings
still gets its sheet, with the header only, so "nothing to do" is visible. Personal data appears only when the
report holds it (--show-personal-data), as on every other output.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from flytcheck.catalogue.categories import CATEGORIES, category_name
from flytcheck.model import Finding, Report, RuleStatus, Severity
from flytcheck.outputs import OutputBatch, staged
from flytcheck.printable import for_file
from flytcheck.reporters.base import RenderContext, by_rule_and_kommune
from flytcheck.reporters.narrow import left_out_lines
from flytcheck.reporters.xlsx_sheets import Formats, excel_moment, print_on_one_page, workbook, write_findings
from flytcheck.texts import days_text, kommune_name, scope_label, severity_name, source_name, t

_SUMMARY_WIDTHS = (34, 48)
_NUMBER_WIDTH = 16


def categories(report: Report, ctx: RenderContext) -> dict[str, list[Finding]]:
    """Category -> its findings, for each category with a rule in the report, in the catalogue's order."""
    def category(rule_id: str) -> str:
        rule = ctx.rulebook.rules.get(rule_id)
        return rule.category if rule else "system"

    present = {category(outcome.rule) for outcome in report.rules} | {category(f.rule) for f in report.findings}
    sheets: dict[str, list[Finding]] = {name: [] for name in CATEGORIES if name in present}
    for finding in report.findings:
        sheets[category(finding.rule)].append(finding)
    return sheets


class WorkbookWriter:
    """The workbook: a summary sheet, then a findings sheet per category."""

    def save(self, report: Report, ctx: RenderContext, path: Path, batch: OutputBatch | None = None) -> None:
        staged(batch, lambda own: own.write_binary(path, lambda out: self.write(report, ctx, out)))

    def write(self, report: Report, ctx: RenderContext, out: BinaryIO) -> None:
        with workbook(out, report) as book:
            formats = Formats(book)
            summary_name = t("summary", ctx.lang)
            taken = {summary_name.casefold()}
            summary = book.add_worksheet(summary_name)
            written: list[tuple[str, int]] = []
            for category, findings in categories(report, ctx).items():
                names = write_findings(book, formats, category_name(category, ctx.lang), taken, findings, report, ctx)
                written.append((names[0], len(findings)))
            _Summary(summary, formats, report, ctx).write(written)


class _Summary:
    """The first sheet, written top to bottom (constant-memory mode writes rows in order)."""

    def __init__(self, sheet: Any, formats: Formats, report: Report, ctx: RenderContext) -> None:
        self.sheet, self.formats, self.report, self.ctx, self.row = sheet, formats, report, ctx, 0

    def line(self, *cells: str | int, style: Any = None, wrapped: int | None = None) -> None:
        """One row: text as text, whole numbers as numbers (the `wrapped` column's text wrapped); then the next."""
        for column, value in enumerate(cells):
            if isinstance(value, int):
                self.sheet.write_number(self.row, column, value, self.formats.whole)
            elif value:
                shown = self.formats.wrapped if column == wrapped else style
                self.sheet.write_string(self.row, column, for_file(value), shown)
        self.row += 1

    def write(self, sheets: Sequence[tuple[str, int]]) -> None:
        report, lang, formats = self.report, self.ctx.lang, self.formats
        self.line(t("title", lang), style=formats.title)
        self.row += 1
        self._about()
        self.row += 1
        self._verdict()
        self.row += 1
        self.line(t("preview", lang), style=formats.heading)
        self.line(t("what", lang), t("migrated", lang), t("not_migrated", lang), style=formats.header)
        for name, count in report.preview.items():
            self.line(t(name, lang), count.migrated, count.not_migrated)
        self.row += 1
        self._rules()
        self.row += 1
        self.line(t("findings", lang), style=formats.heading)
        self.line(t("sheet", lang), t("findings", lang), style=formats.header)
        for name, rows in sheets:
            self.line(name, rows)
        self.sheet.set_column(0, 0, _SUMMARY_WIDTHS[0])
        self.sheet.set_column(1, 1, _SUMMARY_WIDTHS[1])
        self.sheet.set_column(2, 30, _NUMBER_WIDTH)
        print_on_one_page(self.sheet)

    def _about(self) -> None:
        report, lang, formats, sheet = self.report, self.ctx.lang, self.formats, self.sheet
        self.line(t("source", lang), source_name(report.source, lang))
        self.line(t("familia_version", lang), report.familia_version or t("unknown", lang))
        sheet.write_string(self.row, 0, t("cutover", lang))
        sheet.write_datetime(self.row, 1, report.cutover, formats.date)
        when = days_text(report.days_left, lang)
        if not report.cutover_configured:
            when += f" – {t('cutover_unset', lang)}"
        sheet.write_string(self.row, 2, when)
        self.row += 1
        sheet.write_string(self.row, 0, t("scanned_at", lang))
        sheet.write_datetime(self.row, 1, excel_moment(report.scanned_at), formats.moment)
        self.row += 1
        self.line(t("flytcheck_version", lang), report.flytcheck_version)

    def _verdict(self) -> None:
        report, lang, formats = self.report, self.ctx.lang, self.formats
        scope = scope_label(report.scope, lang)
        blockers = report.counts[Severity.BLOCKER]
        if report.ready:
            self.line(t("ready_narrowed", lang, scope=scope) if scope else t("ready", lang),
                      style=formats.not_ready if scope else formats.ready)
        else:
            text = t("not_ready_narrowed", lang, n=blockers, scope=scope) if scope else t("not_ready", lang, n=blockers)
            self.line(text, style=formats.not_ready)
        for line in left_out_lines(report.scope, self.ctx.rulebook, lang):
            self.line(line, style=formats.bold)
        for severity in (Severity.BLOCKER, Severity.WARNING, Severity.INFO):
            self.line(severity_name(severity, lang), report.counts[severity])
        delta = report.tracking.delta if report.tracking else None
        if delta is not None:
            self.line(t("delta", lang, fixed=len(delta.fixed), new=len(delta.new), when=delta.when))
        if report.show_personal_data:
            self.line(t("personal_warning", lang), style=formats.bold)

    def _rules(self) -> None:
        report, ctx, lang = self.report, self.ctx, self.ctx.lang
        kommuner, counts = by_rule_and_kommune(report.findings)
        self.line(t("rules_per_kommune", lang), style=self.formats.heading)
        header = [t("rule", lang), t("rule_title", lang), t("severity", lang)]
        self.line(*header, *(kommune_name(k, lang) for k in kommuner), t("total", lang), style=self.formats.header)
        for outcome in sorted(report.rules, key=lambda o: (-o.severity.rank, o.rule)):
            rule = ctx.rulebook.rules.get(outcome.rule)
            cells: list[str | int] = [outcome.rule, rule.title.get(lang) if rule else "",
                                      severity_name(outcome.severity, lang)]
            if outcome.status is RuleStatus.SKIPPED:
                cells += [""] * len(kommuner) + [f"({t('skipped', lang)})"]
            else:
                per = counts.get(outcome.rule)
                cells += [per[k] if per else 0 for k in kommuner] + [outcome.findings]
            self.line(*cells, wrapped=1)
