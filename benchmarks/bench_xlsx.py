"""Which library writes the `--xlsx` workbook: XlsxWriter (constant memory) against openpyxl (write-only).

    python benchmarks/bench_xlsx.py [--profile largest] [--libraries xlsxwriter,openpyxl]

For each library, a child process scans bench-data/<profile>.sqlite (generate it first with `flytcheck synth
--profile largest --out bench-data/largest.sqlite`) with its companion config, in-process as `flytcheck scan`
does, then writes every finding of the report into a workbook of the same shape (a findings sheet per category,
typed cells: text, whole-number keys, dd.mm.yyyy dates; frozen header, autofilter). XlsxWriter is flytcheck's own
writer (reporters/xlsx_report.py, summary sheet included); openpyxl is the same cells through its write-only mode.
Printed per library: peak RSS after the scan and after the workbook (ru_maxrss, so growth over the scan's own
peak), the workbook's wall time and its size. The scan itself is the same in both, so only the growth and the
write time tell the libraries apart.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from flytcheck.model import Report  # noqa: E402
from flytcheck.reporters.base import RenderContext  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scanned(profile: str) -> tuple[Report, RenderContext]:
    from flytcheck.catalogue.loading import load_rulebook
    from flytcheck.engine import scan
    from flytcheck.settings import build_options, read_config
    from flytcheck.sources.open import open_source

    database = ROOT / "bench-data" / f"{profile}.sqlite"
    config, config_path = read_config(database.with_name(database.name + ".flytcheck.toml"))
    options = build_options(config, config_path)
    rulebook = load_rulebook()
    with open_source(str(database)) as source:
        report = scan(source, rulebook, options)
    return report, RenderContext(rulebook, options.lang)


def with_openpyxl(report: Report, ctx: RenderContext, target: Path) -> None:
    """The findings sheets through openpyxl's write-only mode, cell for cell as flytcheck writes them."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from flytcheck.reporters.csv_report import KEY_COLUMN, finding_cells, personal_columns, spreadsheet_header
    from flytcheck.reporters.xlsx_report import categories
    from flytcheck.texts import t

    book = Workbook(write_only=True)
    scanned_on = report.scanned_at.date()
    for category, findings in categories(report, ctx).items():
        sheet = book.create_sheet(t(f"sheet.{category}", ctx.lang))
        header = spreadsheet_header(findings, report, ctx)
        personal = personal_columns(findings)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{chr(64 + len(header))}{len(findings) + 1}"
        bold = Font(bold=True)
        cells: list[Any] = []
        for text in header:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        for finding in findings:
            row: list[Any] = []
            for column, text in enumerate(finding_cells(finding, report, ctx, personal)):
                if column == KEY_COLUMN and text.isdigit():
                    cell = WriteOnlyCell(sheet, value=int(text))
                    cell.number_format = "0"
                    row.append(cell)
                else:
                    row.append(text or None)
            date_cell = WriteOnlyCell(sheet, value=scanned_on)
            date_cell.number_format = "dd.mm.yyyy"
            row.append(date_cell)
            sheet.append(row)
    book.save(target)


def with_xlsxwriter(report: Report, ctx: RenderContext, target: Path) -> None:
    from flytcheck.reporters.xlsx_report import WorkbookWriter

    with target.open("wb") as out:
        WorkbookWriter().write(report, ctx, out)


WRITERS = {"xlsxwriter": with_xlsxwriter, "openpyxl": with_openpyxl}


def child(library: str, profile: str) -> dict[str, Any]:
    start = time.perf_counter()
    report, ctx = scanned(profile)
    after_scan = {"scan_s": time.perf_counter() - start, "scan_peak_mb": peak_mb(), "findings": len(report.findings)}
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "book.xlsx"
        start = time.perf_counter()
        WRITERS[library](report, ctx, target)
        seconds = time.perf_counter() - start
        size = target.stat().st_size
    return {**after_scan, "library": library, "write_s": seconds, "peak_mb": peak_mb(), "size_mb": size / 1e6}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="largest")
    parser.add_argument("--libraries", default="xlsxwriter,openpyxl")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.profile)))
        return
    print("| Library | Findings | Scan peak RSS | Peak RSS with workbook | Growth | Workbook write | Size |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for library in args.libraries.split(","):
        done = subprocess.run(
            [sys.executable, __file__, "--child", library, "--profile", args.profile],
            check=True, capture_output=True, text=True,
        )
        r = json.loads(done.stdout)
        print(f"| {library} | {r['findings']} | {r['scan_peak_mb']:.0f} MB | {r['peak_mb']:.0f} MB | "
              f"+{r['peak_mb'] - r['scan_peak_mb']:.0f} MB | {r['write_s']:.1f} s | {r['size_mb']:.1f} MB |",
              flush=True)


if __name__ == "__main__":
    main()
