"""What a scan runs with besides its source: flytcheck.toml and the command line merged, and the rulebook.

Shared by `scan` and `doctor`, so that both find and read the configuration the same way and check the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flytcheck.catalogue.rulebook import Rulebook
from flytcheck.commands.rule_folders import RuleFolders
from flytcheck.errors import ConfigError
from flytcheck.guard import set_language
from flytcheck.settings import ScanOptions, build_options, read_config
from flytcheck.sources.open import demo_folder


@dataclass(frozen=True)
class ScanSettings:
    """The validated options, the rulebook, and the configuration file they came from (None: defaults only)."""

    options: ScanOptions
    rulebook: Rulebook
    config_path: Path | None
    cutover_configured: bool = True
    """Whether a cut-over date was given (--cutover or `cutover` in the file); without one, today stands in."""


def load_settings(
    cli: dict[str, Any],
    *,
    config: Path | None = None,
    demo: bool = False,
    rules_dir: Path | None = None,
    extra_rules: tuple[Path, ...] = (),
    source: str | None = None,
) -> ScanSettings:
    """The configuration file (--config, FLYTCHECK_CONFIG, beside the source or the current folder: see
    `flytcheck.config_file`), the demo's own settings under it, the command line on top; then the rules, with every
    rule id to disable checked against them. Messages are in the configuration's language from here on."""
    settings, config_path = read_config(config, None if demo else source)
    set_language(settings.get("lang") if cli.get("lang") is None else cli["lang"])
    if demo:
        demo_config, _ = read_config(demo_folder() / "flytcheck.toml")
        settings = {**demo_config, **settings}
        config_path = config_path or demo_folder() / "flytcheck.toml"
    options = build_options(settings, config_path, **cli)
    rulebook = RuleFolders(rules_dir, extra_rules).load_with(settings, config_path)
    _check_rule_ids(rulebook, settings, config_path, cli)
    configured = "cutover" in settings or cli.get("cutover") is not None
    return ScanSettings(options, rulebook, config_path, configured)


def _check_rule_ids(rulebook: Rulebook, config: dict[str, Any], config_path: Path | None, cli: dict[str, Any]) -> None:
    """A rule id to disable that is not in the catalogue is a typo: stop, naming it, rather than run it after all."""
    known = set(rulebook.rules)
    given = [("--disable", cli.get("disabled_rules"))]
    if config_path is not None:
        given.insert(0, (f"{config_path}: disabled_rules", config.get("disabled_rules")))
    for origin, rule_ids in given:
        unknown = sorted(set(rule_ids or ()) - known)
        if unknown:
            raise ConfigError(
                f"{origin}: unknown rule(s) {', '.join(unknown)}", hint="`flytcheck rules` lists the rule ids"
            )
