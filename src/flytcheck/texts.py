"""The words of the reports in bokmål (default) and English; rule texts live in the rule files."""

from __future__ import annotations

from flytcheck.catalogue.categories import category_name
from flytcheck.model import Consistency, Report, Scope, Severity

KOMMUNER = {"1860": "Vestvågøy", "1859": "Flakstad", "1874": "Moskenes"}
DEMO_SOURCE = "demo (synthetic)"
"""The demo's source description as the JSON report and the history keep it; shown in the report language."""

_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("flytcheck – klar for Flyt Barnevern?", "flytcheck – ready for Flyt Barnevern?"),
    "console_title": (
        "flytcheck {version} – klar for Flyt Barnevern?", "flytcheck {version} – ready for Flyt Barnevern?"
    ),
    "source": ("Kilde", "Source"),
    "familia_version": ("Familia-versjon", "Familia version"),
    "unknown": ("ukjent", "unknown"),
    "source.demo": ("demo (syntetiske data)", "demo (synthetic data)"),
    "cutover": ("Overgangsdato", "Cut-over date"),
    "consistency": ("Konsistens", "Consistency"),
    "huskeliste": ("Huskeliste", "Reminder list"),
    "huskeliste.both": ("Familias huskeliste: {familia} åpne; flytcheck: {flytcheck}",
                        "Familia's reminder list: {familia} open; flytcheck: {flytcheck}"),
    "consistency.snapshot": ("ett øyeblikksbilde: alle spørringene så databasen slik den var da skanningen begynte",
                             "one snapshot: every query saw the database as it was when the scan began"),
    "consistency.files": ("ett øyeblikksbilde: CSV-filene ble lest én gang",
                          "one snapshot: the CSV files were read once"),
    "consistency.read-committed-snapshot": (
        "hver spørring så sitt eget øyeblikk (databasen tillater ikke SNAPSHOT-isolasjon; READ_COMMITTED_SNAPSHOT "
        "er på, så ingen låser ble tatt). Rett: slå på ALLOW_SNAPSHOT_ISOLATION, eller skann nattkopien",
        "each query saw its own moment (the database does not allow SNAPSHOT isolation; READ_COMMITTED_SNAPSHOT "
        "is on, so no locks were taken). Fix: enable ALLOW_SNAPSHOT_ISOLATION, or scan the nightly copy"),
    "consistency.read-committed-locks": (
        "hver spørring så sitt eget øyeblikk (databasen tillater ikke SNAPSHOT-isolasjon, og READ COMMITTED tar "
        "delte låser). Rett: slå på ALLOW_SNAPSHOT_ISOLATION, eller skann nattkopien",
        "each query saw its own moment (the database does not allow SNAPSHOT isolation, and READ COMMITTED takes "
        "shared locks). Fix: enable ALLOW_SNAPSHOT_ISOLATION, or scan the nightly copy"),
    "consistency.unknown": ("ukjent", "unknown"),
    "days_left": ("{n} dager igjen", "{n} days left"),
    "day_left": ("1 dag igjen", "1 day left"),
    "days_today": ("i dag", "today"),
    "day_past": ("i går", "yesterday"),
    "days_past": ("{n} dager siden", "{n} days ago"),
    "cutover_unset_warning": (
        "ingen overgangsdato er satt, så skanningen bruker dagens dato (og regner barn som migreres fra i år); sett "
        "cutover i flytcheck.toml eller gi --cutover. Lette etter konfigurasjon i: {places}",
        "no cut-over date is set, so the scan uses today (and counts the children migrated from this year); set "
        "cutover in flytcheck.toml or give --cutover. Looked for a configuration in: {places}"),
    "cutover_unset": ("ikke satt, så dagens dato er brukt: sett cutover i flytcheck.toml eller --cutover",
                      "not set, so today is used: set cutover in flytcheck.toml or --cutover"),
    "ready": ("KLAR: ingen blokkerende funn", "READY: no blockers"),
    "not_ready": ("IKKE KLAR: {n} blokkerende funn", "NOT READY: {n} blockers"),
    "counts": ("{blocker} blokkerende, {warning} advarsler, {info} til informasjon",
               "{blocker} blockers, {warning} warnings, {info} for information"),
    "preview": ("Migreringsforhåndsvisning", "Migration preview"),
    "what": ("Hva", "What"),
    "migrated": ("Migreres", "Migrated"),
    "not_migrated": ("Migreres ikke", "Not migrated"),
    "children": ("Barn", "Children"),
    "connections": ("Forbindelser", "Connections"),
    "contractors": ("Oppdragstakere", "Contractors"),
    "organisations": ("Organisasjoner (aktive)", "Organisations (active)"),
    "rules": ("Regler", "Rules"),
    "rule": ("Regel", "Rule"),
    "severity": ("Alvorlighet", "Severity"),
    "total": ("Totalt", "Total"),
    "no_kommune": ("ukjent kommune", "no municipality"),
    "skipped": ("hoppet over", "skipped"),
    "workload": ("Saksbehandlere med mest åpent arbeid", "Caseworkers with the most open work"),
    "caseworker": ("Saksbehandler", "Caseworker"),
    "no_caseworker": ("(ingen saksbehandler)", "(no caseworker)"),
    "findings": ("Funn", "Findings"),
    "table": ("Tabell", "Table"),
    "key": ("Løpenummer", "Key"),
    "kommune": ("Kommune", "Municipality"),
    "message": ("Melding", "Message"),
    "fix": ("Slik retter du", "How to fix"),
    "details_hint": ("Bruk --details for å se hvert funn, eller --format json.",
                     "Use --details to list every finding, or --format json."),
    "personal_warning": ("OBS: rapporten inneholder personopplysninger (--show-personal-data).",
                         "NOTE: the report contains personal data (--show-personal-data)."),
    "severity.blocker": ("blokkerende", "blocker"),
    "severity.warning": ("advarsel", "warning"),
    "severity.info": ("info", "info"),
    "error": ("Feil", "Error"),
    # Narrowed runs (--only, --disable)
    "scope_only": ("bare {names}", "only {names}"),
    "scope_without": ("uten {names}", "without {names}"),
    "narrowed_run": ("Avgrenset kjøring: ikke en full sjekk.", "Narrowed run: not a full check."),
    "left_out": ("Utelatt: {names}.", "Left out: {names}."),
    "the_rules": ("reglene {names}", "the rules {names}"),
    "switched_off": ("Slått av: {names}.", "Switched off: {names}."),
    "ready_narrowed": ("KLAR I UTVALGET: ingen blokkerende funn ({scope})",
                       "READY IN THE SELECTION: no blockers ({scope})"),
    "not_ready_narrowed": ("IKKE KLAR: {n} blokkerende funn ({scope})", "NOT READY: {n} blockers ({scope})"),
    "narrowed_column": ("Avgrenset kjøring", "Narrowed run"),
    "trend_scope_full": ("Omfang: alle reglene (kjøringer uten --only).", "Scope: every rule (runs without --only)."),
    "trend_scope": ("Omfang: {scope} (avgrenset kjøring).", "Scope: {scope} (narrowed runs)."),
    "trend_others": ("{n} kjøring(er) med et annet omfang er ikke med (velg med --only).",
                     "{n} run(s) of another scope are left out (choose with --only)."),
    # Spreadsheets, worklists, HTML and JUnit
    "category": ("Kategori", "Category"),
    "rule_title": ("Hva er galt", "What is wrong"),
    "status": ("Status", "Status"),
    "status.new": ("ny", "new"),
    "status.unchanged": ("uendret", "unchanged"),
    "scanned_at": ("Skannet", "Scanned"),
    "html_title": ("flytcheck-rapport", "flytcheck report"),
    "rules_per_kommune": ("Regler per kommune", "Rules per municipality"),
    "no_findings": ("Ingen funn.", "No findings."),
    "html_limit": ("Viser de første {shown} av {total} funn; alle står i regnearket (--csv) og JSON-rapporten.",
                   "Showing the first {shown} of {total} findings; all are in the spreadsheet (--csv) and the JSON."),
    "fixed_findings": ("Rettet siden forrige kjøring", "Fixed since the last run"),
    "trend": ("Utvikling mot overgangsdatoen", "Trend towards the cut-over"),
    "generated_by": ("Laget av flytcheck {version}", "Made by flytcheck {version}"),
    "below_fail_level": ("{severity}: under feilnivået ({fail_on})", "{severity}: below the fail level ({fail_on})"),
    "rule_skipped": ("Regelen ble ikke kjørt: {note}", "The rule did not run: {note}"),
    "note.disabled": ("slått av (--disable eller disabled_rules)", "switched off (--disable or disabled_rules)"),
    "note.no --min-familia-version": ("krever --min-familia-version (min_familia_version i flytcheck.toml)",
                                      "needs --min-familia-version (min_familia_version in flytcheck.toml)"),
    # Workbook (--xlsx, --worklist-format xlsx)
    "summary": ("Sammendrag", "Summary"),
    "flytcheck_version": ("flytcheck-versjon", "flytcheck version"),
    "sheet": ("Ark", "Sheet"),
    # What Barnevernsregisteret will reject (the rules of category register)
    "register": ("Dette vil Barnevernsregisteret avvise", "What the national register will reject"),
    "register_note": (
        "Advarsler: de endrer ikke om Familia er klar, men Flyt rapporterer dette til Barnevernsregisteret "
        "fra første dag.",
        "Warnings: they do not change whether Familia is ready, but Flyt reports this to the national "
        "child-welfare register (Barnevernsregisteret) from the first day.",
    ),
    # Baseline
    "delta": ("Siden forrige kjøring ({when}): rettet {fixed}, nye {new}",
              "{fixed} fixed, {new} new since the last run ({when})"),
    # Trend
    "trend_title": ("Blokkerende og advarsler per kjøring", "Blockers and warnings per run"),
    "run_time": ("Kjøring", "Run"),
    "blockers": ("Blokkerende", "Blockers"),
    "warnings": ("Advarsler", "Warnings"),
    "rate_needed": ("{n} blokkerende igjen og {days} dager til overgangen {date}: "
                    "{rate} må rettes per dag for å nå null.",
                    "{n} blockers left and {days} days to the cut-over {date}: fix {rate} a day to reach zero."),
    "rate_done": ("Ingen blokkerende igjen: klar for overgangen {date}.",
                  "No blockers left: ready for the cut-over {date}."),
    "rate_past": ("Overgangsdatoen {date} er passert, og {n} blokkerende gjenstår.",
                  "The cut-over date {date} has passed, and {n} blockers remain."),
    "rate_today": ("Overgangsdatoen {date} er i dag (0 dager igjen), og {n} blokkerende gjenstår.",
                   "The cut-over date {date} is today (0 days left), and {n} blockers remain."),
    "pace": ("Takt hittil: {rate} færre blokkerende per dag.", "Pace so far: {rate} fewer blockers a day."),
    "pace_none": ("Takt hittil: ingen nedgang i blokkerende.", "Pace so far: no fall in blockers."),
    "target_line": ("Nødvendig takt", "Needed rate"),
    "months": ("jan feb mar apr mai jun jul aug sep okt nov des", "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"),
    "chart_written": ("Diagram skrevet til {path}", "Chart written to {path}"),
    # Worklists
    "worklist_file": ("Fil", "File"),
}


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang` ("nb" or "en"), with values filled in."""
    nb, en = _TEXTS[key]
    text = en if lang == "en" else nb
    return text.format(**values) if values else text


def consistency_text(consistency: Consistency, lang: str) -> str:
    """How consistent the scan's reads were, in words (`Report.consistency`)."""
    return t(f"consistency.{consistency.how}", lang)


def days_text(days: int, lang: str) -> str:
    """How far the cut-over is from the scan, in words: the same words in every output (`0` is "today")."""
    if days == 0:
        return t("days_today", lang)
    if days == 1:
        return t("day_left", lang)
    if days == -1:
        return t("day_past", lang)
    return t("days_left", lang, n=days) if days > 0 else t("days_past", lang, n=-days)


def scope_label(scope: Scope, lang: str) -> str:
    """A narrowed run's scope in a few words (`bare Arkiv`, `uten familia-outdated`); empty for a full run."""
    parts = []
    if scope.only:
        parts.append(t("scope_only", lang, names=", ".join(category_name(n, lang) for n in scope.only)))
    if scope.disabled:
        parts.append(t("scope_without", lang, names=", ".join(scope.disabled)))
    return "; ".join(parts)


def source_name(source: str, lang: str) -> str:
    """The source as a report shows it: the demo in the report language, any other source as it was given."""
    return t("source.demo", lang) if source == DEMO_SOURCE else source


def rule_note(note: str, lang: str) -> str:
    """Why a rule did not run (`RuleOutcome.note`), in words; a note without words of its own as it is."""
    return t(f"note.{note}", lang) if f"note.{note}" in _TEXTS else (note or "—")


def huskeliste_text(report: Report, lang: str) -> str | None:
    """Familia's own count of open Huskeliste rows beside reminder-open's, where the source has Familia's view."""
    if report.familia_huskeliste is None:
        return None
    ours = report.huskeliste_count
    return t("huskeliste.both", lang, familia=report.familia_huskeliste, flytcheck="—" if ours is None else ours)


def severity_name(severity: Severity, lang: str) -> str:
    return t(f"severity.{severity.value}", lang)


def kommune_name(number: str, lang: str) -> str:
    if not number:
        return t("no_kommune", lang)
    name = KOMMUNER.get(number)
    return f"{number} {name}" if name else number
