"""What a man page says around its options: SYNOPSIS, DESCRIPTION and SEE ALSO.

QEMU's own pages take these from the source tree, and so does ``qdoc man``,
from the first of:

- QEMU's rST skeleton of the page (5.0 and later): ``docs/system/qemu-manpage.rst``
  for the emulator, ``docs/tools/qemu-img.rst`` for qemu-img; the text of its
  Synopsis, Description and See also sections, as QEMU's build reads it
  (its includes are relative to the page, which stands beside it);
- the texinfo manual's ``@c man begin SYNOPSIS`` / ``DESCRIPTION`` / ``SEEALSO``
  ranges, which texi2pod turned into the page up to QEMU 4.2
  (``qemu-doc.texi``, ``qemu-img.texi``), converted to rST;
- a short text made from the program's name.

SEE ALSO always names the sibling pages (``qemu(1)``, ``qemu-img(1)``...)
before the source's own words.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..readers.texinfo.to_rst import texinfo_block_to_rst
from ..source import IncludeRefused, InputError, SourceRoot, current_run

#: Model program -> (rST skeleton under docs/, texinfo manual at the tree's top).
SOURCES = {
    "qemu-system": ("system/qemu-manpage.rst", "qemu-doc.texi"),
    "qemu-img": ("tools/qemu-img.rst", "qemu-img.texi"),
}

#: Model program -> the synopsis QEMU's pages print, as rST.
SYNOPSES = {
    "qemu-system": "**qemu-system-x86_64** [*options*] [*disk_image*]",
    "qemu-img": "**qemu-img** [*standard options*] *command* [*command options*]",
    "hmp": "(qemu) *command* [*arguments*]",
}

#: Model program -> a description when the tree has none.
DESCRIPTIONS = {
    "qemu-system": "QEMU is a generic machine emulator and virtualizer. "
                   "``qemu-system-x86_64`` runs a virtual machine; the options below configure it.",
    "qemu-img": "``qemu-img`` creates, converts and modifies disk images offline, "
                "in every image format QEMU supports.",
    "hmp": "The QEMU monitor controls a running virtual machine; these are its commands.",
}

_HEADING_RE = re.compile(r"^([=\-~^\"'`#*+<>:._])\1{2,}\s*$")
_TEXINFO_SET_RE = re.compile(r"^@set (\w+) (.*?)\s*$", re.M)
_TEXINFO_RANGE_RE = re.compile(r"^@c man begin (\w+)\s*$(.*?)^@c man end", re.M | re.S)


@dataclass(frozen=True)
class FrontMatter:
    """The rST of a page's SYNOPSIS, DESCRIPTION and the source's own SEE ALSO text."""

    synopsis: str
    description: str
    see_also: str


def front_matter(source: str, program: str, root: str) -> FrontMatter:
    """The front matter of the page of ``source`` (an .hx at the top of a QEMU tree) for ``program``.

    Only files inside the source root ``root`` are read (their real path,
    links resolved), charged to the run's input budget as includes are.
    """
    tree = os.path.dirname(os.path.abspath(source))
    inside = SourceRoot(root)
    skeleton, manual = SOURCES.get(program, (None, None))
    sections: dict[str, str] = {}
    page = os.path.join(tree, "docs", skeleton) if skeleton else ""
    if page and os.path.isfile(page) and inside.contains(page):
        sections = {title: body for title, body in rst_sections(_read(page)).items() if _includes_present(body, page)}
    manual_path = os.path.join(tree, manual) if manual else ""
    if not sections and manual_path and os.path.isfile(manual_path) and inside.contains(manual_path):
        sections = texinfo_man_sections(_read(manual_path))
    generated = program or "qemu"
    return FrontMatter(
        synopsis=sections.get("synopsis") or SYNOPSES.get(program, f"**{generated}** [*options*]"),
        description=sections.get("description") or DESCRIPTIONS.get(program, f"The options of ``{generated}``."),
        see_also=sections.get("see also", ""),
    )


def _read(path: str) -> str:
    try:
        return current_run().read(path)
    except (InputError, IncludeRefused):
        return ""  # the page is still complete: the generated text stands in


_INCLUDE_RE = re.compile(r"^\s*\.\. include::\s*(\S+)", re.M)


def _includes_present(body: str, page: str) -> bool:
    """Whether every file ``body`` includes is there (relative to ``page``): else the section is not used.

    A skeleton whose include is missing from the tree (the corpus's 5.0.0
    has qemu-manpage.rst without target-i386-desc.rst.inc) would make the
    page incomplete, which is an error; the next source stands in instead.
    """
    here = os.path.dirname(page)
    return all(os.path.isfile(os.path.join(here, name)) for name in _INCLUDE_RE.findall(body))


def rst_sections(text: str) -> dict[str, str]:
    """Section title (lower case) -> its body, for the top sections of an rST page.

    Titles are found as docutils marks them (a line of one punctuation
    character under the title, optionally over it too); the body is the text
    up to the next title of the same or a higher level (in QEMU's skeletons
    all sections are one level).
    """
    lines = text.split("\n")
    titles: list[tuple[int, int, str]] = []  # (first line of the title block, line after it, title)
    index = 0
    while index < len(lines) - 1:
        line, below = lines[index], lines[index + 1]
        if line.strip() and not _HEADING_RE.match(line) and _HEADING_RE.match(below) and len(below.rstrip()) >= len(line.rstrip()):
            start = index - 1 if index and _HEADING_RE.match(lines[index - 1]) else index
            titles.append((start, index + 2, line.strip()))
            index += 2
            continue
        index += 1
    sections: dict[str, str] = {}
    for number, (_, body_start, title) in enumerate(titles):
        end = titles[number + 1][0] if number + 1 < len(titles) else len(lines)
        body = "\n".join(lines[body_start:end]).strip("\n")
        if body.strip():
            sections[title.lower()] = body
    return sections


def texinfo_man_sections(text: str) -> dict[str, str]:
    """``SYNOPSIS``/``DESCRIPTION``/``SEEALSO`` of a texinfo manual's ``@c man begin`` ranges, as rST.

    A synopsis range stands inside ``@example`` in QEMU's manuals; alone it
    is one line of text, which is what a man page's SYNOPSIS is.
    """
    values = dict(_TEXINFO_SET_RE.findall(text))  # @value{qemu_system} in 4.2's synopsis
    found: dict[str, list[str]] = {}
    for match in _TEXINFO_RANGE_RE.finditer(text):
        name = {"SEEALSO": "see also"}.get(match.group(1), match.group(1).lower())
        if name in ("synopsis", "description", "see also"):
            found.setdefault(name, []).extend(match.group(2).strip("\n").split("\n") + [""])
    return {name: texinfo_block_to_rst(lines, values).text for name, lines in found.items()}
