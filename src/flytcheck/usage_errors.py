"""A command line typer could not parse, answered in flytcheck's words (bokmål or English) rather than click's.

Used by `flytcheck.cli` alone, on the exceptions of typer's bundled click: a wrong value for a typed option
(`--width abc`), an unknown option or command, a missing value or argument. The message is one line naming the
option, the exit code 2 as for every other bad option. `--help` stays English (README, "Options").
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

from flytcheck.errors import FlytcheckError
from flytcheck.guard import describe, set_language, word

_NOT_VALID = re.compile(r"'(?P<value>.*)' is not a valid (?P<kind>integer|int|float)( range)?\.?", re.S)


def _hint(error: Any) -> str:
    param = getattr(error, "param", None)
    if param is not None:
        names = [name for name in getattr(param, "opts", ()) if name.startswith("--")]
        return names[0] if names else (param.human_readable_name if hasattr(param, "human_readable_name") else "?")
    hint = getattr(error, "param_hint", None)
    return hint if isinstance(hint, str) else "/".join(hint or ()) or "?"


def as_flytcheck_error(error: Any) -> FlytcheckError:
    """The click usage error as a FlytcheckError in flytcheck's English (translated like every other message)."""
    kind = type(error).__name__
    message = str(getattr(error, "message", "") or "")
    if kind == "NoSuchOption":
        return FlytcheckError(f"no such option: {error.option_name}",
                              hint="`flytcheck --help` lists the commands and `flytcheck COMMAND --help` their options")
    if kind == "BadOptionUsage" and "requires an argument" in message:
        return FlytcheckError(f"{error.option_name}: needs a value")
    if kind == "MissingParameter":
        return FlytcheckError(f"missing argument {_hint(error)}")
    if kind == "BadParameter":
        found = _NOT_VALID.fullmatch(message)
        if found and found["kind"] == "float":
            return FlytcheckError(f"{_hint(error)}: {found['value']!r} is not a valid number")
        if found:
            return FlytcheckError(f"{_hint(error)}: {found['value']!r} is not a valid integer")
        return FlytcheckError(f"{_hint(error)}: {message}")
    if message.startswith("No such command"):
        name = message.removeprefix("No such command").strip(" .")
        return FlytcheckError(f"no such command {name}",
                              hint="`flytcheck --help` lists the commands and `flytcheck COMMAND --help` their options")
    if message.startswith("Got unexpected extra argument"):
        extra = message.split("argument", 1)[1].strip(" s.")
        return FlytcheckError(f"unexpected extra argument {extra}")
    return FlytcheckError(message or kind)


def language_of(args: Sequence[str]) -> str | None:
    """The `--lang` of a command line that could not be parsed, if it names one."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def report(error: Any, args: Sequence[str]) -> None:
    """Print a usage error on stderr, as `flytcheck: feil: …`."""
    set_language(language_of(args))
    print(f"flytcheck: {word('error')}: {describe(as_flytcheck_error(error))}", file=sys.stderr)
