"""`--only`: narrows a report to some rules or rule categories, as a new report; the original is left as it is.

Categories come from the rules' own metadata (children, connections, contractors, organisations, reminders,
records, archive, system, register). A name that is neither a rule nor a category stops the scan: a typo must not
produce an empty, reassuring spreadsheet.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from flytcheck.catalogue.rulebook import CATEGORIES, Rulebook
from flytcheck.errors import FlytcheckError
from flytcheck.model import Report


def selected_rules(only: Iterable[str], rulebook: Rulebook) -> frozenset[str]:
    """The rule ids named by `only` (rule ids or categories); an unknown name is a FlytcheckError."""
    chosen: set[str] = set()
    for name in only:
        wanted = name.strip()
        if wanted in rulebook.rules:
            chosen.add(wanted)
        elif wanted in CATEGORIES:
            chosen.update(r.id for r in rulebook.rules.values() if r.category == wanted)
        else:
            raise FlytcheckError(
                f"--only: {name!r} is neither a rule nor a category",
                hint=f"categories: {', '.join(CATEGORIES)}; `flytcheck rules` lists the rules",
            )
    return frozenset(chosen)


def narrow(report: Report, only: Iterable[str], rulebook: Rulebook) -> Report:
    """The report with only the findings and rule outcomes of the named rules and categories (all if none)."""
    names = tuple(only)
    if not names:
        return report
    keep = selected_rules(names, rulebook)
    return dataclasses.replace(
        report,
        findings=tuple(f for f in report.findings if f.rule in keep),
        rules=tuple(o for o in report.rules if o.rule in keep),
    )
