"""The vocabulary of identity-number verdicts: kinds, stable reason codes, and their plain-language texts.

Texts in bokmål and English. A text never contains the number it is about, so it can be shown, logged and
exported as it is. `flytcheck.identity.numbers` is the public home of `IdKind` and `Reason`.
"""

from __future__ import annotations

from enum import StrEnum


class IdKind(StrEnum):
    """What an identity number is (or claims to be)."""

    FODSELSNUMMER = "fodselsnummer"
    D_NUMMER = "d-nummer"
    H_NUMMER = "h-nummer"
    FH_NUMMER = "fh-nummer"
    SYNTHETIC = "synthetic"
    PSEUDO = "pseudo"
    ORGANISASJONSNUMMER = "organisasjonsnummer"
    INVALID = "invalid"


class Reason(StrEnum):
    """Stable reason codes: the why of a verdict, for machines (JSON, CSV) and tests."""

    OK = "ok"
    MISSING = "missing"
    NON_DIGIT = "non-digit"
    CONTAINS_SPACE = "contains-space"
    LENGTH = "length"
    LENGTH_10_LOST_ZERO = "length-10-lost-zero"
    PSEUDO = "pseudo"
    PLACEHOLDER = "placeholder"
    CHECK_DIGIT_1 = "check-digit-1"
    CHECK_DIGIT_2 = "check-digit-2"
    FH_NUMMER = "fh-nummer"
    H_NUMMER = "h-nummer"
    IMPOSSIBLE_DATE = "impossible-date"
    INDIVIDNUMMER_NOT_ISSUED = "individnummer-not-issued"
    BORN_AFTER_REFERENCE = "born-after-reference"
    SYNTHETIC = "synthetic"
    VALID_FROM_2032 = "valid-from-2032"
    ORG_ZERO = "org-zero"
    ORG_FIRST_DIGIT = "org-first-digit"
    ORG_REMAINDER_1 = "org-remainder-1"
    ORG_CHECK_DIGIT = "org-check-digit"
    ORG_TEST_ENVIRONMENT = "org-test-environment"


LANGUAGES = ("nb", "en")

# Reason -> (bokmål, English)
REASON_TEXTS: dict[Reason, tuple[str, str]] = {
    Reason.OK: ("gyldig", "valid"),
    Reason.MISSING: ("mangler", "missing"),
    Reason.NON_DIGIT: (
        "inneholder andre tegn enn sifrene 0–9",
        "contains characters other than the digits 0–9",
    ),
    Reason.CONTAINS_SPACE: (
        "inneholder mellomrom: fjern dem",
        "contains spaces: remove them",
    ),
    Reason.LENGTH: ("feil antall siffer", "wrong number of digits"),
    Reason.LENGTH_10_LOST_ZERO: (
        "10 siffer: har trolig mistet en innledende 0",
        "10 digits: has probably lost a leading 0",
    ),
    Reason.PSEUDO: (
        "personnummeret er bare nuller: et plassholdernummer, ikke et ekte fødselsnummer",
        "the personal number is all zeros: a placeholder, not a real national identity number",
    ),
    Reason.PLACEHOLDER: (
        "plassholder for en ukjent person (slutter på 00000, 00100 eller 00200), ikke et fødselsnummer: registrer "
        "det riktige nummeret fra Folkeregisteret når det er kjent",
        "placeholder for an unknown person (ends in 00000, 00100 or 00200), not a national identity number: register "
        "the real number from the National Population Register once it is known",
    ),
    Reason.CHECK_DIGIT_1: ("første kontrollsiffer stemmer ikke", "the first check digit is wrong"),
    Reason.CHECK_DIGIT_2: ("andre kontrollsiffer stemmer ikke", "the second check digit is wrong"),
    Reason.FH_NUMMER: (
        "FH-nummer (felles hjelpenummer), ikke et nummer i Folkeregisteret",
        "FH number (common auxiliary number), not a National Population Register number",
    ),
    Reason.H_NUMMER: (
        "H-nummer (hjelpenummer) eller NAVs syntetiske testnummer, ikke et nummer i Folkeregisteret",
        "H number (auxiliary number) or NAV synthetic test number, not a National Population Register number",
    ),
    Reason.IMPOSSIBLE_DATE: ("fødselsdatoen finnes ikke", "the birth date does not exist"),
    Reason.INDIVIDNUMMER_NOT_ISSUED: (
        "individnummeret er aldri tildelt for dette fødselsåret",
        "the individual number was never issued for this birth year",
    ),
    Reason.BORN_AFTER_REFERENCE: (
        "fødselsdato etter referansedatoen",
        "birth date after the reference date",
    ),
    Reason.VALID_FROM_2032: ("gyldig først fra 1.1.2032", "valid only from 1 January 2032"),
    Reason.SYNTHETIC: ("syntetisk testidentitet (Tenor)", "synthetic test identity (Tenor)"),
    Reason.ORG_ZERO: ("består bare av nuller", "consists of zeros only"),
    Reason.ORG_FIRST_DIGIT: (
        "organisasjonsnummer begynner med 8 eller 9",
        "organisation numbers start with 8 or 9",
    ),
    Reason.ORG_REMAINDER_1: (
        "kontrollsiffer kan ikke beregnes (rest 1): nummeret er aldri tildelt",
        "no check digit exists (remainder 1): the number is never issued",
    ),
    Reason.ORG_CHECK_DIGIT: ("kontrollsifferet stemmer ikke", "the check digit is wrong"),
    Reason.ORG_TEST_ENVIRONMENT: (
        "testnummer fra Brønnøysundregistrenes testmiljø",
        "test-environment number from the Brønnøysund Register Centre",
    ),
}

# IdKind -> (bokmål, English)
KIND_TEXTS: dict[IdKind, tuple[str, str]] = {
    IdKind.FODSELSNUMMER: ("fødselsnummer", "national identity number"),
    IdKind.D_NUMMER: ("D-nummer", "D number"),
    IdKind.H_NUMMER: ("H-nummer", "H number"),
    IdKind.FH_NUMMER: ("FH-nummer", "FH number"),
    IdKind.SYNTHETIC: ("syntetisk", "synthetic"),
    IdKind.PSEUDO: ("pseudonummer", "placeholder"),
    IdKind.ORGANISASJONSNUMMER: ("organisasjonsnummer", "organisation number"),
    IdKind.INVALID: ("ugyldig", "invalid"),
}


def _pick(texts: tuple[str, str], lang: str) -> str:
    if lang == "nb":
        return texts[0]
    if lang == "en":
        return texts[1]
    raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")


def reason_text(code: Reason, lang: str = "nb") -> str:
    """The plain-language text of a reason code."""
    return _pick(REASON_TEXTS[code], lang)


def kind_text(code: IdKind, lang: str = "nb") -> str:
    """The plain-language name of a kind code."""
    return _pick(KIND_TEXTS[code], lang)
