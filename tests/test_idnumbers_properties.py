"""Identity numbers from the criteria (docs/criteria.md §5): a generator written here from the spec, the
boundaries of every series as data, and properties checked with hypothesis and against python-stdnum.

Privacy: real-format valid numbers exist only at run time, made by `person_number` below; the cases are
written as (birth date digits, individnummer, kind), never as numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from stdnum.no import fodselsnummer as stdnum_fnr
from stdnum.no import orgnr as stdnum_orgnr

from flytcheck.identity.numbers import IdKind, IdVerdict, Reason, classify_org, classify_person, mask

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
ORG_W = (3, 2, 7, 6, 5, 4, 3, 2)
BEFORE_2032, FROM_2032, LATE = date(2031, 12, 31), date(2032, 1, 1), date(2040, 1, 1)
DAY_ADD = {"fnr": 0, "d": 40, "h": 0, "fh": 0, "synthetic": 0, "synthetic-d": 40}
MONTH_ADD = {"fnr": 0, "d": 0, "h": 40, "fh": 0, "synthetic": 80, "synthetic-d": 80}
KIND = {
    "fnr": IdKind.FODSELSNUMMER,
    "d": IdKind.D_NUMMER,
    "synthetic": IdKind.SYNTHETIC,
    "synthetic-d": IdKind.SYNTHETIC,
    "h": IdKind.H_NUMMER,
    "fh": IdKind.FH_NUMMER,
}


def s1(digits: str) -> int:
    return sum(w * int(c) for w, c in zip(W1, digits, strict=False))


def add_check_digits(first9: str, k1_rest: int = 0) -> str | None:
    """K1 so that (S1 + K1) mod 11 == k1_rest (0: the 1964 rule; 1-3: only the 2032 rule), K2 so that
    (S2 + K2) mod 11 == 0. None when a check digit would be 10: such a number is never issued."""
    k1 = (k1_rest - s1(first9)) % 11
    k2 = -sum(w * int(c) for w, c in zip(W2, first9 + str(k1 % 10), strict=True)) % 11
    return None if k1 == 10 or k2 == 10 else f"{first9}{k1}{k2}"


def person_number(ddmmyy: str, individnummer: int, kind: str = "fnr", k1_rest: int = 0) -> str | None:
    """A person number of `kind` for birth date digits DDMMYY (which need not be a real date)."""
    dd, mm = int(ddmmyy[:2]) + DAY_ADD[kind], int(ddmmyy[2:4]) + MONTH_ADD[kind]
    first = f"{dd:02d}{mm:02d}{ddmmyy[4:]}{individnummer:03d}"
    if kind == "fh":
        first = "8" + first[1:]
    return add_check_digits(first, k1_rest)


@dataclass(frozen=True)
class Series:
    """An individnummer series and the birth years it was issued for."""

    first_ind: int
    last_ind: int
    first_year: int
    last_year: int


OLD_SERIES = [
    Series(500, 749, 1854, 1899),
    Series(0, 499, 1900, 1999),
    Series(900, 999, 1940, 1999),
    Series(500, 999, 2000, 2039),
]
D_2021_SERIES = [
    Series(500, 599, 1858, 1899),
    Series(0, 199, 1900, 1939),
    Series(0, 499, 1940, 1999),
    Series(600, 999, 1940, 1999),
    Series(200, 999, 2000, 2039),
]


@st.composite
def valid_numbers(
    draw: st.DrawFn,
    k1_rests: tuple[int, ...] = (0,),
    kinds: tuple[str, ...] = ("fnr", "d", "synthetic", "synthetic-d"),
) -> tuple[str, str, date]:
    """(kind, number, birth date) for a number the spec says is valid (synthetic ones: when accepted)."""
    kind = draw(st.sampled_from(kinds))
    series = draw(st.sampled_from(OLD_SERIES + (D_2021_SERIES if kind.endswith("d") else [])))
    born = draw(st.dates(date(series.first_year, 1, 1), date(series.last_year, 12, 31)))
    ind = draw(st.integers(series.first_ind, series.last_ind))
    number = person_number(born.strftime("%d%m%y"), ind, kind, draw(st.sampled_from(k1_rests)))
    assume(number is not None and not number.endswith("00000"))
    assert number is not None
    return kind, number, born


@given(valid_numbers())
def test_generated_valid_numbers_are_accepted_with_their_kind(case: tuple[str, str, date]) -> None:
    kind, number, born = case
    for reference in (born, max(born, BEFORE_2032), max(born, LATE)):
        accepted = classify_person(number, reference, accept_synthetic=True)
        assert (accepted.kind, accepted.valid) == (KIND[kind], True)
        rejected = classify_person(number, reference)
        assert rejected.valid == (kind in ("fnr", "d")), rejected
    # A D-number may have two readings (old and 2021 table), the earlier one counts; others have one.
    if not kind.endswith("d") and born > date(1854, 1, 1):
        day_before = classify_person(number, date.fromordinal(born.toordinal() - 1), accept_synthetic=True)
        assert day_before.reason == Reason.BORN_AFTER_REFERENCE


@given(valid_numbers(k1_rests=(1, 2, 3)))
def test_2032_rule_numbers_are_valid_from_2032_only(case: tuple[str, str, date]) -> None:
    kind, number, born = case
    after = classify_person(number, max(born, FROM_2032), accept_synthetic=True)
    assert (after.kind, after.valid) == (KIND[kind], True)
    assume(born <= BEFORE_2032)
    before = classify_person(number, BEFORE_2032, accept_synthetic=True)
    if kind.startswith("synthetic"):
        assert before == after
    else:
        assert before == IdVerdict(KIND[kind], False, Reason.VALID_FROM_2032)


def typos(number: str) -> list[str]:
    changed = [number[:i] + d + number[i + 1 :] for i in range(11) for d in "0123456789" if d != number[i]]
    swapped = [
        number[:i] + number[i + 1] + number[i] + number[i + 2 :] for i in range(10) if number[i] != number[i + 1]
    ]
    return changed + swapped


@given(valid_numbers(k1_rests=(0, 1, 2, 3)))
def test_every_single_digit_change_and_neighbour_swap_is_rejected(case: tuple[str, str, date]) -> None:
    # K2's weights 5 4 3 2 7 6 5 4 3 2 1 are non-zero mod 11, and so are the differences of neighbouring
    # weights: a change of one digit or a swap of two different neighbours always changes S2 mod 11 (11 is
    # prime), so K2 catches it even under the looser 2032 rule for K1.
    for typo in typos(case[1]):
        verdict = classify_person(typo, LATE, accept_synthetic=True)
        assert verdict.reason in (Reason.CHECK_DIGIT_1, Reason.CHECK_DIGIT_2, Reason.PSEUDO), typo


def stdnum_checksum_ok(number: str) -> bool:
    """python-stdnum's checksum stage (the 1964 rule)."""
    return number[9] == stdnum_fnr.calc_check_digit1(number[:9]) and number[10] == stdnum_fnr.calc_check_digit2(
        number[:10]
    )


