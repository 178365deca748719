"""The rule catalogue as flytcheck uses it: rules, derived sets, the preview, what each query reads, compiled SQL.

Plain frozen values, loaded one of two ways:

- the built-in catalogue, from the precompiled `catalogue.json` when its digest matches the rule files (no pydantic,
  no sqlglot: `flytcheck rules` and a scan start at once; see `flytcheck.catalogue.precompiled`);
- any other rule folder (`--rules-dir`, `--extra-rules`), or the built-in one when its files changed: validated by
  `flytcheck.catalogue.rule_files` (pydantic) and every query parsed and checked by `flytcheck.sql.check` (sqlglot).

Either way every query has passed the SELECT-only gate, with every table, column and set name checked, and its
T-SQL uses only what SQL Server 2012 has (`flytcheck.sql.tsql2012`). Nothing here connects to a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flytcheck.catalogue import categories
from flytcheck.errors import RuleFileError
from flytcheck.model import Severity
from flytcheck.sql import familia

if TYPE_CHECKING:
    from flytcheck.sql.check import ParsedQuery

CATEGORIES = categories.CATEGORIES
"""The category ids, in the catalogue's order (their names: `flytcheck.catalogue.categories`)."""
REGISTER_CATEGORY = "register"
"""What Barnevernsregisteret will reject (docs/criteria.md §6): a section of its own in the console and HTML."""
INTERNAL_QUERIES = (
    "SELECT MAX(d.DBV_VERSJON) AS versjon FROM FA_DBVERSJON d",
    "SELECT COUNT(*) AS n FROM FA_V_CR_HUSKELISTE v WHERE v.OPPFYLTDATO IS NULL",
)
"""Queries of flytcheck's own, compiled like the rules': the Familia version in every report header, and the open
rows of Familia's own Huskeliste view (shown beside reminder-open's count where the source has the view)."""


@dataclass(frozen=True, slots=True)
class Text:
    """A text in bokmål and English."""

    nb: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nb


def _text(data: Mapping[str, str]) -> Text:
    return Text(data["nb"], data["en"])


def _variants(data: Mapping[str, Mapping[str, str]] | None) -> dict[str, Text]:
    return {key: _text(value) for key, value in (data or {}).items()}


@dataclass(frozen=True)
class Query:
    """One SELECT returning the offending records of one Familia table."""

    table: str
    sql: str
    message: Text | None = None
    """Overrides the rule's message for the rows of this query."""
    message_variants: dict[str, Text] = field(default_factory=dict)
    """Overrides the rule's variants for the rows of this query (chosen by the value of `variant_column`)."""
    variant_column: str | None = None
    where_column: str | None = None
    """Only the rows where this output column is 1 are findings: rules that share one query (one pass over a
    big table) each take their own rows of it."""
    caseworker_column: str | None = None
    """The output column holding the responsible caseworker's initials, when it is not `saksbehandler`."""
    part: str | None = None
    """Which part of a record holding several documents the findings are about (an investigation's `rapport` or
    `plan`): part of a finding's identity, so that one record can give two findings of one rule."""


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue (docs/criteria.md, "The rule catalogue")."""

    id: str
    severity: Severity
    category: str
    title: Text
    why: Text
    fix: Text
    message: Text
    queries: tuple[Query, ...]
    message_variants: dict[str, Text] = field(default_factory=dict)
    """Messages chosen by the value of the output column `variant_column` (instead of `message`)."""
    variant_column: str | None = None
    validator: str | None = None
    """A Python check registered by name (identity numbers), applied to each row the query returns."""
    aggregator: str | None = None
    """A Python check registered by name that judges each row against the query's other rows (duplicates)."""
    personal: tuple[str, ...] = ()
    """Output columns holding identity numbers or free text: shown only with --show-personal-data."""
    requires: str | None = None
    """A parameter without which the rule is skipped (`min_familia_version`)."""
    missing_table_is_finding: bool = False
    """A missing table is itself the finding (familia-outdated), not a schema error."""

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(q.table for q in self.queries)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Rule:
        """A rule from validated plain data (rule_files) or the precompiled catalogue."""
        queries = tuple(
            Query(
                q["table"], q["sql"], _text(q["message"]) if q.get("message") else None,
                _variants(q.get("message_variants")), q.get("variant_column"), q.get("where_column"),
                q.get("caseworker_column"), q.get("part"),
            )
            for q in data["queries"]
        )
        return cls(
            id=data["id"], severity=Severity(data["severity"]), category=data["category"], title=_text(data["title"]),
            why=_text(data["why"]), fix=_text(data["fix"]), message=_text(data["message"]), queries=queries,
            message_variants=_variants(data.get("message_variants")), variant_column=data.get("variant_column"),
            validator=data.get("validator"), aggregator=data.get("aggregator"),
            personal=tuple(data.get("personal") or ()), requires=data.get("requires"),
            missing_table_is_finding=bool(data.get("missing_table_is_finding")),
        )


