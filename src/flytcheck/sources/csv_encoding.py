"""Which encoding an exported CSV file is in, decided by evidence, and reading it so that bad bytes name their line.

This module owns byte-order marks, UTF-16 without a mark (bcp -w), UTF-8, plain ASCII (Windows PowerShell 5.1's
Export-Csv default, which has already turned æ, ø and å into ``?``) and the 8-bit code pages of Norwegian Windows:
Windows-1252 (Excel, SSMS, the Import/Export wizard) and the console's OEM code pages 850 and 865 (sqlcmd and
bcp -c). An 8-bit file is read in the code page that turns its bytes into Norwegian letters and known role codes
(``SØS``, ``STØ``, ``MJØ``), not in the one guessed first. It only opens files for reading.
"""

from __future__ import annotations

import codecs
from collections import Counter
from pathlib import Path
from typing import TextIO

from flytcheck.errors import SourceError

MARK = "\ud800"
"""Stands in for undecodable bytes (a lone surrogate: no strict decoder yields one) to name their line."""


def _mark_bad_bytes(exc: UnicodeError) -> tuple[str, int]:
    if isinstance(exc, UnicodeDecodeError):
        return MARK, exc.end
    raise exc


_ERRORS = "flytcheck.mark"
codecs.register_error(_ERRORS, _mark_bad_bytes)

FIELD_LIMIT = 64 << 20
"""The longest line or field a CSV file may have (csv.field_size_limit): longer is a broken file, not data."""
SAMPLE_BYTES = 4 << 20
"""The encoding is decided on the first 4 MB that hold a non-ASCII byte (UTF-8 unless its invalid bytes
outnumber its valid UTF-8 characters, else the best-scoring code page); every byte of the file must then agree."""
CODE_PAGES = ("cp1252", "cp850", "cp865")
"""Windows-1252 and the OEM code pages of a Norwegian console; on equal evidence the earlier wins."""
NORWEGIAN_LETTERS = frozenset("æøåÆØÅ")
OTHER_LETTERS = frozenset("éèêáàâäóòôöúùûüíñçÉÄÖÜß")
"""Letters of names in Norwegian registers besides æøå; other letters (Ï, ã, µ, Õ) are rarer than code page errors."""
KNOWN_CODES = ("SØS", "STØ", "MJØ")
"""Role codes (siblings, contractors) whose Ø decides between code pages when letters alone do not."""
_ASCII = bytes(range(128))
_BAD_BYTES = {
    "utf-8": "bytes that are not UTF-8 in a file that is otherwise UTF-8 (save the file in one encoding)",
    "utf-8-sig": "bytes that are not UTF-8, though the file starts with a UTF-8 byte-order mark",
    "cp1252": "bytes that are undefined in Windows-1252 (cp1252): the file is in another encoding",
    "ascii": "bytes that are not ASCII: the file changed while it was read",
}
ENCODING_NAMES = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16", "utf-16-le": "UTF-16LE without BOM",
    "ascii": "ASCII", "cp1252": "Windows-1252", "cp850": "OEM 850", "cp865": "OEM 865",
}


def detect_encoding(path: Path) -> str:
    """The encoding of ``path``: a codec name of ENCODING_NAMES ("ascii" when every byte is below 128)."""
    with path.open("rb") as f:
        sample = f.read(SAMPLE_BYTES)
        if sample.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if _looks_utf16le(sample[:1024]):
            return "utf-16-le"
        while sample.isascii():
            sample = f.read(SAMPLE_BYTES)
            if not sample:
                return "ascii"
        final = not f.read(1)
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(sample, final)
    bad = text.count("\ufffd")
    if not bad:
        return "utf-8"
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    if good >= bad:
        return "utf-8"  # UTF-8 with stray bytes: refused at their line, not misread
    return code_page(sample)


def code_page(sample: bytes) -> str:
    """The 8-bit code page in which the sample's non-ASCII bytes read most like Norwegian text."""
    counts = Counter(sample.translate(None, _ASCII))
    scores = {cp: _score(sample, counts, cp) for cp in CODE_PAGES}
    return max(CODE_PAGES, key=lambda cp: (scores[cp], -CODE_PAGES.index(cp)))


def _score(sample: bytes, counts: Counter[int], cp: str) -> int:
    """Norwegian letters +3, other common letters +1, anything else -2; each known code +5.

    Bytes undefined in the code page count like symbols, no more: such a file is refused at the byte's line,
    while a wrong code page that defines every byte would misread the file silently."""
    score = 0
    for byte, count in counts.items():
        char = bytes([byte]).decode(cp, "replace")
        score += count * (3 if char in NORWEGIAN_LETTERS else 1 if char in OTHER_LETTERS else -2)
    return score + 5 * sum(sample.count(code.encode(cp)) for code in KNOWN_CODES)


def _looks_utf16le(head: bytes) -> bool:
    """UTF-16LE without a byte-order mark (bcp -w): NUL in (nearly) every odd position, not in even ones."""
    pairs = len(head) // 2
    if pairs == 0:
        return False
    odd_nul = head[1 : 2 * pairs : 2].count(0)
    even_nul = head[0 : 2 * pairs : 2].count(0)
    return odd_nul >= 0.9 * pairs and even_nul <= 0.1 * pairs


def open_text(path: Path, encoding: str) -> TextIO:
    """The file as text; undecodable bytes become MARK, for check_line to name their line."""
    return path.open(encoding=encoding, errors=_ERRORS, newline="")


def check_line(file: str, encoding: str, text: str, line: int) -> None:
    """Refuse NUL and undecodable bytes in ``text``, which starts at physical line ``line``."""
    if "\x00" in text:
        raise SourceError(f"{file} line {line}: NUL byte (binary, or UTF-16 without a byte-order mark?)")
    if MARK in text:
        raise SourceError(f"{file} line {line}: {_BAD_BYTES.get(encoding, 'bytes that are not valid UTF-16')}")
