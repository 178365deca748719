"""The standalone program (`make exe`: dist/flytcheck/) runs with no Python environment and answers exactly as the
installed `flytcheck` does: --version, the demo, a CSV folder loaded by spawned worker processes, explain, id,
rules and a trend chart.

Each run gets a clean environment: PATH with only the system's folders (no venv, no Python of ours), HOME, TMPDIR
and the working folder in the test's own folder, no PYTHON* variable. The program is built by scripts/test.sh
(the whole run, as CI does), which names it in FLYTCHECK_TEST_EXE; without that variable these tests skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flytcheck import __version__
from flytcheck.sources.open import demo_folder

EXE_VARIABLE = "FLYTCHECK_TEST_EXE"
ROOT = Path(__file__).parents[1]
PYTHON_FLYTCHECK = Path(sys.executable).with_name("flytcheck")
PINNED = ["--now", "2027-05-01T08:00:00+02:00", "--cutover", "2027-05-22", "--quiet", "--no-color", "--width", "120"]


@pytest.fixture(scope="module")
def program() -> Path:
    named = os.environ.get(EXE_VARIABLE, "").strip()
    if not named:
        pytest.skip(f"{EXE_VARIABLE} is not set (`make exe` builds the program; scripts/test.sh runs these tests)")
    path = Path(named).resolve()
    assert path.is_file() and os.access(path, os.X_OK), f"{EXE_VARIABLE}={named}: no program there"
    return path


def clean_env(home: Path) -> dict[str, str]:
    env = {"PATH": os.pathsep.join(p for p in ("/usr/bin", "/bin") if Path(p).is_dir()), "HOME": str(home),
           "TMPDIR": str(home), "LANG": "C.UTF-8"}
    for name in ("SYSTEMROOT", "WINDIR", "USERPROFILE", "LOCALAPPDATA", "TEMP", "TMP"):  # what Windows needs
        if name in os.environ:
            env[name] = str(home) if name in ("TEMP", "TMP") else os.environ[name]
    return env


def run(command: Path, *args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # errors="replace": a Windows pipe carries the ANSI code page, alike for both programs, so still comparable.
    return subprocess.run([str(command), *args], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", stdin=subprocess.DEVNULL, timeout=300, check=False)


def both(program: Path, tmp_path: Path, *args: str, extra: dict[str, str] | None = None) -> tuple[str, str]:
    """stdout of the standalone program (clean environment) and of the installed command, for the same args."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    frozen = run(program, *args, cwd=tmp_path, env={**clean_env(home), **(extra or {})})
    installed = run(PYTHON_FLYTCHECK, *args, cwd=tmp_path, env={**os.environ, **(extra or {})})
    assert frozen.returncode == installed.returncode, (frozen.returncode, frozen.stderr, installed.stderr)
    assert "Traceback" not in frozen.stderr and "internal error" not in frozen.stderr, frozen.stderr
    return frozen.stdout, installed.stdout


def test_the_environment_has_no_python(tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    assert not [name for name in env if name.startswith("PYTHON")]
    assert str(Path(sys.executable).parent) not in env["PATH"].split(os.pathsep)


def test_version(program: Path, tmp_path: Path) -> None:
    frozen = run(program, "--version", cwd=tmp_path, env=clean_env(tmp_path))
    assert (frozen.returncode, frozen.stdout) == (0, f"flytcheck {__version__}\n"), frozen.stderr


def test_every_rule_and_data_file_is_inside(program: Path) -> None:
    inside = program.parent / "_internal" / "flytcheck"
    rules = {p.name for p in (ROOT / "rules").glob("*.toml")}
    assert rules and rules <= {p.name for p in (inside / "rules").glob("*.toml")}
    package = ROOT / "src" / "flytcheck"
    data = {p.relative_to(package) for p in package.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}
    assert data and all((inside / relative).is_file() for relative in data), "a data file is missing"


def test_the_demo_scan_is_exactly_the_installed_one(program: Path, tmp_path: Path) -> None:
    frozen, installed = both(program, tmp_path, "scan", "--demo", "--format", "json", *PINNED)
    assert json.loads(frozen)["findings"] and frozen == installed
    frozen, installed = both(program, tmp_path, "scan", "--demo", "--details", *PINNED)
    assert frozen == installed and f"flytcheck {__version__}" in frozen


def test_a_csv_folder_loaded_by_worker_processes(program: Path, tmp_path: Path) -> None:
    folder = tmp_path / "Eksport fra Familia – Bærum"
    shutil.copytree(demo_folder(), folder)
    out = tmp_path / "rapporter"
    args = ["scan", str(folder), "--config", str(folder / "flytcheck.toml"), "--format", "json", *PINNED]
    frozen, installed = both(program, tmp_path, *args, extra={"FLYTCHECK_WORKERS": "3"})
    assert json.loads(frozen)["findings"] and frozen == installed
    home = tmp_path / "home"
    history = out / "historikk.sqlite"
    written = run(program, *args, "--history", str(history), "--html", str(out / "r.html"), cwd=tmp_path,
                  env={**clean_env(home), "FLYTCHECK_WORKERS": "3"})
    assert written.returncode == 1, written.stderr
    chart = out / "trend.svg"
    frozen_trend = run(program, "trend", str(history), "--chart", str(chart), cwd=tmp_path, env=clean_env(home))
    assert frozen_trend.returncode == 0, frozen_trend.stderr
    assert chart.read_text(encoding="utf-8").startswith("<svg") and (out / "r.html").is_file()
    assert not list(home.glob("flytcheck-*")), "the scratch database is removed"


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "reminder-open"],
        ["explain", "child-invalid-fnr", "--dialect", "postgresql", "--lang", "en"],
        ["id", "15838010080", "974760673", "12345678901", "--date", "2027-05-22", "--accept-synthetic"],
        ["id", "15838010080", "--format", "json", "--date", "2027-05-22"],
        ["rules", "--lang", "en"],
        ["requirements", "--grants", "flytcheck_reader"],
    ],
    ids=lambda a: "-".join(a[:2]),
)
def test_light_commands_answer_alike(program: Path, tmp_path: Path, args: list[str]) -> None:
    frozen, installed = both(program, tmp_path, *args)
    assert frozen and frozen == installed
