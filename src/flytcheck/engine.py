"""Runs the rule catalogue against an open source and returns the frozen Report.

Each distinct query runs once and its rows stream past every rule and preview line that uses it (the three person
outcome rules and the connection preview share one pass). A rule whose query fails stops the scan with an error
naming it: a rule that could not run is never a pass. Never writes to the source.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from flytcheck import __version__
from flytcheck.errors import RuleRunError
from flytcheck.model import Count, Finding, Preview, Report, RuleOutcome, RuleStatus
from flytcheck.rulebook import Rule, Rulebook
from flytcheck.settings import ScanOptions
from flytcheck.sources.base import Source
from flytcheck.sql.catalog import Catalog
from flytcheck.sql.check import parse_query
from flytcheck.sql.compiler import Parameters, compile_query
from flytcheck.validators import CLASSIFIERS, VALIDATORS, Context, missing_version_table
from flytcheck.values import as_text, format_date

Progress = Callable[[str, int], None]
_VERSION_SQL = "SELECT MAX(d.DBV_VERSJON) AS versjon FROM FA_DBVERSJON d"


def _display(value: Any) -> str:
    if value is None:
        return "—"
    text = as_text(value)
    if len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        return format_date(text)
    return text


def _template_fields(*texts: Any) -> frozenset[str]:
    return frozenset(
        name
        for text in texts
        for lang_text in (text.nb, text.en)
        for _, name, _, _ in string.Formatter().parse(lang_text)
        if name
    )


@dataclass
class _RuleConsumer:
    """Turns the rows of one rule query into findings; identical strings are shared to keep memory flat."""

    rule: Rule
    table: str
    message: Any
    ctx: Context
    show_personal_data: bool
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._fields = _template_fields(self.message, *self.rule.message_variants.values())
        if self._fields & set(self.rule.personal):
            raise RuleRunError(self.rule.id, "a message may not show a personal field")
        self._validator = VALIDATORS[self.rule.validator] if self.rule.validator else None
        self._strings: dict[str, str] = {}

    def _shared(self, text: str) -> str:
        return self._strings.setdefault(text, text)

    def feed(self, row: Mapping[str, Any]) -> None:
        if self._validator is None:
            self.add(row, {})
            return
        extra = self._validator(row, self.ctx, self.rule.id)
        if extra is not None:
            self.add(row, extra)

    def add(self, row: Mapping[str, Any], extra: Mapping[str, str]) -> None:
        missing = [name for name in self._fields if name not in extra and name not in row]
        if missing:
            raise RuleRunError(self.rule.id, f"message needs the column {missing[0]!r} the query does not return")
        fields = {name: extra[name] if name in extra else _display(row[name]) for name in self._fields}
        key = as_text(row.get("record_key"))
        if "record_key2" in row:
            key = f"{key}/{as_text(row['record_key2'])}"
        message = self.message
        if self.rule.variant_column:
            message = self.rule.message_variants.get(as_text(row.get(self.rule.variant_column)), message)
        shown: tuple[tuple[str, str], ...] = ()
        if self.show_personal_data:
            values = {**{k: as_text(v) for k, v in row.items()}, **extra}
            shown = tuple((name, values.get(name, "")) for name in self.rule.personal)
        shared = self._shared
        self.findings.append(
            Finding(
                rule=self.rule.id,
                severity=self.rule.severity,
                table=self.table,
                key=key,
                kommune=shared(as_text(row.get("kommune"))),
                saksbehandler=shared(as_text(row.get("saksbehandler")).strip()),
                message_nb=shared(message.nb.format_map(fields)),
                message_en=shared(message.en.format_map(fields)),
                personal=shown,
            )
        )


@dataclass
class _PreviewConsumer:
    name: str
    classifier: str | None
    ctx: Context
    tally: Counter[str] = field(default_factory=Counter)

    def feed(self, row: Mapping[str, Any]) -> None:
        if self.classifier is None:
            self.tally[str(row["bucket"])] += int(row["n"])
            return
        bucket = CLASSIFIERS[self.classifier](row, self.ctx)
        if bucket is not None:
            self.tally[bucket] += 1

    def count(self) -> Count:
        return Count(migrated=self.tally["migrated"], not_migrated=self.tally["not_migrated"])


Consumer = _RuleConsumer | _PreviewConsumer


def enabled_rules(rulebook: Rulebook, options: ScanOptions) -> tuple[list[Rule], list[RuleOutcome]]:
    """The rules that run, and an outcome for each one skipped."""
    run: list[Rule] = []
    skipped: list[RuleOutcome] = []
    for rule in sorted(rulebook.rules.values(), key=lambda r: r.id):
        if rule.id in options.disabled_rules:
            skipped.append(RuleOutcome(rule.id, rule.severity, RuleStatus.SKIPPED, 0, "disabled"))
        elif rule.requires == "min_familia_version" and options.min_familia_version is None:
            skipped.append(RuleOutcome(rule.id, rule.severity, RuleStatus.SKIPPED, 0, "no --min-familia-version"))
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


def scan(source: Source, rulebook: Rulebook, options: ScanOptions, progress: Progress | None = None) -> Report:
    """Run every enabled rule and the preview over the source; raise if anything could not run."""
    rules, outcomes = enabled_rules(rulebook, options)
    ctx = Context(options.cutover, options.accept_synthetic, options.min_familia_version)
    params = Parameters(options.cutover, options.connection_roles, options.contractor_roles)
    users = needed_by(rulebook, rules)
    needed = rulebook.requirements([r.id for r in rules])
    absent_ok = {t for r in rules if r.missing_table_is_finding for t in r.tables}
    catalog = source.prepare(needed, users, absent_ok)
    groups: dict[str, list[Consumer]] = {}
    consumers: list[_RuleConsumer] = []
    for rule in rules:
        if not all(catalog.has_table(t) for t in rulebook.requirements([rule.id], preview=False)):
            consumer = _RuleConsumer(rule, rule.tables[0], rule.message, ctx, options.show_personal_data)
            consumer.add({"record_key": ""}, missing_version_table(options.min_familia_version or Decimal(0)))
            consumers.append(consumer)
            continue
        for index, query in enumerate(rule.queries):
            consumer = _RuleConsumer(
                rule, query.table, query.message or rule.message, ctx, options.show_personal_data
            )
            consumers.append(consumer)
            sql = _compile(rulebook, rulebook.query(rule, index), catalog, params, source.dialect)
            groups.setdefault(sql, []).append(consumer)
    previews: dict[str, _PreviewConsumer] = {}
    for name, item in rulebook.sets.preview.items():
        previews[name] = _PreviewConsumer(name, item.classifier, ctx)
        sql = _compile(rulebook, parse_query(item.sql, where=f"preview {name}"), catalog, params, source.dialect)
        groups.setdefault(sql, []).append(previews[name])
    for sql, group in groups.items():
        _run_group(source, sql, group, progress)
    familia_version = _familia_version(source, rulebook, catalog, params)
    findings = tuple(sorted((f for c in consumers for f in c.findings), key=Finding.sort_key))
    per_rule = Counter(f.rule for f in findings)
    outcomes += [RuleOutcome(r.id, r.severity, RuleStatus.RAN, per_rule[r.id]) for r in rules]
    return Report(
        flytcheck_version=__version__,
        source=source.description,
        cutover=options.cutover,
        scanned_at=options.now or datetime.now().astimezone(),
        familia_version=familia_version,
        preview=Preview(**{name: p.count() for name, p in previews.items()}),
        findings=findings,
        rules=tuple(sorted(outcomes, key=lambda o: o.rule)),
        fail_on=options.fail_on,
        show_personal_data=options.show_personal_data,
    )


def _compile(rulebook: Rulebook, query: Any, catalog: Catalog, params: Parameters, dialect: str) -> str:
    return compile_query(query, rulebook.set_queries, catalog, params, dialect)


def _label(group: list[Consumer]) -> str:
    names = sorted({c.rule.id if isinstance(c, _RuleConsumer) else f"preview:{c.name}" for c in group})
    return ", ".join(names)


def _run_group(source: Source, sql: str, group: list[Consumer], progress: Progress | None) -> None:
    label = _label(group)
    seen = 0
    try:
        for row in source.stream(sql):
            for consumer in group:
                consumer.feed(row)
            seen += 1
            if progress is not None and seen % 20_000 == 0:
                progress(label, seen)
    except SQLAlchemyError as error:
        raise RuleRunError(label, source.explain_error(error)) from None
    if progress is not None:
        progress(label, seen)


def _familia_version(source: Source, rulebook: Rulebook, catalog: Catalog, params: Parameters) -> str | None:
    if not catalog.has_table("FA_DBVERSJON") or "DBV_VERSJON" not in catalog.columns["FA_DBVERSJON"]:
        return None
    sql = _compile(rulebook, parse_query(_VERSION_SQL, where="familia version"), catalog, params, source.dialect)
    try:
        rows = list(source.stream(sql))
    except SQLAlchemyError as error:
        raise RuleRunError("familia version", source.explain_error(error)) from None
    value = rows[0]["versjon"] if rows else None
    return None if value is None else as_text(value)
