"""Regenerate the demo database shipped in the package: src/flytcheck/demo/ (CSV files and flytcheck.toml).

    python scripts/make_demo.py

The demo is `flytcheck synth --profile demo --seed 2026` as a folder of SQL Server-style CSV files. Only the files
the generator writes are replaced; tests/test_synth.py checks that the shipped files are exactly what this makes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    from flytcheck.sql import familia
    from flytcheck.synth import generate
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))
    from flytcheck.sql import familia
    from flytcheck.synth import generate

DEMO = ROOT / "src" / "flytcheck" / "demo"
PROFILE, SEED = "demo", 2026


def main() -> int:
    DEMO.mkdir(parents=True, exist_ok=True)
    for name in [*(f"{table}.csv" for table in familia.TABLES), "flytcheck.toml"]:
        (DEMO / name).unlink(missing_ok=True)
    counts = generate(PROFILE, SEED, DEMO)
    print(f"{DEMO}: {sum(counts.values())} rows in {len(counts)} tables (profile {PROFILE}, seed {SEED})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
