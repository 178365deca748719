"""FA_KLIENT, each child's Nettverk (FA_KLIENTTILKNYTNING) and the contractor contracts (FA_ENGASJEMENTSAVTALE).

Children are planned first (`plan_children`): birth date, case period, municipality and caseworker per child, kept
as compact arrays because ties, records and reminders must agree with them. Nothing else of a table stays in memory.
"""

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass, field
from datetime import date

from flytcheck.synth import ids
from flytcheck.synth import vocabulary as v
from flytcheck.synth.network import Pools
from flytcheck.synth.reference import Staff, World
from flytcheck.synth.shapes import CUT, SNAP, YEAR_START, Allocator, Selector, day

CHILD_DEFECTS = ("typo", "typo", "missing", "pseudo", "no-birth-date")
YEAR = 365


@dataclass
class Children:
    """Per child (index = KLI_LOEPENR - 1): day numbers of birth, case start and closing (0 = open), and more."""

    born: array[int] = field(default_factory=lambda: array("l"))
    start: array[int] = field(default_factory=lambda: array("l"))
    end: array[int] = field(default_factory=lambda: array("l"))
    kommune: array[int] = field(default_factory=lambda: array("l"))
    caseworker: list[str | None] = field(default_factory=list)
    open_ids: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.born)

    def migrated(self, k: int) -> bool:
        return self.end[k] == 0 or self.end[k] >= YEAR_START


def plan_children(world: World, staff: Staff) -> Children:
    """Who the children are: exactly `open_children` open, the others closed since 2005 (a few this year)."""
    profile, rates = world.profile, world.rates
    rng = world.rng("children-plan")
    r = rng.random
    kids = Children()
    opened = Selector(profile.open_children, profile.children)
    first_closed, first_start = day("2005-01-01"), day("2003-01-01")
    for k in range(profile.children):
        if opened.take(r()):
            born = SNAP - 30 - int(r() * 17 * YEAR)
            start = born + int(r() * (SNAP - born))
            end = 0
            kids.open_ids.append(k + 1)
        else:
            end = first_closed + int(r() * (SNAP - first_closed))
            start = max(first_start, end - 60 - int(r() ** 2 * 6 * YEAR))
            born = start - int(r() * 17 * YEAR)
        kids.born.append(born)
        kids.start.append(start)
        kids.end.append(end)
        x = r()
        kids.kommune.append(next(number for number, share in v.MUNICIPALITIES if x < share))
        x = r()
        caseworker: str | None
        if end and end < YEAR_START:
            caseworker = staff.any(r())
        elif x < rates.child_no_caseworker:
            caseworker = None
        elif x < rates.child_no_caseworker + rates.child_passivised_caseworker:
            caseworker = staff.passive[int(r() * len(staff.passive))]
        else:
            caseworker = staff.active[int(r() * len(staff.active))]
        kids.caseworker.append(caseworker)
    return kids


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
    for k in range(len(kids)):
        born, end = kids.born[k], kids.end[k]
        migrated = kids.migrated(k)
        defect = None
        if migrated and r() < rates.child_bad_number:
            defect = CHILD_DEFECTS[int(r() * len(CHILD_DEFECTS))]
        personnr = ids.child_personnr(rng, date.fromordinal(born), None if defect == "no-birth-date" else defect)
        birth = None if defect == "no-birth-date" else dates.at(born)
        clients.add((k + 1, birth, personnr, dates.at(end) if end else None, kids.kommune[k], kids.caseworker[k]))
        if r() >= 0.25:  # a quarter of the children are siblings of the previous one, with the same parents
            parents = (pools.person(r()), pools.person(r()))
        _network(world, rng, kids, pools, k, ties.take(weights[k], r()), parents, counters)
    orphans = max(1, round(profile.ties * rates.orphan / 4))
    for j in range(orphans):
        gone = len(kids) + 1 + j
        fra = dates.at(SNAP - 400 - j)
        counters.tie += 1
        world.out("FA_KLIENTTILKNYTNING").add((gone, counters.tie, pools.person(r()), "MOR", fra, None, None))
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
            k + 1, counters.tie, person, role, dates.at(fra),
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
