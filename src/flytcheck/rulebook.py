"""Loads the rule catalogue: rules/*.toml, the shared derived sets and the preview, validated by pydantic, plus the
rule files of any extra (local) rule folders, which use the same sets and pass the same checks.

A rule file is data: metadata in bokmål and English plus one read-only SELECT per Familia table it checks.
Loading refuses anything that is not a single SELECT over known Familia tables, columns and sets, naming the file,
the rule and the field. Nothing here connects to a database.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterable, Sequence
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from flytcheck.errors import RuleFileError
from flytcheck.model import Severity
from flytcheck.sql import familia
from flytcheck.sql.check import ParsedQuery, parse_query
from flytcheck.validators import CLASSIFIERS, VALIDATORS

RuleId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=60)]
Category = Literal[
    "children", "connections", "contractors", "organisations", "reminders", "records", "archive", "system"
]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A text in bokmål and English."""

    nb: Annotated[str, Field(min_length=3)]
    en: Annotated[str, Field(min_length=3)]

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nb


class Query(_Strict):
    """One SELECT returning the offending records of one Familia table."""

    table: str
    sql: str
    message: Text | None = None
    """Overrides the rule's message for the rows of this query."""
    message_variants: dict[str, Text] = {}
    """Overrides the rule's variants for the rows of this query (chosen by the value of `variant_column`)."""
    variant_column: str | None = None

    @model_validator(mode="after")
    def _known_table(self) -> Query:
        if self.table not in familia.TABLES:
            raise ValueError(f"unknown Familia table {self.table!r}")
        if bool(self.message_variants) != bool(self.variant_column):
            raise ValueError("message_variants and variant_column go together")
        return self


class Rule(_Strict):
    """A rule of the catalogue (docs/criteria.md, "The rule catalogue")."""

    id: RuleId
    severity: Severity
    category: Category
    title: Text
    why: Text
    fix: Text
    message: Text
    message_variants: dict[str, Text] = {}
    """Messages chosen by the value of the output column `variant_column` (instead of `message`)."""
    variant_column: str | None = None
    queries: Annotated[tuple[Query, ...], Field(min_length=1)]
    validator: str | None = None
    """A Python check registered by name (identity numbers), applied to each row the query returns."""
    personal: tuple[str, ...] = ()
    """Output columns holding identity numbers or free text: shown only with --show-personal-data."""
    requires: Literal["min_familia_version"] | None = None
    """A parameter without which the rule is skipped."""
    missing_table_is_finding: bool = False
    """A missing table is itself the finding (familia-outdated), not a schema error."""

    @model_validator(mode="after")
    def _variants(self) -> Rule:
        if bool(self.message_variants) != bool(self.variant_column):
            raise ValueError("message_variants and variant_column go together")
        return self

    @model_validator(mode="after")
    def _no_personal_data_in_messages(self) -> Rule:
        for name, text in [("message", self.message), *((f"message_variants.{k}", v) for k, v in
                                                       self.message_variants.items())]:
            shown = {field for lang in (text.nb, text.en) for _, field, _, _ in string.Formatter().parse(lang) if field}
            if shown & set(self.personal):
                raise ValueError(f"{name} shows the personal field(s) {', '.join(sorted(shown & set(self.personal)))}"
                                 " (personal data goes only in the personal columns)")
        return self

    @field_validator("validator")
    @classmethod
    def _known_validator(cls, name: str | None) -> str | None:
        if name is not None and name not in VALIDATORS:
            raise ValueError(f"unknown validator {name!r} (known: {', '.join(sorted(VALIDATORS))})")
        return name

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(q.table for q in self.queries)


class DerivedSet(_Strict):
    """A derived set (docs/criteria.md, "Derived sets"), defined once and shared as a common table expression."""

    description: str
    sql: str


class PreviewItem(_Strict):
    """One line of the migration preview: a query returning `bucket` rows, or rows a classifier buckets."""

    sql: str
    classifier: str | None = None

    @field_validator("classifier")
    @classmethod
    def _known_classifier(cls, name: str | None) -> str | None:
        if name is not None and name not in CLASSIFIERS:
            raise ValueError(f"unknown classifier {name!r} (known: {', '.join(sorted(CLASSIFIERS))})")
        return name


