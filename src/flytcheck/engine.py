"""Runs the rule catalogue against an open source and returns the frozen Report.

Each distinct query runs once and its rows stream past every rule and preview line that uses it (the three person
outcome rules and the connection preview share one pass); a rule with an aggregator (rows judged against each
other, as duplicate children are) gives its findings when its query's last row is in. A rule whose query fails
stops the scan with an error naming it: a rule that could not run is never a pass. Never writes to the source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from flytcheck import __version__
from flytcheck.catalogue.rulebook import INTERNAL_QUERIES, Rule, Rulebook
from flytcheck.errors import RuleRunError, SourceError
from flytcheck.findings import RuleConsumer, ordered
from flytcheck.identity.redact import mask_identity_numbers
from flytcheck.memory import release_freed_memory
from flytcheck.model import Count, Preview, Report, RuleOutcome, RuleStatus
from flytcheck.settings import ScanOptions
from flytcheck.sources.base import QueryError, Source
from flytcheck.sql import familia
from flytcheck.sql.catalog import Catalog
from flytcheck.sql.compiler import Parameters, quote, render, shown_only
from flytcheck.sql.conversions import CAST_TO_INT, EXPECTED, ColumnReads, column_reads, unreadable_check
from flytcheck.typed_check import row_named, stored_values_checked
from flytcheck.validators import CLASSIFIERS, Context, missing_version_table
from flytcheck.values import as_text

Progress = Callable[[str, int], None]
VERSION_SQL, HUSKELISTE_SQL = INTERNAL_QUERIES


@dataclass
class _PreviewConsumer:
    name: str
    classifier: str | None
    ctx: Context
    tally: Counter[str] = field(default_factory=Counter)
    columns: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"preview:{self.name}"

    @property
    def needs_mappings(self) -> bool:
        return self.classifier is not None

    def start(self, columns: tuple[str, ...]) -> None:
        self.columns = columns

    def feed(self, batch: Sequence[tuple[Any, ...]], mappings: Sequence[Mapping[str, Any]] | None = None) -> None:
        if self.classifier is None:
            bucket, n = self.columns.index("bucket"), self.columns.index("n")
            for row in batch:
                self.tally[str(row[bucket])] += int(row[n])
            return
        classify, columns, ctx = CLASSIFIERS[self.classifier], self.columns, self.ctx
        if mappings is None:
            mappings = [dict(zip(columns, row, strict=True)) for row in batch]
        for mapping in mappings:
            found = classify(mapping, ctx)
            if found is not None:
                self.tally[found] += 1

    def finish(self) -> None:
        """Nothing is held back: every row was counted as it came."""

    def count(self) -> Count:
        return Count(migrated=self.tally["migrated"], not_migrated=self.tally["not_migrated"])


Consumer = RuleConsumer | _PreviewConsumer


def enabled_rules(rulebook: Rulebook, options: ScanOptions) -> tuple[list[Rule], list[RuleOutcome]]:
    """The rules that run, and an outcome for each one skipped."""
    run: list[Rule] = []
    skipped: list[RuleOutcome] = []
    for rule in sorted(rulebook.rules.values(), key=lambda r: r.id):
        if rule.id in options.disabled_rules:
            skipped.append(RuleOutcome(rule.id, rule.severity, RuleStatus.SKIPPED, 0, "disabled", rule.category))
        elif rule.requires == "min_familia_version" and options.min_familia_version is None:
            skipped.append(RuleOutcome(
                rule.id, rule.severity, RuleStatus.SKIPPED, 0, "no --min-familia-version", rule.category
            ))
        else:
            run.append(rule)
    return run, skipped


def needed_by(rulebook: Rulebook, rules: Iterable[Rule]) -> dict[str, set[str]]:
    """For each Familia table, the rules (or the preview) that read it."""
    users: dict[str, set[str]] = {}
    for rule in rules:
        for table in rulebook.requirements([rule.id], preview=False):
            users.setdefault(table, set()).add(rule.id)
    for table in rulebook.requirements([], preview=True):
        users.setdefault(table, set()).add("the migration preview")
    return users


@dataclass(frozen=True)
class TableNeeds:
    """What a scan reads: every Familia table and column, split into those it requires and those it reads where
    the source has them, the tables whose absence is a finding, and which rules need each table."""

    needed: dict[str, set[str]]
    required: dict[str, set[str]]
    optional: dict[str, set[str]]
    absent_ok: set[str]
    users: dict[str, set[str]]


def table_needs(rulebook: Rulebook, rules: Sequence[Rule]) -> TableNeeds:
    """The tables and columns the given rules and the preview read (the same for `scan` and `doctor`)."""
    needed = rulebook.requirements([r.id for r in rules])
    required = {t: cols - familia.OPTIONAL_COLUMNS.get(t, set()) for t, cols in needed.items()}
    optional = {t: cols & familia.OPTIONAL_COLUMNS[t] for t, cols in needed.items() if t in familia.OPTIONAL_COLUMNS}
    for table, columns in familia.ALWAYS_READ_WHERE_PRESENT.items():
        optional[table] = optional.get(table, set()) | columns
    absent_ok = {t for r in rules if r.missing_table_is_finding for t in r.tables}
    return TableNeeds(needed, required, optional, absent_ok, needed_by(rulebook, rules))


def scan(
    source: Source,
    rulebook: Rulebook,
    options: ScanOptions,
    progress: Progress | None = None,
    between_queries: Callable[[str], None] | None = None,
) -> Report:
    """Run every enabled rule and the preview over the source; raise if anything could not run.

    `between_queries(label)` runs after each query (tests use it to change the data under a running scan).
    """
    rules, outcomes = enabled_rules(rulebook, options)
    ctx = Context(options.cutover, options.accept_synthetic, options.min_familia_version)
    params = Parameters(options.cutover, options.connection_roles, options.contractor_roles)
    tables = table_needs(rulebook, rules)
    needed = tables.needed
    templates = [rulebook.template(q.sql, source.dialect) for r in rules for q in r.queries]
    templates += [rulebook.template(item.sql, source.dialect) for item in rulebook.sets.preview.values()]
    unread = frozenset() if options.show_personal_data else shown_only(templates)
    catalog = source.prepare(tables.required, tables.users, tables.absent_ok, tables.optional, unread)
    reads = column_reads(catalog, source.dialect)
    _check_readable(source, catalog, reads, needed)
    groups: dict[str, list[Consumer]] = {}
    consumers: list[RuleConsumer] = []
    for rule in rules:
        if not all(catalog.has_table(t) for t in rulebook.requirements([rule.id], preview=False)):
            consumer = RuleConsumer(rule, None, ctx, options.show_personal_data)
            consumer.start(("record_key",))
            consumer.add(("",), missing_version_table(options.min_familia_version or Decimal(0)))
            consumers.append(consumer)
            continue
        for query in rule.queries:
            consumer = RuleConsumer(rule, query, ctx, options.show_personal_data)
            consumers.append(consumer)
            sql = render(rulebook.template(query.sql, source.dialect), source.dialect, catalog, params, reads,
                         free_text=options.show_personal_data)
            groups.setdefault(sql, []).append(consumer)
    previews: dict[str, _PreviewConsumer] = {}
    for name, item in rulebook.sets.preview.items():
        previews[name] = _PreviewConsumer(name, item.classifier, ctx)
        sql = render(rulebook.template(item.sql, source.dialect), source.dialect, catalog, params, reads,
                     free_text=options.show_personal_data)
        groups.setdefault(sql, []).append(previews[name])
    with stored_values_checked(source, catalog, reads, needed) as stored:  # beside the rules (typed_check.py)
        for sql, group in groups.items():
            _run_group(source, sql, group, progress)
            release_freed_memory()  # the driver's sort and hash memory, not kept on top of the findings to come
            if between_queries is not None:
                between_queries(_label(group))

        def internal(label: str, sql: str) -> Any:
            return _internal_value(label, source, rulebook.template(sql, source.dialect), catalog, params, reads)

        familia_version = familia_huskeliste = None
        if catalog.has_column("FA_DBVERSJON", "DBV_VERSJON"):
            version = internal("familia version", VERSION_SQL)
            familia_version = None if version is None else as_text(version)
        if catalog.has_column("FA_V_CR_HUSKELISTE", "OPPFYLTDATO"):
            familia_huskeliste = int(internal("familia huskeliste", HUSKELISTE_SQL) or 0)
        stored.finish()
    findings = ordered(consumers)
    per_rule = Counter(f.rule for f in findings)
    outcomes += [RuleOutcome(r.id, r.severity, RuleStatus.RAN, per_rule[r.id], category=r.category) for r in rules]
    shown = (lambda text: text) if options.show_personal_data else mask_identity_numbers  # a path may hold one too
    return Report(
        flytcheck_version=__version__,
        source=shown(source.description),
        cutover=options.cutover,
        scanned_at=options.now or datetime.now().astimezone(),
        familia_version=None if familia_version is None else shown(familia_version),
        familia_huskeliste=familia_huskeliste,
        preview=Preview(**{name: p.count() for name, p in previews.items()}),
        findings=findings,
        rules=tuple(sorted(outcomes, key=lambda o: o.rule)),
        fail_on=options.fail_on,
        show_personal_data=options.show_personal_data,
        consistency=source.consistency,
    )


def _label(group: list[Consumer]) -> str:
    return ", ".join(sorted({c.label for c in group}))


def _run_group(source: Source, sql: str, group: list[Consumer], progress: Progress | None) -> None:
    label = _label(group)
    seen = reported = 0
    try:
        rows = source.query(sql)
        for consumer in group:
            consumer.start(rows.columns)
        by_name = any(consumer.needs_mappings for consumer in group)
        for batch in rows.batches:
            # Validators and classifiers read rows by column name: make those once for the whole group.
            mappings = [dict(zip(rows.columns, row, strict=True)) for row in batch] if by_name else None
            for consumer in group:
                consumer.feed(batch, mappings)
            seen += len(batch)
            if progress is not None and seen - reported >= 20_000:
                progress(label, reported := seen)
        for consumer in group:
            consumer.finish()  # a rule that compares rows with each other (an aggregator) judges them now
    except QueryError as error:
        raise RuleRunError(label, error.message, hint=error.hint) from None
    if progress is not None:
        progress(label, seen)


def _internal_value(
    label: str, source: Source, template: str, catalog: Catalog, params: Parameters, reads: ColumnReads
) -> Any:
    """The one value of one of flytcheck's own queries (the Familia version, the open rows of Familia's Huskeliste)."""
    sql = render(template, source.dialect, catalog, params, reads)
    try:
        rows = [row for batch in source.query(sql).batches for row in batch]
    except QueryError as error:
        raise RuleRunError(label, error.message, hint=error.hint) from None
    return rows[0][0] if rows else None


def _check_readable(source: Source, catalog: Catalog, reads: ColumnReads, needed: Mapping[str, set[str]]) -> None:
    """Stop, naming table, column and row key, at the first value a typed read cannot read (copies of exports)."""
    for table, column in sorted(reads):
        kind = familia.TABLES[table].columns[column]
        declared = catalog.declared_as(table, column)
        if kind not in EXPECTED or column not in needed.get(table, set()) or reads[(table, column)] == CAST_TO_INT:
            continue  # text needs no check, and a boolean is always 0 or 1
        sql = unreadable_check(catalog, source.dialect, table, column, lambda name: quote(name, source.dialect))
        try:
            found = [row for batch in source.query(sql).batches for row in batch][:1]
        except QueryError as error:
            where = f"{source.description}: cannot check {table}.{column}"
            raise SourceError(f"{where} ({error.message})", hint=error.hint) from None
        if found:
            where = row_named(familia.TABLES[table].key, found[0])
            raise SourceError(
                f"{source.description}: {table}.{column} in {where}: the value cannot be read as "
                f"{EXPECTED[kind]} (the copy declares the column as {declared})",
                hint="Correct the value in the copy, or make the copy again from the database or the CSV export.",
            )
