"""The Familia tables and columns flytcheck knows (docs/criteria.md §3), with the value type of each column.

This is the one description of the source schema: the catalog checks a source against it, the CSV loader types
values by it, the rule loader refuses columns it does not list, and the generator writes it. It holds names and
types only, never data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
            JOU_FRIST=D, JOU_OPPFOELGING=T, JOU_OPPFYLTDATO=D,
        ),
        _table(
            "FA_POSTJOURNAL", ("POS_AAR", "POS_LOEPENR"),
            POS_AAR=I, POS_LOEPENR=I, KLI_LOEPENR=I, SBH_INITIALER=T, POS_DATO=D, POS_FERDIGDATO=D,
            POS_SLETTET=F, ARK_POST_SYSTEMID=T, ARK_STOPP=F, ARK_SJEKK_I_VSA=F, DOK_LOEPENR=I,
            POS_FRIST=D, POS_OPPFOELGING=T, POS_OPPFYLTDATO=D,
        ),
        _table(
            "FA_DOKUMENTER", ("DOK_LOEPENR",),
            DOK_LOEPENR=I, DOK_TYPE=T, DOK_PRODUSERT=F, DOK_UTSJEKKET_DATO=D, SBH_UTSJEKKETAV_INITIALER=T,
            ARK_PDFA_STATUS_MESSAGE=T, ARK_PDFA_STATUS_EXCEPTION_COUNT=I,
        ),
        _table(
            "FA_MELDINGER", ("MEL_LOEPENR",),
            MEL_LOEPENR=I, KLI_LOEPENR=I, SBH_INITIALER=T, MEL_MOTTATTDATO=D, MEL_AVSLUTTETGJENNOMGANG=D,
            DOK_LOEPENR=I, ARK_MELDING_SYSTEMID=T, ARK_STOPP=F, ARK_SJEKK_I_VSA=F, MEL_KONKLUSJON=T,
            MEL_HENLAGT_PGA_UTENFORBVL=F, MEL_HENLAGT_ANNEN_INSTANS=F, MEL_HENLAGT_TIL_ANNEN_BV=F,
        ),
        _table(
            "FA_UNDERSOEKELSER", ("MEL_LOEPENR",),
            MEL_LOEPENR=I, SBH_INITIALER=T, UND_STARTDATO=D, UND_KONKLUSJON=T,
            DOK_LOEPENR=I, UND_FERDIGDATO=D, ARK_DOKSRAPPORT_SYSTEMID=T, ARK_DOKSRAPPORT_STOPP=F,
            ARK_DOKSRAPPORT_SJEKK_I_VSA=F,
            DOK_UPLANNR=I, UND_FERDIGDATO_UPLAN=D, ARK_DOKUPLAN_SYSTEMID=T, ARK_DOKUPLAN_STOPP=F,
            ARK_DOKUPLAN_SJEKK_I_VSA=F,
        ),
        _table(
            "FA_TILTAKSPLAN", ("TTP_LOEPENR",),
            TTP_LOEPENR=I, KLI_LOEPENR=I, SBH_INITIALER=T, TTP_REGISTRERTDATO=D, TTP_FERDIGDATO=D, TTP_SLETTET=F,
            TTP_FRADATO=D, TTP_TILDATO=D, DOK_LOEPENR=I, ARK_TILTAK_SYSTEMID=T, ARK_STOPP=F, ARK_SJEKK_I_VSA=F,
        ),
        _table(
            "FA_TILTAKSPLANEVALUERINGER", ("TTP_LOEPENR", "EVA_LOEPENR"),
            TTP_LOEPENR=I, EVA_LOEPENR=I, SBH_INITIALER=T, EVA_PLANLAGTDATO=D, EVA_FERDIGDATO=D, EVA_SLETTET=F,
            DOK_LOEPENR=I, ARK_TILTAKEVA_SYSTEMID=T, ARK_STOPP=F, ARK_SJEKK_I_VSA=F,
        ),
        _table(
            "FA_TILTAKSLINJER", ("TTL_LOEPENR",),
            TTL_LOEPENR=I, KLI_LOEPENR=I, SBH_INITIALER=T, TTL_FRIST=D, TTL_OPPFYLTDATO=D,
        ),
        _table(
            "FA_UNDERSOEKELSESLINJER", ("UNP_LOEPENR",),
            UNP_LOEPENR=I, MEL_LOEPENR=I, SBH_INITIALER=T, UNP_FRIST=D, UNP_OPPFYLTDATO=D, UNP_TILHUSKELISTE=F,
        ),
        _table(
            "FA_TILTAK", ("TIL_LOEPENR",),
            TIL_LOEPENR=I, KLI_LOEPENR=I, SBH_INITIALER=T, TIL_FRADATO=D, TIL_TILDATO=D,
        ),
        _table(
            "FA_SAKSJOURNAL", ("SAK_AAR", "SAK_JOURNALNR"),
            SAK_AAR=I, SAK_JOURNALNR=I, KLI_LOEPENR=I, SBH_INITIALER=T, LOV_HOVEDPARAGRAF=T, LOV_JMFPARAGRAF1=T,
            LOV_JMFPARAGRAF2=T,
        ),
        _table("FA_DBVERSJON", ("DBV_LOEPENR",), DBV_LOEPENR=I, DBV_VERSJON=N, DBV_DBDATO=D),
        _table("FA_EIER", (), KOM_KOMMUNENR=I, ARK_AKTIVERT=F, ARK_FRADATO=D),
        # Familia's own Huskeliste report (a view; its definition is not public). Optional: read where it exists.
        _table(
            "FA_V_CR_HUSKELISTE", (),
            TYPE=T, AAR=I, LOEPENR=I, LOEPENR2=I, KLI_LOEPENR=I, SBH_INITIALER=T, FRIST=D, OPPFYLTDATO=D,
            FERDIGDATO=D,
        ),
    )
}

OPTIONAL_TABLES: frozenset[str] = frozenset({"FA_V_CR_HUSKELISTE"})
"""Tables read where a source has them and never required (Familia's own Huskeliste view, for comparison)."""
CORE_TABLES: tuple[str, ...] = tuple(name for name in TABLES if name not in OPTIONAL_TABLES)
"""The tables every Familia database has: all but the optional ones."""


def tables_for(rows: Mapping[str, Sequence[object]]) -> list[str]:
    """What a database made of `rows` holds: every core table, and an optional one only where it has rows."""
    return [name for name in TABLES if name not in OPTIONAL_TABLES or rows.get(name)]

OPTIONAL_COLUMNS: dict[str, set[str]] = {
    "FA_JOURNAL": {"DOK_LOEPENR"},
    "FA_POSTJOURNAL": {"DOK_LOEPENR"},
}
"""Columns a rule may use where a source has them: a copy without them scans as if they were NULL."""

ALWAYS_READ_WHERE_PRESENT: dict[str, frozenset[str]] = {
    "FA_DBVERSJON": frozenset({"DBV_LOEPENR", "DBV_VERSJON"}),
    "FA_V_CR_HUSKELISTE": frozenset({"OPPFYLTDATO"}),
}
"""Read by every scan where the source has them, whatever rules run, and never required: the Familia version
(every report shows it) and the open rows of Familia's own Huskeliste view (shown beside reminder-open's count)."""

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
        ("FA_JOURNAL", "JOU_OPPFOELGING"),
        ("FA_POSTJOURNAL", "POS_OPPFOELGING"),
    }
)
"""Columns holding identity numbers, names or free text: never shown without --show-personal-data."""


def column_type(table: str, column: str) -> ColumnType:
    """The type of a known column; KeyError names what is unknown."""
    return TABLES[table].columns[column]
