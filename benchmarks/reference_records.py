"""Catalogue v2 in the reference implementation: every record type, its documents, and the whole Huskeliste.

Part of benchmarks/reference.py, which reads the tables listed in `TABLES` and calls `record_rules`. The rules of
docs/criteria.md §4 ("Records", "The Huskeliste") applied literally in Python over lists of rows, sharing no code
with flytcheck's engine: record-not-finalised, record-not-archived, archive-error for notes, letters, plans,
evaluations, both documents of an investigation and reports of concern; melding-open; reminder-open for every
source of the Huskeliste; the document rules (checked out, PDF/A errors, not produced); lost documents
(orphan-reference); placeholder children; duplicate keys of the case tables. Where the criteria leave an edge
open, it follows rules/*.toml: blank (empty or only spaces) is absent, a blank archive id is none, dates compare by
day, and an investigation's report is "not archived" whether or not it was started.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import cache
from operator import itemgetter
from typing import Any

Row = tuple[Any, ...]
Finding = tuple[str, str, str]

TABLES: dict[str, tuple[str, str]] = {
    "FA_TILTAKSPLANEVALUERINGER": ("FA_TILTAKSPLANEVALUERINGER", "TTP_LOEPENR EVA_LOEPENR EVA_FERDIGDATO EVA_SLETTET "
                                   "DOK_LOEPENR ARK_TILTAKEVA_SYSTEMID ARK_STOPP ARK_SJEKK_I_VSA"),
    "FA_TILTAKSLINJER": ("FA_TILTAKSLINJER", "TTL_LOEPENR TTL_FRIST TTL_OPPFYLTDATO"),
    "FA_UNDERSOEKELSESLINJER": ("FA_UNDERSOEKELSESLINJER", "UNP_LOEPENR UNP_TILHUSKELISTE UNP_OPPFYLTDATO"),
    # Tables the register rules read too, with columns of their own: read under names of their own.
    "records FA_MELDINGER": ("FA_MELDINGER", "MEL_LOEPENR MEL_AVSLUTTETGJENNOMGANG DOK_LOEPENR "
                                             "ARK_MELDING_SYSTEMID ARK_STOPP ARK_SJEKK_I_VSA"),
    "records FA_UNDERSOEKELSER": ("FA_UNDERSOEKELSER", "MEL_LOEPENR DOK_LOEPENR UND_FERDIGDATO "
                                                       "ARK_DOKSRAPPORT_SYSTEMID ARK_DOKSRAPPORT_STOPP "
                                                       "ARK_DOKSRAPPORT_SJEKK_I_VSA DOK_UPLANNR UND_FERDIGDATO_UPLAN "
                                                       "ARK_DOKUPLAN_SYSTEMID ARK_DOKUPLAN_STOPP "
                                                       "ARK_DOKUPLAN_SJEKK_I_VSA"),
    "records FA_TILTAKSPLAN": ("FA_TILTAKSPLAN", "TTP_LOEPENR TTP_FERDIGDATO TTP_SLETTET DOK_LOEPENR "
                                                 "ARK_TILTAK_SYSTEMID ARK_STOPP ARK_SJEKK_I_VSA"),
    "records FA_TILTAK": ("FA_TILTAK", "TIL_LOEPENR"),
    "records FA_SAKSJOURNAL": ("FA_SAKSJOURNAL", "SAK_AAR SAK_JOURNALNR"),
}
"""Name in the reference's tables -> (Familia table, columns): what `record_rules` reads besides FA_KLIENT,
FA_HUSKELAPP, FA_JOURNAL, FA_POSTJOURNAL and FA_DOKUMENTER, which reference.py reads (COLUMNS) with the columns
in the order unpacked here."""

CASE_KEYS = {  # the case tables duplicate-key checks: (where the reference holds them, the key's leading columns)
    "FA_MELDINGER": ("records FA_MELDINGER", 1), "FA_UNDERSOEKELSER": ("records FA_UNDERSOEKELSER", 1),
    "FA_TILTAKSPLAN": ("records FA_TILTAKSPLAN", 1), "FA_TILTAKSPLANEVALUERINGER": ("FA_TILTAKSPLANEVALUERINGER", 2),
    "FA_TILTAKSLINJER": ("FA_TILTAKSLINJER", 1), "FA_UNDERSOEKELSESLINJER": ("FA_UNDERSOEKELSESLINJER", 1),
    "FA_TILTAK": ("records FA_TILTAK", 1), "FA_SAKSJOURNAL": ("records FA_SAKSJOURNAL", 2),
}
PLACEHOLDER_NUMBERS = {99999, 100, 200}
"""KLI_PERSONNR of an unborn child, an unknown boy and an unknown girl (numeric(5,0): 00100 is 100)."""


@cache
def day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value.strip()[:10])


def blank(value: Any) -> bool:
    """Empty, only spaces, or NULL: absent, as SQL Server compares char(n) values."""
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if isinstance(value, float | Decimal) and value == int(value):
        return str(int(value))
    return "" if value is None else str(value)


def key_text(*parts: Any) -> str:
    """A record's key as flytcheck writes it: `17`, or `2024/17` for a two-part key."""
    return "/".join(_text(part) for part in parts)


