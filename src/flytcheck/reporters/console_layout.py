"""Tables of the console report that fit the width they are given, without ever cutting a number, code or key.

Each table is tried in its widest form first and drawn only if its natural width fits; otherwise a narrower form
(municipalities by number with a legend under the table, severities as group rows), and last a stacked form: one
block per rule or finding, its counts or message wrapped under it. rich never shrinks a column of ours, so no
figure ends in an ellipsis. Data (keys, initials, messages, sources) goes through `plain`: text, never markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from flytcheck.model import Finding, Report, RuleOutcome, RuleStatus, Severity
from flytcheck.reporters.base import RenderContext, by_rule_and_kommune
from flytcheck.reporters.register_section import RegisterSection
from flytcheck.texts import kommune_name, severity_name, t

STYLE = {Severity.BLOCKER: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
MESSAGE_MIN = 36
"""The narrowest message column of the --details table; below it each finding is a block of its own."""
_MEASURE = Console(width=10_000, file=None, color_system=None, markup=False, emoji=False, highlight=False)


def plain(value: str) -> Text:
    """A value from the data, shown as it is (never read as markup)."""
    return Text(value)


def natural_width(renderable: RenderableType) -> int:
    """The width a table takes when nothing is shrunk."""
    return _MEASURE.measure(renderable).maximum


def _table(title: str) -> Table:
    return Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False, collapse_padding=True)


def preview_table(report: Report, lang: str) -> Table:
    table = _table(t("preview", lang))
    table.add_column(t("what", lang))
    table.add_column(t("migrated", lang), justify="right", no_wrap=True)
    table.add_column(t("not_migrated", lang), justify="right", no_wrap=True)
    for name, count in report.preview.items():
        table.add_row(t(name, lang), str(count.migrated), str(count.not_migrated))
    return table


def workload_table(ranked: Sequence[tuple[str, Mapping[Severity, int]]], lang: str) -> Table:
    table = _table(t("workload", lang))
    table.add_column(t("caseworker", lang), no_wrap=True)
    table.add_column(severity_name(Severity.BLOCKER, lang), justify="right", no_wrap=True)
    table.add_column(severity_name(Severity.WARNING, lang), justify="right", no_wrap=True)
    for initials, per in ranked:
        table.add_row(plain(initials), str(per.get(Severity.BLOCKER, 0)), str(per.get(Severity.WARNING, 0)))
    return table


_ORDER = {Severity.BLOCKER: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _outcomes(report: Report) -> list[RuleOutcome]:
    return sorted(report.rules, key=lambda o: (_ORDER[o.severity], o.rule))


def _cells(outcome: RuleOutcome, kommuner: Sequence[str], counts: Mapping[str, Counter[str]], lang: str) -> list[str]:
    if outcome.status is RuleStatus.SKIPPED:
        return [""] * len(kommuner) + [f"({t('skipped', lang)})"]
    per = counts.get(outcome.rule)
    return [str(per[k]) if per else "0" for k in kommuner] + [str(outcome.findings)]


def _rule_text(outcome: RuleOutcome) -> Text:
    return Text(outcome.rule, style=STYLE[outcome.severity] if outcome.findings else "dim")


Counts = Mapping[str, Counter[str]]
"""Findings per rule and municipality."""


def _rules_wide(report: Report, ctx: RenderContext, kommuner: Sequence[str], counts: Counts) -> Table:
    lang = ctx.lang
    table = _table(t("rules", lang))
    table.add_column(t("rule", lang), no_wrap=True)
    table.add_column(t("severity", lang), no_wrap=True)
    for kommune in kommuner:
        table.add_column(kommune_name(kommune, lang).replace(" ", "\n", 1), justify="right", no_wrap=True)
    table.add_column(t("total", lang), justify="right", no_wrap=True)
    for outcome in _outcomes(report):
        severity = severity_name(outcome.severity, lang)
        table.add_row(_rule_text(outcome), severity, *_cells(outcome, kommuner, counts, lang))
    return table


def _short(kommune: str, lang: str) -> str:
    return kommune or t("unknown", lang)


def _rules_compact(
    report: Report, ctx: RenderContext, kommuner: Sequence[str], counts: Mapping[str, Counter[str]]
) -> Table:
    """Severities as group rows, municipalities by number (named in `_legend` under the table)."""
    lang = ctx.lang
    table = _table(t("rules", lang))
    table.add_column(t("rule", lang), no_wrap=True)
    for kommune in kommuner:
        table.add_column(_short(kommune, lang), justify="right", no_wrap=True)
    table.add_column(t("total", lang), justify="right", no_wrap=True)
    current: Severity | None = None
    for outcome in _outcomes(report):
        if outcome.severity is not current:
            current = outcome.severity
            table.add_row(Text(severity_name(current, lang), style="bold"), *[""] * (len(kommuner) + 1))
        table.add_row(_rule_text(outcome), *_cells(outcome, kommuner, counts, lang))
    return table


def _legend(kommuner: Sequence[str], lang: str) -> Text | None:
    named = [kommune_name(k, lang) for k in kommuner if k and kommune_name(k, lang) != k]
    if not named:
        return None
    return Text(f"{t('kommune', lang)}: " + ", ".join(named))


def _rules_stacked(report: Report, ctx: RenderContext, counts: Mapping[str, Counter[str]], width: int) -> Iterator[
        RenderableType]:
    """One line per rule (`rule: total`), its count per municipality wrapped on the lines under it."""
    lang = ctx.lang
    yield Text(t("rules", lang), style="italic")
    current: Severity | None = None
    for outcome in _outcomes(report):
        if outcome.severity is not current:
            current = outcome.severity
            yield Text(severity_name(current, lang), style="bold")
        total = f"({t('skipped', lang)})" if outcome.status is RuleStatus.SKIPPED else str(outcome.findings)
        yield Padding(_rule_text(outcome).append(f": {total}", style=""), (0, 0, 0, 2))
        per = counts.get(outcome.rule)
        if per and outcome.findings:
            items = [f"{_short(k, lang)}: {n}" for k, n in sorted(per.items(), key=lambda i: (i[0] == "", i[0]))]
            for line in _packed(items, width - 4):
                yield Padding(Text(line), (0, 0, 0, 4))


def _packed(items: Sequence[str], width: int, separator: str = "   ") -> list[str]:
    """The items on as few lines as fit `width`, never one cut in two."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(separator) + len(item) <= width:
            lines[-1] += separator + item
        else:
            lines.append(item)
    return lines


