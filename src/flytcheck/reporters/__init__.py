"""Output formats: one writer per format behind the `Writer` interface, listed in one registry.

`WRITERS` are the `--format` choices printed on stdout; `FILE_OUTPUTS` are the `scan` options that write a file
(or a folder of files), each staged in an `OutputBatch`: readable by the owner only, and renamed into place with
the scan's other outputs only when all are complete. A file output's module is imported when its option is used:
the nightly `--format json` run loads no HTML, JUnit or spreadsheet code.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol, TextIO

from flytcheck.model import Report
from flytcheck.outputs import OutputBatch, staged
from flytcheck.reporters.base import RenderContext, Writer
from flytcheck.reporters.console import ConsoleWriter
from flytcheck.reporters.json_report import JsonWriter

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


@dataclass(frozen=True)
class Deferred:
    """A file output whose module is imported the first time it saves (`module:Class`, a writer or a FileOutput)."""

    target: str
    newline: str | None = None
    to_file: bool = True
    """The class is a `Writer`, saved to one file by `ToFile`; otherwise it is a FileOutput itself."""

    @cached_property
    def output(self) -> FileOutput:
        module, _, name = self.target.partition(":")
        made: Any = getattr(importlib.import_module(module), name)()
        return ToFile(made, self.newline) if self.to_file else made

    def save(self, report: Report, ctx: RenderContext, path: Path, batch: OutputBatch | None = None) -> None:
        self.output.save(report, ctx, path, batch)


FILE_OUTPUTS: dict[str, FileOutput] = {
    "output": ToFile(JsonWriter()),
    "csv": Deferred("flytcheck.reporters.csv_report:CsvWriter", newline=""),
    "xlsx": Deferred("flytcheck.reporters.xlsx_report:WorkbookWriter", to_file=False),
    "worklists": Deferred("flytcheck.reporters.worklists:WorklistWriter", to_file=False),
    "junit": Deferred("flytcheck.reporters.junit:JunitWriter"),
    "html": Deferred("flytcheck.reporters.html_report:HtmlWriter"),
}
"""`scan` options that write files (`--output`, `--csv`, …, by their name without dashes) and what saves each."""

__all__ = ["FILE_OUTPUTS", "WRITERS", "Deferred", "FileOutput", "RenderContext", "ToFile", "Writer"]
