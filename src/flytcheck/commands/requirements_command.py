"""`flytcheck requirements`: the tables and columns the rules read, or the GRANTs for a least-privilege login."""

from __future__ import annotations

from typing import TextIO

from flytcheck.commands.rule_folders import RuleFolders
from flytcheck.errors import FlytcheckError


def _bracket(name: str) -> str:
    return "[" + name.replace("]", "]]") + "]"


def run(grants: str | None, schema: str, disabled: frozenset[str], folders: RuleFolders, out: TextIO) -> int:
    rulebook = folders.load()
    unknown = sorted(disabled - set(rulebook.rules))
    if unknown:
        raise FlytcheckError(f"--disable: unknown rule(s) {', '.join(unknown)}")
    enabled = [r for r in sorted(rulebook.rules) if r not in disabled]
    needed = rulebook.requirements(enabled)
    if grants is None:
        for table in sorted(needed):
            out.write(f"{table}: {', '.join(sorted(needed[table]))}\n")
        return 0
    out.write(f"-- Read-only access for {grants}: SELECT on exactly the columns flytcheck reads, nothing else.\n")
    for table in sorted(needed):
        columns = ", ".join(_bracket(c) for c in sorted(needed[table]))
        out.write(f"GRANT SELECT ({columns}) ON {_bracket(schema)}.{_bracket(table)} TO {_bracket(grants)};\n")
    return 0
