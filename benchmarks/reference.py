"""A reference implementation of the migration criteria: what a capable superuser would write by hand.

    python benchmarks/reference.py FILE.sqlite --config flytcheck.toml [--output FILE]

Reads every Familia table the criteria need from a SQLite copy with the plain `sqlite3` driver (one
`SELECT columns FROM table` per table, into Python lists, sets and dicts), applies the criteria of
docs/criteria.md literally in Python, and prints each finding as one JSON line
`{"rule": ..., "table": ..., "key": ...}`, sorted. Where the criteria leave an edge open (NULLs, which key a
finding carries), it follows the rule files in rules/. It gives the same findings as
`flytcheck scan FILE --config CONFIG --format json` (tests/test_reference.py checks that) but shares no code with
flytcheck's engine or SQL: only the identity-number algorithms are imported. It exists to be timed against the
engine (benchmarks/bench_scan.py) and to check it. Never writes to the database (opened read-only).
"""

from __future__ import annotations

import argparse
import functools
import json
import sqlite3
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any

try:
    from flytcheck.identity.numbers import classify_org, classify_person, compose_fnr
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from flytcheck.identity.numbers import classify_org, classify_person, compose_fnr

sys.path.insert(0, str(Path(__file__).resolve().parent))  # loaded by path (tests/test_reference.py) as well
import reference_records  # catalogue v2: every record type, its documents, the whole Huskeliste

Row = tuple[Any, ...]
Finding = tuple[str, str, str]
"""(rule, table, key)"""

COLUMNS = {
    "FA_KLIENT": "KLI_LOEPENR KLI_FOEDSELSDATO KLI_PERSONNR KLI_AVSLUTTETDATO SBH_INITIALER",
    "FA_SAKSBEHANDLERE": "SBH_INITIALER SBH_PASSIVISERTDATO",
    "FA_FORBINDELSER": "FOR_LOEPENR FOR_FOEDSELSNUMMER FOR_DNUMMER FOR_ORGANISASJONSNR FOR_PASSIVISERTDATO",
    "FA_FORBINDELSESTYPER": "FOT_IDENT FOT_PERSONRELATERT",
    "FA_FORBINDELSESROLLER": "FOR_LOEPENR FOT_IDENT",
    "FA_KLIENTTILKNYTNING": "KLI_LOEPENR KTK_LOEPENR FOR_LOEPENR KTK_ROLLE KTK_TILDATO KTK_DOEDDATO",
    "FA_MEDARBEIDERE": "FOR_LOEPENR",
    "FA_ENGASJEMENTSAVTALE": "ENG_LOEPENR KLI_LOEPENR FOR_LOEPENR",
    "FA_HUSKELAPP": "HUS_LOEPENR KLI_LOEPENR SBH_INITIALER HUS_OPPFYLTDATO",
    "FA_JOURNALTYPE": "JOT_IDENT JOT_TILARKIV",
    "FA_JOURNAL": "JOU_LOEPENR JOT_IDENT JOU_DATONOTAT JOU_FERDIGDATO JOU_SLETTET ARK_JOUR_SYSTEMID ARK_STOPP "
                  "ARK_SJEKK_I_VSA DOK_LOEPENR JOU_FRIST JOU_OPPFOELGING JOU_OPPFYLTDATO",
    "FA_POSTJOURNAL": "POS_AAR POS_LOEPENR POS_DATO POS_FERDIGDATO POS_SLETTET ARK_POST_SYSTEMID ARK_STOPP "
                      "ARK_SJEKK_I_VSA DOK_LOEPENR POS_FRIST POS_OPPFOELGING POS_OPPFYLTDATO",
    "FA_DOKUMENTER": "DOK_LOEPENR DOK_UTSJEKKET_DATO ARK_PDFA_STATUS_MESSAGE ARK_PDFA_STATUS_EXCEPTION_COUNT "
                     "DOK_PRODUSERT",
    "FA_DBVERSJON": "DBV_LOEPENR DBV_VERSJON",
    "FA_EIER": "ARK_FRADATO",
    # What Barnevernsregisteret will reject (the register rules)
    "FA_MELDINGER": "MEL_LOEPENR KLI_LOEPENR MEL_MOTTATTDATO MEL_AVSLUTTETGJENNOMGANG MEL_KONKLUSJON "
                    "MEL_HENLAGT_PGA_UTENFORBVL MEL_HENLAGT_ANNEN_INSTANS MEL_HENLAGT_TIL_ANNEN_BV",
    "FA_UNDERSOEKELSER": "MEL_LOEPENR UND_STARTDATO UND_FERDIGDATO UND_KONKLUSJON",
    "FA_TILTAKSPLAN": "TTP_LOEPENR KLI_LOEPENR TTP_FRADATO TTP_TILDATO TTP_SLETTET",
    "FA_TILTAK": "TIL_LOEPENR KLI_LOEPENR TIL_FRADATO TIL_TILDATO",
    "FA_SAKSJOURNAL": "SAK_AAR SAK_JOURNALNR KLI_LOEPENR LOV_HOVEDPARAGRAF LOV_JMFPARAGRAF1 LOV_JMFPARAGRAF2",
}
MAY_BE_MISSING = {"FA_DBVERSJON"}  # a missing version table is itself a finding of familia-outdated
DUPLICATE_KEYS = {  # the tables duplicate-key checks, and how many leading columns make up the key
    "FA_KLIENT": 1, "FA_FORBINDELSER": 1, "FA_MEDARBEIDERE": 1, "FA_HUSKELAPP": 1, "FA_JOURNAL": 1,
    "FA_POSTJOURNAL": 2, "FA_DOKUMENTER": 1,
}


