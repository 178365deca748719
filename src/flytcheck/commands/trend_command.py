"""`flytcheck trend HISTORY`: the runs of a history towards the cut-over, in the terminal and optionally as a chart.

It follows one scope (tracking.follow): the full runs, or the runs of one `--only` selection, never both mixed.
Everything that can stop it (a bad option, a missing matplotlib for a PNG, an unreadable history) stops it before it
prints or writes anything."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from flytcheck.catalogue.categories import category_named
from flytcheck.errors import FlytcheckError
from flytcheck.outputs import write_private
from flytcheck.printable import for_terminal
from flytcheck.texts import t
from flytcheck.tracking import trend_chart
from flytcheck.tracking.follow import follow
from flytcheck.tracking.history import read_runs


def run(
    history: Path, chart: Path | None, cutover: date | None, lang: str, out: TextIO, only: tuple[str, ...] = ()
) -> int:
    if lang not in ("nb", "en"):
        raise FlytcheckError(f"--lang: {lang!r} is not one of nb, en")
    suffix = chart.suffix.lower() if chart else ""
    if chart is not None and suffix not in (".svg", ".png"):
        raise FlytcheckError(f"--chart: {chart} must end in .svg or .png")
    if suffix == ".png":
        trend_chart.require_matplotlib()
    runs = read_runs(history)
    if not runs:
        raise FlytcheckError(f"{history}: the history holds no runs yet")
    followed = follow(runs, tuple(category_named(name) or name.strip() for name in only))
    image = trend_chart.png(followed.runs, cutover, lang) if suffix == ".png" else None
    out.write(trend_chart.scope_lines(followed, lang))
    out.write(trend_chart.terminal(followed.runs, cutover, lang))
    if chart is not None:
        if image is None:
            drawing = trend_chart.svg(followed.runs, cutover, lang)
            write_private(chart, lambda handle: _write_text(handle, drawing))
        else:
            png = image
            write_private(chart, lambda handle: _write_bytes(handle, png))
        out.write(t("chart_written", lang, path=for_terminal(str(chart))) + "\n")
    return 0


def _write_text(handle: TextIO, text: str) -> None:
    handle.write(text)


def _write_bytes(handle: TextIO, data: bytes) -> None:
    handle.flush()
    handle.buffer.write(data)
