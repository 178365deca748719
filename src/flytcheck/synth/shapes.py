"""Small tools every table generator uses: datetime text by day number, exact-count sampling and allocation,
defects that every profile is sure to have, and text as SQL Server's char(n) columns store it.

Days are proleptic ordinals (`date.toordinal()`), so date arithmetic is integer arithmetic and a day's text is a
list lookup. The samplers are streaming: they decide row by row and still hit an exact total.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from flytcheck.synth.profiles import CUTOVER, SNAPSHOT

FIRST_DAY = date(1985, 1, 1).toordinal()
LAST_DAY = date(2031, 12, 31).toordinal()
"""Planned end dates of plans and measures run up to two years past the snapshot."""
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

    def take(self, weight: int, r: float, at_least: int = 0) -> int:
        """This owner's share; `at_least` rows while any are left (an owner that must have one)."""
        if weight >= self.weight_left:
            share = self.left
        else:
            expected = self.left * weight / self.weight_left
            share = min(self.left, max(at_least, int(expected * (0.4 + 1.2 * r) + 0.5)))
        self.left -= share
        self.weight_left -= weight
        return share



class Quota:
    """Plants a defect with probability `p`, and at the first chance it gets while none is planted yet.

    So a defect a rule must find is in every profile, however small (the demo has a few dozen plans), and the
    choice stays a function of the row stream alone. The price is that the first eligible row always has it.
    A row outside the rule's scope (`in_scope` False: a register rule looks at migrated children only) gets the
    defect at the rate, and does not count as the one the rule must find.
    """

    __slots__ = ("p", "planted")

    def __init__(self, p: float) -> None:
        self.p, self.planted = p, 0

    def take(self, r: float, in_scope: bool = True) -> bool:
        hit = r < self.p or (in_scope and not self.planted)
        self.planted += hit and in_scope
        return hit


class Duplicates:
    """Which rows of a table of `size` rows a broken export writes twice: one in `every`, the first in the middle
    of the table when it is smaller than that (so that the demo's small tables have one too)."""

    __slots__ = ("at", "every")

    def __init__(self, every: int, size: int) -> None:
        self.every, self.at = every, min(every // 2, max(1, size // 2))

    def copies(self, number: int) -> int:
        """How many times the `number`th row (from 1) is written."""
        return 2 if number % self.every == self.at else 1


CHAR_WIDTHS: dict[str, dict[str, int]] = {
    "FA_FORBINDELSER": {"FOR_FOEDSELSNUMMER": 11, "FOR_ORGANISASJONSNR": 9},
    "FA_FORBINDELSESTYPER": {"FOT_IDENT": 3},
    "FA_FORBINDELSESROLLER": {"FOT_IDENT": 3},
    "FA_KLIENTTILKNYTNING": {"KTK_ROLLE": 3},
    "FA_JOURNALTYPE": {"JOT_IDENT": 2},
    "FA_JOURNAL": {"JOT_IDENT": 2, "JOU_OPPFOELGING": 20},
    "FA_POSTJOURNAL": {"POS_OPPFOELGING": 20},
    "FA_DOKUMENTER": {"DOK_TYPE": 4},
    "FA_SAKSJOURNAL": {"LOV_HOVEDPARAGRAF": 8, "LOV_JMFPARAGRAF1": 8, "LOV_JMFPARAGRAF2": 8},
}
"""The char(n) columns of Familia (docs/criteria.md §3) and their widths. SQL Server keeps a char(n) value padded
with spaces to n, and an empty one as n spaces, and every copy or export that keeps the padding hands it on; so
the generator writes every non-NULL value of these columns padded, always (never in a share of rows: a database
pads all or, behind sqlcmd -W, none). Codes that fill the width (`MOR`, `DOCX`) are unchanged by it."""


def char(text: str, width: int) -> str:
    """`text` as a char(`width`) column holds it: padded with spaces to the width. A longer value is kept as it is:
    only defects made on purpose are (an org number written `974 760 673`), and SQL Server would refuse them."""
    return text.ljust(width)
