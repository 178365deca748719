"""Scan time and memory against the raw-driver floor, a hand-written reference, start-up and cost per finding.

    python benchmarks/bench_scan.py [--profiles lofoten,mid,largest] [--repeat 3] [--postgres-url URL]
                                    [--timeout 900] [--seed 1] [--doc docs/benchmarks.md] [--quick]

Each profile (sizes: docs/benchmarks.md, "Profiles") is generated once into bench-data/ (gitignored; reused while
the generator is unchanged): `<profile>.sqlite` (each table's key indexed, as a copy that kept Familia's primary
keys) and `<profile>-csv/` (SQL Server-style CSV files). Every measure is a child process timed from outside
(interpreter start included), and the measures of one round run one after the other, round after round, so that
the machine's other work falls on all of them alike (medians of --repeat rounds):

- floor: benchmarks/floor.py, the plain driver (sqlite3; psycopg for PostgreSQL) reading every column the rules
  need of every table they need (the rulebook's requirements, so a table a rule starts reading counts at once),
  once, and nothing else: no SQLAlchemy, no flytcheck; the rows it read are the table's "rows read by the floor";
- rule SQL alone: benchmarks/floor.py --queries, the SQL statements the scan runs (recorded from the engine),
  drained by the plain driver: what the database itself does for the criteria, no finding made;
- scan: `flytcheck scan SOURCE --config <companion config> --format json --quiet`.

Each measure runs under benchmarks/measure.py, which reports the command's wall time and its own peak RSS.
- reference (mid): benchmarks/reference.py, the criteria applied in plain Python over tables read into dicts;
  its findings must be exactly flytcheck's;
- start-up: `python -c pass`, `flytcheck --help`, `rules`, `id 15838010080` and `scan --demo`;
- cost per finding: benchmarks/bench_findings.py (row → finding, finding → JSON);
- CSV: the parallel load of a CSV folder (rows per second) and its scan.

--quick: lofoten only, no CSV, no reference, nothing written: the ratios in under a minute (`make bench-quick`).
Results go to --doc as Markdown; the text below the notes marker of an existing file is kept.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_doc import Results, write_doc  # noqa: E402
from bench_findings import finding_to_json, row_to_finding, rows  # noqa: E402

from flytcheck.catalogue.loading import load_rulebook  # noqa: E402
from flytcheck.sources.csv_folder import inspect_folder  # noqa: E402
from flytcheck.sources.csv_parallel import load_in_parallel  # noqa: E402
from flytcheck.sql import familia  # noqa: E402
from flytcheck.synth import config_path, generate  # noqa: E402

DATA = ROOT / "bench-data"
PYTHON = sys.executable
FLYTCHECK = str(Path(sys.executable).with_name("flytcheck"))
PG_SCHEMA = "flytcheck_bench"
STARTUP = {
    "python -c pass": [PYTHON, "-c", "pass"],
    "flytcheck --help": [FLYTCHECK, "--help"],
    "flytcheck rules": [FLYTCHECK, "rules"],
    "flytcheck id 15838010080": [FLYTCHECK, "id", "15838010080"],
    "flytcheck scan --demo": [FLYTCHECK, "scan", "--demo", "--format", "json", "--quiet"],
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def child(argv: list[str], timeout: float, stdout: Path | None = None) -> tuple[float | None, float]:
    """Run argv under benchmarks/measure.py; (wall seconds, or None when stopped at the timeout; peak RSS in MB)."""
    with tempfile.TemporaryDirectory(prefix="flytcheck-bench-") as tmp, (
        stdout.open("wb") if stdout else open(os.devnull, "wb")
    ) as out:
        report = Path(tmp) / "measure.json"
        process = subprocess.Popen([PYTHON, str(ROOT / "benchmarks" / "measure.py"), str(report), *argv],
                                   stdout=out, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the launcher and the measured command
            process.communicate()
            return None, 0.0
        measured = json.loads(report.read_text(encoding="utf-8"))
    if measured["exit"] not in (0, 1):
        text = errors.decode(errors="replace").strip()
        raise SystemExit(f"{' '.join(argv)} failed with exit code {measured['exit']}: {text[-2000:]}")
    return measured["seconds"], measured["rss_mb"]


def rule_queries(source: str, config: Path, out: Path, schema: str | None = None) -> Path:
    """Write the SQL statements a scan of `source` runs, in order, to `out` (JSON list), without running them.

    The source is opened as the scan opens it; each query is recorded and answered with its columns only
    (`LIMIT 0`), so the engine goes through every rule and the preview as in a real scan.
    """
    import tomllib

    from flytcheck import engine
    from flytcheck.settings import ScanOptions
    from flytcheck.sources.open import open_source

    settings = tomllib.loads(config.read_text(encoding="utf-8"))
    settings.pop("extra_rules", None)
    options = ScanOptions(**settings, **({"schema": schema} if schema else {}))
    recorded: list[str] = []
    with open_source(source, schema=schema) as opened:
        real = opened.query

        def record(sql: str) -> Any:
            recorded.append(sql)
            return real(f"SELECT * FROM (\n{sql}\n) AS q LIMIT 0")

        opened.query = record  # type: ignore[method-assign]
        engine.scan(opened, load_rulebook(), options)
    out.write_text(json.dumps(recorded, indent=1), encoding="utf-8")
    return out


def needed_columns() -> dict[str, list[str]]:
    return {t: sorted(c) for t, c in load_rulebook().requirements().items()}


def rounds(measures: dict[str, Callable[[], tuple[float | None, float]]], repeat: int) -> dict[str, list[tuple]]:
    """Run every measure once per round, round after round; the results of each, in order."""
    results: dict[str, list[tuple]] = {name: [] for name in measures}
    for _ in range(repeat):
        for name, measure in measures.items():
            results[name].append(measure())
    return results


def median(values: list[tuple], index: int = 0) -> float | None:
    done = [v[index] for v in values if v[index] is not None]
    return statistics.median(done) if done and len(done) == len(values) else None


def _fingerprint(profile: str, seed: int) -> str:
    """Changes when the generator's code, the profile or the seed do."""
    digest = hashlib.sha256(f"{profile}/{seed}".encode())
    for path in sorted((ROOT / "src" / "flytcheck" / "synth").glob("*.py")):
        digest.update(path.read_bytes())
    digest.update((ROOT / "src" / "flytcheck" / "sql" / "familia.py").read_bytes())
    return digest.hexdigest()


