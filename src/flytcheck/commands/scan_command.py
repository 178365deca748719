"""`flytcheck scan`: options, source, rules, engine, --only, baseline, history, writers, exit code, in that order.

The outputs and the history entry of a scan are committed together, after everything is rendered."""

from __future__ import annotations

import dataclasses
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flytcheck.commands.scan_settings import load_settings
from flytcheck.config_file import CONFIG_VARIABLE, candidates
from flytcheck.engine import scan
from flytcheck.errors import FlytcheckError
from flytcheck.guard import warn
from flytcheck.model import Report, Run, Severity, Tracking
from flytcheck.outputs import check_target, not_a_file, output_batch
from flytcheck.progress import progress_printer
from flytcheck.reporters import FILE_OUTPUTS, WRITERS, RenderContext
from flytcheck.reporters.narrow import narrow, selected_rules
from flytcheck.reporters.worklists import FORMATS as WORKLIST_FORMATS
from flytcheck.sources.open import open_source
from flytcheck.texts import t
from flytcheck.tracking import history
from flytcheck.tracking.baseline import Baseline, compare, load_baseline
from flytcheck.tracking.follow import same_scope


@dataclass(frozen=True)
class ScanRequest:
    """What the command line asked for, besides the scan options."""

    source: str | None
    demo: bool = False
    odbc: str | None = None
    config: Path | None = None
    rules_dir: Path | None = None
    extra_rules: tuple[Path, ...] = ()
    output_format: str = "console"
    output: Path | None = None
    details: bool = False
    quiet: bool = False
    width: int | None = None
    color: bool = True
    files: tuple[tuple[str, Path], ...] = ()
    """Further file outputs: (name in FILE_OUTPUTS, path), e.g. ("csv", Path("arkiv.csv"))."""
    only: tuple[str, ...] = ()
    baseline: Path | None = None
    history: Path | None = None
    worklist_format: str = "csv"

    @property
    def outputs(self) -> tuple[tuple[str, Path], ...]:
        return ((("output", self.output),) if self.output is not None else ()) + self.files


def _check_paths(request: ScanRequest) -> None:
    """Refuse, before scanning, to write over the source, to write two outputs to one path, or to replace what is
    not a regular file (a device, a pipe, a folder; the worklists need a folder)."""
    targets = [*request.outputs, *((("history", request.history),) if request.history else ())]
    for name, given in [("source", request.source or ""), *((name, str(path)) for name, path in targets)]:
        if "\x00" in given:  # no file system has such a name (and Python will not look one up)
            raise FlytcheckError(f"{'SOURCE' if name == 'source' else '--' + name}: the path holds a NUL character")
    source = Path(request.source).resolve() if request.source and "://" not in request.source else None
    seen: dict[Path, str] = {}
    for name, path in targets:
        if name not in FILE_OUTPUTS and name != "history":
            raise FlytcheckError(f"--{name}: no writer for this output")
        resolved = path.resolve()
        if source is not None and (resolved == source or source in resolved.parents):
            raise FlytcheckError(f"--{name}: {path} is the source; flytcheck never writes to what it scans")
        if resolved in seen:
            raise FlytcheckError(f"--{name}: {path} is also given to --{seen[resolved]}")
        seen[resolved] = name
        if name != "worklists":
            check_target(path, name)
        elif not_a_file(path) not in (None, "a folder") or path.is_file():
            raise FlytcheckError(f"--worklists: {path} is not a folder; the worklists need a folder of their own")


def _runs_with(history_file: Path, report: Report) -> tuple[Run, ...]:
    """The history's runs with this one added as `history.append` will record it (appended only at commit)."""
    earlier = history.read_runs(history_file) if history_file.exists() and history_file.stat().st_size else ()
    scanned_at = datetime.fromisoformat(report.scanned_at.isoformat(timespec="seconds"))
    this = Run(
        scanned_at, report.source, report.cutover, report.counts[Severity.BLOCKER],
        report.counts[Severity.WARNING], report.counts[Severity.INFO], report.ready, report.scope,
    )
    # The history's own order (ORDER BY scanned_at, id): the stored text of the time, this run last among equals.
    runs = sorted((*earlier, this), key=lambda run: run.scanned_at.isoformat(timespec="seconds"))
    return same_scope(runs, report.scope)  # a trend never mixes a narrowed run with full ones


