"""What `doctor` asks of an opened source, whatever kind it is; each kind answers in its own module.

Every answer comes from a SELECT on the server's catalog or permission functions (or, for files, from the file
system): nothing is written, and no Familia row is read.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flytcheck.doctor.model import Check, Text
from flytcheck.sources.base import Source
from flytcheck.sql.catalog import Catalog


@dataclass(frozen=True)
class Access:
    """What the login may not read of the columns a scan needs, and the statements that would let it."""

    denied: tuple[tuple[str, str], ...] = ()
    """(table, column) as the source spells them."""
    grants: tuple[str, ...] = ()
    notes: tuple[Text, ...] = field(default=())


@dataclass(frozen=True)
class Privileges:
    """What the login can do beyond reading, each with the statement that takes it away."""

    problems: tuple[Text, ...] = ()
    revokes: tuple[str, ...] = ()


def listing(names: Sequence[str], most: int = 6) -> str:
    """`A, B, C` or, for many, `A, B, …, F (+17)`: a line stays readable for a whole database."""
    ordered = sorted(names)
    if len(ordered) <= most:
        return ", ".join(ordered)
    return f"{', '.join(ordered[:most])}, … (+{len(ordered) - most})"


class Backend(ABC):
    """The doctor's questions for one kind of source."""

    kind: str
    """`mssql`, `postgresql`, `sqlite` or `csv` (the estimate's rate)."""

    def __init__(self, source: Source) -> None:
        self.source = source

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """Every row of one SELECT (catalog queries: a few hundred rows at most)."""
        return [row for batch in self.source.query(sql).batches for row in batch]

    @abstractmethod
    def server(self) -> tuple[Text, tuple[Text, ...]]:
        """What was reached (product, version, database, login), and lines to go with it."""

    @abstractmethod
    def access(self, catalog: Catalog, columns: Mapping[str, set[str]]) -> Access:
        """Which of the needed columns (canonical names, present in the catalog) the login may not read."""

    @abstractmethod
    def snapshot(self) -> Check:
        """Whether a scan reads one snapshot here."""

    @abstractmethod
    def privileges(self, catalog: Catalog) -> Privileges:
        """What the login could do to Familia's tables besides reading them."""

    @abstractmethod
    def sizes(self, catalog: Catalog, tables: Sequence[str]) -> dict[str, float | None]:
        """Rows (bytes for CSV files) of each table, from the catalog; None where it has no count."""

    def hidden_grants(self, missing: Mapping[str, set[str]]) -> tuple[str, ...]:
        """GRANT lines for tables and columns the catalog does not show, where a server hides what a login may not
        read (SQL Server); elsewhere a missing table is missing."""
        return ()

    def prepare_version(self, catalog: Catalog) -> None:  # noqa: B027 - only CSV folders need it
        """Make FA_DBVERSJON queryable (a CSV folder loads that one small file)."""
