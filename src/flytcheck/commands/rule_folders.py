"""Which rule files a command uses: the built-in catalogue (or --rules-dir) plus the extra rule folders.

Extra folders come from --extra-rules; when none is given there, from `extra_rules` in flytcheck.toml (the command
line wins, as for every setting). Shared by scan, rules, explain, requirements and test-rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flytcheck.catalogue.loading import load_rulebook
from flytcheck.catalogue.rulebook import Rulebook
from flytcheck.config_file import extra_rule_folders, read_config


@dataclass(frozen=True)
class RuleFolders:
    """The rule folders asked for on the command line, and the configuration file that may add extra ones."""

    rules_dir: Path | None = None
    extra: tuple[Path, ...] = ()
    config: Path | None = None

    def load(self) -> Rulebook:
        """The rulebook, with the extra folders of the configuration file (./flytcheck.toml or --config)."""
        config, config_path = read_config(self.config)
        return self.load_with(config, config_path)

    def load_with(self, config: dict[str, Any], config_path: Path | None) -> Rulebook:
        """The rulebook, with the extra folders of a configuration already read."""
        return load_rulebook(self.rules_dir, self.extra or extra_rule_folders(config, config_path))
