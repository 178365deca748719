"""`flytcheck id`: classify identity numbers given on the command line, as a text table or JSON.

Owns only formatting and the exit code; the verdicts come from `flytcheck.identity.numbers`. It never prints an
unmasked personal number: every person number is shown through `numbers.mask`, and reason texts never contain the
number. Organisation numbers are public (Enhetsregisteret) and shown in full, as the workbook and every report
shows them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import TextIO

from flytcheck.identity.numbers import IdVerdict, classify, mask
from flytcheck.identity.texts import LANGUAGES, IdKind, kind_text

FORMATS = ("text", "json")

_HEADERS = {"nb": ("Inndata", "Type", "Gyldig", "Årsak"), "en": ("Input", "Kind", "Valid", "Reason")}
_YES_NO = {"nb": ("ja", "nei"), "en": ("yes", "no")}
_EMPTY = {"nb": "(tom)", "en": "(empty)"}


def shown(value: str, verdict: IdVerdict) -> str:
    """An input as `id` shows it: an organisation number (nine digits, valid or not) in full, any other masked."""
    digits = value.strip()
    nine_digits = len(digits) == 9 and digits.isascii() and digits.isdigit()
    organisation = verdict.kind is IdKind.ORGANISASJONSNUMMER or nine_digits
    return digits if organisation else mask(value)


def _text(results: Sequence[tuple[str, IdVerdict]], lang: str, out: TextIO) -> None:
    yes, no = _YES_NO[lang]
    rows = [_HEADERS[lang]] + [
        (shown(value, v) or _EMPTY[lang], kind_text(v.kind, lang), yes if v.valid else no, v.text(lang))
        for value, v in results
    ]
    widths = [max(len(row[col]) for row in rows) for col in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        out.write("  ".join([*cells, row[3]]) + "\n")


def _json(results: Sequence[tuple[str, IdVerdict]], lang: str, out: TextIO) -> None:
    items = [
        {
            "input": shown(value, v),
            "kind": str(v.kind),
            "valid": v.valid,
            "reason": v.text(lang),
            "reason_code": str(v.reason),
        }
        for value, v in results
    ]
    out.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")


_FORMATTERS: dict[str, Callable[[Sequence[tuple[str, IdVerdict]], str, TextIO], None]] = {
    "text": _text,
    "json": _json,
}


def run_id(values: list[str], reference: date, fmt: str, lang: str, accept_synthetic: bool, out: TextIO) -> int:
    """Classify `values` at `reference` and write them to `out`; 0 when all are valid, 1 otherwise.

    Raises ValueError for an unknown format or language, or when no value is given (a check with nothing to
    check must not pass).
    """
    if fmt not in _FORMATTERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    if not values:
        raise ValueError("no identity numbers given")
    results = [(value, classify(value, reference, accept_synthetic=accept_synthetic)) for value in values]
    _FORMATTERS[fmt](results, lang, out)
    return 0 if all(v.valid for _, v in results) else 1
