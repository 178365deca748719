"""The one place where expected failures become a clean message on stderr and an exit code.

Nothing that goes wrong inside a command reaches the user as a traceback: a traceback may quote a data value (an
identity number in an exception's text), and Python's exit code for one (1) would read as "findings" to a nightly
job. A bug is reported in one line naming the exception type and the place in flytcheck, with exit code 2.
"""

from __future__ import annotations

import codecs
import io
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType

from flytcheck.errors import FlytcheckError
from flytcheck.identity.redact import mask_identity_numbers
from flytcheck.model import ExitCode
from flytcheck.printable import for_terminal

LANGUAGE_VARIABLE = "FLYTCHECK_LANG"
"""The environment variable giving the language when neither --lang nor `lang` in flytcheck.toml does (nb or en)."""


def default_language() -> str:
    """FLYTCHECK_LANG when it is nb or en, else bokmål."""
    named = os.environ.get(LANGUAGE_VARIABLE, "").strip()
    return named if named in ("nb", "en") else "nb"


_language = ["nb"]
"""The language of the messages on stderr: the default until a command knows better (--lang, `lang` in
flytcheck.toml)."""


def reset_language() -> None:
    """Back to the default language, as every command line starts."""
    _language[0] = default_language()


def chosen_language(lang: str | None) -> str:
    """The language a command asked for with --lang (its value as given), else the default; spoken from now on."""
    chosen = lang if lang is not None else default_language()
    set_language(chosen)
    return chosen


def set_language(lang: str | None) -> None:
    """Speak `lang` ("nb" or "en") on stderr from now on; any other value leaves the language as it is."""
    if lang in ("nb", "en"):
        _language[0] = lang


def language() -> str:
    return _language[0]


_WORDS = {
    "error": ("feil", "error"),
    "warning": ("advarsel", "warning"),
    "internal": (
        "intern feil: {kind} i {where}; kommandoen ble ikke fullført (meld gjerne fra om dette; {debug}=1 viser "
        "sporingen)",
        "internal error: {kind} at {where}; the command did not complete (please report this; {debug}=1 shows the "
        "traceback)",
    ),
    "terminated": ("avsluttet; ingen halvferdig rapport er igjen", "terminated; no partial report is left behind"),
    "interrupted": ("avbrutt; ingen halvferdig rapport er igjen", "interrupted; no partial report is left behind"),
}


def word(key: str, **values: str) -> str:
    """One of the guard's own texts in the current language."""
    nb, en = _WORDS[key]
    return (en if _language[0] == "en" else nb).format(**values)


def describe(error: FlytcheckError) -> str:
    """The error's message (and hint) in the current language."""
    from flytcheck.error_texts import translate

    text = translate(error.message, _language[0])
    return f"{text}\n  {translate(error.hint, _language[0])}" if error.hint else text


def warn(message: str) -> None:
    """A warning on stderr (`flytcheck: advarsel: …`), whatever --quiet says: the nightly log must show it."""
    print(f"flytcheck: {word('warning')}: {message}", file=sys.stderr)


DEBUG_VARIABLE = "FLYTCHECK_DEBUG"
"""Set it (to anything but empty or 0) to see the traceback of an internal error."""
_PACKAGE = Path(__file__).resolve().parent


class Terminated(BaseException):
    """SIGTERM (Windows: SIGBREAK) arrived: unwind like Ctrl-C so no partial output is left behind."""


_STOPPING = ("SIGINT", "SIGTERM", "SIGBREAK")
"""The signals that stop a command, where the platform has them. Windows has no SIGTERM that anyone sends: Ctrl-Break,
closing the console window and a scheduler's stop arrive as SIGBREAK, and end the command like SIGTERM does."""
_TERMINATING = ("SIGTERM", "SIGBREAK")


def stop_signals() -> tuple[int, ...]:
    """The numbers of the stopping signals this platform has (looked up each time, so nothing assumes SIGTERM)."""
    return tuple(getattr(signal, name) for name in _STOPPING if hasattr(signal, name))


def _terminates(signum: int) -> bool:
    return any(getattr(signal, name, None) == signum for name in _TERMINATING)


_received: list[bool] = []
"""The stops that arrived while a command ran (True: a termination, False: Ctrl-C): an interrupt swallowed on the
way (SQLite clears an exception raised in its progress handler and reports "interrupted" instead) still ends the
command as an interrupt."""


