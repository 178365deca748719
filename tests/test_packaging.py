"""A reproducible install: one version literal, a lock file with hashes that the test environment was installed
from, upper bounds where a major version breaks the API, and GitHub workflows that pass actionlint."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

import flytcheck
from robustness import invoke

ROOT = Path(__file__).parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = (ROOT / "requirements.lock").read_text(encoding="utf-8")
BREAK_ACROSS_MAJORS = {"sqlglot", "sqlalchemy", "pydantic", "typer", "psycopg", "pyodbc", "rich"}


def locked() -> dict[str, list[tuple[Version, Marker | None]]]:
    """Every pin of the lock file: name -> [(version, environment marker)]; a name may be pinned per Python."""
    pins: dict[str, list[tuple[Version, Marker | None]]] = {}
    for entry in re.split(r"\n(?=[a-z0-9])", LOCK.split("\n", 2)[2] if LOCK.startswith("#") else LOCK):
        line = entry.split("\\", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        requirement = Requirement(line)
        (pin,) = requirement.specifier
        assert pin.operator == "==", line
        assert "--hash=sha256:" in entry, f"{requirement.name} has no hash"
        pins.setdefault(canonicalize_name(requirement.name), []).append((Version(pin.version), requirement.marker))
    return pins


def declared() -> list[Requirement]:
    project = PYPROJECT["project"]
    extras = project["optional-dependencies"]
    return [Requirement(r) for r in (*project["dependencies"], *extras["test"], *extras["exe"])]


def test_the_version_is_the_literal_hatch_reads_and_the_cli_shows() -> None:
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "src/flytcheck/__init__.py"
    literal = re.search(r'^__version__ = "([^"]+)"$', (ROOT / "src/flytcheck/__init__.py").read_text(), re.M)
    assert literal and literal.group(1) == flytcheck.__version__
    run = invoke("--version")
    assert (run.code, run.stdout) == (0, f"flytcheck {flytcheck.__version__}\n")


def test_the_lock_pins_every_declared_dependency_within_its_bounds() -> None:
    pins = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock: run `make lock`"
        for version, _ in pins[name]:
            assert requirement.specifier.contains(version, prereleases=True), f"{name} {version} {requirement}"


def test_dependencies_that_break_across_majors_have_an_upper_bound() -> None:
    runtime = {canonicalize_name(Requirement(r).name): Requirement(r) for r in PYPROJECT["project"]["dependencies"]}
    for name in BREAK_ACROSS_MAJORS:
        assert any(s.operator == "<" for s in runtime[name].specifier), f"{name} needs an upper bound"


def test_this_environment_was_installed_from_the_lock() -> None:
    if os.environ.get("FLYTCHECK_TEST_UNLOCKED"):
        pytest.skip("FLYTCHECK_TEST_UNLOCKED is set")
    wrong = []
    for name, candidates in locked().items():
        applies = [v for v, marker in candidates if marker is None or marker.evaluate()]
        if not applies:
            continue
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            wrong.append(f"{name}: missing")
            continue
        if installed not in applies:
            wrong.append(f"{name}: {installed}, locked {applies[0]}")
    assert not wrong, "not installed from requirements.lock (scripts/test.sh does that): " + "; ".join(wrong)


def test_the_workflows_pass_actionlint() -> None:
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    if actionlint is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint is not installed (requirements.lock has it)")
        pytest.skip("actionlint is not installed")
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert {p.name for p in workflows} >= {"release.yml", "windows.yml", "mssql.yml"}
    run = subprocess.run([actionlint, "-no-color", *map(str, workflows)], cwd=ROOT, capture_output=True, text=True,
                         check=False, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_readme_shows_every_way_to_install() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for way in ("pipx install", "uv tool install", "requirements.lock", "flytcheck.exe", "make exe"):
        assert way in readme, way
