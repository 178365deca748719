"""The console report drawn with rich: header, verdict, what Barnevernsregisteret will reject, migration preview,
rules per municipality, workload, details.

With `console.py`, the only module below the CLI that imports rich (and only when a console report is printed: a
nightly `--format json` run never loads it). It prints what the report holds and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from flytcheck.model import Report, RuleStatus, Severity
from flytcheck.reporters.base import RenderContext, by_rule_and_kommune, workload
from flytcheck.reporters.register_section import RegisterSection, register_section
from flytcheck.texts import consistency_text, huskeliste_text, kommune_name, severity_name, t
from flytcheck.values import format_date

_STYLE = {Severity.BLOCKER: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class RichConsole:
    """Human-readable report for the superuser, in the report language."""

    def write(self, report: Report, ctx: RenderContext, out: TextIO) -> None:
        console = Console(
            file=out,
            width=ctx.width,
            no_color=not ctx.color,
            color_system="auto" if ctx.color else None,
            highlight=False,
            soft_wrap=False,
            emoji=False,
            markup=False,  # data is never markup: initials `[/]` or `[link=…]` are printed as they are
        )
        lang = ctx.lang
        console.print(Text(t("console_title", lang, version=report.flytcheck_version), style="bold"))
        self._header(console, report, lang)
        console.print()
        self._verdict(console, report, lang)
        console.print()
        register = register_section(report, ctx.rulebook)
        if register is not None:
            # A heading of its own: as a table title it would wrap to the width of the narrow table.
            console.print(Text(f"{t('register', lang)} ({register.total})", style="bold"))
            console.print(self._register(register, lang))
            console.print(t("register_note", lang))
            console.print()
        console.print(self._preview(report, lang))
        console.print(self._rules(report, ctx))
        ranked = workload(report.findings)
        if ranked:
            console.print(self._workload(ranked, lang))
        if ctx.details and report.findings:
            console.print(self._details(report, ctx))
        elif report.findings:
            console.print(t("details_hint", lang))
        if report.show_personal_data:
            console.print(Text(t("personal_warning", lang), style="bold magenta"))

    def _header(self, console: Console, report: Report, lang: str) -> None:
        days = report.days_left
        when = t("days_left", lang, n=days) if days >= 0 else t("days_past", lang, n=-days)
        console.print(f"{t('source', lang)}: {report.source}")
        console.print(f"{t('familia_version', lang)}: {report.familia_version or t('unknown', lang)}")
        console.print(f"{t('cutover', lang)}: {format_date(report.cutover)} ({when})")
        console.print(f"{t('consistency', lang)}: {consistency_text(report.consistency, lang)}")
        if (huskeliste := huskeliste_text(report, lang)) is not None:
            console.print(huskeliste)

    def _verdict(self, console: Console, report: Report, lang: str) -> None:
        counts = {s.value: report.counts[s] for s in Severity}
        if report.ready:
            console.print(Text(t("ready", lang), style="bold green"))
        else:
            console.print(Text(t("not_ready", lang, n=report.counts[Severity.BLOCKER]), style="bold red"))
        console.print(t("counts", lang, **counts))
        delta = report.tracking.delta if report.tracking else None
        if delta is not None:
            console.print(t("delta", lang, fixed=len(delta.fixed), new=len(delta.new), when=delta.when))

    def _preview(self, report: Report, lang: str) -> Table:
        table = Table(title=t("preview", lang), box=box.SIMPLE_HEAD, title_justify="left")
        table.add_column(t("what", lang))
        table.add_column(t("migrated", lang), justify="right")
        table.add_column(t("not_migrated", lang), justify="right")
        for name, count in report.preview.items():
            table.add_row(t(name, lang), str(count.migrated), str(count.not_migrated))
        return table

    def _rules(self, report: Report, ctx: RenderContext) -> Table:
        lang = ctx.lang
        kommuner, counts = by_rule_and_kommune(report.findings)
        table = Table(title=t("rules", lang), box=box.SIMPLE_HEAD, title_justify="left")
        table.add_column(t("rule", lang), no_wrap=True)
        table.add_column(t("severity", lang), no_wrap=True)
        for kommune in kommuner:
            table.add_column(kommune_name(kommune, lang).replace(" ", "\n", 1), justify="right")
        table.add_column(t("total", lang), justify="right")
        order = {Severity.BLOCKER: 0, Severity.WARNING: 1, Severity.INFO: 2}
        for outcome in sorted(report.rules, key=lambda o: (order[o.severity], o.rule)):
            style = _STYLE[outcome.severity] if outcome.findings else "dim"
            if outcome.status is RuleStatus.SKIPPED:
                cells = [""] * len(kommuner) + [f"({t('skipped', lang)})"]
            else:
                per = counts.get(outcome.rule)
                cells = [str(per[k]) if per else "0" for k in kommuner] + [str(outcome.findings)]
            table.add_row(
                Text(outcome.rule, style=style), severity_name(outcome.severity, lang), *cells
            )
        return table

    def _register(self, register: RegisterSection, lang: str) -> Table:
        """What Barnevernsregisteret will reject: the register rules per municipality."""
        table = Table(box=box.SIMPLE_HEAD)
        table.add_column(t("rule", lang), no_wrap=True)
        for kommune in register.kommuner:
            table.add_column(kommune_name(kommune, lang).replace(" ", "\n", 1), justify="right")
        table.add_column(t("total", lang), justify="right")
        for outcome in register.outcomes:
            style = _STYLE[outcome.severity] if outcome.findings else "dim"
            if outcome.status is RuleStatus.SKIPPED:
                cells = [""] * len(register.kommuner) + [f"({t('skipped', lang)})"]
            else:
                per = register.counts.get(outcome.rule)
                cells = [str(per[k]) if per else "0" for k in register.kommuner] + [str(outcome.findings)]
            table.add_row(Text(outcome.rule, style=style), *cells)
        return table

    def _workload(self, ranked: Sequence[tuple[str, Mapping[Severity, int]]], lang: str) -> Table:
        table = Table(title=t("workload", lang), box=box.SIMPLE_HEAD, title_justify="left")
        table.add_column(t("caseworker", lang))
        table.add_column(severity_name(Severity.BLOCKER, lang), justify="right")
        table.add_column(severity_name(Severity.WARNING, lang), justify="right")
        for initials, per in ranked:
            table.add_row(initials, str(per.get(Severity.BLOCKER, 0)), str(per.get(Severity.WARNING, 0)))
        return table

    def _details(self, report: Report, ctx: RenderContext) -> Table:
        lang = ctx.lang
        table = Table(title=t("findings", lang), box=box.SIMPLE_HEAD, title_justify="left")
        for name in ("rule", "table", "key", "kommune", "caseworker"):
            table.add_column(t(name, lang), no_wrap=True)
        table.add_column(t("message", lang), overflow="fold", ratio=1)
        for f in report.findings:
            message = f.message(lang)
            if f.personal:
                message += " [" + ", ".join(f"{k}={v}" for k, v in f.personal) + "]"
            table.add_row(f.rule, f.table, f.key, f.kommune, f.saksbehandler, Text(message))
        return table
