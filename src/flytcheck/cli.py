"""The command line: parses options, runs the pipeline, maps the outcome to an exit code. Nothing else.

Each command imports what it needs inside its function: `flytcheck --help`, `rules` and `id` must start at once,
without SQLAlchemy, sqlglot or pydantic (tests/test_startup.py holds that line).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer._click.exceptions as _click_errors  # typer's own click: the exceptions of a command line it refused

from flytcheck.errors import FlytcheckError
from flytcheck.guard import chosen_language, guarded, reset_language, set_language, tolerant_stdout
from flytcheck.model import ExitCode
from flytcheck.outputs import output_file

if TYPE_CHECKING:
    from flytcheck.commands.rule_folders import RuleFolders

HELP = """Check a Familia database against the migration criteria for Flyt Barnevern.

Exit codes: 0 = nothing at or above the fail level; 1 = findings at or above the fail level;
2 = the scan could not run (bad source, missing tables or columns, a rule that failed); 130/143 = interrupted."""

EXIT_CODES = (
    "Exit codes: 0 = nothing at or above --fail-on; 1 = findings at or above --fail-on; "
    "2 = the scan could not run (bad source, missing tables or columns, bad option, a rule that failed); "
    "130/143 = interrupted, no output left behind."
)

class _Commands(typer.core.TyperGroup):
    """typer's command group, with a command line it cannot parse answered in flytcheck's words (usage_errors)."""

    def main(
        self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
        standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any,
    ) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        reset_language()
        try:
            code = super().main(given, prog_name, complete_var, standalone_mode=False,
                                windows_expand_args=windows_expand_args, **extra)
        except _click_errors.NoArgsIsHelpError as error:
            error.show()
            code = ExitCode.ERROR
        except _click_errors.UsageError as error:
            from flytcheck import usage_errors

            usage_errors.report(error, given)
            code = ExitCode.ERROR
        if not standalone_mode:
            return code
        sys.exit(int(code or 0))


app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False, rich_markup_mode=None, cls=_Commands)

def _show_version(value: bool) -> None:
    if value:
        from flytcheck import __version__

        print(f"flytcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _common(
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    pass


Lang = Annotated[str, typer.Option("--lang", metavar="nb|en", help="Report language: nb (bokmål) or en.")]
RulesDir = Annotated[Path | None, typer.Option("--rules-dir", metavar="DIR", help="Rule folder instead of the built-in catalogue.")]
ExtraRules = Annotated[list[Path] | None, typer.Option("--extra-rules", metavar="DIR", help="A folder of local rules to run beside the catalogue (repeatable). Default: extra_rules in flytcheck.toml.")]
RulesConfig = Annotated[Path | None, typer.Option("--config", metavar="FILE", help="Configuration file whose extra_rules to use. Default: ./flytcheck.toml when present.")]


def _rule_folders(rules_dir: Path | None, extra_rules: list[Path] | None, config: Path | None = None) -> RuleFolders:
    from flytcheck.commands.rule_folders import RuleFolders

    return RuleFolders(rules_dir, tuple(extra_rules or ()), config)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FlytcheckError(f"{option}: {value!r} is not a date (use YYYY-MM-DD)") from None


@app.command(epilog=EXIT_CODES)
def scan(
    source: Annotated[str | None, typer.Argument(metavar="SOURCE", help="SQLite file, folder of CSV files, or SQLAlchemy URL.", show_default=False)] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Scan the synthetic demo database shipped with flytcheck.")] = False,
    odbc: Annotated[str | None, typer.Option("--odbc", metavar="CONNECTION_STRING", help="SQL Server ODBC connection string (DRIVER=…;SERVER=…;DATABASE=…).")] = None,
    schema: Annotated[str | None, typer.Option("--schema", metavar="NAME", help="Database schema holding the Familia tables.")] = None,
    cutover: Annotated[str | None, typer.Option("--cutover", metavar="DATE", help="Cut-over (go-live) date, YYYY-MM-DD. Default: today.")] = None,
    min_familia_version: Annotated[str | None, typer.Option("--min-familia-version", metavar="VERSION", help="Required Familia version (FA_DBVERSJON); unset skips familia-outdated.")] = None,
    connection_roles: Annotated[str | None, typer.Option("--connection-roles", metavar="CODES", help="Comma-separated KTK_ROLLE codes migrated as connections. Default: MOR,FAR,SØS,FMO,FFA,VRG.")] = None,
    contractor_roles: Annotated[str | None, typer.Option("--contractor-roles", metavar="CODES", help="Comma-separated contractor role codes. Default: BRH,BSH,STØ,TSF,MJØ.")] = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", metavar="blocker|warning|info", help="Exit 1 when a finding is at or above this severity (or its bokmål name: blokkerende, advarsel, info). Default: blocker.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", metavar="nb|en", help="Report language: nb (bokmål, default) or en; FLYTCHECK_LANG sets the default.")] = None,
    output_format: Annotated[str, typer.Option("--format", metavar="console|json", help="Output on stdout: console or json.")] = "console",
    output: Annotated[Path | None, typer.Option("--output", parser=output_file, metavar="FILE", help="Also write the JSON report to this file (0600).")] = None,
    csv: Annotated[Path | None, typer.Option("--csv", parser=output_file, metavar="FILE", help="Also write the findings as a spreadsheet (CSV for Norwegian Excel) to this file.")] = None,
    worklists: Annotated[Path | None, typer.Option("--worklists", metavar="DIR", help="Also write worklists into this folder: one CSV per caseworker, arkiv.csv, uten-saksbehandler.csv, samlejournal.csv.")] = None,
    worklist_format: Annotated[str, typer.Option("--worklist-format", metavar="csv|xlsx", help="Format of the --worklists files: csv (default) or xlsx.")] = "csv",
    xlsx: Annotated[Path | None, typer.Option("--xlsx", parser=output_file, metavar="FILE", help="Also write an Excel workbook to this file: a summary sheet, then one sheet of findings per category.")] = None,
    junit: Annotated[Path | None, typer.Option("--junit", parser=output_file, metavar="FILE", help="Also write JUnit XML (for GitLab, Jenkins, Azure DevOps) to this file.")] = None,
    html: Annotated[Path | None, typer.Option("--html", parser=output_file, metavar="FILE", help="Also write a self-contained HTML report to this file.")] = None,
    only: Annotated[list[str] | None, typer.Option("--only", metavar="RULE_OR_CATEGORY", help="Report only this rule or category (repeatable), by id or by its name in the reports: children/barn, connections/forbindelser, contractors/oppdragstakere, organisations/organisasjoner, reminders/huskelapper, records/'journal og post', archive/arkiv, system, register/barnevernsregisteret (what Barnevernsregisteret will reject).")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", metavar="PREVIOUS.json", help="An earlier JSON report: mark findings new or unchanged and list the fixed ones.")] = None,
    history: Annotated[Path | None, typer.Option("--history", parser=output_file, metavar="FILE", help="Append this run's summary (and its scope) to this history file: always SQLite, whatever its name (see `flytcheck trend`).")] = None,
    details: Annotated[bool, typer.Option("--details", help="List every finding in the console report.")] = False,
    show_personal_data: Annotated[bool, typer.Option("--show-personal-data", help="Include full ID numbers and free text in outputs.")] = False,
    accept_synthetic: Annotated[bool | None, typer.Option("--accept-synthetic/--no-accept-synthetic", help="Count Tenor synthetic ID numbers as valid (test environments).")] = None,
    disable: Annotated[list[str] | None, typer.Option("--disable", metavar="RULE", help="Rule id to leave out (repeatable).")] = None,
    config: Annotated[Path | None, typer.Option("--config", metavar="FILE", help="Configuration file. Default: ./flytcheck.toml when present.")] = None,
    rules_dir: Annotated[Path | None, typer.Option("--rules-dir", metavar="DIR", help="Use the rule files of this folder instead of the built-in catalogue.")] = None,
    extra_rules: ExtraRules = None,
    timeout: Annotated[float | None, typer.Option("--timeout", metavar="SECONDS", help="Seconds to wait for a database connection. Default: 15.")] = None,
    statement_timeout: Annotated[float | None, typer.Option("--statement-timeout", metavar="SECONDS", help="Seconds one query may run before the scan stops with exit 2. Default: 600.")] = None,
    lock_timeout: Annotated[float | None, typer.Option("--lock-timeout", metavar="SECONDS", help="SQL Server: seconds a query may wait for a caseworker's lock before the scan stops with exit 2. Default: 10.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
    width: Annotated[int | None, typer.Option("--width", metavar="N", help="Console width in characters.")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colours in the console report.")] = False,
    now: Annotated[str | None, typer.Option("--now", hidden=True, help="Fixed scan time (tests).")] = None,
) -> None:
    """Scan SOURCE (or --demo, or --odbc) and report readiness for the cut-over."""

    set_language(lang)

    def run() -> int:
        from flytcheck.commands import scan_command

        cli = {
            "cutover": _date(cutover, "--cutover"),
            "min_familia_version": min_familia_version,
            "connection_roles": connection_roles,
            "contractor_roles": contractor_roles,
            "fail_on": fail_on,
            "lang": lang,
            "show_personal_data": show_personal_data or None,
            "accept_synthetic": accept_synthetic,
            "disabled_rules": frozenset(disable) if disable else None,
            "schema": schema,
            "timeout": timeout,
            "statement_timeout": statement_timeout,
            "lock_timeout": lock_timeout,
            "now": datetime.fromisoformat(now) if now else None,
        }
        return scan_command.run(
            scan_command.ScanRequest(
                source=source, demo=demo, odbc=odbc, config=config, rules_dir=rules_dir, extra_rules=tuple(extra_rules or ()),
                output_format=output_format, output=output, details=details, quiet=quiet,
                width=width, color=not no_color,
                files=tuple((name, path) for name, path in (("csv", csv), ("xlsx", xlsx), ("worklists", worklists), ("junit", junit), ("html", html)) if path is not None),
                worklist_format=worklist_format,
                only=tuple(only or ()), baseline=baseline, history=history,
            ),
            cli,
        )

    raise typer.Exit(guarded(run))


DOCTOR_EXIT = (
    "Exit codes: 0 = every check passed; 1 = only warnings (!) remain, a scan can run; 2 = a scan cannot run (✗)."
)


@app.command("doctor", epilog=DOCTOR_EXIT)
def doctor(
    source: Annotated[str | None, typer.Argument(metavar="SOURCE", help="SQLite file, folder of CSV files, or SQLAlchemy URL.", show_default=False)] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Check the synthetic demo database shipped with flytcheck.")] = False,
    odbc: Annotated[str | None, typer.Option("--odbc", metavar="CONNECTION_STRING", help="SQL Server ODBC connection string (DRIVER=…;SERVER=…;DATABASE=…); without DRIVER= the best driver installed.")] = None,
    schema: Annotated[str | None, typer.Option("--schema", metavar="NAME", help="Database schema holding the Familia tables.")] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", metavar="SECONDS", help="Seconds to wait for a database connection. Default: 15.")] = None,
    statement_timeout: Annotated[float | None, typer.Option("--statement-timeout", metavar="SECONDS", help="Seconds one query may run.")] = None,
    lock_timeout: Annotated[float | None, typer.Option("--lock-timeout", metavar="SECONDS", help="SQL Server: seconds a query may wait for a lock. Default: 10.")] = None,
    min_familia_version: Annotated[str | None, typer.Option("--min-familia-version", metavar="VERSION", help="Required Familia version (FA_DBVERSJON).")] = None,
    disable: Annotated[list[str] | None, typer.Option("--disable", metavar="RULE", help="Rule id to leave out (repeatable): its tables and columns are not checked.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", metavar="nb|en", help="Report language: nb (bokmål, default) or en.")] = None,
    output_format: Annotated[str, typer.Option("--format", metavar="console|json", help="Output on stdout: console or json.")] = "console",
    config: Annotated[Path | None, typer.Option("--config", metavar="FILE", help="Configuration file. Default: ./flytcheck.toml when present.")] = None,
    rules_dir: RulesDir = None,
    extra_rules: ExtraRules = None,
) -> None:
    """Check, before the first scan, everything a scan of SOURCE needs: driver, connection, Familia's version, the
    columns the rules read (with the GRANT lines for what is missing), snapshot, least privilege, expected time."""
    set_language(lang)

    def run() -> int:
        from flytcheck.commands import doctor_command
        from flytcheck.doctor.model import Target

        if sum(bool(x) for x in (source, odbc, demo)) != 1:
            raise FlytcheckError("give exactly one source: a path or URL, --odbc CONNECTION_STRING, or --demo")
        cli = {
            "min_familia_version": min_familia_version,
            "lang": lang,
            "disabled_rules": frozenset(disable) if disable else None,
            "schema": schema,
            "timeout": timeout,
            "statement_timeout": statement_timeout,
            "lock_timeout": lock_timeout,
        }
        return doctor_command.run(
            Target(source, demo, odbc), cli, output_format, sys.stdout,
            config=config, rules_dir=rules_dir, extra_rules=tuple(extra_rules or ()),
        )

    raise typer.Exit(guarded(run))


@app.command("rules")
def rules(
    lang: Annotated[str | None, typer.Option("--lang", metavar="nb|en", help="nb (bokmål, default) or en; FLYTCHECK_LANG sets the default.", show_default=False)] = None,
    rules_dir: RulesDir = None,
    extra_rules: ExtraRules = None,
    config: RulesConfig = None,
) -> None:
    """List the rule catalogue: title, id, severity, category and tables."""
    from flytcheck.commands import rules_command

    lang = chosen_language(lang)
    raise typer.Exit(guarded(lambda: rules_command.run(lang, _rule_folders(rules_dir, extra_rules, config), sys.stdout)))


@app.command("explain")
def explain(
    rule: Annotated[str, typer.Argument(help="Rule id, e.g. reminder-open.")],
    lang: Annotated[str | None, typer.Option("--lang", metavar="nb|en", help="nb (bokmål, default) or en; FLYTCHECK_LANG sets the default.", show_default=False)] = None,
    dialect: Annotated[str, typer.Option("--dialect", metavar="sqlite|postgresql|mssql", help="Show the query as sent to sqlite, postgresql or mssql.")] = "mssql",
    rules_dir: RulesDir = None,
    extra_rules: ExtraRules = None,
    config: RulesConfig = None,
) -> None:
    """Explain what a rule checks, why it matters, how to fix it, and its query."""
    from flytcheck.commands import explain_command

    lang = chosen_language(lang)
    folders = _rule_folders(rules_dir, extra_rules, config)
    raise typer.Exit(guarded(lambda: explain_command.run(rule, lang, dialect, folders, sys.stdout)))


@app.command("id")
def id_(
    values: Annotated[list[str], typer.Argument(help="Fødselsnummer, D-nummer or organisasjonsnummer.")],
    on: Annotated[str | None, typer.Option("--date", metavar="DATE", help="Reference date YYYY-MM-DD. Default: today.")] = None,
    output_format: Annotated[str, typer.Option("--format", metavar="text|json", help="text or json.")] = "text",
    lang: Annotated[str | None, typer.Option("--lang", metavar="nb|en", help="nb (bokmål, default) or en; FLYTCHECK_LANG sets the default.", show_default=False)] = None,
    accept_synthetic: Annotated[bool, typer.Option("--accept-synthetic", help="Count Tenor synthetic numbers as valid.")] = False,
) -> None:
    """Classify identity numbers (exit 0 when all are valid, 1 otherwise). Person numbers are masked."""
    from flytcheck.identity.command import run_id

    lang = chosen_language(lang)

    def run() -> int:
        if output_format not in ("text", "json"):
            raise FlytcheckError(f"--format: {output_format!r} is not one of text, json")
        if lang not in ("nb", "en"):
            raise FlytcheckError(f"--lang: {lang!r} is not one of nb, en")
        reference = _date(on, "--date") or date.today()
        return run_id(list(values), reference, output_format, lang, accept_synthetic, sys.stdout)

    raise typer.Exit(guarded(run))


@app.command("requirements")
def requirements(
    grants: Annotated[str | None, typer.Option("--grants", metavar="USER", help="Print SQL Server GRANT SELECT statements (per column) for this login/user.")] = None,
    schema: Annotated[str, typer.Option("--schema", metavar="NAME", help="Schema for the GRANT statements.")] = "dbo",
    disable: Annotated[list[str] | None, typer.Option("--disable", metavar="RULE", help="Rule id to leave out (repeatable).")] = None,
    rules_dir: RulesDir = None,
    extra_rules: ExtraRules = None,
    config: RulesConfig = None,
) -> None:
    """List the tables and columns the enabled rules read (or the GRANTs a DBA runs for a read-only login)."""
    from flytcheck.commands import requirements_command

    folders = _rule_folders(rules_dir, extra_rules, config)
    raise typer.Exit(
        guarded(lambda: requirements_command.run(grants, schema, frozenset(disable or ()), folders, sys.stdout))
    )


@app.command("test-rules")
def test_rules(
    cases: Annotated[Path | None, typer.Argument(metavar="DIR", help="Folder of rule cases, one <rule-id>.toml per rule. Default: the built-in cases.", show_default=False)] = None,
    lang: Annotated[str | None, typer.Option("--lang", metavar="nb|en", help="nb (bokmål, default) or en; FLYTCHECK_LANG sets the default.", show_default=False)] = None,
    rules_dir: RulesDir = None,
    extra_rules: ExtraRules = None,
    config: RulesConfig = None,
) -> None:
    """Run rule cases (tiny invented databases and the findings they must give) on SQLite: pass or fail per case.

    Exit 0 when every case passes, 1 when a case fails, 2 when a case file is invalid or a rule could not run."""
    from flytcheck.commands import test_rules_command

    lang = chosen_language(lang)
    folders = _rule_folders(rules_dir, extra_rules, config)
    raise typer.Exit(guarded(lambda: test_rules_command.run(cases, lang, folders, sys.stdout)))


@app.command("synth")
def synth(
    profile: Annotated[str, typer.Option("--profile", metavar="PROFILE", help="demo, lofoten, mid or largest (sizes in docs/benchmarks.md).")] = "lofoten",
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Random seed; the same seed gives the same data.")] = 1,
    out: Annotated[str, typer.Option("--out", metavar="PATH|URL", help="A .sqlite file, a folder for CSV files (SQL Server style), or an empty database (mssql+pyodbc://…, postgresql+psycopg://…).")] = "familia.sqlite",
    schema: Annotated[str | None, typer.Option("--schema", metavar="NAME", help="With a database URL: the schema to create the tables in.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
) -> None:
    """Generate a synthetic Familia database (synthetic identities only) for demos, tests and benchmarks."""
    from flytcheck.commands import synth_command

    raise typer.Exit(guarded(lambda: synth_command.run(profile, seed, out, quiet, schema)))


@app.command("trend")
def trend(
    history: Annotated[Path, typer.Argument(help="History file written by `scan --history` (SQLite, whatever its name).")],
    chart: Annotated[Path | None, typer.Option("--chart", metavar="FILE", help="Also draw the chart to this .png or .svg file.")] = None,
    cutover: Annotated[str | None, typer.Option("--cutover", metavar="DATE", help="Cut-over date YYYY-MM-DD. Default: the latest run's.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", metavar="nb|en", help="nb (bokmål, default) or en; FLYTCHECK_LANG sets the default.", show_default=False)] = None,
    only: Annotated[list[str] | None, typer.Option("--only", metavar="RULE_OR_CATEGORY", help="Follow the runs narrowed to these rules or categories (as given to scan --only) instead of the full runs.")] = None,
) -> None:
    """Show blockers and warnings per run towards the cut-over, and the daily rate needed to reach zero.

    Follows the full runs (without --only), or with --only the runs of that selection; never both mixed."""
    from flytcheck.commands import trend_command

    lang = chosen_language(lang)
    raise typer.Exit(guarded(
        lambda: trend_command.run(history, chart, _date(cutover, "--cutover"), lang, sys.stdout, tuple(only or ()))
    ))


def main() -> None:
    """Console-script entry point (the standalone program's too: packaging/flytcheck_main.py)."""
    tolerant_stdout()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(ExitCode.INTERRUPTED)


__all__ = ["app", "main"]
