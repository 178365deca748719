"""flytcheck's error messages in bokmål: every message a FlytcheckError is raised with, by its English template.

A message is written once, in English, where it is raised (`f"{path}: configuration file not found"`); this table
gives its bokmål form by its template, the message with each `{…}` value as `{}`. `translate` finds the template a
message was made from, and puts the same values (each translated in turn, as parts of messages can be messages of
their own) into the bokmål form, `{0}`, `{1}`, … where the order differs. The most specific template (the most
fixed text) wins. A message with no template here is shown in English: tests/test_error_texts.py lists every
template raised in the package and fails on one that has no bokmål form.
"""

from __future__ import annotations

import re
from functools import cache

NB: dict[str, str] = {
    # Rule files and the catalogue
    "{}: no sets.toml (the derived sets and the preview)":
        "{}: ingen sets.toml (de avledede settene og forhåndsvisningen)",
    "{}: no rule files": "{}: ingen regelfiler",
    "--extra-rules: {} is not a folder of rule files": "--extra-rules: {} er ikke en mappe med regelfiler",
    "{}: an extra rule folder uses the catalogue's derived sets and has none of its own":
        "{}: en mappe med lokale regler bruker katalogens avledede sett og har ingen egne",
    "remove sets.toml from the folder, or give the folder with --rules-dir to replace the catalogue":
        "fjern sets.toml fra mappen, eller gi mappen med --rules-dir for å erstatte katalogen",
    "--extra-rules: {} is given twice": "--extra-rules: {} er gitt to ganger",
    "{}: not UTF-8 text (byte {}); save the file as UTF-8": "{}: ikke UTF-8-tekst (byte {}); lagre filen som UTF-8",
    "{}: not valid TOML ({})": "{}: ikke gyldig TOML ({})",
    "{}: cannot be read ({})": "{}: kan ikke leses ({})",
    "{}, rule {}: id: must match the file name {}": "{}, regel {}: id: må være lik filnavnet {}",
    "{}, rule {}: id: already used by {}": "{}, regel {}: id: brukes allerede av {}",
    "rule ids are unique across the catalogue and every extra rule folder: rename the file and its id":
        "regel-id-er er unike i katalogen og i alle mapper med lokale regler: gi filen og id-en nytt navn",
    "{}, rule {}: {}": "{}, regel {}: {}",
    "{}: sql: the derived sets use each other in a loop ({})":
        "{}: sql: de avledede settene bruker hverandre i ring ({})",
    "a message may not show a personal field": "en melding kan ikke vise et personfelt",
    "the query returns no record_key column": "spørringen gir ingen kolonne record_key",
    "where_column {} is not a column the query returns": "where_column {} er ikke en kolonne spørringen gir",
    "message needs the column {} the query does not return": "meldingen trenger kolonnen {}, som spørringen ikke gir",
    # Options and configuration
    "{}: {} is not a date (use YYYY-MM-DD)": "{}: {} er ikke en dato (bruk ÅÅÅÅ-MM-DD)",
    "--format: {} is not one of text, json": "--format: {} er ikke en av text, json",
    "--lang: {} is not one of nb, en": "--lang: {} er ikke en av nb, en",
    "unknown rule {}; `flytcheck rules` lists them": "ukjent regel {}; `flytcheck rules` viser reglene",
    "--dialect: {} is not one of {}": "--dialect: {} er ikke en av {}",
    "--disable: unknown rule(s) {}": "--disable: ukjent(e) regel(er) {}",
    "--format: {} is not one of {}": "--format: {} er ikke en av {}",
    "--worklist-format: {} is not one of {}": "--worklist-format: {} er ikke en av {}",
    "--{}: no writer for this output": "--{}: ingen skriver for dette utdataformatet",
    "--{}: {} is the source; flytcheck never writes to what it scans":
        "--{}: {} er kilden; flytcheck skriver aldri til det den skanner",
    "--{}: {} is also given to --{}": "--{}: {} er også gitt til --{}",
    "{}: unknown rule(s) {}": "{}: ukjent(e) regel(er) {}",
    "`flytcheck rules` lists the rule ids": "`flytcheck rules` viser regel-id-ene",
    "--profile: {} is not one of {}": "--profile: {} er ikke en av {}",
    "--schema: only for a database URL as --out": "--schema: bare for en database-URL som --out",
    "--out: {} is a folder; a .sqlite or .db output must be a file":
        "--out: {} er en mappe; en .sqlite- eller .db-fil må være en fil",
    "--out: {} already exists; remove it or choose another name":
        "--out: {} finnes allerede; fjern den eller velg et annet navn",
    "--out: cannot create the folder {} ({})": "--out: kan ikke opprette mappen {} ({})",
    "--out: {} is a file; give a folder for CSV output, or a .sqlite/.db file":
        "--out: {} er en fil; gi en mappe for CSV-filer, eller en .sqlite-/.db-fil",
    "--out: the folder {} is not empty; give a new or empty folder":
        "--out: mappen {} er ikke tom; gi en ny eller tom mappe",
    "--chart: {} must end in .svg or .png": "--chart: {} må slutte på .svg eller .png",
    "{}: the history holds no runs yet": "{}: historikken har ingen kjøringer ennå",
    "{}: unknown setting(s) {} (known: {})": "{}: ukjent(e) innstilling(er) {} (kjente: {})",
    "{}: extra_rules: expected a list of folders": "{}: extra_rules: forventet en liste med mapper",
    'e.g. extra_rules = ["lokale-regler"]': 'for eksempel extra_rules = ["lokale-regler"]',
    "{}: configuration file not found": "{}: fant ikke konfigurasjonsfilen",
    "{}: is a folder, not a configuration file": "{}: er en mappe, ikke en konfigurasjonsfil",
    "{}: cannot be read as a configuration file ({})": "{}: kan ikke leses som konfigurasjonsfil ({})",
    "{}: {}: {}": "{}: {}: {}",
    "{} is not one of {}": "{} er ikke en av {}",
    "{} is not a date (use YYYY-MM-DD)": "{} er ikke en dato (bruk ÅÅÅÅ-MM-DD)",
    "{} is not a number": "{} er ikke et tall",
    "{} is not a whole number": "{} er ikke et heltall",
    "{} is not true or false": "{} er ikke true eller false",
    "{} is not a version number (e.g. 8.4)": "{} er ikke et versjonsnummer (for eksempel 8.4)",
    "{} is not a list of role codes": "{} er ikke en liste med rollekoder",
    "{} is not a role code (one to three capital letters)": "{} er ikke en rollekode (én til tre store bokstaver)",
    "{} is not a list of rule ids": "{} er ikke en liste med regel-id-er",
    "{} must be more than {}": "{} må være mer enn {}",
    "{} must be at most {}": "{} må være høyst {}",
    "{} is not text": "{} er ikke tekst",
    "{} is not a valid value": "{} er ikke en gyldig verdi",
    "{}: not a number of worker processes (1 to 64)": "{}: ikke et antall arbeidsprosesser (1 til 64)",
    "{}={} is not a number of worker processes (1 to 64)": "{}={} er ikke et antall arbeidsprosesser (1 til 64)",
    "{}: {} is not a valid value": "{}: {} er ikke en gyldig verdi",
    "{}: {} is not a valid integer": "{}: {} er ikke et heltall",
    "{}: {} is not a valid number": "{}: {} er ikke et tall",
    "{}: {} is not one of {}": "{}: {} er ikke en av {}",
    "no such option: {}": "ukjent valg: {}",
    "{}: needs a value": "{}: trenger en verdi",
    "missing argument {}": "mangler argumentet {}",
    "unexpected extra argument {}": "uventet ekstra argument {}",
    "no such command {}": "ukjent kommando {}",
    "`flytcheck --help` lists the commands and `flytcheck COMMAND --help` their options":
        "`flytcheck --help` viser kommandoene, og `flytcheck KOMMANDO --help` valgene deres",
    # Outputs
    "{}: cannot write the output file ({})": "{}: kan ikke skrive utdatafilen ({})",
    "{}: is a folder; give a file name for this output": "{}: er en mappe; gi et filnavn for denne utdatafilen",
    "--only: {} is neither a rule nor a category": "--only: {} er verken en regel eller en kategori",
    "categories: {}; `flytcheck rules` lists the rules": "kategorier: {}; `flytcheck rules` viser reglene",
    "{}: --worklists needs a folder, and this is a file": "{}: --worklists trenger en mappe, og dette er en fil",
    "{}: cannot create the worklist folder ({})": "{}: kan ikke opprette mappen for arbeidslister ({})",
    # Rule cases
    "{}: not a case file": "{}: ikke en fil med regeltilfeller",
    "{}: not a folder of rule cases": "{}: ikke en mappe med regeltilfeller",
    "{}: no case files (<rule-id>.toml)": "{}: ingen filer med regeltilfeller (<regel-id>.toml)",
    "{}: name: another case in the file has the same name": "{}: name: et annet tilfelle i filen har samme navn",
    "{}: no rule {} in the catalogue or the extra rule folders":
        "{}: ingen regel {} i katalogen eller i mappene med lokale regler",
    "a case file is named after its rule; give the rule's folder with --extra-rules":
        "en fil med regeltilfeller har navn etter regelen sin; gi regelens mappe med --extra-rules",
    # CSV folders
    "{}: no header row (the file is empty): {}": "{}: ingen overskriftsrad (filen er tom): {}",
    "{}: no header row (the file starts with a blank line)":
        "{}: ingen overskriftsrad (filen begynner med en tom linje)",
    "{}: no header row (line {} names none of {}'s columns): {}":
        "{}: ingen overskriftsrad (linje {} nevner ingen av kolonnene i {}): {}",
    "{} line {}: NUL byte (binary, or UTF-16 without a byte-order mark?)":
        "{} linje {}: NUL-byte (binærfil, eller UTF-16 uten byte-order mark?)",
    "{} line {}: {} fields where the header has {}: {}; {}": "{} linje {}: {} felt der overskriften har {}: {}; {}",
    "{} line {}, column {}: '?' where a letter was: {}": "{} linje {}, kolonne {}: '?' der det stod en bokstav: {}",
    "{} line {}, column {}: fewer digits than the {} of the number, in a file whose dates or numbers show that a "
    "spreadsheet (Excel) saved it and dropped the leading zeros; export the table again and do not save it from "
    "Excel (see docs/exporting.md)":
        "{} linje {}, kolonne {}: færre sifre enn nummerets {}, i en fil der datoene eller tallene viser at et "
        "regneark (Excel) har lagret den og fjernet de innledende nullene; eksporter tabellen på nytt og ikke lagre "
        "den fra Excel (se docs/exporting.md)",
    "{} line {}, column {}: {}": "{} linje {}, kolonne {}: {}",
    "{} line {}: {}": "{} linje {}: {}",
    "{} line {}: longer than 64 MB": "{} linje {}: lengre enn 64 MB",
    "{} is not a folder": "{} er ikke en mappe",
    "no CSV files (*.csv, *.txt) in {}": "ingen CSV-filer (*.csv, *.txt) i {}",
    "two files for table {} in {}: {}": "to filer for tabellen {} i {}: {}",
    "{}: header repeated at line {}": "{}: overskriften gjentas på linje {}",
    "no file for table {}": "ingen fil for tabellen {}",
    "{}: column {} {} the header": "{}: kolonnen {} {} overskriften",
    "{}: the header changed since the folder was inspected": "{}: overskriften er endret siden mappen ble undersøkt",
    "{}: malformed quoting around a quoted NULL": "{}: feil bruk av anførselstegn rundt en NULL i anførselstegn",
    # Databases and files
    "unsupported database type {} (use sqlite, postgresql+psycopg or mssql+pyodbc)":
        "databasetypen {} støttes ikke (bruk sqlite, postgresql+psycopg eller mssql+pyodbc)",
    "the PostgreSQL driver {} is not supported: use postgresql+psycopg://user@host/db":
        "PostgreSQL-driveren {} støttes ikke: bruk postgresql+psycopg://bruker@vert/db",
    "the ODBC driver {} is not installed (installed: {})": "ODBC-driveren {} er ikke installert (installert: {})",
    "no ODBC driver is named, and no SQL Server driver is installed (installed: {})":
        "ingen ODBC-driver er oppgitt, og ingen driver for SQL Server er installert (installert: {})",
    "the source URL cannot be parsed (expected e.g. postgresql+psycopg://user@host/db)":
        "kilde-URL-en kan ikke tolkes (forventet for eksempel postgresql+psycopg://bruker@vert/db)",
    "a sqlite:/// URL needs a file path": "en sqlite:///-URL trenger en filsti",
    "pyodbc cannot load unixODBC ({})": "pyodbc kan ikke laste unixODBC ({})",
    "no driver for {}: {}": "ingen driver for {}: {}",
    "cannot connect to {}: {}": "kan ikke koble til {}: {}",
    "{}: cannot set up the read-only session ({})": "{}: kan ikke sette opp den skrivebeskyttede økten ({})",
    "{}: cannot read the database's isolation settings": "{}: kan ikke lese databasens isolasjonsinnstillinger",
    "give exactly one source: a path or URL, --odbc CONNECTION_STRING, or --demo":
        "gi nøyaktig én kilde: en sti eller URL, --odbc TILKOBLINGSSTRENG eller --demo",
    "cannot read the table list of the source: {}": "kan ikke lese tabellisten i kilden: {}",
    "{}: no such file or folder": "{}: filen eller mappen finnes ikke",
    "{}: not a SQLite database (and not a folder of CSV files)":
        "{}: ikke en SQLite-database (og ikke en mappe med CSV-filer)",
    "{}: not a readable SQLite database ({})": "{}: ikke en lesbar SQLite-database ({})",
    "{}: cannot read the table list ({})": "{}: kan ikke lese tabellisten ({})",
    "{}: cannot start a read transaction ({})": "{}: kan ikke starte en lesetransaksjon ({})",
    "{}: cannot check {}.{} ({})": "{}: kan ikke kontrollere {}.{} ({})",
    "{}: {}.{} in {}: the value cannot be read as {} (the copy declares the column as {})":
        "{}: {}.{} i {}: verdien kan ikke leses som {} (kopien oppgir kolonnen som {})",
    "Correct the value in the copy, or make the copy again from the database or the CSV export.":
        "Rett verdien i kopien, eller lag kopien på nytt fra databasen eller CSV-eksporten.",
    "schema {} does not exist in the source": "skjemaet {} finnes ikke i kilden",
    "{}: {} problem(s) with the Familia tables:\n  - {}": "{}: {} problem(er) med Familia-tabellene:\n  - {}",
    "Names match case-insensitively; use --schema if the tables live in a schema.":
        "Navn sammenlignes uten hensyn til store og små bokstaver; bruk --schema hvis tabellene ligger i et skjema.",
    "rule {}: {}": "regel {}: {}",
    # Rule queries
    "{}: must be exactly one statement, found {}": "{}: må være nøyaktig én setning, fant {}",
    "{}: only SELECT is allowed, found {}": "{}: bare SELECT er tillatt, fant {}",
    "{}: unknown table or set {}": "{}: ukjent tabell eller sett {}",
    "{}: not valid SQL ({})": "{}: ikke gyldig SQL ({})",
    "{}: not valid SQL (nested too deeply)": "{}: ikke gyldig SQL (nøstet for dypt)",
    "{}: unknown function {}() is not allowed": "{}: den ukjente funksjonen {}() er ikke tillatt",
    "{}: unknown parameter :{} (known: {})": "{}: ukjent parameter :{} (kjente: {})",
    "{}: {} has no column {} known to flytcheck": "{}: {} har ingen kolonne {} som flytcheck kjenner",
    "{}: alias {} names both {} and {}": "{}: aliaset {} brukes for både {} og {}",
    "{}: qualify column {} with its table alias": "{}: skriv kolonnen {} med tabellaliaset foran",
    # synth
    "--out: the database URL cannot be used (expected e.g. mssql+pyodbc://…)":
        "--out: database-URL-en kan ikke brukes (forventet for eksempel mssql+pyodbc://…)",
    "--out: {} already has Familia tables ({})": "--out: {} har allerede Familia-tabeller ({})",
    "give an empty database or schema (--schema NAME); synth never writes into existing tables":
        "gi en tom database eller et tomt skjema (--schema NAVN); synth skriver aldri i tabeller som finnes",
    "--out: cannot create the tables in {} ({})": "--out: kan ikke opprette tabellene i {} ({})",
    "--out: cannot write {} to {} ({})": "--out: kan ikke skrive {} til {} ({})",
    # Baseline, history, trend
    "{}: not a usable baseline ({})": "{}: ikke en brukbar sammenligningsrapport ({})",
    "give the JSON report of an earlier scan (--format json or --output)":
        "gi JSON-rapporten fra en tidligere skanning (--format json eller --output)",
    "file not found": "fant ikke filen",
    "not UTF-8 text": "ikke UTF-8-tekst",
    "not valid JSON at line {}": "ikke gyldig JSON på linje {}",
    "cannot be read: {}": "kan ikke leses: {}",
    "no findings list": "ingen liste med funn",
    "findings[{}] is not an object": "findings[{}] er ikke et objekt",
    "findings[{}] has no {}": "findings[{}] mangler {}",
    "findings[{}].{} is not text": "findings[{}].{} er ikke tekst",
    "findings[{}].severity is not one of blocker, warning, info":
        "findings[{}].severity er ikke en av blocker, warning, info",
    "not a flytcheck JSON report of schema version 1": "ikke en JSON-rapport fra flytcheck med skjemaversjon 1",
    "the history holds no {}": "historikken har ingen {}",
    "full runs (without --only)": "fulle kjøringer (uten --only)",
    "runs with --only {}": "kjøringer med --only {}",
    "its runs' scopes: {}": "omfanget til kjøringene i den: {}",
    "{}: not a flytcheck history file": "{}: ikke en historikkfil fra flytcheck",
    "--history needs a file of its own": "--history trenger en egen fil",
    "{}: cannot create the history file ({})": "{}: kan ikke opprette historikkfilen ({})",
    "{}: history file not found": "{}: fant ikke historikkfilen",
    "scan with --history FILE first": "skann med --history FIL først",
    "{}: cannot open the history file ({})": "{}: kan ikke åpne historikkfilen ({})",
    "{}: cannot use the history file ({})": "{}: kan ikke bruke historikkfilen ({})",
    "{}: not a flytcheck history file (not SQLite)": "{}: ikke en historikkfil fra flytcheck (ikke SQLite)",
    "{}: history written by a newer flytcheck (schema {})":
        "{}: historikken er skrevet av en nyere flytcheck (skjema {})",
    "{}: the history file holds a run that cannot be read": "{}: historikkfilen har en kjøring som ikke kan leses",
    "the history holds no runs yet": "historikken har ingen kjøringer ennå",
    "--chart: drawing a PNG needs matplotlib, which is not installed":
        "--chart: å tegne PNG krever matplotlib, som ikke er installert",
    "pip install 'flytcheck[chart]', or give a .svg file": "pip install 'flytcheck[chart]', eller gi en .svg-fil",
    # Hostile data (docs/reliability.md, guarantees 11-21)
    "{}: values nested too deep to read": "{}: verdiene er nøstet for dypt til å kunne leses",
    "{}: a number too long to read": "{}: et tall for langt til å kunne leses",
    "values nested too deep to read": "verdiene er nøstet for dypt til å kunne leses",
    "a number too long to read": "et tall for langt til å kunne leses",
    "{}: not a flytcheck configuration (values nested too deep to read)":
        "{}: ikke en konfigurasjon for flytcheck (verdiene er nøstet for dypt til å kunne leses)",
    "{}: not a flytcheck configuration (a number too long to read)":
        "{}: ikke en konfigurasjon for flytcheck (et tall for langt til å kunne leses)",
    "{}: the path holds a NUL character": "{}: stien inneholder et NUL-tegn",
    "--worklists: {} is not a folder; the worklists need a folder of their own":
        "--worklists: {} er ikke en mappe; arbeidslistene trenger en egen mappe",
    "{}{} is {}, not a regular file; flytcheck writes an output as a new file and never replaces a pipe, a device "
    "or a socket": "{}{} er {}, ikke en vanlig fil; flytcheck skriver utdata som en ny fil og erstatter aldri et rør, "
    "en enhet eller en socket",
    "give the path of a file; to do without this output, leave the option out":
        "gi stien til en fil; for å klare deg uten dette utdataet, utelat valget",
    "{}{} names a folder; give the name of a file in it (for example {}rapport)":
        "{}{} er en mappe; gi navnet på en fil i den (for eksempel {}rapport)",
    "{}{} is a folder; give the name of a file (for example {})":
        "{}{} er en mappe; gi navnet på en fil (for eksempel {})",
    "{}: is a folder, not a history file": "{}: er en mappe, ikke en historikkfil",
    "{}: is {}, not a history file": "{}: er {}, ikke en historikkfil",
    "{}: {}, not a CSV file": "{}: {}, ikke en CSV-fil",
    "{} (table {} is read from it)": "{} (tabellen {} leses fra den)",
    "a named pipe (FIFO)": "et navngitt rør (FIFO)",
    "a device": "en enhet",
    "a socket": "en socket",
    "a folder": "en mappe",
    "a link to nothing": "en lenke som ikke peker på noe",
    "{}: cannot be read with its -wal file ({})": "{}: kan ikke leses sammen med -wal-filen sin ({})",
    "{}: {}.{} in {}: the value is not {} (the copy declares the column as {})":
        "{}: {}.{} i {}: verdien er ikke {} (kopien deklarerer kolonnen som {})",
    "{}: cannot check {} ({})": "{}: kan ikke kontrollere {} ({})",
    "a whole number": "et heltall",
    "a number": "et tall",
    "a flag (0 or 1)": "et flagg (0 eller 1)",
    "a date stored as SQLite stores one (2024-05-22 or 2024-05-22 13:45:00)":
        "en dato lagret slik SQLite lagrer datoer (2024-05-22 eller 2024-05-22 13:45:00)",
    "the row with {} {}": "raden med {} {}",
    "a row whose key cannot be shown": "en rad med en nøkkel som ikke kan vises",
    "{}: the query ran longer than the statement time limit of {} s (--statement-timeout)":
        "{}: spørringen gikk lenger enn tidsgrensen på {} s (--statement-timeout)",
    "{} problems, the first {}: {}": "{} problemer, de første {}: {}",
    # Generic joins last (the least fixed text): a message of parts, each translated
    "{}: {} ({})": "{}: {} ({})",
    "{} ({})": "{} ({})",
    "{}: {}": "{}: {}",
}
"""English template -> bokmål template (`{}` in order, or `{0}`, `{1}` … to reorder)."""

_PLACEHOLDER = re.compile(r"\{\}")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each template as a pattern of its fixed text, the most specific (most fixed text) first."""
    def fixed(template: str) -> int:
        return len(_PLACEHOLDER.sub("", template))

    patterns = []
    for english in sorted(NB, key=fixed, reverse=True):
        parts = [re.escape(part) for part in _PLACEHOLDER.split(english)]
        patterns.append((re.compile("(.+?)".join(parts), re.S), NB[english]))
    return tuple(patterns)


def translate(message: str, lang: str, _depth: int = 0) -> str:
    """`message` in `lang`: bokmål by its template (values translated too), English as it is."""
    if lang == "en" or not message or _depth > 6:
        return message
    for pattern, nb in _patterns():
        match = pattern.fullmatch(message)
        if match:
            values = [translate(value, lang, _depth + 1) for value in match.groups()]
            return nb.format(*values)
    return message
