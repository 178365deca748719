"""The register rules' SQL alone (category `register`), against the whole scan's, on a synthetic SQLite database.

    python benchmarks/bench_register.py DATABASE [--repeat 3]

DATABASE is a `flytcheck synth` SQLite file (with its companion `.flytcheck.toml`). The statements are recorded
from the engine as a scan sends them (benchmarks/bench_scan.py's `rule_queries`), once with every rule and once
with the register rules alone, and each is drained with the plain driver: the median wall and CPU time of
--repeat rounds, the rows, and SQLite's query plan of each register statement (every table it reads, and how:
SCAN is a full pass, SEARCH a look-up by index).

The register tables (FA_MELDINGER, FA_UNDERSOEKELSER, FA_TILTAKSPLAN, FA_TILTAK, FA_SAKSJOURNAL) come from the
generator, in the sizes and defect shares of docs/benchmarks.md ("Profiles").
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scan import rule_queries  # noqa: E402

from flytcheck.catalogue.loading import load_rulebook  # noqa: E402
from flytcheck.synth import config_path  # noqa: E402

REGISTER_TABLES = ("FA_MELDINGER", "FA_UNDERSOEKELSER", "FA_TILTAKSPLAN", "FA_TILTAK", "FA_SAKSJOURNAL")


def _drain(connection: sqlite3.Connection, sql: str) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    cursor = connection.execute(sql)
    rows = 0
    while batch := cursor.fetchmany(5_000):
        rows += len(batch)
    return time.perf_counter() - wall, time.process_time() - cpu, rows


def _plan(connection: sqlite3.Connection, sql: str) -> list[str]:
    """The plan's table accesses: `SCAN FA_MELDINGER`, `SEARCH k USING INDEX …`, `USE TEMP B-TREE …`."""
    return [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}")
            if row[3].startswith(("SCAN", "SEARCH", "USE TEMP", "MATERIALIZE", "CO-ROUTINE"))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    database = args.database
    rulebook = load_rulebook()
    register = sorted(r.id for r in rulebook.rules.values() if r.category == "register")
    others = sorted(set(rulebook.rules) - set(register))
    config = config_path(database)

    with tempfile.TemporaryDirectory(prefix="bench-register-") as folder:
        scratch = Path(folder)

        def statements(name: str, disabled: list[str]) -> list[str]:
            settings = scratch / f"{name}.toml"
            settings.write_text(config.read_text(encoding="utf-8") + f"\ndisabled_rules = {json.dumps(disabled)}\n")
            recorded = rule_queries(str(database), settings, scratch / f"{name}.json")
            return list(json.loads(recorded.read_text(encoding="utf-8")))

        everything = statements("all", [])
        preview = statements("none", sorted(rulebook.rules))  # the preview and the version run whatever is enabled
        ours = [sql for sql in statements("register", others) if sql not in preview]
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        counts = {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                  for t in ("FA_KLIENT", *REGISTER_TABLES)}
        print(f"{database.name}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
        print(f"register statements: {len(ours)} of the scan's {len(everything)}")
        for index, sql in enumerate(ours, 1):
            timings = [_drain(connection, sql) for _ in range(args.repeat)]
            wall = statistics.median(t[0] for t in timings)
            cpu = statistics.median(t[1] for t in timings)
            print(f"\n[{index}] {wall:.3f} s wall, {cpu:.3f} s CPU, {timings[0][2]} rows")
            for step in _plan(connection, sql):
                print(f"    {step}")
        rounds = [sum(_drain(connection, sql)[0] for sql in ours) for _ in range(args.repeat)]
        whole = [sum(_drain(connection, sql)[0] for sql in everything) for _ in range(args.repeat)]
        print(f"\nregister SQL: {statistics.median(rounds):.3f} s; all of the scan's SQL: "
              f"{statistics.median(whole):.3f} s (medians of {args.repeat})")
        connection.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
