"""The checks SQL cannot express portably, registered by name: identity numbers, person outcomes, versions.

A rule file names a validator (`validator = "child_fnr"`); nothing from a rule file is ever evaluated as code.
A validator gets one row and returns the message fields of a finding, or None when the row is fine. A classifier
puts a row in a preview bucket. Values that identify a person go only into fields the rule declares personal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from flytcheck.idnumbers import IdVerdict, classify_org, classify_person, compose_fnr, mask
from flytcheck.values import as_text

Row = Mapping[str, Any]
Fields = dict[str, str]


@dataclass(frozen=True)
class Context:
    """What validators need to know about the scan."""

    cutover: Any  # datetime.date; Any keeps this module free of the options model
    accept_synthetic: bool = False
    min_familia_version: Decimal | None = None


Validator = Callable[[Row, Context, str], Fields | None]
Classifier = Callable[[Row, Context], str | None]

MIGRATED_CONNECTION = "migrated-connection"
MIGRATED_CONTRACTOR = "migrated-contractor"


def _reason(verdict: IdVerdict) -> Fields:
    return {"reason_nb": verdict.text("nb"), "reason_en": verdict.text("en")}


def child_fnr(row: Row, ctx: Context, rule: str) -> Fields | None:
    """A migrated child's fødselsnummer: ddmmyy(KLI_FOEDSELSDATO) + KLI_PERSONNR zero-padded to 5."""
    birth, personnr = row["foedselsdato"], row["personnr"]
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
    verdict = classify_person(fnr, ctx.cutover, accept_synthetic=ctx.accept_synthetic)
    if verdict.valid or (ctx.accept_synthetic and _valid_as_tenor(fnr, ctx)):
        return None
    return {"fnr": fnr, "fnr_masked": mask(fnr), **_reason(verdict)}


def _valid_as_tenor(fnr: str, ctx: Context) -> bool:
    """A Tenor test person: Familia keeps the real birth date, the Folkeregister number has month + 80.

    Only consulted when synthetic numbers are accepted (test environments and the demo).
    """
    month = int(fnr[2:4])
    if not 1 <= month <= 12:
        return False
    tenor = f"{fnr[:2]}{month + 80:02d}{fnr[4:]}"
    return classify_person(tenor, ctx.cutover, accept_synthetic=True).valid


def _dnummer_text(value: Any) -> str:
    text = as_text(value).strip()
    return text.zfill(11) if text.isdigit() else text


def _person_verdict(row: Row, ctx: Context) -> tuple[bool, IdVerdict | None]:
    """Whether FOR_FOEDSELSNUMMER or FOR_DNUMMER is a valid person id, and the most telling verdict if not."""
    first: IdVerdict | None = None
    for value in (as_text(row["foedselsnummer"]).strip(), _dnummer_text(row["dnummer"])):
        if not value:
            continue
        verdict = classify_person(value, ctx.cutover, accept_synthetic=ctx.accept_synthetic)
        if verdict.valid:
            return True, verdict
        first = first or verdict
    return False, first


def person_outcome_of(row: Row, ctx: Context) -> tuple[str, IdVerdict | None]:
    """The one outcome of domain.md §3 for a person with an active tie to a migrated child; first match wins."""
    valid, verdict = _person_verdict(row, ctx)
    if row["has_connection_tie"] and valid:
        return MIGRATED_CONNECTION, None
    if row["is_migrated_contractor"]:
        return MIGRATED_CONTRACTOR, None
    if row["has_connection_tie"]:
        return "connection-invalid-id", verdict
    if row["has_contractor_tie"] and not row["in_contractor_register"]:
        return "contractor-unregistered", None
    return "connection-role-not-migrated", None


def person_outcome(row: Row, ctx: Context, rule: str) -> Fields | None:
    outcome, verdict = person_outcome_of(row, ctx)
    if outcome != rule:
        return None
    if outcome != "connection-invalid-id":
        return {}
    if verdict is None:
        return {"reason_nb": "fødselsnummer og D-nummer mangler", "reason_en": "national ID and D-number missing"}
    return _reason(verdict)


def orgnr(row: Row, ctx: Context, rule: str) -> Fields | None:
    """An active organisation's org number as stored: blank ones belong to organisation-missing-orgnr."""
    stored = as_text(row["orgnr"])
    if not stored.strip():
        return None
    if any(c.isspace() for c in stored):
        compact = "".join(stored.split())
        verdict = classify_org(compact, accept_synthetic=ctx.accept_synthetic)
        return {
            "orgnr": compact,
            "reason_nb": "inneholder mellomrom: fjern dem" + ("" if verdict.valid else f"; {verdict.text('nb')}"),
            "reason_en": "contains spaces: remove them" + ("" if verdict.valid else f"; {verdict.text('en')}"),
        }
    verdict = classify_org(stored, accept_synthetic=ctx.accept_synthetic)
    return None if verdict.valid else {"orgnr": stored if stored.isdigit() else "—", **_reason(verdict)}


def familia_version(row: Row, ctx: Context, rule: str) -> Fields | None:
    """The highest DBV_VERSJON against the required version."""
    required = ctx.min_familia_version
    if required is None:
        return None
    found = row["versjon"]
    if found is None:
        return {
            "problem_nb": f"FA_DBVERSJON har ingen versjonsrader; påkrevd versjon er {required}",
            "problem_en": f"FA_DBVERSJON has no version rows; the required version is {required}",
        }
    try:
        version = Decimal(str(found))
    except InvalidOperation:
        version = Decimal(-1)
    if version >= required:
        return None
    found = as_text(found)
    return {
        "problem_nb": f"Familia-versjon {found} er eldre enn påkrevd {required}",
        "problem_en": f"Familia version {found} is older than the required {required}",
    }


def missing_version_table(required: Decimal) -> Fields:
    return {
        "problem_nb": f"Tabellen FA_DBVERSJON mangler, så versjonen kan ikke bekreftes (påkrevd {required})",
        "problem_en": f"The table FA_DBVERSJON is missing, so the version cannot be confirmed (required {required})",
    }


def classify_connection(row: Row, ctx: Context) -> str | None:
    outcome, _ = person_outcome_of(row, ctx)
    if outcome == MIGRATED_CONTRACTOR:
        return None
    return "migrated" if outcome == MIGRATED_CONNECTION else "not_migrated"


def classify_organisation(row: Row, ctx: Context) -> str:
    stored = as_text(row["orgnr"])
    valid = bool(stored) and classify_org(stored, accept_synthetic=ctx.accept_synthetic).valid and stored.isdigit()
    return "migrated" if valid else "not_migrated"


VALIDATORS: dict[str, Validator] = {
    "child_fnr": child_fnr,
    "person_outcome": person_outcome,
    "orgnr": orgnr,
    "familia_version": familia_version,
}
CLASSIFIERS: dict[str, Classifier] = {
    "person_outcome": classify_connection,
    "organisation": classify_organisation,
}
