"""A report whose every text from data is safe for a terminal: what any console layout prints, it prints literally.

Initials, keys, municipalities, messages, personal values, the source, the Familia version, the baseline's file
and time, the history's sources: each goes through `flytcheck.printable.for_terminal`, so a control character
shows as its escape whatever the layout does with the text. (Markup is the layout's part: the console is made
with markup off, so `[/]` or `[link=…]` in data is text.) The report is returned as it is when nothing needs it.
"""

from __future__ import annotations

import dataclasses

from flytcheck.model import Delta, Finding, Report, Run, Tracking
from flytcheck.printable import for_terminal
from flytcheck.values import Memo

_new = tuple.__new__


def _findings(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    shown: Memo = Memo(for_terminal, 4_096)  # rules, tables, municipalities, caseworkers, messages repeat
    changed = False
    result: list[Finding] = []
    for finding in findings:
        rule, severity, table, key, kommune, caseworker, nb, en, personal, *rest = finding
        cleaned: tuple[object, ...] = (
            shown[rule], severity, shown[table], for_terminal(key), shown[kommune], shown[caseworker], shown[nb],
            shown[en], tuple((for_terminal(name), for_terminal(value)) for name, value in personal),
            *(shown[text] if isinstance(text, str) else text for text in rest),  # fields added later, such as `part`
        )
        if cleaned != finding:
            changed = True
            finding = _new(Finding, cleaned)
        result.append(finding)
    return tuple(result) if changed else findings


def _run(run: Run) -> Run:
    source = for_terminal(run.source)
    return run if source == run.source else dataclasses.replace(run, source=source)


def _tracking(tracking: Tracking | None) -> Tracking | None:
    if tracking is None:
        return None
    delta: Delta | None = tracking.delta
    if delta is not None:
        delta = dataclasses.replace(
            delta, baseline=for_terminal(delta.baseline), baseline_scanned_at=for_terminal(delta.baseline_scanned_at),
            fixed=_findings(delta.fixed),
        )
    return Tracking(delta=delta, runs=tuple(_run(run) for run in tracking.runs))


def for_terminal_report(report: Report) -> Report:
    """`report` with every text that came from data or a path made terminal-safe (see the module docstring)."""
    findings = _findings(report.findings)
    rules = tuple(dataclasses.replace(o, rule=for_terminal(o.rule), note=for_terminal(o.note)) for o in report.rules)
    version = None if report.familia_version is None else for_terminal(report.familia_version)
    return dataclasses.replace(
        report, source=for_terminal(report.source), familia_version=version, findings=findings, rules=rules,
        tracking=_tracking(report.tracking),
    )
