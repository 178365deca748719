"""The reference implementation (benchmarks/reference.py) and `flytcheck scan` find the same records.

The reference applies the criteria of docs/criteria.md literally in Python over tables read into lists and sets,
and shares no code with the engine beyond the identity-number algorithms; so these tests guard the engine's SQL as
much as they guard the reference. Findings are compared as sets of (rule, table, key).

Privacy: synthetic data only (`flytcheck synth`, Tenor-style numbers); no identity number is written here.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from flytcheck.cli import app
from flytcheck.synth import config_path

ROOT = Path(__file__).resolve().parents[1]
RULE_IDS = {p.stem for p in (ROOT / "rules").glob("*.toml")} - {"sets"}
runner = CliRunner()
Findings = set[tuple[str, str, str]]


def _load_reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location("flytcheck_reference", ROOT / "benchmarks" / "reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


reference = _load_reference()


def synth(profile: str, seed: int, folder: Path) -> tuple[Path, Path]:
    """`flytcheck synth --profile P --seed N --out folder/P-N.sqlite`: the file and its companion config."""
    out = folder / f"{profile}-{seed}.sqlite"
    result = runner.invoke(app, ["synth", "--profile", profile, "--seed", str(seed), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out, config_path(out)


def engine_findings(database: Path, config: Path) -> Findings:
    result = runner.invoke(app, ["scan", str(database), "--config", str(config), "--format", "json", "--quiet"])
    assert result.exit_code in (0, 1), result.output
    return {(f["rule"], f["table"], f["key"]) for f in json.loads(result.output)["findings"]}


def reference_findings(database: Path, config: Path) -> Findings:
    return set(reference.findings(reference.read_tables(database), reference.read_settings(config)))


def assert_same(engine: Findings, ref: Findings) -> None:
    assert sorted(engine - ref) == [], "found by flytcheck only"
    assert sorted(ref - engine) == [], "found by the reference only"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return synth("demo", 1, tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def lofoten(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return synth("lofoten", 1, tmp_path_factory.mktemp("lofoten"))


@pytest.mark.parametrize("profile", ["demo", "lofoten"])
def test_the_reference_and_the_engine_find_the_same_records(profile: str, request: pytest.FixtureRequest) -> None:
    database, config = request.getfixturevalue(profile)
    engine, ref = engine_findings(database, config), reference_findings(database, config)
    assert_same(engine, ref)
    assert {rule for rule, _, _ in engine} == RULE_IDS  # every rule has something to agree on
    assert {rule for rule, _, _ in ref} == RULE_IDS


def test_the_reference_command_writes_one_json_line_per_finding(demo: tuple[Path, Path], tmp_path: Path) -> None:
    database, config = demo
    output = tmp_path / "reference.jsonl"
    assert reference.main([str(database), "--config", str(config), "--output", str(output)]) == 0
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert all(list(line) == ["rule", "table", "key"] for line in lines)
    found = {(line["rule"], line["table"], line["key"]) for line in lines}
    assert found == reference_findings(database, config)
    keys = {line["table"]: line["key"] for line in lines}
    assert keys["FA_POSTJOURNAL"].count("/") == 1 and keys["FA_JOURNAL"].isdigit()  # `2024/17`, `17`


def variant(
    demo: tuple[Path, Path], folder: Path, sql: str, settings: dict[str, str | None] | None = None
) -> tuple[Path, Path]:
    """A copy of the demo with `sql` applied, and its config with `settings` (name -> TOML value, None: removed)."""
    settings = settings or {}
    database, config = folder / "variant.sqlite", folder / "variant.toml"
    shutil.copyfile(demo[0], database)
    kept = [line for line in demo[1].read_text(encoding="utf-8").splitlines(keepends=True)
            if line.split("=")[0].strip() not in settings]
    config.write_text("".join(kept) + "".join(f"{k} = {v}\n" for k, v in settings.items() if v), encoding="utf-8")
    with sqlite3.connect(database) as connection:
        connection.executescript(sql)
    connection.close()
    return database, config


OPEN_CHILD = "SELECT KLI_LOEPENR FROM FA_KLIENT WHERE KLI_AVSLUTTETDATO IS NULL"
VARIANTS = {
    "closed on the year start, or a second before it": (
        "UPDATE FA_KLIENT SET KLI_AVSLUTTETDATO = '2027-01-01 00:00:00.000000' WHERE KLI_LOEPENR = 1;"
        "UPDATE FA_KLIENT SET KLI_AVSLUTTETDATO = '2026-12-31 23:59:59.000000' WHERE KLI_LOEPENR = 4;", None),
    "ties ending during the cut-over day or the evening before": (
        "UPDATE FA_KLIENTTILKNYTNING SET KTK_TILDATO = '2027-05-22 10:00:00.000000'"
        f" WHERE KTK_TILDATO IS NOT NULL AND KLI_LOEPENR IN ({OPEN_CHILD});"
        "UPDATE FA_KLIENTTILKNYTNING SET KTK_TILDATO = '2027-05-21 23:59:00.000000'"
        f" WHERE KTK_TILDATO IS NULL AND KTK_LOEPENR % 3 = 0 AND KLI_LOEPENR IN ({OPEN_CHILD});", None),
    "a caseworker passivised on the cut-over day, and one listed twice": (
        "UPDATE FA_SAKSBEHANDLERE SET SBH_PASSIVISERTDATO = '2027-05-22 16:00:00.000000'"
        f" WHERE SBH_INITIALER = (SELECT SBH_INITIALER FROM FA_KLIENT WHERE KLI_LOEPENR IN ({OPEN_CHILD}) LIMIT 1);"
        "INSERT INTO FA_SAKSBEHANDLERE SELECT SBH_INITIALER, 'X', 'Y', '2020-01-01 00:00:00.000000'"
        " FROM FA_SAKSBEHANDLERE WHERE SBH_PASSIVISERTDATO IS NULL LIMIT 1;", None),
    "blank and padded caseworker initials": (
        "UPDATE FA_HUSKELAPP SET SBH_INITIALER = '' WHERE HUS_LOEPENR = 5;"
        "UPDATE FA_HUSKELAPP SET SBH_INITIALER = ' ' || SBH_INITIALER || ' ' WHERE HUS_LOEPENR = 6;"
        f"UPDATE FA_KLIENT SET SBH_INITIALER = '  ' WHERE KLI_LOEPENR IN ({OPEN_CHILD} LIMIT 1);", None),
    "role codes padded as char(3)": (
        "UPDATE FA_KLIENTTILKNYTNING SET KTK_ROLLE = KTK_ROLLE || '  ';"
        "UPDATE FA_FORBINDELSESROLLER SET FOT_IDENT = ' ' || FOT_IDENT;", None),
    "an org number with a leading space, and one of spaces only": (
        "UPDATE FA_FORBINDELSER SET FOR_ORGANISASJONSNR = ' ' || FOR_ORGANISASJONSNR"
        " WHERE FOR_ORGANISASJONSNR IS NOT NULL AND FOR_LOEPENR % 2 = 0;"
        "UPDATE FA_FORBINDELSER SET FOR_ORGANISASJONSNR = '   '"
        " WHERE FOR_ORGANISASJONSNR IS NOT NULL AND FOR_LOEPENR % 3 = 0;", None),
    "children without birth date or personnummer": (
        f"UPDATE FA_KLIENT SET KLI_PERSONNR = NULL WHERE KLI_LOEPENR IN ({OPEN_CHILD} LIMIT 2);"
        f"UPDATE FA_KLIENT SET KLI_FOEDSELSDATO = NULL WHERE KLI_LOEPENR IN ({OPEN_CHILD} LIMIT 2 OFFSET 2);", None),
    "NULL keys and references": (
        "UPDATE FA_MEDARBEIDERE SET FOR_LOEPENR = NULL WHERE rowid = 1;"
        "UPDATE FA_HUSKELAPP SET KLI_LOEPENR = NULL WHERE HUS_LOEPENR = 7;"
        "UPDATE FA_ENGASJEMENTSAVTALE SET FOR_LOEPENR = NULL WHERE rowid = 2;"
        "INSERT INTO FA_KLIENT (KLI_LOEPENR) VALUES (NULL), (NULL);", None),
    "a duplicated child and document": (
        "INSERT INTO FA_KLIENT SELECT * FROM FA_KLIENT WHERE KLI_LOEPENR = 4;"
        "INSERT INTO FA_DOKUMENTER SELECT * FROM FA_DOKUMENTER WHERE DOK_UTSJEKKET_DATO IS NOT NULL LIMIT 1;", None),
    "no version table": ("DROP TABLE FA_DBVERSJON;", None),
    "version rows without a version": ("UPDATE FA_DBVERSJON SET DBV_VERSJON = NULL;", None),
    "no archive start": ("DELETE FROM FA_EIER;", None),
    "the required version reached": ("", {"min_familia_version": '"9.14"'}),
    "no required version": ("", {"min_familia_version": None}),
    "synthetic numbers not accepted": ("", {"accept_synthetic": "false"}),
    "other roles, and rules disabled": ("", {
        "connection_roles": '["MOR", "FAR", "FAM"]', "contractor_roles": '"BRH,TSF"',
        "disabled_rules": '["reminder-open"]',
    }),
    "a cut-over date after the 2032 rule": ("", {"cutover": "2033-02-01"}),
}

UNFINISHED_PLANS_UNPRODUCED_DOCUMENT = (
    "SELECT t.DOK_LOEPENR FROM FA_TILTAKSPLAN t JOIN FA_DOKUMENTER d ON d.DOK_LOEPENR = t.DOK_LOEPENR"
    " WHERE t.TTP_FERDIGDATO IS NULL AND t.TTP_SLETTET = 0 AND d.DOK_PRODUSERT = 0 LIMIT 1"
)
VARIANTS.update({  # catalogue v2: the record types of §4, their documents and the whole Huskeliste
    "blank archive ids, and follow-up texts of spaces without a deadline": (
        "UPDATE FA_TILTAKSPLAN SET ARK_TILTAK_SYSTEMID = '   '"
        " WHERE ARK_TILTAK_SYSTEMID IS NOT NULL AND TTP_LOEPENR % 4 = 0;"
        "UPDATE FA_MELDINGER SET ARK_MELDING_SYSTEMID = ''"
        " WHERE ARK_MELDING_SYSTEMID IS NOT NULL AND MEL_LOEPENR % 4 = 0;"
        "UPDATE FA_JOURNAL SET JOU_OPPFOELGING = '                    ', JOU_FRIST = NULL"
        " WHERE JOU_OPPFOELGING IS NOT NULL AND JOU_LOEPENR % 3 = 0;", None),
    "an unproduced document an unfinished plan holds, now held by a finalised note too": (
        f"UPDATE FA_JOURNAL SET DOK_LOEPENR = ({UNFINISHED_PLANS_UNPRODUCED_DOCUMENT}) WHERE JOU_LOEPENR = ("
        " SELECT MIN(JOU_LOEPENR) FROM FA_JOURNAL WHERE JOU_FERDIGDATO IS NOT NULL AND JOU_SLETTET = 0);", None),
    "DOK_PRODUSERT NULL, and lines taken off the Huskeliste": (
        "UPDATE FA_DOKUMENTER SET DOK_PRODUSERT = NULL WHERE DOK_LOEPENR % 7 = 0;"
        "UPDATE FA_UNDERSOEKELSESLINJER SET UNP_TILHUSKELISTE = 0 WHERE UNP_LOEPENR % 2 = 0;"
        "UPDATE FA_TILTAKSLINJER SET TTL_FRIST = NULL WHERE TTL_LOEPENR % 3 = 0;", None),
    "investigations and plans finished before the archive start": (
        "UPDATE FA_UNDERSOEKELSER SET UND_FERDIGDATO = '2015-06-01 10:00:00.000000'"
        " WHERE UND_FERDIGDATO IS NOT NULL AND MEL_LOEPENR % 2 = 0;"
        "UPDATE FA_TILTAKSPLAN SET TTP_FERDIGDATO = '2016-03-01 08:00:00.000000'"
        " WHERE TTP_FERDIGDATO IS NOT NULL AND TTP_LOEPENR % 2 = 0;", None),
})

UNCHANGED = {"role codes padded as char(3)"}  # codes compare trimmed: padding changes nothing


@pytest.mark.parametrize("case", sorted(VARIANTS))
def test_the_reference_and_the_engine_agree_on_the_edges(case: str, demo: tuple[Path, Path], tmp_path: Path) -> None:
    sql, settings = VARIANTS[case]
    database, config = variant(demo, tmp_path, sql, settings)
    ref = reference_findings(database, config)
    if case in UNCHANGED:
        assert ref == reference_findings(*demo)
    else:
        assert ref != reference_findings(*demo), "the edit changes no finding: the case tests nothing"
    assert_same(engine_findings(database, config), ref)


def test_a_record_dated_on_the_archive_start_day_is_to_be_archived(demo: tuple[Path, Path], tmp_path: Path) -> None:
    database, config = variant(demo, tmp_path, (
        "UPDATE FA_EIER SET ARK_FRADATO = '2016-03-01 12:00:00.000000';"
        "UPDATE FA_JOURNAL SET JOU_DATONOTAT = '2016-03-01 00:00:00.000000' WHERE JOU_LOEPENR = ("
        " SELECT MIN(j.JOU_LOEPENR) FROM FA_JOURNAL j JOIN FA_JOURNALTYPE t ON t.JOT_IDENT = j.JOT_IDENT"
        " WHERE t.JOT_TILARKIV = 1 AND j.JOU_FERDIGDATO IS NOT NULL AND j.JOU_SLETTET = 0 AND j.ARK_STOPP = 0"
        " AND j.ARK_JOUR_SYSTEMID IS NULL AND j.ARK_SJEKK_I_VSA = 0 AND j.JOU_DATONOTAT < '2016-03-01');"
    ))
    ref = reference_findings(database, config)
    assert ref - reference_findings(*demo) == {("record-not-archived", "FA_JOURNAL", _edited_note(database))}
    assert_same(engine_findings(database, config), ref)


def _edited_note(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        (key,) = connection.execute(
            "SELECT JOU_LOEPENR FROM FA_JOURNAL WHERE JOU_DATONOTAT = '2016-03-01 00:00:00.000000'"
        ).fetchone()
    connection.close()
    return str(key)


REGISTER_DATA = (  # every register rule's edges, made from the demo's children (cut-over 22.05.2027)
    # a second case file for every ninth child, one of them born a century earlier (the same composed number);
    # a child 25 on the cut-over day, one a day younger, one born on 29 February
    "INSERT INTO FA_KLIENT (KLI_LOEPENR, KLI_FOEDSELSDATO, KLI_PERSONNR, KOM_KOMMUNENR, SBH_INITIALER)"
    " SELECT 800000 + KLI_LOEPENR, KLI_FOEDSELSDATO, KLI_PERSONNR, KOM_KOMMUNENR, SBH_INITIALER"
    " FROM FA_KLIENT WHERE KLI_LOEPENR % 9 = 0;"
    "UPDATE FA_KLIENT SET KLI_FOEDSELSDATO = DATETIME(KLI_FOEDSELSDATO, '-100 years')"
    " WHERE KLI_LOEPENR = (SELECT MAX(KLI_LOEPENR) FROM FA_KLIENT);"
    f"UPDATE FA_KLIENT SET KLI_FOEDSELSDATO = '2002-05-22 10:00:00.000000' WHERE KLI_LOEPENR IN ({OPEN_CHILD} LIMIT 1);"
    "UPDATE FA_KLIENT SET KLI_FOEDSELSDATO = '2002-05-23 00:00:00.000000'"
    f" WHERE KLI_LOEPENR IN ({OPEN_CHILD} LIMIT 1 OFFSET 1);"
    "UPDATE FA_KLIENT SET KLI_FOEDSELSDATO = '2000-02-29 00:00:00.000000'"
    f" WHERE KLI_LOEPENR IN ({OPEN_CHILD} LIMIT 1 OFFSET 2);"
    # reports of concern (some with no child), concluded before, on or after the day received; dismissals
    "INSERT INTO FA_MELDINGER (MEL_LOEPENR, KLI_LOEPENR, SBH_INITIALER, MEL_MOTTATTDATO, MEL_AVSLUTTETGJENNOMGANG,"
    " MEL_KONKLUSJON, MEL_HENLAGT_PGA_UTENFORBVL, MEL_HENLAGT_ANNEN_INSTANS, MEL_HENLAGT_TIL_ANNEN_BV)"
    " SELECT 900000 + KLI_LOEPENR, CASE WHEN KLI_LOEPENR % 7 = 0 THEN NULL ELSE KLI_LOEPENR END, SBH_INITIALER,"
    " '2027-03-05 14:00:00.000000', CASE KLI_LOEPENR % 4 WHEN 0 THEN '2027-03-01 00:00:00.000000'"
    " WHEN 1 THEN '2027-03-05 08:00:00.000000' WHEN 2 THEN NULL ELSE '2027-03-09 00:00:00.000000' END,"
    " CASE KLI_LOEPENR % 5 WHEN 0 THEN 'H' WHEN 1 THEN ' h ' WHEN 2 THEN 'H' ELSE 'U' END,"
    " CASE WHEN KLI_LOEPENR % 10 = 2 THEN 1 ELSE 0 END, NULL, 0 FROM FA_KLIENT WHERE KLI_LOEPENR < 800000;"
    # investigations: finished before, on or without the start day; conclusions missing, blank or set; and one
    # whose report of concern is missing
    "INSERT INTO FA_UNDERSOEKELSER (MEL_LOEPENR, SBH_INITIALER, UND_STARTDATO, UND_FERDIGDATO, UND_KONKLUSJON)"
    " SELECT MEL_LOEPENR, SBH_INITIALER, '2027-03-10 15:00:00.000000', CASE MEL_LOEPENR % 3"
    " WHEN 0 THEN '2027-03-09 00:00:00.000000' WHEN 1 THEN '2027-03-10 09:00:00.000000' ELSE NULL END,"
    " CASE MEL_LOEPENR % 4 WHEN 0 THEN NULL WHEN 1 THEN '   ' ELSE 'T' END"
    " FROM FA_MELDINGER WHERE MEL_LOEPENR >= 900000;"
    "INSERT INTO FA_UNDERSOEKELSER (MEL_LOEPENR, UND_STARTDATO, UND_FERDIGDATO)"
    " VALUES (999999, '2027-03-10 00:00:00.000000', '2027-03-01 00:00:00.000000');"
    # plans (deleted, not, NULL) and measures: reversed, open, ending on or after the day the case closed
    "INSERT INTO FA_TILTAKSPLAN (TTP_LOEPENR, KLI_LOEPENR, SBH_INITIALER, TTP_FRADATO, TTP_TILDATO, TTP_SLETTET)"
    " SELECT 900000 + KLI_LOEPENR, KLI_LOEPENR, SBH_INITIALER, '2026-02-01 00:00:00.000000', CASE KLI_LOEPENR % 4"
    " WHEN 0 THEN '2026-01-01 00:00:00.000000' WHEN 1 THEN NULL WHEN 2 THEN KLI_AVSLUTTETDATO"
    " ELSE '2027-12-31 00:00:00.000000' END, CASE KLI_LOEPENR % 6 WHEN 5 THEN 1 WHEN 4 THEN NULL ELSE 0 END"
    " FROM FA_KLIENT;"
    "INSERT INTO FA_TILTAK (TIL_LOEPENR, KLI_LOEPENR, SBH_INITIALER, TIL_FRADATO, TIL_TILDATO)"
    " SELECT 900000 + KLI_LOEPENR, KLI_LOEPENR, SBH_INITIALER, '2026-02-01 12:00:00.000000', CASE KLI_LOEPENR % 5"
    " WHEN 0 THEN '2026-02-01 08:00:00.000000' WHEN 1 THEN NULL"
    " WHEN 2 THEN REPLACE(KLI_AVSLUTTETDATO, '00:00:00', '16:00:00') WHEN 3 THEN '2026-01-31 00:00:00.000000'"
    " ELSE '2027-12-31 00:00:00.000000' END FROM FA_KLIENT;"
    # decisions: a main paragraph missing, blank or set; cited paragraphs padded, blank or missing
    "INSERT INTO FA_SAKSJOURNAL (SAK_AAR, SAK_JOURNALNR, KLI_LOEPENR, SBH_INITIALER, LOV_HOVEDPARAGRAF,"
    " LOV_JMFPARAGRAF1, LOV_JMFPARAGRAF2) SELECT 2026, KLI_LOEPENR, KLI_LOEPENR, SBH_INITIALER,"
    " CASE KLI_LOEPENR % 3 WHEN 0 THEN NULL WHEN 1 THEN '        ' ELSE '4-4     ' END,"
    " CASE KLI_LOEPENR % 4 WHEN 0 THEN '4-12    ' WHEN 1 THEN '   ' ELSE NULL END,"
    " CASE KLI_LOEPENR % 5 WHEN 0 THEN '4-6' ELSE NULL END FROM FA_KLIENT;"
)
REGISTER_RULES = {"child-duplicate-fnr", "child-over-25-open", "dates-reversed", "closed-child-open-measure",
                  "investigation-no-conclusion", "melding-dismissed-no-reason", "decision-no-main-paragraph"}


def test_the_reference_and_the_engine_agree_on_what_the_register_will_reject(
    demo: tuple[Path, Path], tmp_path: Path
) -> None:
    database, config = variant(demo, tmp_path, REGISTER_DATA)
    ref = {f for f in reference_findings(database, config) if f[0] in REGISTER_RULES}
    assert {rule for rule, _, _ in ref} == REGISTER_RULES, "every register rule has something to agree on"
    assert_same({f for f in engine_findings(database, config) if f[0] in REGISTER_RULES}, ref)

