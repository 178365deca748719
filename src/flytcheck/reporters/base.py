"""The one interface of every output format, and what they share: narrowing and the summaries made of a report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TextIO

from flytcheck.catalogue.rulebook import Rulebook
from flytcheck.model import Finding, Report, Severity


@dataclass(frozen=True)
class RenderContext:
    """What a writer may use besides the report: the language, the rule texts, and the user's choices."""

    rulebook: Rulebook
    lang: str = "nb"
    details: bool = False
    width: int | None = None
    color: bool = True
    worklist_format: str = "csv"
    """`--worklist-format`: csv or xlsx."""


class Writer(Protocol):
    """Writes one output format of a frozen report."""

    def write(self, report: Report, ctx: RenderContext, out: TextIO) -> None: ...


def by_rule_and_kommune(findings: Iterable[Finding]) -> tuple[list[str], dict[str, Counter[str]]]:
    """Municipalities seen (sorted, unknown last) and the finding count per rule and municipality."""
    table: dict[str, Counter[str]] = {}
    kommuner: set[str] = set()
    for finding in findings:
        table.setdefault(finding.rule, Counter())[finding.kommune] += 1
        kommuner.add(finding.kommune)
    return sorted(kommuner, key=lambda k: (k == "", k)), table


def workload(findings: Iterable[Finding], limit: int = 10) -> list[tuple[str, Counter[Severity]]]:
    """Caseworkers by open blockers and warnings, most first; findings without a caseworker are left out."""
    per: dict[str, Counter[Severity]] = {}
    for finding in findings:
        if finding.saksbehandler and finding.severity is not Severity.INFO:
            per.setdefault(finding.saksbehandler, Counter())[finding.severity] += 1
    ranked = sorted(
        per.items(), key=lambda item: (-item[1][Severity.BLOCKER], -sum(item[1].values()), item[0])
    )
    return ranked[:limit]
