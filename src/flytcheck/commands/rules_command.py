"""`flytcheck rules`: the catalogue, one rule a row under a header row, the title in the chosen language first,
fitted to the terminal's width (titles and tables wrapped, or one block per rule on a narrow terminal)."""

from __future__ import annotations

from typing import TextIO

from flytcheck.catalogue.categories import category_name
from flytcheck.commands.rule_folders import RuleFolders
from flytcheck.text_table import table, terminal_width
from flytcheck.texts import severity_name

_LOCAL = {"nb": "lokal regel", "en": "local rule"}
_HEADER = {"nb": ("Hva regelen finner", "Regel", "Alvorlighet", "Kategori", "Tabeller"),
           "en": ("What the rule finds", "Rule", "Severity", "Category", "Tables")}


def run(lang: str, folders: RuleFolders, out: TextIO, width: int | None = None) -> int:
    rulebook = folders.load()
    lang = "en" if lang == "en" else "nb"
    rows = [
        (
            r.title.get(lang) + (f" ({_LOCAL[lang]}: {rulebook.origin[r.id].parent})" * rulebook.is_extra(r.id)),
            r.id, severity_name(r.severity, lang), category_name(r.category, lang), ", ".join(dict.fromkeys(r.tables)),
        )
        for r in sorted(rulebook.rules.values(), key=lambda r: (-r.severity.rank, r.category, r.id))
    ]
    for line in table(_HEADER[lang], rows, width or terminal_width(), wrap=(4, 0), least=30):
        out.write(line + "\n")
    return 0