eleven_digits = st.text("0123456789", min_size=11, max_size=11)


@given(eleven_digits)
@example("03851598730")
def test_random_strings_checksum_agrees_with_stdnum(number: str) -> None:
    assume(not number.endswith("00000"))
    verdict = classify_person(number, BEFORE_2032)  # synthetic ones take the 2032 rule early: not here
    if verdict.valid:
        assert stdnum_checksum_ok(number)
    if verdict.reason in (Reason.CHECK_DIGIT_1, Reason.CHECK_DIGIT_2, Reason.VALID_FROM_2032):
        assert not stdnum_checksum_ok(number)
    if stdnum_checksum_ok(number):
        assert verdict.reason not in (Reason.CHECK_DIGIT_1, Reason.CHECK_DIGIT_2, Reason.VALID_FROM_2032)
    # The 2032 rule: K1 may leave a remainder of 0 to 3; K2 is unchanged.
    k1_ok = (s1(number) + int(number[9])) % 11 <= 3
    later = classify_person(number, FROM_2032, accept_synthetic=True)
    assert (later.reason == Reason.CHECK_DIGIT_1) == (not k1_ok)


@given(valid_numbers(kinds=("fnr", "d")), st.text("0123456789", min_size=2, max_size=2))
def test_checksum_stage_equals_stdnum_on_well_formed_prefixes(case: tuple[str, str, date], ending: str) -> None:
    number, born = case[1][:9] + ending, case[2]
    assume(not number.endswith("00000") and born <= BEFORE_2032)
    verdict = classify_person(number, BEFORE_2032)
    assert verdict.valid == stdnum_checksum_ok(number)


