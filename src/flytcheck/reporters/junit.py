"""`--junit FILE`: the report as JUnit XML, for the test views of GitLab, Jenkins and Azure DevOps.

One test suite per rule. A rule without findings is one passing test case; a rule with findings has one test case
per record (named `TABLE:key`, stable from night to night so CI tracks each record's history): a failure when
its severity is at or above the fail level, and below it a passing test case with the finding in its
`system-out` (a warning is not a test that never ran). Skipped is only for a rule that did not run: one skipped
test case saying why. A narrowed run (--only, --disable) says so in the name of the test suites and in a property
of each suite. CI logs are widely readable, so personal data is never written here, even with
--show-personal-data.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from flytcheck.model import Finding, Report, RuleOutcome, RuleStatus
from flytcheck.printable import for_file
from flytcheck.reporters.base import RenderContext
from flytcheck.texts import kommune_name, rule_note, scope_label, severity_name, t

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold (a control character would make the file unreadable): a
    control character as its visible escape (flytcheck.printable), a non-character as U+FFFD."""
    return _NOT_XML.sub("\ufffd", for_file(text))


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _clean(text)
    return element


class JunitWriter:
    """One suite per rule, one case per record with findings; failures at or above the fail level."""

    def write(self, report: Report, ctx: RenderContext, out: TextIO) -> None:
        timestamp = report.scanned_at.replace(tzinfo=None).isoformat(timespec="seconds")
        scope = scope_label(report.scope, ctx.lang)
        root = ET.Element("testsuites", {"name": f"flytcheck ({scope})" if scope else "flytcheck"})
        per_rule: dict[str, list[Finding]] = {}
        for finding in report.findings:
            per_rule.setdefault(finding.rule, []).append(finding)
        totals = {"tests": 0, "failures": 0, "skipped": 0}
        for outcome in report.rules:
            suite = _element(root, "testsuite", name=outcome.rule, timestamp=timestamp, time="0", errors="0")
            counts = self._suite(suite, outcome, per_rule.get(outcome.rule, []), report, ctx)
            suite.attrib.update({name: str(value) for name, value in counts.items()})
            for name, value in counts.items():
                totals[name] += value
        root.attrib.update({name: str(value) for name, value in totals.items()})
        root.attrib.update({"errors": "0", "time": "0"})
        ET.indent(root)
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(root, encoding="unicode"))
        out.write("\n")

    def _suite(
        self, suite: ET.Element, outcome: RuleOutcome, findings: list[Finding], report: Report, ctx: RenderContext
    ) -> dict[str, int]:
        lang = ctx.lang
        rule = ctx.rulebook.rules.get(outcome.rule)
        classname = f"flytcheck.{rule.category}.{outcome.rule}" if rule else f"flytcheck.{outcome.rule}"
        properties = _element(suite, "properties")
        _element(properties, "property", name="severity", value=outcome.severity.value)
        if rule:
            _element(properties, "property", name="category", value=rule.category)
        if report.scope.narrowed:
            _element(properties, "property", name="narrowed", value=scope_label(report.scope, lang))
        title = rule.title.get(lang) if rule else outcome.rule
        if outcome.status is RuleStatus.SKIPPED:
            case = _element(suite, "testcase", classname=classname, name=title, time="0")
            _element(case, "skipped", message=t("rule_skipped", lang, note=rule_note(outcome.note, lang)))
            return {"tests": 1, "failures": 0, "skipped": 1}
        if not findings:
            _element(suite, "testcase", classname=classname, name=title, time="0")
            return {"tests": 1, "failures": 0, "skipped": 0}
        failures = 0
        fix = rule.fix.get(lang) if rule else ""
        for finding in findings:
            case = _element(suite, "testcase", classname=classname, name=f"{finding.table}:{finding.key}", time="0")
            message = finding.message(lang)
            body = "\n".join(
                [
                    f"{title}: {message}",
                    f"{t('severity', lang)}: {severity_name(finding.severity, lang)}",
                    f"{t('kommune', lang)}: {kommune_name(finding.kommune, lang)}",
                    f"{t('caseworker', lang)}: {finding.saksbehandler or t('no_caseworker', lang)}",
                    f"{t('fix', lang)}: {fix}",
                ]
            )
            if finding.severity.rank >= report.fail_on.rank:
                failures += 1
                _element(case, "failure", body, message=message, type=finding.severity.value)
            else:
                below = t(
                    "below_fail_level", lang,
                    severity=severity_name(finding.severity, lang), fail_on=severity_name(report.fail_on, lang),
                )
                _element(case, "system-out", f"{below}\n{body}")
        return {"tests": len(findings), "failures": failures, "skipped": 0}
