"""Option terms in OCR lines: ``-machine [type=]name[,prop=value[,...]]``.

A term is a line that starts with an option and continues with a synopsis,
not with a sentence.  The OCR damages the start of such lines most: the dash
becomes ``.``, ``·``, ``__`` or disappears with the first letters
(``tchdog model`` for ``-watchdog model``, ``netdev user,...``), and ``_``
becomes a space (``-fw cfg``).  A dashless line is taken as a term only when
its first word is a known option name and the rest looks like a synopsis.

Example command lines are not terms: they are deeply indented, continue a
line ending in ``\\``, or name the program (``qemu-system-i386 ...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import OcrLine
from .vocabulary import Vocabulary

#: Deeper than this, an option line is an example or nested text.
MAX_TERM_INDENT = 9

_DASHED_RE = re.compile(r"^(?P<dash>--?|\.{1,2}|·|_{1,2}|[–—−])(?P<name>[A-Za-z][A-Za-z0-9]*(?:[-._][A-Za-z0-9]+)*)(?=[\s\[,=]|$)")
_DASHLESS_RE = re.compile(r"^(?P<name>[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*)(?=[\s\[,]|$)")
_PROSE_START_RE = re.compile(r"\s(?=[A-Z][a-z]{2,}\b)")
_STOPWORDS = frozenset("a an and are as be by for from if in is it of on or that the this to will with you".split())
_PROGRAM_RE = re.compile(r"\b[gq][ea]?[mn]u-(?:system|img|nbd|io)\b|\bqemu\b", re.I)


@dataclass(slots=True)
class Term:
    """An option term as read: the spelling, its synopsis and where it is."""

    line: int
    read: str  # the option spelling as read ("-loadym", ".nidfile", "tchdog")
    arguments: str  # the synopsis after the name
    text: str  # the whole term text (name and synopsis)
    description: str  # text merged onto the term line after the synopsis
    dashed: bool


def _split_prose(rest: str) -> tuple[str, str]:
    """Synopsis and description of a term line ("file Use file as..." -> "file", "Use file as...")."""
    m = _PROSE_START_RE.search(rest)
    if not m:
        return rest.strip(), ""
    return rest[: m.start()].strip(), rest[m.end():].strip()


def _looks_like_prose(arguments: str) -> bool:
    # Whole words only: "menu=on|off" is a synopsis, not the word "on".
    words = [w.lower().strip(".,;:()") for w in arguments.split()]
    return sum(w in _STOPWORDS for w in words) >= 2


def _is_example(line: OcrLine, previous: OcrLine | None) -> bool:
    if line.indent > MAX_TERM_INDENT:
        return True
    if line.text.endswith("\\") or (previous is not None and previous.text.endswith("\\")):
        return True  # a command line continued over several lines
    return bool(_PROGRAM_RE.search(line.text))


def read_term(line: OcrLine, previous: OcrLine | None, vocabulary: Vocabulary) -> Term | None:
    """The term ``line`` starts with, or None when it starts with no option."""
    if _is_example(line, previous):
        return None
    # Plain-text renderings of the manual quote terms: "‘-machine [type=]NAME’".
    text = line.text.removeprefix("‘").replace("’", "", 1) if line.text.startswith("‘") else line.text
    m = _DASHED_RE.match(text)
    if m:
        read = m.group("dash") + m.group("name")
        rest = text[m.end():]
        # "-fw cfg [name=]..." : "_" read as a space.
        two = re.match(r"\s([a-z]{2,})(?=[\s\[,]|$)", rest)
        if two and vocabulary.exact(read + " " + two.group(1)) and not vocabulary.exact(read):
            read = f"{read} {two.group(1)}"
            rest = rest[two.end():]
        arguments, description = _split_prose(rest)
        if _looks_like_prose(arguments):
            return None
        dashed = True
    else:
        m = _DASHLESS_RE.match(text)
        if not m:
            return None
        read = m.group("name")
        rest = text[m.end():]
        if not rest.strip() or len(text.split()) > 8:
            return None  # a lone word is a value ("virtio"), a long line is prose
        if not (vocabulary.exact(read) or vocabulary.suffix_match(read)):
            return None
        arguments, description = _split_prose(rest)
        if not arguments or _looks_like_prose(arguments):
            return None
        dashed = False
    term_text = f"{read} {arguments}".strip()
    return Term(line.number, read, arguments, term_text, description, dashed)
