"""The scan's options: defaults, then flytcheck.toml, then the command line (which wins), validated by pydantic."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from flytcheck.config_file import (  # re-exported: the options and the file they come from go together
    CONFIG_NAME,
    CONNECTION_ROLES,
    CONTRACTOR_ROLES,
    RULE_KEYS,
    extra_rule_folders,
    read_config,
)
from flytcheck.errors import NAMES_SHOWN, ConfigError
from flytcheck.guard import default_language
from flytcheck.model import Severity

DEFAULT_STATEMENT_TIMEOUT = 600.0
"""Seconds one query may run before the scan stops with exit 2 (--statement-timeout), on every backend: SQLite
(checked by flytcheck while the query runs), PostgreSQL (`statement_timeout`) and SQL Server (the ODBC query
timeout). A query of the largest service takes seconds (docs/benchmarks.md); one that runs for ten minutes is a
view that never ends or a copy gone wrong, and a nightly job must not hang on it."""

RoleCode = Annotated[str, Field(min_length=1, max_length=3, pattern=r"^[A-ZÆØÅ]{1,3}$")]


class ScanOptions(BaseModel):
    """Everything a scan depends on besides the source and the rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cutover: date = Field(default_factory=date.today)
    min_familia_version: Decimal | None = None
    connection_roles: tuple[RoleCode, ...] = CONNECTION_ROLES
    contractor_roles: tuple[RoleCode, ...] = CONTRACTOR_ROLES
    fail_on: Severity = Severity.BLOCKER
    lang: Literal["nb", "en"] = Field(default_factory=lambda: default_language())  # type: ignore[arg-type]
    accept_synthetic: bool = False
    """Accept Tenor synthetic identity numbers as valid (demo and test environments only)."""
    show_personal_data: bool = False
    disabled_rules: frozenset[str] = frozenset()
    schema_name: str | None = Field(default=None, alias="schema")
    timeout: Annotated[float, Field(gt=0, le=600)] = 15.0
    statement_timeout: Annotated[float, Field(gt=0)] = DEFAULT_STATEMENT_TIMEOUT
    lock_timeout: Annotated[float, Field(gt=0, le=3600)] = 10.0
    """SQL Server: seconds a query may wait for a caseworker's lock before the scan stops (exit 2)."""
    now: datetime | None = None
    """The scan time; fixed in tests so golden files are stable."""

    @field_validator("connection_roles", "contractor_roles", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [v for v in value.split(",") if v.strip()]
        return tuple(str(v).strip().upper() for v in value) if isinstance(value, list | tuple) else value

    @field_validator("min_familia_version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> Any:
        return str(value) if isinstance(value, float | int) else value

    @field_validator("fail_on", mode="before")
    @classmethod
    def _severity_word(cls, value: Any) -> Any:
        """`blokkerende`, `advarsel` (`advarsler`) and `info`, the words the reports show, as well as the English."""
        if isinstance(value, str):
            return SEVERITY_WORDS.get(value.strip().casefold(), value)
        return value


SEVERITY_WORDS = {
    **{severity.value: severity for severity in Severity},
    "blokkerende": Severity.BLOCKER, "advarsel": Severity.WARNING, "advarsler": Severity.WARNING,
}
"""The words `--fail-on` and `fail_on` accept, in either language."""

_OPTION_NAMES = {"disabled_rules": "--disable", "schema": "--schema", "now": "--now"}
"""Settings whose command-line option is not the setting's name with dashes."""

_CHOICES = {"lang": "nb, en", "fail_on": "blocker, warning, info (blokkerende, advarsel, info)"}
_KIND = {
    "date": "{value} is not a date (use YYYY-MM-DD)",
    "decimal": "{value} is not a version number (e.g. 8.4)",
    "float": "{value} is not a number",
    "int": "{value} is not a whole number",
    "bool": "{value} is not true or false",
    "string_pattern": "{value} is not a role code (one to three capital letters)",
    "greater_than": "{value} must be more than {limit}",
    "less_than_equal": "{value} must be at most {limit}",
    "string_type": "{value} is not text",
}


def _problem(item: Any) -> str:
    """One pydantic error in flytcheck's words (never pydantic's): what the value is not."""
    key = str(item["loc"][0]) if item["loc"] else ""
    value = repr(item.get("input"))
    kind = str(item.get("type", ""))
    if key in _CHOICES:
        return f"{value} is not one of {_CHOICES[key]}"
    if key in ("connection_roles", "contractor_roles") and len(item["loc"]) > 1:
        return f"{value} is not a role code (one to three capital letters)"
    context = item.get("ctx") or {}
    limit = context.get("gt", context.get("le", ""))
    limit = f"{limit:g}" if isinstance(limit, int | float) else limit
    for prefix, text in _KIND.items():
        if kind.startswith(prefix):
            return text.format(value=value, limit=limit)
    if key in ("connection_roles", "contractor_roles"):
        return f"{value} is not a list of role codes"
    if key == "disabled_rules":
        return f"{value} is not a list of rule ids"
    return f"{value} is not a valid value"


def _describe(error: ValidationError, config_path: Path | None, from_cli: set[str]) -> str:
    """Each problem named where the value came from: the option (`--lang`) or the file and key (`lang`)."""
    parts = []
    problems = error.errors()
    for item in problems[:NAMES_SHOWN]:  # 200,000 bad role codes are one problem to fix, not 16 MB of text
        key = str(item["loc"][0]) if item["loc"] else ""
        if key in from_cli:
            parts.append(f"{_OPTION_NAMES.get(key, '--' + key.replace('_', '-'))}: {_problem(item)}")
        else:
            field = ".".join(str(p) for p in item["loc"])
            parts.append(f"{config_path or 'options'}: {field}: {_problem(item)}")
    if len(problems) > NAMES_SHOWN:  # the count first: a long line is cut at its end (flytcheck.guard)
        return f"{len(problems)} problems, the first {NAMES_SHOWN}: " + "; ".join(parts)
    return "; ".join(parts)


def build_options(config: dict[str, Any], config_path: Path | None, **cli: Any) -> ScanOptions:
    """Merge the configuration file and the command line (given values win) and validate the result."""
    config = {k: v for k, v in config.items() if k not in RULE_KEYS}
    given = {k: v for k, v in cli.items() if v is not None}
    try:
        # The file on its own first: a wrong value in it is an error even on a night the command line overrides it.
        ScanOptions.model_validate(config)
    except ValidationError as error:
        raise ConfigError(_describe(error, config_path, set())) from None
    try:
        return ScanOptions.model_validate({**config, **given})
    except ValidationError as error:
        raise ConfigError(_describe(error, config_path, set(given))) from None


__all__ = [
    "CONFIG_NAME", "CONNECTION_ROLES", "CONTRACTOR_ROLES", "ScanOptions", "build_options", "extra_rule_folders",
    "read_config",
]
