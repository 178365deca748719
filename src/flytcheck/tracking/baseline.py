"""Compares a report with the JSON report of an earlier night: which findings are new and which were fixed.

Reads the baseline file (written by `--format json` or `--output`) and nothing else; never writes. A finding is
the same finding from one night to the next when its identity (rule, table, key, and part for a record holding two
documents) is the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flytcheck.errors import FlytcheckError
from flytcheck.model import Delta, Finding, Report, RuleStatus, Severity


@dataclass(frozen=True, slots=True)
class Baseline:
    """The findings of an earlier report, as read back from its JSON."""

    file: str
    scanned_at: str
    findings: tuple[Finding, ...]


def _broken(path: Path, why: str) -> FlytcheckError:
    return FlytcheckError(
        f"{path}: not a usable baseline ({why})",
        hint="give the JSON report of an earlier scan (--format json or --output)",
    )


def _text(item: dict[str, Any], name: str, path: Path, index: int) -> str:
    value = item.get(name, "")
    if not isinstance(value, str):
        raise _broken(path, f"findings[{index}].{name} is not text")
    return value


def _finding(item: object, path: Path, index: int) -> Finding:
    if not isinstance(item, dict):
        raise _broken(path, f"findings[{index}] is not an object")
    for name in ("rule", "table", "key"):
        if name not in item:
            raise _broken(path, f"findings[{index}] has no {name}")
    try:
        severity = Severity(item.get("severity", "info"))
    except ValueError:
        raise _broken(path, f"findings[{index}].severity is not one of blocker, warning, info") from None
    message = _text(item, "message", path, index)
    return Finding(
        rule=_text(item, "rule", path, index),
        severity=severity,
        table=_text(item, "table", path, index),
        key=_text(item, "key", path, index),
        kommune=_text(item, "kommune", path, index),
        saksbehandler=_text(item, "saksbehandler", path, index),
        message_nb=message,
        message_en=message,
        part=_text(item, "part", path, index),
    )


def load_baseline(path: Path) -> Baseline:
    """Read an earlier JSON report; anything unreadable or of the wrong shape is a FlytcheckError naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _broken(path, "file not found") from None
    except OSError as error:
        raise _broken(path, f"cannot be read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise _broken(path, "not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise _broken(path, f"not valid JSON at line {error.lineno}") from None
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        raise _broken(path, "not a flytcheck JSON report of schema version 1")
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise _broken(path, "no findings list")
    scanned_at = data.get("scanned_at")
    return Baseline(
        file=str(path),
        scanned_at=scanned_at if isinstance(scanned_at, str) else "",
        findings=tuple(_finding(item, path, index) for index, item in enumerate(findings)),
    )


def compare(report: Report, baseline: Baseline) -> Delta:
    """The delta of `report` against `baseline`, over the rules that ran in `report` only.

    A rule that was skipped, disabled or left out with --only tonight has not been checked, so its earlier findings
    are not counted as fixed.
    """
    checked = {o.rule for o in report.rules if o.status is RuleStatus.RAN}
    before = {f.identity: f for f in baseline.findings if f.rule in checked}
    now = {f.identity for f in report.findings}
    new = frozenset(now - before.keys())
    fixed = tuple(sorted(f for identity, f in before.items() if identity not in now))
    return Delta(
        baseline=baseline.file,
        baseline_scanned_at=baseline.scanned_at,
        new=new,
        fixed=fixed,
        unchanged=len(now) - len(new),
    )
