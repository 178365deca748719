"""FA_TILTAK, FA_TILTAKSLINJER and FA_SAKSJOURNAL: the children's measures, the measures' follow-up lines and the
decisions.

All three are shared among the children by the length of their case (each child whose case closed this year has
at least one measure) and dated within it. A measure runs from a day in the case for one month to two years, ends
by the day the case closed, and has no end date for half of the measures of open cases. A measure line has a
deadline (TTL_FRIST) but for a few, and is done around it; the profile's rate leaves some open past their
deadline, and lines due after the copy was taken are still open (both are on the Huskeliste). A decision
(SAK_AAR/SAK_JOURNALNR, numbered per year) names its main paragraph (LOV_HOVEDPARAGRAF) and for some one or two
comparable ones (LOV_JMFPARAGRAF1/2), all char(8) and padded; an unused paragraph is NULL or, for some, blank.

Register defects, in migrated children's records: measures that end before they start, measures of children whose
case closed this year with no end date or one after the closing, and decisions with a comparable paragraph but no
main one. Some decisions have no paragraph at all, only blank ones: not a defect, since nothing is set.
"""

from __future__ import annotations

import random

from flytcheck.synth import vocabulary as v
from flytcheck.synth.children import Children
from flytcheck.synth.huskeliste import Huskeliste
from flytcheck.synth.records import case_weights
from flytcheck.synth.reference import Staff, World
from flytcheck.synth.shapes import SNAP, YEAR_START, Allocator, Duplicates, Quota, char

WIDTH = 8
PARAGRAPHS = tuple(char(paragraph, WIDTH) for paragraph in v.PARAGRAPHS)
BLANK = char("", WIDTH)
NO_DEADLINE = 0.07
"""Measure lines without a deadline: not on the Huskeliste, done or not."""
NOTHING_SET = 0.01
"""Decisions whose paragraphs are all blank (emptied): nothing is set, so no finding."""


class _Measures:
    """Counters and defect quotas of one pass over the children."""

    def __init__(self, world: World, rng: random.Random, huskeliste: Huskeliste) -> None:
        rates = world.rates
        self.world, self.rng, self.huskeliste = world, rng, huskeliste
        self.til = self.ttl = self.sak = 0
        self.decision_numbers: dict[int, int] = {}
        self.reversed = Quota(rates.measure_dates_reversed)
        self.open_after_close = Quota(rates.measure_open_after_close)
        self.left_open = rates.measure_left_open
        self.line_open = Quota(rates.line_open)
        self.no_main_paragraph = Quota(rates.decision_no_main_paragraph)
        self.nothing_set = Quota(NOTHING_SET)
        self.open_without_deadline = Quota(rates.line_open)
        sizes, every = world.profile.cases, world.profile.duplicate_every
        self.duplicates = (Duplicates(every, sizes.measures), Duplicates(every, sizes.measure_lines),
                           Duplicates(every, sizes.decisions))

    def measure(self, kids: Children, k: int, who: str) -> None:
        dates, r = self.world.dates, self.rng.random
        start, end = kids.start[k], kids.end[k]
        stop = end or SNAP
        fra = start + int(r() * (stop - start + 1) * 0.8)
        planned_end = fra + 30 + int(r() * 700)
        til = min(planned_end, end) if end else None if r() < 0.5 else planned_end
        if kids.closed_migrated(k) and self.open_after_close.take(r()):
            til = None if r() < 0.5 else end + 1 + int(r() * 90)
        elif end and end < YEAR_START and r() < self.left_open:
            til = None  # left open in a case closed long ago: no finding, the child is not migrated
        elif self.reversed.take(r(), kids.migrated(k)):
            til = fra - 1 - int(r() * 60)
        self.til += 1
        row = (self.til, k + 1, who, dates.at(fra), None if til is None else dates.at(til))
        out = self.world.out("FA_TILTAK")
        for _ in range(self.duplicates[0].copies(self.til)):
            out.add(row)

    def line(self, kids: Children, k: int, who: str) -> None:
        dates, r = self.world.dates, self.rng.random
        start, stop = kids.start[k], kids.end[k] or SNAP
        d = start + int(r() * (stop - start + 1))
        self.ttl += 1
        frist = None if r() < NO_DEADLINE else d + 14 + int(r() * 60)
        done: tuple[int, str] | None = None
        left_open = (self.open_without_deadline if frist is None else self.line_open).take(r())
        target = d + 14 if frist is None else frist
        if target <= SNAP and not left_open:
            finished = min(SNAP, max(d, target - 5 + int(r() * 15)))
            done = finished, dates.stamp(finished, r())
        row = (self.ttl, k + 1, who, None if frist is None else dates.at(frist), None if done is None else done[1])
        out, copies = self.world.out("FA_TILTAKSLINJER"), self.duplicates[1].copies(self.ttl)
        for _ in range(copies):
            out.add(row)
        if frist is not None:
            self.huskeliste.item(out.name, (None, self.ttl, None), k + 1, who, row[3], done, copies=copies)

    def decision(self, kids: Children, k: int, who: str) -> None:
        dates, r = self.world.dates, self.rng.random
        start, stop = kids.start[k], kids.end[k] or SNAP
        year = dates.year(start + int(r() * (stop - start + 1)))
        number = self.decision_numbers[year] = self.decision_numbers.get(year, 0) + 1
        main: str | None = PARAGRAPHS[int(r() * len(PARAGRAPHS))]
        compared: list[str | None] = [None, None]
        x = r()
        if self.no_main_paragraph.take(r(), kids.migrated(k)):
            main = BLANK if r() < 0.5 or self.no_main_paragraph.planted == 1 else None  # the first one blank
            compared[0] = PARAGRAPHS[int(r() * len(PARAGRAPHS))]
        elif self.nothing_set.take(r()):
            main, compared = BLANK, [BLANK, None]
        elif x < 0.3:
            compared[0] = PARAGRAPHS[int(r() * len(PARAGRAPHS))]
            if r() < 0.3:
                compared[1] = PARAGRAPHS[int(r() * len(PARAGRAPHS))]
        elif x < 0.4:
            compared[0] = BLANK  # emptied in Familia: blank, so not set
        row = (year, number, k + 1, who, main, *compared)
        out = self.world.out("FA_SAKSJOURNAL")
        self.sak += 1
        for _ in range(self.duplicates[2].copies(self.sak)):
            out.add(row)


def write_measures(world: World, kids: Children, staff: Staff, huskeliste: Huskeliste) -> None:
    sizes = world.profile.cases
    rng = world.rng("measures")
    r = rng.random
    measures = _Measures(world, rng, huskeliste)
    weights = case_weights(kids)
    total = sum(weights)
    shares = Allocator(sizes.measures, total), Allocator(sizes.measure_lines, total), Allocator(sizes.decisions, total)
    for k in range(len(kids)):
        own = kids.caseworker[k]
        counts = (shares[0].take(weights[k], r(), at_least=int(kids.closed_migrated(k))),
                  shares[1].take(weights[k], r()), shares[2].take(weights[k], r()))
        for make, count in zip((measures.measure, measures.line, measures.decision), counts, strict=True):
            for _ in range(count):
                make(kids, k, own if own is not None and r() < 0.7 else staff.any(r()))