def _track(report: Report, baseline: Baseline | None, history_file: Path | None) -> Report:
    """The report with its delta against the baseline and the runs of the history (this run included)."""
    if baseline is None and history_file is None:
        return report
    delta = compare(report, baseline) if baseline is not None else None
    runs = _runs_with(history_file, report) if history_file is not None else ()
    return dataclasses.replace(report, tracking=Tracking(delta=delta, runs=runs))


def interactive() -> bool:
    """Whether someone is watching: a terminal on both ends (a scheduled or CI job has neither)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def searched(request: ScanRequest, config_path: Path | None) -> list[str]:
    """Where a configuration was looked for (or the one file that was read), for the warning of a run without one."""
    if config_path is not None:
        return [str(config_path)]
    return ["--config", CONFIG_VARIABLE, *(str(p) for p in candidates(None if request.demo else request.source))]


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a scan makes its findings, and back on after.

    A scan allocates a tuple per finding and keeps them all (the report is sorted before it is written), so the
    collector would walk the growing lists again and again: 1.1-1.3 s of a 27 s scan of `largest`
    (docs/benchmarks.md). The findings, memos and rows hold no reference cycles; reference counting frees
    everything the scan drops, and the collector runs as usual once the scan has ended.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run(request: ScanRequest, cli: dict[str, Any]) -> int:
    with no_cycle_collection():
        return _run(request, cli)


def _run(request: ScanRequest, cli: dict[str, Any]) -> int:
    if request.output_format not in WRITERS:
        raise FlytcheckError(f"--format: {request.output_format!r} is not one of {', '.join(WRITERS)}")
    if request.worklist_format not in WORKLIST_FORMATS:
        choices = ", ".join(WORKLIST_FORMATS)
        raise FlytcheckError(f"--worklist-format: {request.worklist_format!r} is not one of {choices}")
    _check_paths(request)
    settings = load_settings(
        cli, config=request.config, demo=request.demo, rules_dir=request.rules_dir, extra_rules=request.extra_rules,
        source=request.source,
    )
    options, rulebook = settings.options, settings.rulebook
    selected_rules(request.only, rulebook)  # an unknown --only name stops us before the scan, not after
    baseline = load_baseline(request.baseline) if request.baseline is not None else None
    if request.history is not None:
        history.verify(request.history)
    with progress_printer(enabled=not request.quiet) as progress, open_source(
        request.source,
        odbc=request.odbc,
        demo=request.demo,
        schema=options.schema_name,
        timeout=options.timeout,
        statement_timeout=options.statement_timeout,
        lock_timeout=options.lock_timeout,
        progress=progress,
    ) as source:
        if not request.quiet:
            for bokmal, english in source.notes:  # the ODBC driver chosen, or what the one named lacks
                print(f"flytcheck: {english if options.lang == 'en' else bokmal}", file=sys.stderr)
        report = scan(source, rulebook, options, progress)
    report = dataclasses.replace(report, cutover_configured=settings.cutover_configured)
    if not settings.cutover_configured and not interactive():
        places = ", ".join(searched(request, settings.config_path))
        warn(t("cutover_unset_warning", options.lang, places=places))
    report = _track(narrow(report, request.only, rulebook, options.disabled_rules), baseline, request.history)
    ctx = RenderContext(rulebook, options.lang, request.details, request.width, request.color and sys.stdout.isatty(),
                        request.worklist_format)
    # Every file is complete before any appears, and the history records the run only with them: an error or an
    # interrupt before the commit leaves neither a report nor a history entry behind.
    with output_batch() as batch:
        for name, path in request.outputs:
            FILE_OUTPUTS[name].save(report, ctx, path, batch)
        history_file = request.history
        batch.commit(before=(lambda: history.append(history_file, report)) if history_file is not None else None)
    WRITERS[request.output_format].write(report, ctx, sys.stdout)
    return int(report.exit_code)