class SetsFile(_Strict):
    sets: dict[str, DerivedSet]
    preview: dict[Literal["children", "connections", "contractors", "organisations"], PreviewItem]


def describe_errors(error: ValidationError) -> str:
    """Every problem pydantic found, each with the field it is in (`queries.0.table: …`)."""
    return "; ".join(f"{'.'.join(str(p) for p in item['loc']) or '(file)'}: {item['msg']}" for item in error.errors())


def _format_validation(path: Path, rule_id: str | None, error: ValidationError) -> str:
    who = f", rule {rule_id}" if rule_id else ""
    return f"{path}{who}: {describe_errors(error)}"


def read_toml(path: Path) -> dict[str, object]:
    """A TOML file of ours (rules, sets, rule cases); RuleFileError names the file and what is wrong."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except UnicodeDecodeError as error:
        raise RuleFileError(f"{path}: not UTF-8 text (byte {error.start + 1}); save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise RuleFileError(f"{path}: not valid TOML ({error})") from None
    except OSError as error:
        raise RuleFileError(f"{path}: cannot be read ({error.strerror})") from None


class Rulebook:
    """The loaded, checked catalogue: rules by id, derived sets and preview, each query parsed once."""

    def __init__(self, rules: Iterable[Rule], sets: SetsFile, origin: dict[str, Path]) -> None:
        self.rules: dict[str, Rule] = {r.id: r for r in rules}
        self.sets = sets
        self.origin = origin
        self._check_queries()

    @cached_property
    def set_queries(self) -> dict[str, ParsedQuery]:
        return {
            name: parse_query(s.sql, where=f"{self.origin['sets']}, set {name}") for name, s in self.sets.sets.items()
        }

    def is_extra(self, rule_id: str) -> bool:
        """Whether the rule comes from an extra rule folder (--extra-rules) rather than the catalogue's own."""
        return self.origin[rule_id].parent != self.origin["sets"].parent

    def query(self, rule: Rule, index: int) -> ParsedQuery:
        return self._parsed[(rule.id, index)]

    def _check_queries(self) -> None:
        self._parsed: dict[tuple[str, int], ParsedQuery] = {}
        self._by_sql: dict[str, ParsedQuery] = {}
        self._templates: dict[tuple[str, str], str] = {}
        set_names = set(self.sets.sets)
        for name, parsed in self.set_queries.items():
            parsed.check_names(set_names, where=f"{self.origin['sets']}, set {name}")
        self._check_set_loops(set_names)
        for rule in self.rules.values():
            for index, q in enumerate(rule.queries):
                where = f"{self.origin[rule.id]}, rule {rule.id}, queries[{index}].sql"
                try:
                    parsed = parse_query(q.sql, where=where)
                except RuleFileError:
                    raise
                parsed.check_names(set_names, where=where)
                self._parsed[(rule.id, index)] = parsed
                self._by_sql[q.sql] = parsed
        for name, item in self.sets.preview.items():
            where = f"{self.origin['sets']}, preview {name}"
            self._by_sql[item.sql] = parse_query(item.sql, where=where)
            self._by_sql[item.sql].check_names(set_names, where=where)

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

    def template(self, sql: str, dialect: str) -> str:
        """The compiled template of a rule, set-using or preview query (any checked SELECT), cached per dialect."""
        key = (sql, dialect)
        found = self._templates.get(key)
        if found is None:
            from flytcheck.sql.compiler import compile_template

            parsed = self._by_sql.get(sql) or parse_query(sql, where="internal query")
            self._by_sql.setdefault(sql, parsed)
            found = self._templates[key] = compile_template(parsed, self.set_queries, dialect)
        return found

    def requirements(self, rule_ids: Iterable[str] | None = None, *, preview: bool = True) -> dict[str, set[str]]:
        """The Familia tables and columns the given rules (and the preview) read."""
        needed: dict[str, set[str]] = {}
        sqls: list[str] = []
        for rule_id in self.rules if rule_ids is None else rule_ids:
            sqls.extend(q.sql for q in self.rules[rule_id].queries)
        if preview:
            sqls.extend(item.sql for item in self.sets.preview.values())
        seen_sets: set[str] = set()
        pending = [self._by_sql.get(sql) or parse_query(sql, where="requirements") for sql in sqls]  # parsed once
        while pending:
            parsed = pending.pop()
            for table, columns in parsed.familia_columns.items():
                needed.setdefault(table, set()).update(columns)
            for name in parsed.set_references(set(self.sets.sets)) - seen_sets:
                seen_sets.add(name)
                pending.append(self.set_queries[name])
        for table, columns in needed.items():
            columns.update(familia.TABLES[table].key)
        return needed


