"""FA_DOKUMENTER: every document, numbered in the order records ask for them.

A document has no child or date of its own: it belongs to the record whose DOK_LOEPENR (an investigation's plan:
DOK_UPLANNR) points to it, so it is made when that record is (`Documents.new`), and its state follows the
record's: a finalised record's document is produced (DOK_PRODUSERT = 1) but for the defect rate, an unfinished
one's only half the time; it is checked out at a day between the record's and the snapshot. A few records point
to a number no row has (the document is lost), and `unplaced` writes the documents no record holds.

The documents are the profile's 30 % of "journal + post + document rows": the case records take theirs first, and
the notes and letters share the rest (synth.records), so FA_DOKUMENTER keeps today's share of the records.
"""

from __future__ import annotations

import random

from flytcheck.synth import vocabulary as v
from flytcheck.synth.reference import World
from flytcheck.synth.shapes import SNAP, Duplicates, Quota, char

DOCUMENT_TYPES = tuple(char(code, 4) for code in v.weighted(v.DOCUMENT_TYPES))


class Documents:
    """Numbers and writes the documents; `written` counts the rows (duplicates left out)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.out = world.out("FA_DOKUMENTER")
        self.last = 0
        self.written = 0
        self.not_produced: dict[str, Quota] = {}
        profile = world.profile
        self.twice = Duplicates(profile.duplicate_every, profile.records - profile.records // 2 - profile.records // 5)
        self.lost: dict[str, Quota] = {}

    def new(
        self, rng: random.Random, holder: str, who: str, d: int, *, finished: bool, final: bool = True, rate: float = 1
    ) -> int:
        """The DOK_LOEPENR for a `holder` record (its type, for the defect quotas) dated `d` by caseworker `who`.

        `finished`: the record is finalised; `final`: and not deleted (only then is DOK_PRODUSERT = 0 a defect).
        Lost documents (a number, but no row) and unproduced ones come at the profile's rates times `rate`, and
        each holder type has at least one of each.
        """
        rates, r = self.world.rates, rng.random
        self.last += 1
        lost = self.lost.setdefault(holder, Quota(rates.document_lost * rate))
        if lost.take(r()):
            return self.last
        produced = 1
        if finished and final:
            quota = self.not_produced.setdefault(holder, Quota(rates.document_not_produced * rate))
            produced = 0 if quota.take(r()) else 1
        elif not finished:
            produced = int(r() < 0.5)
        self.write(rng, self.last, who, d, produced)
        return self.last

    def unplaced(self, rng: random.Random, who: str, d: int) -> None:
        """A document no record holds (in Familia a document is made from a record; these lost theirs)."""
        self.last += 1
        self.write(rng, self.last, who, d, 1)

    def write(self, rng: random.Random, dok: int, who: str, d: int, produced: int) -> None:
        rates, dates = self.world.rates, self.world.dates
        r = rng.random
        checked_out = by = None
        if r() < rates.document_checked_out:
            checked_out, by = dates.stamp(min(SNAP, d + int(r() * max(1, SNAP - d))), r()), who
        message: str | None = None
        errors: int | None = 0 if r() < 0.7 else None
        if r() < rates.document_pdfa_error:
            z = r()
            message = v.PDFA_ERRORS[int(r() * len(v.PDFA_ERRORS))] if z >= 0.2 else None
            errors = 1 + int(r() * 5) if z < 0.8 else 0
        row = (dok, DOCUMENT_TYPES[int(r() * len(DOCUMENT_TYPES))], produced, checked_out, by, message, errors)
        self.out.add(row)
        self.written += 1
        if self.twice.copies(dok) == 2:
            self.out.add(row)
