"""Fix of a removed-features heading that says ``(since X.Y)``: it says ``(removed in X.Y)`` (QD305)."""

from __future__ import annotations

import re

from . import Edit, fixer

_SINCE_RE = re.compile(r"\(since(?= [^)]*\))")
_ADORNMENT_RE = re.compile(r"^([!-/:-@\[-`{-~])\1*$")


@fixer("QD305", "safe")
def removed_in_heading(finding, sources):
    """``(since 7.2)`` becomes ``(removed in 7.2)``; an underline (and overline) too short for the longer title grows.

    The adornment must stay at least as long as the title, or docutils
    warns "Title underline too short" (an error under ``sphinx-build -W``).
    """
    location = finding.location
    raw = sources.file(location.path)
    if raw is None or not location.line or not location.path.endswith(".rst"):
        return None
    title = raw.line(location.line)
    found = list(_SINCE_RE.finditer(title))
    if len(found) != 1 or "removed in" in title:
        return None
    m = found[0]
    start = raw.offset(location.line, m.start() + 1)
    edits = [Edit(location.path, start, start + len(m.group(0)), "(removed in")]
    width = len(title.rstrip()) + len("(removed in") - len(m.group(0))
    for number in (location.line + 1, location.line - 1):
        adornment = raw.line(number) if 1 <= number <= raw.count else ""
        if number < location.line and not (edits[1:] and adornment == raw.line(location.line + 1)):
            continue  # an overline is one only with an underline of the same characters
        if _ADORNMENT_RE.match(adornment) and len(adornment) < width:
            end = raw.line_end(number)
            edits.append(Edit(location.path, end, end, adornment[0] * (width - len(adornment))))
    return tuple(edits)
