"""The Familia tables and columns flytcheck knows (docs/criteria.md §3), with the value type of each column.

This is the one description of the source schema: the catalog checks a source against it, the CSV loader types
values by it, the rule loader refuses columns it does not list, and the generator writes it. It holds names and
types only, never data.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ColumnType(StrEnum):
    """How a column's values are read and compared."""

    INTEGER = "integer"
    """Whole numbers: løpenummer (numeric(10,0)), personnummer, municipality numbers, years."""
    DECIMAL = "decimal"
    """Numbers with decimals, such as DBV_VERSJON numeric(5,3)."""
    TEXT = "text"
    """Character data; codes in char(n) columns are compared trimmed."""
    DATE = "date"
    """datetime columns; flytcheck compares them by day."""
    FLAG = "flag"
    """bit-like 0/1 columns; NULL counts as 0."""


@dataclass(frozen=True, slots=True)
class Table:
    """A Familia table: its name as Familia spells it, its key columns and its typed columns."""

    name: str
    key: tuple[str, ...]
    columns: dict[str, ColumnType]


def _table(name: str, key: tuple[str, ...], **columns: ColumnType) -> Table:
    return Table(name, key, columns)


# Short names keep the table listing below readable.
I, N, T, D, F = ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.TEXT, ColumnType.DATE, ColumnType.FLAG  # noqa: E741

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        _table(
            "FA_KLIENT", ("KLI_LOEPENR",),
            KLI_LOEPENR=I, KLI_FOEDSELSDATO=D, KLI_PERSONNR=I, KLI_AVSLUTTETDATO=D, KOM_KOMMUNENR=I,
            SBH_INITIALER=T,
        ),
        _table(
            "FA_SAKSBEHANDLERE", ("SBH_INITIALER",),
            SBH_INITIALER=T, SBH_FORNAVN=T, SBH_ETTERNAVN=T, SBH_PASSIVISERTDATO=D,
        ),
        _table(
            "FA_FORBINDELSER", ("FOR_LOEPENR",),
            FOR_LOEPENR=I, FOR_FOEDSELSNUMMER=T, FOR_DNUMMER=I, FOR_ORGANISASJONSNR=T, FOR_PASSIVISERTDATO=D,
        ),
        _table(
            "FA_FORBINDELSESTYPER", ("FOT_IDENT",),
            FOT_IDENT=T, FOT_BESKRIVELSE=T, FOT_PERSONRELATERT=F,
        ),
        _table("FA_FORBINDELSESROLLER", ("FOR_LOEPENR", "FOT_IDENT"), FOR_LOEPENR=I, FOT_IDENT=T),
        _table(
            "FA_KLIENTTILKNYTNING", ("KLI_LOEPENR", "KTK_LOEPENR"),
            KLI_LOEPENR=I, KTK_LOEPENR=I, FOR_LOEPENR=I, KTK_ROLLE=T, KTK_FRADATO=D, KTK_TILDATO=D,
            KTK_DOEDDATO=D,
        ),
        _table(
            "FA_MEDARBEIDERE", ("FOR_LOEPENR",),
            FOR_LOEPENR=I, MED_STATUS=T, MED_BEGYNTDATO=D, MED_SLUTTDATO=D,
        ),
        _table(
            "FA_ENGASJEMENTSAVTALE", ("ENG_LOEPENR",),
            ENG_LOEPENR=I, KLI_LOEPENR=I, FOR_LOEPENR=I, ENG_FRADATO=D, ENG_TILDATO=D, ENG_STATUS=T,
        ),
        _table(
            "FA_HUSKELAPP", ("HUS_LOEPENR",),
            HUS_LOEPENR=I, KLI_LOEPENR=I, SBH_INITIALER=T, HUS_EMNE=T, HUS_FRIST=D, HUS_OPPFYLTDATO=D,
        ),
        _table("FA_JOURNALTYPE", ("JOT_IDENT",), JOT_IDENT=T, JOT_TILARKIV=F),
        _table(
            "FA_JOURNAL", ("JOU_LOEPENR",),
            JOU_LOEPENR=I, KLI_LOEPENR=I, SBH_INITIALER=T, JOT_IDENT=T, JOU_DATONOTAT=D, JOU_FERDIGDATO=D,
            JOU_SLETTET=F, ARK_JOUR_SYSTEMID=T, ARK_STOPP=F, ARK_SJEKK_I_VSA=F, DOK_LOEPENR=I,
        ),
        _table(
            "FA_POSTJOURNAL", ("POS_AAR", "POS_LOEPENR"),
            POS_AAR=I, POS_LOEPENR=I, KLI_LOEPENR=I, SBH_INITIALER=T, POS_DATO=D, POS_FERDIGDATO=D,
            POS_SLETTET=F, ARK_POST_SYSTEMID=T, ARK_STOPP=F, ARK_SJEKK_I_VSA=F, DOK_LOEPENR=I,
        ),
        _table(
            "FA_DOKUMENTER", ("DOK_LOEPENR",),
            DOK_LOEPENR=I, DOK_TYPE=T, DOK_UTSJEKKET_DATO=D, SBH_UTSJEKKETAV_INITIALER=T,
            ARK_PDFA_STATUS_MESSAGE=T, ARK_PDFA_STATUS_EXCEPTION_COUNT=I,
        ),
        _table("FA_DBVERSJON", ("DBV_LOEPENR",), DBV_LOEPENR=I, DBV_VERSJON=N, DBV_DBDATO=D),
        _table("FA_EIER", (), KOM_KOMMUNENR=I, ARK_AKTIVERT=F, ARK_FRADATO=D),
    )
}

OPTIONAL_COLUMNS: dict[str, set[str]] = {
    "FA_JOURNAL": {"DOK_LOEPENR"},
    "FA_POSTJOURNAL": {"DOK_LOEPENR"},
}
"""Columns a rule may use where a source has them: a copy without them scans as if they were NULL."""

PERSONAL_COLUMNS: frozenset[tuple[str, str]] = frozenset(
    {
        ("FA_KLIENT", "KLI_PERSONNR"),
        ("FA_KLIENT", "KLI_FOEDSELSDATO"),
        ("FA_SAKSBEHANDLERE", "SBH_FORNAVN"),
        ("FA_SAKSBEHANDLERE", "SBH_ETTERNAVN"),
        ("FA_FORBINDELSER", "FOR_FOEDSELSNUMMER"),
        ("FA_FORBINDELSER", "FOR_DNUMMER"),
        ("FA_HUSKELAPP", "HUS_EMNE"),
        ("FA_DOKUMENTER", "ARK_PDFA_STATUS_MESSAGE"),
    }
)
"""Columns holding identity numbers, names or free text: never shown without --show-personal-data."""


def column_type(table: str, column: str) -> ColumnType:
    """The type of a known column; KeyError names what is unknown."""
    return TABLES[table].columns[column]
