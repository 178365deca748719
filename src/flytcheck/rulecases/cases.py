"""Rule cases as values: the case-file schema (pydantic), the identity-number placeholders, and loading.

Reads case files and makes the numbers its placeholders stand for; never connects to a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from flytcheck.catalogue.rule_files import describe_errors, read_toml
from flytcheck.catalogue.rulebook import Rulebook, builtin_rules_dir
from flytcheck.errors import RuleFileError
from flytcheck.settings import ScanOptions
from flytcheck.sql import familia
from flytcheck.synth.ids import check_digits

DEFAULT_CUTOVER = date(2026, 5, 22)
"""The cut-over of a case that names none: fixed, so that a case gives the same answer in every year."""
CASES_FOLDER = "cases"
"""The cases of a rule folder live in this subfolder of it (rules/cases/ for the built-in catalogue)."""
PreviewLine = Literal["children", "connections", "contractors", "organisations"]


def builtin_cases_dir() -> Path:
    """The cases of the built-in catalogue, shipped beside its rules."""
    return builtin_rules_dir() / CASES_FOLDER


@dataclass(frozen=True)
class RuleCase:
    """One case of one rule, its placeholders replaced."""

    rule: str
    name: str
    data: dict[str, list[dict[str, Any]]]
    expect: list[str]
    options: dict[str, Any] = field(default_factory=dict)
    expect_preview: dict[str, list[int]] = field(default_factory=dict)
    expect_caseworkers: list[str] | None = None
    expect_kommuner: list[str] | None = None
    expect_messages: list[str] | None = None
    """The bokmål messages of the rule's findings (any order)."""
    expect_personal: list[dict[str, str]] | None = None
    """The personal fields of the rule's findings (any order; only shown with show_personal_data)."""
    drop_tables: list[str] = field(default_factory=list)
    drop_columns: dict[str, list[str]] = field(default_factory=dict)
    """Columns the case's database lacks (an older Familia, or a copy without the optional ones)."""
    skipped: bool = False
    path: Path | None = None
    """The case file it came from."""

    @property
    def id(self) -> str:
        return f"{self.rule}::{self.name}"


