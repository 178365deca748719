"""`flytcheck scan`: options, source, rules, engine, writers, exit code, in that order."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flytcheck.engine import scan
from flytcheck.errors import FlytcheckError
from flytcheck.outputs import write_private
from flytcheck.progress import progress_printer
from flytcheck.reporters import WRITERS, RenderContext
from flytcheck.rulebook import load_rulebook
from flytcheck.settings import build_options, read_config
from flytcheck.sources.open import demo_folder, open_source


@dataclass(frozen=True)
class ScanRequest:
    """What the command line asked for, besides the scan options."""

    source: str | None
    demo: bool = False
    odbc: str | None = None
    config: Path | None = None
    rules_dir: Path | None = None
    output_format: str = "console"
    output: Path | None = None
    details: bool = False
    quiet: bool = False
    width: int | None = None
    color: bool = True


def run(request: ScanRequest, cli: dict[str, Any]) -> int:
    if request.output_format not in WRITERS:
        raise FlytcheckError(f"--format: {request.output_format!r} is not one of {', '.join(WRITERS)}")
    config, config_path = read_config(request.config)
    if request.demo:
        demo_config, _ = read_config(demo_folder() / "flytcheck.toml")
        config = {**demo_config, **config}
        config_path = config_path or demo_folder() / "flytcheck.toml"
    options = build_options(config, config_path, **cli)
    rulebook = load_rulebook(request.rules_dir)
    with progress_printer(enabled=not request.quiet) as progress, open_source(
        request.source,
        odbc=request.odbc,
        demo=request.demo,
        schema=options.schema_name,
        timeout=options.timeout,
        statement_timeout=options.statement_timeout,
        progress=progress,
    ) as source:
        report = scan(source, rulebook, options, progress)
    ctx = RenderContext(rulebook, options.lang, request.details, request.width, request.color and sys.stdout.isatty())
    if request.output is not None:
        write_private(request.output, lambda out: WRITERS["json"].write(report, ctx, out))
    WRITERS[request.output_format].write(report, ctx, sys.stdout)
    return int(report.exit_code)
