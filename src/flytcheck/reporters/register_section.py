"""What Barnevernsregisteret will reject: the rules of category `register`, counted per rule and municipality.

The console and the HTML page show this as a section of its own right after the readiness verdict (the workbook
gives the category a sheet, like every other). Plain values from a report and its rulebook; no formatting here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flytcheck.catalogue.rulebook import REGISTER_CATEGORY, Rulebook
from flytcheck.model import Report, RuleOutcome
from flytcheck.reporters.base import by_rule_and_kommune


@dataclass(frozen=True)
class RegisterSection:
    """The register rules of a report, with their findings per municipality."""

    outcomes: tuple[RuleOutcome, ...]
    """The register rules in the report, by rule id."""
    kommuner: list[str]
    """The municipalities with a register finding (sorted, unknown last)."""
    counts: dict[str, Counter[str]]
    """Rule id -> municipality -> findings."""

    @property
    def total(self) -> int:
        return sum(outcome.findings for outcome in self.outcomes)


def register_section(report: Report, rulebook: Rulebook) -> RegisterSection | None:
    """The section, or None when the report holds no register rule (`--only` left them out)."""
    def is_register(rule_id: str) -> bool:
        rule = rulebook.rules.get(rule_id)
        return rule is not None and rule.category == REGISTER_CATEGORY

    outcomes = tuple(sorted((o for o in report.rules if is_register(o.rule)), key=lambda o: o.rule))
    if not outcomes:
        return None
    kommuner, counts = by_rule_and_kommune(f for f in report.findings if is_register(f.rule))
    return RegisterSection(outcomes, kommuner, counts)
