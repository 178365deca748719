"""Where flytcheck.toml is found: --config, FLYTCHECK_CONFIG, beside the SQLite file or inside the CSV folder that
is scanned, then the current folder; the first that exists wins, so a scheduled job needs no working folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from flytcheck.config_file import find_config, read_config
from flytcheck.errors import ConfigError


def _toml(folder: Path, cutover: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "flytcheck.toml"
    path.write_text(f"cutover = {cutover}\n", encoding="utf-8")
    return path


def test_the_first_place_that_has_a_configuration_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLYTCHECK_CONFIG", raising=False)
    here, copy, exports = tmp_path / "here", tmp_path / "copy", tmp_path / "exports"
    monkeypatch.chdir(here.mkdir() or here)
    sqlite = copy / "familia.sqlite"
    assert find_config(None, str(sqlite)) is None and read_config(None, str(sqlite)) == ({}, None)
    in_cwd = _toml(here, "2027-01-01")
    assert find_config(None, str(sqlite)) == in_cwd
    beside = _toml(copy, "2027-02-02")
    assert find_config(None, str(sqlite)) == beside  # beside the SQLite file, before the current folder
    inside = _toml(exports, "2027-03-03")
    assert find_config(None, str(exports)) == inside  # inside the CSV folder
    assert find_config(None, "mssql+pyodbc://reader@sql01/Familia") == in_cwd  # a URL has no folder
    named = _toml(tmp_path / "etc", "2027-04-04")
    monkeypatch.setenv("FLYTCHECK_CONFIG", str(named))
    assert find_config(None, str(sqlite)) == named  # the environment variable before the places
    given = _toml(tmp_path / "given", "2027-05-05")
    assert read_config(given, str(sqlite))[0]["cutover"].isoformat() == "2027-05-05"  # --config before all


def test_a_named_configuration_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLYTCHECK_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="configuration file not found"):
        read_config(None)


def test_every_command_finds_the_configuration_of_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from flytcheck.cli import app

    monkeypatch.chdir(tmp_path)
    config = tmp_path / "job" / "flytcheck.toml"
    config.parent.mkdir()
    config.write_text('lang = "sv"\n', encoding="utf-8")
    monkeypatch.setenv("FLYTCHECK_CONFIG", str(config))
    result = CliRunner().invoke(app, ["scan", "--demo", "--quiet"])
    assert result.exit_code == 2
    assert f"{config}: lang: 'sv' er ikke en av nb, en" in result.output  # flytcheck's words, not pydantic's
