"""The register rules' SQL alone (category `register`), against the whole scan's, on a synthetic SQLite database.

    python benchmarks/bench_register.py DATABASE [--fill] [--repeat 3]

DATABASE is a `flytcheck synth` SQLite file (with its companion `.flytcheck.toml`). The statements are recorded
from the engine as a scan sends them (benchmarks/bench_scan.py's `rule_queries`), once with every rule and once
with the register rules alone, and each is drained with the plain driver: the median wall and CPU time of
--repeat rounds, the rows, and SQLite's query plan of each register statement (every table it reads, and how:
SCAN is a full pass, SEARCH a look-up by index).

--fill works on a copy beside DATABASE (`<name>-register.sqlite`): the register tables the generator left empty
(FA_MELDINGER, FA_UNDERSOEKELSER, FA_TILTAKSPLAN, FA_TILTAK, FA_SAKSJOURNAL) get rows in the proportions of
docs/benchmarks.md (per child: 1.5 reports of concern, 0.75 investigations, 1.25 plans, 1.25 measures and 1.25
decisions), about 5 % of them defective for each register rule, and 1 % of the children a second case file. Only
until the generator makes these tables itself.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scan import rule_queries  # noqa: E402

from flytcheck.catalogue.loading import load_rulebook  # noqa: E402
from flytcheck.synth import config_path  # noqa: E402

REGISTER_TABLES = ("FA_MELDINGER", "FA_UNDERSOEKELSER", "FA_TILTAKSPLAN", "FA_TILTAK", "FA_SAKSJOURNAL")


def _day(rng: random.Random, start: date, days: int) -> str:
    return (start + timedelta(days=rng.randrange(days))).isoformat() + " 00:00:00.000000"


def fill(source: Path, seed: int = 1) -> Path:
    """A copy of `source` whose empty register tables hold rows, ~5 % defective per rule (see the module text)."""
    out = source.with_name(source.stem + "-register.sqlite")
    shutil.copyfile(source, out)
    shutil.copyfile(config_path(source), config_path(out))
    rng = random.Random(seed)
    connection = sqlite3.connect(out)
    with connection:
        empty = [t for t in REGISTER_TABLES if not connection.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()]
        children = connection.execute(
            'SELECT "KLI_LOEPENR", "SBH_INITIALER", "KLI_FOEDSELSDATO", "KLI_PERSONNR", "KOM_KOMMUNENR" '
            'FROM "FA_KLIENT"').fetchall()
        top = max(c[0] for c in children)
        chosen = rng.sample(children, len(children) // 100)
        twins = [(top + i + 1, c[1], c[2], c[3], c[4]) for i, c in enumerate(chosen)]
        connection.executemany(
            'INSERT INTO "FA_KLIENT" ("KLI_LOEPENR", "SBH_INITIALER", "KLI_FOEDSELSDATO", "KLI_PERSONNR", '
            '"KOM_KOMMUNENR") VALUES (?, ?, ?, ?, ?)', twins)
        start = date(2018, 1, 1)

        def defect() -> bool:
            return rng.random() < 0.05

        rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in REGISTER_TABLES}
        for number in range(1, int(len(children) * 1.5) + 1):
            child = rng.choice(children)
            received = _day(rng, start, 3000)
            done = _day(rng, date(2010, 1, 1), 3000) if defect() else received
            conclusion = "H" if rng.random() < 0.3 else "U"
            reason = 0 if defect() else 1
            rows["FA_MELDINGER"].append((number, None if rng.random() < 0.02 else child[0], child[1], received, done,
                                         conclusion, reason, 0, 0))
        for number in range(1, int(len(children) * 0.75) + 1):
            began = _day(rng, start, 3000)
            rows["FA_UNDERSOEKELSER"].append((number * 2, rng.choice(children)[1], began,
                                              _day(rng, date(2010, 1, 1), 3000) if defect() else began,
                                              "" if defect() else "T"))
        for table in ("FA_TILTAKSPLAN", "FA_TILTAK"):
            for number in range(1, int(len(children) * 1.25) + 1):
                child = rng.choice(children)
                began = _day(rng, start, 3000)
                ended = None if defect() else (_day(rng, date(2010, 1, 1), 3000) if defect() else began)
                rows[table].append((number, child[0], child[1], began, ended))
        for number in range(1, int(len(children) * 1.25) + 1):
            child = rng.choice(children)
            rows["FA_SAKSJOURNAL"].append((2000 + number % 27, number, child[0], child[1],
                                           "        " if defect() else "4-12    ", "4-4     "))
        inserts = {
            "FA_MELDINGER": '"MEL_LOEPENR", "KLI_LOEPENR", "SBH_INITIALER", "MEL_MOTTATTDATO", '
                            '"MEL_AVSLUTTETGJENNOMGANG", "MEL_KONKLUSJON", "MEL_HENLAGT_PGA_UTENFORBVL", '
                            '"MEL_HENLAGT_ANNEN_INSTANS", "MEL_HENLAGT_TIL_ANNEN_BV"',
            "FA_UNDERSOEKELSER": '"MEL_LOEPENR", "SBH_INITIALER", "UND_STARTDATO", "UND_FERDIGDATO", "UND_KONKLUSJON"',
            "FA_TILTAKSPLAN": '"TTP_LOEPENR", "KLI_LOEPENR", "SBH_INITIALER", "TTP_FRADATO", "TTP_TILDATO"',
            "FA_TILTAK": '"TIL_LOEPENR", "KLI_LOEPENR", "SBH_INITIALER", "TIL_FRADATO", "TIL_TILDATO"',
            "FA_SAKSJOURNAL": '"SAK_AAR", "SAK_JOURNALNR", "KLI_LOEPENR", "SBH_INITIALER", "LOV_HOVEDPARAGRAF", '
                              '"LOV_JMFPARAGRAF1"',
        }
        for table in empty:
            marks = ", ".join("?" * len(rows[table][0]))
            connection.executemany(f'INSERT INTO "{table}" ({inserts[table]}) VALUES ({marks})', rows[table])
    connection.close()
    return out


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
    parser.add_argument("--fill", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    database = fill(args.database) if args.fill else args.database
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
