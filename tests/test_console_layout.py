"""The console report fits its width: from 60 columns up no line is longer than the width, and no number, rule id,
key or caseworker is ever cut (no ellipsis anywhere); narrow layouts stack instead."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flytcheck.catalogue.loading import load_rulebook
from flytcheck.engine import scan
from flytcheck.model import Report
from flytcheck.reporters.base import RenderContext, by_rule_and_kommune
from flytcheck.reporters.console_render import SECTIONS, RichConsole
from flytcheck.settings import build_options, read_config
from flytcheck.sources.open import demo_folder, open_source

RULEBOOK = load_rulebook()


@pytest.fixture(scope="module")
def demo() -> Report:
    config, path = read_config(demo_folder() / "flytcheck.toml")
    options = build_options(config, path, cutover=date(2027, 5, 22), now=datetime.fromisoformat("2027-04-24T02:00"))
    with open_source(None, demo=True) as source:
        return scan(source, RULEBOOK, options)


def render(report: Report, width: int, *, details: bool = False, lang: str = "nb") -> str:
    out = io.StringIO()
    RichConsole().write(report, RenderContext(RULEBOOK, lang, details, width, False), out)
    return out.getvalue()


def _check(report: Report, width: int, *, details: bool, lang: str = "nb") -> str:
    text = render(report, width, details=details, lang=lang)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width, [line for line in lines if len(line) > width][:3]
    assert "…" not in text and "..." not in text
    assert not [line for line in lines if line != line.rstrip()]  # no trailing spaces in a nightly log
    words = set(re.findall(r"[\w/*.-]+", text))
    _, counts = by_rule_and_kommune(report.findings)
    for outcome in report.rules:
        assert outcome.rule in words, outcome.rule
        if outcome.findings:
            assert str(outcome.findings) in words, outcome.rule
            for kommune, count in counts[outcome.rule].items():
                assert str(count) in words and (not kommune or kommune in words)
    if details:
        for finding in report.findings:
            assert finding.key in words and (not finding.saksbehandler or finding.saksbehandler in words)
    return text


@pytest.mark.parametrize("width", [60, 61, 67, 72, 80, 95, 100, 120, 160, 200])
def test_the_demo_fits_every_width_without_cutting_a_figure(demo: Report, width: int) -> None:
    _check(demo, width, details=False)


@pytest.mark.parametrize("width", [60, 80, 120, 180])
def test_every_finding_is_shown_whole_at_every_width(demo: Report, width: int) -> None:
    text = _check(demo, width, details=True, lang="en")
    assert text.count("\n") > len(demo.findings)


@settings(max_examples=25, deadline=None)
@given(width=st.integers(min_value=60, max_value=240))
def test_any_width_from_60_up(demo: Report, width: int) -> None:
    _check(demo, width, details=False)


def test_at_80_columns_the_rule_table_keeps_every_municipality_and_total(demo: Report) -> None:
    text = render(demo, 80)
    rules = text[text.index("Regler"):text.index("Saksbehandlere")]
    assert " 1859  1860  1874  ukjent  Totalt" in rules  # numbers as headers, named under the table
    assert "Kommune: 1859 Flakstad, 1860 Vestvågøy, 1874 Moskenes" in rules
    kommuner, counts = by_rule_and_kommune(demo.findings)
    per = counts["archive-error"]
    figures = " +".join(str(per[k]) for k in kommuner)
    assert re.search(rf"archive-error +{figures} +{sum(per.values())}\n", rules)


def test_the_sections_are_one_tuple_a_new_section_joins() -> None:
    names = [section.__name__ for section in SECTIONS]
    assert names == ["header", "verdict", "register", "preview", "rules", "caseworkers", "details"]
