"""The JSON report: the whole frozen report as stable, sorted, machine-readable data."""

from __future__ import annotations

import json
from typing import Any, TextIO

from flytcheck.model import Finding, Report, Severity
from flytcheck.reporters.base import RenderContext

SCHEMA_VERSION = 1


def finding_dict(finding: Finding, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "table": finding.table,
        "key": finding.key,
        "kommune": finding.kommune,
        "saksbehandler": finding.saksbehandler,
        "message": finding.message(lang),
    }
    if finding.personal:
        data["personal"] = dict(finding.personal)
    return data


def report_dict(report: Report, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "flytcheck_version": report.flytcheck_version,
        "source": report.source,
        "scanned_at": report.scanned_at.isoformat(timespec="seconds"),
        "cutover": report.cutover.isoformat(),
        "familia_version": report.familia_version,
        "ready": report.ready,
        "fail_on": report.fail_on.value,
        "counts": {s.value: report.counts[s] for s in (Severity.BLOCKER, Severity.WARNING, Severity.INFO)},
        "preview": {
            name: {"migrated": count.migrated, "not_migrated": count.not_migrated}
            for name, count in report.preview.items()
        },
        "rules": [
            {"rule": o.rule, "severity": o.severity.value, "status": o.status.value, "findings": o.findings}
            for o in report.rules
        ],
        "findings": [finding_dict(f, lang) for f in report.findings],
    }
    delta = report.tracking.delta if report.tracking else None
    if delta is not None:
        # Only with --baseline, so a report without one keeps exactly the fields it always had.
        for item, finding in zip(data["findings"], report.findings, strict=True):
            item["status"] = delta.status(finding)
        data["baseline"] = {
            "file": delta.baseline,
            "scanned_at": delta.baseline_scanned_at,
            "new": len(delta.new),
            "unchanged": delta.unchanged,
            "fixed": len(delta.fixed),
        }
        data["new"] = [finding_dict(f, lang) for f in report.findings if delta.is_new(f)]
        data["fixed"] = [finding_dict(f, lang) for f in delta.fixed]
    return data


class JsonWriter:
    """`--format json`: every field a CI job or a later baseline needs."""

    def write(self, report: Report, ctx: RenderContext, out: TextIO) -> None:
        json.dump(report_dict(report, ctx.lang), out, ensure_ascii=False, indent=2)
        out.write("\n")
