"""docs/nightly.md tells the truth: its scripts, run for two nights on a SQLite copy, leave what the doc promises.

`nightly.sh` runs under sh. No PowerShell runs here, so for `nightly.ps1` the tests check what it relies on: its
flytcheck command line (read from the doc and run as PowerShell would pass it, from a working folder that is not
the script's, as a scheduled task without "Start in"), the configuration it points FLYTCHECK_CONFIG at, the exit
codes its `if ($status -le 1)` expects, the files it reads and writes, and the Task Scheduler command.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from robustness import is_private
from test_reports_fixtures import build_familia

DOC = (Path(__file__).parents[1] / "docs" / "nightly.md").read_text(encoding="utf-8")


def script() -> str:
    section = DOC[DOC.index("## The script"):]
    return re.findall(r"```sh\n(.*?)\n```", section, flags=re.S)[0]


def test_the_nightly_script_runs_two_nights(tmp_path: Path) -> None:
    database = build_familia(tmp_path / "familia.sqlite")
    nightly = tmp_path / "nightly.sh"
    # The doc scans SQL Server; here the same script scans a SQLite copy with pinned dates.
    text = script().replace('--odbc "$FAMILIA_ODBC"', f'"{database}" --cutover 2027-05-22 --now "$NOW"')
    assert text != script()
    nightly.write_text(text)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "FLYTCHECK_STATE": str(tmp_path / "state"),
    }
    for number, now in ((1, "2027-04-30T05:30:00+02:00"), (2, "2027-05-01T05:30:00+02:00")):
        env["FLYTCHECK_OUT"] = str(tmp_path / f"out{number}")
        env["NOW"] = now
        done = subprocess.run(["sh", str(nightly)], env=env, capture_output=True, text=True, timeout=300,
                              cwd=tmp_path, check=False)
        assert done.returncode == 1, done.stderr  # blockers: a complete scan
    out = tmp_path / "out2"
    for name in ("console.txt", "trend.txt", "rapport.html", "funn.csv", "funn.xlsx", "junit.xml", "report.json",
                 "trend.svg", "arbeidslister/arkiv.csv", "arbeidslister/samlejournal.csv"):
        assert (out / name).is_file(), name
        assert name in DOC or name.split("/")[0] + "/" in DOC
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["baseline"]["file"].endswith("yesterday.json")
    assert "Siden forrige kjøring (30.04.2027 05:30): rettet 0, nye 0" in (out / "console.txt").read_text()
    assert is_private(tmp_path / "state" / "history.sqlite")
    assert "30.04.2027 05:30" in (out / "trend.txt").read_text()


def test_the_ci_recipes_run_the_script_and_keep_the_artefacts() -> None:
    for marker in (".gitlab-ci.yml", "junit: out/junit.xml", "allow_failure", ".github/workflows",
                   "upload-artifact", "/etc/cron.d/flytcheck"):
        assert marker in DOC, marker
    assert DOC.count("sh nightly.sh") >= 2 and "sh /opt/flytcheck/jobb/nightly.sh" in DOC
    assert "--show-personal-data" in DOC  # ... as the option never to use at night


def test_the_cron_recipe_installs_from_a_checkout_or_the_release_and_uses_absolute_paths() -> None:
    cron = DOC[DOC.index("## cron"):DOC.index("## Following the trend")]
    assert "pip install flytcheck" not in DOC  # flytcheck is not installed from an index
    assert "--require-hashes -r requirements.lock" in cron and "linux-x64.tar.gz" in cron
    line = next(line for line in cron.splitlines() if line.startswith("30 5 * * *"))
    assert "FLYTCHECK=/opt/flytcheck/.venv/bin/flytcheck" in line and "sh /opt/" in line and " cd " not in line


def powershell() -> str:
    section = DOC[DOC.index("## Windows"):]
    return re.findall(r"```powershell\n(.*?)\n```", section, flags=re.S)[1]


def _ps_assignments(text: str) -> dict[str, str]:
    """The script's `$Name = '…'` assignments of plain strings."""
    return dict(re.findall(r"^\$(\w+) = '([^']*)'$", text, flags=re.M))


def _ps_words(text: str, values: dict[str, str]) -> list[str]:
    """The items of a PowerShell array of '…' strings, "…" strings with $Variables, and $Variables."""
    words = []
    for single, double, variable in re.findall(r"'([^']*)'|\"([^\"]*)\"|\$(\w+)", text):
        if variable:
            words.append(values[variable])
        elif double:
            words.append(re.sub(r"\$(\w+)", lambda m: values[m.group(1)], double).replace("\\", os.sep))
        else:
            words.append(single)
    return words


def _flytcheck() -> str:
    return str(Path(sys.executable).parent / ("flytcheck.exe" if os.name == "nt" else "flytcheck"))


