"""The texinfo of an .hx file: its STEXI blocks, as QEMU's ``hxtool -t`` emitted them.

Up to QEMU 4.2 the build generated ``qemu-options.texi`` from
``qemu-options.hx``: the text of every ``STEXI``..``ETEXI`` block, each
``DEFHEADING(Title:)`` (and ``ARCHHEADING``) as ``@subsection Title``.  This
module produces the same texinfo *with the .hx file's line numbers*: every
other line becomes empty, so a location in the texinfo is the line of the
.hx file.  ``read_texinfo`` uses it when it is given an .hx file, so that the
STEXI blocks of any release can be read as texinfo, generated file or not.
"""

from __future__ import annotations

import re

_HEADING_RE = re.compile(r"^(?:DEFHEADING\((.*)\)|ARCHHEADING\((.*),[^,]*\))\s*$")
_HX_MARKERS_RE = re.compile(r"^(?:STEXI|DEF\(|DEFHEADING\()", re.M)


def looks_like_hx(text: str) -> bool:
    """An .hx file with texinfo blocks (what hxtool -t would read)."""
    return "\nSTEXI" in text or text.startswith("STEXI")


def stexi_texinfo(text: str) -> str:
    """The texinfo hxtool -t makes of ``text``, line for line (other lines blank)."""
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("HXCOMM"):
            out.append("")
        elif stripped.startswith("STEXI"):
            inside = True
            out.append("")
        elif stripped.startswith("ETEXI"):
            inside = False
            out.append("")
        elif stripped.startswith(("DEFHEADING(", "ARCHHEADING(")):
            m = _HEADING_RE.match(stripped)
            title = (m.group(1) if m.group(1) is not None else m.group(2)).strip() if m else ""
            title = title[:-1] if title.endswith(":") else title
            out.append(f"@subsection {title}" if title else "")
        elif inside:
            # hxtool reads lines with the shell's `read -r`: leading blanks go.
            out.append(stripped if stripped else "")
        else:
            out.append("")
    return "\n".join(out)
