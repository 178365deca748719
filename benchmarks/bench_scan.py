"""Scan time, memory and CSV load speed on the synthetic profiles of domain.md §4, against the I/O floor.

    python benchmarks/bench_scan.py [--profiles lofoten,mid,largest] [--repeat 3] [--postgres-url URL]
                                    [--timeout 900] [--seed 1] [--doc docs/benchmarks.md]

Each profile is generated once into bench-data/ (gitignored; reused when present): `<profile>.sqlite` (with an
index on each table's Familia key, as a copy that kept the primary keys) and `<profile>-csv/` (SQL Server-style CSV
files). Then, per profile, the median of --repeat runs of:

- scan: `flytcheck scan SOURCE --config <companion config> --format json --quiet` as a child process: wall time
  and peak RSS (os.wait4's ru_maxrss of that child); interpreter start-up and imports included;
- floor: reading every row of every column the rules use once (`SELECT <needed columns> FROM <table>` for each
  table of Rulebook.requirements()), through the same SQLAlchemy path the scan streams with; in-process;
- CSV load: flytcheck.sources.csv_parallel.load_in_parallel of the needed columns into scratch SQLite files (one
  worker process per core, as the scan does),
  and rows loaded per second; the CSV floor is load + the SQLite floor;
- with --postgres-url: mid loaded into a fresh schema `flytcheck_bench` by COPY, scanned and floored the same way.

A run that exceeds --timeout is stopped and reported as such. Results go to --doc as Markdown; text below the
notes marker of an existing file is kept.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
try:
    from flytcheck.rulebook import load_rulebook
    from flytcheck.sources.base import Source
    from flytcheck.sources.csv_folder import inspect_folder
    from flytcheck.sources.csv_parallel import attach, load_in_parallel
    from flytcheck.sources.databases import open_url
    from flytcheck.sources.sqlite import open_sqlite_file
    from flytcheck.sql import familia
    from flytcheck.sql.ddl import create_familia
    from flytcheck.synth import config_path, generate
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))
    from flytcheck.rulebook import load_rulebook
    from flytcheck.sources.base import Source
    from flytcheck.sources.csv_folder import inspect_folder
    from flytcheck.sources.csv_parallel import attach, load_in_parallel
    from flytcheck.sources.databases import open_url
    from flytcheck.sources.sqlite import open_sqlite_file
    from flytcheck.sql import familia
    from flytcheck.sql.ddl import create_familia
    from flytcheck.synth import config_path, generate

DATA = ROOT / "bench-data"
FLYTCHECK = str(Path(sys.executable).with_name("flytcheck"))
MARKER = "<!-- Notes below this line are kept when bench_scan.py rewrites the file. -->"
PG_SCHEMA = "flytcheck_bench"
PROFILE_ORDER = ("demo", "lofoten", "mid", "largest")
DB_HEADER = "| Profile | Source | Rows | Scan wall | Peak RSS | Floor | Scan / floor | Target | Findings |"
CSV_HEADER = "| Profile | Files | Rows loaded | Load | Rows/s | Scan wall | Peak RSS | Scan / floor |"
TARGETS = {"largest": "≤ 2.5× floor, < 500 MB", "mid": "≤ 2× floor"}


@dataclass
class Run:
    """A measure's runs: seconds (None = timed out), peak RSS in MB, and what the last run said."""

    seconds: list[float | None] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    note: str = ""

    def median(self) -> float | None:
        done = [s for s in self.seconds if s is not None]
        return statistics.median(done) if done and len(done) == len(self.seconds) else None

    def wall(self, timeout: float) -> str:
        m = self.median()
        if m is None and self.seconds:
            return f"> {timeout:.0f} s (stopped)"
        return _s(m) + (" (1 run)" if len(self.seconds) == 1 else "")

    def rss(self) -> str:
        return f"{statistics.median(self.rss_mb):.0f} MB" if self.rss_mb else "—"


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def child(argv: list[str], timeout: float, stdout: Path) -> tuple[float | None, float, int]:
    """Run argv; (wall seconds or None when stopped at the timeout, peak RSS in MB, exit code)."""
    with stdout.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
        stopped = threading.Event()

        def stop() -> None:
            stopped.set()
            process.kill()

        timer = threading.Timer(timeout, stop)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        timer.cancel()
    process.returncode = code = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace").strip()
    process.stderr.close()
    if code not in (0, 1) and not stopped.is_set():
        raise SystemExit(f"{' '.join(argv)} failed with exit code {code}: {errors[-2000:]}")
    return (None if stopped.is_set() else elapsed), usage.ru_maxrss / 1024, code


def measure_scan(source: str, config: Path, args: argparse.Namespace, extra: tuple[str, ...] = ()) -> Run:
    run = Run()
    report = DATA / "last-report.json"
    for _ in range(args.repeat):
        argv = [FLYTCHECK, "scan", source, *extra, "--config", str(config), "--format", "json", "--quiet"]
        seconds, rss, _ = child(argv, args.timeout, report)
        run.seconds.append(seconds)
        run.rss_mb.append(rss)
        if seconds is None:
            break
    if run.median() is not None:
        counts = json.loads(report.read_text(encoding="utf-8"))["counts"]
        run.note = f"{counts['blocker']} blockers, {counts['warning']} warnings, {counts['info']} info"
    return run


