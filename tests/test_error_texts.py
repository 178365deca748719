"""Every error message has its bokmål form: each message a FlytcheckError is raised with in the package (found in
the source, so a new message without one fails here, naming it), and the messages as the commands print them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flytcheck.cli import app
from flytcheck.error_texts import NB, translate

PACKAGE = Path(__file__).parents[1] / "src" / "flytcheck"
ERRORS = {"FlytcheckError", "SourceError", "SchemaError", "RuleFileError", "ConfigError"}


def _template(node: ast.expr) -> str | None:
    """The message's English template: its fixed text with `{}` for each value; None when it is not a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(p.value) if isinstance(p, ast.Constant) else "{}" for p in node.values)
    return None


def raised_templates() -> dict[str, str]:
    """Template -> where it is raised, for every FlytcheckError (and subclass) made with a literal message or hint."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name not in ERRORS:
                continue
            texts = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "hint")]
            for text in texts:
                template = _template(text)
                if template is not None:
                    found.setdefault(template, f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_every_message_raised_has_its_bokmal_form() -> None:
    found = raised_templates()
    assert len(found) > 100
    missing = {template: where for template, where in found.items() if template not in NB}
    assert not missing, f"add these messages to flytcheck/error_texts.py: {missing}"


def test_each_bokmal_form_shows_every_value_of_its_message() -> None:
    for english, bokmal in NB.items():
        values = [f"<{i}>" for i in range(english.count("{}"))]
        shown = translate(english.format(*values), "nb")
        assert shown == bokmal.format(*values), english  # the message finds its own template
        assert all(value in shown for value in values), english  # and loses no value
    assert translate("x: configuration file not found", "en") == "x: configuration file not found"


@pytest.mark.parametrize(("args", "bokmal"), [
    (["scan", "--demo", "--lang", "no"], "flytcheck: feil: --lang: 'no' er ikke en av nb, en"),
    (["scan", "--demo", "--only", "arkiver"], "--only: 'arkiver' er verken en regel eller en kategori"),
    (["scan", "--demo", "--fail-on", "kritisk"], "--fail-on: 'kritisk' er ikke en av blocker, warning, info"),
    (["scan", "missing.sqlite"], "missing.sqlite: filen eller mappen finnes ikke"),
    (["scan", "--demo", "--config", "nope.toml"], "nope.toml: fant ikke konfigurasjonsfilen"),
    (["scan", "--demo", "--width", "bred"], "--width: 'bred' er ikke et heltall"),
    (["scan", "--demo", "--cutover", "22.05.2027"], "--cutover: '22.05.2027' er ikke en dato (bruk ÅÅÅÅ-MM-DD)"),
    (["trend", "missing.sqlite"], "missing.sqlite: fant ikke historikkfilen\n  skann med --history FIL først"),
    (["trend", "h.sqlite", "--chart", "t.pdf"], "--chart: t.pdf må slutte på .svg eller .png"),
    (["explain", "no-such-rule"], "ukjent regel 'no-such-rule'; `flytcheck rules` viser reglene"),
    (["requirements", "--disable", "x"], "--disable: ukjent(e) regel(er) x"),
    (["id", "1", "--format", "xml"], "--format: 'xml' er ikke en av text, json"),
    (["nope"], "flytcheck: feil: ukjent kommando 'nope'"),
])
def test_the_commands_answer_in_bokmal(args: list[str], bokmal: str, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert bokmal in result.output and "Input should" not in result.output and "Invalid value" not in result.output


def test_english_when_asked() -> None:
    result = CliRunner().invoke(app, ["scan", "--demo", "--lang", "en", "--only", "archives"])
    assert "flytcheck: error: --only: 'archives' is neither a rule nor a category" in result.output
    assert "categories: children (Barn)" in result.output
