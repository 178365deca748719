"""`flytcheck trend HISTORY`: the runs of a history towards the cut-over, in the terminal and optionally as a chart."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from flytcheck.errors import FlytcheckError
from flytcheck.outputs import write_private
from flytcheck.printable import for_terminal
from flytcheck.texts import t
from flytcheck.tracking import trend_chart
from flytcheck.tracking.history import read_runs


def run(history: Path, chart: Path | None, cutover: date | None, lang: str, out: TextIO) -> int:
    if lang not in ("nb", "en"):
        raise FlytcheckError(f"--lang: {lang!r} is not one of nb, en")
    suffix = chart.suffix.lower() if chart else ""
    if chart is not None and suffix not in (".svg", ".png"):
        raise FlytcheckError(f"--chart: {chart} must end in .svg or .png")
    runs = read_runs(history)
    if not runs:
        raise FlytcheckError(f"{history}: the history holds no runs yet")
    out.write(trend_chart.terminal(runs, cutover, lang))
    if chart is not None:
        if suffix == ".svg":
            drawing = trend_chart.svg(runs, cutover, lang)
            write_private(chart, lambda handle: _write_text(handle, drawing))
        else:
            image = trend_chart.png(runs, cutover, lang)
            write_private(chart, lambda handle: _write_bytes(handle, image))
        out.write(t("chart_written", lang, path=for_terminal(str(chart))) + "\n")
    return 0


def _write_text(handle: TextIO, text: str) -> None:
    handle.write(text)


def _write_bytes(handle: TextIO, data: bytes) -> None:
    handle.flush()
    handle.buffer.write(data)
