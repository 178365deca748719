"""`flytcheck synth`: write a synthetic Familia database and its flytcheck.toml; never overwrites anything."""

from __future__ import annotations

import sys
from pathlib import Path

from flytcheck.errors import FlytcheckError
from flytcheck.progress import progress_printer
from flytcheck.synth import PROFILES, config_path, generate, is_sqlite


def _refuse_overwrite(out: Path) -> None:
    config = config_path(out)
    if is_sqlite(out):
        if out.is_dir():
            raise FlytcheckError(f"--out: {out} is a folder; a .sqlite or .db output must be a file")
        if out.exists() and out.stat().st_size > 0:
            raise FlytcheckError(f"--out: {out} already exists; remove it or choose another name")
        if config.exists():
            raise FlytcheckError(f"--out: {config} already exists; remove it or choose another name")
    elif out.exists():
        if not out.is_dir():
            raise FlytcheckError(f"--out: {out} is a file; give a folder for CSV output, or a .sqlite/.db file")
        if any(out.iterdir()):
            raise FlytcheckError(f"--out: the folder {out} is not empty; give a new or empty folder")


def run(profile: str, seed: int, out: Path, quiet: bool) -> int:
    """Generate `profile` for `seed` into `out` (progress on stderr when it is a terminal); exit code 0."""
    if profile not in PROFILES:
        raise FlytcheckError(f"--profile: {profile!r} is not one of {', '.join(PROFILES)}")
    _refuse_overwrite(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FlytcheckError(f"--out: cannot create the folder {out.parent} ({error.strerror})") from None
    with progress_printer(enabled=not quiet) as progress:
        counts = generate(profile, seed, out, progress)
    rows = f"{sum(counts.values()):,}".replace(",", " ")
    kind = "SQLite database" if is_sqlite(out) else "folder of CSV files"
    print(f"Wrote a synthetic Familia {kind} ({profile}, seed {seed}): {rows} rows in {len(counts)} tables, {out}")
    print(f"Scan it with: flytcheck scan {out} --config {config_path(out)}")
    sys.stdout.flush()
    return 0