def ensure(out: Path, profile: str, seed: int) -> None:
    """Generate `out` unless a complete copy made by this generator, profile and seed is there."""
    stamp = out.with_name(out.name + ".stamp")
    fingerprint = _fingerprint(profile, seed)
    if out.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == fingerprint:
        return
    stamp.unlink(missing_ok=True)
    if out.is_dir():
        shutil.rmtree(out)
    out.unlink(missing_ok=True)
    config_path(out).unlink(missing_ok=True)
    log(f"generating {out.name} ...")
    generate(profile, seed, out)
    stamp.write_text(fingerprint, encoding="utf-8")


def findings_of(report: Path) -> set[tuple[str, str, str]]:
    data = json.loads(report.read_text(encoding="utf-8"))
    return {(f["rule"], f["table"], f["key"]) for f in data["findings"]}


def reference_findings(path: Path) -> set[tuple[str, str, str]]:
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            found.add((item["rule"], item["table"], item["key"]))
    return found


def bench_database(profile: str, args: argparse.Namespace, results: Results) -> None:
    """Floor, scan and (mid) reference on the SQLite copy, and (mid) floor and scan on PostgreSQL."""
    db = DATA / f"{profile}.sqlite"
    ensure(db, profile, args.seed)
    tables = json.dumps(needed_columns())
    scan_out, ref_out = DATA / f"{profile}-scan.json", DATA / f"{profile}-reference.jsonl"
    floor_out = DATA / f"{profile}-floor.txt"
    scan_argv = [FLYTCHECK, "scan", str(db), "--config", str(config_path(db)), "--format", "json", "--quiet"]
    queries = rule_queries(str(db), config_path(db), DATA / f"{profile}-queries.json")
    measures: dict[str, Callable[[], tuple[float | None, float]]] = {
        "floor": lambda: child([PYTHON, str(ROOT / "benchmarks" / "floor.py"), "--sqlite", str(db),
                                "--tables", tables], args.timeout, floor_out),
        "rule_sql": lambda: child([PYTHON, str(ROOT / "benchmarks" / "floor.py"), "--sqlite", str(db),
                                   "--queries", str(queries)], args.timeout),
        "scan": lambda: child(scan_argv, args.timeout, scan_out),
    }
    if profile == "mid" and not args.quick:
        measures["reference"] = lambda: child(
            [PYTHON, str(ROOT / "benchmarks" / "reference.py"), str(db), "--config", str(config_path(db)),
             "--output", str(ref_out)], args.timeout)
    log(f"{profile}: SQLite floor, scan{', reference' if 'reference' in measures else ''} ...")
    runs = rounds(measures, args.repeat)
    findings = findings_of(scan_out)
    read = int(floor_out.read_text(encoding="utf-8").strip())  # the floor prints the rows it read
    results.database(profile, "SQLite", runs, len(findings), json.loads(scan_out.read_text())["counts"], read)
    if "reference" in runs:
        same = reference_findings(ref_out) == findings
        results.reference(profile, runs, same, len(findings))
    if args.postgres_url and profile == "mid" and not args.quick:
        log(f"{profile}: PostgreSQL ...")
        load_postgres(args.postgres_url, db)
        url = args.postgres_url
        pg_queries = rule_queries(url, config_path(db), DATA / f"{profile}-pg-queries.json", PG_SCHEMA)
        pg_runs = rounds({
            "floor": lambda: child([PYTHON, str(ROOT / "benchmarks" / "floor.py"), "--postgres", url,
                                    "--schema", PG_SCHEMA, "--tables", tables], args.timeout, floor_out),
            "rule_sql": lambda: child([PYTHON, str(ROOT / "benchmarks" / "floor.py"), "--postgres", url,
                                       "--queries", str(pg_queries)], args.timeout),
            "scan": lambda: child([FLYTCHECK, "scan", url, "--schema", PG_SCHEMA, "--config", str(config_path(db)),
                                   "--format", "json", "--quiet"], args.timeout, scan_out),
        }, args.repeat)
        same = findings_of(scan_out) == findings
        read = int(floor_out.read_text(encoding="utf-8").strip())
        results.database(profile, "PostgreSQL", pg_runs, len(findings), json.loads(scan_out.read_text())["counts"],
                         read, same_as_sqlite=same)


