"""docs/nightly.md tells the truth: its script, run for two nights on a SQLite copy, leaves what the doc promises."""

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
    assert DOC.count("sh nightly.sh") >= 3
    assert "--show-personal-data" in DOC  # ... as the option never to use at night
