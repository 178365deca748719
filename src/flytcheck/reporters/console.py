"""`--format console`: the human-readable report; drawn by console_render, which loads rich only when it runs."""

from __future__ import annotations

from typing import TextIO

from flytcheck.model import Report
from flytcheck.reporters.base import RenderContext


class ConsoleWriter:
    """Human-readable report for the superuser, in the report language."""

    def write(self, report: Report, ctx: RenderContext, out: TextIO) -> None:
        from flytcheck.reporters.console_render import RichConsole

        RichConsole().write(report, ctx, out)