def org_number(first8: str) -> str | None:
    rest = sum(w * int(c) for w, c in zip(ORG_W, first8, strict=True)) % 11
    return None if rest == 1 else f"{first8}{(11 - rest) % 11}"


@given(st.sampled_from("89"), st.text("0123456789", min_size=8, max_size=8))
def test_org_numbers_agree_with_stdnum_for_first_digit_8_and_9(first: str, rest: str) -> None:
    number = first + rest
    assert classify_org(number).valid == stdnum_orgnr.is_valid(number)
    built = org_number(number[:8])
    if built is not None:
        assert classify_org(built) == IdVerdict(IdKind.ORGANISASJONSNUMMER, True, Reason.OK)
        assert stdnum_orgnr.is_valid(built)


@given(st.text("0123456789", min_size=9, max_size=9))
def test_org_numbers_other_first_digits_are_never_valid(number: str) -> None:
    verdict = classify_org(number, accept_synthetic=True)
    if number[0] in "23":
        assert verdict.valid == stdnum_orgnr.is_valid(number)
        assert verdict.kind in (IdKind.SYNTHETIC, IdKind.INVALID)
    elif number[0] not in "89":
        assert not verdict.valid


@given(st.text(min_size=0, max_size=20))
def test_mask_never_shows_more_than_a_birth_date(value: str) -> None:
    masked = mask(value)
    shown = masked.rstrip("*")
    assert len(shown) <= 6
    assert value.strip().startswith(shown)
    assert len(masked) == len(value.strip())


