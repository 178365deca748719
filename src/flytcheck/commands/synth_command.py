"""`flytcheck synth`: write a synthetic Familia database and its flytcheck.toml, or load one into an empty database
on a server (`--out` a SQLAlchemy URL); never overwrites anything."""

from __future__ import annotations

import sys
from pathlib import Path

from flytcheck.errors import FlytcheckError
from flytcheck.progress import progress_printer
from flytcheck.synth import PROFILES, config_path, generate, is_sqlite
from flytcheck.synth.generator import is_database_url
from flytcheck.synth.profiles import CUTOVER
from flytcheck.synth.vocabulary import REQUIRED_VERSION


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


def _load_into_database(profile: str, seed: int, url: str, quiet: bool, schema: str | None) -> int:
    from sqlalchemy.engine import make_url

    with progress_printer(enabled=not quiet) as progress:
        counts = generate(profile, seed, url, progress, schema=schema)
    rows = f"{sum(counts.values()):,}".replace(",", " ")
    shown = make_url(url).render_as_string(hide_password=True)
    print(f"Loaded a synthetic Familia ({profile}, seed {seed}): {rows} rows in {len(counts)} tables, {shown}")
    options = f"--accept-synthetic --cutover {CUTOVER.isoformat()} --min-familia-version {REQUIRED_VERSION}"
    print(f"Scan it with: flytcheck scan '{shown}'{f' --schema {schema}' if schema else ''} {options}")
    sys.stdout.flush()
    return 0


def run(profile: str, seed: int, out: Path | str, quiet: bool, schema: str | None = None) -> int:
    """Generate `profile` for `seed` into `out` (progress on stderr when it is a terminal); exit code 0.

    `out` is a .sqlite/.db file, a folder for CSV files, or a database URL (then `schema` may name the schema).
    """
    if profile not in PROFILES:
        raise FlytcheckError(f"--profile: {profile!r} is not one of {', '.join(PROFILES)}")
    if is_database_url(out):
        return _load_into_database(profile, seed, str(out), quiet, schema)
    if schema:
        raise FlytcheckError("--schema: only for a database URL as --out")
    out = Path(out)
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
