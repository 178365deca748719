"""Identity numbers made by the tests themselves (never written into the repository as literals).

Valid person numbers come from the rule-case generator (`flytcheck.rulecases.case_number`), so the tests and the
rule cases make their numbers one way.
"""

from __future__ import annotations

from flytcheck.rulecases import case_number as make_number

__all__ = ["make_number", "make_orgnr"]


def make_orgnr(first8: str) -> str | None:
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(w * int(c) for w, c in zip(weights, first8, strict=True)) % 11
    if remainder == 1:
        return None
    return first8 + str(0 if remainder == 0 else 11 - remainder)