@dataclass(frozen=True)
class DerivedSet:
    """A derived set (docs/criteria.md, "Derived sets"), defined once and shared as a common table expression."""

    description: str
    sql: str


@dataclass(frozen=True)
class PreviewItem:
    """One line of the migration preview: a query returning `bucket` rows, or rows a classifier buckets."""

    sql: str
    classifier: str | None = None


@dataclass(frozen=True)
class Sets:
    """sets.toml: the derived sets and the preview."""

    sets: dict[str, DerivedSet]
    preview: dict[str, PreviewItem]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Sets:
        return cls(
            {name: DerivedSet(s["description"], s["sql"]) for name, s in data["sets"].items()},
            {name: PreviewItem(p["sql"], p.get("classifier")) for name, p in data["preview"].items()},
        )


@dataclass(frozen=True)
class Reads:
    """What one query reads: the Familia columns it names itself, and the derived sets it uses."""

    columns: dict[str, frozenset[str]]
    sets: frozenset[str]


class Rulebook:
    """The loaded, checked catalogue: rules by id, derived sets and preview, what each query reads, its templates."""

    def __init__(
        self,
        rules: Iterable[Rule],
        sets: Sets,
        origin: dict[str, Path],
        reads: Mapping[str, Reads] | None = None,
        templates: Mapping[tuple[str, str], str] | None = None,
    ) -> None:
        self.rules: dict[str, Rule] = {r.id: r for r in rules}
        self.sets = sets
        self.origin = origin
        self._reads: dict[str, Reads] = dict(reads or {})
        self._templates: dict[tuple[str, str], str] = dict(templates or {})
        self._parsed: dict[str, ParsedQuery] = {}

    def is_extra(self, rule_id: str) -> bool:
        """Whether the rule comes from an extra rule folder (--extra-rules) rather than the catalogue's own."""
        return self.origin[rule_id].parent != self.origin["sets"].parent

    # --- SQL, parsed and compiled on demand (sqlglot is imported only then) ------------------------------------

    def parsed(self, sql: str, where: str = "internal query") -> ParsedQuery:
        """The checked syntax tree of a query (parsed once)."""
        found = self._parsed.get(sql)
        if found is None:
            from flytcheck.sql.check import parse_query

            found = self._parsed[sql] = parse_query(sql, where=where)
        return found

    @cached_property
    def set_queries(self) -> dict[str, ParsedQuery]:
        return {
            name: self.parsed(s.sql, f"{self.origin['sets']}, set {name}") for name, s in self.sets.sets.items()
        }

    def query(self, rule: Rule, index: int) -> ParsedQuery:
        return self.parsed(rule.queries[index].sql, f"{self.origin[rule.id]}, rule {rule.id}, queries[{index}].sql")

    def template(self, sql: str, dialect: str) -> str:
        """The compiled template of a rule, set-using or preview query (any checked SELECT), cached per dialect."""
        key = (sql, dialect)
        found = self._templates.get(key)
        if found is None:
            from flytcheck.sql.compiler import compile_template

            found = self._templates[key] = compile_template(self.parsed(sql), self.set_queries, dialect)
        return found

    def reads(self, sql: str) -> Reads:
        found = self._reads.get(sql)
        if found is None:
            parsed = self.parsed(sql)
            found = self._reads[sql] = Reads(
                {t: frozenset(c) for t, c in parsed.familia_columns.items()},
                frozenset(parsed.set_references(set(self.sets.sets))),
            )
        return found

    def requirements(self, rule_ids: Iterable[str] | None = None, *, preview: bool = True) -> dict[str, set[str]]:
        """The Familia tables and columns the given rules (and the preview) read."""
        sqls: list[str] = []
        for rule_id in self.rules if rule_ids is None else rule_ids:
            sqls.extend(q.sql for q in self.rules[rule_id].queries)
        if preview:
            sqls.extend(item.sql for item in self.sets.preview.values())
        needed: dict[str, set[str]] = {}
        seen_sets: set[str] = set()
        pending = [self.reads(sql) for sql in sqls]
        while pending:
            reads = pending.pop()
            for table, columns in reads.columns.items():
                needed.setdefault(table, set()).update(columns)
            for name in reads.sets - seen_sets:
                seen_sets.add(name)
                pending.append(self.reads(self.sets.sets[name].sql))
        for table, wanted in needed.items():
            wanted.update(familia.TABLES[table].key)
        return needed

    def all_sql(self) -> list[str]:
        """Every query text: the rules', the sets', the preview's and flytcheck's own."""
        texts = [q.sql for r in self.rules.values() for q in r.queries]
        texts += [s.sql for s in self.sets.sets.values()] + [p.sql for p in self.sets.preview.values()]
        return list(dict.fromkeys([*texts, *INTERNAL_QUERIES]))

    # --- checks of a rulebook read from rule files ---------------------------------------------------------------

    def check(self, rule_ids: Iterable[str] | None = None) -> None:
        """Parse and check the sets, the preview and the given rules' queries (all when None); RuleFileError names
        the file, the rule and the field of the first that is not a single SELECT over known names."""
        set_names = set(self.sets.sets)
        for name, parsed in self.set_queries.items():
            parsed.check_names(set_names, where=f"{self.origin['sets']}, set {name}")
        self._check_set_loops(set_names)
        for name, derived in self.sets.sets.items():
            self._check_tsql(derived.sql, f"{self.origin['sets']}, set {name}")
        for rule_id in self.rules if rule_ids is None else rule_ids:
            rule = self.rules[rule_id]
            for index, q in enumerate(rule.queries):
                where = f"{self.origin[rule.id]}, rule {rule.id}, queries[{index}].sql"
                self.parsed(q.sql, where).check_names(set_names, where=where)
                self._check_tsql(q.sql, where)
        for name, item in self.sets.preview.items():
            where = f"{self.origin['sets']}, preview {name}"
            self.parsed(item.sql, where).check_names(set_names, where=where)
            self._check_tsql(item.sql, where)

    def _check_tsql(self, sql: str, where: str) -> None:
        """Refuse a query whose T-SQL an old SQL Server cannot run (Familia servers may be SQL Server 2012)."""
        from flytcheck.sql.tsql2012 import NotTsql2012, check_tree

        try:
            check_tree(sql, self.parsed(sql, where).tree)
        except NotTsql2012 as error:
            raise RuleFileError(f"{where}: {error}", hint=error.hint) from None

    def _check_set_loops(self, set_names: set[str]) -> None:
        """Refuse sets that use each other in a loop now, rather than when the compiler meets them mid-scan."""
        uses = {name: sorted(parsed.set_references(set_names)) for name, parsed in self.set_queries.items()}

        def visit(name: str, trail: tuple[str, ...]) -> None:
            if name in trail:
                loop = " -> ".join((*trail[trail.index(name):], name))
                where = f"{self.origin['sets']}, set {name}"
                raise RuleFileError(f"{where}: sql: the derived sets use each other in a loop ({loop})")
            for used in uses[name]:
                visit(used, (*trail, name))

        for name in sorted(uses):
            visit(name, ())


def builtin_rules_dir() -> Path:
    """The rules shipped inside the package (or the repository's rules/ when run from a checkout)."""
    packaged = Path(str(resources.files("flytcheck"))) / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"
