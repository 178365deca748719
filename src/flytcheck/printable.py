"""Text from data made safe to print: control characters become a visible escape (`\\x1b`, `\\u202e`).

A value read from a source (initials, a key, a message field) or a path given on the command line is printed as
what it is, never obeyed: an ESC sequence must not set the terminal's title or clear the screen, a C1 control
must not start one, a bidirectional override must not turn the rest of a line around, and a line separator must
not start a line that looks like flytcheck's own. The console (and every message on stderr) shows such a
character as its escape; files keep the format's own rule (`for_file`: JSON escapes it, the other formats show the
same visible escape) and keep tab and line ends, which every file format can hold.

Never raises, never changes text without such a character (the common case costs one str.isprintable).
"""

from __future__ import annotations

import re

_CONTROL_RANGES = (
    (0x0000, 0x001F), (0x007F, 0x009F),  # C0, DEL, C1
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E),
    (0x200B, 0x200B), (0x200E, 0x200F),  # zero width space; LRM, RLM (not the joiners U+200C/U+200D)
    (0x2028, 0x202E),  # line and paragraph separators; the bidirectional embeddings and overrides
    (0x2060, 0x2064), (0x2066, 0x206F),  # word joiner, invisible operators; the bidirectional isolates
    (0xD800, 0xDFFF),  # lone surrogates (a path that is not UTF-8): not even printable as themselves
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)
"""Unicode's control (Cc), format (Cf), surrogate (Cs) and line/paragraph separator (Zl, Zp) characters (Unicode
15.1), but for the two joiners that emoji and several scripts need. tests/test_printable.py checks this list
against the running Python's own Unicode database."""

_LINE_ENDS_AND_TAB = ((0x0009, 0x000A), (0x000D, 0x000D))


def _character_class(ranges: tuple[tuple[int, int], ...]) -> re.Pattern[str]:
    parts = (f"\\U{low:08x}" if low == high else f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges)
    return re.compile("[" + "".join(parts) + "]")


def _without_tab_and_line_ends() -> tuple[tuple[int, int], ...]:
    kept = {code for low, high in _LINE_ENDS_AND_TAB for code in range(low, high + 1)}
    codes = [code for code in range(0x20) if code not in kept]
    singles = tuple((code, code) for code in codes)
    return singles + _CONTROL_RANGES[1:]


_TERMINAL = _character_class(_CONTROL_RANGES)
_FILE = _character_class(_without_tab_and_line_ends())
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape(character: str) -> str:
    """The visible stand-in of one control character: `\\t`, `\\n`, `\\r`, `\\x1b`, `\\u202e`, `\\U000e0001`."""
    short = _SHORT.get(character)
    if short is not None:
        return short
    code = ord(character)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _visible(match: re.Match[str]) -> str:
    return escape(match.group())


def _printable(text: str) -> bool:
    """Whether no line of `text` holds a character this module escapes, decided at C speed: str.isprintable is false
    for every one of them (they are all Cc, Cf, Cs, Zl or Zp), so a text it passes needs no search. The search tests
    each character against some forty ranges; on a 22 MB JSON report that is 0.39 s, against 0.07 s for this."""
    return all(line.isprintable() for line in text.split("\n"))


def for_terminal(text: str) -> str:
    """`text` with every control character (tab and line ends too) as its visible escape: one line, as it is."""
    if text.isprintable() or _TERMINAL.search(text) is None:
        return text
    return _TERMINAL.sub(_visible, text)


def for_file(text: str) -> str:
    """`text` with every control character but tab, LF and CR as its visible escape (CSV, HTML, XML, workbooks)."""
    if text.isprintable() or _FILE.search(text) is None:
        return text
    return _FILE.sub(_visible, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a JSON escape is UTF-16: a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def for_json(encoded: str) -> str:
    """JSON text (from json.dumps) with every control character as a `\\uXXXX` escape: reads back as the same value.

    json.dumps escapes C0 inside strings already; C1, the bidirectional controls and lone surrogates it leaves raw.
    Tab and line ends outside strings are the JSON's own layout and stay."""
    if _printable(encoded) or _FILE.search(encoded) is None:
        return encoded
    return _FILE.sub(_json_escape, encoded)
