"""Every rule and preview query compiles to SQL each backend accepts: T-SQL above all, which no test server runs.

The compiled text must parse back with sqlglot's dialect (errors raise), be one read-only SELECT, and avoid what
SQL Server does not have: LIMIT, `||`, `::` casts, double-quoted identifiers, a boolean in a SELECT list, a bare
column as a condition, ORDER BY in a subquery (outside a window), GROUP BY by position, and functions sqlglot does
not know for T-SQL.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from flytcheck.catalogue.loading import load_rulebook
from flytcheck.engine import VERSION_SQL as _VERSION_SQL
from flytcheck.settings import CONNECTION_ROLES, CONTRACTOR_ROLES
from flytcheck.sql.check import ParsedQuery, parse_query
from flytcheck.sql.compiler import DIALECTS, IdentityCatalog, Parameters, compile_query

RULEBOOK = load_rulebook()
PARAMS = Parameters(date(2026, 5, 22), CONNECTION_ROLES, CONTRACTOR_ROLES)


def _queries() -> dict[str, ParsedQuery]:
    queries: dict[str, ParsedQuery] = {}
    for rule in RULEBOOK.rules.values():
        for index in range(len(rule.queries)):
            queries[f"{rule.id}[{index}]"] = RULEBOOK.query(rule, index)
    for name, item in RULEBOOK.sets.preview.items():
        queries[f"preview.{name}"] = parse_query(item.sql, where=f"preview {name}")
    queries["familia-version"] = parse_query(_VERSION_SQL, where="familia version")
    return queries


QUERIES = _queries()
WRITES = (
    exp.Insert, exp.Update, exp.Delete, exp.Drop, exp.Create, exp.Alter, exp.Merge, exp.Command, exp.Into,
    exp.TruncateTable, exp.Use, exp.Set, exp.Transaction, exp.Commit, exp.Rollback, exp.Pragma, exp.Copy,
    exp.Grant, exp.Execute, exp.Lock,
)
READ_ROOTS = (exp.Select, exp.Union, exp.Except, exp.Intersect)
PREDICATES = (exp.Predicate, exp.Connector, exp.Not)


def compiled(name: str, dialect: str) -> str:
    return compile_query(QUERIES[name], RULEBOOK.set_queries, IdentityCatalog("dbo"), PARAMS, dialect)


def parse_back(sql: str, dialect: str) -> exp.Expression:
    statements = [s for s in sqlglot.parse(sql, read=DIALECTS[dialect], error_level=ErrorLevel.RAISE) if s]
    assert len(statements) == 1, f"{len(statements)} statements"
    tree = statements[0]
    assert isinstance(tree, READ_ROOTS), f"the statement is a {tree.key.upper()}, not a SELECT"
    writes = sorted({node.key.upper() for node in tree.walk() if isinstance(node, WRITES)})
    assert not writes, f"writes or locks: {writes}"
    return tree


def without_strings(sql: str) -> str:
    return re.sub(r"N?'(?:[^']|'')*'", "''", sql)


def test_every_rule_and_preview_query_is_covered() -> None:
    assert len(QUERIES) == sum(len(r.queries) for r in RULEBOOK.rules.values()) + len(RULEBOOK.sets.preview) + 1


@pytest.mark.parametrize("name", QUERIES)
def test_tsql_parses_back_as_one_select(name: str) -> None:
    sql = compiled(name, "mssql")
    tree = parse_back(sql, "mssql")
    assert tree.sql(dialect="tsql") == sql, "the T-SQL does not survive a round trip through sqlglot unchanged"


@pytest.mark.parametrize("name", QUERIES)
def test_tsql_has_no_other_dialects_syntax(name: str) -> None:
    text = without_strings(compiled(name, "mssql"))
    assert not re.search(r"(?i)\bLIMIT\b", text)
    assert not re.search(r"(?i)\bOFFSET\b", text)
    assert "||" not in text
    assert "::" not in text
    assert '"' not in text, "double-quoted identifiers depend on QUOTED_IDENTIFIER; T-SQL uses [brackets]"
    assert "`" not in text
    assert not re.search(r"(?i)\b(ILIKE|TRUE|FALSE|NULLS\s+(FIRST|LAST))\b", text)


@pytest.mark.parametrize("name", QUERIES)
def test_tsql_obeys_sql_servers_rules(name: str) -> None:
    tree = parse_back(compiled(name, "mssql"), "mssql")
    for select in tree.find_all(exp.Select):
        for projection in select.expressions:
            assert not isinstance(projection.unalias(), PREDICATES), (
                f"T-SQL has no boolean values: {projection.sql('tsql')} in a SELECT list"
            )
        for clause in ("where", "having"):
            condition = select.args.get(clause)
            if condition is not None:
                assert not isinstance(condition.this, exp.Column | exp.Literal), f"{clause.upper()} needs a predicate"
        group = select.args.get("group")
        if group is not None:
            assert not any(isinstance(e, exp.Literal) for e in group.expressions), "GROUP BY by position"
    for order in tree.find_all(exp.Order):
        if isinstance(order.parent, exp.Window):
            continue  # ROW_NUMBER() OVER (… ORDER BY …) is fine anywhere
        assert order.find_ancestor(exp.Subquery, exp.CTE) is None, "ORDER BY in a subquery or CTE"
    unknown = sorted({f.name for f in tree.find_all(exp.Anonymous)})
    assert not unknown, f"functions sqlglot does not know for T-SQL: {unknown}"
    for table in tree.find_all(exp.Table):
        if table.name.upper().startswith("FA_"):
            assert table.db == "dbo", f"{table.name} is not qualified with the schema"


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
@pytest.mark.parametrize("name", QUERIES)
def test_postgres_and_sqlite_parse_back(name: str, dialect: str) -> None:
    sql = compiled(name, dialect)
    parse_back(sql, dialect)
    assert "[" not in without_strings(sql), "T-SQL brackets in another dialect"


def test_parameters_become_literals_in_every_dialect() -> None:
    for dialect in ("mssql", "postgresql", "sqlite"):
        for name in QUERIES:
            tree = parse_back(compiled(name, dialect), dialect)
            assert not list(tree.find_all(exp.Placeholder)), f"{name}: a placeholder is left in the {dialect} SQL"
    sql = compiled("connection-invalid-id[0]", "mssql")
    assert "CAST('2026-05-22' AS DATE)" in sql and "CAST('2026-01-01' AS DATE)" in sql
    assert "IN ('MOR', 'FAR', 'SØS', 'FMO', 'FFA', 'VRG')" in sql