# Boundaries, as data: (id, DDMMYY, individnummer, kind, reference, k1 rest, valid, reason). Where no check
# digits exist for the exact edge (a check digit of 10), the day moves, never the year or the individnummer.
BOUNDARIES = [
    ("1854-first", "010154", 500, "fnr", LATE, 0, True, Reason.OK),
    ("1854-last-ind", "010154", 749, "fnr", LATE, 0, True, Reason.OK),
    ("1899-last", "301299", 749, "fnr", LATE, 0, True, Reason.OK),
    ("1853-never", "301253", 500, "fnr", LATE, 0, False, Reason.INDIVIDNUMMER_NOT_ISSUED),
    ("1900-first", "020100", 0, "fnr", LATE, 0, True, Reason.OK),
    ("1999-last-499", "311299", 499, "fnr", LATE, 0, True, Reason.OK),
    ("1940-first-900", "010140", 900, "fnr", LATE, 0, True, Reason.OK),
    ("1999-last-999", "301299", 999, "fnr", LATE, 0, True, Reason.OK),
    ("yy39-900-is-2039", "311239", 900, "fnr", BEFORE_2032, 0, False, Reason.BORN_AFTER_REFERENCE),
    ("yy39-900-in-2040", "311239", 900, "fnr", LATE, 0, True, Reason.OK),
    ("2000-first", "010100", 500, "fnr", LATE, 0, True, Reason.OK),
    ("2039-last", "311239", 999, "fnr", LATE, 0, True, Reason.OK),
    ("750-yy40-never", "010140", 750, "fnr", LATE, 0, False, Reason.INDIVIDNUMMER_NOT_ISSUED),
    ("899-yy99-never", "311299", 899, "fnr", LATE, 0, False, Reason.INDIVIDNUMMER_NOT_ISSUED),
    ("leap-1900-invalid", "290200", 300, "fnr", LATE, 0, False, Reason.IMPOSSIBLE_DATE),
    ("leap-2000-valid", "290200", 500, "fnr", LATE, 0, True, Reason.OK),
    ("leap-1904-valid", "290204", 101, "fnr", LATE, 0, True, Reason.OK),
    ("31-april", "310480", 100, "fnr", LATE, 0, False, Reason.IMPOSSIBLE_DATE),
    ("month-13", "011380", 100, "fnr", LATE, 0, False, Reason.IMPOSSIBLE_DATE),
    ("day-32", "320180", 101, "fnr", LATE, 0, False, Reason.IMPOSSIBLE_DATE),
    ("day-00", "000180", 100, "fnr", LATE, 0, False, Reason.IMPOSSIBLE_DATE),
    ("d-2021-750-yy40", "010140", 750, "d", LATE, 0, True, Reason.OK),
    ("d-2021-899-yy99", "311299", 899, "d", LATE, 0, True, Reason.OK),
    ("d-2021-200-2000", "010100", 200, "d", BEFORE_2032, 0, True, Reason.OK),
    ("d-old-1854", "010154", 500, "d", LATE, 0, True, Reason.OK),
    ("d-550-yy45-never", "010145", 550, "d", LATE, 0, False, Reason.INDIVIDNUMMER_NOT_ISSUED),
    ("d-199-yy39-1939", "311239", 199, "d", BEFORE_2032, 0, True, Reason.OK),
    ("d-union-1920-or-2020", "050520", 250, "d", date(2019, 1, 1), 0, True, Reason.OK),
    ("d-2024-after-ref", "050524", 700, "d", date(2024, 5, 4), 0, False, Reason.BORN_AFTER_REFERENCE),
    ("d-leap-1900-or-2000", "290200", 300, "d", LATE, 0, True, Reason.OK),
    ("d-day-71", "310180", 100, "d", LATE, 0, True, Reason.OK),
    ("born-on-reference", "220524", 500, "fnr", date(2024, 5, 22), 0, True, Reason.OK),
    (
        "born-day-after-reference",
        "220524",
        500,
        "fnr",
        date(2024, 5, 21),
        0,
        False,
        Reason.BORN_AFTER_REFERENCE,
    ),
    ("2032-rule-on-2031-12-31", "050580", 123, "fnr", BEFORE_2032, 1, False, Reason.VALID_FROM_2032),
    ("2032-rule-on-2032-01-01", "050580", 123, "fnr", FROM_2032, 1, True, Reason.OK),
    ("2032-rule-rest-3", "050580", 123, "fnr", FROM_2032, 3, True, Reason.OK),
    ("2032-rule-d", "050580", 123, "d", FROM_2032, 2, True, Reason.OK),
    ("2032-rule-bad-date-first", "310480", 123, "fnr", BEFORE_2032, 1, False, Reason.IMPOSSIBLE_DATE),
    ("h-nummer", "050580", 123, "h", LATE, 0, False, Reason.H_NUMMER),
    ("h-nummer-2032-rule", "050580", 123, "h", LATE, 2, False, Reason.H_NUMMER),
    ("fh-nummer", "050580", 123, "fh", LATE, 0, False, Reason.FH_NUMMER),
    ("synthetic-rejected", "050580", 123, "synthetic", LATE, 0, False, Reason.SYNTHETIC),
    ("synthetic-d-rejected", "050580", 123, "synthetic-d", LATE, 0, False, Reason.SYNTHETIC),
    ("synthetic-bad-century", "050550", 800, "synthetic", LATE, 0, False, Reason.INDIVIDNUMMER_NOT_ISSUED),
]


@pytest.mark.parametrize(
    ("ddmmyy", "ind", "kind", "reference", "k1_rest", "valid", "reason"),
    [pytest.param(*case[1:], id=case[0]) for case in BOUNDARIES],
)
def test_boundaries(
    ddmmyy: str, ind: int, kind: str, reference: date, k1_rest: int, valid: bool, reason: Reason
) -> None:
    number = person_number(ddmmyy, ind, kind, k1_rest)
    assert number is not None, "no check digits exist for this case: pick another day"
    assert classify_person(number, reference) == IdVerdict(KIND[kind], valid, reason)
    # The same number after a spreadsheet round trip or with stray whitespace.
    if number.startswith("0"):
        assert classify_person(number[1:], reference).reason == Reason.LENGTH_10_LOST_ZERO
    assert classify_person(f"  {number}\t", reference) == classify_person(number, reference)


@pytest.mark.parametrize("ddmmyy", ["050580", "010100", "311299"])
def test_pseudo_numbers_are_never_valid(ddmmyy: str) -> None:
    for reference in (BEFORE_2032, LATE):
        assert classify_person(ddmmyy + "00000", reference, accept_synthetic=True) == IdVerdict(
            IdKind.PSEUDO, False, Reason.PSEUDO
        )
