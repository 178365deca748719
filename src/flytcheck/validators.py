"""The checks SQL cannot express portably, registered by name: identity numbers, person outcomes, versions.

A rule file names a validator (`validator = "child_fnr"`); nothing from a rule file is ever evaluated as code.
A validator gets one row and returns the message fields of a finding, or None when the row is fine. A classifier
puts a row in a preview bucket. Values that identify a person go only into fields the rule declares personal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from flytcheck.identity.checks import (
    child_fnr_problem,
    orgnr_problem,
    orgnr_valid,
    person_id_verdict,
    reason_fields,
)
from flytcheck.identity.numbers import IdVerdict
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


def child_fnr(row: Row, ctx: Context, rule: str) -> Fields | None:
    """A migrated child's composed fødselsnummer (see identity.checks.child_fnr_problem)."""
    return child_fnr_problem(row["foedselsdato"], row["personnr"], ctx.cutover, ctx.accept_synthetic)


def person_outcome_of(row: Row, ctx: Context) -> tuple[str, IdVerdict | None]:
    """The one person outcome (docs/criteria.md §4) of someone with an active tie to a migrated child; first wins."""
    try:
        return _outcome(row["foedselsnummer"], row["dnummer"], bool(row["has_connection_tie"]),
                        bool(row["is_migrated_contractor"]), bool(row["has_contractor_tie"]),
                        bool(row["in_contractor_register"]), ctx)
    except TypeError:  # a value that cannot be hashed (bytes-like from an odd copy): decide without the memo
        return _outcome.__wrapped__(row["foedselsnummer"], row["dnummer"], bool(row["has_connection_tie"]),
                                    bool(row["is_migrated_contractor"]), bool(row["has_contractor_tie"]),
                                    bool(row["in_contractor_register"]), ctx)


@lru_cache(maxsize=16_384)
def _outcome(
    foedselsnummer: Any, dnummer: Any, connection_tie: bool, migrated_contractor: bool, contractor_tie: bool,
    in_register: bool, ctx: Context,
) -> tuple[str, IdVerdict | None]:
    """Memoised: the three outcome rules and the preview decide the same person from the same batch of rows."""
    valid, verdict = person_id_verdict(foedselsnummer, dnummer, ctx.cutover, ctx.accept_synthetic)
    if connection_tie and valid:
        return MIGRATED_CONNECTION, None
    if migrated_contractor:
        return MIGRATED_CONTRACTOR, None
    if connection_tie:
        return "connection-invalid-id", verdict
    if contractor_tie and not in_register:
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
    return reason_fields(verdict)


def orgnr(row: Row, ctx: Context, rule: str) -> Fields | None:
    """An active organisation's org number as stored: blank ones belong to organisation-missing-orgnr."""
    return orgnr_problem(row["orgnr"], ctx.accept_synthetic)


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
    return "migrated" if orgnr_valid(row["orgnr"], ctx.accept_synthetic) else "not_migrated"


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