def floor(source: Source, repeat: int) -> float:
    """Median seconds to stream every needed column of every needed table once."""
    needed = load_rulebook().requirements()
    catalog = source.catalog(set(needed))
    sqls = []
    for table, columns in sorted(needed.items()):
        names = ", ".join(f'"{catalog.column_name(table, c)}"' for c in sorted(columns))
        schema = f'"{catalog.schema}".' if catalog.schema else ""
        sqls.append(f'SELECT {names} FROM {schema}"{catalog.table_name(table)}"')
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for sql in sqls:
            for _row in source.stream(sql):
                pass
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def csv_load(folder: Path, repeat: int) -> tuple[float, int]:
    """Median seconds to load the needed columns of a CSV folder into SQLite (as the scan does: one worker
    process per core), and the rows loaded."""
    needed = {t: sorted(c) for t, c in load_rulebook().requirements().items()}
    times, rows = [], 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="flytcheck-bench-") as tmp:
            files = inspect_folder(folder)
            wanted = {t: c for t, c in needed.items() if t in files}
            start = time.perf_counter()
            paths = load_in_parallel({t: files[t] for t in wanted}, wanted, Path(tmp))
            times.append(time.perf_counter() - start)
            connection = sqlite3.connect(paths[0])
            attach(connection, paths[1:])
            rows = sum(connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in wanted)
            connection.close()
    return statistics.median(times), rows


