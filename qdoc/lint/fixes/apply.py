"""Making fixes: the new text of each file, a git-style unified diff, and where remaining findings moved."""

from __future__ import annotations

import bisect
import dataclasses
import os
from typing import Iterable

from ...outputs import replace_file
from ..findings import Finding
from . import Edit, Fix
from .sources import _LINE_RE, Sources


def edited_texts(fixes: Iterable[Fix], sources: Sources) -> dict[str, str]:
    """Each edited file's new raw text (the same edit made by two fixes is made once)."""
    by_path: dict[str, set[Edit]] = {}
    for fix in fixes:
        for edit in fix.edits:
            by_path.setdefault(edit.path, set()).add(edit)
    texts = {}
    for path, edits in by_path.items():
        text = sources.file(path).text
        pieces = []
        done = 0
        for edit in sorted(edits):
            pieces.append(text[done : edit.start])
            pieces.append(edit.replacement)
            done = edit.end
        pieces.append(text[done:])
        texts[path] = "".join(pieces)
    return texts


def write(texts: dict[str, str], sources: Sources) -> None:
    """Replace each edited file whole, atomically (a crash leaves the old file or the new one, never half)."""
    for path, text in texts.items():
        replace_file(path, sources.file(path).encoded(text))


def unified_diff(texts: dict[str, str], sources: Sources, base: str | None = None) -> str:
    """A ``git diff``-style patch of the edits (``a/``, ``b/`` paths relative to ``base``) that ``git apply`` takes."""
    import difflib  # only --diff needs it

    out = []
    for path in sorted(texts):
        raw = sources.file(path)
        name = os.path.relpath(path, base or os.getcwd()).replace(os.sep, "/")
        old = _LINE_RE.findall(raw.text)
        new = _LINE_RE.findall(texts[path])
        lines = list(difflib.unified_diff(old, new, f"a/{name}", f"b/{name}", n=3))
        if not lines:
            continue
        out.append(f"diff --git a/{name} b/{name}\n")
        for line in lines:
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def shifted(findings: list[Finding], fixes: Iterable[Fix], sources: Sources) -> list[Finding]:
    """``findings`` with their lines moved past the lines the fixes added (a note added above a finding moves it down)."""
    added: dict[str, list[tuple[int, int]]] = {}
    for fix in fixes:
        for edit in set(fix.edits):
            raw = sources.file(edit.path)
            grown = edit.replacement.count("\n") - raw.text.count("\n", edit.start, edit.end)
            if grown:
                line = bisect.bisect_right(raw.starts, edit.start)
                added.setdefault(edit.path, []).append((line, grown))
    if not added:
        return findings
    moved = []
    for finding in findings:
        loc = finding.location
        if loc is not None and loc.path in added and loc.line:
            delta = sum(grown for line, grown in added[loc.path] if line < loc.line)
            if delta:
                finding = dataclasses.replace(finding, location=dataclasses.replace(loc, line=loc.line + delta))
        moved.append(finding)
    return moved
