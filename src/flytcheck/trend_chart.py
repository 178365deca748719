"""Draws the history: blockers and warnings per run towards the cut-over, and the daily rate needed to reach zero.

Three drawings of the same numbers: text for the terminal, SVG drawn by hand (self-contained, inlined in the HTML
report), and PNG through matplotlib when it is installed. Pure functions of the runs; never reads or writes files.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html import escape

from flytcheck.errors import FlytcheckError
from flytcheck.model import Run
from flytcheck.texts import t
from flytcheck.values import format_date

BLOCKER_COLOUR = "#c0392b"
WARNING_COLOUR = "#b9770e"
_BAR = 40


@dataclass(frozen=True, slots=True)
class Outlook:
    """Where the latest run stands against the cut-over date."""

    cutover: date
    blockers: int
    days_left: int
    needed_per_day: float | None
    """Blockers to fix per day to reach zero on the cut-over date; None when none are left or time is up."""
    pace_per_day: float | None
    """Blockers fixed per day so far (first run to latest); None with fewer than two runs a day apart."""


def outlook(runs: Sequence[Run], cutover: date | None = None) -> Outlook:
    """The outlook of the latest run, against `cutover` (default: the latest run's own cut-over date)."""
    if not runs:
        raise FlytcheckError("the history holds no runs yet")
    first, last = runs[0], runs[-1]
    target = cutover or last.cutover
    days_left = (target - last.scanned_at.date()).days
    needed = last.blockers / days_left if last.blockers and days_left > 0 else None
    span = (last.scanned_at - first.scanned_at).total_seconds() / 86_400
    pace = (first.blockers - last.blockers) / span if span >= 1 else None
    return Outlook(target, last.blockers, days_left, needed, pace)


def number(value: float, lang: str) -> str:
    """One decimal, with a decimal comma in bokmål."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang != "en" else text


def outlook_lines(view: Outlook, lang: str) -> list[str]:
    when = format_date(view.cutover)
    if view.blockers == 0:
        lines = [t("rate_done", lang, date=when)]
    elif view.days_left <= 0:
        lines = [t("rate_past", lang, date=when, n=view.blockers)]
    else:
        rate = number(view.needed_per_day or 0.0, lang)
        lines = [t("rate_needed", lang, n=view.blockers, days=view.days_left, date=when, rate=rate)]
    if view.pace_per_day is not None:
        pace = view.pace_per_day
        lines.append(t("pace", lang, rate=number(pace, lang)) if pace > 0 else t("pace_none", lang))
    return lines


def _when(moment: datetime) -> str:
    return f"{format_date(moment)} {moment:%H:%M}"


def terminal(runs: Sequence[Run], cutover: date | None, lang: str) -> str:
    """A table of the runs with a stacked bar each (█ blockers, ▒ warnings), then the outlook."""
    view = outlook(runs, cutover)
    top = max(max(r.blockers + r.warnings for r in runs), 1)
    heads = (t("run_time", lang), t("blockers", lang), t("warnings", lang))
    widths = (16, max(len(heads[1]), 6), max(len(heads[2]), 6))
    lines = [t("trend_title", lang), ""]
    lines.append(f"{heads[0]:<{widths[0]}}  {heads[1]:>{widths[1]}}  {heads[2]:>{widths[2]}}")
    for run in runs:
        blockers = round(run.blockers / top * _BAR)
        warnings = round((run.blockers + run.warnings) / top * _BAR) - blockers
        bar = "█" * blockers + "▒" * warnings
        lines.append(f"{_when(run.scanned_at):<{widths[0]}}  {run.blockers:>{widths[1]}}  "
                     f"{run.warnings:>{widths[2]}}  {bar}".rstrip())
    lines.append(f"█ {t('blockers', lang).lower()}  ▒ {t('warnings', lang).lower()}")
    lines.append("")
    lines += outlook_lines(view, lang)
    return "\n".join(lines) + "\n"


def _nice_top(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000):
        if value <= step * 5:
            return step * 5
    return ((value // 10_000) + 1) * 10_000


def svg(runs: Sequence[Run], cutover: date | None, lang: str, *, width: int = 720, height: int = 340) -> str:
    """The chart as one self-contained SVG element (no scripts, fonts or links)."""
    view = outlook(runs, cutover)
    left, right, top_margin, bottom = 56, 24, 40, 56
    start = runs[0].scanned_at.timestamp()
    end_moment = datetime.combine(view.cutover, time(0, 0), tzinfo=runs[-1].scanned_at.tzinfo)
    end = max(end_moment.timestamp(), runs[-1].scanned_at.timestamp(), start + 86_400)
    y_top = _nice_top(max(max(max(r.blockers, r.warnings) for r in runs), 1))

    def x(seconds: float) -> float:
        return round(left + (seconds - start) / (end - start) * (width - left - right), 1)

    def y(count: float) -> float:
        return round(height - bottom - count / y_top * (height - top_margin - bottom), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" font-family="sans-serif" font-size="12">',
        f"<title>{escape(t('trend_title', lang))}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="22" font-size="14" font-weight="bold">{escape(t("trend_title", lang))}</text>',
    ]
    for step in range(6):
        count = y_top * step / 5
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(count)}" y2="{y(count)}" stroke="#dddddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y(count) + 4}" text-anchor="end">{count:g}</text>')
    for series, colour in (("blockers", BLOCKER_COLOUR), ("warnings", WARNING_COLOUR)):
        points = " ".join(f"{x(r.scanned_at.timestamp())},{y(getattr(r, series))}" for r in runs)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts += [
            f'<circle cx="{x(r.scanned_at.timestamp())}" cy="{y(getattr(r, series))}" r="3" fill="{colour}"/>'
            for r in runs
        ]
    last = runs[-1]
    if view.needed_per_day is not None:
        parts.append(
            f'<line x1="{x(last.scanned_at.timestamp())}" y1="{y(last.blockers)}" x2="{x(end_moment.timestamp())}" '
            f'y2="{y(0)}" stroke="{BLOCKER_COLOUR}" stroke-dasharray="6 4"/>'
        )
    cut_x = x(end_moment.timestamp())
    parts.append(f'<line x1="{cut_x}" x2="{cut_x}" y1="{top_margin}" y2="{y(0)}" stroke="#333333"/>')
    parts.append(
        f'<text x="{cut_x}" y="{top_margin - 4}" text-anchor="end">'
        f"{escape(t('cutover', lang))} {format_date(view.cutover)}</text>"
    )
    parts.append(f'<text x="{left}" y="{height - bottom + 16}">{format_date(runs[0].scanned_at)}</text>')
    if len(runs) > 1:
        parts.append(
            f'<text x="{x(last.scanned_at.timestamp())}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{format_date(last.scanned_at)}</text>"
        )
    legend_y = height - 14
    legend = (
        (BLOCKER_COLOUR, "", t("blockers", lang)),
        (WARNING_COLOUR, "", t("warnings", lang)),
        (BLOCKER_COLOUR, ' stroke-dasharray="6 4"', t("target_line", lang)),
    )
    for index, (colour, dash, label) in enumerate(legend):
        lx = left + index * 170
        parts.append(f'<line x1="{lx}" x2="{lx + 24}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
                     f'stroke="{colour}" stroke-width="2"{dash}/>')
        parts.append(f'<text x="{lx + 30}" y="{legend_y}">{escape(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def png(runs: Sequence[Run], cutover: date | None, lang: str) -> bytes:
    """The chart as PNG bytes, drawn by matplotlib (an optional dependency)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        raise FlytcheckError(
            "--chart: drawing a PNG needs matplotlib, which is not installed",
            hint="pip install 'flytcheck[chart]', or give a .svg file",
        ) from None
    view = outlook(runs, cutover)
    figure, axes = pyplot.subplots(figsize=(7.2, 3.4), dpi=100)
    try:
        cut = datetime.combine(view.cutover, time(0, 0), tzinfo=runs[-1].scanned_at.tzinfo)
        moments = [(r.scanned_at - cut).total_seconds() / 86_400 for r in runs]  # days before the cut-over
        end = 0.0
        axes.plot(moments, [r.blockers for r in runs], marker="o", color=BLOCKER_COLOUR, label=t("blockers", lang))
        axes.plot(moments, [r.warnings for r in runs], marker="o", color=WARNING_COLOUR, label=t("warnings", lang))
        if view.needed_per_day is not None:
            axes.plot([moments[-1], end], [runs[-1].blockers, 0], linestyle="--", color=BLOCKER_COLOUR,
                      label=t("target_line", lang))
        axes.axvline(end, color="#333333", linewidth=1)
        ticks = sorted({moments[0], moments[-1], end})
        labels = [format_date(cut + timedelta(days=tick)) for tick in ticks]
        axes.set_xticks(ticks, labels=labels)
        axes.set_title(t("trend_title", lang))
        axes.set_ylim(bottom=0)
        axes.legend(loc="best")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()
    finally:
        pyplot.close(figure)