def placeholder(personnr: Any) -> bool:
    text = _text(personnr).strip()
    return text.isdigit() and int(text) in PLACEHOLDER_NUMBERS


class _Archive:
    """The three archive rules for one record (or one of an investigation's two documents)."""

    def __init__(self, start: date | None) -> None:
        self.start = start

    def problems(self, *, started: bool, finalised: Any, deleted: Any, to_archive: bool, archive_day: Any,
                 systemid: Any, stopped: Any, flag: Any, finishable: bool = True) -> Iterator[str]:
        if finishable and started and not deleted and finalised is None:
            yield "record-not-finalised"
        if (to_archive and finalised is not None and not deleted and not stopped and blank(systemid) and not flag
                and (self.start is None or (archive_day is not None and day(archive_day) >= self.start))):
            yield "record-not-archived"
        if flag == 1:
            yield "archive-error"


def record_rules(tables: dict[str, list[Row]], to_archive_types: set[str], start: date | None,
                 migrated: set[Any]) -> Iterator[Finding]:
    """Every finding of catalogue v2's record, document, Huskeliste and placeholder rules (see the docstring)."""
    archive = _Archive(start)
    documents = {row[0] for row in tables["FA_DOKUMENTER"] if row[0] is not None}
    finished_holders: set[Any] = set()  # documents a finalised, not deleted record holds

    def lost(dok: Any) -> bool:
        return dok is not None and dok not in documents

    for jou, ident, dated, done, deleted, systemid, stopped, flag, dok, frist, text, followed in tables["FA_JOURNAL"]:
        key = key_text(jou)
        kind = ident.strip() if isinstance(ident, str) else ident
        yield from ((rule, "FA_JOURNAL", key) for rule in archive.problems(
            started=True, finalised=done, deleted=deleted, to_archive=kind in to_archive_types, archive_day=dated,
            systemid=systemid, stopped=stopped, flag=flag))
        if not deleted and followed is None and (frist is not None or not blank(text)):
            yield "reminder-open", "FA_JOURNAL", key
        if lost(dok):
            yield "orphan-reference", "FA_JOURNAL", key
        if done is not None and not deleted:
            finished_holders.add(dok)
    for year, pos, dated, done, deleted, systemid, stopped, flag, dok, frist, text, followed in tables[
        "FA_POSTJOURNAL"
    ]:
        key = key_text(year, pos)
        yield from ((rule, "FA_POSTJOURNAL", key) for rule in archive.problems(
            started=True, finalised=done, deleted=deleted, to_archive=True, archive_day=dated, systemid=systemid,
            stopped=stopped, flag=flag))
        if not deleted and followed is None and (frist is not None or not blank(text)):
            yield "reminder-open", "FA_POSTJOURNAL", key
        if lost(dok):
            yield "orphan-reference", "FA_POSTJOURNAL", key
        if done is not None and not deleted:
            finished_holders.add(dok)
    for ttp, done, deleted, dok, systemid, stopped, flag in tables["records FA_TILTAKSPLAN"]:
        key = key_text(ttp)
        yield from ((rule, "FA_TILTAKSPLAN", key) for rule in archive.problems(
            started=True, finalised=done, deleted=deleted, to_archive=True, archive_day=done, systemid=systemid,
            stopped=stopped, flag=flag))
        if lost(dok):
            yield "orphan-reference", "FA_TILTAKSPLAN", key
        if done is not None and not deleted:
            finished_holders.add(dok)
    for ttp, eva, done, deleted, dok, systemid, stopped, flag in tables["FA_TILTAKSPLANEVALUERINGER"]:
        key = key_text(ttp, eva)
        yield from ((rule, "FA_TILTAKSPLANEVALUERINGER", key) for rule in archive.problems(
            started=dok is not None, finalised=done, deleted=deleted, to_archive=True, archive_day=done,
            systemid=systemid, stopped=stopped, flag=flag))
        if lost(dok):
            yield "orphan-reference", "FA_TILTAKSPLANEVALUERINGER", key
        if done is not None and not deleted:
            finished_holders.add(dok)
    for mel, *both in tables["records FA_UNDERSOEKELSER"]:
        key = key_text(mel)
        for dok, done, systemid, stopped, flag in (both[:5], both[5:]):  # the report, then the plan
            yield from ((rule, "FA_UNDERSOEKELSER", key) for rule in archive.problems(
                started=dok is not None, finalised=done, deleted=0, to_archive=True, archive_day=done,
                systemid=systemid, stopped=stopped, flag=flag))
            if lost(dok):
                yield "orphan-reference", "FA_UNDERSOEKELSER", key
            if done is not None:
                finished_holders.add(dok)
    for mel, concluded, dok, systemid, stopped, flag in tables["records FA_MELDINGER"]:
        key = key_text(mel)
        if concluded is None:
            yield "melding-open", "FA_MELDINGER", key
        yield from ((rule, "FA_MELDINGER", key) for rule in archive.problems(
            started=False, finalised=concluded, deleted=0, to_archive=True, archive_day=concluded,
            systemid=systemid, stopped=stopped, flag=flag, finishable=False))
        if lost(dok):
            yield "orphan-reference", "FA_MELDINGER", key
        if concluded is not None:
            finished_holders.add(dok)
    yield from _documents(tables, finished_holders)
    yield from _lines(tables)
    for kli, _, personnr, _, _ in tables["FA_KLIENT"]:
        if kli in migrated and placeholder(personnr):
            yield "child-placeholder-fnr", "FA_KLIENT", key_text(kli)
    for table, (name, width) in CASE_KEYS.items():
        for key, n in Counter(map(itemgetter(*range(width)), tables[name])).items():
            if n > 1:
                yield "duplicate-key", table, key_text(*key) if width > 1 else key_text(key)


