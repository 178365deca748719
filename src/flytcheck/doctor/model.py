"""What `doctor` found: one frozen Check per step, in order, and the exit code they add up to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

Text = tuple[str, str]
"""(bokmål, English)."""


@dataclass(frozen=True)
class Target:
    """The source as given on the command line: a path or URL, the demo, or an ODBC connection string."""

    source: str | None
    demo: bool = False
    odbc: str | None = None


def same(text: str) -> Text:
    """A text that reads the same in both languages (a GRANT line, a driver's own message)."""
    return (text, text)


class Status(StrEnum):
    """A check's verdict."""

    OK = "ok"
    """Nothing to do."""
    WARNING = "warning"
    """A scan can run, but something should be fixed (the login can write, no snapshot, the legacy driver)."""
    FAILED = "failed"
    """A scan cannot run until this is fixed."""
    SKIPPED = "skipped"
    """Not checked, because an earlier check failed."""


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report: a verdict, what was found, its fix, and lines that go with it."""

    id: str
    status: Status
    summary: Text
    fix: Text | None = None
    details: tuple[Text, ...] = ()


ORDER = ("driver", "connection", "familia_version", "columns", "snapshot", "privileges", "scan_time")
TITLES: dict[str, Text] = {
    "driver": ("Driver", "Driver"),
    "connection": ("Tilkobling", "Connection"),
    "familia_version": ("Familia-versjon", "Familia version"),
    "columns": ("Tabeller og kolonner", "Tables and columns"),
    "snapshot": ("Øyeblikksbilde", "Snapshot"),
    "privileges": ("Minste rettighet", "Least privilege"),
    "scan_time": ("Forventet skannetid", "Expected scan time"),
}


@dataclass(frozen=True)
class DoctorReport:
    """Every check, in ORDER, for one source."""

    source: str
    checks: tuple[Check, ...]

    @property
    def exit_code(self) -> int:
        """2 when a scan cannot run, 1 when only warnings remain, 0 when every check passed."""
        statuses = {check.status for check in self.checks}
        if Status.FAILED in statuses:
            return 2
        return 1 if Status.WARNING in statuses else 0
