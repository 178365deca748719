"""The invented words of synthetic Familia data: names, codes, reminder subjects, PDF/A messages.

Everything here is made up or generic (common Norwegian first names and surnames, combined at random); none of it
describes a real person or case. Every string is encodable in Windows-1252, the code page of the CSV output.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Anne", "Kari", "Ingrid", "Marit", "Liv", "Hilde", "Silje", "Nora", "Ida", "Ingeborg", "Åse", "Solveig",
    "Guro", "Tone", "Randi", "Sigrid", "Astrid", "Mari", "Hanne", "Tuva", "Ola", "Per", "Lars", "Jan", "Knut",
    "Bjørn", "Erik", "Jon", "Øystein", "Håkon", "Eirik", "Geir", "Tor", "Arne", "Sindre", "Magnus", "Trond",
    "Vegard", "Ørjan", "Steinar", "Ragnhild", "Torunn", "Even", "Jørgen", "Sunniva", "Mathilde",
)

LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
    "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
    "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Moen", "Strand", "Ødegård",
    "Solberg", "Bakken", "Kristoffersen", "Sæther", "Nygård", "Ellingsen", "Hovland", "Myrvang", "Reinholdtsen",
    "Nordheim", "Storvik", "Mørkved", "Åsheim", "Lorentzen",
)

MUNICIPALITIES = ((1860, 0.6), (1859, 0.8), (1874, 1.0))
"""KOM_KOMMUNENR with cumulative shares: Vestvågøy (host), Flakstad, Moskenes."""

PERSON_TYPES = (("PRI", "Privatperson"), ("PÅR", "Pårørende"), ("OPP", "Oppdragstaker"), ("FOS", "Fosterhjem"))
"""FA_FORBINDELSESTYPER with FOT_PERSONRELATERT = 1."""

ORG_TYPES = (
    ("SKO", "Skole", 25), ("BHG", "Barnehage", 20), ("LEK", "Legekontor", 12), ("HES", "Helsestasjon", 6),
    ("PPT", "PP-tjenesten", 4), ("BUP", "Barne- og ungdomspsykiatrisk poliklinikk", 3),
    ("INS", "Institusjon", 6), ("NAV", "NAV-kontor", 6), ("POL", "Politi", 3), ("ADK", "Advokatkontor", 10),
    ("KOM", "Kommunal tjeneste", 5),
)
"""FA_FORBINDELSESTYPER with FOT_PERSONRELATERT = 0, and how common each is (weights)."""

FILLER_ROLES = (
    ("SØS", 22), ("FAM", 12), ("SKL", 10), ("STØ", 6), ("BSH", 4), ("BRH", 3), ("TSF", 3), ("MJØ", 3),
    ("VRG", 4), ("LGE", 5), ("HST", 4), ("BHA", 5), ("PPT", 5), ("BUP", 3), ("ADV", 4), ("FSA", 3),
    ("ANS", 1), ("AND", 1), ("INS", 2),
)
"""KTK_ROLLE codes a child's Nettverk gets besides mother and father, and how common each is (weights)."""

ORG_ROLES = frozenset({"SKL", "BHA", "LGE", "HST", "PPT", "BUP", "INS"})
CONTRACTOR_ROLES = frozenset({"BRH", "BSH", "STØ", "TSF", "MJØ"})

JOURNAL_TYPES = (
    ("BM", 1, 6), ("UN", 1, 14), ("SA", 1, 16), ("MØ", 1, 10), ("VE", 1, 4), ("TI", 1, 8),
    ("EV", 1, 4), ("TS", 1, 4), ("T", 0, 14), ("I", 0, 10), ("HU", 0, 5), ("AN", 1, 5),
)
"""FA_JOURNALTYPE: code (JOT_IDENT is char(2): the one-letter codes are stored padded), JOT_TILARKIV, weight.
Telephone notes (T), internal notes (I) and memos stay out of the archive."""

DOCUMENT_TYPES = (("DOCX", 50), ("PDF", 25), ("DOC", 10), ("MSG", 8), ("TIF", 4), ("RTF", 3))

