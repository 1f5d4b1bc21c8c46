"""How sure each format is that a text is its own, without importing any reader.

:func:`qdoc.readers.detect_format` asks every format when a file's name
does not settle it (``help.txt``, a QMP reply saved as ``.json``).  The
readers themselves are costly to import (docutils, lxml, the texinfo
parser, the OCR vocabulary) and only one of them is going to read the
file, so the votes live here, in one light module: telling the format of
``help.txt`` imports the help reader alone.

Each sniffer is ``sniff(path, text) -> int``, 0..100; the readers' own
``sniff`` functions (kept for their callers) give the same scores.
"""

from __future__ import annotations

import re
from typing import Callable

_HX_CONTENT_RE = re.compile(r"^(?:DEF\(|DEFHEADING\(|HXCOMM|SRST|STEXI)", re.M)
_TEXINFO_RE = re.compile(r"^(?:\\input texinfo|@(?:node|setfilename|chapter|section|subsection|table @\w+|deffn)\b)", re.M)
_HTML_START_RE = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!DOCTYPE\s+html|html\b|head\b|body\b)", re.I | re.S)
_MAN_START_RE = re.compile(r"^(?:\.\\\"|'\\\"|\.TH\s|\.so\s|\.de\s)", re.M)
_RST_LIST_TITLE_RE = re.compile(r"^(?:Recently\s+)?(Deprecated|Removed)\s+features\s*\n([=\-~'^\"*#+])\2{3,}\s*$", re.M | re.I)
_RST_HXTOOL_RE = re.compile(r"^\s*\.\.\s+hxtool-doc::", re.M)
_HELP_USAGE_RE = re.compile(r"^usage: (qemu-system-([\w-]+))\b", re.M)
_OCR_QEMU_NOISE_RE = re.compile(r"\b(?:GRM|QBNU|QENU|QBMU|QEMW|QDMU|OEMU|GENU|QBML|GBNU)\b")


def hx(path: str, text: str) -> int:
    """An .hx file not named ``*.hx``: a DEF, heading, comment or doc-block line at a line start."""
    return 90 if _HX_CONTENT_RE.search(text[:20000]) else 0


def texinfo(path: str, text: str) -> int:
    """Texinfo not named ``*.texi``: its header, or several sectioning / table commands and no DEF lines."""
    head = text[:20000]
    if head.startswith("\\input texinfo"):
        return 95
    hits = len(_TEXINFO_RE.findall(head))
    if hits >= 3 and "\nDEF(" not in head:
        return 70
    return 20 if hits else 0


def html(path: str, text: str) -> int:
    """An HTML page: a doctype or ``<html>``/``<head>``/``<body>`` first, else ``<html`` near the top."""
    head = text[:4096]
    if _HTML_START_RE.match(head):
        return 90
    return 40 if "<html" in head.lower() else 0


def man(path: str, text: str) -> int:
    """A troff man page: ``.TH`` and a section heading, a lone ``.so`` redirect, or a troff comment first."""
    head = text[:8192]
    if re.search(r"^\.TH\s", head, re.M) and re.search(r"^\.S[HS]\s", text, re.M):
        return 90
    if re.match(r"\.so\s+\S+\s*$", head.strip()):
        return 80
    return 30 if _MAN_START_RE.match(head) else 0


def rst(path: str, text: str) -> int:
    """The rST pages qdoc reads: an ``hxtool-doc`` page or a deprecated / removed features list."""
    if _RST_HXTOOL_RE.search(text) or _RST_LIST_TITLE_RE.search(text):
        return 70
    return 0


def help(path: str, text: str) -> int:  # noqa: A001 (the format's name)
    """``qemu-system-* -help`` output: its usage line and QEMU's name near the top."""
    head = text[:2000]
    if _HELP_USAGE_RE.search(head) and "QEMU" in head:
        return 90
    return 0


def qmp(path: str, text: str) -> int:
    """A ``query-command-line-options`` reply: its ``parameters`` with ``option`` or ``return`` near the top."""
    head = text[:4000]
    if '"parameters"' in head and '"option"' in head or ('"return"' in head and '"parameters"' in head):
        return 80
    return 0


def ocr(path: str, text: str) -> int:
    """OCR (or plain) text of a QEMU manual.

    It needs QEMU, numbered headings and option lines, and then either the
    manual's "Invocation" section or signs of OCR (print footers, misread
    QEMU, ``onloff``): plain-text notes with options (docs/pcie.txt) are
    not manuals.
    """
    sample = text[:400_000]
    if not re.search(r"q[ea]mu", sample, re.I):
        return 0
    numbered = len(re.findall(r"^#*\s*\d+\.\d+(?:\.\d+)?\s+[A-Z][a-z]", sample, re.M))
    options = len(re.findall(r"^#*\s*‘?-[a-z][\w-]+(?:\s|’|$)", sample, re.M))
    if numbered < 3 or options < 3:
        return 0
    invocation = re.search(r"^#*\s*\d+(?:\.\d+)+\s+Invocation\s*$", sample, re.M) is not None
    ocr_signs = bool(re.search(r"第\s*\d+\s*页|\bonloff\b", sample) or _OCR_QEMU_NOISE_RE.search(sample))
    if not (invocation or ocr_signs):
        return 0
    score = 40 if invocation else 25
    if re.search(r"^#{1,6}\s", sample, re.M):
        score += 15
    if ocr_signs:
        score += 25
    return score


#: Every format's sniffer, by the format's name (the CLI's ``--from`` names).
SNIFFERS: dict[str, Callable[[str, str], int]] = {
    "hx": hx, "texinfo": texinfo, "html": html, "man": man, "rst": rst, "help": help, "qmp": qmp, "ocr": ocr,
}
