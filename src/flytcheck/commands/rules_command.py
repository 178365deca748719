"""`flytcheck rules`: the catalogue, one rule a line."""

from __future__ import annotations

from typing import TextIO

from flytcheck.commands.rule_folders import RuleFolders
from flytcheck.texts import severity_name

_LOCAL = {"nb": "lokal regel", "en": "local rule"}


def run(lang: str, folders: RuleFolders, out: TextIO) -> int:
    rulebook = folders.load()
    local = _LOCAL["en" if lang == "en" else "nb"]
    rows = [
        (
            r.id, severity_name(r.severity, lang), r.category, ", ".join(dict.fromkeys(r.tables)),
            r.title.get(lang) + (f"  ({local}: {rulebook.origin[r.id].parent})" if rulebook.is_extra(r.id) else ""),
        )
        for r in sorted(rulebook.rules.values(), key=lambda r: (-r.severity.rank, r.category, r.id))
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        out.write("  ".join([*cells, row[4]]).rstrip() + "\n")
    return 0