def _ps_night(tmp_path: Path, script_dir: Path, state: Path, out: Path, source: Path, now: str,
              config: bool = True) -> subprocess.CompletedProcess[str]:
    """One night of nightly.ps1: its `$scan` arguments as PowerShell passes them, run from another folder."""
    text = powershell()
    values = {**_ps_assignments(text), "State": str(state), "Out": str(out), "Odbc": "<odbc>"}
    scan = _ps_words(text[text.index("$scan = @(") + len("$scan = @("):text.index("\n)\n")], values)
    assert scan[:3] == ["scan", "--odbc", "<odbc>"] and "--quiet" in scan
    args = [str(source), *scan[3:], "--now", now]  # the doc scans SQL Server; here a SQLite copy
    if (state / "yesterday.json").exists():  # if (Test-Path "$State\yesterday.json") { $scan += '--baseline', … }
        args += ["--baseline", str(state / "yesterday.json")]
    out.mkdir(parents=True, exist_ok=True)  # New-Item -ItemType Directory -Force -Path $State, $Out
    state.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "FLYTCHECK_CONFIG"}
    if config:  # $env:FLYTCHECK_CONFIG = Join-Path $PSScriptRoot 'flytcheck.toml'
        env["FLYTCHECK_CONFIG"] = str(script_dir / "flytcheck.toml")
    elsewhere = tmp_path / "system32"  # a task without "Start in" starts in the system folder
    elsewhere.mkdir(exist_ok=True)
    done = subprocess.run([_flytcheck(), "scan", *args], env=env, cwd=elsewhere, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300, check=False)
    (out / "console.txt").write_text(done.stdout, encoding="utf-8")  # 2>&1 | … | Set-Content console.txt
    if done.returncode <= 1:  # if ($status -le 1) { Copy-Item …; & $Flytcheck trend … }
        (state / "yesterday.json").write_bytes((out / "report.json").read_bytes())
        trend = subprocess.run([_flytcheck(), "trend", str(state / "history.sqlite"), "--chart",
                                str(out / "trend.svg")], env=env, cwd=elsewhere, capture_output=True, text=True,
                               timeout=120, check=True)
        (out / "trend.txt").write_text(trend.stdout, encoding="utf-8")
    return done


def test_the_powershell_script_runs_two_nights_without_a_start_in_folder(tmp_path: Path) -> None:
    text = powershell()
    database = build_familia(tmp_path / "familia.sqlite")
    script_dir = tmp_path / "flytcheck-job"
    script_dir.mkdir()
    (script_dir / "flytcheck.toml").write_text('cutover = 2027-05-22\nmin_familia_version = "5.0"\n', encoding="utf-8")
    state = tmp_path / "state"
    for night, now in (("2027-04-30", "2027-04-30T05:30:00+02:00"), ("2027-05-01", "2027-05-01T05:30:00+02:00")):
        done = _ps_night(tmp_path, script_dir, state, tmp_path / "rapporter" / night, database, now)
        assert done.returncode == 1, done.stdout  # blockers: a complete scan, as `-le 1` expects
    out = tmp_path / "rapporter" / "2027-05-01"
    console = (out / "console.txt").read_text(encoding="utf-8")
    assert "Overgangsdato: 22.05.2027 (21 dager igjen)" in console  # the settings beside the script were used
    assert "flytcheck: advarsel" not in console and "familia-outdated" in console
    assert "Siden forrige kjøring (30.04.2027 05:30): rettet 0, nye 0" in console
    for name in re.findall(r'"\$Out\\([^"]+)"', text):  # every file the script names in $Out is written
        assert (out / name).exists(), name
    for name in ("console.txt", "trend.txt", "funn.xlsx", "junit.xml", "report.json", "trend.svg"):
        assert (out / name).is_file(), name
    assert (state / "yesterday.json").is_file() and (state / "history.sqlite").is_file()
    assert "30.04.2027 05:30" in (out / "trend.txt").read_text(encoding="utf-8")


def test_without_a_configuration_the_night_still_runs_and_its_log_says_so(tmp_path: Path) -> None:
    database = build_familia(tmp_path / "familia.sqlite")
    out = tmp_path / "rapporter" / "night"
    done = _ps_night(tmp_path, tmp_path, tmp_path / "state", out, database, "2027-04-30T05:30:00+02:00",
                     config=False)
    assert done.returncode == 1
    console = (out / "console.txt").read_text(encoding="utf-8")
    assert "flytcheck: advarsel: ingen overgangsdato er satt" in console
    assert "Lette etter konfigurasjon i: --config, FLYTCHECK_CONFIG" in console
    assert "– ikke satt, så dagens dato er brukt" in " ".join(console.split())


def test_a_night_that_cannot_scan_exits_2_and_leaves_baseline_and_history_alone(tmp_path: Path) -> None:
    state = tmp_path / "state"
    out = tmp_path / "rapporter" / "night"
    done = _ps_night(tmp_path, tmp_path, state, out, tmp_path / "missing.sqlite", "2027-04-30T05:30:00+02:00")
    assert done.returncode == 2
    assert "flytcheck: feil:" in (out / "console.txt").read_text(encoding="utf-8")
    assert not (out / "report.json").exists() and not (state / "yesterday.json").exists()
    assert not (state / "history.sqlite").exists()


def test_the_scheduled_task_runs_the_script_by_its_absolute_path() -> None:
    section = DOC[DOC.index("## Windows"):DOC.index("## cron")]
    create = next(line for line in section.splitlines() if line.startswith("schtasks /Create"))
    action = re.search(r'/TR "([^"]+)"', create)
    assert action and len(action.group(1)) <= 261  # schtasks' limit for /TR
    assert action.group(1).endswith(r"-File C:\flytcheck\nightly.ps1") and "-NonInteractive" in action.group(1)
    assert "/SC DAILY" in create and "/RU " in create
    text = powershell()
    assert "$PSScriptRoot" in text and "Set-Location" not in text  # nothing depends on the working folder
    for name, value in _ps_assignments(text).items():
        if "\\" in value:
            assert re.match(r"[A-Z]:\\", value), (name, value)  # paths are absolute
    assert "exit $status" in text and "$status -le 1" in text
