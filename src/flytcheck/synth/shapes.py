"""Small tools every table generator uses: datetime text by day number, exact-count sampling and allocation.

Days are proleptic ordinals (`date.toordinal()`), so date arithmetic is integer arithmetic and a day's text is a
list lookup. Both samplers are streaming: they decide row by row and still hit an exact total.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from flytcheck.synth.profiles import CUTOVER, SNAPSHOT

FIRST_DAY = date(1985, 1, 1).toordinal()
LAST_DAY = date(2028, 12, 31).toordinal()
SNAP = SNAPSHOT.toordinal()
CUT = CUTOVER.toordinal()
YEAR_START = date(CUTOVER.year, 1, 1).toordinal()
CLOCKS = 2_048


def day(text: str) -> int:
    """The day number of an ISO date."""
    return date.fromisoformat(text).toordinal()


class Dates:
    """Datetime text as the output stores it: midnight (`2024-05-22 00:00:00.000`) or a time of the working day."""

    def __init__(self, fraction_digits: int) -> None:
        zeros = "0" * fraction_digits
        first = date.fromordinal(FIRST_DAY)
        self.iso = [(first + timedelta(days=i)).isoformat() for i in range(LAST_DAY - FIRST_DAY + 1)]
        self.midnight = [f"{d} 00:00:00.{zeros}" for d in self.iso]
        self.years = [int(d[:4]) for d in self.iso]
        rng = random.Random("flytcheck-synth-clocks")
        clocks = []
        for _ in range(CLOCKS):
            seconds = 7 * 3600 + 1800 + int(rng.random() * 9.5 * 3600)
            millis = int(rng.random() * 1000)
            clocks.append(f" {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.{millis:03d}")
        self.clocks = [c + zeros[3:] for c in clocks]

    def at(self, day_number: int) -> str:
        """Midnight of a day."""
        return self.midnight[day_number - FIRST_DAY]

    def stamp(self, day_number: int, r: float) -> str:
        """A time of the working day on `day_number`, picked by `r` in [0, 1)."""
        return self.iso[day_number - FIRST_DAY] + self.clocks[int(r * CLOCKS)]

    def year(self, day_number: int) -> int:
        return self.years[day_number - FIRST_DAY]


class Selector:
    """Chooses exactly `k` of `n` items met one by one, every subset equally likely (Knuth's algorithm S)."""

    __slots__ = ("k", "n")

    def __init__(self, k: int, n: int) -> None:
        self.k, self.n = min(k, n), n

    def take(self, r: float) -> bool:
        chosen = r * self.n < self.k
        self.n -= 1
        self.k -= chosen
        return chosen


class Allocator:
    """Shares `total` rows among owners met one by one, in proportion to their weights, with some spread.

    Each share is drawn around what is left times the owner's part of the weight that is left, so the shares
    always add up to `total` exactly (the last owner takes the rest). Weights are integers, so that the last
    owner is known exactly.
    """

    __slots__ = ("left", "weight_left")

    def __init__(self, total: int, weight_total: int) -> None:
        self.left = total
        self.weight_left = weight_total

    def take(self, weight: int, r: float) -> int:
        if weight >= self.weight_left:
            share = self.left
        else:
            expected = self.left * weight / self.weight_left
            share = min(self.left, int(expected * (0.4 + 1.2 * r) + 0.5))
        self.left -= share
        self.weight_left -= weight
        return share

