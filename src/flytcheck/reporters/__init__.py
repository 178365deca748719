"""Output formats: one writer per format behind the `Writer` interface, listed in one registry.

`WRITERS` are the `--format` choices printed on stdout; `FILE_OUTPUTS` are the `scan` options that write a file
(or a folder of files), each staged in an `OutputBatch`: readable by the owner only, and renamed into place with
the scan's other outputs only when all are complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

from flytcheck.model import Report
from flytcheck.outputs import OutputBatch, staged
from flytcheck.reporters.base import RenderContext, Writer
from flytcheck.reporters.console import ConsoleWriter
from flytcheck.reporters.csv_report import CsvWriter
from flytcheck.reporters.html_report import HtmlWriter
from flytcheck.reporters.json_report import JsonWriter
from flytcheck.reporters.junit import JunitWriter
from flytcheck.reporters.worklists import WorklistWriter
from flytcheck.reporters.xlsx_report import WorkbookWriter

WRITERS: dict[str, Writer] = {
    "console": ConsoleWriter(),
    "json": JsonWriter(),
}
"""`--format` choices (stdout) and the writers behind them."""


class FileOutput(Protocol):
    """Saves one output format of a frozen report at a path given on the command line."""

    def save(self, report: Report, ctx: RenderContext, path: Path, batch: OutputBatch | None = None) -> None:
        """Stage the output in `batch` (committed by the caller), or write it at once when there is none."""
        ...


@dataclass(frozen=True)
class ToFile:
    """A `Writer` saved to one private file; `newline=""` keeps the CRLF a spreadsheet format writes."""

    writer: Writer
    newline: str | None = None

    def save(self, report: Report, ctx: RenderContext, path: Path, batch: OutputBatch | None = None) -> None:
        def fill(out: TextIO) -> None:
            self.writer.write(report, ctx, out)

        staged(batch, lambda own: own.write(path, fill, newline=self.newline))


FILE_OUTPUTS: dict[str, FileOutput] = {
    "output": ToFile(JsonWriter()),
    "csv": ToFile(CsvWriter(), newline=""),
    "xlsx": WorkbookWriter(),
    "worklists": WorklistWriter(),
    "junit": ToFile(JunitWriter()),
    "html": ToFile(HtmlWriter()),
}
"""`scan` options that write files (`--output`, `--csv`, …, by their name without dashes) and what saves each."""

__all__ = ["FILE_OUTPUTS", "WRITERS", "FileOutput", "RenderContext", "ToFile", "Writer"]
