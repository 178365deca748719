"""The values a scan produces: severities, findings, the migration preview and the frozen report.

Everything here is immutable and totally ordered, so every output made from a report is deterministic.
Nothing here talks to a database or formats output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum
from typing import NamedTuple

from flytcheck.values import format_date


class Severity(StrEnum):
    """How much a finding stands in the way of the cut-over."""

    INFO = "info"
    """Worth knowing (what will be left behind); never blocks."""
    WARNING = "warning"
    """Data that will be migrated wrongly or left behind unless someone acts."""
    BLOCKER = "blocker"
    """Must be cleared before the cut-over, by the migration checklist."""

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.BLOCKER: 2}


class ExitCode(IntEnum):
    """The process exit codes of flytcheck."""

    OK = 0
    """The scan ran and found nothing at or above the fail level."""
    FINDINGS = 1
    """The scan ran and found something at or above the fail level."""
    ERROR = 2
    """The scan could not run, or a rule could not run: nothing was passed."""
    PIPE_CLOSED = 141
    """The program reading the output stopped reading (`flytcheck rules | head`), as a shell reports SIGPIPE."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C; no output was left behind."""
    TERMINATED = 143
    """Stopped by SIGTERM; no output was left behind."""


_NATURAL = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort `2024/9` before `2024/17` and `9` before `10`."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _NATURAL.split(text) if part)


class Finding(NamedTuple):
    """One record that needs attention, pointed to by its Familia table and key (løpenummer).

    A named tuple: a scan makes hundreds of thousands, so each costs one allocation and no per-field setattr.
    """

    rule: str
    severity: Severity
    table: str
    key: str
    kommune: str
    saksbehandler: str
    message_nb: str
    message_en: str
    personal: tuple[tuple[str, str], ...] = ()
    """Identity numbers or free text; filled only when the user asked with --show-personal-data."""
    part: str = ""
    """Which part of the record the finding is about where a record holds several documents (an investigation's
    `rapport` or `plan`); empty otherwise."""

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_nb

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """What makes a finding the same finding from one night to the next (for baselines)."""
        return (self.rule, self.table, self.key, self.part)

    def sort_key(self) -> tuple[object, ...]:
        return (-self.severity.rank, self.rule, self.table, natural_key(self.key), self.message_nb)

    def __lt__(self, other: tuple[object, ...]) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return self.sort_key() < other.sort_key()


@dataclass(frozen=True, slots=True)
class Count:
    """Migrated and not migrated, for one kind of record in the preview."""

    migrated: int = 0
    not_migrated: int = 0


@dataclass(frozen=True, slots=True)
class Preview:
    """What Visma's conversion will take along, by the criteria (docs/criteria.md §7, the migration preview)."""

    children: Count = Count()
    connections: Count = Count()
    contractors: Count = Count()
    organisations: Count = Count()

    def items(self) -> tuple[tuple[str, Count], ...]:
        return (
            ("children", self.children),
            ("connections", self.connections),
            ("contractors", self.contractors),
            ("organisations", self.organisations),
        )


class RuleStatus(StrEnum):
    """Whether a rule ran."""

    RAN = "ran"
    SKIPPED = "skipped"
    """Not enabled, or needs a parameter that is not set (familia-outdated without a required version)."""


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """How one rule went: its status and its number of findings."""

    rule: str
    severity: Severity
    status: RuleStatus
    findings: int
    note: str = ""
    category: str = ""
    """The rule's category (`register`: what Barnevernsregisteret will reject), so that the JSON says it too."""


@dataclass(frozen=True, slots=True)
class Consistency:
    """How consistent the scan's reads were: one snapshot for every query, or each query its own moment."""

    snapshot: bool
    how: str
    """`snapshot`, `files` (a CSV folder), `read-committed-snapshot` or `read-committed-locks` (SQL Server without
    ALLOW_SNAPSHOT_ISOLATION), `unknown`."""


UNKNOWN_CONSISTENCY = Consistency(False, "unknown")


Identity = tuple[str, str, str, str]
"""(rule, table, key, part): the same finding from one night to the next."""


@dataclass(frozen=True, slots=True)
class Delta:
    """What changed since the baseline: the identities of new findings, and the findings that are gone."""

    baseline: str
    """The baseline file, as given on the command line."""
    baseline_scanned_at: str
    new: frozenset[Identity]
    fixed: tuple[Finding, ...]
    unchanged: int

    @property
    def when(self) -> str:
        """The baseline's scan time as dd.mm.yyyy HH:MM (as written when it is not a time)."""
        try:
            moment = datetime.fromisoformat(self.baseline_scanned_at)
        except ValueError:
            return self.baseline_scanned_at or "?"
        return f"{format_date(moment)} {moment:%H:%M}"

    def is_new(self, finding: Finding) -> bool:
        return finding.identity in self.new

    def status(self, finding: Finding) -> str:
        """`new` or `unchanged`: the value the JSON report and the spreadsheets carry."""
        return "new" if self.is_new(finding) else "unchanged"


