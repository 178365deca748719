"""FA_KLIENT, each child's Nettverk (FA_KLIENTTILKNYTNING) and the contractor contracts (FA_ENGASJEMENTSAVTALE).

Children are planned first (`plan_children`): birth date, case period, municipality and caseworker per child, kept
as compact arrays because ties, records and reminders must agree with them. Nothing else of a table stays in memory.

A few open children are special, in exact numbers so that every profile has them (`SPECIAL`): placeholders
instead of a personnummer (99999 unborn, its birth date the due date; 00100 unknown boy; 00200 unknown girl),
a second case file of a child already registered (the same birth date and personnummer: one child, two case
files), and open cases of young adults of 25 or more, the first of them 25 on the cut-over day itself. A few
closed children closed this year, so that they are migrated with a closed case.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flytcheck.synth import ids
from flytcheck.synth import vocabulary as v
from flytcheck.synth.ids import PLACEHOLDERS
from flytcheck.synth.network import Pools
from flytcheck.synth.profiles import CUTOVER
from flytcheck.synth.reference import Staff, World, unknown_initials
from flytcheck.synth.shapes import CUT, SNAP, YEAR_START, Allocator, Duplicates, Quota, Selector, char, day

CHILD_DEFECTS = ("typo", "typo", "missing", "pseudo", "no-birth-date")
YEAR = 365
SPECIAL = ("unborn", "unknown-boy", "unknown-girl", "second-file", "over-25")
CLOSED_THIS_YEAR = 0.013
"""Of the closed children: closed since 1 January (a share of a uniform spread of closing days since 2005)."""


@dataclass
class Children:
    """Per child (index = KLI_LOEPENR - 1): day numbers of birth, case start and closing (0 = open), and more."""

    born: array[int] = field(default_factory=lambda: array("l"))
    start: array[int] = field(default_factory=lambda: array("l"))
    end: array[int] = field(default_factory=lambda: array("l"))
    kommune: array[int] = field(default_factory=lambda: array("l"))
    caseworker: list[str | None] = field(default_factory=list)
    open_ids: list[int] = field(default_factory=list)
    special: dict[int, str] = field(default_factory=dict)
    """Child index -> one of SPECIAL."""
    first_file: dict[int, int] = field(default_factory=dict)
    """Child index of a second case file -> the index of the child's first one."""

    def __len__(self) -> int:
        return len(self.born)

    def migrated(self, k: int) -> bool:
        return self.end[k] == 0 or self.end[k] >= YEAR_START

    def closed_migrated(self, k: int) -> bool:
        """Migrated with a closed case: closed on or after 1 January of the cut-over year."""
        return self.end[k] >= YEAR_START


def _specials(world: World, rng: random.Random) -> list[str]:
    """The kinds of special child, in a shuffled order, one for each open child that is to be special."""
    rates, opened = world.rates, world.profile.open_children
    kinds = [SPECIAL[i % 3] for i in range(max(3, round(rates.child_placeholder * opened)))]
    kinds += ["second-file"] * max(1, round(rates.child_duplicate * opened))
    kinds += ["over-25"] * max(1, round(rates.child_over_25 * opened))
    rng.shuffle(kinds)
    return kinds


