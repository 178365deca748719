"""Writes output files safely: readable by the owner only (0600), atomically (temporary file, then rename).

A report file either appears whole or not at all, and the files of one scan appear together: each is written to
a temporary `.<name>.<random>.partial` beside its target, and only when every one is complete are they renamed
into place, with Ctrl-C and SIGTERM held back for those few renames. A failure or an interrupt before that removes
the temporary files and the folders made for them, so an interrupted scan leaves nothing that could be mistaken
for a complete report.

Only regular files are ever replaced: a named pipe (FIFO), a device (`/dev/null`, which a scan run as root in CI
would otherwise replace for the whole system), a socket or a folder in the place of an output stops the scan
before it starts (exit 2), and is checked again just before each rename. Writing into such a thing instead was
weighed and refused: a pipe would see a report before the scan's other outputs are complete (no longer
all-or-nothing), a pipe without a reader would hang the nightly job, and a device is no place for a report.

Privacy on Windows: the mode bits mean nothing there, and an owner-only ACL needs the Windows security API
(pywin32). A new file takes the permissions of the folder it is written in (a user's own folders are private to
that user); a folder flytcheck makes is created with mode 0700, which Python on Windows (3.11.10, 3.12.4 and
newer, and the standalone program's) turns into an ACL for the user and administrators only. Nothing here fails
because a platform cannot restrict a file: `os.fchmod` is used where it exists, `os.chmod` otherwise.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, TextIO, TypeVar

from flytcheck.errors import FlytcheckError
from flytcheck.file_kinds import DANGLING, special_kind
from flytcheck.guard import deferred_signals

PARTIAL_SUFFIX = ".partial"
Handle = TypeVar("Handle", bound=IO[Any])


def _cannot(path: Path, error: OSError) -> FlytcheckError:
    hint = None
    if isinstance(error, PermissionError) and os.name == "nt":
        hint = "Windows keeps a file that is open in another program (Excel) locked: close it and run again"
    return FlytcheckError(
        f"{path}: cannot write the output file ({error.strerror or type(error).__name__})", hint=hint
    )


if TYPE_CHECKING:
    _PlatformPath = Path
else:
    _PlatformPath = type(Path())  # PosixPath or WindowsPath: the class a Path is made as here


class NamedFolder(_PlatformPath):
    """An output path given with a separator at its end (`--output newdir/`): the user named a folder."""


def output_file(value: str) -> Path:
    """A file option's path as given (the command line's parser); a trailing separator makes it a NamedFolder,
    which `check_target` refuses (pathlib forgets the separator, and a file named `newdir` would be written)."""
    separators = tuple({os.sep, os.altsep or os.sep, "/"})
    return NamedFolder(value) if value.endswith(separators) else Path(value)


def not_a_file(path: Path) -> str | None:
    """What is at `path` if it is something an output must not replace (`a device`, `a folder`, …); None when
    nothing is there or a regular file (or a link to one, or a dangling link: the link is what is replaced)."""
    kind = special_kind(path)
    return None if kind == DANGLING else kind


def check_target(path: Path, option: str | None = None) -> None:
    """Refuse, naming the option, an output path that holds something other than a regular file."""
    where = f"--{option}: " if option else ""
    if isinstance(path, NamedFolder):
        given = f"{path}{os.sep}"
        raise FlytcheckError(
            f"{where}{given} names a folder; give the name of a file in it (for example {given}rapport)"
        )
    kind = not_a_file(path)
    if kind is None:
        return
    if kind == "a folder":
        raise FlytcheckError(f"{where}{path} is a folder; give the name of a file (for example {path / 'rapport'})")
    raise FlytcheckError(
        f"{where}{path} is {kind}, not a regular file; flytcheck writes an output as a new file and never replaces"
        " a pipe, a device or a socket",
        hint="give the path of a file; to do without this output, leave the option out",
    )


def make_private(handle: IO[Any], name: str) -> None:
    """Owner read/write only (0600) where the platform has mode bits; elsewhere, what the folder gives (see above)."""
    if hasattr(os, "fchmod"):
        os.fchmod(handle.fileno(), 0o600)
    else:  # Windows before Python 3.13: chmod can only set or clear read-only, and 0600 clears it
        os.chmod(name, 0o600)


class OutputBatch:
    """Output files staged as private temporary files, renamed into place together by `commit`."""

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self._removals: list[Path] = []
        self._created: list[Path] = []

    def folder(self, folder: Path) -> None:
        """Make `folder` (0700) and its missing parents; the ones made here go again if the batch is discarded."""
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        for path in reversed(missing):
            path.mkdir(mode=0o700)
            self._created.append(path)

    def write(
        self, path: Path, fill: Callable[[TextIO], None], *, encoding: str = "utf-8", newline: str | None = None
    ) -> None:
        """Stage `path` with what `fill` writes, mode 0600, in a temporary file in the same folder."""
        self._stage(path, lambda descriptor: os.fdopen(descriptor, "w", encoding=encoding, newline=newline), fill)

    def write_binary(self, path: Path, fill: Callable[[BinaryIO], None]) -> None:
        """Stage `path` with the bytes `fill` writes (a workbook), with the same guarantees as `write`."""
        self._stage(path, lambda descriptor: os.fdopen(descriptor, "wb"), fill)

    def _stage(self, path: Path, open_: Callable[[int], Handle], fill: Callable[[Handle], None]) -> None:
        folder = path.parent if str(path.parent) else Path(".")
        check_target(path)
        try:
            self.folder(folder)
            descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PARTIAL_SUFFIX, dir=folder)
        except OSError as error:
            raise _cannot(path, error) from None
        self._staged.append((Path(name), path))
        try:
            handle = open_(descriptor)
            with handle:
                make_private(handle, name)  # mkstemp's mode already; said again so it never depends on it
                fill(handle)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            raise _cannot(path, error) from None

    def remove(self, path: Path) -> None:
        """Remove `path` when the batch is committed (a stale worklist), not before."""
        self._removals.append(path)

    def commit(self, before: Callable[[], None] | None = None) -> None:
        """Run `before` (appending to the history), then rename every staged file into place, uninterrupted."""
        with deferred_signals():
            for _, path in self._staged:
                check_target(path)  # again: something made there while the scan ran is not replaced either
            if before is not None:
                before()
            for temporary, path in self._staged:
                try:
                    os.replace(temporary, path)
                except OSError as error:
                    raise _cannot(path, error) from None
            self._staged.clear()
            self._created.clear()
            for path in self._removals:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

    def discard(self) -> None:
        """Remove every staged temporary file, and the folders made for them (when empty)."""
        for temporary, _ in self._staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        for folder in reversed(self._created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._staged.clear()
        self._created.clear()


@contextlib.contextmanager
def output_batch() -> Iterator[OutputBatch]:
    """A batch that is discarded unless committed inside the block (by exception, interrupt or forgetting)."""
    batch = OutputBatch()
    try:
        yield batch
    finally:
        batch.discard()


def staged(batch: OutputBatch | None, stage: Callable[[OutputBatch], None]) -> None:
    """Stage output files in `batch` (committed by its owner), or in a batch of their own committed at once."""
    if batch is not None:
        stage(batch)
        return
    with output_batch() as own:
        stage(own)
        own.commit()


def write_private(
    path: Path, fill: Callable[[TextIO], None], *, encoding: str = "utf-8", newline: str | None = None
) -> None:
    """Create or replace `path` with what `fill` writes, mode 0600, via a temporary file in the same folder."""
    with output_batch() as batch:
        batch.write(path, fill, encoding=encoding, newline=newline)
        batch.commit()
