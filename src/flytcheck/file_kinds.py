"""What a path holds when it is not a regular file: a folder, a named pipe, a device, a socket, a dangling link.

Outputs refuse to replace such a thing, and a CSV folder refuses to read one as a table (opening a pipe would wait
for a writer forever). Only looks (stat); never opens, creates or changes anything.
"""

from __future__ import annotations

import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)
DANGLING = "a link to nothing"


def special_kind(path: Path) -> str | None:
    """`a folder`, `a named pipe (FIFO)`, `a device`, `a socket` or `a link to nothing` for what is at `path`
    (through a link: /dev/stdout is a link to a terminal or a pipe); None for a regular file or nothing at all."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return DANGLING if path.is_symlink() else None
    except (OSError, ValueError):
        return None
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return None