REMINDER_SUBJECTS = (
    "Ring skolen", "Følg opp tiltaksplan", "Evaluer tiltak", "Send brev til foreldre", "Innhent uttalelse fra BUP",
    "Avtal hjemmebesøk", "Frist for undersøkelse", "Skriv vedtak", "Oppfølging etter møte", "Ring barnehagen",
    "Kontakt helsestasjonen", "Purring på rapport fra tilsynsfører", "Forbered samarbeidsmøte",
    "Oppdater omsorgsplan", "Sjekk status på fosterhjem", "Samtale med barnet", "Send referat til advokat",
    "Innkalling til ansvarsgruppemøte", "Følg opp henvendelse fra NAV", "Arkiver post", "Kontakt PPT",
    "Avklar samvær", "Forleng avtale med støttekontakt", "Skriv rapport til fylkesnemnda", "Ring lege",
    "Be om politiattest", "Oppfølging av ettervern", "Gjennomgå journal", "Planlegg overføring til Flyt",
    "Svar på klage", "Avslutt sak", "Ferdigstill journalnotat",
)

FOLLOW_UPS = (
    "Ring mor", "Ring far", "Kontakt skolen", "Send kopi til BUP", "Innhent erklæring", "Purre svar",
    "Avtal møte", "Følg opp avtale", "Sjekk fremmøte", "Svar på brev", "Be om uttalelse", "Varsle advokat",
    "Send innkalling", "Følg opp vedtak", "Hjemmebesøk", "Ny samtale",
)
"""JOU_OPPFOELGING / POS_OPPFOELGING texts (char(20)): what to follow up on a note or letter."""

PARAGRAPHS = ("4-4", "4-4 2", "4-4 5", "4-6", "4-6 2", "4-12", "4-24", "4-25", "3-1", "5-1", "4-2", "4-8")
"""Paragraphs of the child welfare act (barnevernloven, as in 1992 and 2023) for LOV_* (char(8))."""

INVESTIGATION_CONCLUSIONS = (("1", 45), ("2", 5), ("3", 35), ("4", 10), ("5", 5))
"""UND_KONKLUSJON, as SSB's KOSTRA codes them: 1 measures decided, 2 a case for the county board, 3 dismissed
after the service's assessment, 4 dismissed at the parties' wish, 5 dismissed because the child moved."""

REPORT_CONCLUSIONS = ("U", "H")
"""MEL_KONKLUSJON: U investigated (FA_UNDERSOEKELSER), H dismissed (henlagt, with one of three reasons)."""

PDFA_ERRORS = (
    "Fonten er ikke innebygd i dokumentet",
    "Dokumentet er passordbeskyttet og kan ikke konverteres",
    "Ukjent filformat",
    "Dokumentet inneholder innebygde filer",
    "Konverteringen ble tidsavbrutt",
    "Fargeprofil mangler (ICC)",
    "Skjemafelt kan ikke konverteres til PDF/A",
    "Filen er skadet",
)

CONTRACTOR_STATUS = ("AKTIV", "SLUTTET")
CONTRACT_STATUS = ("AKTIV", "AVSLUTTET")

FAMILIA_VERSIONS = (
    ("8.200", "2012-03-12"), ("8.300", "2013-02-18"), ("8.400", "2014-04-07"), ("8.500", "2015-05-11"),
    ("8.600", "2016-03-01"), ("8.700", "2017-06-19"), ("8.800", "2018-09-03"), ("9.000", "2019-11-25"),
    ("9.050", "2020-10-12"), ("9.100", "2021-09-20"), ("9.110", "2022-06-13"), ("9.120", "2023-05-08"),
    ("9.130", "2024-04-22"), ("9.140", "2025-10-06"),
)
"""FA_DBVERSJON history; the latest is below the version the companion configuration requires."""

REQUIRED_VERSION = "9.200"
ARCHIVE_START = "2016-03-01"
"""FA_EIER.ARK_FRADATO: the day the archive (VSA) was taken into use."""


def weighted(items: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    """Each code repeated by its weight: a uniform pick from the result is a weighted pick."""
    return tuple(code for code, weight in items for _ in range(weight))
