"""The identity checks the rules apply to Familia's columns: a child's composed fødselsnummer, a person's
fødselsnummer or D-nummer, an organisation's number as stored.

Each check takes plain values and returns the message fields of a problem (`reason_nb`, `reason_en`, and the
number itself only under a personal field name), or None when the value is fine. No rows, no database: the
rule-side adapters in `flytcheck.validators` feed them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flytcheck.identity.numbers import IdKind, IdVerdict, Reason, classify_org, classify_person, compose_fnr, mask
from flytcheck.values import as_text

Fields = dict[str, str]

PLACEHOLDER_ENDINGS = ("00000", "00100", "00200")
"""Familia's (and KOSTRA's) endings of a FOR_FOEDSELSNUMMER that stands for an unknown person."""
PLACEHOLDER = IdVerdict(IdKind.PSEUDO, False, Reason.PLACEHOLDER)


def reason_fields(verdict: IdVerdict) -> Fields:
    """The reason of a verdict in both languages (never the number)."""
    return {"reason_nb": verdict.text("nb"), "reason_en": verdict.text("en")}


def child_fnr_problem(birth: Any, personnr: Any, reference: date, accept_synthetic: bool) -> Fields | None:
    """A child's fødselsnummer: ddmmyy(KLI_FOEDSELSDATO) + KLI_PERSONNR zero-padded to 5."""
    try:
        fnr = compose_fnr(birth, personnr)
    except ValueError:
        return {
            "fnr": "", "fnr_masked": "—",
            "reason_nb": "fødselsdatoen eller personnummeret kan ikke leses",
            "reason_en": "the birth date or the personnummer cannot be read",
        }
    if fnr is None:
        missing_birth = birth is None or not str(birth).strip()
        return {
            "fnr": "", "fnr_masked": "—",
            "reason_nb": ("fødselsdato" if missing_birth else "personnummer") + " mangler",
            "reason_en": ("birth date" if missing_birth else "personnummer") + " missing",
        }
    verdict = classify_person(fnr, reference, accept_synthetic=accept_synthetic)
    if verdict.valid or (accept_synthetic and valid_as_tenor(fnr, reference)):
        return None
    return {"fnr": fnr, "fnr_masked": mask(fnr), **reason_fields(verdict)}


def valid_as_tenor(fnr: str, reference: date) -> bool:
    """A Tenor test person: Familia keeps the real birth date, the Folkeregister number has month + 80.

    Only consulted when synthetic numbers are accepted (test environments and the demo).
    """
    month = int(fnr[2:4])
    if not 1 <= month <= 12:
        return False
    tenor = f"{fnr[:2]}{month + 80:02d}{fnr[4:]}"
    return classify_person(tenor, reference, accept_synthetic=True).valid


def dnummer_text(value: Any) -> str:
    """FOR_DNUMMER (numeric(11,0)) as an 11-digit string: a leading zero lost to the number type comes back."""
    text = as_text(value).strip()
    return text.zfill(11) if text.isdigit() else text


def person_id_verdict(
    foedselsnummer: Any, dnummer: Any, reference: date, accept_synthetic: bool
) -> tuple[bool, IdVerdict | None]:
    """Whether FOR_FOEDSELSNUMMER or FOR_DNUMMER is a valid person id, and the most telling verdict if not."""
    first: IdVerdict | None = None
    fnr = as_text(foedselsnummer).strip()
    if len(fnr) == 11 and fnr.isascii() and fnr.isdigit() and fnr.endswith(PLACEHOLDER_ENDINGS):
        first = PLACEHOLDER  # never a number, whatever its check digits; a valid D-number may still stand
        fnr = ""
    for value in (fnr, dnummer_text(dnummer)):
        if not value:
            continue
        verdict = classify_person(value, reference, accept_synthetic=accept_synthetic)
        if verdict.valid:
            return True, verdict
        first = first or verdict
    return False, first


def orgnr_problem(stored_value: Any, accept_synthetic: bool) -> Fields | None:
    """An organisation number as stored; blank is not a problem here (organisation-missing-orgnr has it).

    Trailing spaces are char(9)'s padding, which SQL Server ignores when it compares: `99010450 ` is an 8-digit
    number, not one with a space in it."""
    stored = as_text(stored_value).rstrip(" ")
    if not stored.strip():
        return None
    if any(c.isspace() for c in stored):
        compact = "".join(stored.split())
        verdict = classify_org(compact, accept_synthetic=accept_synthetic)
        return {
            "orgnr": compact,
            "reason_nb": "inneholder mellomrom: fjern dem" + ("" if verdict.valid else f"; {verdict.text('nb')}"),
            "reason_en": "contains spaces: remove them" + ("" if verdict.valid else f"; {verdict.text('en')}"),
        }
    verdict = classify_org(stored, accept_synthetic=accept_synthetic)
    return None if verdict.valid else {"orgnr": stored if stored.isdigit() else "—", **reason_fields(verdict)}


def orgnr_valid(stored_value: Any, accept_synthetic: bool) -> bool:
    """An org number that is valid exactly as stored (nine digits, nothing else; char(9) padding aside)."""
    stored = as_text(stored_value).rstrip(" ")
    return bool(stored) and stored.isdigit() and classify_org(stored, accept_synthetic=accept_synthetic).valid
