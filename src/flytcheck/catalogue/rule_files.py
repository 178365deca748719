"""Reads and validates rule files: rules/*.toml and sets.toml (the catalogue, or --rules-dir) and extra rule folders.

pydantic is the one schema for a rule file: an unknown field, a wrong type, a rule whose message shows a personal
field or a validator that does not exist is refused naming the file, the rule and the field. What passes becomes
the plain values of `flytcheck.catalogue.rulebook`, which the rest of flytcheck uses (and which the precompiled
catalogue holds without any of this). Nothing here connects to a database or parses SQL.
"""

from __future__ import annotations

import string
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from flytcheck.aggregators import AGGREGATORS
from flytcheck.catalogue.categories import CATEGORIES
from flytcheck.errors import RuleFileError
from flytcheck.model import Severity
from flytcheck.sql import familia
from flytcheck.validators import CLASSIFIERS, VALIDATORS

RuleId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=60)]


def _known_category(value: str) -> str:
    if value not in CATEGORIES:
        raise ValueError(f"Input should be one of {', '.join(repr(c) for c in CATEGORIES)}")
    return value


Category = Annotated[str, AfterValidator(_known_category)]
"""A category id of `flytcheck.catalogue.categories` (one table: a new category is one entry there)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextModel(_Strict):
    """A text in bokmål and English."""

    nb: Annotated[str, Field(min_length=3)]
    en: Annotated[str, Field(min_length=3)]


def _shown_fields(text: TextModel) -> set[str]:
    return {field for lang in (text.nb, text.en) for _, field, _, _ in string.Formatter().parse(lang) if field}


class QueryModel(_Strict):
    """One SELECT returning the offending records of one Familia table."""

    table: str
    sql: str
    message: TextModel | None = None
    message_variants: dict[str, TextModel] = {}
    variant_column: str | None = None
    where_column: str | None = None
    caseworker_column: str | None = None
    part: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = None

    @model_validator(mode="after")
    def _known_table(self) -> QueryModel:
        if self.table not in familia.TABLES:
            raise ValueError(f"unknown Familia table {self.table!r}")
        if bool(self.message_variants) != bool(self.variant_column):
            raise ValueError("message_variants and variant_column go together")
        return self


class RuleModel(_Strict):
    """A rule file (docs/criteria.md, "The rule catalogue"; rules/README.md says how to write one)."""

    id: RuleId
    severity: Severity
    category: Category
    title: TextModel
    why: TextModel
    fix: TextModel
    message: TextModel
    message_variants: dict[str, TextModel] = {}
    variant_column: str | None = None
    queries: Annotated[tuple[QueryModel, ...], Field(min_length=1)]
    validator: str | None = None
    aggregator: str | None = None
    personal: tuple[str, ...] = ()
    requires: Literal["min_familia_version"] | None = None
    missing_table_is_finding: bool = False

    @model_validator(mode="after")
    def _variants(self) -> RuleModel:
        if bool(self.message_variants) != bool(self.variant_column):
            raise ValueError("message_variants and variant_column go together")
        return self

    @model_validator(mode="after")
    def _no_personal_data_in_messages(self) -> RuleModel:
        texts = [("message", self.message), *((f"message_variants.{k}", v) for k, v in self.message_variants.items())]
        for index, query in enumerate(self.queries):
            if query.message is not None:
                texts.append((f"queries.{index}.message", query.message))
            texts += [(f"queries.{index}.message_variants.{k}", v) for k, v in query.message_variants.items()]
        for name, text in texts:
            shown = _shown_fields(text) & set(self.personal)
            if shown:
                raise ValueError(f"{name} shows the personal field(s) {', '.join(sorted(shown))}"
                                 " (personal data goes only in the personal columns)")
        return self

    @field_validator("validator")
    @classmethod
    def _known_validator(cls, name: str | None) -> str | None:
        if name is not None and name not in VALIDATORS:
            raise ValueError(f"unknown validator {name!r} (known: {', '.join(sorted(VALIDATORS))})")
        return name

    @field_validator("aggregator")
    @classmethod
    def _known_aggregator(cls, name: str | None) -> str | None:
        if name is not None and name not in AGGREGATORS:
            raise ValueError(f"unknown aggregator {name!r} (known: {', '.join(sorted(AGGREGATORS))})")
        return name

    @model_validator(mode="after")
    def _one_python_check(self) -> RuleModel:
        if self.validator and self.aggregator:
            raise ValueError("a rule has a validator or an aggregator, not both")
        return self


class DerivedSetModel(_Strict):
    description: str
    sql: str


class PreviewItemModel(_Strict):
    sql: str
    classifier: str | None = None

    @field_validator("classifier")
    @classmethod
    def _known_classifier(cls, name: str | None) -> str | None:
        if name is not None and name not in CLASSIFIERS:
            raise ValueError(f"unknown classifier {name!r} (known: {', '.join(sorted(CLASSIFIERS))})")
        return name


class SetsModel(_Strict):
    sets: dict[str, DerivedSetModel]
    preview: dict[Literal["children", "connections", "contractors", "organisations"], PreviewItemModel]


def describe_errors(error: ValidationError) -> str:
    """Every problem pydantic found, each with the field it is in (`queries.0.table: …`)."""
    return "; ".join(f"{'.'.join(str(p) for p in item['loc']) or '(file)'}: {item['msg']}" for item in error.errors())


def read_toml(path: Path) -> dict[str, object]:
    """A TOML file of ours (rules, sets, rule cases); RuleFileError names the file and what is wrong."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except UnicodeDecodeError as error:
        raise RuleFileError(f"{path}: not UTF-8 text (byte {error.start + 1}); save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise RuleFileError(f"{path}: not valid TOML ({str(error)[:200]})") from None
    except OSError as error:
        raise RuleFileError(f"{path}: cannot be read ({error.strerror})") from None
    except RecursionError:
        raise RuleFileError(f"{path}: values nested too deep to read") from None
    except ValueError:  # a number of more than 4,300 digits: Python will not read it
        raise RuleFileError(f"{path}: a number too long to read") from None


def read_sets(folder: Path) -> tuple[dict[str, Any], Path]:
    """sets.toml of a rule folder, validated, as plain data."""
    sets_path = folder / "sets.toml"
    if not sets_path.is_file():
        raise RuleFileError(f"{folder}: no sets.toml (the derived sets and the preview)")
    try:
        return SetsModel.model_validate(read_toml(sets_path)).model_dump(mode="json"), sets_path
    except ValidationError as error:
        raise RuleFileError(f"{sets_path}: {describe_errors(error)}") from None


def read_rules(folder: Path, origin: dict[str, Path]) -> list[dict[str, Any]]:
    """The rule files of one folder (every `*.toml` but sets.toml), validated, as plain data; each id must be new
    to `origin`, which records where each rule came from."""
    rules: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.toml")):
        if path.name == "sets.toml":
            continue
        data = read_toml(path)
        rule_id = str(data.get("id", path.stem))
        try:
            rule = RuleModel.model_validate(data)
        except ValidationError as error:
            raise RuleFileError(f"{path}, rule {rule_id}: {describe_errors(error)}") from None
        if rule.id != path.stem:
            raise RuleFileError(f"{path}, rule {rule.id}: id: must match the file name {path.stem!r}")
        if rule.id in origin:
            raise RuleFileError(
                f"{path}, rule {rule.id}: id: already used by {origin[rule.id]}",
                hint="rule ids are unique across the catalogue and every extra rule folder: rename the file and its id",
            )
        origin[rule.id] = path
        rules.append(rule.model_dump(mode="json"))
    if not rules:
        raise RuleFileError(f"{folder}: no rule files")
    return rules


def check_extra_folder(folder: Path, seen: set[Path]) -> None:
    """An extra rule folder exists, has no sets.toml of its own, and is given once."""
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
