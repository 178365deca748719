"""FA_JOURNAL, FA_POSTJOURNAL and FA_DOKUMENTER: the records of each child's case, dated within the case.

The records are shared among the children in proportion to the length of their case and split 50/20/30 % between
notes, letters and documents. A child's documents are made first; then each note or letter holds one of them
(DOK_LOEPENR) half the time, until they run out, so most documents sit in a note or letter of their child's case
and a few in none (in Familia a document is made from a note or letter). Most records are finalised and, from the
archive start on, archived with a Noark system id; the defect rates of the profile leave some unfinalised,
unarchived, flagged for VSA, checked out or failed in PDF/A conversion. One row in `duplicate_every` is written
twice, as a broken export would.
"""

from __future__ import annotations

import random

from flytcheck.synth import vocabulary as v
from flytcheck.synth.children import Children
from flytcheck.synth.reference import Staff, World
from flytcheck.synth.shapes import SNAP, Allocator, day

NO_FOLLOW_UP = (None, None, None)
"""*_FRIST, *_OPPFOELGING, *_OPPFYLTDATO of a note or letter without a follow-up."""


def system_id(rng: random.Random) -> str:
    """A random UUID-shaped Noark system id; its long group has a letter inside, so no 11-digit run appears."""
    h = rng.getrandbits(120)
    s = f"{h:030x}"
    return f"{s[:8]}-{s[8:12]}-4{s[12:15]}-{'89ab'[h & 3]}{s[15:18]}-{s[18:24]}{'abcdef'[h % 6]}{s[24:29]}"


def write_records(world: World, kids: Children, staff: Staff) -> None:
    profile, rates, dates = world.profile, world.rates, world.dates
    rng = world.rng("records")
    r = rng.random
    journal, post, documents = world.out("FA_JOURNAL"), world.out("FA_POSTJOURNAL"), world.out("FA_DOKUMENTER")
    weights = [(kids.end[k] or SNAP) - kids.start[k] + 30 for k in range(len(kids))]
    total = sum(weights)
    notes, letters = profile.records // 2, profile.records // 5
    shares = Allocator(notes, total), Allocator(letters, total), Allocator(profile.records - notes - letters, total)
    note_types = v.weighted(tuple((ident, weight) for ident, _, weight in v.JOURNAL_TYPES))
    archived_types = {ident for ident, to_archive, _ in v.JOURNAL_TYPES if to_archive}
    document_types = v.weighted(v.DOCUMENT_TYPES)
    archive_start = day(v.ARCHIVE_START)
    p_unfinished, p_deleted = rates.record_unfinalised, rates.record_unfinalised + rates.record_deleted
    p_unarchived = rates.record_not_archived
    p_check = p_unarchived + rates.record_check_in_vsa
    p_stop = p_check + rates.record_archiving_stopped
    dup, dup_at = profile.duplicate_every, profile.duplicate_every // 2
    jou = dok = 0
    post_numbers: dict[int, int] = {}
    for k in range(len(kids)):
        kli, own = k + 1, kids.caseworker[k]
        start = kids.start[k]
        span = (kids.end[k] or SNAP) - start + 1
        unplaced: list[int] = []
        for table in (2, 0, 1):
            for _ in range(shares[table].take(weights[k], r())):
                d = start + int(r() * span)
                who = own if own is not None and r() < 0.7 else staff.any(r())
                if table == 2:
                    dok += 1
                    row = _document(world, rng, dok, who, document_types)
                    documents.add(row)
                    unplaced.append(dok)
                    if dok % dup == dup_at:
                        documents.add(row)
                    continue
                holds = unplaced.pop(0) if unplaced and r() < 0.5 else None
                kind = note_types[int(r() * len(note_types))] if table == 0 else ""
                x = r()
                finished = system = None
                deleted = stopped = check = 0
                if x < p_unfinished:
                    pass
                elif x < p_deleted:
                    deleted = 1
                    finished = dates.stamp(d, r()) if r() < 0.5 else None
                else:
                    finished = dates.stamp(min(SNAP, d + int(r() * 8)), r())
                    if d >= archive_start and (table == 1 or kind in archived_types):
                        y = r()
                        if y < p_unarchived:
                            pass
                        elif y < p_check:
                            check = 1
                        elif y < p_stop:
                            stopped = 1
                        else:
                            system = system_id(rng)
                if table == 0:
                    jou += 1
                    row = (jou, kli, who, kind, dates.at(d), finished, deleted, system, stopped, check, holds,
                           *NO_FOLLOW_UP)
                    journal.add(row)
                    if jou % dup == dup_at:
                        journal.add(row)
                else:
                    year = dates.year(d)
                    number = post_numbers[year] = post_numbers.get(year, 0) + 1
                    row = (year, number, kli, who, dates.at(d), finished, deleted, system, stopped, check, holds,
                           *NO_FOLLOW_UP)
                    post.add(row)
                    if number % dup == dup_at:
                        post.add(row)


def _document(
    world: World, rng: random.Random, dok: int, who: str, document_types: tuple[str, ...]
) -> tuple[object, ...]:
    rates, dates = world.rates, world.dates
    r = rng.random
    checked_out = by = None
    if r() < rates.document_checked_out:
        checked_out, by = dates.stamp(SNAP - int(r() * 400), r()), who
    message: str | None = None
    errors: int | None = 0 if r() < 0.7 else None
    if r() < rates.document_pdfa_error:
        z = r()
        message = v.PDFA_ERRORS[int(r() * len(v.PDFA_ERRORS))] if z >= 0.2 else None
        errors = 1 + int(r() * 5) if z < 0.8 else 0
    return (dok, document_types[int(r() * len(document_types))], 1, checked_out, by, message, errors)