@dataclass(frozen=True, slots=True)
class Scope:
    """What a run covered: every rule of the catalogue, or a narrowed part of it.

    A run is narrowed when `--only` chose some rules or categories, or when rules were switched off (`--disable`,
    `disabled_rules`). Two runs can be compared (a baseline, a trend) only when their scopes are equal.
    """

    only: tuple[str, ...] = ()
    """The rule ids and category ids `--only` named (sorted; categories by id whatever word chose them)."""
    disabled: tuple[str, ...] = ()
    """The rules switched off (sorted)."""

    @property
    def narrowed(self) -> bool:
        return bool(self.only or self.disabled)

    @property
    def key(self) -> str:
        """The scope as one stable text (the history's column): `` for a full run, `only=archive;disabled=x`."""
        parts = [f"only={','.join(self.only)}"] if self.only else []
        parts += [f"disabled={','.join(self.disabled)}"] if self.disabled else []
        return ";".join(parts)

    @classmethod
    def from_key(cls, key: str) -> Scope:
        only: tuple[str, ...] = ()
        disabled: tuple[str, ...] = ()
        for part in filter(None, key.split(";")):
            name, _, names = part.partition("=")
            values = tuple(sorted(filter(None, names.split(","))))
            if name == "only":
                only = values
            elif name == "disabled":
                disabled = values
            else:
                raise ValueError(f"unknown scope part {name!r}")
        return cls(only, disabled)


FULL_SCOPE = Scope()


@dataclass(frozen=True, slots=True)
class Run:
    """One scan as the history remembers it."""

    scanned_at: datetime
    source: str
    cutover: date
    blockers: int
    warnings: int
    infos: int
    ready: bool
    scope: Scope = FULL_SCOPE


@dataclass(frozen=True, slots=True)
class Tracking:
    """What a report knows of the nights before it: the delta against a baseline, and the runs of a history."""

    delta: Delta | None = None
    runs: tuple[Run, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """The frozen result of one scan: every output format is made from this and nothing else."""

    flytcheck_version: str
    source: str
    cutover: date
    scanned_at: datetime
    familia_version: str | None
    preview: Preview
    findings: tuple[Finding, ...]
    rules: tuple[RuleOutcome, ...]
    fail_on: Severity = Severity.BLOCKER
    show_personal_data: bool = False
    counts: dict[Severity, int] = field(default_factory=dict)
    consistency: Consistency = UNKNOWN_CONSISTENCY
    """How consistent the reads were (a live database is read in one snapshot where the backend allows it)."""
    tracking: Tracking | None = None
    """The nights before this scan (baseline delta, history runs); None for a one-off scan."""
    scope: Scope = FULL_SCOPE
    """What the run covered (`--only`, switched-off rules); every output says so when it was narrowed."""
    cutover_configured: bool = True
    """False when no cut-over was given anywhere and today stood in for it (every report's header says so)."""
    familia_huskeliste: int | None = None
    """Open rows (OPPFYLTDATO NULL) of Familia's own Huskeliste view FA_V_CR_HUSKELISTE, where the source has it:
    shown beside reminder-open's count, so that a difference between the two definitions is seen."""

    @property
    def huskeliste_count(self) -> int | None:
        """reminder-open's findings, when the rule ran (the count beside Familia's own)."""
        ran = any(o.rule == "reminder-open" and o.status is RuleStatus.RAN for o in self.rules)
        return sum(1 for f in self.findings if f.rule == "reminder-open") if ran else None

    def __post_init__(self) -> None:
        tally = {severity: 0 for severity in Severity}
        for finding in self.findings:
            tally[finding.severity] += 1
        object.__setattr__(self, "counts", tally)

    @property
    def ready(self) -> bool:
        """Ready for cut-over: no blockers."""
        return self.counts[Severity.BLOCKER] == 0

    @property
    def failed(self) -> bool:
        """Some finding is at or above the fail level."""
        return any(f.severity.rank >= self.fail_on.rank for f in self.findings)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.FINDINGS if self.failed else ExitCode.OK

    @property
    def days_left(self) -> int:
        return (self.cutover - self.scanned_at.date()).days
