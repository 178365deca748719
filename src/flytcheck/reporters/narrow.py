"""Narrowed runs: `--only` cuts a report down to some rules or categories, and every output says what was left out.

Categories come from the rules' own metadata and are named by id or by the name the reports show, in either
language (`--only archive`, `--only arkiv`). A name that is neither a rule nor a category stops the scan: a typo
must not produce an empty, reassuring spreadsheet. The report's `Scope` records what `--only` chose and which rules
were switched off, so the outputs, the history and `trend` can tell a narrowed run from a full one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from flytcheck.catalogue.categories import CATEGORIES, category_name, category_named
from flytcheck.catalogue.rulebook import Rulebook
from flytcheck.errors import FlytcheckError
from flytcheck.model import Report, Scope
from flytcheck.texts import t


def chosen_names(only: Iterable[str], rulebook: Rulebook) -> tuple[str, ...]:
    """The rule ids and category ids that `only` names (sorted, once each); an unknown name is a FlytcheckError."""
    chosen: set[str] = set()
    for name in only:
        wanted = name.strip()
        category = category_named(wanted)
        if wanted in rulebook.rules:
            chosen.add(wanted)
        elif category is not None:
            chosen.add(category)
        else:
            names = ", ".join(f"{c} ({category_name(c, 'nb')})" for c in CATEGORIES)
            raise FlytcheckError(
                f"--only: {name!r} is neither a rule nor a category",
                hint=f"categories: {names}; `flytcheck rules` lists the rules",
            )
    return tuple(sorted(chosen))


def selected_rules(only: Iterable[str], rulebook: Rulebook) -> frozenset[str]:
    """The rule ids named by `only` (rule ids or categories); an unknown name is a FlytcheckError."""
    chosen = chosen_names(only, rulebook)
    return frozenset(r.id for r in rulebook.rules.values() if r.id in chosen or r.category in chosen)


def narrow(report: Report, only: Iterable[str], rulebook: Rulebook, disabled: Iterable[str] = ()) -> Report:
    """The report with only the findings and rule outcomes of the named rules and categories (all if none), and
    its scope: what `only` chose and which rules were switched off."""
    names = chosen_names(only, rulebook)
    scope = Scope(names, tuple(sorted(set(disabled))))
    if not names:
        return dataclasses.replace(report, scope=scope) if scope.narrowed else report
    keep = selected_rules(names, rulebook)
    return dataclasses.replace(
        report,
        findings=tuple(f for f in report.findings if f.rule in keep),
        rules=tuple(o for o in report.rules if o.rule in keep),
        scope=scope,
    )


@dataclass(frozen=True)
class LeftOut:
    """What a narrowed run did not check: whole categories, single rules (of categories it partly covered), and
    the rules switched off."""

    categories: tuple[str, ...]
    rules: tuple[str, ...]
    disabled: tuple[str, ...]
    rule_ids: tuple[str, ...]
    """Every rule left out, whichever way (sorted)."""


def left_out(scope: Scope, rulebook: Rulebook) -> LeftOut:
    """What the run of `scope` left out of `rulebook`."""
    rules = rulebook.rules.values()
    chosen = set(scope.only)
    omitted = {r.id for r in rules if chosen and r.id not in chosen and r.category not in chosen}
    whole = tuple(c for c in CATEGORIES if (mine := [r.id for r in rules if r.category == c]) and set(mine) <= omitted)
    in_whole = {r.id for r in rules if r.category in whole}
    disabled = tuple(r for r in scope.disabled if r not in omitted)
    return LeftOut(whole, tuple(sorted(omitted - in_whole)), disabled, tuple(sorted({*omitted, *scope.disabled})))


def left_out_lines(scope: Scope, rulebook: Rulebook, lang: str) -> list[str]:
    """The lines that follow a narrowed run's verdict: what it covered, what it left out, what was switched off."""
    if not scope.narrowed:
        return []
    out = left_out(scope, rulebook)
    lines = [t("narrowed_run", lang)]
    names = [category_name(c, lang) for c in out.categories]
    if out.rules:
        names.append(t("the_rules", lang, names=", ".join(out.rules)))
    if names:
        lines.append(t("left_out", lang, names=", ".join(names)))
    if out.disabled:
        lines.append(t("switched_off", lang, names=", ".join(out.disabled)))
    return lines