@dataclass(frozen=True)
class Settings:
    """The scan parameters, from the same flytcheck.toml the engine reads."""

    cutover: date
    min_version: Decimal | None
    connection_roles: frozenset[str]
    contractor_roles: frozenset[str]
    accept_synthetic: bool
    disabled: frozenset[str]

    @property
    def year_start(self) -> date:
        return date(self.cutover.year, 1, 1)


def _roles(value: Any, default: str) -> frozenset[str]:
    items = (value.split(",") if isinstance(value, str) else value) if value is not None else default.split()
    return frozenset(str(item).strip().upper() for item in items if str(item).strip())


def read_settings(path: Path | None) -> Settings:
    config = tomllib.loads(path.read_text(encoding="utf-8")) if path else {}
    cutover = config.get("cutover", date.today())
    version = config.get("min_familia_version")
    return Settings(
        cutover=cutover if isinstance(cutover, date) else date.fromisoformat(str(cutover)),
        min_version=None if version is None else Decimal(str(version)),
        connection_roles=_roles(config.get("connection_roles"), "MOR FAR SØS FMO FFA VRG"),
        contractor_roles=_roles(config.get("contractor_roles"), "BRH BSH STØ TSF MJØ"),
        accept_synthetic=bool(config.get("accept_synthetic", False)),
        disabled=frozenset(config.get("disabled_rules", ())),
    )


