"""Outputs never replace what is not a regular file: a named pipe, a device, a socket or a folder is refused.

`--output` onto a FIFO or a device node replaced it with a regular file; run as root, as CI runs, `--output
/dev/null` would have replaced the system's /dev/null (issue 22, point 4). `--output newdir/` wrote a file named
`newdir`, and `--history DIR` said "not found" (point 15). Now each is refused before the scan (exit 2, one
message naming the option), the special file is left as it was, and nothing is written. Writing into a pipe or a
device instead was rejected: a reader would see a report before the scan's other outputs are complete, a pipe
without a reader would hang the nightly job (see flytcheck.outputs).
"""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from flytcheck.errors import FlytcheckError
from flytcheck.outputs import output_batch
from robustness import Sandbox, assert_refused, fixture_sqlite, invoke, sandbox, scan_args

__all__ = ["sandbox"]

FILE_OPTIONS = ("--output", "--csv", "--xlsx", "--junit", "--html", "--history")
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and Unix sockets are POSIX")


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _socket(path: Path) -> Path:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays behind, as a server's does
    return path


def _link_to_the_null_device(path: Path) -> Path:
    path.symlink_to(os.devnull)  # /dev/stdout and friends are links too; never the real /dev/null in a test
    return path


def _device(path: Path) -> Path:
    """A device node of our own (the null device's numbers), where the system lets us make one (root)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("making a device node needs root (the link to the null device is the same case)")
    return path


SPECIAL: dict[str, Callable[[Path], Path]] = {
    "fifo": _fifo, "socket": _socket, "link-to-the-null-device": _link_to_the_null_device, "device": _device,
}


def _kind(path: Path) -> int:
    return stat.S_IFMT(path.stat().st_mode)


@posix_only
@pytest.mark.parametrize("option", FILE_OPTIONS)
@pytest.mark.parametrize("special", sorted(SPECIAL))
def test_a_pipe_a_device_or_a_socket_is_refused_and_left_as_it_was(
    special: str, option: str, sandbox: Sandbox
) -> None:
    database = fixture_sqlite(sandbox.source / "familia.sqlite")
    target = SPECIAL[special](sandbox.root / f"target-{special}")
    kind, linked = _kind(target), target.is_symlink()
    run = invoke(*scan_args(str(database), option, str(target)))
    first = assert_refused(run, option, str(target), "not a regular file")
    assert "never replaces" in first
    assert _kind(target) == kind and target.is_symlink() == linked, "the special file is still what it was"
    assert sandbox.leftovers() == [] and sorted(p.name for p in sandbox.root.iterdir() if p.name.startswith(".")) == []


@posix_only
def test_a_pipe_as_the_worklist_folder_is_refused(sandbox: Sandbox) -> None:
    database = fixture_sqlite(sandbox.source / "familia.sqlite")
    target = _fifo(sandbox.root / "lists")
    assert_refused(invoke(*scan_args(str(database), "--worklists", str(target))), "--worklists", "not a folder")
    assert stat.S_ISFIFO(target.stat().st_mode)


@posix_only
def test_a_pipe_made_where_an_output_goes_while_the_scan_ran_is_not_replaced_either(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    with output_batch() as batch:
        batch.write(target, lambda out: out.write("{}"))
        _fifo(target)
        with pytest.raises(FlytcheckError, match="named pipe"):
            batch.commit(before=lambda: pytest.fail("the history is written only with the outputs"))
    assert stat.S_ISFIFO(target.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]  # the staged file went


@pytest.mark.parametrize("option", FILE_OPTIONS)
def test_a_folder_is_refused_by_name(option: str, sandbox: Sandbox) -> None:
    database = fixture_sqlite(sandbox.source / "familia.sqlite")
    folder = sandbox.root / "rapporter"
    folder.mkdir()
    assert_refused(invoke(*scan_args(str(database), option, str(folder))), option, "is a folder")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("option", FILE_OPTIONS)
def test_a_path_ending_in_a_separator_names_a_folder_and_is_refused(option: str, sandbox: Sandbox) -> None:
    """`--output newdir/` wrote a file named newdir."""
    database = fixture_sqlite(sandbox.source / "familia.sqlite")
    given = str(sandbox.root / "newdir") + os.sep
    first = assert_refused(invoke(*scan_args(str(database), option, given)), option, "names a folder")
    assert "give the name of a file in it" in first
    assert not (sandbox.root / "newdir").exists()


def test_the_trend_of_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    run = invoke("trend", str(tmp_path))
    assert run.code == 2 and "is a folder, not a history file" in run.stderr, run.stderr
