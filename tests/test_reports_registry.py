"""Every output option maps to a writer, every writer is reachable from the command line, and every format keeps
the privacy rules: no identity number, name or free text without --show-personal-data, files 0600 and atomic."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, get_args, get_origin, get_type_hints

import pytest
from typer.models import OptionInfo
from typer.testing import CliRunner

from flytcheck import cli
from flytcheck.reporters import FILE_OUTPUTS, WRITERS
from robustness import is_private
from test_privacy import readable
from test_reports_fixtures import FORMULA, TENOR_MOTHER, familia_db, scan

__all__ = ["familia_db"]

INPUT_PATHS = {"config", "rules_dir", "baseline", "history"}
"""Path options of `scan` that are read (or, for the history, appended to), not output formats."""


def scan_options() -> dict[str, tuple[object, OptionInfo]]:
    """`scan`'s options as declared: parameter name -> (type, typer's option declaration)."""
    hints = get_type_hints(cli.scan, include_extras=True)
    options = {}
    for name, hint in hints.items():
        if get_origin(hint) is Annotated:
            kind, *metadata = get_args(hint)
            declared = [m for m in metadata if isinstance(m, OptionInfo)]
            if declared:
                options[name] = (kind, declared[0])
    return options


def test_every_output_option_maps_to_a_writer_and_back() -> None:
    options = scan_options()
    path_options = {name for name, (kind, _) in options.items() if Path in get_args(kind)}
    assert path_options - INPUT_PATHS == set(FILE_OUTPUTS)
    for name in FILE_OUTPUTS:
        declared = options[name][1]
        assert f"--{name}" in (declared.default, *(declared.param_decls or ()))  # Annotated puts it in default


def test_every_format_choice_maps_to_a_writer() -> None:
    help_text = scan_options()["output_format"][1].help or ""
    for name in WRITERS:
        assert name in help_text
    result = CliRunner().invoke(cli.app, ["scan", "--demo", "--format", "yaml"])
    assert result.exit_code == 2 and "'yaml' er ikke en av console, json" in result.output


ALL_OUTPUTS = ("--output", "out/r.json", "--csv", "out/r.csv", "--worklists", "out/lists", "--junit", "out/r.xml",
               "--html", "out/r.html", "--history", "out/h.sqlite", "--xlsx", "out/r.xlsx")


def _everything(database: Path, folder: Path, *args: str) -> dict[str, str]:
    code, console = scan(str(database), *[str(folder / a) if a.startswith("out/") else a for a in ALL_OUTPUTS],
                         "--details", *args)
    assert code == 1, console
    files = {p.relative_to(folder).as_posix(): p for p in (folder / "out").rglob("*") if p.is_file()}
    assert all(is_private(p) for p in files.values()), "every output is private"
    assert not [p for p in files if p.endswith(".partial")], "no temporary file is left behind"
    texts = {name: readable(p) for name, p in files.items()}
    texts["console"] = console
    return texts


def test_no_format_shows_personal_data_unless_asked(familia_db: Path, tmp_path: Path) -> None:
    texts = _everything(familia_db, tmp_path)
    assert {"out/r.json", "out/r.csv", "out/r.xml", "out/r.html", "out/h.sqlite", "out/lists/AB.csv",
            "out/r.xlsx"} <= set(texts)
    for name, text in texts.items():
        for secret in (TENOR_MOTHER, TENOR_MOTHER[6:], FORMULA, "Ring skolen", "Ada", "Berg", "Øystein", "12345"):
            assert secret not in text, f"{secret!r} in {name}"


def test_personal_data_appears_when_asked_but_never_in_ci_logs(familia_db: Path, tmp_path: Path) -> None:
    texts = _everything(familia_db, tmp_path, "--show-personal-data")
    for name in ("out/r.csv", "out/r.html", "out/r.json", "out/lists/ØK.csv", "out/r.xlsx"):
        assert "Ring skolen" in texts[name], name
    assert TENOR_MOTHER in texts["out/r.html"]
    for name in ("out/r.xml", "out/h.sqlite"):
        assert TENOR_MOTHER not in texts[name] and "Ring skolen" not in texts[name], name


@pytest.mark.parametrize("name", sorted(FILE_OUTPUTS))
def test_an_output_never_overwrites_the_source(familia_db: Path, name: str) -> None:
    before = familia_db.read_bytes()
    code, output = scan(str(familia_db), f"--{name}", str(familia_db))
    assert code == 2 and "flytcheck skriver aldri til det den skanner" in output
    assert familia_db.read_bytes() == before


def test_two_outputs_cannot_share_a_file(familia_db: Path, tmp_path: Path) -> None:
    target = str(tmp_path / "same")
    code, output = scan(str(familia_db), "--csv", target, "--html", target)
    assert code == 2 and "er også gitt til --csv" in output
