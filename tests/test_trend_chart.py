"""The trend chart stays readable from the first night to months of nightly runs: 1, 2, 7, 60 and 200 runs drawn,
rendered in headless Chromium (a screenshot each, `trend-<N>.png` in the test's folder), and the label boxes the
browser measures (getBBox) checked: no two tick labels overlap, every label stays inside the drawing, and the
cut-over marker and the required-rate line are there. The ticks themselves are specified on dates."""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from flytcheck.model import Run
from flytcheck.tracking import time_axis, trend_chart
from test_reports_fixtures import tool
from test_reports_html import chromium

SVG = "{http://www.w3.org/2000/svg}"
COUNTS = (1, 2, 7, 60, 200)


def nightly(count: int, *, first: str = "2027-01-04", cutover_after: int = 21) -> list[Run]:
    """`count` nightly runs at 02:00, blockers falling from 400 with a dip and a rise; the cut-over after the last."""
    start = datetime.fromisoformat(f"{first}T02:00:00+01:00")
    cutover = (start + timedelta(days=count - 1 + cutover_after)).date()
    return [
        Run(start + timedelta(days=n), "familia.sqlite", cutover, max(400 - 2 * n + (n % 7) * 3, 0),
            120 - n % 50, 30, False)
        for n in range(count)
    ]


def tick_labels(drawing: str) -> list[tuple[float, str]]:
    root = ET.fromstring(drawing)  # noqa: S314 (our own drawing)
    return [(float(e.get("x", "0")), e.text or "") for e in root.iter(f"{SVG}text") if e.get("class") == "tick"]


@pytest.mark.parametrize("count", COUNTS)
def test_tick_labels_are_spaced_by_their_estimated_widths(count: int) -> None:
    drawing = trend_chart.svg(nightly(count), None, "nb")
    labels = tick_labels(drawing)
    assert len(labels) >= 2, labels  # something to read the time by, even for one run
    boxes = [(x - time_axis.text_width(text, 12) / 2, x + time_axis.text_width(text, 12) / 2) for x, text in labels]
    assert all(a >= 0 and b <= 720 for a, b in boxes)
    assert all(b + time_axis.GAP <= a for (_, b), (a, _) in itertools.pairwise(boxes)), labels


def test_two_runs_a_day_apart_no_longer_share_one_label() -> None:
    """The issue: two nightly runs a day apart printed their dates on top of each other."""
    runs = nightly(2, cutover_after=1)
    labels = [text for _, text in tick_labels(trend_chart.svg(runs, None, "nb"))]
    assert labels == ["04.01.2027", "05.01.2027", "06.01.2027"]


@pytest.mark.parametrize(
    ("first", "last", "pixels_per_day", "expected"),
    [
        (date(2027, 1, 4), date(2027, 1, 7), 160.0, ["04.01.2027", "05.01.2027", "06.01.2027", "07.01.2027"]),
        (date(2027, 1, 4), date(2027, 1, 31), 23.0, ["04.01.2027", "11.01.2027", "18.01.2027", "25.01.2027"]),
        (date(2027, 1, 1), date(2027, 4, 30), 5.0, ["jan 2027", "feb 2027", "mar 2027", "apr 2027"]),
        (date(2026, 12, 15), date(2027, 8, 10), 2.2, ["jan 2027", "mar 2027", "mai 2027", "jul 2027"]),
        (date(2020, 6, 1), date(2027, 8, 10), 0.25, ["2021", "2022", "2023", "2024", "2025", "2026", "2027"]),
    ],
)
def test_ticks_are_the_finest_calendar_step_that_fits(
    first: date, last: date, pixels_per_day: float, expected: list[str]
) -> None:
    assert [tick.label for tick in time_axis.ticks(first, last, pixels_per_day, "nb")] == expected


