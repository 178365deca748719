"""Synthetic identity numbers for generated data: Tenor persons, broken variants and invented org numbers.

Privacy is the point of this module: it must never emit a number that could be a real person's. Every person number
it returns is a Tenor synthetic number (month + 80, check digits computed after the +80; D-numbers also day + 40),
an H- or FH-number, a pseudo number, or a number with broken check digits, and each one is checked with
flytcheck's own classifier before it leaves: a number the classifier would accept as a real-format fødselsnummer or
D-nummer, at any reference date (the 2032 rule included), stops the generator.

Children: Familia stores a child's birth date (a real datetime) and the 5-digit personnummer, and the scan composes
ddmmyy(birth date) + personnummer. A datetime cannot hold month + 80, so the composed number of a synthetic child
always has a real month. The generator stores the birth date and the last five digits of the child's Tenor
number: the composed number then always fails the first check digit ((S1 + K1) mod 11 == 7, since adding 80 to the
month adds 6 * 8 to S1), so it is never a valid real-format number, and adding 80 to its month gives back a valid
Tenor number. Defective children have a typo in those five digits as well (invalid in both forms), no
personnummer, or 00000. Placeholder children (`PLACEHOLDERS`) get a birth date with which the placeholder composes
no number that is valid in either form (`placeholder_is_safe`).

Organisation numbers are not personal data: valid ones are invented (first digit 8 or 9, mod-11 check digit).
"""

from __future__ import annotations

import random
from datetime import date

from flytcheck.identity.numbers import classify_org, classify_person
from flytcheck.synth.profiles import CUTOVER

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
ORG_W = (3, 2, 7, 6, 5, 4, 3, 2)
FAR_FUTURE = date(2099, 12, 31)
"""A reference date under the 2032 rule, which accepts every number the 1964 rule accepts, and more."""

PLACEHOLDERS = {"unborn": 99999, "unknown-boy": 100, "unknown-girl": 200}
"""KLI_PERSONNR placeholders (Familia and KOSTRA): ufødt barn, ukjent gutt, ukjent jente; stored as numbers."""
PERSON_DEFECTS = ("missing", "typo", "lost-zero", "h-number", "fh-number", "pseudo", "space", "not-issued", "d-typo")
ORG_DEFECTS = ("check-digit", "spaces", "short", "mva", "first-digit")


class UnsafeNumber(RuntimeError):
    """The generator was about to write a number that could be a real person's (a bug, never data)."""


def check_digits(first9: str) -> str | None:
    """K1 and K2 (1964 rule) for nine digits, or None when either would be 10."""
    k1 = -sum(w * (ord(c) - 48) for w, c in zip(W1, first9, strict=True)) % 11
    if k1 == 10:
        return None
    k2 = -sum(w * (ord(c) - 48) for w, c in zip(W2, first9 + str(k1), strict=True)) % 11
    return None if k2 == 10 else f"{k1}{k2}"


def could_be_real(number: str) -> bool:
    """True when the classifier accepts `number` as a real-format (non-synthetic) person number at any date."""
    return classify_person(number, FAR_FUTURE).valid


def accepted(number: str) -> bool:
    """True when a scan with accept_synthetic at the cut-over counts `number` as a valid person id."""
    return classify_person(number, CUTOVER, accept_synthetic=True).valid


def _digits(rng: random.Random, count: int) -> str:
    return f"{int(rng.random() * 10**count):0{count}d}"


def _series(year: int) -> tuple[int, int]:
    return (500, 999) if year >= 2000 else (0, 499)


def tenor(rng: random.Random, born: date, *, d_number: bool = False, series: tuple[int, int] | None = None) -> str:
    """A valid Tenor synthetic fødselsnummer (or D-nummer) for `born`."""
    prefix = f"{born.day + 40 * d_number:02d}{born.month + 80:02d}{born.year % 100:02d}"
    low, high = series or _series(born.year)
    while True:
        individ = f"{low + int(rng.random() * (high - low + 1)):03d}"
        digits = check_digits(prefix + individ)
        if digits is not None and (individ, digits) != ("000", "00"):  # DDMMYY00000 is a placeholder
            number = prefix + individ + digits
            if could_be_real(number):  # cannot happen for month + 80; checked all the same
                raise UnsafeNumber("a generated synthetic number classifies as a real-format number")
            return number


def valid_person(rng: random.Random, born: date, *, d_number: bool = False) -> str:
    """A Tenor number a scan with accept_synthetic counts as valid."""
    number = tenor(rng, born, d_number=d_number)
    if not accepted(number):
        raise UnsafeNumber("a generated synthetic number is not accepted as synthetic")
    return number


