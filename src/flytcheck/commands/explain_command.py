"""`flytcheck explain RULE`: what a rule checks, why, how to fix it, and the query as a backend receives it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from flytcheck.errors import FlytcheckError
from flytcheck.rulebook import load_rulebook
from flytcheck.settings import CONNECTION_ROLES, CONTRACTOR_ROLES
from flytcheck.sql.compiler import DIALECTS, IdentityCatalog, Parameters, compile_query
from flytcheck.texts import severity_name

_LABELS = {
    "nb": ("Alvorlighet", "Kategori", "Tabell", "Hva og hvorfor", "Slik retter du", "Spørring", "Validering i Python"),
    "en": ("Severity", "Category", "Table", "What and why", "How to fix", "Query", "Validated in Python"),
}


def run(rule_id: str, lang: str, dialect: str, rules_dir: Path | None, out: TextIO) -> int:
    rulebook = load_rulebook(rules_dir)
    rule = rulebook.rules.get(rule_id)
    if rule is None:
        raise FlytcheckError(f"unknown rule {rule_id!r}; `flytcheck rules` lists them")
    if dialect not in DIALECTS:
        raise FlytcheckError(f"--dialect: {dialect!r} is not one of {', '.join(DIALECTS)}")
    severity, category, table, why, fix, query, validator = _LABELS["en" if lang == "en" else "nb"]
    params = Parameters(date.today(), CONNECTION_ROLES, CONTRACTOR_ROLES)
    out.write(f"{rule.id}: {rule.title.get(lang)}\n\n")
    out.write(f"{severity}: {severity_name(rule.severity, lang)}\n{category}: {rule.category}\n")
    out.write(f"{table}: {', '.join(dict.fromkeys(rule.tables))}\n\n")
    out.write(f"{why}:\n  {rule.why.get(lang)}\n\n{fix}:\n  {rule.fix.get(lang)}\n")
    if rule.validator:
        out.write(f"\n{validator}: {rule.validator}\n")
    for index, spec in enumerate(rule.queries):
        parsed = rulebook.query(rule, index)
        sql = compile_query(parsed, rulebook.set_queries, IdentityCatalog(), params, dialect, pretty=True)
        out.write(f"\n{query} ({spec.table}, {dialect}):\n{sql}\n")
    return 0
