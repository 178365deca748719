"""Generates one synthetic Familia database: a SQLite file or a CSV folder, and the flytcheck.toml that goes with it.

The same profile and seed give the same bytes. Tables are written as they are generated, a batch at a time; only
compact per-child facts stay in memory. On failure everything written so far is removed again.
"""

from __future__ import annotations

from pathlib import Path

from flytcheck.errors import FlytcheckError
from flytcheck.sql import familia
from flytcheck.synth import vocabulary as v
from flytcheck.synth.children import plan_children, write_children
from flytcheck.synth.concerns import write_concerns
from flytcheck.synth.documents import Documents
from flytcheck.synth.huskeliste import Huskeliste
from flytcheck.synth.measures import write_measures
from flytcheck.synth.network import write_network
from flytcheck.synth.plans import write_plans
from flytcheck.synth.profiles import CUTOVER, PROFILES, Rates
from flytcheck.synth.records import write_records
from flytcheck.synth.reference import World, write_staff, write_types
from flytcheck.synth.reminders import write_reminders
from flytcheck.synth.shapes import Dates
from flytcheck.synth.sinks import CsvSink, Progress, Sink, SqliteSink

SQLITE_SUFFIXES = (".sqlite", ".db")


def is_sqlite(out: Path) -> bool:
    """Whether `out` names a SQLite file (else it is a folder for CSV files)."""
    return out.suffix.lower() in SQLITE_SUFFIXES


def is_database_url(out: Path | str) -> bool:
    """Whether `out` is a database URL (mssql+pyodbc://…, postgresql+psycopg://…) rather than a path."""
    return isinstance(out, str) and "://" in out


def config_path(out: Path) -> Path:
    """Where the companion configuration goes: `<folder>/flytcheck.toml` or `<file>.flytcheck.toml`."""
    return out.with_name(out.name + ".flytcheck.toml") if is_sqlite(out) else out / "flytcheck.toml"


def config_text(profile: str, seed: int) -> str:
    return (
        f"# Settings for the synthetic Familia database made by `flytcheck synth --profile {profile} --seed {seed}`.\n"
        "# Its identity numbers are Tenor synthetic test numbers (month + 80): count them as valid.\n"
        "accept_synthetic = true\n"
        f"cutover = {CUTOVER.isoformat()}\n"
        f"# Above the newest FA_DBVERSJON row ({v.FAMILIA_VERSIONS[-1][0]}): the upgrade is still to be done.\n"
        f'min_familia_version = "{v.REQUIRED_VERSION}"\n'
    )


def generate(
    profile: str,
    seed: int,
    out: Path | str,
    progress: Progress | None = None,
    *,
    key_indexes: bool = True,
    schema: str | None = None,
) -> dict[str, int]:
    """Write the `profile` database for `seed` to `out` (.sqlite/.db file, a database URL, else a CSV folder);
    rows per table. A file or folder gets its flytcheck.toml beside it; a database gets none (see `config_text`).

    `key_indexes` (SQLite only): index each table's key, as a copy that kept Familia's primary keys.
    `schema` (database URL only): the schema to create the tables in, else the default one.
    """
    spec = PROFILES.get(profile)
    if spec is None:
        raise FlytcheckError(f"--profile: {profile!r} is not one of {', '.join(PROFILES)}")
    sink: Sink
    config: Path | None = None
    if is_database_url(out):
        from flytcheck.synth.database_sink import DatabaseSink

        sink = DatabaseSink(str(out), schema, progress)
    else:
        out = Path(out)
        sink = SqliteSink(out, progress, key_indexes=key_indexes) if is_sqlite(out) else CsvSink(out, progress)
        config = config_path(out)
    try:
        world = World(spec, Rates().scaled(spec.defects), seed, sink, Dates(sink.fraction_digits))
        for name in familia.TABLES:
            sink.table(name)  # every table exists, even one left empty; Familia's Huskeliste view too
        staff = write_staff(world)
        write_types(world)
        pools = write_network(world)
        kids = plan_children(world, staff)
        write_children(world, kids, pools)
        documents, huskeliste = Documents(world), Huskeliste(world)
        # The case records take their documents first; the notes and letters share what is left of them.
        write_concerns(world, kids, staff, documents, huskeliste)
        write_plans(world, kids, staff, documents)
        write_measures(world, kids, staff, huskeliste)
        write_records(world, kids, staff, documents, huskeliste)
        write_reminders(world, kids, staff, huskeliste)
        counts = sink.finish()
        if config is not None:
            config.write_text(config_text(profile, seed), encoding="utf-8", newline="\n")
    except BaseException:
        sink.abort()
        if config is not None:
            config.unlink(missing_ok=True)
        raise
    return counts
