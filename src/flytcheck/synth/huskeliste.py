"""FA_V_CR_HUSKELISTE: Familia's own Huskeliste report, written as a table beside the tables it reports on.

Its definition is not public. The generator lists exactly the items of the Huskeliste as docs/criteria.md §3
defines it, so the view's open rows (OPPFYLTDATO NULL) and the open items flytcheck counts are the same number in
every profile: open reminders (FA_HUSKELAPP), open follow-ups of notes and letters that are not deleted (a
deadline, or a follow-up text that is not blank), open measure lines with a deadline, and open investigation
lines marked for the Huskeliste. Beside them it lists the items of the same kinds done in the last
`RECENTLY_DONE` days before the copy was taken, as a report of the list would. A row written twice by a broken
export is listed twice, as the view over that copy would list it.

Columns: TYPE (the kind of item, `TYPES`), AAR and LOEPENR (the item's key; AAR only for letters), LOEPENR2 (an
investigation line's report of concern), KLI_LOEPENR (the child, through the report of concern for an
investigation line), SBH_INITIALER, FRIST, OPPFYLTDATO and FERDIGDATO (the note's or letter's finalised date).
"""

from __future__ import annotations

from flytcheck.synth.reference import World
from flytcheck.synth.shapes import SNAP

RECENTLY_DONE = 60
TYPES = {
    "FA_HUSKELAPP": "Huskelapp",
    "FA_JOURNAL": "Journal",
    "FA_POSTJOURNAL": "Post",
    "FA_TILTAKSLINJER": "Tiltakslinje",
    "FA_UNDERSOEKELSESLINJER": "Undersøkelseslinje",
}


class Huskeliste:
    """Takes each item as its table's row is written, and writes the view's row when Familia would list it."""

    def __init__(self, world: World) -> None:
        self.out = world.out("FA_V_CR_HUSKELISTE")
        self.recent = SNAP - RECENTLY_DONE

    def item(
        self,
        table: str,
        key: tuple[int | None, int, int | None],
        kli: int | None,
        who: str | None,
        frist: str | None,
        done: tuple[int, str] | None,
        *,
        ferdig: str | None = None,
        copies: int = 1,
    ) -> None:
        """An item of `table` with key (AAR, LOEPENR, LOEPENR2); `done`: the day and the text of OPPFYLTDATO.

        The caller decides whether the row is an item at all (a follow-up, on the list, not deleted); `copies` is
        how many times its row was written.
        """
        if done is not None and done[0] < self.recent:
            return
        aar, loepenr, loepenr2 = key
        row = (TYPES[table], aar, loepenr, loepenr2, kli, who, frist, None if done is None else done[1], ferdig)
        for _ in range(copies):
            self.out.add(row)
