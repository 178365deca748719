"""The README tells the truth: its two commands come first, and its options match `--help`."""

from __future__ import annotations

import re
from pathlib import Path

import typer.core
import typer.main

from flytcheck.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
CLI = typer.main.get_command(app)
assert isinstance(CLI, typer.core.TyperGroup)


def _options(command: typer.core.TyperCommand | typer.core.TyperGroup) -> set[str]:
    names: set[str] = set()
    for param in command.params:
        if isinstance(param, typer.core.TyperOption) and not param.hidden:
            names.update(n for n in (*param.opts, *param.secondary_opts) if n.startswith("--") and n != "--help")
    return names


def test_readme_begins_with_the_two_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert blocks[0].strip().endswith("flytcheck scan --demo")
    assert blocks[1].strip() == "bash scripts/test.sh"
    assert README.index(blocks[1]) < README.index("## ")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test.sh" in ci


def test_every_command_and_option_is_documented() -> None:
    for option in sorted(_options(CLI)):
        assert f"flytcheck {option}" in README, f"`flytcheck {option}` is not in the README"
    for name, command in CLI.commands.items():
        assert f"flytcheck {name}" in README, f"`flytcheck {name}` is not in the README"
        for option in sorted(_options(command)):
            pattern = rf"(?<![\w-]){re.escape(option)}(?![\w-])"
            assert re.search(pattern, README), f"{name} {option} is not in the README"


def test_the_readme_documents_no_option_that_does_not_exist() -> None:
    known = set().union(_options(CLI), *(_options(c) for c in CLI.commands.values()))
    mentioned = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", README))
    pip = {"--require-hashes", "--no-deps"}  # the pip options of the locked install
    assert mentioned - known <= {"--help", "--update-golden", "--fuzz-large", *pip}, mentioned - known
