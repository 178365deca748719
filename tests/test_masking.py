"""Identity numbers are masked wherever they turn up: in any column, in any message, in the source path.

A fødselsnummer typed into FOR_ORGANISASJONSNR (where people paste the wrong number) was printed in full in every
output (issue 22, point 3). Now every text a finding or the report shows is searched for fødselsnummer-like
numbers (11 digits, also `DDMMYY NNNNN`), masked as `flytcheck id` masks them (`150360*****`), unless
--show-personal-data is given. Organisation numbers (9 digits) and løpenummer are never touched.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from flytcheck.identity.numbers import mask
from flytcheck.identity.redact import mask_identity_numbers
from idgen import make_number, make_orgnr
from robustness import Sandbox, assert_completed, familia_sqlite, invoke, sandbox, scan_args
from test_reports_fixtures import familia_rows

__all__ = ["sandbox"]

PASTED = make_number(date(1990, 3, 5), "tenor")  # a synthetic fødselsnummer (month + 80)
INVALID_ORG = "974760674"  # nine digits, wrong check digit: shown in full, it is no person's number


def _everything(sandbox: Sandbox, stdout: str, stderr: str) -> str:
    """stdout, stderr and every output file's text, a workbook unzipped."""
    texts = [stdout, stderr]
    for path in sorted(sandbox.out.rglob("*")):
        if path.is_dir():
            continue
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                texts += [archive.read(name).decode("utf-8") for name in archive.namelist()]
        else:
            texts.append(path.read_bytes().decode("utf-8", "replace"))
        texts.append(path.name)  # a worklist's file name too
    return "\n".join(texts)


def _copy(sandbox: Sandbox, folder: str = "kopi") -> Path:
    rows = familia_rows()
    rows["FA_FORBINDELSER"] += [
        {"FOR_LOEPENR": 50, "FOR_ORGANISASJONSNR": PASTED},
        {"FOR_LOEPENR": 51, "FOR_ORGANISASJONSNR": f"{PASTED[:6]} {PASTED[6:]}"},
        {"FOR_LOEPENR": 52, "FOR_ORGANISASJONSNR": INVALID_ORG},
    ]
    rows["FA_HUSKELAPP"][0]["SBH_INITIALER"] = PASTED  # and as a caseworker's initials
    (sandbox.source / folder).mkdir()
    return familia_sqlite(sandbox.source / folder / "familia.sqlite", rows)


def _scan(sandbox: Sandbox, database: Path, *args: str) -> tuple[dict[str, object], str]:
    json_run = invoke(*scan_args(str(database), "--format", "json", "--min-familia-version", "1", *args))
    assert_completed(json_run)
    run = invoke(*scan_args(str(database), "--details", "--min-familia-version", "1", *sandbox.outputs(), *args))
    assert_completed(run)
    return json.loads(json_run.stdout), _everything(sandbox, run.stdout + json_run.stdout, run.stderr)


def test_a_fodselsnummer_in_an_org_number_field_or_as_initials_is_masked_in_every_output(sandbox: Sandbox) -> None:
    report, everything = _scan(sandbox, _copy(sandbox))
    assert PASTED not in everything and PASTED[6:] not in everything.replace(INVALID_ORG, "")
    assert mask(PASTED) in everything and f"{PASTED[:6]} {PASTED[6:]}" not in everything
    messages = {f["key"]: f["message"] for f in report["findings"]  # type: ignore[union-attr]
                if f["rule"] == "organisation-invalid-orgnr"}
    assert mask(PASTED) in messages["50"] and INVALID_ORG in messages["52"], messages  # an org number stays
    caseworkers = {f["saksbehandler"] for f in report["findings"]}  # type: ignore[union-attr]
    assert mask(PASTED) in caseworkers


def test_with_show_personal_data_the_number_is_shown(sandbox: Sandbox) -> None:
    _, everything = _scan(sandbox, _copy(sandbox), "--show-personal-data")
    assert PASTED in everything  # so the test above could fail


def test_a_fodselsnummer_in_the_source_path_is_masked(sandbox: Sandbox) -> None:
    report, everything = _scan(sandbox, _copy(sandbox, folder=f"barn-{PASTED}"))
    assert PASTED not in everything
    assert report["source"] == str(sandbox.source / f"barn-{mask(PASTED)}" / "familia.sqlite")
    refused = invoke(*scan_args(str(sandbox.source / PASTED / "missing.sqlite")))
    assert refused.code == 2 and PASTED not in refused.stderr and mask(PASTED) in refused.stderr


def test_a_baseline_from_a_night_with_personal_data_shows_nothing_more_tonight(sandbox: Sandbox) -> None:
    database = _copy(sandbox)
    baseline = sandbox.root / "night1.json"
    night1 = invoke(*scan_args(str(database), "--show-personal-data", "--output", str(baseline)))
    assert_completed(night1)
    assert PASTED in baseline.read_text(encoding="utf-8")
    with sqlite3.connect(database) as connection:  # fixed overnight: the findings are in the baseline only
        connection.execute("DELETE FROM FA_FORBINDELSER WHERE FOR_LOEPENR IN (50, 51)")
        connection.execute("DELETE FROM FA_HUSKELAPP WHERE HUS_LOEPENR = 10")
    connection.close()
    run = invoke(*scan_args(str(database), "--baseline", str(baseline), "--html", str(sandbox.out / "r.html"),
                            "--format", "json"))
    assert_completed(run)
    fixed = json.loads(run.stdout)["fixed"]
    assert fixed and PASTED not in run.stdout and PASTED not in (sandbox.out / "r.html").read_text(encoding="utf-8")


@given(st.text(alphabet="0123456789 abc-/", max_size=40))
def test_masking_leaves_no_eleven_digit_number_and_touches_nothing_shorter(text: str) -> None:
    masked = mask_identity_numbers(text)
    assert len(masked) == len(text)
    runs = [run for run in "".join(c if c.isdigit() else " " for c in masked).split() if len(run) == 11]
    assert runs == []
    if all(len(run) != 11 for run in "".join(c if c.isdigit() else " " for c in text).split()) and (
        "*" not in masked
    ):
        assert masked == text


def test_masking_is_the_id_commands_and_org_numbers_stay() -> None:
    orgnr = make_orgnr("97476067")
    assert orgnr is not None
    assert mask_identity_numbers(PASTED) == mask(PASTED)
    assert mask_identity_numbers(f"{PASTED[:6]} {PASTED[6:]}") == f"{PASTED[:6]} *****"
    assert mask_identity_numbers(f"orgnr {orgnr}, fnr {PASTED}.") == f"orgnr {orgnr}, fnr {mask(PASTED)}."
    assert mask_identity_numbers("løpenummer 1234567890 og 123456789012") == "løpenummer 1234567890 og 123456789012"
