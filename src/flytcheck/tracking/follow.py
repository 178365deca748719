"""Which runs of a history one trend follows: never runs of different scopes mixed (a narrowed run's 146 blockers
after a full run's 390 is not progress).

By default the trend follows the full runs: those without `--only`, in the scope of the latest of them (the rules
switched off are part of a scope, so a rule switched on again starts a new line rather than a jump). Asked for the
runs of one `--only` selection, it follows those, in the scope of the latest of them. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flytcheck.errors import FlytcheckError
from flytcheck.model import Run, Scope


@dataclass(frozen=True)
class Followed:
    """The runs of one scope, oldest first, and how many runs of the history were left out for another scope."""

    scope: Scope
    runs: tuple[Run, ...]
    others: int


def follow(runs: Sequence[Run], only: Sequence[str] = ()) -> Followed:
    """The runs of the scope to follow: full runs by default, the runs of the `only` selection when given."""
    wanted = tuple(sorted(set(only)))
    candidates = [run for run in runs if run.scope.only == wanted]
    if not candidates:
        scopes = sorted({run.scope.key or "full" for run in runs})
        what = f"runs with --only {' --only '.join(wanted)}" if wanted else "full runs (without --only)"
        raise FlytcheckError(f"the history holds no {what}", hint=f"its runs' scopes: {'; '.join(scopes)}")
    scope = candidates[-1].scope
    chosen = tuple(run for run in runs if run.scope == scope)
    return Followed(scope, chosen, len(runs) - len(chosen))


def same_scope(runs: Sequence[Run], scope: Scope) -> tuple[Run, ...]:
    """The runs of `scope` alone (the HTML report's trend: the runs comparable with this one)."""
    return tuple(run for run in runs if run.scope == scope)
