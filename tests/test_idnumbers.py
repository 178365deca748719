"""Identity numbers by example: Skatteetaten's published examples, the shape checks, organisation numbers,
masking, composing Familia's fødselsnummer, and the reason texts.

Privacy: every person number written here is Tenor-synthetic (month + 80), an H- or FH-number, or invalid.
Valid real-format numbers are only ever generated at run time (see test_idnumbers_properties.py).
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from flytcheck.identity.numbers import (
    IdKind,
    IdVerdict,
    Reason,
    classify,
    classify_org,
    classify_person,
    compose_fnr,
    mask,
)
from flytcheck.identity.texts import KIND_TEXTS, REASON_TEXTS
from flytcheck.synth.ids import check_digits
from idgen import make_number

EXAMPLES = Path(__file__).parent / "data" / "skatteetaten-foedselsnummer-examples.csv"
"""Skatteetaten's published examples for its 2032 validator (number, synthetic, valid, description). Numbers whose
check digits hold under the 1964 rule are made here (privacy): `@fnr:DATE` a valid number for that birth date,
`@checksum:DDMMYY` the first individnummer of the 2000s with valid check digits (29.02.01: an impossible date).
The "reelt 2032" ones are valid only under the 2032 rule, so nobody can hold them before 2032."""
BEFORE_2032 = date(2031, 12, 31)
FROM_2032 = date(2032, 1, 1)
LATE = date(2040, 1, 1)


def _examples() -> list[dict[str, str]]:
    with EXAMPLES.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        number = row["fødselsnummer"]
        if number.startswith("@fnr:"):
            row["fødselsnummer"] = make_number(date.fromisoformat(number.removeprefix("@fnr:")))
        elif number.startswith("@checksum:"):
            prefix = number.removeprefix("@checksum:")
            row["fødselsnummer"] = next(
                f"{prefix}{i}{k}" for i in range(500, 1000) if (k := check_digits(f"{prefix}{i}")) is not None
            )
    return rows


@pytest.mark.parametrize("row", _examples(), ids=lambda row: row["beskrivelse"])
@pytest.mark.parametrize("reference", [BEFORE_2032, FROM_2032, LATE], ids=str)
def test_skatteetaten_examples(row: dict[str, str], reference: date) -> None:
    number, synthetic, valid = row["fødselsnummer"], row["erSyntetisk"] == "true", row["erGyldig"] == "true"
    description = row["beskrivelse"]
    strict = classify_person(number, reference)
    lenient = classify_person(number, reference, accept_synthetic=True)
    if synthetic:
        assert strict == IdVerdict(IdKind.SYNTHETIC, False, Reason.SYNTHETIC)
        assert lenient == IdVerdict(IdKind.SYNTHETIC, valid, Reason.SYNTHETIC)
        return
    assert strict == lenient
    if valid and "2032" in description and reference < FROM_2032:
        assert (strict.valid, strict.reason) == (False, Reason.VALID_FROM_2032)
    else:
        assert strict.valid == valid
    if valid:
        assert strict.kind == (IdKind.D_NUMMER if "D-nummer" in description else IdKind.FODSELSNUMMER)


def test_skatteetaten_invalid_examples_say_why() -> None:
    by_description = {row["beskrivelse"]: row["fødselsnummer"] for row in _examples() if row["erGyldig"] == "false"}
    leap = by_description["reelt 1964-nummer(Skuddag i ikke-skuddår)"]
    assert classify_person(leap, LATE).reason == Reason.IMPOSSIBLE_DATE
    assert classify_person(by_description["reelt 1964-nummer"], LATE).reason == Reason.CHECK_DIGIT_2


SYNTHETIC = "03851598730"  # Skatteetaten's synthetic 1964 example: 3 May 2015
ARABIC_INDIC = SYNTHETIC.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))  # str.isdigit() says yes
FULLWIDTH = SYNTHETIC.translate(str.maketrans("0123456789", "０１２３４５６７８９"))

PERSON_CASES = [
    # (value, reference, accept_synthetic, kind, valid, reason)
    (None, LATE, False, IdKind.INVALID, False, Reason.MISSING),
    ("", LATE, False, IdKind.INVALID, False, Reason.MISSING),
    (" \t ", LATE, False, IdKind.INVALID, False, Reason.MISSING),
    (f" {SYNTHETIC}\t\n", LATE, True, IdKind.SYNTHETIC, True, Reason.SYNTHETIC),
    ("\u00a0" + SYNTHETIC, LATE, True, IdKind.SYNTHETIC, True, Reason.SYNTHETIC),
    (ARABIC_INDIC, LATE, True, IdKind.INVALID, False, Reason.NON_DIGIT),
    (FULLWIDTH, LATE, True, IdKind.INVALID, False, Reason.NON_DIGIT),
    ("0385159873²", LATE, True, IdKind.INVALID, False, Reason.NON_DIGIT),
    ("038515-98730", LATE, True, IdKind.INVALID, False, Reason.NON_DIGIT),
    ("038515 98730", LATE, True, IdKind.INVALID, False, Reason.CONTAINS_SPACE),
    ("0385159873O", LATE, True, IdKind.INVALID, False, Reason.NON_DIGIT),
    (SYNTHETIC[1:], LATE, True, IdKind.INVALID, False, Reason.LENGTH_10_LOST_ZERO),
    ("038515987", LATE, True, IdKind.INVALID, False, Reason.LENGTH),
    (SYNTHETIC + "0", LATE, True, IdKind.INVALID, False, Reason.LENGTH),
    ("03851500000", LATE, True, IdKind.PSEUDO, False, Reason.PSEUDO),
    ("03851598770", LATE, True, IdKind.INVALID, False, Reason.CHECK_DIGIT_1),
    ("03851598731", LATE, True, IdKind.INVALID, False, Reason.CHECK_DIGIT_2),
    ("03451598758", LATE, True, IdKind.H_NUMMER, False, Reason.H_NUMMER),  # month + 40
    ("03451598766", FROM_2032, True, IdKind.H_NUMMER, False, Reason.H_NUMMER),  # 2032-rule H
    ("80010112315", LATE, True, IdKind.FH_NUMMER, False, Reason.FH_NUMMER),
    ("31841512327", LATE, True, IdKind.SYNTHETIC, False, Reason.IMPOSSIBLE_DATE),  # 31 April
    ("31931512385", LATE, True, IdKind.SYNTHETIC, False, Reason.IMPOSSIBLE_DATE),  # month 93 - 80 = 13
    ("31009312385", LATE, True, IdKind.FODSELSNUMMER, False, Reason.IMPOSSIBLE_DATE),  # month 00
    ("29820030018", LATE, True, IdKind.SYNTHETIC, False, Reason.IMPOSSIBLE_DATE),  # 29.02.1900
    ("29820050043", LATE, True, IdKind.SYNTHETIC, True, Reason.SYNTHETIC),  # 29.02.2000
    ("69820030001", LATE, True, IdKind.SYNTHETIC, True, Reason.SYNTHETIC),  # D: 1900 or 2000, union
    ("01815080048", LATE, True, IdKind.SYNTHETIC, False, Reason.INDIVIDNUMMER_NOT_ISSUED),  # 1950, 800
    ("01812450049", date(2024, 1, 1), True, IdKind.SYNTHETIC, True, Reason.SYNTHETIC),
    ("01812450049", date(2023, 12, 31), True, IdKind.SYNTHETIC, False, Reason.BORN_AFTER_REFERENCE),
    (SYNTHETIC, LATE, False, IdKind.SYNTHETIC, False, Reason.SYNTHETIC),
    # Tenor issues 2032-rule test numbers already: accepted at any reference date when synthetic is accepted.
    ("03851598749", BEFORE_2032, True, IdKind.SYNTHETIC, True, Reason.SYNTHETIC),
    ("03851598749", BEFORE_2032, False, IdKind.SYNTHETIC, False, Reason.SYNTHETIC),
]


@pytest.mark.parametrize(("value", "reference", "accept", "kind", "valid", "reason"), PERSON_CASES)
def test_person_cases(
    value: str | None, reference: date, accept: bool, kind: IdKind, valid: bool, reason: Reason
) -> None:
    assert classify_person(value, reference, accept_synthetic=accept) == IdVerdict(kind, valid, reason)


ORG_CASES = [
    # (value, accept_synthetic, kind, valid, reason)
    ("987654325", False, IdKind.ORGANISASJONSNUMMER, True, Reason.OK),
    (" 812345672 ", False, IdKind.ORGANISASJONSNUMMER, True, Reason.OK),
    ("980000060", False, IdKind.ORGANISASJONSNUMMER, True, Reason.OK),  # remainder 0 -> check digit 0
    ("987654326", False, IdKind.INVALID, False, Reason.ORG_CHECK_DIGIT),
    ("912345670", False, IdKind.INVALID, False, Reason.ORG_REMAINDER_1),
    ("912345679", False, IdKind.INVALID, False, Reason.ORG_REMAINDER_1),
    ("000000000", True, IdKind.INVALID, False, Reason.ORG_ZERO),
    ("123456785", True, IdKind.INVALID, False, Reason.ORG_FIRST_DIGIT),  # passes mod 11
    ("012345678", True, IdKind.INVALID, False, Reason.ORG_FIRST_DIGIT),
    ("212345679", False, IdKind.SYNTHETIC, False, Reason.ORG_TEST_ENVIRONMENT),
    ("312345676", True, IdKind.SYNTHETIC, True, Reason.ORG_TEST_ENVIRONMENT),
    ("312345677", True, IdKind.INVALID, False, Reason.ORG_CHECK_DIGIT),
    ("987 654 325", False, IdKind.INVALID, False, Reason.CONTAINS_SPACE),
    ("98765432", False, IdKind.INVALID, False, Reason.LENGTH),
    ("9876543250", False, IdKind.INVALID, False, Reason.LENGTH),
    ("98765432S", False, IdKind.INVALID, False, Reason.NON_DIGIT),
    (None, False, IdKind.INVALID, False, Reason.MISSING),
    ("  ", False, IdKind.INVALID, False, Reason.MISSING),
]


@pytest.mark.parametrize(("value", "accept", "kind", "valid", "reason"), ORG_CASES)
def test_org_cases(value: str | None, accept: bool, kind: IdKind, valid: bool, reason: Reason) -> None:
    assert classify_org(value, accept_synthetic=accept) == IdVerdict(kind, valid, reason)


@pytest.mark.parametrize(
    ("value", "kind", "reason"),
    [
        ("987654325", IdKind.ORGANISASJONSNUMMER, Reason.OK),
        (SYNTHETIC, IdKind.SYNTHETIC, Reason.SYNTHETIC),
        (SYNTHETIC[1:], IdKind.INVALID, Reason.LENGTH_10_LOST_ZERO),
        ("12345678", IdKind.INVALID, Reason.LENGTH),
        (None, IdKind.INVALID, Reason.MISSING),
    ],
)
def test_classify_dispatches_on_length(value: str | None, kind: IdKind, reason: Reason) -> None:
    verdict = classify(value, LATE)
    assert (verdict.kind, verdict.reason) == (kind, reason)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("15036012345", "150360*****"),  # the documented example (not a valid number)
        (" 15036012345 ", "150360*****"),
        ("1503601234", "15036*****"),  # lost its leading 0: the individnummer stays hidden
        ("987654325", "987654***"),
        ("1234567", "123456*"),
        ("123456", "******"),
        ("150360 12345", "************"),
        ("abc", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask(value: str | None, masked: str) -> None:
    assert mask(value) == masked


@pytest.mark.parametrize(
    ("birth", "personnr", "expected"),
    [
        (date(2015, 5, 3), 1029, "03051501029"),  # numeric(5,0) lost the leading zero
        (datetime(2015, 5, 3, 13, 45), "01029", "03051501029"),
        ("2015-05-03 00:00:00.000", Decimal("1029"), "03051501029"),
        ("03.05.2015", "1029.0", "03051501029"),
        (date(1999, 12, 31), 0, "31129900000"),
        (date(2015, 5, 3), 99999, "03051599999"),
        (None, 1029, None),
        (date(2015, 5, 3), None, None),
        ("", 1029, None),
        (date(2015, 5, 3), "  ", None),
    ],
)
def test_compose_fnr(birth: date | str | None, personnr: int | str | Decimal | None, expected: str | None) -> None:
    assert compose_fnr(birth, personnr) == expected


@pytest.mark.parametrize(
    ("birth", "personnr"),
    [
        ("3 May 2015", 1029),
        ("2015-02-30", 1029),
        (date(2015, 5, 3), -1),
        (date(2015, 5, 3), 100000),
        (date(2015, 5, 3), "12a"),
        (date(2015, 5, 3), Decimal("10.5")),
        (date(2015, 5, 3), True),
    ],
)
def test_compose_fnr_rejects_unusable_parts(birth: date | str, personnr: int | str | Decimal) -> None:
    with pytest.raises(ValueError, match=r"birth date|personnummer"):
        compose_fnr(birth, personnr)


def test_every_reason_and_kind_has_both_texts() -> None:
    assert set(REASON_TEXTS) == set(Reason)
    assert set(KIND_TEXTS) == set(IdKind)
    for texts in [*REASON_TEXTS.values(), *KIND_TEXTS.values()]:
        assert len(texts) == 2
        assert all(text.strip() for text in texts)


def test_texts_in_both_languages_never_contain_the_number() -> None:
    cases = [case[0].strip() for case in PERSON_CASES if isinstance(case[0], str) and case[0].strip()]
    for value in [row["fødselsnummer"] for row in _examples()] + cases:
        verdict = classify_person(value, BEFORE_2032)
        for lang in ("nb", "en"):
            assert value not in verdict.text(lang)


def test_texts_match_the_brief_wording() -> None:
    assert IdVerdict(IdKind.INVALID, False, Reason.CHECK_DIGIT_2).text() == "andre kontrollsiffer stemmer ikke"
    assert classify_person(SYNTHETIC[1:], LATE).text("nb") == "10 siffer: har trolig mistet en innledende 0"
    assert classify_person(SYNTHETIC, LATE).text("en") == "synthetic test identity (Tenor)"
    with pytest.raises(ValueError, match="language"):
        classify_person(SYNTHETIC, LATE).text("sv")


def test_verdicts_are_frozen_values_with_plain_string_codes() -> None:
    verdict = classify_person(SYNTHETIC, LATE)
    with pytest.raises(AttributeError):
        verdict.valid = True  # type: ignore[misc]
    assert verdict.kind == "synthetic"
    assert verdict.reason == "synthetic"
