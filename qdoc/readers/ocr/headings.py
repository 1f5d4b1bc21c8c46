"""Numbered headings of an OCR'd manual (``2.3.1 Standard options``).

The OCR tool's ``#`` markers say nothing (it marks option lines and example
commands as headings and leaves real headings bare), so headings are found by
their numbers.  A number alone is ambiguous in prose ("2 PCI IDE interfaces",
"1. Several instances..."): a candidate is a heading only if its number can
follow the previous heading's (``2.3`` -> ``2.3.1``, ``2.3.5`` -> ``2.3.6``,
``2.3.11`` -> ``2.4``, chapters ``5`` -> appendix ``A``), allowing small gaps
for headings the OCR lost.  Headings merged into a paragraph ("...session
parameters 2.3.3 USB options Enable the USB driver...") are found the same
way inside long lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import OcrLine, words

#: Largest jump between consecutive numbers still taken as a heading.
MAX_GAP = 3

# A letter alone is a word ("A timeout could..."): appendices need a subnumber
# (``B.2``) or the word Appendix.
_NUMBER = r"(?:Appendix\s+[A-E]|[A-E](?:\.\d{1,2}){1,3}|\d{1,2}(?:(?:\.|\s)\d{1,2}){0,3})"
_LINE_HEADING_RE = re.compile(rf"^(?P<number>{_NUMBER})(?!\.\S)\s+(?P<title>[A-Za-z][^\n]*)$")
_INLINE_HEADING_RE = re.compile(r"(?<=\s)(?P<number>(?:[A-E]|\d{1,2})(?:\.\d{1,2}){1,3})\s+(?P<title>[A-Z][\w/-]*(?:\s+[\w/-]+){0,5})")
_SENTENCE_WORDS = 12
#: Headings start at the margin; indented numbered lines are a table of contents or lists.
MAX_HEADING_INDENT = 3


@dataclass(slots=True)
class Heading:
    """A numbered heading: its number, title and position (line, column)."""

    number: tuple[int, ...]
    label: str
    title: str
    line: int
    column: int = 0

    @property
    def depth(self) -> int:
        return len(self.number)


def _key(part: str) -> int:
    if part.isdigit():
        return int(part)
    # Appendices come after every chapter: A is 101, B 102...
    return 101 + ord(part) - ord("A")


def parse_number(text: str) -> tuple[int, ...]:
    parts = re.split(r"[.\s]+", text.strip().removeprefix("Appendix").strip())
    return tuple(_key(p) for p in parts if p)


def is_successor(previous: tuple[int, ...], number: tuple[int, ...]) -> bool:
    """Whether ``number`` can be the next heading after ``previous``."""
    if not number:
        return False
    common = 0
    while common < min(len(previous), len(number)) and previous[common] == number[common]:
        common += 1
    if common == len(number):
        return False  # the same heading again, or an ancestor
    rest = number[common + 1:]
    if any(part < 1 or part > MAX_GAP for part in rest):
        return False
    if common == len(previous):
        return 1 <= number[common] <= MAX_GAP  # a first child (1 or a little later)
    step = number[common] - previous[common]
    if common == 0 and number[0] > 100 and previous[0] <= 100:
        return number[0] <= 100 + MAX_GAP  # chapter -> appendix A (or B, C)
    return 1 <= step <= MAX_GAP


def _title(raw: str) -> str:
    words = raw.split()
    if len(words) <= _SENTENCE_WORDS:
        return " ".join(words).rstrip(":")
    # A heading merged with its first paragraph: keep the words before the
    # first capitalised word that follows a lower-case one.
    kept = [words[0]]
    for word in words[1:8]:
        if word[:1].isupper() and kept[-1][:1].islower():
            break
        kept.append(word)
    return " ".join(kept)


def _inline_title(raw: str) -> str:
    words = raw.split()
    kept = [words[0]]
    for word in words[1:]:
        if word[:1].isupper() and not word.isupper():
            break
        kept.append(word)
    return " ".join(kept)


def find_headings(lines: list[OcrLine]) -> list[Heading]:
    """The numbered headings of ``lines``, in document order."""
    headings: list[Heading] = []
    current: tuple[int, ...] = ()
    for line in lines:
        m = _LINE_HEADING_RE.match(line.text) if line.indent <= MAX_HEADING_INDENT else None
        if m:
            number = parse_number(m.group("number"))
            if headings and number == headings[0].number and words(m.group("title")) == words(headings[0].title):
                # The first heading again: what was read so far was a table
                # of contents.
                headings.clear()
                current = ()
            if is_successor(current, number) and not m.group("title").rstrip().endswith("."):
                label = ".".join(re.split(r"[.\s]+", m.group("number").removeprefix("Appendix").strip()))
                headings.append(Heading(number, label, _title(m.group("title")), line.number))
                current = number
                continue
        if len(line.words) > _SENTENCE_WORDS:
            for im in _INLINE_HEADING_RE.finditer(line.text):
                number = parse_number(im.group("number"))
                if is_successor(current, number):
                    headings.append(
                        Heading(number, im.group("number"), _inline_title(im.group("title")), line.number, im.start() + 1)
                    )
                    current = number
    return headings


def region(headings: list[Heading], start: Heading) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """Positions (line, column) where ``start``'s section begins and ends (None: end of text)."""
    index = headings.index(start)
    for heading in headings[index + 1:]:
        if heading.depth <= start.depth:
            return (start.line, start.column), (heading.line, heading.column)
    return (start.line, start.column), None
