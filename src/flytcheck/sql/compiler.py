"""Turns a checked rule query into the SQL text one backend runs: sets as CTEs, real names, literal parameters.

The same rule text becomes SQLite, PostgreSQL or T-SQL through sqlglot. Dates become `CAST('YYYY-MM-DD' AS DATE)`
(ISO dates are read the same whatever the server's language), role lists become literal IN lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlglot import exp

from flytcheck.sql import familia
from flytcheck.sql.catalog import Catalog
from flytcheck.sql.check import ParsedQuery

DIALECTS = {"sqlite": "sqlite", "postgresql": "postgres", "mssql": "tsql"}
"""SQLAlchemy dialect name -> sqlglot dialect."""


@dataclass(frozen=True)
class Parameters:
    """The values a rule's placeholders take."""

    cutover: date
    connection_roles: tuple[str, ...]
    contractor_roles: tuple[str, ...]

    @property
    def year_start(self) -> date:
        return date(self.cutover.year, 1, 1)

    def literal(self, name: str) -> exp.Expression:
        if name in ("connection_roles", "contractor_roles"):
            roles: tuple[str, ...] = getattr(self, name)
            return exp.Tuple(expressions=[exp.Literal.string(r) for r in roles])
        day = {
            "cutover": self.cutover,
            "year_start": self.year_start,
            "day_after_cutover": self.cutover + timedelta(days=1),
        }[name]
        return exp.DateStrToDate(this=exp.Literal.string(day.isoformat()))


class IdentityCatalog(Catalog):
    """A catalog for a source that uses Familia's names exactly (for `explain` and the T-SQL tests)."""

    def __init__(self, schema: str | None = None) -> None:
        super().__init__(
            schema,
            {t: t for t in familia.TABLES},
            {t: {c: c for c in spec.columns} for t, spec in familia.TABLES.items()},
        )


def _rename(tree: exp.Expression, query: ParsedQuery, catalog: Catalog) -> exp.Expression:
    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Table) and node.name.upper() in familia.TABLES:
            canonical = node.name.upper()
            node.set("this", exp.to_identifier(catalog.table_name(canonical), quoted=True))
            if catalog.schema:
                node.set("db", exp.to_identifier(catalog.schema, quoted=True))
            if not node.alias:
                node.set("alias", exp.TableAlias(this=exp.to_identifier(canonical.lower())))
        elif isinstance(node, exp.Column) and node.table:
            table = query.aliases.get(node.table.upper())
            if table is not None:
                node.set("this", exp.to_identifier(catalog.column_name(table, node.name.upper()), quoted=True))
                node.set("table", exp.to_identifier(_alias_for(node.table, table)))
        return node

    renamed = tree.transform(rewrite, copy=True)
    if catalog.boolean_columns:
        # Rules compare flags as numbers (COALESCE(x, 0) = 0); a boolean copy of a bit column is cast first.
        for column in list(renamed.find_all(exp.Column)):
            table = query.aliases.get(column.table.upper()) if column.table else None
            if table is not None and (table, column.name.upper()) in catalog.boolean_columns:
                column.replace(exp.Cast(this=column.copy(), to=exp.DataType.build("INT")))
    return renamed


def _alias_for(qualifier: str, table: str) -> str:
    # A query may qualify columns with the bare table name; it now carries a lower-case alias of that name.
    return table.lower() if qualifier.upper() == table else qualifier


def _bind(tree: exp.Expression, params: Parameters) -> exp.Expression:
    def replace(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder):
            return params.literal(node.name)
        return node

    bound = tree.transform(replace, copy=False)
    # `x IN (:roles)` parses as an IN over one element that is now a tuple: flatten it.
    for node in list(bound.find_all(exp.In)):
        items = node.expressions
        if len(items) == 1 and isinstance(items[0], exp.Tuple):
            node.set("expressions", list(items[0].expressions))
    return bound


def ordered_sets(query: ParsedQuery, sets: Mapping[str, ParsedQuery]) -> list[str]:
    """The derived sets a query needs, each after the sets it uses itself."""
    order: list[str] = []

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in order:
            return
        if name in trail:
            raise ValueError(f"derived sets refer to each other in a loop: {' -> '.join((*trail, name))}")
        for used in sorted(sets[name].set_references(set(sets))):
            visit(used, (*trail, name))
        order.append(name)

    for name in sorted(query.set_references(set(sets))):
        visit(name, ())
    return order


def compile_query(
    query: ParsedQuery,
    sets: Mapping[str, ParsedQuery],
    catalog: Catalog,
    params: Parameters,
    dialect: str,
    *,
    pretty: bool = False,
) -> str:
    """The SQL text for one backend (`sqlite`, `postgresql` or `mssql`)."""
    ctes: list[exp.CTE] = []
    for name in ordered_sets(query, sets):
        body = _bind(_rename(sets[name].tree, sets[name], catalog), params)
        ctes.append(exp.CTE(this=body, alias=exp.TableAlias(this=exp.to_identifier(name))))
    tree = _bind(_rename(query.tree, query, catalog), params)
    if ctes:
        existing: Sequence[exp.CTE] = tree.args["with_"].expressions if tree.args.get("with_") else []
        tree.set("with_", exp.With(expressions=[*ctes, *existing]))
    return tree.sql(dialect=DIALECTS[dialect], pretty=pretty)
