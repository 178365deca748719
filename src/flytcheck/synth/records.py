"""FA_JOURNAL and FA_POSTJOURNAL, and the documents they hold: the notes and letters of each child's case.

The records are shared among the children in proportion to the length of their case and split 50/20/30 % between
notes, letters and documents. The case records (plans, evaluations, investigations, reports of concern) have taken
their documents first; the notes and letters share what is left of the 30 %, each child's share by the same
weights. Each note or letter holds one of its child's documents (DOK_LOEPENR) half the time, until they run out,
and the documents left over sit in no record (in Familia a document is made from a record). Most records are
finalised and, from the archive start on, archived (synth.lifecycle); about 10 % carry a follow-up
(synth.followups). One row in `duplicate_every` is written twice, as a broken export would.
"""

from __future__ import annotations

from flytcheck.synth import vocabulary as v
from flytcheck.synth.children import Children
from flytcheck.synth.documents import Documents
from flytcheck.synth.followups import FollowUps
from flytcheck.synth.huskeliste import Huskeliste
from flytcheck.synth.lifecycle import Lifecycle
from flytcheck.synth.reference import Staff, World
from flytcheck.synth.shapes import SNAP, Allocator, Duplicates, char

DOCUMENT_SHARE = 0.3
NOTE_TYPES = v.weighted(tuple((char(ident, 2), weight) for ident, _, weight in v.JOURNAL_TYPES))
ARCHIVED_TYPES = frozenset(char(ident, 2) for ident, to_archive, _ in v.JOURNAL_TYPES if to_archive)


def case_weights(kids: Children) -> list[int]:
    """Each child's weight when records are shared out: the days of its case, plus a month."""
    return [(kids.end[k] or SNAP) - kids.start[k] + 30 for k in range(len(kids))]


def write_records(world: World, kids: Children, staff: Staff, documents: Documents, huskeliste: Huskeliste) -> None:
    profile, dates = world.profile, world.dates
    rng = world.rng("records")
    r = rng.random
    journal, post = world.out("FA_JOURNAL"), world.out("FA_POSTJOURNAL")
    weights = case_weights(kids)
    total = sum(weights)
    notes, letters = profile.records // 2, profile.records // 5
    left = max(0, profile.records - notes - letters - documents.written)
    shares = Allocator(notes, total), Allocator(letters, total), Allocator(left, total)
    lives = Lifecycle(world.rates, dates, rng), Lifecycle(world.rates, dates, rng)
    follow = (FollowUps(world, rng, "FA_JOURNAL", huskeliste), FollowUps(world, rng, "FA_POSTJOURNAL", huskeliste))
    jou = letters_written = 0
    note_twice, letter_twice = Duplicates(profile.duplicate_every, notes), Duplicates(profile.duplicate_every, letters)
    post_numbers: dict[int, int] = {}
    for k in range(len(kids)):
        kli, own = k + 1, kids.caseworker[k]
        start = kids.start[k]
        span = (kids.end[k] or SNAP) - start + 1
        to_place = shares[2].take(weights[k], r())
        for table in (0, 1):
            for _ in range(shares[table].take(weights[k], r())):
                d = start + int(r() * span)
                who = own if own is not None and r() < 0.7 else staff.any(r())
                kind = NOTE_TYPES[int(r() * len(NOTE_TYPES))] if table == 0 else ""
                fate = lives[table].fate(d, to_archive=table == 1 or kind in ARCHIVED_TYPES,
                                         archive_by_record_date=True)
                holds = None
                if to_place and r() < 0.5:
                    before = documents.written
                    holds = documents.new(rng, journal.name if table == 0 else post.name, who, d,
                                          finished=fate.finished is not None, final=not fate.deleted)
                    to_place -= documents.written - before
                if table == 0:
                    jou += 1
                    copies = note_twice.copies(jou)
                    follow_up = follow[0].columns(d, (None, jou), kli, who, deleted=fate.deleted,
                                                  ferdig=fate.finished, copies=copies)
                    row: tuple[object, ...] = (jou, kli, who, kind, dates.at(d), fate.finished, fate.deleted,
                                               fate.system, fate.stopped, fate.check, holds, *follow_up)
                    for _ in range(copies):
                        journal.add(row)
                else:
                    year = dates.year(d)
                    number = post_numbers[year] = post_numbers.get(year, 0) + 1
                    letters_written += 1
                    copies = letter_twice.copies(letters_written)
                    follow_up = follow[1].columns(d, (year, number), kli, who, deleted=fate.deleted,
                                                  ferdig=fate.finished, copies=copies)
                    row = (year, number, kli, who, dates.at(d), fate.finished, fate.deleted, fate.system,
                           fate.stopped, fate.check, holds, *follow_up)
                    for _ in range(copies):
                        post.add(row)
        for _ in range(to_place):
            documents.unplaced(rng, own or staff.any(r()), start + int(r() * span))