def _fingerprint(profile: str, seed: int) -> str:
    """Changes when the generator's code, the profile or the seed do."""
    digest = hashlib.sha256(f"{profile}/{seed}".encode())
    for path in sorted((ROOT / "src" / "flytcheck" / "synth").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure(out: Path, profile: str, seed: int, timings: dict[str, float]) -> None:
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
    start = time.perf_counter()
    generate(profile, seed, out)
    timings[out.name] = time.perf_counter() - start
    stamp.write_text(fingerprint, encoding="utf-8")


def load_postgres(url: str, folder: Path) -> None:
    """Fresh schema PG_SCHEMA with the Familia tables, filled from the CSV folder by COPY, keys indexed."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    create_familia(engine, {}, schema=PG_SCHEMA)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table in familia.TABLES.values():
            columns = ", ".join(f'"{c}"' for c in table.columns)
            options = "FORMAT csv, DELIMITER ';', HEADER true, NULL '', ENCODING 'WIN1252'"
            sql = f'COPY {PG_SCHEMA}."{table.name}" ({columns}) FROM STDIN WITH ({options})'
            with (folder / f"{table.name}.csv").open("rb") as handle, cursor.copy(sql) as copy:
                while block := handle.read(1 << 20):
                    copy.write(block)
            if table.key:
                keys = ", ".join(f'"{c}"' for c in table.key)
                cursor.execute(f'CREATE INDEX ON {PG_SCHEMA}."{table.name}" ({keys})')
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        engine.dispose()


def machine() -> list[str]:
    model = "unknown"
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next((line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line), model)
    except OSError:
        pass
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kb / 1024 / 1024:.0f} GB"
    return [
        f"- Date: {date.today().isoformat()}",
        f"- CPU: {model}, {os.cpu_count()} cores; RAM {memory}; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
    ]


def write_doc(
    path: Path,
    args: argparse.Namespace,
    db_rows: list[str],
    csv_rows: list[str],
    gen: dict[str, float],
    startup: float,
) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = old.split(MARKER, 1)[1].lstrip("\n") if MARKER in old else ""
    db_rows = _merge(_table_rows(old, DB_HEADER), db_rows, args.profiles)
    csv_rows = _merge(_table_rows(old, CSV_HEADER), csv_rows, args.profiles)
    lines = [
        "# Scan benchmarks",
        "",
        "Written by `python benchmarks/bench_scan.py` (`make bench`); latest run: "
        f"`--profiles {','.join(args.profiles)} --repeat {args.repeat}`",
        "(rows of other profiles are from earlier runs). The data is synthetic (`flytcheck synth`, domain.md §4",
        f"sizes, seed {args.seed}), scanned with the companion config of each profile (cutover 2027-05-22).",
        "",
        *machine(),
        "",
        "Medians of the runs. *Scan* is `flytcheck scan … --format json --quiet` as a child process (start-up",
        "included); *floor* streams every needed column of every needed table once through SQLAlchemy, in-process.",
        f"Fixed cost for comparison: `flytcheck rules` (start-up, imports, loading the catalogue) takes {_s(startup)}.",
        "",
        DB_HEADER,
        "|---|---|---:|---:|---:|---:|---:|---|---|",
        *db_rows,
        "",
        "CSV folders (SQL Server style, cp1252): *load* is `load_in_parallel` of the needed columns into SQLite,",
        "one worker process per core; the CSV floor is load + the SQLite floor. Target: ≥ 250 000 rows/s.",
        "",
        CSV_HEADER,
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *csv_rows,
        "",
    ]
    if gen:
        lines += ["Generation (this run): " + ", ".join(f"{k} {_s(v)}" for k, v in sorted(gen.items())), ""]
    lines += [
        "Reproduce: `make bench`, or `python benchmarks/bench_scan.py --profiles lofoten,mid --repeat 3`",
        "(add `--postgres-url postgresql+psycopg://user@host/db` for mid on PostgreSQL; `largest` needs ~3 GB of",
        "disk in bench-data/).",
        "",
        MARKER,
        "",
    ]
    path.write_text("\n".join(lines) + kept, encoding="utf-8")


def _table_rows(text: str, header: str) -> list[str]:
    lines = text.splitlines()
    if header not in lines:
        return []
    rows = []
    for line in lines[lines.index(header) + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def _merge(earlier: list[str], latest: list[str], profiles: list[str]) -> list[str]:
    """The latest rows, and earlier rows of profiles not run this time, in profile order."""
    order = {name: i for i, name in enumerate(PROFILE_ORDER)}
    rows = [row for row in earlier if _profile(row) not in profiles] + latest
    return sorted(rows, key=lambda row: order.get(_profile(row), len(order)))


def _profile(row: str) -> str:
    return row.split("|")[1].strip()


def _n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def bench_profile(profile: str, args: argparse.Namespace, gen: dict[str, float]) -> tuple[list[str], list[str]]:
    db, folder = DATA / f"{profile}.sqlite", DATA / f"{profile}-csv"
    ensure(db, profile, args.seed, gen)
    ensure(folder, profile, args.seed, gen)
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as connection:
        rows = sum(connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in familia.TABLES)
    target = TARGETS.get(profile, "")
    db_rows, csv_rows = [], []

    log(f"{profile}: SQLite floor and scan ...")
    source = open_sqlite_file(db)
    try:
        sqlite_floor = floor(source, args.repeat)
    finally:
        source.close()
    scan = measure_scan(str(db), config_path(db), args)
    db_rows.append(_row(profile, "SQLite", rows, scan, sqlite_floor, target, args.timeout))

    if args.postgres_url and profile == "mid":
        log(f"{profile}: loading PostgreSQL ...")
        load_postgres(args.postgres_url, folder)
        source = open_url(args.postgres_url, PG_SCHEMA, 15, None)
        try:
            pg_floor = floor(source, args.repeat)
        finally:
            source.close()
        scan = measure_scan(args.postgres_url, config_path(db), args, ("--schema", PG_SCHEMA))
        db_rows.append(_row(profile, "PostgreSQL", rows, scan, pg_floor, target, args.timeout))

    log(f"{profile}: CSV load and scan ...")
    load_seconds, loaded = csv_load(folder, args.repeat)
    scan = measure_scan(str(folder), config_path(folder), args)
    megabytes = sum(p.stat().st_size for p in folder.glob("*.csv")) / 1024 / 1024
    size = f"{megabytes:.1f}" if megabytes < 10 else f"{megabytes:.0f}"
    wall = scan.median()
    ratio = f"{wall / (load_seconds + sqlite_floor):.1f}×" if wall else "—"
    csv_rows.append(
        f"| {profile} | {size} MB | {_n(loaded)} | {_s(load_seconds)} | {_n(round(loaded / load_seconds))} "
        f"| {scan.wall(args.timeout)} | {scan.rss()} | {ratio} |"
    )
    return db_rows, csv_rows


def _row(profile: str, kind: str, rows: int, scan: Run, floor_s: float, target: str, timeout: float) -> str:
    wall = scan.median()
    ratio = f"{wall / floor_s:.1f}×" if wall else "—"
    return (
        f"| {profile} | {kind} | {_n(rows)} | {scan.wall(timeout)} | {scan.rss()} | {_s(floor_s)} | {ratio} "
        f"| {target} | {scan.note} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", default="lofoten,mid,largest", type=lambda s: s.split(","))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=900.0, help="Seconds before one scan run is stopped.")
    parser.add_argument("--postgres-url", default=None)
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    DATA.mkdir(exist_ok=True)
    startup = statistics.median(
        child([FLYTCHECK, "rules"], args.timeout, DATA / "rules.txt")[0] or 0.0 for _ in range(args.repeat)
    )
    gen: dict[str, float] = {}
    db_rows: list[str] = []
    csv_rows: list[str] = []
    for profile in args.profiles:
        more_db, more_csv = bench_profile(profile, args, gen)
        db_rows += more_db
        csv_rows += more_csv
        write_doc(args.doc, args, db_rows, csv_rows, gen, startup)  # after each profile: partial results stay
        log("\n".join(db_rows + csv_rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
