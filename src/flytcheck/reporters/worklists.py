"""`--worklists DIR`: the findings cut into one spreadsheet per reader, in the format of `--csv` (the default) or
as Excel workbooks with one findings sheet each (`--worklist-format xlsx`, written like `--xlsx`'s sheets).

- `<INITIALS>.csv` for each caseworker with findings (their reminders, unfinished notes, network data, …);
- `uten-saksbehandler.csv` for findings no caseworker owns (the superuser hands them out);
- `arkiv.csv` for archive staff (the rules of category archive), whoever the caseworker;
- `samlejournal.csv`: the children not migrated (rule child-closed-before-cutover-year), whose collected journal
  is printed if a new report of concern arrives after the switch.

(`.xlsx` instead of `.csv` with --worklist-format xlsx.)

The last three are always written, empty but for the header when there is nothing to do. A caseworker whose list
was written last night and who has nothing left tonight would otherwise keep a stale list: the files written are
recorded in `.flytcheck-worklists`, and only files named there are ever removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TextIO

from flytcheck.errors import FlytcheckError
from flytcheck.model import Finding, Report
from flytcheck.outputs import OutputBatch, staged
from flytcheck.reporters.base import RenderContext
from flytcheck.reporters.csv_report import write_spreadsheet
from flytcheck.reporters.xlsx_sheets import Formats, workbook, write_findings
from flytcheck.texts import t

SAMLEJOURNAL_RULE = "child-closed-before-cutover-year"
ARCHIVE_CATEGORY = "archive"
NO_CASEWORKER = "uten-saksbehandler"
ARCHIVE = "arkiv"
SAMLEJOURNAL = "samlejournal"
MANIFEST = ".flytcheck-worklists"
FORMATS = ("csv", "xlsx")
"""--worklist-format choices; the file suffix is the format's name."""
_UNSAFE = re.compile(r"[^0-9A-Za-zÆØÅæøå_-]")


def _file_name(initials: str, taken: set[str], suffix: str = ".csv") -> str:
    """A file name for a caseworker's initials that is safe on every file system and unique ignoring case."""
    stem = _UNSAFE.sub("_", initials) or "_"
    name, number = f"{stem}{suffix}", 1
    while name.casefold() in taken:
        number += 1
        name = f"{stem}-{number}{suffix}"
    taken.add(name.casefold())
    return name


def worklists(report: Report, ctx: RenderContext) -> dict[str, tuple[Finding, ...]]:
    """File name -> the findings on that list, the fixed lists first, then caseworkers by initials."""
    def category(finding: Finding) -> str:
        rule = ctx.rulebook.rules.get(finding.rule)
        return rule.category if rule else ""

    suffix = f".{ctx.worklist_format}"
    archive, samlejournal, nobody = (f"{stem}{suffix}" for stem in (ARCHIVE, SAMLEJOURNAL, NO_CASEWORKER))
    lists: dict[str, list[Finding]] = {archive: [], samlejournal: [], nobody: []}
    per_caseworker: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.rule == SAMLEJOURNAL_RULE:
            lists[samlejournal].append(finding)
        elif category(finding) == ARCHIVE_CATEGORY:
            lists[archive].append(finding)
        elif finding.saksbehandler:
            per_caseworker.setdefault(finding.saksbehandler, []).append(finding)
        else:
            lists[nobody].append(finding)
    taken = {name.casefold() for name in lists}
    for initials in sorted(per_caseworker):
        lists[_file_name(initials, taken, suffix)] = per_caseworker[initials]
    return {name: tuple(findings) for name, findings in lists.items()}


def _previous(folder: Path) -> set[str]:
    try:
        lines = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    ours = tuple(f".{name}" for name in FORMATS)
    return {line for line in lines if line.endswith(ours) and "/" not in line and not line.startswith(".")}


class WorklistWriter:
    """Writes the worklists into a folder, each file private (0600) and atomic, and removes its own stale lists."""

    def save(self, report: Report, ctx: RenderContext, folder: Path, batch: OutputBatch | None = None) -> None:
        staged(batch, lambda own: self._stage(report, ctx, folder, own))

    def _stage(self, report: Report, ctx: RenderContext, folder: Path, batch: OutputBatch) -> None:
        if ctx.worklist_format not in FORMATS:
            raise FlytcheckError(f"--worklist-format: {ctx.worklist_format!r} is not one of {', '.join(FORMATS)}")
        if folder.exists() and not folder.is_dir():
            raise FlytcheckError(f"{folder}: --worklists needs a folder, and this is a file")
        try:
            batch.folder(folder)
        except OSError as error:
            raise FlytcheckError(f"{folder}: cannot create the worklist folder ({error.strerror})") from None
        stale = _previous(folder)
        lists = worklists(report, ctx)
        for name, findings in lists.items():
            if ctx.worklist_format == "xlsx":
                batch.write_binary(folder / name, _workbook(findings, report, ctx))
            else:
                batch.write(folder / name, _filler(findings, report, ctx), newline="")
        manifest = "".join(f"{name}\n" for name in lists)
        batch.write(folder / MANIFEST, lambda out: _write_text(out, manifest))
        for name in sorted(stale - set(lists)):
            batch.remove(folder / name)


def _filler(findings: tuple[Finding, ...], report: Report, ctx: RenderContext) -> Callable[[TextIO], None]:
    return lambda out: write_spreadsheet(findings, report, ctx, out)


def _workbook(findings: tuple[Finding, ...], report: Report, ctx: RenderContext) -> Callable[[BinaryIO], None]:
    def fill(out: BinaryIO) -> None:
        with workbook(out, report) as book:
            write_findings(book, Formats(book), t("findings", ctx.lang), set(), findings, report, ctx)

    return fill


def _write_text(out: TextIO, text: str) -> None:
    out.write(text)
