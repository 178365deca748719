"""Progress on stderr for long scans and loads: shown only on a terminal, never mixed into the report."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Progress = Callable[[str, int], None]


@contextmanager
def progress_printer(enabled: bool = True) -> Iterator[Progress | None]:
    """A callback that shows `label: N rows` on one stderr line, at most a few times a second."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console

    console = Console(file=sys.stderr)
    status = console.status("flytcheck")
    last = [0.0]

    def update(label: str, rows: int) -> None:
        now = time.monotonic()
        if now - last[0] > 0.2:
            last[0] = now
            status.update(f"{label}: {rows:,} rows".replace(",", " "))

    with status:
        yield update
