"""Turns a checked rule query into the SQL text one backend runs, in two steps.

1. `compile_template` (sqlglot; once per query and dialect, cached, precompiled for the built-in catalogue): the
   derived sets become CTEs and the rule text becomes SQLite, PostgreSQL or T-SQL, with tokens where the source's
   names, column conversions and parameter values go.
2. `render` (plain string work, per scan): the tokens become the source's quoted names, the conversions its
   declared types need (`flytcheck.sql.conversions`), NULL for an optional column it lacks, and the parameters'
   literals (ISO dates, which every server reads the same whatever its language; role codes).

A scan therefore needs no sqlglot when its queries are already compiled, and the same template serves every
source of a dialect.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from flytcheck.sql import familia
from flytcheck.sql.catalog import Catalog
from flytcheck.sql.conversions import ColumnReads, column_reads
from flytcheck.sql.familia import ColumnType

if TYPE_CHECKING:
    from sqlglot import exp

    from flytcheck.sql.check import ParsedQuery

DIALECTS = {"sqlite": "sqlite", "postgresql": "postgres", "mssql": "tsql"}
"""Our dialect names (SQLAlchemy's) -> sqlglot's."""

DATE_PARAMETERS = frozenset({"cutover", "year_start", "day_after_cutover", "age_25_born_before"})
LIST_PARAMETERS = frozenset({"connection_roles", "contractor_roles"})

_SCHEMA = "__FS__"
_TABLE = "__FT_{}__"
_COLUMN = "__FC_{}__{}__"
_PARAMETER = "__FP_{}__"
_OPEN = {"sqlite": '"', "postgresql": '"', "mssql": "["}
_CLOSE = {"sqlite": '"', "postgresql": '"', "mssql": "]"}


@dataclass(frozen=True)
class Parameters:
    """The values a rule's placeholders take."""

    cutover: date
    connection_roles: tuple[str, ...]
    contractor_roles: tuple[str, ...]

    @property
    def year_start(self) -> date:
        return date(self.cutover.year, 1, 1)

    @property
    def age_25_born_before(self) -> date:
        """Whoever was born before this day has had their 25th birthday on or before the cut-over day.

        The day after the cut-over's date 25 years back; a cut-over on 29 February looks back to 28 February (that
        year has no 29th), and someone born on 29 February has their birthday on 1 March in other years, so the
        comparison by day gives it with no special case.
        """
        try:
            back = self.cutover.replace(year=self.cutover.year - 25)
        except ValueError:  # 29 February, 25 years after a leap year
            back = self.cutover.replace(year=self.cutover.year - 25, day=28)
        return back + timedelta(days=1)

    def literal(self, name: str) -> str:
        """The SQL literal(s) for a parameter: `'2027-05-22'`, or `'MOR', 'FAR'` for a role list."""
        if name in LIST_PARAMETERS:
            roles: tuple[str, ...] = getattr(self, name)
            return ", ".join(_string(role) for role in roles) or "NULL"  # IN (NULL) matches nothing
        day = {
            "cutover": self.cutover,
            "year_start": self.year_start,
            "day_after_cutover": self.cutover + timedelta(days=1),
            "age_25_born_before": self.age_25_born_before,
        }[name]
        return _string(day.isoformat())


def _string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def quote(name: str, dialect: str) -> str:
    """An identifier quoted for the dialect: "name" (SQLite, PostgreSQL) or [name] (T-SQL)."""
    close = _CLOSE[dialect]
    return _OPEN[dialect] + name.replace(close, close * 2) + close


class IdentityCatalog(Catalog):
    """A catalog for a source that uses Familia's names exactly (for `explain` and the T-SQL tests)."""

    def __init__(self, schema: str | None = None) -> None:
        super().__init__(
            schema,
            {t: t for t in familia.TABLES},
            {t: {c: c for c in spec.columns} for t, spec in familia.TABLES.items()},
        )


# --- step 1: templates (sqlglot) -------------------------------------------------------------------------------


def _tokenize(tree: exp.Expression, query: ParsedQuery) -> exp.Expression:
    from sqlglot import exp

    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Table) and node.name.upper() in familia.TABLES:
            canonical = node.name.upper()
            node.set("this", exp.to_identifier(_TABLE.format(canonical), quoted=True))
            node.set("db", exp.to_identifier(_SCHEMA, quoted=True))
            if not node.alias:
                node.set("alias", exp.TableAlias(this=exp.to_identifier(canonical.lower())))
        elif isinstance(node, exp.Column) and node.table:
            table = query.aliases.get(node.table.upper())
            if table is not None:
                node.set("this", exp.to_identifier(_COLUMN.format(table, node.name.upper()), quoted=True))
                node.set("table", exp.to_identifier(_alias_for(node.table, table)))
        elif isinstance(node, exp.Placeholder):
            token = exp.Literal.string(_PARAMETER.format(node.name))
            return exp.DateStrToDate(this=token) if node.name in DATE_PARAMETERS else token
        return node

    return tree.transform(rewrite, copy=True)