def _on_signal(signum: int, frame: FrameType | None) -> None:
    terminated = _terminates(signum)
    _received.append(terminated)
    if terminated:
        raise Terminated()
    raise KeyboardInterrupt()


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM (SIGBREAK) back for a moment that must not be cut in two (renaming finished outputs)."""
    held: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        held.append(signum)

    try:
        previous = {s: signal.signal(s, hold) for s in stop_signals()}
    except ValueError:  # not the main thread: signals are delivered to the main thread only anyway
        previous = {}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if held:
        _on_signal(held[0], None)


_PLAIN = {"–": "-", "—": "-", "…": "...", "→": "->", "←": "<-", "≥": ">=", "≤": "<=", "×": "x", "“": '"', "”": '"',
          "‘": "'", "’": "'", "•": "*", "✓": "v", "✗": "x"}
"""Typographic characters a code page may lack, and what stands in for them there."""
_FALLBACK = "flytcheck-plain"


def _plain(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_PLAIN.get(c, "?") for c in text), error.end


def tolerant_stdout() -> None:
    """Let a console that is not UTF-8 print every report: Windows' cp850 and cp1252 consoles (or a redirection
    there, or PYTHONIOENCODING) have no `→` and cp850 no `–`; such a character is printed as a plain stand-in
    (`->`, `-`, else `?`) rather than stopping the command with UnicodeEncodeError. Norwegian letters are in both
    code pages and print as themselves."""
    stream = sys.stdout
    if not isinstance(stream, io.TextIOWrapper) or stream.errors != "strict":
        return
    if codecs.lookup(stream.encoding).name != "utf-8":
        try:
            codecs.lookup_error(_FALLBACK)
        except LookupError:
            codecs.register_error(_FALLBACK, _plain)
        stream.reconfigure(errors=_FALLBACK)


def _origin(trace: TracebackType | None) -> str:
    """The innermost line of flytcheck's own code in a traceback (`flytcheck/identity/numbers.py:270`)."""
    where = "?"
    for frame in traceback.extract_tb(trace):
        path = Path(frame.filename).resolve()
        if _PACKAGE in path.parents:
            where = f"flytcheck/{path.relative_to(_PACKAGE).as_posix()}:{frame.lineno}"
    return where


def _silence_stdout() -> None:
    """Point stdout at the null device, so that Python's own flush at exit does not fail on the closed pipe too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real stdout (a test runner's): nothing will be flushed to a pipe
        pass


LINE_LIMIT = 500
"""Characters of one line of an error message at most: a path or a name is shown, a megabyte of it is not."""
LINES_LIMIT = 40


def _shown(message: str) -> str:
    """An error message as printed: each line terminal-safe (a path's control characters as escapes), any
    fødselsnummer-like number masked, every line and the number of lines bounded."""
    lines: list[str] = []
    for part in message.split("\n"):
        if lines and not part.startswith("  "):  # a line break inside a path or name: part of its line, escaped
            lines[-1] += "\n" + part
        else:  # the message's own lines: the first, then its indented list or hint
            lines.append(part)
    if len(lines) > LINES_LIMIT:
        lines = [*lines[: LINES_LIMIT - 1], f"  … ({len(lines) - LINES_LIMIT + 1} more lines)"]
    shown = []
    for line in lines:
        line = mask_identity_numbers(for_terminal(line))
        shown.append(line if len(line) <= LINE_LIMIT else line[: LINE_LIMIT - 1] + "…")
    return "\n".join(shown)


def guarded(action: Callable[[], int]) -> int:
    """Run a command; map FlytcheckError to exit 2, Ctrl-C to 130 and SIGTERM to 143, never a traceback."""
    _received.clear()
    code: int = ExitCode.ERROR
    previous = {s: signal.signal(s, _on_signal) for s in stop_signals()}
    try:
        code = int(action())
    except KeyboardInterrupt:
        _received.append(False)
    except Terminated:
        _received.append(True)
    except BrokenPipeError:  # `flytcheck rules | head`: the reader left; say nothing more to it, and say so
        _silence_stdout()
        code = ExitCode.PIPE_CLOSED
    except FlytcheckError as error:
        code = ExitCode.ERROR
        if not _received:
            print(f"flytcheck: {word('error')}: {_shown(describe(error))}", file=sys.stderr)
    except Exception as error:  # a bug in flytcheck: one line without the exception's text (it may hold data)
        code = ExitCode.ERROR
        if not _received:
            where = _origin(error.__traceback__)
            print(f"flytcheck: {word('internal', kind=type(error).__name__, where=where, debug=DEBUG_VARIABLE)}",
                  file=sys.stderr)
            if os.environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0"):
                traceback.print_exc()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if _received:  # whatever became of the interrupt on its way up, it decides the exit code
        terminated = _received[0]
        print(f"flytcheck: {word('terminated' if terminated else 'interrupted')}", file=sys.stderr)
        code = ExitCode.TERMINATED if terminated else ExitCode.INTERRUPTED
    return code
