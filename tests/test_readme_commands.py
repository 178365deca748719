"""The README's command blocks give the answers they promise: every `flytcheck …` line of a ```sh block runs here
on the demo (`familia.sqlite` and `exports/` are the synthetic demo as a SQLite file and as CSV files), except the
lines that need a database server, which are listed with that reason. A new README command is run, or must be
listed, so the README cannot promise what flytcheck does not do."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flytcheck.cli import app
from flytcheck.sources.open import demo_folder

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
NEEDS_A_SERVER = ("postgresql+psycopg://", "mssql+pyodbc://", "--odbc", "$FLYTCHECK_TEST_MSSQL_URL")


def commands() -> list[list[str]]:
    """The words of every flytcheck command in the README's ```sh blocks (a `&&` chain split, comments dropped)."""
    found = []
    for block in re.findall(r"```sh\n(.*?)\n```", README, flags=re.S):
        for line in block.splitlines():
            for part in line.split("&&"):
                if not re.match(r"\s*(\S*/)?flytcheck\s", part):  # the block's other lines: SQL, pip, docker
                    continue
                words = shlex.split(part, comments=True)
                found.append(["flytcheck", *words[1:]])
    return found


RUNNABLE = [words for words in commands() if not any(marker in " ".join(words) for marker in NEEDS_A_SERVER)]
ON_A_SERVER = [words for words in commands() if words not in RUNNABLE]


def test_the_readme_has_commands_to_run_and_names_those_that_need_a_server() -> None:
    assert len(RUNNABLE) >= 8, RUNNABLE
    assert {w[1] for w in RUNNABLE} >= {"scan", "test-rules", "requirements", "id"}
    assert all(w[1] in ("scan", "synth", "doctor") for w in ON_A_SERVER), ON_A_SERVER


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    sqlite = str(folder / "familia.sqlite")
    made = CliRunner().invoke(app, ["synth", "--profile", "demo", "--seed", "1", "--out", sqlite, "--quiet"])
    assert made.exit_code == 0, made.output
    shutil.copytree(demo_folder(), folder / "exports")
    shutil.copytree(ROOT / "examples", folder / "examples")
    return folder


@pytest.mark.parametrize("words", RUNNABLE, ids=[" ".join(w[1:])[:60] for w in RUNNABLE])
def test_each_readme_command_runs_on_the_demo_and_answers_as_promised(
    words: list[str], workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace)
    args = words[1:]
    redirect = args.index(">") if ">" in args else None
    target = args[redirect + 1] if redirect is not None else None
    args = args[:redirect] if redirect is not None else args
    if args[0] == "scan":
        args += ["--quiet"]
    result = CliRunner().invoke(app, args)
    output = result.stdout
    if args[0] == "scan":  # a report with a verdict: the demo has blockers, so exit 1
        assert result.exit_code == 1, result.output
        assert "IKKE KLAR" in output and "Migreringsforhåndsvisning" in output
    elif args[0] == "doctor":  # every check passes on the demo, or only warnings remain
        assert result.exit_code in (0, 1), result.output
    elif args[0] == "test-rules":  # every case passes
        assert result.exit_code == 0, result.output
    elif args[0] == "requirements":  # the GRANTs on exactly the columns read
        assert result.exit_code == 0, result.output
        assert output.startswith("-- Read-only access for flytcheck_reader") and "GRANT SELECT ([" in output
    elif args[0] == "id":  # what the README says it answers
        assert result.exit_code == 0, result.output
        rows = [line.split()[:3] for line in output.splitlines()[1:]]
        assert rows == [["158380*****", "syntetisk", "ja"], ["974760673", "organisasjonsnummer", "ja"]]
        assert "158380*****" in README and "(`974760673`)" in README
    else:
        pytest.fail(f"no expectation for the README command {' '.join(words)}")
    if target is not None:
        (workspace / target).write_text(output, encoding="utf-8")
