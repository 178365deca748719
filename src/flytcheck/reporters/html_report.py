"""`--html FILE`: one self-contained page for the project group.

Verdict, what Barnevernsregisteret will reject (the register rules per municipality), migration preview, rules
with counts per municipality, caseworker workload, the trend chart (inline SVG)
when a history is given, the findings (marked new against a baseline) and the findings fixed since then. Every
value is HTML-escaped; personal data appears only when the report holds it (--show-personal-data). A narrowed run
says so under its verdict. On a phone (390 px) the page never scrolls sideways: each table scrolls in its own box,
and the findings become one card per finding, the message in view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape as html_escape
from typing import TextIO

from flytcheck.model import Finding, Report, RuleStatus, Severity
from flytcheck.printable import for_file
from flytcheck.reporters.base import RenderContext, by_rule_and_kommune, workload
from flytcheck.reporters.csv_report import personal_columns
from flytcheck.reporters.html_template import page
from flytcheck.reporters.narrow import left_out_lines
from flytcheck.reporters.register_section import register_section
from flytcheck.texts import (
    consistency_text,
    days_text,
    huskeliste_text,
    kommune_name,
    scope_label,
    severity_name,
    source_name,
    t,
)
from flytcheck.tracking import trend_chart
from flytcheck.values import format_date

FINDINGS_LIMIT = 5_000
"""A page, not a database: past this many findings the table stops and says where the rest are."""

Cell = str | tuple[str, str]
"""A cell's text, or (text, class)."""


def escape(text: str) -> str:
    """Text for HTML: markup characters escaped, a control character as its visible escape (HTML cannot show one)."""
    return html_escape(for_file(text))


