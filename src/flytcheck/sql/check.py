"""Parses rule SQL with sqlglot and proves it is one read-only SELECT over known Familia tables and columns.

This is the gate every statement passes before flytcheck sends it: INSERT, UPDATE, DELETE, DROP, EXEC,
SELECT INTO, several statements or anything sqlglot cannot parse are refused here, naming where they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, SqlglotError

from flytcheck.errors import RuleFileError
from flytcheck.sql import familia

PARAMETERS = frozenset(
    {"cutover", "year_start", "day_after_cutover", "age_25_born_before", "connection_roles", "contractor_roles"}
)
"""The placeholders a rule may use; the compiler replaces them with literals of the target dialect."""

_WRITES: tuple[type[exp.Expression], ...] = (
    exp.Insert, exp.Update, exp.Delete, exp.Drop, exp.Create, exp.Alter, exp.Merge, exp.Command,
    exp.Into, exp.TruncateTable, exp.Use, exp.Set, exp.Transaction, exp.Commit, exp.Rollback, exp.Pragma,
    exp.LoadData, exp.Copy, exp.Grant, exp.Execute,
    exp.Lock, exp.WithTableHint,  # locks are not writes, but they block Familia's users while the scan runs
)
_READ_ONLY_ROOTS = (exp.Select, exp.Union, exp.Except, exp.Intersect)


@dataclass(frozen=True)
class ParsedQuery:
    """A checked SELECT: its syntax tree and the Familia tables and columns it reads."""

    tree: exp.Expression
    aliases: dict[str, str] = field(default_factory=dict)
    """Alias (upper case) -> Familia table, for every Familia table the query reads."""
    familia_columns: dict[str, set[str]] = field(default_factory=dict)

    def table_names(self) -> set[str]:
        return set(self._table_names)

    @cached_property
    def _table_names(self) -> frozenset[str]:
        """Walked once: the compiler asks for every query's set references on every scan."""
        ctes = {cte.alias_or_name.upper() for cte in self.tree.find_all(exp.CTE)}
        return frozenset({t.name.upper() for t in self.tree.find_all(exp.Table)} - ctes)

    def set_references(self, set_names: set[str]) -> set[str]:
        upper = {s.upper(): s for s in set_names}
        return {upper[name] for name in self.table_names() if name in upper}

    def check_names(self, set_names: set[str], *, where: str) -> None:
        known = {s.upper() for s in set_names} | set(familia.TABLES)
        unknown = sorted(self.table_names() - known)
        if unknown:
            raise RuleFileError(f"{where}: unknown table or set {', '.join(unknown)}")

    def output_columns(self) -> list[str]:
        select = self.tree if isinstance(self.tree, exp.Select) else self.tree.find(exp.Select)
        return [] if select is None else [e.alias_or_name for e in select.expressions]


def parse_query(sql: str, *, where: str) -> ParsedQuery:
    """Parse one rule query; refuse anything but a single read-only SELECT over known names."""
    try:
        statements = [s for s in sqlglot.parse(sql) if s is not None]
    except ParseError as error:
        first = error.errors[0]["description"] if error.errors else str(error)
        raise RuleFileError(f"{where}: not valid SQL ({first})") from None
    except SqlglotError as error:  # TokenError: an unclosed quote or comment
        raise RuleFileError(f"{where}: not valid SQL ({str(error).splitlines()[0][:120]})") from None
    except RecursionError:
        raise RuleFileError(f"{where}: not valid SQL (nested too deeply)") from None
    if len(statements) != 1:
        raise RuleFileError(f"{where}: must be exactly one statement, found {len(statements)}")
    tree = statements[0]
    if not isinstance(tree, _READ_ONLY_ROOTS):
        raise RuleFileError(f"{where}: only SELECT is allowed, found {tree.key.upper()}")
    for node in tree.walk():
        if isinstance(node, _WRITES):
            raise RuleFileError(f"{where}: only SELECT is allowed, found {node.key.upper()}")
        if isinstance(node, exp.Anonymous):
            # Only functions sqlglot knows (and can translate) are allowed: no set_config, nextval, lo_export, …
            raise RuleFileError(f"{where}: unknown function {node.name}() is not allowed")
        if isinstance(node, exp.Placeholder) and node.name not in PARAMETERS:
            raise RuleFileError(f"{where}: unknown parameter :{node.name} (known: {', '.join(sorted(PARAMETERS))})")
    aliases = _familia_aliases(tree, where)
    return ParsedQuery(tree, aliases, _familia_columns(tree, aliases, where))


def _familia_aliases(tree: exp.Expression, where: str) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for table in tree.find_all(exp.Table):
        name = table.name.upper()
        if name not in familia.TABLES:
            continue
        for alias in {name, (table.alias or name).upper()}:
            if aliases.setdefault(alias, name) != name:
                raise RuleFileError(f"{where}: alias {alias} names both {aliases[alias]} and {name}")
    return aliases


def _familia_columns(tree: exp.Expression, aliases: dict[str, str], where: str) -> dict[str, set[str]]:
    columns: dict[str, set[str]] = {}
    all_familia = {c for t in familia.TABLES.values() for c in t.columns}
    for column in tree.find_all(exp.Column):
        name = column.name.upper()
        qualifier = column.table.upper()
        if not qualifier:
            if name in all_familia and not isinstance(column.parent, exp.Ordered):
                raise RuleFileError(f"{where}: qualify column {column.name} with its table alias")
            continue
        table = aliases.get(qualifier)
        if table is None:
            continue
        if name not in familia.TABLES[table].columns:
            raise RuleFileError(f"{where}: {table} has no column {column.name} known to flytcheck")
        columns.setdefault(table, set()).add(name)
    return columns
