"""Output formats: one writer per format behind the `Writer` interface, listed in one registry."""

from __future__ import annotations

from flytcheck.reporters.base import RenderContext, Writer
from flytcheck.reporters.console import ConsoleWriter
from flytcheck.reporters.json_report import JsonWriter

WRITERS: dict[str, Writer] = {
    "console": ConsoleWriter(),
    "json": JsonWriter(),
}
"""`--format` choices (stdout) and the writers behind them."""

__all__ = ["WRITERS", "RenderContext", "Writer"]
