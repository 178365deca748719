"""Collects the measures of bench_scan.py and writes them to docs/benchmarks.md (and a summary to the terminal).

Rows of profiles not run this time are kept from the file as it was; so is everything below the notes marker.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

MARKER = "<!-- Notes below this line are kept when bench_scan.py rewrites the file. -->"
PROFILE_ORDER = ("demo", "lofoten", "mid", "largest")
SCAN_HEADER = "| Profile | Source | Rows read by the floor | Floor | Rule SQL alone | Scan | Scan / floor | Scan / rule SQL | Target | Peak RSS | Findings |"  # noqa: E501
REFERENCE_HEADER = "| Profile | Reference | Scan | Reference / scan | Same findings | Target |"
CSV_HEADER = "| Profile | Files | Rows | Load | Rows/s | Scan | Scan / SQLite scan | Target | Peak RSS |"
CSV_HEADER_BEFORE = "| Profile | Files | Rows | Load | Rows/s | Scan | Peak RSS |"
"""The CSV table before it had the ratio to the SQLite scan: its rows are kept with the new columns empty."""
TARGETS = {("mid", "SQLite"): "≤ 1.3×", ("largest", "SQLite"): "≤ 1.3×, ≤ 300 MB", ("mid", "PostgreSQL"): "≤ 1.3×"}
CSV_TARGETS = {"mid": "≤ 2.5×"}
"""The CSV folder's scan against the same profile's SQLite scan."""
STARTUP_TARGETS = {"flytcheck --help": 0.25, "flytcheck rules": 0.25, "flytcheck id 15838010080": 0.25,
                   "flytcheck scan --demo": 0.6}


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def _n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _median(values: list[tuple], index: int = 0) -> float | None:
    done = [v[index] for v in values if v[index] is not None]
    return statistics.median(done) if done and len(done) == len(values) else None


@dataclass
class Results:
    args: argparse.Namespace
    scan_rows: list[str] = field(default_factory=list)
    reference_rows: list[str] = field(default_factory=list)
    csv_rows: list[str] = field(default_factory=list)
    startup_lines: list[str] = field(default_factory=list)
    finding_lines: list[str] = field(default_factory=list)
    ratios: list[str] = field(default_factory=list)
    sqlite_scans: dict[str, float | None] = field(default_factory=dict)
    """Each profile's SQLite scan (median), for the CSV folder's ratio to it."""

    def database(self, profile: str, kind: str, runs: dict[str, list[tuple]], findings: int,
                 counts: dict[str, int], read: int, same_as_sqlite: bool | None = None) -> None:
        """One scan row; `read` is the rows the floor read (every needed column of every needed table)."""
        floor, scan = _median(runs["floor"]), _median(runs["scan"])
        rule_sql = _median(runs["rule_sql"]) if "rule_sql" in runs else None
        rss = _median(runs["scan"], 1)
        ratio = f"{scan / floor:.2f}×" if scan and floor else "—"
        over_sql = f"{scan / rule_sql:.2f}×" if scan and rule_sql else "—"
        if kind == "SQLite":
            self.sqlite_scans[profile] = scan
        rows = _n(read)
        note = f"{counts['blocker']} blockers, {counts['warning']} warnings, {counts['info']} info"
        if same_as_sqlite is not None:
            note += "; same findings as SQLite" if same_as_sqlite else "; DIFFERENT findings from SQLite"
        self.scan_rows.append(
            f"| {profile} | {kind} | {rows} | {_s(floor)} | {_s(rule_sql)} | {_s(scan)} | {ratio} | {over_sql} "
            f"| {TARGETS.get((profile, kind), '')} | {rss:.0f} MB | {note} |"
            if rss else f"| {profile} | {kind} | {rows} | — | — | — | — | — | | — | {note} |"
        )
        self.ratios.append(f"{profile} {kind}: floor {_s(floor)}, rule SQL {_s(rule_sql)}, scan {_s(scan)}, "
                           f"scan/floor {ratio}, scan/rule SQL {over_sql}, peak RSS {rss:.0f} MB")

    def reference(self, profile: str, runs: dict[str, list[tuple]], same: bool, findings: int) -> None:
        reference, scan = _median(runs["reference"]), _median(runs["scan"])
        ratio = f"{reference / scan:.2f}×" if reference and scan else "—"
        verdict = f"yes ({_n(findings)})" if same else "NO"
        self.reference_rows.append(
            f"| {profile} | {_s(reference)} | {_s(scan)} | {ratio} | {verdict} | flytcheck ≥ 1.5× faster |"
        )
        self.ratios.append(f"{profile}: reference {_s(reference)}, scan {_s(scan)}, reference/scan {ratio}, "
                           f"same findings: {same}")

    def csv(self, profile: str, megabytes: float, rows: int, load: float, scans: list[tuple]) -> None:
        size = f"{megabytes:.1f}" if megabytes < 10 else f"{megabytes:.0f}"
        rss, scan, sqlite_scan = _median(scans, 1), _median(scans), self.sqlite_scans.get(profile)
        ratio = f"{scan / sqlite_scan:.2f}×" if scan and sqlite_scan else "—"
        target = CSV_TARGETS.get(profile, "")
        self.csv_rows.append(
            f"| {profile} | {size} MB | {_n(rows)} | {_s(load)} | {_n(round(rows / load))} | {_s(scan)} | {ratio} "
            f"| {target} | {rss:.0f} MB |" if rss
            else f"| {profile} | {size} MB | {_n(rows)} | {_s(load)} | — | — | — | {target} | — |"
        )
        if scan and sqlite_scan:
            self.ratios.append(f"{profile} CSV: scan {_s(scan)}, {ratio} the SQLite scan")

    def startup(self, medians: dict[str, float], repeat: int) -> None:
        base = medians["python -c pass"]
        lines = ["| Command | Median | More than `python -c pass` | Target |", "|---|---:|---:|---|"]
        for name, seconds in medians.items():
            target = STARTUP_TARGETS.get(name)
            over = "" if name == "python -c pass" else f"{seconds - base:.2f} s"
            lines.append(f"| `{name}` | {seconds:.2f} s | {over} | {f'≤ {target} s more' if target else ''} |")
        self.startup_lines = [f"Medians of {repeat} interleaved runs.", "", *lines]
        self.ratios.append("start-up: " + ", ".join(f"{k} {v - base:+.2f} s" for k, v in medians.items()))

    def per_finding(self, row_us: float, json_us: float, count: int) -> None:
        self.finding_lines = [
            f"`python benchmarks/bench_findings.py` ({_n(count)} reminder-shaped findings, process CPU time):",
            "",
            "| Step | µs per finding | Target |",
            "|---|---:|---|",
            f"| row → finding (`RuleConsumer.feed`) | {row_us:.2f} | ≤ 3 |",
            f"| finding → JSON (`JsonWriter`) | {json_us:.2f} | ≤ 1.5 |",
        ]
        self.ratios.append(f"per finding: row→finding {row_us:.2f} µs, finding→JSON {json_us:.2f} µs")

    def summary(self) -> str:
        return "\n".join(self.ratios)


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
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return [
        f"- Date: {date.today().isoformat()}; load average when the run ended: {load:.1f}",
        f"- CPU: {model}, {os.cpu_count()} cores; RAM {memory}; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
    ]


def _table_rows(text: str, header: str) -> list[str]:
    lines = text.splitlines()
    if header not in lines:
        return []
    rows = []
    for line in lines[lines.index(header) + 2:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def _widened(row: str) -> str:
    """A CSV row of the table before the SQLite-ratio columns, with them empty (before its last column)."""
    head, last, end = row.rsplit("|", 2)
    return f"{head}| — | |{last}|{end}"


def _merge(earlier: list[str], latest: list[str], profiles: list[str]) -> list[str]:
    """The latest rows, and earlier rows of profiles not run this time, in profile order."""
    order = {name: i for i, name in enumerate(PROFILE_ORDER)}
    rows = [row for row in earlier if row.split("|")[1].strip() not in profiles] + latest
    return sorted(rows, key=lambda row: order.get(row.split("|")[1].strip(), len(order)))


def _section(old: str, start: str) -> list[str]:
    """An earlier section's lines (a heading's body), for measures not run this time."""
    lines = old.split(MARKER, 1)[0].splitlines()
    if start not in lines:
        return []
    body = []
    for line in lines[lines.index(start) + 1:]:
        if line.startswith("## "):
            break
        body.append(line)
    while body and not body[-1].strip():
        body.pop()
    while body and not body[0].strip():
        body.pop(0)
    return body


def write_doc(path: Path, results: Results) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = old.split(MARKER, 1)[1].lstrip("\n") if MARKER in old else ""
    profiles = results.args.profiles
    scan_rows = _merge(_table_rows(old, SCAN_HEADER), results.scan_rows, profiles)
    reference_rows = _merge(_table_rows(old, REFERENCE_HEADER), results.reference_rows, profiles)
    earlier_csv = _table_rows(old, CSV_HEADER) or [_widened(row) for row in _table_rows(old, CSV_HEADER_BEFORE)]
    csv_rows = _merge(earlier_csv, results.csv_rows, profiles)
    startup = results.startup_lines or _section(old, "## Start-up")
    per_finding = results.finding_lines or _section(old, "## Cost per finding")
    lines = [
        "# Benchmarks",
        "",
        "Written by `python benchmarks/bench_scan.py` (`make bench`); latest run: "
        f"`--profiles {','.join(profiles)} --repeat {results.args.repeat}` (rows of other profiles are from earlier",
        "runs). The data is synthetic (`flytcheck synth`, sizes under \"Profiles\" below, seed "
        f"{results.args.seed}), scanned with the companion config of each profile (cut-over 2027-05-22).",
        "",
        *machine(),
        "",
        "## Scan against the floor",
        "",
        "Medians of interleaved child processes (interpreter start included in both). *Floor*: "
        "`benchmarks/floor.py`, the plain driver",
        "(sqlite3, psycopg) reading every column the rules need of every table they need once, nothing else. "
        "*Rule SQL alone*: the same",
        "driver running the statements the scan runs (recorded from the engine) and draining their rows: the "
        "database's own work for the criteria. *Scan*: `flytcheck scan … --format json --quiet`. Peak RSS is "
        "the scan's own (`benchmarks/measure.py`).",
        "",
        SCAN_HEADER,
        "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---|",
        *scan_rows,
        "",
        "## Against a hand-written reference",
        "",
        "`benchmarks/reference.py`: the criteria applied in plain Python over every needed table read into dicts, the "
        "script a superuser could write; interleaved with the scan, same file, same settings. Its findings must be "
        "flytcheck's, exactly.",
        "",
        REFERENCE_HEADER,
        "|---|---:|---:|---:|---|---|",
        *reference_rows,
        "",
        "## Start-up",
        "",
        *startup,
        "",
        "## Cost per finding",
        "",
        *per_finding,
        "",
        "## CSV folders",
        "",
        "SQL Server-style CSV files (cp1252): *load* is `load_in_parallel` of the needed columns into scratch SQLite "
        "files, one worker per core (target ≥ 250 000 rows/s); *scan* is the whole `flytcheck scan FOLDER`, against "
        "the same profile's SQLite scan above.",
        "",
        CSV_HEADER,
        "|---|---:|---:|---:|---:|---:|---:|---|---:|",
        *csv_rows,
        "",
        "Reproduce: `make bench` (lofoten, mid, largest; `largest` needs ~3 GB of disk in bench-data/), or",
        "`python benchmarks/bench_scan.py --profiles lofoten,mid --repeat 3 [--postgres-url URL]`; "
        "`make bench-quick` prints the lofoten ratios in under a minute.",
        "",
        MARKER,
        "",
    ]
    path.write_text("\n".join(lines) + kept, encoding="utf-8")
