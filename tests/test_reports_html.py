"""`--html`: one self-contained page, opened in headless Chromium as the project group would open it."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from robustness import is_private
from test_reports_fixtures import FORMULA, TENOR_MOTHER, build_familia, familia_db, familia_rows, scan, tool

__all__ = ["familia_db"]


def chromium(html: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        tool("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}", *args, html.resolve().as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def _report(database: Path, tmp_path: Path, *args: str) -> Path:
    target = tmp_path / "rapport.html"
    history = str(tmp_path / "history.sqlite")
    assert scan(str(database), "--history", history, now="2027-04-24T02:00:00+02:00")[0] == 1
    code, output = scan(str(database), "--html", str(target), "--history", history, *args)
    assert code == 1, output
    return target


def test_the_page_is_self_contained_and_private(familia_db: Path, tmp_path: Path) -> None:
    page = _report(familia_db, tmp_path)
    assert is_private(page)
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert not re.search(r"""(src|href)\s*=|url\(|@import|@font-face""", text, re.IGNORECASE)
    assert "default-src 'none'" in text  # the browser may load nothing, even by mistake
    assert "<svg" in text  # the trend chart, inline
    assert TENOR_MOTHER not in text and FORMULA not in text


def test_personal_data_is_shown_escaped_only_when_asked(tmp_path: Path) -> None:
    rows = familia_rows()
    rows["FA_HUSKELAPP"].append({"HUS_LOEPENR": 16, "SBH_INITIALER": "AB", "HUS_EMNE": "<script>alert(1)</script>"})
    database = build_familia(tmp_path / "familia.sqlite", rows)
    text = _report(database, tmp_path, "--show-personal-data").read_text(encoding="utf-8")
    assert TENOR_MOTHER in text and FORMULA in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script" not in text
    assert "personopplysninger" in text


@pytest.mark.browser
def test_chromium_renders_the_verdict_and_takes_a_screenshot(familia_db: Path, tmp_path: Path) -> None:
    page = _report(familia_db, tmp_path, "--lang", "en")
    shot = tmp_path / "screenshot.png"
    chromium(page, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    dom = chromium(page, tmp_path, "--dump-dom").stdout
    assert re.search(r'<p class="verdict not-ready" id="verdict">NOT READY: 10 blockers</p>', dom)
    assert "Migration preview" in dom and "Rules per municipality" in dom and "1860 Vestvågøy" in dom
    assert "Caseworkers with the most open work" in dom and "Trend towards the cut-over" in dom
    assert "<svg" in dom and "fix 0.5 a day to reach zero" in dom


MEASURE = """
<pre id="measured"></pre>
<script>
const frame = document.getElementById("report");
frame.addEventListener("load", () => {
  const win = frame.contentWindow, doc = frame.contentDocument, view = win.innerWidth;
  const box = (e) => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; };
  const tables = [...doc.querySelectorAll("table")].map((table) => {
    const scroller = table.closest(".scroll");
    return {cards: table.classList.contains("cards"), frame: scroller ? box(scroller) : null,
            scrolls: scroller ? scroller.scrollWidth > scroller.clientWidth : false};
  });
  const messages = [...doc.querySelectorAll('table.cards td[data-label="Melding"]')].slice(0, 50).map(box);
  const heading = [...doc.querySelectorAll("table.cards th")].find((th) => th.textContent === "Melding");
  document.getElementById("measured").textContent = JSON.stringify({
    view, page: doc.documentElement.scrollWidth, body: doc.body.scrollWidth, tables, messages,
    heading: heading ? box(heading) : null,
  });
});
</script>
"""


def _measured(page: Path, tmp_path: Path, width: int) -> dict[str, Any]:
    """The page laid out by Chromium in a frame `width` px wide, measured by a script of the page around it (the
    report's own Content-Security-Policy allows no script, rightly; a srcdoc frame shares its parent's origin)."""
    report = html.escape(page.read_text(encoding="utf-8"), quote=True)
    wrapper = tmp_path / f"measure-{width}.html"
    wrapper.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
        f'<iframe id="report" style="width:{width}px;height:900px;border:0" srcdoc="{report}"></iframe>'
        f"{MEASURE}</body></html>", encoding="utf-8",
    )
    dom = chromium(wrapper, tmp_path, f"--window-size={max(width, 800) + 40},1000", "--dump-dom").stdout
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found and found.group(1), dom[-2000:]
    return dict(json.loads(html.unescape(found.group(1))))


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_at_phone_and_desktop_width_no_page_scrolls_sideways_and_messages_stay_in_view(
    tmp_path: Path, width: int
) -> None:
    page = tmp_path / "rapport.html"
    code, output = scan("--demo", "--html", str(page), "--history", str(tmp_path / "h.sqlite"))
    assert code == 1, output
    shot = tmp_path / f"screenshot-{width}.png"
    chromium(page, tmp_path, f"--screenshot={shot}", f"--window-size={width},2400")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    measured = _measured(page, tmp_path, width)
    assert measured["view"] == width
    assert measured["page"] <= width and measured["body"] <= width  # the page itself never scrolls sideways
    assert measured["tables"] and all(t["frame"] for t in measured["tables"])  # every table in a box of its own
    for table in measured["tables"]:
        assert table["frame"]["left"] >= 0 and table["frame"]["right"] <= width, table
    messages = measured["messages"]
    assert len(messages) == 50
    for message in messages:  # the message of every finding in view, not scrolled off to the right
        assert message["left"] >= 0 and message["right"] <= width and message["width"] > 100, message
    if width == 390:
        assert any(t["scrolls"] for t in measured["tables"] if not t["cards"])  # the wide rules table scrolls
        assert not any(t["scrolls"] for t in measured["tables"] if t["cards"])  # findings reflow into cards
    else:
        assert measured["heading"]["right"] <= width  # the message column of the table is in view


def test_a_narrowed_run_says_so_under_the_verdict(familia_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "arkiv.html"
    assert scan(str(familia_db), "--html", str(target), "--only", "arkiv")[0] == 1
    text = target.read_text(encoding="utf-8")
    assert '<p class="verdict not-ready" id="verdict">IKKE KLAR: 4 blokkerende funn (bare Arkiv)</p>' in text
    assert "<p>Avgrenset kjøring: ikke en full sjekk.</p><p>Utelatt: Barn, Forbindelser" in text
    full = tmp_path / "full.html"
    assert scan(str(familia_db), "--html", str(full))[0] == 1
    assert 'id="narrowed"' not in full.read_text(encoding="utf-8")
