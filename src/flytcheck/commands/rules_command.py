"""`flytcheck rules`: the catalogue, one rule a line."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from flytcheck.rulebook import load_rulebook
from flytcheck.texts import severity_name


def run(lang: str, rules_dir: Path | None, out: TextIO) -> int:
    rulebook = load_rulebook(rules_dir)
    rows = [
        (r.id, severity_name(r.severity, lang), r.category, ", ".join(dict.fromkeys(r.tables)), r.title.get(lang))
        for r in sorted(rulebook.rules.values(), key=lambda r: (-r.severity.rank, r.category, r.id))
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        out.write("  ".join([*cells, row[4]]).rstrip() + "\n")
    return 0
