"""The doctor's checks, in order: driver, connection, Familia's version, columns, snapshot, privileges, scan time.

The source is opened as a scan opens it (the same function, options and session); the tables and columns checked
are those a scan of the same rules would read (`engine.table_needs`, the same as `flytcheck requirements`). A check
that fails stops the checks that depend on it (they are shown as not checked), never the report.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from decimal import Decimal, InvalidOperation

from flytcheck.commands.scan_settings import ScanSettings
from flytcheck.doctor import drivers
from flytcheck.doctor.backend import Backend, listing
from flytcheck.doctor.estimate import duration, estimate
from flytcheck.doctor.model import ORDER, Check, DoctorReport, Status, Target, Text, same
from flytcheck.engine import VERSION_SQL, TableNeeds, enabled_rules, table_needs
from flytcheck.errors import SchemaError, SourceError
from flytcheck.sources.base import QueryError, Source
from flytcheck.sources.open import open_source
from flytcheck.sql import familia
from flytcheck.sql.catalog import Catalog, check_requirements
from flytcheck.sql.compiler import Parameters, render
from flytcheck.sql.conversions import column_reads
from flytcheck.values import as_text

Opener = Callable[..., AbstractContextManager[Source]]


def run(target: Target, settings: ScanSettings, opener: Opener = open_source) -> DoctorReport:
    """Every check for one source (a failed one leaves those after it not checked)."""
    found: dict[str, Check] = {}
    driver = drivers.check(target)
    found["driver"] = driver
    description = target.odbc or target.source or "demo"
    if driver.status is not Status.FAILED:
        description = _with_source(target, settings, opener, found)
    checks = tuple(found.get(key) or _not_checked(key, found) for key in ORDER)
    return DoctorReport(drivers.safe(description), checks)


def _with_source(target: Target, settings: ScanSettings, opener: Opener, found: dict[str, Check]) -> str:
    options = settings.options
    started = time.monotonic()
    with ExitStack() as opened:
        try:
            source = opened.enter_context(opener(
                target.source, odbc=target.odbc, demo=target.demo, schema=options.schema_name,
                timeout=options.timeout, statement_timeout=options.statement_timeout, lock_timeout=options.lock_timeout,
            ))
        except SourceError as error:
            found["connection"] = drivers.connection_failed(error, target, options.timeout)
            return target.odbc or target.source or "demo"
        _checks(source, settings, time.monotonic() - started, found)
        return source.description


def _checks(source: Source, settings: ScanSettings, seconds: float, found: dict[str, Check]) -> None:
    from flytcheck.doctor.backends import backend_for

    backend = backend_for(source)
    summary, details = backend.server()
    notes = tuple(source.notes)
    files = backend.kind in ("sqlite", "csv")
    found["connection"] = Check("connection", Status.OK, (
        f"{summary[0]}; {'åpnet' if files else 'koblet til'} på {seconds:.1f} s",
        f"{summary[1]}; {'opened' if files else 'connected'} in {seconds:.1f} s",
    ), details=(*notes, *details))
    rules, _ = enabled_rules(settings.rulebook, settings.options)
    needs = table_needs(settings.rulebook, rules)
    found["snapshot"] = _guarded("snapshot", backend.snapshot)
    try:
        catalog = source.catalog(set(needs.needed) | set(needs.optional) | set(familia.TABLES))
    except SourceError as error:
        fix = same(error.hint) if error.hint else None
        found["columns"] = Check("columns", Status.FAILED, same(error.message), fix)
        return
    try:
        columns, readable = _columns(backend, catalog, needs, source.description)
    except QueryError as error:  # the permission functions themselves failed: unknown, so not a pass
        columns, readable = _could_not("columns", error), False
    found["columns"] = columns
    found["privileges"] = _guarded("privileges", lambda: _privileges(backend, catalog))
    found["scan_time"] = _guarded("scan_time", lambda: _scan_time(backend, catalog, needs))
    # Last: on PostgreSQL a refused read would end the snapshot's transaction for every query after it.
    found["familia_version"] = _guarded("familia_version", lambda: _version(backend, catalog, settings, readable))


def _guarded(key: str, check: Callable[[], Check]) -> Check:
    """A check whose own query failed says so (a warning): what it would have told is unknown, not fine."""
    try:
        return check()
    except QueryError as error:
        return _could_not(key, error)


def _could_not(key: str, error: QueryError) -> Check:
    return Check(key, Status.WARNING, (
        f"kunne ikke sjekkes: {error.message}", f"could not be checked: {error.message}",
    ))


def _not_checked(key: str, found: dict[str, Check]) -> Check:
    failed = next((c for c in found.values() if c.status is Status.FAILED), None)
    because = {
        "driver": ("driveren mangler", "the driver is missing"),
        "connection": ("tilkoblingen feilet", "the connection failed"),
        "columns": ("tabellisten kunne ikke leses", "the table list could not be read"),
    }.get(failed.id if failed else "", ("", ""))
    return Check(key, Status.SKIPPED, (f"ikke sjekket: {because[0]}", f"not checked: {because[1]}"))


def _columns(backend: Backend, catalog: Catalog, needs: TableNeeds, where: str) -> tuple[Check, bool]:
    """Every table and column a scan reads is there and readable; the second value: FA_DBVERSJON can be read."""
    required = {t: c for t, c in needs.required.items() if t in catalog.tables or t not in needs.absent_ok}
    try:
        check_requirements(catalog.columns, required, needs.users, where=where)
    except SchemaError as error:
        problems = tuple(same(line.strip()) for line in error.message.splitlines()[1:])
        missing = {t: {c for c in cols if not catalog.has_column(t, c)} for t, cols in required.items()}
        grants = backend.hidden_grants({t: cols for t, cols in missing.items() if cols})
        fix: Text = (
            "navn matcher uten hensyn til store og små bokstaver; bruk --schema om tabellene ligger i et annet skjema",
            "names match case-insensitively; use --schema if the tables live in another schema",
        )
        if grants:
            fix = (
                fix[0] + "; finnes de, men innloggingen ikke får se dem, kjører DBA-en linjene under",
                fix[1] + "; if they exist but the login may not see them, the DBA runs the lines below",
            )
        return Check("columns", Status.FAILED, (
            f"{len(problems)} tabell(er) mangler eller mangler kolonner",
            f"{len(problems)} table(s) missing or incomplete",
        ), fix, (*problems, *(same(g) for g in grants))), False
    present = {t: {c for c in cols if catalog.has_column(t, c)} for t, cols in needs.needed.items()
               if t in catalog.tables}
    for table, cols in familia.ALWAYS_READ_WHERE_PRESENT.items():  # the version, Familia's own Huskeliste
        if table in catalog.tables:
            present[table] = present.get(table, set()) | {c for c in cols if catalog.has_column(table, c)}
    access = backend.access(catalog, present)
    version_ok = catalog.has_column("FA_DBVERSJON", "DBV_VERSJON") and not any(
        t.upper() == "FA_DBVERSJON" for t, _ in access.denied
    )
    count = sum(len(cols) for cols in present.values())
    absent = sorted(f"{t}.{c}" for t, cols in needs.optional.items() for c in cols
                    if t in catalog.tables and not catalog.has_column(t, c))
    extra: tuple[Text, ...] = ((
        f"valgfrie kolonner som mangler (leses der Familia-versjonen har dem): {', '.join(absent)}",
        f"optional columns absent (read where the Familia version has them): {', '.join(absent)}",
    ),) if absent else ()
    if access.denied:
        listed = ", ".join(f"{t}.{c}" for t, c in access.denied[:12]) + (" …" if len(access.denied) > 12 else "")
        return Check("columns", Status.FAILED, (
            f"innloggingen får ikke lese {len(access.denied)} av {count} kolonner: {listed}",
            f"the login may not read {len(access.denied)} of {count} columns: {listed}",
        ), (
            "DBA-en kjører linjene under (eller hele `flytcheck requirements --grants BRUKER`)",
            "the DBA runs the lines below (or all of `flytcheck requirements --grants USER`)",
        ) if access.grants else (
            "gi brukeren som kjører flytcheck lesetilgang til filene", "give the user who runs flytcheck read access",
        ), (*access.notes, *(same(g) for g in access.grants), *extra)), version_ok
    tables = len(present)
    return Check("columns", Status.OK, (
        f"alle {count} kolonner i {tables} tabeller som skanningen leser, kan leses",
        f"all {count} columns of the {tables} tables the scan reads can be read",
    ), details=extra), version_ok


def _privileges(backend: Backend, catalog: Catalog) -> Check:
    found = backend.privileges(catalog)
    if not found.problems:
        if backend.kind in ("sqlite", "csv"):
            return Check("privileges", Status.OK, (
                "filer uten innlogging: flytcheck åpner dem bare for lesing",
                "files without a login: flytcheck opens them for reading only",
            ))
        return Check("privileges", Status.OK, (
            "innloggingen kan bare lese: ingen INSERT, UPDATE eller DELETE på Familias tabeller, ikke eier eller "
            "administrator",
            "the login can only read: no INSERT, UPDATE or DELETE on Familia's tables, not an owner or administrator",
        ))
    return Check("privileges", Status.WARNING, (
        "; ".join(p[0] for p in found.problems) + ". flytcheck skriver aldri, men en slik innlogging er en risiko om "
        "passordet kommer på avveie",
        "; ".join(p[1] for p in found.problems) + ". flytcheck never writes, but such a login is a risk if its "
        "password leaks",
    ), (
        "gi flytcheck en egen innlogging med bare `flytcheck requirements --grants BRUKER`, eller ta bort det "
        "overflødige:",
        "give flytcheck a login of its own with only `flytcheck requirements --grants USER`, or take away what is "
        "too much:",
    ), tuple(same(r) for r in found.revokes))


def _scan_time(backend: Backend, catalog: Catalog, needs: TableNeeds) -> Check:
    tables = sorted(t for t in needs.needed if t in catalog.tables)
    found = estimate(backend.kind, backend.sizes(catalog, tables))
    if len(found.unknown) == len(tables):
        return Check("scan_time", Status.OK, (
            "ukjent: katalogen har ingen radtall for tabellene ennå (ANALYZE gir dem)",
            "unknown: the catalog has no row counts for the tables yet (ANALYZE gives them)",
        ))
    def size(amount: float) -> str:
        return f"{amount / 1_000_000:.1f} MB" if found.rate.unit == "bytes" else f"{amount:,.0f}".replace(",", " ")

    unit_nb, unit_en = ("CSV", "of CSV") if found.rate.unit == "bytes" else ("rader", "rows")
    largest = ", ".join(f"{t} {size(n)}" for t, n in found.largest)
    about_nb, about_en = ("omkring ", "about ") if found.seconds >= 1 else ("", "")
    details: list[Text] = [(f"raten: {found.rate.measured('nb')}", f"the rate: {found.rate.measured('en')}")]
    if found.unknown:
        listed = listing(found.unknown)
        details.append((
            f"uten tall i katalogen (ikke analysert; ANALYZE gir tallene): {listed}",
            f"no count in the catalog (never analysed; ANALYZE gives the counts): {listed}",
        ))
    return Check("scan_time", Status.OK, (
        f"{about_nb}{duration(found.seconds, 'nb')} for {size(found.amount)} {unit_nb} i {len(tables)} tabeller "
        f"(størst: {largest})",
        f"{about_en}{duration(found.seconds, 'en')} for {size(found.amount)} {unit_en} in {len(tables)} tables "
        f"(largest: {largest})",
    ), details=tuple(details))


def _version(backend: Backend, catalog: Catalog, settings: ScanSettings, readable: bool) -> Check:
    required = settings.options.min_familia_version
    unset = (
        "sett min_familia_version i flytcheck.toml (eller --min-familia-version), så blir en for gammel Familia "
        "et blokkerende funn",
        "set min_familia_version in flytcheck.toml (or --min-familia-version), so that an old Familia is a blocker",
    )
    if not catalog.has_column("FA_DBVERSJON", "DBV_VERSJON"):
        return Check("familia_version", Status.WARNING, (
            "FA_DBVERSJON.DBV_VERSJON finnes ikke: versjonen kan ikke leses",
            "FA_DBVERSJON.DBV_VERSJON does not exist: the version cannot be read",
        ), None if required else unset)
    if not readable:
        return Check("familia_version", Status.WARNING, (
            "FA_DBVERSJON kan ikke leses (se tabeller og kolonner)",
            "FA_DBVERSJON cannot be read (see tables and columns)",
        ))
    backend.prepare_version(catalog)
    options, dialect = settings.options, backend.source.dialect
    params = Parameters(options.cutover, options.connection_roles, options.contractor_roles)
    template = settings.rulebook.template(VERSION_SQL, dialect)
    sql = render(template, dialect, catalog, params, column_reads(catalog, dialect))
    rows = backend.rows(sql)
    value = rows[0][0] if rows else None
    if value is None:
        return Check("familia_version", Status.WARNING, (
            "FA_DBVERSJON har ingen versjonsrader", "FA_DBVERSJON has no version rows",
        ))
    version = as_text(value)
    if required is None:
        return Check("familia_version", Status.WARNING, (
            f"Familia {version}; ingen påkrevd versjon er satt, så familia-outdated hoppes over",
            f"Familia {version}; no required version is set, so familia-outdated is skipped",
        ), unset)
    try:
        older = Decimal(version) < required
    except InvalidOperation:
        older = True
    if older:
        return Check("familia_version", Status.WARNING, (
            f"Familia {version} er eldre enn påkrevd {required}: familia-outdated blir et blokkerende funn",
            f"Familia {version} is older than the required {required}: familia-outdated will be a blocker",
        ), ("oppgrader Familia før overgangen", "upgrade Familia before the cut-over"))
    return Check("familia_version", Status.OK, (
        f"Familia {version} (påkrevd {required})", f"Familia {version} (required {required})",
    ))

