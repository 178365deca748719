"""Turns the rows a rule query returns into findings, and puts a scan's findings in their one order.

This is the hot path of a scan: it runs once per offending record (hundreds of thousands on the largest
services). Rows arrive as plain tuples; each consumer works out once where its columns are, converts repeated
values (municipalities, caseworkers, dates) through memo tables, and makes each finding with a single tuple
allocation. Identical message texts are shared, so memory grows with the records, not with their words.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain
from typing import Any

from flytcheck.aggregators import AGGREGATORS, Aggregator
from flytcheck.catalogue.rulebook import Query, Rule, Text
from flytcheck.errors import RuleRunError
from flytcheck.identity.redact import mask_identity_numbers
from flytcheck.model import Finding, natural_key
from flytcheck.validators import VALIDATORS, Context
from flytcheck.values import Memo, as_text, format_date

_new = tuple.__new__
MEMO_LIMIT = 4_096
"""Values a memo of one consumer holds at most (see Memo): municipalities, caseworkers, counts, ID reasons."""
MESSAGE_LIMIT = 20_000
"""Messages of one field (a date, a count) kept per value: every day of decades of records fits, so all findings
of one day share one message text; a memo that started over would make a new copy for each later finding."""


def display(value: Any) -> str:
    """A value as a message shows it: NULL as a dash, ISO dates as dd.mm.yyyy, numbers without decimals."""
    if value is None:
        return "—"
    text = as_text(value)
    if len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        return format_date(text)
    return text


def key_text(value: Any) -> str:
    return str(value) if type(value) is int else as_text(value)


def _unchanged(text: str) -> str:
    return text


def _masked(convert: Callable[[Any], str]) -> Callable[[Any], str]:
    """`convert`, then every fødselsnummer-like number in its text masked (identity.redact)."""
    return lambda value: mask_identity_numbers(convert(value))


def template_fields(*texts: Text) -> tuple[str, ...]:
    """The names a message template fills in, in first-seen order."""
    names: dict[str, None] = {}
    for text in texts:
        for lang_text in (text.nb, text.en):
            for _, name, _, _ in string.Formatter().parse(lang_text):
                if name:
                    names.setdefault(name)
    return tuple(names)


class RuleConsumer:
    """The findings of one rule query (one rule, one Familia table)."""

    def __init__(
        self, rule: Rule, query: Query | None, ctx: Context, show_personal_data: bool, table: str | None = None
    ) -> None:
        self.rule, self.query, self.ctx, self.show_personal_data = rule, query, ctx, show_personal_data
        self.table = query.table if query is not None else (table or rule.tables[0])
        self.message = (query.message if query is not None else None) or rule.message
        self.variants: dict[str, Text] = rule.message_variants
        self.variant_column: str | None = rule.variant_column
        if query is not None and query.variant_column:
            self.variants, self.variant_column = query.message_variants, query.variant_column
        self.findings: list[Finding] = []
        self.part = (query.part if query is not None else None) or ""
        self.fields = template_fields(self.message, *self.variants.values())
        if set(self.fields) & set(rule.personal):
            raise RuleRunError(rule.id, "a message may not show a personal field")
        self.validator = VALIDATORS[rule.validator] if rule.validator else None
        self.aggregator = AGGREGATORS[rule.aggregator](ctx) if rule.aggregator else None
        # An identity number can turn up in any column (a fødselsnummer in an org-number field, as initials):
        # every text a finding shows is masked unless personal data is asked for. Memoised, so once per value.
        self._redact = redact = _unchanged if show_personal_data else mask_identity_numbers
        self._display: Memo = Memo(display if show_personal_data else _masked(display), MEMO_LIMIT)
        self._plain: Memo = Memo(as_text if show_personal_data else _masked(as_text), MEMO_LIMIT)
        self._initials: Memo = Memo(lambda value: redact(as_text(value).strip()), MEMO_LIMIT)
        self._messages: dict[tuple[int, tuple[str, ...]], tuple[str, str]] = {}
        self.columns: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.rule.id

    def start(self, columns: tuple[str, ...]) -> None:
        """Learn where the query's columns are; a message field the query does not return is a rule error."""
        self.columns = columns
        where = {name: index for index, name in enumerate(columns)}
        if "record_key" not in where:
            raise RuleRunError(self.rule.id, "the query returns no record_key column")
        self._key = where["record_key"]
        self._key2 = where.get("record_key2")
        self._kommune = where.get("kommune")
        caseworker = (self.query.caseworker_column if self.query else None) or "saksbehandler"
        self._caseworker = where.get(caseworker)
        only = self.query.where_column if self.query else None
        if only is not None and only not in where:
            raise RuleRunError(self.rule.id, f"where_column {only!r} is not a column the query returns")
        self._only = None if only is None else where[only]
        self._variant = where.get(self.variant_column) if self.variant_column else None
        absent = sorted(set(self.fields) - set(columns))
        if absent and self.validator is None and self.aggregator is None:
            raise RuleRunError(self.rule.id, f"message needs the column {absent[0]!r} the query does not return")
        self._field_at = tuple(where.get(name) for name in self.fields)
        self._single: dict[int, Memo] | None = None
        if len(self.fields) == 1 and self._field_at[0] is not None:
            # Most messages show one column (a date, a count): keep the texts per value of that column.
            self._single = {
                id(m): Memo(self._texts_for(m), MESSAGE_LIMIT) for m in (self.message, *self.variants.values())
            }

    @property
    def needs_mappings(self) -> bool:
        """Whether this consumer reads rows by column name (a validator or an aggregator), so the engine makes them
        once a batch."""
        return self.validator is not None or self.aggregator is not None

    def feed(
        self, batch: Sequence[tuple[Any, ...]], mappings: Sequence[Mapping[str, Any]] | None = None,
        given: Mapping[str, str] | None = None,
    ) -> None:
        """Make the findings of a batch of rows: one tuple each, every repeated value converted once.

        Rows pass the rule's validator first, if it has one (`mappings`: the same rows by column name, made once
        for every consumer of the batch); `given` fields stand in for a validator's."""
        rule_id, severity, table, columns, only = self.rule.id, self.rule.severity, self.table, self.columns, self._only
        if self.aggregator is not None and given is None:
            self._collect(self.aggregator, batch, mappings)
            return
        validator, ctx, at_key, at_key2 = self.validator, self.ctx, self._key, self._key2
        at_kommune, at_caseworker, at_variant = self._kommune, self._caseworker, self._variant
        plain, initials, variants, message_of = self._plain, self._initials, self.variants, self._message
        personal_of = self._personal if self.show_personal_data and self.rule.personal else None
        append, part = self.findings.append, self.part
        single, single_at = self._single, (self._field_at[0] or 0) if self._field_at else 0
        if validator is not None and given is None and mappings is None:
            mappings = [dict(zip(columns, row, strict=True)) for row in batch]
        # The rows of a shared query that this rule reports (the others are another rule's), picked at C speed.
        chosen = range(len(batch)) if only is None else [i for i, row in enumerate(batch) if row[only] == 1]
        extra: Mapping[str, str] | None = given
        personal: tuple[tuple[str, str], ...] = ()
        for index in chosen:
            row = batch[index]
            if validator is not None and given is None:
                extra = validator(mappings[index], ctx, rule_id)  # type: ignore[index]
                if extra is None:
                    continue
            key = row[at_key]
            key = str(key) if type(key) is int else key_text(key)
            if at_key2 is not None:
                key = f"{key}/{key_text(row[at_key2])}"
            if len(key) >= 11:  # longer than any løpenummer: it may hold an identity number
                key = self._redact(key)
            message = self.message if at_variant is None else variants.get(plain[row[at_variant]], self.message)
            if single is not None and extra is None:
                nb, en = single[id(message)][row[single_at]]  # one lookup: the message of this value
            else:
                nb, en = message_of(message, row, extra)
            if personal_of is not None:
                personal = personal_of(row, extra)
            append(_new(Finding, (
                rule_id, severity, table, key,
                "" if at_kommune is None else plain[row[at_kommune]],
                "" if at_caseworker is None else initials[row[at_caseworker]],
                nb, en, personal, part,
            )))

    def _collect(
        self, aggregator: Aggregator, batch: Sequence[tuple[Any, ...]], mappings: Sequence[Mapping[str, Any]] | None
    ) -> None:
        """Hand a batch to the aggregator; its findings come in `finish`, once it has seen every row."""
        if mappings is None:
            mappings = [dict(zip(self.columns, row, strict=True)) for row in batch]
        only, add = self._only, aggregator.add
        for row, mapping in zip(batch, mappings, strict=True):
            if only is None or row[only] == 1:
                add(mapping, row)

    def finish(self) -> None:
        """After the query's last row: the aggregator's findings (nothing to do for a rule without one)."""
        if self.aggregator is None:
            return
        for row, fields in self.aggregator.results():
            self.feed([row], None, fields)

    def add(self, row: tuple[Any, ...], given: Mapping[str, str]) -> None:
        """One finding from a row and the message fields given for it (the engine's missing-table finding)."""
        self.feed([row], None, given)

    def _texts_for(self, message: Text) -> Callable[[Any], tuple[str, str]]:
        name = self.fields[0]

        def texts(value: Any) -> tuple[str, str]:
            filled = {name: self._display[value]}
            return message.nb.format_map(filled), message.en.format_map(filled)

        return texts

    def _message(self, message: Text, row: tuple[Any, ...], extra: Mapping[str, str] | None) -> tuple[str, str]:
        if not self.fields:
            return message.nb, message.en
        if extra is None:
            shown = self._display
            values = tuple([shown[row[index]] for index in self._field_at])  # type: ignore[index]
        else:
            redact = self._redact
            values = tuple([
                redact(extra[name]) if name in extra else self._field(index, name, row)
                for name, index in zip(self.fields, self._field_at, strict=True)
            ])
        cache_key = (id(message), values)
        texts = self._messages.get(cache_key)
        if texts is None:
            filled = dict(zip(self.fields, values, strict=True))
            texts = (message.nb.format_map(filled), message.en.format_map(filled))
            if len(self._messages) >= MEMO_LIMIT:  # dates and counts repeat; a note number in each would not
                self._messages.clear()
            self._messages[cache_key] = texts
        return texts

    def _field(self, index: int | None, name: str, row: tuple[Any, ...]) -> str:
        if index is None:
            raise RuleRunError(self.rule.id, f"message needs the column {name!r} the query does not return")
        return str(self._display[row[index]])

    def _personal(self, row: tuple[Any, ...], extra: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
        values = {name: as_text(value) for name, value in zip(self.columns, row, strict=True)}
        values.update(extra or {})
        return tuple((name, values.get(name, "")) for name in self.rule.personal)


def ordered(consumers: Iterable[RuleConsumer]) -> tuple[Finding, ...]:
    """All findings in their one total order (Finding.sort_key), without building a sort key per finding.

    Findings of one rule and table are sorted by key (as integers when every key is one, which is nearly always),
    and only runs of equal keys by message; the groups follow each other by severity, rule and table. The lists
    are sorted where they are (no copy of them at the scan's peak of memory) and emptied into the one tuple.
    """
    groups: dict[tuple[int, str, str], list[Finding]] = {}
    for consumer in consumers:
        group = (-consumer.rule.severity.rank, consumer.rule.id, consumer.table)
        if group in groups:
            groups[group].extend(consumer.findings)
            consumer.findings.clear()
        else:
            groups[group] = consumer.findings
    for findings in groups.values():
        findings.sort(key=_key_order(findings))
        _sort_ties(findings)
    result = tuple(chain.from_iterable(groups[group] for group in sorted(groups)))
    for findings in groups.values():
        findings.clear()
    return result


def _key_order(findings: list[Finding]) -> Callable[[Finding], Any]:
    """The sort key of one group's findings: its keys' natural order as one integer per finding where the keys are
    whole numbers (`17`) or two of them (`2024/17`, as nearly all are), else natural_key.

    The integers are all the sort keeps (a few MB on the largest services): a tuple per finding, as natural_key
    makes, would add its size to the scan's peak of memory while the biggest group is sorted."""
    if all(f.key.isdigit() and f.key.isascii() for f in findings):
        return lambda f: int(f.key)
    if findings and all(_two_numbers(f.key) for f in findings):
        width = max(len(f.key) - f.key.index("/") - 1 for f in findings)
        scale = 10**width
        return lambda f: int(f.key[: f.key.index("/")]) * scale + int(f.key[f.key.index("/") + 1 :])
    return lambda f: natural_key(f.key)


def _two_numbers(key: str) -> bool:
    first, slash, second = key.partition("/")
    return bool(slash) and first.isdigit() and first.isascii() and second.isdigit() and second.isascii()


def _sort_ties(findings: list[Finding]) -> None:
    """Sort each run of findings with the same key by message, in place."""
    start = 0
    for index in range(1, len(findings) + 1):
        if index == len(findings) or findings[index].key != findings[start].key:
            if index - start > 1:
                findings[start:index] = sorted(findings[start:index], key=lambda f: f.message_nb)
            start = index
