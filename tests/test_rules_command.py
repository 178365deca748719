"""`flytcheck rules`: a header row, the title in the chosen language first, and lines that fit the terminal."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flytcheck.catalogue.categories import category_name
from flytcheck.catalogue.loading import load_rulebook
from flytcheck.cli import app

RULEBOOK = load_rulebook()


@pytest.mark.parametrize("width", [60, 80, 120, 200])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_catalogue_fits_the_terminal_with_a_header_and_the_title_first(width: int, lang: str) -> None:
    result = CliRunner().invoke(app, ["rules", "--lang", lang], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= width
    heading = ("Hva regelen finner", "Regel") if lang == "nb" else ("What the rule finds", "Rule")
    assert lines[0].startswith(heading[0]) and heading[1] in "\n".join(lines[:2])
    text = "\n".join(lines)
    flat = " ".join(text.split())
    for rule in RULEBOOK.rules.values():
        assert f" {rule.id} " in f" {flat} ", rule.id  # whole, never cut
        title = " ".join(rule.title.get(lang).split())
        if title in flat:  # the two-line form: the title, then the rule id under it
            assert flat.index(title) < flat.index(f" {rule.id} "), rule.id
        else:  # the table: the title's first words on the rule's line, before its id
            line = next(line for line in lines if f" {rule.id} " in f" {line} ")
            assert line.startswith(" ".join(title.split()[:2])), rule.id
        assert category_name(rule.category, lang) in text
    if lang == "nb":
        assert "children" not in text.replace("child-", "")  # categories by their bokmål names


def test_a_wide_terminal_gets_one_row_per_rule() -> None:
    result = CliRunner().invoke(app, ["rules", "--lang", "en"], env={"COLUMNS": "400"})
    lines = result.output.splitlines()
    assert len(lines) == len(RULEBOOK.rules) + 1
    assert lines[0].split() == ["What", "the", "rule", "finds", "Rule", "Severity", "Category", "Tables"]
    assert lines[1].startswith(RULEBOOK.rules["archive-error"].title.en)
