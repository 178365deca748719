"""The small tables: caseworkers, register and journal types, the owner row and the version history.

Also holds `World`, what every table generator shares (profile, rates, output, dates, random streams), and
`Staff`, the caseworkers' initials that the other tables refer to.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from flytcheck.synth import vocabulary as v
from flytcheck.synth.profiles import Profile, Rates
from flytcheck.synth.shapes import SNAP, Dates, char, day
from flytcheck.synth.sinks import Sink, TableOut


@dataclass
class World:
    """What every table generator shares."""

    profile: Profile
    rates: Rates
    seed: int
    sink: Sink
    dates: Dates

    def rng(self, part: str) -> random.Random:
        """An independent random stream per table group: changing one group leaves the others as they were."""
        return random.Random(f"flytcheck-synth/{self.seed}/{part}")

    def out(self, table: str) -> TableOut:
        return self.sink.table(table)


@dataclass
class Staff:
    """Caseworkers' initials: all, the active ones and the passivised ones."""

    active: list[str] = field(default_factory=list)
    passive: list[str] = field(default_factory=list)

    def any(self, r: float) -> str:
        k = int(r * (len(self.active) + len(self.passive)))
        return self.active[k] if k < len(self.active) else self.passive[k - len(self.active)]


def _initials(first: str, last: str, taken: set[str]) -> str:
    for candidate in (first[0] + last[:2], first[:2] + last[0], first[0] + last[0] + last[-1]):
        if candidate.upper() not in taken:
            return candidate.upper()
    n = 2
    while f"{first[0]}{last[0]}{n}".upper() in taken:
        n += 1
    return f"{first[0]}{last[0]}{n}".upper()


def write_staff(world: World) -> Staff:
    """FA_SAKSBEHANDLERE: every fourth caseworker has left (passivised) before the copy was taken."""
    rng = world.rng("staff")
    out, dates = world.out("FA_SAKSBEHANDLERE"), world.dates
    staff, taken = Staff(), set[str]()
    first_day = day("2008-01-01")
    for k in range(world.profile.caseworkers):
        first = v.FIRST_NAMES[int(rng.random() * len(v.FIRST_NAMES))]
        last = v.LAST_NAMES[int(rng.random() * len(v.LAST_NAMES))]
        initials = _initials(first, last, taken)
        taken.add(initials)
        passivised = None
        if k % 4 == 3:
            passivised = dates.at(first_day + int(rng.random() * (SNAP - first_day)))
            staff.passive.append(initials)
        else:
            staff.active.append(initials)
        out.add((initials, first, last, passivised))
    return staff


def unknown_initials(staff: Staff) -> str:
    """Initials of a caseworker who is not in FA_SAKSBEHANDLERE (deleted from the table long ago)."""
    known = set(staff.active) | set(staff.passive)
    n = 1
    while f"XQ{n}" in known:
        n += 1
    return f"XQ{n}"


def write_types(world: World) -> None:
    """FA_FORBINDELSESTYPER, FA_JOURNALTYPE, FA_EIER and FA_DBVERSJON."""
    types = world.out("FA_FORBINDELSESTYPER")
    for ident, description in v.PERSON_TYPES:
        types.add((char(ident, 3), description, 1))
    for ident, description, _ in v.ORG_TYPES:
        types.add((char(ident, 3), description, 0))
    journal_types = world.out("FA_JOURNALTYPE")
    for ident, to_archive, _ in v.JOURNAL_TYPES:
        journal_types.add((char(ident, 2), to_archive))
    world.out("FA_EIER").add((1860, 1, world.dates.at(day(v.ARCHIVE_START))))
    versions = world.out("FA_DBVERSJON")
    for number, (version, installed) in enumerate(v.FAMILIA_VERSIONS, 1):
        versions.add((number, world.sink.decimal(version), world.dates.at(day(installed))))
