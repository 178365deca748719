"""The console report drawn with rich: header, verdict, what Barnevernsregisteret will reject, migration preview,
rules per municipality, workload, details.

With `console.py`, the only module below the CLI that imports rich (and only when a console report is printed: a
nightly `--format json` run never loads it). It prints what the report holds and nothing else.

The report is a sequence of sections (`SECTIONS`), each a function of the report that yields what to print; a new
section is one function added to the tuple. Every section fits the console's width: from 60 columns up no number,
code or key is ever cut (console_layout picks a table that fits, or stacks). Lines end without trailing spaces, so
a nightly log (`console.txt`, 80 columns when redirected) reads cleanly.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from rich.console import Console, RenderableType
from rich.text import Text

from flytcheck.model import Report, Severity
from flytcheck.reporters import console_layout
from flytcheck.reporters.base import RenderContext, workload
from flytcheck.reporters.console_layout import plain
from flytcheck.reporters.narrow import left_out_lines
from flytcheck.reporters.register_section import register_section
from flytcheck.texts import consistency_text, days_text, huskeliste_text, scope_label, source_name, t
from flytcheck.values import format_date

DEFAULT_WIDTH = 80
"""The width of a console report that is not printed on a terminal (a redirected nightly log)."""
_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)

Section = Callable[[Report, RenderContext, int], Iterable[RenderableType]]
"""One part of the report: what to print for it at a width (nothing when it has nothing to say)."""


def console_width(ctx: RenderContext, out: TextIO) -> int:
    """`--width`, else the terminal's width (COLUMNS first, as rich does), else 80."""
    if ctx.width:
        return ctx.width
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(out.fileno()).columns if out.isatty() else DEFAULT_WIDTH
    except (OSError, ValueError, io.UnsupportedOperation):
        return DEFAULT_WIDTH


def header(report: Report, ctx: RenderContext, width: int) -> Iterator[RenderableType]:
    lang = ctx.lang
    yield Text(t("console_title", lang, version=report.flytcheck_version), style="bold")
    yield Text(f"{t('source', lang)}: ").append_text(plain(source_name(report.source, lang)))
    yield Text(f"{t('familia_version', lang)}: ").append_text(plain(report.familia_version or t("unknown", lang)))
    when = days_text(report.days_left, lang)
    cutover = Text(f"{t('cutover', lang)}: {format_date(report.cutover)} ({when})")
    if not report.cutover_configured:
        cutover.append(f" – {t('cutover_unset', lang)}", style="bold yellow")
    yield cutover
    yield Text(f"{t('consistency', lang)}: {consistency_text(report.consistency, lang)}")
    huskeliste = huskeliste_text(report, lang)
    if huskeliste is not None:
        yield Text(huskeliste)


def verdict(report: Report, ctx: RenderContext, width: int) -> Iterator[RenderableType]:
    lang = ctx.lang
    blockers = report.counts[Severity.BLOCKER]
    scope = scope_label(report.scope, lang)
    if report.ready:
        text = t("ready_narrowed", lang, scope=scope) if scope else t("ready", lang)
        yield Text(text, style="bold yellow" if scope else "bold green")
    else:
        text = t("not_ready_narrowed", lang, n=blockers, scope=scope) if scope else t("not_ready", lang, n=blockers)
        yield Text(text, style="bold red")
    for line in left_out_lines(report.scope, ctx.rulebook, lang):
        yield Text(line, style="yellow")
    yield Text(t("counts", lang, **{s.value: report.counts[s] for s in Severity}))
    delta = report.tracking.delta if report.tracking else None
    if delta is not None:
        yield Text(t("delta", lang, fixed=len(delta.fixed), new=len(delta.new), when=delta.when))


def register(report: Report, ctx: RenderContext, width: int) -> Iterator[RenderableType]:
    """What Barnevernsregisteret will reject, right after the verdict (nothing when --only left the rules out)."""
    section = register_section(report, ctx.rulebook)
    if section is None:
        return
    # A heading of its own: as a table title it would wrap to the width of the narrow table.
    yield Text(f"{t('register', ctx.lang)} ({section.total})", style="bold")
    yield from console_layout.register_rules(section, ctx, width)
    yield Text(t("register_note", ctx.lang))


def preview(report: Report, ctx: RenderContext, width: int) -> Iterator[RenderableType]:
    yield console_layout.preview_table(report, ctx.lang)


def rules(report: Report, ctx: RenderContext, width: int) -> Iterator[RenderableType]:
    yield from console_layout.rules(report, ctx, width)


def caseworkers(report: Report, ctx: RenderContext, width: int) -> Iterator[RenderableType]:
    ranked = workload(report.findings)
    if ranked:
        yield console_layout.workload_table(ranked, ctx.lang)


def details(report: Report, ctx: RenderContext, width: int) -> Iterator[RenderableType]:
    if ctx.details and report.findings:
        yield from console_layout.findings(report, ctx, width)
    elif report.findings:
        yield Text(t("details_hint", ctx.lang))
    if report.show_personal_data:
        yield Text(t("personal_warning", ctx.lang), style="bold magenta")


SECTIONS: tuple[Section, ...] = (header, verdict, register, preview, rules, caseworkers, details)
"""The report's sections, in order, each followed by a blank line when it printed something (tables carry their
own): a section of another concern (the national register's, the Huskeliste count) is one function added here."""

_SPACED = frozenset({header, verdict, register})
"""Sections of plain lines, set apart from the next by a blank line."""


class RichConsole:
    """Human-readable report for the superuser, in the report language, at the console's width."""

    def write(self, report: Report, ctx: RenderContext, out: TextIO) -> None:
        width = console_width(ctx, out)
        console = Console(
            file=io.StringIO(),
            width=width,
            force_terminal=ctx.color,
            no_color=not ctx.color,
            color_system="auto" if ctx.color else None,
            highlight=False,
            soft_wrap=False,
            emoji=False,
            markup=False,  # data is never markup: initials `[/]` or `[link=…]` are printed as they are
        )
        for section in SECTIONS:
            printed = False
            for part in section(report, ctx, width):
                with console.capture() as capture:
                    console.print(part)
                out.write(_TRAILING.sub(r"\1", capture.get()))
                printed = True
            if printed and section in _SPACED:
                out.write("\n")
