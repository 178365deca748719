"""CSV load time by worker start method: `spawn` (what flytcheck uses, on every platform) against `fork`.

    python benchmarks/bench_csv_start.py [--profile mid] [--repeat 5] [--seed 1]

Loads the columns the rules need from bench-data/<profile>-csv (generated when missing, as bench_scan.py does)
with flytcheck.sources.csv_parallel.load_in_parallel, alternating the start methods run by run, and prints the
median, best and worst seconds of each and rows per second, as a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Only what the CLI's entry script imports too: a spawned worker imports this script again, as it imports
# `flytcheck` (the console script) in a real scan; the rule book and the generator are imported in main().
try:
    from flytcheck.sources.csv_folder import inspect_folder
    from flytcheck.sources.csv_parallel import _quiet_worker, attach, load_in_parallel, worker_count
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))
    from flytcheck.sources.csv_folder import inspect_folder
    from flytcheck.sources.csv_parallel import _quiet_worker, attach, load_in_parallel, worker_count


def load_once(folder: Path, method: str, needed: dict[str, list[str]]) -> tuple[float, int]:
    files = inspect_folder(folder)
    wanted = {t: c for t, c in needed.items() if t in files}
    with tempfile.TemporaryDirectory(prefix="flytcheck-bench-") as tmp:
        start = time.perf_counter()
        paths = load_in_parallel({t: files[t] for t in wanted}, wanted, Path(tmp), start_method=method)
        seconds = time.perf_counter() - start
        connection = sqlite3.connect(paths[0])
        attach(connection, paths[1:])
        rows = sum(connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in wanted)
        connection.close()
    return seconds, rows


def start_workers(method: str, count: int) -> float:
    """Seconds to start `count` workers (each imports this script and the loader, as in a scan) and hear back."""
    start = time.perf_counter()
    with multiprocessing.get_context(method).Pool(count, initializer=_quiet_worker) as pool:
        pool.map(abs, range(count), chunksize=1)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="mid")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from flytcheck.catalogue.loading import load_rulebook
    from flytcheck.synth import generate

    needed = {t: sorted(c) for t, c in load_rulebook().requirements().items()}
    folder = ROOT / "bench-data" / f"{args.profile}-csv"
    if not folder.is_dir():
        generate(args.profile, args.seed, folder)
    methods = [m for m in ("spawn", "fork") if m in multiprocessing.get_all_start_methods()]
    times: dict[str, list[float]] = {m: [] for m in methods}
    rows = 0
    for _ in range(args.repeat):
        for method in methods:
            seconds, rows = load_once(folder, method, needed)
            times[method].append(seconds)
    workers = worker_count(inspect_folder(folder))
    starts = {m: statistics.median(start_workers(m, workers) for _ in range(args.repeat)) for m in methods}
    print(f"{args.profile}: {rows:,} rows".replace(",", " ") + f", {workers} workers, {args.repeat} runs each")
    print("| Start method | Load, median | Best | Worst | Rows/s (median) | Starting the workers |")
    print("|---|---:|---:|---:|---:|---:|")
    for method, values in times.items():
        median = statistics.median(values)
        rate = f"{rows / median:,.0f}".replace(",", " ")
        spread = f"{min(values):.2f} s | {max(values):.2f} s"
        print(f"| {method} | {median:.2f} s | {spread} | {rate} | {starts[method]:.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
