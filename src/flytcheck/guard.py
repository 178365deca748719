"""The one place where expected failures become a clean message on stderr and an exit code."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from types import FrameType

from flytcheck.errors import FlytcheckError
from flytcheck.model import ExitCode


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C so no partial output is left behind."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def guarded(action: Callable[[], int]) -> int:
    """Run a command; map FlytcheckError to exit 2, Ctrl-C to 130 and SIGTERM to 143, never a traceback."""
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return action()
    except FlytcheckError as error:
        print(f"flytcheck: error: {error}", file=sys.stderr)
        return ExitCode.ERROR
    except KeyboardInterrupt:
        print("flytcheck: interrupted; no report was written", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except Terminated:
        print("flytcheck: terminated; no report was written", file=sys.stderr)
        return ExitCode.TERMINATED
    finally:
        signal.signal(signal.SIGTERM, previous)
