"""Draws the history: blockers and warnings per run towards the cut-over, and the daily rate needed to reach zero.

Three drawings of the same numbers: text for the terminal, SVG drawn by hand (self-contained, inlined in the HTML
report), and PNG through matplotlib when it is installed. Pure functions of the runs; never reads or writes files.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from html import escape

from flytcheck.errors import FlytcheckError
from flytcheck.model import Run
from flytcheck.texts import scope_label, t
from flytcheck.tracking import time_axis
from flytcheck.tracking.follow import Followed
from flytcheck.values import format_date

BLOCKER_COLOUR = "#c0392b"
WARNING_COLOUR = "#b9770e"
_BAR = 40
_FONT = 12
_DOT_SPACING = 8.0
"""Pixels between neighbouring runs below which their points would merge into a smear: then only lines."""


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
    elif view.days_left == 0:  # the cut-over day itself: "today", as the scan's header says, not "passed"
        lines = [t("rate_today", lang, date=when, n=view.blockers)]
    elif view.days_left < 0:
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


def scope_lines(followed: Followed, lang: str) -> str:
    """Which runs the trend follows: the full ones, or one narrowed scope; and how many it left out."""
    scope = scope_label(followed.scope, lang)
    lines = [t("trend_scope", lang, scope=scope) if scope else t("trend_scope_full", lang)]
    if followed.others:
        lines.append(t("trend_others", lang, n=followed.others))
    return "\n".join(lines) + "\n\n"


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
    """The chart as one self-contained SVG element (no scripts, fonts or links).

    The time axis runs from the first run (or the cut-over, if earlier) to the cut-over (or the last run, if later),
    with calendar ticks thinned to what fits (time_axis); points are drawn only while they stay apart."""
    view = outlook(runs, cutover)
    left, right, top_margin, bottom = 56, 40, 40, 56
    zone = runs[-1].scanned_at.tzinfo

    def midnight(day: date) -> float:
        return datetime.combine(day, time(0, 0), tzinfo=zone).timestamp()

    cut = datetime.combine(view.cutover, time(0, 0), tzinfo=zone)
    # Whole days, so that the first and the last day have a tick at the ends of the axis.
    start = midnight(min(runs[0].scanned_at.astimezone(zone).date(), view.cutover))
    last_day = runs[-1].scanned_at.astimezone(zone).date()
    end = max(cut.timestamp(), midnight(last_day + timedelta(days=1)) if runs[-1].scanned_at > cut else 0.0,
              start + 86_400)
    plot_width = width - left - right
    y_top = _nice_top(max(max(max(r.blockers, r.warnings) for r in runs), 1))

    def x(seconds: float) -> float:
        return round(left + (seconds - start) / (end - start) * plot_width, 1)

    def y(count: float) -> float:
        return round(height - bottom - count / y_top * (height - top_margin - bottom), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" font-family="sans-serif" font-size="{_FONT}">',
        f"<title>{escape(t('trend_title', lang))}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="22" font-size="14" font-weight="bold">{escape(t("trend_title", lang))}</text>',
    ]
    for step in range(6):
        count = y_top * step / 5
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(count)}" y2="{y(count)}" stroke="#dddddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y(count) + 4}" text-anchor="end">{count:g}</text>')
    parts += _time_ticks(start, end, zone, x, y(0), width, lang)
    dots = plot_width / max(len(runs) - 1, 1) >= _DOT_SPACING
    for series, colour in (("blockers", BLOCKER_COLOUR), ("warnings", WARNING_COLOUR)):
        points = " ".join(f"{x(r.scanned_at.timestamp())},{y(getattr(r, series))}" for r in runs)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        shown = runs if dots else runs[-1:]  # the latest value always stands out
        parts += [
            f'<circle cx="{x(r.scanned_at.timestamp())}" cy="{y(getattr(r, series))}" r="3" fill="{colour}"/>'
            for r in shown
        ]
    last = runs[-1]
    if view.needed_per_day is not None:
        parts.append(
            f'<line class="needed" x1="{x(last.scanned_at.timestamp())}" y1="{y(last.blockers)}" '
            f'x2="{x(cut.timestamp())}" y2="{y(0)}" stroke="{BLOCKER_COLOUR}" stroke-width="2" '
            'stroke-dasharray="6 4"/>'
        )
    marker = f"{t('cutover', lang)} {format_date(view.cutover)}"
    parts += _cutover_marker(x(cut.timestamp()), top_margin, y(0), marker)
    parts += _legend(left, height - 14, lang, needed=view.needed_per_day is not None)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _time_ticks(
    start: float, end: float, zone: tzinfo | None, x: Callable[[float], float], axis_y: float, width: int, lang: str
) -> list[str]:
    """Tick marks and labels under the axis; a label that would leave the drawing is left out."""
    first = datetime.fromtimestamp(start, zone).date()
    last = datetime.fromtimestamp(end, zone).date()
    pixels_per_day = (x(start + 86_400) - x(start))
    parts = []
    for tick in time_axis.ticks(first, last, pixels_per_day, lang, _FONT):
        moment = datetime.combine(tick.day, time(0, 0), tzinfo=zone).timestamp()
        if not start <= moment <= end:
            continue
        at = x(moment)
        half = time_axis.text_width(tick.label, _FONT) / 2
        if at - half < 0 or at + half > width:
            continue
        parts.append(f'<line x1="{at}" x2="{at}" y1="{axis_y}" y2="{axis_y + 5}" stroke="#666666"/>')
        parts.append(f'<text class="tick" x="{at}" y="{axis_y + 18}" text-anchor="middle">{escape(tick.label)}</text>')
    return parts


def _cutover_marker(at: float, top: float, bottom: float, text: str) -> list[str]:
    """The cut-over line and its label above the plot, on whichever side of the line it fits."""
    anchor = "end" if at - time_axis.text_width(text, _FONT) >= 0 else "start"
    return [
        f'<line class="cutover" x1="{at}" x2="{at}" y1="{top}" y2="{bottom}" stroke="#333333" stroke-width="1.5"/>',
        f'<text class="cutover" x="{at}" y="{top - 4}" text-anchor="{anchor}">{escape(text)}</text>',
    ]


def _legend(left: int, at: float, lang: str, *, needed: bool) -> list[str]:
    """The legend of what is drawn: the needed-rate line only when there is one."""
    legend = [
        (BLOCKER_COLOUR, "", t("blockers", lang)),
        (WARNING_COLOUR, "", t("warnings", lang)),
    ]
    if needed:
        legend.append((BLOCKER_COLOUR, ' stroke-dasharray="6 4"', t("target_line", lang)))
    parts = []
    for index, (colour, dash, label) in enumerate(legend):
        lx = left + index * 170
        parts.append(f'<line x1="{lx}" x2="{lx + 24}" y1="{at - 4}" y2="{at - 4}" '
                     f'stroke="{colour}" stroke-width="2"{dash}/>')
        parts.append(f'<text x="{lx + 30}" y="{at}">{escape(label)}</text>')
    return parts


def require_matplotlib() -> None:
    """Stop, before anything is printed or written, when a PNG is asked for and matplotlib is not installed."""
    try:
        import matplotlib  # noqa: F401 (only whether it can be imported)
    except ImportError:
        raise FlytcheckError(
            "--chart: drawing a PNG needs matplotlib, which is not installed",
            hint="pip install 'flytcheck[chart]', or give a .svg file",
        ) from None


def png(runs: Sequence[Run], cutover: date | None, lang: str) -> bytes:
    """The chart as PNG bytes, drawn by matplotlib (an optional dependency)."""
    require_matplotlib()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    view = outlook(runs, cutover)
    figure, axes = pyplot.subplots(figsize=(7.2, 3.4), dpi=100)
    try:
        cut = datetime.combine(view.cutover, time(0, 0), tzinfo=runs[-1].scanned_at.tzinfo)
        moments = [(r.scanned_at - cut).total_seconds() / 86_400 for r in runs]  # days before the cut-over
        end = 0.0
        every: int | list[int] = 1 if 560 / max(len(runs) - 1, 1) >= _DOT_SPACING else [len(runs) - 1]
        for series, colour in (("blockers", BLOCKER_COLOUR), ("warnings", WARNING_COLOUR)):
            axes.plot(moments, [getattr(r, series) for r in runs], color=colour, label=t(series, lang), marker="o",
                      markevery=every)
        if view.needed_per_day is not None:
            axes.plot([moments[-1], end], [runs[-1].blockers, 0], linestyle="--", color=BLOCKER_COLOUR,
                      label=t("target_line", lang))
        axes.axvline(end, color="#333333", linewidth=1)
        first, last = min(moments[0], end), max(moments[-1], end)
        span = max(last - first, 1.0)
        axes.set_xlim(first, first + span * 1.02)  # the cut-over line stays visible at the right end
        width = figure.get_size_inches()[0] * figure.dpi * axes.get_position().width
        zone = cut.tzinfo
        from_day, to_day = (cut + timedelta(days=first)).date(), (cut + timedelta(days=last)).date()
        font = 10 * figure.dpi / 72  # matplotlib's default 10 pt, in pixels
        ticks = time_axis.ticks(from_day, to_day, width / span, lang, font)
        positions = [(datetime.combine(tick.day, time(0, 0), tzinfo=zone) - cut).total_seconds() / 86_400
                     for tick in ticks]
        axes.set_xticks(positions, labels=[tick.label for tick in ticks])
        axes.set_title(t("trend_title", lang))
        axes.set_ylim(bottom=0)
        axes.legend(loc="best")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()
    finally:
        pyplot.close(figure)