def plan_children(world: World, staff: Staff) -> Children:
    """Who the children are: exactly `open_children` open, the others closed since 2005 (a few this year)."""
    profile, rates = world.profile, world.rates
    rng = world.rng("children-plan")
    r = rng.random
    kids = Children()
    opened = Selector(profile.open_children, profile.children)
    closed = profile.children - profile.open_children
    this_year = Selector(max(3, round(closed * CLOSED_THIS_YEAR)), closed)
    kinds = _specials(world, rng)
    special = Selector(len(kinds), profile.open_children)
    first_closed, first_start = day("2005-01-01"), day("2003-01-01")
    last_plain = -1  # the latest migrated child that is not special: a second case file copies it
    gone = Quota(rates.orphan)
    waiting = False
    for k in range(profile.children):
        if opened.take(r()):
            born = SNAP - 30 - int(r() * 17 * YEAR)
            start = born + int(r() * (SNAP - born))
            end = 0
            kids.open_ids.append(k + 1)
            kind = kinds.pop() if special.take(r()) else "second-file" if waiting and last_plain >= 0 else ""
            if kind == "second-file" and last_plain < 0:
                waiting, kind = True, ""  # no child before it to be a second file of: the next open child is
            elif kind == "second-file":
                waiting = False
            if kind:
                born, start = _special(kids, k, kind, born, start, last_plain, r)
            else:
                last_plain = k
        else:
            if this_year.take(r()):
                end = YEAR_START + int(r() * (SNAP - YEAR_START))
            else:
                end = first_closed + int(r() * (YEAR_START - first_closed))
            start = max(first_start, end - 60 - int(r() ** 2 * 6 * YEAR))
            born = start - int(r() * 17 * YEAR)
            if end >= YEAR_START:
                last_plain = k
        kids.born.append(born)
        kids.start.append(start)
        kids.end.append(end)
        x = r()
        kids.kommune.append(next(number for number, share in v.MUNICIPALITIES if x < share))
        x = r()
        caseworker: str | None
        if gone.take(r()):
            caseworker = unknown_initials(staff)  # deleted from FA_SAKSBEHANDLERE long ago
        elif end and end < YEAR_START:
            caseworker = staff.any(r())
        elif x < rates.child_no_caseworker:
            caseworker = None
        elif x < rates.child_no_caseworker + rates.child_passivised_caseworker:
            caseworker = staff.passive[int(r() * len(staff.passive))]
        else:
            caseworker = staff.active[int(r() * len(staff.active))]
        kids.caseworker.append(caseworker)
    return kids


def _special(
    kids: Children, k: int, kind: str, born: int, start: int, last_plain: int, r: Callable[[], float]
) -> tuple[int, int]:
    """The birth day and case start of an open child of a SPECIAL kind (recorded in `kids`)."""
    first_of_kind = kind not in kids.special.values()
    kids.special[k] = kind
    if kind == "unborn":
        born, start = SNAP + 20 + int(r() * 150), SNAP - int(r() * 120)
    elif kind == "over-25":
        adult = CUTOVER.replace(year=CUTOVER.year - 25).toordinal()  # 25 on the cut-over day
        born = adult if first_of_kind else adult - int(r() * 3 * YEAR)
        start = born + 16 * YEAR + int(r() * 6 * YEAR)
    elif kind == "second-file":
        kids.first_file[k] = last_plain
        born = kids.born[last_plain]
        start = born + int(r() * (SNAP - born))
    while kind in PLACEHOLDERS and not ids.placeholder_is_safe(
        date.fromordinal(born), PLACEHOLDERS[kind]
    ):
        born -= 1  # a composed number that could be a real one, or a Tenor one: try the day before
    return born, min(start, SNAP)


@dataclass
class _Counters:
    tie: int = 0
    contract: int = 0


