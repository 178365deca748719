"""`flytcheck explain RULE`: what a rule checks, why, how to fix it, and the query as a backend receives it."""

from __future__ import annotations

from datetime import date
from typing import TextIO

from flytcheck.catalogue.categories import category_name
from flytcheck.commands.rule_folders import RuleFolders
from flytcheck.config_file import CONNECTION_ROLES, CONTRACTOR_ROLES
from flytcheck.errors import FlytcheckError
from flytcheck.sql.compiler import DIALECTS, IdentityCatalog, Parameters, compile_query
from flytcheck.texts import severity_name

_LABELS = {
    "nb": ("Alvorlighet", "Kategori", "Tabell", "Hva og hvorfor", "Slik retter du", "Spørring", "Validering i Python"),
    "en": ("Severity", "Category", "Table", "What and why", "How to fix", "Query", "Validated in Python"),
}
_LOCAL = {"nb": "Lokal regel", "en": "Local rule"}
_ROWS = {
    "nb": "Funn: radene der {column} = 1 (én spørring, delt med {others})",
    "en": "Findings: the rows where {column} = 1 (one query, shared with {others})",
}


def run(rule_id: str, lang: str, dialect: str, folders: RuleFolders, out: TextIO) -> int:
    rulebook = folders.load()
    rule = rulebook.rules.get(rule_id)
    if rule is None:
        raise FlytcheckError(f"unknown rule {rule_id!r}; `flytcheck rules` lists them")
    if dialect not in DIALECTS:
        raise FlytcheckError(f"--dialect: {dialect!r} is not one of {', '.join(DIALECTS)}")
    severity, category, table, why, fix, query, validator = _LABELS["en" if lang == "en" else "nb"]
    params = Parameters(date.today(), CONNECTION_ROLES, CONTRACTOR_ROLES)
    out.write(f"{rule.id}: {rule.title.get(lang)}\n\n")
    out.write(f"{severity}: {severity_name(rule.severity, lang)}\n{category}: {category_name(rule.category, lang)}\n")
    out.write(f"{table}: {', '.join(dict.fromkeys(rule.tables))}\n")
    if rulebook.is_extra(rule.id):
        out.write(f"{_LOCAL['en' if lang == 'en' else 'nb']}: {rulebook.origin[rule.id]}\n")
    out.write("\n")
    out.write(f"{why}:\n  {rule.why.get(lang)}\n\n{fix}:\n  {rule.fix.get(lang)}\n")
    if rule.validator or rule.aggregator:
        out.write(f"\n{validator}: {rule.validator or rule.aggregator}\n")
    for index, spec in enumerate(rule.queries):
        parsed = rulebook.query(rule, index)
        sql = compile_query(parsed, rulebook.set_queries, IdentityCatalog(), params, dialect, pretty=True)
        out.write(f"\n{query} ({spec.table}, {dialect}):\n{sql}\n")
        if spec.where_column:
            others = sorted(r.id for r in rulebook.rules.values() if r.id != rule.id and any(
                q.sql == spec.sql for q in r.queries)) or ["—"]
            text = _ROWS["en" if lang == "en" else "nb"]
            out.write(text.format(column=spec.where_column, others=", ".join(others)) + "\n")
    return 0
