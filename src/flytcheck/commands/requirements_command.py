"""`flytcheck requirements`: the tables and columns the rules read, or the GRANTs for a least-privilege login."""

from __future__ import annotations

from typing import TextIO

from flytcheck.commands.rule_folders import RuleFolders
from flytcheck.errors import FlytcheckError
from flytcheck.sql import familia
from flytcheck.sql.grants import grant_select


def run(grants: str | None, schema: str, disabled: frozenset[str], folders: RuleFolders, out: TextIO) -> int:
    rulebook = folders.load()
    unknown = sorted(disabled - set(rulebook.rules))
    if unknown:
        raise FlytcheckError(f"--disable: unknown rule(s) {', '.join(unknown)}")
    enabled = [r for r in sorted(rulebook.rules) if r not in disabled]
    needed = rulebook.requirements(enabled)
    optional = {t: needed[t] & familia.OPTIONAL_COLUMNS.get(t, set()) for t in needed}
    where_present = {t: set(c) for t, c in familia.ALWAYS_READ_WHERE_PRESENT.items() if t not in needed}
    if grants is None:
        for table in sorted(needed):
            line = f"{table}: {', '.join(sorted(needed[table] - optional[table]))}"
            if optional[table]:
                line += f" (optional: {', '.join(sorted(optional[table]))})"
            out.write(line + "\n")
        for table in sorted(where_present):
            out.write(f"{table}: {', '.join(sorted(where_present[table]))} (optional table: read where it exists)\n")
        return 0
    out.write(f"-- Read-only access for {grants}: SELECT on exactly the columns flytcheck reads, nothing else.\n")
    for table in sorted(needed):
        out.write(_grant(needed[table] - optional[table], table, schema, grants))
    if any(optional.values()):
        out.write("-- Optional columns: flytcheck reads them where the Familia version has them (documents are then\n"
                  "-- placed in their note or letter). Run these only where the columns exist.\n")
        for table in sorted(t for t in optional if optional[t]):
            out.write(_grant(optional[table], table, schema, grants))
    if where_present:
        out.write("-- Optional tables: read where they exist (the Familia version for every report header, Familia's\n"
                  "-- own Huskeliste view for comparison with reminder-open). Run these only where they exist.\n")
        for table in sorted(where_present):
            out.write(_grant(where_present[table], table, schema, grants))
    return 0


def _grant(columns: set[str], table: str, schema: str, grantee: str) -> str:
    return grant_select("mssql", table, columns, grantee, schema) + "\n"
