"""Query shapes that every backend runs in one pass.

PostgreSQL cannot turn `x NOT IN (SELECT …)` into an anti-join: it hashes the subquery's rows only while they fit
in `work_mem` (4 MB by default), and otherwise runs the subquery once per outer row. On the `mid` profile the record
queries' `NOT IN (SELECT … FROM FA_DOKUMENTER)` ran for more than ten minutes that way. So a `NOT IN` subquery may
read only tables that stay small in every service (the caseworkers, the contractors, the journal types, the
organisations: SMALL); a reference into a big table is joined to its keys (`child_ids`, `connection_ids`,
`document_ids`) instead.
"""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp

from flytcheck.catalogue.loading import load_rulebook

RULEBOOK = load_rulebook()

SMALL = {
    "FA_SAKSBEHANDLERE", "FA_MEDARBEIDERE", "FA_JOURNALTYPE",
    "migrated_contractors", "organisations",
}
"""What a `NOT IN` subquery may read: what stays far below PostgreSQL's work_mem in the largest profile (caseworkers
900 rows, contractors 5 000, journal types 12; `organisations` 40 000 of the 500 000 connections, about 2 MB hashed).
FA_FORBINDELSESROLLER (546 000 rows in `largest`) is not among them."""


def _statements() -> list[tuple[str, str]]:
    found = [(f"set {name}", derived.sql) for name, derived in RULEBOOK.sets.sets.items()]
    for rule in RULEBOOK.rules.values():
        found += [(f"{rule.id} ({query.table})", query.sql) for query in rule.queries]
    return found


def not_in_tables(sql: str) -> set[str]:
    """The tables and sets read by the subqueries of every `NOT IN (SELECT …)` of `sql`."""
    tables: set[str] = set()
    for negation in sqlglot.parse_one(sql, read="tsql").find_all(exp.Not):
        inner = negation.this
        if isinstance(inner, exp.In) and inner.args.get("query") is not None:
            tables |= {table.name for table in inner.args["query"].find_all(exp.Table)}
    return tables


def test_the_check_sees_a_not_in_subquery() -> None:
    sql = "SELECT t.A FROM T t WHERE t.DOK NOT IN (SELECT d.DOK_LOEPENR FROM FA_DOKUMENTER d)"
    assert not_in_tables(sql) == {"FA_DOKUMENTER"}
    assert not_in_tables("SELECT t.A FROM T t WHERE t.B NOT IN (1, 2)") == set()


@pytest.mark.parametrize(("name", "sql"), _statements(), ids=[name for name, _ in _statements()])
def test_no_not_in_subquery_reads_a_big_table(name: str, sql: str) -> None:
    big = not_in_tables(sql) - SMALL
    assert not big, f"{name}: NOT IN (SELECT …) over {sorted(big)}; join its keys instead (LEFT JOIN … IS NULL)"
