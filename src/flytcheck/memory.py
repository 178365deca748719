"""Hands memory that a database driver freed back to the operating system, between the queries of a scan.

SQLite (and libpq) sort, materialise and hash in C memory from the C library's heap. glibc keeps what they free for
later C allocations, while Python's own objects (the findings) live in arenas of their own, so a scan's resident
memory would keep the largest query's working memory for the rest of the scan on top of its findings. After each
query the engine calls `release_freed_memory`, which on glibc is `malloc_trim(0)` (it only returns free pages; it
never moves or frees anything in use). Elsewhere (Windows, macOS, musl) it does nothing: their allocators return
memory on their own terms, and nothing depends on the call.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim  # glibc only
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_freed_memory() -> bool:
    """Return the C heap's free pages to the system; whether the platform could (glibc)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
