"""FA_MELDINGER, FA_UNDERSOEKELSER and FA_UNDERSOEKELSESLINJER: reports of concern, their investigations and the
investigations' follow-up lines.

Reports of concern are shared among the children by the length of their case and dated within it; a few have no
child yet (KLI_LOEPENR NULL). Exactly the profile's number of them are investigated: concluded `U` within a week,
with one investigation (keyed by the report's MEL_LOEPENR) that starts a few days later and takes one to three
months, and the investigation's lines, shared evenly among the investigations. The others are dismissed (`H`,
with one of the three reasons) or still under review, mostly recent ones. An investigation has two documents: its
report (DOK_LOEPENR, always, but for some still in progress) and, for most, its plan (DOK_UPLANNR); each has its
own finalised date and archive columns (synth.lifecycle), and for some the plan is finished and archived with the
report. Register defects (end before start, no conclusion, dismissed with no reason) are planted in the records
of migrated children and of reports with no child, which the register rules look at.
"""

from __future__ import annotations

from flytcheck.synth import vocabulary as v
from flytcheck.synth.children import Children
from flytcheck.synth.documents import Documents
from flytcheck.synth.huskeliste import Huskeliste
from flytcheck.synth.lifecycle import ARCHIVE_START, Fate, Lifecycle, system_id
from flytcheck.synth.records import case_weights
from flytcheck.synth.reference import Staff, World
from flytcheck.synth.shapes import SNAP, Allocator, Duplicates, Quota, Selector, day

NO_CHILD = 0.04
"""Reports of concern not yet linked to a child's case."""
WITH_PLAN = 0.6
"""Investigations with an investigation plan (DOK_UPLANNR)."""
PLAN_WITH_REPORT = 0.3
"""Investigation plans finished and archived together with the report (or left unfinished with it)."""
NOT_STARTED = 0.02
"""Investigations past their deadline whose report was never begun: no document, not finished, no finding."""
ON_LIST = 0.7
"""Investigation lines marked for the Huskeliste (UNP_TILHUSKELISTE = 1)."""
REASONS = (0.6, 0.85)
"""Cumulative shares of the dismissal reasons: outside the act, another agency, another child welfare service."""
CONCLUSIONS = v.weighted(v.INVESTIGATION_CONCLUSIONS)


