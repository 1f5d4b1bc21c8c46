"""troff text lines: escapes and font changes to plain text and rST inline markup.

Covers what the docutils man writer (Sphinx's man builder, both the 0.17
and the 0.22 generations) and pod2man emit: font escapes (``\\fB``,
``\\fI``, ``\\fR``, ``\\fP``, ``\\f(CW``, ``\\f[C]``), special characters
(``\\-``, ``\\e``, ``\\(aq``, ``\\(dq``, ``\\[u00E9]``...), strings
(pod2man's ``\\*(L"``, ``\\*(C```), size changes (``\\s-1``), and the
zero-width escapes (``\\&``, ``\\%``, ``\\:``).  Request arguments are split
with troff's quoting rules by :func:`request_arguments`.

Bold and constant-width text become rST literals (the man writers render
``literal`` and option names that way), italics become emphasis.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..common.outline import emphasis_rst, escape_rst, literal_rst

_ESCAPE_RE = re.compile(
    r"\\(?:"
    r"f(?P<font>\([A-Za-z0-9]{2}|\[[^\]]*\]|.)"
    r"|\((?P<glyph2>..)"
    r"|\[(?P<glyph>[^\]]*)\]"
    r"|\*(?P<string>\(..|\[[^\]]*\]|.)"
    r"|s(?P<size>[-+]?\d|\([-+]?\d\d|\[[^\]]*\])"
    r"|[nkg](?:\(..|\[[^\]]*\]|.)"
    r"|[hvwoNbDlLSxXHRZ]'[^']*'"
    r"|(?P<char>.)"
    r")",
    re.S,
)

GLYPHS = {
    "aq": "'", "dq": '"', "bu": "\u2022", "em": "\u2014", "en": "\u2013", "lq": "\u201c", "rq": "\u201d",
    "oq": "\u2018", "cq": "\u2019", "hy": "-", "mi": "-", "ga": "`", "ha": "^", "ti": "~", "rs": "\\",
    "co": "\u00a9", "rg": "\u00ae", "tm": "\u2122", "de": "\u00b0", "mu": "\u00d7", "+-": "\u00b1",
    "<=": "\u2264", ">=": "\u2265", "!=": "\u2260", "->": "\u2192", "<-": "\u2190", "bv": "|", "ba": "|",
    "br": "\u2502", "ul": "_", "ru": "_", "sl": "/", "at": "@", "sh": "#", "Do": "$", "lB": "[", "rB": "]",
    "lC": "{", "rC": "}", "la": "\u27e8", "ra": "\u27e9", "aa": "\u00b4", "fm": "\u2032", "sd": "\u2033",
}
#: pod2man's predefined strings (its nroff branch), and common man strings.
STRINGS = {
    '"': "", "C`": "", "C'": "", 'L"': "\u201c", 'R"': "\u201d", "--": "\u2014", "PI": "\u03c0",
    "Tm": "\u2122", "R": "\u00ae", "lq": "\u201c", "rq": "\u201d",
}
_CHARS = {
    "-": "-", "e": "\\", "\\": "\\", ".": ".", "'": "\u00b4", "`": "`", " ": " ", "~": " ", "0": " ",
    "|": "", "^": "", "&": "", "%": "", ":": "", "c": "", "/": "", ",": "", "!": "", "{": "", "}": "",
    "t": "\t", "a": "", "E": "\\", "u": "", "d": "", "r": "", "p": "", "z": "",
}
_LITERAL_FONTS = {"B", "C", "CW", "CR", "CB", "CI", "TT", "3", "C]", "CW]"}
_ITALIC_FONTS = {"I", "2", "BI", "4"}


def _glyph(name: str) -> str:
    if name in GLYPHS:
        return GLYPHS[name]
    if name.startswith("u") and len(name) >= 5:
        try:
            return "".join(chr(int(part, 16)) for part in name[1:].split("_"))
        except ValueError:
            return ""
    if name.startswith("char") and name[4:].isdigit():
        return chr(int(name[4:]))
    return ""


def _font_name(raw: str) -> str:
    if raw.startswith("("):
        return raw[1:]
    if raw.startswith("["):
        return raw[1:-1] or "P"
    return raw


@lru_cache(maxsize=16384)
def segments(text: str, font: str = "R") -> tuple[tuple[tuple[str, str], ...], str]:
    """``text`` as (font, text) runs, and the font in force at its end.

    Fonts are reduced to ``R`` (roman), ``B`` (bold or constant width) and
    ``I`` (italic).  ``\\fP`` returns to the previous font.
    """
    runs: list[tuple[str, str]] = []
    previous = "R"
    buffer: list[str] = []
    position = 0
    if "\\" not in text:
        return ((font, text),) if text else (), font
    for m in _ESCAPE_RE.finditer(text):
        if m.start() > position:
            buffer.append(text[position : m.start()])
        position = m.end()
        # Each alternative holds at most one named group: the last matched
        # one says which (None: an escape that prints nothing, \n(xx or \h'...').
        kind = m.lastgroup
        if kind is None:
            continue
        value = m.group(kind)
        if kind == "char":
            buffer.append(_CHARS.get(value, value))
        elif kind == "font":
            name = _font_name(value)
            if name == "P":
                new = previous
            elif name in _LITERAL_FONTS:
                new = "B"
            elif name in _ITALIC_FONTS:
                new = "I"
            else:
                new = "R"
            if new != font:
                if buffer:
                    runs.append((font, "".join(buffer)))
                    buffer = []
                previous, font = font, new
            else:
                previous = font
        elif kind == "glyph2" or kind == "glyph":
            buffer.append(_glyph(value))
        elif kind == "string":
            name = value[1:] if value.startswith("(") else value.strip("[]")
            buffer.append(STRINGS.get(name, ""))
    if position < len(text):
        buffer.append(text[position:])
    if buffer:
        runs.append((font, "".join(buffer)))
    return tuple(runs), font


def plain(text: str) -> str:
    """The text of a troff line with escapes resolved and fonts dropped."""
    runs, _ = segments(text)
    return "".join(t for _, t in runs)


def rst_inline(runs) -> str:
    """(font, text) runs as rST inline markup; adjacent runs of one font merge."""
    merged: list[list[str]] = []
    for font, text in runs:
        if merged and merged[-1][0] == font:
            merged[-1][1] += text
        elif text:
            merged.append([font, text])
    parts: list[str] = []
    for index, (font, text) in enumerate(merged):
        if font == "R" or not text.strip():
            parts.append(escape_rst(text))
            continue
        before = parts[-1] if parts else ""
        after = merged[index + 1][1] if index + 1 < len(merged) else ""
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        inner = literal_rst(text, before + lead, trail + after) if font == "B" else emphasis_rst(text, "*", before + lead, trail + after)
        parts.append(lead + inner + trail)
    return "".join(parts)


_ARGUMENT_RE = re.compile(r'"((?:[^"]|"")*)"?|(\S+)')


def request_arguments(text: str) -> list[str]:
    """Arguments of a request line after its name, with troff's double-quote rules."""
    out = []
    for m in _ARGUMENT_RE.finditer(text):
        out.append(m.group(1).replace('""', '"') if m.group(1) is not None else m.group(2))
    return out
