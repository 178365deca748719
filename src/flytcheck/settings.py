"""The scan's options: defaults, then flytcheck.toml, then the command line (which wins), validated by pydantic."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from flytcheck.errors import ConfigError
from flytcheck.model import Severity

CONNECTION_ROLES = ("MOR", "FAR", "SØS", "FMO", "FFA", "VRG")
CONTRACTOR_ROLES = ("BRH", "BSH", "STØ", "TSF", "MJØ")
CONFIG_NAME = "flytcheck.toml"

RoleCode = Annotated[str, Field(min_length=1, max_length=3, pattern=r"^[A-ZÆØÅ]{1,3}$")]


class ScanOptions(BaseModel):
    """Everything a scan depends on besides the source and the rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cutover: date = Field(default_factory=date.today)
    min_familia_version: Decimal | None = None
    connection_roles: tuple[RoleCode, ...] = CONNECTION_ROLES
    contractor_roles: tuple[RoleCode, ...] = CONTRACTOR_ROLES
    fail_on: Severity = Severity.BLOCKER
    lang: Literal["nb", "en"] = "nb"
    accept_synthetic: bool = False
    """Accept Tenor synthetic identity numbers as valid (demo and test environments only)."""
    show_personal_data: bool = False
    disabled_rules: frozenset[str] = frozenset()
    schema_name: str | None = Field(default=None, alias="schema")
    timeout: Annotated[float, Field(gt=0, le=600)] = 15.0
    statement_timeout: Annotated[float, Field(gt=0)] | None = None
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


_RULE_KEYS = {"extra_rules"}
"""Settings that choose the rules rather than the scan (see `extra_rule_folders`)."""
_CONFIG_KEYS = {
    "cutover", "min_familia_version", "connection_roles", "contractor_roles", "fail_on", "lang",
    "accept_synthetic", "disabled_rules", "schema", "timeout", "statement_timeout", "lock_timeout", *_RULE_KEYS,
}


_OPTION_NAMES = {"disabled_rules": "--disable", "schema": "--schema", "now": "--now"}
"""Settings whose command-line option is not the setting's name with dashes."""


def _describe(error: ValidationError, config_path: Path | None, from_cli: set[str]) -> str:
    """Each problem named where the value came from: the option (`--lang`) or the file and key (`lang`)."""
    parts = []
    for item in error.errors():
        key = str(item["loc"][0]) if item["loc"] else ""
        field = ".".join(str(p) for p in item["loc"])
        if key in from_cli:
            parts.append(f"{field}: {item['msg']} (given as {_OPTION_NAMES.get(key, '--' + key.replace('_', '-'))})")
        else:
            parts.append(f"{config_path or 'options'}: {field}: {item['msg']}")
    return "; ".join(parts)


def read_config(path: Path | None) -> tuple[dict[str, Any], Path | None]:
    """The settings of flytcheck.toml (the given file, or ./flytcheck.toml when present)."""
    if path is None:
        candidate = Path.cwd() / CONFIG_NAME
        if not candidate.is_file():
            return {}, None
        path = candidate
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a configuration file") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text (byte {error.start + 1}); save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    unknown = sorted(set(data) - _CONFIG_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)} (known: {', '.join(sorted(_CONFIG_KEYS))})")
    return data, path


def extra_rule_folders(config: dict[str, Any], config_path: Path | None) -> tuple[Path, ...]:
    """`extra_rules = ["lokale-regler", …]`: folders of local rules, relative to the configuration file's folder."""
    folders = config.get("extra_rules", [])
    if not isinstance(folders, list) or not all(isinstance(f, str) and f.strip() for f in folders):
        raise ConfigError(
            f"{config_path}: extra_rules: expected a list of folders", hint='e.g. extra_rules = ["lokale-regler"]'
        )
    base = config_path.parent if config_path is not None else Path.cwd()
    return tuple(base / folder for folder in folders)


def build_options(config: dict[str, Any], config_path: Path | None, **cli: Any) -> ScanOptions:
    """Merge the configuration file and the command line (given values win) and validate the result."""
    config = {k: v for k, v in config.items() if k not in _RULE_KEYS}
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
