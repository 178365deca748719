"""`flytcheck id` as a function: exact text and JSON output, exit codes, and masking (person numbers only).

Privacy: the person numbers here are Tenor-synthetic (month + 80), H-numbers or invalid.
"""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from flytcheck.identity.command import FORMATS, run_id

REFERENCE = date(2031, 12, 31)
SYNTHETIC = "03851598730"
H_NUMBER = "03451598758"
VALUES = [SYNTHETIC, H_NUMBER, " 3851598730 ", "987654325", "", "038515 98730"]


def run(values: list[str], fmt: str = "text", lang: str = "nb", accept: bool = True) -> tuple[int, str]:
    out = io.StringIO()
    code = run_id(values, REFERENCE, fmt, lang, accept, out)
    return code, out.getvalue()


def test_text_table_in_bokmal() -> None:
    code, output = run(VALUES)
    assert code == 1
    assert output == (
        "Inndata       Type                 Gyldig  Årsak\n"
        "038515*****   syntetisk            ja      syntetisk testidentitet (Tenor)\n"
        "034515*****   H-nummer             nei     "
        "H-nummer (hjelpenummer) eller NAVs syntetiske testnummer, ikke et nummer i Folkeregisteret\n"
        "38515*****    ugyldig              nei     10 siffer: har trolig mistet en innledende 0\n"
        "987654325     organisasjonsnummer  ja      gyldig\n"
        "(tom)         ugyldig              nei     mangler\n"
        "************  ugyldig              nei     inneholder mellomrom: fjern dem\n"
    )


def test_text_table_in_english() -> None:
    code, output = run([SYNTHETIC, "987654326"], lang="en", accept=False)
    assert code == 1
    assert output == (
        "Input        Kind       Valid  Reason\n"
        "038515*****  synthetic  no     synthetic test identity (Tenor)\n"
        "987654326    invalid    no     the check digit is wrong\n"
    )


def test_json_keeps_input_order_and_gives_text_and_code() -> None:
    code, output = run(VALUES, fmt="json", lang="en")
    assert code == 1
    items = json.loads(output)
    assert [item["input"] for item in items] == [
        "038515*****",
        "034515*****",
        "38515*****",
        "987654325",  # organisation numbers are public: never masked
        "",
        "************",
    ]
    assert items[0] == {
        "input": "038515*****",
        "kind": "synthetic",
        "valid": True,
        "reason": "synthetic test identity (Tenor)",
        "reason_code": "synthetic",
    }
    assert items[1]["kind"] == "h-nummer"
    assert [item["reason_code"] for item in items[2:]] == [
        "length-10-lost-zero",
        "ok",
        "missing",
        "contains-space",
    ]
    assert [item["valid"] for item in items] == [True, False, False, True, False, False]


def test_json_is_indented_and_not_ascii_escaped() -> None:
    _, output = run([H_NUMBER], fmt="json", lang="nb")
    assert output.startswith('[\n  {\n    "input": "034515*****",\n')
    assert "Folkeregisteret" in output
    _, output = run(["abc"], fmt="json", lang="nb")
    assert "sifrene 0–9" in output  # a real dash, not \u2013


@pytest.mark.parametrize("fmt", FORMATS)
def test_exit_code_is_0_only_when_all_are_valid(fmt: str) -> None:
    assert run([SYNTHETIC, "987654325"], fmt=fmt)[0] == 0
    assert run([SYNTHETIC, "987654325"], fmt=fmt, accept=False)[0] == 1
    assert run([SYNTHETIC, "987654326"], fmt=fmt)[0] == 1


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_output_never_contains_an_unmasked_number(fmt: str, lang: str) -> None:
    values = [
        SYNTHETIC,
        H_NUMBER,
        "03851598770",
        "31841512327",
        "03851500000",
        "3851598730",
        "038515 98730",
        "03851598731",
    ]
    _, output = run(values, fmt=fmt, lang=lang)
    for value in values:
        assert value not in output
        assert value.replace(" ", "")[6:] not in output.replace("*", "")


@pytest.mark.parametrize(
    ("fmt", "lang", "values", "message"),
    [
        ("xml", "nb", [SYNTHETIC], "format"),
        ("text", "sv", [SYNTHETIC], "language"),
        ("text", "nb", [], "no "),
    ],
)
def test_bad_arguments_fail_loudly(fmt: str, lang: str, values: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        run(values, fmt=fmt, lang=lang)
