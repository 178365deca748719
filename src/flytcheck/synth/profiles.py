"""The sizes of the synthetic databases (docs/benchmarks.md, "Profiles") and how often each kind of defect is planted.

A profile is a value: the generator reads it and never changes it. Defect rates are per row of the table the rule
reads, multiplied by the profile's `defects` factor; together they make 5-10 % of the rows defective.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date


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
    """FA_JOURNAL + FA_POSTJOURNAL + FA_DOKUMENTER rows, split 50/20/30 %."""
    reminders: int
    open_reminders: int
    caseworkers: int
    defects: float = 1.0
    """Multiplies every defect rate (the demo shows a little more of everything)."""
    duplicate_every: int = 50_000
    """One row in this many of the journal, post, document and reminder tables is exported twice."""


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("demo", 300, 60, 1_200, 2_200, 30, 4_000, 500, 50, 16, defects=1.5, duplicate_every=400),
        Profile("lofoten", 3_000, 150, 12_000, 20_000, 150, 120_000, 6_000, 400, 22),
        Profile("mid", 20_000, 1_200, 80_000, 150_000, 1_000, 1_000_000, 40_000, 3_000, 140),
        Profile("largest", 120_000, 10_000, 500_000, 1_000_000, 5_000, 8_000_000, 2_000_000, 60_000, 900),
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

    def scaled(self, factor: float) -> Rates:
        return Rates(**{f.name: getattr(self, f.name) * factor for f in fields(self)})
