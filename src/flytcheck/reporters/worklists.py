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

A caseworker's file name depends on their initials alone, never on who else has a list that night, and is
portable: initials of capital letters and digits (up to 16) are the name as they are (`AB.csv`, `ØK.csv`);
any other initials (small letters, `../x`, a Windows device name such as `CON`, the name of a fixed list, 300
characters) get a readable part and a short fingerprint of the initials (`con-…`, never a leading `-` or `.`,
at most 35 characters before the suffix). `saksbehandlere.csv` beside the lists says whose list is which file.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TextIO

from flytcheck.errors import FlytcheckError
from flytcheck.model import Finding, Report
from flytcheck.outputs import OutputBatch, staged
from flytcheck.reporters.base import RenderContext
from flytcheck.reporters.csv_report import BOM, excel_cell, write_spreadsheet
from flytcheck.reporters.xlsx_sheets import Formats, workbook, write_findings
from flytcheck.texts import t

SAMLEJOURNAL_RULE = "child-closed-before-cutover-year"
ARCHIVE_CATEGORY = "archive"
NO_CASEWORKER = "uten-saksbehandler"
ARCHIVE = "arkiv"
SAMLEJOURNAL = "samlejournal"
INDEX = "saksbehandlere.csv"
"""Beside the lists: each caseworker's initials, the file of their list and its number of findings."""
MANIFEST = ".flytcheck-worklists"
FORMATS = ("csv", "xlsx")
"""--worklist-format choices; the file suffix is the format's name."""
_AS_THEY_ARE = re.compile(r"[0-9A-ZÆØÅ]{1,16}")
_UNSAFE = re.compile(r"[^0-9A-Za-zÆØÅæøå_-]")
_READABLE = 24
_FINGERPRINT = 10
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"{port}{n}" for port in ("COM", "LPT") for n in range(10))}
)
"""Names Windows keeps for devices, whatever the suffix (`CON.csv` is the console)."""
_FIXED_STEMS = frozenset({ARCHIVE, SAMLEJOURNAL, NO_CASEWORKER, INDEX.rsplit(".", 1)[0]})


def file_stem(initials: str) -> str:
    """The file name (without suffix) of a caseworker's list: from the initials alone (see the module docstring).

    Distinct initials get distinct names, also ignoring case: names as they are hold no small letter and no `-`,
    and every other name ends in a fingerprint of the exact initials."""
    if (_AS_THEY_ARE.fullmatch(initials) and initials not in _WINDOWS_DEVICES
            and initials.casefold() not in _FIXED_STEMS):
        return initials
    readable = _UNSAFE.sub("_", initials)[:_READABLE].lstrip("-_") or "x"
    digest = hashlib.sha256(initials.encode("utf-8", "surrogatepass")).hexdigest()[:_FINGERPRINT]
    return f"{readable}-{digest}"


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
    for initials in sorted(per_caseworker):
        lists[file_stem(initials) + suffix] = per_caseworker[initials]
    return {name: tuple(findings) for name, findings in lists.items()}


def _index(report: Report, ctx: RenderContext, lists: dict[str, tuple[Finding, ...]]) -> Callable[[TextIO], None]:
    """The index beside the lists, written like them (BOM, `;`, CRLF): initials, file, number of findings."""
    suffix = f".{ctx.worklist_format}"
    rows = [[t("caseworker", ctx.lang), t("worklist_file", ctx.lang), t("findings", ctx.lang)]]
    for initials in sorted({f.saksbehandler for findings in lists.values() for f in findings if f.saksbehandler}):
        name = file_stem(initials) + suffix
        if name in lists:  # a caseworker of archive findings only has no list of their own
            rows.append([excel_cell(initials), excel_cell(name), str(len(lists[name]))])  # the count: a number

    def fill(out: TextIO) -> None:
        out.write(BOM)
        writer = csv.writer(out, delimiter=";", quotechar='"', lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerows(rows)

    return fill


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
        batch.write(folder / INDEX, _index(report, ctx, lists), newline="")
        manifest = "".join(f"{name}\n" for name in (*lists, INDEX))
        batch.write(folder / MANIFEST, lambda out: _write_text(out, manifest))
        for name in sorted(stale - {*lists, INDEX}):
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
