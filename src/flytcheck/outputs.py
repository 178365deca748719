"""Writes output files safely: readable by the owner only (0600), atomically (temporary file, then rename).

A report file either appears whole or not at all; an interrupted scan leaves nothing that could be mistaken for
a complete report.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from flytcheck.errors import FlytcheckError


def write_private(
    path: Path, fill: Callable[[TextIO], None], *, encoding: str = "utf-8", newline: str | None = None
) -> None:
    """Create or replace `path` with what `fill` writes, mode 0600, via a temporary file in the same folder."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    except OSError as error:
        raise FlytcheckError(f"{path}: cannot write the output file ({error.strerror})") from None
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding=encoding, newline=newline) as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise FlytcheckError(f"{path}: cannot write the output file ({error.strerror})") from None
        raise