class _Case(BaseModel):
    """The schema of one `[[cases]]` table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1)]
    expect: list[Annotated[str, Field(pattern=r"^[A-Z_]+:")]]
    data: dict[str, list[dict[str, Any]]] = {}
    cutover: date | None = None
    min_familia_version: str | float | None = None
    accept_synthetic: bool | None = None
    show_personal_data: bool | None = None
    connection_roles: list[str] | None = None
    contractor_roles: list[str] | None = None
    expect_preview: dict[PreviewLine, tuple[int, int]] = {}
    expect_caseworkers: list[str] | None = None
    expect_kommuner: list[str] | None = None
    expect_messages: list[str] | None = None
    expect_personal: list[dict[str, str]] | None = None
    drop_tables: list[str] = []
    drop_columns: dict[str, list[str]] = {}
    skipped: bool = False

    @model_validator(mode="after")
    def _known_names(self) -> _Case:
        tables = [*self.data, *self.drop_tables, *self.drop_columns, *(e.partition(":")[0] for e in self.expect)]
        unknown = sorted({t for t in tables if t not in familia.TABLES})
        if unknown:
            raise ValueError(f"unknown Familia table(s) {', '.join(unknown)}")
        for table, rows in self.data.items():
            columns = familia.TABLES[table].columns
            for index, row in enumerate(rows):
                for column, value in row.items():
                    if column not in columns:
                        raise ValueError(f"data.{table}[{index}]: unknown column {column!r}")
                    if columns[column] is familia.ColumnType.DATE and not _is_date(value):
                        raise ValueError(f"data.{table}[{index}].{column}: not a date (use YYYY-MM-DD)")
        return self

    def options(self) -> dict[str, Any]:
        names = (
            "cutover", "min_familia_version", "accept_synthetic", "show_personal_data", "connection_roles",
            "contractor_roles",
        )
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}


def _is_date(value: Any) -> bool:
    if isinstance(value, date) or value is None or value == "":
        return True
    try:
        datetime.fromisoformat(str(value))
    except ValueError:
        return False
    return True


# --- placeholders -------------------------------------------------------------------------------------------

_PLACEHOLDERS = (
    "@fnr:DATE", "@dnr:DATE", "@tenor:DATE", "@personnr", "@personnr:DATE", "@personnr0", "@tenor-personnr"
)


def case_number(birth: date, kind: str = "fnr", *, low: bool = False, start: int = 0) -> str:
    """A valid number for `birth`: kind fnr, dnr (day + 40) or tenor (month + 80); `low`: individnummer below 100.

    The individnummer is the first that gives valid check digits, from `start` on within the series of the year.
    """
    day = birth.day + (40 if kind == "dnr" else 0)
    month = birth.month + (80 if kind == "tenor" else 0)
    prefix = f"{day:02d}{month:02d}{birth.year % 100:02d}"
    series = _individ_range(birth.year, low)
    for offset in range(len(series)):
        individ = series[(start + offset) % len(series)]
        digits = check_digits(f"{prefix}{individ:03d}")
        if digits:
            return f"{prefix}{individ:03d}{digits}"
    raise ValueError(f"no valid number for {birth}")


def _individ_range(year: int, low: bool = False) -> range:
    if 1900 <= year <= 1999:
        return range(0, 100) if low else range(100, 500)
    if 2000 <= year <= 2039:
        return range(500, 1000)
    if 1854 <= year <= 1899:
        return range(500, 750)
    raise ValueError(f"no individnummer series for the year {year} (use 1854-2039)")


def _resolve(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """The row with its placeholders replaced; ValueError names the column."""
    resolved = dict(row)
    for column, value in row.items():
        if not (isinstance(value, str) and value.startswith("@")):
            continue
        kind, _, argument = value[1:].partition(":")
        try:
            if kind in ("personnr", "personnr0", "tenor-personnr"):
                if argument:  # `@personnr:2012-03-04`: the personnummer of another birth date's number
                    birth = date.fromisoformat(argument)
                elif "KLI_FOEDSELSDATO" not in row:
                    raise ValueError("needs KLI_FOEDSELSDATO in the same row")
                else:
                    birth = datetime.fromisoformat(str(row["KLI_FOEDSELSDATO"])).date()
                # Familia keeps the real birth date; a Tenor child's number has month + 80 (see docs/criteria.md)
                number = case_number(birth, "tenor" if kind == "tenor-personnr" else "fnr", low=kind == "personnr0")
                resolved[column] = int(number[6:])
            elif kind in ("fnr", "dnr", "tenor"):
                number = case_number(date.fromisoformat(argument), kind)
                integer = familia.column_type(table, column) is familia.ColumnType.INTEGER
                resolved[column] = int(number) if integer else number
            else:
                raise ValueError(f"unknown placeholder (known: {', '.join(_PLACEHOLDERS)})")
        except ValueError as error:
            raise ValueError(f"data.{table}.{column}: {value}: {error}") from None
    return resolved


# --- loading ------------------------------------------------------------------------------------------------


def _cases_of(path: Path) -> list[RuleCase]:
    document = read_toml(path)
    cases = document.get("cases")
    if set(document) != {"cases"} or not isinstance(cases, list) or not cases:
        hint = (
            "this looks like a rule file: case files live in a folder of their own, such as the rule folder's cases/"
            if "queries" in document
            else "a case file holds [[cases]] tables and nothing else (see rules/README.md)"
        )
        raise RuleFileError(f"{path}: not a case file", hint=hint)
    loaded: list[RuleCase] = []
    for number, raw in enumerate(cases, 1):
        name = raw.get("name") if isinstance(raw, dict) else None
        where = f"{path}, case {name!r}" if isinstance(name, str) and name else f"{path}, case {number}"
        try:
            spec = _Case.model_validate(raw)
            data = {table: [_resolve(table, row) for row in rows] for table, rows in spec.data.items()}
        except ValidationError as error:
            raise RuleFileError(f"{where}: {describe_errors(error)}") from None
        except ValueError as error:
            raise RuleFileError(f"{where}: {error}") from None
        case = RuleCase(
            rule=path.stem, name=spec.name, data=data, expect=list(spec.expect), options=spec.options(),
            expect_preview={k: list(v) for k, v in spec.expect_preview.items()},
            expect_caseworkers=spec.expect_caseworkers, expect_kommuner=spec.expect_kommuner,
            expect_messages=spec.expect_messages, expect_personal=spec.expect_personal,
            drop_tables=list(spec.drop_tables),
            drop_columns={t: list(c) for t, c in spec.drop_columns.items()}, skipped=spec.skipped, path=path,
        )
        try:
            options_for(case)
        except ValidationError as error:
            raise RuleFileError(f"{where}: {describe_errors(error)}") from None
        if any(c.name == case.name for c in loaded):
            raise RuleFileError(f"{where}: name: another case in the file has the same name")
        loaded.append(case)
    return loaded


def load_cases(folder: Path | None = None) -> list[RuleCase]:
    """Every case of every `<rule-id>.toml` in `folder` (default: the built-in cases), in file order."""
    folder = folder or builtin_cases_dir()
    if not folder.is_dir():
        raise RuleFileError(f"{folder}: not a folder of rule cases")
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise RuleFileError(f"{folder}: no case files (<rule-id>.toml)")
    return [case for path in paths for case in _cases_of(path)]


def check_rules_known(cases: Sequence[RuleCase], rulebook: Rulebook) -> None:
    """Every case is for a rule of the rulebook; RuleFileError names the case file otherwise."""
    for case in cases:
        if case.rule not in rulebook.rules:
            raise RuleFileError(
                f"{case.path or case.rule}: no rule {case.rule!r} in the catalogue or the extra rule folders",
                hint="a case file is named after its rule; give the rule's folder with --extra-rules",
            )


def options_for(case: RuleCase) -> ScanOptions:
    return ScanOptions.model_validate({"cutover": DEFAULT_CUTOVER, **case.options})
