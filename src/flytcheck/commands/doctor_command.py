"""`flytcheck doctor`: the scan's settings and source, the doctor's checks, the report, the exit code."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from flytcheck.commands.scan_settings import load_settings
from flytcheck.doctor import checks, report
from flytcheck.doctor.model import Target
from flytcheck.errors import FlytcheckError


def run(
    target: Target,
    cli: dict[str, Any],
    output_format: str,
    out: TextIO,
    *,
    config: Path | None = None,
    rules_dir: Path | None = None,
    extra_rules: tuple[Path, ...] = (),
) -> int:
    if output_format not in report.FORMATS:
        raise FlytcheckError(f"--format: {output_format!r} is not one of {', '.join(report.FORMATS)}")
    settings = load_settings(cli, config=config, demo=target.demo, rules_dir=rules_dir, extra_rules=extra_rules)
    found = checks.run(target, settings)
    lang = settings.options.lang
    if output_format == "json":
        report.write_json(found, lang, out)
    else:
        report.write_console(found, lang, out)
    return found.exit_code