def _typo(rng: random.Random, number: str, start: int = 6) -> str:
    """`number` with one digit at or after `start` changed (always breaks a check digit)."""
    pos = start + int(rng.random() * (len(number) - start))
    digit = (ord(number[pos]) - 48 + 1 + int(rng.random() * 9)) % 10
    return f"{number[:pos]}{digit}{number[pos + 1 :]}"


def _ddmmyy(born: date) -> str:
    return f"{born.day:02d}{born.month:02d}{born.year % 100:02d}"


def child_personnr(rng: random.Random, born: date, defect: str | None = None) -> int | None:
    """KLI_PERSONNR for a child born `born`: the tail of its Tenor number (see the module docstring).

    `defect`: "typo" (invalid in the composed and the Tenor form), "pseudo" (00000) or "missing" (None).
    """
    if defect == "missing":
        return None
    if defect == "pseudo":
        return 0
    while True:
        number = tenor(rng, born)
        if defect == "typo":
            number = _typo(rng, number)
            if accepted(number):
                continue
        tail = number[6:]
        if not could_be_real(_ddmmyy(born) + tail):
            return int(tail)


def placeholder_is_safe(born: date, personnr: int) -> bool:
    """Whether ddmmyy(`born`) + the placeholder `personnr` is neither a possible real number nor, with the month
    plus 80, an accepted Tenor number: the child then has no number at all, as a placeholder means."""
    tail = f"{personnr:05d}"
    tenor_form = f"{born.day:02d}{born.month + 80:02d}{born.year % 100:02d}{tail}"
    return not could_be_real(_ddmmyy(born) + tail) and not accepted(tenor_form)


def bad_person_id(rng: random.Random, born: date, kind: str) -> tuple[str | None, int | None]:
    """(FOR_FOEDSELSNUMMER, FOR_DNUMMER) that no scan accepts, of the given PERSON_DEFECTS kind."""
    while True:
        fnr: str | None = None
        dnr: int | None = None
        if kind == "typo":
            fnr = _typo(rng, tenor(rng, born))
        elif kind == "lost-zero":
            fnr = tenor(rng, born.replace(day=1 + int(rng.random() * 9)))[1:]
        elif kind in ("h-number", "fh-number"):
            if kind == "h-number":
                prefix = f"{born.day:02d}{born.month + 40:02d}{born.year % 100:02d}{_digits(rng, 3)}"
            else:
                # Digits 3-4 are kept out of 01-12 so no scanner can take an FH-number for a birth date.
                prefix = f"{8 + int(rng.random() * 2)}{_digits(rng, 1)}{81 + int(rng.random() * 12)}{_digits(rng, 5)}"
            digits = check_digits(prefix)
            if digits is None:
                continue
            fnr = prefix + digits
        elif kind == "pseudo":
            fnr = tenor(rng, born)[:6] + "00000"
        elif kind == "space":
            number = tenor(rng, born)
            fnr = f"{number[:6]} {number[6:]}"
        elif kind == "not-issued":
            old = date(1940 + int(rng.random() * 14), born.month, min(born.day, 28))
            fnr = tenor(rng, old, series=(500, 749))
        elif kind == "d-typo":
            dnr = int(_typo(rng, tenor(rng, born, d_number=True)))
        elif kind != "missing":
            raise ValueError(f"unknown person-id defect {kind!r}")
        values = [v for v in (fnr, None if dnr is None else f"{dnr:011d}") if v is not None]
        compact = [v.replace(" ", "") for v in values]
        if any(could_be_real(v) or could_be_real(v.zfill(11)) for v in compact):
            continue
        if not any(accepted(v) for v in values):
            return fnr, dnr


def orgnr(rng: random.Random) -> str:
    """An invented organisation number: 9 digits, first digit 9 (mostly) or 8, valid mod-11 check digit."""
    while True:
        first8 = ("9" if rng.random() < 0.8 else "8") + _digits(rng, 7)
        remainder = sum(w * (ord(c) - 48) for w, c in zip(ORG_W, first8, strict=True)) % 11
        if remainder != 1:
            return first8 + str((11 - remainder) % 11)


def bad_orgnr(rng: random.Random, kind: str) -> str:
    """An org number as a careless registration leaves it, of the given ORG_DEFECTS kind."""
    while True:
        number = orgnr(rng)
        if kind == "check-digit":
            bad = _typo(rng, number, start=8)
        elif kind == "spaces":
            return f"{number[:3]} {number[3:6]} {number[6:]}"
        elif kind == "short":
            bad = number[:8]
        elif kind == "mva":
            bad = number + "MVA"
        elif kind == "first-digit":
            bad = "1" + number[1:]
        else:
            raise ValueError(f"unknown org-number defect {kind!r}")
        if not classify_org(bad, accept_synthetic=True).valid:
            return bad
