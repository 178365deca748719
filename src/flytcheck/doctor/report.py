"""The doctor's report: one line per check (✓ / ! / ✗, – when not checked) with its fix below it, or JSON."""

from __future__ import annotations

import json
from typing import Any, TextIO

from flytcheck import __version__
from flytcheck.doctor.model import TITLES, Check, DoctorReport, Status, Text

MARKS = {Status.OK: "✓", Status.WARNING: "!", Status.FAILED: "✗", Status.SKIPPED: "–"}
FORMATS = ("console", "json")
_VERDICT: dict[int, Text] = {
    0: ("Alt i orden: skanningen kan kjøres.", "All good: the scan can run."),
    1: ("Skanningen kan kjøres, men se advarslene (!) over.", "The scan can run, but see the warnings (!) above."),
    2: ("Skanningen kan ikke kjøres før det som er merket ✗ er rettet.",
        "The scan cannot run until what is marked ✗ is fixed."),
}


def _pick(text: Text, lang: str) -> str:
    return text[1] if lang == "en" else text[0]


def write_console(report: DoctorReport, lang: str, out: TextIO) -> None:
    out.write(f"flytcheck {__version__} doctor – {report.source}\n")
    for check in report.checks:
        out.write(f"{MARKS[check.status]} {_pick(TITLES[check.id], lang)}: {_pick(check.summary, lang)}\n")
        if check.fix is not None:
            out.write(f"    {'Fix' if lang == 'en' else 'Løsning'}: {_pick(check.fix, lang)}\n")
        for line in check.details:
            out.write(f"    {_pick(line, lang)}\n")
    out.write(_pick(_VERDICT[report.exit_code], lang) + f" (exit {report.exit_code})\n")


def as_json(report: DoctorReport, lang: str) -> dict[str, Any]:
    def one(check: Check) -> dict[str, Any]:
        return {
            "id": check.id,
            "status": check.status.value,
            "title": _pick(TITLES[check.id], lang),
            "summary": _pick(check.summary, lang),
            "fix": _pick(check.fix, lang) if check.fix is not None else None,
            "details": [_pick(line, lang) for line in check.details],
        }

    return {
        "flytcheck_version": __version__,
        "source": report.source,
        "exit_code": report.exit_code,
        "checks": [one(check) for check in report.checks],
    }


def write_json(report: DoctorReport, lang: str, out: TextIO) -> None:
    out.write(json.dumps(as_json(report, lang), ensure_ascii=False, indent=2) + "\n")
