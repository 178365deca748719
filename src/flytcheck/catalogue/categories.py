"""The rule categories: their ids (rule files, JSON, `--only archive`) and their names in bokmål and English.

One entry per category, in the catalogue's order (the order of the workbook's sheets): a new category is one line
here. The names are what every human-readable output shows (CSV, workbook, HTML, `rules`, `explain`, JUnit) and
what `--only` accepts besides the id (`--only arkiv`, `--only "journal og post"`).
"""

from __future__ import annotations

import re

CATEGORY_NAMES: dict[str, tuple[str, str]] = {
    "children": ("Barn", "Children"),
    "connections": ("Forbindelser", "Connections"),
    "contractors": ("Oppdragstakere", "Contractors"),
    "organisations": ("Organisasjoner", "Organisations"),
    "reminders": ("Huskelapper", "Reminders"),
    "records": ("Journal og post", "Records"),
    "archive": ("Arkiv", "Archive"),
    "system": ("System", "System"),
    "register": ("Barnevernsregisteret", "National register"),
}
"""Category id -> (bokmål name, English name)."""

CATEGORIES: tuple[str, ...] = tuple(CATEGORY_NAMES)

_SEPARATORS = re.compile(r"[\s_-]+")


def category_name(category: str, lang: str) -> str:
    """The category's name in `lang` (its id when it is not one of ours)."""
    names = CATEGORY_NAMES.get(category)
    if names is None:
        return category
    return names[1] if lang == "en" else names[0]


def _folded(text: str) -> str:
    return _SEPARATORS.sub(" ", text.strip()).casefold()


def category_named(word: str) -> str | None:
    """The category a user's word names (`archive`, `Arkiv`, `journal-og-post`), or None."""
    wanted = _folded(word)
    for category, (nb, en) in CATEGORY_NAMES.items():
        if wanted in (_folded(category), _folded(nb), _folded(en)):
            return category
    return None
