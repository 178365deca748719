"""The checks that judge a row against the other rows of its query, registered by name: one child's fødselsnummer
against every other migrated child's.

A rule file names an aggregator (`aggregator = "duplicate_child_fnr"`) as it names a validator; nothing from a rule
file is ever evaluated as code. An aggregator is made per scan, is given every row its query returns (by column
name, with a token the caller gets back), and when the last row is in yields the token and the message fields of
each row that is a finding. Its query does the heavy lifting (rules/child-duplicate-fnr.toml returns only the
children whose birth day and personnummer another migrated child shares), so an aggregator holds few rows. Values
that identify a person go only into fields the rule declares personal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol

from flytcheck.identity.checks import child_fnr_problem
from flytcheck.identity.numbers import compose_fnr
from flytcheck.model import natural_key
from flytcheck.validators import Context
from flytcheck.values import as_text

Row = Mapping[str, Any]
Fields = dict[str, str]

PLACEHOLDER_PERSONNR = frozenset({99999, 100, 200})
"""KLI_PERSONNR placeholders (ufødt barn, ukjent gutt, ukjent jente): no number yet, so never the same child twice,
even where the check digits happen to work out."""


class Aggregator(Protocol):
    """Collects the rows of one rule query, then names the rows that are findings."""

    def add(self, row: Row, token: Any) -> None:
        """One row, by column name, and what to hand back with its fields if it is a finding."""
        ...

    def results(self) -> Iterator[tuple[Any, Fields]]:
        """Each finding's token and message fields; called once, after the last row."""
        ...


class DuplicateChildFnr:
    """Migrated children whose valid composed fødselsnummer another migrated child (another løpenummer) also has.

    Every child of such a group is a finding, and its message names the group's other løpenummer (never the
    number: that goes only in the personal field `fnr`). The group is the composed number itself, ddmmyy +
    personnummer, so children whose birth dates differ by a century fall together as the register would see them.
    A løpenummer held twice by a broken copy is one child (duplicate-key reports it), and a number that is not
    valid at the reference date is child-invalid-fnr's finding, not this rule's.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.groups: dict[str, list[tuple[str, Any, Any, Any]]] = {}
        """Composed number -> (løpenummer, token, birth date, personnummer) of each row that has it."""

    def add(self, row: Row, token: Any) -> None:
        birth, personnr = row["foedselsdato"], row["personnr"]
        try:
            number = compose_fnr(birth, personnr)
        except ValueError:
            return  # unreadable: child-invalid-fnr says so
        if number is None or int(number[6:]) in PLACEHOLDER_PERSONNR:
            return
        self.groups.setdefault(number, []).append((_key(row["record_key"]), token, birth, personnr))

    def results(self) -> Iterator[tuple[Any, Fields]]:
        for number, members in self.groups.items():
            children = sorted({key for key, *_ in members}, key=natural_key)
            if len(children) < 2:
                continue
            _, _, birth, personnr = members[0]
            # The same check as child-invalid-fnr's (one number, so one verdict for the whole group).
            if child_fnr_problem(birth, personnr, self.ctx.cutover, self.ctx.accept_synthetic) is not None:
                continue
            for key, token, *_ in members:
                yield token, {"andre": ", ".join(k for k in children if k != key), "fnr": number}


def _key(value: Any) -> str:
    return str(value) if type(value) is int else as_text(value)


AGGREGATORS: dict[str, Callable[[Context], Aggregator]] = {
    "duplicate_child_fnr": DuplicateChildFnr,
}
