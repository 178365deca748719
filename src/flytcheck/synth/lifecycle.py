"""What becomes of a record: finalised or not, deleted, archived with a Noark system id, flagged or stopped.

Every record type of catalogue v2 (notes, letters, plans, evaluations, both documents of an investigation,
reports of concern) has these columns (docs/criteria.md §3, the record table), and the archive rules read them
alike, so one `Lifecycle` per record type decides them from the profile's defect rates. Each kind a rule must
see (unfinished, deleted, not archived, flagged check-in-VSA, archiving stopped) is also given to the first record
it fits while no record has it yet, so that even the demo's few dozen plans have every kind. Records whose date
for the archive start is before `vocabulary.ARCHIVE_START` were never sent to the archive and have no system id.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from flytcheck.synth import vocabulary as v
from flytcheck.synth.profiles import Rates
from flytcheck.synth.shapes import SNAP, Dates, day

ARCHIVE_START = day(v.ARCHIVE_START)


def system_id(rng: random.Random) -> str:
    """A random UUID-shaped Noark system id; its long group has a letter inside, so no 11-digit run appears."""
    h = rng.getrandbits(120)
    s = f"{h:030x}"
    return f"{s[:8]}-{s[8:12]}-4{s[12:15]}-{'89ab'[h & 3]}{s[15:18]}-{s[18:24]}{'abcdef'[h % 6]}{s[24:29]}"


@dataclass(slots=True)
class Fate:
    """A record's finalised day (None: not finalised), deleted mark, archive id, stop and check-in-VSA flags."""

    day: int | None = None
    finished: str | None = None
    deleted: int = 0
    system: str | None = None
    stopped: int = 0
    check: int = 0


class Lifecycle:
    """Decides the fates of one record type's records, in the order they are written."""

    def __init__(self, rates: Rates, dates: Dates, rng: random.Random, *, deletable: bool = True) -> None:
        self.dates, self.rng = dates, rng
        self.deletable = deletable
        self.p_unfinished = rates.record_unfinalised
        self.p_deleted = self.p_unfinished + (rates.record_deleted if deletable else 0.0)
        self.p_unarchived = rates.record_not_archived
        self.p_check = self.p_unarchived + rates.record_check_in_vsa
        self.p_stop = self.p_check + rates.record_archiving_stopped
        self.missing = ["unfinished", *(["deleted"] if deletable else [])]
        self.missing_archive = ["unarchived", "flagged", "stopped"]

    def fate(self, d: int, within: int = 8, *, to_archive: bool = True, archive_by_record_date: bool = False) -> Fate:
        """The fate of a started record dated `d`, finalised (if it is) within `within` days of it.

        `to_archive`: the record type goes to the archive (notes: by their journal type). The archive start is
        compared with the record's date (`archive_by_record_date`: notes and letters) or its finalised date.
        """
        r = self.rng.random
        x = r()
        kind = "unfinished" if x < self.p_unfinished else "deleted" if x < self.p_deleted else ""
        if not kind and self.missing:
            kind = self.missing.pop(0)
        elif kind in self.missing:
            self.missing.remove(kind)
        if kind == "unfinished":
            return Fate()
        if kind == "deleted":
            finished = min(SNAP, d + int(r() * within))
            return Fate(finished, self.dates.stamp(finished, r()), 1) if r() < 0.5 else Fate(deleted=1)
        finished = min(SNAP, d + int(r() * within))
        fate = Fate(finished, self.dates.stamp(finished, r()))
        if to_archive and (d if archive_by_record_date else finished) >= ARCHIVE_START:
            self.archive(fate)
        return fate

    def seen(self, fate: Fate) -> None:
        """Count a fate decided elsewhere (an investigation plan finished with its report) as one of this type's."""
        for kind, present in (("unfinished", fate.day is None), ("flagged", fate.check == 1),
                              ("stopped", fate.stopped == 1)):
            for missing in (self.missing, self.missing_archive):
                if present and kind in missing:
                    missing.remove(kind)

    def archive(self, fate: Fate) -> None:
        """Set the archive columns of a finalised record that is to be archived."""
        y = self.rng.random()
        kind = ""
        if y < self.p_unarchived:
            kind = "unarchived"
        elif y < self.p_check:
            kind = "flagged"
        elif y < self.p_stop:
            kind = "stopped"
        elif self.missing_archive:
            kind = self.missing_archive[0]
        if kind in self.missing_archive:
            self.missing_archive.remove(kind)
        if kind == "flagged":
            fate.check = 1
        elif kind == "stopped":
            fate.stopped = 1
        elif kind != "unarchived":
            fate.system = system_id(self.rng)
