"""`--html`: one self-contained page, opened in headless Chromium as the project group would open it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

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
