"""Files documented in both markups: the STEXI blocks checked against the SRST blocks.

Between QEMU 4.2 and 5.0 (the 4.2.50 transition tree) every option of
``qemu-options.hx`` and ``hmp-commands.hx`` was documented twice, in a STEXI
block for the texinfo manual and in an SRST block for Sphinx, which hxtool
fed to the two toolchains separately.  Reading both as documentation would
give each option two descriptions that cancel into forms; the .hx reader
reads the SRST blocks, the markup QEMU kept, and records what the STEXI
items say (:class:`Reading`) only to compare: this module says where the two
differ, so that a difference is reported at its line, not silently chosen
away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import canonical_option_name

#: A line opening a texinfo block; with one opening an rST block, a file of both markups.
SECOND_MARKUP_RE = re.compile(r"^STEXI[ \t]*$", re.M)


@dataclass(frozen=True)
class Reading:
    """What one documentation term says of an option: its synopsis parsed, and its sub-options' names."""

    name: str
    text: str
    signature: tuple
    suboptions: tuple[str, ...]
    line: int

    @classmethod
    def of(cls, term, item, base: int) -> "Reading":
        """The reading of ``term`` (a :class:`~.blocks.TermT`) of ``item`` in a block starting at line ``base``."""
        synopsis = term.synopsis
        signature = tuple((p.key, p.value, p.required, p.repeatable, tuple(p.choices)) for p in synopsis.parameters)
        return cls(
            canonical_option_name(term.name) if term.name else "",
            synopsis.text,
            signature,
            tuple(child.name for child in item.children),
            base + synopsis.line,
        )

    @property
    def key(self) -> tuple:
        return self.name, self.signature


def disagreements(option: str, documentation: list[Reading], checked: list[Reading]) -> list[tuple[int, str]]:
    """``(line, message)`` for each difference between the SRST readings of ``option`` and the STEXI ones.

    Synopses are compared by their parse (``-L  path`` and ``-L path`` agree),
    in any order; sub-options by name, for synopses that agree (in any order:
    the conversion reordered some lists, which says nothing wrong).
    """
    if not checked:
        return [(documentation[0].line, f"{option} is documented in the SRST block only, not in the STEXI block")]
    if not documentation:
        return [(checked[0].line, f"{option} is documented in the STEXI block only; the SRST blocks are the documentation, so it is read as undocumented")]
    found: list[tuple[int, str]] = []
    unmatched = list(documentation)
    for reading in checked:
        match = next((d for d in unmatched if d.key == reading.key), None)
        if match is None:
            theirs = ", ".join(repr(d.text) for d in documentation)
            found.append((reading.line, f"the STEXI synopsis {reading.text!r} of {option} is not in the SRST block ({theirs})"))
            continue
        unmatched.remove(match)
        if set(match.suboptions) != set(reading.suboptions):
            only_stexi = [n for n in reading.suboptions if n not in match.suboptions]
            only_srst = [n for n in match.suboptions if n not in reading.suboptions]
            what = "; ".join(
                part for part in (
                    f"STEXI only: {', '.join(only_stexi)}" if only_stexi else "",
                    f"SRST only: {', '.join(only_srst)}" if only_srst else "",
                ) if part
            )
            found.append((reading.line, f"the sub-options of {reading.text!r} differ between the STEXI and the SRST block ({what})"))
    for reading in unmatched:
        found.append((reading.line, f"the SRST synopsis {reading.text!r} of {option} is not in the STEXI block"))
    return found
