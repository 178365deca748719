"""Norwegian identity numbers: classify fødselsnummer, D-, H-, FH-, synthetic and organisation numbers.

Implements docs/criteria.md §5 (identity numbers) exactly, at a given reference date. Pure and dependency-free;
it runs over every ID of a Familia database, so the hot path uses precomputed lookup tables and returns
preallocated verdicts. It never prints, logs or stores a number: `mask` is flytcheck's one way to show one, and
verdict texts never contain it.

Order of checks for a person number (the first failing one gives the reason, so each reason is the most
specific one that holds):
  1. missing (None or blank), non-digit (after stripping surrounding whitespace; only ASCII 0-9 count;
     `contains-space` when the only other characters are inner spaces), length (`length-10-lost-zero` for 10);
  2. pseudo: `DDMMYY00000` is a placeholder whatever its check digits;
  3. check digits: K1 (the 1964 rule, or the 2032 rule's {0,1,2,3}), then K2;
  4. kind, from the digits: first digit 8/9 FH-nummer, third digit 4/5 H-nummer (both never valid, no further
     checks), third digit 8/9 synthetic (Tenor, month + 80), first digit 4-7 D-nummer, else fødselsnummer;
  5. impossible-date (day/month), individnummer-not-issued (century table; D-numbers: old ∪ 2021 table),
     impossible-date (29 February in a non-leap year), born-after-reference;
  6. synthetic: valid only with accept_synthetic (the 2032 rule then holds at any reference date: Tenor issues
     such test numbers already);
  7. valid-from-2032: K1 only valid under the 2032 rule and the reference date is before 2032-01-01.
The kind is `invalid` until the check digits pass (steps 1 and 3) and `pseudo` at step 2.

Organisation numbers: missing, non-digit, length, org-zero, org-first-digit (not 2, 3, 8 or 9),
org-remainder-1, org-check-digit, then org-test-environment (2 or 3: kind synthetic) or ok.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TypeVar

from flytcheck.identity.texts import IdKind, Reason, reason_text

__all__ = [
    "IdKind",
    "IdVerdict",
    "Reason",
    "classify",
    "classify_org",
    "classify_person",
    "compose_fnr",
    "mask",
]


@dataclass(frozen=True, slots=True)
class IdVerdict:
    """The outcome of classifying one value."""

    kind: IdKind
    valid: bool
    reason: Reason

    def text(self, lang: str = "nb") -> str:
        """The reason in plain words, bokmål ("nb") or English ("en"); never contains the number."""
        return reason_text(self.reason, lang)


# --- precomputed tables -------------------------------------------------------------------------------------

_DIGITS = "0123456789"
# Weights of S1 (K1 counts once) and S2 (K1 twice, K2 once) over all 11 positions.
_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1, 0)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_ORG_W = (3, 2, 7, 6, 5, 4, 3, 2)


_V = TypeVar("_V")


class _Table(dict[str, _V]):
    """A lookup table that fills itself: each key is computed on first use, then read at dict speed.

    A scan looks up the same few thousand chunks (dates, year + individnummer) over and over; building all
    10 000 entries of every table at import would cost every command, `--help` included, a tenth of a second.
    """

    def __init__(self, compute: Callable[[str], _V]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> _V:
        value = self[key] = self.compute(key)
        return value


def _weighted_sum(weights: tuple[int, ...], start: int, chunk: str) -> int:
    """The weighted digit sum of a chunk that stands at s[start:start + len(chunk)]."""
    return sum(weights[position] * (ord(ch) - 48) for position, ch in enumerate(chunk, start))


def _packed(start: int) -> _Table[int]:
    """Chunk -> S1 | S2 << 10: both sums stay below 1024, so packed chunk values add up field by field."""
    return _Table(lambda chunk: _weighted_sum(_W1, start, chunk) | _weighted_sum(_W2, start, chunk) << 10)


_SUM_A, _SUM_B, _SUM_C = _packed(0), _packed(4), _packed(8)
_ORG_A = _Table(lambda chunk: _weighted_sum(_ORG_W, 0, chunk))
_ORG_B = _Table(lambda chunk: _weighted_sum(_ORG_W, 4, chunk))

# Kind codes, the index into the verdict tables below.
_FNR, _DNR, _SYN, _SYN_D, _FH, _H = range(6)
# 29 February is checked against the century later.
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _ddmm_entry(dd: int, mm: int) -> tuple[int, int, bool]:
    """DDMM -> (kind code, month * 100 + day or 0 when no such day, is 29 February)."""
    if dd >= 80:
        return _FH, 0, False
    if mm // 10 in (4, 5):
        return _H, 0, False
    is_d, is_syn = 40 <= dd < 80, mm >= 80
    day, month = dd - 40 * is_d, mm - 80 * is_syn
    ok = 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month]
    return is_d + 2 * is_syn, (month * 100 + day) * ok, ok and month == 2 and day == 29


def _centuries(ind: int, yy: int, d_nummer: bool) -> tuple[int, ...]:
    """Birth years possible for individnummer `ind` and year `yy` (docs/criteria.md §5), earliest first."""
    # The table depends on yy only through its thresholds (39/40, 54, 58): one computation per band.
    band = 0 if yy <= 39 else 40 if yy < 54 else 54 if yy < 58 else 58
    return tuple(map(yy.__add__, _century_starts(ind, band, d_nummer)))


@cache
def _century_starts(ind: int, yy: int, d_nummer: bool) -> tuple[int, ...]:
    """The centuries (1800, 1900, 2000) `_centuries` adds `yy` to; depends on yy only through the thresholds."""
    years = set()
    if 500 <= ind <= 749 and yy >= 54:
        years.add(1800)
    if ind <= 499 or (ind >= 900 and yy >= 40):
        years.add(1900)
    if ind >= 500 and yy <= 39:
        years.add(2000)
    if d_nummer:  # the series widened on 16 Nov 2021; the old table still holds
        if 500 <= ind <= 599 and yy >= 58:
            years.add(1800)
        if (ind <= 199 and yy <= 39) or ((ind <= 499 or ind >= 600) and yy >= 40):
            years.add(1900)
        if ind >= 200 and yy <= 39:
            years.add(2000)
    return tuple(sorted(years))


_DDMM = _Table(lambda ddmm: _ddmm_entry(int(ddmm[:2]), int(ddmm[2:])))
# Keyed by YY + the first two digits of the individnummer: every series boundary is a multiple of ten.
_YEARS_FNR = _Table(lambda yyii: _centuries(int(yyii[2:]) * 10, int(yyii[:2]), False))
_YEARS_DNR = _Table(lambda yyii: _centuries(int(yyii[2:]) * 10, int(yyii[:2]), True))
_YEARS = (_YEARS_FNR, _YEARS_DNR, _YEARS_FNR, _YEARS_DNR)


def _verdicts(valid: bool, reason: Reason) -> tuple[IdVerdict, ...]:
    kinds = (IdKind.FODSELSNUMMER, IdKind.D_NUMMER, IdKind.SYNTHETIC, IdKind.SYNTHETIC)
    return tuple(IdVerdict(kind, valid, reason) for kind in kinds)


def _invalid(reason: Reason, kind: IdKind = IdKind.INVALID) -> IdVerdict:
    return IdVerdict(kind, False, reason)


_MISSING = _invalid(Reason.MISSING)
_NON_DIGIT = _invalid(Reason.NON_DIGIT)
_CONTAINS_SPACE = _invalid(Reason.CONTAINS_SPACE)
_LENGTH = _invalid(Reason.LENGTH)
_LOST_ZERO = _invalid(Reason.LENGTH_10_LOST_ZERO)
_PSEUDO = _invalid(Reason.PSEUDO, IdKind.PSEUDO)
_CHECK_1 = _invalid(Reason.CHECK_DIGIT_1)
_CHECK_2 = _invalid(Reason.CHECK_DIGIT_2)
_FH_VERDICT = _invalid(Reason.FH_NUMMER, IdKind.FH_NUMMER)
_H_VERDICT = _invalid(Reason.H_NUMMER, IdKind.H_NUMMER)
_BAD_DATE = _verdicts(False, Reason.IMPOSSIBLE_DATE)
_NOT_ISSUED = _verdicts(False, Reason.INDIVIDNUMMER_NOT_ISSUED)
_BORN_AFTER = _verdicts(False, Reason.BORN_AFTER_REFERENCE)
_FROM_2032 = _verdicts(False, Reason.VALID_FROM_2032)
_OK = _verdicts(True, Reason.OK)
_SYN_REJECTED = IdVerdict(IdKind.SYNTHETIC, False, Reason.SYNTHETIC)
_SYN_ACCEPTED = IdVerdict(IdKind.SYNTHETIC, True, Reason.SYNTHETIC)
_ORG_OK = IdVerdict(IdKind.ORGANISASJONSNUMMER, True, Reason.OK)
_ORG_ZERO = _invalid(Reason.ORG_ZERO)
_ORG_FIRST = _invalid(Reason.ORG_FIRST_DIGIT)
_ORG_R1 = _invalid(Reason.ORG_REMAINDER_1)
_ORG_CHECK = _invalid(Reason.ORG_CHECK_DIGIT)
_ORG_TEST_REJECTED = IdVerdict(IdKind.SYNTHETIC, False, Reason.ORG_TEST_ENVIRONMENT)
_ORG_TEST_ACCEPTED = IdVerdict(IdKind.SYNTHETIC, True, Reason.ORG_TEST_ENVIRONMENT)
_RULE_2032 = 20320101  # reference dates as yyyymmdd integers


# --- classification -----------------------------------------------------------------------------------------


def _shape(s: str, length: int) -> IdVerdict:
    """The verdict for a stripped value that is not `length` ASCII digits."""
    if not s:
        return _MISSING
    if not (s.isascii() and s.isdigit()):
        inner = s.replace(" ", "")
        return _CONTAINS_SPACE if inner and inner.isascii() and inner.isdigit() else _NON_DIGIT
    return _LOST_ZERO if length == 11 and len(s) == 10 else _LENGTH


def classify_person(value: str | None, reference: date, *, accept_synthetic: bool = False) -> IdVerdict:
    """Classify a fødselsnummer / D-, H-, FH-, synthetic or pseudo number at `reference` (see module docs)."""
    if value is None:
        return _MISSING
    s = value.strip()
    if len(s) != 11 or not (s.isascii() and s.isdigit()):
        return _shape(s, 11)
    if s.endswith("00000"):
        return _PSEUDO
    ddmm, yyii = s[:4], s[4:8]
    sums = _SUM_A[ddmm] + _SUM_B[yyii] + _SUM_C[s[8:]]
    k1_rest = (sums & 1023) % 11
    if k1_rest > 3:
        return _CHECK_1
    if (sums >> 10) % 11:
        return _CHECK_2
    kind, month_day, feb29 = _DDMM[ddmm]
    if kind > _SYN_D:
        return _FH_VERDICT if kind == _FH else _H_VERDICT
    if not month_day:
        return _BAD_DATE[kind]
    years = _YEARS[kind][yyii]
    if not years:
        return _NOT_ISSUED[kind]
    if feb29:
        years = tuple(y for y in years if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0))
        if not years:
            return _BAD_DATE[kind]
    ref = reference.year * 10000 + reference.month * 100 + reference.day
    if years[0] * 10000 + month_day > ref:
        return _BORN_AFTER[kind]
    if kind >= _SYN:
        return _SYN_ACCEPTED if accept_synthetic else _SYN_REJECTED
    if k1_rest and ref < _RULE_2032:
        return _FROM_2032[kind]
    return _OK[kind]


def classify_org(value: str | None, *, accept_synthetic: bool = False) -> IdVerdict:
    """Classify an organisasjonsnummer (see module docs)."""
    if value is None:
        return _MISSING
    s = value.strip()
    if len(s) != 9 or not (s.isascii() and s.isdigit()):
        return _shape(s, 9)
    if s == "000000000":
        return _ORG_ZERO
    first = s[0]
    if first not in "2389":
        return _ORG_FIRST
    rest = (_ORG_A[s[:4]] + _ORG_B[s[4:8]]) % 11
    if rest == 1:
        return _ORG_R1
    if ord(s[8]) - 48 != (11 - rest) % 11:
        return _ORG_CHECK
    if first < "8":
        return _ORG_TEST_ACCEPTED if accept_synthetic else _ORG_TEST_REJECTED
    return _ORG_OK


def classify(value: str | None, reference: date, *, accept_synthetic: bool = False) -> IdVerdict:
    """Classify any ID: 9 digits as an organisation number, everything else as a person number."""
    if value is not None:
        s = value.strip()
        if len(s) == 9 and s.isascii() and s.isdigit():
            return classify_org(s, accept_synthetic=accept_synthetic)
    return classify_person(value, reference, accept_synthetic=accept_synthetic)


# --- showing and composing ----------------------------------------------------------------------------------


def mask(value: str | None) -> str:
    """The one way flytcheck shows an ID: birth date kept, personnummer starred (`150360*****`).

    Digit strings of 7+ characters keep their first 6 (5 for 10 digits, a number that lost its leading 0,
    so that no individnummer digit shows); anything else is starred in full, same length.
    """
    if not value:
        return ""
    s = value.strip()
    n = len(s)
    if n >= 7 and s.isascii() and s.isdigit():
        keep = 5 if n == 10 else 6
        return s[:keep] + "*" * (n - keep)
    return "*" * n


def _birth_date(value: date | str) -> date:
    if isinstance(value, date):  # datetime is a date too
        return value
    if not isinstance(value, str):  # a copy that stores dates as numbers (unix time, Julian day) or bytes
        raise ValueError("birth date is not a date (expected YYYY-MM-DD or DD.MM.YYYY)")
    text = value.strip()
    try:
        if text[4:5] == "-":  # 2024-05-22, 2024-05-22 00:00:00.000
            return date.fromisoformat(text[:10])
        if text[2:3] == "." and text[5:6] == ".":  # 22.05.2024 after a spreadsheet round trip
            return datetime.strptime(text[:10], "%d.%m.%Y").date()
    except ValueError:
        pass
    raise ValueError("birth date is not a date (expected YYYY-MM-DD or DD.MM.YYYY)")


def _personnr(value: int | float | str | Decimal) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError("personnummer must be a number")
    if isinstance(value, int):
        number = value
    else:
        try:
            # SQLite copies may hold numeric(5,0) as REAL: 1029.0 is 1029
            exact = value if isinstance(value, Decimal) else Decimal(value.strip() if isinstance(value, str) else value)
            if not exact.is_finite() or exact != exact.to_integral_value():
                raise ValueError("personnummer must be a whole number")
            number = int(exact)
        except InvalidOperation:
            raise ValueError("personnummer is not a number") from None
    if not 0 <= number <= 99999:
        raise ValueError("personnummer must be between 0 and 99999")
    return number


def compose_fnr(
    birth_date: date | datetime | str | None, personnr: int | float | str | Decimal | None
) -> str | None:
    """ddmmyy(birth date) + personnummer zero-padded to 5 digits (KLI_PERSONNR is numeric(5,0)).

    None when either part is missing (None or blank); ValueError when a part is present but unusable.
    """
    if isinstance(birth_date, str):
        birth_date = birth_date.strip() or None
    if isinstance(personnr, str):
        personnr = personnr.strip() or None
    if birth_date is None or personnr is None:
        return None
    born = _birth_date(birth_date)
    return f"{born.day:02d}{born.month:02d}{born.year % 100:02d}{_personnr(personnr):05d}"
