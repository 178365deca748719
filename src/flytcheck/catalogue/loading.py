"""Loads the rule catalogue: the built-in one precompiled when it can be, any other folder from its files, checked.

The one way into a Rulebook for the rest of flytcheck. A rule folder read from its files is validated by
`rule_files` (pydantic) and every query parsed and checked by `flytcheck.sql.check` (sqlglot); the built-in folder
comes from `precompiled` while its files are those the catalogue was made from.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from flytcheck.catalogue.precompiled import load_precompiled
from flytcheck.catalogue.rulebook import Rule, Rulebook, Sets, builtin_rules_dir


def read_rulebook(folder: Path) -> Rulebook:
    """A rule folder read from its files: validated (pydantic) and every query checked (sqlglot)."""
    from flytcheck.catalogue.rule_files import read_rules, read_sets

    sets, sets_path = read_sets(folder)
    origin: dict[str, Path] = {"sets": sets_path}
    rules = [Rule.from_data(data) for data in read_rules(folder, origin)]
    rulebook = Rulebook(rules, Sets.from_data(sets), origin)
    rulebook.check()
    return rulebook


def load_rulebook(directory: Path | None = None, extra: Sequence[Path] = ()) -> Rulebook:
    """Load and check the rule files: `directory` (default: the built-in catalogue) holds `sets.toml` and one
    `<rule-id>.toml` per rule; each `extra` folder adds rule files of its own, which use the same derived sets.

    Every rule passes the same checks wherever it comes from, and ids are unique across all the folders. The
    built-in catalogue comes precompiled when its files are those it was compiled from.
    """
    folder = directory or builtin_rules_dir()
    rulebook = None
    if directory is None:
        rulebook = load_precompiled(folder)
    if rulebook is None:
        rulebook = read_rulebook(folder)
    if extra:
        from flytcheck.catalogue.rule_files import check_extra_folder, read_rules

        seen = {folder.resolve()}
        added: list[Rule] = []
        for extra_folder in extra:
            check_extra_folder(extra_folder, seen)
            added += [Rule.from_data(data) for data in read_rules(extra_folder, rulebook.origin)]
        rulebook.rules.update((rule.id, rule) for rule in added)
        rulebook.check([rule.id for rule in added])
    return rulebook