class _Concerns:
    """The counters, lifecycles and defect quotas of one pass over the reports of concern."""

    def __init__(self, world: World, staff: Staff, documents: Documents, huskeliste: Huskeliste) -> None:
        self.world, self.staff, self.documents, self.huskeliste = world, staff, documents, huskeliste
        self.rng = rng = world.rng("concerns")
        rates, dates = world.rates, world.dates
        self.mel = self.investigations = self.unp = 0
        self.report_life = Lifecycle(rates, dates, rng, deletable=False)
        # Two documents per investigation: each at half the rates, so the investigations are as defective as the
        # other records.
        self.investigation_life = Lifecycle(rates.scaled(0.5), dates, rng, deletable=False)
        self.plan_life = Lifecycle(rates.scaled(0.5), dates, rng, deletable=False)
        self.open = Quota(rates.report_open)
        self.no_reason = Quota(rates.report_no_reason)
        self.reversed = Quota(rates.dates_reversed)
        self.investigation_reversed = Quota(rates.dates_reversed)
        self.no_conclusion = Quota(rates.investigation_no_conclusion)
        self.not_started = Quota(NOT_STARTED)
        self.same_fate = Quota(PLAN_WITH_REPORT)
        self.line_open = Quota(rates.line_open / ON_LIST)
        self.off_list_open = Quota(rates.line_open)
        sizes = world.profile.cases
        self.lines = Allocator(sizes.investigation_lines, sizes.investigations)
        every = world.profile.duplicate_every
        self.duplicates = (Duplicates(every, sizes.reports), Duplicates(every, sizes.investigations),
                           Duplicates(every, sizes.investigation_lines))

    def report(self, kids: Children, k: int | None, investigated: bool) -> None:
        """One report of concern of child index `k` (None: no child), with its investigation if `investigated`."""
        world, dates, r = self.world, self.world.dates, self.rng.random
        if k is None:
            kli, own, start, stop, in_scope, is_open = None, None, day("2008-01-01"), SNAP, True, False
        else:
            kli, own, start = k + 1, kids.caseworker[k], kids.start[k]
            stop, in_scope, is_open = kids.end[k] or SNAP, kids.migrated(k), kids.end[k] == 0
        received = start + int(r() * (stop - start + 1))
        who = own if own is not None and r() < 0.7 else self.staff.any(r())
        self.mel += 1
        conclusion, reasons, reviewed = None, (0, 0, 0), None
        if investigated:
            conclusion = "U"
        elif self.open.take(r()):
            if is_open:
                received = max(start, SNAP - int(r() * 14))  # in the week the review may take
        else:
            conclusion = "H"
            x = r()
            reasons = (int(x < REASONS[0]), int(REASONS[0] <= x < REASONS[1]), int(x >= REASONS[1]))
            if self.no_reason.take(r(), in_scope):
                reasons = (0, 0, 0)
        fate = Fate()
        if conclusion is not None:
            reviewed = min(stop, received + int(r() * 8))
            if self.reversed.take(r(), in_scope):
                reviewed = received - 1 - int(r() * 30)
            fate = Fate(reviewed, dates.stamp(reviewed, r()))
            if reviewed >= ARCHIVE_START:
                self.report_life.archive(fate)
        dok = None
        if r() < 0.95:
            dok = self.documents.new(self.rng, "FA_MELDINGER", who, received, finished=conclusion is not None)
        row = (self.mel, kli, who, dates.at(received), fate.finished, dok, fate.system, fate.stopped, fate.check,
               conclusion, *reasons)
        out = world.out("FA_MELDINGER")
        for _ in range(self.duplicates[0].copies(self.mel)):
            out.add(row)
        if investigated and k is not None and reviewed is not None:
            self.investigation(kids, k, max(received, reviewed), who)

    def investigation(self, kids: Children, k: int, reviewed: int, who: str) -> None:
        dates, r, mel = self.world.dates, self.rng.random, self.mel
        stop, migrated = kids.end[k] or SNAP, kids.migrated(k)
        begun = min(stop, reviewed + int(r() * 4))
        due = begun + 20 + int(r() * 70) + (int(r() * 90) if r() < 0.1 else 0)
        if kids.end[k]:
            due = max(begun, min(due, kids.end[k]))
        # In progress: the report is drafted half the time. Past its deadline: begun but for a few.
        started = r() < 0.5 if due > SNAP else not self.not_started.take(r())
        report, dok = Fate(), None
        if started:
            report = Fate() if due > SNAP else self.investigation_life.fate(due, 1)
            dok = self.documents.new(self.rng, "FA_UNDERSOEKELSER", who, begun, finished=report.day is not None,
                                     rate=0.5)
        conclusion = None
        if report.day is not None:
            conclusion = CONCLUSIONS[int(r() * len(CONCLUSIONS))]
            if self.no_conclusion.take(r(), migrated):
                # Blank or NULL: no conclusion either way; the first one blank, the harder case for a copy.
                conclusion = " " if r() < 0.5 or self.no_conclusion.planted == 1 else None
            if self.investigation_reversed.take(r(), migrated):
                report.day = begun - 1 - int(r() * 20)
                report.finished = dates.stamp(report.day, r())
        plan, uplan = Fate(), None
        # The plan shares the report's fate for some; always, once, when the report is unfinished or flagged, so
        # that one investigation has two findings of the same rule.
        defective = started and (report.day is None or report.check == 1)
        if r() < WITH_PLAN or (defective and not self.same_fate.planted):
            finished = min(SNAP, begun + int(r() * 14))
            if finished <= SNAP:
                shared = self.same_fate.take(r()) if defective else started and r() < PLAN_WITH_REPORT
                if shared:
                    system = None if report.system is None else system_id(self.rng)
                    plan = Fate(report.day, report.finished, 0, system, report.stopped, report.check)
                    self.plan_life.seen(plan)
                else:
                    plan = self.plan_life.fate(finished, 1)
            uplan = self.documents.new(self.rng, "FA_UNDERSOEKELSER/plan", who, begun, finished=plan.day is not None,
                                       rate=0.5)
        row = (mel, who, dates.at(begun), conclusion, dok, report.finished, report.system, report.stopped,
               report.check, uplan, plan.finished, plan.system, plan.stopped, plan.check)
        self.investigations += 1
        out = self.world.out("FA_UNDERSOEKELSER")
        for _ in range(self.duplicates[1].copies(self.investigations)):
            out.add(row)
        for _ in range(self.lines.take(1, r())):
            self.line(k + 1, mel, who, begun, due)

    def line(self, kli: int, mel: int, who: str, begun: int, due: int) -> None:
        dates, r = self.world.dates, self.rng.random
        self.unp += 1
        frist = begun + int(r() * (due - begun + 14))
        listed = int(r() < ON_LIST)
        done: tuple[int, str] | None = None
        left_open = (self.line_open if listed else self.off_list_open).take(r())
        if frist <= SNAP and not left_open:
            finished = min(SNAP, max(begun, frist - 5 + int(r() * 15)))
            done = finished, dates.stamp(finished, r())
        row = (self.unp, mel, who, dates.at(frist), None if done is None else done[1], listed)
        copies = self.duplicates[2].copies(self.unp)
        out = self.world.out("FA_UNDERSOEKELSESLINJER")
        for _ in range(copies):
            out.add(row)
        if listed:
            self.huskeliste.item(out.name, (None, self.unp, mel), kli, who, row[3], done, copies=copies)


def write_concerns(
    world: World, kids: Children, staff: Staff, documents: Documents, huskeliste: Huskeliste
) -> None:
    sizes = world.profile.cases
    concerns = _Concerns(world, staff, documents, huskeliste)
    r = concerns.rng.random
    childless = max(1, round(sizes.reports * NO_CHILD))
    weights = case_weights(kids)
    shares = Allocator(sizes.reports - childless, sum(weights))
    investigated = Selector(sizes.investigations, sizes.reports - childless)
    for k in range(len(kids)):
        for _ in range(shares.take(weights[k], r())):
            concerns.report(kids, k, investigated.take(r()))
    for _ in range(childless):
        concerns.report(kids, None, False)

