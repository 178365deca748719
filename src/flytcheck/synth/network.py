"""FA_FORBINDELSER with their register types (FA_FORBINDELSESROLLER) and the contractor register (FA_MEDARBEIDERE).

A forbindelse is an organisation, a registered contractor or another person. Which one follows from its index in a
fixed permutation of the løpenummer (`Pools`), so that the children's ties can pick a forbindelse of the right kind
without the table being kept in memory, while the kinds stay interleaved in the table as they are in Familia.

FOR_FOEDSELSNUMMER (char(11)), FOR_ORGANISASJONSNR (char(9)) and FOT_IDENT (char(3)) are padded as SQL Server
stores them; half of the persons known only by a D-number have an empty fødselsnummer (11 spaces) rather than
NULL, and so do half of the organisations without an org number (9 spaces): blank is absent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from math import gcd

from flytcheck.synth import ids
from flytcheck.synth import vocabulary as v
from flytcheck.synth.reference import World
from flytcheck.synth.shapes import SNAP, Duplicates, Quota, char, day

ORG_SHARE = 0.08
ACTIVE_CONTRACTOR_SHARE = 0.4
NO_FNR, NO_ORGNR = char("", 11), char("", 9)
OPP, FOS, PRI, PAAR = (char(code, 3) for code in ("OPP", "FOS", "PRI", "PÅR"))


@dataclass(frozen=True, slots=True)
class Pools:
    """Forbindelse index i -> FOR_LOEPENR; indices [0, orgs) are organisations, then contractors (the active
    ones first), then persons."""

    size: int
    orgs: int
    contractors: int
    active_contractors: int
    step: int
    offset: int

    @classmethod
    def of(cls, size: int, contractors: int) -> Pools:
        orgs = max(1, round(size * ORG_SHARE))
        step = int(size * 0.6180339887) | 1
        while gcd(step, size) != 1:
            step += 2
        active = max(1, round(contractors * ACTIVE_CONTRACTOR_SHARE))
        return cls(size, orgs, contractors, active, step, size // 3)

    def loepenr(self, i: int) -> int:
        return (i * self.step + self.offset) % self.size + 1

    def org(self, r: float) -> int:
        return self.loepenr(int(r * self.orgs))

    def contractor(self, r: float, active: bool) -> int:
        return self.loepenr(self.orgs + int(r * (self.active_contractors if active else self.contractors)))

    def person(self, r: float) -> int:
        persons = self.size - self.orgs - self.contractors
        return self.loepenr(self.orgs + self.contractors + int(r * persons))

    def missing(self, k: int) -> int:
        """A FOR_LOEPENR no forbindelse has (for orphan references)."""
        return self.size + 1 + k


def write_network(world: World) -> Pools:
    """FA_FORBINDELSER, FA_FORBINDELSESROLLER and FA_MEDARBEIDERE, in FOR_LOEPENR order."""
    profile, rates, dates = world.profile, world.rates, world.dates
    pools = Pools.of(profile.connections, profile.contractors)
    rng = world.rng("network")
    r = rng.random
    people, roles = world.out("FA_FORBINDELSER"), world.out("FA_FORBINDELSESROLLER")
    register = world.out("FA_MEDARBEIDERE")
    org_types = v.weighted(tuple((char(ident, 3), weight) for ident, _, weight in v.ORG_TYPES))
    inverse = pow(pools.step, -1, pools.size)
    first_adult, last_adult, last_contractor = day("1945-01-01"), day("2006-12-31"), day("1998-12-31")
    first_child, first_passivised = day("2005-01-01"), day("2010-01-01")
    contractors_end = pools.orgs + pools.contractors
    blank_orgnr, blank_fnr = Quota(0.5), Quota(0.5)  # absent numbers: NULL, or blank (the first one blank)
    missing_orgnr = Quota(rates.org_missing_orgnr)
    twice = Duplicates(world.profile.duplicate_every, pools.size)
    register_twice = Duplicates(world.profile.duplicate_every, pools.contractors)
    registered = 0
    for j in range(pools.size):
        loepenr = j + 1
        i = (j - pools.offset) * inverse % pools.size
        if i < pools.orgs:
            row = _organisation(world, rng, loepenr, org_types, (missing_orgnr, blank_orgnr))
            for _ in range(twice.copies(loepenr)):
                people.add(row)
            continue
        fnr: str | None
        dnr: int | None = None
        if i < contractors_end:
            born = date.fromordinal(first_adult + int(r() * (last_contractor - first_adult)))
            fnr = ids.valid_person(rng, born)
            if r() < 0.03:
                fnr, dnr = _absent(blank_fnr, r()), int(ids.valid_person(rng, born, d_number=True))
            active = i - pools.orgs < pools.active_contractors
            began = day("2010-01-01" if active else "2003-01-01") + int(r() * 3000)
            began = min(began, SNAP - 30)
            ended = None if active else min(SNAP, began + 100 + int(r() * 3000))
            registered += 1
            left = None if ended is None else dates.at(ended)
            entry = (loepenr, v.CONTRACTOR_STATUS[not active], dates.at(began), left)
            for _ in range(register_twice.copies(registered)):
                register.add(entry)
            roles.add((loepenr, OPP))
            if r() < 0.4:
                roles.add((loepenr, FOS))
            passivised = dates.at(ended) if ended is not None and r() < 0.5 else None
            for _ in range(twice.copies(loepenr)):
                people.add((loepenr, _fnr(fnr), dnr, None, passivised))
            continue
        last = SNAP - 30 if r() < 0.15 else last_adult
        start = first_child if last != last_adult else first_adult
        born = date.fromordinal(start + int(r() * (last - start)))
        x = r()
        if x < rates.person_bad_id:
            kind = ids.PERSON_DEFECTS[int(r() * len(ids.PERSON_DEFECTS))]
            fnr, dnr = ids.bad_person_id(rng, born, kind)
        elif x < rates.person_bad_id + 0.03:
            fnr, dnr = _absent(blank_fnr, r()), int(ids.valid_person(rng, born, d_number=True))
        else:
            fnr = ids.valid_person(rng, born)
            if x > 0.99:  # came as a foreign national, has a fødselsnummer now
                dnr = int(ids.valid_person(rng, born, d_number=True))
        roles.add((loepenr, PRI))
        if r() < 0.1:
            roles.add((loepenr, PAAR))
        passivised = dates.at(first_passivised + int(r() * (SNAP - first_passivised))) if r() < 0.04 else None
        for _ in range(twice.copies(loepenr)):
            people.add((loepenr, _fnr(fnr), dnr, None, passivised))
    return pools


def _absent(blank: Quota, r: float) -> str | None:
    """An absent fødselsnummer: NULL, or (half the time) empty, which char(11) keeps as 11 spaces."""
    return NO_FNR if blank.take(r) else None


def _fnr(number: str | None) -> str | None:
    return None if number is None else char(number, 11)


def _organisation(
    world: World, rng: random.Random, loepenr: int, org_types: tuple[str, ...], quotas: tuple[Quota, Quota]
) -> tuple[object, ...]:
    """An organisation's register types, and its FA_FORBINDELSER row: without an org number (at least one, and
    the first of them blank), with an invalid one, or with a valid one."""
    missing, blank = quotas
    rates = world.rates
    r = rng.random
    x = r()
    number: str | None
    if missing.take(x):
        number = NO_ORGNR if blank.take(r()) else None
    elif x >= 1 - rates.org_invalid_orgnr:
        number = ids.bad_orgnr(rng, ids.ORG_DEFECTS[int(r() * len(ids.ORG_DEFECTS))])
    else:
        number = ids.orgnr(rng)
    y = r()
    if y < 0.02 and number is not None and number.strip():
        pass  # known only by its org number: no register type
    elif y < 0.04:
        world.out("FA_FORBINDELSESROLLER").add((loepenr, PRI))  # registered as a private person by mistake
    else:
        world.out("FA_FORBINDELSESROLLER").add((loepenr, org_types[int(r() * len(org_types))]))
    passivised = None
    if r() < 0.12:
        passivised = world.dates.at(day("2012-01-01") + int(r() * (SNAP - day("2012-01-01"))))
    return loepenr, None, None, None if number is None else char(number, 9), passivised
