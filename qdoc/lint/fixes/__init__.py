"""Fixes for what lint finds: byte-exact edits of the real sources, as ``ruff --fix`` makes them.

A fixer is registered per rule code with :func:`fixer`, saying whether its
fix is ``safe`` (always right: applied by ``--fix``) or ``unsafe``
(plausible, needs a review: applied with ``--unsafe-fixes`` too).  It
receives one finding and the :class:`Sources` it may read, and returns the
edits that fix it, or ``None`` when it has no fix for this occurrence (a
finding in rendered output, HTML, man or ``-help``, is fixed at its source
or not at all, so fixers look at ``.hx`` and ``.rst`` files only).

Edits replace characters of one file's raw text (line endings as they are
on disk): only the defect's characters change.  :mod:`.apply` turns the
edits into new file contents, a unified diff, and line shifts for the
findings that remain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..findings import Finding

#: What a rule's fix is: ``none`` (no fix), ``safe`` or ``unsafe``, as ruff says it.
APPLICABILITIES = ("none", "safe", "unsafe")


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``text[start:end]`` of the file at ``path`` (its raw text, as on disk) with ``replacement``."""

    path: str
    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    """The edits that fix one finding, and whether they are safe to make unreviewed."""

    finding: Finding
    edits: tuple[Edit, ...]
    applicability: str


Fixer = Callable[[Finding, "Sources"], "tuple[Edit, ...] | None"]
FIXERS: dict[str, tuple[str, Fixer]] = {}


def fixer(code: str, applicability: str):
    """Register the decorated function as the fix of rule ``code``."""
    if applicability not in APPLICABILITIES[1:]:
        raise ValueError(f"a fix is safe or unsafe, not {applicability!r}")

    def register(function: Fixer) -> Fixer:
        FIXERS[code] = (applicability, function)
        return function

    return register


def applicability(code: str) -> str:
    """``none``, ``safe`` or ``unsafe``: the fix rule ``code`` has (``qdoc rules`` shows it)."""
    return FIXERS[code][0] if code in FIXERS else "none"


from .sources import Sources  # noqa: E402  (the fixers below import the names above)
from . import deprecation, headings, markup  # noqa: E402,F401  (importing registers the fixers)


def plan(findings: list[Finding], sources: Sources, unsafe: bool = False) -> list[Fix]:
    """The fixes of ``findings`` to make: safe ones, and with ``unsafe`` the others too.

    Two fixes whose edits overlap (other than being the same edit) are not
    both made: the later one's finding stays for the next run.
    """
    fixes = []
    taken: dict[str, list[Edit]] = {}
    for finding in findings:
        entry = FIXERS.get(finding.code)
        if entry is None or (entry[0] == "unsafe" and not unsafe) or finding.location is None:
            continue
        edits = entry[1](finding, sources)
        if not edits:
            continue
        edits = tuple(sorted(set(edits)))
        if any(_overlaps(e, other) for e in edits for other in taken.get(e.path, ())):
            continue
        for edit in edits:
            taken.setdefault(edit.path, []).append(edit)
        fixes.append(Fix(finding, edits, entry[0]))
    return fixes


def _overlaps(a: Edit, b: Edit) -> bool:
    if a == b:
        return False
    if a.start == a.end == b.start == b.end:
        return True  # two insertions at one place: their order would be a guess
    return a.start < b.end and b.start < a.end
