"""The sizes of the synthetic databases (docs/benchmarks.md, "Profiles") and how often each kind of defect is planted.

A profile is a value: the generator reads it and never changes it. Defect rates are per row of the table the rule
reads (or of the rows a rate names), multiplied by the profile's `defects` factor; together they make 5-10 % of
the rows of each table defective (the demo, at 1.5, a little more).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date


@dataclass(frozen=True, slots=True)
class Cases:
    """Row counts of the case tables of catalogue v2 (docs/benchmarks.md, "Profiles").

    `measures` and `decisions` are not in the sizing table of the specification; they are chosen: a measure is
    followed up by two measure lines on average (so half as many measures as lines), and every measure is decided
    once and one in five decided again (changed, extended or ended), so 1.2 decisions per measure.
    """

    reports: int
    """FA_MELDINGER: reports of concern (a few with no child yet)."""
    investigations: int
    """FA_UNDERSOEKELSER: one per investigated report of concern."""
    plans: int
    """FA_TILTAKSPLAN."""
    evaluations: int
    """FA_TILTAKSPLANEVALUERINGER, shared among the plans."""
    measure_lines: int
    """FA_TILTAKSLINJER."""
    investigation_lines: int
    """FA_UNDERSOEKELSESLINJER, shared among the investigations."""
    measures: int
    """FA_TILTAK."""
    decisions: int
    """FA_SAKSJOURNAL."""


@dataclass(frozen=True, slots=True)
class Profile:
    """Row counts of one synthetic Familia database."""

    name: str
    children: int
    open_children: int
    connections: int
    """FA_FORBINDELSER rows: persons, contractors and organisations."""
    ties: int
    """FA_KLIENTTILKNYTNING rows."""
    contractors: int
    """FA_MEDARBEIDERE rows."""
    records: int
    """FA_JOURNAL + FA_POSTJOURNAL + FA_DOKUMENTER rows, split 50/20/30 %; the 30 % of documents are shared among
    every record type that holds one (see synth.documents)."""
    reminders: int
    open_reminders: int
    caseworkers: int
    cases: Cases
    defects: float = 1.0
    """Multiplies every defect rate."""
    duplicate_every: int = 50_000
    """One row in this many of each table with records (journal, post, documents, reminders and the case tables)
    is exported twice."""


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        # The demo's case tables are lofoten's scaled to its records (4 000 of 120 000): its documents then hold
        # the same share of plans, evaluations, investigations and reports of concern as lofoten's. Its defects
        # are at the base rates: the quotas (shapes.Quota) already give its small tables one of every kind.
        Profile("demo", 300, 60, 1_200, 2_200, 30, 4_000, 500, 50, 16,
                Cases(150, 70, 120, 200, 270, 200, 140, 170), duplicate_every=400),
        Profile("lofoten", 3_000, 150, 12_000, 20_000, 150, 120_000, 6_000, 400, 22,
                Cases(4_500, 2_000, 3_500, 6_000, 8_000, 6_000, 4_000, 4_800)),
        Profile("mid", 20_000, 1_200, 80_000, 150_000, 1_000, 1_000_000, 40_000, 3_000, 140,
                Cases(30_000, 15_000, 25_000, 40_000, 50_000, 40_000, 25_000, 30_000)),
        Profile("largest", 120_000, 10_000, 500_000, 1_000_000, 5_000, 8_000_000, 2_000_000, 60_000, 900,
                Cases(200_000, 100_000, 160_000, 250_000, 300_000, 250_000, 150_000, 180_000)),
    )
}

SNAPSHOT = date(2027, 4, 15)
"""The day the synthetic copy was taken: nothing is dated later, except reminder deadlines."""
CUTOVER = date(2027, 5, 22)
"""The cut-over the companion configuration sets (go-live, as in the Lofoten project)."""


@dataclass(frozen=True, slots=True)
class Rates:
    """Base defect probabilities, before the profile's factor."""

    child_no_caseworker: float = 0.02
    child_passivised_caseworker: float = 0.04
    child_bad_number: float = 0.04
    person_bad_id: float = 0.07
    contractor_unregistered: float = 0.07
    contract_missing: float = 0.08
    org_missing_orgnr: float = 0.05
    org_invalid_orgnr: float = 0.05
    record_unfinalised: float = 0.035
    record_deleted: float = 0.01
    record_not_archived: float = 0.025
    record_check_in_vsa: float = 0.015
    record_archiving_stopped: float = 0.005
    document_checked_out: float = 0.02
    document_pdfa_error: float = 0.035
    orphan: float = 0.002
    document_not_produced: float = 0.012
    """A finalised record's document with DOK_PRODUSERT = 0."""
    document_lost: float = 0.003
    """A record's DOK_LOEPENR (or DOK_UPLANNR) that points to no FA_DOKUMENTER row."""
    follow_up_open: float = 0.07
    """Of the notes and letters that carry a follow-up: not done."""
    line_open: float = 0.07
    """Measure lines with a deadline, and investigation lines on the Huskeliste, past it and not done."""
    report_open: float = 0.04
    """Of the reports of concern not investigated: still under review."""
    report_no_reason: float = 0.025
    """Of the dismissed reports of concern: none of the three reasons set."""
    dates_reversed: float = 0.01
    """Reports of concern, investigations and plans whose end is before their start."""
    measure_dates_reversed: float = 0.04
    investigation_no_conclusion: float = 0.02
    """Of the finished investigations."""
    measure_open_after_close: float = 0.3
    """Of the measures and plans of a child whose case closed this year: no end date, or one after the closing."""
    measure_left_open: float = 0.03
    """Of the measures of a child whose case closed in an earlier year (not migrated): no end date."""
    decision_no_main_paragraph: float = 0.06
    """Decisions with a comparable paragraph and a blank main one."""
    child_placeholder: float = 0.01
    child_duplicate: float = 0.005
    child_over_25: float = 0.01
    """Of the open children."""

    def scaled(self, factor: float) -> Rates:
        return Rates(**{f.name: getattr(self, f.name) * factor for f in fields(self)})