def load_postgres(url: str, database: Path) -> None:
    """Fresh schema PG_SCHEMA with the Familia tables copied from the SQLite file, keys indexed."""
    import sqlite3

    from sqlalchemy import create_engine, text

    from flytcheck.sql.ddl import create_familia

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    create_familia(engine, {}, schema=PG_SCHEMA, only=familia.TABLES)  # Familia's Huskeliste view too
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table in familia.TABLES.values():
            columns = ", ".join(f'"{c}"' for c in table.columns)
            rows = source.execute(f'SELECT {columns} FROM "{table.name}"')
            with cursor.copy(f'COPY {PG_SCHEMA}."{table.name}" ({columns}) FROM STDIN') as copy:
                while batch := rows.fetchmany(10_000):
                    for row in batch:
                        copy.write_row(row)
            if table.key:
                keys = ", ".join(f'"{c}"' for c in table.key)
                cursor.execute(f'CREATE INDEX ON {PG_SCHEMA}."{table.name}" ({keys})')
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        source.close()
        engine.dispose()


def bench_csv(profile: str, args: argparse.Namespace, results: Results) -> None:
    folder = DATA / f"{profile}-csv"
    ensure(folder, profile, args.seed)
    needed = needed_columns()
    loads = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="flytcheck-bench-") as tmp:
            files = inspect_folder(folder)
            wanted = {t: c for t, c in needed.items() if t in files}
            start = time.perf_counter()
            load_in_parallel({t: files[t] for t in wanted}, wanted, Path(tmp))
            loads.append(time.perf_counter() - start)
    rows_loaded = sum(_rows(folder / f"{t}.csv") for t in needed if (folder / f"{t}.csv").exists())
    argv = [FLYTCHECK, "scan", str(folder), "--config", str(config_path(folder)), "--format", "json", "--quiet"]
    scans = rounds({"scan": lambda: child(argv, args.timeout)}, args.repeat)
    megabytes = sum(p.stat().st_size for p in folder.glob("*.csv")) / 1024 / 1024
    results.csv(profile, megabytes, rows_loaded, statistics.median(loads), scans["scan"])


def _rows(path: Path) -> int:
    with path.open("rb") as handle:
        return max(0, sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) - 1)


def bench_startup(args: argparse.Namespace, results: Results) -> None:
    log("start-up ...")
    repeat = max(args.repeat, 7)
    runs = rounds({name: (lambda argv=argv: child(argv, args.timeout)) for name, argv in STARTUP.items()}, repeat)
    results.startup({name: median(values) or 0.0 for name, values in runs.items()}, repeat)


def bench_per_finding(results: Results) -> None:
    log("cost per finding ...")
    count, repeat = 200_000, 5
    seconds, consumer = row_to_finding(rows(count), repeat)
    results.per_finding(seconds / count * 1e6, finding_to_json(consumer, repeat) / count * 1e6, count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", default="lofoten,mid,largest", type=lambda s: s.split(","))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=900.0, help="Seconds before one run is stopped.")
    parser.add_argument("--postgres-url", default=None)
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--quick", action="store_true", help="lofoten ratios only, nothing written")
    args = parser.parse_args(argv)
    if args.quick:
        args.profiles = ["lofoten"]
    DATA.mkdir(exist_ok=True)
    results = Results(args)
    if not args.quick:
        bench_startup(args, results)
        bench_per_finding(results)
    for profile in args.profiles:
        bench_database(profile, args, results)
        if not args.quick:
            bench_csv(profile, args, results)
            write_doc(args.doc, results)  # after each profile: partial results stay
    print(results.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