def _table(
    headers: Sequence[str], rows: Iterable[Sequence[Cell]], row_class: Sequence[str] = (), *, cards: bool = False
) -> str:
    """A table in a box of its own that scrolls sideways when the table is wider than the page; with `cards`, on a
    narrow screen each row becomes a card of labelled cells instead (every column stays in view)."""
    table = '<table class="cards">' if cards else "<table>"
    lines = [table, "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr></thead>", "<tbody>"]
    labels = [f' data-label="{escape(h)}"' if cards else "" for h in headers]
    for index, row in enumerate(rows):
        klass = row_class[index] if index < len(row_class) and row_class[index] else ""
        cells = []
        for label, cell in zip(labels, row, strict=False):
            text, css = cell if isinstance(cell, tuple) else (cell, "")
            cells.append(f'<td class="{css}"{label}>{escape(text)}</td>' if css else f"<td{label}>{escape(text)}</td>")
        lines.append((f'<tr class="{klass}">' if klass else "<tr>") + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return '<div class="scroll">\n' + "\n".join(lines) + "\n</div>\n"


def _severity(severity: Severity, lang: str) -> Cell:
    return (severity_name(severity, lang), f"sev-{severity.value}")


def _number(value: int) -> Cell:
    return (str(value), "n")


class HtmlWriter:
    """The whole report on one page, readable in any browser and printable."""

    def write(self, report: Report, ctx: RenderContext, out: TextIO) -> None:
        lang = ctx.lang
        sections = [
            self._header(report, lang),
            self._verdict(report, ctx),
            self._register(report, ctx),
            self._preview(report, lang),
            self._rules(report, ctx),
            self._workload(report, lang),
            self._trend(report, lang),
            self._findings(report, ctx),
            self._fixed(report, ctx),
            f"<footer>{escape(t('generated_by', lang, version=report.flytcheck_version))}</footer>\n",
        ]
        title = f"{t('html_title', lang)} – {source_name(report.source, lang)}"
        out.write(page(title, lang, "".join(s for s in sections if s)))

    def _header(self, report: Report, lang: str) -> str:
        when = days_text(report.days_left, lang)
        if not report.cutover_configured:
            when += f" – {t('cutover_unset', lang)}"
        meta = [
            (t("source", lang), source_name(report.source, lang)),
            (t("familia_version", lang), report.familia_version or t("unknown", lang)),
            (t("cutover", lang), f"{format_date(report.cutover)} ({when})"),
            (t("scanned_at", lang), f"{format_date(report.scanned_at)} {report.scanned_at:%H:%M}"),
            (t("consistency", lang), consistency_text(report.consistency, lang)),
        ]
        if (huskeliste := huskeliste_text(report, lang)) is not None:
            meta.append((t("huskeliste", lang), huskeliste))
        items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in meta)
        warning = ""
        if report.show_personal_data:
            warning = f'<p class="personal">{escape(t("personal_warning", lang))}</p>\n'
        return f"<header>\n<h1>{escape(t('title', lang))}</h1>\n<dl class=\"meta\">{items}</dl>\n{warning}</header>\n"

    def _verdict(self, report: Report, ctx: RenderContext) -> str:
        lang = ctx.lang
        scope = scope_label(report.scope, lang)
        blockers = report.counts[Severity.BLOCKER]
        if report.ready:
            text = t("ready_narrowed", lang, scope=scope) if scope else t("ready", lang)
            klass = "verdict narrowed" if scope else "verdict ready"
        else:
            text = t("not_ready_narrowed", lang, n=blockers, scope=scope) if scope else t("not_ready", lang, n=blockers)
            klass = "verdict not-ready"
        verdict = f'<p class="{klass}" id="verdict">{escape(text)}</p>'
        lines = [verdict]
        narrowed = left_out_lines(report.scope, ctx.rulebook, lang)
        if narrowed:
            lines.append('<div class="narrowed" id="narrowed">' + "".join(f"<p>{escape(line)}</p>" for line in narrowed)
                         + "</div>")
        counts = t("counts", lang, **{s.value: report.counts[s] for s in Severity})
        lines.append(f'<p class="counts">{escape(counts)}</p>')
        delta = report.tracking.delta if report.tracking else None
        if delta is not None:
            since = t("delta", lang, fixed=len(delta.fixed), new=len(delta.new), when=delta.when)
            lines.append(f'<p class="delta">{escape(since)}</p>')
        return "<section>\n" + "\n".join(lines) + "\n</section>\n"

    def _register(self, report: Report, ctx: RenderContext) -> str:
        """What Barnevernsregisteret will reject: the register rules per municipality, right after the verdict."""
        register = register_section(report, ctx.rulebook)
        if register is None:
            return ""
        lang = ctx.lang
        headers = [t("rule", lang), t("rule_title", lang)]
        headers += [kommune_name(k, lang) for k in register.kommuner] + [t("total", lang)]
        rows: list[list[Cell]] = []
        classes: list[str] = []
        for outcome in register.outcomes:
            rule = ctx.rulebook.rules[outcome.rule]
            row: list[Cell] = [(outcome.rule, "code"), (rule.title.get(lang), "title")]
            if outcome.status is RuleStatus.SKIPPED:
                row += [""] * len(register.kommuner) + [f"({t('skipped', lang)})"]
            else:
                per = register.counts.get(outcome.rule)
                row += [_number(per[k] if per else 0) for k in register.kommuner] + [_number(outcome.findings)]
            rows.append(row)
            classes.append("" if outcome.findings else "zero")
        heading = f"<h2>{escape(t('register', lang))} ({register.total})</h2>"
        note = f"<p>{escape(t('register_note', lang))}</p>"
        return f'<section id="register">\n{heading}\n{_table(headers, rows, classes)}{note}\n</section>\n'

    def _preview(self, report: Report, lang: str) -> str:
        rows = [
            (t(name, lang), _number(count.migrated), _number(count.not_migrated))
            for name, count in report.preview.items()
        ]
        headers = (t("what", lang), t("migrated", lang), t("not_migrated", lang))
        return f"<section>\n<h2>{escape(t('preview', lang))}</h2>\n{_table(headers, rows)}</section>\n"

    def _rules(self, report: Report, ctx: RenderContext) -> str:
        lang = ctx.lang
        kommuner, counts = by_rule_and_kommune(report.findings)
        headers = [t("rule", lang), t("rule_title", lang), t("severity", lang)]
        headers += [kommune_name(k, lang) for k in kommuner] + [t("total", lang)]
        order = sorted(report.rules, key=lambda o: (-o.severity.rank, o.rule))
        rows: list[list[Cell]] = []
        classes: list[str] = []
        for outcome in order:
            rule = ctx.rulebook.rules.get(outcome.rule)
            title = (rule.title.get(lang) if rule else "", "title")
            row: list[Cell] = [(outcome.rule, "code"), title, _severity(outcome.severity, lang)]
            if outcome.status is RuleStatus.SKIPPED:
                row += [""] * len(kommuner) + [f"({t('skipped', lang)})"]
            else:
                per = counts.get(outcome.rule)
                row += [_number(per[k] if per else 0) for k in kommuner] + [_number(outcome.findings)]
            rows.append(row)
            classes.append("" if outcome.findings else "zero")
        table = _table(headers, rows, classes)
        return f"<section>\n<h2>{escape(t('rules_per_kommune', lang))}</h2>\n{table}</section>\n"

    def _workload(self, report: Report, lang: str) -> str:
        ranked = workload(report.findings, limit=len(report.findings))
        if not ranked:
            return ""
        headers = (t("caseworker", lang), severity_name(Severity.BLOCKER, lang), severity_name(Severity.WARNING, lang))
        rows = [
            (initials, _number(per.get(Severity.BLOCKER, 0)), _number(per.get(Severity.WARNING, 0)))
            for initials, per in ranked
        ]
        return f"<section>\n<h2>{escape(t('workload', lang))}</h2>\n{_table(headers, rows)}</section>\n"

    def _trend(self, report: Report, lang: str) -> str:
        runs = report.tracking.runs if report.tracking else ()
        if not runs:
            return ""
        drawing = trend_chart.svg(runs, report.cutover, lang)
        lines = "".join(
            f"<p>{escape(line)}</p>\n"
            for line in trend_chart.outlook_lines(trend_chart.outlook(runs, report.cutover), lang)
        )
        heading = f"<h2>{escape(t('trend', lang))}</h2>"
        return f'<section>\n{heading}\n<div class="chart">\n{drawing}</div>\n{lines}</section>\n'

    def _findings(self, report: Report, ctx: RenderContext) -> str:
        lang = ctx.lang
        title = f"<h2>{escape(t('findings', lang))} ({len(report.findings)})</h2>\n"
        if not report.findings:
            return f"<section>\n{title}<p>{escape(t('no_findings', lang))}</p>\n</section>\n"
        shown = report.findings[:FINDINGS_LIMIT]
        note = ""
        if len(shown) < len(report.findings):
            note = f"<p>{escape(t('html_limit', lang, shown=len(shown), total=len(report.findings)))}</p>\n"
        return f"<section>\n{title}{note}{_finding_table(shown, report, ctx)}</section>\n"

    def _fixed(self, report: Report, ctx: RenderContext) -> str:
        delta = report.tracking.delta if report.tracking else None
        if delta is None or not delta.fixed:
            return ""
        heading = f"{t('fixed_findings', ctx.lang)} ({len(delta.fixed)})"
        table = _finding_table(delta.fixed, report, ctx, fixed=True)
        return f"<section>\n<h2>{escape(heading)}</h2>\n{table}</section>\n"


def _finding_table(findings: Sequence[Finding], report: Report, ctx: RenderContext, *, fixed: bool = False) -> str:
    lang = ctx.lang
    delta = None if fixed or report.tracking is None else report.tracking.delta
    personal = [] if fixed else personal_columns(findings)
    headers = [t(k, lang) for k in ("rule", "severity", "table", "key", "kommune", "caseworker", "message")]
    if delta is not None:
        headers.append(t("status", lang))
    headers += personal
    rows: list[list[Cell]] = []
    for finding in findings:
        row: list[Cell] = [
            (finding.rule, "code"), _severity(finding.severity, lang), finding.table, (finding.key, "code"),
            kommune_name(finding.kommune, lang), finding.saksbehandler, finding.message(lang),
        ]
        if delta is not None:
            status = delta.status(finding)
            row.append((t(f"status.{status}", lang), "new" if status == "new" else ""))
        values = dict(finding.personal)
        row += [values.get(name, "") for name in personal]
        rows.append(row)
    return _table(headers, rows, cards=True)