def _documents(tables: dict[str, list[Row]], finished_holders: set[Any]) -> Iterator[Finding]:
    for dok, checked_out, status, exceptions, produced in tables["FA_DOKUMENTER"]:
        key = key_text(dok)
        if checked_out is not None:
            yield "document-checked-out", "FA_DOKUMENTER", key
        if (exceptions or 0) > 0 or not blank(status):
            yield "archive-error", "FA_DOKUMENTER", key
        if not produced and dok in finished_holders:
            yield "document-not-produced", "FA_DOKUMENTER", key


def _lines(tables: dict[str, list[Row]]) -> Iterator[Finding]:
    """The Huskeliste's other sources: reminders, measure lines with a deadline, investigation lines on the list."""
    for hus, _, _, done in tables["FA_HUSKELAPP"]:
        if done is None:
            yield "reminder-open", "FA_HUSKELAPP", key_text(hus)
    for ttl, frist, done in tables["FA_TILTAKSLINJER"]:
        if frist is not None and done is None:
            yield "reminder-open", "FA_TILTAKSLINJER", key_text(ttl)
    for unp, listed, done in tables["FA_UNDERSOEKELSESLINJER"]:
        if listed == 1 and done is None:
            yield "reminder-open", "FA_UNDERSOEKELSESLINJER", key_text(unp)
