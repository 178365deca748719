"""Masks every fødselsnummer-like number found in a text, wherever it stands: the same rule as `numbers.mask`.

An identity number turns up where no rule expects one: a fødselsnummer pasted into FOR_ORGANISASJONSNR, typed as
initials, in a file name. Any run of 11 digits (also written `DDMMYY NNNNN`) not touching further digits keeps
its birth date and loses its personnummer (`150360*****`), as `flytcheck id` shows it. Organisation numbers
(9 digits), løpenummer (at most 10) and dates are never touched. Never raises.
"""

from __future__ import annotations

import re

_FNR_LIKE = re.compile(r"(?<![0-9])([0-9]{6})( ?)[0-9]{5}(?![0-9])")
_SHORTEST = 11


def _masked(match: re.Match[str]) -> str:
    return match.group(1) + match.group(2) + "*****"


def mask_identity_numbers(text: str) -> str:
    """`text` with each fødselsnummer-like number masked (see the module docstring); other text unchanged."""
    if len(text) < _SHORTEST:
        return text
    return _FNR_LIKE.sub(_masked, text)
