"""Plain-text tables that fit a width: columns side by side under a header row, the long text columns wrapped on
their words; or, when even that does not fit, two lines a row (the first cell, then the others joined by ` · `),
under a header of the same shape. No cell is ever cut. Light (textwrap only), so `flytcheck rules` starts at once."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence

GAP = "  "


def terminal_width(default: int = 80) -> int:
    """The terminal's width (COLUMNS first), or `default` when there is none."""
    return shutil.get_terminal_size((default, 24)).columns


def _wrapped(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=True) or [""]


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], width: int, *, wrap: Sequence[int] = (), least: int = 20
) -> list[str]:
    """The lines of a table of `rows` under `header` within `width`: the `wrap` columns (in that order) narrowed
    to no less than `least` with their text wrapped; stacked rows when the columns do not fit side by side."""
    count = len(header)
    widths = [max(len(str(cell)) for cell in [header[i], *(row[i] for row in rows)]) for i in range(count)]
    excess = sum(widths) + len(GAP) * (count - 1) - width
    for column in wrap:
        if excess <= 0:
            break
        cut = min(excess, max(widths[column] - max(least, len(header[column])), 0))
        widths[column] -= cut
        excess -= cut
    if excess > 0:
        return stacked(header, rows, width)
    lines = []
    for row in [header, *rows]:
        pairs = enumerate(zip(row, widths, strict=True))
        cells = [_wrapped(str(cell), w) if i in wrap else [str(cell)] for i, (cell, w) in pairs]
        for depth in range(max(len(cell) for cell in cells)):
            parts = [(cell[depth] if depth < len(cell) else "").ljust(w) for cell, w in zip(cells, widths, strict=True)]
            lines.append(GAP.join(parts).rstrip())
    return lines


def stacked(header: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """Each row in two parts, the header too: its first cell, then the other cells joined by ` · `, indented and
    wrapped."""
    lines = []
    for row in [header, *rows]:
        lines += _wrapped(str(row[0]), width)
        lines += textwrap.wrap(" · ".join(str(cell) for cell in row[1:]), width, initial_indent="  ",
                               subsequent_indent="    ", break_on_hyphens=False, break_long_words=True)
    return lines
