"""Identity numbers made by the tests themselves (never written into the repository as literals)."""

from __future__ import annotations

from datetime import date

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def check_digits(first9: str) -> str | None:
    """K1 and K2 under the current (1964) rule, or None when either would be 10."""
    k1 = (11 - sum(w * int(c) for w, c in zip(W1, first9, strict=True)) % 11) % 11
    if k1 == 10:
        return None
    k2 = (11 - sum(w * int(c) for w, c in zip(W2, first9 + str(k1), strict=True)) % 11) % 11
    return None if k2 == 10 else f"{k1}{k2}"


def individ_range(year: int, low: bool = False) -> range:
    if 1900 <= year <= 1999:
        return range(0, 100) if low else range(100, 500)
    if 2000 <= year <= 2039:
        return range(500, 1000)
    if 1854 <= year <= 1899:
        return range(500, 750)
    raise ValueError(f"no individnummer series for {year}")


def make_number(birth: date, kind: str = "fnr", *, low: bool = False, start: int = 0) -> str:
    """A valid number for `birth`: kind fnr, dnr (day + 40) or tenor (month + 80); `low`: individnummer < 100."""
    day = birth.day + (40 if kind == "dnr" else 0)
    month = birth.month + (80 if kind == "tenor" else 0)
    prefix = f"{day:02d}{month:02d}{birth.year % 100:02d}"
    series = individ_range(birth.year, low)
    for offset in range(len(series)):
        individ = series[(start + offset) % len(series)]
        digits = check_digits(f"{prefix}{individ:03d}")
        if digits:
            return f"{prefix}{individ:03d}{digits}"
    raise ValueError(f"no valid number for {birth}")


def make_orgnr(first8: str) -> str | None:
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(w * int(c) for w, c in zip(weights, first8, strict=True)) % 11
    if remainder == 1:
        return None
    return first8 + str(0 if remainder == 0 else 11 - remainder)