def builtin_rules_dir() -> Path:
    """The rules shipped inside the package (or the repository's rules/ when run from a checkout)."""
    packaged = Path(str(resources.files("flytcheck"))) / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def _read_sets(folder: Path) -> tuple[SetsFile, Path]:
    sets_path = folder / "sets.toml"
    if not sets_path.is_file():
        raise RuleFileError(f"{folder}: no sets.toml (the derived sets and the preview)")
    try:
        return SetsFile.model_validate(read_toml(sets_path)), sets_path
    except ValidationError as error:
        raise RuleFileError(_format_validation(sets_path, None, error)) from None


def _read_rules(folder: Path, origin: dict[str, Path]) -> list[Rule]:
    """The rule files of one folder (every `*.toml` but sets.toml), each id new to `origin`, which records them."""
    rules: list[Rule] = []
    for path in sorted(folder.glob("*.toml")):
        if path.name == "sets.toml":
            continue
        data = read_toml(path)
        rule_id = str(data.get("id", path.stem))
        try:
            rule = Rule.model_validate(data)
        except ValidationError as error:
            raise RuleFileError(_format_validation(path, rule_id, error)) from None
        if rule.id != path.stem:
            raise RuleFileError(f"{path}, rule {rule.id}: id: must match the file name {path.stem!r}")
        if rule.id in origin:
            raise RuleFileError(
                f"{path}, rule {rule.id}: id: already used by {origin[rule.id]}",
                hint="rule ids are unique across the catalogue and every extra rule folder: rename the file and its id",
            )
        origin[rule.id] = path
        rules.append(rule)
    if not rules:
        raise RuleFileError(f"{folder}: no rule files")
    return rules


def _check_extra_folder(folder: Path, seen: set[Path]) -> None:
    if not folder.is_dir():
        raise RuleFileError(f"--extra-rules: {folder} is not a folder of rule files")
    if (folder / "sets.toml").exists():
        raise RuleFileError(
            f"{folder / 'sets.toml'}: an extra rule folder uses the catalogue's derived sets and has none of its own",
            hint="remove sets.toml from the folder, or give the folder with --rules-dir to replace the catalogue",
        )
    if folder.resolve() in seen:
        raise RuleFileError(f"--extra-rules: {folder} is given twice")
    seen.add(folder.resolve())


def load_rulebook(directory: Path | None = None, extra: Sequence[Path] = ()) -> Rulebook:
    """Load and check the rule files: `directory` (default: the built-in catalogue) holds `sets.toml` and one
    `<rule-id>.toml` per rule; each `extra` folder adds rule files of its own, which use the same derived sets.

    Every rule passes the same checks wherever it comes from, and ids are unique across all the folders.
    """
    folder = directory or builtin_rules_dir()
    sets, sets_path = _read_sets(folder)
    origin: dict[str, Path] = {"sets": sets_path}
    rules = _read_rules(folder, origin)
    seen = {folder.resolve()}
    for extra_folder in extra:
        _check_extra_folder(extra_folder, seen)
        rules += _read_rules(extra_folder, origin)
    return Rulebook(rules, sets, origin)