def rules(report: Report, ctx: RenderContext, width: int) -> Iterator[RenderableType]:
    """The rules with their findings per municipality, in the widest form that fits `width`."""
    kommuner, counts = by_rule_and_kommune(report.findings)
    wide = _rules_wide(report, ctx, kommuner, counts)
    if natural_width(wide) <= width:
        yield wide
        return
    compact = _rules_compact(report, ctx, kommuner, counts)
    legend = _legend(kommuner, ctx.lang)
    if natural_width(compact) <= width:
        yield compact
    else:
        yield from _rules_stacked(report, ctx, counts, width)
    if legend is not None:
        yield legend
    yield Text("")


def register_rules(section: RegisterSection, ctx: RenderContext, width: int) -> Iterator[RenderableType]:
    """The register rules per municipality, in the widest form that fits `width` (as `rules`)."""
    lang = ctx.lang
    outcomes = sorted(section.outcomes, key=lambda o: o.rule)
    for named in (True, False):
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
        table.add_column(t("rule", lang), no_wrap=True)
        for kommune in section.kommuner:
            heading = kommune_name(kommune, lang).replace(" ", "\n", 1) if named else _short(kommune, lang)
            table.add_column(heading, justify="right", no_wrap=True)
        table.add_column(t("total", lang), justify="right", no_wrap=True)
        for outcome in outcomes:
            table.add_row(_rule_text(outcome), *_cells(outcome, section.kommuner, section.counts, lang))
        if natural_width(table) <= width:
            yield table
            legend = None if named else _legend(section.kommuner, lang)
            if legend is not None:
                yield legend
            return
    for outcome in outcomes:
        total = f"({t('skipped', lang)})" if outcome.status is RuleStatus.SKIPPED else str(outcome.findings)
        yield Padding(_rule_text(outcome).append(f": {total}", style=""), (0, 0, 0, 2))
        per = section.counts.get(outcome.rule)
        if per and outcome.findings:
            items = [f"{_short(k, lang)}: {n}" for k, n in sorted(per.items(), key=lambda i: (i[0] == "", i[0]))]
            for line in _packed(items, width - 4):
                yield Padding(Text(line), (0, 0, 0, 4))
    legend = _legend(section.kommuner, lang)
    if legend is not None:
        yield legend


def _personal(finding: Finding) -> str:
    return " [" + ", ".join(f"{k}={v}" for k, v in finding.personal) + "]" if finding.personal else ""


def _widest(values: Iterator[str]) -> str:
    return max(values, key=cell_len, default="")


def findings(report: Report, ctx: RenderContext, width: int) -> Iterator[RenderableType]:
    """Every finding: a table when its message column can be at least MESSAGE_MIN wide, else a block each."""
    lang = ctx.lang
    names = ("rule", "table", "key", "kommune", "caseworker")
    fields = ("rule", "table", "key", "kommune", "saksbehandler")
    probe = _table(t("findings", lang))  # the fixed columns' widest values: the table's natural width without messages
    for name in names:
        probe.add_column(t(name, lang), no_wrap=True)
    probe.add_row(*(_widest(getattr(f, field) for f in report.findings) for field in fields))
    fixed = natural_width(probe)
    if fixed + 1 + MESSAGE_MIN <= width:
        table = _table(t("findings", lang))
        for name in names:
            table.add_column(t(name, lang), no_wrap=True)
        table.add_column(t("message", lang), overflow="fold", min_width=MESSAGE_MIN)
        for f in report.findings:
            table.add_row(
                f.rule, f.table, plain(f.key), plain(f.kommune), plain(f.saksbehandler),
                plain(f.message(lang) + _personal(f)),
            )
        yield table
        return
    yield Text(t("findings", lang), style="italic")
    for f in report.findings:
        where = " · ".join(part for part in (f.rule, f"{f.table} {f.key}", f.kommune, f.saksbehandler) if part)
        yield Padding(Text(where, style=STYLE[f.severity]), (0, 0, 0, 2))
        yield Padding(plain(f.message(lang) + _personal(f)), (0, 0, 0, 4))
    yield Text("")
