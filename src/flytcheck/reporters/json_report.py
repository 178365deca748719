"""The JSON report: the whole frozen report as stable, sorted, machine-readable data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import Any, TextIO

from flytcheck.catalogue.rulebook import Rulebook
from flytcheck.model import Finding, Report, Severity
from flytcheck.printable import for_json
from flytcheck.reporters.base import RenderContext
from flytcheck.reporters.narrow import left_out
from flytcheck.values import Memo

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
    if finding.part:
        data["part"] = finding.part
    if finding.personal:
        data["personal"] = dict(finding.personal)
    return data


_FINDINGS = "\x00findings\x00"


def narrowed_dict(report: Report, rulebook: Rulebook | None) -> dict[str, Any]:
    """`"narrowed"`: what `--only` chose (rule and category ids), the rules switched off, and every rule left out."""
    scope = report.scope
    data: dict[str, Any] = {}
    if scope.only:
        data["only"] = list(scope.only)
    if scope.disabled:
        data["disabled"] = list(scope.disabled)
    if rulebook is not None:
        data["left_out"] = list(left_out(scope, rulebook).rule_ids)
    return data


def _head(report: Report, lang: str, rulebook: Rulebook | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "flytcheck_version": report.flytcheck_version,
        "source": report.source,
        "scanned_at": report.scanned_at.isoformat(timespec="seconds"),
        "cutover": report.cutover.isoformat(),
        "cutover_configured": report.cutover_configured,
        "familia_version": report.familia_version,
        "consistency": {"snapshot": report.consistency.snapshot, "how": report.consistency.how},
        "huskeliste": {"familia_view_open": report.familia_huskeliste, "flytcheck": report.huskeliste_count},
        "ready": report.ready,
        "fail_on": report.fail_on.value,
        "counts": {s.value: report.counts[s] for s in (Severity.BLOCKER, Severity.WARNING, Severity.INFO)},
        "preview": {
            name: {"migrated": count.migrated, "not_migrated": count.not_migrated}
            for name, count in report.preview.items()
        },
        "rules": [
            {"rule": o.rule, "category": o.category, "severity": o.severity.value, "status": o.status.value,
             "findings": o.findings}
            for o in report.rules
        ],
        "findings": _FINDINGS,
    }
    if report.scope.narrowed:
        # Only for a narrowed run, so a full run's report keeps exactly the fields it always had.
        data["narrowed"] = narrowed_dict(report, rulebook)
    delta = report.tracking.delta if report.tracking else None
    if delta is not None:
        # Only with --baseline, so a report without one keeps exactly the fields it always had.
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


def _finding_items(report: Report, lang: str) -> Iterator[dict[str, Any]]:
    delta = report.tracking.delta if report.tracking else None
    for finding in report.findings:
        item = finding_dict(finding, lang)
        if delta is not None:
            item["status"] = delta.status(finding)
        yield item


def report_dict(report: Report, lang: str, rulebook: Rulebook | None = None) -> dict[str, Any]:
    """The whole report as one dict (small reports and tests; the writer streams the findings instead)."""
    data = _head(report, lang, rulebook)
    data["findings"] = list(_finding_items(report, lang))
    return data


def _finding_lines(report: Report, lang: str) -> Iterator[str]:
    """Each finding as the one line `json.dumps(finding_dict(…), ensure_ascii=False, separators=(", ", ": "))`
    gives, built from json's own C string encoder with every repeated string (rule, table, municipality,
    caseworker, message) encoded once."""
    delta = report.tracking.delta if report.tracking else None
    encoded = Memo(encode_basestring, 4_096)  # a message unique to its finding is not kept
    english = lang == "en"
    for finding in report.findings:
        if finding.personal or finding.part or delta is not None:
            item = finding_dict(finding, lang)
            if delta is not None:
                item["status"] = delta.status(finding)
            yield json.dumps(item, ensure_ascii=False, separators=(", ", ": "))
            continue
        yield (
            f'{{"rule": {encoded[finding.rule]}, "severity": {encoded[finding.severity.value]}, '
            f'"table": {encoded[finding.table]}, "key": {encode_basestring(finding.key)}, '
            f'"kommune": {encoded[finding.kommune]}, "saksbehandler": {encoded[finding.saksbehandler]}, '
            f'"message": {encoded[finding.message_en if english else finding.message_nb]}}}'
        )


class JsonWriter:
    """`--format json`: every field a CI job or a later baseline needs.

    The findings are encoded one at a time, one a line, so memory does not grow with a second copy of them.
    """

    def write(self, report: Report, ctx: RenderContext, out: TextIO) -> None:
        head = json.dumps(_head(report, ctx.lang, ctx.rulebook), ensure_ascii=False, indent=2)
        before, after = head.split(json.dumps(_FINDINGS), 1)
        # A control character json.dumps leaves raw (C1, a bidirectional override) as its \u escape: the JSON
        # reads back as the same values, and printing it on a terminal obeys none of them.
        out.write(for_json(before))
        if not report.findings:
            out.write("[]")
        else:
            buffer: list[str] = ["["]
            for index, line in enumerate(_finding_lines(report, ctx.lang)):
                buffer.append(("\n    " if index == 0 else ",\n    ") + line)  # one finding a line: diff-friendly
                if len(buffer) >= 2_000:
                    out.write(for_json("".join(buffer)))
                    buffer.clear()
            buffer.append("\n  ]")
            out.write(for_json("".join(buffer)))
        out.write(for_json(after) + "\n")
