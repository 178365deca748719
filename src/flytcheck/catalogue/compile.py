"""Makes the precompiled catalogue (catalogue.json) from the built-in rule files.

Run `python -m flytcheck.catalogue.compile` after changing rules/ (or `pytest --update-golden`).

A build step, not part of a scan: it reads and checks every rule file the slow way (pydantic, sqlglot) and writes
every query compiled for every backend. tests/test_catalogue.py fails when the shipped file is stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flytcheck.catalogue.loading import read_rulebook
from flytcheck.catalogue.precompiled import CATALOGUE, FORMAT, digest
from flytcheck.catalogue.rulebook import builtin_rules_dir
from flytcheck.sql.compiler import DIALECTS


def precompile(folder: Path) -> dict[str, Any]:
    """The catalogue of a rule folder, read and checked the slow way, every query compiled for every backend."""
    from flytcheck.catalogue.rule_files import read_rules, read_sets

    sets, _ = read_sets(folder)
    rules = read_rules(folder, {"sets": folder / "sets.toml"})
    rulebook = read_rulebook(folder)
    texts = rulebook.all_sql()
    return {
        "format": FORMAT,
        "digest": digest(folder),
        "rules": rules,
        "sets": sets,
        "reads": {
            sql: {"columns": {t: sorted(c) for t, c in sorted(reads.columns.items())}, "sets": sorted(reads.sets)}
            for sql in texts for reads in [rulebook.reads(sql)]
        },
        "templates": {sql: {dialect: rulebook.template(sql, dialect) for dialect in DIALECTS} for sql in texts},
    }


def write_precompiled(folder: Path | None = None, catalogue: Path = CATALOGUE) -> None:
    data = precompile(folder or builtin_rules_dir())
    catalogue.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":  # python -m flytcheck.catalogue.compile: remake catalogue.json after changing rules/
    write_precompiled()
    print(f"wrote {CATALOGUE}")
