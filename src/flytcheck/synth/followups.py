"""The follow-up of a note or letter (JOU_/POS_FRIST, _OPPFOELGING char(20), _OPPFYLTDATO): about 10 % carry one.

Of those, most have a deadline and a text, some only one of them, and some a text of 20 spaces: blank, so absent
(docs/criteria.md §2), and without a deadline no follow-up at all, the edge a copy that keeps SQL Server's padding
must get right. Most follow-ups are done a few days around their deadline; the profile's rate leaves some open,
and one whose deadline is after the copy was taken cannot be done yet. Each item goes to Familia's Huskeliste view.
"""

from __future__ import annotations

import random

from flytcheck.synth import vocabulary as v
from flytcheck.synth.huskeliste import Huskeliste
from flytcheck.synth.reference import World
from flytcheck.synth.shapes import SNAP, Quota, char

SHARE = 0.10
WIDTH = 20
TEXTS = tuple(char(text, WIDTH) for text in v.FOLLOW_UPS)
BLANK = char("", WIDTH)
NO_FOLLOW_UP = (None, None, None)
"""*_FRIST, *_OPPFOELGING, *_OPPFYLTDATO of a note or letter without a follow-up."""


class FollowUps:
    """The follow-up columns of one table's rows, in the order they are written."""

    def __init__(self, world: World, rng: random.Random, table: str, huskeliste: Huskeliste) -> None:
        self.dates, self.rng, self.table, self.huskeliste = world.dates, rng, table, huskeliste
        self.open = Quota(world.rates.follow_up_open)
        self.open_without_deadline = Quota(world.rates.follow_up_open)

    def columns(
        self,
        d: int,
        key: tuple[int | None, int],
        kli: int,
        who: str,
        *,
        deleted: int,
        ferdig: str | None,
        copies: int,
    ) -> tuple[str | None, str | None, str | None]:
        """(FRIST, OPPFOELGING, OPPFYLTDATO) for a record dated `d`; an item on the Huskeliste is listed there."""
        r = self.rng.random
        if r() >= SHARE:
            return NO_FOLLOW_UP
        x = r()
        deadline: int | None = min(d + 7 + int(r() * 80), SNAP + 120)
        text: str | None = TEXTS[int(r() * len(TEXTS))]
        if 0.6 <= x < 0.8:
            text = None
        elif 0.8 <= x < 0.95:
            deadline = None
        elif x >= 0.95:
            text = BLANK
            if r() < 0.5:  # blank and no deadline: not a follow-up, and never marked done
                return None, text, None
        done: tuple[int, str] | None = None
        target = deadline if deadline is not None else d + 14
        quota = self.open if deadline is not None or text == BLANK else self.open_without_deadline
        left_open = quota.take(r(), not deleted)  # a deleted one is no item
        if target <= SNAP and not left_open:
            day = min(SNAP, max(d, target - 5 + int(r() * 20)))
            done = day, self.dates.stamp(day, r())
        frist = None if deadline is None else self.dates.at(deadline)
        if not deleted:
            self.huskeliste.item(self.table, (key[0], key[1], None), kli, who, frist, done, ferdig=ferdig,
                                 copies=copies)
        return frist, text, None if done is None else done[1]
