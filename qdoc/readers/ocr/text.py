"""Clean lines of OCR text: the layer every other OCR helper reads.

OCR of a printed manual, as Markdown, mixes three kinds of damage that have
nothing to do with the document: Markdown decoration the OCR tool added
(``#`` heading markers on arbitrary lines, code fences around indented
regions, ``\\_`` escapes), furniture of the print (page footers such as
``第4页 共41页 2018/7/6``, a table of contents), and misread characters
(``onloff`` for ``on|off``).  This module removes the first two and repairs
the characters that have one obvious reading, keeping each line's number and
indentation so that every fact can still point at its source line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING_MARKER_RE = re.compile(r"^\s*#{1,6}(?:\s+|$)")
_FENCE_RE = re.compile(r"^\s*```")
# A print footer: "第4页 共41页 2018/7/6 上午10:56" (page N of M), or "Page 4 of 41".
_FOOTER_RE = re.compile(r"^\s*(?:第\s*\d+\s*页\s*共\s*\d+\s*页|page\s+\d+\s+of\s+\d+\b)", re.I)
_MARKDOWN_ESCAPE_RE = re.compile(r"\\([_*$\[\]#`{}()<>!|~-])")
_LINK_RE = re.compile(r'<a\s+href="[^"]*">([^<]*)</a>')
# "on|off" read as "onloff", "on1off", "onIoff".
_ON_OFF_RE = re.compile(r"\bon[l1I]off\b")
# OCR of typeset text sometimes comes out as TeX math: "$\cdot machine\ help$".
_MATH_RE = re.compile(r"\$([^$\n]{0,200}\\[^$\n]{0,200})\$")
_TEX_SYMBOLS = {"\\cdot": "-", "\\theta": "0", "\\nu": "v", "\\mathbf": "", "\\mathrm": ""}
# (The dash of "-machine" typesets as \cdot; "0" as \theta; "v" as \nu.)
_TOC_TITLE_RE = re.compile(r"^\s*(?:table\s+of\s+contents|contents)\s*$", re.I)


@dataclass(slots=True)
class OcrLine:
    """One source line: its 1-based number, indentation and cleaned text."""

    number: int
    indent: int
    text: str

    @property
    def words(self) -> list[str]:
        return self.text.split()


def _plain_math(m: re.Match) -> str:
    body = m.group(1)
    for command, plain in _TEX_SYMBOLS.items():
        body = re.sub(re.escape(command) + r"(?![A-Za-z])\s*", plain, body)
    body = body.replace("\\ ", " ").replace("{", "").replace("}", "").replace("_", "")
    return " ".join(body.split())


def clean_text(text: str) -> str:
    """Repair what has one reading: Markdown escapes, links, TeX math, ``onloff``."""
    text = _LINK_RE.sub(r"\1", text)
    if "$" in text and "\\" in text:
        text = _MATH_RE.sub(_plain_math, text)
    text = _MARKDOWN_ESCAPE_RE.sub(r"\1", text)
    return _ON_OFF_RE.sub("on|off", text)


@dataclass(slots=True)
class CleanDocument:
    """The lines worth reading, and what was set aside (for diagnostics)."""

    lines: list[OcrLine]
    footers: int
    contents: tuple[int, int] | None  # first and last line of a table of contents


def clean_lines(text: str) -> CleanDocument:
    """Lines of ``text`` without decoration, footers or table of contents.

    Blank lines are dropped (OCR blank lines carry no structure: paragraphs
    are merged or split at random); code fences are dropped but their content
    kept, since the OCR tool fences whatever it saw indented.  A fenced block
    that opens with "Table of Contents" is the print's TOC: its lines repeat
    headings out of place (and garbled), so they are set aside.
    """
    lines: list[OcrLine] = []
    footers = 0
    contents: tuple[int, int] | None = None
    in_fence = False
    fence_start = 0
    fence_is_toc = False
    for number, raw in enumerate(text.split("\n"), start=1):
        if _FENCE_RE.match(raw):
            if in_fence and fence_is_toc:
                contents = (fence_start, number)
            in_fence = not in_fence
            fence_start = number
            fence_is_toc = False
            continue
        if in_fence and number == fence_start + 1 and _TOC_TITLE_RE.match(raw):
            fence_is_toc = True
        if in_fence and fence_is_toc:
            continue
        if _FOOTER_RE.match(raw):
            footers += 1
            continue
        body = _HEADING_MARKER_RE.sub("", raw, count=1) if raw.lstrip().startswith("#") else raw
        body = body.replace("\t", "    ").rstrip()
        stripped = body.lstrip()
        if not stripped:
            continue
        lines.append(OcrLine(number, len(body) - len(stripped), clean_text(stripped)))
    if in_fence and fence_is_toc:
        contents = (fence_start, len(text.split("\n")))
    return CleanDocument(lines, footers, contents)


def words(text: str) -> list[str]:
    """Lower-case words of at least three letters: what survives OCR best."""
    return [w for w in re.findall(r"[a-z]{3,}", text.lower())]