def _alias_for(qualifier: str, table: str) -> str:
    # A query may qualify columns with the bare table name; it now carries a lower-case alias of that name.
    return table.lower() if qualifier.upper() == table else qualifier


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


def compile_template(
    query: ParsedQuery, sets: Mapping[str, ParsedQuery], dialect: str, *, pretty: bool = False
) -> str:
    """The query with its derived sets as CTEs, in the dialect, with tokens for names, conversions and parameters."""
    from sqlglot import exp

    ctes: list[exp.CTE] = []
    for name in ordered_sets(query, sets):
        body = _tokenize(sets[name].tree, sets[name])
        ctes.append(exp.CTE(this=body, alias=exp.TableAlias(this=exp.to_identifier(name))))
    tree = _tokenize(query.tree, query)
    if ctes:
        existing: Sequence[exp.CTE] = tree.args["with_"].expressions if tree.args.get("with_") else []
        tree.set("with_", exp.With(expressions=[*ctes, *existing]))
    return tree.sql(dialect=DIALECTS[dialect], pretty=pretty)


# --- step 2: rendering (no sqlglot) ----------------------------------------------------------------------------

_QUALIFIER = r'(?:(?P<alias>"(?:[^"]|"")+"|\[(?:[^\]]|\]\])+\]|[A-Za-z_][A-Za-z0-9_]*)\.)?'
_PATTERNS = {
    dialect: (
        re.compile(re.escape(quote(_SCHEMA, dialect) + ".")),
        re.compile(re.escape(_OPEN[dialect]) + r"__FT_([A-Z0-9_]+?)__" + re.escape(_CLOSE[dialect])),
        re.compile(_QUALIFIER + re.escape(_OPEN[dialect]) + r"__FC_([A-Z0-9_]+?)__([A-Z0-9_]+?)__"
                   + re.escape(_CLOSE[dialect])),
    )
    for dialect in DIALECTS
}
_PARAMETER_PATTERN = re.compile(r"'__FP_([a-z0-9_]+?)__'")
_NULL_TYPES = {
    "sqlite": ("INTEGER", "REAL", "TEXT", "TEXT", "INTEGER"),
    "postgresql": ("BIGINT", "NUMERIC", "TEXT", "TIMESTAMP", "INTEGER"),
    "mssql": ("BIGINT", "DECIMAL(38, 10)", "VARCHAR(8000)", "DATETIME2", "INT"),
}
_NULLS = {
    dialect: {kind: f"CAST(NULL AS {sql_type})" for kind, sql_type in zip(
        (ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.TEXT, ColumnType.DATE, ColumnType.FLAG), types, strict=True
    )}
    for dialect, types in _NULL_TYPES.items()
}
"""A NULL of the column's type: PostgreSQL will not compare an untyped NULL with a number (`NULL IN (SELECT n …)`)."""


def render(
    template: str, dialect: str, catalog: Catalog, params: Parameters, reads: ColumnReads | None = None
) -> str:
    """The template with the source's names, the reads its declared types need, and the parameters' literals."""
    schema_token, table_token, column_token = _PATTERNS[dialect]
    reads = column_reads(catalog, dialect) if reads is None else reads
    prefix = quote(catalog.schema, dialect) + "." if catalog.schema else ""
    sql = schema_token.sub(lambda _: prefix, template)
    sql = table_token.sub(lambda m: quote(catalog.table_name(m.group(1)), dialect), sql)

    def column(match: re.Match[str]) -> str:
        table, name = match.group(2), match.group(3)
        if not catalog.has_column(table, name):
            return _NULLS[dialect][familia.column_type(table, name)]  # an optional column the source does not have
        alias = match.group("alias")
        expression = (alias + "." if alias else "") + quote(catalog.column_name(table, name), dialect)
        read = reads.get((table, name))
        return read.replace("{}", expression) if read else expression

    sql = column_token.sub(column, sql)
    return _PARAMETER_PATTERN.sub(lambda m: params.literal(m.group(1)), sql)


def compile_query(
    query: ParsedQuery,
    sets: Mapping[str, ParsedQuery],
    catalog: Catalog,
    params: Parameters,
    dialect: str,
    *,
    pretty: bool = False,
) -> str:
    """The SQL text for one backend (`sqlite`, `postgresql` or `mssql`) and one source."""
    return render(compile_template(query, sets, dialect, pretty=pretty), dialect, catalog, params)