def write_children(world: World, kids: Children, pools: Pools) -> None:
    """FA_KLIENT rows with their ties and contracts; then a few ties and contracts for children that are gone."""
    profile, rates, dates = world.profile, world.rates, world.dates
    rng = world.rng("children")
    r = rng.random
    clients = world.out("FA_KLIENT")
    weights = [3 if kids.migrated(k) else 2 for k in range(len(kids))]
    ties = Allocator(profile.ties, sum(weights))
    counters = _Counters()
    parents: tuple[int, int] = (pools.person(r()), pools.person(r()))
    first_files = {first: None for first in kids.first_file.values()}
    twice = Duplicates(profile.duplicate_every, len(kids))
    first_numbers: dict[int, int | None] = {}
    for k in range(len(kids)):
        born, end = kids.born[k], kids.end[k]
        migrated = kids.migrated(k)
        defect = None
        if migrated and r() < rates.child_bad_number and k not in first_files and k not in kids.special:
            defect = CHILD_DEFECTS[int(r() * len(CHILD_DEFECTS))]
        kind = kids.special.get(k)
        personnr: int | None
        if kind in PLACEHOLDERS:
            personnr = PLACEHOLDERS[kind]
        elif kind == "second-file":
            personnr = first_numbers[kids.first_file[k]]
        else:
            personnr = ids.child_personnr(rng, date.fromordinal(born), None if defect == "no-birth-date" else defect)
        if k in first_files:
            first_numbers[k] = personnr
        birth = None if defect == "no-birth-date" else dates.at(born)
        client = (k + 1, birth, personnr, dates.at(end) if end else None, kids.kommune[k], kids.caseworker[k])
        for _ in range(twice.copies(k + 1)):
            clients.add(client)
        if r() >= 0.25:  # a quarter of the children are siblings of the previous one, with the same parents
            parents = (pools.person(r()), pools.person(r()))
        _network(world, rng, kids, pools, k, ties.take(weights[k], r()), parents, counters)
    orphans = max(1, round(profile.ties * rates.orphan / 4))
    for j in range(orphans):
        gone = len(kids) + 1 + j
        fra = dates.at(SNAP - 400 - j)
        counters.tie += 1
        world.out("FA_KLIENTTILKNYTNING").add((gone, counters.tie, pools.person(r()), char("MOR", 3), fra, None, None))
        counters.contract += 1
        contractor = pools.contractor(r(), active=True)
        world.out("FA_ENGASJEMENTSAVTALE").add((counters.contract, gone, contractor, fra, None, "AKTIV"))


def _network(
    world: World,
    rng: random.Random,
    kids: Children,
    pools: Pools,
    k: int,
    count: int,
    parents: tuple[int, int],
    counters: _Counters,
) -> None:
    """One child's ties (mother and father first, foster parents for some) and its contractors' contracts."""
    rates, dates = world.rates, world.dates
    r = rng.random
    ties, contracts = world.out("FA_KLIENTTILKNYTNING"), world.out("FA_ENGASJEMENTSAVTALE")
    start, end = kids.start[k], kids.end[k]
    stop = end or SNAP
    is_open, migrated = end == 0, kids.migrated(k)
    core = ("MOR", "FAR", "FMO", "FFA") if r() < 0.2 else ("MOR", "FAR")
    for t in range(count):
        role = core[t] if t < len(core) else FILLER[int(r() * len(FILLER))]
        registered = False
        if r() < rates.orphan:
            person = pools.missing(k)
        elif role in v.ORG_ROLES:
            person = pools.org(r())
        elif role in v.CONTRACTOR_ROLES and r() >= rates.contractor_unregistered:
            person, registered = pools.contractor(r(), active=is_open), True
        elif role in ("MOR", "FAR"):
            person = parents[role == "FAR"]
        else:
            person = pools.person(r())
        fra = start + int(r() * (stop - start) * (0.1 if t < len(core) else 0.6))
        til = dead = None
        x = r()
        if not migrated:
            til = end if x < 0.7 else None
        elif x < 0.10:
            til = fra + int(r() * (SNAP - fra))
        elif x < 0.14:
            til = CUT + 1 + int(r() * 300)
        if role in ("MOR", "FAR") and r() < 0.004:
            dead = fra + int(r() * (SNAP - fra))
        counters.tie += 1
        ties.add((
            k + 1, counters.tie, person, char(role, 3), dates.at(fra),
            None if til is None else dates.at(til), None if dead is None else dates.at(dead),
        ))
        if registered and r() >= rates.contract_missing:
            counters.contract += 1
            if til is None and not migrated:
                til = end
            status = v.CONTRACT_STATUS[til is not None and til < SNAP]
            contracts.add((
                counters.contract, k + 1, person, dates.at(fra), None if til is None else dates.at(til), status,
            ))


FILLER = v.weighted(v.FILLER_ROLES)
