"""Whole-text scans lint uses instead of walking every line give the lines a line-by-line walk gives.

``qdoc lint`` looks for a copied defect's text in whole .hx files and
splits the files it may fix into lines; both were loops over every line of
every file (issue 20, speed).  Each is compared here with the plain
line-by-line walk, written in the test, over the corpus' .hx files.
"""

from __future__ import annotations

import random

import pytest

from conftest import QEMU
from qdoc.lint.copies import _line_numbers_holding
from qdoc.lint.fixes.sources import RawFile

HX_FILES = sorted(QEMU.glob("*/*.hx"))[::7]
EDGES = ["", "\n", "a", "a\n", "\na", "a\r\nb\r\n", "a\r\r\nb", "\n\n", "x\ny", "a\n\r", "\r\n", "q\x0cr\u2028s\n"]


def _texts() -> list[str]:
    return EDGES + [path.read_text(encoding="utf-8", errors="replace") for path in HX_FILES]


def test_lines_holding_a_needle_are_those_a_line_walk_finds():
    rng = random.Random(20)
    checked = 0
    for text in _texts():
        needles = ["a", "x", "\n", "a\n", "-drive", "@var{", "on|off", "SRST", "\n\n"]
        needles += [text[i : i + rng.randint(1, 16)] for i in (rng.randrange(len(text)) for _ in range(60))] if len(text) > 16 else []
        for needle in needles:
            walked = [number for number, line in enumerate(text.split("\n"), 1) if needle and needle in line]
            assert _line_numbers_holding(text, needle) == walked, (needle, text[:40])
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("index", range(len(EDGES) + len(HX_FILES)))
def test_a_files_lines_are_its_lines_one_by_one(index: int):
    text = _texts()[index]
    raw = RawFile("file.hx", text)
    # Line by line as a reader of the file sees them: split after each "\n", the ending dropped.
    walked, start = [], 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        walked.append(text[start:end].rstrip("\r\n"))
        start = end
    assert raw.lines == (walked or [""])
