"""FA_TILTAKSPLAN and FA_TILTAKSPLANEVALUERINGER: the children's plans and their evaluations.

Plans are shared among the children by the length of their case (each child whose case closed this year has at
least one: it had measures until the case closed), registered within the case, in force from a few days later for
half a year to two years (no end date for four in ten plans of open cases), and ended by the day the case closed.
Evaluations are shared evenly among the plans and planned every three months or so from the plan's start; one
planned after the copy was taken, or skipped, has no document and is not started. Plans and started evaluations
are finalised and archived as every record is (synth.lifecycle), and hold their documents; a few evaluations hold
their plan's document. A few plans of migrated children end before they start, and some plans of children whose
case closed this year have no end date or end after the case closed (the register rules' defects).
"""

from __future__ import annotations

import random

from flytcheck.synth.children import Children
from flytcheck.synth.documents import Documents
from flytcheck.synth.lifecycle import Fate, Lifecycle
from flytcheck.synth.records import case_weights
from flytcheck.synth.reference import Staff, World
from flytcheck.synth.shapes import SNAP, Allocator, Duplicates, Quota

SHARED_DOCUMENT = 0.01
"""Evaluations that hold their plan's document rather than one of their own."""
SKIPPED = 0.05
"""Evaluations planned before the copy was taken that were never started."""


def write_plans(world: World, kids: Children, staff: Staff, documents: Documents) -> None:
    profile, rates, dates = world.profile, world.rates, world.dates
    rng = world.rng("plans")
    r = rng.random
    weights = case_weights(kids)
    plans = Allocator(profile.cases.plans, sum(weights))
    evaluations = Allocator(profile.cases.evaluations, profile.cases.plans)
    plan_life, evaluation_life = Lifecycle(rates, dates, rng), Lifecycle(rates, dates, rng)
    shared_document = Quota(SHARED_DOCUMENT)
    reversed_dates, open_after_close = Quota(rates.dates_reversed), Quota(rates.measure_open_after_close)
    out = world.out("FA_TILTAKSPLAN")
    duplicates = Duplicates(profile.duplicate_every, profile.cases.plans)
    evaluation_duplicates = Duplicates(profile.duplicate_every, profile.cases.evaluations)
    ttp = written = 0
    for k in range(len(kids)):
        kli, own, start, end = k + 1, kids.caseworker[k], kids.start[k], kids.end[k]
        stop = end or SNAP
        for _ in range(plans.take(weights[k], r(), at_least=int(kids.closed_migrated(k)))):
            ttp += 1
            who = own if own is not None and r() < 0.7 else staff.any(r())
            registered = start + int(r() * (stop - start + 1))
            fra = min(stop, registered + int(r() * 14))
            planned_end = fra + 180 + int(r() * 540)
            til = min(planned_end, end) if end else None if r() < 0.4 else planned_end
            fate = plan_life.fate(registered, 20)
            in_scope = kids.migrated(k) and not fate.deleted
            if not fate.deleted and kids.closed_migrated(k) and open_after_close.take(r()):
                til = None if r() < 0.5 else end + 1 + int(r() * 90)
            elif reversed_dates.take(r(), in_scope):
                til = fra - 1 - int(r() * 60)
            dok = None
            if r() < 0.98:
                dok = documents.new(rng, out.name, who, registered, finished=fate.day is not None,
                                    final=not fate.deleted)
            row = (ttp, kli, who, dates.at(registered), fate.finished, fate.deleted, dates.at(fra),
                   None if til is None else dates.at(til), dok, fate.system, fate.stopped, fate.check)
            for _ in range(duplicates.copies(ttp)):
                out.add(row)
            written = _evaluations(world, rng, documents, (evaluation_life, shared_document), (ttp, who, fra, dok),
                                   evaluations.take(1, r()), written, evaluation_duplicates)


def _evaluations(
    world: World,
    rng: random.Random,
    documents: Documents,
    decide: tuple[Lifecycle, Quota],
    plan: tuple[int, str, int, int | None],
    count: int,
    written: int,
    duplicates: Duplicates,
) -> int:
    """`count` evaluations of the plan (TTP_LOEPENR, caseworker, start day, document), numbered 1, 2, …; the
    evaluations written so far (`written`, counting these) decide which are exported twice."""
    dates, r = world.dates, rng.random
    out = world.out("FA_TILTAKSPLANEVALUERINGER")
    ttp, who, fra, plan_document = plan
    life, shared_document = decide
    for eva in range(1, count + 1):
        planned = fra + 90 * eva - 15 + int(r() * 30)
        if planned > SNAP + 180:
            planned = SNAP + int(r() * 180)
        fate, dok = Fate(), None
        if planned <= SNAP and r() >= SKIPPED:
            fate = life.fate(planned, 20)
            if plan_document is not None and shared_document.take(r()):
                dok = plan_document
            else:
                dok = documents.new(rng, out.name, who, planned, finished=fate.day is not None,
                                    final=not fate.deleted)
        row = (ttp, eva, who, dates.at(planned), fate.finished, fate.deleted, dok, fate.system, fate.stopped,
               fate.check)
        written += 1
        for _ in range(duplicates.copies(written)):
            out.add(row)
    return written
