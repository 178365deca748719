"""flytcheck.toml: finding and reading the file, its known keys, and the rule folders it names.

Every command reads it (`rules`, `explain` and `requirements` too, for `extra_rules`), so this module is light:
tomllib only. The values are checked as the scan's options by `flytcheck.settings` (pydantic), which a scan loads.

Where the file is found, first match wins, so that a scheduled job finds it whatever its working folder is:
`--config FILE`; the `FLYTCHECK_CONFIG` environment variable; `flytcheck.toml` beside the SQLite file, or inside the
CSV folder, that is scanned; `flytcheck.toml` in the current folder. A file named by `--config` or
`FLYTCHECK_CONFIG` must exist; the others are used when they do.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from flytcheck.errors import ConfigError, some_of

CONFIG_NAME = "flytcheck.toml"
CONNECTION_ROLES = ("MOR", "FAR", "SØS", "FMO", "FFA", "VRG")
CONTRACTOR_ROLES = ("BRH", "BSH", "STØ", "TSF", "MJØ")

RULE_KEYS = frozenset({"extra_rules"})
"""Settings that choose the rules rather than the scan (see `extra_rule_folders`)."""
CONFIG_KEYS = frozenset({
    "cutover", "min_familia_version", "connection_roles", "contractor_roles", "fail_on", "lang",
    "accept_synthetic", "disabled_rules", "schema", "timeout", "statement_timeout", "lock_timeout", *RULE_KEYS,
})


CONFIG_VARIABLE = "FLYTCHECK_CONFIG"
"""The environment variable naming the configuration file (a scheduled task's, whatever its working folder)."""


def _source_folder(source: str | None) -> Path | None:
    """The folder a file source lies in, or a CSV folder itself; None for a database URL or no source."""
    if not source or "://" in source:
        return None
    path = Path(source)
    return path if path.is_dir() else path.parent


def candidates(source: str | None = None) -> list[Path]:
    """The places looked in for flytcheck.toml when neither --config nor FLYTCHECK_CONFIG names one, in order."""
    folder = _source_folder(source)
    places = [folder / CONFIG_NAME] if folder is not None else []
    here = Path.cwd() / CONFIG_NAME
    return places + ([here] if here.resolve() not in {p.resolve() for p in places} else [])


def find_config(path: Path | None, source: str | None = None) -> Path | None:
    """The configuration file to read: --config, FLYTCHECK_CONFIG, beside the source, the current folder."""
    if path is not None:
        return path
    named = os.environ.get(CONFIG_VARIABLE, "").strip()
    if named:
        return Path(named)
    return next((candidate for candidate in candidates(source) if candidate.is_file()), None)


def read_config(path: Path | None, source: str | None = None) -> tuple[dict[str, Any], Path | None]:
    """The settings of flytcheck.toml (as `find_config` finds it) and the file they came from ({}, None if none)."""
    path = find_config(path, source)
    if path is None:
        return {}, None
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
        raise ConfigError(f"{path}: not valid TOML ({str(error)[:200]})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not a flytcheck configuration (values nested too deep to read)") from None
    except ValueError:  # a number of more than 4,300 digits: Python will not read it
        raise ConfigError(f"{path}: not a flytcheck configuration (a number too long to read)") from None
    unknown = sorted(set(data) - CONFIG_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {some_of(unknown)} (known: {', '.join(sorted(CONFIG_KEYS))})")
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
