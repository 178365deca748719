"""The built-in catalogue, precompiled: rules, sets, what each query reads and its SQL for every backend, in one file.

Validating the rule files (pydantic) and parsing and compiling their queries (sqlglot) takes longer than a whole
scan of a small database, and every command would pay it. So `catalogue.json`, shipped in the package, holds the
result for the built-in rules/ folder, with a digest of the rule files it was made from. `load_precompiled` uses it
only while the digest matches the files beside it (an edited built-in rule is read and checked the slow way), and
never for --rules-dir or the rules of --extra-rules. The file is made by `compile.write_precompiled` from the same
code that checks rule files (`python -m flytcheck.catalogue.compile`, or `pytest --update-golden`);
tests/test_catalogue.py fails when it is stale.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flytcheck import __version__
from flytcheck.catalogue.rulebook import Reads, Rule, Rulebook, Sets

CATALOGUE = Path(__file__).with_name("catalogue.json")
FORMAT = 1


def digest(folder: Path) -> str:
    """What the catalogue was made from: the rule files (sets.toml and every rule), and flytcheck's version."""
    hashed = hashlib.sha256(f"flytcheck {__version__}, format {FORMAT}".encode())
    for path in sorted(folder.glob("*.toml")):
        hashed.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hashed.hexdigest()


def load_precompiled(folder: Path, catalogue: Path = CATALOGUE) -> Rulebook | None:
    """The rulebook of `folder` from the precompiled catalogue, or None when it was not made from these files."""
    try:
        data = json.loads(catalogue.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("digest") != digest(folder):
        return None
    origin = {"sets": folder / "sets.toml"} | {rule["id"]: folder / f"{rule['id']}.toml" for rule in data["rules"]}
    reads = {
        sql: Reads({t: frozenset(c) for t, c in item["columns"].items()}, frozenset(item["sets"]))
        for sql, item in data["reads"].items()
    }
    templates = {(sql, dialect): text for sql, by_dialect in data["templates"].items()
                 for dialect, text in by_dialect.items()}
    return Rulebook([Rule.from_data(r) for r in data["rules"]], Sets.from_data(data["sets"]), origin, reads, templates)