def read_tables(path: Path) -> dict[str, list[Row]]:
    """Every needed table as a list of row tuples (columns in COLUMNS order); a missing version table is left out."""
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        present = {str(name).upper() for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        tables = {}
        for table, columns in COLUMNS.items():
            if table not in present:
                if table in MAY_BE_MISSING:
                    continue
                raise SystemExit(f"{path}: the table {table} is missing")
            select = ", ".join(f'"{column}"' for column in columns.split())
            tables[table] = connection.execute(f'SELECT {select} FROM "{table}"').fetchall()
        for name, (table, columns) in reference_records.TABLES.items():
            if table not in present:
                raise SystemExit(f"{path}: the table {table} is missing")
            select = ", ".join(f'"{column}"' for column in columns.split())
            tables[name] = connection.execute(f'SELECT {select} FROM "{table}"').fetchall()
        return tables
    finally:
        connection.close()


# --- values: what SQL would compare ---------------------------------------------------------------------------


@functools.cache  # the same dates recur on many rows
def day(value: str | None) -> date | None:
    """The day of a SQLite date (ISO text, `2024-05-22 13:45:00.000`); None for NULL. Dates compare by day."""
    return None if value is None else date.fromisoformat(value.strip()[:10])


def text(value: Any) -> str:
    """A value as text: NULL is empty, whole numbers lose their decimals."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, float | Decimal) and value == int(value):
        return str(int(value))
    return str(value)


def trimmed(value: Any) -> str:
    return value.strip() if isinstance(value, str) else text(value).strip()


def key_text(*parts: Any) -> str:
    """A record's key as flytcheck writes it: `17`, or `2024/17` for a two-part key."""
    return "/".join(text(part) for part in parts)


def not_in(value: Any, values: set[Any]) -> bool:
    """SQL's `value NOT IN (values)`: NULL is never found missing, except from an empty list."""
    return not values or (value is not None and value not in values)


# --- the derived sets -------------------------------------------------------------------------------------------


def migrated_children(tables: dict[str, list[Row]], s: Settings) -> set[Any]:
    """KLI_LOEPENR of children open, or closed on/after 1 January of the cut-over year."""
    return {
        kli for kli, _, _, closed, _ in tables["FA_KLIENT"]
        if kli is not None and (closed is None or day(closed) >= s.year_start)
    }


def organisations(tables: dict[str, list[Row]]) -> set[Any]:
    """FOR_LOEPENR of forbindelser with a non-person register type, or a non-blank org number."""
    org_types = {trimmed(ident) for ident, person_related in tables["FA_FORBINDELSESTYPER"] if person_related == 0}
    found = {for_ for for_, ident in tables["FA_FORBINDELSESROLLER"] if trimmed(ident) in org_types}
    found |= {for_ for for_, _, _, orgnr, _ in tables["FA_FORBINDELSER"] if trimmed(orgnr)}
    return found - {None}


def migrated_contractors(tables: dict[str, list[Row]], migrated: set[Any]) -> set[Any]:
    """FOR_LOEPENR of contractors with a contract (any dates or status) for a migrated child."""
    register = {for_ for (for_,) in tables["FA_MEDARBEIDERE"] if for_ is not None}
    return {for_ for _, kli, for_ in tables["FA_ENGASJEMENTSAVTALE"] if for_ in register and kli in migrated}


def archive_start(tables: dict[str, list[Row]]) -> date | None:
    """The earliest FA_EIER.ARK_FRADATO; None (every date counts) without one."""
    starts = [day(start) for (start,) in tables["FA_EIER"] if start is not None]
    return min(starts, default=None)


# --- the rules --------------------------------------------------------------------------------------------------


def child_rules(tables: dict[str, list[Row]], s: Settings) -> Iterator[Finding]:
    passivised: dict[str, date] = {}  # initials -> the earliest passivation (a duplicated caseworker: any row counts)
    for initials, when in tables["FA_SAKSBEHANDLERE"]:
        if when is not None:
            passivised[trimmed(initials)] = min(day(when), passivised.get(trimmed(initials), date.max))
    for kli, born, personnr, closed, caseworker in tables["FA_KLIENT"]:
        key = key_text(kli)
        if closed is not None and day(closed) < s.year_start:
            yield "child-closed-before-cutover-year", "FA_KLIENT", key
            continue
        if not reference_records.placeholder(personnr) and not child_fnr_valid(born, personnr, s):
            yield "child-invalid-fnr", "FA_KLIENT", key  # a placeholder is child-placeholder-fnr's
        initials = trimmed(caseworker)
        if not initials or (initials in passivised and passivised[initials] <= s.cutover):
            yield "child-no-active-caseworker", "FA_KLIENT", key


def child_fnr_valid(born: Any, personnr: Any, s: Settings) -> bool:
    """ddmmyy(birth date) + personnummer zero-padded to 5 is a valid fødselsnummer at the cut-over date.

    With accept_synthetic, a Tenor test child counts as valid too: Familia keeps the real birth date, and the number
    is valid with month + 80.
    """
    try:
        fnr = compose_fnr(born, personnr)
    except ValueError:
        return False
    if fnr is None:
        return False
    if classify_person(fnr, s.cutover, accept_synthetic=s.accept_synthetic).valid:
        return True
    month = int(fnr[2:4])
    if not (s.accept_synthetic and 1 <= month <= 12):
        return False
    tenor = f"{fnr[:2]}{month + 80:02d}{fnr[4:]}"
    return classify_person(tenor, s.cutover, accept_synthetic=True).valid


def person_id_valid(foedselsnummer: Any, dnummer: Any, s: Settings) -> bool:
    """FOR_FOEDSELSNUMMER (trimmed) or FOR_DNUMMER (as an 11-digit string) is a valid fødselsnummer or D-nummer."""
    d_text = trimmed(dnummer)
    candidates = (trimmed(foedselsnummer), d_text.zfill(11) if d_text.isdigit() else d_text)
    return any(c and classify_person(c, s.cutover, accept_synthetic=s.accept_synthetic).valid for c in candidates)


def person_rules(
    tables: dict[str, list[Row]], s: Settings, migrated: set[Any], orgs: set[Any], contractors: set[Any]
) -> Iterator[Finding]:
    """The one outcome of every person with an active tie to a migrated child (first match wins)."""
    connection_tie: set[Any] = set()
    contractor_tie: set[Any] = set()
    network: set[Any] = set()
    for kli, _, for_, role, until, died in tables["FA_KLIENTTILKNYTNING"]:
        active = (until is None or day(until) >= s.cutover) and died is None
        if not active or for_ is None or kli not in migrated or for_ in orgs:
            continue
        network.add(for_)
        if trimmed(role) in s.connection_roles:
            connection_tie.add(for_)
        if trimmed(role) in s.contractor_roles:
            contractor_tie.add(for_)
    register = {for_ for (for_,) in tables["FA_MEDARBEIDERE"]}
    for for_, foedselsnummer, dnummer, _, _ in tables["FA_FORBINDELSER"]:
        if for_ not in network:
            continue
        key = key_text(for_)
        if for_ in connection_tie and person_id_valid(foedselsnummer, dnummer, s):
            continue  # 1. migrated as a connection
        if for_ in contractors:
            continue  # 2. migrated as a contractor
        if for_ in connection_tie:
            yield "connection-invalid-id", "FA_FORBINDELSER", key
        elif for_ in contractor_tie and for_ not in register:
            yield "contractor-unregistered", "FA_FORBINDELSER", key
        else:
            yield "connection-role-not-migrated", "FA_FORBINDELSER", key


def contractor_rules(tables: dict[str, list[Row]], contractors: set[Any]) -> Iterator[Finding]:
    for (for_,) in tables["FA_MEDARBEIDERE"]:
        if not_in(for_, contractors):
            yield "contractor-not-linked", "FA_MEDARBEIDERE", key_text(for_)


def organisation_rules(tables: dict[str, list[Row]], s: Settings, orgs: set[Any]) -> Iterator[Finding]:
    for for_, _, _, orgnr, passivised in tables["FA_FORBINDELSER"]:
        if passivised is not None or for_ not in orgs:
            continue
        stored = text(orgnr)
        if not stored.strip():
            yield "organisation-missing-orgnr", "FA_FORBINDELSER", key_text(for_)
        elif any(c.isspace() for c in stored) or not classify_org(stored, accept_synthetic=s.accept_synthetic).valid:
            yield "organisation-invalid-orgnr", "FA_FORBINDELSER", key_text(for_)


def record_rules(tables: dict[str, list[Row]], migrated: set[Any]) -> Iterator[Finding]:
    """Every record type, its documents and the whole Huskeliste (benchmarks/reference_records.py)."""
    to_archive = {trimmed(ident) for ident, goes in tables["FA_JOURNALTYPE"] if goes == 1}
    yield from reference_records.record_rules(tables, to_archive, archive_start(tables), migrated)


def version_rule(tables: dict[str, list[Row]], s: Settings) -> Iterator[Finding]:
    """The highest DBV_VERSJON below the required one (the finding names the newest row); no table or rows too."""
    if s.min_version is None:
        return
    if "FA_DBVERSJON" not in tables:
        yield "familia-outdated", "FA_DBVERSJON", ""
        return
    versions = [(version, dbv) for dbv, version in tables["FA_DBVERSJON"] if version is not None]
    if not versions:
        yield "familia-outdated", "FA_DBVERSJON", ""
        return
    highest = max(version for version, _ in versions)
    if Decimal(str(highest)) < s.min_version:
        newest = [dbv for version, dbv in versions if version == highest and dbv is not None]
        yield "familia-outdated", "FA_DBVERSJON", key_text(max(newest, default=None))


def duplicate_rule(tables: dict[str, list[Row]]) -> Iterator[Finding]:
    for table, width in DUPLICATE_KEYS.items():
        counts = Counter(map(itemgetter(*range(width)), tables[table]))
        for key, n in counts.items():
            if n > 1:
                yield "duplicate-key", table, key_text(*key) if width > 1 else key_text(key)


def orphan_rule(tables: dict[str, list[Row]]) -> Iterator[Finding]:
    """Ties, contracts, reminders and children that point to a child, person or caseworker that does not exist."""
    children = {kli for kli, *_ in tables["FA_KLIENT"] if kli is not None}
    persons = {for_ for for_, *_ in tables["FA_FORBINDELSER"] if for_ is not None}
    register = {for_ for (for_,) in tables["FA_MEDARBEIDERE"] if for_ is not None}
    staff = {trimmed(initials) for initials, _ in tables["FA_SAKSBEHANDLERE"] if initials is not None}
    for kli, ktk, for_, *_ in tables["FA_KLIENTTILKNYTNING"]:
        if not_in(kli, children) or not_in(for_, persons):
            yield "orphan-reference", "FA_KLIENTTILKNYTNING", key_text(kli, ktk)
    for eng, kli, for_ in tables["FA_ENGASJEMENTSAVTALE"]:
        if not_in(kli, children) or not_in(for_, register):
            yield "orphan-reference", "FA_ENGASJEMENTSAVTALE", key_text(eng)
    for hus, kli, caseworker, _ in tables["FA_HUSKELAPP"]:
        if not_in(kli, children) or caseworker is None or not_in(trimmed(caseworker), staff):
            yield "orphan-reference", "FA_HUSKELAPP", key_text(hus)
    for kli, _, _, _, caseworker in tables["FA_KLIENT"]:
        if trimmed(caseworker) and not_in(trimmed(caseworker), staff):
            yield "orphan-reference", "FA_KLIENT", key_text(kli)


PLACEHOLDERS = {99999, 100, 200}
"""KLI_PERSONNR placeholders (ufødt barn, ukjent gutt, ukjent jente): no number, so never a duplicate."""


def turns_25(born: date) -> date:
    """The 25th birthday; born 29 February, it is 1 March in a year without one."""
    try:
        return born.replace(year=born.year + 25)
    except ValueError:
        return date(born.year + 25, 3, 1)


def before(end: Any, start: Any) -> bool:
    """An end before the start, by day; a missing date is no period to reverse."""
    return end is not None and start is not None and day(end) < day(start)


def register_rules(tables: dict[str, list[Row]], s: Settings, migrated: set[Any]) -> Iterator[Finding]:
    """What Barnevernsregisteret will reject: records of migrated children, and reports of concern with no child."""
    numbers: dict[str, set[Any]] = {}  # a valid composed number -> the migrated children that have it
    closed_on: dict[Any, date] = {}  # a migrated child whose case is closed -> the day (the latest of its rows)
    still_open: set[Any] = set()
    for kli, born, personnr, closed, _ in tables["FA_KLIENT"]:
        if closed is not None and day(closed) < s.year_start:
            continue  # not migrated
        if closed is None:
            still_open.add(kli)
        else:
            closed_on[kli] = max(day(closed), closed_on.get(kli, date.min))
        if closed is None and born is not None and turns_25(day(born)) <= s.cutover:
            yield "child-over-25-open", "FA_KLIENT", key_text(kli)
        placeholder = trimmed(personnr).isdigit() and int(trimmed(personnr)) in PLACEHOLDERS
        if not placeholder and child_fnr_valid(born, personnr, s):
            numbers.setdefault(compose_fnr(born, personnr) or "", set()).add(kli)
    for kli in still_open:
        closed_on.pop(kli, None)  # a child a broken copy holds twice, once open, is open
    for children in numbers.values():
        if len(children) > 1:
            yield from (("child-duplicate-fnr", "FA_KLIENT", key_text(kli)) for kli in children)
    report_child: dict[Any, Any] = {}  # each report of concern's child: the lowest of its rows, None for none
    for mel, kli, *_ in tables["FA_MELDINGER"]:
        if kli is not None and (report_child.get(mel) is None or kli < report_child[mel]):
            report_child[mel] = kli
        report_child.setdefault(mel, None)
    in_scope = {mel for mel, kli in report_child.items() if kli is None or kli in migrated}
    for mel, kli, received, concluded, conclusion, *reasons in tables["FA_MELDINGER"]:
        if kli is not None and kli not in migrated:
            continue
        if before(concluded, received):
            yield "dates-reversed", "FA_MELDINGER", key_text(mel)
        if trimmed(conclusion).upper() == "H" and not any(reasons):
            yield "melding-dismissed-no-reason", "FA_MELDINGER", key_text(mel)
    for mel, started, finished, conclusion in tables["FA_UNDERSOEKELSER"]:
        if mel in in_scope and before(finished, started):
            yield "dates-reversed", "FA_UNDERSOEKELSER", key_text(mel)
        if mel in in_scope and finished is not None and not trimmed(conclusion):
            yield "investigation-no-conclusion", "FA_UNDERSOEKELSER", key_text(mel)
    measures = [("FA_TILTAKSPLAN", row[:4]) for row in tables["FA_TILTAKSPLAN"] if not row[4]]
    measures += [("FA_TILTAK", row) for row in tables["FA_TILTAK"]]
    for table, (key, kli, start, end) in measures:
        if kli not in migrated:
            continue
        if before(end, start):
            yield "dates-reversed", table, key_text(key)
        closed = closed_on.get(kli)
        if closed is not None and (end is None or day(end) > closed):
            yield "closed-child-open-measure", table, key_text(key)
    for year, number, kli, main, *cited in tables["FA_SAKSJOURNAL"]:
        if kli in migrated and not trimmed(main) and any(trimmed(paragraph) for paragraph in cited):
            yield "decision-no-main-paragraph", "FA_SAKSJOURNAL", key_text(year, number)


def findings(tables: dict[str, list[Row]], s: Settings) -> list[Finding]:
    """Every finding of every enabled rule, one per offending row, sorted."""
    migrated, orgs = migrated_children(tables, s), organisations(tables)
    contractors = migrated_contractors(tables, migrated)
    found = [
        *child_rules(tables, s),
        *person_rules(tables, s, migrated, orgs, contractors),
        *contractor_rules(tables, contractors),
        *organisation_rules(tables, s, orgs),
        *record_rules(tables, migrated),
        *version_rule(tables, s),
        *duplicate_rule(tables),
        *orphan_rule(tables),
        *register_rules(tables, s, migrated),
    ]
    return sorted(f for f in found if f[0] not in s.disabled)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("file", type=Path, help="a SQLite copy of Familia")
    parser.add_argument("--config", type=Path, help="flytcheck.toml with cutover, min_familia_version, roles, ...")
    parser.add_argument("--output", type=Path, help="write the JSON lines here instead of standard output")
    args = parser.parse_args(argv)
    found = findings(read_tables(args.file), read_settings(args.config))
    lines = "".join(json.dumps({"rule": r, "table": t, "key": k}, ensure_ascii=False) + "\n" for r, t, k in found)
    if args.output:
        args.output.write_text(lines, encoding="utf-8")
    else:
        sys.stdout.write(lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
