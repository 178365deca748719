"""The repository explains itself: no tracked file points to the team's specification folder outside it.

A user who clones flytcheck never sees that folder, so the criteria live in docs/criteria.md and the test data
in tests/data/. The patterns below are written so that this file does not match them itself.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[1]
OUTSIDE = re.compile(r"\.\./share[d]|/work/share[d]|share[d]/testdata|domain\.m[d]|parents\[2\] / \"share[d]", re.I)
SKIPPED = {".git", ".venv", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", "build",
           "dist", "bench-data", ".pgtest"}


def tracked_files() -> list[Path]:
    """The files git tracks; outside a git checkout (an unpacked sdist), every file but caches and builds."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return [p for p in ROOT.rglob("*") if p.is_file() and not SKIPPED & set(p.relative_to(ROOT).parts)]
    return [ROOT / name for name in listed.decode("utf-8").split("\0") if name]


def test_no_tracked_file_points_outside_the_repository() -> None:
    files = tracked_files()
    assert len(files) > 50 and ROOT / "docs" / "criteria.md" in files
    offenders = []
    for path in files:
        if not path.is_file():  # deleted in the working tree, not yet committed
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        offenders += [f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
                      for m in OUTSIDE.finditer(text)]
    hint = "point to docs/criteria.md (or copy the data into tests/data/) instead"
    assert not offenders, hint + ":\n" + "\n".join(offenders)
