"""`--format console`: the human-readable report; drawn by console_render, which loads rich only when it runs.

Whatever the layout, data reaches it terminal-safe (`terminal_report`: control characters as visible escapes) and
is never read as markup (console_render makes its console with markup off)."""

from __future__ import annotations

from typing import TextIO

from flytcheck.model import Report
from flytcheck.reporters.base import RenderContext


class ConsoleWriter:
    """Human-readable report for the superuser, in the report language."""

    def write(self, report: Report, ctx: RenderContext, out: TextIO) -> None:
        from flytcheck.reporters.console_render import RichConsole
        from flytcheck.reporters.terminal_report import for_terminal_report

        RichConsole().write(for_terminal_report(report), ctx, out)