def test_month_labels_in_english() -> None:
    ticks = time_axis.ticks(date(2027, 4, 20), date(2027, 6, 2), 3.5, "en")
    assert [tick.label for tick in ticks] == ["May 2027", "Jun 2027"]


def test_dense_runs_are_drawn_as_lines_with_the_latest_point_marked() -> None:
    few, many = (ET.fromstring(trend_chart.svg(nightly(n), None, "en")) for n in (7, 200))  # noqa: S314
    assert len(list(few.iter(f"{SVG}circle"))) == 14  # every run of both series
    assert len(list(many.iter(f"{SVG}circle"))) == 2  # only the latest of each


def test_runs_past_the_cutover_keep_the_marker_inside() -> None:
    runs = nightly(60, cutover_after=-30)
    root = ET.fromstring(trend_chart.svg(runs, None, "nb"))  # noqa: S314
    line = next(e for e in root.iter(f"{SVG}line") if e.get("class") == "cutover")
    assert 56 < float(line.get("x1", "0")) < 696
    assert not [e for e in root.iter(f"{SVG}line") if e.get("class") == "needed"]  # too late for a rate


MEASURE = """
<script>
const boxes = [];
document.querySelectorAll("svg").forEach((svg, chart) => {
  svg.querySelectorAll("text, line.needed, line.cutover").forEach(e => {
    const b = e.getBBox();
    boxes.push({chart, tag: e.tagName, kind: e.getAttribute("class") || "", text: e.textContent,
                x: b.x, y: b.y, w: b.width, h: b.height});
  });
});
document.getElementById("boxes").textContent = JSON.stringify(boxes);
</script>
"""


def _page(path: Path, drawings: list[str], *, measure: bool) -> Path:
    body = "".join(f'<div style="margin:8px">{d}</div>' for d in drawings)
    script = '<pre id="boxes"></pre>' + MEASURE if measure else ""
    path.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">{body}{script}'
                    "</body></html>", encoding="utf-8")
    return path


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a[
        "h"]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_chromium_draws_every_chart_without_overlapping_labels(tmp_path: Path, lang: str) -> None:
    tool("chromium")
    drawings = [trend_chart.svg(nightly(count), None, lang) for count in COUNTS]
    for count, drawing in zip(COUNTS, drawings, strict=True):
        shot = tmp_path / f"trend-{count}.png"
        chromium(_page(tmp_path / f"trend-{count}.html", [drawing], measure=False), tmp_path,
                 f"--screenshot={shot}", "--window-size=740,360", "--hide-scrollbars")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5_000
    dom = chromium(_page(tmp_path / "measure.html", drawings, measure=True), tmp_path, "--dump-dom").stdout
    found = re.search(r'<pre id="boxes">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    boxes = json.loads(found.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    for chart, count in enumerate(COUNTS):
        mine = [b for b in boxes if b["chart"] == chart]
        texts = [b for b in mine if b["tag"] == "text"]
        ticks = sorted((b for b in texts if b["kind"] == "tick"), key=lambda b: b["x"])
        assert len(ticks) >= 2, count
        assert all(b["w"] > 20 for b in ticks), "the browser measured real text"
        pairs = [(a["text"], b["text"]) for a, b in itertools.pairwise(ticks) if a["x"] + a["w"] + 4 > b["x"]]
        assert pairs == [], f"{count} runs: tick labels overlap: {pairs}"
        assert all(b["x"] >= 0 and b["x"] + b["w"] <= 720 and b["y"] >= 0 and b["y"] + b["h"] <= 340 for b in texts), (
            count, [b["text"] for b in texts if b["x"] < 0 or b["x"] + b["w"] > 720])
        clashes = [(a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1:] if _overlap(a, b)]
        assert clashes == [], f"{count} runs: labels overlap: {clashes}"
        kinds = {b["kind"] for b in mine if b["tag"] == "line"}
        assert kinds == {"cutover", "needed"}, (count, kinds)  # the cut-over marker and the required-rate line
