"""Synthetic Familia databases for the demo, tests and benchmarks: deterministic, streamed, synthetic identities only.

`generate(profile, seed, out)` writes a SQLite file or a folder of SQL Server-style CSV files with the sizes in
docs/benchmarks.md ("Profiles") and defects for every rule, plus a companion flytcheck.toml; or loads the same
rows into an empty database on a server. Text is stored as SQL Server stores it (char(n) columns padded). It never
reads real data, and every identity number it writes is checked not to be a possible real person's number (see
`synth.ids`).
"""

from __future__ import annotations

from flytcheck.synth.generator import config_path, generate, is_sqlite
from flytcheck.synth.profiles import PROFILES, Profile

__all__ = ["PROFILES", "Profile", "config_path", "generate", "is_sqlite"]
