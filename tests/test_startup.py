"""Commands start at once: the light ones load none of sqlglot, SQLAlchemy and pydantic, and a scan of a SQLite file
or CSV folder loads no SQLAlchemy and no sqlglot (the built-in catalogue comes precompiled). Times are measured in
benchmarks/bench_scan.py (docs/benchmarks.md, "Start-up"), not here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlglot", "sqlalchemy", "pydantic")
PROBE = """
import json, sys
args, heavy = json.loads(sys.argv[1]), set(json.loads(sys.argv[2]))
from flytcheck.cli import main
sys.argv = ["flytcheck", *args]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\\nLOADED " + json.dumps(sorted({m.split(".")[0] for m in sys.modules} & heavy)))
"""


def loaded(*args: str, cwd: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(HEAVY)],
        capture_output=True, text=True, timeout=120, cwd=cwd,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("LOADED "))
    return list(json.loads(line.removeprefix("LOADED ")))


@pytest.mark.parametrize("args", [("--help",), ("rules",), ("id", "15838010080"), ("rules", "--lang", "en")],
                         ids=lambda a: " ".join(a))
def test_light_commands_load_no_heavy_library(args: tuple[str, ...], tmp_path: Path) -> None:
    assert loaded(*args, cwd=tmp_path) == []


def test_a_scan_of_the_demo_loads_neither_sqlalchemy_nor_sqlglot(tmp_path: Path) -> None:
    assert loaded("scan", "--demo", "--format", "json", "--quiet", cwd=tmp_path) == ["pydantic"]  # the options
