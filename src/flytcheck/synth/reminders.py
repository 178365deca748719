"""FA_HUSKELAPP: the reminder list, with exactly the profile's number of open reminders.

Open reminders mostly belong to open children and their caseworkers, some to closed children or to no child, and
some to caseworkers who have left (nobody sees those). A few point to a child or caseworker that does not exist.
Each goes to Familia's Huskeliste view (synth.huskeliste) as well.
"""

from __future__ import annotations

from flytcheck.synth import vocabulary as v
from flytcheck.synth.children import Children
from flytcheck.synth.huskeliste import Huskeliste
from flytcheck.synth.reference import Staff, World, unknown_initials
from flytcheck.synth.shapes import SNAP, Duplicates, Quota, Selector, day


def write_reminders(world: World, kids: Children, staff: Staff, huskeliste: Huskeliste) -> None:
    profile, rates, dates = world.profile, world.rates, world.dates
    rng = world.rng("reminders")
    r = rng.random
    out = world.out("FA_HUSKELAPP")
    opened = Selector(profile.open_reminders, profile.reminders)
    nobody = unknown_initials(staff)
    first, children, open_ids = day("2008-01-01"), len(kids), kids.open_ids
    subjects = v.REMINDER_SUBJECTS
    twice = Duplicates(profile.duplicate_every, profile.reminders)
    gone_child, gone_caseworker = Quota(rates.orphan / 2), Quota(rates.orphan / 2)
    for number in range(1, profile.reminders + 1):
        is_open = opened.take(r())
        x = r()
        kli: int | None
        done: str | None
        done_day = 0
        if is_open:
            if x < 0.6 and open_ids:
                kli = open_ids[int(r() * len(open_ids))]
            else:
                kli = 1 + int(r() * children) if x < 0.85 else None
            deadline = SNAP - 400 + int(r() * 520)
            done = None
        else:
            kli = 1 + int(r() * children) if x < 0.9 else None
            deadline = first + int(r() * (SNAP - first))
            done_day = min(SNAP, max(first, deadline - 10 + int(r() * 40)))
            done = dates.stamp(done_day, r())
        own = kids.caseworker[kli - 1] if kli is not None else None
        if own is not None and r() < 0.8:
            who = own
        elif is_open and r() < 0.15:
            who = staff.passive[int(r() * len(staff.passive))]
        else:
            who = staff.active[int(r() * len(staff.active))]
        y = r()
        if gone_child.take(y):
            kli = children + 1 + int(r() * 1000)
        elif gone_caseworker.take(y - rates.orphan / 2):
            who = nobody
        row = (number, kli, who, subjects[int(r() * len(subjects))], dates.at(deadline), done)
        copies = twice.copies(number)
        for _ in range(copies):
            out.add(row)
        huskeliste.item(out.name, (None, number, None), kli, who, row[4], None if done is None else (done_day, done),
                        copies=copies)
